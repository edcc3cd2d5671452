"""A mock server from python3-websockets for `wareplay client`: after the i-th live client
message (keep-alives answered apart) it sends the recorded server messages that followed the
i-th recorded one, replies carrying the live tag. Writes its URL to the ready file."""
import asyncio
import sys
import time

import websockets

import session


def plan(path):
    msgs = [m for m in session.load(path) if m["data"] != "?,," and not (isinstance(m["data"], str) and m["data"].startswith("!"))]
    steps = []  # (recorded client message, [server messages after it])
    head = []
    for m in msgs:
        if m["dir"] == "send":
            steps.append((m, []))
        elif steps:
            steps[-1][1].append(m)
        else:
            head.append(m)
    return head, steps


async def handler(ws, head, steps, log):
    log.write("origin %s path %s\n" % (ws.request_headers.get("Origin"), ws.path))
    log.flush()
    for m in head:
        await ws.send(m["data"])
    i = 0
    async for live in ws:
        if live == "?,,":
            await ws.send("!%d" % int(time.time() * 1000))
            continue
        if i >= len(steps):
            continue
        recorded, replies = steps[i]
        i += 1
        live_tag = session.tag_of(live)
        for r in replies:
            data = session.retag(r["data"], live_tag) if r["tag"] == recorded["tag"] else r["data"]
            await ws.send(data)
        if isinstance(live, str) and live.startswith("goodbye"):
            await ws.close()
            return


async def main(path, ready, logpath):
    head, steps = plan(path)
    with open(logpath, "w") as log:
        async with websockets.serve(lambda ws: handler(ws, head, steps, log), "127.0.0.1", 0, max_size=None) as server:
            port = server.sockets[0].getsockname()[1]
            with open(ready + ".tmp", "w") as f:
                f.write("ws://127.0.0.1:%d/\n" % port)
            import os
            os.rename(ready + ".tmp", ready)
            await asyncio.sleep(60)


if __name__ == "__main__":
    # server.py SESSION --ready-file FILE LOG (start_bg appends --ready-file FILE)
    args = sys.argv[1:]
    ready = args[args.index("--ready-file") + 1]
    rest = [a for a in args if a not in ("--ready-file", ready)]
    try:
        asyncio.run(main(rest[0], ready, rest[1]))
    except KeyboardInterrupt:
        pass
