/*
 * unleash.c - the `unleash` adapter: reads a project's feature flags, their
 * per-environment state, the flexibleRollout strategy relboard manages and
 * parent flags.  A poll is one project listing plus one client-API listing
 * per environment (all flags with strategies in one answer each), and the
 * project's recent change events; all carry ETags, so an unchanged flag set
 * is answered with 304s.
 *
 * Between those full polls a poll is one probe: the project's newest event
 * (`/api/admin/search/events?project=IS:P&limit=1`) revalidated by its
 * ETag.  Measured on Unleash 7.5.1: every change to a flag (created,
 * archived, stale, strategy added, changed or removed, environment turned
 * on or off, parent added or removed) adds an event at once, and the
 * answer carries a weak ETag, so an unchanged project costs one request of
 * about 230 bytes (with a 52-character token) and a 304 of about 160.  The
 * client API may serve the older state for about a second after a write,
 * which the poller's second full poll after a move covers.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/strmap.h"
#include "core/util.h"

#define UNLEASH_EVENTS	50	/* recent change events kept */
#define UNLEASH_FULL_S	60.0	/* a full poll at least this often */

static const char *const default_envs[] = { "development", "production" };

static size_t
env_count(const struct source_cfg *s)
{
	size_t n = s->nenvironments ? s->nenvironments : 2;

	return n > RB_MAX_REQUESTS - 2 ? RB_MAX_REQUESTS - 2 : n;
}

static const char *
env_name(const struct source_cfg *s, size_t i)
{
	return s->nenvironments ? s->environments[i] : default_envs[i];
}

static size_t
unleash_plan(const struct poll_ctx *ctx, struct request_desc *reqs)
{
	const struct source_cfg *s = ctx->src;
	char *p = url_escape(s->project), *e;
	size_t i, n = env_count(s);

	reqs[0].method = xstrdup("GET");
	reqs[0].path = xasprintf("/api/admin/projects/%s/features", p);
	for (i = 0; i < n; i++) {
		e = url_escape(env_name(s, i));
		reqs[i + 1].method = xstrdup("GET");
		reqs[i + 1].path = xasprintf("/api/client/features?project=%s"
		    "&environment=%s", p, e);
		free(e);
	}
	reqs[n + 1].method = xstrdup("GET");
	reqs[n + 1].path = xasprintf("/api/admin/search/events?project=IS:%s"
	    "&limit=%d", p, UNLEASH_EVENTS);
	free(p);
	return n + 2;
}

static void
unleash_plan_probe(const struct poll_ctx *ctx, struct request_desc *req)
{
	char *p = url_escape(ctx->src->project);

	req->method = xstrdup("GET");
	req->path = xasprintf("/api/admin/search/events?project=IS:%s&limit=1", p);
	free(p);
}

static char *
clean_dup(const char *s)
{
	char *d = xstrdup(s != NULL ? s : "");

	sanitize_text(d);
	return d;
}

/* An integer percentage 0..100 from Unleash's string (or number) value. */
int
unleash_parse_rollout(json_t *v)
{
	const char *s;
	char *end;
	long n;

	if (json_is_integer(v))
		n = (long)json_integer_value(v);
	else if (json_is_string(v)) {
		s = json_string_value(v);
		n = strtol(s, &end, 10);
		if (end == s || *end != '\0')
			return RB_UNKNOWN_INT;
	} else
		return RB_UNKNOWN_INT;
	return n < 0 || n > 100 ? RB_UNKNOWN_INT : (int)n;
}

static json_t *
load_answer(const struct response *r, const char *what, char **cause)
{
	json_t *root;
	json_error_t jerr;
	char *why;

	if (r->status != 200) {
		why = response_error(r);
		*cause = xasprintf("%s: %s", what, why);
		free(why);
		return NULL;
	}
	root = json_loadb(r->body ? r->body : "", r->len, 0, &jerr);
	if (root == NULL) {
		*cause = xasprintf("%s: invalid JSON: %s", what, jerr.text);
		return NULL;
	}
	if (!json_is_array(json_object_get(root, "features"))) {
		*cause = xasprintf("%s: answer has no features list", what);
		json_decref(root);
		return NULL;
	}
	return root;
}

