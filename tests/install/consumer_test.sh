#!/usr/bin/env bash
# Installs the dev component of a build into a temporary prefix, builds tests/install/consumer
# against it with find_package(wa-web-toolkit), runs it on the sample session and checks that its
# records are those wadecode writes.
# Usage: tests/install/consumer_test.sh BUILD_DIR CONSUMER_SOURCE_DIR [CXX_COMPILER]
set -eu
build=$1 consumer=$2 cxx=${3:-c++}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --component dev --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; exit 1; }
# Nothing of the build or source tree may leak into the installed package files.
if grep -rlE "$(cd "$build" && pwd)|$(cd "$consumer/../../.." && pwd)/lib[a-z_]+/" \
     "$tmp/prefix/lib"*/cmake 2>/dev/null; then
  echo "installed CMake files name the build or source tree"; exit 1
fi
generator=(); command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S "$consumer" -B "$tmp/build" "${generator[@]}" -DCMAKE_PREFIX_PATH="$tmp/prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/build" -j1 >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
# The consumer reads the committed sample session with its keys; its records are wadecode's.
samples=$(cd "$consumer/../../../corpus/samples" && pwd)
out=$("$tmp/build/wa_consumer" "$samples/session.har" "$samples/session.keys.json") || { echo "consumer failed:"; echo "$out"; exit 1; }
wadecode="$build/tools/wadecode"; [[ -x $wadecode ]] || wadecode="$build/tools/wadecode/wadecode"
expected=$("$wadecode" --keys "$samples/session.keys.json" --format jsonl --no-proto "$samples/session.har" | head -n 4)
total=$("$wadecode" --keys "$samples/session.keys.json" --format jsonl "$samples/session.har" | wc -l)
if [[ $(head -n 4 <<<"$out") != "$expected" ]]; then
  echo "consumer printed:"; echo "$out"; echo "wadecode printed:"; echo "$expected"; exit 1
fi
if [[ $(tail -n 1 <<<"$out") != "$total records, "*", 0 failed" ]]; then
  echo "consumer counted: $(tail -n 1 <<<"$out"); wadecode wrote $total records"; exit 1
fi
echo "consumer built against $tmp/prefix and ran: $(tail -n 1 <<<"$out")"
