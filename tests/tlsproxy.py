#!/usr/bin/env python3
# tests/tlsproxy.py - an HTTPS front for relboard-sim in tests: serves TLS
# on 127.0.0.1 with tests/fixtures/tls/server.pem (for localhost and
# 127.0.0.1, signed by ca.pem) and passes each GET on to the simulator.
#
#   tlsproxy.py [--client-ca CA] CERT KEY UPSTREAM-URL
#
# --client-ca: require a client certificate signed by CA (a handshake
# without one fails).  Prints "listening on PORT" once ready; runs until
# killed.
import http.server
import ssl
import sys
import urllib.error
import urllib.request

args = sys.argv[1:]
client_ca = None
if args[:1] == ["--client-ca"]:
    client_ca, args = args[1], args[2:]
cert, key, upstream = args[0], args[1], args[2].rstrip("/")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        req = urllib.request.Request(upstream + self.path)
        if self.headers.get("Authorization"):
            req.add_header("Authorization", self.headers["Authorization"])
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, ctype, body = r.status, r.headers.get("Content-Type"), r.read()
        except urllib.error.HTTPError as e:
            status, ctype, body = e.code, e.headers.get("Content-Type"), e.read()
        self.send_response(status)
        self.send_header("Content-Type", ctype or "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that refuses the certificate is what tests want


srv = Server(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
if client_ca:
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(client_ca)
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print("listening on %d" % srv.server_address[1], flush=True)
srv.serve_forever()
