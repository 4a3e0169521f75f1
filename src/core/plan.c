/*
 * plan.c - reads a release plan file: strict JSON (unknown keys, wrong
 * types, bad names, times and holds are errors), every error collected so
 * that `relboard plan check` lists them all; then checks it against the
 * configuration (source, stages, order) and the latest poll (flag,
 * environment).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/adapter.h"
#include "core/plan.h"
#include "core/timearg.h"
#include "core/util.h"

void
plan_errors_add(struct plan_errors *e, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sanitize_text(s);
	*ARRAY_PUSH(e->v, e->n, e->cap) = s;
}

void
plan_errors_free(struct plan_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	memset(e, 0, sizeof *e);
}

/* Plan names go into journal reasons, which are read back: keep them plain. */
static bool
plain_name(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return false;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' || *s == '.'))
			return false;
	}
	return true;
}

/* A string member: NULL if absent; an error if of another type or empty. */
static char *
get_string(json_t *o, const char *key, const char *where, bool required,
    struct plan_errors *e)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL) {
		if (required)
			plan_errors_add(e, "%s: \"%s\" is missing", where, key);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		plan_errors_add(e, "%s: \"%s\" must be a non-empty string", where, key);
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static void
unknown_keys(json_t *o, const char *const *known, const char *where,
    struct plan_errors *e)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(o, key, v) {
		for (i = 0; known[i] != NULL; i++) {
			if (strcmp(known[i], key) == 0)
				break;
		}
		if (known[i] == NULL)
			plan_errors_add(e, "%s: unknown key \"%s\"", where, key);
	}
}

static void
parse_step(struct plan_step *st, json_t *o, size_t k, struct plan_errors *e)
{
	static const char *const known[] = { "stage", "hold_s", "not_before", NULL };
	char where[32], *t, *cause = NULL;
	json_t *v;

	snprintf(where, sizeof where, "step %zu", k);
	if (!json_is_object(o)) {
		plan_errors_add(e, "%s: must be an object", where);
		return;
	}
	unknown_keys(o, known, where, e);
	st->stage = get_string(o, "stage", where, true, e);
	if ((v = json_object_get(o, "hold_s")) != NULL) {
		if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
		    json_number_value(v) < 0 ||
		    json_number_value(v) > PLAN_MAX_HOLD_S)
			plan_errors_add(e, "%s: \"hold_s\" must be a number of "
			    "seconds from 0 to %.0f", where, PLAN_MAX_HOLD_S);
		else
			st->hold_s = json_number_value(v);
	}
	if ((t = get_string(o, "not_before", where, false, e)) != NULL) {
		if (timearg_parse(t, &st->not_before, &cause) != 0) {
			plan_errors_add(e, "%s: \"not_before\": %s", where, cause);
			free(cause);
		}
		free(t);
	}
}

static void
parse_gates(struct plan *p, json_t *o, struct plan_errors *e)
{
	const char *key;
	json_t *v;
	int g;

	if (!json_is_object(o)) {
		plan_errors_add(e, "\"gates\" must be an object");
		return;
	}
	json_object_foreach(o, key, v) {
		if ((g = plan_gate_find(key)) < 0) {
			plan_errors_add(e, "gates: unknown gate \"%s\" (gates: "
			    "services, kpis)", key);
			continue;
		}
		if (!json_is_string(v) || strcmp(json_string_value(v), "ok") != 0) {
			plan_errors_add(e, "gates: \"%s\" must be \"ok\"", key);
			continue;
		}
		p->gates[g] = true;
	}
}

size_t
plan_parse(struct plan *p, const char *path, const char *text,
    struct plan_errors *e)
{
	static const char *const known[] = { "name", "source", "flag",
	    "environment", "steps", "gates", "on_crit", NULL };
	size_t n0 = e->n, i;
	json_error_t jerr;
	json_t *root, *v;
	char *s;

	memset(p, 0, sizeof *p);
	p->path = xstrdup(path);
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		plan_errors_add(e, "not JSON: line %d column %d: %s", jerr.line,
		    jerr.column, jerr.text);
		return e->n - n0;
	}
	if (!json_is_object(root)) {
		plan_errors_add(e, "a plan must be a JSON object");
		json_decref(root);
		return e->n - n0;
	}
	unknown_keys(root, known, "plan", e);
	p->name = get_string(root, "name", "plan", true, e);
	if (p->name != NULL && !plain_name(p->name)) {
		plan_errors_add(e, "plan: \"name\" must be 1 to 64 letters, digits, "
		    "'-', '_' or '.'");
		free(p->name);
		p->name = NULL;
	}
	p->source = get_string(root, "source", "plan", false, e);
	p->flag = get_string(root, "flag", "plan", true, e);
	p->env = get_string(root, "environment", "plan", true, e);
	v = json_object_get(root, "steps");
	if (v == NULL || !json_is_array(v) || json_array_size(v) == 0)
		plan_errors_add(e, "plan: \"steps\" must be a non-empty array");
	else if (json_array_size(v) > PLAN_MAX_STEPS)
		plan_errors_add(e, "plan: at most %d steps", PLAN_MAX_STEPS);
	else {
		p->nsteps = json_array_size(v);
		for (i = 0; i < p->nsteps; i++)
			parse_step(&p->steps[i], json_array_get(v, i), i + 1, e);
		for (i = 1; i < p->nsteps; i++) {
			if (p->steps[i].not_before > 0 &&
			    p->steps[i].not_before < p->steps[i - 1].not_before)
				plan_errors_add(e, "step %zu: \"not_before\" is "
				    "earlier than step %zu's", i + 1, i);
		}
	}
	if ((v = json_object_get(root, "gates")) != NULL)
		parse_gates(p, v, e);
	if ((s = get_string(root, "on_crit", "plan", false, e)) != NULL) {
		if (strcmp(s, "kill") == 0)
			p->on_crit = PLAN_ON_CRIT_KILL;
		else if (strcmp(s, "hold") != 0)
			plan_errors_add(e, "plan: \"on_crit\" must be \"hold\" or "
			    "\"kill\"");
		free(s);
	}
	json_decref(root);
	return e->n - n0;
}

