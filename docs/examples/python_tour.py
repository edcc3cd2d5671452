"""The worked example of docs/python.md, run by the docs test docs.block.python_tour: its output is
the block shown there. Usage: python3 docs/examples/python_tour.py [REPOSITORY]  (wa_web importable)."""
import collections
import datetime
import os
import sys

import wa_web

repo = sys.argv[1] if len(sys.argv) > 1 else "."
samples = os.path.join(repo, "corpus", "samples")

# 1. A HAR and its keys: the records, exactly as `wadecode --format jsonl` writes them.
keys = wa_web.Keys.load(os.path.join(samples, "session.keys.json"))
records = list(wa_web.read_capture(os.path.join(samples, "session.har"), keys))
print(len(records), "records:", dict(collections.Counter(r["kind"] for r in records)))
failed = [r for r in records if "error" in r]
print(len(failed), "failed")

# 2. The messages inside the nodes: every WebMessageInfo, with its chat and type.
def messages(node):
    """The WebMessageInfo dicts of a record's node, at any depth."""
    description, attrs, content = node
    if isinstance(content, dict) and "WebMessageInfo" in content:
        yield content["WebMessageInfo"]
    if isinstance(content, list):
        for child in content:
            yield from messages(child)

rows = []
for r in records:
    if "node" not in r:
        continue
    for info in messages(r["node"]):
        kind = next(iter(info.get("message", {"(none)": None})))
        rows.append({
            "chat": info["key"]["remoteJid"],
            "from_me": info["key"].get("fromMe", False),
            "time": datetime.datetime.fromtimestamp(int(info.get("messageTimestamp", 0)), datetime.timezone.utc),
            "type": kind,
            "text": info["message"].get("conversation") if "message" in info else None,
            "media": info["message"][kind] if kind.endswith("Message") and "mediaKey" in info["message"][kind] else None,
        })
print(len(rows), "messages in", len({r["chat"] for r in rows}), "chats")

# Messages per chat, and the media list (what a downloader needs: url, mediaKey, type).
per_chat = collections.Counter(r["chat"] for r in rows)
for chat, n in per_chat.most_common(3):
    print(f"  {chat:32} {n}")
media = [(r["type"], r["media"]["url"].rsplit("/", 1)[-1][:24], int(r["media"]["fileLength"])) for r in rows if r["media"]]
print(len(media), "media files:")
for kind, name, size in media[:4]:
    print(f"  {kind:14} {name:26} {size:8} bytes")

# 3. One media file: its message gives the key, the type and the hashes; the MAC is checked first.
import json
info = json.load(open(os.path.join(samples, "media", "image.webmessageinfo.json")))
image = info["message"]["imageMessage"]
encrypted = open(os.path.join(samples, "media", "ok_image.enc"), "rb").read()
plain = wa_web.media.decrypt(encrypted, image["mediaKey"], "image")
print("decrypted", len(plain), "bytes, a JPEG:", plain[:3] == b"\xff\xd8\xff")

# The wrong type is named, as wamedia names it.
try:
    wa_web.media.decrypt(encrypted, image["mediaKey"], "video")
except wa_web.MediaError as e:
    print("MediaError:", str(e).split("; ")[1])
