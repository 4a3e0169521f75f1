/*
 * check_actions.c - unit tests of the flag actions' pure parts: reading one
 * flag from answers captured from a real Unleash 7.5.1, the writes planned
 * for each action (JSON Patch with a compare-and-set test, strategy
 * creation, on/off), how write answers are judged, each action's decision
 * and refusals, and the health guard.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "actions/action.h"
#include "core/adapter.h"
#include "core/decide.h"
#include "core/flag_state.h"
#include "core/util.h"
#include "testutil.h"

#define CONFIG "{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\"," \
	"\"url\":\"http://x\"},{\"name\":\"metrics\",\"kind\":\"prometheus\"," \
	"\"url\":\"http://y\"}],\"services\":[{\"name\":\"checkout\"," \
	"\"flags\":[\"new-checkout\"]}]}"

static const struct adapter_entry *
unleash(void)
{
	return adapter_find("unleash");
}

/* Parse a captured single-flag answer for one environment. */
static int
read_fixture(struct config *cfg, const char *file, const char *flag, const char *env,
    long status, struct flag_state *st, int *missing, char **cause)
{
	struct response r;
	int rc;

	response_from(&r, file, status);
	rc = unleash()->parse_flag(&cfg->sources[0], flag, env, &r, st, missing, cause);
	response_release(&r);
	return rc;
}

START_TEST(parse_flag_states)
{
	struct config cfg;
	struct flag_state st;
	char *cause = NULL;
	int missing;

	config_from(&cfg, CONFIG);
	ck_assert_int_eq(read_fixture(&cfg, "unleash/feature-with-dependency.json",
	    "new-checkout", "production", 200, &st, &missing, &cause), 0);
	ck_assert(st.enabled && st.has_rollout);
	ck_assert_int_eq(st.rollout, 5);
	ck_assert_str_eq(st.rollout_json, "\"5\"");
	ck_assert_str_eq(st.strategy_id, "fb414e74-78a0-430c-8ece-5e5f0016352e");
	ck_assert_uint_eq(st.ndeps, 1);
	ck_assert_str_eq(st.deps[0].flag, "payments-v2");
	ck_assert_uint_eq(st.nenvs, 2);
	flag_state_free(&st);

	ck_assert_int_eq(read_fixture(&cfg, "unleash/feature-killed.json",
	    "new-checkout", "production", 200, &st, &missing, &cause), 0);
	ck_assert(!st.enabled && st.rollout == 20);
	ck_assert_str_eq(flag_stage_of(&cfg, st.enabled, st.has_rollout, st.rollout,
	    st.other_strategies), "killed");
	flag_state_free(&st);

	ck_assert_int_eq(read_fixture(&cfg, "unleash/feature-other-strategy.json",
	    "beta-search", "production", 200, &st, &missing, &cause), 0);
	ck_assert(st.enabled && !st.has_rollout);
	ck_assert_int_eq(st.other_strategies, 1);
	flag_state_free(&st);

	ck_assert_int_eq(read_fixture(&cfg, "unleash/feature-parent.json",
	    "payments-v2", "production", 200, &st, &missing, &cause), 0);
	ck_assert_uint_eq(st.nchildren, 1);
	ck_assert_str_eq(st.children[0], "new-checkout");
	flag_state_free(&st);

	/* Unknown environment and unknown flag are "missing", not failures. */
	ck_assert_int_eq(read_fixture(&cfg, "unleash/feature-with-strategy.json",
	    "new-checkout", "staging", 200, &st, &missing, &cause), -1);
	ck_assert_int_eq(missing, 1);
	ck_assert_str_eq(cause, "flag new-checkout has no environment \"staging\" "
	    "(it has: development, production)");
	free(cause);
	ck_assert_int_eq(read_fixture(&cfg, "unleash/error-404-flag.json",
	    "no-such-flag", "production", 404, &st, &missing, &cause), -1);
	ck_assert_int_eq(missing, 1);
	ck_assert_msg(strstr(cause, "no flag named \"no-such-flag\"") != NULL, "%s", cause);
	free(cause);
	ck_assert_int_eq(read_fixture(&cfg, "unleash/error-401.json",
	    "new-checkout", "production", 401, &st, &missing, &cause), -1);
	ck_assert_int_eq(missing, 0);
	ck_assert_msg(strstr(cause, "401") != NULL, "%s", cause);
	free(cause);
	config_free(&cfg);
}
END_TEST

