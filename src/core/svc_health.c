/*
 * svc_health.c - the judgement behind the health guard and the release
 * plans' "services" gate: a service is crit when its health is, unknown
 * while a metrics source is not answering (its health could be anything),
 * else ok.  A flag or rollout is judged by the services that list it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/correlate.h"
#include "core/svc_health.h"
#include "core/util.h"

/* A metrics source that is not answering, or NULL. */
static const struct source_status *
stale_metrics(const struct config *cfg, const struct model *m)
{
	const struct source_status *st;
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].kind, "prometheus") != 0)
			continue;
		st = model_find_source((struct model *)m, cfg->sources[i].name);
		if (st != NULL && st->state != SOURCE_OK)
			return st;
	}
	return NULL;
}

enum health
svc_health_of(const struct config *cfg, const struct model *m,
    const struct service_cfg *s, char **why)
{
	const struct service_health *h;
	const struct source_status *st;
	size_t j;

	if ((st = stale_metrics(cfg, m)) != NULL) {
		*why = xasprintf("the health of %s is not known: metrics source "
		    "%s is %s (%s)", s->name, st->name,
		    source_state_name(st->state), st->error ? st->error :
		    "no answer yet");
		return HEALTH_UNKNOWN;
	}
	for (j = 0; j < m->nservices; j++) {
		h = &m->services[j];
		if (!streq(h->service, s->name) || h->health != HEALTH_CRIT)
			continue;
		*why = xasprintf("service %s%s%s is crit: error ratio %.2f%%, "
		    "p99 %.0f ms", s->name, h->version ? " " : "",
		    h->version ? h->version : "", isnan(h->error_ratio) ? 0 :
		    h->error_ratio * 100, isnan(h->latency_p99) ? 0 :
		    h->latency_p99 * 1000);
		return HEALTH_CRIT;
	}
	return HEALTH_OK;
}

/*
 * The service that decides: the first crit one among those that list it,
 * else any of them (correlate.c finds them); none: ok.
 */
enum health
svc_health_of_flag(const struct config *cfg, const struct model *m,
    const char *flag, char **why)
{
	const struct service_cfg *s;

	flag_service_health(m, cfg, flag, &s);
	return s != NULL ? svc_health_of(cfg, m, s, why) : HEALTH_OK;
}

enum health
svc_health_of_rollout(const struct config *cfg, const struct model *m,
    const char *source, const char *ns, const char *name, char **why)
{
	const struct service_cfg *s;

	rollout_service_health_in(m, cfg, source, ns, name, &s);
	return s != NULL ? svc_health_of(cfg, m, s, why) : HEALTH_OK;
}
