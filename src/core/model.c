/*
 * model.c - the release model's bookkeeping: sources and freshness, replacing
 * one source's items after a poll, and the helpers adapters use to build a
 * model_part.  Nothing here does I/O.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/exposure.h"
#include "core/kpi.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/model_pin.h"
#include "core/sanitize.h"
#include "core/strmap.h"
#include "core/util.h"

void
model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
}

void
flag_free(struct flag *f)
{
	size_t i;

	intern_free(f->source);
	intern_free(f->project);
	free(f->name);
	intern_free(f->type);
	for (i = 0; i < f->nenvs; i++) {
		intern_free(f->envs[i].name);
		intern_free(f->envs[i].type);
		free(f->envs[i].strategy_id);
		free(f->envs[i].reason);
	}
	free(f->envs);
	for (i = 0; i < f->ndeps; i++)
		free(f->deps[i].flag);
	free(f->deps);
	memset(f, 0, sizeof *f);
}

void
rollout_free(struct rollout *r)
{
	size_t i;

	intern_free(r->source);
	intern_free(r->namespace);
	free(r->name);
	intern_free(r->kind);
	intern_free(r->strategy);
	intern_free(r->status);
	free(r->message);
	free(r->live.resource_version);
	for (i = 0; i < r->nimages; i++)
		free(r->images[i]);
	free(r->images);
	for (i = 0; i < r->nsteps; i++) {
		free(r->steps[i].pause);
		free(r->steps[i].name);
		free(r->steps[i].detail);
	}
	free(r->steps);
	for (i = 0; i < r->nimage_roles; i++) {
		free(r->image_roles[i].image);
		free(r->image_roles[i].roles);
	}
	free(r->image_roles);
	for (i = 0; i < r->nconditions; i++) {
		free(r->conditions[i].type);
		free(r->conditions[i].status);
		free(r->conditions[i].reason);
		free(r->conditions[i].message);
		free(r->conditions[i].last_transition);
	}
	free(r->conditions);
	memset(r, 0, sizeof *r);
}

void
service_free(struct service_health *s)
{
	intern_free(s->source);
	free(s->service);
	free(s->version);
	memset(s, 0, sizeof *s);
}

void
flag_event_free(struct flag_event *e)
{
	free(e->source);
	free(e->flag);
	free(e->env);
	free(e->type);
	free(e->by);
	free(e->what);
	memset(e, 0, sizeof *e);
}

static void
edges_free(struct edge *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].from);
		free(e[i].to);
		free(e[i].kind);
	}
}

static void
flag_index_clear(struct model *m)
{
	strmap_free(&m->flag_index);
	free(m->flag_next);
	m->flag_next = NULL;
	m->flag_index_of = NULL;
	m->flag_index_n = 0;
}

/* Index the flags by name; the map borrows the flags' names. */
static void
flag_index_build(struct model *m)
{
	size_t i, first, *last;

	flag_index_clear(m);
	m->flag_next = xcalloc(m->nflags + 1, sizeof *m->flag_next);
	last = xcalloc(m->nflags + 1, sizeof *last);
	for (i = 0; i < m->nflags; i++) {
		m->flag_next[i] = STRMAP_NONE;
		if (m->flags[i].name == NULL)
			continue;
		first = strmap_put(&m->flag_index, m->flags[i].name, i);
		if (first != i)
			m->flag_next[last[first]] = i;
		last[first] = i;
	}
	free(last);
	m->flag_index_of = m->flags;
	m->flag_index_n = m->nflags;
}

void
model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nsources; i++) {
		free(m->sources[i].name);
		free(m->sources[i].kind);
		free(m->sources[i].error);
		free(m->sources[i].warning);
	}
	free(m->sources);
	for (i = 0; i < m->nflags; i++)
		flag_free(&m->flags[i]);
	free(m->flags);
	for (i = 0; i < m->nrollouts; i++)
		rollout_free(&m->rollouts[i]);
	free(m->rollouts);
	for (i = 0; i < m->nservices; i++)
		service_free(&m->services[i]);
	free(m->services);
	edges_free(m->edges, m->nedges);
	free(m->edges);
	for (i = 0; i < m->ntraffic; i++)
		traffic_edge_free(&m->traffic[i]);
	free(m->traffic);
	for (i = 0; i < m->nevents; i++)
		flag_event_free(&m->events[i]);
	free(m->events);
	model_pins_free(m);
	flag_index_clear(m);
	kpi_values_free(m->kpis, m->nkpis);
	exposure_table_free(m->exposures);
	memset(m, 0, sizeof *m);
}

