/*
 * check_core.c - unit tests of relboard's core library: configuration
 * errors, stages, the model, the status JSON, the string map, and the
 * unleash adapter on
 * answers captured from a real Unleash 7.5.1 (and those answers changed to
 * be wrong or incomplete: tests/fixtures/unleash-poll/wrong).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "core/adapter.h"
#include "core/adapters/prometheus_graph.h"
#include "core/config.h"
#include "core/flag_state.h"
#include "core/model.h"
#include "core/model_pin.h"
#include "core/intern.h"
#include "core/status_json.h"
#include "core/strmap.h"
#include "core/template.h"
#include "core/util.h"
#include "testutil.h"

#define MINIMAL "{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\"," \
	"\"url\":\"http://127.0.0.1:1/\"}]}"

/* Parse text; expect failure with a cause containing every given fragment. */
static void
expect_error(const char *text, const char *frag1, const char *frag2)
{
	struct config cfg;
	char *cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "conf.json", text, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, "conf.json") != NULL, "no file in: %s", cause);
	ck_assert_msg(strstr(cause, frag1) != NULL, "no '%s' in: %s", frag1, cause);
	if (frag2 != NULL)
		ck_assert_msg(strstr(cause, frag2) != NULL, "no '%s' in: %s", frag2, cause);
	free(cause);
}

START_TEST(config_minimal)
{
	struct config cfg;

	config_from(&cfg, MINIMAL);
	ck_assert_uint_eq(cfg.nsources, 1);
	ck_assert_str_eq(cfg.sources[0].url, "http://127.0.0.1:1");
	ck_assert_str_eq(cfg.sources[0].project, "default");
	ck_assert_double_eq(cfg.sources[0].interval_s, 5);
	ck_assert_uint_eq(cfg.nstages, 5);
	ck_assert_str_eq(cfg.stages[1].name, "canary");
	ck_assert_int_eq(cfg.stages[1].percent, 5);
	ck_assert_double_eq(cfg.thresholds.error_ratio_crit, 0.05);
	ck_assert_ptr_null(cfg.sources[0].token);
	config_free(&cfg);
}
END_TEST

START_TEST(config_errors)
{
	expect_error("{\"sources\": [", "invalid JSON", NULL);
	expect_error("[]", "must be a JSON object", NULL);
	expect_error("{}", "sources", "required");
	expect_error("{\"sources\":[],\"colour\":1}", "colour", "unknown key");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\"}]}",
	    "sources[0].url", "required");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"nagios\",\"url\":\"http://x\"}]}",
	    "sources[0].kind", "nagios");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"ftp://x\"}]}",
	    "sources[0].url", "http://");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\","
	    "\"interval_s\":\"5\"}]}", "sources[0].interval_s", "number");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\","
	    "\"namespace\":\"shop\"}]}", "sources[0].namespace", "unleash");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"argo-rollouts\",\"url\":\"http://x\"}]}",
	    "sources[0].namespace", "required");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"},"
	    "{\"name\":\"a\",\"kind\":\"prometheus\",\"url\":\"http://y\"}]}",
	    "sources[1].name", "already used");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\","
	    "\"token_env\":\"RELBOARD_TEST_UNSET_VARIABLE\"}]}",
	    "sources[0].token_env", "RELBOARD_TEST_UNSET_VARIABLE");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"services\":[{\"name\":\"checkout\",\"depends_on\":[\"payments\"]}]}",
	    "services[0].depends_on", "payments");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"stages\":[{\"name\":\"off\",\"percent\":0},{\"name\":\"b\",\"percent\":50},"
	    "{\"name\":\"c\",\"percent\":20}]}", "stages[2]", "increasing");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"stages\":[{\"name\":\"off\",\"percent\":0},{\"name\":\"b\",\"percent\":150}]}",
	    "stages[1].percent", "0 to 100");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"thresholds\":{\"error_ratio_warn\":0.2,\"error_ratio_crit\":0.1}}",
	    "thresholds", "above");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"readonly\":\"yes\"}", "readonly", "true or false");
	/* A top-level key is named without a leading dot. */
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"journal\":5}", "conf.json: journal: ", "non-empty string");
	/* "next" and "previous" are how `flag stage` moves: not stage names. */
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"stages\":[{\"name\":\"off\",\"percent\":0},{\"name\":\"next\",\"percent\":5}]}",
	    "stages[1]", "reserved");
	expect_error("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"stages\":[{\"name\":\"off\",\"percent\":0},{\"name\":\"previous\",\"percent\":5}]}",
	    "stages[1]", "reserved");
}
END_TEST

START_TEST(config_token_file)
{
	char path[] = "/tmp/relboard-test-tokenXXXXXX", *text, *cause = NULL;
	struct config cfg;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "s3cret-token\n", 13), 13);
	close(fd);
	text = xasprintf("{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\","
	    "\"url\":\"http://x\",\"token_file\":\"%s\"}]}", path);

	chmod(path, 0644);
	ck_assert_int_eq(config_parse(&cfg, "conf.json", text, &cause), -1);
	ck_assert_msg(strstr(cause, "readable by others") != NULL, "%s", cause);
	ck_assert_msg(strstr(cause, "s3cret") == NULL, "token leaked: %s", cause);
	free(cause);

	chmod(path, 0600);
	ck_assert_int_eq(config_parse(&cfg, "conf.json", text, &cause), 0);
	ck_assert_str_eq(cfg.sources[0].token, "s3cret-token");
	config_free(&cfg);
	unlink(path);
	free(text);
}
END_TEST

START_TEST(config_load_missing_file)
{
	struct config cfg;
	char *cause = NULL;

	ck_assert_int_eq(config_load(&cfg, "/nonexistent/relboard.json", &cause), -1);
	ck_assert_msg(strstr(cause, "/nonexistent/relboard.json") != NULL, "%s", cause);
	free(cause);
	config_free(&cfg);
}
END_TEST

START_TEST(stages_match)
{
	struct config cfg;
	char *list;

	config_from(&cfg, MINIMAL);
	ck_assert_str_eq(stage_for_percent(&cfg, 0), "off");
	ck_assert_str_eq(stage_for_percent(&cfg, 20), "early");
	ck_assert_str_eq(stage_for_percent(&cfg, 100), "ga");
	ck_assert_str_eq(stage_for_percent(&cfg, 33), "custom");
	ck_assert_ptr_null(stage_find(&cfg, "beta"));
	ck_assert_int_eq(stage_find(&cfg, "half")->percent, 50);
	list = stage_list(&cfg);
	ck_assert_str_eq(list, "off, canary, early, half, ga");
	free(list);
	config_free(&cfg);
}
END_TEST

