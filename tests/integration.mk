# tests/integration.mk - end-to-end tests of the relboard program: against
# the embedded simulator, and against a real Unleash and Prometheus started
# by tests/services/ (skipped when those are not installed, unless
# RELBOARD_REQUIRE_SERVICES=1).
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = bash
AM_TESTS_ENVIRONMENT = top_builddir='$(top_builddir)'; export top_builddir;
TESTS += \
	tests/integration/status_demo.sh \
	tests/integration/status_real.sh
EXTRA_DIST += \
	tests/integration/lib.sh \
	tests/integration/status_demo.sh \
	tests/integration/status_real.sh
