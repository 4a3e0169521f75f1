/*
 * sim_scenario.c - the release day the simulator plays: feature flags in
 * two environments at different stages, services with traffic that varies
 * smoothly, and Argo rollouts whose canaries move with scenario time.
 * Everything that changes with time is a pure function of the scenario
 * time, so tests can reason about it; flag state changes only by writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "sim/sim_int.h"

const char *const sim_env_names[SIM_NENVS] = { "development", "production" };

/* Durations, in scenario seconds, of a canary's setWeight steps. */
#define DONE_HOLD_S	36.0

/* Canary steps: weight > 0 is setWeight, weight < 0 a pause of -weight
 * seconds, 0 an indefinite pause. */
static const int steps_cycle[] = { 10, -30, 25, -30, 50, -30, 75, -30 };
static const int steps_paused[] = { 20, 0, 40, -30, 60, -30, 80, -30 };
static const int steps_aborted[] = { 10, -60, 30, -60, 60, -60 };

#define NITEMS(a) ((int)(sizeof (a) / sizeof (a)[0]))

static const int *
rollout_steps(const struct sim_rollout *r, int *n)
{
	switch (r->kind) {
	case RK_CANARY_PAUSED:
		*n = NITEMS(steps_paused);
		return steps_paused;
	case RK_CANARY_ABORTED:
		*n = NITEMS(steps_aborted);
		return steps_aborted;
	case RK_BLUEGREEN_PAUSED:
		*n = 0;
		return NULL;
	default:
		*n = NITEMS(steps_cycle);
		return steps_cycle;
	}
}

/* Step value as described above; INT_MIN-free: out of range is 0. */
int
scenario_step_weight(const struct sim_rollout *r, int step)
{
	int		 n;
	const int	*s = rollout_steps(r, &n);

	if (s == NULL || step < 0 || step >= n)
		return 0;
	return s[step];
}

static double
step_duration(int v)
{
	if (v > 0)
		return SETWEIGHT_S;
	return -v;
}

void
scenario_rollout_state(const struct sim_rollout *r, double t,
    struct sim_rollout_state *st)
{
	int		 n, i, w;
	const int	*s = rollout_steps(r, &n);
	double		 period, tc, at;
	long		 k;

	memset(st, 0, sizeof *st);
	st->nsteps = n;
	st->stable_replicas = r->replicas;
	st->revision = 3;
	if (sim_act_state(r, n, t, st))
		return;

	switch (r->kind) {
	case RK_CANARY_PAUSED:
		st->step = 1;
		st->weight = 20;
		st->paused = 1;
		st->step_started = -1800;
		st->rev_started = -1830;
		st->canary_replicas = (r->replicas * 20 + 99) / 100;
		st->canary_available = st->canary_replicas;
		if (!r->traffic_routing)
			st->stable_replicas = r->replicas - st->canary_replicas;
		return;
	case RK_CANARY_ABORTED:
		st->step = 0;
		st->aborted = 1;
		st->step_started = -600;
		st->rev_started = -700;
		return;
	case RK_BLUEGREEN_PAUSED:
		st->paused = 1;
		st->step_started = -900;
		st->rev_started = -960;
		st->canary_replicas = r->replicas;
		st->canary_available = r->replicas;
		return;
	case RK_HEALTHY:
		st->step = n;
		st->done = 1;
		st->weight = 100;
		st->step_started = -7200;
		st->rev_started = -7300;
		st->stable_replicas = r->replicas;
		return;
	case RK_CANARY_CYCLE:
		break;
	}

	period = DONE_HOLD_S;
	for (i = 0; i < n; i++)
		period += step_duration(s[i]);
	at = t + (double)(r->seed % 97);
	k = (long)floor(at / period);
	tc = at - (double)k * period;
	st->revision = 5 + (int)k;
	st->rev_started = t - tc;
	w = 0;
	for (i = 0; i < n; i++) {
		double d = step_duration(s[i]);

		if (s[i] > 0)
			w = s[i];
		if (tc < d) {
			st->step = i;
			st->step_started = t - tc;
			st->weight = w;
			st->canary_replicas = (r->replicas * w + 99) / 100;
			st->canary_available = st->canary_replicas;
			if (s[i] > 0 && tc < d / 2 && st->canary_available > 0)
				st->canary_available--;
			if (s[i] <= 0)
				st->paused = 1;
			if (!r->traffic_routing)
				st->stable_replicas = r->replicas -
				    st->canary_replicas;
			return;
		}
		tc -= d;
	}
	st->step = n;
	st->step_started = t - tc;
	st->done = 1;
	st->weight = 100;
	st->stable_replicas = r->replicas;
}

