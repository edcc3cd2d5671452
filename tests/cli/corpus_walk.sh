#!/usr/bin/env bash
# Walks corpus/nodes/: every ok_* file must decode with exit 0 and every bad_* file must exit 1
# with an error on stderr and an error record in the JSON output.
set -u
bin=$WA_BIN_DIR/wadecode
failed=0 passed=0
for f in "$WA_CORPUS"/nodes/*; do
  name=$(basename "$f")
  out=$("$bin" --format jsonl "$f" 2>/tmp/corpus_walk_err.$$); rc=$?
  case $name in
    ok_*) if [[ $rc == 0 && -n $out ]]; then passed=$((passed+1)); else echo "FAIL $name: rc $rc"; cat /tmp/corpus_walk_err.$$; failed=$((failed+1)); fi ;;
    bad_*) if [[ $rc == 1 ]] && grep -q '"error"' <<<"$out" && grep -q 'record 0: offset' /tmp/corpus_walk_err.$$; then passed=$((passed+1)); else echo "FAIL $name: rc $rc"; failed=$((failed+1)); fi ;;
    *) echo "FAIL $name: corpus files must be named ok_* or bad_*"; failed=$((failed+1)) ;;
  esac
done
rm -f /tmp/corpus_walk_err.$$
echo "corpus walk: $passed passed, $failed failed"
((failed == 0))
