"""Reads and writes the small pcaps the Wireshark plugin's tests need. Standard library only.

A capture is a list of Segment (time, direction, payload) of one TCP connection, in capture order;
the writer wraps them in Ethernet, IPv4 and TCP with a handshake and a close, so Wireshark and
wadecode both reassemble them. On top: WebSocket messages (read from and written to the byte
streams, fragmented if asked), and TLS (the same bytes through Python's ssl with a key log).
"""
import os
import random
import socket
import ssl
import struct
import subprocess
import tempfile
from dataclasses import dataclass

CLIENT, SERVER = "client", "server"


@dataclass
class Segment:
    t: float
    sender: str  # CLIENT or SERVER
    payload: bytes


# ---- pcap ------------------------------------------------------------------------------------------

def read_tcp_segments(path):
    """The TCP payloads of the one connection in a classic pcap (Ethernet, IPv4), in capture order;
    the client is the side that sent the SYN."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        raise ValueError(f"{path}: not a little-endian classic pcap")
    nano = magic == 0xA1B23C4D
    pos, client, segments = 24, None, []
    while pos + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack("<IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        t = sec + frac / (1e9 if nano else 1e6)
        if len(frame) < 14 + 20 or struct.unpack("!H", frame[12:14])[0] != 0x0800:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        if ip[9] != 6:
            continue
        tcp = ip[ihl:total]
        sport, dport = struct.unpack("!HH", tcp[:4])
        flags = tcp[13]
        doff = (tcp[12] >> 4) * 4
        src = (ip[12:16], sport)
        if flags & 0x02 and not flags & 0x10:  # SYN without ACK: the client
            client = src
        payload = bytes(tcp[doff:])
        if payload:
            segments.append(Segment(t, CLIENT if src == client else SERVER, payload))
    if client is None:
        raise ValueError(f"{path}: no SYN seen")
    return segments


def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


class PcapWriter:
    """One TCP connection between 192.0.2.10:client_port and 192.0.2.80:server_port."""

    def __init__(self, path, client_port=51000, server_port=80):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        self.ends = {CLIENT: (bytes([192, 0, 2, 10]), client_port), SERVER: (bytes([192, 0, 2, 80]), server_port)}
        self.seq = {CLIENT: 1000, SERVER: 5000}
        self.t = 0.0

    def _packet(self, t, sender, flags, payload=b""):
        other = SERVER if sender == CLIENT else CLIENT
        (src, sport), (dst, dport) = self.ends[sender], self.ends[other]
        tcp = struct.pack("!HHIIBBHHH", sport, dport, self.seq[sender], self.seq[other], 5 << 4, flags, 65535, 0, 0)
        pseudo = src + dst + struct.pack("!BBH", 0, 6, len(tcp) + len(payload))
        tcp = tcp[:16] + struct.pack("!H", _checksum(pseudo + tcp + payload)) + tcp[18:]
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp) + len(payload), 0, 0x4000, 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
        frame = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00" + ip + tcp + payload
        self.t = max(self.t, t)
        sec = int(self.t)
        self.f.write(struct.pack("<IIII", sec, int((self.t - sec) * 1e6), len(frame), len(frame)))
        self.f.write(frame)
        self.seq[sender] = (self.seq[sender] + len(payload) + (1 if flags & 0x03 else 0)) & 0xFFFFFFFF

    def open(self, t):
        self._packet(t, CLIENT, 0x02)
        self._packet(t, SERVER, 0x12)
        self._packet(t, CLIENT, 0x10)

    def send(self, t, sender, payload, mss=1400):
        for k in range(0, len(payload), mss):
            self._packet(t, sender, 0x18, payload[k:k + mss])

    def close(self, t):
        self._packet(t, CLIENT, 0x11)
        self._packet(t, SERVER, 0x11)
        self._packet(t, CLIENT, 0x10)
        self.f.close()


def write_segments(path, segments, server_port=80):
    w = PcapWriter(path, server_port=server_port)
    t0 = segments[0].t if segments else 0.0
    w.open(t0)
    for s in segments:
        w.send(s.t, s.sender, s.payload)
    w.close(segments[-1].t if segments else 0.0)


# ---- WebSocket -------------------------------------------------------------------------------------

def split_http_head(stream):
    end = stream.index(b"\r\n\r\n") + 4
    return stream[:end], stream[end:]


def ws_frames(stream):
    """(fin, opcode, payload) of each frame of one direction's bytes after the HTTP head."""
    pos, frames = 0, []
    while pos + 2 <= len(stream):
        b0, b1 = stream[pos], stream[pos + 1]
        n, p = b1 & 0x7F, pos + 2
        if n == 126:
            n, p = struct.unpack("!H", stream[p:p + 2])[0], p + 2
        elif n == 127:
            n, p = struct.unpack("!Q", stream[p:p + 8])[0], p + 8
        key = None
        if b1 & 0x80:
            key, p = stream[p:p + 4], p + 4
        payload = stream[p:p + n]
        if key:
            payload = bytes(c ^ key[i % 4] for i, c in enumerate(payload))
        frames.append((bool(b0 & 0x80), b0 & 0x0F, payload))
        pos = p + n
    return frames


