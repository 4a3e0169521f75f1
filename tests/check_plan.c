/*
 * check_plan.c - release plans in the core library: each error of a bad
 * plan file named (all of them, not only the first), the checks against
 * the configuration and the latest poll, the plan's marks in a journal,
 * where it stands (before, at a step, the service lagging a write,
 * someone else's change) and what it does next (advance, hold,
 * not_before, a failing gate, kill on crit, done).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core/plan.h"
#include "core/util.h"
#include "testutil.h"

#define CFG "{\"sources\": [" \
	"{\"name\": \"flags\", \"kind\": \"unleash\", \"url\": \"http://x\"}," \
	"{\"name\": \"metrics\", \"kind\": \"prometheus\", \"url\": \"http://y\"}]," \
	"\"services\": [{\"name\": \"checkout\", \"flags\": [\"new-checkout\"]}]}"

#define GOOD "{\"name\": \"checkout-redesign\", \"source\": \"flags\", " \
	"\"flag\": \"new-checkout\", \"environment\": \"production\", " \
	"\"steps\": [{\"stage\": \"canary\", \"hold_s\": 3600, " \
	"\"not_before\": \"2026-12-01T09:00:00Z\"}, {\"stage\": \"early\", " \
	"\"hold_s\": 86400}, {\"stage\": \"ga\"}], \"gates\": {\"services\": " \
	"\"ok\", \"kpis\": \"ok\"}, \"on_crit\": \"hold\"}"

#define NB1	1796115600.0	/* 2026-12-01T09:00:00Z */

static struct config cfg;

static void
setup(void)
{
	config_from(&cfg, CFG);
}

static void
teardown(void)
{
	config_free(&cfg);
}

/* Parse and check against the config; the errors, joined by '\n'. */
static char *
errors_of(const char *text, struct plan *p)
{
	struct plan_errors e = { NULL, 0, 0 };
	char *all = xstrdup(""), *t;
	size_t i;

	if (plan_parse(p, "p.json", text, &e) == 0 || p->nsteps > 0)
		plan_check_config(p, &cfg, &e);
	for (i = 0; i < e.n; i++) {
		ck_assert_ptr_null(strchr(e.v[i], '\n'));
		t = xasprintf("%s%s\n", all, e.v[i]);
		free(all);
		all = t;
	}
	plan_errors_free(&e);
	return all;
}

/* The plan of the issue, parsed and checked without an error. */
static void
good(struct plan *p)
{
	char *errs = errors_of(GOOD, p);

	ck_assert_str_eq(errs, "");
	free(errs);
}

static void
has(const char *errs, const char *want)
{
	ck_assert_msg(strstr(errs, want) != NULL, "\"%s\" not in:\n%s", want, errs);
}

START_TEST(parse_good)
{
	struct plan p;
	char *errs = errors_of(GOOD, &p);

	ck_assert_str_eq(errs, "");
	ck_assert_str_eq(p.name, "checkout-redesign");
	ck_assert_str_eq(p.flag, "new-checkout");
	ck_assert_str_eq(p.env, "production");
	ck_assert_uint_eq(p.nsteps, 3);
	ck_assert_int_eq(p.steps[0].percent, 5);
	ck_assert_int_eq(p.steps[1].percent, 20);
	ck_assert_int_eq(p.steps[2].percent, 100);
	ck_assert_double_eq(p.steps[0].hold_s, 3600);
	ck_assert_double_eq(p.steps[0].not_before, NB1);
	ck_assert(p.gates[PLAN_GATE_SERVICES] && p.gates[PLAN_GATE_KPIS]);
	ck_assert_int_eq(p.on_crit, PLAN_ON_CRIT_HOLD);
	ck_assert_str_eq(plan_source(&p, &cfg), "flags");
	free(errs);
	plan_free(&p);
}
END_TEST