struct source_status *
model_find_source(struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nsources; i++) {
		if (strcmp(m->sources[i].name, name) == 0)
			return &m->sources[i];
	}
	return NULL;
}

struct source_status *
model_add_source(struct model *m, const char *name, const char *kind)
{
	struct source_status *s;

	if ((s = model_find_source(m, name)) != NULL)
		return s;
	s = ARRAY_PUSH(m->sources, m->nsources, m->sources_cap);
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->kind = xstrdup(kind);
	s->state = SOURCE_PENDING;
	m->generation++;
	return s;
}

void
model_source_ok(struct model *m, const char *name, double mono_now)
{
	struct source_status *s = model_find_source(m, name);

	if (s == NULL)
		return;
	s->state = SOURCE_OK;
	s->last_ok = mono_now;
	s->last_try = mono_now;
	s->polls++;
	free(s->error);
	s->error = NULL;
	m->generation++;
}

void
model_source_failed(struct model *m, const char *name, const char *reason,
    double mono_now)
{
	struct source_status *s = model_find_source(m, name);

	if (s == NULL)
		return;
	s->state = s->last_ok > 0 ? SOURCE_STALE : SOURCE_ERROR;
	s->last_try = mono_now;
	s->polls++;
	s->failures++;
	free(s->error);
	s->error = sanitize_dup(reason != NULL ? reason : "unknown error");
	m->generation++;
}

/* Drop every element of a source from an array of structs with a source field. */
#define DROP_SOURCE(arr, n, name, freefn) do {				\
	size_t i_, j_ = 0;						\
	for (i_ = 0; i_ < (n); i_++) {					\
		if (strcmp((arr)[i_].source, (name)) == 0)		\
			freefn(&(arr)[i_]);				\
		else							\
			(arr)[j_++] = (arr)[i_];			\
	}								\
	(n) = j_;							\
} while (0)

/*
 * The rows a source had before a poll, by identity, so that each new row
 * finds its predecessor without a scan (a poll can bring thousands).  A
 * missing field counts as empty, as streq() has it.
 */
struct old_rows {
	struct strmap	  map;
	char		**keys;
	size_t		  n;
};

static char *
service_id(const void *p)
{
	const struct service_health *s = p;

	return xasprintf("%s\x1f%s\x1f%s", s->source ? s->source : "",
	    s->service ? s->service : "", s->version ? s->version : "");
}

static char *
rollout_id(const void *p)
{
	const struct rollout *r = p;

	return xasprintf("%s\x1f%s\x1f%s\x1f%s", r->source ? r->source : "",
	    r->namespace ? r->namespace : "", r->name ? r->name : "",
	    r->kind ? r->kind : "");
}

static void
old_rows_init(struct old_rows *o, const void *arr, size_t n, size_t size,
    char *(*id)(const void *))
{
	size_t i;

	strmap_init(&o->map);
	o->n = n;
	o->keys = xcalloc(n + 1, sizeof *o->keys);
	for (i = 0; i < n; i++) {
		o->keys[i] = id((const char *)arr + i * size);
		strmap_put(&o->map, o->keys[i], i);	/* the first one wins */
	}
}

/* Index of the old row with the same identity as `row`, or STRMAP_NONE. */
static size_t
old_rows_find(const struct old_rows *o, const void *row,
    char *(*id)(const void *))
{
	char	*key = id(row);
	size_t	 i = strmap_get(&o->map, key);

	free(key);
	return i;
}

static void
old_rows_free(struct old_rows *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->keys[i]);
	free(o->keys);
	strmap_free(&o->map);
}

static void
carry_trend(struct service_health *s, const struct service_health *old,
    bool keep)
{
	size_t n = 0;
	double v = s->error_ratio;

	/* An adapter that filled a trend itself (range query) wins. */
	if (s->ntrend > 0)
		return;
	/* The range as the model has it; the newest point is this poll's. */
	if (keep) {
		for (n = 0; n < RB_TREND_MAX; n++)
			s->trend[n] = old != NULL && old->ntrend == RB_TREND_MAX ?
			    old->trend[n] : NAN;
		s->trend[RB_TREND_MAX - 1] = v;
		s->ntrend = RB_TREND_MAX;
		return;
	}
	if (old != NULL) {
		n = old->ntrend;
		memcpy(s->trend, old->trend, n * sizeof s->trend[0]);
	}
	if (n == RB_TREND_MAX) {
		memmove(s->trend, s->trend + 1, (n - 1) * sizeof s->trend[0]);
		n--;
	}
	s->trend[n++] = v;
	s->ntrend = n;
}

