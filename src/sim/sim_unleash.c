/*
 * sim_unleash.c - the subset of Unleash's Admin and Client APIs that
 * relboard uses: projects, environments, flags (list and one), the bulk
 * client feature list, the event log, and the writes relboard makes
 * (add a strategy, JSON Patch a strategy with test/replace, turn an
 * environment on or off), with Unleash's status codes and error bodies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "core/util.h"
#include "sim/sim_int.h"

#define UNLEASH_CTYPE	"application/json; charset=utf-8"
#define MAXSEG		12

static void
ujson(struct sim_reply *r, int status, json_t *j)
{
	reply_json(r, status, j);
	r->ctype = UNLEASH_CTYPE;
	r->etag = 1;
}

void
unleash_error(struct sim_reply *r, int status, const char *name,
    const char *message)
{
	static unsigned long	 n;
	char			 id[48];

	n++;
	snprintf(id, sizeof id, "%08lx-%04lx-4%03lx-9%03lx-%012lx",
	    (n * 2654435761UL) & 0xffffffffUL, n & 0xffff, (n >> 4) & 0xfff,
	    (n * 7) & 0xfff, (n * 40503UL) & 0xffffffffffffUL);
	reply_json(r, status, json_pack("{s:s, s:s, s:s, s:[{s:s}]}",
	    "id", id, "name", name, "message", message, "details", "message",
	    message));
	r->ctype = UNLEASH_CTYPE;
}

static void
not_found(struct sim_reply *r, const char *what)
{
	char	*m = xasprintf("Could not find %s", what);

	unleash_error(r, 404, "NotFoundError", m);
	free(m);
}

static void
bad_data(struct sim_reply *r, const char *message, const char *path)
{
	json_t	*j;

	unleash_error(r, 400, "BadDataError",
	    "Request validation failed: your request body or params contain"
	    " invalid data. Refer to the `details` list for more information.");
	j = json_loads(r->body, 0, NULL);
	free(r->body);
	json_object_set_new(j, "details", json_pack("[{s:s, s:s}]", "message",
	    message, "path", path ? path : ""));
	reply_json(r, 400, j);
	r->ctype = UNLEASH_CTYPE;
}

static int
split_path(char *path, char **seg, int max)
{
	int	 n = 0;
	char	*p = path, *tok;

	while ((tok = strsep(&p, "/")) != NULL) {
		if (*tok == '\0')
			continue;
		if (n == max)
			return -1;
		seg[n++] = tok;
	}
	return n;
}

static const char *
env_type(int e)
{
	return e == 0 ? "development" : "production";
}

static int
env_has_enabled_strategies(const struct sim_flag *f, int e)
{
	size_t	 i;
	json_t	*s;

	json_array_foreach(f->strategies[e], i, s) {
		if (!json_is_true(json_object_get(s, "disabled")))
			return 1;
	}
	return 0;
}

static json_t *
last_seen_json(const struct sim_flag *f, int e)
{
	if (f->last_seen[e][0] == '\0')
		return json_null();
	return json_string(f->last_seen[e]);
}

static json_t *
flag_last_seen(const struct sim_flag *f)
{
	const char	*best = NULL;
	int		 e;

	for (e = 0; e < SIM_NENVS; e++) {
		if (f->last_seen[e][0] != '\0' &&
		    (best == NULL || strcmp(f->last_seen[e], best) > 0))
			best = f->last_seen[e];
	}
	return best ? json_string(best) : json_null();
}

static json_t *
deps_json(const struct sim_flag *f)
{
	json_t	*a = json_array();
	size_t	 i;

	for (i = 0; i < f->ndeps; i++)
		json_array_append_new(a, json_pack("{s:s, s:b, s:[]}",
		    "feature", f->deps[i].feature, "enabled", f->deps[i].enabled,
		    "variants"));
	return a;
}

/* A flag as the project's flag list shows it: no strategies. */
static json_t *
flag_brief(const struct sim_flag *f)
{
	json_t	*envs = json_array(), *j;
	int	 e;

	for (e = 0; e < SIM_NENVS; e++)
		json_array_append_new(envs, json_pack("{s:s, s:s, s:b, s:s, s:i,"
		    " s:i, s:o, s:b, s:b}", "name", sim_env_names[e],
		    "environment", sim_env_names[e], "enabled", f->enabled[e],
		    "type", env_type(e), "sortOrder", (e + 1) * 100,
		    "variantCount", 0, "lastSeenAt", last_seen_json(f, e),
		    "hasStrategies", json_array_size(f->strategies[e]) > 0,
		    "hasEnabledStrategies", env_has_enabled_strategies(f, e)));
	j = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:s, s:o,"
	    " s:o, s:[], s:n}",
	    "type", f->type, "name", f->name, "description", f->description,
	    "project", "default", "stale", f->stale, "favorite", 0,
	    "impressionData", 0, "archived", 0, "createdAt", f->created_at,
	    "lastSeenAt", flag_last_seen(f), "environments", envs, "tags",
	    "dependencyType");
	if (f->ndeps > 0)
		json_object_set_new(j, "dependencyType", json_string("child"));
	else if (f->nchildren > 0)
		json_object_set_new(j, "dependencyType", json_string("parent"));
	return j;
}

