# tests: Check unit tests and integration scripts, one fragment per area.
include $(srcdir)/tests/core.mk
include $(srcdir)/tests/net.mk
include $(srcdir)/tests/sim.mk
include $(srcdir)/tests/argo.mk
include $(srcdir)/tests/ui.mk
include $(srcdir)/tests/services/local.mk
include $(srcdir)/tests/integration.mk
include $(srcdir)/tests/health.mk
include $(srcdir)/tests/graph.mk
include $(srcdir)/tests/bench.mk
include $(srcdir)/tests/fuzz.mk
include $(srcdir)/tests/svcgraph.mk
include $(srcdir)/tests/plan.mk
include $(srcdir)/tests/rollout.mk
include $(srcdir)/tests/kubeconfig.mk
include $(srcdir)/tests/impact.mk
