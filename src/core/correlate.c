/*
 * correlate.c - which services a flag or rollout belongs to (from the
 * configuration), and how healthy they are (from the model).
 */
#include <stdlib.h>
#include <string.h>

#include "core/correlate.h"
#include "core/rollout_ref.h"
#include "core/util.h"

/* Order for "worst": crit > warn > ok > unknown. */
static int
rank(enum health h)
{
	switch (h) {
	case HEALTH_CRIT:
		return 3;
	case HEALTH_WARN:
		return 2;
	case HEALTH_OK:
		return 1;
	case HEALTH_UNKNOWN:
		break;
	}
	return 0;
}

enum health
service_worst_health(const struct model *m, const char *service)
{
	enum health worst = HEALTH_UNKNOWN;
	size_t i;

	for (i = 0; i < m->nservices; i++) {
		if (m->services[i].service != NULL &&
		    strcmp(m->services[i].service, service) == 0 &&
		    rank(m->services[i].health) > rank(worst))
			worst = m->services[i].health;
	}
	return worst;
}

bool
rollout_ref_matches(const char *ref, const char *namespace, const char *name)
{
	const char *slash = strchr(ref, '/');

	/* "SOURCE/NS/NAME": any source (callers that know it use _in). */
	if (slash != NULL && strchr(slash + 1, '/') != NULL)
		return rollout_ref_matches_in(slash + 1, NULL, namespace, name);
	return rollout_ref_matches_in(ref, NULL, namespace, name);
}

static enum health
worst_of(const struct model *m, const struct config *cfg, const char *flag,
    const char *source, const char *ns, const char *rollout,
    const struct service_cfg **out)
{
	enum health worst = HEALTH_UNKNOWN, h;
	const struct service_cfg *s;
	size_t i, j;
	int owns;

	if (out != NULL)
		*out = NULL;
	for (i = 0; i < cfg->nservices; i++) {
		s = &cfg->services[i];
		owns = 0;
		for (j = 0; flag != NULL && j < s->nflags && !owns; j++)
			owns = strcmp(s->flags[j], flag) == 0;
		for (j = 0; rollout != NULL && j < s->nrollouts && !owns; j++)
			owns = source != NULL ?
			    rollout_ref_matches_in(s->rollouts[j], source, ns,
			    rollout) : rollout_ref_matches(s->rollouts[j], ns,
			    rollout);
		if (!owns)
			continue;
		h = service_worst_health(m, s->name);
		if (out != NULL && (*out == NULL || rank(h) > rank(worst)))
			*out = s;
		if (rank(h) > rank(worst))
			worst = h;
	}
	return worst;
}

enum health
flag_service_health(const struct model *m, const struct config *cfg, const char *flag,
    const struct service_cfg **worst)
{
	return worst_of(m, cfg, flag, NULL, NULL, NULL, worst);
}

enum health
rollout_service_health(const struct model *m, const struct config *cfg,
    const char *namespace, const char *name, const struct service_cfg **worst)
{
	return worst_of(m, cfg, NULL, NULL, namespace, name, worst);
}

enum health
rollout_service_health_in(const struct model *m, const struct config *cfg,
    const char *source, const char *namespace, const char *name,
    const struct service_cfg **worst)
{
	return worst_of(m, cfg, NULL, source != NULL ? source : "", namespace,
	    name, worst);
}

void
flag_svc_index_build(struct flag_svc_index *x, const struct model *m,
    const struct config *cfg)
{
	const struct service_cfg *s;
	enum health h;
	size_t i, j, k;

	flag_svc_index_free(x);
	strmap_init(&x->map);
	for (i = 0; i < cfg->nservices; i++) {
		s = &cfg->services[i];
		if (s->nflags == 0)
			continue;
		h = service_worst_health(m, s->name);
		for (j = 0; j < s->nflags; j++) {
			k = strmap_put(&x->map, s->flags[j], x->n);
			if (k == x->n) {
				grow_array((void **)&x->h, &x->cap, x->n + 1,
				    sizeof *x->h);
				grow_array((void **)&x->svc, &x->svc_cap, x->n + 1,
				    sizeof *x->svc);
				x->h[k] = HEALTH_UNKNOWN;
				x->svc[k] = NULL;
				x->n++;
			}
			/* As worst_of(): the first service, then a worse one. */
			if (x->svc[k] == NULL || rank(h) > rank(x->h[k]))
				x->svc[k] = s;
			if (rank(h) > rank(x->h[k]))
				x->h[k] = h;
		}
	}
}

