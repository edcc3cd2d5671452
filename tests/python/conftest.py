"""Fixtures of the wa_web tests: the built module, the committed samples, and the tools whose
output the module must match (run under CTest: python.*; or `pytest python/tests` with PYTHONPATH
at the build's python folder and WA_WADECODE / WA_WAMEDIA naming the tools)."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.environ.get("WA_SAMPLES", os.path.join(HERE, "..", "..", "corpus", "samples"))  # tests/python/../../corpus


@pytest.fixture(scope="session")
def wa_web():
    import wa_web as module
    return module


@pytest.fixture(scope="session")
def samples():
    return SAMPLES


def sample(name):
    return os.path.join(SAMPLES, name)


def tool(name):
    path = os.environ.get("WA_" + name.upper())
    if not path:
        pytest.skip(f"WA_{name.upper()} is not set")
    return path


def wadecode_records(capture, keys=None, *extra):
    """wadecode --format jsonl's lines, each through json.loads."""
    cmd = [tool("wadecode"), "--format", "jsonl", capture] + (["--keys", keys] if keys else []) + list(extra)
    run = subprocess.run(cmd, capture_output=True)
    assert run.returncode in (0, 1), run.stderr.decode()
    return [json.loads(line) for line in run.stdout.decode().splitlines()]
