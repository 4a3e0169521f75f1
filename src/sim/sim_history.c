/*
 * sim_history.c - the simulated team's recent changes to the scenario's
 * flags, put in the event log at start-up so that a flag's history in the
 * journal view shows people besides relboard: maria@example.com raised
 * new-checkout in production 40 minutes ago, the deploy-bot token moved
 * search-ranking-v3 two hours ago.  The flags' state is already what these
 * changes left; only their record is added.
 */
#include <string.h>

#include <jansson.h>

#include "core/util.h"
#include "sim/sim_int.h"

static const struct {
	const char	*flag;
	const char	*by;
	double		 ago_s;
	const char	*from;		/* the rollout before the change */
} history[] = {
	{ "search-ranking-v3",	"deploy-bot",		7200,	"5" },
	{ "new-checkout",	"maria@example.com",	2400,	"1" },
};

void
sim_history_seed(struct sim_scenario *sc)
{
	struct sim_flag	*f;
	json_t		*now, *before;
	size_t		 i;
	int		 e = scenario_env("production");

	for (i = 0; i < sizeof history / sizeof history[0]; i++) {
		if (e < 0 || (f = scenario_flag(sc, history[i].flag)) == NULL ||
		    json_array_size(f->strategies[e]) == 0)
			continue;
		now = json_deep_copy(json_array_get(f->strategies[e], 0));
		before = json_deep_copy(now);
		json_object_set_new(json_object_get(before, "parameters"),
		    "rollout", json_string(history[i].from));
		scenario_event(sc, sc->start_wall - history[i].ago_s,
		    "feature-strategy-update", f->name, "production", now,
		    before);
		sc->events[sc->nevents - 1].created_by = xstrdup(history[i].by);
	}
}
