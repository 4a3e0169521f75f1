# tests/rollout.mk - rollout actions in the core library: the decisions
# and requests on real Rollout objects (tests/fixtures/k8s), compared with
# the kubectl-argo-rollouts plugin's patches, and the engine that sends them.
check_PROGRAMS += tests/check_rollout
TESTS += tests/check_rollout
tests_check_rollout_SOURCES = tests/check_rollout.c tests/testutil.c tests/testutil.h
tests_check_rollout_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_rollout_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# The rollout action engine over HTTP against a misbehaving stand-in.
check_PROGRAMS += tests/check_rollout_run
TESTS += tests/check_rollout_run
tests_check_rollout_run_SOURCES = tests/check_rollout_run.c
tests_check_rollout_run_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) \
	$(JANSSON_CFLAGS) -DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_rollout_run_LDADD = src/actions/librelactions.a librelnet.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm
