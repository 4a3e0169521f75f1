/*
 * config.c - loads and validates relboard's JSON configuration.  Every error
 * names the file and the key ("config.json: sources[1].interval_s: must be a
 * number > 0") and nothing is half-applied: on error the config is freed.
 * Errors are sanitized (a key may hold anything); each token is added to
 * the sanitizer's secrets when loaded and removed when the config is freed.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/config.h"
#include "core/config_kube.h"
#include "core/rollout_ref.h"
#include "core/sanitize.h"
#include "core/secret_file.h"
#include "core/util.h"

struct cfgctx {
	const char	*path;
	char		*cause;
};

static int
fail(struct cfgctx *c, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (c->cause != NULL)
		return -1;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* A top-level key comes as ".name": drop the empty prefix. */
	if (key[0] == '.' && key[1] != '\0')
		key++;
	/* Key names and values come from the file: never echo them raw. */
	c->cause = xasprintf("%s: %s: %s", c->path, key, msg);
	sanitize_text(c->cause);
	free(msg);
	return -1;
}

/* Refuse keys other than those listed (NULL-terminated). */
static int
check_keys(struct cfgctx *c, const char *where, json_t *obj, const char *const *allowed,
    const char *kind)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj, k, v) {
		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp(allowed[i], k) == 0)
				break;
		}
		if (allowed[i] == NULL) {
			char *key = xasprintf("%s%s%s", where, *where ? "." : "", k);

			if (kind != NULL)
				fail(c, key, "unknown key for a source of kind \"%s\"", kind);
			else
				fail(c, key, "unknown key");
			free(key);
			return -1;
		}
	}
	return 0;
}

