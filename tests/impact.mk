# tests/impact.mk - feature impact: exposures from a real Unleash 7.5.1's
# client metrics, per-flag KPIs from a real Prometheus 2.42's answers,
# which flags are read next, config keys and status --json; the same
# against the real services and the simulator's dashboard.
check_PROGRAMS += tests/check_impact
TESTS += tests/check_impact
tests_check_impact_SOURCES = tests/check_impact.c tests/testutil.c tests/testutil.h
tests_check_impact_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_impact_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += \
	tests/fixtures/unleash-metrics/README.md \
	tests/fixtures/unleash-metrics/raw-new-checkout.json \
	tests/fixtures/unleash-metrics/raw-quiet-flag.json \
	tests/fixtures/unleash-metrics/usage-new-checkout.json \
	tests/fixtures/unleash-metrics/error-401.json \
	tests/fixtures/prometheus/gen-kpi.py \
	tests/fixtures/prometheus/kpi.om \
	tests/fixtures/prometheus/kpi-vector.json \
	tests/fixtures/prometheus/kpi-error-400.json
# Against the real Unleash and Prometheus (skipped when not installed),
# and the Flags pane against relboard-sim in tmux.
TESTS += \
	tests/integration/impact_real.sh \
	tests/integration/impact_tui.sh
EXTRA_DIST += \
	tests/integration/impact_real.sh \
	tests/integration/impact_tui.sh
