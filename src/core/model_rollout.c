/*
 * model_rollout.c - applies a change to a few rollouts (a watch event)
 * to the model: each changed row replaces the one with its source,
 * namespace, name and kind, or is added; gone rows are dropped.  The
 * other rows, flags, services and the graph are left as they are (no
 * graph edge comes from a rollout's state).
 */
#include <stdlib.h>
#include <string.h>

#include "core/model_rollout.h"
#include "core/util.h"

void
model_rollout_gone(struct model_rollout_delta *d, const char *source,
    const char *namespace, const char *name, const char *kind)
{
	struct rollout	*r = ARRAY_PUSH(d->gone, d->ngone, d->gone_cap);

	memset(r, 0, sizeof *r);
	r->source = xstrdup(source);
	r->namespace = xstrdup(namespace);
	r->name = xstrdup(name);
	r->kind = xstrdup(kind);
}

static int
same_row(const struct rollout *a, const struct rollout *b)
{
	return streq(a->source, b->source) && streq(a->namespace,
	    b->namespace) && streq(a->name, b->name) && streq(a->kind, b->kind);
}

/* The model's row like r, or (size_t)-1. */
static size_t
find_row(const struct model *m, const struct rollout *r)
{
	size_t	i;

	for (i = 0; i < m->nrollouts; i++) {
		if (same_row(&m->rollouts[i], r))
			return i;
	}
	return (size_t)-1;
}

size_t
model_rollout_apply(struct model *m, struct model_rollout_delta *d)
{
	struct rollout	*r;
	size_t		 i, j, changed = 0;
	double		 mono = now_mono(), wall = now_wall();

	for (i = 0; i < d->ngone; i++) {
		if ((j = find_row(m, &d->gone[i])) == (size_t)-1)
			continue;
		rollout_free(&m->rollouts[j]);
		memmove(&m->rollouts[j], &m->rollouts[j + 1],
		    (m->nrollouts - j - 1) * sizeof *m->rollouts);
		m->nrollouts--;
		changed++;
	}
	for (i = 0; i < d->put.nrollouts; i++) {
		r = &d->put.rollouts[i];
		if ((j = find_row(m, r)) == (size_t)-1) {
			model_carry_since(r, NULL, mono, wall);
			*ARRAY_PUSH(m->rollouts, m->nrollouts,
			    m->rollouts_cap) = *r;
		} else {
			model_carry_since(r, &m->rollouts[j], mono, wall);
			rollout_free(&m->rollouts[j]);
			m->rollouts[j] = *r;
		}
		changed++;
	}
	d->put.nrollouts = 0;
	model_rollout_delta_free(d);
	if (changed > 0)
		m->generation++;
	return changed;
}

void
model_rollout_delta_free(struct model_rollout_delta *d)
{
	size_t	i;

	model_part_free(&d->put);
	for (i = 0; i < d->ngone; i++)
		rollout_free(&d->gone[i]);
	free(d->gone);
	memset(d, 0, sizeof *d);
}
