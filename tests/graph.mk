# tests/graph.mk - the dependency graph: effective flag state, kill impact,
# the parent guard and the layered layout on fixtures (check_graph); the
# graph against a real Unleash (graph_real.sh); and the layout benchmark
# that `make bench` runs (bench_graph).
check_PROGRAMS += tests/check_graph
TESTS += tests/check_graph
tests_check_graph_SOURCES = tests/check_graph.c
tests_check_graph_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_check_graph_LDADD = src/ui/librelview.a src/actions/librelactions.a \
	librelnet.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm

check_PROGRAMS += tests/bench_graph
tests_bench_graph_SOURCES = tests/bench_graph.c
tests_bench_graph_LDADD = src/ui/librelview.a librelcore.a $(JANSSON_LIBS) -lm

TESTS += tests/integration/graph_real.sh
EXTRA_DIST += tests/integration/graph_real.sh tests/bench.sh tests/bench_poll.sh \
	tests/bench_idle.sh
