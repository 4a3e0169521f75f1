#!/bin/sh
# tests/bench_scale.sh BUILDDIR - relboard at scale: relboard-sim with
# 10,000 extra flags, 1,000 rollouts and 500 services, polled every 2 s.
# Prints, each with its target and the ratio to it:
#   the dashboard's RSS and CPU per poll cycle (in tmux at 200x50;
#   skipped without tmux): CPU time per 2 s of running, the median of
#   five windows of three cycles (a poll takes a little longer than its
#   interval, so a single 2 s window may hold no poll of a source, or two),
#   `relboard status --json`: CPU and max RSS (median of 5 runs), against
#   the figures before (it has no target of its own),
#   keypress to frame after a poll of 10,000 flags (bench_frame).
# A benchmark, not a test: nothing fails on a figure.
set -e
builddir=${1:-.}
work=$(mktemp -d "${TMPDIR:-/tmp}/relboard-scale.XXXXXX")
. "$(dirname "$0")/bench_sim.sh"
# Every step of the clean-up runs, whatever the one before said (set -e).
trap 'tmux -S "$work/tmux" kill-server 2>/dev/null || true
    kill $sim 2>/dev/null || true
    wait $sim 2>/dev/null || true
    rm -rf "$work"' EXIT
bench_sim "$builddir" "$work" --flags 10000 --rollouts 1000 --services 500
have_tmux=no
command -v tmux >/dev/null 2>&1 && have_tmux=yes
python3 - "$builddir" "$work" "$have_tmux" <<'PY'
import os, re, statistics, subprocess, sys, time

builddir, work, have_tmux = sys.argv[1], sys.argv[2], sys.argv[3] == "yes"
rb = os.path.join(builddir, "src", "relboard")
cfg = os.path.join(work, "config.json")
TICK = os.sysconf("SC_CLK_TCK")
MB = 1e6
RSS_TARGET, CPU_TARGET = 40, 100        # MB, ms per poll cycle
# status --json has no target of its own: compared with what it took
# at this scale earlier (0.6-0.9 s of CPU, 90 MB), their low ends.
STATUS_CPU_BEFORE, STATUS_RSS_BEFORE = 600, 90
FRAME_TARGET = 100                      # ms, keypress to frame
CYCLE, PER_WINDOW, WINDOWS = 2.0, 3, 5

def line(what, value, unit, target, against="target"):
    print("  %-44s %8.1f %-3s %-6s %5g %-3s ratio %.2f"
          % (what, value, unit, against, target, unit, value / target))

print("relboard at scale: 10,000 flags, 1,000 rollouts, 500 services, "
      "2 s polls")

if have_tmux:
    sock = os.path.join(work, "tmux")
    subprocess.run(["tmux", "-S", sock, "new-session", "-d", "-x", "200",
                    "-y", "50", "%s --config %s" % (rb, cfg)], check=True)
    pid = int(subprocess.run(["tmux", "-S", sock, "display", "-p",
                              "#{pane_pid}"], capture_output=True,
                             text=True).stdout)
    def cpu():
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return (int(f[11]) + int(f[12])) * 1000.0 / TICK
    def status(key):
        for l in open("/proc/%d/status" % pid):
            if l.startswith(key + ":"):
                return int(l.split()[1]) * 1024 / MB
    # Warm up: the first polls (everything new) are not the steady state.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        c0 = cpu(); time.sleep(CYCLE); c1 = cpu()
        if c1 - c0 < 1000 * CYCLE * 0.9 and c0 > 0:
            break
    time.sleep(CYCLE)
    start_hwm = status("VmHWM")
    try:    # the peak from here on (Linux: 5 resets VmHWM)
        with open("/proc/%d/clear_refs" % pid, "w") as f:
            f.write("5")
        reset = True
    except OSError:
        reset = False
    cpus, rss = [], []
    prev = cpu()
    for _ in range(WINDOWS):
        for _ in range(PER_WINDOW):
            time.sleep(CYCLE)
            rss.append(status("VmRSS"))
        now = cpu()
        cpus.append((now - prev) / PER_WINDOW)
        prev = now
    hwm = status("VmHWM")
    subprocess.run(["tmux", "-S", sock, "kill-server"])
    print(" dashboard (median over %d windows of %d poll cycles of %g s):"
          % (WINDOWS, PER_WINDOW, CYCLE))
    line("RSS", statistics.median(rss), "MB", RSS_TARGET)
    line("CPU per poll cycle", statistics.median(cpus), "ms", CPU_TARGET)
    if reset:
        line("peak RSS during those cycles", hwm, "MB", RSS_TARGET)
    print("  %-44s %8.1f MB (CPU per cycle: min %.0f ms, max %.0f ms)"
          % ("peak RSS of the start (first full poll)", start_hwm,
             min(cpus), max(cpus)))
else:
    print(" dashboard: skipped (no tmux)")

cpus, rss = [], []
for _ in range(5):
    p = subprocess.Popen([rb, "status", "--json", "--config", cfg],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, st, ru = os.wait4(p.pid, 0)
    cpus.append((ru.ru_utime + ru.ru_stime) * 1000)
    rss.append(ru.ru_maxrss * 1024 / MB)
print(" status --json (median of 5 runs):")
line("CPU", statistics.median(cpus), "ms", STATUS_CPU_BEFORE, "before")
line("max RSS", statistics.median(rss), "MB", STATUS_RSS_BEFORE, "before")

out = subprocess.run([os.path.join(builddir, "tests", "bench_frame"),
                      "10000", "5"], capture_output=True, text=True).stdout
m = re.search(r"Flags pane: key \+ frame\s+([0-9.]+) ms", out)
print(" keypress to frame after a poll of 10,000 flags (median of 5):")
if m:
    line("Flags pane: key + frame", float(m.group(1)), "ms", FRAME_TARGET)
else:
    print("  bench_frame said nothing usable")
PY