/* Mark an environment's state as not given by the answer. */
static void
env_unknown(struct flag_env *fe, char *reason)
{
	fe->unknown = true;
	free(fe->reason);
	fe->reason = reason;
}

static void
read_strategies(struct flag_env *fe, json_t *strategies)
{
	json_t *st, *roll;
	size_t i;
	const char *name;

	json_array_foreach(strategies, i, st) {
		name = json_string_value(json_object_get(st, "name"));
		if (json_is_true(json_object_get(st, "disabled")))
			continue;
		/*
		 * Unleash's client API gives strategies no id (its admin API,
		 * which actions read, does).
		 */
		if (!fe->has_rollout && name != NULL &&
		    strcmp(name, "flexibleRollout") == 0) {
			fe->has_rollout = true;
			roll = json_object_get(json_object_get(st, "parameters"),
			    "rollout");
			/* A percentage left out is unknown; a bad one is custom. */
			if (roll == NULL)
				env_unknown(fe, xasprintf("the answer for %s gave "
				    "its rollout strategy no percentage", fe->name));
			fe->rollout = unleash_parse_rollout(roll);
			if (json_is_string(json_object_get(st, "id")))
				fe->strategy_id = clean_dup(json_string_value(
				    json_object_get(st, "id")));
		} else
			fe->other_strategies++;
	}
}

static void
read_deps(struct flag *f, json_t *deps)
{
	json_t *d, *en;
	size_t i;
	const char *parent;
	struct flag_dep *fd;

	if (f->ndeps > 0 || !json_is_array(deps))
		return;
	json_array_foreach(deps, i, d) {
		parent = json_string_value(json_object_get(d, "feature"));
		if (parent == NULL)
			continue;
		fd = flag_add_dep(f);
		fd->flag = clean_dup(parent);
		en = json_object_get(d, "enabled");
		fd->enabled = en == NULL || json_is_true(en);
	}
}

