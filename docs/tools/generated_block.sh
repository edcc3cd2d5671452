#!/usr/bin/env bash
# Checks (or rewrites) a generated block of a Markdown file against the output of a command, so the
# numbers and tables in docs/ are the ones the project's own tools print.
#
# Usage: docs/tools/generated_block.sh DOC NAME COMMAND [ARGS...]
# The block in DOC is the fenced code block (or table) between the lines
#   <!-- generated: NAME -->          and          <!-- end generated: NAME -->
# and must equal COMMAND's standard output, less the first and last line when those are ``` fences.
# With WA_UPDATE_BASELINES=1 the block is rewritten instead (fences kept). Exit 0 when equal or
# updated, 1 when different (a diff is printed), 2 on usage errors or a missing marker.
set -u
if (($# < 3)); then echo "usage: $0 DOC NAME COMMAND [ARGS...]" >&2; exit 2; fi
doc=$1 name=$2; shift 2
begin="<!-- generated: $name -->" end="<!-- end generated: $name -->"
grep -qxF "$begin" "$doc" && grep -qxF "$end" "$doc" || { echo "$doc: no block '$name'" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$@" >"$tmp/out" 2>"$tmp/err"
rc=$?
if ((rc != 0)); then echo "command failed with status $rc: $*" >&2; cat "$tmp/err" >&2; exit 1; fi
# The current block, without its fences.
awk -v b="$begin" -v e="$end" '$0==e{inb=0} inb{print} $0==b{inb=1}' "$doc" >"$tmp/block"
fence_open=$(head -n1 "$tmp/block"); fence=0
if [[ $fence_open == '```'* ]]; then fence=1; sed '1d;$d' "$tmp/block" >"$tmp/body"; else cp "$tmp/block" "$tmp/body"; fi
if [[ ${WA_UPDATE_BASELINES:-0} == 1 ]]; then
  {
    if ((fence)); then echo "$fence_open"; cat "$tmp/out"; echo '```'; else cat "$tmp/out"; fi
  } >"$tmp/new"
  awk -v b="$begin" -v e="$end" -v f="$tmp/new" '
    $0==b{print; while ((getline l < f) > 0) print l; skip=1; next}
    $0==e{skip=0}
    !skip{print}' "$doc" >"$tmp/doc" && cat "$tmp/doc" >"$doc"
  echo "updated block '$name' of $doc"; exit 0
fi
if ! diff -u "$tmp/body" "$tmp/out"; then
  echo "$doc: block '$name' differs from the output of: $*" >&2
  echo "(regenerate with WA_UPDATE_BASELINES=1 ctest -R docs.)" >&2
  exit 1
fi
