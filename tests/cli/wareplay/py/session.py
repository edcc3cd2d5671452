"""Reading capture JSONL sessions for the interoperation tests (python3 standard library only)."""
import base64
import json


def load(path):
    """Returns the messages as dicts {dir, op, data (str or bytes), tag}."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            data = rec["text"] if "text" in rec else base64.b64decode(rec["b64"])
            raw = data.encode("utf-8") if isinstance(data, str) else data
            tag = raw.split(b",", 1)[0].decode("utf-8", "replace") if b"," in raw else raw.decode("utf-8", "replace")
            out.append({"dir": rec["dir"], "op": rec.get("op", 1), "data": data, "tag": tag})
    return out


def retag(data, tag):
    """Replaces the tag (bytes before the first comma) of a text or binary message."""
    if isinstance(data, str):
        return tag + data[data.index(","):]
    return tag.encode("utf-8") + data[data.index(b","):]


def tag_of(data):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return raw.split(b",", 1)[0].decode("utf-8", "replace")
