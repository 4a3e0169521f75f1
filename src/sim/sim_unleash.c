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

static void
error_id(char *id, size_t len)
{
	static unsigned long	n;

	n++;
	snprintf(id, len, "%08lx-%04lx-4%03lx-9%03lx-%012lx",
	    (n * 2654435761UL) & 0xffffffffUL, n & 0xffff, (n >> 4) & 0xfff,
	    (n * 7) & 0xfff, (n * 40503UL) & 0xffffffffffffUL);
}

/* Unleash's error body; some kinds carry an id, others do not. */
static json_t *
error_json(const char *name, const char *message, int with_id)
{
	json_t	*j;
	char	 id[48];

	j = json_pack("{s:s, s:s, s:[{s:s}]}", "name", name, "message",
	    message, "details", "message", message);
	if (with_id) {
		error_id(id, sizeof id);
		json_object_set_new(j, "id", json_string(id));
	}
	return j;
}

void
unleash_error(struct sim_reply *r, int status, const char *name,
    const char *message)
{
	reply_json(r, status, error_json(name, message, status == 401));
	r->ctype = UNLEASH_CTYPE;
}

static void
not_found(struct sim_reply *r, const char *message)
{
	unleash_error(r, 404, "NotFoundError", message);
}

static void
flag_not_found(struct sim_reply *r, const char *name)
{
	char	*m;

	m = xasprintf("There's no feature named \"%s\" in project \"default\".",
	    name);
	not_found(r, m);
	free(m);
}

static void
strategy_not_found(struct sim_reply *r, const char *id)
{
	char	*m = xasprintf("Could not find strategy with id: %s", id);

	not_found(r, m);
	free(m);
}

/* A schema failure: the body or one of its properties is wrong. */
static void
bad_data(struct sim_reply *r, const char *message, const char *path)
{
	json_t	*j;

	j = error_json("BadDataError", "Request validation failed: your request"
	    " body or params contain invalid data. Refer to the `details` list"
	    " for more information.", 1);
	json_object_set_new(j, "details", json_pack("[{s:s, s:s}]", "message",
	    message, "path", path));
	reply_json(r, 400, j);
	r->ctype = UNLEASH_CTYPE;
}