/* Every problem of one file is listed. */
START_TEST(parse_every_error)
{
	struct plan p;
	char *errs = errors_of("{\"name\": \"bad name\", \"source\": \"metrics\", "
	    "\"environment\": 7, \"steps\": [{\"stage\": \"early\", \"hold_s\": -1}, "
	    "{\"stage\": \"canary\", \"not_before\": \"tomorrow\", \"wait\": 1}, "
	    "{\"stage\": \"warp\"}, {\"stage\": \"ga\", \"hold_s\": \"1h\"}], "
	    "\"gates\": {\"services\": \"good\", \"moon\": \"ok\"}, "
	    "\"on_crit\": \"panic\", \"colour\": \"red\"}", &p);

	has(errs, "plan: unknown key \"colour\"");
	has(errs, "\"name\" must be 1 to 64 letters");
	has(errs, "plan: \"flag\" is missing");
	has(errs, "plan: \"environment\" must be a non-empty string");
	has(errs, "step 1: \"hold_s\" must be a number of seconds");
	has(errs, "step 2: unknown key \"wait\"");
	has(errs, "step 2: \"not_before\": expected an RFC 3339 time");
	has(errs, "step 4: \"hold_s\" must be a number");
	has(errs, "gates: \"services\" must be \"ok\"");
	has(errs, "gates: unknown gate \"moon\"");
	has(errs, "\"on_crit\" must be \"hold\" or \"kill\"");
	has(errs, "source metrics (prometheus) has no flags");
	has(errs, "step 2: canary (5%) is not above early (20%)");
	has(errs, "step 3: unknown stage \"warp\" (stages: off, canary, early, "
	    "half, ga)");
	free(errs);
	plan_free(&p);
}
END_TEST

START_TEST(parse_structure)
{
	struct plan p;
	char *errs;

	errs = errors_of("{\"name\": ", &p);
	has(errs, "not JSON: line 1");
	free(errs);
	plan_free(&p);
	errs = errors_of("[1]", &p);
	has(errs, "a plan must be a JSON object");
	free(errs);
	plan_free(&p);
	errs = errors_of("{\"name\": \"a\", \"flag\": \"f\", \"environment\": "
	    "\"e\", \"steps\": []}", &p);
	has(errs, "\"steps\" must be a non-empty array");
	free(errs);
	plan_free(&p);
	/* Off is no step up; a later not_before may not be earlier. */
	errs = errors_of("{\"name\": \"a\", \"flag\": \"f\", \"environment\": "
	    "\"e\", \"source\": \"nope\", \"steps\": [{\"stage\": \"off\"}, "
	    "{\"stage\": \"canary\", \"not_before\": \"2026-12-02T00:00:00Z\"}, "
	    "{\"stage\": \"ga\", \"not_before\": \"2026-12-01T00:00:00Z\"}, "
	    "{\"stage\": \"ga\"}]}", &p);
	has(errs, "step 1: off (0%) is not above off (0%)");
	has(errs, "step 3: \"not_before\" is earlier than step 2's");
	has(errs, "step 4: ga (100%) is not above ga (100%)");
	has(errs, "plan: unknown source \"nope\"");
	free(errs);
	plan_free(&p);
}
END_TEST

static void
add_flag(struct model *m, const char *name, const char *env, bool enabled,
    int rollout)
{
	struct model_part part;
	struct flag *f;
	struct flag_env *fe;

	memset(&part, 0, sizeof part);
	f = part_add_flag(&part);
	f->source = xstrdup("flags");
	f->name = xstrdup(name);
	fe = flag_add_env(f);
	fe->name = xstrdup(env);
	fe->enabled = enabled;
	fe->has_rollout = rollout >= 0;
	fe->rollout = rollout;
	model_apply(m, "flags", &part);
	model_source_ok(m, "flags", 1);
	model_classify(m, &cfg);
}

START_TEST(check_model)
{
	struct plan_errors e = { NULL, 0, 0 };
	struct model m;
	struct plan p;

	good(&p);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	ck_assert_uint_eq(plan_check_model(&p, &cfg, &m, &e), 1);
	has(e.v[0], "cannot check flag new-checkout: source flags did not answer");
	plan_errors_free(&e);
	add_flag(&m, "other", "production", false, -1);
	ck_assert_uint_eq(plan_check_model(&p, &cfg, &m, &e), 1);
	ck_assert_str_eq(e.v[0], "plan: unknown flag \"new-checkout\" in source flags");
	plan_errors_free(&e);
	add_flag(&m, "new-checkout", "staging", false, -1);
	ck_assert_uint_eq(plan_check_model(&p, &cfg, &m, &e), 1);
	ck_assert_str_eq(e.v[0], "plan: unknown environment \"production\" for "
	    "flag new-checkout (environments: staging)");
	plan_errors_free(&e);
	add_flag(&m, "new-checkout", "production", false, -1);
	ck_assert_uint_eq(plan_check_model(&p, &cfg, &m, &e), 0);
	model_free(&m);
	plan_free(&p);
}
END_TEST

