#!/usr/bin/env bash
# scripts/check_layers.py catches what it is there to catch: on a small tree laid out like the
# project's (one or two files per folder, every include allowed) it passes with its summary; then,
# one change at a time on a fresh copy, it fails with a line naming the file, the line, the include
# and the rule for an upward include, a sideways include (in codec and between tools), a library
# including a test helper, another library's private header, a public header including a private
# one, an include it cannot map, a file in a folder it does not know, a two-folder circle and a
# three-folder circle of folders that may each use the next.
# Usage: tests/layers/check_layers_test.sh SOURCE_DIR
set -u
root=$1
check=$root/scripts/check_layers.py
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# put FILE INCLUDE...: FILE (under $tmp/clean) with one #include "..." a line.
put() {
  local file=$tmp/clean/$1; shift
  mkdir -p "${file%/*}"
  { echo "// ${file#"$tmp"/clean/}"; for inc in "$@"; do echo "#include \"$inc\""; done; } >"$file"
}
put libsupport/include/wa/support/error.h
put libsupport/src/text/word_scan.h
put libsupport/src/text/hex.cpp wa/support/error.h text/word_scan.h
put libcodec/include/wa/codec/error.h wa/support/error.h
put libcodec/src/error.cpp wa/codec/error.h
put libcodec/include/wa/codec/node/node.h wa/codec/error.h
put libcodec/src/node/tags.h
put libcodec/src/node/decoder.cpp wa/codec/node/node.h node/tags.h
put libcodec/include/wa/codec/proto/web_message_info.h wa/codec/error.h
put libcodec/src/proto/web_message_info.cpp wa/codec/proto/web_message_info.h proto/wa_messages.pb.h
put libcodec/include/wa/codec/frame/frame.h wa/codec/error.h
put libcodec/include/wa/codec/view/node_json.h wa/codec/node/node.h wa/codec/proto/web_message_info.h
put libcodec/src/view/node_json.cpp wa/codec/view/node_json.h node/tags.h wa/support/error.h
put libcrypto_wa/include/wa/crypto/frame_cipher.h wa/support/error.h
put libcrypto_wa/src/frame_cipher.cpp wa/crypto/frame_cipher.h
put libcapture/include/wa/capture/ws/deframer.h wa/codec/frame/frame.h
put libcapture/src/ws/sha1.h
put libcapture/src/ws/deframer.cpp wa/capture/ws/deframer.h ws/sha1.h
put libcapture/include/wa/capture/capture_reader.h wa/capture/ws/deframer.h
put libcapture/src/capture/chunk_buffer.h
put libcapture/src/capture/har_reader.cpp wa/capture/capture_reader.h chunk_buffer.h
put libsession/include/wa/session/message_decoder.h wa/capture/capture_reader.h wa/crypto/frame_cipher.h \
  wa/codec/view/node_json.h
put libsession/src/message_decoder.cpp wa/session/message_decoder.h
put libtesting/include/wa/testing/ws_encoder.h wa/capture/ws/deframer.h wa/crypto/frame_cipher.h
put libtesting/src/generator/web_message.cpp wa/testing/ws_encoder.h proto/wa_messages.pb.h
put tools/common/input.h wa/session/message_decoder.h
put tools/wadecode/options.h wa/codec/view/node_json.h
put tools/wadecode/main.cpp common/input.h wadecode/options.h
put tools/wamedia/main.cpp common/input.h wa/crypto/frame_cipher.h
put tools/wareplay/net.h wa/session/message_decoder.h
put tools/wareplay/main.cpp common/input.h wareplay/net.h
put tests/helpers/temp_dir.h wa/codec/node/node.h
put tests/tools/wareplay_fixture.h wareplay/net.h
put tests/tools/net_test.cpp helpers/temp_dir.h tools/wareplay_fixture.h wa/testing/ws_encoder.h common/input.h
put tests/install/consumer/main.cpp wa/codec/node/node.h wa/session/message_decoder.h
put bench/replay_bench.cpp tools/wareplay_fixture.h wadecode/options.h
put fuzz/fuzz_players.cpp wareplay/net.h
put corpus/generator/main.cpp wa/testing/ws_encoder.h
put docs/examples/frame_example.cpp wa/codec/frame/frame.h
put cmake/empty.cpp

