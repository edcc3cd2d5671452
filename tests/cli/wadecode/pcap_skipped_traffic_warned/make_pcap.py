# A pcap of what the pcap reader skips without a record: a plain HTTP connection (not a
# WebSocket upgrade) and an IPv4 fragment. Written to standard output.
import struct, sys
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b)//2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff
def ip(src, dst, payload, proto=6, flags_frag=0x4000, ident=1):
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20+len(payload), ident, flags_frag, 64, proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack('!H', csum(h)) + h[12:]
    return h + payload
def tcp(src, dst, sp, dp, seq, ack, flags, data=b''):
    h = struct.pack('!HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0)
    pseudo = bytes(src) + bytes(dst) + struct.pack('!BBH', 0, 6, len(h)+len(data))
    c = csum(pseudo + h + data)
    return ip(src, dst, h[:16] + struct.pack('!H', c) + h[18:] + data)
def eth(p): return b'\x02\0\0\0\0\x02' + b'\x02\0\0\0\0\x01' + b'\x08\x00' + p
C, S = [192,0,2,1], [192,0,2,2]
pk = []
cs, ss = 1000, 5000
req = b'GET /index.html HTTP/1.1\r\nHost: example.test\r\n\r\n'
resp = b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
pk.append(tcp(C, S, 40000, 80, cs, 0, 0x02))
pk.append(tcp(S, C, 80, 40000, ss, cs+1, 0x12))
pk.append(tcp(C, S, 40000, 80, cs+1, ss+1, 0x10))
pk.append(tcp(C, S, 40000, 80, cs+1, ss+1, 0x18, req))
pk.append(tcp(S, C, 80, 40000, ss+1, cs+1+len(req), 0x18, resp))
pk.append(tcp(C, S, 40000, 80, cs+1+len(req), ss+1+len(resp), 0x11))
pk.append(tcp(S, C, 80, 40000, ss+1+len(resp), cs+2+len(req), 0x11))
# An IPv4 fragment (more fragments set): not reassembled.
pk.append(ip(C, S, b'\0' * 24, proto=6, flags_frag=0x2000, ident=7))
out = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
for i, p in enumerate(pk):
    f = eth(p)
    out += struct.pack('<IIII', 1589356400 + i, 0, len(f), len(f)) + f
sys.stdout.buffer.write(out)
