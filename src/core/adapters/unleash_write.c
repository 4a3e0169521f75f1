/*
 * unleash_write.c - the write side of the `unleash` adapter: reading one
 * flag for an action, and turning an intended change into Admin API
 * requests.  A rollout change is a JSON Patch of the one field, preceded by
 * a `test` of the value the operator saw, so that Unleash itself refuses
 * the write (500 "Test operation failed", nothing written) if someone
 * changed it meanwhile.  Percentages are validated here: Unleash stores
 * "150" or "abc" without complaint.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/flag_state.h"
#include "core/util.h"

int	unleash_parse_rollout(json_t *);

static char *
flag_path(const struct source_cfg *s, const char *flag)
{
	char *p = url_escape(s->project), *f = url_escape(flag), *out;

	out = xasprintf("/api/admin/projects/%s/features/%s", p, f);
	free(p);
	free(f);
	return out;
}

void
unleash_read_flag(const struct source_cfg *s, const char *flag, struct request_desc *r)
{
	memset(r, 0, sizeof *r);
	r->method = xstrdup("GET");
	r->path = flag_path(s, flag);
}

static void
push_string(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
	sanitize_text((*v)[*n - 1]);
}

int
unleash_parse_flag(const struct source_cfg *s, const char *flag, const char *env,
    const struct response *r, struct flag_state *st, int *missing, char **cause)
{
	json_t *root, *envs, *e, *strats, *x, *roll;
	json_error_t jerr;
	size_t i, j;
	const char *name;
	char *why, *list;
	int found = 0;

	memset(st, 0, sizeof *st);
	st->rollout = RB_UNKNOWN_INT;
	*missing = 0;
	if (r->status == 404) {
		*missing = 1;
		*cause = xasprintf("no flag named \"%s\" in project %s of source %s",
		    flag, s->project, s->name);
		return -1;
	}
	if (r->status != 200) {
		why = response_error(r);
		*cause = xasprintf("reading %s: %s", flag, why);
		free(why);
		return -1;
	}
	if ((root = json_loadb(r->body ? r->body : "", r->len, 0, &jerr)) == NULL) {
		*cause = xasprintf("reading %s: invalid JSON: %s", flag, jerr.text);
		return -1;
	}
	/* An answer about another flag or project is no answer. */
	name = json_string_value(json_object_get(root, "name"));
	if (name == NULL || strcmp(name, flag) != 0) {
		*cause = name == NULL ? xasprintf("reading %s: the answer names "
		    "no flag", flag) : xasprintf("reading %s: the answer is about "
		    "flag %s, not %s", flag, name, flag);
		sanitize_text(*cause);
		json_decref(root);
		return -1;
	}
	name = json_string_value(json_object_get(root, "project"));
	if (name != NULL && s->project != NULL && strcmp(name, s->project) != 0) {
		*cause = xasprintf("reading %s: the answer is about project %s, "
		    "not %s", flag, name, s->project);
		sanitize_text(*cause);
		json_decref(root);
		return -1;
	}
	envs = json_object_get(root, "environments");
	if (!json_is_array(envs)) {
		*cause = xasprintf("reading %s: answer has no environments", flag);
		json_decref(root);
		return -1;
	}
	json_array_foreach(envs, i, e) {
		if ((name = json_string_value(json_object_get(e, "name"))) == NULL)
			continue;
		push_string(&st->envs, &st->nenvs, name);
		/* Listed twice: the first counts, as in a poll. */
		if (strcmp(name, env) != 0 || found)
			continue;
		found = 1;
		st->enabled = json_is_true(json_object_get(e, "enabled"));
		if (json_is_string(json_object_get(e, "type")))
			st->env_type = xstrdup(json_string_value(
			    json_object_get(e, "type")));
		strats = json_object_get(e, "strategies");
		json_array_foreach(strats, j, x) {
			if (json_is_true(json_object_get(x, "disabled")))
				continue;
			if (!st->has_rollout && streq(json_string_value(
			    json_object_get(x, "name")), "flexibleRollout") &&
			    json_is_string(json_object_get(x, "id"))) {
				st->has_rollout = true;
				st->strategy_id = xstrdup(json_string_value(
				    json_object_get(x, "id")));
				roll = json_object_get(json_object_get(x, "parameters"),
				    "rollout");
				st->rollout = unleash_parse_rollout(roll);
				st->rollout_json = roll != NULL ?
				    json_dumps(roll, JSON_ENCODE_ANY) : NULL;
			} else
				st->other_strategies++;
		}
	}
	json_array_foreach(json_object_get(root, "children"), i, x) {
		if (json_is_string(x))
			push_string(&st->children, &st->nchildren, json_string_value(x));
	}
	json_array_foreach(json_object_get(root, "dependencies"), i, x) {
		if ((name = json_string_value(json_object_get(x, "feature"))) == NULL)
			continue;
		st->deps = xreallocarray(st->deps, st->ndeps + 1, sizeof *st->deps);
		st->deps[st->ndeps].flag = xstrdup(name);
		st->deps[st->ndeps].enabled = !json_is_false(json_object_get(x, "enabled"));
		st->ndeps++;
	}
	json_decref(root);
	if (!found) {
		list = xstrdup("");
		for (i = 0; i < st->nenvs; i++) {
			why = xasprintf("%s%s%s", list, i ? ", " : "", st->envs[i]);
			free(list);
			list = why;
		}
		*missing = 1;
		*cause = xasprintf("flag %s has no environment \"%s\" (it has: %s)",
		    flag, env, list);
		free(list);
		flag_state_free(st);
		return -1;
	}
	return 0;
}