/* Run the unleash adapter over the captured poll of a real Unleash. */
static void
poll_unleash(struct config *cfg, struct model *m)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct response resp[4];
	struct model_part part;
	struct poll_ctx ctx;
	char *cause = NULL;
	size_t n, i;

	config_from(cfg, "{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://x\",\"environments\":[\"development\",\"production\"]}]}");
	ctx.src = &cfg->sources[0];
	ctx.cfg = cfg;
	ctx.at = 0;
	memset(reqs, 0, sizeof reqs);
	n = ad->plan(&ctx, reqs);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(reqs[0].path, "/api/admin/projects/default/features");
	ck_assert_str_eq(reqs[3].path,
	    "/api/admin/search/events?project=IS:default&limit=50");
	ck_assert_str_eq(reqs[1].path,
	    "/api/client/features?project=default&environment=development");
	ck_assert_str_eq(reqs[2].path,
	    "/api/client/features?project=default&environment=production");
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);

	response_from(&resp[0], "unleash-poll/features.json", 200);
	response_from(&resp[1], "unleash-poll/client-development.json", 200);
	response_from(&resp[2], "unleash-poll/client-production.json", 200);
	response_from(&resp[3], "unleash-poll/events.json", 200);
	memset(&part, 0, sizeof part);
	ck_assert_msg(ad->parse(&ctx, resp, 4, &part, &cause) == 0, "%s", cause);
	for (i = 0; i < 4; i++)
		response_release(&resp[i]);
	model_init(m);
	model_add_source(m, "flags", "unleash");
	model_apply(m, "flags", &part);
	model_classify(m, cfg);
	model_build_graph(m, cfg);
}

static const struct flag_env *
env_of(const struct model *m, const char *flag, const char *env)
{
	const struct flag *f = model_find_flag(m, "flags", flag);

	ck_assert_msg(f != NULL, "flag %s missing", flag);
	ck_assert_msg(flag_find_env(f, env) != NULL, "env %s of %s missing", env, flag);
	return flag_find_env(f, env);
}

START_TEST(unleash_real_answers)
{
	struct config cfg;
	struct model m;
	const struct flag_env *e;
	const struct flag *f;
	const struct flag_event *ev;

	poll_unleash(&cfg, &m);
	ck_assert_uint_eq(m.nflags, 9);

	e = env_of(&m, "flag-a", "production");
	ck_assert(e->enabled && e->has_rollout && !e->killed);
	ck_assert_int_eq(e->rollout, 5);
	ck_assert_str_eq(e->stage, "canary");
	e = env_of(&m, "flag-a", "development");
	ck_assert(!e->enabled && !e->killed);
	ck_assert_str_eq(e->stage, "off");

	e = env_of(&m, "half-flag", "production");
	ck_assert_str_eq(e->stage, "half");
	e = env_of(&m, "half-flag", "development");
	ck_assert_str_eq(e->stage, "ga");
	ck_assert_str_eq(env_of(&m, "ga-flag", "production")->stage, "ga");

	e = env_of(&m, "killed-flag", "production");
	ck_assert(!e->enabled && e->killed);
	ck_assert_int_eq(e->rollout, 20);
	ck_assert_str_eq(e->stage, "killed");

	e = env_of(&m, "custom-flag", "production");
	ck_assert_int_eq(e->rollout, 33);
	ck_assert_str_eq(e->stage, "custom");

	e = env_of(&m, "other-flag", "production");
	ck_assert(e->enabled && !e->has_rollout);
	ck_assert_int_eq(e->other_strategies, 1);
	ck_assert_str_eq(e->stage, "custom");

	f = model_find_flag(&m, "flags", "child-flag");
	ck_assert_uint_eq(f->ndeps, 1);
	ck_assert_str_eq(f->deps[0].flag, "half-flag");
	ck_assert(f->deps[0].enabled);
	f = model_find_flag(&m, "flags", "flag-b");
	ck_assert_str_eq(f->type, "release");
	ck_assert_uint_eq(f->ndeps, 1);
	ck_assert_str_eq(f->deps[0].flag, "flag-a");
	ck_assert_str_eq(model_find_flag(&m, "flags", "half-flag")->type, "experiment");

	ck_assert_uint_eq(m.nedges, 2);

	/* Recent changes: the newest of child-flag is its enabling in production. */
	ck_assert_uint_ge(m.nevents, 20);
	ev = model_last_event(&m, "flags", "child-flag");
	ck_assert_ptr_nonnull(ev);
	ck_assert_str_eq(ev->type, "feature-environment-enabled");
	ck_assert_str_eq(ev->env, "production");
	ck_assert_str_eq(ev->by, "admin");
	ck_assert_double_eq_tol(ev->time, 1795676197.388, 0.001);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(unleash_errors)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct config cfg;
	struct response resp[4];
	struct model_part part;
	struct poll_ctx ctx;
	char *cause = NULL;

	config_from(&cfg, "{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://x\",\"environments\":[\"development\",\"staging\"]}]}");
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = 0;
	memset(&part, 0, sizeof part);

	response_from(&resp[0], "unleash-poll/error-401.json", 401);
	response_from(&resp[1], "unleash-poll/error-401.json", 401);
	response_from(&resp[2], "unleash-poll/error-401.json", 401);
	response_from(&resp[3], "unleash-poll/error-401.json", 401);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_msg(strstr(cause, "401") && strstr(cause, "unauthorized"), "%s", cause);
	free(cause);
	cause = NULL;
	model_part_free(&part);
	response_release(&resp[0]);

	/* An environment the project does not have. */
	response_from(&resp[0], "unleash-poll/features.json", 200);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_msg(strstr(cause, "staging") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	model_part_free(&part);

	/* Not JSON at all. */
	response_release(&resp[0]);
	resp[0].status = 200;
	resp[0].body = xstrdup("<html>proxy error</html>");
	resp[0].len = strlen(resp[0].body);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_msg(strstr(cause, "invalid JSON") != NULL, "%s", cause);
	free(cause);
	model_part_free(&part);
	response_release(&resp[0]);
	response_release(&resp[1]);
	response_release(&resp[2]);
	response_release(&resp[3]);
	config_free(&cfg);
}
END_TEST

/* A poll of one flag in production: enabled, rollout. */
static void
poll_flag(struct model *m, const struct config *cfg, bool enabled, int rollout,
    double now)
{
	struct model_part part;
	struct flag *f;
	struct flag_env *e;

	memset(&part, 0, sizeof part);
	f = part_add_flag(&part);
	f->source = xstrdup("flags");
	f->project = xstrdup("default");
	f->name = xstrdup("new-checkout");
	e = flag_add_env(f);
	e->name = xstrdup("production");
	e->enabled = enabled;
	e->has_rollout = true;
	e->rollout = rollout;
	model_apply(m, "flags", &part);
	model_pins_apply(m, now);
	model_classify(m, cfg);
}

static const struct flag_env *
prod(const struct model *m)
{
	return flag_find_env(model_find_flag(m, "flags", "new-checkout"),
	    "production");
}

/* A verified state shows at once and is not rolled back by older polls. */
START_TEST(model_pins)
{
	struct config cfg;
	struct model m;
	struct flag_state after;
	char *cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "c", MINIMAL, &cause), 0);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	poll_flag(&m, &cfg, true, 5, 100);
	ck_assert_str_eq(prod(&m)->stage, "canary");

	memset(&after, 0, sizeof after);
	after.enabled = true;
	after.has_rollout = true;
	after.rollout = 20;
	model_pin_flag(&m, &cfg, "flags", "new-checkout", "production", &after,
	    100);
	ck_assert_str_eq(prod(&m)->stage, "early");
	/* The service's client API lags: an older answer keeps the pin. */
	poll_flag(&m, &cfg, true, 5, 101.5);
	ck_assert_str_eq(prod(&m)->stage, "early");
	ck_assert(!prod(&m)->disputed);
	/* Once it agrees the pin goes; a later change shows as it is. */
	poll_flag(&m, &cfg, true, 20, 102);
	ck_assert_uint_eq(m.npins, 0);
	poll_flag(&m, &cfg, true, 50, 103);
	ck_assert_str_eq(prod(&m)->stage, "half");

	/* The service never agrees: after MODEL_PIN_S it wins, disputed. */
	model_pin_flag(&m, &cfg, "flags", "new-checkout", "production", &after,
	    200);
	poll_flag(&m, &cfg, true, 50, 200 + MODEL_PIN_S - 0.1);
	ck_assert_str_eq(prod(&m)->stage, "early");
	poll_flag(&m, &cfg, true, 50, 200 + MODEL_PIN_S + 0.1);
	ck_assert_str_eq(prod(&m)->stage, "half");
	ck_assert(prod(&m)->disputed);
	poll_flag(&m, &cfg, true, 50, 210);
	ck_assert(prod(&m)->disputed);
	poll_flag(&m, &cfg, true, 50, 200 + MODEL_PIN_S + MODEL_DISPUTED_S + 1);
	ck_assert(!prod(&m)->disputed);
	ck_assert_uint_eq(m.npins, 0);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* A poll of two flags in production (enabled), each at its rollout. */
