/*
 * execrun.h - runs a credential plugin: a program started directly (no
 * shell), stdin /dev/null, its output collected, within a time limit,
 * without holding up the caller's event loop (execrun_start), or waiting
 * for it (execrun).
 */
#ifndef RB_EXECRUN_H
#define RB_EXECRUN_H

#include <stddef.h>

struct event_base;
struct execrun;

/* What a run left: standard output and the first line of standard error. */
struct execrun_result {
	char	*out;		/* NUL-terminated; at most EXECRUN_MAX_OUT */
	size_t	 len;
	char	*err_line;	/* sanitized, or NULL when it wrote none */
};

#define EXECRUN_MAX_OUT	(1024 * 1024)

/*
 * Called once when the program has ended: cause is NULL when it exited 0,
 * else why not, without the command ("exited with status 1: ...", "did
 * not finish within 10 s").  The result is the callback's to free
 * (execrun_free).
 */
typedef void (*execrun_cb)(struct execrun_result *, const char *cause,
	    void *arg);

/*
 * Start `cmd` (looked up in PATH unless it holds a '/') with argv (argv[0]
 * first, NULL-terminated) and the environment plus `env` ("NAME=VALUE",
 * NULL-terminated; replacing variables of the same name), watched on
 * `base`.  After timeout_s it is killed.  NULL with *cause when it cannot
 * start.
 */
struct execrun *execrun_start(struct event_base *, const char *cmd,
		    char *const argv[], char *const env[], double timeout_s,
		    execrun_cb, void *arg, char **cause);
/* Kill a run that has not ended; no callback. */
void	execrun_cancel(struct execrun *);

/* Run and wait: 0 when it exited 0, or -1 with *cause; *r kept either way. */
int	execrun(const char *cmd, char *const argv[], char *const env[],
	    double timeout_s, struct execrun_result *r, char **cause);
void	execrun_free(struct execrun_result *);

#endif
