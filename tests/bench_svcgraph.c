/*
 * bench_svcgraph.c - times service-graph discovery at scale: a generated
 * OpenTelemetry servicegraph answer (SERVICES services, EDGES caller ->
 * callee pairs, each with a rate and a failed series) parsed by the
 * prometheus adapter, then applied and merged with a config that declares
 * half of the pairs and some that carry no traffic.  Prints the median of
 * the runs (`bench_svcgraph SERVICES EDGES RUNS`; 500, 2000, 9 by
 * default).  Not a test: `make bench` runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/config.h"
#include "core/model.h"
#include "core/util.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
set_response(struct response *r, char *body)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->body = body;
	r->len = strlen(body);
}

static json_t *
row(size_t caller, size_t callee, const char *series, double v)
{
	char a[32], b[32], val[32];

	snprintf(a, sizeof a, "svc-%03zu", caller);
	snprintf(b, sizeof b, "svc-%03zu", callee);
	snprintf(val, sizeof val, "%g", v);
	return json_pack("{s:{s:s, s:s, s:s}, s:[i, s]}", "metric", "client", a,
	    "server", b, "rb_series", series, "value", 1795001800, val);
}

int
main(int argc, char **argv)
{
	size_t		 n = argc > 1 ? strtoul(argv[1], NULL, 10) : 500;
	size_t		 ne = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
	size_t		 runs = argc > 3 ? strtoul(argv[3], NULL, 10) : 9, i, r;
	const struct adapter_entry *ad = adapter_find("prometheus");
	size_t		*from, *to;
	json_t		*res, *cfgj, *svcs, *deps;
	char		*answer, *cfgtext, *cause = NULL, *empty, *matrix;
	double		*tp, *tm, t0;
	struct response	 resp[5];
	struct config	 cfg;
	struct model	 m;
	struct model_part part;
	struct poll_ctx	 ctx;
	unsigned long	 seed = 7;

	if (n < 2 || ne == 0 || runs == 0 || ne > n * (n - 1)) {
		fprintf(stderr, "usage: bench_svcgraph [SERVICES EDGES RUNS]\n");
		return 2;
	}
	/* Distinct pairs: caller i calls callee (i + k) mod n, k = 1, 2, ... */
	from = xcalloc(ne, sizeof *from);
	to = xcalloc(ne, sizeof *to);
	for (i = 0; i < ne; i++) {
		from[i] = i % n;
		to[i] = (from[i] + 1 + i / n) % n;
	}
	res = json_array();
	for (i = 0; i < ne; i++) {
		seed = seed * 1103515245 + 12345;
		json_array_append_new(res, row(from[i], to[i], "rate",
		    (double)(seed % 1000) / 10 + 1));
		if (i % 3 != 0)
			json_array_append_new(res, row(from[i], to[i], "failed",
			    (double)(seed % 7) / 10));
	}
	cfgj = json_pack("{s:s, s:{s:s, s:o}}", "status", "success", "data",
	    "resultType", "vector", "result", res);
	answer = json_dumps(cfgj, JSON_COMPACT);
	json_decref(cfgj);
	empty = xstrdup("{\"status\":\"success\",\"data\":{\"resultType\":"
	    "\"vector\",\"result\":[]}}");
	matrix = xstrdup("{\"status\":\"success\",\"data\":{\"resultType\":"
	    "\"matrix\",\"result\":[]}}");

	/* Config: every service; half the pairs declared, and as many without traffic. */
	svcs = json_array();
	for (i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof name, "svc-%03zu", i);
		json_array_append_new(svcs, json_pack("{s:s, s:[]}", "name", name,
		    "depends_on"));
	}
	for (i = 0; i < ne; i += 2) {
		char name[32];

		/* caller depends_on callee; odd pairs' reverse: no traffic. */
		snprintf(name, sizeof name, "svc-%03zu", to[i]);
		deps = json_object_get(json_array_get(svcs, from[i]), "depends_on");
		json_array_append_new(deps, json_string(name));
		snprintf(name, sizeof name, "svc-%03zu", (to[i] + n / 2) % n);
		if ((to[i] + n / 2) % n != from[i])
			json_array_append_new(deps, json_string(name));
	}
	cfgj = json_pack("{s:[{s:s, s:s, s:s, s:[s]}], s:o}", "sources", "name",
	    "mesh", "kind", "prometheus", "url", "http://x", "service_graph",
	    "otel", "services", svcs);
	cfgtext = json_dumps(cfgj, JSON_COMPACT);
	json_decref(cfgj);
	if (config_parse(&cfg, "bench", cfgtext, &cause) != 0) {
		fprintf(stderr, "bench_svcgraph: %s\n", cause);
		return 1;
	}
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = 1795001800;

	tp = xcalloc(runs, sizeof *tp);
	tm = xcalloc(runs, sizeof *tm);
	model_init(&m);
	model_add_source(&m, "mesh", "prometheus");
	for (r = 0; r < runs; r++) {
		for (i = 0; i < 3; i++)
			set_response(&resp[i], empty);
		set_response(&resp[3], matrix);
		set_response(&resp[4], answer);
		memset(&part, 0, sizeof part);
		t0 = now_mono();
		if (ad->parse(&ctx, resp, 5, &part, &cause) != 0) {
			fprintf(stderr, "bench_svcgraph: %s\n", cause);
			return 1;
		}
		tp[r] = now_mono() - t0;
		t0 = now_mono();
		model_apply(&m, "mesh", &part);
		model_source_ok(&m, "mesh", now_mono());
		model_build_graph(&m, &cfg);
		tm[r] = now_mono() - t0;
	}
	printf("service graph: %zu services, %zu discovered pairs, %zu edges after "
	    "the merge, median over %zu runs\n", n, m.ntraffic, m.nedges, runs);
	qsort(tp, runs, sizeof *tp, cmp);
	qsort(tm, runs, sizeof *tm, cmp);
	printf("  %-48s %8.1f ms (min %.1f, max %.1f)\n", "parse the answer",
	    tp[runs / 2] * 1000, tp[0] * 1000, tp[runs - 1] * 1000);
	printf("  %-48s %8.1f ms (min %.1f, max %.1f)\n",
	    "apply and merge with depends_on", tm[runs / 2] * 1000, tm[0] * 1000,
	    tm[runs - 1] * 1000);
	model_free(&m);
	config_free(&cfg);
	free(answer);
	free(empty);
	free(matrix);
	free(cfgtext);
	free(from);
	free(to);
	free(tp);
	free(tm);
	return 0;
}
