/*
 * check_notify.c - unit tests of announcements and the flag history:
 * the "notify" config (one of url, url_env, url_file; the URL a secret),
 * the announcement body (text and fields), and the unleash adapter's
 * event log parser on answers captured from a real Unleash 7.5.1
 * (tests/fixtures/unleash-events, tests/services/capture_events.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "core/adapter.h"
#include "core/config.h"
#include "core/notify_body.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "testutil.h"

#define SRC "{\"name\":\"flags\",\"kind\":\"unleash\",\"url\":\"http://127.0.0.1:1\"}"
#define HOOK "http://127.0.0.1:9/services/T0/B0/hook-secret"

static char *
notify_config(const char *notify)
{
	return xasprintf("{\"sources\":[" SRC "],\"notify\":%s}", notify);
}

/* The config with `notify`, expected to fail naming every fragment. */
static void
expect_notify_error(const char *notify, const char *f1, const char *f2)
{
	struct config cfg;
	char *text = notify_config(notify), *cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "conf.json", text, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, f1) != NULL, "no '%s' in: %s", f1, cause);
	if (f2 != NULL)
		ck_assert_msg(strstr(cause, f2) != NULL, "no '%s' in: %s", f2, cause);
	ck_assert_msg(strstr(cause, "hook-secret") == NULL, "URL in: %s", cause);
	free(cause);
	free(text);
}

START_TEST(notify_config_sources)
{
	struct config cfg;
	char path[] = "/tmp/relboard-notify-XXXXXX", *text, *s;
	int fd;

	setenv("RB_CHECK_HOOK", HOOK, 1);
	text = notify_config("[{\"url_env\":\"RB_CHECK_HOOK\",\"events\":"
	    "[\"flag\",\"plan\"]},{\"url\":\"" HOOK "2\",\"timeout_s\":2}]");
	config_from(&cfg, text);
	free(text);
	ck_assert_uint_eq(cfg.nnotify, 2);
	ck_assert_str_eq(cfg.notify[0].url, HOOK);
	ck_assert_str_eq(cfg.notify[0].name, "notify[0] (url_env RB_CHECK_HOOK)");
	ck_assert_uint_eq(cfg.notify[0].events, NOTIFY_FLAG | NOTIFY_PLAN);
	ck_assert_double_eq(cfg.notify[0].timeout_s, 5);
	ck_assert_str_eq(cfg.notify[1].name, "notify[1] (url)");
	ck_assert_uint_eq(cfg.notify[1].events, NOTIFY_FLAG | NOTIFY_ROLLOUT |
	    NOTIFY_PLAN);
	ck_assert_double_eq(cfg.notify[1].timeout_s, 2);
	/* A secret from now on: redacted wherever it would be shown. */
	s = sanitize_dup("posting to " HOOK);
	ck_assert_str_eq(s, "posting to [REDACTED]");
	free(s);
	config_free(&cfg);
	s = sanitize_dup(HOOK);
	ck_assert_str_eq(s, HOOK);
	free(s);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, HOOK "\n", strlen(HOOK) + 1), (int)strlen(HOOK) + 1);
	close(fd);
	text = xasprintf("[{\"url_file\":\"%s\",\"events\":[\"rollout\"]}]", path);
	s = notify_config(text);
	config_from(&cfg, s);
	ck_assert_str_eq(cfg.notify[0].url, HOOK);
	ck_assert_uint_eq(cfg.notify[0].events, NOTIFY_ROLLOUT);
	free(s);
	s = xasprintf("notify[0] (url_file %s)", path);
	ck_assert_str_eq(cfg.notify[0].name, s);
	free(s);
	config_free(&cfg);
	chmod(path, 0640);
	expect_notify_error(text, "notify[0].url_file", "readable by others "
	    "(mode 640)");
	free(text);
	unlink(path);
}
END_TEST

