#!/usr/bin/env bash
# Runs one CLI case folder and compares stdout, stderr and the exit status with its baselines.
# With WA_UPDATE_BASELINES=1 it rewrites the baselines instead.
set -u
case_dir=$1
export WADECODE="$WA_BIN_DIR/wadecode/wadecode" WAMEDIA="$WA_BIN_DIR/wamedia/wamedia" WAREPLAY="$WA_BIN_DIR/wareplay/wareplay"
[[ -x $WADECODE ]] || WADECODE="$WA_BIN_DIR/wadecode"
[[ -x $WAMEDIA ]] || WAMEDIA="$WA_BIN_DIR/wamedia"
[[ -x $WAREPLAY ]] || WAREPLAY="$WA_BIN_DIR/wareplay"
export CORPUS="$WA_CORPUS" NO_COLOR=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$case_dir"
bash ./cmd >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
rc=$?
if [[ ${WA_UPDATE_BASELINES:-0} == 1 ]]; then
  cp "$tmp/stdout" expected.stdout; cp "$tmp/stderr" expected.stderr; echo "$rc" > expected.rc
  echo "updated $case_dir"; exit 0
fi
status=0
expected_rc=0; [[ -f expected.rc ]] && expected_rc=$(cat expected.rc)
if [[ $rc != "$expected_rc" ]]; then echo "exit status $rc, expected $expected_rc"; status=1; fi
for stream in stdout stderr; do
  if [[ -f expected.$stream ]] && ! diff -u "expected.$stream" "$tmp/$stream"; then
    echo "$stream differs from expected.$stream"; status=1
  fi
done
exit $status
