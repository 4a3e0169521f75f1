# tests/svcgraph.mk - the service graph discovered from traffic metrics:
# the prometheus adapter's service-graph queries over answers of a real
# Prometheus 2.42, the merge with depends_on, aliases and the config keys.
check_PROGRAMS += tests/check_svcgraph
TESTS += tests/check_svcgraph
tests_check_svcgraph_SOURCES = tests/check_svcgraph.c tests/testutil.c tests/testutil.h
tests_check_svcgraph_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_svcgraph_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# make bench: discovery of 500 services and 2,000 edges (bench.sh).
check_PROGRAMS += tests/bench_svcgraph
tests_bench_svcgraph_SOURCES = tests/bench_svcgraph.c
tests_bench_svcgraph_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_bench_svcgraph_LDADD = librelcore.a $(JANSSON_LIBS) -lm