static void
poll_two(struct model *m, int a, int b)
{
	struct model_part part;
	struct flag *f;
	struct flag_env *e;
	int i;

	memset(&part, 0, sizeof part);
	for (i = 0; i < 2; i++) {
		f = part_add_flag(&part);
		f->source = xstrdup("flags");
		f->project = xstrdup("default");
		f->name = xstrdup(i == 0 ? "a" : "b");
		e = flag_add_env(f);
		e->name = xstrdup("production");
		e->enabled = true;
		e->has_rollout = true;
		e->rollout = i == 0 ? a : b;
	}
	model_apply(m, "flags", &part);
}

static const struct flag_env *
row_of(const struct model *m, const char *flag)
{
	const struct flag *f = model_find_flag(m, "flags", flag);

	ck_assert_ptr_nonnull(f);
	return &f->envs[0];
}

/*
 * Shared strings (intern.c): equal strings are one copy that
 * intern_free() leaves alone; a private copy (an adapter's or a test's
 * own, or past the table's limit) is freed.  Under AddressSanitizer a
 * wrong free or a leak fails this test.
 */
START_TEST(intern_shares_and_frees)
{
	char buf[32], *a, *b, *mine, *more[INTERN_MAX];
	size_t before = intern_count(), i, n = 0;

	a = intern_str("production");
	b = intern_str("production");
	ck_assert_ptr_eq(a, b);
	ck_assert_str_eq(a, "production");
	ck_assert_ptr_null(intern_str(NULL));
	intern_free(a);
	intern_free(b);
	intern_free(NULL);
	ck_assert_str_eq(intern_str("production"), "production");
	/* An equal string that is not the shared copy is freed. */
	mine = xstrdup("production");
	ck_assert_ptr_ne(mine, a);
	intern_free(mine);
	/* Past INTERN_MAX distinct strings: private copies. */
	for (i = 0; intern_count() < INTERN_MAX && i < INTERN_MAX; i++) {
		snprintf(buf, sizeof buf, "value-%zu", i);
		(void)intern_str(buf);
	}
	ck_assert_uint_eq(intern_count(), INTERN_MAX);
	ck_assert_uint_ge(intern_count(), before);
	for (i = 0; i < 8; i++) {
		snprintf(buf, sizeof buf, "past-the-limit-%zu", i);
		more[n] = intern_str(buf);
		mine = intern_str(buf);
		ck_assert_ptr_ne(more[n], mine);
		intern_free(mine);
		n++;
	}
	ck_assert_uint_eq(intern_count(), INTERN_MAX);
	for (i = 0; i < n; i++)
		intern_free(more[i]);
	/* What was shared stays shared. */
	ck_assert_ptr_eq(intern_str("production"), a);
}
END_TEST

/* A poll changes only the rows of what changed (model_same.c). */
START_TEST(model_keeps_unchanged_rows)
{
	struct model m;
	struct model_part part;
	struct rollout *r;
	const struct flag_env *a, *b;
	char **images = NULL;
	int i;

	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	model_add_source(&m, "k8s", "argo-rollouts");
	poll_two(&m, 5, 20);
	a = row_of(&m, "a");
	b = row_of(&m, "b");
	/* The same answer again: both rows stay as they were. */
	poll_two(&m, 5, 20);
	ck_assert_ptr_eq(row_of(&m, "a"), a);
	ck_assert_ptr_eq(row_of(&m, "b"), b);
	/* b moves on: a stays, b is the new row. */
	poll_two(&m, 5, 50);
	ck_assert_ptr_eq(row_of(&m, "a"), a);
	ck_assert_ptr_ne(row_of(&m, "b"), b);
	ck_assert_int_eq(row_of(&m, "b")->rollout, 50);
	ck_assert_int_eq(row_of(&m, "a")->rollout, 5);
	ck_assert_uint_eq(m.nflags, 2);

	/* Rollouts: the same, and a message where there was none is new. */
	for (i = 0; i < 3; i++) {
		memset(&part, 0, sizeof part);
		r = part_add_rollout(&part);
		r->source = xstrdup("k8s");
		r->namespace = xstrdup("shop");
		r->name = xstrdup("checkout");
		r->kind = xstrdup("Rollout");
		r->status = xstrdup("Healthy");
		r->message = i < 2 ? NULL : xstrdup("");
		rollout_add_image(r, "shop/checkout:1");
		model_apply(&m, "k8s", &part);
		ck_assert_uint_eq(m.nrollouts, 1);
		if (i == 1)
			ck_assert_ptr_eq(m.rollouts[0].images, images);
		else if (i == 2)
			ck_assert_ptr_ne(m.rollouts[0].images, images);
		images = m.rollouts[0].images;
	}
	model_free(&m);
}
END_TEST

