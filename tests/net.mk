# tests/net.mk - the HTTP layer against an in-process evhttp server.
# util.c is compiled in directly (rather than linking librelcore.a) so that
# this test builds on its own; it needs nothing else from src/core.
check_PROGRAMS += tests/check_net
TESTS += tests/check_net
tests_check_net_SOURCES = tests/check_net.c src/net/net.c src/core/util.c
tests_check_net_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(CURL_CFLAGS) \
	$(EVENT_CFLAGS)
tests_check_net_LDADD = $(CURL_LIBS) $(EVENT_LIBS) $(CHECK_LIBS) -lm
