/*
 * model.h - the release model: sources and their freshness, feature flags
 * per environment, rollouts, service health and the dependency graph.
 *
 * The model is pure data with no I/O.  Exactly one module writes it: the
 * adapters replace a source's items through model_replace_*() when a poll
 * of that source succeeds, and the poller updates source freshness.  Panes,
 * the JSON writer and actions only read it.  Every string in the model is
 * owned by the model.
 */
#ifndef RB_MODEL_H
#define RB_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strmap.h"

#define RB_UNKNOWN_INT (-1)	/* an integer field with no value (null) */
#define RB_TREND_MAX 60		/* samples kept per health metric */

enum source_state {
	SOURCE_PENDING,		/* never polled yet */
	SOURCE_OK,
	SOURCE_STALE,		/* last poll failed, older data kept */
	SOURCE_ERROR,		/* never succeeded */
};

struct source_status {
	char		*name;
	char		*kind;
	enum source_state state;
	double		 last_ok;	/* now_mono() of the last good poll, 0 none */
	double		 last_try;	/* now_mono() of the last finished poll */
	char		*error;		/* one-line reason of the last failure */
	/*
	 * Set by model_apply() when the last good poll's answer was
	 * incomplete (items shown as unknown), else NULL: one line.  The
	 * source stays ok; a failed poll keeps it.
	 */
	char		*warning;
	unsigned	 polls, failures;
	/*
	 * now_mono() of the next poll while the poller backs off (after
	 * failures, or as Retry-After asks); 0 when polling as usual.
	 */
	double		 retry_at;
	/* Its last good poll discovered the service graph (model_apply()). */
	bool		 service_graph;
};

struct flag_dep {
	char		*flag;		/* parent flag */
	bool		 enabled;	/* required parent state */
};

struct flag_env {
	char		*name;
	char		*type;		/* the environment's type, or NULL */
	bool		 enabled;
	bool		 has_rollout;	/* a flexibleRollout strategy exists */
	int		 rollout;	/* its percentage, or RB_UNKNOWN_INT */
	char		*strategy_id;	/* id of that strategy, or NULL */
	int		 other_strategies; /* strategies relboard leaves alone */
	/*
	 * The poll could not tell this environment's state (the answer that
	 * has it left the flag out): enabled is what the project listing
	 * says, has_rollout/rollout say nothing, and model_classify() gives
	 * the stage "unknown" (never a configured stage, off or killed).
	 */
	bool		 unknown;
	char		*reason;	/* why, one line, when unknown */
	/* Derived by model_classify(): */
	bool		 killed;	/* disabled while its rollout is > 0 */
	const char	*stage;		/* stage name, "off", "custom", "killed"
					   or "unknown" */
	/* Derived by model_effective() (graph_effective.c): */
	const char	*blocked_by;	/* parent that turns it off, or NULL;
					   points into this flag's deps */
	bool		 dep_cycle;	/* its parents loop back to it */
	/* Set by model_pins_apply(): a verified change the service lost. */
	bool		 disputed;
};

struct flag {
	char		*source;
	char		*project;
	char		*name;
	char		*type;
	bool		 stale;
	struct flag_env	*envs;
	size_t		 nenvs, envs_cap;
	struct flag_dep	*deps;
	size_t		 ndeps, deps_cap;
	/*
	 * No answer of the poll had its parents: deps are those of the
	 * previous poll (model_apply() carries them over), maybe none.
	 */
	bool		 deps_unknown;
};

struct rollout_replicas {
	int		 desired, current, updated, ready, available;
};

/* One canary step of a Rollout, for the detail view. */
enum rollout_step_kind {
	STEP_SET_WEIGHT,
	STEP_PAUSE,
	STEP_ANALYSIS,
	STEP_EXPERIMENT,
	STEP_OTHER,
};

