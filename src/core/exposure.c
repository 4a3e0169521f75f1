/*
 * exposure.c - exposures per flag and environment in the model, kept in
 * a table of their own (flags are replaced every poll, counts are read
 * a few flags at a time), and the choice of which flags to read next.
 */
#include <stdlib.h>
#include <string.h>

#include "core/exposure.h"
#include "core/util.h"

static struct flag_exposure *
lookup(const struct model *m, const char *source, const char *flag)
{
	struct exposure_table *t = m->exposures;
	char *key;
	size_t i;

	if (t == NULL)
		return NULL;
	key = xasprintf("%s\x1f%s", source, flag);
	i = strmap_get(&t->index, key);
	free(key);
	return i == STRMAP_NONE ? NULL : &t->items[i];
}

static struct flag_exposure *
get(struct model *m, const char *source, const char *flag)
{
	struct flag_exposure *fe = lookup(m, source, flag);
	struct exposure_table *t;

	if (fe != NULL)
		return fe;
	if (m->exposures == NULL) {
		m->exposures = xcalloc(1, sizeof *m->exposures);
		strmap_init(&m->exposures->index);
	}
	t = m->exposures;
	/* The map borrows the keys, which stay put when the items move. */
	fe = ARRAY_PUSH(t->items, t->n, t->cap);
	memset(fe, 0, sizeof *fe);
	fe->key = xasprintf("%s\x1f%s", source, flag);
	fe->source = xstrdup(source);
	fe->flag = xstrdup(flag);
	strmap_put(&t->index, fe->key, t->n - 1);
	return fe;
}

void
exposure_want(struct model *m, const char *source, const char *flag, double now)
{
	get(m, source, flag)->wanted_until = now + EXPO_WANT_HOLD_S;
}

const struct exposure *
exposure_find(const struct model *m, const char *source, const char *flag,
    const char *env)
{
	const struct flag_exposure *fe = lookup(m, source, flag);
	size_t i;

	if (fe == NULL || !fe->known)
		return NULL;
	static const struct exposure none = { NULL, 0, 0, EXPO_WINDOW_S, { 0 },
		EXPO_HOURS };

	for (i = 0; i < fe->nenvs; i++) {
		if (strcmp(fe->envs[i].env, env) == 0)
			return &fe->envs[i];
	}
	/* Read, and no SDK reported it there: none. */
	return &none;
}

bool
exposure_any(const struct model *m)
{
	return m->exposures != NULL && m->exposures->nknown > 0;
}

const char *
exposure_error(const struct model *m, const char *source, const char *flag)
{
	const struct flag_exposure *fe = lookup(m, source, flag);

	return fe != NULL ? fe->error : NULL;
}

void
exposure_free(struct exposure *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(e[i].env);
	free(e);
}

void
exposure_store(struct model *m, const char *source, const char *flag,
    struct exposure **envs, size_t nenvs, const char *error, double now)
{
	struct flag_exposure *fe = get(m, source, flag);

	fe->fetched = now;
	free(fe->error);
	fe->error = error != NULL ? xstrdup(error) : NULL;
	if (error == NULL) {
		exposure_free(fe->envs, fe->nenvs);
		fe->envs = *envs;
		fe->nenvs = nenvs;
		if (!fe->known && m->exposures->nknown++ == 0)
			m->generation++;	/* the Flags pane gains EXPOSED */
		fe->known = true;
		*envs = NULL;
	}
}

struct cand {
	const char	*flag;
	double		 fetched;
	int		 rank;		/* 0 wanted and due, 1 due, 2 not due */
};

/* Wanted before the rest, then least recently read (never read) first. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return (x->fetched > y->fetched) - (x->fetched < y->fetched);
}

size_t
exposure_pick(const struct model *m, const char *source, size_t budget,
    bool all, double now, const char **out)
{
	struct cand *c = xcalloc(m->nflags + 1, sizeof *c);
	const struct flag_exposure *fe;
	size_t i, n = 0, k;

	for (i = 0; i < m->nflags; i++) {
		const struct flag *f = &m->flags[i];
		bool wanted;

		if (strcmp(f->source, source) != 0)
			continue;
		fe = lookup(m, source, f->name);
		wanted = fe != NULL && fe->wanted_until > now;
		c[n].flag = f->name;
		c[n].fetched = fe != NULL ? fe->fetched : 0;
		if (all)
			c[n].rank = 1;
		else if (wanted && (c[n].fetched == 0 ||
		    now - c[n].fetched >= EXPO_WANTED_S))
			c[n].rank = 0;
		else if (c[n].fetched == 0 || now - c[n].fetched >= EXPO_REST_S)
			c[n].rank = 1;
		else
			c[n].rank = 2;
		n++;
	}
	qsort(c, n, sizeof *c, cand_cmp);
	for (k = 0; k < n && (all || k < budget) && c[k].rank < 2; k++)
		out[k] = c[k].flag;
	free(c);
	return k;
}

void
exposure_table_free(struct exposure_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->items[i].key);
		free(t->items[i].source);
		free(t->items[i].flag);
		free(t->items[i].error);
		exposure_free(t->items[i].envs, t->items[i].nenvs);
	}
	free(t->items);
	strmap_free(&t->index);
	free(t);
}
