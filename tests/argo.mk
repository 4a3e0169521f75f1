# tests/argo.mk - the argo-rollouts adapter checked on Kubernetes API answers
# built from Argo Rollouts' own test objects (tests/fixtures/k8s/README.md).
check_PROGRAMS += tests/check_argo
TESTS += tests/check_argo
tests_check_argo_SOURCES = tests/check_argo.c
tests_check_argo_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_argo_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += \
	tests/fixtures/k8s/README.md \
	tests/fixtures/k8s/convert.py \
	tests/fixtures/k8s/bluegreen-paused/expected.json \
	tests/fixtures/k8s/bluegreen-paused/replicasets.json \
	tests/fixtures/k8s/bluegreen-paused/rollouts.json \
	tests/fixtures/k8s/canary-aborted/expected.json \
	tests/fixtures/k8s/canary-aborted/replicasets.json \
	tests/fixtures/k8s/canary-aborted/rollouts.json \
	tests/fixtures/k8s/canary-deadline/expected.json \
	tests/fixtures/k8s/canary-deadline/replicasets.json \
	tests/fixtures/k8s/canary-deadline/rollouts.json \
	tests/fixtures/k8s/canary-experiment-analysis/expected.json \
	tests/fixtures/k8s/canary-experiment-analysis/replicasets.json \
	tests/fixtures/k8s/canary-experiment-analysis/rollouts.json \
	tests/fixtures/k8s/canary-experiment-step/expected.json \
	tests/fixtures/k8s/canary-experiment-step/replicasets.json \
	tests/fixtures/k8s/canary-experiment-step/rollouts.json \
	tests/fixtures/k8s/canary-paused/expected.json \
	tests/fixtures/k8s/canary-paused/replicasets.json \
	tests/fixtures/k8s/canary-paused/rollouts.json \
	tests/fixtures/k8s/canary-traffic-routing/expected.json \
	tests/fixtures/k8s/canary-traffic-routing/replicasets.json \
	tests/fixtures/k8s/canary-traffic-routing/rollouts.json \
	tests/fixtures/k8s/deployments/deployments.json \
	tests/fixtures/k8s/deployments/expected.json \
	tests/fixtures/k8s/deployments/replicasets.json \
	tests/fixtures/k8s/deployments/rollouts.json \
	tests/fixtures/k8s/errors/401.json \
	tests/fixtures/k8s/errors/403.json \
	tests/fixtures/k8s/errors/404.json \
	tests/fixtures/k8s/errors/empty-replicasets.json \
	tests/fixtures/k8s/errors/empty-rollouts.json \
	tests/fixtures/k8s/errors/truncated.json \
	tests/fixtures/k8s/generation-not-observed/expected.json \
	tests/fixtures/k8s/generation-not-observed/replicasets.json \
	tests/fixtures/k8s/generation-not-observed/rollouts.json \
	tests/fixtures/k8s/healthy/expected.json \
	tests/fixtures/k8s/healthy/replicasets.json \
	tests/fixtures/k8s/healthy/rollouts.json \
	tests/fixtures/k8s/invalid-spec/expected.json \
	tests/fixtures/k8s/invalid-spec/replicasets.json \
	tests/fixtures/k8s/invalid-spec/rollouts.json \
	tests/fixtures/k8s/wrong/README.md \
	tests/fixtures/k8s/wrong/items-missing.json \
	tests/fixtures/k8s/wrong/items-null.json \
	tests/fixtures/k8s/wrong/other-namespace.json \
	tests/fixtures/k8s/wrong/other-version.json \
	tests/fixtures/k8s/wrong/podlist.json \
	tests/fixtures/k8s/upstream/blue-green/active-rs.yaml \
	tests/fixtures/k8s/upstream/blue-green/bluegreen-rollout.yaml \
	tests/fixtures/k8s/upstream/blue-green/old-rs.yaml \
	tests/fixtures/k8s/upstream/blue-green/preview-rs.yaml \
	tests/fixtures/k8s/upstream/canary/canary-rollout.yaml \
	tests/fixtures/k8s/upstream/canary/canary-rollout5.yaml \
	tests/fixtures/k8s/upstream/canary/canary-rollout6.yaml \
	tests/fixtures/k8s/upstream/canary/canary-rs.yaml \
	tests/fixtures/k8s/upstream/canary/old-rs.yaml \
	tests/fixtures/k8s/upstream/canary/stable-rs.yaml \
	tests/fixtures/k8s/upstream/experiment-analysis/canary-rs.yaml \
	tests/fixtures/k8s/upstream/experiment-analysis/rollout-experiment-analysis.yaml \
	tests/fixtures/k8s/upstream/experiment-analysis/stable-rs.yaml \
	tests/fixtures/k8s/upstream/experiment-step/canary-demo.yaml \
	tests/fixtures/k8s/upstream/experiment-step/canary-exp-rs.yaml \
	tests/fixtures/k8s/upstream/experiment-step/canary-rs.yaml \
	tests/fixtures/k8s/upstream/experiment-step/stable-rs.yaml \
	tests/fixtures/k8s/upstream/rollout-aborted/rollout.yaml \
	tests/fixtures/k8s/upstream/rollout-aborted/rs1.yaml \
	tests/fixtures/k8s/upstream/rollout-aborted/rs2.yaml \
	tests/fixtures/k8s/upstream/rollout-invalid/rollout-invalid.yaml

# The argo-rollouts watch: events applied one at a time must give the rows
# a fresh list gives (tests/fixtures/k8s/watch/make_events.py).
check_PROGRAMS += tests/check_argo_watch
TESTS += tests/check_argo_watch
tests_check_argo_watch_SOURCES = tests/check_argo_watch.c tests/testutil.c \
	tests/testutil.h
tests_check_argo_watch_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	$(JANSSON_CFLAGS) -DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_argo_watch_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += tests/fixtures/k8s/watch/make_events.py \
	tests/fixtures/k8s/watch/events.jsonl