/* Since when a rollout has had its status: kept while it stays the same. */
void
model_carry_since(struct rollout *r, const struct rollout *old, double mono,
    double wall)
{
	double ago;

	if (old != NULL && streq(old->status, r->status) && old->since != 0) {
		r->since = old->since;
		return;
	}
	r->since = mono;
	/* First seen: the object may say when it got there. */
	if (old == NULL && r->since_wall > 0 && r->since_wall < wall) {
		ago = wall - r->since_wall;
		/* On the monotonic scale; before boot is negative, fine. */
		r->since = mono - ago != 0 ? mono - ago : -0.001;
	}
}

/*
 * A flag whose parents no answer gave keeps those of the last poll, so
 * that dependencies never vanish because of a partial answer.
 */
static void
carry_deps(const struct model *m, struct flag *f)
{
	const struct flag	*old;
	size_t			 i;

	if (!f->deps_unknown || f->ndeps > 0 ||
	    (old = model_find_flag(m, f->source, f->name)) == NULL)
		return;
	for (i = 0; i < old->ndeps; i++) {
		struct flag_dep *d = flag_add_dep(f);

		d->flag = xstrdup(old->deps[i].flag);
		d->enabled = old->deps[i].enabled;
	}
}

/*
 * An item the poll brought again unchanged stays as the model had it: the
 * new copy trades places with the old one, and goes with the rest of the
 * source's old items.
 */
static void
swap_items(void *a, void *b, size_t size)
{
	unsigned char tmp[sizeof(struct rollout) > sizeof(struct flag) ?
	    sizeof(struct rollout) : sizeof(struct flag)];

	memcpy(tmp, a, size);
	memcpy(a, b, size);
	memcpy(b, tmp, size);
}

void
model_apply(struct model *m, const char *name, struct model_part *p)
{
	struct old_rows	 old;
	struct source_status *src;
	struct flag	*of;
	size_t		 i, j, k;
	double		 mono = now_mono(), wall = now_wall();

	for (i = 0; i < p->nflags; i++) {
		carry_deps(m, &p->flags[i]);
		of = (struct flag *)model_find_flag(m, p->flags[i].source,
		    p->flags[i].name);
		if (of == NULL || !streq(of->source, name) ||
		    !model_same_flag(of, &p->flags[i]))
			continue;
		swap_items(of, &p->flags[i], sizeof *of);
		/* As a new row has it: pins mark it again (model_pin.c). */
		for (k = 0; k < p->flags[i].nenvs; k++)
			p->flags[i].envs[k].disputed = false;
	}
	if ((src = model_find_source(m, name)) != NULL) {
		free(src->warning);
		src->warning = p->warning;
		p->warning = NULL;
		src->service_graph = p->service_graph;
	}

	/* Carry states' ages and trends over before the old rows go. */
	if (p->nrollouts > 0) {
		old_rows_init(&old, m->rollouts, m->nrollouts,
		    sizeof *m->rollouts, rollout_id);
		for (i = 0; i < p->nrollouts; i++) {
			j = old_rows_find(&old, &p->rollouts[i], rollout_id);
			model_carry_since(&p->rollouts[i], j == STRMAP_NONE ? NULL :
			    &m->rollouts[j], mono, wall);
			if (j != STRMAP_NONE && streq(m->rollouts[j].source,
			    name) && model_same_rollout(&m->rollouts[j],
			    &p->rollouts[i]))
				swap_items(&m->rollouts[j], &p->rollouts[i],
				    sizeof *p->rollouts);
		}
		old_rows_free(&old);
	}
	if (p->nservices > 0) {
		old_rows_init(&old, m->services, m->nservices,
		    sizeof *m->services, service_id);
		for (i = 0; i < p->nservices; i++) {
			j = old_rows_find(&old, &p->services[i], service_id);
			carry_trend(&p->services[i], j == STRMAP_NONE ? NULL :
			    &m->services[j], p->keep_trends);
		}
		old_rows_free(&old);
	}
	DROP_SOURCE(m->flags, m->nflags, name, flag_free);
	DROP_SOURCE(m->rollouts, m->nrollouts, name, rollout_free);
	DROP_SOURCE(m->services, m->nservices, name, service_free);
	DROP_SOURCE(m->events, m->nevents, name, flag_event_free);
	DROP_SOURCE(m->traffic, m->ntraffic, name, traffic_edge_free);

	for (i = 0; i < p->nflags; i++)
		*ARRAY_PUSH(m->flags, m->nflags, m->flags_cap) = p->flags[i];
	for (i = 0; i < p->nrollouts; i++)
		*ARRAY_PUSH(m->rollouts, m->nrollouts, m->rollouts_cap) = p->rollouts[i];
	for (i = 0; i < p->nservices; i++)
		*ARRAY_PUSH(m->services, m->nservices, m->services_cap) = p->services[i];
	for (i = 0; i < p->nevents; i++)
		*ARRAY_PUSH(m->events, m->nevents, m->events_cap) = p->events[i];
	for (i = 0; i < p->ntraffic; i++)
		*ARRAY_PUSH(m->traffic, m->ntraffic, m->traffic_cap) = p->traffic[i];
	p->nflags = p->nrollouts = p->nservices = p->nevents = p->ntraffic = 0;
	model_kpis_apply(m, name, p);
	model_part_free(p);
	flag_index_build(m);
	m->generation++;
}

