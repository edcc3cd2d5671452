#!/usr/bin/env python3
"""End-to-end checks of the Wireshark plugin waweb.so through tshark (CTest label wireshark).

  tshark_check.py same PCAP KEYS [TSHARK_OPTION ...]
      tshark with the plugin gives the records wadecode gives, message for message: tag, kind, and
      node or json, exactly as wadecode --format jsonl writes them.
  tshark_check.py same-as-wireshark-hands-over PCAP KEYS
      For captures Wireshark's own WebSocket dissector cannot inflate completely: every message it
      hands over equals wadecode's record at that place, and each one it loses is counted by its
      "Decompression failed".
  tshark_check.py variant {fragmented,tls,decode-as} PCAP KEYS
      The messages of PCAP again, fragmented into 300-byte frames, inside TLS (tls.keylog_file),
      or with "Decode As" on the server's port: the same records as wadecode gives for PCAP.
  tshark_check.py wrong-keys PCAP KEYS         every binary message gets the HMAC expert info
  tshark_check.py no-keys PCAP                 every binary message gets the missing-keys expert info
  tshark_check.py random-payloads KEYS         hostile messages through the heuristic: no crash
  tshark_check.py fields PCAP KEYS             the WebMessageInfo fields and the node tree filter
  tshark_check.py run [--head N] TSHARK_ARGS...  tshark with the plugin: its standard output (for docs)

Environment: WA_TSHARK_PLUGIN_DIR (the folder holding 4.0/epan/waweb.so), WA_WADECODE (the
binary). tshark ignores personal plugin folders when run as root, so as root it runs as nobody
(setpriv); the files it reads, and the plugin folder, are copied where that user can read them.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcap_streams  # noqa: E402

PLUGIN_DIR = os.environ.get("WA_TSHARK_PLUGIN_DIR", "")
WADECODE = os.environ.get("WA_WADECODE", "wadecode")
WORKDIR = tempfile.mkdtemp(prefix="wa_tshark_")
os.chmod(WORKDIR, 0o755)


def readable_plugins(folder):
    """As root, a copy of the plugin folder that nobody can read (a build tree under /root is not)."""
    if not folder or os.geteuid() != 0:
        return folder
    target = os.path.join(WORKDIR, "plugins")
    shutil.copytree(folder, target)
    for root, dirs, files in os.walk(target):
        os.chmod(root, 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    return target


PLUGIN_DIR = readable_plugins(PLUGIN_DIR)


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def readable(path):
    """A copy of `path` that the unprivileged tshark can read."""
    target = os.path.join(WORKDIR, os.path.basename(path))
    if os.path.abspath(path) != target:
        shutil.copyfile(path, target)
    os.chmod(target, 0o644)
    return target


def tshark(args, check=True):
    home = os.path.join(WORKDIR, "home")
    os.makedirs(home, exist_ok=True)
    os.chmod(home, 0o777)
    env = dict(os.environ, WIRESHARK_PLUGIN_DIR=PLUGIN_DIR, HOME=home, LC_ALL="C.UTF-8")
    cmd = ["tshark", "-n"] + args
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    r = subprocess.run(cmd, capture_output=True, env=env)
    if check and r.returncode != 0:
        fail(f"tshark exited {r.returncode}: {r.stderr.decode(errors='replace')[:2000]}")
    return r


def waweb_objects(pcap, keys, options=()):
    """The waweb subtrees of every packet, in order, from tshark -T json."""
    args = ["-r", readable(pcap), "-o", "tcp.reassemble_out_of_order:TRUE", "-Y", "waweb",
            "-T", "json", "-J", "waweb", "--no-duplicate-keys"]
    if keys:
        args += ["-o", "waweb.keys_file:" + readable(keys)]
    r = tshark(args + list(options))
    if b"waweb" not in r.stdout and b"[]" not in r.stdout[:10]:
        fail("tshark printed no waweb layer; is the plugin loaded? " + r.stderr.decode(errors="replace")[:500])
    out = []
    for packet in json.loads(r.stdout or b"[]"):
        layer = packet["_source"]["layers"].get("waweb")
        if layer is None:
            continue
        out += layer if isinstance(layer, list) else [layer]
    return out


def one(value):
    return value[0] if isinstance(value, list) else value


def tshark_records(pcap, keys, options=()):
    records = []
    for w in waweb_objects(pcap, keys, options):
        r = {"tag": one(w.get("waweb.tag")), "kind": one(w.get("waweb.kind"))}
        if "waweb.node" in w:
            r["node"] = json.loads(one(w["waweb.node"]))
        if "waweb.json" in w:
            r["json"] = json.loads(one(w["waweb.json"]))
        r["_node_text"] = one(w.get("waweb.node"))
        r["_json_text"] = one(w.get("waweb.json"))
        records.append(r)
    return records


def wadecode_records(pcap, keys):
    r = subprocess.run([WADECODE, pcap, "--keys", keys, "--format", "jsonl"], capture_output=True)
    if r.returncode not in (0, 1):
        fail(f"wadecode exited {r.returncode}: {r.stderr.decode(errors='replace')[:500]}")
    records = []
    for line in r.stdout.decode().splitlines():
        rec = json.loads(line)
        if rec["kind"] in ("ws_close", "ws_ping", "ws_pong"):
            continue  # WebSocket control frames: Wireshark's WebSocket dissector shows them itself
        r2 = {"tag": rec.get("tag"), "kind": rec["kind"]}
        for k in ("node", "json"):
            if k in rec:
                r2[k] = rec[k]
                # The text as wadecode wrote it: the record's last member when nothing failed.
                marker = f',"{k}":'
                if "error" not in rec and line.endswith("}") and marker in line:
                    r2["_" + k + "_text"] = line[line.index(marker) + len(marker):-1]
        records.append(r2)
    return records


def compare(ours, theirs, what):
    """Message for message: tag, kind, and the node or json (as values, and the node's text)."""
    if len(ours) != len(theirs):
        fail(f"{what}: tshark shows {len(theirs)} messages, wadecode {len(ours)}")
    for k, (a, b) in enumerate(zip(ours, theirs)):
        for field in ("tag", "kind", "node", "json"):
            if a.get(field) != b.get(field):
                fail(f"{what}: message {k}: {field} differs:\n  wadecode {json.dumps(a.get(field))[:300]}\n"
                     f"  tshark   {json.dumps(b.get(field))[:300]}")
        for text in ("_node_text", "_json_text"):
            if a.get(text) is not None and a[text] != b[text]:
                fail(f"{what}: message {k}: the {text[1:5]} text differs from wadecode's:\n  {a[text][:300]}\n"
                     f"  {str(b[text])[:300]}")
    return len(ours)


def summary(records):
    kinds = {}
    for r in records:
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))


