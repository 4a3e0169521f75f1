#!/usr/bin/env python3
"""faultproxy.py - an HTTP proxy for relboard's tests that sits in front of
relboard-sim and, per request, applies a fault chosen by the test.

    faultproxy.py --upstream http://127.0.0.1:PORT --rules FILE
                  [--log FILE] [--port N] [--parent PID] [--lifetime S]

It listens on 127.0.0.1 only and prints "listening on 127.0.0.1:PORT" once
ready.  It exits by itself when the process --parent is gone, after
--lifetime seconds (default 900), or on SIGTERM/SIGINT.  Every loop is
bounded (requests per connection, bytes read, seconds waited).

The test chooses faults in the rules FILE (JSON), which is read again for
every request; writing new content (best by rename) starts every rule's
occurrence count afresh:

    {"rules": [{"method": "PATCH", "path": "/strategies/", "nth": 1,
                "fault": "status", "apply": true, "status": 500}]}

A rule matches a request by method ("*" or absent: any) and path (a
regular expression searched in the request target).  Each rule counts the
requests it matches; it applies at its "nth" one (1-based; a list for
several; absent: every one).  The first rule that applies wins; a request
no rule applies to is forwarded unchanged.

Faults ("apply": true first forwards the request to the upstream, so a
write takes effect, and then misbehaves):
  status     answer "status" (default 500) with "body" (a string, or JSON
             for an object), "headers", "content_type"; "encoding":
             "latin-1" sends the body's characters U+0000-U+00FF as single
             raw bytes (0x80-0x9F included).  "{token}" in the body is
             replaced with the credential of the request's Authorization
             header (a server echoing the token).
  swap       answer with the upstream's answer for the path "with" instead
  cut        the upstream's answer cut to "keep" (default 0.5) of its
             length, with a Content-Length that matches (broken JSON)
  truncate   the upstream's answer with its full Content-Length, but only
             "keep" of the body sent before the connection closes
  reset      read the request and reset the connection (SO_LINGER 0)
  close      read the request and close the connection without an answer
  drip       the upstream's answer, "bytes" at a time every "interval_ms",
             for at most "max_s" seconds (then the connection closes)
  hang       read the request and answer nothing until the client goes
             away or "max_s" (default 60) seconds pass
  huge       a 200 JSON answer of "size" bytes (default 17 MiB), with a
             Content-Length or, with "chunked": true, without one
  gzip       the upstream's answer gzip-compressed (Content-Encoding: gzip)
  gzip_bomb  a gzip answer that inflates to "size" bytes (default 64 MiB)
  edit       the upstream's JSON answer changed: "set" top-level keys
             (e.g. {"items": null}), "drop" every key of these names at
             any depth, "inject": true appends control characters (ESC
             sequences, C1 controls, bidi and zero-width characters, DEL,
             CR) to every string value ("skip": key names, or dotted key
             paths such as "environments.name", to leave alone)
  pass       forward unchanged

Any fault that forwards and answers takes "close": true to end the
connection after the answer (Connection: close), so that the client's next
request opens a new one; otherwise connections are kept alive, as real
servers do.

The log FILE gets one JSON line per request: its number, method, path,
the rule and fault applied, and whether it was forwarded upstream.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib

MAX_HEAD = 64 * 1024
MAX_BODY = 8 * 1024 * 1024
MAX_UPSTREAM = 64 * 1024 * 1024
MAX_REQUESTS_PER_CONN = 1000
IDLE_S = 30
MAX_WAIT_S = 120

# Appended to every string value by the "edit"/"inject" fault: a colour and
# a title escape, a C1 CSI, RLO, LRI, zero-width space, DEL, CR, backspace.
PAYLOAD = ("\x1b[31m\x1b]0;pwned\x07\x9b2J\u202e\u2066\u200b\x7f\r\b")


class Rules:
    """The rules file, read again on every request, and each rule's count."""

    def __init__(self, path):
        self.path = path
        self.text = None
        self.rules = []
        self.counts = []
        self.lock = threading.Lock()

    def pick(self, method, target):
        with self.lock:
            try:
                with open(self.path, encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                text = ""
            if text != self.text:
                self.text = text
                try:
                    self.rules = json.loads(text).get("rules", []) if text else []
                except ValueError:
                    self.rules = []
                self.counts = [0] * len(self.rules)
            chosen = None
            for i, r in enumerate(self.rules):
                m = r.get("method", "*")
                if m not in ("*", method):
                    continue
                if not re.search(r.get("path", ""), target):
                    continue
                self.counts[i] += 1
                nth = r.get("nth")
                hit = (nth is None or self.counts[i] == nth or
                       (isinstance(nth, list) and self.counts[i] in nth))
                if hit and chosen is None:
                    chosen = (i, r)
            return chosen


class Proxy:
    def __init__(self, args):
        u = urllib.parse.urlsplit(args.upstream)
        self.up_host = u.hostname
        self.up_port = u.port or 80
        self.rules = Rules(args.rules)
        self.log_path = args.log
        self.log_lock = threading.Lock()
        self.seq = 0
        self.stop = threading.Event()

    # -- logging ---------------------------------------------------------
    def log(self, rec):
        if not self.log_path:
            return
        with self.log_lock:
            self.seq += 1
            rec["n"] = self.seq
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec) + "\n")

    # -- the upstream ----------------------------------------------------
    def forward(self, method, target, headers, body):
        """Send the request upstream; (status, reason, headers, body)."""
        conn = http.client.HTTPConnection(self.up_host, self.up_port, timeout=30)
        try:
            out = {}
            for k, v in headers:
                if k.lower() in ("host", "connection", "accept-encoding",
                                 "content-length", "transfer-encoding",
                                 "expect", "keep-alive", "te", "upgrade"):
                    continue
                out[k] = v
            out["Host"] = "%s:%d" % (self.up_host, self.up_port)
            out["Accept-Encoding"] = "identity"
            conn.request(method, target, body=body if body else None, headers=out)
            resp = conn.getresponse()
            data = resp.read(MAX_UPSTREAM)
            hdrs = [(k, v) for k, v in resp.getheaders()
                    if k.lower() not in ("content-length", "transfer-encoding",
                                         "connection", "content-encoding",
                                         "keep-alive", "date")]
            return resp.status, resp.reason, hdrs, data
        finally:
            conn.close()

    # -- answers ---------------------------------------------------------
    @staticmethod
    def head(status, reason, headers, length=None, chunked=False, close=False):
        lines = ["HTTP/1.1 %d %s" % (status, reason or
                                     http.client.responses.get(status, "Status"))]
        for k, v in headers:
            lines.append("%s: %s" % (k, v))
        if chunked:
            lines.append("Transfer-Encoding: chunked")
        elif length is not None:
            lines.append("Content-Length: %d" % length)
        if close:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def send(self, sock, status, reason, headers, body, close=False):
        sock.sendall(self.head(status, reason, headers, len(body), close=close) + body)

    # -- one connection --------------------------------------------------
    def serve(self, sock):
        sock.settimeout(IDLE_S)
        buf = b""
        try:
            for _ in range(MAX_REQUESTS_PER_CONN):
                req, buf = read_request(sock, buf)
                if req is None:
                    return
                keep = self.handle(sock, *req)
                if not keep or self.stop.is_set():
                    return
        except (OSError, ValueError):
            return
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def handle(self, sock, method, target, headers, body):
        """Answer one request; False when the connection is to end."""
        picked = self.rules.pick(method, target)
        i, rule = picked if picked else (None, {"fault": "pass"})
        fault = rule.get("fault", "pass")
        rec = {"method": method, "path": target, "rule": i, "fault": fault,
               "forwarded": False}
        keep = header(headers, "connection").lower() != "close"

        def upstream(path=None):
            rec["forwarded"] = True
            self.log(rec)
            return self.forward(method if path is None else "GET",
                                target if path is None else path, headers, body)

        if rule.get("apply") and fault not in ("pass", "swap", "cut", "truncate",
                                                "drip", "gzip", "edit"):
            upstream()
        else:
            if fault in ("status", "reset", "close", "hang", "huge", "gzip_bomb"):
                self.log(rec)

        if fault == "status":
            self.fault_status(sock, rule, headers, keep)
            return keep
        if fault == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
            return False
        if fault == "close":
            return False
        if fault == "hang":
            wait_gone(sock, min(float(rule.get("max_s", 60)), MAX_WAIT_S), self.stop)
            return False
        if fault == "huge":
            self.fault_huge(sock, rule)
            return False
        if fault == "gzip_bomb":
            data = bomb(int(rule.get("size", 64 * 1024 * 1024)))
            self.send(sock, 200, "OK", [("Content-Type", "application/json"),
                                        ("Content-Encoding", "gzip")], data, True)
            return False

        status, reason, hdrs, data = upstream(rule.get("with") if fault == "swap" else None)
        if fault == "cut":
            data = data[:int(len(data) * float(rule.get("keep", 0.5)))]
        elif fault == "truncate":
            keep_n = int(len(data) * float(rule.get("keep", 0.5)))
            sock.sendall(self.head(status, reason, hdrs, len(data)) + data[:keep_n])
            return False
        elif fault == "drip":
            self.fault_drip(sock, rule, status, reason, hdrs, data)
            return False
        elif fault == "gzip":
            data = gzip.compress(data)
            hdrs = hdrs + [("Content-Encoding", "gzip")]
        elif fault == "edit":
            data = edit(data, rule)
        keep = keep and not rule.get("close")
        self.send(sock, status, reason, hdrs, data, not keep)
        return keep

    def fault_status(self, sock, rule, headers, keep):
        body = rule.get("body", "")
        ctype = rule.get("content_type")
        if not isinstance(body, str):
            body = json.dumps(body, ensure_ascii=False)
            ctype = ctype or "application/json"
        cred = header(headers, "authorization")
        if cred.lower().startswith("bearer "):
            cred = cred[7:]
        body = body.replace("{token}", cred)
        raw = body.encode(rule.get("encoding", "utf-8"))
        hdrs = [("Content-Type", ctype or "text/plain; charset=utf-8")]
        hdrs += list(rule.get("headers", {}).items())
        status = int(rule.get("status", 500))
        self.send(sock, status, rule.get("reason"), hdrs, raw, not keep)

    def fault_huge(self, sock, rule):
        size = int(rule.get("size", 17 * 1024 * 1024))
        chunked = bool(rule.get("chunked"))
        hdrs = [("Content-Type", "application/json")]
        sock.sendall(self.head(int(rule.get("status", 200)), "OK", hdrs,
                               None if chunked else size, chunked, True))
        start = b'{"items":["'
        piece = b"x" * 65536
        sent = 0
        while sent < size and not self.stop.is_set():
            chunk = start if sent == 0 else piece[:min(len(piece), size - sent)]
            if chunked:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                sock.sendall(chunk)
            sent += len(chunk)
        if chunked:
            sock.sendall(b"0\r\n\r\n")

    def fault_drip(self, sock, rule, status, reason, hdrs, data):
        out = self.head(status, reason, hdrs, len(data), close=True) + data
        step = max(1, int(rule.get("bytes", 1)))
        pause = float(rule.get("interval_ms", 50)) / 1000.0
        deadline = time.monotonic() + min(float(rule.get("max_s", 10)), MAX_WAIT_S)
        for off in range(0, len(out), step):
            if time.monotonic() > deadline or self.stop.is_set():
                return
            sock.sendall(out[off:off + step])
            time.sleep(pause)


