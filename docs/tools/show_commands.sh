#!/usr/bin/env bash
# Prints commands and what they write to standard output as a terminal session, for the docs'
# generated blocks: "$ <command>" ($WADECODE, $WAMEDIA and $WAREPLAY shown as the plain tool
# names), then its output. Each command runs with bash -o pipefail in SOURCE_DIR (so corpus paths
# are relative, as a reader in a checkout types them) with NO_COLOR set.
# Usage: docs/tools/show_commands.sh SOURCE_DIR COMMAND...   (WADECODE etc. in the environment)
# Exit 0, 1 when a command fails, 2 on usage errors.
set -u
if (($# < 2)); then echo "usage: $0 SOURCE_DIR COMMAND..." >&2; exit 2; fi
cd "$1" || exit 2
shift
for command in "$@"; do
  printf '$ %s\n' "$(sed -e 's/\$WADECODE/wadecode/g; s/\$WAMEDIA/wamedia/g; s/\$WAREPLAY/wareplay/g' <<<"$command")"
  NO_COLOR=1 bash -o pipefail -c "$command" || { echo "failed: $command" >&2; exit 1; }
done
