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
