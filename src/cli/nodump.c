/*
 * nodump.c - relboard holds API tokens in memory: before it reads any,
 * it makes sure that no core dump can carry them (RLIMIT_CORE 0, soft and
 * hard) and, on Linux, that it is not dumpable (which also keeps other
 * processes of the same user from reading its memory through /proc or
 * attaching a debugger).
 */
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <errno.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"

int
cli_nodump(char **cause)
{
	struct rlimit	rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) != 0) {
		*cause = xasprintf("cannot turn off core dumps: %s",
		    strerror(errno));
		return (-1);
	}
#ifdef __linux__
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		*cause = xasprintf("cannot make the process undumpable: %s",
		    strerror(errno));
		return (-1);
	}
#endif
	return (0);
}
