"""Clients that misbehave against `wareplay serve` while a well-behaved one plays the recording:
garbage frames, a half-open TCP connection, a slow reader, an abrupt disconnect. Prints one line
per check; exit 0 when the well-behaved client got everything and the server kept answering."""
import asyncio
import socket
import sys
import time

import websockets

import session


async def good_client(url, msgs, label):
    expected = sum(1 for m in msgs if m["dir"] == "receive")
    got = 0
    async with websockets.connect(url, max_size=None, open_timeout=10) as ws:
        seq = 0
        for m in msgs:
            if m["dir"] == "send":
                if isinstance(m["data"], str) and m["data"].startswith("goodbye"):
                    continue
                seq += 1
                await ws.send(session.retag(m["data"], "%s%d.--%d" % (label, int(time.time()), seq)))
            else:
                await asyncio.wait_for(ws.recv(), 15)
                got += 1
    return got, expected


async def garbage(url):
    async with websockets.connect(url, max_size=None, open_timeout=10) as ws:
        await ws.send("not a whatsapp frame")
        await ws.send(b"\x00\x01\x02garbage")
        await ws.send("tag,{broken json")
        await ws.send('g1.--1,,["admin","test"]')
        # The broken JSON gets the default reply first; the test's answer follows.
        for _ in range(3):
            reply = await asyncio.wait_for(ws.recv(), 10)
            if reply.startswith("g1.--1,"):
                return reply
        return None


def half_open(host, port):
    s = socket.create_connection((host, port), timeout=5)
    return s  # never sends a byte; kept open during the good client's run


async def slow_reader(url, msgs):
    """Logs in and then does not read for two seconds while the server sends its script."""
    ws = await websockets.connect(url, max_size=None, open_timeout=10, max_queue=1, read_limit=2 ** 10)
    for m in msgs:
        if m["dir"] == "send" and isinstance(m["data"], str) and '"login"' in m["data"]:
            await ws.send(session.retag(m["data"], "slow.--1"))
            break
    await asyncio.sleep(2)
    got = 0
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 2)
            got += 1
    except (asyncio.TimeoutError, websockets.ConnectionClosed):
        pass
    await ws.close()
    return got


async def abrupt(url, msgs):
    ws = await websockets.connect(url, max_size=None, open_timeout=10)
    for m in msgs:
        if m["dir"] == "send" and isinstance(m["data"], str) and '"login"' in m["data"]:
            await ws.send(session.retag(m["data"], "abrupt.--1"))
            break
    await asyncio.wait_for(ws.recv(), 10)
    ws.transport.abort()  # TCP reset, no close frame


async def main(url, path):
    msgs = [m for m in session.load(path) if m["data"] != "?,," and not (isinstance(m["data"], str) and m["data"].startswith("!"))]
    host_port = url.split("//")[1].split("/")[0]
    host, port = host_port.rsplit(":", 1)
    ok = True

    reply = await garbage(url)
    print("garbage then admin test:", reply)
    ok &= reply == 'g1.--1,["Pong",true]'

    sock = half_open(host, int(port))
    slow = asyncio.create_task(slow_reader(url, msgs))
    await abrupt(url, msgs)
    print("abrupt disconnect: done")
    got, expected = await good_client(url, msgs, "a")
    print("good client next to a half-open, a slow and a vanished one: %d of %d" % (got, expected))
    ok &= got == expected
    slow_got = await slow
    print("slow reader got its messages late:", slow_got > 0)
    ok &= slow_got > 0
    sock.close()
    got2, _ = await good_client(url, msgs, "b")
    print("server still healthy afterwards:", got2 == expected)
    ok &= got2 == expected
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