static size_t
plan(struct config *cfg, const char *file, const char *flag, const char *env,
    bool enabled, int rollout, struct request_desc *reqs)
{
	struct flag_state st;
	struct flag_target t = { enabled, rollout };
	char *cause = NULL;
	int missing;
	size_t n;

	ck_assert_int_eq(read_fixture(cfg, file, flag, env, 200, &st, &missing, &cause), 0);
	n = unleash()->plan_write(&cfg->sources[0], flag, env, &st, &t, reqs);
	flag_state_free(&st);
	return n;
}

static void
free_reqs(struct request_desc *reqs, size_t n)
{
	while (n > 0)
		request_desc_free(&reqs[--n]);
}

START_TEST(plan_writes)
{
	struct config cfg;
	struct request_desc reqs[RB_MAX_REQUESTS];
	size_t n;
	const char *base = "/api/admin/projects/default/features/new-checkout/"
	    "environments/production";
	char *want;

	config_from(&cfg, CONFIG);
	/* canary -> early: one PATCH that tests "5" then replaces with "20". */
	n = plan(&cfg, "unleash/feature-with-dependency.json", "new-checkout",
	    "production", true, 20, reqs);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(reqs[0].method, "PATCH");
	want = xasprintf("%s/strategies/fb414e74-78a0-430c-8ece-5e5f0016352e", base);
	ck_assert_str_eq(reqs[0].path, want);
	free(want);
	ck_assert_str_eq(reqs[0].body, "[{\"op\":\"test\",\"path\":\"/parameters/rollout\","
	    "\"value\":\"5\"},{\"op\":\"replace\",\"path\":\"/parameters/rollout\","
	    "\"value\":\"20\"}]");
	free_reqs(reqs, n);

	/* kill: only "off"; the percentage stays. */
	n = plan(&cfg, "unleash/feature-with-dependency.json", "new-checkout",
	    "production", false, RB_UNKNOWN_INT, reqs);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(reqs[0].method, "POST");
	want = xasprintf("%s/off", base);
	ck_assert_str_eq(reqs[0].path, want);
	free(want);
	ck_assert_ptr_null(reqs[0].body);
	free_reqs(reqs, n);

	/* stage off: the tested PATCH to 0 first, then disable. */
	n = plan(&cfg, "unleash/feature-with-dependency.json", "new-checkout",
	    "production", false, 0, reqs);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(reqs[0].method, "PATCH");
	ck_assert_msg(strstr(reqs[0].body, "\"op\":\"test\"") != NULL, "%s", reqs[0].body);
	ck_assert_msg(strstr(reqs[0].body, "\"value\":\"0\"") != NULL, "%s", reqs[0].body);
	ck_assert_msg(strstr(reqs[1].path, "/off") != NULL, "%s", reqs[1].path);
	free_reqs(reqs, n);

	/* restore a killed flag: only "on". */
	n = plan(&cfg, "unleash/feature-killed.json", "new-checkout", "production",
	    true, 20, reqs);
	ck_assert_uint_eq(n, 1);
	ck_assert_msg(strstr(reqs[0].path, "/on") != NULL, "%s", reqs[0].path);
	free_reqs(reqs, n);

	/* No strategy yet: create the flexibleRollout one, then enable. */
	n = plan(&cfg, "unleash/feature-no-strategy.json", "legacy-banner",
	    "production", true, 5, reqs);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(reqs[0].method, "POST");
	ck_assert_msg(strstr(reqs[0].path, "/strategies") != NULL, "%s", reqs[0].path);
	ck_assert_str_eq(reqs[0].body, "{\"name\":\"flexibleRollout\",\"constraints\":[],"
	    "\"parameters\":{\"rollout\":\"5\",\"stickiness\":\"default\","
	    "\"groupId\":\"legacy-banner\"}}");
	ck_assert_msg(strstr(reqs[1].path, "/on") != NULL, "%s", reqs[1].path);
	free_reqs(reqs, n);

	/* Already there: nothing to send. */
	n = plan(&cfg, "unleash/feature-with-dependency.json", "new-checkout",
	    "production", true, 5, reqs);
	ck_assert_uint_eq(n, 0);

	/* Out-of-range percentages are never sent. */
	n = plan(&cfg, "unleash/feature-with-dependency.json", "new-checkout",
	    "production", true, 150, reqs);
	ck_assert_uint_eq(n, 0);
	config_free(&cfg);
}
END_TEST

