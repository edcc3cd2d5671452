#!/usr/bin/env bash
# Installs what is missing, builds the tools (preset release) and runs the main job on the
# bundled sample: wadecode decodes it and prints the session as a tree.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "${WA_BUILD_JOBS:-$(nproc)}" --target wadecode wamedia wareplay 2>/dev/null ||
  cmake --build --preset release -j "${WA_BUILD_JOBS:-$(nproc)}" --target wadecode
bin=build-release/tools
sample_har=corpus/samples/session.har
if [[ -f $sample_har ]]; then
  echo "== wadecode --keys corpus/samples/session.keys.json $sample_har"
  "$bin/wadecode" --keys corpus/samples/session.keys.json "$sample_har"
else
  echo "== wadecode corpus/nodes/ok_history.hex"
  "$bin/wadecode" --max-bytes 64 corpus/nodes/ok_history.hex
fi
