# tests/rollout.mk - rollout actions in the core library: the decisions
# and requests on real Rollout objects (tests/fixtures/k8s), compared with
# the kubectl-argo-rollouts plugin's patches.
check_PROGRAMS += tests/check_rollout
TESTS += tests/check_rollout
tests_check_rollout_SOURCES = tests/check_rollout.c tests/testutil.c tests/testutil.h
tests_check_rollout_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_rollout_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
