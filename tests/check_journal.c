/*
 * check_journal.c - unit tests of the action journal's file rules: no
 * symbolic links, FIFOs, other users' or hard-linked files; mode 0600 for
 * the file and 0700 for relboard's folder; the home folder from the
 * password entry when HOME is unset; every string sanitized on the way in
 * and out.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <jansson.h>

#include "actions/journal.h"
#include "core/sanitize.h"
#include "core/util.h"

static char	*tmp;

static void
setup(void)
{
	char	 templ[] = "/tmp/relboard-journal-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(templ));
	tmp = xstrdup(templ);
}

static void
teardown(void)
{
	char	*cmd = xasprintf("rm -rf '%s'", tmp);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(tmp);
}

static mode_t
mode_of(const char *path)
{
	struct stat	 st;

	ck_assert_int_eq(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static json_t *
entry(const char *error)
{
	return json_pack("{s:s,s:o}", "result", "failed", "error",
	    json_text(error));
}

START_TEST(symlink_refused)
{
	char	*target = xasprintf("%s/target", tmp);
	char	*path = xasprintf("%s/journal.jsonl", tmp), *cause = NULL;
	json_t	*e = entry("x");
	int	 fd;

	fd = open(target, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(journal_check(path, &cause), -1);
	ck_assert_msg(strstr(cause, "symbolic link") != NULL, "%s", cause);
	ck_assert_msg(strstr(cause, path) != NULL, "no path in: %s", cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(journal_append(path, e, &cause), -1);
	free(cause);
	ck_assert_int_eq(mode_of(target), 0600);
	{
		struct stat st;

		ck_assert_int_eq(stat(target, &st), 0);
		ck_assert_int_eq(st.st_size, 0);	/* nothing written through it */
	}
	json_decref(e);
	free(target);
	free(path);
}
END_TEST

START_TEST(not_regular_refused)
{
	char	*path = xasprintf("%s/journal.jsonl", tmp), *cause = NULL;
	char	*other = xasprintf("%s/other", tmp);
	int	 fd;

	/* A FIFO: refused at once, not waited on. */
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(journal_check(path, &cause), -1);
	ck_assert_msg(strstr(cause, "not a regular file") != NULL, "%s", cause);
	free(cause);
	unlink(path);
	/* A folder. */
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(journal_check(path, &cause), -1);
	free(cause);
	rmdir(path);
	/* A second name for another file. */
	fd = open(other, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(link(other, path), 0);
	ck_assert_int_eq(journal_check(path, &cause), -1);
	ck_assert_msg(strstr(cause, "hard link") != NULL, "%s", cause);
	free(cause);
	free(other);
	free(path);
}
END_TEST

START_TEST(modes_fixed)
{
	char	*dir = xasprintf("%s/state/relboard", tmp), *state;
	char	*path, *want, *cause = NULL, *text;
	json_t	*e = entry("ok");
	mode_t	 old = umask(0);

	/* A new folder and file: 0700 and 0600, whatever the umask. */
	state = xasprintf("%s/state", tmp);
	setenv("XDG_STATE_HOME", state, 1);
	path = journal_path(NULL);
	want = xasprintf("%s/journal.jsonl", dir);
	ck_assert_str_eq(path, want);
	free(want);
	ck_assert_int_eq(journal_append(path, e, &cause), 0);
	ck_assert_int_eq(mode_of(dir), 0700);
	ck_assert_int_eq(mode_of(path), 0600);
	/* An existing 0644 file and a 0755 relboard folder are tightened. */
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(journal_append(path, e, &cause), 0);
	ck_assert_int_eq(mode_of(path), 0600);
	ck_assert_int_eq(mode_of(dir), 0700);
	text = read_file(path, NULL, &cause);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "{\"result\":\"failed\",\"error\":\"ok\"}\n"
	    "{\"result\":\"failed\",\"error\":\"ok\"}\n");
	free(text);
	json_decref(e);
	free(path);
	free(state);
	free(dir);
	umask(old);
	unsetenv("XDG_STATE_HOME");
}
END_TEST