def ws_frame(opcode, payload, fin=True, mask_key=None):
    head = bytes([(0x80 if fin else 0) | opcode])
    m = 0x80 if mask_key else 0
    if len(payload) < 126:
        head += bytes([m | len(payload)])
    elif len(payload) < 65536:
        head += bytes([m | 126]) + struct.pack("!H", len(payload))
    else:
        head += bytes([m | 127]) + struct.pack("!Q", len(payload))
    if mask_key:
        payload = bytes(c ^ mask_key[i % 4] for i, c in enumerate(payload))
        head += mask_key
    return head + payload


def ws_message_frames(opcode, payload, fragment, rng, masked):
    """The frames of one message: fragments of at most `fragment` bytes (0: one frame)."""
    parts = [payload] if not fragment or len(payload) <= fragment else [
        payload[k:k + fragment] for k in range(0, len(payload), fragment)]
    out = b""
    for i, part in enumerate(parts):
        key = bytes(rng.randrange(256) for _ in range(4)) if masked else None
        out += ws_frame(opcode if i == 0 else 0, part, fin=i == len(parts) - 1, mask_key=key)
    return out


def websocket_messages(segments):
    """The HTTP heads and the WebSocket messages of a capture, in the order their last byte was sent:
    (heads {CLIENT, SERVER}, [(t, sender, opcode, payload)])."""
    streams = {CLIENT: b"", SERVER: b""}
    ends = []  # (offset in the sender's stream after the segment, t, sender, segment number)
    for k, s in enumerate(segments):
        streams[s.sender] += s.payload
        ends.append((len(streams[s.sender]), s.t, s.sender, k))
    heads, messages = {}, []
    for side in (CLIENT, SERVER):
        head, rest = split_http_head(streams[side])
        heads[side] = head
        pos, current, first_op = len(head), b"", None
        for fin, op, payload in ws_frames(rest):
            # where this frame ends in the sender's stream: find the segment that carried its last byte
            pos += len(ws_frame(op, payload, fin, b"\0\0\0\0" if side == CLIENT else None))
            if op in (1, 2):
                current, first_op = payload, op
            elif op == 0:
                current += payload
            else:
                first_op, current = op, payload
            if fin:
                t, k = next((t, k) for end, t, who, k in ends if who == side and end >= pos)
                messages.append((k, t, side, first_op, current))
                current = b""
    messages.sort(key=lambda m: m[0])  # the order in which the segments that end them were sent
    return heads, [m[1:] for m in messages]


def write_websocket_capture(path, heads, messages, fragment=0, seed=7):
    """A capture of the same upgrade and messages, each message's frames (fragmented when
    `fragment` > 0, client frames masked) in one send."""
    rng = random.Random(seed)
    w = PcapWriter(path)
    t0 = messages[0][0] if messages else 0.0
    w.open(t0)
    w.send(t0, CLIENT, heads[CLIENT])
    w.send(t0, SERVER, heads[SERVER])
    for t, sender, op, payload in messages:
        w.send(t, sender, ws_message_frames(op, payload, fragment, rng, sender == CLIENT))
    w.close(messages[-1][0] if messages else t0)


# ---- TLS -------------------------------------------------------------------------------------------

def tls_wrap(segments, keylog_path, workdir):
    """The same byte streams inside one TLS connection (a throw-away self-signed certificate made
    with openssl); the session keys go to `keylog_path` (NSS key log, for tls.keylog_file)."""
    key, cert = os.path.join(workdir, "tls.key"), os.path.join(workdir, "tls.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-subj", "/CN=waweb.test", "-days", "2", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.verify_mode = ssl.CERT_NONE
    client_ctx.keylog_filename = keylog_path
    bios = {side: (ssl.MemoryBIO(), ssl.MemoryBIO()) for side in (CLIENT, SERVER)}  # (incoming, outgoing)
    ends = {CLIENT: client_ctx.wrap_bio(*bios[CLIENT], server_side=False, server_hostname="waweb.test"),
            SERVER: server_ctx.wrap_bio(*bios[SERVER], server_side=True)}
    out, t0 = [], segments[0].t if segments else 0.0

    def flush(side, t):
        data = bios[side][1].read()
        if data:
            out.append(Segment(t, side, data))
            other = SERVER if side == CLIENT else CLIENT
            bios[other][0].write(data)
            return True
        return False

    def pump(t):
        for side in (CLIENT, SERVER):
            try:
                ends[side].do_handshake()
            except ssl.SSLWantReadError:
                pass
            try:
                while ends[side].read(65536):
                    pass
            except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
                pass

    for _ in range(10):  # the handshake
        pump(t0)
        if not (flush(CLIENT, t0) | flush(SERVER, t0)):
            break
    for s in segments:
        ends[s.sender].write(s.payload)
        flush(s.sender, s.t)
        pump(s.t)
        flush(CLIENT, s.t)
        flush(SERVER, s.t)
    return out
