#!/usr/bin/env python3
"""fault_matrix.py - walks docs/fault-matrix.md: relboard against
relboard-sim behind tests/faultproxy.py, one fault per row.

    fault_matrix.py RELBOARD RELBOARD_SIM FAULTPROXY DOC WORKDIR [ROW...]

Read rows run `relboard status --json` and check the exit status, the
state and error of the source under fault and of the others.  Write rows
run `relboard flag stage|kill|restore` and check the result word, the exit
status, how many times the write reached the proxy, and that the journal's
`after` is the state of the flag in the simulator, read directly from it
(not through the proxy).  Every row scans stdout, stderr and the journal
for control characters (C0 but newline and tab, DEL, C1 as UTF-8 or as raw
bytes, bidi and zero-width characters) and for the token.  Prints one
PASS/FAIL line per row and exits 1 when any row fails.
"""

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request

RELBOARD, SIM, PROXY, DOC, WORK = sys.argv[1:6]
ONLY = set(sys.argv[6:])
TIMEOUT_S = 2          # the sources' timeout_s in the config
STAGES = [("off", 0), ("canary", 5), ("early", 20), ("half", 50), ("ga", 100)]

FLAGS_LIST = r"^/api/admin/projects/default/features$"
CLIENT = r"^/api/client/features"
PROM = r"^/api/v1/query"
ROLLOUTS = r"^/apis/argoproj\.io/v1alpha1/namespaces/shop/rollouts"
DEPLOYMENTS = "/apis/apps/v1/namespaces/shop/deployments"
WRITE = r"/environments/production/(strategies|on$|off$)"
FEATURE = "/api/admin/projects/default/features/"
THE_FLAG = "^" + FEATURE + "(new-checkout|fraud-rules-2025)$"   # not a parent
# Protocol fields and times, left alone when text fields are injected.
PROTOCOL = ["kind", "apiVersion", "resultType", "status", "createdAt",
            "lastSeenAt", "creationTimestamp", "lastUpdateTime",
            "lastTransitionTime", "id", "type", "value", "values",
            "environments.name", "environment", "namespace", "project"]

PODLIST = {"kind": "PodList", "apiVersion": "v1", "metadata": {"resourceVersion": "1"},
           "items": [{"metadata": {"name": "checkout-7d4b9c-x2x", "namespace": "shop"},
                      "spec": {"containers": [{"name": "app", "image": "shop/checkout:v2"}]},
                      "status": {"phase": "Running"}}]}
MATRIX = {"status": "success", "data": {"resultType": "matrix", "result": [
    {"metric": {"service": "checkout", "version": "v2"},
     "values": [[1764527400, "0.5"], [1764527460, "0.5"]]}]}}

