# src/core: the internal library (model, config, stages, adapters, JSON out).
# It includes no curses, curl or event2 header; the unit tests link it.
noinst_LIBRARIES += librelcore.a
librelcore_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
librelcore_a_SOURCES = \
	src/core/util.c src/core/util.h \
	src/core/sanitize.c src/core/sanitize.h \
	src/core/model.c src/core/model.h src/core/model_same.c \
	src/core/intern.c src/core/intern.h \
	src/core/model_traffic.c \
	src/core/config.c src/core/config.h \
	src/core/stages.c \
	src/core/correlate.c src/core/correlate.h \
	src/core/canary.c src/core/canary.h \
	src/core/status_json.c src/core/status_json.h \
	src/core/graph.c src/core/graph.h \
	src/core/graph_effective.c \
	src/core/strmap.c src/core/strmap.h \
	src/core/jsonwalk.c src/core/jsonwalk.h \
	src/core/adapter.h \
	src/core/adapters/adapters.c \
	src/core/adapters/unleash.c \
	src/core/adapters/unleash_write.c \
	src/core/flag_state.c src/core/flag_state.h \
	src/core/decide.c src/core/decide.h \
	src/core/model_pin.c src/core/model_pin.h \
	src/core/acks.c src/core/acks.h \
	src/core/template.c src/core/template.h \
	src/core/adapters/prometheus.c \
	src/core/adapters/prometheus_graph.c src/core/adapters/prometheus_graph.h \
	src/core/adapters/argo_rollouts.c
# status --at: strict parsing of a time on the command line.
librelcore_a_SOURCES += src/core/timearg.c src/core/timearg.h
# relboard check: each kind's version request and answer.
librelcore_a_SOURCES += src/core/svcversion.c src/core/svcversion.h
# Kubernetes watch: list once, then apply one event at a time.
librelcore_a_SOURCES += src/core/adapters/argo_watch.c \
	src/core/adapters/argo_rollouts.h \
	src/core/model_rollout.c src/core/model_rollout.h
# Several clusters: services[].rollouts as SOURCE/NAMESPACE/NAME.
librelcore_a_SOURCES += src/core/rollout_ref.c src/core/rollout_ref.h
# Release plans: the file, its checks, where it stands, its gates.
librelcore_a_SOURCES += src/core/plan.c src/core/plan.h src/core/plan_state.c \
	src/core/plan_gate.c src/core/plan_dir.c src/core/plan_json.c \
	src/core/svc_health.c src/core/svc_health.h
# Rollout actions: the decision (the plugin's patches) and its requests.
librelcore_a_SOURCES += src/core/rollout_decide.c src/core/rollout_decide.h \
	src/core/adapters/argo_write.c src/core/adapters/argo_write.h
# kubeconfig: argo-rollouts sources reached as kubectl reaches clusters
# (YAML through libyaml), and exec plugins' ExecCredentials.
librelcore_a_CPPFLAGS += $(YAML_CFLAGS)
librelcore_a_SOURCES += src/core/kubeconfig.c src/core/kubeconfig.h \
	src/core/kubeconfig_load.c \
	src/core/config_kube.c src/core/config_kube.h \
	src/core/execcred.c src/core/execcred.h
# Feature impact: exposures (Unleash client metrics) and per-flag KPIs.
librelcore_a_SOURCES += src/core/exposure.c src/core/exposure.h \
	src/core/kpi.c src/core/kpi.h src/core/config_kpi.c \
	src/core/adapters/unleash_metrics.c src/core/adapters/unleash_metrics.h \
	src/core/adapters/prometheus_kpi.c src/core/adapters/prometheus_kpi.h
# Secrets read from files (token_file, notify url_file).
librelcore_a_SOURCES += src/core/secret_file.c src/core/secret_file.h
# What a webhook announcement says (pure).
librelcore_a_SOURCES += src/core/notify_body.c src/core/notify_body.h
# A flag's change history from Unleash's event log (the journal view).
librelcore_a_SOURCES += src/core/adapters/unleash_events.c
