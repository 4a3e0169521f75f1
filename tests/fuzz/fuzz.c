/*
 * fuzz.c - helpers shared by relboard's fuzz harnesses (see fuzz.h): the
 * answer splitter, the configuration they poll with, and the model
 * pipeline from a poll to the `status --json` document, whose contract
 * (docs/relboard.1) is checked here on every input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/canary.h"
#include "core/correlate.h"
#include "core/graph.h"
#include "core/status_json.h"
#include "core/util.h"
#include "fuzz.h"

#define FUZZ_MAX_LOOKUPS 32	/* flags and rollouts looked up per input */

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("fuzz invariant broken: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

char *
fuzz_string(const uint8_t *data, size_t size)
{
	return xstrndup((const char *)data, size);
}

/* "@NNN\n" at the start of an answer: its status; else 200. */
static long
answer_status(const char **p, const char *end)
{
	const char *q = *p + 1;
	long st = 0;

	if (*p >= end || **p != '@')
		return 200;
	while (q < end && *q >= '0' && *q <= '9' && st < 1000)
		st = st * 10 + (*q++ - '0');
	if (q == *p + 1 || q >= end || *q != '\n')
		return 200;
	*p = q + 1;
	return st;
}

size_t
fuzz_split(const uint8_t *data, size_t size, struct response *resp, size_t max)
{
	const char *p = (const char *)data, *end = p + size, *sep;
	size_t n = 0, seplen = strlen(FUZZ_SEP), len;
	char *body;

	memset(resp, 0, max * sizeof *resp);
	while (n < max) {
		sep = n + 1 < max ? memmem(p, (size_t)(end - p), FUZZ_SEP, seplen) :
		    NULL;
		resp[n].status = answer_status(&p, sep != NULL ? sep : end);
		len = (size_t)((sep != NULL ? sep : end) - p);
		body = xmalloc(len + 1);
		memcpy(body, p, len);
		body[len] = '\0';
		resp[n].body = body;
		resp[n].len = len;
		if (resp[n].status == 0)
			resp[n].error = "connection refused";
		n++;
		if (sep == NULL)
			break;
		p = sep + seplen;
	}
	return n;
}

void
fuzz_answers_free(struct response *resp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)resp[i].body);
		memset(&resp[i], 0, sizeof resp[i]);
	}
}

void
fuzz_poll_init(struct fuzz_poll *p, const struct config *cfg, const char *name,
    const uint8_t *data, size_t size, size_t max)
{
	struct request_desc reqs[RB_MAX_REQUESTS];
	size_t i, nreq;

	memset(p, 0, sizeof *p);
	p->ctx.cfg = cfg;
	if ((p->ctx.src = config_find_source(cfg, name)) == NULL ||
	    (p->ad = adapter_find(p->ctx.src->kind)) == NULL)
		fuzz_fail("no source %s", name);
	memset(reqs, 0, sizeof reqs);
	nreq = p->ad->plan(&p->ctx, reqs);
	if (nreq > RB_MAX_REQUESTS)
		fuzz_fail("%s plans %zu requests", name, nreq);
	for (i = 0; i < nreq; i++) {
		if (reqs[i].method == NULL || reqs[i].path == NULL ||
		    reqs[i].path[0] != '/')
			fuzz_fail("%s: request %zu is malformed", name, i);
		request_desc_free(&reqs[i]);
	}
	/* Fewer answers than requests is an input too (a parse error). */
	p->n = fuzz_split(data, size, p->resp, max > 0 ? max : nreq);
}

int
fuzz_poll_parse(struct model_part *part, char **cause, void *arg)
{
	struct fuzz_poll *p = arg;

	return p->ad->parse(&p->ctx, p->resp, p->n, part, cause);
}

void
fuzz_poll_free(struct fuzz_poll *p)
{
	fuzz_answers_free(p->resp, p->n);
}

static const char fuzz_config_text[] =
    "{\"sources\":["
    "{\"name\":\"flags\",\"kind\":\"unleash\",\"url\":\"http://127.0.0.1:1\","
    "\"environments\":[\"development\",\"production\"]},"
    "{\"name\":\"metrics\",\"kind\":\"prometheus\",\"url\":\"http://127.0.0.1:2\"},"
    "{\"name\":\"k8s\",\"kind\":\"argo-rollouts\",\"url\":\"http://127.0.0.1:3\","
    "\"namespace\":\"jesse-test\",\"deployments\":true}],"
    "\"services\":["
    "{\"name\":\"checkout\",\"flags\":[\"flag-a\",\"flag-b\",\"child-flag\","
    "\"new-checkout\"],\"rollouts\":[\"jesse-test/canary-demo\",\"shop/web\","
    "\"bluegreen-demo\"],\"depends_on\":[\"payments\"]},"
    "{\"name\":\"payments\",\"flags\":[\"half-flag\",\"killed-flag\",\"payments-v2\"],"
    "\"rollouts\":[\"shop/api\",\"rollout-invalid\"],\"depends_on\":[\"search\"],"
    "\"thresholds\":{\"error_ratio_warn\":0.001,\"error_ratio_crit\":0.002}},"
    "{\"name\":\"search\",\"flags\":[\"ga-flag\",\"flag-a\"],"
    "\"rollouts\":[\"shop/search\",\"canary-demo-weights\"],"
    "\"depends_on\":[\"checkout\"]},"
    "{\"name\":\"ledger\"}]}";

