/*
 * config.h - relboard's configuration: sources to poll, rollout stages,
 * services (their flags, rollouts and dependencies), health thresholds and
 * display settings.  Loaded from a JSON file and validated strictly: an
 * unknown key or a wrong type is an error naming the file and the key.
 */
#ifndef RB_CONFIG_H
#define RB_CONFIG_H

#include "core/strmap.h"
#include <stdbool.h>
#include <stddef.h>

#define RB_MAX_STAGES 16

struct kube_conn;

struct stage {
	char		*name;
	int		 percent;	/* 0..100 */
};

struct source_cfg {
	char		*name;
	char		*kind;		/* an adapter name: unleash, prometheus, argo-rollouts */
	char		*url;		/* base URL without trailing slash */
	char		*token;		/* secret from token_env/token_file; never printed */
	char		*token_origin;	/* "env VAR" or "file PATH", safe to print */
	double		 interval_s;
	double		 timeout_s;
	/* unleash */
	char		*project;
	char		**environments;
	size_t		 nenvironments;
	/* argo-rollouts */
	char		*namespace;
	bool		 deployments;
	char		*ca_file;
	bool		 insecure_skip_tls_verify;
	/* argo-rollouts through a kubeconfig (core/config_kube.h) */
	char		*kubeconfig;	/* its key: one file, or NULL */
	char		*context;	/* its key, or NULL: current-context */
	struct kube_conn *kube;		/* resolved, or NULL: no kubeconfig */
	char		*kube_origin;	/* the files it came from, printable */
	/* prometheus */
	char		*query_rate;
	char		*query_error_ratio;
	char		*query_latency_p99;
	/*
	 * Service-graph discovery: the metric families to query (a set of
	 * SG_* bits; all but SG_CUSTOM by default, SG_CUSTOM too when
	 * service_graph_queries is set), and the custom family's queries.
	 */
	unsigned	 service_graph;
	char		*sg_rate, *sg_errors;	/* PromQL; {window} is filled */
	char		*sg_caller, *sg_callee;	/* their label names */
	/*
	 * unleash: flags whose exposures (client metrics) are read per poll
	 * (exposures_per_poll, default 8; 0 reads none).
	 */
	int		 exposures_per_poll;
};

/* Service-graph metric families (source_cfg.service_graph). */
enum {
	SG_OTEL = 1 << 0,	/* traces_service_graph_request_total */
	SG_ISTIO = 1 << 1,	/* istio_requests_total */
	SG_LINKERD = 1 << 2,	/* response_total */
	SG_CUSTOM = 1 << 3,	/* service_graph_queries */
};
#define SG_NFAMILIES 4
/* The config name of family bit i ("otel", "istio", "linkerd", "custom"). */
extern const char *const config_sg_family_names[SG_NFAMILIES];

struct thresholds {
	double		 error_ratio_warn, error_ratio_crit;
	double		 latency_p99_warn, latency_p99_crit;
};

struct service_cfg {
	char		*name;
	char		**flags;
	size_t		 nflags;
	char		**rollouts;	/* "NAMESPACE/NAME" or "NAME" */
	size_t		 nrollouts;
	char		**depends_on;
	size_t		 ndepends_on;
	bool		 has_thresholds;
	struct thresholds thresholds;
};

/*
 * A per-flag KPI: a PromQL query with {flag} and {env} filled in, judged
 * by exactly one of good_above (ok above it, warn at or below) or
 * bad_above (crit above it, ok at or below).
 */
struct kpi_cfg {
	char		*name;
	char		*flag;
	char		*query;
	bool		 bad;		/* bad_above, else good_above */
	double		 threshold;
	char		*source;	/* the prometheus source evaluating it */
	char		**envs;		/* {env} values; default: the unleash
					   sources' environments */
	size_t		 nenvs;
};

