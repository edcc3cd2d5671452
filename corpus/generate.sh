#!/usr/bin/env bash
# Regenerates the committed node samples under corpus/nodes/ from fixed seeds.
# Usage: corpus/generate.sh [BUILD_DIR]   (default build; needs wa-corpus-gen and wadecode built)
# File names state the expected outcome: ok_* decode cleanly, bad_* fail (tests/cli walks them).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
gen="$build/corpus/generator/wa-corpus-gen"
out=corpus/nodes
mkdir -p "$out"

"$gen" nodes --seed 11 --count 8 --kind small > "$out/ok_small.hex"
"$gen" nodes --seed 12 --count 2 --kind history > "$out/ok_history.hex"
"$gen" nodes --seed 13 --count 1 --kind contacts > "$out/ok_contacts.hex"
"$gen" nodes --seed 14 --count 1 --kind chats > "$out/ok_chats.hex"
"$gen" nodes --seed 15 --count 1 --kind group > "$out/ok_group.hex"
"$gen" nodes --seed 16 --count 12 --kind mixed > "$out/ok_mixed.hex"
"$gen" nodes --seed 17 --count 6 --kind small --style webclient > "$out/ok_small_webclient.hex"
"$gen" nodes --seed 18 --count 6 --kind small --style plain > "$out/ok_small_plain.hex"
tmp=$(mktemp -d)
"$gen" nodes --seed 19 --count 1 --kind history --output-format bin --out "$tmp"
cp "$tmp/history_0000.bin" "$out/ok_history.bin"
rm -rf "$tmp"

# Hand-made failures, one per error class (see docs/protocol.md for the tags).
printf '%s\n' 'f8' > "$out/bad_truncated_list_size.hex"
printf '%s\n' 'f80209fc0a0102' > "$out/bad_length_beyond_input.hex"
printf '%s\n' 'f801ed05' > "$out/bad_double_byte_dictionary.hex"
printf '%s\n' 'f801c8' > "$out/bad_unknown_token.hex"
printf '%s\n' 'f80102' > "$out/bad_stream_end_description.hex"
printf '%s\n' 'f80109aabb' > "$out/bad_trailing_bytes.hex"
printf '%s\n' 'f8030957ff011c' > "$out/bad_nibble_value.hex"
printf '%s\n' 'f800' > "$out/bad_list_size_zero.hex"
python3 -c "print('f80209f801' * 70 + 'f80109')" > "$out/bad_too_deep.hex"
printf '%s\n' 'f8 01 09 zz' > "$out/bad_not_hex.hex"
echo "regenerated $(ls "$out" | wc -l) files in $out"

# Whole sessions (corpus/samples/): one session in every capture format with its key file, and a
# three-session capture with per-connection key files.
samples=corpus/samples
mkdir -p "$samples"
"$gen" session --seed 1 --faults --out "$samples" --name session
"$gen" session --seed 100 --sessions 3 --out "$samples" --name multi
# The private key alone: wadecode derives the keys from the Conn secret in the capture.
python3 - "$samples" <<'PY'
import json, sys
d = sys.argv[1]
k = json.load(open(f"{d}/session.keys.json"))
json.dump({"privateKey": k["privateKey"]}, open(f"{d}/session.private-key.json", "w"), indent=2)
PY
echo "regenerated $(ls "$samples" | wc -l) files in $samples"
