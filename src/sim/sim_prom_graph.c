/*
 * sim_prom_graph.c - the simulator's service-graph metrics: the answers to
 * relboard's service-graph queries (OpenTelemetry servicegraph, Istio,
 * Linkerd), one rate series and one failed series per caller -> callee
 * pair, labelled rb_series as the query's label_replace() would.
 *
 * checkout's calls go through the OpenTelemetry family, frontend (a
 * service the config does not know) calls checkout through Istio, and
 * payments' declared calls to ledger carry no traffic.  checkout's calls
 * to payments fail as its canary climbs: the failing edge of the
 * scenario's crit service.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "sim/sim_int.h"

enum fam { FAM_OTEL, FAM_ISTIO, FAM_LINKERD };

static const struct sim_service *
find(const struct sim_scenario *sc, const char *name)
{
	size_t i;

	for (i = 0; i < sc->nservices; i++) {
		if (strcmp(sc->services[i].name, name) == 0)
			return &sc->services[i];
	}
	return NULL;
}

/* A service's requests per second (both versions) and canary error ratio. */
static double
total_rate(const struct sim_scenario *sc, const struct sim_service *s,
    double t, double *canary_err)
{
	struct sim_sample smp;
	double sum = 0;
	int c;

	*canary_err = NAN;
	for (c = 0; s != NULL && c < 2; c++) {
		if (c == 1 && s->rollout < 0)
			continue;
		if (!scenario_sample(sc, s, c, t, &smp))
			continue;
		sum += isnan(smp.rate) ? 0 : smp.rate;
		if (c == 1)
			*canary_err = smp.error_ratio;
	}
	return sum;
}

static void
add(struct prom_graph_row **rows, size_t *n, size_t *cap, json_t *metric,
    double v)
{
	struct prom_graph_row *r = ARRAY_PUSH(*rows, *n, *cap);

	r->metric = metric;
	r->value = v;
}

static void
pair(struct prom_graph_row **rows, size_t *n, size_t *cap, enum fam f,
    const char *caller, const char *callee, double rate, double failed)
{
	static const char *const series[2] = { "rate", "failed" };
	double v[2] = { rate, failed };
	int k, rep;

	for (k = 0; k < 2; k++) {
		if (f == FAM_OTEL)
			add(rows, n, cap, json_pack("{s:s, s:s, s:s}", "client",
			    caller, "server", callee, "rb_series", series[k]), v[k]);
		else if (f == FAM_LINKERD)
			add(rows, n, cap, json_pack("{s:s, s:s, s:s}",
			    "deployment", caller, "dst_deployment", callee,
			    "rb_series", series[k]), v[k]);
		else {
			/* Both ends report; the destination sees a bit less. */
			for (rep = 0; rep < 2; rep++)
				add(rows, n, cap, json_pack("{s:s, s:s, s:s, s:s}",
				    "source_workload", caller,
				    "destination_workload", callee, "reporter",
				    rep ? "destination" : "source", "rb_series",
				    series[k]), rep ? v[k] * 0.98 : v[k]);
		}
	}
}

size_t
prom_graph_rows(const struct sim_scenario *sc, const char *q, double t,
    struct prom_graph_row **rows)
{
	const struct sim_service *co = find(sc, "checkout");
	const struct sim_service *pay = find(sc, "payments");
	const struct sim_service *se = find(sc, "search");
	double err, perr, r_co, r_pay, r_se;
	size_t n = 0, cap = 0;
	enum fam f;

	*rows = NULL;
	if (strstr(q, "traces_service_graph_request") != NULL)
		f = FAM_OTEL;
	else if (strstr(q, "istio_requests_total") != NULL)
		f = FAM_ISTIO;
	else if (strstr(q, "response_total") != NULL)
		f = FAM_LINKERD;
	else
		return (size_t)-1;
	r_co = total_rate(sc, co, t, &err);
	r_pay = total_rate(sc, pay, t, &perr);
	r_se = total_rate(sc, se, t, &perr);
	if (f == FAM_OTEL && co != NULL) {
		/*
		 * Calls to payments fail as checkout's canary climbs: from
		 * payments' own error ratio to about 10 % at the top.
		 */
		double fail = pay != NULL ? pay->error_ratio : 0;

		if (!isnan(err))
			fail += 1.6 * fmax(0, err - 0.004);
		if (pay != NULL && r_pay > 0)
			pair(rows, &n, &cap, f, "checkout", "payments",
			    fmin(r_co, r_pay) * 0.8, fmin(r_co, r_pay) * 0.8 * fail);
		if (se != NULL && r_se > 0)
			pair(rows, &n, &cap, f, "checkout", "search",
			    r_co * 0.5, r_co * 0.5 * se->error_ratio);
	} else if (f == FAM_ISTIO && co != NULL && r_co > 0)
		pair(rows, &n, &cap, f, "frontend", "checkout", r_co * 0.9,
		    r_co * 0.9 * co->error_ratio);
	return n;
}
