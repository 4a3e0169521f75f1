/*
 * model_pin.c - pins of verified flag states (see model_pin.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/model_pin.h"
#include "core/util.h"

struct flag_pin {
	char		*source, *flag, *env;
	bool		 enabled, has_rollout;
	int		 rollout, other_strategies;
	double		 until;		/* holds against polls until then */
	double		 disputed_until; /* lost: marked until then, else 0 */
};

static void
pin_free(struct flag_pin *p)
{
	free(p->source);
	free(p->flag);
	free(p->env);
}

void
model_pins_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->npins; i++)
		pin_free(&m->pins[i]);
	free(m->pins);
	m->pins = NULL;
	m->npins = m->pins_cap = 0;
}

static struct flag_env *
pin_env(struct model *m, const struct flag_pin *p)
{
	const struct flag *f = model_find_flag(m, p->source, p->flag);

	if (f == NULL)
		return NULL;
	return (struct flag_env *)flag_find_env(f, p->env);
}

static bool
agrees(const struct flag_env *e, const struct flag_pin *p)
{
	if (e->enabled != p->enabled || e->has_rollout != p->has_rollout)
		return false;
	return !p->has_rollout || e->rollout == p->rollout;
}

static void
put(struct flag_env *e, const struct flag_pin *p)
{
	e->enabled = p->enabled;
	e->has_rollout = p->has_rollout;
	e->rollout = p->rollout;
	e->other_strategies = p->other_strategies;
}

void
model_pin_flag(struct model *m, const struct config *cfg, const char *source,
    const char *flag, const char *env, const struct flag_state *s, double now)
{
	struct flag_pin *p = NULL;
	struct flag_env *e;
	size_t i;

	for (i = 0; i < m->npins; i++) {
		if (streq(m->pins[i].source, source) &&
		    streq(m->pins[i].flag, flag) && streq(m->pins[i].env, env)) {
			p = &m->pins[i];
			pin_free(p);
			break;
		}
	}
	if (p == NULL)
		p = ARRAY_PUSH(m->pins, m->npins, m->pins_cap);
	memset(p, 0, sizeof *p);
	p->source = source != NULL ? xstrdup(source) : NULL;
	p->flag = xstrdup(flag);
	p->env = xstrdup(env);
	p->enabled = s->enabled;
	p->has_rollout = s->has_rollout;
	p->rollout = s->rollout;
	p->other_strategies = s->other_strategies;
	p->until = now + MODEL_PIN_S;
	if ((e = pin_env(m, p)) != NULL) {
		put(e, p);
		e->disputed = false;
		model_classify(m, cfg);
		model_effective(m);
	}
}

void
model_pins_apply(struct model *m, double now)
{
	struct flag_env *e;
	size_t i = 0;
	bool keep;

	while (i < m->npins) {
		struct flag_pin *p = &m->pins[i];

		keep = false;
		if ((e = pin_env(m, p)) == NULL)
			keep = false;
		else if (p->disputed_until > 0) {
			/* The service won; say so for a while. */
			keep = now < p->disputed_until;
			e->disputed = keep;
		} else if (agrees(e, p))
			keep = false;		/* the service caught up */
		else if (now < p->until) {
			put(e, p);
			keep = true;
		} else {
			e->disputed = true;
			p->disputed_until = now + MODEL_DISPUTED_S;
			keep = true;
		}
		if (keep) {
			i++;
			continue;
		}
		pin_free(p);
		m->pins[i] = m->pins[--m->npins];
	}
}
