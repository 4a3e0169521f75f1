/*
 * graph_effective.c - flags' effective state per environment, evaluated as
 * Unleash evaluates dependencies: a child with a dependency
 * {"feature": P, "enabled": true} is on only where P is on; with
 * "enabled": false, only where P is off.  A flag that would be on by itself
 * but is turned off for everyone by a parent is "blocked", with that
 * parent named; this propagates down chains of parents.  A parent that is
 * not in the model (another project) is not judged.  Loops among parents
 * are detected and marked, never followed twice.
 *
 * Also the impact of a kill: the flags whose effective state would change.
 */
#include <stdlib.h>
#include <string.h>

#include "core/graph.h"
#include "core/util.h"

#define EFF_MAX_DEPTH 256

enum level {
	LV_UNKNOWN,
	LV_OFF,
	LV_PARTIAL,	/* on for some */
	LV_ON,		/* on for everyone */
};

struct eff {
	const struct model *m;
	struct strmap	 byname;	/* "source\x1fname" -> flag index */
	char		**keys;
	const char	*env;
	size_t		 forced_off;	/* flag treated as killed, or GRAPH_NONE */
	unsigned char	*mark;		/* 0 new, 1 being evaluated, 2 done */
	enum level	*lv;
	const char	**blocked;
	bool		*cycle;
};

static void
eff_init(struct eff *x, const struct model *m)
{
	size_t i;

	memset(x, 0, sizeof *x);
	x->m = m;
	x->forced_off = GRAPH_NONE;
	strmap_init(&x->byname);
	x->keys = xcalloc(m->nflags + 1, sizeof *x->keys);
	for (i = 0; i < m->nflags; i++) {
		x->keys[i] = graph_flag_key(m->flags[i].source, m->flags[i].name);
		strmap_put(&x->byname, x->keys[i], i);
	}
	x->mark = xcalloc(m->nflags + 1, 1);
	x->lv = xcalloc(m->nflags + 1, sizeof *x->lv);
	x->blocked = xcalloc(m->nflags + 1, sizeof *x->blocked);
	x->cycle = xcalloc(m->nflags + 1, sizeof *x->cycle);
}

static void
eff_free(struct eff *x)
{
	graph_strings_free(x->keys, x->m->nflags);
	strmap_free(&x->byname);
	free(x->mark);
	free(x->lv);
	free(x->blocked);
	free(x->cycle);
}

static void
eff_reset(struct eff *x, const char *env, size_t forced_off)
{
	size_t n = x->m->nflags;

	x->env = env;
	x->forced_off = forced_off;
	memset(x->mark, 0, n);
	memset(x->lv, 0, n * sizeof *x->lv);
	memset(x->blocked, 0, n * sizeof *x->blocked);
	memset(x->cycle, 0, n * sizeof *x->cycle);
}

static size_t
eff_lookup(const struct eff *x, const char *source, const char *name)
{
	char	*key = graph_flag_key(source, name);
	size_t	 i = strmap_get(&x->byname, key);

	free(key);
	return i == STRMAP_NONE ? GRAPH_NONE : i;
}

/* What the flag's own settings give, before its parents are asked. */
static enum level
own_level(const struct flag_env *e)
{
	if (e->unknown)
		return LV_UNKNOWN;
	if (!e->enabled || e->killed)
		return LV_OFF;
	if (!e->has_rollout)
		return e->other_strategies > 0 ? LV_PARTIAL : LV_ON;
	if (e->rollout == RB_UNKNOWN_INT)
		return LV_PARTIAL;
	if (e->rollout <= 0)
		return e->other_strategies > 0 ? LV_PARTIAL : LV_OFF;
	return e->rollout >= 100 ? LV_ON : LV_PARTIAL;
}

static enum level
eff_eval(struct eff *x, size_t i, unsigned depth)
{
	const struct flag	*f = &x->m->flags[i];
	const struct flag_env	*e;
	enum level		 l, pl;
	size_t			 k, p;

	if (x->mark[i] == 2)
		return x->lv[i];
	if (x->mark[i] == 1 || depth > EFF_MAX_DEPTH) {
		x->cycle[i] = true;
		return LV_UNKNOWN;
	}
	if ((e = flag_find_env(f, x->env)) == NULL) {
		x->mark[i] = 2;
		x->lv[i] = LV_UNKNOWN;
		return LV_UNKNOWN;
	}
	x->mark[i] = 1;
	l = i == x->forced_off ? LV_OFF : own_level(e);
	for (k = 0; l != LV_OFF && l != LV_UNKNOWN && k < f->ndeps; k++) {
		if (f->deps[k].flag == NULL ||
		    (p = eff_lookup(x, f->source, f->deps[k].flag)) == GRAPH_NONE)
			continue;
		pl = eff_eval(x, p, depth + 1);
		if (pl == LV_UNKNOWN)
			continue;
		if (f->deps[k].enabled ? pl == LV_OFF : pl == LV_ON) {
			x->blocked[i] = f->deps[k].flag;
			l = LV_OFF;
		}
	}
	x->lv[i] = l;
	x->mark[i] = 2;
	return l;
}

static void
eff_all(struct eff *x)
{
	size_t i;

	for (i = 0; i < x->m->nflags; i++)
		eff_eval(x, i, 0);
}

