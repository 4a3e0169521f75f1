/*
 * sim_int.h - what the simulator's files share: the request and reply of
 * one HTTP exchange, the release-day scenario (flags, services, rollouts,
 * events) and the handlers of the three emulated APIs.
 */
#ifndef RB_SIM_INT_H
#define RB_SIM_INT_H

#include <stddef.h>

#include <jansson.h>

#include "sim/sim.h"

struct evkeyvalq;

enum sim_method {
	SIM_GET,
	SIM_POST,
	SIM_PUT,
	SIM_PATCH,
	SIM_DELETE,
	SIM_HEAD,
	SIM_OTHER
};

/* One request as the handlers see it. */
struct sim_request {
	enum sim_method	 method;
	const char	*path;		/* decoded path, no query */
	struct evkeyvalq *args;		/* query (and form body) arguments */
	const char	*body;
	size_t		 bodylen;
	double		 wall;		/* wall time it arrived */
	const char	*ctype;		/* Content-Type, or NULL */
};

/* The answer a handler fills in. */
struct sim_reply {
	int		 status;
	const char	*reason;
	char		*body;		/* allocated; NULL for none */
	size_t		 bodylen;
	const char	*ctype;
	int		 etag;		/* add a weak ETag, honour If-None-Match */
};

void	reply_json(struct sim_reply *, int status, json_t *);	/* steals */
void	reply_text(struct sim_reply *, int status, const char *ctype,
	    const char *text);
void	reply_empty(struct sim_reply *, int status);

/* The scenario. */
#define SIM_NENVS 2

/* The versions the simulated services say they run (relboard check). */
#define SIM_UNLEASH_VERSION	"7.5.1"
#define SIM_PROM_VERSION	"2.42.0+ds"
#define SIM_K8S_VERSION		"v1.29.4"
extern const char *const sim_env_names[SIM_NENVS];

struct sim_dep {
	char		*feature;
	int		 enabled;
};

struct sim_flag {
	char		*name;
	char		*type;
	char		*description;
	char		 created_at[32];
	int		 stale;
	int		 enabled[SIM_NENVS];
	json_t		*strategies[SIM_NENVS];	/* arrays of strategy objects */
	char		 last_seen[SIM_NENVS][32];
	struct sim_dep	*deps;
	size_t		 ndeps;
	char		**children;
	size_t		 nchildren;
};

enum sim_rollout_kind {
	RK_CANARY_CYCLE,	/* steps through its canary over and over */
	RK_CANARY_PAUSED,	/* paused at a pause{} step, waiting */
	RK_CANARY_ABORTED,	/* aborted, stable scaled back */
	RK_BLUEGREEN_PAUSED,	/* preview up, waiting for promotion */
	RK_HEALTHY		/* fully promoted */
};

/*
 * A rollout once an action patched it (sim_k8s_patch.c): it leaves its
 * scripted cycle and moves on from the state the patch left, as the Argo
 * Rollouts controller would.
 */
struct sim_rollout_act {
	int		 active;
	int		 revision;
	int		 step;		/* currentStepIndex at `since` */
	double		 since;		/* scenario time that step began */
	double		 rev_started;
	int		 held;		/* a pause condition holds it at step */
	int		 spec_paused;
	int		 abort;
	int		 aborted_by_patch;	/* not by its analysis */
	int		 promote_full;
	long		 writes;	/* accepted patches (resourceVersion) */
};

struct sim_rollout {
	char		*name;
	enum sim_rollout_kind kind;
	int		 replicas;
	int		 traffic_routing;
	char		*image;			/* repository without tag */
	char		*stable_tag;
	char		*canary_tag;
	char		 uid[40];
	char		 created[32];
	unsigned	 seed;
	struct sim_rollout_act act;
};

struct sim_service {
	char		*name;
	double		 rate;		/* requests per second, 0 = no traffic */
	double		 error_ratio;
	double		 p99;
	int		 rollout;	/* index into rollouts, -1 none */
	int		 climbs;	/* canary error ratio climbs after 90 s */
	char		**flags;
	size_t		 nflags;
	char		**depends_on;
	size_t		 ndepends_on;
	unsigned	 seed;
};

struct sim_event {
	long		 id;
	char		*type;
	char		*feature;
	char		*environment;
	char		 created_at[32];
	json_t		*data;
	json_t		*pre_data;
	char		*created_by;	/* NULL: "admin", the token's name */
};

struct sim_scenario {
	double		 start_wall;
	double		 speed;
	struct sim_flag	*flags;		/* sorted by name */
	size_t		 nflags;
	struct sim_service *services;
	size_t		 nservices;
	struct sim_rollout *rollouts;
	size_t		 nrollouts;
	struct sim_event *events;
	size_t		 nevents;
	size_t		 cevents;
	long		 next_event;
	unsigned long	 strategy_seq;
	unsigned long	 version;	/* bumped on every write */
	const char	*patch_log;	/* Kubernetes patches logged here, or NULL */
	struct sim_watch *watch;	/* Kubernetes watches (sim_watch.c) */
};

struct sim_scenario *scenario_new(const struct sim_opts *, double start_wall);
void	scenario_free(struct sim_scenario *);
double	scenario_time(const struct sim_scenario *, double wall);
struct sim_flag *scenario_flag(struct sim_scenario *, const char *);
int	scenario_env(const char *);
char	*scenario_strategy_id(struct sim_scenario *);
json_t	*scenario_strategy(struct sim_scenario *, const char *name,
	    json_t *params, int order);