static int
get_string(struct cfgctx *c, json_t *obj, const char *where, const char *name,
    char **out, int required)
{
	json_t *v = json_object_get(obj, name);
	char *key;

	if (v == NULL) {
		if (!required)
			return 0;
		key = xasprintf("%s.%s", where, name);
		fail(c, key, "is required");
		free(key);
		return -1;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		key = xasprintf("%s.%s", where, name);
		fail(c, key, "must be a non-empty string");
		free(key);
		return -1;
	}
	free(*out);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int
get_number(struct cfgctx *c, json_t *obj, const char *where, const char *name,
    double *out, double min, double max)
{
	json_t *v = json_object_get(obj, name);
	char *key;

	if (v == NULL)
		return 0;
	if (!json_is_number(v) || json_number_value(v) < min ||
	    json_number_value(v) > max || isnan(json_number_value(v))) {
		key = *where ? xasprintf("%s.%s", where, name) : xstrdup(name);
		fail(c, key, "must be a number from %g to %g", min, max);
		free(key);
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

static int
get_bool(struct cfgctx *c, json_t *obj, const char *where, const char *name, bool *out)
{
	json_t *v = json_object_get(obj, name);
	char *key;

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v)) {
		key = *where ? xasprintf("%s.%s", where, name) : xstrdup(name);
		fail(c, key, "must be true or false");
		free(key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

static int
get_strings(struct cfgctx *c, json_t *obj, const char *where, const char *name,
    char ***out, size_t *n)
{
	json_t *v = json_object_get(obj, name), *e;
	size_t i;
	char *key;

	if (v == NULL)
		return 0;
	if (!json_is_array(v)) {
		key = *where ? xasprintf("%s.%s", where, name) : xstrdup(name);
		fail(c, key, "must be an array of strings");
		free(key);
		return -1;
	}
	*out = xcalloc(json_array_size(v), sizeof **out);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) || json_string_length(e) == 0) {
			key = xasprintf("%s%s%s[%zu]", where, *where ? "." : "",
			    name, i);
			fail(c, key, "must be a non-empty string");
			free(key);
			return -1;
		}
		(*out)[(*n)++] = xstrdup(json_string_value(e));
	}
	return 0;
}

static int
load_token(struct cfgctx *c, struct source_cfg *s, const char *where, json_t *obj)
{
	char *env = NULL, *file = NULL, *key, *cause = NULL, *text;
	const char *val;
	int rc = -1;

	if (get_string(c, obj, where, "token_env", &env, 0) != 0 ||
	    get_string(c, obj, where, "token_file", &file, 0) != 0)
		goto out;
	if (env != NULL && file != NULL) {
		key = xasprintf("%s.token_file", where);
		fail(c, key, "give token_env or token_file, not both");
		free(key);
		goto out;
	}
	if (env != NULL) {
		if ((val = getenv(env)) == NULL || *val == '\0') {
			key = xasprintf("%s.token_env", where);
			fail(c, key, "environment variable %s is not set", env);
			free(key);
			goto out;
		}
		s->token = xstrdup(val);
		sanitize_add_secret(s->token);
		s->token_origin = xasprintf("env %s", env);
	} else if (file != NULL) {
		if (secret_file_read(file, "token", &text, &cause) != 0) {
			key = xasprintf("%s.token_file", where);
			fail(c, key, "%s", cause);
			free(cause);
			free(key);
			goto out;
		}
		s->token = text;
		sanitize_add_secret(s->token);
		s->token_origin = xasprintf("file %s", file);
	}
	rc = 0;
out:
	free(env);
	free(file);
	return rc;
}

/*
 * An argo-rollouts source without a url, or with kubeconfig or context,
 * takes its cluster from a kubeconfig; the source's own credentials then
 * have no place.
 */
static int
parse_kube(struct cfgctx *c, struct source_cfg *s, const char *where, json_t *obj)
{
	char	*why = NULL, *key;
	int	 rc;

	if (get_string(c, obj, where, "kubeconfig", &s->kubeconfig, 0) != 0 ||
	    get_string(c, obj, where, "context", &s->context, 0) != 0)
		return -1;
	if (s->url != NULL && s->kubeconfig == NULL && s->context == NULL)
		return 0;
	if (json_object_get(obj, "token_env") != NULL ||
	    json_object_get(obj, "token_file") != NULL) {
		key = xasprintf("%s.%s", where, json_object_get(obj,
		    "token_env") != NULL ? "token_env" : "token_file");
		fail(c, key, "a source that uses a kubeconfig takes its "
		    "credentials from the kubeconfig's user");
		free(key);
		return -1;
	}
	if (config_kube_apply(s, &why) == 0)
		return 0;
	key = xasprintf("%s.%s", where, s->kubeconfig != NULL ? "kubeconfig" :
	    s->context != NULL ? "context" : "url");
	rc = fail(c, key, "%s", why);
	free(why);
	free(key);
	return rc;
}

static const char *const source_common[] = {
	"name", "kind", "url", "token_env", "token_file", "interval_s", "timeout_s", NULL
};
static const char *const source_unleash[] = {
	"name", "kind", "url", "token_env", "token_file", "interval_s", "timeout_s",
	"project", "environments", "exposures_per_poll", NULL
};
static const char *const source_argo[] = {
	"name", "kind", "url", "token_env", "token_file", "interval_s", "timeout_s",
	"namespace", "deployments", "ca_file", "insecure_skip_tls_verify",
	"kubeconfig", "context", NULL
};
static const char *const source_prom[] = {
	"name", "kind", "url", "token_env", "token_file", "interval_s", "timeout_s",
	"query_rate", "query_error_ratio", "query_latency_p99", "service_graph",
	"service_graph_queries", NULL
};

const char *const config_sg_family_names[SG_NFAMILIES] = {
	"otel", "istio", "linkerd", "custom"
};

/* service_graph_queries: the custom family's queries and label names. */
static int
parse_sg_queries(struct cfgctx *c, struct source_cfg *s, const char *where,
    json_t *obj)
{
	static const char *const keys[] = { "rate", "errors", "caller",
		"callee", NULL };
	char *w = xasprintf("%s.service_graph_queries", where);
	int rc = -1;

	if (!json_is_object(obj))
		fail(c, w, "must be an object with rate, errors, caller and "
		    "callee");
	else if (check_keys(c, w, obj, keys, NULL) == 0 &&
	    get_string(c, obj, w, "rate", &s->sg_rate, 1) == 0 &&
	    get_string(c, obj, w, "errors", &s->sg_errors, 0) == 0 &&
	    get_string(c, obj, w, "caller", &s->sg_caller, 1) == 0 &&
	    get_string(c, obj, w, "callee", &s->sg_callee, 1) == 0)
		rc = 0;
	free(w);
	return rc;
}

/* service_graph: true, false, or a list of family names. */
static int
parse_sg(struct cfgctx *c, struct source_cfg *s, const char *where, json_t *obj)
{
	json_t *v = json_object_get(obj, "service_graph"), *e;
	char *key = xasprintf("%s.service_graph", where);
	size_t i, f;
	int rc = 0;

	s->service_graph = SG_OTEL | SG_ISTIO | SG_LINKERD |
	    (s->sg_rate != NULL ? SG_CUSTOM : 0);
	if (v == NULL || json_is_true(v))
		;
	else if (json_is_false(v))
		s->service_graph = 0;
	else if (!json_is_array(v))
		rc = fail(c, key, "must be true, false or a list of "
		    "otel, istio, linkerd, custom");
	else {
		s->service_graph = 0;
		json_array_foreach(v, i, e) {
			for (f = 0; f < SG_NFAMILIES; f++) {
				if (json_is_string(e) && strcmp(json_string_value(e),
				    config_sg_family_names[f]) == 0)
					break;
			}
			if (f == SG_NFAMILIES) {
				rc = fail(c, key, "unknown family (known: otel, "
				    "istio, linkerd, custom)");
				break;
			}
			s->service_graph |= 1u << f;
		}
	}
	if (rc == 0 && (s->service_graph & SG_CUSTOM) && s->sg_rate == NULL)
		rc = fail(c, key, "custom needs service_graph_queries");
	free(key);
	return rc;
}

static int
parse_source(struct cfgctx *c, struct config *cfg, size_t idx, json_t *obj)
{
	struct source_cfg *s = &cfg->sources[idx];
	char where[64], *key;
	const char *const *allowed = source_common;
	size_t i, len;

	snprintf(where, sizeof where, "sources[%zu]", idx);
	s->interval_s = 5;
	s->timeout_s = 10;
	if (!json_is_object(obj))
		return fail(c, where, "must be an object");
	if (get_string(c, obj, where, "name", &s->name, 1) != 0 ||
	    get_string(c, obj, where, "kind", &s->kind, 1) != 0 ||
	    get_string(c, obj, where, "url", &s->url,
	    strcmp(s->kind, "argo-rollouts") != 0) != 0)
		return -1;
	for (i = 0; i < idx; i++) {
		if (strcmp(cfg->sources[i].name, s->name) == 0) {
			key = xasprintf("%s.name", where);
			fail(c, key, "\"%s\" is already used by sources[%zu]", s->name, i);
			free(key);
			return -1;
		}
	}
	if (adapter_find(s->kind) == NULL) {
		key = xasprintf("%s.kind", where);
		fail(c, key, "unknown kind \"%s\" (known: unleash, prometheus, "
		    "argo-rollouts)", s->kind);
		free(key);
		return -1;
	}
	if (strcmp(s->kind, "unleash") == 0)
		allowed = source_unleash;
	else if (strcmp(s->kind, "argo-rollouts") == 0)
		allowed = source_argo;
	else if (strcmp(s->kind, "prometheus") == 0)
		allowed = source_prom;
	if (check_keys(c, where, obj, allowed, s->kind) != 0)
		return -1;
	if (strcmp(s->kind, "argo-rollouts") == 0 &&
	    parse_kube(c, s, where, obj) != 0)
		return -1;
	if (strncmp(s->url, "http://", 7) != 0 && strncmp(s->url, "https://", 8) != 0) {
		key = xasprintf("%s.url", where);
		fail(c, key, "must start with http:// or https://");
		free(key);
		return -1;
	}
	/* Trailing slashes go, but not into the scheme: a host must remain. */
	len = strlen(s->url);
	while (len > 0 && s->url[len - 1] == '/')
		s->url[--len] = '\0';
	if (len <= (strncmp(s->url, "https", 5) == 0 ? 8u : 7u)) {
		key = xasprintf("%s.url", where);
		fail(c, key, "names no host");
		free(key);
		return -1;
	}
	if (get_number(c, obj, where, "interval_s", &s->interval_s, 0.1, 86400) != 0 ||
	    get_number(c, obj, where, "timeout_s", &s->timeout_s, 0.1, 600) != 0 ||
	    get_string(c, obj, where, "project", &s->project, 0) != 0 ||
	    get_strings(c, obj, where, "environments", &s->environments,
	    &s->nenvironments) != 0 ||
	    get_string(c, obj, where, "namespace", &s->namespace,
	    strcmp(s->kind, "argo-rollouts") == 0 && s->kube == NULL) != 0 ||
	    get_bool(c, obj, where, "deployments", &s->deployments) != 0 ||
	    get_string(c, obj, where, "ca_file", &s->ca_file, 0) != 0 ||
	    get_bool(c, obj, where, "insecure_skip_tls_verify",
	    &s->insecure_skip_tls_verify) != 0 ||
	    get_string(c, obj, where, "query_rate", &s->query_rate, 0) != 0 ||
	    get_string(c, obj, where, "query_error_ratio", &s->query_error_ratio, 0) != 0 ||
	    get_string(c, obj, where, "query_latency_p99", &s->query_latency_p99, 0) != 0)
		return -1;
	if (strcmp(s->kind, "prometheus") == 0) {
		json_t *q = json_object_get(obj, "service_graph_queries");

		if ((q != NULL && parse_sg_queries(c, s, where, q) != 0) ||
		    parse_sg(c, s, where, obj) != 0)
			return -1;
	}
	if (strcmp(s->kind, "unleash") == 0 && s->project == NULL)
		s->project = xstrdup("default");
	s->exposures_per_poll = 8;
	if (strcmp(s->kind, "unleash") == 0) {
		double per = 8;

		if (get_number(c, obj, where, "exposures_per_poll", &per, 0, 100) != 0)
			return -1;
		s->exposures_per_poll = (int)per;
	}
	return load_token(c, s, where, obj);
}

static int
parse_thresholds(struct cfgctx *c, const char *where, json_t *obj, struct thresholds *t)
{
	static const char *const keys[] = {
		"error_ratio_warn", "error_ratio_crit", "latency_p99_warn",
		"latency_p99_crit", NULL
	};

	if (!json_is_object(obj))
		return fail(c, where, "must be an object");
	if (check_keys(c, where, obj, keys, NULL) != 0 ||
	    get_number(c, obj, where, "error_ratio_warn", &t->error_ratio_warn, 0, 1) != 0 ||
	    get_number(c, obj, where, "error_ratio_crit", &t->error_ratio_crit, 0, 1) != 0 ||
	    get_number(c, obj, where, "latency_p99_warn", &t->latency_p99_warn, 0, 3600) != 0 ||
	    get_number(c, obj, where, "latency_p99_crit", &t->latency_p99_crit, 0, 3600) != 0)
		return -1;
	if (t->error_ratio_warn > t->error_ratio_crit)
		return fail(c, where, "error_ratio_warn is above error_ratio_crit");
	if (t->latency_p99_warn > t->latency_p99_crit)
		return fail(c, where, "latency_p99_warn is above latency_p99_crit");
	return 0;
}

static int
parse_stages(struct cfgctx *c, struct config *cfg, json_t *arr)
{
	static const char *const keys[] = { "name", "percent", NULL };
	json_t *e, *p;
	size_t i;
	char where[64];

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return fail(c, "stages", "must be a non-empty array");
	if (json_array_size(arr) > RB_MAX_STAGES)
		return fail(c, "stages", "at most %d stages", RB_MAX_STAGES);
	for (i = 0; i < cfg->nstages; i++) {
		free(cfg->stages[i].name);
		cfg->stages[i].name = NULL;
	}
	cfg->nstages = 0;
	json_array_foreach(arr, i, e) {
		struct stage *st = &cfg->stages[i];

		snprintf(where, sizeof where, "stages[%zu]", i);
		if (!json_is_object(e))
			return fail(c, where, "must be an object");
		if (check_keys(c, where, e, keys, NULL) != 0 ||
		    get_string(c, e, where, "name", &st->name, 1) != 0)
			return -1;
		cfg->nstages = i + 1;
		p = json_object_get(e, "percent");
		if (!json_is_integer(p) || json_integer_value(p) < 0 ||
		    json_integer_value(p) > 100) {
			char *key = xasprintf("%s.percent", where);

			fail(c, key, "must be an integer from 0 to 100");
			free(key);
			return -1;
		}
		st->percent = (int)json_integer_value(p);
		/* Words the stages are shown or asked for by. */
		if (strcmp(st->name, "custom") == 0 || strcmp(st->name, "killed") == 0 ||
		    strcmp(st->name, "next") == 0 || strcmp(st->name, "previous") == 0)
			return fail(c, where, "\"%s\" is a reserved name", st->name);
		if (i > 0 && st->percent <= cfg->stages[i - 1].percent)
			return fail(c, where, "stages must be in increasing percent order");
		if (i > 0 && stage_find(cfg, st->name) != st)
			return fail(c, where, "stage \"%s\" is defined twice", st->name);
	}
	if (cfg->stages[0].percent != 0 || strcmp(cfg->stages[0].name, "off") != 0)
		return fail(c, "stages[0]", "the first stage must be {\"name\": \"off\", \"percent\": 0}");
	return 0;
}

static int
parse_services(struct cfgctx *c, struct config *cfg, json_t *arr)
{
	static const char *const keys[] = {
		"name", "flags", "rollouts", "depends_on", "thresholds", NULL
	};
	json_t *e, *t;
	size_t i, j;
	char where[64];

	if (!json_is_array(arr))
		return fail(c, "services", "must be an array");
	cfg->services = xcalloc(json_array_size(arr), sizeof *cfg->services);
	json_array_foreach(arr, i, e) {
		struct service_cfg *s = &cfg->services[i];

		snprintf(where, sizeof where, "services[%zu]", i);
		cfg->nservices = i + 1;
		if (!json_is_object(e))
			return fail(c, where, "must be an object");
		if (check_keys(c, where, e, keys, NULL) != 0 ||
		    get_string(c, e, where, "name", &s->name, 1) != 0 ||
		    get_strings(c, e, where, "flags", &s->flags, &s->nflags) != 0 ||
		    get_strings(c, e, where, "rollouts", &s->rollouts, &s->nrollouts) != 0 ||
		    get_strings(c, e, where, "depends_on", &s->depends_on,
		    &s->ndepends_on) != 0)
			return -1;
		for (j = 0; j < i; j++) {
			if (strcmp(cfg->services[j].name, s->name) == 0)
				return fail(c, where, "service \"%s\" is defined twice", s->name);
		}
		for (j = 0; j < s->nrollouts; j++) {
			char *out = NULL, *why = NULL, w[128];
			int rc;

			if (rollout_ref_resolve(cfg, s->rollouts[j], &out, &why) == 0) {
				free(s->rollouts[j]);
				s->rollouts[j] = out;
				continue;
			}
			snprintf(w, sizeof w, "%s.rollouts[%zu]", where, j);
			rc = fail(c, w, "%s", why);
			free(why);
			return rc;
		}
		if ((t = json_object_get(e, "thresholds")) != NULL) {
			char *w = xasprintf("%s.thresholds", where);
			int rc;

			s->thresholds = cfg->thresholds;
			s->has_thresholds = true;
			rc = parse_thresholds(c, w, t, &s->thresholds);
			free(w);
			if (rc != 0)
				return -1;
		}
	}
	for (i = 0; i < cfg->nservices; i++) {
		for (j = 0; j < cfg->services[i].ndepends_on; j++) {
			if (config_find_service(cfg, cfg->services[i].depends_on[j]) == NULL) {
				snprintf(where, sizeof where, "services[%zu].depends_on", i);
				return fail(c, where, "no service named \"%s\"",
				    cfg->services[i].depends_on[j]);
			}
		}
	}
	return 0;
}

/* "flag", "rollout", "plan": the words of notify[].events, by bit. */
static const char *const notify_kinds[] = { "flag", "rollout", "plan", NULL };

/*
 * notify: webhooks.  Each has exactly one of url, url_env or url_file (a
 * file read like token_file); the URL is a secret from then on, and the
 * webhook is named by where its URL came from.
 */
static int
parse_notify(struct cfgctx *c, struct config *cfg, json_t *arr)
{
	static const char *const keys[] = { "url", "url_env", "url_file",
		"events", "timeout_s", NULL };
	char where[64], *url = NULL, *env = NULL, *file = NULL, *key, *why;
	char **ev;
	const char *val;
	size_t i, j, k, nev;
	json_t *e;
	int rc = -1;

	if (!json_is_array(arr))
		return fail(c, "notify", "must be an array of webhooks");
	cfg->notify = xcalloc(json_array_size(arr), sizeof *cfg->notify);
	json_array_foreach(arr, i, e) {
		struct notify_cfg *n = &cfg->notify[i];

		snprintf(where, sizeof where, "notify[%zu]", i);
		cfg->nnotify = i + 1;
		n->timeout_s = 5;
		n->events = NOTIFY_FLAG | NOTIFY_ROLLOUT | NOTIFY_PLAN;
		ev = NULL;
		nev = 0;
		if (!json_is_object(e))
			return fail(c, where, "must be an object");
		if (check_keys(c, where, e, keys, NULL) != 0 ||
		    get_string(c, e, where, "url", &url, 0) != 0 ||
		    get_string(c, e, where, "url_env", &env, 0) != 0 ||
		    get_string(c, e, where, "url_file", &file, 0) != 0 ||
		    get_number(c, e, where, "timeout_s", &n->timeout_s, 0.1,
		    60) != 0 ||
		    get_strings(c, e, where, "events", &ev, &nev) != 0)
			goto out;
		if (json_object_get(e, "events") != NULL) {
			n->events = 0;
			for (j = 0; j < nev; j++) {
				for (k = 0; notify_kinds[k] != NULL; k++) {
					if (strcmp(ev[j], notify_kinds[k]) == 0)
						break;
				}
				if (notify_kinds[k] == NULL) {
					key = xasprintf("%s.events[%zu]", where, j);
					fail(c, key, "unknown event kind (known: "
					    "flag, rollout, plan)");
					free(key);
					goto out;
				}
				n->events |= 1u << k;
			}
			if (n->events == 0) {
				key = xasprintf("%s.events", where);
				fail(c, key, "names no event kind (flag, "
				    "rollout, plan)");
				free(key);
				goto out;
			}
		}
		if ((url != NULL) + (env != NULL) + (file != NULL) != 1) {
			fail(c, where, "give exactly one of url, url_env and "
			    "url_file");
			goto out;
		}
		if (env != NULL) {
			if ((val = getenv(env)) == NULL || *val == '\0') {
				key = xasprintf("%s.url_env", where);
				fail(c, key, "environment variable %s is not set",
				    env);
				free(key);
				goto out;
			}
			url = xstrdup(val);
			n->name = xasprintf("%s (url_env %s)", where, env);
		} else if (file != NULL) {
			if (secret_file_read(file, "webhook URL", &url, &why) != 0) {
				key = xasprintf("%s.url_file", where);
				fail(c, key, "%s", why);
				free(why);
				free(key);
				goto out;
			}
			n->name = xasprintf("%s (url_file %s)", where, file);
		} else
			n->name = xasprintf("%s (url)", where);
		n->url = url;
		url = NULL;
		sanitize_add_secret(n->url);
		if (strncmp(n->url, "http://", 7) != 0 &&
		    strncmp(n->url, "https://", 8) != 0) {
			/* The URL is a secret: say where it came from, not it. */
			fail(c, where, "the webhook URL must start with http:// "
			    "or https://");
			goto out;
		}
		for (j = 0; j < nev; j++)
			free(ev[j]);
		free(ev);
		free(env);
		free(file);
		env = file = NULL;
	}
	return 0;
out:
	if (url != NULL) {
		explicit_bzero(url, strlen(url));
		free(url);
	}
	for (j = 0; j < nev; j++)
		free(ev[j]);
	free(ev);
	free(env);
	free(file);
	return rc;
}

void
config_defaults(struct config *cfg)
{
	static const struct { const char *name; int pct; } def[] = {
		{ "off", 0 }, { "canary", 5 }, { "early", 20 }, { "half", 50 }, { "ga", 100 }
	};
	size_t i;

	memset(cfg, 0, sizeof *cfg);
	for (i = 0; i < sizeof def / sizeof def[0]; i++) {
		cfg->stages[i].name = xstrdup(def[i].name);
		cfg->stages[i].percent = def[i].pct;
	}
	cfg->nstages = i;
	cfg->thresholds.error_ratio_warn = 0.01;
	cfg->thresholds.error_ratio_crit = 0.05;
	cfg->thresholds.latency_p99_warn = 0.5;
	cfg->thresholds.latency_p99_crit = 1.0;
}

int
config_parse(struct config *cfg, const char *path, const char *text, char **cause)
{
	static const char *const keys[] = {
		"sources", "stages", "services", "thresholds", "theme", "journal",
		"readonly", "protected_environments", "links", "service_aliases",
		"kpis", "notify", NULL
	};
	struct cfgctx c = { path, NULL };
	json_error_t jerr;
	json_t *root, *srcs, *e, *v;
	size_t i;

	config_defaults(cfg);
	cfg->path = xstrdup(path);
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		*cause = xasprintf("%s:%d:%d: invalid JSON: %s", path, jerr.line,
		    jerr.column, jerr.text);
		sanitize_text(*cause);
		config_free(cfg);
		return -1;
	}
	if (!json_is_object(root)) {
		fail(&c, "(top level)", "must be a JSON object");
		goto bad;
	}
	if (check_keys(&c, "", root, keys, NULL) != 0)
		goto bad;
	if ((v = json_object_get(root, "thresholds")) != NULL &&
	    parse_thresholds(&c, "thresholds", v, &cfg->thresholds) != 0)
		goto bad;
	if ((v = json_object_get(root, "stages")) != NULL &&
	    parse_stages(&c, cfg, v) != 0)
		goto bad;
	srcs = json_object_get(root, "sources");
	if (!json_is_array(srcs) || json_array_size(srcs) == 0) {
		fail(&c, "sources", srcs == NULL ? "is required" :
		    "must be a non-empty array of sources");
		goto bad;
	}
	cfg->sources = xcalloc(json_array_size(srcs), sizeof *cfg->sources);
	json_array_foreach(srcs, i, e) {
		cfg->nsources = i + 1;
		if (parse_source(&c, cfg, i, e) != 0)
			goto bad;
	}
	if ((v = json_object_get(root, "services")) != NULL &&
	    parse_services(&c, cfg, v) != 0)
		goto bad;
	if (get_string(&c, root, "", "theme", &cfg->theme, 0) != 0 ||
	    get_string(&c, root, "", "journal", &cfg->journal, 0) != 0 ||
	    get_bool(&c, root, "", "readonly", &cfg->readonly) != 0 ||
	    get_strings(&c, root, "", "protected_environments",
	    &cfg->protected_envs, &cfg->nprotected_envs) != 0)
		goto bad;
	if ((v = json_object_get(root, "links")) != NULL) {
		static const char *const lkeys[] = { "rollout", "service",
			"flag", NULL };

		if (!json_is_object(v)) {
			fail(&c, "links", "must be an object of page templates");
			goto bad;
		}
		if (check_keys(&c, "links", v, lkeys, NULL) != 0 ||
		    get_string(&c, v, "links", "rollout", &cfg->link_rollout, 0) != 0 ||
		    get_string(&c, v, "links", "service", &cfg->link_service, 0) != 0 ||
		    get_string(&c, v, "links", "flag", &cfg->link_flag, 0) != 0)
			goto bad;
	}
	if ((v = json_object_get(root, "service_aliases")) != NULL) {
		const char *k;
		json_t *a;

		if (!json_is_object(v)) {
			fail(&c, "service_aliases", "must be an object of "
			    "\"name in metrics\": \"service\"");
			goto bad;
		}
		cfg->alias_from = xcalloc(json_object_size(v) + 1, sizeof (char *));
		cfg->alias_to = xcalloc(json_object_size(v) + 1, sizeof (char *));
		json_object_foreach(v, k, a) {
			if (!json_is_string(a) || json_string_length(a) == 0) {
				char *key = xasprintf("service_aliases.%s", k);

				fail(&c, key, "must be a non-empty string");
				free(key);
				goto bad;
			}
			cfg->alias_from[cfg->naliases] = xstrdup(k);
			cfg->alias_to[cfg->naliases++] = xstrdup(json_string_value(a));
		}
	}
	if ((v = json_object_get(root, "kpis")) != NULL &&
	    config_kpis_parse(cfg, v, &c.cause) != 0)
		goto bad;
	if ((v = json_object_get(root, "notify")) != NULL &&
	    parse_notify(&c, cfg, v) != 0)
		goto bad;
	json_decref(root);
	config_index_services(cfg);
	return 0;
bad:
	json_decref(root);
	*cause = c.cause;
	config_free(cfg);
	return -1;
}

