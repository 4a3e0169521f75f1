/*
 * prometheus_graph.h - service-graph discovery for the prometheus adapter:
 * one instant query per metric family (OpenTelemetry servicegraph, Istio,
 * Linkerd, custom) giving each caller -> callee pair's request rate and
 * failure rate, parsed into the part's traffic edges.
 */
#ifndef RB_PROMETHEUS_GRAPH_H
#define RB_PROMETHEUS_GRAPH_H

#include <stddef.h>

#include <jansson.h>

#include "core/adapter.h"

/* The window the rates are taken over, as in the health queries. */
#define PROM_GRAPH_WINDOW "1m"

/*
 * The queries of the source's families, evaluated at t, into reqs (at
 * most SG_NFAMILIES); returns how many.
 */
size_t	prom_graph_plan(const struct poll_ctx *, struct request_desc *reqs,
	    double t);
/* The PromQL of family bit `family` for a source (allocated). */
char	*prom_graph_query(const struct source_cfg *, unsigned family);
/* Parse the answers to prom_graph_plan()'s requests into part->traffic. */
int	prom_graph_parse(const struct poll_ctx *, const struct response *resp,
	    size_t n, struct model_part *, char **cause);

/*
 * Defined in prometheus.c: load one answer and check its envelope and
 * result type.  Returns data.result, or NULL with *cause; *root (maybe
 * NULL) is the caller's to json_decref().
 */
json_t	*prom_answer(const struct response *, const char *want,
	    const char *what, json_t **root, char **cause);
int	prom_parse_value(json_t *, double *);
/* The configured services (and aliases) as a regex for {services}. */
char	*prom_services_regex(const struct config *);

#endif
