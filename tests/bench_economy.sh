#!/bin/bash
# tests/bench_economy.sh BUILDDIR SRCDIR - what an idle dashboard costs,
# measured in one run beside `watch -n2 curl` on the same flag list: PSS,
# CPU per minute, bytes on the wire per minute (each behind its own relay,
# tests/countproxy.py) and terminal bytes per minute (tmux pipe-pane), both
# at 80x24 with 2 s polls.  Against a real Unleash 7.5.1 with 120 flags in
# 2 environments where tests/services/unleash.sh can start one, else
# against relboard-sim.  Figures are medians over whole minutes (a full
# poll and the clock's change come once a minute), with the ratio
# relboard / watch+curl and the target beside them.  CPU is
# each thread's time on a CPU (/proc/PID/task/*/schedstat) plus the
# waited-for children's (/proc/PID/stat), PSS from /proc/PID/smaps_rollup.
# BENCH_ECONOMY_SECONDS (default 180; BENCH_SHORT=1: 30, one window) is
# how long it measures after a warm-up.  A benchmark: nothing here fails on a figure.
set -euo pipefail
builddir=${1:-.}
srcdir=${2:-.}
secs=${BENCH_ECONOMY_SECONDS:-180}
[ "${BENCH_SHORT:-0}" = 1 ] && secs=${BENCH_ECONOMY_SECONDS:-30}
command -v tmux >/dev/null 2>&1 || { echo "idle cost: no tmux, skipped"; exit 0; }
command -v watch >/dev/null 2>&1 || { echo "idle cost: no watch, skipped"; exit 0; }