void
fuzz_config(struct config *cfg)
{
	char *cause = NULL;

	if (config_parse(cfg, "fuzz.json", fuzz_config_text, &cause) != 0)
		fuzz_fail("the harness configuration: %s", cause);
}

/* ---- the status --json contract ---------------------------------------- */

static json_t *
need(json_t *o, const char *key, const char *what)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		fuzz_fail("status json: %s has no \"%s\"", what, key);
	return v;
}

static void
need_string(json_t *o, const char *key, const char *what, int nullable)
{
	json_t *v = need(o, key, what);

	if (!json_is_string(v) && !(nullable && json_is_null(v)))
		fuzz_fail("status json: %s.%s is not a string", what, key);
}

static void
need_number(json_t *o, const char *key, const char *what)
{
	json_t *v = need(o, key, what);

	if (!json_is_number(v) && !json_is_null(v))
		fuzz_fail("status json: %s.%s is not a number or null", what, key);
}

static json_t *
need_array(json_t *o, const char *key, const char *what, size_t n)
{
	json_t *v = need(o, key, what);

	if (!json_is_array(v))
		fuzz_fail("status json: %s.%s is not an array", what, key);
	if (n != (size_t)-1 && json_array_size(v) != n)
		fuzz_fail("status json: %s.%s has %zu items, the model %zu", what,
		    key, json_array_size(v), n);
	return v;
}

static int
one_of(const char *s, const char *const *words)
{
	for (; *words != NULL; words++) {
		if (s != NULL && strcmp(s, *words) == 0)
			return 1;
	}
	return 0;
}

static void
check_sources(json_t *arr)
{
	static const char *const states[] = { "ok", "stale", "error", NULL };
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o) {
		need_string(o, "name", "sources[]", 0);
		need_string(o, "kind", "sources[]", 0);
		need_string(o, "state", "sources[]", 0);
		if (!one_of(json_string_value(json_object_get(o, "state")), states))
			fuzz_fail("status json: sources[].state is \"%s\"",
			    json_string_value(json_object_get(o, "state")));
		need_number(o, "last_ok_age_s", "sources[]");
		need_string(o, "error", "sources[]", 1);
	}
}

static void
check_rollouts(json_t *arr, const struct model *m)
{
	static const char *const words[] = {
		"Healthy", "Progressing", "Paused", "Degraded", NULL
	};
	static const char *const reps[] = {
		"desired", "current", "updated", "ready", "available", NULL
	};
	json_t *o, *r, *st;
	size_t i, k;

	json_array_foreach(arr, i, o) {
		need_string(o, "source", "rollouts[]", 0);
		need_string(o, "namespace", "rollouts[]", 1);
		need_string(o, "name", "rollouts[]", 0);
		need_string(o, "kind", "rollouts[]", 1);
		need_string(o, "strategy", "rollouts[]", 1);
		need_string(o, "status", "rollouts[]", 1);
		need_string(o, "message", "rollouts[]", 1);
		st = json_object_get(o, "status");
		if (json_is_string(st) && !one_of(json_string_value(st), words))
			fuzz_fail("status json: rollouts[].status is \"%s\"",
			    json_string_value(st));
		st = need(o, "step", "rollouts[]");
		if (!json_is_null(st) && (!json_is_object(st) ||
		    json_object_get(st, "index") == NULL ||
		    !json_is_integer(json_object_get(st, "count"))))
			fuzz_fail("status json: rollouts[].step is malformed");
		need_number(o, "set_weight", "rollouts[]");
		need_number(o, "actual_weight", "rollouts[]");
		r = need(o, "replicas", "rollouts[]");
		for (k = 0; reps[k] != NULL; k++)
			need_number(r, reps[k], "rollouts[].replicas");
		need_array(o, "images", "rollouts[]", m->rollouts[i].nimages);
	}
}