/* Smooth, deterministic wobble around 1. */
static double
wobble(double t, unsigned seed, double amount)
{
	double	ph = (double)(seed % 1000) / 159.0;

	return 1.0 + amount * (0.65 * sin(2 * M_PI * t / 97.0 + ph) +
	    0.35 * sin(2 * M_PI * t / 23.0 + 1.7 * ph));
}

/* How far the checkout canary's error ratio has climbed, 0..1. */
static double
climb(double t)
{
	if (t < 90)
		return 0;
	if (t > 150)
		return 1;
	return (t - 90) / 60.0;
}

int
scenario_sample(const struct sim_scenario *sc, const struct sim_service *s,
    int canary, double t, struct sim_sample *out)
{
	struct sim_rollout_state st;
	double			 share = canary ? 0 : 1;

	(void)sc;
	memset(out, 0, sizeof *out);
	if (t < -3600)
		return 0;	/* before anything ran */
	if (s->rollout >= 0) {
		scenario_rollout_state(&sc->rollouts[s->rollout], t, &st);
		if (!st.aborted && st.weight > 0) {
			double c = st.weight / 100.0;

			share = canary ? c : 1 - c;
		}
		if (st.done)
			share = canary ? 0 : 1;
	}
	if (canary && share <= 0)
		return 0;
	if (!canary && share <= 0 && s->rollout >= 0)
		share = 0;
	if (s->rate <= 0) {
		out->rate = 0;
		out->error_ratio = NAN;
		out->p99 = NAN;
		return 1;
	}
	out->rate = s->rate * share * wobble(t, s->seed, 0.15);
	if (share <= 0) {
		out->error_ratio = NAN;
		out->p99 = NAN;
		return 1;
	}
	out->error_ratio = s->error_ratio * wobble(t, s->seed + 7 + 5 * canary,
	    0.3);
	out->p99 = s->p99 * wobble(t, s->seed + 13 + 5 * canary, 0.1);
	if (canary && s->climbs) {
		double c = climb(t);

		out->error_ratio = 0.003 * wobble(t, s->seed + 7, 0.2) +
		    c * 0.067 * wobble(t, s->seed + 11, 0.05);
		out->p99 *= 1.0 + 3.5 * c;
	}
	return 1;
}

double
scenario_time(const struct sim_scenario *sc, double wall)
{
	return (wall - sc->start_wall) * sc->speed;
}

int
scenario_env(const char *name)
{
	int	i;

	for (i = 0; i < SIM_NENVS; i++)
		if (strcmp(sim_env_names[i], name) == 0)
			return i;
	return -1;
}

static int
flag_cmp(const void *a, const void *b)
{
	const struct sim_flag *fa = a, *fb = b;

	return strcmp(fa->name, fb->name);
}

struct sim_flag *
scenario_flag(struct sim_scenario *sc, const char *name)
{
	struct sim_flag	 key;

	key.name = (char *)name;
	return bsearch(&key, sc->flags, sc->nflags, sizeof *sc->flags,
	    flag_cmp);
}

char *
scenario_strategy_id(struct sim_scenario *sc)
{
	unsigned long	n = ++sc->strategy_seq;
	unsigned long	h = n * 2654435761UL;

	return xasprintf("%08lx-%04lx-4%03lx-8%03lx-%012lx",
	    h & 0xffffffffUL, (n >> 3) & 0xffff, n & 0xfff,
	    (h >> 7) & 0xfff, n * 40503UL & 0xffffffffffffUL);
}

void
sim_iso8601(double wall, char *buf, size_t len)
{
	time_t		 s = (time_t)floor(wall);
	int		 ms = (int)((wall - floor(wall)) * 1000);
	struct tm	 tm;

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, ms);
}

