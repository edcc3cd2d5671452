"""An HTTP server that refuses every request (a WebSocket upgrade included) with one status, for
`wareplay record` and `wareplay client` facing an upstream that will not upgrade. Writes its URL
(ws://127.0.0.1:PORT/) to the ready file; runs until killed (at most 60 s)."""
import http.server
import os
import sys
import threading


def handler_for(status):
    class Refuse(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"refused\n"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Refuse


if __name__ == "__main__":
    # refuse.py STATUS --ready-file FILE (start_bg appends --ready-file FILE)
    args = sys.argv[1:]
    ready = args[args.index("--ready-file") + 1]
    server = http.server.HTTPServer(("127.0.0.1", 0), handler_for(int(args[0])))
    with open(ready + ".tmp", "w") as f:
        f.write("ws://127.0.0.1:%d/\n" % server.server_address[1])
    os.rename(ready + ".tmp", ready)
    threading.Timer(60, server.shutdown).start()
    server.serve_forever()
