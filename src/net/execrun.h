/*
 * execrun.h - runs a credential plugin: a program started directly (no
 * shell), stdin /dev/null, its output collected, within a time limit.
 */
#ifndef RB_EXECRUN_H
#define RB_EXECRUN_H

#include <stddef.h>

/* What a run left: standard output and the first line of standard error. */
struct execrun_result {
	char	*out;		/* NUL-terminated; at most EXECRUN_MAX_OUT */
	size_t	 len;
	char	*err_line;	/* sanitized, or NULL when it wrote none */
};

#define EXECRUN_MAX_OUT	(1024 * 1024)

/*
 * Run `cmd` (looked up in PATH unless it holds a '/') with argv (argv[0]
 * first, NULL-terminated) and the environment plus `env` ("NAME=VALUE",
 * NULL-terminated; replacing variables of the same name).  Waits at most
 * timeout_s, then kills it.  0 when it exited 0; -1 with *cause saying why
 * not, without the command ("exited with status 1: ..."); the result's
 * err_line is kept either way.
 */
int	execrun(const char *cmd, char *const argv[], char *const env[],
	    double timeout_s, struct execrun_result *, char **cause);
void	execrun_free(struct execrun_result *);

#endif