/* One flag with strategies, dependencies and children. */
static json_t *
flag_full(const struct sim_flag *f)
{
	json_t	*envs = json_array(), *children = json_array(), *j;
	size_t	 i;
	int	 e;

	for (e = 0; e < SIM_NENVS; e++)
		json_array_append_new(envs, json_pack("{s:s, s:s, s:s, s:b,"
		    " s:i, s:O, s:[], s:o, s:i, s:i, s:b}", "name",
		    sim_env_names[e], "featureName", f->name, "environment",
		    sim_env_names[e], "enabled", f->enabled[e], "sortOrder",
		    (e + 1) * 100, "strategies", f->strategies[e], "variants",
		    "lastSeenAt", last_seen_json(f, e), "yes", f->enabled[e] ?
		    1200 : 0, "no", f->enabled[e] ? 300 : 0, "hasStrategies",
		    json_array_size(f->strategies[e]) > 0));
	for (i = 0; i < f->nchildren; i++)
		json_array_append_new(children, json_string(f->children[i]));
	j = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:s, s:o,"
	    " s:o, s:[], s:[], s:o, s:o}",
	    "name", f->name, "type", f->type, "description", f->description,
	    "project", "default", "stale", f->stale, "favorite", 0,
	    "impressionData", 0, "archived", 0, "createdAt", f->created_at,
	    "lastSeenAt", flag_last_seen(f), "environments", envs, "variants",
	    "tags", "dependencies", deps_json(f), "children", children);
	return j;
}

/* Strategies as the client API shows them. */
static json_t *
client_strategies(const struct sim_flag *f, int e)
{
	json_t	*a = json_array(), *s;
	size_t	 i;

	json_array_foreach(f->strategies[e], i, s) {
		if (json_is_true(json_object_get(s, "disabled")))
			continue;
		json_array_append_new(a, json_pack("{s:O, s:O, s:O, s:O, s:O}",
		    "name", json_object_get(s, "name"),
		    "constraints", json_object_get(s, "constraints"),
		    "parameters", json_object_get(s, "parameters"),
		    "variants", json_object_get(s, "variants"),
		    "segments", json_object_get(s, "segments")));
	}
	return a;
}

static void
get_client_features(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	const char	*envname;
	json_t		*features = json_array(), *fj;
	size_t		 i;
	int		 e;
	char		 rev[32];

	envname = evhttp_find_header(rq->args, "environment");
	e = envname ? scenario_env(envname) : 1;
	if (e < 0)
		e = 1;
	for (i = 0; i < sc->nflags; i++) {
		struct sim_flag *f = &sc->flags[i];

		fj = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:o, s:[]}",
		    "name", f->name, "type", f->type, "description",
		    f->description, "project", "default", "enabled",
		    f->enabled[e], "stale", f->stale, "impressionData", 0,
		    "strategies", client_strategies(f, e), "variants");
		if (f->ndeps > 0)
			json_object_set_new(fj, "dependencies", deps_json(f));
		json_array_append_new(features, fj);
	}
	snprintf(rev, sizeof rev, "%lu", sc->version + 1);
	ujson(r, 200, json_pack("{s:i, s:o, s:{s:[s], s:b}, s:{s:i, s:s,"
	    " s:s}}", "version", 2, "features", features, "query", "project",
	    "*", "inlineSegmentConstraints", 1, "meta", "revisionId",
	    (int)sc->version + 1, "etag", rev, "queryHash", "sim"));
}

