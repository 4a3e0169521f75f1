/*
 * unleash_metrics.h - exposures from Unleash's client metrics: the request
 * that reads one flag's hourly buckets and the parser of its answer.  Pure.
 */
#ifndef RB_UNLEASH_METRICS_H
#define RB_UNLEASH_METRICS_H

#include <stddef.h>

#include "core/adapter.h"
#include "core/exposure.h"

/* GET the flag's raw hourly buckets for the last EXPO_HOURS hours. */
void	unleash_metrics_request(const char *flag, struct request_desc *req);
/*
 * Parse the answer: per environment, the yes/no counts of the newest
 * hourly bucket (summed over applications) and the yes counts of the
 * hours up to it.  Returns 0 with *envs allocated (*n of them, maybe none: no SDK
 * reported the flag), or -1 with *cause a one-line reason.
 */
int	unleash_metrics_parse(const struct response *, struct exposure **envs,
	    size_t *n, char **cause);

#endif