/* Page templates: values percent-encoded, unknown keys kept. */
START_TEST(templates)
{
	const char *keys[] = { "namespace", "name", "empty" };
	const char *vals[] = { "shop", "check out/1?", NULL };
	char *u;

	u = template_expand("https://argo/rollouts/{namespace}/{name}?x={empty}"
	    "&{other}", keys, vals, 3);
	ck_assert_str_eq(u, "https://argo/rollouts/shop/check%20out%2F1%3F?x="
	    "&{other}");
	free(u);
	u = template_expand("{name", keys, vals, 3);
	ck_assert_str_eq(u, "{name");
	free(u);
	u = template_expand("", keys, vals, 3);
	ck_assert_str_eq(u, "");
	free(u);
}
END_TEST

START_TEST(model_freshness)
{
	struct model m;
	struct source_status *s;

	model_init(&m);
	model_add_source(&m, "metrics", "prometheus");
	s = model_find_source(&m, "metrics");
	ck_assert_int_eq(s->state, SOURCE_PENDING);
	model_source_failed(&m, "metrics", "connection refused", 10);
	ck_assert_int_eq(s->state, SOURCE_ERROR);
	model_source_ok(&m, "metrics", 11);
	ck_assert_int_eq(s->state, SOURCE_OK);
	ck_assert_ptr_null(s->error);
	model_source_failed(&m, "metrics", "timeout\nwith a newline", 12);
	ck_assert_int_eq(s->state, SOURCE_STALE);
	ck_assert_str_eq(s->error, "timeout?with a newline");
	ck_assert_double_eq(s->last_ok, 11);
	model_free(&m);
}
END_TEST

START_TEST(model_health_and_trend)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	struct service_health *s;
	int round;

	config_from(&cfg, "{\"sources\":[{\"name\":\"m\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}],\"services\":[{\"name\":\"search\","
	    "\"thresholds\":{\"error_ratio_warn\":0.2,\"error_ratio_crit\":0.3}}]}");
	model_init(&m);
	for (round = 0; round < RB_TREND_MAX + 5; round++) {
		memset(&part, 0, sizeof part);
		s = part_add_service(&part);
		s->source = xstrdup("m");
		s->service = xstrdup("checkout");
		s->version = xstrdup("v2");
		s->error_ratio = 0.001 * round;
		s->latency_p99 = 0.1;
		s = part_add_service(&part);
		s->source = xstrdup("m");
		s->service = xstrdup("search");
		s->error_ratio = 0.1;
		s = part_add_service(&part);
		s->source = xstrdup("m");
		s->service = xstrdup("ledger");
		model_apply(&m, "m", &part);
	}
	model_classify(&m, &cfg);
	ck_assert_uint_eq(m.nservices, 3);
	s = &m.services[0];
	ck_assert_uint_eq(s->ntrend, RB_TREND_MAX);
	ck_assert_double_eq_tol(s->trend[RB_TREND_MAX - 1], 0.001 * (RB_TREND_MAX + 4), 1e-12);
	ck_assert_double_eq_tol(s->trend[0], 0.005, 1e-12);
	ck_assert_int_eq(s->health, HEALTH_CRIT);	/* 6.4% >= 5% */
	ck_assert_int_eq(m.services[1].health, HEALTH_OK); /* own thresholds */
	ck_assert_int_eq(m.services[2].health, HEALTH_UNKNOWN);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/*
 * status --json prints one flag at a time: the same bytes as the whole
 * document's json_dumps(), and so with no flags at all.
 */
