# tests/kubeconfig.mk - argo-rollouts sources through a kubeconfig:
# resolution and merging (fixtures in tests/fixtures/kubeconfig), the
# ExecCredential parser, running exec plugins, and end to end against
# relboard-sim behind an HTTPS front that asks for client certificates.
check_PROGRAMS += tests/check_kubeconfig
TESTS += tests/check_kubeconfig
tests_check_kubeconfig_SOURCES = tests/check_kubeconfig.c
tests_check_kubeconfig_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	$(YAML_CFLAGS) -DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_kubeconfig_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += tests/fixtures/kubeconfig/README.md \
	tests/fixtures/kubeconfig/a.yaml tests/fixtures/kubeconfig/b.yaml \
	tests/fixtures/kubeconfig/token.txt tests/fixtures/kubeconfig/plugin.sh \
	tests/fixtures/tls/client-ca.pem tests/fixtures/tls/client.pem \
	tests/fixtures/tls/client.key
TESTS += tests/integration/kubeconfig_sim.sh
EXTRA_DIST += tests/integration/kubeconfig_sim.sh
check_PROGRAMS += tests/check_kubeauth
TESTS += tests/check_kubeauth
tests_check_kubeauth_SOURCES = tests/check_kubeauth.c
tests_check_kubeauth_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_kubeauth_LDADD = librelnet.a librelcore.a $(CURL_LIBS) $(EVENT_LIBS) \
	$(JANSSON_LIBS) $(CHECK_LIBS) -lm
# Resolution compared with kubectl's, where kubectl is installed.
check_PROGRAMS += tests/kubeconfig_dump
tests_kubeconfig_dump_SOURCES = tests/kubeconfig_dump.c
tests_kubeconfig_dump_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
tests_kubeconfig_dump_LDADD = librelcore.a $(JANSSON_LIBS) -lm
TESTS += tests/integration/kubeconfig_kubectl.sh
EXTRA_DIST += tests/integration/kubeconfig_kubectl.sh
TESTS += tests/integration/kubeconfig_tui.sh
EXTRA_DIST += tests/integration/kubeconfig_tui.sh
