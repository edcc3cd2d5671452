#!/usr/bin/env bash
# Rewrites the baselines of every CLI case (or of those matching $1) for review with git diff.
set -eu
build=${BUILD_DIR:-build}
cd "$(dirname "$0")/../.."
WA_UPDATE_BASELINES=1 ctest --test-dir "$build" -L cli -R "${1:-cli\\.}" --output-on-failure
