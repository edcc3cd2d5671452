"""Keys and decrypt_frame."""
import base64
import json

import pytest

from conftest import sample, wadecode_records


def frames_of(name):
    """(direction, frame bytes) of each message of a capture JSONL sample."""
    out = []
    with open(sample(name)) as f:
        for line in f:
            r = json.loads(line)
            payload = base64.b64decode(r["b64"]) if "b64" in r else r["text"].encode()
            out.append((r["dir"], payload))
    return out


def test_keys_given_loaded_and_derived(wa_web):
    loaded = wa_web.Keys.load(sample("session.keys.json"))
    assert len(loaded.enc_key) == 32 and len(loaded.mac_key) == 32
    given = wa_web.Keys(enc_key=loaded.enc_key, mac_key=base64.b64encode(loaded.mac_key).decode())
    assert (given.enc_key, given.mac_key) == (loaded.enc_key, loaded.mac_key)
    hexed = wa_web.Keys(enc_key="hex:" + loaded.enc_key.hex(), mac_key=loaded.mac_key)
    assert hexed.enc_key == loaded.enc_key
    with open(sample("session.keys.json")) as f:
        doc = json.load(f)
    derived = wa_web.Keys.derive(private_key=doc["privateKey"], secret=doc["secret"])
    assert (derived.enc_key, derived.mac_key) == (loaded.enc_key, loaded.mac_key)
    assert "Keys" in repr(loaded) and loaded.enc_key.hex() not in repr(loaded)


def test_key_files_with_connections_and_private_keys(wa_web):
    multi = wa_web.Keys.load(sample("multi.pcap.keys.json"))
    assert multi.connections == ["51000", "51001", "51002"]
    assert multi.enc_key is None  # per connection only
    private = wa_web.Keys.load(sample("session.private-key.json"))
    assert private.enc_key is None  # comes from the capture's Conn


def test_key_errors(wa_web, tmp_path):
    with pytest.raises(wa_web.KeysError) as e:
        wa_web.Keys.load(tmp_path / "missing.json")
    assert str(tmp_path / "missing.json") in str(e.value)
    bad = tmp_path / "bad.json"
    bad.write_text('{"encKey": "AAAA", "macKey": "AAAA"}')
    with pytest.raises(wa_web.KeysError) as e:
        wa_web.Keys.load(bad)
    assert "encKey" in str(e.value) and "AAAA" not in str(e.value)
    with pytest.raises(wa_web.KeysError):
        wa_web.Keys(enc_key=b"short", mac_key=b"x" * 32)
    with pytest.raises(ValueError):
        wa_web.Keys(enc_key=b"x" * 32)
    doc = json.load(open(sample("session.keys.json")))
    other = json.load(open(sample("multi.pcap.keys.json")))["connections"]["51000"]
    with pytest.raises(wa_web.KeysError):
        wa_web.Keys.derive(private_key=other["privateKey"], secret=doc["secret"])


def test_decrypt_frame_gives_wadecodes_records(wa_web, tmp_path):
    keys = wa_web.Keys.load(sample("session.keys.json"))
    frames = frames_of("session.jsonl")
    binary = [(d, p) for d, p in frames if p and not p.isascii()]
    assert len(binary) > 20
    for direction, frame in binary[:30]:
        line = tmp_path / "frame.hex"
        line.write_text(frame.hex() + "\n")
        want = wadecode_records(str(line), sample("session.keys.json"), "--line-direction", direction)
        got = wa_web.decrypt_frame(frame, keys, direction)
        assert got == want[0]
        assert got["kind"] == "binary" and "node" in got
    # keys as a path, and a text frame (which needs none)
    assert wa_web.decrypt_frame(binary[0][1], sample("session.keys.json"), binary[0][0])["kind"] == "binary"
    text = wa_web.decrypt_frame(b'1,["admin","test"]', None, "send")
    assert text["json"] == ["admin", "test"] and text["tag"] == "1"


def test_decrypt_frame_failures_are_records(wa_web):
    wrong = wa_web.Keys.load(sample("multi.pcap.keys.json"))
    direction, frame = next((d, p) for d, p in frames_of("session.jsonl") if p and not p.isascii())
    r = wa_web.decrypt_frame(frame, wa_web.Keys(enc_key=b"\x01" * 32, mac_key=b"\x02" * 32), direction)
    assert r["error"]["stage"] == "hmac"
    r = wa_web.decrypt_frame(frame, None, direction)
    assert r["error"]["stage"] == "keys"
    r = wa_web.decrypt_frame(b"no comma", None, "receive")
    assert r["error"]["stage"] == "frame"
    with pytest.raises(ValueError):
        wa_web.decrypt_frame(frame, wrong, "sideways")
