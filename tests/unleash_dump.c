/*
 * unleash_dump.c - the unleash adapter's reading of fixed polls as text
 * (see unleash_dump.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/adapter.h"
#include "core/util.h"
#include "testutil.h"
#include "unleash_dump.h"

/* An answer: a fixture, or text given here (file NULL). */
struct answer {
	long		 status;
	const char	*file;
	const char	*text;
};

struct poll {
	const char	*name;
	const char	*envs;		/* the source's "environments" */
	struct answer	 a[4];		/* listing, two client answers, events */
};

#define UP	"unleash-poll/"
#define FEATURES	{ 200, UP "features.json", NULL }
#define DEV		{ 200, UP "client-development.json", NULL }
#define PROD		{ 200, UP "client-production.json", NULL }
#define EVENTS		{ 200, UP "events.json", NULL }
#define TEXT(t)		{ 200, NULL, t }
#define DEVPROD		"[\"development\",\"production\"]"

/* A listing of two flags, a and b, with both environments. */
#define LISTING "{\"version\":1,\"features\":[" \
	"{\"name\":\"a\",\"type\":\"release\",\"stale\":true,\"environments\":[" \
	"{\"name\":\"production\",\"enabled\":true,\"type\":\"production\"}," \
	"{\"name\":\"development\",\"enabled\":false}," \
	"{\"name\":\"staging\",\"enabled\":true}]}," \
	"{\"name\":\"b\",\"environments\":[{\"name\":\"development\"," \
	"\"enabled\":true,\"type\":\"development\"},{\"name\":\"production\"," \
	"\"enabled\":false,\"type\":\"production\"}]}]}"

