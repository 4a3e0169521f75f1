/*
 * config_kpi.c - the "kpis" key of the configuration: per-flag success
 * metrics, each a PromQL query with {flag} and {env} placeholders and
 * exactly one threshold (good_above or bad_above), evaluated by a
 * prometheus source.  Errors name the file and key, as config.c does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/config.h"
#include "core/sanitize.h"
#include "core/util.h"

static const char *const default_envs[] = { "development", "production" };

static int
kpi_fail(const struct config *cfg, size_t i, const char *key, char **cause,
    const char *msg)
{
	*cause = xasprintf("%s: kpis[%zu]%s%s: %s", cfg->path, i, *key ? "." : "",
	    key, msg);
	sanitize_text(*cause);
	return -1;
}

static int
kpi_string(const struct config *cfg, size_t i, json_t *o, const char *key,
    char **out, int required, char **cause)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		return required ? kpi_fail(cfg, i, key, cause, "is required") : 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return kpi_fail(cfg, i, key, cause, "must be a non-empty string");
	*out = xstrdup(json_string_value(v));
	return 0;
}

static void
add_env(struct kpi_cfg *k, const char *env)
{
	size_t j;

	for (j = 0; j < k->nenvs; j++) {
		if (strcmp(k->envs[j], env) == 0)
			return;
	}
	k->envs = xreallocarray(k->envs, k->nenvs + 1, sizeof *k->envs);
	k->envs[k->nenvs++] = xstrdup(env);
}

/* {env} values when a KPI names none: every unleash source's environments. */
static void
default_kpi_envs(const struct config *cfg, struct kpi_cfg *k)
{
	size_t s, j;

	for (s = 0; s < cfg->nsources; s++) {
		const struct source_cfg *src = &cfg->sources[s];

		if (strcmp(src->kind, "unleash") != 0)
			continue;
		if (src->nenvironments == 0) {
			for (j = 0; j < 2; j++)
				add_env(k, default_envs[j]);
		}
		for (j = 0; j < src->nenvironments; j++)
			add_env(k, src->environments[j]);
	}
}

static int
kpi_envs(const struct config *cfg, size_t i, json_t *o, struct kpi_cfg *k,
    char **cause)
{
	json_t *v = json_object_get(o, "environments"), *e;
	size_t j;

	if (v == NULL) {
		default_kpi_envs(cfg, k);
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) == 0)
		return kpi_fail(cfg, i, "environments", cause,
		    "must be a non-empty array of strings");
	json_array_foreach(v, j, e) {
		if (!json_is_string(e) || json_string_length(e) == 0)
			return kpi_fail(cfg, i, "environments", cause,
			    "must be a non-empty array of strings");
		add_env(k, json_string_value(e));
	}
	return 0;
}

static int
kpi_threshold(const struct config *cfg, size_t i, json_t *o, struct kpi_cfg *k,
    char **cause)
{
	json_t *good = json_object_get(o, "good_above");
	json_t *bad = json_object_get(o, "bad_above");
	json_t *v = good != NULL ? good : bad;

	if ((good == NULL) == (bad == NULL))
		return kpi_fail(cfg, i, "", cause, good == NULL ?
		    "needs good_above or bad_above (the threshold)" :
		    "has both good_above and bad_above; give exactly one");
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return kpi_fail(cfg, i, good != NULL ? "good_above" : "bad_above",
		    cause, "must be a number");
	k->bad = bad != NULL;
	k->threshold = json_number_value(v);
	return 0;
}

static int
kpi_source(const struct config *cfg, size_t i, struct kpi_cfg *k, char **cause)
{
	const struct source_cfg *s;
	size_t j;

	if (k->source != NULL) {
		s = config_find_source(cfg, k->source);
		if (s == NULL || strcmp(s->kind, "prometheus") != 0) {
			char *m = xasprintf("\"%s\" is not a prometheus source",
			    k->source);
			int rc = kpi_fail(cfg, i, "source", cause, m);

			free(m);
			return rc;
		}
		return 0;
	}
	for (j = 0; j < cfg->nsources; j++) {
		if (strcmp(cfg->sources[j].kind, "prometheus") == 0) {
			k->source = xstrdup(cfg->sources[j].name);
			return 0;
		}
	}
	return kpi_fail(cfg, i, "", cause, "KPIs need a source of kind "
	    "prometheus to evaluate them");
}

static int
kpi_parse(struct config *cfg, size_t i, json_t *o, char **cause)
{
	static const char *const keys[] = {
		"name", "flag", "query", "good_above", "bad_above", "source",
		"environments", NULL
	};
	struct kpi_cfg *k = &cfg->kpis[i];
	const char *key;
	json_t *v;
	size_t j;

	if (!json_is_object(o))
		return kpi_fail(cfg, i, "", cause, "must be an object");
	json_object_foreach(o, key, v) {
		for (j = 0; keys[j] != NULL && strcmp(keys[j], key) != 0; j++)
			;
		if (keys[j] == NULL)
			return kpi_fail(cfg, i, key, cause, "unknown key");
	}
	if (kpi_string(cfg, i, o, "name", &k->name, 1, cause) != 0 ||
	    kpi_string(cfg, i, o, "flag", &k->flag, 1, cause) != 0 ||
	    kpi_string(cfg, i, o, "query", &k->query, 1, cause) != 0 ||
	    kpi_string(cfg, i, o, "source", &k->source, 0, cause) != 0 ||
	    kpi_threshold(cfg, i, o, k, cause) != 0 ||
	    kpi_envs(cfg, i, o, k, cause) != 0 ||
	    kpi_source(cfg, i, k, cause) != 0)
		return -1;
	for (j = 0; j < i; j++) {
		if (strcmp(cfg->kpis[j].name, k->name) == 0 &&
		    strcmp(cfg->kpis[j].flag, k->flag) == 0)
			return kpi_fail(cfg, i, "name", cause, "this flag already "
			    "has a KPI of that name");
	}
	return 0;
}

int
config_kpis_parse(struct config *cfg, const void *json_kpis, char **cause)
{
	json_t *arr = (json_t *)json_kpis, *e;
	size_t i;

	if (!json_is_array(arr)) {
		*cause = xasprintf("%s: kpis: must be an array of KPIs", cfg->path);
		sanitize_text(*cause);
		return -1;
	}
	cfg->kpis = xcalloc(json_array_size(arr) + 1, sizeof *cfg->kpis);
	json_array_foreach(arr, i, e) {
		cfg->nkpis = i + 1;
		if (kpi_parse(cfg, i, e, cause) != 0)
			return -1;
	}
	return 0;
}

void
config_kpis_free(struct config *cfg)
{
	size_t i, j;

	for (i = 0; i < cfg->nkpis; i++) {
		struct kpi_cfg *k = &cfg->kpis[i];

		free(k->name);
		free(k->flag);
		free(k->query);
		free(k->source);
		for (j = 0; j < k->nenvs; j++)
			free(k->envs[j]);
		free(k->envs);
	}
	free(cfg->kpis);
	cfg->kpis = NULL;
	cfg->nkpis = 0;
}