struct rollout_step {
	enum rollout_step_kind kind;
	int		 weight;	/* setWeight, else RB_UNKNOWN_INT */
	char		*pause;		/* "30s", "1h" or "indefinite"; NULL */
	char		*name;		/* the step's key ("setCanaryScale") */
	char		*detail;	/* analysis/experiment templates, or
					   the value of an other step; NULL */
};

/* An image and its roles, as `kubectl argo rollouts get` shows them. */
struct rollout_image {
	char		*image;
	char		*roles;		/* "stable, active", "canary", or "" */
};

struct rollout_condition {
	char		*type;
	char		*status;	/* "True", "False", "Unknown" */
	char		*reason;	/* may be NULL */
	char		*message;	/* may be NULL */
	char		*last_transition; /* RFC 3339 as sent, or NULL */
};

/*
 * What rollout actions decide on (core/rollout_decide.h), as read from the
 * Rollout object; known is false for Deployments.
 */
struct rollout_live {
	bool		 known;
	char		*resource_version;
	bool		 canary, bluegreen;
	int		 nsteps;	/* canary steps */
	int		 step_index;	/* status.currentStepIndex, 0 if absent */
	bool		 spec_paused;
	size_t		 npause_conditions;
	bool		 controller_pause;
	bool		 abort;
	bool		 promote_full;
	bool		 inconclusive;	/* the step's analysis is Inconclusive */
	bool		 on_stable;	/* currentPodHash == stableRS */
};

struct rollout {
	char		*source;
	char		*namespace;
	char		*name;
	char		*kind;		/* "Rollout" or "Deployment" */
	char		*strategy;	/* "Canary", "BlueGreen", "RollingUpdate", ... */
	char		*status;	/* Healthy, Progressing, Paused, Degraded */
	char		*message;	/* may be NULL */
	int		 step_index;	/* RB_UNKNOWN_INT when no steps */
	int		 step_count;
	int		 set_weight;	/* RB_UNKNOWN_INT when unknown */
	int		 actual_weight;
	struct rollout_replicas replicas;
	char		**images;
	size_t		 nimages;
	/* Detail: steps (canary only), images with roles, conditions. */
	struct rollout_step *steps;
	size_t		 nsteps;
	struct rollout_image *image_roles;
	size_t		 nimage_roles;
	struct rollout_condition *conditions;
	size_t		 nconditions;
	/* An indefinite pause: only a person moves it on. */
	bool		 waiting_for_human;
	/*
	 * When it entered its current status: now_mono() seconds (negative
	 * if before boot; 0 only before model_apply()), set by model_apply()
	 * and carried over while the status stays the same.
	 * An adapter may set since_wall (epoch seconds, 0 unknown) from the
	 * object itself, used when the rollout is first seen.
	 */
	double		 since;
	double		 since_wall;
	struct rollout_live live;
};

enum health {
	HEALTH_UNKNOWN,
	HEALTH_OK,
	HEALTH_WARN,
	HEALTH_CRIT,
};

struct service_health {
	char		*source;
	char		*service;
	char		*version;
	double		 request_rate;	/* NAN when there is no data */
	double		 error_ratio;
	double		 latency_p99;	/* seconds */
	enum health	 health;
	double		 trend[RB_TREND_MAX]; /* error ratio, oldest first */
	size_t		 ntrend;
};

/* A per-flag KPI's value in one environment (kpi.c). */
struct kpi_value {
	char		*source;	/* the prometheus source evaluating it */
	char		*name;
	char		*flag;
	char		*env;
	double		 value;		/* NAN when unknown */
	enum health	 health;	/* from good_above / bad_above */
	char		*error;		/* why it is unknown, one line, or NULL */
};

struct flag_event {
	char		*source;
	char		*flag;
	char		*env;		/* NULL for a flag-level change */
	char		*type;		/* "feature-strategy-update", ... */
	char		*by;
	double		 time;		/* Unix seconds */
	/* What changed, "rollout 5% -> 20%" (the event log), or NULL. */
	char		*what;
};