def assert_clean(pcap, keys, options=()):
    """The whole tree (-V) of every packet builds without an exception in the plugin."""
    args = ["-r", readable(pcap), "-V", "-o", "tcp.reassemble_out_of_order:TRUE"] + list(options)
    if keys:
        args += ["-o", "waweb.keys_file:" + readable(keys)]
    r = tshark(args, check=False)
    text = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    if r.returncode != 0:
        fail(f"tshark -V exited {r.returncode}: {text[-2000:]}")
    for bad in ("Dissector bug", "Malformed Packet: WAWeb", "Unhandled exception"):
        if bad in text:
            at = text.index(bad)
            fail(f"tshark -V reports '{bad}':\n{text[max(0, at - 1500):at + 200]}")
    return text


def cmd_same(pcap, keys, *options):
    ours = wadecode_records(pcap, keys)
    n = compare(ours, tshark_records(pcap, keys, options), os.path.basename(pcap))
    assert_clean(pcap, keys, options)
    print(f"{os.path.basename(pcap)}: {n} messages the same in tshark and wadecode ({summary(ours)})")


def cmd_same_as_wireshark_hands_over(pcap, keys):
    ours = wadecode_records(pcap, keys)
    theirs = tshark_records(pcap, keys)
    failed = tshark(["-r", readable(pcap), "-o", "tcp.reassemble_out_of_order:TRUE", "-Y",
                     "_ws.expert.message == \"Decompression failed\"", "-T", "fields", "-e", "frame.number"])
    lost = sum(1 for line in failed.stdout.decode().splitlines() for _ in line.split(","))
    # Each message tshark shows is wadecode's next one with the same tag and kind, in order.
    k = 0
    for b in theirs:
        while k < len(ours) and (ours[k]["tag"], ours[k]["kind"]) != (b["tag"], b["kind"]):
            k += 1
        if k == len(ours):
            fail(f"tshark shows a message wadecode does not have at that place: {b['tag']} {b['kind']}")
        compare([ours[k]], [b], f"message {b['tag']}")
        k += 1
    if len(ours) - len(theirs) != lost:
        fail(f"wadecode reads {len(ours)} messages, tshark shows {len(theirs)}, and WebSocket reports {lost} "
             f"it could not inflate")
    print(f"{os.path.basename(pcap)}: the {len(theirs)} messages WebSocket hands over are wadecode's; the "
          f"{lost} it cannot inflate are the only ones missing (wadecode reads all {len(ours)})")