/* "health": ok, warn, crit or unknown. */
static void
need_health(json_t *o, const char *what)
{
	static const char *const health[] = { "ok", "warn", "crit", "unknown", NULL };

	need_string(o, "health", what, 0);
	if (!one_of(json_string_value(json_object_get(o, "health")), health))
		fuzz_fail("status json: %s.health is wrong", what);
}

/* null, or {"yes", "no", "window_s"} counts. */
static void
check_exposures(json_t *x)
{
	static const char *const keys[] = { "yes", "no", "window_s", NULL };
	size_t k;

	if (json_is_null(x))
		return;
	if (!json_is_object(x) || json_object_size(x) != 3)
		fuzz_fail("status json: exposures is malformed");
	for (k = 0; keys[k] != NULL; k++) {
		json_t *v = json_object_get(x, keys[k]);

		if (!json_is_integer(v) || json_integer_value(v) < 0)
			fuzz_fail("status json: exposures.%s is not a count", keys[k]);
	}
}

static void
check_kpis(json_t *arr)
{
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o) {
		need_string(o, "name", "kpis[]", 0);
		need_string(o, "flag", "kpis[]", 0);
		need_string(o, "environment", "kpis[]", 0);
		need_number(o, "value", "kpis[]");
		need_health(o, "kpis[]");
		need_string(o, "error", "kpis[]", 1);
		if (json_is_null(json_object_get(o, "value")) !=
		    (strcmp(json_string_value(json_object_get(o, "health")),
		    "unknown") == 0))
			fuzz_fail("status json: a KPI value and its health disagree");
	}
}

static void
check_flags(json_t *arr, const struct model *m, const struct config *cfg)
{
	json_t *o, *envs, *e;
	size_t i, j;
	const char *stage;

	json_array_foreach(arr, i, o) {
		need_string(o, "source", "flags[]", 0);
		need_string(o, "project", "flags[]", 1);
		need_string(o, "name", "flags[]", 0);
		need_string(o, "type", "flags[]", 1);
		envs = need_array(o, "environments", "flags[]", m->flags[i].nenvs);
		json_array_foreach(envs, j, e) {
			need_string(e, "name", "flags[].environments[]", 0);
			if (!json_is_boolean(need(e, "enabled", "flags[].environments[]")))
				fuzz_fail("status json: enabled not boolean");
			check_exposures(need(e, "exposures", "flags[].environments[]"));
			/* A state the answer left out: no stage, killed null, a reason. */
			if (json_is_null(need(e, "stage", "flags[].environments[]"))) {
				if (!json_is_null(need(e, "killed",
				    "flags[].environments[]")) ||
				    !json_is_string(need(e, "reason",
				    "flags[].environments[]")))
					fuzz_fail("status json: an unknown state "
					    "without null killed and a reason");
				continue;
			}
			if (!json_is_boolean(need(e, "killed", "flags[].environments[]")))
				fuzz_fail("status json: killed not boolean");
			need_string(e, "stage", "flags[].environments[]", 0);
			stage = json_string_value(json_object_get(e, "stage"));
			if (strcmp(stage, "off") != 0 && strcmp(stage, "custom") != 0 &&
			    strcmp(stage, "killed") != 0 && stage_find(cfg, stage) == NULL)
				fuzz_fail("status json: stage \"%s\" is no stage", stage);
			need_number(e, "rollout", "flags[].environments[]");
		}
		need_array(o, "depends_on", "flags[]", m->flags[i].ndeps);
	}
}

static void
check_services(json_t *arr)
{
	json_t *o;
	size_t i;

	json_array_foreach(arr, i, o) {
		need_string(o, "source", "services[]", 0);
		need_string(o, "service", "services[]", 0);
		need_string(o, "version", "services[]", 1);
		need_number(o, "request_rate", "services[]");
		need_number(o, "error_ratio", "services[]");
		need_number(o, "latency_p99_s", "services[]");
		need_health(o, "services[]");
	}
}

static void
check_status(json_t *doc, const struct model *m, const struct config *cfg)
{
	json_t *g;
	char *text;

	need_string(doc, "generated_at", "document", 0);
	check_sources(need_array(doc, "sources", "document", m->nsources));
	check_rollouts(need_array(doc, "rollouts", "document", m->nrollouts), m);
	check_flags(need_array(doc, "flags", "document", m->nflags), m, cfg);
	check_services(need_array(doc, "services", "document", m->nservices));
	check_kpis(need_array(doc, "kpis", "document", m->nkpis));
	g = need(doc, "graph", "document");
	need_array(g, "edges", "graph", m->nedges);
	need_array(g, "cycles", "graph", (size_t)-1);
	if ((text = json_dumps(doc, JSON_COMPACT)) == NULL)
		fuzz_fail("status json: the document cannot be written");
	free(text);
}


