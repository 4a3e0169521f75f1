/*
 * stages.c - rollout stages: named percentages from the configuration, and
 * how a flag's percentage maps onto them.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/util.h"

const struct stage *
stage_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nstages; i++) {
		if (strcmp(cfg->stages[i].name, name) == 0)
			return &cfg->stages[i];
	}
	return NULL;
}

const char *
stage_for_percent(const struct config *cfg, int percent)
{
	size_t i;

	for (i = 0; i < cfg->nstages; i++) {
		if (cfg->stages[i].percent == percent)
			return cfg->stages[i].name;
	}
	return "custom";
}

const char *
flag_stage_of(const struct config *cfg, bool enabled, bool has_rollout, int rollout,
    int other_strategies)
{
	if (!enabled)
		return has_rollout && rollout > 0 ? "killed" : "off";
	if (!has_rollout)
		return other_strategies > 0 ? "custom" : stage_for_percent(cfg, 100);
	if (rollout < 0)
		return "custom";
	return stage_for_percent(cfg, rollout);
}

const struct stage *
stage_step(const struct config *cfg, int percent, int dir)
{
	size_t i;

	if (dir > 0) {
		for (i = 0; i < cfg->nstages; i++) {
			if (cfg->stages[i].percent > percent)
				return &cfg->stages[i];
		}
	} else {
		for (i = cfg->nstages; i > 0; i--) {
			if (cfg->stages[i - 1].percent < percent)
				return &cfg->stages[i - 1];
		}
	}
	return NULL;
}

char *
stage_list(const struct config *cfg)
{
	char *s = xstrdup(""), *t;
	size_t i;

	for (i = 0; i < cfg->nstages; i++) {
		t = xasprintf("%s%s%s", s, i ? ", " : "", cfg->stages[i].name);
		free(s);
		s = t;
	}
	return s;
}