work=$(mktemp -d "${TMPDIR:-/tmp}/relboard-bench-economy.XXXXXX")
sock=relboard-bench-economy-$$
sim=
unleash=
cleanup()
{
	tmux -L "$sock" kill-server 2>/dev/null || true
	for p in "$work"/*.pid; do
		[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	[ -n "$sim" ] && kill "$sim" 2>/dev/null && wait "$sim" 2>/dev/null
	[ -n "$unleash" ] && bash "$srcdir/tests/services/unleash.sh" stop "$work/unleash" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The flag service: a real Unleash with 120 flags, else the simulator.
if bash "$srcdir/tests/services/unleash.sh" start "$work/unleash" >"$work/unleash.log" 2>&1; then
	unleash=1
	. "$work/unleash/env"
	url=$UNLEASH_URL
	token_file=$UNLEASH_TOKEN_FILE
	python3 - "$url" "$token_file" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1], open(sys.argv[2]).read().strip()
P = url + "/api/admin/projects/default/features"
def call(method, path, body=None):
    req = urllib.request.Request(P + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": token, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
stages = ["5", "20", "50", "100"]
for i in range(120):
    name = "bench-flag-%03d" % i
    call("POST", "", {"name": name, "type": "release"})
    for env in ("development", "production"):
        call("POST", "/%s/environments/%s/strategies" % (name, env),
             {"name": "flexibleRollout", "constraints": [], "parameters": {
              "rollout": stages[i % 4], "stickiness": "default", "groupId": name}})
        if (i + (env == "production")) % 3:
            call("POST", "/%s/environments/%s/on" % (name, env))
PY
	what="a real Unleash 7.5.1, 120 flags in 2 environments"
else
	"$builddir/src/relboard-sim" --port 0 --print-config >"$work/sim.out" 2>&1 &
	sim=$!
	for _ in $(seq 100); do
		grep -q '^}' "$work/sim.out" 2>/dev/null && break
		sleep 0.1
	done
	url=http://$(sed -n '1s/^listening on //p' "$work/sim.out")
	token_file=$work/token
	(umask 077 && echo "bench-token" >"$token_file")
	what="relboard-sim (no Unleash installed)"
fi
(umask 077 && printf 'Authorization: %s\n' "$(cat "$token_file")" >"$work/hdr")

# proxy NAME: a relay in front of the flag service; its URL.
proxy()
{
	python3 "$srcdir/tests/countproxy.py" --upstream "${url#http://}" \
	    --stats "$work/$1.json" --parent $$ >"$work/$1.out" &
	echo $! >"$work/$1.pid"
	for _ in $(seq 100); do
		grep -q listening "$work/$1.out" 2>/dev/null && break
		sleep 0.1
	done
	echo "http://$(sed -n 's/^listening on //p' "$work/$1.out")"
}
rb_url=$(proxy rb)
wc_url=$(proxy wc)

cat >"$work/config.json" <<JSON
{"sources": [{"name": "flags", "kind": "unleash", "url": "$rb_url",
              "token_file": "$token_file", "interval_s": 2,
              "environments": ["development", "production"]}],
 "journal": "$work/journal.jsonl"}
JSON

tmux -L "$sock" new-session -d -s rb -x 80 -y 24 \
    "exec env XDG_STATE_HOME='$work/state' '$builddir/src/relboard' --config '$work/config.json'"
tmux -L "$sock" new-session -d -s wc -x 80 -y 24 \
    "exec watch -n2 \"curl -s -H @'$work/hdr' '$wc_url/api/admin/projects/default/features'\""
for _ in $(seq 100); do
	tmux -L "$sock" capture-pane -t rb -p | grep -q "flags ok" && break
	sleep 0.1
done
tmux -L "$sock" send-keys -t rb 2
rb_pid=$(tmux -L "$sock" display -p -t rb '#{pane_pid}')
wc_pid=$(tmux -L "$sock" display -p -t wc '#{pane_pid}')
: >"$work/rb.tty"
: >"$work/wc.tty"
# Let the first polls and the pane switch pass before measuring.
sleep 6
tmux -L "$sock" pipe-pane -t rb -o "cat >>'$work/rb.tty'"
tmux -L "$sock" pipe-pane -t wc -o "cat >>'$work/wc.tty'"

python3 - "$work" "$rb_pid" "$wc_pid" "$secs" "$what" <<'PY'
import json, os, statistics, sys, time
work, rb, wc, secs, what = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
tick = os.sysconf("SC_CLK_TCK")
def cpu_ms(pid):
    # Each thread's time on a CPU (schedstat, in ns: finer than the
    # stat's clock ticks), and the children it waited for (stat's
    # cutime and cstime: watch's shells and curls).
    ns = 0
    for t in os.listdir("/proc/%d/task" % pid):
        ns += int(open("/proc/%d/task/%s/schedstat" % (pid, t)).read().split()[0])
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return ns / 1e6 + sum(int(x) for x in f[13:15]) * 1000.0 / tick
def pss_kib(pid):
    for line in open("/proc/%d/smaps_rollup" % pid):
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0
def wire(name):
    s = json.load(open("%s/%s.json" % (work, name)))
    return s["up"] + s["down"]
def tty(name):
    return os.path.getsize("%s/%s.tty" % (work, name))
def sample():
    return {"t": time.monotonic(), "cpu": (cpu_ms(rb), cpu_ms(wc)),
            "wire": (wire("rb"), wire("wc")), "tty": (tty("rb"), tty("wc"))}
window = 60.0 if secs >= 120 else secs
samples, pss = [sample()], []
while samples[-1]["t"] - samples[0]["t"] < secs:
    for _ in range(int(window / 5)):
        time.sleep(5)
        pss.append((pss_kib(rb), pss_kib(wc)))
    samples.append(sample())
def per_min(key, i):
    rates = [(b[key][i] - a[key][i]) * 60.0 / (b["t"] - a["t"])
             for a, b in zip(samples, samples[1:])]
    return statistics.median(rates)
def ratio(a, b):
    return "%.3f" % (a / b) if b else "-"
def size(n):
    return "%.1f KB" % (n / 1000.0) if n >= 1000 else "%.0f B" % n
rows = []
p = (statistics.median(x[0] for x in pss) / 1024.0, statistics.median(x[1] for x in pss) / 1024.0)
rows.append(("PSS", "%.1f MiB" % p[0], "%.1f MiB" % p[1], ratio(*p), "<= 15 MiB"))
c = (per_min("cpu", 0), per_min("cpu", 1))
rows.append(("idle CPU per minute", "%.0f ms" % c[0], "%.0f ms" % c[1], ratio(*c),
             "<= 100 ms, ratio <= 0.2"))
w = (per_min("wire", 0), per_min("wire", 1))
rows.append(("bytes on the wire per minute", size(w[0]), size(w[1]), ratio(*w), "<= 25 KB"))
t = (per_min("tty", 0), per_min("tty", 1))
rows.append(("terminal bytes per idle minute", size(t[0]), size(t[1]), ratio(*t), "<= 1.5 KB"))
n = len(samples) - 1
print("idle dashboard (Flags pane, 80x24, 2 s polls) beside watch -n2 curl on the flag list,")
print("against %s; medians of %d window(s) of %.0f s:" % (what, n, window))
fmt = "  %-31s %-10s %-11s %-7s %s"
print(fmt % ("measure", "relboard", "watch+curl", "ratio", "target"))
for r in rows:
    print(fmt % r)
PY
