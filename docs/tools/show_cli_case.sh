#!/usr/bin/env bash
# Prints a CLI golden case as a terminal session for the docs: "$ <command>" (with $WADECODE,
# $WAMEDIA, $WAREPLAY and $CORPUS shown as the plain tool names and corpus/), then its stdout.
# Usage: docs/tools/show_cli_case.sh CASE_DIR   (WADECODE etc. set as tests/cli/run_case.sh sets them)
set -u
case_dir=$1
cd "$case_dir" || exit 2
sed -e 's/\$WADECODE/wadecode/g; s/\$WAMEDIA/wamedia/g; s/\$WAREPLAY/wareplay/g; s#\$CORPUS/#corpus/#g' \
    -e 's/^/$ /' cmd
NO_COLOR=1 bash ./cmd
