#!/usr/bin/env python3
"""countproxy.py - a TCP relay for relboard's tests and benchmarks that
counts what goes over the wire between a client and one HTTP server.

    countproxy.py --upstream HOST:PORT [--log FILE] [--stats FILE]
                  [--port N] [--parent PID] [--lifetime S]

It listens on 127.0.0.1 only and prints "listening on 127.0.0.1:PORT" once
ready.  Bytes pass through unchanged, both ways.  --log gets one line per
request, "CONN METHOD TARGET" as the client sent it, and "CONN = STATUS"
once the answer's status line has passed (CONN numbers the connections;
answers come in the order of their connection's requests).  --stats is rewritten (by rename) at most
every 0.2 s and at exit with {"requests": N, "up": BYTES, "down": BYTES}:
bytes from the client and from the server, headers and bodies, as on the
wire (TCP and TLS framing aside).  It exits when --parent is gone, after
--lifetime seconds (default 900), or on SIGTERM/SIGINT.
"""
import argparse
import json
import os
import re
import signal
import socket
import sys
import threading
import time

REQ = re.compile(rb"((?:GET|POST|PUT|PATCH|DELETE|HEAD) /\S*) HTTP/1\.[01]\r\n")
STATUS = re.compile(rb"HTTP/1\.[01] (\d{3}) ")


class Counter:
    def __init__(self, log, stats):
        self.log_path, self.stats_path = log, stats
        self.lock = threading.Lock()
        self.up = self.down = self.requests = 0
        self.written = 0.0

    def note(self, line):
        if self.log_path:
            with open(self.log_path, "a", encoding="latin-1") as f:
                f.write(line + "\n")

    def add(self, up, down, lines):
        with self.lock:
            self.up += up
            self.down += down
            for line in lines:
                if " = " not in line:
                    self.requests += 1
                self.note(line)
            if time.monotonic() - self.written > 0.2:
                self.flush()

    def flush(self):
        if not self.stats_path:
            return
        tmp = self.stats_path + ".tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump({"requests": self.requests, "up": self.up,
                           "down": self.down}, f)
            os.replace(tmp, self.stats_path)
        except OSError:
            pass    # the folder is gone: the test is over
        self.written = time.monotonic()


def pump(src, dst, counter, upward, conn):
    """Copy src to dst; note request lines (upward) or status lines."""
    tail = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            seen = tail + data
            # A line is new when it ends past what the last round saw.
            if upward:
                lines = ["%d %s" % (conn, m.group(1).decode("latin-1"))
                         for m in REQ.finditer(seen) if m.end() > len(tail)]
            else:
                lines = ["%d = %s" % (conn, m.group(1).decode())
                         for m in STATUS.finditer(seen) if m.end() > len(tail)]
            # Logged before it passes on: once the client has an answer,
            # the log has its line.
            counter.add(len(data) if upward else 0, 0 if upward else len(data), lines)
            dst.sendall(data)
            tail = seen[-64:]
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, upstream, counter, conn):
    try:
        server = socket.create_connection(upstream, timeout=30)
        server.settimeout(None)
    except OSError:
        client.close()
        return
    t = threading.Thread(target=pump, args=(server, client, counter, False, conn),
                         daemon=True)
    t.start()
    pump(client, server, counter, True, conn)
    t.join(60)
    client.close()
    server.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--log")
    ap.add_argument("--stats")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--parent", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=900)
    a = ap.parse_args()
    host, _, port = a.upstream.rpartition(":")
    upstream = (host.strip("[]") or "127.0.0.1", int(port))
    counter = Counter(a.log, a.stats)
    counter.flush()

    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", a.port))
    lsock.listen(64)
    lsock.settimeout(0.5)
    print("listening on 127.0.0.1:%d" % lsock.getsockname()[1], flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    end = time.monotonic() + a.lifetime
    conns = 0
    while not stop.is_set() and time.monotonic() < end:
        if a.parent and not os.path.exists("/proc/%d" % a.parent):
            break
        try:
            client, _ = lsock.accept()
        except socket.timeout:
            with counter.lock:
                counter.flush()
            continue
        client.settimeout(None)
        conns += 1
        threading.Thread(target=serve, args=(client, upstream, counter, conns),
                         daemon=True).start()
    with counter.lock:
        counter.flush()
    return 0


def exchanges(path):
    """The log as (request, status) in the order of the requests; the
    status is None while the answer has not come."""
    out, waiting = [], {}
    with open(path, encoding="latin-1") as f:
        for line in f.read().splitlines():
            conn, _, rest = line.partition(" ")
            if rest.startswith("= "):
                if waiting.get(conn):
                    out[waiting[conn].pop(0)][1] = rest[2:]
            else:
                waiting.setdefault(conn, []).append(len(out))
                out.append([rest, None])
    return [tuple(x) for x in out]


if __name__ == "__main__":
    sys.exit(main())