START_TEST(write_outcomes)
{
	struct response r;

	response_from(&r, "unleash/patch-test-failed.json", 500);
	ck_assert_int_eq(unleash()->write_outcome(&r), WRITE_CONFLICT);
	response_release(&r);
	response_from(&r, "unleash/strategy-patched.json", 200);
	ck_assert_int_eq(unleash()->write_outcome(&r), WRITE_OK);
	response_release(&r);
	response_from(&r, "unleash/error-404-strategy.json", 404);
	ck_assert_int_eq(unleash()->write_outcome(&r), WRITE_FAILED);
	response_release(&r);
	response_from(&r, "unleash/error-401.json", 401);
	ck_assert_int_eq(unleash()->write_outcome(&r), WRITE_FAILED);
	response_release(&r);
}
END_TEST

/* Run an action's decision on a hand-made state. */
static int
decide(struct config *cfg, const char *action, const char *stage, bool enabled,
    int rollout, struct flag_target *t, int *usage, char **why)
{
	struct flag_state st;
	struct decision d;
	enum decide_result r;

	memset(&st, 0, sizeof st);
	st.enabled = enabled;
	st.has_rollout = rollout != RB_UNKNOWN_INT;
	st.rollout = rollout;
	r = flag_decide(cfg, action, stage, &st, false, &d);
	*usage = r == DECIDE_USAGE;
	*why = d.why;
	*t = d.target;
	d.why = NULL;
	decision_free(&d);
	return r == DECIDE_OK || r == DECIDE_NOTHING ? 0 : -1;
}

START_TEST(decisions)
{
	struct config cfg;
	struct flag_target t;
	int usage;
	char *why;

	config_from(&cfg, CONFIG);
	ck_assert_int_eq(decide(&cfg, "stage", "next", true, 5, &t, &usage, &why), 0);
	ck_assert(t.enabled && t.rollout == 20);
	ck_assert_int_eq(decide(&cfg, "stage", "previous", true, 5, &t, &usage, &why), 0);
	ck_assert(!t.enabled && t.rollout == 0);
	ck_assert_int_eq(decide(&cfg, "stage", "next", false, 0, &t, &usage, &why), 0);
	ck_assert(t.enabled && t.rollout == 5);
	/* A custom 33% steps to the nearest stage above or below. */
	ck_assert_int_eq(decide(&cfg, "stage", "next", true, 33, &t, &usage, &why), 0);
	ck_assert_int_eq(t.rollout, 50);
	ck_assert_int_eq(decide(&cfg, "stage", "previous", true, 33, &t, &usage, &why), 0);
	ck_assert_int_eq(t.rollout, 20);
	ck_assert_int_eq(decide(&cfg, "stage", "next", true, 100, &t, &usage, &why), -1);
	ck_assert_str_eq(why, "it is already at the last stage (ga)");
	free(why);
	ck_assert_int_eq(decide(&cfg, "stage", "next", false, 20, &t, &usage, &why), -1);
	ck_assert_str_eq(why, "it is killed: restore it first");
	free(why);
	ck_assert_int_eq(decide(&cfg, "stage", "beta", true, 5, &t, &usage, &why), -1);
	ck_assert_int_eq(usage, 1);
	free(why);
	ck_assert_int_eq(decide(&cfg, "stage", "off", true, RB_UNKNOWN_INT, &t, &usage,
	    &why), 0);
	ck_assert(!t.enabled && t.rollout == RB_UNKNOWN_INT);

	ck_assert_int_eq(decide(&cfg, "kill", NULL, true, 50, &t, &usage, &why), 0);
	ck_assert(!t.enabled && t.rollout == RB_UNKNOWN_INT);
	ck_assert_int_eq(decide(&cfg, "kill", NULL, false, 50, &t, &usage, &why), -1);
	ck_assert_str_eq(why, "it is already killed");
	free(why);
	ck_assert_int_eq(decide(&cfg, "kill", NULL, false, 0, &t, &usage, &why), -1);
	ck_assert_str_eq(why, "it is already off");
	free(why);

	ck_assert_int_eq(decide(&cfg, "restore", NULL, false, 20, &t, &usage, &why), 0);
	ck_assert(t.enabled && t.rollout == 20);
	ck_assert_int_eq(decide(&cfg, "restore", NULL, true, 20, &t, &usage, &why), -1);
	ck_assert_str_eq(why, "it is not killed (it is early)");
	free(why);
	config_free(&cfg);
}
END_TEST

/*
 * The confirmation and the action decide alike: for every action, stage
 * and state, the decision on the polled state (what the dialog shows) is
 * the decision on the same state read from the service's answer (what the
 * action acts on).
 */
