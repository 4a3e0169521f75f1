# tests/health.mk - the Health pane's curses-free logic (core/canary.c,
# ui/health_format.c) and the health guard against a real Prometheus.
check_PROGRAMS += tests/check_health
TESTS += tests/check_health
tests_check_health_SOURCES = tests/check_health.c
tests_check_health_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_check_health_LDADD = src/ui/librelview.a librelcore.a $(JANSSON_LIBS) \
	$(CHECK_LIBS) -lm

# The health guard of `relboard flag` against a real Unleash and Prometheus.
TESTS += tests/integration/guard_real.sh
EXTRA_DIST += tests/integration/guard_real.sh