START_TEST(notify_config_errors)
{
	setenv("RB_CHECK_HOOK", HOOK, 1);
	unsetenv("RB_CHECK_NO_HOOK");
	expect_notify_error("{}", "notify", "must be an array");
	expect_notify_error("[1]", "notify[0]", "must be an object");
	expect_notify_error("[{}]", "notify[0]", "exactly one of url, url_env "
	    "and url_file");
	expect_notify_error("[{\"url\":\"" HOOK "\",\"url_env\":\"RB_CHECK_HOOK\"}]",
	    "notify[0]", "exactly one");
	expect_notify_error("[{\"url_env\":\"RB_CHECK_NO_HOOK\"}]",
	    "notify[0].url_env", "RB_CHECK_NO_HOOK is not set");
	expect_notify_error("[{\"url\":\"" HOOK "\",\"events\":[\"deploy\"]}]",
	    "notify[0].events[0]", "unknown event kind");
	expect_notify_error("[{\"url\":\"" HOOK "\",\"events\":[]}]",
	    "notify[0].events", "names no event kind");
	expect_notify_error("[{\"url\":\"" HOOK "\",\"events\":\"flag\"}]",
	    "notify[0].events", "array of strings");
	expect_notify_error("[{\"url\":\"" HOOK "\",\"timeout_s\":0}]",
	    "notify[0].timeout_s", "from 0.1 to 60");
	expect_notify_error("[{\"url\":\"" HOOK "\",\"secret\":1}]",
	    "notify[0].secret", "unknown key");
	expect_notify_error("[{\"url\":\"ftp://h/hook-secret\"}]",
	    "notify[0]", "must start with http:// or https://");
	expect_notify_error("[{\"url_file\":\"/nonexistent/hook\"}]",
	    "notify[0].url_file", "/nonexistent/hook");
	/* Nothing half-registered is left behind. */
	ck_assert_uint_eq(sanitize_nsecrets(), 0);
}
END_TEST

static struct notify_event
flag_event(void)
{
	struct notify_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = NOTIFY_FLAG;
	ev.time = 1795669200;	/* 2026-11-26T05:00:00Z */
	ev.user = "alice";
	ev.host = "bastion";
	ev.ssh_origin = "10.0.0.5";
	ev.source = "flags";
	ev.subject = "new-checkout";
	ev.action = "stage";
	ev.environment = "production";
	ev.before = "canary (5%)";
	ev.after = "early (20%)";
	ev.reason = "KPIs look good";
	ev.result = "done";
	return ev;
}

static const char *
str(json_t *b, const char *key)
{
	const char *s = json_string_value(json_object_get(b, key));

	ck_assert_msg(s != NULL, "no string %s", key);
	return s;
}

START_TEST(notify_body_flag)
{
	struct notify_event ev = flag_event();
	json_t *b = notify_body(&ev);

	ck_assert_str_eq(str(b, "text"), "alice@bastion (from 10.0.0.5) moved "
	    "new-checkout in production: canary (5%) -> early (20%) (verified) "
	    "\xe2\x80\x94 reason: KPIs look good");
	ck_assert_str_eq(str(b, "event"), "flag");
	ck_assert_str_eq(str(b, "time"), "2026-11-26T05:00:00Z");
	ck_assert_str_eq(str(b, "user"), "alice");
	ck_assert_str_eq(str(b, "ssh_origin"), "10.0.0.5");
	ck_assert_str_eq(str(b, "source"), "flags");
	ck_assert_str_eq(str(b, "flag"), "new-checkout");
	ck_assert_str_eq(str(b, "environment"), "production");
	ck_assert_str_eq(str(b, "before"), "canary (5%)");
	ck_assert_str_eq(str(b, "after"), "early (20%)");
	ck_assert_str_eq(str(b, "reason"), "KPIs look good");
	ck_assert_str_eq(str(b, "result"), "done");
	ck_assert(json_is_null(json_object_get(b, "message")));
	ck_assert_ptr_null(json_object_get(b, "rollout"));
	json_decref(b);

	/* Not over SSH, refused: the state it was at and why. */
	ev.ssh_origin = NULL;
	ev.after = NULL;
	ev.reason = NULL;
	ev.result = "refused";
	ev.message = "new-checkout in production changed";
	b = notify_body(&ev);
	ck_assert_str_eq(str(b, "text"), "alice@bastion tried to stage "
	    "new-checkout in production: at canary (5%) (refused: new-checkout "
	    "in production changed)");
	ck_assert(json_is_null(json_object_get(b, "ssh_origin")));
	json_decref(b);
}
END_TEST