/* Where a service-dependency edge comes from. */
enum edge_origin {
	EDGE_ORIGIN_NONE,	/* not a service dependency */
	EDGE_CONFIG,		/* depends_on only */
	EDGE_TRAFFIC,		/* discovered from metrics only ("undeclared") */
	EDGE_BOTH,
};

struct edge {
	char		*from;		/* "flag:NAME", "service:NAME", "rollout:NS/NAME" */
	char		*to;
	char		*kind;		/* "flag-dependency", "service-dependency", "owns" */
	/*
	 * Service dependencies only (model_traffic.c): the calls of `to`
	 * to `from` over the source's window.  request_rate is 0 for a
	 * configured dependency without traffic while some source discovers
	 * the graph, NAN when nothing does; error_ratio is NAN when unknown.
	 * health judges error_ratio by the thresholds of `from` (the callee).
	 */
	enum edge_origin origin;
	double		 request_rate;	/* requests per second */
	double		 error_ratio;
	enum health	 health;
};

/*
 * One caller -> callee pair of a discovered service graph, with the names
 * the metrics use (service_aliases map them when the graph is built).
 */
struct traffic_edge {
	char		*source;
	char		*caller;
	char		*callee;
	double		 request_rate;	/* requests per second */
	double		 error_ratio;	/* 0 when no failure series; NAN when
					   there were no requests */
};

struct model {
	struct source_status *sources;
	size_t		 nsources, sources_cap;
	struct flag	*flags;
	size_t		 nflags, flags_cap;
	struct rollout	*rollouts;
	size_t		 nrollouts, rollouts_cap;
	struct service_health *services;
	size_t		 nservices, services_cap;
	struct edge	*edges;
	size_t		 nedges, edges_cap;
	struct flag_event *events;	/* recent flag changes, newest first */
	size_t		 nevents, events_cap;
	struct traffic_edge *traffic;	/* discovered service graph */
	size_t		 ntraffic, traffic_cap;
	unsigned	 generation;	/* bumped on every change */
	struct flag_pin	*pins;		/* verified states (model_pin.c) */
	size_t		 npins, pins_cap;
	/*
	 * Bumped only when the edges change (model_build_graph() compares
	 * them), so a view of the graph is rebuilt only then.
	 */
	unsigned long	 graph_gen;
	/*
	 * Flags by name (first of that name; flag_next chains the others),
	 * rebuilt by model_apply().  model_find_flag() scans instead when
	 * the flags changed some other way.
	 */
	struct strmap	 flag_index;
	size_t		*flag_next;
	const struct flag *flag_index_of;
	size_t		 flag_index_n;
	/* Per-flag KPIs of the last polls (kpi.c). */
	struct kpi_value *kpis;
	size_t		 nkpis, kpis_cap;
	/* Exposures per flag and environment (exposure.c); NULL until any. */
	struct exposure_table *exposures;
};

/* A set of items from one poll of one source, built by an adapter. */
struct model_part {
	struct flag	*flags;
	size_t		 nflags, flags_cap;
	struct rollout	*rollouts;
	size_t		 nrollouts, rollouts_cap;
	struct service_health *services;
	size_t		 nservices, services_cap;
	struct flag_event *events;
	size_t		 nevents, events_cap;
	char		*warning;	/* the answer was incomplete, or NULL */
	struct traffic_edge *traffic;
	size_t		 ntraffic, traffic_cap;
	bool		 service_graph;	/* the poll discovered the graph */
	struct kpi_value *kpis;
	size_t		 nkpis, kpis_cap;
	/*
	 * The services' trends are those the model has (the range answer
	 * was reused): model_apply() keeps each one, its newest point this
	 * poll's error ratio.
	 */
	bool		 keep_trends;
};

struct config;
struct flag_pin;

void	model_init(struct model *);
void	model_free(struct model *);
struct source_status *model_add_source(struct model *, const char *name, const char *kind);
struct source_status *model_find_source(struct model *, const char *name);

/* Freshness bookkeeping, called by the poller after each poll. */
void	model_source_ok(struct model *, const char *name, double mono_now);
void	model_source_failed(struct model *, const char *name, const char *reason, double mono_now);

