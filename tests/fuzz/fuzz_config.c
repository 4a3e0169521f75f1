/*
 * fuzz_config.c - the configuration parser: one input is a configuration
 * file.  A configuration it accepts is checked against the rules it
 * promises (stages from "off" 0 upwards, known kinds, base URLs without a
 * trailing slash, warn below crit), its sources' polls are planned, and
 * its services build the graph and `status --json` of an empty model.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "fuzz.h"

/* token_file is read: keep the fuzzer out of files that never end. */
static int
names_special_files(const char *text)
{
	return strstr(text, "/proc") != NULL || strstr(text, "/sys") != NULL ||
	    strstr(text, "/dev") != NULL;
}

static void
check_thresholds(const struct thresholds *t, const char *what)
{
	if (!(t->error_ratio_warn <= t->error_ratio_crit) ||
	    !(t->latency_p99_warn <= t->latency_p99_crit))
		fuzz_fail("config: %s thresholds warn above crit", what);
}

static void
check_stages(const struct config *cfg)
{
	char *list;
	size_t i;
	int pct;

	if (cfg->nstages == 0 || cfg->nstages > RB_MAX_STAGES ||
	    cfg->stages[0].percent != 0 || strcmp(cfg->stages[0].name, "off") != 0)
		fuzz_fail("config: stages do not start at off 0");
	for (i = 0; i < cfg->nstages; i++) {
		if (cfg->stages[i].percent < 0 || cfg->stages[i].percent > 100 ||
		    (i > 0 && cfg->stages[i].percent <= cfg->stages[i - 1].percent))
			fuzz_fail("config: stage %zu at %d%%", i, cfg->stages[i].percent);
		if (stage_find(cfg, cfg->stages[i].name) != &cfg->stages[i])
			fuzz_fail("config: stage %s twice", cfg->stages[i].name);
	}
	for (pct = -1; pct <= 101; pct++) {
		stage_for_percent(cfg, pct);
		stage_step(cfg, pct, 1);
		stage_step(cfg, pct, -1);
		flag_stage_of(cfg, pct & 1, pct & 2, pct, pct & 4);
	}
	list = stage_list(cfg);
	free(list);
}

static void
check_sources(const struct config *cfg)
{
	struct request_desc reqs[RB_MAX_REQUESTS];
	const struct adapter_entry *ad;
	const struct source_cfg *s;
	struct poll_ctx ctx;
	size_t i, k, n, len;

	for (i = 0; i < cfg->nsources; i++) {
		s = &cfg->sources[i];
		if (config_find_source(cfg, s->name) != s)
			fuzz_fail("config: source %s twice", s->name);
		if ((ad = adapter_find(s->kind)) == NULL)
			fuzz_fail("config: kind %s", s->kind);
		len = strlen(s->url);
		if ((strncmp(s->url, "http://", 7) != 0 &&
		    strncmp(s->url, "https://", 8) != 0) ||
		    (len > 0 && s->url[len - 1] == '/'))
			fuzz_fail("config: url %s", s->url);
		memset(&ctx, 0, sizeof ctx);
		ctx.src = s;
		ctx.cfg = cfg;
		ctx.at = 1795002400;
		memset(reqs, 0, sizeof reqs);
		n = ad->plan(&ctx, reqs);
		if (n > RB_MAX_REQUESTS)
			fuzz_fail("config: %s plans %zu requests", s->name, n);
		for (k = 0; k < n; k++) {
			if (reqs[k].path == NULL || reqs[k].path[0] != '/')
				fuzz_fail("config: %s plans a bad path", s->name);
			request_desc_free(&reqs[k]);
		}
		if (ad->read_flag != NULL) {
			ad->read_flag(s, "new-checkout", &reqs[0]);
			request_desc_free(&reqs[0]);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct model m;
	char *text = fuzz_string(data, size), *cause = NULL;
	size_t i;

	if (names_special_files(text)) {
		free(text);
		return 0;
	}
	if (config_parse(&cfg, "fuzz.json", text, &cause) != 0) {
		if (cause == NULL || strncmp(cause, "fuzz.json", 9) != 0)
			fuzz_fail("config: a cause without the file: %s",
			    cause ? cause : "(none)");
		free(cause);
		config_free(&cfg);	/* freeable after a failure, too */
		free(text);
		return 0;
	}
	check_stages(&cfg);
	check_thresholds(&cfg.thresholds, "global");
	for (i = 0; i < cfg.nservices; i++) {
		if (config_find_service(&cfg, cfg.services[i].name) != &cfg.services[i])
			fuzz_fail("config: service %s twice", cfg.services[i].name);
		check_thresholds(config_thresholds(&cfg, cfg.services[i].name),
		    cfg.services[i].name);
	}
	check_sources(&cfg);

	model_init(&m);
	for (i = 0; i < cfg.nsources; i++)
		model_add_source(&m, cfg.sources[i].name, cfg.sources[i].kind);
	fuzz_views(&m, &cfg);
	model_free(&m);
	config_free(&cfg);
	free(text);
	return 0;
}