/* What a webhook announces (notify[].events): a set of bits. */
enum notify_kind {
	NOTIFY_FLAG = 1 << 0,		/* flag stage, kill, restore */
	NOTIFY_ROLLOUT = 1 << 1,	/* rollout promote, abort, retry, pause */
	NOTIFY_PLAN = 1 << 2,		/* a release plan's step */
};

/* A webhook relboard announces changes to (notify[]). */
struct notify_cfg {
	char		*url;		/* a secret: registered, never printed */
	char		*name;		/* "notify[0] (url_env SLACK_URL)": printable */
	unsigned	 events;	/* NOTIFY_* bits */
	double		 timeout_s;
};

struct config {
	char		*path;		/* file it came from, or "(demo)" */
	struct source_cfg *sources;
	size_t		 nsources;
	struct stage	 stages[RB_MAX_STAGES];
	size_t		 nstages;
	struct service_cfg *services;
	size_t		 nservices;
	struct thresholds thresholds;
	char		*theme;
	char		*journal;
	bool		 readonly;
	/* Moving a flag to off here asks what a kill asks (name, reason). */
	char		**protected_envs;
	size_t		 nprotected_envs;
	/*
	 * Page templates for `o` in the dashboard: {namespace}, {name},
	 * {service}, {version}, {flag}, {project}, {env} are filled in.  A
	 * flag's page defaults to its Unleash source's.
	 */
	char		*link_rollout, *link_service, *link_flag;
	/* service_aliases: a name in metrics -> a configured service name. */
	char		**alias_from, **alias_to;
	size_t		 naliases;
	/* Per-flag KPIs (config_kpi.c). */
	struct kpi_cfg	*kpis;
	size_t		 nkpis;
	/* Webhooks announcing changes. */
	struct notify_cfg *notify;
	size_t		 nnotify;
	/*
	 * Services by name for config_find_service(), built by
	 * config_parse() (a scan when the services changed since).
	 */
	struct strmap	 service_index;
	const struct service_cfg *service_index_of;
	size_t		 service_index_n;
};

/*
 * Parse the "kpis" array (config_kpi.c) once sources are known; on error
 * return -1 with *cause naming the file and key.
 */
int	config_kpis_parse(struct config *, const void *json_kpis, char **cause);
void	config_kpis_free(struct config *);

/* Defaults (stages, thresholds) with no sources. */
void	config_defaults(struct config *);
/* Parse JSON text; on error return -1 with *cause naming path and key. */
int	config_parse(struct config *, const char *path, const char *text, char **cause);
/* Load from a file (permission checks on token files apply). */
int	config_load(struct config *, const char *path, char **cause);
/* The default path: $XDG_CONFIG_HOME/relboard/config.json or ~/.config/... */
char	*config_default_path(void);
void	config_free(struct config *);

const struct source_cfg *config_find_source(const struct config *, const char *name);
const struct service_cfg *config_find_service(const struct config *, const char *name);
/* (Re)build the index config_find_service() uses; config_parse() does. */
void	config_index_services(struct config *);
/* Thresholds for a service: its override, else the global ones. */
const struct thresholds *config_thresholds(const struct config *, const char *service);

/* The service a name found in metrics stands for (service_aliases). */
const char *config_service_alias(const struct config *, const char *metric_name);

/* Stages, ordered by percentage. */
const struct stage *stage_find(const struct config *, const char *name);
/* Stage name for an enabled percentage: a stage's name, or "custom". */
const char *stage_for_percent(const struct config *, int percent);
/*
 * The stage a flag is at in one environment: a stage name, "off",
 * "custom" (no stage has its percentage) or "killed" (disabled while its
 * rollout is above 0, so that restoring brings the stage back).
 */
const char *flag_stage_of(const struct config *, bool enabled, bool has_rollout,
	    int rollout, int other_strategies);
/* The stage one step above (+1) or below (-1) a percentage, or NULL. */
const struct stage *stage_step(const struct config *, int percent, int dir);
/* "off, canary, early, half, ga" into an allocated string. */
char	*stage_list(const struct config *);

#endif