void
model_part_free(struct model_part *p)
{
	size_t i;

	for (i = 0; i < p->nflags; i++)
		flag_free(&p->flags[i]);
	free(p->flags);
	for (i = 0; i < p->nrollouts; i++)
		rollout_free(&p->rollouts[i]);
	free(p->rollouts);
	for (i = 0; i < p->nservices; i++)
		service_free(&p->services[i]);
	free(p->services);
	for (i = 0; i < p->nevents; i++)
		flag_event_free(&p->events[i]);
	free(p->events);
	for (i = 0; i < p->ntraffic; i++)
		traffic_edge_free(&p->traffic[i]);
	free(p->traffic);
	free(p->warning);
	kpi_values_free(p->kpis, p->nkpis);
	memset(p, 0, sizeof *p);
}

struct flag *
part_add_flag(struct model_part *p)
{
	struct flag *f = ARRAY_PUSH(p->flags, p->nflags, p->flags_cap);

	memset(f, 0, sizeof *f);
	return f;
}

/*
 * A flag has a few environments, and at 10,000 flags room for more than it
 * has would cost megabytes: the array grows one at a time.
 */
struct flag_env *
flag_add_env(struct flag *f)
{
	struct flag_env *e;

	f->envs = xreallocarray(f->envs, f->nenvs + 1, sizeof *f->envs);
	f->envs_cap = f->nenvs + 1;
	e = &f->envs[f->nenvs++];
	memset(e, 0, sizeof *e);
	e->rollout = RB_UNKNOWN_INT;
	e->stage = "off";
	return e;
}

struct flag_dep *
flag_add_dep(struct flag *f)
{
	struct flag_dep *d = ARRAY_PUSH(f->deps, f->ndeps, f->deps_cap);

	memset(d, 0, sizeof *d);
	return d;
}

struct rollout *
part_add_rollout(struct model_part *p)
{
	struct rollout *r = ARRAY_PUSH(p->rollouts, p->nrollouts, p->rollouts_cap);

	memset(r, 0, sizeof *r);
	r->step_index = r->step_count = RB_UNKNOWN_INT;
	r->set_weight = r->actual_weight = RB_UNKNOWN_INT;
	return r;
}

struct service_health *
part_add_service(struct model_part *p)
{
	struct service_health *s = ARRAY_PUSH(p->services, p->nservices, p->services_cap);

	memset(s, 0, sizeof *s);
	s->request_rate = s->error_ratio = s->latency_p99 = NAN;
	return s;
}

struct flag_event *
part_add_event(struct model_part *p)
{
	struct flag_event *e = ARRAY_PUSH(p->events, p->nevents, p->events_cap);

	memset(e, 0, sizeof *e);
	return e;
}

const struct flag_event *
model_last_event(const struct model *m, const char *source, const char *flag)
{
	const struct flag_event *best = NULL;
	size_t i;

	for (i = 0; i < m->nevents; i++) {
		const struct flag_event *e = &m->events[i];

		if (streq(e->source, source) && streq(e->flag, flag) &&
		    (best == NULL || e->time > best->time))
			best = e;
	}
	return best;
}

void
rollout_add_image(struct rollout *r, const char *image)
{
	size_t i;

	for (i = 0; i < r->nimages; i++) {
		if (strcmp(r->images[i], image) == 0)
			return;
	}
	r->images = xreallocarray(r->images, r->nimages + 1, sizeof *r->images);
	r->images[r->nimages++] = xstrdup(image);
}

