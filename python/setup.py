"""Builds the extension module wa_web with CMake (the repository's own build), for pip.

pip install --no-build-isolation ./python
    configures the repository above this folder in a temporary build folder (Release, tools and
    tests left out) and builds the target wa_web; with WA_BUILD_DIR set to an existing build tree
    that has built it (build-ci, build-release), its module is taken as it is.
Needs what the build needs (scripts/install-deps.sh; pybind11-dev, python3-dev) and no network.
"""
import glob
import os
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        build_dir = os.environ.get("WA_BUILD_DIR")
        if build_dir:
            build_dir = os.path.abspath(build_dir)
        else:
            build_dir = os.path.abspath(os.path.join(self.build_temp, "cmake"))
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            subprocess.run(["cmake", "-S", ROOT, "-B", build_dir, *generator, "-DCMAKE_BUILD_TYPE=Release",
                            "-DWA_DEVELOPER_MODE=OFF", "-DWA_WIRESHARK_PLUGIN=OFF",
                            f"-DPython3_EXECUTABLE={sys.executable}"], check=True)
            subprocess.run(["cmake", "--build", build_dir, "--target", "wa_web", "-j", str(os.cpu_count() or 2)],
                           check=True)
        built = glob.glob(os.path.join(build_dir, "python", "wa_web*" + suffix))
        if not built:
            raise RuntimeError(f"no wa_web*{suffix} in {build_dir}/python: build the target wa_web there first")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


# The type stub goes beside the module as a PEP 561 stub package (wa_web-stubs/__init__.pyi is
# wa_web.pyi, by a link).
setup(
    ext_modules=[Extension("wa_web", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    packages=["wa_web-stubs"],
    package_data={"wa_web-stubs": ["__init__.pyi"]},
)