START_TEST(notify_body_kinds)
{
	struct notify_event ev = flag_event();
	json_t *b;

	ev.kind = NOTIFY_ROLLOUT;
	ev.subject = "shop/checkout";
	ev.action = "promote";
	ev.environment = NULL;
	ev.before = "step 1/8 (20%)";
	ev.after = "step 2/8 (40%)";
	b = notify_body(&ev);
	ck_assert_str_eq(str(b, "event"), "rollout");
	ck_assert_str_eq(str(b, "rollout"), "shop/checkout");
	ck_assert_ptr_null(json_object_get(b, "flag"));
	ck_assert_str_eq(str(b, "text"), "alice@bastion (from 10.0.0.5) "
	    "promoted shop/checkout: step 1/8 (20%) -> step 2/8 (40%) (verified) "
	    "\xe2\x80\x94 reason: KPIs look good");
	json_decref(b);

	ev = flag_event();
	ev.kind = NOTIFY_PLAN;
	ev.plan = "checkout-redesign";
	ev.reason = "plan checkout-redesign step 2/3";
	ev.result = "failed";
	ev.message = "the service answered an error";
	b = notify_body(&ev);
	ck_assert_str_eq(str(b, "event"), "plan");
	ck_assert_str_eq(str(b, "plan"), "checkout-redesign");
	ck_assert_str_eq(str(b, "flag"), "new-checkout");
	ck_assert_str_eq(str(b, "text"), "plan checkout-redesign: alice@bastion "
	    "(from 10.0.0.5) tried to stage new-checkout in production: canary "
	    "(5%) -> early (20%) (FAILED: the service answered an error) "
	    "\xe2\x80\x94 reason: plan checkout-redesign step 2/3");
	json_decref(b);
}
END_TEST

START_TEST(notify_body_untrusted)
{
	struct notify_event ev = flag_event();
	json_t *b;

	sanitize_add_secret(HOOK);
	ev.reason = "line one\nline two \x1b[2J see " HOOK;
	b = notify_body(&ev);
	ck_assert_msg(strchr(str(b, "text"), '\n') == NULL, "%s", str(b, "text"));
	ck_assert_msg(strstr(str(b, "text"), "line one line two ?[2J see "
	    "[REDACTED]") != NULL, "%s", str(b, "text"));
	ck_assert_str_eq(str(b, "reason"), "line one?line two ?[2J see [REDACTED]");
	json_decref(b);
	sanitize_remove_secret(HOOK);
}
END_TEST

/* The fixture's events for `flag`, parsed; asserts success. */
static size_t
parse_events(const char *rel, long status, const char *flag,
    struct flag_event **evs, char **cause)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct source_cfg src;
	struct response r;
	size_t n = 99;
	int rc;

	memset(&src, 0, sizeof src);
	src.name = "flags";
	response_from(&r, rel, status);
	*cause = NULL;
	rc = ad->parse_events(&src, flag, &r, evs, &n, cause);
	response_release(&r);
	if (rc != 0) {
		ck_assert_ptr_nonnull(*cause);
		ck_assert_uint_eq(n, 0);
		return (size_t)-1;
	}
	ck_assert_ptr_null(*cause);
	return n;
}

static void
events_free(struct flag_event *evs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		flag_event_free(&evs[i]);
	free(evs);
}

START_TEST(events_request)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct request_desc req;
	struct source_cfg src;

	memset(&src, 0, sizeof src);
	ad->read_events(&src, "checkout-redesign", &req);
	ck_assert_str_eq(req.method, "GET");
	ck_assert_str_eq(req.path, "/api/admin/search/events?feature=IS:"
	    "checkout-redesign&limit=50");
	request_desc_free(&req);
	ad->read_events(&src, "a b&c", &req);
	ck_assert_str_eq(req.path, "/api/admin/search/events?feature=IS:"
	    "a%20b%26c&limit=50");
	request_desc_free(&req);
}
END_TEST