static void
env_json(char *buf, size_t len, const char *type, bool enabled, int rollout,
    int other)
{
	char strat[256] = "";
	size_t n = 0;

	if (rollout != -2)
		n += (size_t)snprintf(strat + n, sizeof strat - n, "{\"id\":\"s1\","
		    "\"name\":\"flexibleRollout\",\"disabled\":false,"
		    "\"parameters\":{\"rollout\":\"%s\",\"stickiness\":\"default\","
		    "\"groupId\":\"f\"}}", rollout == RB_UNKNOWN_INT ? "lots" :
		    (snprintf(buf, len, "%d", rollout), buf));
	if (other)
		n += (size_t)snprintf(strat + n, sizeof strat - n, "%s{\"id\":\"s2\","
		    "\"name\":\"userWithId\",\"parameters\":{\"userIds\":\"a\"}}",
		    n ? "," : "");
	snprintf(buf, len, "{\"name\":\"f\",\"project\":\"default\","
	    "\"environments\":[{\"name\":\"production\",\"type\":\"%s\","
	    "\"enabled\":%s,\"strategies\":[%s]}]}", type, enabled ? "true" :
	    "false", strat);
}

START_TEST(preview_is_the_decision)
{
	static const int rollouts[] = { -2, RB_UNKNOWN_INT, 0, 5, 20, 33, 50, 100 };
	static const char *const types[] = { "production", "development" };
	static const char *const actions[][2] = {
		{ "stage", "next" }, { "stage", "previous" }, { "stage", "off" },
		{ "stage", "canary" }, { "stage", "early" }, { "stage", "half" },
		{ "stage", "ga" }, { "kill", NULL }, { "restore", NULL },
	};
	struct config cfg;
	struct flag_env e;
	struct flag_state polled, read;
	struct decision a, b;
	struct response r;
	char doc[1024], *cause = NULL;
	size_t i, k, t, n = 0;
	int en, other, missing;

	config_from(&cfg, CONFIG);
	for (t = 0; t < 2; t++)
	for (en = 0; en < 2; en++)
	for (other = 0; other < 2; other++)
	for (i = 0; i < sizeof rollouts / sizeof rollouts[0]; i++) {
		env_json(doc, sizeof doc, types[t], en, rollouts[i], other);
		memset(&r, 0, sizeof r);
		r.status = 200;
		r.body = doc;
		r.len = strlen(doc);
		memset(&read, 0, sizeof read);
		ck_assert_msg(unleash()->parse_flag(&cfg.sources[0], "f",
		    "production", &r, &read, &missing, &cause) == 0, "%s: %s",
		    doc, cause);
		/* The same state as a poll puts it in the model. */
		memset(&e, 0, sizeof e);
		e.name = (char *)"production";
		e.type = (char *)types[t];
		e.enabled = en;
		e.has_rollout = rollouts[i] != -2;
		e.rollout = rollouts[i] == -2 ? RB_UNKNOWN_INT : rollouts[i];
		e.other_strategies = other;
		flag_state_of_env(&e, &polled);
		for (k = 0; k < sizeof actions / sizeof actions[0]; k++) {
			flag_decide(&cfg, actions[k][0], actions[k][1], &polled,
			    decide_env_protected(&cfg, e.name, e.type), &a);
			flag_decide(&cfg, actions[k][0], actions[k][1], &read,
			    decide_env_protected(&cfg, "production",
			    read.env_type), &b);
			ck_assert_int_eq(a.result, b.result);
			ck_assert_int_eq(a.target.enabled, b.target.enabled);
			ck_assert_int_eq(a.target.rollout, b.target.rollout);
			ck_assert_str_eq(a.before, b.before);
			ck_assert_pstr_eq(a.after, b.after);
			ck_assert_pstr_eq(a.why, b.why);
			ck_assert_pstr_eq(a.stage, b.stage);
			ck_assert_int_eq(a.needs_name, b.needs_name);
			ck_assert_int_eq(a.needs_reason, b.needs_reason);
			ck_assert_int_eq(a.protected_off, b.protected_off);
			/* Off for everyone in production asks what a kill asks. */
			if (a.result == DECIDE_OK && en && !a.target.enabled)
				ck_assert_int_eq(a.needs_name, t == 0 ||
				    strcmp(actions[k][0], "kill") == 0);
			decision_free(&a);
			decision_free(&b);
			n++;
		}
		flag_state_free(&read);
	}
	ck_assert_uint_eq(n, 2 * 2 * 2 * 8 * 9);
	config_free(&cfg);
}
END_TEST

