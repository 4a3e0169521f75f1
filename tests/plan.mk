# tests/plan.mk - release plans: the core's parser, position and next
# move; `relboard plan` against the real Unleash; the dashboard's plan
# lines against relboard-sim.
check_PROGRAMS += tests/check_plan
TESTS += tests/check_plan
tests_check_plan_SOURCES = tests/check_plan.c tests/testutil.c tests/testutil.h
tests_check_plan_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_plan_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
# relboard plan against a real Unleash (and Prometheus for the gate).
TESTS += tests/integration/plan_real.sh
EXTRA_DIST += tests/integration/plan_real.sh
# The dashboard's plan lines against relboard-sim (tmux).
TESTS += tests/integration/plan_tui.sh
EXTRA_DIST += tests/integration/plan_tui.sh
