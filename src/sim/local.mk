# src/sim: the release-day simulator (Unleash, Prometheus and Kubernetes
# APIs on loopback), linked into relboard for --demo and run standalone
# as relboard-sim for tests and benchmarks.
noinst_LIBRARIES += src/sim/librelsim.a
src_sim_librelsim_a_CPPFLAGS = $(AM_CPPFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
src_sim_librelsim_a_SOURCES = \
	src/sim/sim.h src/sim/sim_int.h \
	src/sim/sim.c \
	src/sim/sim_scenario.c \
	src/sim/sim_unleash.c \
	src/sim/sim_prom.c \
	src/sim/sim_prom_graph.c \
	src/sim/sim_k8s.c
# The demo's release plan.
src_sim_librelsim_a_SOURCES += src/sim/sim_plan.c
# Feature impact: client metrics (exposures) and KPI series.
src_sim_librelsim_a_SOURCES += src/sim/sim_impact.c
# Flags' recent history by the team (the journal view's event log).
src_sim_librelsim_a_SOURCES += src/sim/sim_history.c
# Kubernetes watch streams.
src_sim_librelsim_a_SOURCES += src/sim/sim_watch.c

bin_PROGRAMS += src/relboard-sim
src_relboard_sim_CPPFLAGS = $(AM_CPPFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
src_relboard_sim_SOURCES = src/sim/sim_main.c
src_relboard_sim_LDADD = src/sim/librelsim.a librelcore.a $(EVENT_LIBS) \
	$(JANSSON_LIBS) -lm
# Rollout actions: merge patches of Rollouts and the controller's answer.
src_sim_librelsim_a_SOURCES += src/sim/sim_k8s_patch.c
