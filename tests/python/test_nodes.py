"""decode_node, encode_node and Node."""
import json

import pytest

from conftest import sample

RECEIPT = bytes.fromhex("f809475b4622faff8615550100001f5027fb063eb0aabbccdd57ff051589356450")


def node_lines():
    with open(sample("../nodes/ok_mixed.hex")) as f:
        return [bytes.fromhex(line.strip()) for line in f if line.strip()]


def test_decode_a_node(wa_web):
    n = wa_web.decode_node(RECEIPT)
    assert n.description == "receipt"
    assert n.attrs == {"type": "read", "from": "15550100001@c.us", "id": "3EB0AABBCCDD", "t": "1589356450"}
    assert n.content is None and n.content_kind == "none" and n.children == []
    assert n.message is None
    assert wa_web.decode_node(bytearray(RECEIPT)) == n
    assert wa_web.decode_node(memoryview(RECEIPT)) == n


def test_round_trip_of_built_nodes(wa_web):
    child = wa_web.Node("message", {}, b"\x0a\x02\x08\x01")
    parent = wa_web.Node("action", {"add": "relay", "absent": None}, [child, wa_web.Node("text", None, "h\u00e9llo")])
    for style in ("server", "webclient", "plain"):
        encoded = wa_web.encode_node(parent, style)
        back = wa_web.decode_node(encoded)
        # Text that no string tag packs travels as raw bytes: the bytes are the same, the kind is not.
        assert back.content[1].content in ("h\u00e9llo", "h\u00e9llo".encode())
        assert wa_web.encode_node(back, style) == encoded
        if style != "webclient":  # WA-Web's writer leaves out attributes without a value
            assert back.attrs == parent.attrs and back.content[0] == child
    packed = wa_web.Node("t", {"t": "1589356450"}, "1589356450")  # digits: a NIBBLE string, read as text
    assert wa_web.decode_node(wa_web.encode_node(packed, "server")) == packed
    assert parent.attr_list == [("add", "relay"), ("absent", None)]
    assert [c.description for c in parent.content] == ["message", "text"]
    assert parent.content[1].content == "h\u00e9llo"
    assert parent.content[0].content == b"\x0a\x02\x08\x01"
    assert repr(parent) == "<Node 'action' 'add'='relay' 'absent'=None 2 children>"


def test_server_style_is_byte_exact_on_the_corpus(wa_web):
    lines = node_lines()
    assert len(lines) > 10
    for data in lines:
        assert wa_web.encode_node(wa_web.decode_node(data), "server") == data


def test_to_json_is_wadecodes_node_json(wa_web, tmp_path):
    from conftest import tool
    import subprocess
    hex_file = sample("../nodes/ok_mixed.hex")
    out = subprocess.run([tool("wadecode"), "--format", "jsonl", hex_file], capture_output=True, check=True)
    lines = out.stdout.decode().splitlines()
    nodes = node_lines()
    assert len(lines) == len(nodes)
    for line, data in zip(lines, nodes):
        n = wa_web.decode_node(data)
        assert n.to_json() == line  # exactly the text wadecode writes for the node
        assert wa_web.Node.from_json(n.to_json()) == n
        assert json.loads(n.to_json(pretty=True)) == json.loads(line)


def test_message_nodes_carry_their_web_message_info(wa_web):
    found = 0
    for data in node_lines():
        def walk(n):
            nonlocal found
            if n.description == "message" and n.content_kind == "bytes":
                info = n.message
                if info is not None:
                    assert "key" in info
                    found += 1
                    assert wa_web.decode_node(data, proto=False).to_json().count("WebMessageInfo") == 0
            for c in n.children:
                walk(c)
        walk(wa_web.decode_node(data))
    assert found > 0


def test_decode_errors_say_where(wa_web):
    with pytest.raises(wa_web.DecodeError) as e:
        wa_web.decode_node(RECEIPT[:-3])
    assert e.value.stage == "decode"
    assert e.value.offset == 28  # the NIBBLE_8 string "1589356450" that the cut reaches
    assert e.value.code == "truncated"
    assert "found 2 left" in e.value.reason
    assert isinstance(e.value, ValueError) and isinstance(e.value, wa_web.Error)
    assert str(e.value).startswith("decode at offset ")
    with pytest.raises(wa_web.DecodeError) as e:
        wa_web.decode_node(b"")
    assert e.value.offset == 0
    with pytest.raises(wa_web.DecodeError) as e:
        wa_web.decode_node(RECEIPT + b"\x00")
    assert e.value.offset == len(RECEIPT)


def test_node_json_errors_say_where(wa_web):
    with pytest.raises(wa_web.DecodeError) as e:
        wa_web.Node.from_json('["a", {"k": 1}]')
    assert e.value.stage == "json"
    assert e.value.offset == 12
    assert "$[1].k" in str(e.value)


def test_not_utf8_stays_bytes(wa_web):
    n = wa_web.Node(b"\xff\xfe", {b"k\xff": b"\x80"}, b"\x00")
    back = wa_web.decode_node(wa_web.encode_node(n, "plain"))
    assert back.description == b"\xff\xfe"
    assert back.attrs == {b"k\xff": b"\x80"}
    assert back == n


def test_bad_arguments(wa_web):
    with pytest.raises(TypeError):
        wa_web.Node("a", {"k": 1})
    with pytest.raises(TypeError):
        wa_web.Node("a", None, [1])
    with pytest.raises(ValueError):
        wa_web.encode_node(wa_web.Node("a"), "fancy")
    with pytest.raises(wa_web.DecodeError):
        wa_web.encode_node(wa_web.Node(""), "server")
    with pytest.raises(TypeError):
        hash(wa_web.Node("a"))
