#!/usr/bin/env bash
# Checks that every command and Python module that scripts/test-commands.txt lists for the given
# scopes is there, and names the Debian package of each missing one. CTest runs it before the tests
# that need them (test deps.test_commands), so a missing command is reported as such, not as a
# test failing later for a reason that hides the cause. Written in bash alone (no other command),
# so it also answers on a PATH that lacks everything.
#
# Usage: scripts/check-test-commands.sh [--list FILE] [--packages | --commands] [SCOPE...]
#   SCOPE       test (the default), fuzz or bench; see scripts/test-commands.txt
#   --packages  print the packages of the scopes, one a line, instead of checking
#               (scripts/install-deps.sh installs these)
#   --commands  print the commands of the scopes (not the Python modules), one a line
#   --list      read FILE instead of scripts/test-commands.txt
# Exit 0 when all are there, 1 when some are missing (one line each), 2 on usage errors.
set -u
here=${BASH_SOURCE[0]%/*}
[[ $here == "${BASH_SOURCE[0]}" ]] && here=.
list=$here/test-commands.txt
mode=check
scopes=()
usage() { echo "usage: $0 [--list FILE] [--packages | --commands] [test|fuzz|bench...]" >&2; exit 2; }
while (($# > 0)); do
  case $1 in
    --list) (($# >= 2)) || usage; list=$2; shift 2 ;;
    --packages) mode=packages; shift ;;
    --commands) mode=commands; shift ;;
    test | fuzz | bench) scopes+=("$1"); shift ;;
    *) usage ;;
  esac
done
((${#scopes[@]} > 0)) || scopes=(test)
[[ -r $list ]] || { echo "check-test-commands: cannot read $list" >&2; exit 2; }
# The Debian python3, which carries the python3-* module packages (tests/cli/wareplay/lib.sh runs it
# too); a python3 earlier on PATH (pyenv, a venv) may lack them.
py=/usr/bin/python3
[[ -x $py ]] || py=python3

declare -A seen_package=()
checked=0 missing=0 lineno=0
while IFS= read -r line || [[ -n $line ]]; do
  lineno=$((lineno + 1))
  used_by=""
  [[ $line == *'#'* ]] && used_by=${line#*#} && used_by=${used_by# }
  read -r scope package what <<<"${line%%#*}"
  [[ -n ${scope:-} ]] || continue
  case $scope in
    test | fuzz) hint="scripts/install-deps.sh --all" ;;
    bench) hint="scripts/install-deps.sh --bench" ;;
    *) echo "check-test-commands: $list:$lineno: unknown scope '$scope'" >&2; exit 2 ;;
  esac
  if [[ -z ${package:-} || -z ${what:-} ]]; then
    echo "check-test-commands: $list:$lineno: expected SCOPE PACKAGE WHAT..." >&2; exit 2
  fi
  wanted=0
  for s in "${scopes[@]}"; do [[ $s == "$scope" ]] && wanted=1; done
  ((wanted)) || continue
  if [[ $mode == packages ]]; then
    [[ -n ${seen_package[$package]+set} ]] || echo "$package"
    seen_package[$package]=1
    continue
  fi
  for item in $what; do
    if [[ $item == py:* ]]; then
      [[ $mode == commands ]] && continue
      module=${item#py:}
      checked=$((checked + 1))
      "$py" -c "import $module" >/dev/null 2>&1 && continue
      echo "missing Python module \`$module\` for $py (Debian package: $package); run $hint"
    else
      if [[ $mode == commands ]]; then echo "$item"; continue; fi
      checked=$((checked + 1))
      command -v "$item" >/dev/null 2>&1 && continue
      echo "missing command \`$item\` (Debian package: $package); run $hint"
    fi
    [[ -n $used_by ]] && echo "  used by: $used_by"
    missing=$((missing + 1))
  done
done <"$list"

[[ $mode == check ]] || exit 0
if ((missing > 0)); then
  echo "check-test-commands: $missing of $checked commands and Python modules (scope ${scopes[*]}) missing; see $list"
  exit 1
fi
echo "check-test-commands: all $checked commands and Python modules of scope ${scopes[*]} are there"