# -- read rows: (id, rules, source under fault or None, expectation) --------
# expectation: "error:TEXT" (the source fails, its error contains TEXT),
# "ok" (every source ok, the same flags/rollouts/services as without a
# fault), "unknown-stage" (a flag answer with a field missing: those
# environments have no stage).
READS = [
    ("read-baseline", [], None, "ok"),
    ("read-500-json", [{"method": "GET", "path": FLAGS_LIST, "fault": "status", "status": 500,
                        "body": {"name": "InternalError", "message": "database is down"}}],
     "flags", "error:500"),
    ("read-503-html", [{"method": "GET", "path": ROLLOUTS, "fault": "status", "status": 503,
                        "content_type": "text/html",
                        "body": "<html><body><h1>503 Service Unavailable</h1></body></html>"}],
     "k8s", "error:503"),
    ("read-429-retry-after", [{"method": "GET", "path": PROM, "fault": "status", "status": 429,
                               "headers": {"Retry-After": "30"}, "body": "Too Many Requests"}],
     "metrics", "error:429"),
    ("read-401-token-echo", [{"method": "GET", "path": FLAGS_LIST, "fault": "status", "status": 401,
                              "body": {"name": "UnauthorizedError",
                                       "message": "token {token} is not valid"}}],
     "flags", "error:401"),
    ("read-500-token-echo-text", [{"method": "GET", "path": ROLLOUTS, "fault": "status",
                                   "status": 500,
                                   "body": "upstream refused Authorization: Bearer {token}"}],
     "k8s", "error:500"),
    ("read-500-c1-raw-body", [{"method": "GET", "path": PROM, "fault": "status", "status": 500,
                               "encoding": "latin-1",
                               "body": "bad \u009b31m query \u0085 \u001b[2J \u0090x\u009c"}],
     "metrics", "error:500"),
    ("read-500-c1-json-message", [{"method": "GET", "path": FLAGS_LIST, "fault": "status",
                                   "status": 500,
                                   "body": {"message": "db \u009b31m\u001b]0;x\u0007 down \u202e\u2066"}}],
     "flags", "error:500"),
    ("read-truncated", [{"method": "GET", "path": ROLLOUTS, "fault": "truncate"}], "k8s", "error:"),
    ("read-cut-json", [{"method": "GET", "path": FLAGS_LIST, "fault": "cut"}], "flags", "error:JSON"),
    ("read-reset", [{"method": "GET", "path": PROM, "fault": "reset"}], "metrics", "error:"),
    ("read-closed", [{"method": "GET", "path": ROLLOUTS, "fault": "close"}], "k8s", "error:"),
    ("read-slow-drip", [{"method": "GET", "path": FLAGS_LIST, "fault": "drip", "bytes": 2048,
                         "interval_ms": 10, "max_s": 10}], None, "ok"),
    ("read-drip-past-timeout", [{"method": "GET", "path": ROLLOUTS, "fault": "drip", "bytes": 1,
                                 "interval_ms": 100, "max_s": TIMEOUT_S + 3}],
     "k8s", "error:"),
    ("read-hang", [{"method": "GET", "path": PROM, "fault": "hang", "max_s": TIMEOUT_S + 5}],
     "metrics", "error:"),
    ("read-huge", [{"method": "GET", "path": ROLLOUTS, "fault": "huge"}],
     "k8s", "error:larger than 16777216"),
    ("read-huge-chunked", [{"method": "GET", "path": FLAGS_LIST, "fault": "huge", "chunked": True}],
     "flags", "error:larger than 16777216"),
    ("read-gzip", [{"method": "GET", "path": r"^/api/", "fault": "gzip"},
                   {"method": "GET", "path": r"^/apis/", "fault": "gzip"}], None, "ok"),
    ("read-gzip-bomb", [{"method": "GET", "path": ROLLOUTS, "fault": "gzip_bomb"}],
     "k8s", "error:larger than 16777216"),
    ("read-wrong-kind-podlist", [{"method": "GET", "path": ROLLOUTS, "fault": "status",
                                  "status": 200, "body": PODLIST}], "k8s", "error:"),
    ("read-items-null", [{"method": "GET", "path": ROLLOUTS, "fault": "edit",
                          "set": {"items": None}}], "k8s", "error:"),
    ("read-swapped-list", [{"method": "GET", "path": ROLLOUTS, "fault": "swap",
                            "with": DEPLOYMENTS}], "k8s", "error:"),
    ("read-wrong-result-type", [{"method": "GET", "path": r"^/api/v1/query\?", "fault": "status",
                                 "status": 200, "body": MATRIX}], "metrics", "error:"),
    ("read-injected-flags", [{"method": "GET", "path": r"^/api/admin/", "fault": "edit",
                              "inject": True, "skip": PROTOCOL}], None, "ok"),
    ("read-injected-rollouts", [{"method": "GET", "path": r"^/apis/", "fault": "edit",
                                 "inject": True, "skip": PROTOCOL}], None, "ok"),
    ("read-injected-metrics", [{"method": "GET", "path": PROM, "fault": "edit",
                                "inject": True, "skip": PROTOCOL}], None, "ok"),
    ("read-partial-enabled", [{"method": "GET", "path": r"^/api/(admin|client)/features",
                               "fault": "edit", "drop": ["enabled"]}], "flags", "unknown-stage"),
    ("read-partial-rollout", [{"method": "GET", "path": r"^/api/(admin|client)/features",
                               "fault": "edit", "drop": ["rollout"]}], "flags", "unknown-stage"),
]

