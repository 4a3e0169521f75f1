# tests/bench.mk - the keypress-to-frame benchmark that `make bench` runs
# (bench_frame: a poll of thousands of flags applied, the graph built, the
# Flags and Graph panes painted into a curses screen on /dev/null).
check_PROGRAMS += tests/bench_frame
tests_bench_frame_SOURCES = tests/bench_frame.c
tests_bench_frame_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) $(JANSSON_CFLAGS)
tests_bench_frame_LDADD = src/ui/librelui.a src/ui/librelview.a \
	src/actions/librelactions.a \
	librelnet.a librelcore.a \
	$(CURSES_LIBS) $(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) -lm
# The idle dashboard's cost beside watch -n2 curl (PSS, CPU, wire and
# terminal bytes per minute); bench.sh runs it.
EXTRA_DIST += tests/bench_economy.sh
EXTRA_DIST += tests/bench_watch.sh
# RSS and CPU per poll cycle at 10,000 flags, 1,000 rollouts and 500
# services, status --json there (bench_sim.sh starts the simulator).
EXTRA_DIST += tests/bench_scale.sh tests/bench_sim.sh
# The rollout side's CPU with the watch against a list per poll
# (bench_watch, run by tests/bench_watch.sh against relboard-sim at scale).
check_PROGRAMS += tests/bench_watch
tests_bench_watch_SOURCES = tests/bench_watch.c
tests_bench_watch_CPPFLAGS = $(AM_CPPFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
tests_bench_watch_LDADD = librelnet.a librelcore.a $(CURL_LIBS) $(EVENT_LIBS) \
	$(JANSSON_LIBS) -lm