size_t
plan_load(struct plan *p, const char *path, struct plan_errors *e)
{
	char *text, *cause = NULL;
	size_t n;

	if ((text = read_file(path, NULL, &cause)) == NULL) {
		memset(p, 0, sizeof *p);
		p->path = xstrdup(path);
		plan_errors_add(e, "%s", cause);
		free(cause);
		return 1;
	}
	n = plan_parse(p, path, text, e);
	free(text);
	return n;
}

static bool
flag_source(const struct source_cfg *s)
{
	const struct adapter_entry *ad = adapter_find(s->kind);

	return ad != NULL && ad->read_flag != NULL;
}

const char *
plan_source(const struct plan *p, const struct config *cfg)
{
	const char *found = NULL;
	size_t i;

	if (p->source != NULL)
		return p->source;
	for (i = 0; i < cfg->nsources; i++) {
		if (!flag_source(&cfg->sources[i]))
			continue;
		if (found != NULL)
			return NULL;
		found = cfg->sources[i].name;
	}
	return found;
}

size_t
plan_check_config(struct plan *p, const struct config *cfg, struct plan_errors *e)
{
	const struct source_cfg *s;
	const struct stage *st;
	size_t n0 = e->n, i;
	char *list;
	int last = 0;

	if (p->source != NULL) {
		if ((s = config_find_source(cfg, p->source)) == NULL)
			plan_errors_add(e, "plan: unknown source \"%s\"", p->source);
		else if (!flag_source(s))
			plan_errors_add(e, "plan: source %s (%s) has no flags",
			    p->source, s->kind);
	} else if (plan_source(p, cfg) == NULL)
		plan_errors_add(e, "plan: no single flag source: name one with "
		    "\"source\"");
	for (i = 0; i < p->nsteps; i++) {
		if (p->steps[i].stage == NULL)
			continue;
		if ((st = stage_find(cfg, p->steps[i].stage)) == NULL) {
			list = stage_list(cfg);
			plan_errors_add(e, "step %zu: unknown stage \"%s\" (stages: "
			    "%s)", i + 1, p->steps[i].stage, list);
			free(list);
			continue;
		}
		p->steps[i].percent = st->percent;
		if (st->percent <= last)
			plan_errors_add(e, "step %zu: %s (%d%%) is not above %s "
			    "(%d%%): steps must go up", i + 1, st->name, st->percent,
			    i ? p->steps[i - 1].stage : "off", last);
		last = st->percent;
	}
	return e->n - n0;
}

size_t
plan_check_model(const struct plan *p, const struct config *cfg,
    const struct model *m, struct plan_errors *e)
{
	const char *src = plan_source(p, cfg);
	const struct source_status *ss;
	const struct flag *f;
	size_t n0 = e->n, i;
	char *list;

	if (src == NULL || p->flag == NULL)
		return 0;
	ss = model_find_source((struct model *)m, src);
	if (ss == NULL || ss->state == SOURCE_PENDING || ss->state == SOURCE_ERROR) {
		plan_errors_add(e, "cannot check flag %s: source %s did not answer "
		    "(%s)", p->flag, src, ss && ss->error ? ss->error : "no answer");
		return e->n - n0;
	}
	if ((f = model_find_flag(m, src, p->flag)) == NULL) {
		plan_errors_add(e, "plan: unknown flag \"%s\" in source %s", p->flag,
		    src);
		return e->n - n0;
	}
	if (p->env != NULL && flag_find_env(f, p->env) == NULL) {
		list = xstrdup("");
		for (i = 0; i < f->nenvs; i++) {
			char *t = xasprintf("%s%s%s", list, i ? ", " : "",
			    f->envs[i].name);
			free(list);
			list = t;
		}
		plan_errors_add(e, "plan: unknown environment \"%s\" for flag %s "
		    "(environments: %s)", p->env, p->flag, list);
		free(list);
	}
	return e->n - n0;
}

void
plan_free(struct plan *p)
{
	size_t i;

	free(p->path);
	free(p->name);
	free(p->source);
	free(p->flag);
	free(p->env);
	for (i = 0; i < p->nsteps; i++)
		free(p->steps[i].stage);
	memset(p, 0, sizeof *p);
}

char *
plan_reason(const struct plan *p, size_t k)
{
	return xasprintf("plan %s step %zu/%zu", p->name, k, p->nsteps);
}