int
config_load(struct config *cfg, const char *path, char **cause)
{
	char *text, *why = NULL;
	int rc;

	if ((text = read_file(path, NULL, &why)) == NULL) {
		*cause = xasprintf("cannot read configuration %s", why);
		sanitize_text(*cause);
		free(why);
		memset(cfg, 0, sizeof *cfg);
		return -1;
	}
	rc = config_parse(cfg, path, text, cause);
	free(text);
	return rc;
}

char *
config_default_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (x != NULL && *x == '/')
		return xasprintf("%s/relboard/config.json", x);
	return xasprintf("%s/.config/relboard/config.json", home ? home : ".");
}

static void
free_strings(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		struct source_cfg *s = &cfg->sources[i];

		free(s->name);
		free(s->kind);
		free(s->url);
		if (s->token != NULL) {
			sanitize_remove_secret(s->token);
			explicit_bzero(s->token, strlen(s->token));
			free(s->token);
		}
		free(s->token_origin);
		free(s->project);
		free_strings(s->environments, s->nenvironments);
		free(s->namespace);
		free(s->ca_file);
		config_kube_free(s);
		free(s->query_rate);
		free(s->query_error_ratio);
		free(s->query_latency_p99);
		free(s->sg_rate);
		free(s->sg_errors);
		free(s->sg_caller);
		free(s->sg_callee);
	}
	free(cfg->sources);
	for (i = 0; i < cfg->nstages; i++)
		free(cfg->stages[i].name);
	for (i = 0; i < cfg->nservices; i++) {
		struct service_cfg *s = &cfg->services[i];

		free(s->name);
		free_strings(s->flags, s->nflags);
		free_strings(s->rollouts, s->nrollouts);
		free_strings(s->depends_on, s->ndepends_on);
	}
	free(cfg->services);
	free(cfg->path);
	free(cfg->theme);
	free(cfg->journal);
	free_strings(cfg->protected_envs, cfg->nprotected_envs);
	free(cfg->link_rollout);
	free(cfg->link_service);
	free(cfg->link_flag);
	free_strings(cfg->alias_from, cfg->naliases);
	free_strings(cfg->alias_to, cfg->naliases);
	config_kpis_free(cfg);
	for (i = 0; i < cfg->nnotify; i++) {
		if (cfg->notify[i].url != NULL) {
			sanitize_remove_secret(cfg->notify[i].url);
			explicit_bzero(cfg->notify[i].url,
			    strlen(cfg->notify[i].url));
			free(cfg->notify[i].url);
		}
		free(cfg->notify[i].name);
	}
	free(cfg->notify);
	strmap_free(&cfg->service_index);
	memset(cfg, 0, sizeof *cfg);
}