static void
bad_property(struct sim_reply *r, const char *prop, const char *type,
    json_t *got)
{
	char	*path, *m, *sent;

	sent = got ? json_dumps(got, JSON_ENCODE_ANY) : xstrdup("nothing");
	path = xasprintf("/body/%s", prop);
	m = xasprintf("The `%s` property must be %s. You sent %s.", path, type,
	    sent);
	bad_data(r, m, path);
	free(m);
	free(path);
	free(sent);
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
env_sort(int e)
{
	return e + 2;
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
	json_t	*envs = json_array();
	int	 e;

	for (e = 0; e < SIM_NENVS; e++)
		json_array_append_new(envs, json_pack("{s:s, s:b, s:s, s:i, s:i,"
		    " s:o, s:b, s:b}", "name", sim_env_names[e], "enabled",
		    f->enabled[e], "type", env_type(e), "sortOrder", env_sort(e),
		    "variantCount", 0, "lastSeenAt", last_seen_json(f, e),
		    "hasStrategies", json_array_size(f->strategies[e]) > 0,
		    "hasEnabledStrategies", env_has_enabled_strategies(f, e)));
	return json_pack("{s:s, s:s, s:b, s:s, s:s, s:b, s:b, s:o, s:o}",
	    "type", f->type, "description", f->description, "favorite", 0,
	    "name", f->name, "createdAt", f->created_at, "stale", f->stale,
	    "impressionData", 0, "lastSeenAt", flag_last_seen(f),
	    "environments", envs);
}

#define ADMIN_USER	"Unleash Admin Token User"
#define ADMIN_AVATAR	"https://gravatar.com/avatar/" \
	"0b8ad3a7c5e44e0d1b1b4b0f5a3c2d1e?s=42&d=retro&r=g"

/* One flag with strategies, dependencies and children. */
static json_t *
flag_full(const struct sim_flag *f)
{
	json_t	*envs = json_array(), *children = json_array();
	size_t	 i;
	int	 e;

	for (e = 0; e < SIM_NENVS; e++)
		json_array_append_new(envs, json_pack("{s:s, s:o, s:b, s:i, s:i,"
		    " s:s, s:i, s:O}", "name", sim_env_names[e], "lastSeenAt",
		    last_seen_json(f, e), "enabled", f->enabled[e], "yes",
		    f->enabled[e] ? 1200 : 0, "no", f->enabled[e] ? 300 : 0,
		    "type", env_type(e), "sortOrder", env_sort(e), "strategies",
		    f->strategies[e]));
	for (i = 0; i < f->nchildren; i++)
		json_array_append_new(children, json_string(f->children[i]));
	return json_pack("{s:o, s:s, s:b, s:s, s:s, s:b, s:s,"
	    " s:{s:i, s:s, s:s}, s:s, s:o, s:[], s:b, s:o, s:o,"
	    " s:{s:s, s:s}, s:[], s:{s:[{s:i, s:s, s:s}]}}",
	    "environments", envs, "name", f->name, "impressionData", 0,
	    "description", f->description, "project", "default", "stale",
	    f->stale, "createdAt", f->created_at, "createdBy", "id", -42,
	    "name", ADMIN_USER, "imageUrl", ADMIN_AVATAR, "type", f->type,
	    "lastSeenAt", flag_last_seen(f), "variants", "archived", 0,
	    "dependencies", deps_json(f), "children", children, "lifecycle",
	    "stage", f->last_seen[1][0] != '\0' ? "live" : "pre-live",
	    "enteredStageAt", f->created_at, "links", "collaborators", "users",
	    "id", -42, "name", ADMIN_USER, "imageUrl", ADMIN_AVATAR);
}

/* Strategies as the client API shows them: no ids. */
static json_t *
client_strategies(const struct sim_flag *f, int e)
{
	json_t	*a = json_array(), *s;
	size_t	 i;

	json_array_foreach(f->strategies[e], i, s) {
		if (json_is_true(json_object_get(s, "disabled")))
			continue;
		json_array_append_new(a, json_pack("{s:O, s:O, s:O, s:O}",
		    "name", json_object_get(s, "name"),
		    "constraints", json_object_get(s, "constraints"),
		    "parameters", json_object_get(s, "parameters"),
		    "variants", json_object_get(s, "variants")));
	}
	return a;
}

static void
get_client_features(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	const char	*envname, *project;
	json_t		*features = json_array(), *fj, *query;
	size_t		 i;
	int		 e, known = 1;
	char		 hash[16], etag[48];

	/* Without ?environment= Unleash serves development; an unknown one
	 * is answered with every flag disabled. */
	envname = evhttp_find_header(rq->args, "environment");
	e = envname ? scenario_env(envname) : 0;
	if (e < 0) {
		e = 0;
		known = 0;
	}
	project = evhttp_find_header(rq->args, "project");
	for (i = 0; i < sc->nflags; i++) {
		struct sim_flag *f = &sc->flags[i];

		if (project != NULL && strcmp(project, "default") != 0)
			break;
		fj = json_pack("{s:s, s:s, s:b, s:s, s:b, s:o, s:[], s:s,"
		    " s:b}", "name", f->name, "type", f->type, "enabled",
		    known && f->enabled[e], "project", "default", "stale",
		    f->stale, "strategies", known ? client_strategies(f, e) :
		    json_array(), "variants", "description", f->description,
		    "impressionData", 0);
		if (f->ndeps > 0)
			json_object_set_new(fj, "dependencies", deps_json(f));
		json_array_append_new(features, fj);
	}
	query = json_object();
	if (project != NULL)
		json_object_set_new(query, "project", json_pack("[s]", project));
	if (envname != NULL)
		json_object_set_new(query, "environment", json_string(envname));
	json_object_set_new(query, "inlineSegmentConstraints", json_true());
	snprintf(hash, sizeof hash, "%08lx", (unsigned long)(0x9e6ab8a8UL ^
	    (envname ? (unsigned long)strlen(envname) * 0x01000193UL : 0)));
	snprintf(etag, sizeof etag, "\"%s:%lu:v1\"", hash, sc->version + 1);
	ujson(r, 200, json_pack("{s:i, s:o, s:o, s:{s:i, s:s, s:s}}",
	    "version", 2, "features", features, "query", query, "meta",
	    "revisionId", (int)sc->version + 1, "etag", etag, "queryHash",
	    hash));
}

/* POST /api/admin/features-batch/export {features, environment} */
static void
batch_export(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	json_t		*in, *names, *name, *features, *strategies, *envs, *deps;
	json_t		*s, *copy;
	json_error_t	 jerr;
	const char	*envname;
	struct sim_flag	*f;
	size_t		 i, j;
	int		 e;

	in = json_loadb(rq->body, rq->bodylen, 0, &jerr);
	names = json_object_get(in, "features");
	envname = json_string_value(json_object_get(in, "environment"));
	if (!json_is_array(names)) {
		bad_property(r, "features", "array", names);
		json_decref(in);
		return;
	}
	if (envname == NULL || (e = scenario_env(envname)) < 0) {
		bad_property(r, "environment", "string", json_object_get(in,
		    "environment"));
		json_decref(in);
		return;
	}
	features = json_array();
	strategies = json_array();
	envs = json_array();
	deps = json_array();
	json_array_foreach(names, i, name) {
		if (!json_is_string(name) ||
		    (f = scenario_flag(sc, json_string_value(name))) == NULL)
			continue;
		json_array_append_new(features, json_pack("{s:s, s:s, s:s, s:s,"
		    " s:b, s:b, s:b}", "name", f->name, "description",
		    f->description, "type", f->type, "project", "default",
		    "stale", f->stale, "impressionData", 0, "archived", 0));
		json_array_foreach(f->strategies[e], j, s) {
			copy = json_deep_copy(s);
			json_object_del(copy, "sortOrder");
			json_object_set_new(copy, "featureName",
			    json_string(f->name));
			json_array_append_new(strategies, copy);
		}
		json_array_append_new(envs, json_pack("{s:b, s:s, s:s, s:[],"
		    " s:s}", "enabled", f->enabled[e], "featureName", f->name,
		    "environment", sim_env_names[e], "variants", "name",
		    f->name));
		if (f->ndeps > 0)
			json_array_append_new(deps, json_pack("{s:s, s:o}",
			    "feature", f->name, "dependencies", deps_json(f)));
	}
	json_decref(in);
	reply_json(r, 200, json_pack("{s:o, s:o, s:o, s:[], s:[], s:[], s:[],"
	    " s:o, s:[]}", "features", features, "featureStrategies",
	    strategies, "featureEnvironments", envs, "contextFields",
	    "featureTags", "segments", "tagTypes", "dependencies", deps,
	    "links"));
	r->ctype = UNLEASH_CTYPE;
}

static const char *
event_label(const char *type)
{
	if (strcmp(type, "feature-environment-enabled") == 0)
		return "Flag enabled";
	if (strcmp(type, "feature-environment-disabled") == 0)
		return "Flag disabled";
	if (strcmp(type, "feature-strategy-update") == 0)
		return "Flag strategy updated";
	if (strcmp(type, "feature-strategy-add") == 0)
		return "Flag strategy added";
	if (strcmp(type, "feature-created") == 0)
		return "Flag created";
	return type;
}

static char *
event_summary(const struct sim_event *ev)
{
	const char	*base = "http://localhost:4242/projects/default";
	const char	*f = ev->feature ? ev->feature : "";
	const char	*env = ev->environment ? ev->environment : "";
	const char	*by = ev->created_by ? ev->created_by : "admin";

	if (strcmp(ev->type, "feature-environment-enabled") == 0 ||
	    strcmp(ev->type, "feature-environment-disabled") == 0)
		return xasprintf("**%s** %s **[%s](%s/features/%s)** for the"
		    " **%s** environment in project **[default](%s)**",
		    by, ev->type[20] == 'e' ? "enabled" : "disabled", f, base, f,
		    env, base);
	if (strcmp(ev->type, "feature-strategy-update") == 0)
		return xasprintf("**%s** updated **[%s](%s/features/%s)** in"
		    " project **[default](%s)** by updating strategy"
		    " **flexibleRollout** in **%s**", by, f, base, f, base, env);
	if (strcmp(ev->type, "feature-strategy-add") == 0)
		return xasprintf("**%s** added strategy **flexibleRollout**"
		    " to **[%s](%s/features/%s)** for the **%s** environment in"
		    " project **[default](%s)**", by, f, base, f, env, base);
	return xasprintf("**%s** triggered **%s**", by, ev->type);
}

static json_t *
event_json(const struct sim_event *ev)
{
	char	*summary = event_summary(ev), group[32];
	json_t	*j;

	snprintf(group, sizeof group, "01M8BA9N%018ld", ev->id);
	j = json_pack("{s:i, s:s, s:s, s:s, s:i, s:O, s:O, s:[], s:s?, s:s,"
	    " s:s?, s:s, s:s, s:s, s:s}", "id", (int)ev->id, "type", ev->type,
	    "createdBy", ev->created_by ? ev->created_by : "admin",
	    "createdAt", ev->created_at,
	    "createdByUserId", -42, "data", ev->data, "preData", ev->pre_data,
	    "tags", "featureName", ev->feature, "project", "default",
	    "environment", ev->environment, "groupType", "transaction",
	    "groupId", group, "label", event_label(ev->type), "summary",
	    summary);
	free(summary);
	return j;
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
 * operation.  *why says which, in the words of the library Unleash uses.
 */
static int
apply_patch(json_t *doc, json_t *ops, char **why)
{
	size_t		 i;
	json_t		*op, *parent, *value, *cur;
	const char	*name, *path;
	char		*key, *opj, *tree;
	int		 rc = 0;

	json_array_foreach(ops, i, op) {
		name = json_string_value(json_object_get(op, "op"));
		path = json_string_value(json_object_get(op, "path"));
		value = json_object_get(op, "value");
		if (name == NULL || path == NULL) {
			*why = xasprintf("Operation `op` property is not one of"
			    " operations defined in RFC-6902");
			return -2;
		}
		parent = pointer_parent(doc, path, &key);
		if (parent == NULL) {
			*why = xstrdup("Cannot perform the operation at a path"
			    " that does not exist");
			free(key);
			return -2;
		}
		cur = pointer_get(parent, key);
		if (strcmp(name, "test") == 0) {
			if (cur == NULL || value == NULL ||
			    !json_equal(cur, value)) {
				opj = json_dumps(op, JSON_INDENT(2));
				tree = json_dumps(doc, JSON_INDENT(2));
				*why = xasprintf("Test operation failed\n"
				    "name: TEST_OPERATION_FAILED\nindex: %zu\n"
				    "operation: %s\ntree: %s", i, opj, tree);
				free(opj);
				free(tree);
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
			else {
				*why = xstrdup("bad array index");
				rc = -2;
			}
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
			*why = xstrdup("Operation `op` property is not one of"
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
		strategy_not_found(r, id);
		return;
	}
	ops = json_loadb(rq->body, rq->bodylen, 0, &jerr);
	if (!json_is_array(ops)) {
		bad_property(r, "", "array", ops);
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
		bad_data(r, why, "/body");
		json_decref(copy);
		free(why);
		return;
	}
	/* The id stays what it was. */
	json_object_set(copy, "id", json_object_get(s, "id"));
	json_incref(s);
	json_array_set(f->strategies[e], idx, copy);
	scenario_event(sc, rq->wall, "feature-strategy-update", f->name,
	    sim_env_names[e], json_deep_copy(copy), s);
	reply_json(r, 200, copy);
	r->ctype = UNLEASH_CTYPE;
}

static void
add_strategy(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, struct sim_flag *f, int e)
{
	json_t		*in, *s, *params, *cons, *vars, *title;
	json_error_t	 jerr;
	const char	*name;

	in = json_loadb(rq->body, rq->bodylen, 0, &jerr);
	if (!json_is_object(in)) {
		bad_property(r, "", "object", in);
		json_decref(in);
		return;
	}
	name = json_string_value(json_object_get(in, "name"));
	params = json_object_get(in, "parameters");
	cons = json_object_get(in, "constraints");
	vars = json_object_get(in, "variants");
	title = json_object_get(in, "title");
	if (name == NULL || *name == '\0') {
		bad_data(r, "The `/body` property must have required property"
		    " 'name'", "/body");
		json_decref(in);
		return;
	}
	if (cons != NULL && !json_is_array(cons)) {
		bad_property(r, "constraints", "array", cons);
		json_decref(in);
		return;
	}
	if (vars != NULL && !json_is_array(vars)) {
		bad_property(r, "variants", "array", vars);
		json_decref(in);
		return;
	}
	if (params != NULL && !json_is_object(params)) {
		bad_property(r, "parameters", "object", params);
		json_decref(in);
		return;
	}
	s = scenario_strategy(sc, name, params, (int)json_array_size(
	    f->strategies[e]));
	if (cons != NULL)
		json_object_set(s, "constraints", cons);
	if (vars != NULL)
		json_object_set(s, "variants", vars);
	if (json_is_string(title))
		json_object_set(s, "title", title);
	if (json_is_true(json_object_get(in, "disabled")))
		json_object_set(s, "disabled", json_true());
	json_decref(in);
	json_array_append(f->strategies[e], s);
	scenario_event(sc, rq->wall, "feature-strategy-add", f->name,
	    sim_env_names[e], json_deep_copy(s), NULL);
	reply_json(r, 200, s);
	r->ctype = UNLEASH_CTYPE;
}

static void
set_enabled(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r, struct sim_flag *f, int e, int on)
{
	json_t	*s, *params;

	/* Turning on an environment without a strategy adds a 100% one. */
	if (on && json_array_size(f->strategies[e]) == 0) {
		params = json_pack("{s:s, s:s, s:s}", "groupId", f->name,
		    "rollout", "100", "stickiness", "default");
		s = scenario_strategy(sc, "flexibleRollout", params, 0);
		json_decref(params);
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
	ujson(r, 200, json_pack("{s:i, s:[{s:s, s:s, s:s, s:i, s:i, s:i, s:i,"
	    " s:s, s:n, s:s, s:n, s:n, s:[{s:s}]}]}", "version", 1, "projects",
	    "name", "Default", "id", "default", "description",
	    "Default project", "health", 100, "technicalDebt", 0,
	    "featureCount", (int)sc->nflags, "memberCount", 0, "createdAt",
	    created, "archivedAt", "mode", "open", "lastReportedFlagUsage",
	    "lastUpdatedAt", "owners", "ownerType", "system"));
}

static void
environments(struct sim_scenario *sc, struct sim_reply *r)
{
	json_t	*a = json_array();
	size_t	 i;
	int	 e, on;

	for (e = 0; e < SIM_NENVS; e++) {
		for (i = 0, on = 0; i < sc->nflags; i++)
			on += sc->flags[i].enabled[e];
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:b, s:b,"
		    " s:n, s:i, s:i, s:i}", "name", sim_env_names[e], "type",
		    env_type(e), "sortOrder", env_sort(e), "enabled", 1,
		    "protected", 0, "requiredApprovals", "projectCount", 1,
		    "apiTokenCount", 0, "enabledToggleCount", on));
	}
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
		char *m = xasprintf("Could not find project with id: %s",
		    seg[3]);

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
		flag_not_found(r, seg[5]);
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
		char *m = xasprintf("Could not find environment with name:"
		    " %s", seg[7]);

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
			strategy_not_found(r, seg[9]);
			return;
		}
		ujson(r, 200, json_incref(s));
		return;
	}
unknown:
	not_found(r, "The requested resource could not be found");
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
	if (strcmp(rq->path, "/api/admin/ui-config") == 0 &&
	    rq->method == SIM_GET) {
		/* The fields of Unleash 7.5.1's answer that name it. */
		ujson(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:s,"
		    " s:{s:{s:s, s:s}, s:{}, s:b, s:s}}", "environment",
		    "Open Source", "version", SIM_UNLEASH_VERSION, "unleashUrl",
		    "http://localhost:4242", "baseUriPath", "",
		    "authenticationType", "open-source", "versionInfo", "current",
		    "oss", SIM_UNLEASH_VERSION, "enterprise", "", "latest",
		    "isLatest", 1, "instanceId",
		    "890a3f03-c613-402c-bd3e-45c0a419512a"));
		return 1;
	}
	copy = xstrdup(rq->path);
	n = split_path(copy, seg, MAXSEG);
	if (n < 3) {
		not_found(r, "The requested resource could not be found");
	} else if (n == 3 && strcmp(seg[1], "client") == 0 &&
	    strcmp(seg[2], "features") == 0 && rq->method == SIM_GET) {
		get_client_features(sc, rq, r);
	} else if (strcmp(seg[1], "admin") != 0) {
		not_found(r, "The requested resource could not be found");
	} else if (n == 3 && strcmp(seg[2], "projects") == 0 &&
	    rq->method == SIM_GET) {
		projects(sc, r);
	} else if (n == 3 && strcmp(seg[2], "environments") == 0 &&
	    rq->method == SIM_GET) {
		environments(sc, r);
	} else if (n == 4 && strcmp(seg[2], "search") == 0 &&
	    strcmp(seg[3], "events") == 0 && rq->method == SIM_GET) {
		get_events(sc, rq, r, NULL);
	} else if (n == 3 && strcmp(seg[2], "features-batch") == 0) {
		not_found(r, "The requested resource could not be found");
	} else if (n == 4 && strcmp(seg[2], "features-batch") == 0 &&
	    strcmp(seg[3], "export") == 0 && rq->method == SIM_POST) {
		batch_export(sc, rq, r);
	} else if (n == 4 && strcmp(seg[2], "events") == 0 &&
	    rq->method == SIM_GET) {
		get_events(sc, rq, r, seg[3]);
	} else if (n >= 5 && strcmp(seg[2], "projects") == 0 &&
	    strcmp(seg[4], "features") == 0) {
		project_features(sc, rq, r, seg, n);
	} else
		not_found(r, "The requested resource could not be found");
	free(copy);
	return 1;
}
