#!/usr/bin/env bash
# Installs what is missing, builds everything, runs every test (CTest), then runs each fuzz target
# for a bounded time under ASan+UBSan (clang). This is what CI runs.
#   WA_FUZZ_SECONDS  seconds per fuzz target (default 30, two targets at a time on two cores; 0 skips)
#   WA_BUILD_JOBS    parallel build jobs (default: number of cores)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${WA_BUILD_JOBS:-$(nproc)}

scripts/install-deps.sh --all
# Every command the tests and the fuzz script run is there (before the build, not after it).
scripts/check-test-commands.sh test fuzz

echo "== configure and build (preset ci)"
cmake --preset ci
cmake --build --preset ci -j "$jobs"

echo "== tests"
ctest --preset ci -j "$jobs"

if [[ ${WA_FUZZ_SECONDS:-30} != 0 ]]; then
  scripts/fuzz.sh "${WA_FUZZ_SECONDS:-30}"
fi
