# tests/net.mk - the HTTP layer against an in-process evhttp server.
# util.c is compiled in directly (rather than linking librelcore.a) so that
# this test builds on its own; it needs nothing else from src/core.
check_PROGRAMS += tests/check_net
TESTS += tests/check_net
tests_check_net_SOURCES = tests/check_net.c src/net/net.c src/core/util.c
tests_check_net_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(CURL_CFLAGS) \
	$(EVENT_CFLAGS)
tests_check_net_LDADD = $(CURL_LIBS) $(EVENT_LIBS) $(CHECK_LIBS) -lm

# TLS verification (ca_file, insecure_skip_tls_verify) and bearer tokens,
# through the poller into the model, against an HTTPS server on loopback
# (libevent over OpenSSL) with the test-only certificates in fixtures/tls.
if HAVE_EVENT_OPENSSL
check_PROGRAMS += tests/check_tls
TESTS += tests/check_tls
tests_check_tls_SOURCES = tests/check_tls.c
tests_check_tls_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) \
	$(EVENT_OPENSSL_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_tls_LDADD = librelnet.a src/sim/librelsim.a librelcore.a \
	$(CURL_LIBS) $(EVENT_OPENSSL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) \
	$(CHECK_LIBS) -lm
endif
EXTRA_DIST += tests/fixtures/tls/README.md tests/fixtures/tls/ca.pem \
	tests/fixtures/tls/other-ca.pem tests/fixtures/tls/server.pem \
	tests/fixtures/tls/server.key

# insecure_skip_tls_verify prints a warning.
TESTS += tests/net_insecure.sh
EXTRA_DIST += tests/net_insecure.sh