# The clean tree passes, with the summary.
out=$(python3 "$check" "$tmp/clean"); rc=$?
[[ $rc == 0 ]] || fail "clean tree: exit $rc, expected 0: $out"
grep -qxE '[0-9]+ includes between 23 folders checked: no violations, no circles' <<<"$out" ||
  fail "clean tree: no summary line: $out"

# expect NAME COUNT PATTERN...: the tree $tmp/$NAME fails (exit 1) with COUNT violation lines, and
# each PATTERN (fixed text) is on one of them.
expect() {
  local name=$1 count=$2; shift 2
  local out rc lines before=$status
  status=0
  out=$(python3 "$check" "$tmp/$name"); rc=$?
  [[ $rc == 1 ]] || fail "$name: exit $rc, expected 1"
  lines=$(grep -cE '^[^ ]+:[0-9]+: ' <<<"$out")
  [[ $lines == "$count" ]] || fail "$name: $lines violation lines, expected $count"
  for pattern in "$@"; do
    grep -qF -- "$pattern" <<<"$out" || fail "$name: no line with: $pattern"
  done
  grep -qE '^[0-9]+ includes between [0-9]+ folders checked: [0-9]+ violations?, [0-9]+ circles?' <<<"$out" ||
    fail "$name: no summary line"
  [[ $status == 0 ]] || echo "$out"
  ((status |= before))
}
# case NAME: a fresh copy of the clean tree as $tmp/$NAME; add LINE to FILE with `add`.
case_() { cp -r "$tmp/clean" "$tmp/$1"; here=$tmp/$1; }
add() { mkdir -p "$(dirname "$here/$1")"; echo "$2" >>"$here/$1"; }

case_ upward
add libcodec/src/node/decoder.cpp '#include "wa/session/message_decoder.h"'
expect upward 2 \
  'libcodec/src/node/decoder.cpp:4: "wa/session/message_decoder.h": goes up to session: codec/node may use support, codec' \
  'libcodec/src/node/decoder.cpp:4: circle between codec/node, codec/view, session: '

case_ up_in_codec
add libcodec/src/node/decoder.cpp '#include "wa/codec/view/node_json.h"'
expect up_in_codec 2 'libcodec/src/node/decoder.cpp:4: "wa/codec/view/node_json.h": goes up to codec/view' \
  'circle between codec/node, codec/view: '

case_ sideways
add libcodec/include/wa/codec/frame/frame.h '#include "wa/codec/node/node.h"'
expect sideways 1 \
  'libcodec/include/wa/codec/frame/frame.h:3: "wa/codec/node/node.h": goes sideways to codec/node: codec/frame may use support, codec'

case_ crypto_on_codec
add libcrypto_wa/src/frame_cipher.cpp '#include "wa/codec/frame/frame.h"'
expect crypto_on_codec 1 'libcrypto_wa/src/frame_cipher.cpp:3: "wa/codec/frame/frame.h": goes sideways to codec/frame'

case_ tool_to_tool
add tools/wamedia/main.cpp '#include "wadecode/options.h"'
expect tool_to_tool 1 \
  'tools/wamedia/main.cpp:4: "wadecode/options.h": goes sideways to tools/wadecode: tools/wamedia may use'

case_ common_to_tool
add tools/common/input.h '#include "wareplay/net.h"'
expect common_to_tool 2 'tools/common/input.h:3: "wareplay/net.h": goes up to tools/wareplay' \
  'circle between tools/common, tools/wareplay'

case_ capture_skips_to_node
add libcapture/src/capture/har_reader.cpp '#include "wa/codec/node/node.h"'
expect capture_skips_to_node 1 \
  'libcapture/src/capture/har_reader.cpp:4: "wa/codec/node/node.h": goes down to codec/node, which its rule does not list'

case_ library_uses_tests
add libcapture/src/capture/har_reader.cpp '#include "helpers/temp_dir.h"'
add libsession/src/message_decoder.cpp '#include "wa/testing/ws_encoder.h"'
expect library_uses_tests 2 \
  'libcapture/src/capture/har_reader.cpp:4: "helpers/temp_dir.h": goes up to tests/helpers' \
  'libsession/src/message_decoder.cpp:3: "wa/testing/ws_encoder.h": goes up to testing'