def cmd_variant(kind, pcap, keys):
    segments = pcap_streams.read_tcp_segments(pcap)
    out = os.path.join(WORKDIR, f"{kind}.pcap")
    options = []
    if kind == "fragmented":
        heads, messages = pcap_streams.websocket_messages(segments)
        pcap_streams.write_websocket_capture(out, heads, messages, fragment=300)
        frames = sum(-(-len(m[3]) // 300) if len(m[3]) > 300 else 1 for m in messages)
        print(f"{len(messages)} messages in {frames} frames")
    elif kind == "tls":
        keylog = os.path.join(WORKDIR, "keylog.txt")
        pcap_streams.write_segments(out, pcap_streams.tls_wrap(segments, keylog, WORKDIR), server_port=443)
        options = ["-o", "tls.keylog_file:" + readable(keylog)]
    elif kind == "decode-as":
        pcap_streams.write_segments(out, segments, server_port=18080)
        options = ["-d", "tcp.port==18080,waweb"]
    else:
        fail("unknown variant " + kind)
    ours = wadecode_records(pcap, keys)
    n = compare(ours, tshark_records(out, keys, options), kind)
    print(f"{kind}: {n} messages the same in tshark and wadecode ({summary(ours)})")


def expert_count(pcap, keys, field):
    args = ["-r", readable(pcap), "-Y", field, "-T", "fields", "-e", "waweb.kind", "-E", "occurrence=a"]
    if keys:
        args += ["-o", "waweb.keys_file:" + readable(keys)]
    r = tshark(args)
    return sum(line.count("binary") for line in r.stdout.decode().splitlines())


def cmd_wrong_keys(pcap, keys):
    binary = sum(1 for r in wadecode_records(pcap, keys) if r["kind"] == "binary")
    theirs = tshark_records(pcap, keys)
    bad = [r for r in theirs if r["kind"] == "binary" and "node" in r]
    if bad:
        fail(f"{len(bad)} binary messages decoded with the wrong keys")
    flagged = expert_count(pcap, keys, "waweb.hmac.mismatch")
    if flagged != binary:
        fail(f"{flagged} HMAC expert infos for {binary} binary messages")
    print(f"wrong keys: all {binary} binary messages flagged waweb.hmac.mismatch, none decoded")


def cmd_no_keys(pcap):
    binary = sum(1 for r in tshark_records(pcap, None) if r["kind"] == "binary")
    flagged = expert_count(pcap, None, "waweb.keys.missing")
    if binary == 0 or flagged != binary:
        fail(f"{flagged} missing-keys expert infos for {binary} binary messages")
    r = tshark(["-r", readable(pcap), "-Y", "waweb.keys.missing", "-V"])
    if b"waweb.keys_file" not in r.stdout:
        fail("the missing-keys expert info does not name the preference waweb.keys_file")
    print(f"no keys: all {binary} binary messages flagged waweb.keys.missing, naming waweb.keys_file")


def hostile_messages(rng, count):
    tags = [b"1589356438.--0", b"s1", b"preempt-1", b"?", b"!", b"\x1b[2J", b"a" * 70, b""]
    out = []
    for k in range(count):
        sender = pcap_streams.CLIENT if k % 2 == 0 else pcap_streams.SERVER
        shape = rng.randrange(8)
        tag = rng.choice(tags)
        body = bytes(rng.randrange(256) for _ in range(rng.choice([0, 1, 2, 17, 47, 48, 49, 50, 64, 65, 200, 3000])))
        if shape == 0:
            payload, op = tag + b"," + body, 2
        elif shape == 1:
            payload, op = tag + b",,{\"a\":" + body, 1
        elif shape == 2:
            payload, op = tag + b"," + b"[" * rng.randrange(1, 5000), 1
        elif shape == 3:
            payload, op = b"?,,", 1
        elif shape == 4:
            payload, op = b"!" + str(rng.randrange(10 ** 20)).encode(), 1
        elif shape == 5:
            payload, op = body, rng.choice([1, 2])
        elif shape == 6:
            payload, op = tag + b"," + bytes([rng.randrange(256), rng.randrange(256)]) + body, 2
        else:
            payload, op = tag + b",[\"Conn\",{\"secret\":\"" + body.hex().encode() + b"\"}]", 1
        out.append((float(k), sender, op, payload))
    return out


def cmd_random_payloads(keys):
    rng = random.Random(20201207)
    segments = pcap_streams.read_tcp_segments(os.path.join(os.path.dirname(keys), "session.pcap"))
    heads, _ = pcap_streams.websocket_messages(segments)
    out = os.path.join(WORKDIR, "hostile.pcap")
    messages = hostile_messages(rng, 600)
    pcap_streams.write_websocket_capture(out, heads, messages, fragment=0)
    shown = 0
    for with_keys in (None, keys):
        text = assert_clean(out, with_keys)
        if "\x1b[2J" in text:
            fail("a control sequence from the capture reached tshark's output unescaped")
        shown = text.count("WhatsApp Web (legacy)")
    if shown < len(messages) // 4:
        fail(f"only {shown} of {len(messages)} hostile messages reached the plugin")
    print(f"{len(messages)} hostile messages ({shown} taken as this protocol's), with and without keys: "
          f"tshark -V ran clean")


def cmd_fields(pcap, keys):
    def values(filter_, field):
        r = tshark(["-r", readable(pcap), "-o", "waweb.keys_file:" + readable(keys), "-Y", filter_,
                    "-T", "fields", "-e", field, "-E", "occurrence=a", "-E", "aggregator=|"])
        return [v for line in r.stdout.decode().splitlines() for v in line.split("|") if v]
    ids = values("waweb.msg.id", "waweb.msg.id")
    texts = values("waweb.msg.conversation", "waweb.msg.conversation")
    jids = values("waweb.msg.remote_jid", "waweb.msg.remote_jid")
    stamps = values("waweb.msg.timestamp", "waweb.msg.timestamp")
    relays = values('waweb.attr == "type=relay"', "waweb.tag")
    # What wadecode's records say: the messages in the nodes, and the relays the client sent.
    want_ids, want_texts, want_jids, want_relays = [], [], [], []

    def has_relay(node):
        attrs, content = node[1], node[2]
        if isinstance(attrs, dict) and attrs.get("type") == "relay":
            return True
        return isinstance(content, list) and any(has_relay(child) for child in content)

    def walk(node):
        desc, attrs, content = node[0], node[1], node[2]
        if isinstance(content, dict) and "WebMessageInfo" in content:
            info = content["WebMessageInfo"]
            want_ids.append(info["key"]["id"])
            want_jids.append(info["key"]["remoteJid"])
            if "conversation" in info.get("message", {}):
                want_texts.append(info["message"]["conversation"])
        if isinstance(content, list):
            for child in content:
                walk(child)
    for r in wadecode_records(pcap, keys):
        if "node" in r:
            walk(r["node"])
            if has_relay(r["node"]):
                want_relays.append(r["tag"])
    checks = [("waweb.msg.id", ids, want_ids), ("waweb.msg.conversation", texts, want_texts),
              ("waweb.msg.remote_jid", jids, want_jids),
              ('waweb.attr == "type=relay" (tags)', relays, want_relays)]
    for name, got, want in checks:
        if got != want or not want:
            fail(f"{name}: tshark {got[:5]}... ({len(got)}), wadecode {want[:5]}... ({len(want)})")
    if len(stamps) != len(ids) or not all(s.isdigit() for s in stamps):
        fail(f"waweb.msg.timestamp: {stamps[:5]}")
    print(f"fields: {len(ids)} messages with waweb.msg.id/remote_jid/timestamp, {len(texts)} conversations, "
          f"{len(relays)} relays by waweb.attr: all as in wadecode's records")


def cmd_run(*args):
    head = None
    if args[:1] == ("--head",):
        head, args = int(args[1]), args[2:]
    # Files named on the command line are read by the unprivileged tshark: copies it can read.
    fixed = []
    for a in args:
        if ":" in a and os.path.isfile(a.split(":", 1)[1]):
            name, path = a.split(":", 1)
            a = name + ":" + readable(path)
        elif os.path.isfile(a):
            a = readable(a)
        fixed.append(a)
    lines = tshark(fixed).stdout.decode().splitlines()
    print("\n".join(lines[:head] if head else lines))


def main(argv):
    if not argv:
        fail(__doc__)
    command, args = argv[0], argv[1:]
    commands = {"same": cmd_same, "same-as-wireshark-hands-over": cmd_same_as_wireshark_hands_over,
                "variant": cmd_variant, "wrong-keys": cmd_wrong_keys, "no-keys": cmd_no_keys,
                "random-payloads": cmd_random_payloads, "fields": cmd_fields, "run": cmd_run}
    if command not in commands:
        fail(f"unknown command {command}")
    try:
        commands[command](*args)
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
