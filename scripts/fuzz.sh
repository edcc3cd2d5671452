#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan (preset fuzz) and runs each for a
# bounded time, starting from a scratch copy of its committed seeds (corpus/fuzz/<target>/),
# as many at once as there are cores.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
jobs=${WA_BUILD_JOBS:-$(nproc)}
root=$PWD

cmake --preset fuzz >/dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
echo "== fuzz: building ${#targets[@]} targets"
cmake --build --preset fuzz -j "$jobs" --target "${targets[@]}"

logs=$(mktemp -d)
run_one() {
  local t=$1 seconds=$2 root=$3 logs=$4
  local work
  work=$(mktemp -d)
  mkdir -p "$work/corpus"
  cp -r "$root/corpus/fuzz/$t/." "$work/corpus/" 2>/dev/null || true
  if (cd "$work" && "$root/build-fuzz/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 "$work/corpus" > "$logs/$t.log" 2>&1); then
    echo "fuzz: $t ok: $(grep -E 'stat::number_of_executed_units' "$logs/$t.log" | awk '{print $2}') runs in ${seconds}s"
  else
    echo "fuzz: $t FAILED; last lines of its log:"
    tail -40 "$logs/$t.log"
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null || true
    touch "$logs/$t.failed"
  fi
  rm -rf "$work"
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$root" "$logs"
failed=$(find "$logs" -name "*.failed" | wc -l)
rm -rf "$logs"
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
((failed == 0))
