#!/usr/bin/env bash
# Checks that every option a tool's --help lists (and each subcommand's --help) appears in a
# manual page (roff or Markdown) or is offered by the bash completion script.
# Usage: docs/tools/check_options.sh TOOL_BINARY FILE
#   FILE ending in .1 or .md: a manual page; the option must appear in it (roff \- read as -).
#   any other FILE: a bash completion script; completing "-" after the tool (and after
#   each subcommand) must offer the option.
# Exit 0 when all are there, 1 listing the missing ones, 2 on usage errors.
set -u
(($# == 2)) || { echo "usage: $0 TOOL_BINARY FILE" >&2; exit 2; }
tool=$1 file=$2
[[ -x $tool ]] || { echo "$tool: not an executable" >&2; exit 2; }
[[ -f $file ]] || { echo "$file: missing" >&2; exit 1; }
name=$(basename "$tool")

# Long and short option names of one --help text (CLI11 layout: indented lines starting with -).
options_of() {
  grep -E '^ +-' | sed -E 's/^ +//; s/ .*//; s/[={].*//' | tr ',' '\n' | sed -E 's/^!//' | grep -E '^-' | sort -u
}
# Subcommand names of a --help text.
subcommands_of() {
  sed -n '/^Subcommands:/I,/^$/p' | sed 1d | awk 'NF {print $1}'
}

missing=0
check() {  # $1 subcommand path ("" or "sidecar make"), $2 option list
  local sub=$1 opts=$2 offered
  if [[ $file == *.1 || $file == *.md ]]; then
    local text
    text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$file")
    for o in $opts; do
      [[ $o == -h || $o == --help ]] && continue
      if ! grep -qE -- "(^|[^A-Za-z0-9-])${o}([^A-Za-z0-9-]|$)" <<<"$text"; then
        echo "$name${sub:+ $sub}: $o is in --help but not in $(basename "$file")"; missing=1
      fi
    done
  else
    offered=$(bash -c '
      source "$1"
      COMP_WORDS=("$2"); [[ -n $3 ]] && COMP_WORDS+=($3); COMP_WORDS+=("-")
      COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
      PATH="$(dirname "$4"):$PATH" _wa_toolkit "$2" "-" "${COMP_WORDS[COMP_CWORD-1]}"
      printf "%s\n" "${COMPREPLY[@]}"' _ "$file" "$name" "$sub" "$tool")
    for o in $opts; do
      if ! grep -qxF -- "$o" <<<"$offered"; then
        echo "$name${sub:+ $sub}: $o is in --help but not offered by $(basename "$file")"; missing=1
      fi
    done
  fi
}
# The tool, then every subcommand at any depth.
walk() {  # $@: subcommand path
  local help s
  help=$("$tool" "$@" --help 2>&1)
  check "$*" "$(options_of <<<"$help")"
  for s in $(subcommands_of <<<"$help"); do walk "$@" "$s"; done
}
walk
exit $missing