/* sim_history.c: recent changes by the team, so a flag's history has people. */
void	sim_history_seed(struct sim_scenario *);
void	scenario_event(struct sim_scenario *, double wall, const char *type,
	    const char *feature, const char *env, json_t *data, json_t *pre);

/* Canary state of a rollout at scenario time t. */
struct sim_rollout_state {
	int		 revision;
	int		 step;		/* currentStepIndex; nsteps when done */
	int		 nsteps;
	int		 weight;	/* canary traffic weight 0..100 */
	int		 paused;
	int		 aborted;
	int		 done;		/* fully promoted */
	int		 spec_paused;	/* spec.paused (an action paused it) */
	int		 canary_replicas;
	int		 canary_available;
	int		 stable_replicas;
	double		 step_started;	/* scenario time the step began */
	double		 rev_started;
};
void	scenario_rollout_state(const struct sim_rollout *, double t,
	    struct sim_rollout_state *);
int	scenario_step_weight(const struct sim_rollout *, int step);
/* Scenario seconds a canary's setWeight step takes. */
#define SETWEIGHT_S	6.0
/*
 * The state of a rollout an action patched, at scenario time t (nsteps
 * canary steps); 0 when none did (sim_k8s_patch.c).
 */
int	sim_act_state(const struct sim_rollout *, int nsteps, double t,
	    struct sim_rollout_state *);
/* PATCH of a Rollout or its status (sim_k8s_patch.c); 0 if not its path. */
int	k8s_patch_handle(struct sim_scenario *, struct sim_request *,
	    struct sim_reply *);
/* A Rollout object as GET answers it at wall time `wall` (sim_k8s.c). */
json_t	*k8s_rollout_json(struct sim_scenario *, double wall,
	    const struct sim_rollout *);
/* A Kubernetes Status answer (sim_k8s.c); details may be NULL. */
void	k8s_status(struct sim_reply *, int code, const char *reason,
	    const char *message, json_t *details);

/* Metrics of one service and version at scenario time t; 0 if absent. */
struct sim_sample {
	double		 rate;
	double		 error_ratio;
	double		 p99;
};
int	scenario_sample(const struct sim_scenario *, const struct sim_service *,
	    int canary, double t, struct sim_sample *);

/*
 * The service-graph series a query asks for (sim_prom_graph.c), at
 * scenario time t: each a metric's labels (the row owns them) and a value.
 * Returns how many, or (size_t)-1 when q is no service-graph query.
 */
struct prom_graph_row {
	json_t		*metric;
	double		 value;
};
size_t	prom_graph_rows(const struct sim_scenario *, const char *q, double t,
	    struct prom_graph_row **rows);

/*
 * The series of relboard's KPI query (sim_impact.c): one row per KPI and
 * environment with a known series, labelled rb_kpi and rb_env.  Returns
 * how many, or (size_t)-1 when q is no KPI query.
 */
size_t	sim_kpi_rows(const char *q, struct prom_graph_row **rows);
/* The demo config's "kpis" (sim_impact.c). */
json_t	*sim_demo_kpis(void);
/* Client metrics (exposures) of Unleash; 0 if the path is not one. */
int	impact_handle(struct sim_scenario *, struct sim_request *,
	    struct sim_reply *);

/* The three APIs: each returns 0 if the path is not its own. */
int	unleash_handle(struct sim_scenario *, struct sim_request *,
	    struct sim_reply *);
int	prom_handle(struct sim_scenario *, struct sim_request *,
	    struct sim_reply *);
int	k8s_handle(struct sim_scenario *, struct sim_request *,
	    struct sim_reply *);

/* The Kubernetes resources relboard reads (sim_k8s.c). */
enum k8s_res { K8S_ROLLOUTS, K8S_REPLICASETS, K8S_DEPLOYMENTS, K8S_NRES };
/* The objects of one resource in namespace ns at wall time (an array). */
json_t	*k8s_items(struct sim_scenario *, double wall, enum k8s_res,
	    const char *ns);

/*
 * Kubernetes watches (sim_watch.c): the objects as the watch cache sees
 * them, with resourceVersions that grow on every change; streams of
 * events; and the faults tests ask for under /sim/watch/.
 */
struct sim_watch;
struct evhttp_request;
struct sim_watch *sim_watch_new(struct event_base *, struct sim_scenario *);
void	sim_watch_free(struct sim_watch *);
/* A list's items (an array) and its resourceVersion, at wall time. */
json_t	*sim_watch_list(struct sim_watch *, enum k8s_res, const char *ns,
	    double wall, char *rv, size_t rvlen);
/*
 * A watch request or a fault request: 0 when not one; 1 when answered in
 * the reply; 2 when the request is being streamed (no reply to send).
 */
int	sim_watch_handle(struct sim_watch *, struct evhttp_request *,
	    struct sim_request *, struct sim_reply *);

/* Unleash error body {id,name,message,details}. */
void	unleash_error(struct sim_reply *, int status, const char *name,
	    const char *message);

/* Time helpers. */
void	sim_iso8601(double wall, char *buf, size_t len);	/* ms precision */

/* Wall time of scenario time 0 (tests use it to ask about the past). */
double	sim_epoch(const struct sim *);
struct sim_scenario *sim_scenario(const struct sim *);

#endif
