"""The reader that turns records into Python objects equals json.loads: on generated documents of
every shape (escapes, surrogates, big and negative numbers, exponents, NaN and Infinity, duplicate
keys, deep nesting) and on malformed text, where it raises what json.loads raises."""
import json
import math
import random

import pytest


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


PIECES = ['"', "\\", "/", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "é", "€", "\U0001f44d", "\ud83d",
          "\udc4d", "a", "Z", " ", "{", "]", ","]


def random_string(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 30)))


def random_text_number(rng):
    return rng.choice([
        str(rng.randrange(-10**30, 10**30)), str(rng.randrange(-100, 100)), "-0", "0", "1e400", "-1e400",
        "1.5e-320", repr(rng.uniform(-1e6, 1e6)), f"{rng.randrange(10**17, 10**19)}", "123456789012345678",
        "1234567890123456789", "-9223372036854775808", "9223372036854775808", "0.1", "2.5E+3", "7e-2"])


def random_value(rng, depth):
    kind = rng.randrange(9 if depth < 12 else 6)
    if kind == 0:
        s = random_string(rng)
        # Raw lone surrogates are not UTF-8 (records never hold them); escaped they are fine.
        raw_ok = not any(0xD800 <= ord(c) < 0xE000 for c in s)
        return json.dumps(s, ensure_ascii=not raw_ok or rng.random() < 0.5)
    if kind == 1:
        return random_text_number(rng)
    if kind == 2:
        return rng.choice(["true", "false", "null", "NaN", "Infinity", "-Infinity"])
    if kind in (3, 4, 5):
        return json.dumps(rng.choice(["", "a", "s1", "1589356438.--0", "b64", "\u00e9t\u00e9"]))
    if kind in (6, 7):
        items = [random_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
        return "[" + rng.choice([",", ", ", " ,\n"]).join(items) + "]"
    keys = [json.dumps(rng.choice(["a", "b", "i", "t", "node", "\u00e9", "dup", random_string(rng)]))
            for _ in range(rng.randrange(0, 5))]
    return "{" + ",".join(f"{k}:{random_value(rng, depth + 1)}" for k in keys) + "}"


def test_generated_documents(wa_web):
    rng = random.Random(7)
    for _ in range(3000):
        text = random_value(rng, 0)
        want = json.loads(text)
        assert same(wa_web._loads(text), want), text
        # read_capture's path: the tape written on a worker, the objects made from it.
        assert same(wa_web._tape_loads(text), want), text


def test_records_of_a_capture(wa_web, samples):
    import os
    from conftest import wadecode_records  # noqa: F401
    for r in wa_web.read_capture(os.path.join(samples, "multi.pcap"), os.path.join(samples, "multi.pcap.keys.json")):
        text = json.dumps(r)
        assert same(wa_web._loads(text), json.loads(text))


@pytest.mark.parametrize("text", ["", " ", "[", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", ".5", "1e", "+1",
                                  "\"\\x\"", "\"\\u12\"", "\"a\nb\"", "nul", "[1] x", "{\"a\":1}}", "\"abc",
                                  "[" * 100000 + "]" * 100000, "1" * 5000])
def test_malformed_text_raises_as_json_loads(wa_web, text):
    try:
        want = json.loads(text)
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)):
            wa_web._loads(text)
        with pytest.raises(type(e)):  # text the tape does not take is kept as text for json.loads
            wa_web._tape_loads(text)
    else:
        assert same(wa_web._loads(text), want)
        assert same(wa_web._tape_loads(text), want)
