#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan (preset fuzz) and runs each for a
# bounded time, starting from a scratch copy of its committed seeds (corpus/fuzz/<target>/).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
jobs=${WA_BUILD_JOBS:-$(nproc)}

cmake --preset fuzz >/dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
echo "== fuzz: building ${targets[*]}"
cmake --build --preset fuzz -j "$jobs" --target "${targets[@]}"

failed=0
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  cp -r "corpus/fuzz/$t/." "$work/" 2>/dev/null || true
  echo "== fuzz: $t for ${seconds}s"
  if ! (cd "$work" && "$OLDPWD/build-fuzz/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 \
          -timeout=10 -print_final_stats=1 "$work" > "$work/log.txt" 2>&1); then
    echo "fuzz: $t FAILED; last lines of its log:"
    tail -40 "$work/log.txt"
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* 2>/dev/null || true
    failed=1
  else
    grep -E "stat::number_of_executed_units|Done" "$work/log.txt" | tail -2 | sed "s/^/  /"
  fi
  rm -rf "$work"
done
if ((failed)); then echo "fuzz: some targets failed"; exit 1; fi
echo "fuzz: ${#targets[@]} passed, 0 failed"
