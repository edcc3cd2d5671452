#!/usr/bin/env bash
# scripts/check-test-commands.sh fails with a line naming the command and its package when one is
# missing: run on a PATH holding links to every listed command but openssl; and a Python module
# that no python3 has, from a list of its own.
# Usage: tests/deps/check_test_commands_test.sh SOURCE_DIR
set -u
root=$1
check=$root/scripts/check-test-commands.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

mkdir "$tmp/bin"
for c in $(bash "$check" --commands test); do
  [[ $c == openssl ]] && continue
  p=$(command -v "$c") && ln -s "$p" "$tmp/bin/$c"
done
out=$(PATH=$tmp/bin "$BASH" "$check" test); rc=$?
echo "$out"
[[ $rc == 1 ]] || fail "exit status $rc with openssl missing, expected 1"
grep -qxF 'missing command `openssl` (Debian package: openssl); run scripts/install-deps.sh --all' <<<"$out" ||
  fail "no line naming openssl and its package"
[[ $(grep -c '^missing ' <<<"$out") == 1 ]] || fail "expected exactly one missing line (openssl)"

printf '%s\n' '# a list of its own' \
  'test   python3-wa-nonexistent     py:wa_nonexistent_module   # this test' \
  'bench  wa-nonexistent-yardstick  wa-nonexistent-command' >"$tmp/list"
out=$(bash "$check" --list "$tmp/list" test bench); rc=$?
echo "$out"
[[ $rc == 1 ]] || fail "exit status $rc with a module missing, expected 1"
module_line='^missing Python module `wa_nonexistent_module` for .*python3 '
module_line+='\(Debian package: python3-wa-nonexistent\); run scripts/install-deps.sh --all$'
grep -qE "$module_line" <<<"$out" ||
  fail "no line naming the Python module and its package"
bench_line='missing command `wa-nonexistent-command` (Debian package: wa-nonexistent-yardstick); '
bench_line+='run scripts/install-deps.sh --bench'
grep -qxF "$bench_line" <<<"$out" ||
  fail "no line naming the benchmark's command and its package"
bash "$check" --list "$tmp/list" test >/dev/null
[[ $? == 1 ]] || fail "scope test alone: expected exit 1"
printf '%s\n' 'bench  wa-nonexistent-yardstick  wa-nonexistent-command' >"$tmp/bench-only"
bash "$check" --list "$tmp/bench-only" test >/dev/null || fail "a missing bench command fails the test scope"

printf '%s\n' 'tset  openssl  openssl' >"$tmp/typo"
bash "$check" --list "$tmp/typo" 2>/dev/null
[[ $? == 2 ]] || fail "an unknown scope in the list: expected exit 2"
exit $status
