/*
 * unleash.c - the `unleash` adapter: reads a project's feature flags, their
 * per-environment state, the flexibleRollout strategy relboard manages and
 * parent flags.  A poll is one project listing plus one client-API listing
 * per environment (all flags with strategies in one answer each), and the
 * project's recent change events; all carry ETags, so an unchanged flag set
 * is answered with 304s.  The listings (at 10,000 flags 6 MB for the
 * project, 3 MB per environment) are read a flag at a time (jsonwalk.h),
 * so that no answer becomes one tree.
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
#include "core/intern.h"
#include "core/jsonwalk.h"
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

/* The same, shared (intern.h): a value thousands of flags repeat. */
static char *
clean_intern(const char *s)
{
	char *d = clean_dup(s), *t = intern_str(d);

	free(d);
	return t;
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

/*
 * Read one answer's features list a flag at a time (fn gets each, a tree
 * of its own freed after use), with its other members into *rest (NULL:
 * not kept).  The answer never becomes one tree: at 10,000 flags the
 * project listing alone would take tens of megabytes.
 */
static int
walk_answer(const struct response *r, const char *what, jsonwalk_fn fn,
    void *arg, json_t **rest, char **cause)
{
	json_error_t jerr;
	char *why;
	int found;

	if (r->status != 200) {
		why = response_error(r);
		*cause = xasprintf("%s: %s", what, why);
		free(why);
		return -1;
	}
	if (jsonwalk_array(r->body ? r->body : "", r->len, "features", fn,
	    arg, rest, &found, &jerr) != 0) {
		*cause = xasprintf("%s: invalid JSON: %s", what, jerr.text);
		return -1;
	}
	if (!found) {
		*cause = xasprintf("%s: answer has no features list", what);
		if (rest != NULL) {
			json_decref(*rest);
			*rest = NULL;
		}
		return -1;
	}
	return 0;
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
 * "query" says so where the server sends one (Unleash 5 and later); root
 * holds the answer's members but its features list.
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

/*
 * The project listing, read a flag at a time: each flag with the
 * environments asked for, found again by its name as sent.
 */
struct listing {
	const struct source_cfg *s;
	struct model_part *p;
	size_t		 nenv;
	/*
	 * The flags by their names as sent (the map borrows them from raw,
	 * raw[i] being flag i's): client answers are matched on the raw
	 * names, which are cleaned only for display.
	 */
	struct strmap	 ix;
	char		**raw;
	size_t		 nraw, raw_cap;
};

static int
listing_flag(json_t *f, void *arg)
{
	struct listing *l = arg;
	const struct source_cfg *s = l->s;
	json_t *envs, *e;
	struct flag *fl;
	struct flag_env *fe;
	const char *name;
	char **raw;
	size_t j, k;

	if ((name = json_string_value(json_object_get(f, "name"))) == NULL)
		return 0;
	if (strmap_get(&l->ix, name) != STRMAP_NONE)
		return 0;	/* listed twice: the first counts */
	raw = ARRAY_PUSH(l->raw, l->nraw, l->raw_cap);
	*raw = xstrdup(name);
	strmap_put(&l->ix, *raw, l->p->nflags);
	fl = part_add_flag(l->p);
	fl->source = intern_str(s->name);
	fl->project = intern_str(s->project);
	fl->name = clean_dup(name);
	fl->type = clean_intern(json_string_value(json_object_get(f, "type")));
	fl->stale = json_is_true(json_object_get(f, "stale"));
	envs = json_object_get(f, "environments");
	for (k = 0; k < l->nenv; k++) {
		json_array_foreach(envs, j, e) {
			if (!streq(json_string_value(json_object_get(e, "name")),
			    env_name(s, k)))
				continue;
			fe = flag_add_env(fl);
			fe->name = intern_str(env_name(s, k));
			fe->enabled = json_is_true(json_object_get(e, "enabled"));
			fe->type = clean_intern(json_string_value(
			    json_object_get(e, "type")));
		}
	}
	return 0;
}

/* One client answer, read a flag at a time into the listing's flags. */
struct client {
	struct listing	*l;
	const char	*env;
	unsigned char	*seen;		/* flags this answer had */
	unsigned char	*seen_any;	/* flags any answer had */
	size_t		 partial;	/* flags whose state it left out */
};

static int
client_flag(json_t *f, void *arg)
{
	struct client *c = arg;
	struct flag *fl;
	struct flag_env *fe;
	const char *name;
	size_t i, j;

	name = json_string_value(json_object_get(f, "name"));
	if (name == NULL || (i = strmap_get(&c->l->ix, name)) == STRMAP_NONE)
		return 0;
	if (c->seen[i])
		return 0;	/* listed twice: the first counts */
	c->seen[i] = c->seen_any[i] = 1;
	fl = &c->l->p->flags[i];
	read_deps(fl, json_object_get(f, "dependencies"));
	for (j = 0; j < fl->nenvs; j++) {
		fe = &fl->envs[j];
		if (strcmp(fe->name, c->env) != 0)
			continue;
		if (!json_is_boolean(json_object_get(f, "enabled")))
			env_unknown(fe, xasprintf("the client answer for %s "
			    "does not say whether it is enabled", fe->name));
		fe->enabled = json_is_true(json_object_get(f, "enabled"));
		read_strategies(fe, json_object_get(f, "strategies"));
		if (fe->unknown)
			c->partial++;
	}
	return 0;
}

/*
 * The project listing first, then each client answer applied to its flags
 * as it is read.  On an error the part, partly filled, is thrown away.
 */
static int
unleash_parse(const struct poll_ctx *ctx, const struct response *resp, size_t n,
    struct model_part *p, char **cause)
{
	const struct source_cfg *s = ctx->src;
	json_t *rest;
	struct listing l;
	struct client c;
	struct missing ms;
	size_t i, k, nenv = env_count(s);
	char *what;
	int rc = -1, bad;

	if (n != nenv + 2) {
		*cause = xstrdup("unexpected number of answers");
		return -1;
	}
	memset(&l, 0, sizeof l);
	l.s = s;
	l.p = p;
	l.nenv = nenv;
	strmap_init(&l.ix);
	memset(&c, 0, sizeof c);
	what = xasprintf("project %s", s->project);
	bad = walk_answer(&resp[0], what, listing_flag, &l, NULL, cause);
	free(what);
	if (bad)
		goto out;

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

	c.l = &l;
	c.seen = xcalloc(p->nflags + 1, 1);
	c.seen_any = xcalloc(p->nflags + 1, 1);
	for (k = 0; k < nenv; k++) {
		c.env = env_name(s, k);
		memset(c.seen, 0, p->nflags);
		what = xasprintf("environment %s", c.env);
		bad = walk_answer(&resp[k + 1], what, client_flag, &c, &rest,
		    cause);
		free(what);
		if (bad)
			goto out;
		bad = check_query(s, c.env, rest, cause);
		json_decref(rest);
		if (bad)
			goto out;
		/* A flag the listing has but this answer lacks is unknown here. */
		memset(&ms, 0, sizeof ms);
		for (i = 0; i < p->nflags; i++) {
			if (!c.seen[i] && flag_find_env(&p->flags[i], c.env) != NULL)
				mark_missing(&p->flags[i], c.env, &ms);
		}
		if (ms.n > 0)
			add_warning(p, c.env, &ms, p->nflags);
		free(ms.names);
		if (c.partial > 0) {
			char *t = xasprintf("%s%sthe client answer for %s left "
			    "out the state of %zu flag%s", p->warning ?
			    p->warning : "incomplete answer: ", p->warning ?
			    "; " : "", c.env, c.partial, c.partial == 1 ?
			    "" : "s");

			free(p->warning);
			p->warning = t;
			c.partial = 0;
		}
	}
	/* No answer had its parents: they are unknown, not none. */
	for (i = 0; i < p->nflags; i++)
		p->flags[i].deps_unknown = !c.seen_any[i];
	read_events(ctx, &resp[nenv + 1], p);
	rc = 0;
out:
	free(c.seen);
	free(c.seen_any);
	strmap_free(&l.ix);
	for (i = 0; i < l.nraw; i++)
		free(l.raw[i]);
	free(l.raw);
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
