#!/usr/bin/env bash
# Checks docs/protocol.md against the sources: every section cited as docs/protocol.md "<name>"
# (with or without a comma) in libcodec/, libcrypto_wa/, tools/, tests/ and corpus/ is listed in
# its table, and every link in docs/protocol.md points to a file and heading that exist.
# Usage: docs/tools/check_protocol_index.sh [SOURCE_DIR]   Exit 0 ok, 1 with a list of problems.
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
index="$root/docs/protocol.md"
status=0
# Sections cited in the code.
while IFS= read -r section; do
  if ! grep -qF "| \"$section\" |" "$index"; then
    echo "docs/protocol.md: section \"$section\" is cited in the sources but not listed"; status=1
  fi
done < <(grep -rhoE 'docs/protocol\.md,? \(?"[^"]+"' "$root/libcodec" "$root/libcrypto_wa" "$root/tools" \
           "$root/tests" "$root/corpus" 2>/dev/null | sed -E 's/.*"([^"]+)"/\1/' | sort -u)
# GitHub-style anchor of a heading: lower case, punctuation dropped, spaces to dashes.
slug() { tr 'A-Z' 'a-z' | sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'; }
while IFS= read -r link; do
  file=${link%%#*} anchor=${link#*#}
  [[ $link == *#* ]] || anchor=""
  path="$root/docs/$file"
  if [[ ! -f $path ]]; then echo "docs/protocol.md: link to missing file $file"; status=1; continue; fi
  if [[ -n $anchor ]] && ! grep -E '^#+ ' "$path" | sed -E 's/^#+ //' | slug | grep -qxF "$anchor"; then
    echo "docs/protocol.md: no heading for #$anchor in $file"; status=1
  fi
done < <(grep -oE '\]\([^)]+\)' "$index" | sed -E 's/^\]\(//; s/\)$//')
exit $status
