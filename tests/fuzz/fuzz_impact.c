/*
 * fuzz_impact.c - feature impact's parsers of server answers: the first
 * answer of an input is Unleash's client metrics for one flag
 * (unleash_metrics_parse, stored with exposure_store), the second
 * Prometheus' answer to the KPI query (prom_kpi_parse through the
 * prometheus adapter).  Counts must stay non-negative with a full trend,
 * a KPI's health must follow its value and threshold, an unknown KPI must
 * say why, and status --json must keep its contract (fuzz.c checks it).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapters/prometheus_kpi.h"
#include "core/adapters/unleash_metrics.h"
#include "core/exposure.h"
#include "core/kpi.h"
#include "core/status_json.h"
#include "core/util.h"
#include "fuzz.h"

static const char config_text[] =
    "{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\",\"url\":\"http://u\","
    "\"environments\":[\"development\",\"production\"]},"
    "{\"name\":\"metrics\",\"kind\":\"prometheus\",\"url\":\"http://p\","
    "\"service_graph\":false}],"
    "\"kpis\":[{\"name\":\"adoption\",\"flag\":\"new-checkout\",\"query\":"
    "\"avg(feature_adoption_ratio{flag=\\\"{flag}\\\",env=\\\"{env}\\\"})\","
    "\"good_above\":0.2},{\"name\":\"tickets\",\"flag\":\"new-checkout\","
    "\"query\":\"sum(rate(support_tickets_total[5m]))\",\"bad_above\":5,"
    "\"environments\":[\"production\",\"development\",\"staging\"]},"
    "{\"name\":\"multi\",\"flag\":\"quiet-flag\",\"query\":\"x\","
    "\"good_above\":0.2,\"environments\":[\"production\"]}]}";

static void
check_exposures(const struct exposure *e, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (e[i].env == NULL || e[i].yes < 0 || e[i].no < 0 ||
		    e[i].window_s != EXPO_WINDOW_S || e[i].ntrend != EXPO_HOURS)
			fuzz_fail("exposures: environment %zu is malformed", i);
		for (k = 0; k < EXPO_HOURS; k++) {
			if (!(e[i].trend[k] >= 0) || isinf(e[i].trend[k]))
				fuzz_fail("exposures: trend point %zu is %g", k,
				    e[i].trend[k]);
		}
		if (e[i].trend[EXPO_HOURS - 1] != (double)e[i].yes &&
		    e[i].yes < (1LL << 52))
			fuzz_fail("exposures: the last trend point is not yes");
	}
}

static void
check_kpis(const struct config *cfg, const struct model *m)
{
	size_t i, j;

	for (i = 0; i < m->nkpis; i++) {
		const struct kpi_value *v = &m->kpis[i];
		const struct kpi_cfg *k = NULL;

		for (j = 0; j < cfg->nkpis; j++) {
			if (strcmp(cfg->kpis[j].name, v->name) == 0 &&
			    strcmp(cfg->kpis[j].flag, v->flag) == 0)
				k = &cfg->kpis[j];
		}
		if (k == NULL)
			fuzz_fail("kpi %s of %s is not configured", v->name, v->flag);
		if (v->health != kpi_health_of_value(k, v->value))
			fuzz_fail("kpi %s: health %s for %g", v->name,
			    health_name(v->health), v->value);
		if (v->health == HEALTH_UNKNOWN && v->error == NULL)
			fuzz_fail("kpi %s: unknown without a reason", v->name);
	}
	if (m->nkpis != 6)
		fuzz_fail("%zu KPI values, want 6", m->nkpis);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct response resp[2], all[5];
	struct exposure *envs = NULL;
	struct model_part part;
	struct poll_ctx ctx;
	struct config cfg;
	struct model m;
	char *cause = NULL;
	size_t n = 0, nans, i;
	struct flag *fl;
	static const char empty[] =
	    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
	static const char matrix[] =
	    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

	if (config_parse(&cfg, "fuzz.json", config_text, &cause) != 0)
		fuzz_fail("the harness configuration: %s", cause);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	model_add_source(&m, "metrics", "prometheus");
	memset(resp, 0, sizeof resp);
	nans = fuzz_split(data, size, resp, 2);

	if (nans > 0) {
		if (unleash_metrics_parse(&resp[0], &envs, &n, &cause) == 0) {
			if (cause != NULL)
				fuzz_fail("metrics parsed with a cause: %s", cause);
			check_exposures(envs, n);
			exposure_store(&m, "flags", "new-checkout", &envs, n, NULL, 1);
			if (envs != NULL)
				fuzz_fail("exposure_store kept the environments");
		} else {
			if (cause == NULL || envs != NULL || n != 0)
				fuzz_fail("metrics failed without a cause, or kept rows");
			exposure_store(&m, "flags", "new-checkout", NULL, 0, cause, 1);
			free(cause);
		}
		cause = NULL;
	}
	if (nans > 1) {
		ctx.src = config_find_source(&cfg, "metrics");
		ctx.cfg = &cfg;
		ctx.at = 1795001800;
		for (i = 0; i < 4; i++) {
			all[i].status = 200;
			all[i].body = i == 3 ? matrix : empty;
			all[i].len = strlen(all[i].body);
			all[i].error = NULL;
		}
		all[4] = resp[1];
		memset(&part, 0, sizeof part);
		if (ad->parse(&ctx, all, 5, &part, &cause) != 0)
			fuzz_fail("the KPI answer failed the poll: %s", cause);
		model_apply(&m, "metrics", &part);
		check_kpis(&cfg, &m);
	}
	/* A flag for the exposures to show on, then every view and the JSON. */
	memset(&part, 0, sizeof part);
	fl = part_add_flag(&part);
	fl->source = xstrdup("flags");
	fl->name = xstrdup("new-checkout");
	fl->envs = NULL;
	flag_add_env(fl)->name = xstrdup("production");
	flag_add_env(fl)->name = xstrdup("staging");
	model_apply(&m, "flags", &part);
	fuzz_views(&m, &cfg);
	fuzz_answers_free(resp, nans);
	model_free(&m);
	config_free(&cfg);
	return 0;
}