static json_t *
event_json(const struct sim_event *ev)
{
	return json_pack("{s:i, s:s, s:s, s:i, s:s, s:O, s:O, s:[], s:s?,"
	    " s:s, s:s?}", "id", (int)ev->id, "type", ev->type, "createdBy",
	    "admin", "createdByUserId", -1337, "createdAt", ev->created_at,
	    "data", ev->data, "preData", ev->pre_data, "tags", "featureName",
	    ev->feature, "project", "default", "environment", ev->environment);
}

static void
get_events(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, const char *feature)
{
	const char	*q, *lim, *off;
	json_t		*events = json_array();
	long		 limit = 50, offset = 0, total = 0;
	size_t		 i;

	q = evhttp_find_header(rq->args, "feature");
	if (feature == NULL && q != NULL)
		feature = strncmp(q, "IS:", 3) == 0 ? q + 3 : q;
	if ((lim = evhttp_find_header(rq->args, "limit")) != NULL)
		limit = strtol(lim, NULL, 10);
	if ((off = evhttp_find_header(rq->args, "offset")) != NULL)
		offset = strtol(off, NULL, 10);
	/* Newest first. */
	for (i = sc->nevents; i > 0; i--) {
		const struct sim_event *ev = &sc->events[i - 1];

		if (feature != NULL && (ev->feature == NULL ||
		    strcmp(ev->feature, feature) != 0))
			continue;
		if (total >= offset && total < offset + limit)
			json_array_append_new(events, event_json(ev));
		total++;
	}
	ujson(r, 200, json_pack("{s:o, s:i}", "events", events, "total",
	    (int)total));
}

static json_t *
find_strategy(struct sim_flag *f, int e, const char *id, size_t *idx)
{
	size_t	 i;
	json_t	*s;

	json_array_foreach(f->strategies[e], i, s) {
		if (strcmp(json_string_value(json_object_get(s, "id")), id) == 0) {
			*idx = i;
			return s;
		}
	}
	return NULL;
}

/* JSON Pointer: the parent container of the target and its last token. */
static json_t *
pointer_parent(json_t *doc, const char *path, char **last)
{
	char	*copy, *p, *tok, *next;
	json_t	*cur = doc;
	size_t	 i, j;

	*last = NULL;
	if (path == NULL || *path != '/')
		return NULL;
	copy = xstrdup(path + 1);
	p = copy;
	tok = strsep(&p, "/");
	for (;;) {
		/* Unescape ~1 and ~0. */
		for (i = j = 0; tok[i] != '\0'; i++) {
			if (tok[i] == '~' && tok[i + 1] == '1')
				tok[j++] = '/', i++;
			else if (tok[i] == '~' && tok[i + 1] == '0')
				tok[j++] = '~', i++;
			else
				tok[j++] = tok[i];
		}
		tok[j] = '\0';
		if (p == NULL) {
			*last = xstrdup(tok);
			free(copy);
			return cur;
		}
		next = strsep(&p, "/");
		if (json_is_object(cur))
			cur = json_object_get(cur, tok);
		else if (json_is_array(cur))
			cur = json_array_get(cur, strtoul(tok, NULL, 10));
		else
			cur = NULL;
		if (cur == NULL) {
			free(copy);
			return NULL;
		}
		tok = next;
	}
}

static json_t *
pointer_get(json_t *parent, const char *key)
{
	if (json_is_object(parent))
		return json_object_get(parent, key);
	if (json_is_array(parent))
		return json_array_get(parent, strtoul(key, NULL, 10));
	return NULL;
}

/*
 * Apply a JSON Patch to doc (a copy): 0 ok, -1 a test failed, -2 a bad
 * operation.  *why says which.
 */
