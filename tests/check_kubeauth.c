/*
 * check_kubeauth.c - exec credential plugins as the poller runs them
 * (net/kubeauth.h, net/execrun.h), with tests/fixtures/kubeconfig/plugin.sh:
 * the credential is cached until its expirationTimestamp and fetched again
 * when expired or forced (after a 401); the plugin gets its args and env
 * and no shell; its stderr line comes back as a note; a plugin that fails,
 * hangs or prints garbage gives a reason; the token it gives is a secret
 * and the request carries it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>

#include "core/config.h"
#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/execrun.h"
#include "net/kubeauth.h"
#include "net/net.h"

#define KC	FIXTURES_DIR "/kubeconfig"

static struct config	 cfg;
static char		 dir[] = "/tmp/relboard-kubeauth.XXXXXX";
static char		*count_file;

static void
setup(void)
{
	char *cause = NULL;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	count_file = xasprintf("%s/count", dir);
	setenv("PLUGIN_COUNT_FILE", count_file, 1);
	unsetenv("KUBECONFIG");
	ck_assert_msg(config_parse(&cfg, "c.json", "{\"sources\": [{\"name\": "
	    "\"k8s\", \"kind\": \"argo-rollouts\", \"kubeconfig\": \"" KC
	    "/a.yaml\", \"context\": \"prod-exec\", \"timeout_s\": 2}]}",
	    &cause) == 0, "%s", cause);
}

static void
teardown(void)
{
	config_free(&cfg);
	unlink(count_file);
	free(count_file);
	rmdir(dir);
}

static int
runs(void)
{
	FILE	*f = fopen(count_file, "r");
	int	 n = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	fclose(f);
	return n;
}

static void
refresh_ok(int force, const char *want_note)
{
	char *note = NULL, *cause = NULL;

	ck_assert_msg(kubeauth_refresh(&cfg.sources[0], force, &note, &cause) == 0,
	    "%s", cause);
	if (want_note == NULL)
		ck_assert_ptr_null(note);
	else
		ck_assert_str_eq(note, want_note);
	free(note);
}

START_TEST(cached_until_expiry)
{
	const struct source_cfg *s = &cfg.sources[0];
	struct net_request nr;
	char *auth, *t;

	ck_assert(kubeauth_has_plugin(s));
	setenv("PLUGIN_EXPIRES", "2125-01-01T00:00:00Z", 1);
	refresh_ok(0, "source k8s: test plugin: run 1");
	refresh_ok(0, NULL);		/* cached: not run again */
	ck_assert_int_eq(runs(), 1);
	memset(&nr, 0, sizeof nr);
	kubeauth_fill(s, "Bearer ", &nr, &auth);
	ck_assert_str_eq(nr.auth, "Bearer plugin-token-0004");
	ck_assert_str_eq(nr.tls_server_name, "api.prod.example.test");
	ck_assert_ptr_nonnull(nr.ca_pem);
	kubeauth_auth_free(auth);
	/* The plugin's token is a secret now. */
	t = sanitize_dup("x plugin-token-0004 y");
	ck_assert_str_eq(t, "x " SANITIZE_REDACTED " y");
	free(t);
	refresh_ok(1, "source k8s: test plugin: run 2");	/* after a 401 */
	ck_assert_int_eq(runs(), 2);
}
END_TEST

/* A plugin that logs its token: the note shows it redacted. */
START_TEST(token_in_stderr_redacted)
{
	setenv("PLUGIN_LOG_TOKEN", "1", 1);
	refresh_ok(0, "source k8s: test plugin: got " SANITIZE_REDACTED);
}
END_TEST

START_TEST(expired_runs_again)
{
	setenv("PLUGIN_EXPIRES", "2001-01-01T00:00:00Z", 1);
	refresh_ok(0, "source k8s: test plugin: run 1");
	refresh_ok(0, "source k8s: test plugin: run 2");
	ck_assert_int_eq(runs(), 2);
}
END_TEST

START_TEST(args_and_env_without_a_shell)
{
	char	*args_file = xasprintf("%s/args", dir), *text, *cause = NULL;

	setenv("PLUGIN_ARGS_FILE", args_file, 1);
	refresh_ok(0, "source k8s: test plugin: run 1");
	text = read_file(args_file, NULL, &cause);
	ck_assert_msg(text != NULL, "%s", cause);
	ck_assert_str_eq(text, "--cluster\nprod\ngreeting=hello\n");
	free(text);
	unlink(args_file);
	free(args_file);
}
END_TEST

START_TEST(failures_have_reasons)
{
	char *note = NULL, *cause = NULL, *cmd;

	setenv("PLUGIN_FAIL", "1", 1);
	ck_assert_int_eq(kubeauth_refresh(&cfg.sources[0], 0, &note, &cause), -1);
	cmd = realpath(KC "/plugin.sh", NULL);
	ck_assert_str_eq(note, "source k8s: test plugin: no credentials for you");
	ck_assert_ptr_nonnull(strstr(cause, "exec plugin "));
	ck_assert_ptr_nonnull(strstr(cause, cmd));
	ck_assert_ptr_nonnull(strstr(cause, ": exited with status 1: test plugin: "
	    "no credentials for you (see the relboard tests)"));
	free(cmd);
	free(note);
	free(cause);
}
END_TEST

/* execrun on its own: a hang is cut at the limit; stdin is /dev/null. */
START_TEST(execrun_limits)
{
	struct execrun_result r;
	char *const sleep_argv[] = { "sh", "-c", "sleep 30", NULL };
	char *const cat_argv[] = { "cat", NULL };
	char *const env_argv[] = { "sh", "-c", "printf %s \"$A\"", NULL };
	char *const env[] = { "A=a b;c", NULL };
	char *const none[] = { NULL };
	char *cause = NULL;
	double t0 = now_mono();

	ck_assert_int_eq(execrun("sh", sleep_argv, none, 0.3, &r, &cause), -1);
	ck_assert_str_eq(cause, "did not finish within 0.3 s");
	ck_assert(now_mono() - t0 < 10);
	free(cause);
	execrun_free(&r);
	ck_assert_int_eq(execrun("cat", cat_argv, none, 5, &r, &cause), 0);
	ck_assert_uint_eq(r.len, 0);
	execrun_free(&r);
	ck_assert_int_eq(execrun("sh", env_argv, env, 5, &r, &cause), 0);
	ck_assert_str_eq(r.out, "a b;c");
	execrun_free(&r);
	ck_assert_int_eq(execrun("no-such-plugin-here", cat_argv, none, 5, &r,
	    &cause), -1);
	ck_assert_str_eq(cause, "cannot start: No such file or directory");
	free(cause);
	execrun_free(&r);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("kubeauth");
	TCase	*tc = tcase_create("kubeauth");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cached_until_expiry);
	tcase_add_test(tc, expired_runs_again);
	tcase_add_test(tc, token_in_stderr_redacted);
	tcase_add_test(tc, args_and_env_without_a_shell);
	tcase_add_test(tc, failures_have_reasons);
	tcase_add_test(tc, execrun_limits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