static json_t *
entry(const char *time, const char *flag, const char *reason, const char *result)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "time", time,
	    "action", "stage", "source", "flags", "flag", flag, "environment",
	    "production", "reason", reason, "result", result);
}

START_TEST(marks)
{
	struct plan_mark *mk;
	struct plan p;
	json_t *j = json_array(), *e;

	good(&p);
	json_array_append_new(j, entry("2026-12-01T09:00:05Z", "new-checkout",
	    "plan checkout-redesign step 1/3", "done"));
	json_array_append_new(j, entry("2026-12-01T09:10:00Z", "new-checkout",
	    "plan checkout-redesign step 2/3", "refused"));	/* not sent */
	json_array_append_new(j, entry("2026-12-01T09:11:00Z", "other",
	    "plan checkout-redesign step 2/3", "done"));	/* another flag */
	json_array_append_new(j, entry("2026-12-01T09:12:00Z", "new-checkout",
	    "plan checkout-redesign step 2/4", "done"));	/* another plan */
	json_array_append_new(j, entry("2026-12-01T09:13:00Z", "new-checkout",
	    "plan checkout-redesign2 step 2/3", "done"));
	json_array_append_new(j, entry("2026-12-01T09:14:00Z", "new-checkout",
	    "by hand", "done"));
	e = entry("2026-12-01T09:15:00Z", "new-checkout",
	    "plan checkout-redesign step 2/3", "done");
	json_object_set_new(e, "environment", json_string("development"));
	json_array_append_new(j, e);
	json_array_append_new(j, entry("2026-12-01T10:00:06Z", "new-checkout",
	    "plan checkout-redesign step 2/3", "unknown"));
	ck_assert_uint_eq(plan_marks(&p, &cfg, j, &mk), 2);
	ck_assert_uint_eq(mk[0].step, 1);
	ck_assert_double_eq(mk[0].time, NB1 + 5);
	ck_assert(mk[0].done);
	ck_assert_uint_eq(mk[1].step, 2);
	ck_assert(!mk[1].done);
	free(mk);
	json_decref(j);
	plan_free(&p);
}
END_TEST

static struct flag_state
state(bool enabled, int rollout)
{
	struct flag_state fs;

	memset(&fs, 0, sizeof fs);
	fs.enabled = enabled;
	fs.has_rollout = rollout >= 0;
	fs.rollout = rollout;
	return fs;
}

START_TEST(position)
{
	struct plan_mark mk[2] = { { 1, NB1 + 5, true }, { 2, NB1 + 3700, true } };
	struct flag_state off = state(false, -1), canary = state(true, 5),
	    early = state(true, 20), half = state(true, 50), killed = state(false, 5);
	struct plan_pos pos;
	struct plan p;

	good(&p);
	plan_position(&cfg, &p, &off, mk, 0, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_STEP);
	ck_assert_uint_eq(pos.step, 0);
	plan_pos_free(&pos);
	/* At a step with no mark: someone else moved it. */
	plan_position(&cfg, &p, &canary, mk, 0, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_CONFLICT);
	has(pos.why, "new-checkout in production is canary (5%), and plan "
	    "checkout-redesign has not moved it");
	plan_pos_free(&pos);
	plan_position(&cfg, &p, &canary, mk, 1, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_STEP);
	ck_assert_uint_eq(pos.step, 1);
	ck_assert_double_eq(pos.since, NB1 + 5);
	plan_pos_free(&pos);
	plan_position(&cfg, &p, &early, mk, 2, &pos);
	ck_assert_uint_eq(pos.step, 2);
	ck_assert_double_eq(pos.since, NB1 + 3700);
	plan_pos_free(&pos);
	/* Back at the step before a verified move: someone else. */
	plan_position(&cfg, &p, &canary, mk, 2, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_CONFLICT);
	has(pos.why, "is canary (5%), but plan checkout-redesign left it at "
	    "early (step 2/3)");
	plan_pos_free(&pos);
	/* A last move that did not take: where it was before. */
	mk[1].done = false;
	plan_position(&cfg, &p, &canary, mk, 2, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_STEP);
	ck_assert_uint_eq(pos.step, 1);
	ck_assert_double_eq(pos.since, NB1 + 5);
	plan_pos_free(&pos);
	mk[1].done = true;
	plan_position(&cfg, &p, &half, mk, 2, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_CONFLICT);
	plan_pos_free(&pos);
	plan_position(&cfg, &p, &killed, mk, 1, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_CONFLICT);
	has(pos.why, "killed");
	plan_pos_free(&pos);
	plan_position(&cfg, &p, NULL, mk, 1, &pos);
	ck_assert_int_eq(pos.at, PLAN_AT_UNKNOWN);
	plan_pos_free(&pos);
	plan_free(&p);
}
END_TEST