void
scenario_event(struct sim_scenario *sc, double wall, const char *type,
    const char *feature, const char *env, json_t *data, json_t *pre)
{
	struct sim_event *e;

	e = ARRAY_PUSH(sc->events, sc->nevents, sc->cevents);
	e->id = sc->next_event++;
	e->type = xstrdup(type);
	e->feature = feature ? xstrdup(feature) : NULL;
	e->environment = env ? xstrdup(env) : NULL;
	sim_iso8601(wall, e->created_at, sizeof e->created_at);
	e->data = data ? data : json_null();
	e->pre_data = pre ? pre : json_null();
	sc->version++;
}

/* Building the scenario. */

/* A strategy object with Unleash's keys, in Unleash's order. */
json_t *
scenario_strategy(struct sim_scenario *sc, const char *name, json_t *params,
    int order)
{
	char	*id = scenario_strategy_id(sc);
	json_t	*s;

	s = json_pack("{s:s, s:s, s:[], s:o, s:[], s:[], s:n, s:b, s:i}",
	    "id", id, "name", name, "constraints", "parameters",
	    params ? json_deep_copy(params) : json_object(), "variants",
	    "segments", "title", "disabled", 0, "sortOrder", order);
	free(id);
	return s;
}

static json_t *
rollout_strategy(struct sim_scenario *sc, const char *flag, int percent,
    int order)
{
	json_t	*p, *s;
	char	 pct[16];

	snprintf(pct, sizeof pct, "%d", percent);
	p = json_pack("{s:s, s:s, s:s}", "groupId", flag, "rollout", pct,
	    "stickiness", "default");
	s = scenario_strategy(sc, "flexibleRollout", p, order);
	json_decref(p);
	return s;
}

static json_t *
address_strategy(struct sim_scenario *sc, const char *ips, int order)
{
	json_t	*p, *s;

	p = json_pack("{s:s}", "IPs", ips);
	s = scenario_strategy(sc, "remoteAddress", p, order);
	json_decref(p);
	return s;
}

struct flag_seed {
	const char	*name;
	const char	*type;
	const char	*description;
	int		 dev_on, dev_pct;	/* pct < 0: no strategy */
	int		 prod_on, prod_pct;
	const char	*parent;
	const char	*ips;		/* extra remoteAddress strategy in production */
};

static const struct flag_seed seed_flags[] = {
	{ "payments-v2", "release", "New payments backend",
	  1, 100, 1, 100, NULL, NULL },
	{ "new-checkout", "release", "Redesigned checkout flow",
	  1, 100, 1, 5, "payments-v2", NULL },
	{ "checkout-upsell", "experiment", "Upsell panel in checkout",
	  1, 20, 1, 0, "new-checkout", NULL },
	{ "search-ranking-v3", "experiment", "Learning-to-rank for search",
	  1, 100, 1, 20, NULL, NULL },
	/* Needs the fraud rules, killed in production: blocked there. */
	{ "ledger-batch-writes", "release", "Batch ledger writes",
	  1, 100, 1, 50, "fraud-rules-2025", NULL },
	{ "fraud-rules-2025", "kill-switch", "Stricter fraud rules",
	  1, 100, 0, 20, "payments-v2", NULL },
	{ "legacy-cart-api", "operational", "Old cart endpoint",
	  0, -1, 0, -1, NULL, NULL },
	{ "beta-banner", "release", "Beta announcement banner",
	  1, 100, 1, 33, NULL, "10.0.0.1,10.0.0.2" },
	{ "dark-mode", "release", "Dark theme for the storefront",
	  1, 100, 1, 100, NULL, NULL },
};

struct service_seed {
	const char	*name;
	double		 rate, err, p99;
	const char	*rollout;
	int		 climbs;
	const char	*flags;		/* comma separated */
	const char	*depends;
};

static const struct service_seed seed_services[] = {
	{ "checkout", 120, 0.002, 0.18, "checkout", 1,
	  "new-checkout,checkout-upsell,beta-banner", "payments,search" },
	{ "payments", 45, 0.001, 0.25, "payments", 0,
	  "payments-v2,fraud-rules-2025", "ledger" },
	{ "search", 210, 0.004, 0.09, "search", 0,
	  "search-ranking-v3,dark-mode", "" },
	{ "ledger", 0, 0, 0, NULL, 0,
	  "ledger-batch-writes,legacy-cart-api", "" },
};