static void
status_write_same(const json_t *doc, const struct model *m,
    const struct config *cfg, double mono)
{
	struct model none;
	json_t *shell, *empty;
	char *whole, *out = NULL;
	size_t len = 0;
	FILE *fp;

	whole = json_dumps(doc, STATUS_JSON_FLAGS);
	ck_assert_ptr_nonnull(whole);
	ck_assert_ptr_nonnull(strstr(whole, "\"flags\": [\n"));
	shell = status_json_shell(m, cfg, 1795651200, mono);
	fp = open_memstream(&out, &len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(status_json_write(fp, shell, m), 0);
	fclose(fp);
	ck_assert_uint_eq(len, strlen(whole) + 1);
	ck_assert_int_eq(memcmp(out, whole, len - 1), 0);
	ck_assert_int_eq(out[len - 1], '\n');
	json_decref(shell);
	free(whole);
	free(out);

	model_init(&none);
	empty = status_json(&none, cfg, 1795651200, mono);
	whole = json_dumps(empty, STATUS_JSON_FLAGS);
	ck_assert_ptr_nonnull(strstr(whole, "\"flags\": []"));
	shell = status_json_shell(&none, cfg, 1795651200, mono);
	out = NULL;
	fp = open_memstream(&out, &len);
	ck_assert_int_eq(status_json_write(fp, shell, &none), 0);
	fclose(fp);
	ck_assert_uint_eq(len, strlen(whole) + 1);
	ck_assert_int_eq(memcmp(out, whole, len - 1), 0);
	json_decref(shell);
	json_decref(empty);
	free(whole);
	free(out);
	model_free(&none);
}

START_TEST(status_json_schema)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	struct service_health *s;
	struct rollout *r;
	json_t *doc, *src, *fl, *env;

	poll_unleash(&cfg, &m);
	memset(&part, 0, sizeof part);
	s = part_add_service(&part);
	s->source = xstrdup("metrics");
	s->service = xstrdup("ledger");
	s->version = xstrdup("v1");
	s->request_rate = 0;
	r = part_add_rollout(&part);
	r->source = xstrdup("metrics");
	r->name = xstrdup("checkout");
	r->namespace = xstrdup("shop");
	model_apply(&m, "metrics", &part);
	model_add_source(&m, "k8s", "argo-rollouts");
	model_source_ok(&m, "flags", 100);
	model_source_failed(&m, "k8s", "connection refused", 100);

	doc = status_json(&m, &cfg, 1795651200, 100.5);
	status_write_same(doc, &m, &cfg, 100.5);
	ck_assert_str_eq(json_string_value(json_object_get(doc, "generated_at")),
	    "2026-11-26T00:00:00Z");
	src = json_array_get(json_object_get(doc, "sources"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(src, "state")), "ok");
	ck_assert_double_eq_tol(json_real_value(json_object_get(src, "last_ok_age_s")), 0.5, 1e-9);
	ck_assert(json_is_null(json_object_get(src, "error")));
	src = json_array_get(json_object_get(doc, "sources"), 1);
	ck_assert_str_eq(json_string_value(json_object_get(src, "state")), "error");
	ck_assert(json_is_null(json_object_get(src, "last_ok_age_s")));
	ck_assert_str_eq(json_string_value(json_object_get(src, "error")), "connection refused");

	fl = json_array_get(json_object_get(doc, "flags"), 0);
	ck_assert(json_is_string(json_object_get(fl, "project")));
	ck_assert(json_is_array(json_object_get(fl, "depends_on")));
	env = json_array_get(json_object_get(fl, "environments"), 0);
	ck_assert(json_is_boolean(json_object_get(env, "enabled")));
	ck_assert(json_is_boolean(json_object_get(env, "killed")));
	ck_assert(json_is_string(json_object_get(env, "stage")));

	s = NULL;
	src = json_array_get(json_object_get(doc, "services"), 0);
	ck_assert(json_is_null(json_object_get(src, "error_ratio")));
	ck_assert(json_is_null(json_object_get(src, "latency_p99_s")));
	ck_assert(json_is_number(json_object_get(src, "request_rate")));
	ck_assert_str_eq(json_string_value(json_object_get(src, "health")), "unknown");

	src = json_array_get(json_object_get(doc, "rollouts"), 0);
	ck_assert(json_is_null(json_object_get(src, "step")));
	ck_assert(json_is_null(json_object_get(src, "set_weight")));
	ck_assert(json_is_object(json_object_get(src, "replicas")));

	src = json_array_get(json_object_get(json_object_get(doc, "graph"), "edges"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(src, "kind")), "flag-dependency");
	ck_assert(strncmp(json_string_value(json_object_get(src, "from")), "flag:", 5) == 0);
	json_decref(doc);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

START_TEST(response_errors)
{
	struct response r;
	char *e;

	memset(&r, 0, sizeof r);
	r.status = 500;
	r.body = "{\"name\":\"UnknownError\",\"message\":\"Test operation failed\"}";
	r.len = strlen(r.body);
	e = response_error(&r);
	ck_assert_str_eq(e, "HTTP 500: Test operation failed");
	free(e);
	r.status = 404;
	r.body = "404 page not found\n";
	r.len = strlen(r.body);
	e = response_error(&r);
	ck_assert_str_eq(e, "HTTP 404 not found: 404 page not found");
	free(e);
	r.status = 0;
	r.error = "connection refused";
	e = response_error(&r);
	ck_assert_str_eq(e, "connection refused");
	free(e);
	e = url_escape("a b/c&d=é");
	ck_assert_str_eq(e, "a%20b%2Fc%26d%3D%C3%A9");
	free(e);
}
END_TEST


/* The prometheus adapter over answers of a real Prometheus 2.42 (backfilled). */
static const struct service_health *
svc(const struct model *m, const char *name, const char *version)
{
	size_t i;

	for (i = 0; i < m->nservices; i++) {
		if (streq(m->services[i].service, name) &&
		    streq(m->services[i].version, version))
			return &m->services[i];
	}
	ck_abort_msg("service %s %s missing", name, version);
	return NULL;
}

/*
 * Only the configured services (and names aliased to them) are asked for:
 * {services} in the default and in a configured query becomes one regular
 * expression, escaped for RE2 and for a PromQL string.
 */
START_TEST(prometheus_configured_services)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct poll_ctx ctx;
	struct config cfg;
	char *re;
	size_t i, n;

	config_from(&cfg, "{\"sources\":[{\"name\":\"metrics\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\",\"query_latency_p99\":\"max by (service,version)"
	    "(p99{service=~\\\"{services}\\\"})\",\"query_rate\":\"sum by (service,"
	    "version)(x)\"}],\"services\":[{\"name\":\"checkout\"},{\"name\":"
	    "\"a.b\"}],\"service_aliases\":{\"ledger-v2\":\"checkout\"}}");
	re = prom_services_regex(&cfg);
	ck_assert_str_eq(re, "checkout|a\\\\.b|ledger-v2");
	free(re);
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = 1795002400;
	memset(reqs, 0, sizeof reqs);
	n = ad->plan(&ctx, reqs);
	/* A configured query without {services} is sent as it is. */
	ck_assert_msg(strstr(reqs[0].path, "query=sum%20by%20%28service%2Cversion%29%28x%29&")
	    != NULL, "%s", reqs[0].path);
	/* The default error ratio: service=~"checkout|a\\.b|ledger-v2". */
	ck_assert_msg(strstr(reqs[1].path, "service%3D~%22checkout%7Ca%5C%5C.b%7Cledger-v2%22")
	    != NULL, "%s", reqs[1].path);
	ck_assert_msg(strstr(reqs[2].path, "max%20by%20%28service%2Cversion%29%28p99%7B"
	    "service%3D~%22checkout%7Ca%5C%5C.b%7Cledger-v2%22%7D%29") != NULL,
	    "%s", reqs[2].path);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	config_free(&cfg);
}
END_TEST