START_TEST(events_real_history)
{
	static const struct {
		const char *by, *env, *what, *type;
	} want[] = {
		{ "admin", "production", "enabled", "feature-environment-enabled" },
		{ "maria@example.com", "development", "strategy default added",
		  "feature-strategy-add" },
		{ "maria@example.com", "production", "disabled",
		  "feature-environment-disabled" },
		{ "maria@example.com", "production", "rollout 20% -> 50%",
		  "feature-strategy-update" },
		{ "admin", "production", "rollout 5% -> 20%",
		  "feature-strategy-update" },
		{ "admin", "production", "enabled", "feature-environment-enabled" },
		{ "admin", "production", "strategy flexibleRollout (5%) added",
		  "feature-strategy-add" },
		{ "admin", NULL, "created", "feature-created" },
	};
	struct flag_event *evs;
	char *cause;
	size_t n, i;

	n = parse_events("unleash-events/flag-events.json", 200,
	    "checkout-redesign", &evs, &cause);
	ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(evs[i].source, "flags");
		ck_assert_str_eq(evs[i].flag, "checkout-redesign");
		ck_assert_str_eq(evs[i].by, want[i].by);
		ck_assert_str_eq(evs[i].type, want[i].type);
		ck_assert_str_eq(evs[i].what, want[i].what);
		if (want[i].env == NULL)
			ck_assert_ptr_null(evs[i].env);
		else
			ck_assert_str_eq(evs[i].env, want[i].env);
		ck_assert_msg(evs[i].time > 1.7e9, "time %f", evs[i].time);
		if (i > 0)
			ck_assert(evs[i].time <= evs[i - 1].time);
	}
	events_free(evs, n);

	/* The same history from the older per-flag endpoint. */
	n = parse_events("unleash-events/flag-events-legacy.json", 200,
	    "checkout-redesign", &evs, &cause);
	ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
	ck_assert_str_eq(evs[3].what, "rollout 20% -> 50%");
	events_free(evs, n);

	/* Only the flag asked for; a limit keeps the newest. */
	n = parse_events("unleash-events/flag-events.json", 200, "other-flag",
	    &evs, &cause);
	ck_assert_uint_eq(n, 0);
	events_free(evs, n);
	n = parse_events("unleash-events/flag-events-limit.json", 200,
	    "checkout-redesign", &evs, &cause);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(evs[1].by, "maria@example.com");
	events_free(evs, n);
	n = parse_events("unleash-events/flag-events-unknown.json", 200,
	    "no-such-flag", &evs, &cause);
	ck_assert_uint_eq(n, 0);
	events_free(evs, n);
}
END_TEST

START_TEST(events_errors)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct flag_event *evs;
	struct source_cfg src;
	struct response r;
	char *cause;
	size_t n;

	ck_assert_uint_eq(parse_events("unleash-events/flag-events-401.json",
	    401, "checkout-redesign", &evs, &cause), (size_t)-1);
	ck_assert_msg(strstr(cause, "event log: HTTP 401 unauthorized") != NULL, "%s", cause);
	free(cause);

	memset(&src, 0, sizeof src);
	src.name = "flags";
	memset(&r, 0, sizeof r);
	r.status = 200;
	r.body = "<html>proxy error\x1b[2J</html>";
	r.len = strlen(r.body);
	cause = NULL;
	ck_assert_int_eq(ad->parse_events(&src, "f", &r, &evs, &n, &cause), -1);
	ck_assert_msg(strstr(cause, "event log: not JSON") != NULL, "%s", cause);
	free(cause);
	r.body = "{\"events\":{}}";
	r.len = strlen(r.body);
	ck_assert_int_eq(ad->parse_events(&src, "f", &r, &evs, &n, &cause), -1);
	ck_assert_msg(strstr(cause, "no \"events\" list") != NULL, "%s", cause);
	free(cause);
	/* Odd events: kept where they are this flag's, made safe. */
	r.body = "{\"events\":[1,{\"featureName\":\"f\"},{\"featureName\":\"f\","
	    "\"type\":\"feature-dependency-added\",\"createdBy\":\"x\\u001b]0;y\","
	    "\"createdAt\":\"yesterday\"},{\"featureName\":\"f\",\"type\":"
	    "\"feature-strategy-update\",\"data\":{\"name\":\"flexibleRollout\","
	    "\"parameters\":{\"rollout\":\"150\"}},\"preData\":7}]}";
	r.len = strlen(r.body);
	ck_assert_int_eq(ad->parse_events(&src, "f", &r, &evs, &n, &cause), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(evs[0].what, "dependency added");
	ck_assert_str_eq(evs[0].by, "x?]0;y");
	ck_assert(evs[0].time == 0);
	ck_assert_str_eq(evs[1].what, "strategy flexibleRollout updated");
	ck_assert_str_eq(evs[1].by, "?");
	events_free(evs, n);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("notify");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, notify_config_sources);
	tcase_add_test(tc, notify_config_errors);
	tcase_add_test(tc, notify_body_flag);
	tcase_add_test(tc, notify_body_kinds);
	tcase_add_test(tc, notify_body_untrusted);
	tcase_add_test(tc, events_request);
	tcase_add_test(tc, events_real_history);
	tcase_add_test(tc, events_errors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