enum health
flag_svc_index_get(const struct flag_svc_index *x, const char *flag,
    const struct service_cfg **worst)
{
	size_t k = flag != NULL ? strmap_get(&x->map, flag) : STRMAP_NONE;

	if (worst != NULL)
		*worst = k != STRMAP_NONE ? x->svc[k] : NULL;
	return k != STRMAP_NONE ? x->h[k] : HEALTH_UNKNOWN;
}

void
flag_svc_index_free(struct flag_svc_index *x)
{
	if (x->map.slots != NULL)
		strmap_free(&x->map);
	free(x->h);
	free(x->svc);
	memset(x, 0, sizeof *x);
}

struct rollout_svc_entry {
	char		*key;		/* the entry's name part */
	size_t		 svc;		/* index in cfg->services */
	const char	*ref;		/* the config's entry */
	size_t		 next;		/* the next with this name, or NONE */
};

void
rollout_svc_index_build(struct rollout_svc_index *x, const struct model *m,
    const struct config *cfg)
{
	const struct service_cfg *s;
	struct rollout_svc_entry *e;
	const char *slash;
	size_t i, j, first, *last = NULL, last_cap = 0;

	rollout_svc_index_free(x);
	strmap_init(&x->map);
	x->svc_h = xcalloc(cfg->nservices + 1, sizeof *x->svc_h);
	for (i = 0; i < cfg->nservices; i++) {
		s = &cfg->services[i];
		x->svc_h[i] = s->nrollouts > 0 ?
		    service_worst_health(m, s->name) : HEALTH_UNKNOWN;
		for (j = 0; j < s->nrollouts; j++) {
			e = ARRAY_PUSH(x->e, x->n, x->cap);
			slash = strrchr(s->rollouts[j], '/');
			e->key = xstrdup(slash != NULL ? slash + 1 :
			    s->rollouts[j]);
			e->svc = i;
			e->ref = s->rollouts[j];
			e->next = STRMAP_NONE;
		}
	}
	/* Chain the entries of one name, in config order. */
	for (i = 0; i < x->n; i++) {
		grow_array((void **)&last, &last_cap, i + 1, sizeof *last);
		first = strmap_put(&x->map, x->e[i].key, i);
		if (first != i)
			x->e[last[first]].next = i;
		last[first] = i;
	}
	free(last);
}

enum health
rollout_svc_index_get(const struct rollout_svc_index *x,
    const struct config *cfg, const char *source, const char *namespace,
    const char *name, const struct service_cfg **out)
{
	enum health worst = HEALTH_UNKNOWN, h;
	size_t i, seen = STRMAP_NONE;

	*out = NULL;
	if (name == NULL)
		return HEALTH_UNKNOWN;
	for (i = strmap_get(&x->map, name); i != STRMAP_NONE;
	    i = x->e[i].next) {
		/* As worst_of(): each owning service once, in order. */
		if (x->e[i].svc == seen || !rollout_ref_matches_in(x->e[i].ref,
		    source != NULL ? source : "", namespace, name))
			continue;
		seen = x->e[i].svc;
		h = x->svc_h[seen];
		if (*out == NULL || rank(h) > rank(worst))
			*out = &cfg->services[seen];
		if (rank(h) > rank(worst))
			worst = h;
	}
	return worst;
}

void
rollout_svc_index_free(struct rollout_svc_index *x)
{
	size_t i;

	if (x->map.slots != NULL)
		strmap_free(&x->map);
	for (i = 0; i < x->n; i++)
		free(x->e[i].key);
	free(x->e);
	free(x->svc_h);
	memset(x, 0, sizeof *x);
}