static void
add_req(struct request_desc *r, const char *method, char *path, char *body)
{
	r->method = xstrdup(method);
	r->path = path;
	r->body = body;
}

size_t
unleash_plan_write(const struct source_cfg *s, const char *flag, const char *env,
    const struct flag_state *before, const struct flag_target *t,
    struct request_desc *reqs)
{
	char *base = flag_path(s, flag), *e = url_escape(env), *body, *id;
	json_t *val, *patch, *test;
	size_t n = 0;

	memset(reqs, 0, RB_MAX_REQUESTS * sizeof *reqs);
	/*
	 * The compare-and-set write goes first: if someone changed the
	 * percentage meanwhile, the service refuses it before anything else
	 * is written.  Enabling and disabling (which Unleash cannot test)
	 * follow.
	 */
	if (t->rollout != RB_UNKNOWN_INT && t->rollout >= 0 && t->rollout <= 100) {
		val = json_sprintf("%d", t->rollout);
		if (before->has_rollout && before->rollout != t->rollout) {
			patch = json_array();
			if (before->rollout_json != NULL &&
			    (test = json_loads(before->rollout_json,
			    JSON_DECODE_ANY, NULL)) != NULL) {
				json_array_append_new(patch, json_pack("{s:s,s:s,s:o}",
				    "op", "test", "path", "/parameters/rollout",
				    "value", test));
			}
			json_array_append_new(patch, json_pack("{s:s,s:s,s:O}", "op",
			    "replace", "path", "/parameters/rollout", "value", val));
			body = json_dumps(patch, JSON_COMPACT);
			json_decref(patch);
			id = url_escape(before->strategy_id);
			add_req(&reqs[n++], "PATCH", xasprintf("%s/environments/%s/"
			    "strategies/%s", base, e, id), body);
			free(id);
		} else if (!before->has_rollout && t->rollout > 0) {
			patch = json_pack("{s:s,s:[],s:{s:O,s:s,s:s}}",
			    "name", "flexibleRollout", "constraints", "parameters",
			    "rollout", val, "stickiness", "default", "groupId", flag);
			body = json_dumps(patch, JSON_COMPACT);
			json_decref(patch);
			add_req(&reqs[n++], "POST", xasprintf("%s/environments/%s/"
			    "strategies", base, e), body);
		}
		json_decref(val);
	}
	if (!t->enabled && before->enabled)
		add_req(&reqs[n++], "POST", xasprintf("%s/environments/%s/off", base, e), NULL);
	if (t->enabled && !before->enabled)
		add_req(&reqs[n++], "POST", xasprintf("%s/environments/%s/on", base, e), NULL);
	free(base);
	free(e);
	return n;
}

int
unleash_write_outcome(const struct response *r)
{
	if (r->status >= 200 && r->status < 300)
		return WRITE_OK;
	/* A failed JSON Patch test is a 500 UnknownError (measured on 7.5.1). */
	if (r->status == 500 && r->body != NULL &&
	    memmem(r->body, r->len, "Test operation failed", 21) != NULL)
		return WRITE_CONFLICT;
	return WRITE_FAILED;
}
