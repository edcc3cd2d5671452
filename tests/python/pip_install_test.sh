#!/usr/bin/env bash
# `pip install --no-build-isolation ./python` works offline with Debian's pip, setuptools and wheel:
# into a fresh virtual environment (with the system's site packages, as Debian's pip wants), taking
# the module from this build tree (WA_BUILD_DIR), it installs wa_web and its PEP 561 stub package,
# and the installed module reads the sample session as the build tree's does.
# Usage: pip_install_test.sh SOURCE_DIR BUILD_DIR PYTHON
set -euo pipefail
source_dir=$1 build_dir=$2 python=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r "$source_dir/python" "$tmp/python"  # pip writes build/ and egg-info/ next to setup.py
"$python" -m venv --system-site-packages "$tmp/venv"
WA_BUILD_DIR=$build_dir "$tmp/venv/bin/pip" install --quiet --no-build-isolation --no-index --no-deps "$tmp/python"
site=$("$tmp/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
test -f "$site/wa_web-stubs/__init__.pyi"
cmp "$site/wa_web-stubs/__init__.pyi" "$source_dir/python/wa_web.pyi"
cd "$tmp"
"$tmp/venv/bin/python" - "$source_dir/corpus/samples" <<'PY'
import sys, wa_web
samples = sys.argv[1]
assert wa_web.__file__.startswith(sys.prefix), wa_web.__file__
records = list(wa_web.read_capture(samples + "/session.pcap", samples + "/session.keys.json"))
kinds = {}
for r in records:
    kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
print(f"installed wa_web {wa_web.__version__}: {len(records)} records of session.pcap:", dict(sorted(kinds.items())))
PY