struct rollout_seed {
	const char	*name;
	enum sim_rollout_kind kind;
	int		 replicas;
	int		 traffic_routing;
	const char	*image, *stable, *canary;
};

static const struct rollout_seed seed_rollouts[] = {
	{ "checkout", RK_CANARY_CYCLE, 5, 1, "argoproj/rollouts-demo",
	  "blue", "yellow" },
	{ "payments", RK_CANARY_PAUSED, 5, 0, "registry.example.com/shop/payments",
	  "2.13.4", "2.14.0" },
	{ "search", RK_CANARY_ABORTED, 4, 1, "registry.example.com/shop/search",
	  "7.1.0", "7.2.0-rc1" },
};

static void
split(const char *list, char ***out, size_t *n)
{
	char	*copy, *p, *tok;
	size_t	 cap = 0;

	*out = NULL;
	*n = 0;
	copy = xstrdup(list);
	for (p = copy; (tok = strsep(&p, ",")) != NULL;) {
		if (*tok != '\0')
			*ARRAY_PUSH(*out, *n, cap) = xstrdup(tok);
	}
	free(copy);
}

static void
add_flag(struct sim_scenario *sc, size_t *cap, const struct flag_seed *fs,
    double created)
{
	struct sim_flag	*f;
	int		 on[SIM_NENVS] = { fs->dev_on, fs->prod_on };
	int		 pct[SIM_NENVS] = { fs->dev_pct, fs->prod_pct };
	int		 i;

	f = ARRAY_PUSH(sc->flags, sc->nflags, *cap);
	memset(f, 0, sizeof *f);
	f->name = xstrdup(fs->name);
	f->type = xstrdup(fs->type);
	f->description = xstrdup(fs->description);
	sim_iso8601(created, f->created_at, sizeof f->created_at);
	for (i = 0; i < SIM_NENVS; i++) {
		f->enabled[i] = on[i];
		f->strategies[i] = json_array();
		if (pct[i] >= 0)
			json_array_append_new(f->strategies[i],
			    rollout_strategy(sc, f->name, pct[i], 0));
		if (i == 1 && fs->ips != NULL)
			json_array_append_new(f->strategies[i],
			    address_strategy(sc, fs->ips, 1));
		f->last_seen[i][0] = '\0';
		if (on[i])
			sim_iso8601(sc->start_wall - 60, f->last_seen[i],
			    sizeof f->last_seen[i]);
	}
	if (fs->parent != NULL) {
		f->deps = xcalloc(1, sizeof *f->deps);
		f->deps[0].feature = xstrdup(fs->parent);
		f->deps[0].enabled = 1;
		f->ndeps = 1;
	}
}

static void
link_children(struct sim_scenario *sc)
{
	size_t		 i, j;
	struct sim_flag	*f, *p;

	for (i = 0; i < sc->nflags; i++) {
		f = &sc->flags[i];
		for (j = 0; j < f->ndeps; j++) {
			p = scenario_flag(sc, f->deps[j].feature);
			if (p == NULL)
				continue;
			p->children = xreallocarray(p->children,
			    p->nchildren + 1, sizeof *p->children);
			p->children[p->nchildren++] = xstrdup(f->name);
		}
	}
}

