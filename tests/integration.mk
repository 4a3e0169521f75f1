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
	tests/integration/tmux.sh \
	tests/integration/status_demo.sh \
	tests/integration/status_real.sh
# Random keys, pastes and resizes against the dashboard (tmux): nothing is
# written, it keeps answering, q quits, the terminal is restored.
TESTS += tests/integration/monkey.sh
EXTRA_DIST += tests/integration/monkey.sh
# Back-off from a service that answers 429 with a Retry-After.
TESTS += tests/integration/backoff_sim.sh
EXTRA_DIST += tests/integration/backoff_sim.sh
TESTS += \
	tests/integration/flag_sim.sh \
	tests/integration/flag_real.sh \
	tests/integration/tui_real.sh \
	tests/integration/tui_input.sh \
	tests/integration/tui_nav.sh \
	tests/integration/faults_sim.sh
EXTRA_DIST += \
	tests/integration/flag_actions.sh \
	tests/integration/flag_sim.sh \
	tests/integration/flag_real.sh \
	tests/integration/tui_real.sh \
	tests/integration/tui_input.sh \
	tests/integration/tui_nav.sh \
	tests/integration/faults_sim.sh

# A compare-and-set probe the flag tests run against the live service.
check_PROGRAMS += tests/cas_check
tests_cas_check_SOURCES = tests/cas_check.c
tests_cas_check_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
tests_cas_check_LDADD = librelnet.a librelcore.a $(CURL_LIBS) $(EVENT_LIBS) \
	$(JANSSON_LIBS) -lm

# The fault matrix (docs/fault-matrix.md): relboard against relboard-sim
# behind a fault-injecting proxy, every row, reads and flag actions.
TESTS += tests/integration/fault_matrix.sh
EXTRA_DIST += \
	tests/integration/fault_matrix.sh \
	tests/integration/fault_matrix.py \
	tests/faultproxy.py \
	docs/fault-matrix.md
# relboard check against healthy and broken simulated sources.
TESTS += tests/integration/check_sim.sh
EXTRA_DIST += tests/integration/check_sim.sh tests/tlsproxy.py
# Several clusters: two simulated argo-rollouts sources kept apart.
TESTS += tests/integration/clusters_sim.sh
EXTRA_DIST += tests/integration/clusters_sim.sh
# The service graph discovered from traffic metrics (real Prometheus).
TESTS += tests/integration/svcgraph_real.sh tests/integration/svcgraph_tui.sh
EXTRA_DIST += tests/integration/svcgraph_real.sh tests/integration/svcgraph_tui.sh \
	tests/fixtures/prometheus/graph.om \
	tests/fixtures/prometheus/gen-graph.py
# Rollout actions against relboard-sim: the plugin's patches, guards, journal.
TESTS += tests/integration/rollout_sim.sh
EXTRA_DIST += tests/integration/rollout_sim.sh \
	tests/fixtures/rollout-patches/README.md \
	tests/fixtures/rollout-patches/abort.json \
	tests/fixtures/rollout-patches/pause.json \
	tests/fixtures/rollout-patches/promote-full.json \
	tests/fixtures/rollout-patches/promote-paused.json \
	tests/fixtures/rollout-patches/promote-spec-paused.json \
	tests/fixtures/rollout-patches/retry.json
# Rollout actions from the dashboard against relboard-sim (tmux).
TESTS += tests/integration/rollout_tui.sh
EXTRA_DIST += tests/integration/rollout_tui.sh
# Requests per poll against a real Unleash, counted by a relay.
TESTS += tests/integration/economy_real.sh
EXTRA_DIST += tests/integration/economy_real.sh tests/countproxy.py
# Grouped Prometheus queries for the configured services (real Prometheus).
TESTS += tests/integration/prom_grouped_real.sh
EXTRA_DIST += tests/integration/prom_grouped_real.sh
# Requests per poll of the dashboard against relboard-sim (tmux).
TESTS += tests/integration/economy_sim.sh
EXTRA_DIST += tests/integration/economy_sim.sh
# Kubernetes watch against relboard-sim's watch streams, in the dashboard.
TESTS += tests/integration/watch_sim.sh
EXTRA_DIST += tests/integration/watch_sim.sh