static int
apply_patch(json_t *doc, json_t *ops, char **why)
{
	size_t		 i;
	json_t		*op, *parent, *value, *cur;
	const char	*name, *path;
	char		*key;
	int		 rc = 0;

	json_array_foreach(ops, i, op) {
		name = json_string_value(json_object_get(op, "op"));
		path = json_string_value(json_object_get(op, "path"));
		value = json_object_get(op, "value");
		if (name == NULL || path == NULL) {
			*why = xasprintf("operation %zu has no op or path", i);
			return -2;
		}
		parent = pointer_parent(doc, path, &key);
		if (parent == NULL) {
			*why = xasprintf("Cannot perform the operation at a path"
			    " that does not exist");
			free(key);
			return -2;
		}
		cur = pointer_get(parent, key);
		if (strcmp(name, "test") == 0) {
			if (cur == NULL || value == NULL ||
			    !json_equal(cur, value)) {
				*why = xstrdup("Test operation failed");
				rc = -1;
			}
		} else if (strcmp(name, "replace") == 0 ||
		    strcmp(name, "add") == 0) {
			if (value == NULL || (cur == NULL &&
			    strcmp(name, "replace") == 0)) {
				*why = xstrdup("Cannot perform the operation at a"
				    " path that does not exist");
				rc = -2;
			} else if (json_is_object(parent))
				json_object_set(parent, key, value);
			else if (json_is_array(parent) && strcmp(key, "-") == 0)
				json_array_append(parent, value);
			else if (json_is_array(parent) && cur != NULL)
				json_array_set(parent, strtoul(key, NULL, 10),
				    value);
			else
				rc = -2, *why = xstrdup("bad array index");
		} else if (strcmp(name, "remove") == 0) {
			if (cur == NULL) {
				*why = xstrdup("Cannot perform the operation at a"
				    " path that does not exist");
				rc = -2;
			} else if (json_is_object(parent))
				json_object_del(parent, key);
			else
				json_array_remove(parent, strtoul(key, NULL, 10));
		} else {
			*why = xasprintf("Operation `op` property is not one of"
			    " operations defined in RFC-6902");
			rc = -2;
		}
		free(key);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static void
patch_strategy(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, struct sim_flag *f, int e, const char *id)
{
	json_t		*ops, *s, *copy;
	json_error_t	 jerr;
	size_t		 idx;
	char		*why = NULL;
	int		 rc;

	if ((s = find_strategy(f, e, id, &idx)) == NULL) {
		char *m = xasprintf("strategy with id %s", id);

		not_found(r, m);
		free(m);
		return;
	}
	ops = json_loadb(rq->body, rq->bodylen, 0, &jerr);
	if (!json_is_array(ops)) {
		bad_data(r, "The request body must be a JSON Patch array", "");
		json_decref(ops);
		return;
	}
	copy = json_deep_copy(s);
	rc = apply_patch(copy, ops, &why);
	json_decref(ops);
	if (rc == -1) {
		unleash_error(r, 500, "UnknownError", why);
		json_decref(copy);
		free(why);
		return;
	}
	if (rc != 0) {
		bad_data(r, why, "");
		json_decref(copy);
		free(why);
		return;
	}
	/* The id and name stay what they were. */
	json_object_set(copy, "id", json_object_get(s, "id"));
	json_incref(s);
	json_array_set(f->strategies[e], idx, copy);
	scenario_event(sc, rq->wall, "feature-strategy-update", f->name,
	    sim_env_names[e], json_deep_copy(copy), s);
	ujson(r, 200, json_incref(copy));
	r->etag = 0;
}

static void
add_strategy(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, struct sim_flag *f, int e)
{
	json_t		*in, *s, *params;
	json_error_t	 jerr;
	const char	*name;
	char		*id;

	in = json_loadb(rq->body, rq->bodylen, 0, &jerr);
	if (!json_is_object(in)) {
		bad_data(r, "The request body must be a JSON object", "");
		json_decref(in);
		return;
	}
	name = json_string_value(json_object_get(in, "name"));
	params = json_object_get(in, "parameters");
	if (name == NULL || *name == '\0') {
		bad_data(r, "The `name` property is required", "/name");
		json_decref(in);
		return;
	}
	if (params != NULL && !json_is_object(params)) {
		bad_data(r, "The `parameters` property must be an object",
		    "/parameters");
		json_decref(in);
		return;
	}
	id = scenario_strategy_id(sc);
	s = json_pack("{s:s, s:s, s:O*, s:b, s:s, s:i, s:[], s:O*, s:O*,"
	    " s:O*}", "id", id, "name", name, "title",
	    json_object_get(in, "title"), json_is_true(json_object_get(in,
	    "disabled")), "featureName", f->name, "sortOrder",
	    (int)json_array_size(f->strategies[e]), "segments", "constraints",
	    json_object_get(in, "constraints"), "variants",
	    json_object_get(in, "variants"), "parameters", params);
	free(id);
	if (json_object_get(s, "title") == NULL)
		json_object_set_new(s, "title", json_null());
	if (json_object_get(s, "constraints") == NULL)
		json_object_set_new(s, "constraints", json_array());
	if (json_object_get(s, "variants") == NULL)
		json_object_set_new(s, "variants", json_array());
	if (json_object_get(s, "parameters") == NULL)
		json_object_set_new(s, "parameters", json_object());
	json_decref(in);
	json_array_append(f->strategies[e], s);
	scenario_event(sc, rq->wall, "feature-strategy-add", f->name,
	    sim_env_names[e], json_deep_copy(s), NULL);
	ujson(r, 200, s);
	r->etag = 0;
}

static void
set_enabled(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, struct sim_flag *f, int e, int on)
{
	json_t	*s;

	if (on && json_array_size(f->strategies[e]) == 0) {
		char *id = scenario_strategy_id(sc);

		s = json_pack("{s:s, s:s, s:n, s:b, s:s, s:i, s:[], s:[], s:[],"
		    " s:{s:s, s:s, s:s}}", "id", id, "name", "flexibleRollout",
		    "title", "disabled", 0, "featureName", f->name, "sortOrder",
		    0, "segments", "constraints", "variants", "parameters",
		    "rollout", "100", "stickiness", "default", "groupId",
		    f->name);
		free(id);
		json_array_append(f->strategies[e], s);
		scenario_event(sc, rq->wall, "feature-strategy-add", f->name,
		    sim_env_names[e], s, NULL);
	}
	if (f->enabled[e] != on) {
		f->enabled[e] = on;
		scenario_event(sc, rq->wall, on ? "feature-environment-enabled" :
		    "feature-environment-disabled", f->name, sim_env_names[e],
		    NULL, NULL);
	}
	reply_empty(r, 200);
}

static void
projects(struct sim_scenario *sc, struct sim_reply *r)
{
	char	created[32];

	sim_iso8601(sc->start_wall - 86400 * 60, created, sizeof created);
	ujson(r, 200, json_pack("{s:i, s:[{s:s, s:s, s:s, s:i, s:i, s:i,"
	    " s:s, s:n, s:b, s:s, s:s, s:b}]}", "version", 1, "projects", "id",
	    "default", "name", "Default", "description", "Default project",
	    "health", 100, "featureCount", (int)sc->nflags, "memberCount", 0,
	    "createdAt", created, "updatedAt", "favorite", 0, "mode", "open",
	    "defaultStickiness", "default", "archived", 0));
}

static void
environments(struct sim_reply *r)
{
	json_t	*a = json_array();
	int	 e;

	for (e = 0; e < SIM_NENVS; e++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:i, s:b,"
		    " s:i, s:i, s:i}", "name", sim_env_names[e], "type",
		    env_type(e), "enabled", 1, "sortOrder", (e + 1) * 100,
		    "protected", 0, "projectCount", 1, "apiTokenCount", 0,
		    "enabledToggleCount", 0));
	ujson(r, 200, json_pack("{s:i, s:o}", "version", 1, "environments",
	    a));
}

/* /api/admin/projects/{p}/features... */
static void
project_features(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, char **seg, int n)
{
	struct sim_flag	*f;
	json_t		*a;
	size_t		 i;
	int		 e = -1;

	if (strcmp(seg[3], "default") != 0) {
		char *m = xasprintf("project with id %s", seg[3]);

		not_found(r, m);
		free(m);
		return;
	}
	if (n == 5) {
		if (rq->method != SIM_GET)
			goto method;
		a = json_array();
		for (i = 0; i < sc->nflags; i++)
			json_array_append_new(a, flag_brief(&sc->flags[i]));
		ujson(r, 200, json_pack("{s:i, s:o}", "version", 2, "features",
		    a));
		return;
	}
	if ((f = scenario_flag(sc, seg[5])) == NULL) {
		char *m = xasprintf("feature named %s", seg[5]);

		not_found(r, m);
		free(m);
		return;
	}
	if (n == 6) {
		if (rq->method != SIM_GET)
			goto method;
		ujson(r, 200, flag_full(f));
		return;
	}
	if (n < 8 || strcmp(seg[6], "environments") != 0)
		goto unknown;
	if ((e = scenario_env(seg[7])) < 0) {
		char *m = xasprintf("environment with name %s", seg[7]);

		not_found(r, m);
		free(m);
		return;
	}
	if (n == 9 && rq->method == SIM_POST && strcmp(seg[8], "on") == 0) {
		set_enabled(sc, rq, r, f, e, 1);
		return;
	}
	if (n == 9 && rq->method == SIM_POST && strcmp(seg[8], "off") == 0) {
		set_enabled(sc, rq, r, f, e, 0);
		return;
	}
	if (n == 9 && strcmp(seg[8], "strategies") == 0) {
		if (rq->method == SIM_POST)
			add_strategy(sc, rq, r, f, e);
		else if (rq->method == SIM_GET)
			ujson(r, 200, json_incref(f->strategies[e]));
		else
			goto method;
		return;
	}
	if (n == 10 && strcmp(seg[8], "strategies") == 0) {
		size_t	 idx;
		json_t	*s;

		if (rq->method == SIM_PATCH) {
			patch_strategy(sc, rq, r, f, e, seg[9]);
			return;
		}
		if (rq->method != SIM_GET)
			goto method;
		if ((s = find_strategy(f, e, seg[9], &idx)) == NULL) {
			char *m = xasprintf("strategy with id %s", seg[9]);

			not_found(r, m);
			free(m);
			return;
		}
		ujson(r, 200, json_incref(s));
		return;
	}
unknown:
	not_found(r, "the requested resource");
	return;
method:
	reply_text(r, 404, "text/html; charset=utf-8", "Not Found");
}

int
unleash_handle(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	char	*copy, *seg[MAXSEG];
	int	 n;

	if (strcmp(rq->path, "/health") == 0) {
		ujson(r, 200, json_pack("{s:s}", "health", "GOOD"));
		return 1;
	}
	if (strncmp(rq->path, "/api/admin/", 11) != 0 &&
	    strncmp(rq->path, "/api/client/", 12) != 0)
		return 0;
	copy = xstrdup(rq->path);
	n = split_path(copy, seg, MAXSEG);
	if (n < 3) {
		not_found(r, "the requested resource");
	} else if (n == 3 && strcmp(seg[1], "client") == 0 &&
	    strcmp(seg[2], "features") == 0 && rq->method == SIM_GET) {
		get_client_features(sc, rq, r);
	} else if (strcmp(seg[1], "admin") != 0) {
		not_found(r, "the requested resource");
	} else if (n == 3 && strcmp(seg[2], "projects") == 0 &&
	    rq->method == SIM_GET) {
		projects(sc, r);
	} else if (n == 3 && strcmp(seg[2], "environments") == 0 &&
	    rq->method == SIM_GET) {
		environments(r);
	} else if (n == 4 && strcmp(seg[2], "search") == 0 &&
	    strcmp(seg[3], "events") == 0 && rq->method == SIM_GET) {
		get_events(sc, rq, r, NULL);
	} else if (n == 4 && strcmp(seg[2], "events") == 0 &&
	    rq->method == SIM_GET) {
		get_events(sc, rq, r, seg[3]);
	} else if (n >= 5 && strcmp(seg[2], "projects") == 0 &&
	    strcmp(seg[4], "features") == 0) {
		project_features(sc, rq, r, seg, n);
	} else
		not_found(r, "the requested resource");
	free(copy);
	return 1;
}