/*
 * status --json at scale prints one flag at a time: the same bytes as the
 * whole document's json_dumps().
 */
static void
check_status_write(const json_t *doc, const struct model *m,
    const struct config *cfg)
{
	json_t	*shell;
	char	*whole, *out = NULL;
	size_t	 len = 0;
	FILE	*fp;

	whole = json_dumps(doc, STATUS_JSON_FLAGS);
	shell = status_json_shell(m, cfg, 1795651200, 1000);
	if (whole == NULL || shell == NULL ||
	    (fp = open_memstream(&out, &len)) == NULL)
		fuzz_fail("status json: no text");
	if (status_json_write(fp, shell, m) != 0)
		fuzz_fail("status json: the writer failed");
	fclose(fp);
	if (len != strlen(whole) + 1 || memcmp(out, whole, len - 1) != 0 ||
	    out[len - 1] != '\n')
		fuzz_fail("status json: the writer's text differs");
	json_decref(shell);
	free(whole);
	free(out);
}

/* ---- the pipeline ------------------------------------------------------ */

void
fuzz_views(struct model *m, const struct config *cfg)
{
	static const char *const envs[] = { NULL, "production", "development" };
	struct canary_view cv;
	struct graph g;
	const struct service_cfg *worst;
	json_t *doc;
	char *text;
	size_t i, k;

	model_classify(m, cfg);
	model_build_graph(m, cfg);
	model_effective(m);

	memset(&cv, 0, sizeof cv);
	canary_refresh(&cv, m, cfg);
	if (cv.nrows != m->nservices)
		fuzz_fail("canary view: %zu rows for %zu services", cv.nrows,
		    m->nservices);
	for (i = 0; i < cv.nrows; i++) {
		if (cv.rows[i].svc >= m->nservices ||
		    (cv.rows[i].role == CANARY_CANARY &&
		    cv.rows[i].stable >= m->nservices))
			fuzz_fail("canary view: row %zu points outside the model", i);
	}
	if (canary_refresh(&cv, m, cfg))
		fuzz_fail("canary view: rebuilt without a change");
	canary_view_free(&cv);

	for (k = 0; k < sizeof envs / sizeof envs[0]; k++) {
		graph_build(&g, m, envs[k]);
		graph_free(&g);
	}
	for (i = 0; i < m->nflags && i < FUZZ_MAX_LOOKUPS; i++) {
		const struct flag *f = &m->flags[i];

		flag_service_health(m, cfg, f->name, &worst);
		model_last_event(m, f->source, f->name);
		for (k = 0; k < f->nenvs && k < 4; k++) {
			text = graph_kill_impact_text(m, f->name, f->envs[k].name);
			free(text);
		}
	}
	for (i = 0; i < m->nrollouts && i < FUZZ_MAX_LOOKUPS; i++)
		rollout_service_health(m, cfg, m->rollouts[i].namespace,
		    m->rollouts[i].name, &worst);
	for (i = 0; i < m->nservices && i < FUZZ_MAX_LOOKUPS; i++)
		service_worst_health(m, m->services[i].service);

	doc = status_json(m, cfg, 1795651200, 1000);
	if (doc == NULL)
		fuzz_fail("status json: no document");
	check_status(doc, m, cfg);
	check_status_write(doc, m, cfg);
	if (getenv("RELBOARD_FUZZ_SHOW") != NULL)
		json_dumpf(doc, stderr, JSON_INDENT(1));
	json_decref(doc);
}

void
fuzz_pipeline(const struct config *cfg, const char *name, fuzz_poll_fn poll,
    void *arg)
{
	struct model m;
	struct model_part part;
	char *cause;
	size_t i;
	int round;

	model_init(&m);
	for (i = 0; i < cfg->nsources; i++)
		model_add_source(&m, cfg->sources[i].name, cfg->sources[i].kind);
	for (round = 0; round < 2; round++) {
		memset(&part, 0, sizeof part);
		cause = NULL;
		if (poll(&part, &cause, arg) == 0) {
			if (cause != NULL)
				fuzz_fail("a poll succeeded with a cause: %s", cause);
			model_apply(&m, name, &part);
			model_source_ok(&m, name, 900 + round);
		} else {
			if (cause == NULL)
				fuzz_fail("a poll failed without a cause");
			if (getenv("RELBOARD_FUZZ_SHOW") != NULL)
				fprintf(stderr, "poll failed: %s\n", cause);
			model_part_free(&part);
			model_source_failed(&m, name, cause, 900 + round);
			free(cause);
		}
		fuzz_views(&m, cfg);
	}
	model_free(&m);
}
