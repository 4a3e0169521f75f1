/*
 * correlate.c - which services a flag or rollout belongs to (from the
 * configuration), and how healthy they are (from the model).
 */
#include <string.h>

#include "core/correlate.h"
#include "core/rollout_ref.h"

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
