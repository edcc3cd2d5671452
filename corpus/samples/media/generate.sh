#!/usr/bin/env bash
# Regenerates the committed media samples in corpus/samples/media/ from fixed keys (deterministic:
# media encryption has no randomness once the key is fixed).
# Usage: corpus/samples/media/generate.sh [BUILD_DIR]   (needs wamedia and wadecode built there)
#
#   ok_<type>.<ext> / ok_<type>.enc   generated plaintext and its encryption; ok_<type>.info.json is
#                                     what `wamedia encrypt` printed for it
#   messages.jsonl                    the messages carrying them, as `wadecode --format jsonl` prints
#                                     them (made by encoding node JSON and decoding it again)
#   image.webmessageinfo.json, video.node.json, audio.message.json
#                                     the same messages as a bare WebMessageInfo, a node JSON and a
#                                     bare Message
#   bad_*.enc                         broken versions of ok_image.enc (tests/cli/wamedia/corpus_walk
#                                     checks each against the image message and its name)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
build=${1:-build}
[[ $build = /* ]] || build="$root/$build"
wamedia="$build/tools/wamedia"
wadecode="$build/tools/wadecode"
[[ -x $wamedia ]] || wamedia="$build/tools/wamedia/wamedia"
[[ -x $wadecode ]] || wadecode="$build/tools/wadecode/wadecode"
cd "$here"
rm -f ok_* bad_* messages.jsonl ./*.node.json ./*.message.json ./*.webmessageinfo.json

# Plaintexts: a file signature and deterministic filler (SHA-256 in counter mode).
python3 - <<'PY'
import hashlib
def filler(name, size):
    out = bytearray()
    i = 0
    while len(out) < size:
        out += hashlib.sha256(f"wamedia sample {name} {i}".encode()).digest()
        i += 1
    return bytes(out[:size])
samples = {
    "ok_image.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + filler("image", 3000) + b"\xff\xd9",
    "ok_video.mp4": b"\x00\x00\x00\x18ftypmp42" + filler("video", 100000),
    "ok_audio_ptt.ogg": b"OggS\x00\x02" + filler("ptt", 20000),
    "ok_document.pdf": b"%PDF-1.4\n" + b"".join(b"%% line %d of a generated document\n" % i for i in range(40)) + b"%%EOF\n",
    "ok_sticker.webp": b"RIFF\x00\x00\x00\x00WEBPVP8X" + filler("sticker", 2400),
    "ok_gif.mp4": b"\x00\x00\x00\x18ftypisom" + filler("gif", 6000),
}
for name, data in samples.items():
    open(name, "wb").write(data)
PY

key() { python3 -c "import hashlib,sys;print('hex:'+hashlib.sha256(b'wamedia sample key '+sys.argv[1].encode()).hexdigest())" "$1"; }
"$wamedia" encrypt --type image --key "$(key image)" ok_image.jpg -o ok_image.enc --info ok_image.info.json
"$wamedia" encrypt --type video --key "$(key video)" ok_video.mp4 -o ok_video.enc --info ok_video.info.json
"$wamedia" encrypt --type ptt --key "$(key ptt)" ok_audio_ptt.ogg -o ok_audio_ptt.enc --info ok_audio_ptt.info.json
"$wamedia" encrypt --type document --key "$(key document)" ok_document.pdf -o ok_document.enc --info ok_document.info.json
"$wamedia" encrypt --type sticker --key "$(key sticker)" --first-frame-length 700 ok_sticker.webp -o ok_sticker.enc \
  --info ok_sticker.info.json
"$wamedia" encrypt --type gif --key "$(key gif)" ok_gif.mp4 -o ok_gif.enc --info ok_gif.info.json

# The messages: protobuf bytes written by hand (field numbers from libcodec/proto/wa_messages.proto),
# wrapped in nodes, encoded as the server does and decoded by wadecode.
python3 - <<'PY'
import base64, json
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)
def field(num, wire, payload):
    key = varint(num << 3 | wire)
    if wire == 0:
        return key + varint(payload)
    return key + varint(len(payload)) + payload
def s(num, text): return field(num, 2, text.encode() if isinstance(text, str) else text)
def u(num, n): return field(num, 0, n)
def info(name): return json.load(open(f"ok_{name}.info.json"))
def b(text): return base64.b64decode(text)
def url(i):
    token = base64.urlsafe_b64encode(b(i["fileEncSha256"])).decode()
    return f"https://mmg.whatsapp.net/d/f/{token}.enc"
def direct(i): return "/v/t62.7118-24/" + b(i["fileEncSha256"]).hex()[:16] + ".enc?ccb=11-4"

# Field numbers per message type: url, mimetype, fileSha256, fileLength, mediaKey, fileEncSha256,
# directPath, plus extras.
def image(i):
    return (s(1, url(i)) + s(2, "image/jpeg") + s(3, "a generated test image") + s(4, b(i["fileSha256"])) +
            u(5, i["fileLength"]) + u(6, 32) + u(7, 48) + s(8, b(i["mediaKey"])) + s(9, b(i["fileEncSha256"])) +
            s(11, direct(i)) + u(12, 1589000000))
def document(i):
    return (s(1, url(i)) + s(2, "application/pdf") + s(3, "notes") + s(4, b(i["fileSha256"])) +
            u(5, i["fileLength"]) + u(6, 1) + s(7, b(i["mediaKey"])) + s(8, "notes.pdf") +
            s(9, b(i["fileEncSha256"])) + s(10, direct(i)) + u(11, 1589000000))
def sidecar(i):  # field 18 of audio and video messages; only video and audio types get one
    return s(18, b(i["streamingSidecar"])) if "streamingSidecar" in i else b""
def audio(i, ptt):
    return (s(1, url(i)) + s(2, "audio/ogg; codecs=opus") + s(3, b(i["fileSha256"])) + u(4, i["fileLength"]) +
            u(5, 7) + u(6, 1 if ptt else 0) + s(7, b(i["mediaKey"])) + s(8, b(i["fileEncSha256"])) +
            s(9, direct(i)) + u(10, 1589000000) + sidecar(i))
def video(i, gif):
    return (s(1, url(i)) + s(2, "video/mp4") + s(3, b(i["fileSha256"])) + u(4, i["fileLength"]) + u(5, 3) +
            s(6, b(i["mediaKey"])) + u(8, 1 if gif else 0) + u(9, 64) + u(10, 36) + s(11, b(i["fileEncSha256"])) +
            s(13, direct(i)) + u(14, 1589000000) + sidecar(i))
def sticker(i):
    return (s(1, url(i)) + s(2, b(i["fileSha256"])) + s(3, b(i["fileEncSha256"])) + s(4, b(i["mediaKey"])) +
            s(5, "image/webp") + u(6, 64) + u(7, 64) + s(8, direct(i)) + u(9, i["fileLength"]) +
            u(10, 1589000000) + u(11, i["firstFrameLength"]) + s(12, b(i["firstFrameSidecar"])))
def wmi(n, message, from_me=False):
    key = s(1, "15550100042@s.whatsapp.net") + u(2, 1 if from_me else 0) + s(3, "3EB0%016X" % (0xA11CE + n))
    return s(1, key) + s(2, message) + u(3, 1589000100 + n) + u(4, 4) + s(19, "Sample Contact")
def node(*messages):
    return ["action", {"add": "last"},
            [["message", {}, {"b64": base64.b64encode(m).decode()}] for m in messages]]
nodes = [
    node(wmi(0, s(1, "no media in this one"))),
    node(wmi(1, s(3, image(info("image")))), wmi(2, s(7, document(info("document"))))),
    node(wmi(3, s(9, video(info("video"), False)))),
    node(wmi(4, s(8, audio(info("audio_ptt"), True)))),
    node(wmi(5, s(26, sticker(info("sticker"))))),
    node(wmi(6, s(9, video(info("gif"), True)))),
]
with open("nodes.tmp.jsonl", "w") as f:
    for n in nodes:
        f.write(json.dumps(n) + "\n")
PY
"$wadecode" encode --style server nodes.tmp.jsonl | "$wadecode" --input-format node-hex --format jsonl > nodes.out.jsonl
# Decoded records around wadecode's node JSON, shaped as wadecode prints a session's query replies.
python3 - <<'PY'
import json
def dump(o): return json.dumps(o, separators=(",", ":"), ensure_ascii=False)
records = [{"i": 0, "t": 1589356438.5, "dir": "send", "conn": "1", "tag": "1589356438.--0", "kind": "json",
            "json": ["admin", "test"]}]
for n, line in enumerate(open("nodes.out.jsonl")):
    records.append({"i": 2 * n + 1, "t": 1589356440 + n, "dir": "send", "conn": "1", "tag": f"1589356440.--{n + 1}",
                    "kind": "binary", "metric": 7, "flags": 128,
                    "node": ["query", {"type": "message", "kind": "before", "jid": "15550100042@s.whatsapp.net",
                                       "count": "1", "epoch": str(n + 1)}, None]})
    records.append({"i": 2 * n + 2, "t": 1589356440.25 + n, "dir": "receive", "conn": "1",
                    "tag": f"1589356440.--{n + 1}", "kind": "binary", "node": json.loads(line)})
with open("messages.jsonl", "w") as f:
    for r in records:
        f.write(dump(r) + "\n")
PY
rm nodes.tmp.jsonl nodes.out.jsonl

# The same messages in the other shapes --message accepts.
python3 - <<'PY'
import json
records = [json.loads(line) for line in open("messages.jsonl")][2::2]  # the replies
def entry(record, k=0): return record["node"][2][k][2]
json.dump(entry(records[1])["WebMessageInfo"], open("image.webmessageinfo.json", "w"), indent=2, ensure_ascii=False)
open("image.webmessageinfo.json", "a").write("\n")
json.dump(records[2]["node"], open("video.node.json", "w"), indent=2, ensure_ascii=False)
open("video.node.json", "a").write("\n")
json.dump(entry(records[3])["WebMessageInfo"]["message"], open("audio.message.json", "w"), indent=2, ensure_ascii=False)
open("audio.message.json", "a").write("\n")
PY

# Broken versions of ok_image.enc.
python3 - <<'PY'
enc = bytearray(open("ok_image.enc", "rb").read())
def flipped(at):
    b = bytearray(enc)
    b[at] ^= 0x01
    return bytes(b)
bad = {
    "bad_empty.enc": b"",
    "bad_html_page.enc": b"<!DOCTYPE html>\n<html><head><title>Error 403 (Forbidden)</title></head>\n"
                         b"<body><p>The link has expired.</p></body></html>\n",
    "bad_json_error.enc": b'{"error":{"code":404,"message":"media not found"}}\n',
    "bad_xml_error.enc": b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code></Error>\n',
    "bad_too_short.enc": bytes(enc[:20]),
    "bad_not_16n_plus_10.enc": bytes(enc[:2000]),
    "bad_truncated.enc": bytes(enc[:2010]),
    "bad_trailing_bytes.enc": bytes(enc) + bytes(16),
    "bad_first_block_tampered.enc": flipped(3),
    "bad_body_tampered.enc": flipped(1500),
    "bad_last_block_tampered.enc": flipped(len(enc) - 11),
    "bad_mac_tampered.enc": flipped(len(enc) - 1),
    "bad_plain_jpeg.enc": open("ok_image.jpg", "rb").read(),
    "bad_other_file.enc": open("ok_document.enc", "rb").read(),
}
for name, data in bad.items():
    open(name, "wb").write(data)
PY
echo "regenerated $(ls | wc -l) files in $here"