static const struct poll polls[] = {
	{ "captured", DEVPROD, { FEATURES, DEV, PROD, EVENTS } },
	{ "captured-release", DEVPROD, { { 200, "unleash/features.json", NULL },
	    { 200, "unleash/client-features.json", NULL },
	    { 200, "unleash/client-features-env-param.json", NULL },
	    { 200, "unleash/events.json", NULL } } },
	{ "production-missing", DEVPROD, { FEATURES, DEV,
	    { 200, UP "wrong/client-production-missing.json", NULL }, EVENTS } },
	{ "both-missing", DEVPROD, { FEATURES,
	    { 200, UP "wrong/client-development-missing.json", NULL },
	    { 200, UP "wrong/client-production-missing.json", NULL }, EVENTS } },
	{ "production-empty", DEVPROD, { FEATURES, DEV,
	    { 200, UP "wrong/client-production-empty.json", NULL }, EVENTS } },
	{ "control-character", DEVPROD, {
	    { 200, UP "wrong/features-control.json", NULL },
	    { 200, UP "wrong/client-development-control.json", NULL },
	    { 200, UP "wrong/client-production-control.json", NULL }, EVENTS } },
	{ "other-environment", DEVPROD, { FEATURES, DEV, DEV, EVENTS } },
	{ "no-events", DEVPROD, { FEATURES, DEV, PROD,
	    { 404, "unleash/error-404-flag.json", NULL } } },
	{ "listing-401", DEVPROD, { { 401, UP "error-401.json", NULL }, DEV,
	    PROD, EVENTS } },
	{ "client-401", DEVPROD, { FEATURES, { 401, UP "error-401.json", NULL },
	    PROD, EVENTS } },
	{ "no-staging", "[\"development\",\"staging\"]", { FEATURES, DEV, PROD,
	    EVENTS } },
	{ "one-environment", "[\"production\"]", { FEATURES, PROD, EVENTS,
	    EVENTS } },
	{ "listing-html", DEVPROD, { TEXT("<html>proxy error</html>"), DEV,
	    PROD, EVENTS } },
	{ "listing-empty", DEVPROD, { TEXT(""), DEV, PROD, EVENTS } },
	{ "listing-truncated", DEVPROD, { TEXT("{\"version\":1,\"features\":"
	    "[{\"name\":\"a\",\"environments\":[]},{\"name\":\"b\""), DEV, PROD,
	    EVENTS } },
	{ "listing-trailing", DEVPROD, { TEXT(LISTING " x"), DEV, PROD,
	    EVENTS } },
	{ "listing-bad-element", DEVPROD, { TEXT("{\"features\":[{\"name\":"
	    "\"a\"},{\"name\":\"b\",}]}"), DEV, PROD, EVENTS } },
	{ "listing-bad-after", DEVPROD, { TEXT("{\"features\":[{\"name\":"
	    "\"a\"}],\"x\":tru}"), DEV, PROD, EVENTS } },
	{ "listing-no-list", DEVPROD, { TEXT("{\"version\":1}"), DEV, PROD,
	    EVENTS } },
	{ "listing-list-null", DEVPROD, { TEXT("{\"features\":null}"), DEV,
	    PROD, EVENTS } },
	{ "listing-array", DEVPROD, { TEXT("[{\"name\":\"a\"}]"), DEV, PROD,
	    EVENTS } },
	{ "listing-scalar", DEVPROD, { TEXT("\"features\""), DEV, PROD,
	    EVENTS } },
	{ "listing-empty-list", DEVPROD, { TEXT("{\"features\":[]}"), DEV,
	    PROD, EVENTS } },
	/* jansson keeps the last of a key. */
	{ "listing-twice", DEVPROD, { TEXT("{\"features\":[{\"name\":\"x\","
	    "\"environments\":[{\"name\":\"production\"}]}],\"features\":"
	    "[{\"name\":\"flag-a\",\"environments\":[{\"name\":\"production\","
	    "\"enabled\":true},{\"name\":\"development\"}]}]}"), DEV, PROD,
	    EVENTS } },
	{ "listing-twice-last-null", DEVPROD, { TEXT("{\"features\":[],"
	    "\"features\":null}"), DEV, PROD, EVENTS } },
	{ "listing-deep", DEVPROD, { TEXT("{\"features\":[{\"name\":\"a\","
	    "\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],"
	    "\"environments\":[{\"name\":\"production\",\"enabled\":true},"
	    "{\"name\":\"development\"}]}]}"),
	    DEV, PROD, EVENTS } },
	{ "client-truncated", DEVPROD, { FEATURES, TEXT("{\"features\":[{"
	    "\"name\":\"flag-a\",\"enabled\":true,\"strategies\":[]}"), PROD,
	    EVENTS } },
	{ "client-no-list", DEVPROD, { FEATURES, TEXT("{\"features\":{}}"),
	    PROD, EVENTS } },
	{ "client-other-project", DEVPROD, { FEATURES, TEXT("{\"features\":"
	    "[],\"query\":{\"project\":[\"shop\",\"x\"],\"environment\":"
	    "\"development\"}}"), PROD, EVENTS } },
	{ "client-this-project", DEVPROD, { FEATURES, TEXT("{\"query\":{"
	    "\"project\":[\"x\",\"default\"]},\"features\":[]}"), PROD,
	    EVENTS } },
	{ "client-other-environment", DEVPROD, { FEATURES, TEXT("{\"features\""
	    ":[],\"query\":{\"environment\":\"prod\\u0007uction\"}}"), PROD,
	    EVENTS } },
	{ "client-query-before", DEVPROD, { FEATURES, TEXT("{\"query\":{"
	    "\"environment\":\"production\"},\"features\":[]}"), PROD,
	    EVENTS } },
	/* Strategies, parents, flags given twice, states left out. */
	{ "odd-clients", DEVPROD, { TEXT(LISTING), TEXT("{\"features\":["
	    "{\"name\":\"b\",\"enabled\":true,\"strategies\":["
	    "{\"name\":\"flexibleRollout\",\"disabled\":true,\"parameters\":"
	    "{\"rollout\":\"5\"}},{\"name\":\"default\"},"
	    "{\"name\":\"flexibleRollout\",\"id\":\"s\\u00071\",\"parameters\":"
	    "{\"rollout\":\"40\"}},{\"name\":\"flexibleRollout\",\"parameters\":"
	    "{\"rollout\":7}}],\"dependencies\":[{\"feature\":\"a\"},"
	    "{\"feature\":\"c\",\"enabled\":false},{\"enabled\":true}]},"
	    "{\"name\":\"b\",\"enabled\":false},{\"name\":\"zz\",\"enabled\":true},"
	    "{\"enabled\":true},{\"name\":\"a\",\"strategies\":[{\"name\":"
	    "\"flexibleRollout\",\"parameters\":{}}]}],\"query\":{"
	    "\"environment\":\"development\",\"project\":[\"default\"]}}"),
	    TEXT("{\"features\":[{\"name\":\"a\",\"enabled\":\"yes\","
	    "\"strategies\":[{\"name\":\"flexibleRollout\",\"parameters\":"
	    "{\"rollout\":\"abc\"}}],\"dependencies\":[{\"feature\":\"b\","
	    "\"enabled\":true}]},{\"name\":\"b\",\"enabled\":true,\"strategies\":"
	    "[{\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":101}}],"
	    "\"dependencies\":[]}]}"), TEXT("{\"events\":[{\"featureName\":\"a\","
	    "\"environment\":\"production\",\"type\":\"feature-updated\","
	    "\"createdAt\":\"2026-11-26T06:57:11.213Z\"},{\"type\":\"x\"}]}") } },
	{ "odd-listing", DEVPROD, { TEXT("{\"features\":[{\"name\":\"a\"},"
	    "{\"name\":1,\"environments\":[{\"name\":\"production\"}]},"
	    "{\"name\":\"c\",\"environments\":[{\"name\":\"production\"},"
	    "{\"name\":\"production\",\"enabled\":true}]},{\"name\":\"c\","
	    "\"environments\":[{\"name\":\"development\"}]},7,[],"
	    "{\"name\":\"d\",\"type\":\"ki\\u001bll\",\"environments\":"
	    "[{\"name\":\"development\",\"enabled\":true}]}]}"),
	    TEXT("{\"features\":[]}"), TEXT("{\"features\":[{\"name\":\"c\","
	    "\"enabled\":true}]}"), TEXT("not json") } },
};