struct rollout_step *
rollout_add_step(struct rollout *r)
{
	struct rollout_step *s;

	r->steps = xreallocarray(r->steps, r->nsteps + 1, sizeof *r->steps);
	s = &r->steps[r->nsteps++];
	memset(s, 0, sizeof *s);
	s->weight = RB_UNKNOWN_INT;
	return s;
}

struct rollout_condition *
rollout_add_condition(struct rollout *r)
{
	struct rollout_condition *c;

	r->conditions = xreallocarray(r->conditions, r->nconditions + 1,
	    sizeof *r->conditions);
	c = &r->conditions[r->nconditions++];
	memset(c, 0, sizeof *c);
	return c;
}

static int
cmp_role(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The union of two role lists ("stable, active"), sorted, as the Argo
 * Rollouts CLI merges the tags of one image found in two ReplicaSets.
 */
static void
merge_roles(char **roles, const char *add)
{
	char	*all, *p, *tok, **v = NULL, *out;
	size_t	 n = 0, cap = 0, i, len = 1;

	all = xasprintf("%s,%s", *roles, add);
	for (p = all; (tok = strsep(&p, ",")) != NULL;) {
		while (*tok == ' ')
			tok++;
		if (*tok == '\0')
			continue;
		for (i = 0; i < n && strcmp(v[i], tok) != 0; i++)
			;
		if (i == n) {
			*ARRAY_PUSH(v, n, cap) = tok;
			len += strlen(tok) + 2;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_role);
	out = xmalloc(len);
	*out = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, ", ");
		strcat(out, v[i]);
	}
	free(v);
	free(all);
	free(*roles);
	*roles = out;
}

void
rollout_add_image_role(struct rollout *r, const char *image, const char *roles)
{
	struct rollout_image *im;
	size_t i;

	for (i = 0; i < r->nimage_roles; i++) {
		if (strcmp(r->image_roles[i].image, image) == 0) {
			merge_roles(&r->image_roles[i].roles, roles ? roles : "");
			return;
		}
	}
	r->image_roles = xreallocarray(r->image_roles, r->nimage_roles + 1,
	    sizeof *r->image_roles);
	im = &r->image_roles[r->nimage_roles++];
	im->image = xstrdup(image);
	im->roles = xstrdup(roles ? roles : "");
}

const char *
rollout_step_kind_name(enum rollout_step_kind k)
{
	switch (k) {
	case STEP_SET_WEIGHT:
		return "setWeight";
	case STEP_PAUSE:
		return "pause";
	case STEP_ANALYSIS:
		return "analysis";
	case STEP_EXPERIMENT:
		return "experiment";
	case STEP_OTHER:
		break;
	}
	return "other";
}

const struct flag *
model_find_flag(const struct model *m, const char *source, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	if (m->flag_index_of == m->flags && m->flag_index_n == m->nflags &&
	    m->flag_next != NULL) {
		for (i = strmap_get(&m->flag_index, name); i != STRMAP_NONE;
		    i = m->flag_next[i]) {
			if (source == NULL || streq(m->flags[i].source, source))
				return &m->flags[i];
		}
		return NULL;
	}
	for (i = 0; i < m->nflags; i++) {
		if (source != NULL && strcmp(m->flags[i].source, source) != 0)
			continue;
		if (strcmp(m->flags[i].name, name) == 0)
			return &m->flags[i];
	}
	return NULL;
}

const struct flag_env *
flag_find_env(const struct flag *f, const char *env)
{
	size_t i;

	for (i = 0; i < f->nenvs; i++) {
		if (strcmp(f->envs[i].name, env) == 0)
			return &f->envs[i];
	}
	return NULL;
}

static enum health
judge(const struct thresholds *t, const struct service_health *s)
{
	enum health h = HEALTH_OK;

	if (isnan(s->error_ratio) && isnan(s->latency_p99))
		return HEALTH_UNKNOWN;
	if (!isnan(s->error_ratio)) {
		if (s->error_ratio >= t->error_ratio_crit)
			return HEALTH_CRIT;
		if (s->error_ratio >= t->error_ratio_warn)
			h = HEALTH_WARN;
	}
	if (!isnan(s->latency_p99)) {
		if (s->latency_p99 >= t->latency_p99_crit)
			return HEALTH_CRIT;
		if (s->latency_p99 >= t->latency_p99_warn)
			h = HEALTH_WARN;
	}
	return h;
}