/* Run journal_path(NULL) in a child with HOME set to home (NULL: unset). */
static char *
path_with_home(const char *home)
{
	int	 p[2], status;
	pid_t	 pid;
	char	 buf[4096];
	ssize_t	 n;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char *path;

		close(p[0]);
		unsetenv("XDG_STATE_HOME");
		if (home == NULL)
			unsetenv("HOME");
		else
			setenv("HOME", home, 1);
		path = journal_path(NULL);
		if (path != NULL && write(p[1], path, strlen(path)) < 0)
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], buf, sizeof buf - 1);
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	return xstrdup(buf);
}

START_TEST(home_unset_uses_passwd)
{
	struct passwd	*pw = getpwuid(getuid());
	char		*want, *got;

	ck_assert_ptr_nonnull(pw);
	want = xasprintf("%s/.local/state/relboard/journal.jsonl", pw->pw_dir);
	got = path_with_home(NULL);
	ck_assert_str_eq(got, want);
	free(got);
	got = path_with_home("");
	ck_assert_str_eq(got, want);
	free(got);
	got = path_with_home("relative/home");		/* never under the cwd */
	ck_assert_str_eq(got, want);
	free(got);
	got = path_with_home("/home/elsewhere");
	ck_assert_str_eq(got, "/home/elsewhere/.local/state/relboard/journal.jsonl");
	free(got);
	free(want);
}
END_TEST

START_TEST(no_path_refused)
{
	char	*cause = NULL;
	json_t	*all;

	ck_assert_int_eq(journal_check(NULL, &cause), -1);
	ck_assert_msg(strstr(cause, "HOME") != NULL, "%s", cause);
	free(cause);
	all = journal_recent(NULL, 5);
	ck_assert_uint_eq(json_array_size(all), 0);
	json_decref(all);
}
END_TEST

#define BAD_ERROR "HTTP 401: tok-9c2e71aa \x1b[2J\xff"

START_TEST(entries_sanitized)
{
	char	*path = xasprintf("%s/journal.jsonl", tmp), *cause = NULL, *text;
	json_t	*e, *all;
	FILE	*f;

	sanitize_add_secret("tok-9c2e71aa");
	/* Written: an error carrying the token, an escape and bad UTF-8. */
	e = json_pack("{s:s,s:o}", "result", "failed", "error",
	    json_stringn_nocheck(BAD_ERROR, sizeof BAD_ERROR - 1));
	ck_assert_int_eq(journal_append(path, e, &cause), 0);
	json_decref(e);
	text = read_file(path, NULL, &cause);
	ck_assert_str_eq(text, "{\"result\":\"failed\",\"error\":"
	    "\"HTTP 401: [REDACTED] ?[2J?\"}\n");
	free(text);
	/* Read back: a hand-written line with C1 and bidi is cleaned. */
	f = fopen(path, "a");
	ck_assert_ptr_nonnull(f);
	fputs("{\"result\":\"done\",\"reason\":\"\\u009b31m\\u202e tok-9c2e71aa\"}\n", f);
	fclose(f);
	all = journal_recent(path, 10);
	ck_assert_uint_eq(json_array_size(all), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(all, 1),
	    "reason")), "?31m? [REDACTED]");
	json_decref(all);
	sanitize_remove_secret("tok-9c2e71aa");
	free(path);
}
END_TEST

static Suite *
journal_suite(void)
{
	Suite	*s = suite_create("journal");
	TCase	*tc = tcase_create("files");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, symlink_refused);
	tcase_add_test(tc, not_regular_refused);
	tcase_add_test(tc, modes_fixed);
	tcase_add_test(tc, home_unset_uses_passwd);
	tcase_add_test(tc, no_path_refused);
	tcase_add_test(tc, entries_sanitized);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(journal_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