/* The model with the metrics source answering and checkout's health. */
static void
health(struct model *m, enum health h)
{
	struct model_part part;
	struct service_health *s;

	memset(&part, 0, sizeof part);
	s = part_add_service(&part);
	s->source = xstrdup("metrics");
	s->service = xstrdup("checkout");
	s->error_ratio = 0.2;
	s->latency_p99 = 0.1;
	s->request_rate = 1;
	model_apply(m, "metrics", &part);
	model_source_ok(m, "metrics", 1);
	m->services[0].health = h;
}

static enum plan_move
next(const struct plan *p, const struct model *m, size_t step, double since,
    double now, struct plan_next *nx)
{
	struct plan_pos pos = { PLAN_AT_STEP, step, since, NULL };

	plan_next(&cfg, m, p, &pos, now, nx);
	return nx->move;
}

START_TEST(next_moves)
{
	struct plan_next nx;
	struct model m;
	struct plan p;

	good(&p);
	model_init(&m);
	model_add_source(&m, "metrics", "prometheus");
	health(&m, HEALTH_OK);
	/* Step 1 waits for its not_before. */
	ck_assert_int_eq(next(&p, &m, 0, 0, NB1 - 60, &nx), PLAN_WAIT_TIME);
	ck_assert_double_eq(nx.at, NB1);
	ck_assert_str_eq(nx.next_stage, "canary");
	ck_assert_str_eq(plan_blocked_by(&nx), "not_before");
	has(nx.why, "canary not before 2026-12-01T09:00:00Z");
	plan_next_free(&nx);
	ck_assert_int_eq(next(&p, &m, 0, 0, NB1, &nx), PLAN_ADVANCE);
	ck_assert_uint_eq(nx.next, 1);
	ck_assert_ptr_null(plan_blocked_by(&nx));
	plan_next_free(&nx);
	/* Held for hold_s from the end of the journal's second. */
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 3600, &nx), PLAN_WAIT_HOLD);
	ck_assert_double_eq(nx.at, NB1 + 3601);
	has(nx.why, "holding canary until 2026-12-01T10:00:01Z");
	plan_next_free(&nx);
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 3601, &nx), PLAN_ADVANCE);
	ck_assert_str_eq(nx.next_stage, "early");
	plan_next_free(&nx);
	ck_assert_int_eq(next(&p, &m, 3, NB1, NB1, &nx), PLAN_DONE);
	ck_assert_ptr_null(nx.next_stage);
	plan_next_free(&nx);
	/* Warn passes, as the health guard lets it. */
	health(&m, HEALTH_WARN);
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 4000, &nx), PLAN_ADVANCE);
	plan_next_free(&nx);
	/* Crit holds it (on_crit hold), with the hold's end still known. */
	health(&m, HEALTH_CRIT);
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 10, &nx), PLAN_WAIT_GATE);
	ck_assert_int_eq(nx.gate, PLAN_GATE_SERVICES);
	ck_assert_str_eq(plan_blocked_by(&nx), "gate:services");
	has(nx.why, "gate services fails: service checkout is crit: error ratio "
	    "20.00%");
	ck_assert_double_eq(nx.at, NB1 + 3601);
	plan_next_free(&nx);
	/* on_crit kill: killed once it is on; before step 1 it only waits. */
	p.on_crit = PLAN_ON_CRIT_KILL;
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 10, &nx), PLAN_KILL);
	has(nx.why, "gate services is crit");
	plan_next_free(&nx);
	ck_assert_int_eq(next(&p, &m, 0, 0, NB1 + 10, &nx), PLAN_WAIT_GATE);
	plan_next_free(&nx);
	/* Metrics not answering: the health is unknown, it waits. */
	health(&m, HEALTH_OK);
	model_source_failed(&m, "metrics", "connection refused", 2);
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 4000, &nx), PLAN_WAIT_GATE);
	has(nx.why, "metrics source metrics is stale (connection refused)");
	plan_next_free(&nx);
	/* Without the services gate nothing of that counts. */
	p.gates[PLAN_GATE_SERVICES] = false;
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 4000, &nx), PLAN_ADVANCE);
	plan_next_free(&nx);
	/* The KPIs gate: a warn KPI passes, a crit one holds, naming it. */
	m.kpis = xcalloc(1, sizeof *m.kpis);
	m.nkpis = m.kpis_cap = 1;
	m.kpis[0].source = xstrdup("metrics");
	m.kpis[0].name = xstrdup("tickets");
	m.kpis[0].flag = xstrdup(p.flag);
	m.kpis[0].env = xstrdup(p.env);
	m.kpis[0].value = 9;
	m.kpis[0].health = HEALTH_WARN;
	p.on_crit = PLAN_ON_CRIT_HOLD;
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 4000, &nx), PLAN_ADVANCE);
	plan_next_free(&nx);
	m.kpis[0].health = HEALTH_CRIT;
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 4000, &nx), PLAN_WAIT_GATE);
	ck_assert_int_eq(nx.gate, PLAN_GATE_KPIS);
	has(nx.why, "gate kpis fails: KPI tickets is crit: 9");
	plan_next_free(&nx);
	p.gates[PLAN_GATE_KPIS] = false;
	ck_assert_int_eq(next(&p, &m, 1, NB1, NB1 + 4000, &nx), PLAN_ADVANCE);
	plan_next_free(&nx);
	model_free(&m);
	plan_free(&p);
}
END_TEST