case_ private
add libsession/src/message_decoder.cpp '#include "node/tags.h"'
add tests/tools/net_test.cpp '#include "capture/chunk_buffer.h"'
expect private 2 \
  'libsession/src/message_decoder.cpp:3: "node/tags.h": private header of libcodec (libcodec/src/node/tags.h)' \
  'tests/tools/net_test.cpp:6: "capture/chunk_buffer.h": private header of libcapture (libcapture/src/capture/chunk_buffer.h)'

case_ public_includes_private
add libcapture/include/wa/capture/capture_reader.h '#include "capture/chunk_buffer.h"'
add libcodec/include/wa/codec/proto/web_message_info.h '#include "proto/wa_messages.pb.h"'
expect public_includes_private 2 \
  'libcapture/include/wa/capture/capture_reader.h:3: "capture/chunk_buffer.h": public header includes a private one' \
  'libcodec/include/wa/codec/proto/web_message_info.h:3: "proto/wa_messages.pb.h": public header includes a private one'

case_ unknown
add libsession/src/message_decoder.cpp '#include "wa/codec/nowhere.h"'
add libcodec/include/wa/codec/ws/frame.h '#include "wa/codec/error.h"'
add libsession/src/message_decoder.cpp '#include "wa/codec/ws/frame.h"'
add scratch/module.cpp '#include "wa/session/message_decoder.h"'
expect unknown 4 \
  'libsession/src/message_decoder.cpp:3: "wa/codec/nowhere.h": unknown include: no such file in the tree' \
  'libsession/src/message_decoder.cpp:4: "wa/codec/ws/frame.h": unknown include: libcodec/include/wa/codec/ws/frame.h is in a folder' \
  'libcodec/include/wa/codec/ws/frame.h:1: file in a folder that the rule table does not know' \
  'scratch/module.cpp:1: file in a folder that the rule table does not know'

case_ circle_of_two
add libcodec/include/wa/codec/node/node.h '#include "wa/codec/proto/web_message_info.h"'
add libcodec/src/proto/web_message_info.cpp '#include "wa/codec/node/node.h"'
circle='libcodec/include/wa/codec/node/node.h:3: circle between codec/node, codec/proto: '
circle+='no folder includes a folder that includes it back: '
circle+='codec/node -> codec/proto (libcodec/include/wa/codec/node/node.h:3 "wa/codec/proto/web_message_info.h"); '
circle+='codec/proto -> codec/node (libcodec/src/proto/web_message_info.cpp:4 "wa/codec/node/node.h")'
expect circle_of_two 3 "$circle" \
  'libcodec/include/wa/codec/node/node.h:3: "wa/codec/proto/web_message_info.h": goes sideways to codec/proto' \
  'libcodec/src/proto/web_message_info.cpp:4: "wa/codec/node/node.h": goes sideways to codec/node'

# corpus/generator, fuzz and tests may each use any folder, yet not in a circle.
case_ circle_of_three
echo '#include "tools/wareplay_fixture.h"' >"$here/fuzz/fuzz_support.h"     # fuzz -> tests (tests/tools/)
add tests/tools/net_test.cpp '#include "../../corpus/generator/gen.h"'      # tests -> corpus/generator
echo '#include "../../fuzz/fuzz_support.h"' >"$here/corpus/generator/gen.h"  # corpus/generator -> fuzz
circle='corpus/generator/gen.h:1: circle between corpus/generator, fuzz, tests: '
circle+='no folder includes a folder that includes it back: '
circle+='corpus/generator -> fuzz (corpus/generator/gen.h:1 "../../fuzz/fuzz_support.h"); '
circle+='fuzz -> tests (fuzz/fuzz_support.h:1 "tools/wareplay_fixture.h"); '
circle+='tests -> corpus/generator (tests/tools/net_test.cpp:6 "../../corpus/generator/gen.h")'
expect circle_of_three 1 "$circle"

# The rule table prints, one line per folder.
rules=$(python3 "$check" --rules) || fail "--rules: exit status $?"
grep -qE '^capture/capture +2\.2 +capture/capture may use support, codec, codec/frame, capture, capture/ws$' <<<"$rules" ||
  fail "--rules: no line for capture/capture"

((status == 0)) && echo "check_layers.py caught every violation"
exit $status