START_TEST(prometheus_real_answers)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct response resp[4];
	struct model_part part;
	struct poll_ctx ctx;
	struct config cfg;
	struct model m;
	const struct service_health *s;
	char *cause = NULL;
	size_t i, n;

	config_from(&cfg, "{\"sources\":[{\"name\":\"metrics\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}]}");
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = 1795002400;
	memset(reqs, 0, sizeof reqs);
	n = ad->plan(&ctx, reqs);
	ck_assert_uint_eq(n, 7);	/* and the otel, istio, linkerd graphs */
	/* No services configured: every service ({services} is .+). */
	ck_assert_msg(strstr(reqs[0].path, "/api/v1/query?query=sum%20by%20%28service%2Cversion%29"
	    "%28rate%28http_requests_total%7Bservice%3D~%22.%2B%22%7D%5B1m%5D%29%29"
	    "&time=1795002400") == reqs[0].path, "%s", reqs[0].path);
	/* The trend's range ends on the last whole minute; asked for once. */
	ck_assert_msg(strstr(reqs[3].path, "/api/v1/query_range?") == reqs[3].path, "%s",
	    reqs[3].path);
	ck_assert_msg(strstr(reqs[3].path, "&start=1795000620.000&end=1795002360.000&step=30")
	    != NULL, "%s", reqs[3].path);
	ck_assert_int_eq(reqs[3].reuse, 1);
	ck_assert_int_eq(reqs[0].reuse, 0);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);

	response_from(&resp[0], "prometheus/vector-rate.json", 200);
	response_from(&resp[1], "prometheus/vector-error-ratio.json", 200);
	response_from(&resp[2], "prometheus/vector-p99.json", 200);
	response_from(&resp[3], "prometheus/matrix-error-ratio.json", 200);
	memset(&part, 0, sizeof part);
	ck_assert_msg(ad->parse(&ctx, resp, 4, &part, &cause) == 0, "%s", cause);
	model_init(&m);
	model_apply(&m, "metrics", &part);
	model_classify(&m, &cfg);
	ck_assert_uint_eq(m.nservices, 5);

	s = svc(&m, "checkout", "v1");
	ck_assert_double_eq(s->request_rate, 100);
	ck_assert_double_eq(s->error_ratio, 0.002);
	ck_assert_double_eq(s->latency_p99, 0.375);
	ck_assert_int_eq(s->health, HEALTH_OK);
	s = svc(&m, "checkout", "v2");
	ck_assert_double_eq(s->error_ratio, 0.08);
	ck_assert_int_eq(s->health, HEALTH_CRIT);
	s = svc(&m, "search", "v1");
	ck_assert_int_eq(s->health, HEALTH_WARN);	/* 2 %, p99 0.75 s */
	s = svc(&m, "payments", "v1");
	ck_assert_double_eq(s->latency_p99, 0.4375);
	ck_assert_int_eq(s->health, HEALTH_OK);
	s = svc(&m, "ledger", "v1");
	ck_assert_double_eq(s->request_rate, 0);
	ck_assert(isnan(s->error_ratio) && isnan(s->latency_p99));
	ck_assert_int_eq(s->health, HEALTH_UNKNOWN);

	/*
	 * Trend: 60 slots of 30 s ending at 1795002390; the capture has a
	 * point every 60 s, so odd slots hold data.  search misses S+1560
	 * and S+1620 (slots 31 and 33); checkout v2 starts at S+660 (slot 1).
	 */
	s = svc(&m, "search", "v1");
	ck_assert_uint_eq(s->ntrend, RB_TREND_MAX);
	ck_assert_double_eq(s->trend[29], 0.02);
	ck_assert(isnan(s->trend[31]) && isnan(s->trend[33]));
	ck_assert_double_eq(s->trend[35], 0.02);
	s = svc(&m, "checkout", "v2");
	ck_assert_double_eq(s->trend[1], 0.08);
	ck_assert(isnan(s->trend[0]));
	s = svc(&m, "ledger", "v1");
	ck_assert(isnan(s->trend[59]));
	/* The newest point is the poll's own error ratio. */
	s = svc(&m, "checkout", "v2");
	ck_assert_double_eq(s->trend[59], 0.08);
	s = svc(&m, "search", "v1");
	ck_assert_double_eq(s->trend[59], 0.02);
	model_free(&m);
	for (i = 0; i < 4; i++)
		response_release(&resp[i]);

	/* Inf is no data for a ratio; an error body names the query. */
	response_from(&resp[0], "prometheus/vector-rate.json", 200);
	response_from(&resp[1], "prometheus/inf.json", 200);
	response_from(&resp[2], "prometheus/vector-p99.json", 200);
	response_from(&resp[3], "prometheus/matrix-error-ratio.json", 200);
	memset(&part, 0, sizeof part);
	ck_assert_msg(ad->parse(&ctx, resp, 4, &part, &cause) == 0, "%s", cause);
	ck_assert(isnan(part.services[0].error_ratio));
	model_part_free(&part);
	response_release(&resp[1]);
	response_from(&resp[1], "prometheus/error-400.json", 400);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_msg(strstr(cause, "error ratio query") && strstr(cause, "parse error"),
	    "%s", cause);
	free(cause);
	cause = NULL;
	model_part_free(&part);
	response_release(&resp[1]);
	response_from(&resp[1], "prometheus/scalar.json", 200);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_msg(strstr(cause, "expected a vector, got a scalar") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	model_part_free(&part);
	response_release(&resp[1]);
	response_from(&resp[1], "prometheus/404.txt", 404);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_msg(strstr(cause, "HTTP 404") != NULL, "%s", cause);
	free(cause);
	model_part_free(&part);
	for (i = 0; i < 4; i++)
		response_release(&resp[i]);
	config_free(&cfg);
}
END_TEST


#define TWO_ENVS "{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\"," \
	"\"url\":\"http://x\",\"environments\":[\"development\",\"production\"]}]}"

/*
 * Parse one Unleash poll of the given answers (unleash-poll/ files; the
 * events answer is the captured one).  Returns parse()'s result.
 */
static int
parse_poll(struct config *cfg, const char *admin, const char *dev,
    const char *prod, struct model_part *part, char **cause)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct response resp[4];
	struct poll_ctx ctx;
	int rc;
	size_t i;

	ctx.src = &cfg->sources[0];
	ctx.cfg = cfg;
	ctx.at = 0;
	response_from(&resp[0], admin, 200);
	response_from(&resp[1], dev, 200);
	response_from(&resp[2], prod, 200);
	response_from(&resp[3], "unleash-poll/events.json", 200);
	memset(part, 0, sizeof *part);
	*cause = NULL;
	rc = ad->parse(&ctx, resp, 4, part, cause);
	for (i = 0; i < 4; i++)
		response_release(&resp[i]);
	return rc;
}

static void
apply_poll(struct model *m, struct config *cfg, struct model_part *part)
{
	model_apply(m, "flags", part);
	model_source_ok(m, "flags", 100);
	model_classify(m, cfg);
	model_build_graph(m, cfg);
	model_effective(m);
}

/* The JSON object of a flag's environment in status --json. */
static json_t *
json_env(json_t *doc, const char *flag, const char *env)
{
	json_t *f, *e;
	size_t i, j;

	json_array_foreach(json_object_get(doc, "flags"), i, f) {
		if (!streq(json_string_value(json_object_get(f, "name")), flag))
			continue;
		json_array_foreach(json_object_get(f, "environments"), j, e) {
			if (streq(json_string_value(json_object_get(e, "name")), env))
				return e;
		}
	}
	ck_abort_msg("no %s in %s in the JSON", env, flag);
	return NULL;
}

/* A client answer about another environment is no answer. */
START_TEST(unleash_answer_about_another_environment)
{
	struct config cfg;
	struct model_part part;
	char *cause;

	config_from(&cfg, TWO_ENVS);
	ck_assert_int_eq(parse_poll(&cfg, "unleash-poll/features.json",
	    "unleash-poll/client-development.json",
	    "unleash-poll/client-development.json", &part, &cause), -1);
	ck_assert_str_eq(cause, "environment production: the answer is about "
	    "environment development, not production");
	free(cause);
	model_part_free(&part);
	config_free(&cfg);
}
END_TEST

/*
 * A client answer that lacks flags: those flags are unknown in that
 * environment (no stage, not killed, not off), the source says the answer
 * was incomplete, and parents that no answer gave are kept from the poll
 * before.
 */