void
model_effective(struct model *m)
{
	struct eff	 x;
	const char	**envs = NULL;
	size_t		 nenvs = 0, cap = 0, i, j, k;

	for (i = 0; i < m->nflags; i++) {
		for (j = 0; j < m->flags[i].nenvs; j++) {
			const char *name = m->flags[i].envs[j].name;

			if (name == NULL)
				continue;
			for (k = 0; k < nenvs; k++) {
				if (strcmp(envs[k], name) == 0)
					break;
			}
			if (k == nenvs)
				*ARRAY_PUSH(envs, nenvs, cap) = name;
		}
	}
	eff_init(&x, m);
	for (k = 0; k < nenvs; k++) {
		eff_reset(&x, envs[k], GRAPH_NONE);
		eff_all(&x);
		for (i = 0; i < m->nflags; i++) {
			struct flag_env *e = (struct flag_env *)flag_find_env(
			    &m->flags[i], envs[k]);

			if (e == NULL)
				continue;
			e->blocked_by = x.blocked[i];
			e->dep_cycle = x.cycle[i];
		}
	}
	eff_free(&x);
	free(envs);
	m->generation++;
}

/*
 * Children of each flag (flags naming it as a parent, same source), as
 * chains: first[parent] and next[edge] index into the child list.
 */
struct children {
	size_t	*first;		/* per flag: first entry, or GRAPH_NONE */
	size_t	*next, *child;	/* per entry */
	size_t	 n, cap;
};

static void
children_init(struct children *c, const struct eff *x)
{
	const struct model	*m = x->m;
	size_t			 i, k, p;

	memset(c, 0, sizeof *c);
	c->first = xcalloc(m->nflags + 1, sizeof *c->first);
	for (i = 0; i < m->nflags; i++)
		c->first[i] = GRAPH_NONE;
	for (i = m->nflags; i-- > 0;) {
		const struct flag *f = &m->flags[i];

		for (k = 0; k < f->ndeps; k++) {
			if (f->deps[k].flag == NULL || (p = eff_lookup(x,
			    f->source, f->deps[k].flag)) == GRAPH_NONE)
				continue;
			if (c->n == c->cap) {
				c->cap = c->cap ? c->cap * 2 : 64;
				c->next = xreallocarray(c->next, c->cap,
				    sizeof *c->next);
				c->child = xreallocarray(c->child, c->cap,
				    sizeof *c->child);
			}
			c->child[c->n] = i;
			c->next[c->n] = c->first[p];
			c->first[p] = c->n++;
		}
	}
}

static void
children_free(struct children *c)
{
	free(c->first);
	free(c->next);
	free(c->child);
}

/* The flags whose level differs, children first (breadth-first). */
static size_t
impact(const struct model *m, const char *flag, const char *env, char ***out,
    bool **turns_on)
{
	struct eff	 x;
	struct children	 ch;
	enum level	*before;
	size_t		*queue, head = 0, tail = 0, i, c, p, start, n = 0, cap = 0;
	bool		*seen, *on = NULL;
	size_t		 non = 0, ocap = 0;
	char		**names = NULL;

	*out = NULL;
	if (turns_on != NULL)
		*turns_on = NULL;
	for (start = 0; start < m->nflags; start++) {
		if (streq(m->flags[start].name, flag))
			break;
	}
	if (start == m->nflags || env == NULL)
		return 0;
	eff_init(&x, m);
	eff_reset(&x, env, GRAPH_NONE);
	eff_all(&x);
	before = xcalloc(m->nflags, sizeof *before);
	memcpy(before, x.lv, m->nflags * sizeof *before);
	eff_reset(&x, env, start);
	eff_all(&x);
	children_init(&ch, &x);

	queue = xcalloc(m->nflags, sizeof *queue);
	seen = xcalloc(m->nflags, sizeof *seen);
	queue[tail++] = start;
	seen[start] = true;
	while (head < tail) {
		p = queue[head++];
		/* Children of p, in the order of the model. */
		for (c = ch.first[p]; c != GRAPH_NONE; c = ch.next[c]) {
			i = ch.child[c];
			if (seen[i])
				continue;
			if (before[i] == x.lv[i] || before[i] == LV_UNKNOWN ||
			    x.lv[i] == LV_UNKNOWN)
				continue;
			seen[i] = true;
			queue[tail++] = i;
			*ARRAY_PUSH(on, non, ocap) = x.lv[i] != LV_OFF;
			*ARRAY_PUSH(names, n, cap) = xstrdup(m->flags[i].name);
		}
	}
	children_free(&ch);
	free(queue);
	free(seen);
	free(before);
	eff_free(&x);
	*out = names;
	if (turns_on != NULL)
		*turns_on = on;
	else
		free(on);
	return n;
}

size_t
graph_kill_impact(const struct model *m, const char *flag, const char *env,
    char ***out)
{
	return impact(m, flag, env, out, NULL);
}

char *
graph_kill_impact_text(const struct model *m, const char *flag, const char *env)
{
	char	**names, *off = NULL, *on = NULL, *t, *s;
	bool	*turns_on;
	size_t	 n = impact(m, flag, env, &names, &turns_on), i;

	if (n == 0) {
		free(names);
		free(turns_on);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		char **dst = turns_on[i] ? &on : &off;

		t = xasprintf("%s%s%s", *dst ? *dst : "", *dst ? ", " : "",
		    names[i]);
		free(*dst);
		*dst = t;
	}
	s = xasprintf("%s%s%s%s%s", off ? "also turns off: " : "", off ? off : "",
	    off && on ? "; " : "", on ? "also turns on: " : "", on ? on : "");
	free(off);
	free(on);
	free(turns_on);
	graph_strings_free(names, n);
	return s;
}