def header(headers, name):
    for k, v in headers:
        if k.lower() == name:
            return v
    return ""


def read_request(sock, buf):
    """One request from the connection: ((method, target, headers, body), rest)."""
    while b"\r\n\r\n" not in buf:
        if len(buf) > MAX_HEAD:
            raise ValueError("request head too large")
        data = sock.recv(65536)
        if not data:
            return None, b""
        buf += data
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    if header(headers, "transfer-encoding"):
        raise ValueError("chunked request bodies are not supported")
    length = int(header(headers, "content-length") or 0)
    if length > MAX_BODY:
        raise ValueError("request body too large")
    if length and header(headers, "expect").lower() == "100-continue" and len(buf) < length:
        sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    while len(buf) < length:
        data = sock.recv(65536)
        if not data:
            return None, b""
        buf += data
    return (method, target, headers, buf[:length]), buf[length:]


def wait_gone(sock, max_s, stop):
    """Hold the connection until the client closes it or max_s pass."""
    deadline = time.monotonic() + max_s
    sock.settimeout(0.2)
    while time.monotonic() < deadline and not stop.is_set():
        try:
            if not sock.recv(4096):
                return
        except socket.timeout:
            continue
        except OSError:
            return


def bomb(size):
    """A small gzip stream that inflates to `size` bytes of JSON-ish text."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [c.compress(b'{"items":["')]
    block = b" " * (1024 * 1024)
    for _ in range(max(1, size // len(block))):
        out.append(c.compress(block))
    out.append(c.compress(b'"]}'))
    out.append(c.flush())
    return b"".join(out)


def edit(data, rule):
    try:
        doc = json.loads(data)
    except ValueError:
        return data
    drop = set(rule.get("drop", []))
    skip = set(rule.get("skip", []))
    inject = bool(rule.get("inject"))

    def skipped(path):
        return any(path[-1] == k if "." not in k else
                   ".".join(path).endswith(k) for k in skip)

    def walk(v, path, depth=0):
        if depth > 64:
            return v
        if isinstance(v, dict):
            return {k: walk(x, path + [k], depth + 1) for k, x in v.items()
                    if k not in drop}
        if isinstance(v, list):
            return [walk(x, path, depth + 1) for x in v]
        if inject and isinstance(v, str) and not (path and skipped(path)):
            return v + PAYLOAD
        return v

    doc = walk(doc, [])
    if isinstance(doc, dict):
        for k, v in rule.get("set", {}).items():
            doc[k] = v
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--log")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--parent", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=900)
    args = ap.parse_args()

    proxy = Proxy(args)
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", args.port))
    lsock.listen(64)
    lsock.settimeout(0.5)
    signal.signal(signal.SIGTERM, lambda *_: proxy.stop.set())
    signal.signal(signal.SIGINT, lambda *_: proxy.stop.set())
    print("listening on 127.0.0.1:%d" % lsock.getsockname()[1], flush=True)

    end = time.monotonic() + args.lifetime
    while not proxy.stop.is_set() and time.monotonic() < end:
        if args.parent:
            try:
                os.kill(args.parent, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
        try:
            conn, _ = lsock.accept()
        except socket.timeout:
            continue
        except OSError:
            break
        threading.Thread(target=proxy.serve, args=(conn,), daemon=True).start()
    proxy.stop.set()
    lsock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