START_TEST(unleash_partial_answer)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	const struct flag_env *e;
	const struct flag *f;
	const struct source_status *src;
	json_t *doc, *je, *jf;
	char *cause;
	size_t i;
	unsigned long gen;

	/* First a complete poll, as the dashboard had it. */
	config_from(&cfg, TWO_ENVS);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	ck_assert_int_eq(parse_poll(&cfg, "unleash-poll/features.json",
	    "unleash-poll/client-development.json",
	    "unleash-poll/client-production.json", &part, &cause), 0);
	ck_assert_ptr_null(part.warning);
	apply_poll(&m, &cfg, &part);
	ck_assert_str_eq(env_of(&m, "killed-flag", "production")->stage, "killed");
	ck_assert_uint_eq(m.nedges, 2);
	gen = m.graph_gen;

	/* Production lacks killed-flag and child-flag; development child-flag. */
	ck_assert_int_eq(parse_poll(&cfg, "unleash-poll/features.json",
	    "unleash-poll/wrong/client-development-missing.json",
	    "unleash-poll/wrong/client-production-missing.json", &part,
	    &cause), 0);
	ck_assert_str_eq(part.warning, "incomplete answer: the client answer "
	    "for development lacks 1 of 9 flags (child-flag); the client "
	    "answer for production lacks 2 of 9 flags (killed-flag, "
	    "child-flag)");
	apply_poll(&m, &cfg, &part);

	e = env_of(&m, "killed-flag", "production");
	ck_assert(e->unknown && !e->killed && !e->has_rollout);
	ck_assert_str_eq(e->stage, "unknown");
	ck_assert_str_eq(e->reason, "the client answer for production left it out");
	e = env_of(&m, "killed-flag", "development");	/* that answer had it */
	ck_assert(!e->unknown);
	ck_assert_str_eq(e->stage, "off");
	e = env_of(&m, "child-flag", "production");
	ck_assert(e->unknown && e->blocked_by == NULL);
	ck_assert_str_eq(e->stage, "unknown");
	/* Every other flag is as before. */
	ck_assert_str_eq(env_of(&m, "flag-a", "production")->stage, "canary");
	ck_assert_str_eq(env_of(&m, "half-flag", "production")->stage, "half");

	/* child-flag's parent, known only from the poll before, stays. */
	f = model_find_flag(&m, "flags", "child-flag");
	ck_assert(f->deps_unknown);
	ck_assert_uint_eq(f->ndeps, 1);
	ck_assert_str_eq(f->deps[0].flag, "half-flag");
	ck_assert(!model_find_flag(&m, "flags", "flag-b")->deps_unknown);
	ck_assert_uint_eq(m.nedges, 2);
	ck_assert_uint_eq(m.graph_gen, gen);	/* the same edges */

	src = model_find_source(&m, "flags");
	ck_assert_int_eq(src->state, SOURCE_OK);
	ck_assert_ptr_nonnull(src->warning);

	doc = status_json(&m, &cfg, 1795651200, 100.5);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(
	    json_object_get(doc, "sources"), 0), "warning")), src->warning);
	je = json_env(doc, "killed-flag", "production");
	ck_assert(json_is_null(json_object_get(je, "stage")));
	ck_assert(json_is_null(json_object_get(je, "rollout")));
	ck_assert(json_is_null(json_object_get(je, "killed")));
	ck_assert_str_eq(json_string_value(json_object_get(je, "reason")),
	    "the client answer for production left it out");
	je = json_env(doc, "flag-a", "production");
	ck_assert_str_eq(json_string_value(json_object_get(je, "stage")), "canary");
	ck_assert(json_is_null(json_object_get(je, "reason")));
	json_array_foreach(json_object_get(doc, "flags"), i, jf) {
		if (streq(json_string_value(json_object_get(jf, "name")),
		    "child-flag")) {
			ck_assert(json_is_string(json_object_get(jf,
			    "depends_on_reason")));
			ck_assert_uint_eq(json_array_size(json_object_get(jf,
			    "depends_on")), 1);
		} else
			ck_assert(json_is_null(json_object_get(jf,
			    "depends_on_reason")));
	}
	json_decref(doc);

	/* The next complete poll clears it all. */
	ck_assert_int_eq(parse_poll(&cfg, "unleash-poll/features.json",
	    "unleash-poll/client-development.json",
	    "unleash-poll/client-production.json", &part, &cause), 0);
	apply_poll(&m, &cfg, &part);
	ck_assert_ptr_null(model_find_source(&m, "flags")->warning);
	ck_assert_str_eq(env_of(&m, "killed-flag", "production")->stage, "killed");
	ck_assert(!model_find_flag(&m, "flags", "child-flag")->deps_unknown);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* An answer with no flags at all: every flag unknown there, none "ga". */
START_TEST(unleash_empty_client_answer)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	char *cause;
	size_t i;

	config_from(&cfg, TWO_ENVS);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	ck_assert_int_eq(parse_poll(&cfg, "unleash-poll/features.json",
	    "unleash-poll/client-development.json",
	    "unleash-poll/wrong/client-production-empty.json", &part,
	    &cause), 0);
	ck_assert_str_eq(part.warning, "incomplete answer: the client answer "
	    "for production lacks 9 of 9 flags (flag-a, flag-b, ga-flag, ...)");
	apply_poll(&m, &cfg, &part);
	for (i = 0; i < m.nflags; i++) {
		const struct flag_env *e = flag_find_env(&m.flags[i], "production");

		ck_assert_msg(e->unknown && strcmp(e->stage, "unknown") == 0 &&
		    !e->killed, "%s: %s", m.flags[i].name, e->stage);
	}
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* Names with control characters match between the answers; shown cleaned. */
START_TEST(unleash_control_characters)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	const struct flag_env *e;
	char *cause;

	config_from(&cfg, TWO_ENVS);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	ck_assert_int_eq(parse_poll(&cfg, "unleash-poll/wrong/features-control.json",
	    "unleash-poll/wrong/client-development-control.json",
	    "unleash-poll/wrong/client-production-control.json", &part,
	    &cause), 0);
	ck_assert_ptr_null(part.warning);
	apply_poll(&m, &cfg, &part);
	e = env_of(&m, "ga?flag", "production");
	ck_assert(!e->unknown && e->has_rollout);
	ck_assert_int_eq(e->rollout, 100);
	ck_assert_str_eq(e->stage, "ga");
	model_free(&m);
	config_free(&cfg);
}
END_TEST

/* A single-flag read must be about the flag (and project) asked for. */
START_TEST(unleash_read_of_another_flag)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct config cfg;
	struct response r;
	struct flag_state st;
	char *cause = NULL, *body;
	int missing = -1;

	config_from(&cfg, TWO_ENVS);
	response_from(&r, "unleash/feature-parent.json", 200);	/* payments-v2 */
	ck_assert_int_eq(ad->parse_flag(&cfg.sources[0], "new-checkout",
	    "production", &r, &st, &missing, &cause), -1);
	ck_assert_int_eq(missing, 0);		/* a failure, not "no such flag" */
	ck_assert_str_eq(cause, "reading new-checkout: the answer is about flag "
	    "payments-v2, not new-checkout");
	free(cause);
	cause = NULL;
	response_release(&r);

	/* The right flag of another project. */
	response_from(&r, "unleash/feature-with-strategy.json", 200);
	body = strstr(strstr((char *)r.body, "\"project\""), "default");
	memcpy(body, "dEfault", 7);
	ck_assert_int_eq(ad->parse_flag(&cfg.sources[0], "new-checkout",
	    "production", &r, &st, &missing, &cause), -1);
	ck_assert_str_eq(cause, "reading new-checkout: the answer is about "
	    "project dEfault, not default");
	free(cause);
	cause = NULL;
	response_release(&r);

	/* And the right one reads. */
	response_from(&r, "unleash/feature-with-strategy.json", 200);
	ck_assert_int_eq(ad->parse_flag(&cfg.sources[0], "new-checkout",
	    "production", &r, &st, &missing, &cause), 0);
	ck_assert_int_eq(st.rollout, 5);
	flag_state_free(&st);
	response_release(&r);
	config_free(&cfg);
}
END_TEST