/* protected_environments in the config guards a move to off like a kill. */
START_TEST(protected_environments)
{
	struct config cfg;
	struct flag_state st;
	struct decision d;
	char *cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "t.json", "{\"sources\":[{\"name\":"
	    "\"flags\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"protected_environments\":[\"staging\"]}", &cause), 0);
	memset(&st, 0, sizeof st);
	st.enabled = true;
	st.has_rollout = true;
	st.rollout = 5;
	ck_assert(decide_env_protected(&cfg, "staging", "development"));
	ck_assert(decide_env_protected(&cfg, "prod-eu", "production"));
	ck_assert(!decide_env_protected(&cfg, "development", NULL));
	ck_assert_int_eq(flag_decide(&cfg, "stage", "previous", &st, true, &d),
	    DECIDE_OK);
	ck_assert(d.protected_off && d.needs_name && d.needs_reason);
	decision_free(&d);
	ck_assert_int_eq(flag_decide(&cfg, "stage", "previous", &st, false, &d),
	    DECIDE_OK);
	ck_assert(!d.protected_off && !d.needs_name && !d.needs_reason);
	decision_free(&d);
	/* Raising is never guarded so. */
	ck_assert_int_eq(flag_decide(&cfg, "stage", "next", &st, true, &d),
	    DECIDE_OK);
	ck_assert(!d.needs_name);
	decision_free(&d);
	config_free(&cfg);
	ck_assert_int_eq(config_parse(&cfg, "t.json", "{\"sources\":[{\"name\":"
	    "\"flags\",\"kind\":\"unleash\",\"url\":\"http://x\"}],"
	    "\"protected_environments\":\"staging\"}", &cause), -1);
	ck_assert_str_eq(cause, "t.json: protected_environments: must be an "
	    "array of strings");
	free(cause);
}
END_TEST

START_TEST(raises_and_health_guard)
{
	struct config cfg;
	struct model m;
	struct model_part part;
	struct service_health *s;
	struct flag_state before;
	struct flag_target up = { true, 20 }, down = { true, 0 }, kill = { false, -1 };
	struct action_args a;
	struct guard_ctx g;
	const struct guard_entry *health = NULL;
	char *why = NULL;
	size_t i;

	memset(&before, 0, sizeof before);
	before.enabled = before.has_rollout = true;
	before.rollout = 5;
	ck_assert(action_raises(&before, &up));
	ck_assert(!action_raises(&before, &down));
	ck_assert(!action_raises(&before, &kill));
	before.enabled = false;		/* restoring raises */
	ck_assert(action_raises(&before, &(struct flag_target){ true, 5 }));
	before.enabled = true;

	for (i = 0; guard_table[i] != NULL; i++) {
		if (strcmp(guard_table[i]->name, "health") == 0)
			health = guard_table[i];
	}
	ck_assert_ptr_nonnull(health);
	config_from(&cfg, CONFIG);
	model_init(&m);
	model_add_source(&m, "metrics", "prometheus");
	model_source_ok(&m, "metrics", 1);
	memset(&part, 0, sizeof part);
	s = part_add_service(&part);
	s->source = xstrdup("metrics");
	s->service = xstrdup("checkout");
	s->version = xstrdup("v2");
	s->error_ratio = 0.08;
	s->latency_p99 = 0.875;
	model_apply(&m, "metrics", &part);
	model_classify(&m, &cfg);

	memset(&a, 0, sizeof a);
	a.flag = "new-checkout";
	memset(&g, 0, sizeof g);
	g.cfg = &cfg;
	g.model = &m;
	g.a = &a;
	g.src = &cfg.sources[0];
	g.before = &before;
	g.target = &up;
	ck_assert_int_eq(health->check(&g, &why), -1);
	ck_assert_str_eq(why, "service checkout v2 is crit: error ratio 8.00%, p99 875 ms");
	free(why);
	why = NULL;
	g.target = &kill;	/* killing is never blocked */
	ck_assert_int_eq(health->check(&g, &why), 0);
	g.target = &up;
	a.flag = "dark-mode";	/* no service owns it */
	ck_assert_int_eq(health->check(&g, &why), 0);
	a.flag = "new-checkout";
	model_source_failed(&m, "metrics", "connection refused", 2);
	ck_assert_int_eq(health->check(&g, &why), -1);
	ck_assert_msg(strstr(why, "metrics source metrics is stale (connection refused)")
	    != NULL, "%s", why);
	free(why);
	model_free(&m);
	config_free(&cfg);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("actions");
	TCase *tc = tcase_create("unleash");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, parse_flag_states);
	tcase_add_test(tc, plan_writes);
	tcase_add_test(tc, write_outcomes);
	suite_add_tcase(s, tc);
	tc = tcase_create("decide");
	tcase_add_test(tc, decisions);
	tcase_add_test(tc, preview_is_the_decision);
	tcase_add_test(tc, protected_environments);
	tcase_add_test(tc, raises_and_health_guard);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