void
model_classify(struct model *m, const struct config *cfg)
{
	size_t i, j;

	for (i = 0; i < m->nflags; i++) {
		struct flag *f = &m->flags[i];

		for (j = 0; j < f->nenvs; j++) {
			struct flag_env *e = &f->envs[j];

			if (e->unknown) {
				e->stage = "unknown";
				e->killed = false;
				continue;
			}
			e->stage = flag_stage_of(cfg, e->enabled, e->has_rollout,
			    e->rollout, e->other_strategies);
			e->killed = strcmp(e->stage, "killed") == 0;
		}
	}
	for (i = 0; i < m->nservices; i++) {
		struct service_health *s = &m->services[i];

		s->health = judge(config_thresholds(cfg, s->service), s);
	}
	m->generation++;
}

struct edges {
	struct edge	*v;
	size_t		 n, cap;
};

static void
add_edge(struct edges *es, const char *from, const char *to, const char *kind)
{
	struct edge *e = ARRAY_PUSH(es->v, es->n, es->cap);

	e->from = xstrdup(from);
	e->to = xstrdup(to);
	e->kind = xstrdup(kind);
	e->origin = EDGE_ORIGIN_NONE;
	e->request_rate = e->error_ratio = NAN;
	e->health = HEALTH_UNKNOWN;
}

static bool
same_number(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

static bool
edges_same(const struct edge *a, size_t na, const struct edge *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		if (!streq(a[i].from, b[i].from) || !streq(a[i].to, b[i].to) ||
		    !streq(a[i].kind, b[i].kind) || a[i].origin != b[i].origin)
			return false;
	}
	return true;
}

void
model_build_graph(struct model *m, const struct config *cfg)
{
	struct edges es = { NULL, 0, 0 }, *e = &es;
	size_t i, j;
	char *a, *b;

	for (i = 0; i < m->nflags; i++) {
		const struct flag *f = &m->flags[i];

		for (j = 0; j < f->ndeps; j++) {
			a = xasprintf("flag:%s", f->deps[j].flag);
			b = xasprintf("flag:%s", f->name);
			add_edge(e, a, b, "flag-dependency");
			free(a);
			free(b);
		}
	}
	for (i = 0; i < cfg->nservices; i++) {
		const struct service_cfg *s = &cfg->services[i];

		b = xasprintf("service:%s", s->name);
		for (j = 0; j < s->ndepends_on; j++) {
			a = xasprintf("service:%s", s->depends_on[j]);
			add_edge(e, a, b, "service-dependency");
			free(a);
		}
		for (j = 0; j < s->nflags; j++) {
			a = xasprintf("flag:%s", s->flags[j]);
			add_edge(e, b, a, "owns");
			free(a);
		}
		for (j = 0; j < s->nrollouts; j++) {
			a = xasprintf("rollout:%s", s->rollouts[j]);
			add_edge(e, b, a, "owns");
			free(a);
		}
		free(b);
	}
	model_traffic_merge(m, cfg, &es.v, &es.n, &es.cap);
	if (edges_same(m->edges, m->nedges, es.v, es.n)) {
		/* The same graph: only rates and health may have moved. */
		for (i = 0; i < es.n; i++) {
			struct edge *o = &m->edges[i];

			if (same_number(o->request_rate, es.v[i].request_rate) &&
			    same_number(o->error_ratio, es.v[i].error_ratio) &&
			    o->health == es.v[i].health)
				continue;
			o->request_rate = es.v[i].request_rate;
			o->error_ratio = es.v[i].error_ratio;
			o->health = es.v[i].health;
			m->generation++;
		}
		edges_free(es.v, es.n);
		free(es.v);
		return;
	}
	edges_free(m->edges, m->nedges);
	free(m->edges);
	m->edges = es.v;
	m->nedges = es.n;
	m->edges_cap = es.cap;
	m->graph_gen++;
	m->generation++;
}

const char *
source_state_name(enum source_state s)
{
	switch (s) {
	case SOURCE_OK:
		return "ok";
	case SOURCE_STALE:
		return "stale";
	case SOURCE_ERROR:
		return "error";
	case SOURCE_PENDING:
		break;
	}
	return "pending";
}

const char *
health_name(enum health h)
{
	switch (h) {
	case HEALTH_OK:
		return "ok";
	case HEALTH_WARN:
		return "warn";
	case HEALTH_CRIT:
		return "crit";
	case HEALTH_UNKNOWN:
		break;
	}
	return "unknown";
}
