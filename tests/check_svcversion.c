/*
 * check_svcversion.c - unit tests of core/svcversion.h: the version
 * request of each source kind, and the version read from answers captured
 * from the real services (tests/fixtures/version), from error answers and
 * from answers that do not say it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core/svcversion.h"
#include "core/util.h"
#include "testutil.h"

static void
expect_version(const char *kind, const char *rel, const char *want)
{
	struct response r;
	char *v = NULL, *cause = NULL;

	response_from(&r, rel, 200);
	ck_assert_msg(svcversion_parse(kind, &r, &v, &cause) == 0,
	    "%s: %s", rel, cause ? cause : "?");
	ck_assert_str_eq(v, want);
	free(v);
	response_release(&r);
}

/* Parse a literal body with a status; expect failure mentioning `words`. */
static void
expect_fail(const char *kind, long status, const char *body, const char *words)
{
	struct response r = { status, body, strlen(body), NULL, 0 };
	char *v = NULL, *cause = NULL;

	ck_assert_int_eq(svcversion_parse(kind, &r, &v, &cause), -1);
	ck_assert_ptr_null(v);
	ck_assert_msg(strstr(cause, words) != NULL, "cause \"%s\" lacks \"%s\"",
	    cause, words);
	ck_assert_ptr_null(strchr(cause, '\n'));
	free(cause);
}

static void
expect_path(const char *kind, const char *path)
{
	struct request_desc req;

	ck_assert_int_eq(svcversion_request(kind, &req), 0);
	ck_assert_str_eq(req.method, "GET");
	ck_assert_str_eq(req.path, path);
	ck_assert_ptr_null(req.body);
	request_desc_free(&req);
}

START_TEST(requests)
{
	struct request_desc req;

	expect_path("unleash", "/api/admin/ui-config");
	expect_path("prometheus", "/api/v1/status/buildinfo");
	expect_path("argo-rollouts", "/version");
	ck_assert_int_eq(svcversion_request("gitlab", &req), -1);
	ck_assert_ptr_null(req.path);
}
END_TEST

START_TEST(real_answers)
{
	expect_version("unleash", "version/unleash-ui-config.json", "7.5.1");
	expect_version("prometheus", "version/prometheus-buildinfo.json",
	    "2.42.0+ds");
	expect_version("argo-rollouts", "version/k8s-version.json", "v1.29.4");
}
END_TEST

START_TEST(unleash_fallbacks)
{
	struct response r;
	char *v = NULL, *cause = NULL;
	const char *old = "{\"version\":\"5.12.0\",\"versionInfo\":"
	    "{\"current\":{\"enterprise\":\"5.12.0\"}}}";

	/* No versionInfo.current.oss: the top-level version. */
	r.status = 200;
	r.body = old;
	r.len = strlen(old);
	r.error = NULL;
	ck_assert_int_eq(svcversion_parse("unleash", &r, &v, &cause), 0);
	ck_assert_str_eq(v, "5.12.0");
	free(v);
	/* An empty oss string is no version either. */
	old = "{\"version\":\"7.0.0\",\"versionInfo\":{\"current\":{\"oss\":\"\"}}}";
	r.body = old;
	r.len = strlen(old);
	ck_assert_int_eq(svcversion_parse("unleash", &r, &v, &cause), 0);
	ck_assert_str_eq(v, "7.0.0");
	free(v);
}
END_TEST

START_TEST(errors)
{
	struct response r;
	char *v = NULL, *cause = NULL;

	/* Unleash refusing the token (captured). */
	response_from(&r, "unleash/error-401.json", 401);
	ck_assert_int_eq(svcversion_parse("unleash", &r, &v, &cause), -1);
	ck_assert_msg(strstr(cause, "401") != NULL ||
	    strstr(cause, "unauthorized") != NULL, "%s", cause);
	free(cause);
	response_release(&r);
	/* Kubernetes refusing it (captured Status object). */
	response_from(&r, "k8s/errors/401.json", 401);
	ck_assert_int_eq(svcversion_parse("argo-rollouts", &r, &v, &cause), -1);
	free(cause);
	response_release(&r);

	expect_fail("prometheus", 404, "404 page not found\n", "not found");
	expect_fail("prometheus", 200, "Prometheus Server is Ready.\n",
	    "not a JSON object");
	expect_fail("prometheus", 200, "{\"status\":\"success\",\"data\":{}}",
	    "names no version");
	expect_fail("argo-rollouts", 200, "{\"gitVersion\":42}",
	    "names no version");
	expect_fail("argo-rollouts", 200, "[\"v1.29.4\"]", "not a JSON object");
	expect_fail("gitlab", 200, "{}", "no version request");
}
END_TEST

START_TEST(unsafe_version)
{
	const char *body = "{\"gitVersion\":\"v1.29\\u001b[2J\\nsecond line\"}";
	struct response r = { 200, body, strlen(body), NULL, 0 };
	char *v = NULL, *cause = NULL;

	/* One line, no escape: what a server says is never drawn as it is. */
	ck_assert_int_eq(svcversion_parse("argo-rollouts", &r, &v, &cause), 0);
	ck_assert_str_eq(v, "v1.29?[2J");
	free(v);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("svcversion");
	TCase	*tc = tcase_create("version");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, requests);
	tcase_add_test(tc, real_answers);
	tcase_add_test(tc, unleash_fallbacks);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, unsafe_version);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
