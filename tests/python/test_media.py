"""media.decrypt and media.encrypt against wamedia."""
import base64
import json
import os
import subprocess

import pytest

from conftest import sample, tool

MEDIA = sample("media")


def test_round_trip_and_info(wa_web):
    data = os.urandom(5000)
    for media_type in ("image", "video", "audio", "document", "sticker"):
        enc, info = wa_web.media.encrypt(data, media_type)
        assert info["type"] == media_type and info["fileLength"] == 5000
        assert len(enc) == (5000 // 16 + 1) * 16 + 10
        assert wa_web.media.decrypt(enc, info["mediaKey"], media_type) == data
        assert wa_web.media.decrypt(enc, base64.b64decode(info["mediaKey"]), media_type) == data
        assert ("streamingSidecar" in info) == (media_type in ("video", "audio"))


def test_same_bytes_and_document_as_wamedia(wa_web, tmp_path):
    data = os.urandom(3000)
    key = os.urandom(32)
    plain = tmp_path / "plain.bin"
    plain.write_bytes(data)
    enc_file = tmp_path / "enc.bin"
    run = subprocess.run([tool("wamedia"), "encrypt", str(plain), "--type", "video", "--key", "hex:" + key.hex(),
                          "-o", str(enc_file)], capture_output=True, check=True)
    want_info = json.loads(run.stdout)
    enc, info = wa_web.media.encrypt(data, "video", key)
    assert info == want_info
    # The IV comes from the key: the same key gives the same bytes.
    assert enc == enc_file.read_bytes()


def test_committed_samples_decrypt(wa_web):
    """Each ok_<name>.enc with its info document decrypts to the committed plaintext."""
    checked = 0
    for name in sorted(os.listdir(MEDIA)):
        if not (name.startswith("ok_") and name.endswith(".enc")):
            continue
        stem = name[:-4]
        info = json.load(open(os.path.join(MEDIA, stem + ".info.json")))
        plain_name = next(n for n in os.listdir(MEDIA) if n.startswith(stem + ".") and n.split(".")[-1] not in ("enc", "json"))
        plain = wa_web.media.decrypt(open(os.path.join(MEDIA, name), "rb").read(), info["mediaKey"], info["type"])
        assert plain == open(os.path.join(MEDIA, plain_name), "rb").read()
        assert base64.b64decode(info["fileSha256"]) == __import__("hashlib").sha256(plain).digest()
        checked += 1
    assert checked >= 5


def test_committed_bad_files_fail_as_wamedia_says(wa_web):
    key = json.load(open(os.path.join(MEDIA, "ok_image.info.json")))["mediaKey"]
    for name in sorted(os.listdir(MEDIA)):
        if not (name.startswith("bad_") and name.endswith(".enc")):
            continue
        data = open(os.path.join(MEDIA, name), "rb").read()
        run = subprocess.run([tool("wamedia"), "decrypt", os.path.join(MEDIA, name), "--key", key, "--type", "image",
                              "-o", os.devnull], capture_output=True)
        assert run.returncode != 0
        first = run.stderr.decode().splitlines()[0]  # "wamedia: error: <file>: <message>"
        with pytest.raises(wa_web.MediaError) as e:
            wa_web.media.decrypt(data, key, "image")
        message = str(e.value).split("; ")[0]
        assert first.endswith(message), (name, first, message)


def test_failures_named_as_wamedia_names_them(wa_web):
    data = os.urandom(4000)
    enc, info = wa_web.media.encrypt(data, "video")
    with pytest.raises(wa_web.MediaError) as e:
        wa_web.media.decrypt(enc, info["mediaKey"], "image")
    assert e.value.stage == "hmac" and e.value.offset == len(enc) - 10
    assert "the media key is right but the type is not" in str(e.value)
    assert "use media_type=video" in str(e.value)
    with pytest.raises(wa_web.MediaError) as e:
        wa_web.media.decrypt(enc, os.urandom(32), "video")
    assert "no other media type's mac matches either" in str(e.value)
    with pytest.raises(wa_web.MediaError) as e:
        wa_web.media.decrypt(b"<!DOCTYPE html><html><body>404</body></html>" * 3, info["mediaKey"], "video")
    assert "html" in str(e.value)
    with pytest.raises(wa_web.MediaError) as e:
        wa_web.media.decrypt(enc[:-1], info["mediaKey"], "video")
    assert e.value.stage == "media"
    with pytest.raises(wa_web.MediaError) as e:
        wa_web.media.decrypt(enc, b"short", "video")
    assert "mediaKey" in str(e.value) or "media_key" in str(e.value)
    with pytest.raises(wa_web.MediaError):
        wa_web.media.decrypt(enc, info["mediaKey"], "hologram")