# -- write actions: (name, argv, flag, setup (enabled, rollout), target) -----
ACTIONS = {
    "stage": (["stage", "new-checkout", "early", "--env", "production", "--expect", "canary"],
              "new-checkout", (True, 5), (True, 20), 1),
    "kill": (["kill", "new-checkout", "--env", "production", "--reason", "fault matrix",
              "--expect", "canary"], "new-checkout", (True, 5), (False, 5), 1),
    "restore": (["restore", "fraud-rules-2025", "--env", "production", "--expect", "killed"],
                "fraud-rules-2025", (False, 20), (True, 20), 1),
    "stage-2w": (["stage", "new-checkout", "early", "--env", "production", "--expect", "off"],
                 "new-checkout", (False, 0), (True, 20), 2),
}


def w(fault, **kw):
    r = {"method": "*", "path": WRITE, "nth": 1, "fault": fault}
    r.update(kw)
    return [r]


def fresh(rules):
    """Every read answered with Connection: close: the write opens a new one."""
    return [{"method": "GET", "path": "^/", "fault": "pass", "close": True}] + rules


# -- write rows: (id, actions, rules, result, exit, sim state, writes sent) -
# sim state: "target" or "before"; after: the journal's after is the state
# read from the simulator ("sim") or null ("null").
WRITES = [
    ("write-500-not-applied", "stage kill restore", w("status", status=500, body={
        "name": "InternalError", "message": "database is down"}), "failed", 5, "before", "sim", 1),
    ("write-500-applied", "stage kill restore", w("status", apply=True, status=500, body={
        "name": "InternalError", "message": "timeout writing the event log"}),
     "done", 0, "target", "sim", 1),
    ("write-502-applied-html", "stage kill restore", w("status", apply=True, status=502,
                                                       content_type="text/html",
                                                       body="<html>502 Bad Gateway</html>"),
     "done", 0, "target", "sim", 1),
    ("write-429-retry-after", "stage kill restore", w("status", status=429,
                                                      headers={"Retry-After": "30"},
                                                      body="Too Many Requests"),
     "failed", 5, "before", "sim", 1),
    ("write-reset-not-applied", "stage kill restore", fresh(w("reset")),
     "failed", 5, "before", "sim", 1),
    ("write-reset-applied", "stage kill restore", fresh(w("reset", apply=True)),
     "done", 0, "target", "sim", 1),
    ("write-closed-not-applied", "stage kill restore", fresh(w("close")),
     "failed", 5, "before", "sim", 1),
    ("write-closed-applied", "stage kill restore", fresh(w("close", apply=True)),
     "done", 0, "target", "sim", 1),
    ("write-reset-reused-applied", "stage kill restore", w("reset", apply=True),
     "done", 0, "target", "sim", 1),
    ("write-closed-reused-not-applied", "stage kill restore", w("close"),
     "failed", 5, "before", "sim", 1),
    ("write-hang-not-applied", "stage kill restore", w("hang", max_s=TIMEOUT_S + 5),
     "failed", 5, "before", "sim", 1),
    ("write-hang-applied", "stage kill restore", w("hang", apply=True, max_s=TIMEOUT_S + 5),
     "done", 0, "target", "sim", 1),
    ("write-truncated-applied", "stage kill restore", w("truncate"),
     "done", 0, "target", "sim", 1),
    ("write-drip-past-timeout-applied", "stage", w("drip", bytes=1, interval_ms=400,
                                                  max_s=TIMEOUT_S + 3),
     "done", 0, "target", "sim", 1),
    ("write-401-token-echo", "stage kill restore", w("status", status=401, body={
        "name": "UnauthorizedError", "message": "token {token} is not valid"}),
     "failed", 5, "before", "sim", 1),
    ("write-500-c1-raw-body", "stage kill restore", w("status", status=500, encoding="latin-1",
                                                      body="boom \u009b31m\u001b[2J\u0085"),
     "failed", 5, "before", "sim", 1),
    ("write-500-c1-json-applied", "stage kill restore", w("status", apply=True, status=500, body={
        "message": "db \u009b31m\u001b]0;x\u0007 slow \u202e\u200b"}),
     "done", 0, "target", "sim", 1),
    ("readback-500", "stage kill restore",
     [{"method": "GET", "path": THE_FLAG, "nth": 2, "fault": "status", "status": 500,
       "body": {"message": "read replica is down"}}], "unknown", 5, "target", "null", 1),
    ("readback-hang", "stage",
     [{"method": "GET", "path": THE_FLAG, "nth": 2, "fault": "hang",
       "max_s": TIMEOUT_S + 5}], "unknown", 5, "target", "null", 1),
    ("readback-swapped", "stage kill restore",
     [{"method": "GET", "path": THE_FLAG, "nth": 2, "fault": "swap",
       "with": FEATURE + "payments-v2"}], "unknown", 5, "target", "null", 1),
    ("read-swapped", "stage kill restore",
     [{"method": "GET", "path": THE_FLAG, "nth": 1, "fault": "swap",
       "with": FEATURE + "payments-v2"}], "failed", 5, "before", "null", 0),
    ("second-of-two-fails", "stage-2w",
     [{"method": "POST", "path": r"/on$", "nth": 1, "fault": "status", "status": 500,
       "body": {"message": "database is down"}}], "failed", 5, "partial", "sim", 2),
    ("second-of-two-applied-502", "stage-2w",
     [{"method": "POST", "path": r"/on$", "nth": 1, "fault": "status", "apply": True,
       "status": 502, "body": "Bad Gateway"}], "done", 0, "target", "sim", 2),
    ("first-of-two-fails", "stage-2w",
     [{"method": "PATCH", "path": WRITE, "nth": 1, "fault": "status", "status": 500,
       "body": {"message": "database is down"}}], "failed", 5, "before", "sim", 1),
]

BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200b-\u200f\u202a-\u202e"
                       "\u2066-\u2069\udc80-\udc9f]")


def bad_text(where, text, token):
    """Problems with one output: control characters, the token."""
    out = []
    m = BAD_CHARS.search(text)
    if m:
        out.append("U+%04X in %s" % (ord(m.group()) if ord(m.group()) < 0xdc00
                                      else ord(m.group()) - 0xdc00, where))
    if token in text:
        out.append("token in %s" % where)
    return out


def scan(where, data, token, is_json=False):
    text = data.decode("utf-8", "surrogateescape")
    probs = bad_text(where, text, token)
    if is_json:
        for n, line in enumerate(text.splitlines() if where.startswith("journal")
                                 else [text]):
            try:
                doc = json.loads(line)
            except ValueError:
                probs.append("%s is not JSON" % where)
                continue
            for s in strings(doc):
                probs += bad_text(where + " (decoded)", s, token)
    return sorted(set(probs))


def strings(v):
    if isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, str):
        yield v


def stage_for(pct):
    return next((n for n, p in STAGES if p == pct), "custom")


def describe(env):
    """The flag's state as relboard words it (flag_state_describe)."""
    enabled = bool(env.get("enabled"))
    has, pct, others = False, None, 0
    for s in env.get("strategies", []):
        if s.get("disabled"):
            continue
        if not has and s.get("name") == "flexibleRollout" and isinstance(s.get("id"), str):
            has = True
            try:
                pct = int(s.get("parameters", {}).get("rollout"))
            except (TypeError, ValueError):
                pct = None
        else:
            others += 1
    if not enabled:
        return "killed (kept at %s, %d%%)" % (stage_for(pct), pct) if has and pct else "off"
    if not has:
        return "%s (%s)" % (stage_for(100), "other strategies" if others else "on, no strategy")
    if pct is None or not 0 <= pct <= 100:
        return "custom (invalid percentage)"
    return "%s (%d%%)" % (stage_for(pct), pct)