/* "2026-11-26T06:57:11.213Z" to Unix seconds; 0 when unreadable. */
static double
parse_time(const char *s)
{
	struct tm tm;
	const char *p;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || (p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return 0;
	return (double)timegm(&tm) + (*p == '.' ? strtod(p, NULL) : 0);
}

/*
 * Recent changes are context, not state: a server without the events
 * endpoint still has its flags shown, only without their history.
 */
static void
read_events(const struct poll_ctx *ctx, const struct response *r, struct model_part *p)
{
	json_t *root, *e;
	struct flag_event *fe;
	const char *flag, *env, *by;
	size_t i;

	if (r->status != 200 ||
	    (root = json_loadb(r->body ? r->body : "", r->len, 0, NULL)) == NULL)
		return;
	json_array_foreach(json_object_get(root, "events"), i, e) {
		if ((flag = json_string_value(json_object_get(e, "featureName"))) == NULL)
			continue;
		fe = part_add_event(p);
		fe->source = xstrdup(ctx->src->name);
		fe->flag = clean_dup(flag);
		env = json_string_value(json_object_get(e, "environment"));
		fe->env = env != NULL ? clean_dup(env) : NULL;
		fe->type = clean_dup(json_string_value(json_object_get(e, "type")));
		by = json_string_value(json_object_get(e, "createdBy"));
		fe->by = clean_dup(by != NULL ? by : "?");
		fe->time = parse_time(json_string_value(json_object_get(e, "createdAt")));
	}
	json_decref(root);
}

/*
 * Is a client answer about the project and environment asked for?  Its
 * "query" says so where the server sends one (Unleash 5 and later).
 */
static int
check_query(const struct source_cfg *s, const char *env, json_t *root,
    char **cause)
{
	json_t		*q = json_object_get(root, "query"), *projects, *p;
	const char	*got;
	size_t		 i;

	got = json_string_value(json_object_get(q, "environment"));
	if (got != NULL && strcmp(got, env) != 0) {
		*cause = xasprintf("environment %s: the answer is about "
		    "environment %s, not %s", env, got, env);
		sanitize_text(*cause);
		return -1;
	}
	projects = json_object_get(q, "project");
	if (json_is_array(projects) && json_array_size(projects) > 0) {
		json_array_foreach(projects, i, p) {
			if (streq(json_string_value(p), s->project))
				return 0;
		}
		got = json_string_value(json_array_get(projects, 0));
		*cause = xasprintf("environment %s: the answer is about project "
		    "%s, not %s", env, got != NULL ? got : "?", s->project);
		sanitize_text(*cause);
		return -1;
	}
	return 0;
}

/* Flags of the project listing missing from one client answer. */
struct missing {
	size_t		 n;
	char		*names;		/* the first few, for the warning */
};

static void
mark_missing(struct flag *fl, const char *env, struct missing *ms)
{
	struct flag_env	*fe;
	size_t		 j;
	char		*t;

	for (j = 0; j < fl->nenvs; j++) {
		fe = &fl->envs[j];
		if (strcmp(fe->name, env) != 0)
			continue;
		fe->unknown = true;
		fe->reason = xasprintf("the client answer for %s left it out",
		    env);
	}
	if (ms->n++ < 3) {
		t = xasprintf("%s%s%s", ms->names ? ms->names : "",
		    ms->names ? ", " : "", fl->name);
		free(ms->names);
		ms->names = t;
	}
}

static void
add_warning(struct model_part *p, const char *env, const struct missing *ms,
    size_t nflags)
{
	char *t;

	t = xasprintf("%s%sthe client answer for %s lacks %zu of %zu flags "
	    "(%s%s)", p->warning ? p->warning : "incomplete answer: ",
	    p->warning ? "; " : "", env, ms->n, nflags, ms->names,
	    ms->n > 3 ? ", ..." : "");
	free(p->warning);
	p->warning = t;
}

static int
unleash_parse(const struct poll_ctx *ctx, const struct response *resp, size_t n,
    struct model_part *p, char **cause)
{
	const struct source_cfg *s = ctx->src;
	json_t *admin, *root, *f, *envs, *e;
	struct strmap ix;
	struct flag *fl;
	struct flag_env *fe;
	struct missing ms;
	unsigned char *seen = NULL, *seen_any = NULL;
	size_t i, j, k, nenv = env_count(s), partial = 0;
	const char *name;
	char *what;
	int rc = -1;

	if (n != nenv + 2) {
		*cause = xstrdup("unexpected number of answers");
		return -1;
	}
	what = xasprintf("project %s", s->project);
	admin = load_answer(&resp[0], what, cause);
	free(what);
	if (admin == NULL)
		return -1;
	/*
	 * The flags by their names as sent (the map borrows them from the
	 * listing, kept until the end): client answers are matched on the
	 * raw names, which are cleaned only for display.
	 */
	strmap_init(&ix);
	json_array_foreach(json_object_get(admin, "features"), i, f) {
		if ((name = json_string_value(json_object_get(f, "name"))) == NULL)
			continue;
		if (strmap_get(&ix, name) != STRMAP_NONE)
			continue;	/* listed twice: the first counts */
		strmap_put(&ix, name, p->nflags);
		fl = part_add_flag(p);
		fl->source = xstrdup(s->name);
		fl->project = xstrdup(s->project);
		fl->name = clean_dup(name);
		fl->type = clean_dup(json_string_value(json_object_get(f, "type")));
		fl->stale = json_is_true(json_object_get(f, "stale"));
		envs = json_object_get(f, "environments");
		for (k = 0; k < nenv; k++) {
			json_array_foreach(envs, j, e) {
				if (!streq(json_string_value(json_object_get(e, "name")),
				    env_name(s, k)))
					continue;
				fe = flag_add_env(fl);
				fe->name = xstrdup(env_name(s, k));
				fe->enabled = json_is_true(json_object_get(e, "enabled"));
				fe->type = clean_dup(json_string_value(
				    json_object_get(e, "type")));
			}
		}
	}

	/* The client API accepts any environment name: check them here. */
	for (k = 0; k < nenv && p->nflags > 0; k++) {
		for (i = 0; i < p->nflags; i++) {
			if (flag_find_env(&p->flags[i], env_name(s, k)) != NULL)
				break;
		}
		if (i == p->nflags) {
			*cause = xasprintf("project %s has no environment \"%s\"",
			    s->project, env_name(s, k));
			goto out;
		}
	}

	seen = xcalloc(p->nflags + 1, 1);
	seen_any = xcalloc(p->nflags + 1, 1);
	for (k = 0; k < nenv; k++) {
		what = xasprintf("environment %s", env_name(s, k));
		root = load_answer(&resp[k + 1], what, cause);
		free(what);
		if (root == NULL)
			goto out;
		if (check_query(s, env_name(s, k), root, cause) != 0) {
			json_decref(root);
			goto out;
		}
		memset(seen, 0, p->nflags);
		json_array_foreach(json_object_get(root, "features"), i, f) {
			name = json_string_value(json_object_get(f, "name"));
			if (name == NULL || (j = strmap_get(&ix, name)) == STRMAP_NONE)
				continue;
			if (seen[j])
				continue;	/* listed twice: the first counts */
			seen[j] = seen_any[j] = 1;
			fl = &p->flags[j];
			read_deps(fl, json_object_get(f, "dependencies"));
			for (j = 0; j < fl->nenvs; j++) {
				fe = &fl->envs[j];
				if (strcmp(fe->name, env_name(s, k)) != 0)
					continue;
				if (!json_is_boolean(json_object_get(f, "enabled")))
					env_unknown(fe, xasprintf("the client answer "
					    "for %s does not say whether it is "
					    "enabled", fe->name));
				fe->enabled = json_is_true(json_object_get(f, "enabled"));
				read_strategies(fe, json_object_get(f, "strategies"));
				if (fe->unknown)
					partial++;
			}
		}
		json_decref(root);
		/* A flag the listing has but this answer lacks is unknown here. */
		memset(&ms, 0, sizeof ms);
		for (i = 0; i < p->nflags; i++) {
			if (!seen[i] && flag_find_env(&p->flags[i],
			    env_name(s, k)) != NULL)
				mark_missing(&p->flags[i], env_name(s, k), &ms);
		}
		if (ms.n > 0)
			add_warning(p, env_name(s, k), &ms, p->nflags);
		free(ms.names);
		if (partial > 0) {
			char *t = xasprintf("%s%sthe client answer for %s left "
			    "out the state of %zu flag%s", p->warning ?
			    p->warning : "incomplete answer: ", p->warning ?
			    "; " : "", env_name(s, k), partial, partial == 1 ?
			    "" : "s");

			free(p->warning);
			p->warning = t;
			partial = 0;
		}
	}
	/* No answer had its parents: they are unknown, not none. */
	for (i = 0; i < p->nflags; i++)
		p->flags[i].deps_unknown = !seen_any[i];
	read_events(ctx, &resp[nenv + 1], p);
	rc = 0;
out:
	free(seen);
	free(seen_any);
	strmap_free(&ix);
	json_decref(admin);
	return rc;
}

void	unleash_read_flag(const struct source_cfg *, const char *, struct request_desc *);
int	unleash_parse_flag(const struct source_cfg *, const char *, const char *,
	    const struct response *, struct flag_state *, int *, char **);
size_t	unleash_plan_write(const struct source_cfg *, const char *, const char *,
	    const struct flag_state *, const struct flag_target *, struct request_desc *);
int	unleash_write_outcome(const struct response *);
void	unleash_read_events(const struct source_cfg *, const char *,
	    struct request_desc *);
int	unleash_parse_events(const struct source_cfg *, const char *,
	    const struct response *, struct flag_event **, size_t *, char **);

const struct adapter_entry adapter_unleash = {
	.name = "unleash",
	.auth_scheme = "",
	.plan = unleash_plan,
	.parse = unleash_parse,
	.plan_probe = unleash_plan_probe,
	.full_every_s = UNLEASH_FULL_S,
	.read_flag = unleash_read_flag,
	.parse_flag = unleash_parse_flag,
	.plan_write = unleash_plan_write,
	.write_outcome = unleash_write_outcome,
	.read_events = unleash_read_events,
	.parse_events = unleash_parse_events,
};