const struct source_cfg *
config_find_source(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->nsources; i++) {
		if (strcmp(cfg->sources[i].name, name) == 0)
			return &cfg->sources[i];
	}
	return NULL;
}

void
config_index_services(struct config *cfg)
{
	size_t i;

	strmap_free(&cfg->service_index);
	for (i = 0; i < cfg->nservices; i++) {
		if (cfg->services[i].name != NULL)
			strmap_put(&cfg->service_index, cfg->services[i].name, i);
	}
	cfg->service_index_of = cfg->services;
	cfg->service_index_n = cfg->nservices;
}

const struct service_cfg *
config_find_service(const struct config *cfg, const char *name)
{
	size_t i;

	if (cfg->service_index_of == cfg->services && cfg->services != NULL &&
	    cfg->service_index_n == cfg->nservices) {
		i = strmap_get(&cfg->service_index, name);
		return i != STRMAP_NONE ? &cfg->services[i] : NULL;
	}
	for (i = 0; i < cfg->nservices; i++) {
		if (cfg->services[i].name != NULL && strcmp(cfg->services[i].name, name) == 0)
			return &cfg->services[i];
	}
	return NULL;
}

const char *
config_service_alias(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->naliases; i++) {
		if (strcmp(cfg->alias_from[i], name) == 0)
			return cfg->alias_to[i];
	}
	return name;
}

const struct thresholds *
config_thresholds(const struct config *cfg, const char *service)
{
	const struct service_cfg *s = service ? config_find_service(cfg, service) : NULL;

	if (s != NULL && s->has_thresholds)
		return &s->thresholds;
	return &cfg->thresholds;
}