static void
add_rollout(struct sim_scenario *sc, size_t *cap, const char *name,
    enum sim_rollout_kind kind, int replicas, int tr, const char *image,
    const char *stable, const char *canary, unsigned seed)
{
	struct sim_rollout *r;
	unsigned long	    h = 1469598103UL ^ seed;
	const char	   *p;

	for (p = name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619UL;
	r = ARRAY_PUSH(sc->rollouts, sc->nrollouts, *cap);
	memset(r, 0, sizeof *r);
	r->name = xstrdup(name);
	r->kind = kind;
	r->replicas = replicas;
	r->traffic_routing = tr;
	r->image = xstrdup(image);
	r->stable_tag = xstrdup(stable);
	r->canary_tag = xstrdup(canary);
	r->seed = seed;
	snprintf(r->uid, sizeof r->uid, "%08lx-%04lx-4%03lx-a%03lx-%012lx",
	    h & 0xffffffffUL, (h >> 9) & 0xffff, (h >> 3) & 0xfff,
	    (h >> 5) & 0xfff, (h * 2654435761UL) & 0xffffffffffffUL);
	sim_iso8601(floor(sc->start_wall) - 86400 * 30 - seed * 61,
	    r->created, sizeof r->created);
	r->created[19] = 'Z';	/* Kubernetes times have no fraction */
	r->created[20] = '\0';
}

static void
add_service(struct sim_scenario *sc, size_t *cap, const char *name,
    double rate, double err, double p99, int rollout, int climbs,
    const char *flags, const char *depends, unsigned seed)
{
	struct sim_service *s;

	s = ARRAY_PUSH(sc->services, sc->nservices, *cap);
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->rate = rate;
	s->error_ratio = err;
	s->p99 = p99;
	s->rollout = rollout;
	s->climbs = climbs;
	s->seed = seed;
	split(flags, &s->flags, &s->nflags);
	split(depends, &s->depends_on, &s->ndepends_on);
}

static int
find_rollout(struct sim_scenario *sc, const char *name)
{
	size_t	i;

	for (i = 0; i < sc->nrollouts; i++)
		if (strcmp(sc->rollouts[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The history of the scenario's own flags, so the event log is not empty. */
static void
seed_events(struct sim_scenario *sc)
{
	size_t		 i;
	struct sim_flag	*f;
	double		 when;
	int		 e;

	for (i = 0; i < NITEMS(seed_flags); i++) {
		f = scenario_flag(sc, seed_flags[i].name);
		when = sc->start_wall - 86400 * (40 - (double)i * 3);
		scenario_event(sc, when, "feature-created", f->name, NULL,
		    json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "name", f->name,
		    "description", f->description, "type", f->type, "project",
		    "default", "stale", 0, "createdAt", f->created_at), NULL);
		for (e = 0; e < SIM_NENVS; e++) {
			if (json_array_size(f->strategies[e]) > 0)
				scenario_event(sc, when + 60 + e,
				    "feature-strategy-add", f->name,
				    sim_env_names[e], json_deep_copy(
				    json_array_get(f->strategies[e], 0)), NULL);
			if (f->enabled[e])
				scenario_event(sc, when + 120 + e,
				    "feature-environment-enabled", f->name,
				    sim_env_names[e], NULL, NULL);
		}
	}
}

struct sim_scenario *
scenario_new(const struct sim_opts *o, double start_wall)
{
	static const enum sim_rollout_kind gen_kinds[] = {
		RK_HEALTHY, RK_CANARY_CYCLE, RK_HEALTHY, RK_BLUEGREEN_PAUSED,
		RK_HEALTHY, RK_CANARY_PAUSED, RK_HEALTHY, RK_CANARY_ABORTED
	};
	static const int gen_pcts[] = { 0, 5, 20, 50, 100, 100, 33 };
	struct sim_scenario *sc;
	size_t		 fcap = 0, rcap = 0, scap = 0, i;
	int		 nf = o->nflags, nr = o->nrollouts, ns = o->nservices;
	char		 name[64], flags[256], tag[32];

	sc = xcalloc(1, sizeof *sc);
	sc->start_wall = start_wall;
	sc->speed = o->speed > 0 ? o->speed : 1;
	sc->next_event = 1;

	for (i = 0; i < NITEMS(seed_flags); i++)
		add_flag(sc, &fcap, &seed_flags[i],
		    start_wall - 86400 * (40 - (double)i * 3));
	for (i = 0; i < (size_t)(nf > 0 ? nf : 0); i++) {
		struct flag_seed fs;
		char		 parent[64];

		memset(&fs, 0, sizeof fs);
		snprintf(name, sizeof name, "gen-flag-%05zu", i);
		fs.name = name;
		fs.type = (i % 5 == 4) ? "experiment" : "release";
		fs.description = "Generated flag";
		fs.dev_on = 1;
		fs.dev_pct = 100;
		fs.prod_on = (i % 11) != 3;
		fs.prod_pct = gen_pcts[i % NITEMS(gen_pcts)];
		if (i % 7 == 6) {
			snprintf(parent, sizeof parent, "gen-flag-%05zu", i - 1);
			fs.parent = parent;
		}
		add_flag(sc, &fcap, &fs, start_wall - 3600 * (double)(i + 1));
	}
	qsort(sc->flags, sc->nflags, sizeof *sc->flags, flag_cmp);
	link_children(sc);
	seed_events(sc);

	for (i = 0; i < NITEMS(seed_rollouts); i++) {
		const struct rollout_seed *rs = &seed_rollouts[i];

		add_rollout(sc, &rcap, rs->name, rs->kind, rs->replicas,
		    rs->traffic_routing, rs->image, rs->stable, rs->canary,
		    (unsigned)i);
	}
	for (i = 0; i < (size_t)(nr > 0 ? nr : 0); i++) {
		snprintf(name, sizeof name, "app-%05zu", i);
		snprintf(tag, sizeof tag, "1.%zu.%zu", i % 40, i % 7 + 1);
		add_rollout(sc, &rcap, name, gen_kinds[i % NITEMS(gen_kinds)],
		    2 + (int)(i % 5), (int)(i % 2),
		    "registry.example.com/shop/app", "1.0.0", tag,
		    (unsigned)(i + 100));
	}

	for (i = 0; i < NITEMS(seed_services); i++) {
		const struct service_seed *ss = &seed_services[i];

		add_service(sc, &scap, ss->name, ss->rate, ss->err, ss->p99,
		    ss->rollout ? find_rollout(sc, ss->rollout) : -1,
		    ss->climbs, ss->flags, ss->depends, (unsigned)i * 31);
	}
	for (i = 0; i < (size_t)(ns > 0 ? ns : 0); i++) {
		int	ro = -1;

		snprintf(name, sizeof name, "svc-%05zu", i);
		flags[0] = '\0';
		if (nf > 0)
			snprintf(flags, sizeof flags, "gen-flag-%05zu",
			    i % (size_t)nf);
		if (i < (size_t)(nr > 0 ? nr : 0))
			ro = (int)(NITEMS(seed_rollouts) + i);
		add_service(sc, &scap, name, 5 + (double)(i % 45),
		    0.001 * (double)(i % 9), 0.05 + 0.01 * (double)(i % 30),
		    ro, 0, flags, i > 0 && i % 3 == 0 ? "checkout" : "",
		    (unsigned)(i * 17 + 101));
	}
	return sc;
}

void
scenario_free(struct sim_scenario *sc)
{
	size_t	i, j;
	int	e;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->nflags; i++) {
		struct sim_flag *f = &sc->flags[i];

		free(f->name);
		free(f->type);
		free(f->description);
		for (e = 0; e < SIM_NENVS; e++)
			json_decref(f->strategies[e]);
		for (j = 0; j < f->ndeps; j++)
			free(f->deps[j].feature);
		free(f->deps);
		for (j = 0; j < f->nchildren; j++)
			free(f->children[j]);
		free(f->children);
	}
	free(sc->flags);
	for (i = 0; i < sc->nservices; i++) {
		struct sim_service *s = &sc->services[i];

		free(s->name);
		for (j = 0; j < s->nflags; j++)
			free(s->flags[j]);
		free(s->flags);
		for (j = 0; j < s->ndepends_on; j++)
			free(s->depends_on[j]);
		free(s->depends_on);
	}
	free(sc->services);
	for (i = 0; i < sc->nrollouts; i++) {
		free(sc->rollouts[i].name);
		free(sc->rollouts[i].image);
		free(sc->rollouts[i].stable_tag);
		free(sc->rollouts[i].canary_tag);
	}
	free(sc->rollouts);
	for (i = 0; i < sc->nevents; i++) {
		free(sc->events[i].type);
		free(sc->events[i].feature);
		free(sc->events[i].environment);
		json_decref(sc->events[i].data);
		json_decref(sc->events[i].pre_data);
	}
	free(sc->events);
	free(sc);
}