class Env:
    def __init__(self):
        self.token = "*:*.fm-secret-" + secrets.token_hex(8)
        self.token_file = os.path.join(WORK, "token")
        with open(os.open(self.token_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(self.token + "\n")
        self.sim = subprocess.Popen([SIM, "--port", "0", "--token-file", self.token_file,
                                     "--print-config"], stdout=subprocess.PIPE, text=True)
        first = self.sim.stdout.readline()
        m = re.match(r"listening on (127\.0\.0\.1:\d+)", first)
        if not m:
            raise SystemExit("relboard-sim did not start: %r" % first)
        self.sim_url = "http://" + m.group(1)
        lines = []
        for line in self.sim.stdout:
            lines.append(line)
            if line.startswith("}"):
                break
        cfg = json.loads("".join(lines))
        self.rules = os.path.join(WORK, "rules.json")
        self.set_rules([])
        self.log = os.path.join(WORK, "proxy.log")
        self.proxy = subprocess.Popen([sys.executable, PROXY, "--upstream", self.sim_url,
                                       "--rules", self.rules, "--log", self.log,
                                       "--parent", str(os.getpid()), "--lifetime", "1800"],
                                      stdout=subprocess.PIPE, text=True)
        m = re.match(r"listening on (127\.0\.0\.1:\d+)", self.proxy.stdout.readline())
        if not m:
            raise SystemExit("faultproxy did not start")
        proxy_url = "http://" + m.group(1)
        for s in cfg["sources"]:
            s["url"] = proxy_url
            s["token_file"] = self.token_file
            s["timeout_s"] = TIMEOUT_S
        self.config = os.path.join(WORK, "config.json")
        with open(self.config, "w") as f:
            json.dump(cfg, f)
        self.state = os.path.join(WORK, "state")
        self.journal = os.path.join(self.state, "relboard", "journal.jsonl")

    def close(self):
        for p in (self.proxy, self.sim):
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    def set_rules(self, rules):
        tmp = self.rules + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"rules": rules, "serial": time.monotonic_ns()}, f)
        os.replace(tmp, self.rules)

    def sim_api(self, method, path, body=None):
        """The simulator's Admin API, directly (not through the proxy)."""
        req = urllib.request.Request(self.sim_url + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": self.token,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            data = r.read()
        return json.loads(data) if data.strip() else None

    def sim_env(self, flag):
        doc = self.sim_api("GET", FEATURE + flag)
        return next(e for e in doc["environments"] if e["name"] == "production")

    def sim_set(self, flag, enabled, pct):
        env = self.sim_env(flag)
        sid = next(s["id"] for s in env["strategies"] if s["name"] == "flexibleRollout")
        base = FEATURE + flag + "/environments/production"
        self.sim_api("PATCH", base + "/strategies/" + sid,
                     [{"op": "replace", "path": "/parameters/rollout", "value": str(pct)}])
        self.sim_api("POST", base + ("/on" if enabled else "/off"))

    def log_lines(self):
        try:
            with open(self.log) as f:
                return [json.loads(line) for line in f]
        except OSError:
            return []

    def run(self, argv):
        env = dict(os.environ, XDG_STATE_HOME=self.state)
        env.pop("SSH_CONNECTION", None)
        t = time.monotonic()
        p = subprocess.run([RELBOARD] + argv + ["--config", self.config], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t


def source(doc, name):
    return next((s for s in doc.get("sources", []) if s.get("name") == name), None)


def summary(doc):
    return tuple(len(doc.get(k) or []) for k in ("flags", "rollouts", "services"))


def read_row(env, row, baseline):
    rid, rules, src, want = row
    env.set_rules(rules)
    rc, out, err, secs = env.run(["status", "--json"])
    probs = scan("stdout", out, env.token, True) + scan("stderr", err, env.token)
    try:
        doc = json.loads(out)
    except ValueError:
        return ["stdout is not JSON"] + probs, rc, secs, None
    others = [s for s in doc.get("sources", []) if s.get("name") != src]
    if any(s.get("state") != "ok" for s in others):
        probs.append("other sources: %s" % ", ".join("%s %s" % (s["name"], s["state"])
                                                      for s in others if s["state"] != "ok"))
    if want == "ok":
        if rc != 0:
            probs.append("exit %d, want 0" % rc)
        if baseline is not None and summary(doc) != baseline:
            probs.append("items differ from the answer without a fault")
    elif want.startswith("error:"):
        s = source(doc, src)
        if rc != 3:
            probs.append("exit %d, want 3" % rc)
        if s is None or s.get("state") != "error":
            probs.append("%s state %s, want error" % (src, s and s.get("state")))
        elif not s.get("error") or "\n" in s["error"] or want[6:] not in s["error"]:
            probs.append("%s error %r lacks %r" % (src, s.get("error"), want[6:]))
        if s is not None and s.get("state") == "error":
            bad = [x for x in (doc.get("flags") if src == "flags" else
                               doc.get("rollouts") if src == "k8s" else
                               doc.get("services")) or [] if x.get("source") == src]
            if bad:
                probs.append("%d items from the failed source" % len(bad))
    elif want == "unknown-stage":
        stages = {n for n, _ in STAGES} | {"off", "custom", "killed"}
        dropped = {k for r in rules for k in r.get("drop", [])}
        # A flag with no rollout strategy lost nothing when only the
        # percentage was dropped: off is its true state.
        def kept(e):
            return (dropped == {"rollout"} and e.get("stage") == "off" and
                    e.get("rollout") is None)
        shown = [(f["name"], e["name"], e.get("stage")) for f in doc.get("flags", [])
                 for e in f.get("environments", [])
                 if e.get("stage") in stages and not kept(e)]
        if shown:
            probs.append("%d environments shown at a stage, e.g. %s %s %s" %
                         ((len(shown),) + shown[0]))
    return probs, rc, secs, doc


def write_row(env, rid, action, rules, result, code, state, after, sends):
    argv, flag, setup, target, _ = ACTIONS[action]
    env.set_rules([])
    env.sim_set(flag, *setup)
    before = describe(env.sim_env(flag))
    lines_before = len(env.log_lines())
    njournal = 0
    if os.path.exists(env.journal):
        with open(env.journal, "rb") as f:
            njournal = len(f.readlines())
    env.set_rules(rules)
    rc, out, err, secs = env.run(["flag"] + argv)
    env.set_rules([])
    probs = scan("stdout", out, env.token) + scan("stderr", err, env.token)
    with open(env.journal, "rb") as f:
        jl = f.readlines()
    if len(jl) != njournal + 1:
        probs.append("%d journal lines for one attempt" % (len(jl) - njournal))
        return probs, rc, secs
    probs += scan("journal", jl[-1], env.token, True)
    try:
        entry = json.loads(jl[-1])
    except ValueError:
        return probs + ["journal line is not JSON"], rc, secs
    sim_env = env.sim_env(flag)
    now = describe(sim_env)
    if entry.get("result") != result:
        probs.append("result %s, want %s" % (entry.get("result"), result))
    if rc != code:
        probs.append("exit %d, want %d" % (rc, code))
    got = (bool(sim_env.get("enabled")), int(next(
        s["parameters"]["rollout"] for s in sim_env["strategies"]
        if s["name"] == "flexibleRollout")))
    if state == "target" and got != target:
        probs.append("simulator shows %s, want the target" % now)
    if state == "before" and now != before:
        probs.append("simulator shows %s, want it unchanged (%s)" % (now, before))
    if after == "sim" and entry.get("after") != now:
        probs.append("journal after %r, simulator shows %r" % (entry.get("after"), now))
    if after == "null" and entry.get("after") is not None:
        probs.append("journal after %r, want null (simulator shows %r)" %
                     (entry.get("after"), now))
    writes = [x for x in env.log_lines()[lines_before:] if x["method"] != "GET"]
    if len(writes) != sends:
        probs.append("%d writes reached the proxy, want %d" % (len(writes), sends))
    return probs, rc, secs


def main():
    # A test harness's SIGTERM still stops the simulator and the proxy.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with open(DOC, encoding="utf-8") as f:
        doc = f.read()
    env = Env()
    results = []
    try:
        rows = [(r[0], "status", r) for r in READS]
        rows += [(wr[0], a, wr) for wr in WRITES for a in wr[1].split()]
        baseline = None
        for rid, action, row in rows:
            if ONLY and rid not in ONLY:
                continue
            name = rid if action == "status" else "%s/%s" % (rid, action)
            if action == "status":
                probs, rc, secs, got = read_row(env, row, baseline)
                if rid == "read-baseline" and not probs:
                    baseline = summary(got)
            else:
                probs, rc, secs = write_row(env, rid, action, *row[2:])
            if "| %s |" % rid not in doc:
                probs.append("no row in docs/fault-matrix.md")
            results.append((name, probs))
            print("%-4s %-44s exit %-3d %5.1fs %s" % ("PASS" if not probs else "FAIL", name,
                                                      rc, secs, "; ".join(probs)), flush=True)
    finally:
        env.close()
    failed = [n for n, p in results if p]
    print("%d of %d rows pass%s" % (len(results) - len(failed), len(results),
                                    "; failing: " + " ".join(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