/* Prometheus answers of another shape than the query asked for. */
START_TEST(prometheus_wrong_answers)
{
	const struct adapter_entry *ad = adapter_find("prometheus");
	struct response resp[4];
	struct model_part part;
	struct poll_ctx ctx;
	struct config cfg;
	char *cause = NULL;
	size_t i;

	config_from(&cfg, "{\"sources\":[{\"name\":\"metrics\",\"kind\":\"prometheus\","
	    "\"url\":\"http://x\"}]}");
	ctx.src = &cfg.sources[0];
	ctx.cfg = &cfg;
	ctx.at = 1795002400;

	/* A matrix for the instant rate query. */
	response_from(&resp[0], "prometheus/matrix-error-ratio.json", 200);
	response_from(&resp[1], "prometheus/vector-error-ratio.json", 200);
	response_from(&resp[2], "prometheus/vector-p99.json", 200);
	response_from(&resp[3], "prometheus/matrix-error-ratio.json", 200);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_str_eq(cause, "rate query: expected a vector, got a matrix");
	ck_assert_uint_eq(part.nservices, 0);
	free(cause);
	cause = NULL;
	model_part_free(&part);

	/* A vector for the range (trend) query. */
	response_release(&resp[0]);
	response_release(&resp[3]);
	response_from(&resp[0], "prometheus/vector-rate.json", 200);
	response_from(&resp[3], "prometheus/vector-rate.json", 200);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_str_eq(cause, "trend query: expected a matrix, got a vector");
	free(cause);
	cause = NULL;
	model_part_free(&part);

	/* A status that is neither success nor error. */
	response_release(&resp[2]);
	response_from(&resp[2], "prometheus/wrong-status.json", 200);
	ck_assert_int_eq(ad->parse(&ctx, resp, 4, &part, &cause), -1);
	ck_assert_str_eq(cause, "p99 query: expected status success, got pending");
	free(cause);
	model_part_free(&part);
	for (i = 0; i < 4; i++)
		response_release(&resp[i]);
	config_free(&cfg);
}
END_TEST

/* model_find_flag: by name, by source, and after flags change. */
START_TEST(model_flag_index)
{
	struct model m;
	struct model_part part;
	struct flag *f;
	const char *srcs[] = { "a", "b" };
	size_t i, k;

	model_init(&m);
	for (k = 0; k < 2; k++) {
		memset(&part, 0, sizeof part);
		for (i = 0; i < 300; i++) {
			f = part_add_flag(&part);
			f->source = xstrdup(srcs[k]);
			f->name = xasprintf("flag-%zu", i);
			f->type = xstrdup(k == 0 ? "release" : "experiment");
		}
		model_apply(&m, srcs[k], &part);
	}
	ck_assert_str_eq(model_find_flag(&m, "b", "flag-7")->source, "b");
	ck_assert_str_eq(model_find_flag(&m, "a", "flag-299")->source, "a");
	ck_assert_str_eq(model_find_flag(&m, NULL, "flag-7")->source, "a");
	ck_assert_ptr_null(model_find_flag(&m, "c", "flag-7"));
	ck_assert_ptr_null(model_find_flag(&m, NULL, "flag-300"));
	/* Source a again, with fewer flags: b's are still found. */
	memset(&part, 0, sizeof part);
	f = part_add_flag(&part);
	f->source = xstrdup("a");
	f->name = xstrdup("only");
	model_apply(&m, "a", &part);
	ck_assert_ptr_null(model_find_flag(&m, "a", "flag-7"));
	ck_assert_str_eq(model_find_flag(&m, NULL, "flag-7")->source, "b");
	ck_assert_str_eq(model_find_flag(&m, NULL, "only")->source, "a");
	model_free(&m);
}
END_TEST

/*
 * strmap: keys put and removed in a shuffled order (so that removals
 * shift runs that wrap around the table) are found, or not, exactly as a
 * plain array of them says.
 */
START_TEST(strmap_put_del)
{
	struct strmap	 m;
	char		 keys[600][16];
	int		 in[600];
	size_t		 i, k, round;
	unsigned int	 seed = 12345;

	strmap_init(&m);
	ck_assert_uint_eq(strmap_del(&m, "none"), STRMAP_NONE);
	memset(in, 0, sizeof in);
	for (i = 0; i < 600; i++)
		snprintf(keys[i], sizeof keys[i], "rs-%zu", i * 7919);
	for (round = 0; round < 20000; round++) {
		seed = seed * 1103515245 + 12345;
		k = (seed >> 8) % 600;
		if (in[k]) {
			ck_assert_uint_eq(strmap_del(&m, keys[k]), k);
			in[k] = 0;
		} else {
			ck_assert_uint_eq(strmap_put(&m, keys[k], k), k);
			in[k] = 1;
		}
		if (round % 97 != 0)
			continue;
		for (i = 0; i < 600; i++)
			ck_assert_uint_eq(strmap_get(&m, keys[i]),
			    in[i] ? i : STRMAP_NONE);
	}
	for (k = i = 0; i < 600; i++)
		k += (size_t)in[i];
	ck_assert_uint_eq(m.n, k);
	ck_assert_uint_eq(strmap_del(&m, "rs-no"), STRMAP_NONE);
	strmap_free(&m);
}
END_TEST

static Suite *
core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("config");
	tcase_add_test(tc, config_minimal);
	tcase_add_test(tc, config_errors);
	tcase_add_test(tc, config_token_file);
	tcase_add_test(tc, config_load_missing_file);
	tcase_add_test(tc, stages_match);
	suite_add_tcase(s, tc);
	tc = tcase_create("model");
	tcase_add_test(tc, model_freshness);
	tcase_add_test(tc, model_pins);
	tcase_add_test(tc, model_keeps_unchanged_rows);
	tcase_add_test(tc, intern_shares_and_frees);
	tcase_add_test(tc, templates);
	tcase_add_test(tc, model_health_and_trend);
	tcase_add_test(tc, status_json_schema);
	tcase_add_test(tc, strmap_put_del);
	suite_add_tcase(s, tc);
	tc = tcase_create("unleash");
	tcase_add_test(tc, unleash_real_answers);
	tcase_add_test(tc, unleash_errors);
	tcase_add_test(tc, unleash_answer_about_another_environment);
	tcase_add_test(tc, unleash_partial_answer);
	tcase_add_test(tc, unleash_empty_client_answer);
	tcase_add_test(tc, unleash_control_characters);
	tcase_add_test(tc, unleash_read_of_another_flag);
	tcase_add_test(tc, prometheus_wrong_answers);
	tcase_add_test(tc, model_flag_index);
	tcase_add_test(tc, response_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("prometheus");
	tcase_add_test(tc, prometheus_real_answers);
	tcase_add_test(tc, prometheus_configured_services);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
