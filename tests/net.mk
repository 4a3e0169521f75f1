# tests/net.mk - the HTTP layer against an in-process evhttp server.
check_PROGRAMS += tests/check_net
TESTS += tests/check_net
tests_check_net_SOURCES = tests/check_net.c src/net/net.c
tests_check_net_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(CURL_CFLAGS) \
	$(EVENT_CFLAGS)
tests_check_net_LDADD = librelcore.a $(CURL_LIBS) $(EVENT_LIBS) \
	$(CHECK_LIBS) -lm
