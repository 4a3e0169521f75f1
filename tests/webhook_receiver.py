#!/usr/bin/env python3
"""tests/webhook_receiver.py - a local webhook for relboard's announcement
tests.

    webhook_receiver.py MODE PORTFILE OUT

Listens on a free loopback port and writes "127.0.0.1:PORT" to PORTFILE
once it accepts connections.  MODE:
  ok     answers 200 "ok" and appends each POST as one JSON line to OUT
         ({"path": ..., "content_type": ..., "body": <the parsed body>})
  hang   reads the request, appends it to OUT like ok, and never answers
  error  answers 500 with a one-line body, appending the request to OUT
"""
import http.server
import json
import socketserver
import sys
import threading

MODE, PORTFILE, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
HANGING = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(n)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with open(OUT, "a") as f:
            f.write(json.dumps({"path": self.path,
                                "content_type": self.headers.get("Content-Type"),
                                "body": body}) + "\n")
        if MODE == "hang":
            HANGING.wait()
            return
        code, text = (200, b"ok") if MODE == "ok" else (500, b"receiver broken")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write("127.0.0.1:%d\n" % srv.server_address[1])
import os
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
