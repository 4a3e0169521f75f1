/*
 * sim.h - the release-day simulator: an HTTP server on libevent (evhttp)
 * that answers on loopback like Unleash (Admin API), Prometheus (query API)
 * and the Kubernetes API (Argo Rollouts, ReplicaSets, Deployments) for the
 * subset relboard uses, playing a scripted release day that moves with time.
 * `relboard --demo` embeds it; relboard-sim runs it standalone.
 */
#ifndef RB_SIM_H
#define RB_SIM_H

struct event_base;
struct sim;

struct sim_opts {
	const char	*host;		/* "127.0.0.1" when NULL */
	int		 port;		/* 0 = ephemeral */
	int		 nflags;	/* extra generated flags beyond the scenario */
	int		 nrollouts;	/* extra generated rollouts */
	int		 nservices;	/* extra generated services */
	double		 speed;		/* scenario time factor, 1 = real time */
	const char	*token;		/* required Authorization value, NULL = any */
	/* fault injection */
	int		 latency_ms;
	int		 error_rate_pct;	/* answer 500 to this share of requests */
	int		 malformed_pct;		/* a 200 whose JSON is cut in half */
	int		 oversize_pct;		/* a 200 of SIM_OVERSIZE bytes */
	int		 drop_pct;		/* close the connection, no answer */
	int		 throttle_pct;		/* 429 with a Retry-After */
	int		 retry_after_s;		/* its value; 0 = 30 */
	int		 quiet;
	const char	*patch_log;	/* append each Kubernetes PATCH here */
	const char	*request_log;	/* append "METHOD URI" per request */
};

#define SIM_OVERSIZE	(20u << 20)	/* above relboard's 16 MiB answer limit */

struct sim *sim_start(struct event_base *, const struct sim_opts *, char **cause);
int	sim_port(const struct sim *);
void	sim_free(struct sim *);

/*
 * The configuration JSON relboard uses to watch this simulator (sources for
 * flags, metrics and k8s, the scenario's services).  Allocated.
 */
char	*sim_demo_config(const struct sim *);
/*
 * The demo's release plan (a plan file's JSON): new-checkout in
 * production, at its first step, canary, as the scenario starts it.
 */
#define SIM_DEMO_PLAN_STEP	1
#define SIM_DEMO_PLAN_AGE_S	1200.0	/* how long ago step 1 was reached */
char	*sim_demo_plan(void);

#endif
