"""A WebSocket client from python3-websockets playing a recorded restore session against
`wareplay serve`: it sends the recorded client messages (fresh tags), answers nothing itself,
and counts what arrives. Prints a deterministic summary; exit 0 when every recorded server
message arrived.

client.py URL SESSION [--unrecorded] [--no-live]
  --unrecorded  also send a message the recording lacks and print the reply
  --no-live     skip the live keep-alive and admin test (for mock servers that only replay)"""
import asyncio
import sys
import time

import websockets

import session

KEEPALIVE_REPLY = "!"


async def main(url, path, unrecorded, live):
    msgs = [m for m in session.load(path) if m["data"] not in ("?,,",) and not str(m["data"]).startswith("!")]
    expected = sum(1 for m in msgs if m["dir"] == "receive")
    received = 0
    pongs = 0
    extra = []
    async with websockets.connect(url, origin="https://web.whatsapp.com", max_size=None, open_timeout=10) as ws:
        if live:
            # Keep-alive and admin test, answered live.
            await ws.send("?,,")
            reply = await asyncio.wait_for(ws.recv(), 10)
            pongs += reply.startswith("!") and reply[1:].isdigit()
            await ws.send('t1.--0,,["admin","test"]')
            print("test:", await asyncio.wait_for(ws.recv(), 10))
        seq = 100
        for i, m in enumerate(msgs):
            if m["dir"] == "send":
                if isinstance(m["data"], str) and m["data"].startswith("goodbye"):
                    continue
                seq += 1
                message = session.retag(m["data"], "py%d.--%d" % (int(time.time()), seq))
                await ws.send(message)
                continue
            data = await asyncio.wait_for(ws.recv(), 10)
            received += 1
        if unrecorded:
            await ws.send('u1.--9,,["query","unknown","x"]')
            extra.append(await asyncio.wait_for(ws.recv(), 10))
        await ws.send('goodbye,,["admin","Conn","disconnect"]')
        try:
            await asyncio.wait_for(ws.recv(), 5)
        except websockets.ConnectionClosed:
            pass
    if live:
        print("keep-alive answered:", pongs == 1)
    print("received %d of %d recorded server messages" % (received, expected))
    for e in extra:
        print("unrecorded reply:", e)
    return 0 if received == expected and (pongs == 1 or not live) else 1


if __name__ == "__main__":
    flags = sys.argv[3:]
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2], "--unrecorded" in flags, "--no-live" not in flags)))