/*
 * Replace every item of source `name` by those in `part` (which is emptied:
 * its items move into the model).  Health trends of services that were there
 * before are carried over and extended.
 */
void	model_apply(struct model *, const char *name, struct model_part *part);

/*
 * Derive stages, killed state and health from the configuration.  An
 * unknown environment gets the stage "unknown".
 */
void	model_classify(struct model *, const struct config *);
/*
 * Rebuild graph edges from flags and the configured services; graph_gen
 * changes only if they differ from the edges there were.
 */
void	model_build_graph(struct model *, const struct config *);
/*
 * Effective flag states (graph_effective.c): a flag whose parent is off
 * (or, for an enabled:false dependency, fully on) in an environment is
 * blocked there, transitively.  Call after model_classify().
 */
void	model_effective(struct model *);

/* A flag by name (and source, unless NULL): a hash lookup. */
const struct flag *model_find_flag(const struct model *, const char *source, const char *name);
const struct flag_env *flag_find_env(const struct flag *, const char *env);

void	model_part_free(struct model_part *);
struct flag *part_add_flag(struct model_part *);
struct flag_env *flag_add_env(struct flag *);
struct flag_dep *flag_add_dep(struct flag *);
struct rollout *part_add_rollout(struct model_part *);
struct service_health *part_add_service(struct model_part *);
void	rollout_add_image(struct rollout *, const char *);
struct flag_event *part_add_event(struct model_part *);
/* The newest change of a flag (any environment), or NULL. */
const struct flag_event *model_last_event(const struct model *, const char *source,
	    const char *flag);
struct rollout_step *rollout_add_step(struct rollout *);
struct rollout_condition *rollout_add_condition(struct rollout *);
/* Add an image with roles, merging the roles of one already there. */
void	rollout_add_image_role(struct rollout *, const char *image,
	    const char *roles);
const char *rollout_step_kind_name(enum rollout_step_kind);

struct traffic_edge *part_add_traffic(struct model_part *);
void	traffic_edge_free(struct traffic_edge *);
/*
 * The mark a service-dependency edge gets for drift from the config:
 * "no traffic" (configured, no calls in the window), "undeclared"
 * (discovered, not configured), or NULL.
 */
const char *edge_mark(const struct edge *);
/*
 * Merge the model's discovered traffic into edges (model_traffic.c;
 * model_build_graph() calls it): each configured service-dependency edge
 * gets its origin, rate, error ratio and health, and the discovered pairs
 * with traffic that no depends_on declares are appended.
 */
void	model_traffic_merge(const struct model *, const struct config *,
	    struct edge **edges, size_t *nedges, size_t *cap);
/*
 * The failing dependency of a service with the highest error ratio: a
 * service-dependency edge to "service:NAME" whose health is warn or crit,
 * or NULL.
 */
const struct edge *model_worst_dependency(const struct model *, const char *service);
/* The edge from -> to of that kind ("flag:a", "flag:b", ...), or NULL. */
const struct edge *model_find_edge(const struct model *, const char *from,
	    const char *to, const char *kind);

/*
 * Give r its since: old's while the status stays the same, else now
 * (mono/wall), or on first sight (old NULL) the object's since_wall.
 */
void	model_carry_since(struct rollout *r, const struct rollout *old,
	    double mono, double wall);

/*
 * model_same.c: whether a polled flag or rollout says the same as the
 * model's (the fields adapters fill in).
 */
bool	model_same_flag(const struct flag *, const struct flag *);
bool	model_same_rollout(const struct rollout *, const struct rollout *);

void	flag_free(struct flag *);
void	rollout_free(struct rollout *);
void	service_free(struct service_health *);
void	flag_event_free(struct flag_event *);

const char *source_state_name(enum source_state);
const char *health_name(enum health);
/* "config", "traffic", "both", or NULL for EDGE_ORIGIN_NONE. */
const char *edge_origin_name(enum edge_origin);

#endif