static void
add(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add(char **out, const char *fmt, ...)
{
	va_list	 ap;
	char	*t, *u;

	va_start(ap, fmt);
	t = xvasprintf(fmt, ap);
	va_end(ap);
	u = xasprintf("%s%s", *out, t);
	free(t);
	free(*out);
	*out = u;
}

static const char *
str(const char *s)
{
	return s != NULL ? s : "(null)";
}

static void
dump_part(char **out, const struct model_part *p)
{
	const struct flag	*f;
	const struct flag_env	*e;
	const struct flag_event	*ev;
	size_t			 i, j;

	for (i = 0; i < p->nflags; i++) {
		f = &p->flags[i];
		add(out, "flag %s/%s/%s type %s stale %d deps_unknown %d\n",
		    str(f->source), str(f->project), str(f->name), str(f->type),
		    f->stale, f->deps_unknown);
		for (j = 0; j < f->ndeps; j++)
			add(out, "  dep %s enabled %d\n", str(f->deps[j].flag),
			    f->deps[j].enabled);
		for (j = 0; j < f->nenvs; j++) {
			e = &f->envs[j];
			add(out, "  env %s type %s enabled %d has_rollout %d "
			    "rollout %d strategy_id %s other %d unknown %d "
			    "reason %s\n", str(e->name), str(e->type), e->enabled,
			    e->has_rollout, e->rollout, str(e->strategy_id),
			    e->other_strategies, e->unknown, str(e->reason));
		}
	}
	for (i = 0; i < p->nevents; i++) {
		ev = &p->events[i];
		add(out, "event %s %s %s %s %s %.3f %s\n", str(ev->source),
		    str(ev->flag), str(ev->env), str(ev->type), str(ev->by),
		    ev->time, str(ev->what));
	}
	add(out, "warning %s\n", str(p->warning));
}

static void
dump_poll(char **out, const struct poll *pl)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct response	 resp[4];
	struct model_part part;
	struct poll_ctx	 ctx;
	struct config	 cfg;
	char		*json, *cause = NULL;
	size_t		 i, n;
	int		 rc;

	json = xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":"
	    "\"unleash\",\"url\":\"http://x\",\"environments\":%s}]}",
	    pl->envs);
	config_from(&cfg, json);
	free(json);
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = 0;
	/* One environment is three answers; the fourth is not read. */
	n = cfg.sources[0].nenvironments + 2;
	for (i = 0; i < 4; i++) {
		if (pl->a[i].file != NULL)
			response_from(&resp[i], pl->a[i].file, pl->a[i].status);
		else {
			memset(&resp[i], 0, sizeof resp[i]);
			resp[i].status = pl->a[i].status;
			resp[i].body = xstrdup(pl->a[i].text);
			resp[i].len = strlen(pl->a[i].text);
		}
	}
	memset(&part, 0, sizeof part);
	rc = ad->parse(&ctx, resp, n, &part, &cause);
	add(out, "== %s\n", pl->name);
	if (rc != 0)
		add(out, "error %s\n", str(cause));
	else
		dump_part(out, &part);
	free(cause);
	model_part_free(&part);
	for (i = 0; i < 4; i++)
		response_release(&resp[i]);
	config_free(&cfg);
}

char *
unleash_dump_all(void)
{
	char	*out = xstrdup("");
	size_t	 i;

	for (i = 0; i < sizeof polls / sizeof polls[0]; i++)
		dump_poll(&out, &polls[i]);
	return out;
}
