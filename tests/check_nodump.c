/*
 * check_nodump.c - cli_nodump(), which relboard calls before it reads any
 * token: afterwards the process is not dumpable and its core limit is 0
 * (soft and hard, so it cannot be raised again), and a crash leaves no
 * core.  Each check runs in a child process, so that the test program
 * itself stays as it was.
 */
#include <sys/resource.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <check.h>

#include "cli/cli.h"

/* Run fn in a child; its exit status (or 128 + signal, and core flag). */
static int
in_child(int (*fn)(void), int *cored)
{
	pid_t	pid;
	int	status;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(fn());	/* _exit: no atexit work in the child */
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	*cored = WIFSIGNALED(status) && WCOREDUMP(status);
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (WEXITSTATUS(status));
}

/* 0 when cli_nodump() left the process as it should; else which check failed. */
static int
nodump_state(void)
{
	struct rlimit	 rl;
	char		*cause = NULL;

	/* A limit that allows cores, if the hard limit lets us. */
	if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_max != 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_CORE, &rl);
	}
#ifdef __linux__
	if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 1)
		return (10);	/* dumpable to start with */
#endif
	if (cli_nodump(&cause) != 0)
		return (11);
	if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 ||
	    rl.rlim_max != 0)
		return (12);
#ifdef __linux__
	if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
		return (13);
#endif
	/* The hard limit is 0 too: it cannot be raised again. */
	rl.rlim_cur = rl.rlim_max = 1 << 20;
	if (getuid() != 0 && setrlimit(RLIMIT_CORE, &rl) == 0)
		return (14);
	return (0);
}

START_TEST(not_dumpable_no_core_limit)
{
	int	cored;

	ck_assert_int_eq(in_child(nodump_state, &cored), 0);
	ck_assert(!cored);
}
END_TEST

static char	crashdir[] = "/tmp/relboard-nodump-XXXXXX";

static int
nodump_then_crash(void)
{
	struct rlimit	 rl;
	char		*cause = NULL;

	/* Where a core would go; a limit that allows one, if we may. */
	if (chdir(crashdir) != 0)
		return (10);
	if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_max != 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_CORE, &rl);
	}
	if (cli_nodump(&cause) != 0)
		return (11);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	return (12);
}

START_TEST(crash_leaves_no_core)
{
	int	cored, rc;

	ck_assert_ptr_nonnull(mkdtemp(crashdir));
	rc = in_child(nodump_then_crash, &cored);
	ck_assert_int_eq(rc, 128 + SIGABRT);
	/* rmdir fails if a core file was left in it. */
	ck_assert_msg(!cored && rmdir(crashdir) == 0, "a core was dumped "
	    "(see %s)", crashdir);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("nodump");
	TCase	*tc = tcase_create("nodump");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, not_dumpable_no_core_limit);
	tcase_add_test(tc, crash_leaves_no_core);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