/* status --json's entry: step, next stage and time, what blocks it. */
START_TEST(json_entry)
{
	struct plan_file pf;
	struct model m;
	json_t *arr, *j = json_array(), *o;

	memset(&pf, 0, sizeof pf);
	good(&pf.plan);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	model_add_source(&m, "metrics", "prometheus");
	add_flag(&m, "new-checkout", "production", true, 5);
	health(&m, HEALTH_OK);
	json_array_append_new(j, entry("2026-12-01T09:00:05Z", "new-checkout",
	    "plan checkout-redesign step 1/3", "done"));
	arr = plans_json(&cfg, &m, &pf, 1, j, NB1 + 60);
	o = json_array_get(arr, 0);
	ck_assert_str_eq(json_string_value(json_object_get(o, "name")),
	    "checkout-redesign");
	ck_assert_int_eq(json_integer_value(json_object_get(o, "step")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(o, "steps")), 3);
	ck_assert_str_eq(json_string_value(json_object_get(o, "next_stage")), "early");
	ck_assert_str_eq(json_string_value(json_object_get(o, "next_at")),
	    "2026-12-01T10:00:06Z");
	ck_assert_str_eq(json_string_value(json_object_get(o, "blocked_by")), "hold");
	json_decref(arr);
	/* A bad plan file is listed with its error. */
	pf.error = xstrdup("p.json: step 2: unknown stage \"warp\"");
	arr = plans_json(&cfg, &m, &pf, 1, j, NB1 + 60);
	o = json_array_get(arr, 0);
	ck_assert(json_is_null(json_object_get(o, "step")));
	ck_assert_str_eq(json_string_value(json_object_get(o, "blocked_by")), "error");
	json_decref(arr);
	free(pf.error);
	json_decref(j);
	model_free(&m);
	plan_free(&pf.plan);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("plan");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_good);
	tcase_add_test(tc, parse_every_error);
	tcase_add_test(tc, parse_structure);
	tcase_add_test(tc, check_model);
	tcase_add_test(tc, marks);
	tcase_add_test(tc, position);
	tcase_add_test(tc, next_moves);
	tcase_add_test(tc, json_entry);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
