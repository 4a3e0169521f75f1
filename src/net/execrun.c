/*
 * execrun.c - runs a kubeconfig exec plugin (execrun.h) with posix_spawnp:
 * no shell, stdin from /dev/null, default signal handling and no signal
 * blocked, stdout and stderr through close-on-exec pipes that libevent
 * watches.  When both pipes are closed the program is reaped (looking
 * again every few milliseconds until it has gone); when its time is up it
 * is killed.  execrun() is the same on an event base of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/sanitize.h"
#include "core/util.h"
#include "net/execrun.h"

#define EXECRUN_MAX_ERR	(64 * 1024)
#define EXECRUN_REAP_S	0.005

extern char **environ;

struct execrun {
	pid_t		 pid;
	struct event	*ev_out, *ev_err, *timer;
	char		*out, *err;
	size_t		 len, cap, elen, ecap;
	double		 timeout_s, deadline;
	int		 open;		/* pipes not at their end */
	int		 killed;	/* its time was up */
	execrun_cb	 cb;
	void		*arg;
};

/* environ with env's variables replacing those of the same name. */
static char **
merged_env(char *const env[])
{
	char	**out = NULL;
	size_t	  n = 0, cap = 0, i, j, len;

	for (i = 0; environ[i] != NULL; i++) {
		len = strcspn(environ[i], "=");
		for (j = 0; env[j] != NULL; j++) {
			if (strncmp(env[j], environ[i], len) == 0 &&
			    env[j][len] == '=')
				break;
		}
		if (env[j] == NULL)
			*ARRAY_PUSH(out, n, cap) = environ[i];
	}
	for (j = 0; env[j] != NULL; j++)
		*ARRAY_PUSH(out, n, cap) = env[j];
	*ARRAY_PUSH(out, n, cap) = NULL;
	return out;
}

/* Append what fd has to *buf (up to max bytes, the rest read and dropped); 0 at its end. */
static int
drain(int fd, char **buf, size_t *len, size_t *cap, size_t max)
{
	char	 tmp[4096];
	ssize_t	 n;

	n = read(fd, tmp, sizeof tmp);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	if (*len + (size_t)n > max)
		n = (ssize_t)(max - *len);
	grow_array((void **)buf, cap, *len + (size_t)n + 1, 1);
	memcpy(*buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
	return 1;
}

static void
close_event(struct event **ev)
{
	if (*ev == NULL)
		return;
	close(event_get_fd(*ev));
	event_free(*ev);
	*ev = NULL;
}

static void
run_free(struct execrun *x)
{
	close_event(&x->ev_out);
	close_event(&x->ev_err);
	if (x->timer != NULL)
		event_free(x->timer);
	wipe_free(x->out, x->len);
	wipe_free(x->err, x->elen);
	free(x);
}

static void
arm(struct execrun *x, double s)
{
	struct timeval tv;

	if (s < 0)
		s = 0;
	tv.tv_sec = (time_t)s;
	tv.tv_usec = (suseconds_t)((s - (double)tv.tv_sec) * 1e6);
	evtimer_add(x->timer, &tv);
}

/* It has been reaped with this status: call back and free. */
static void
done(struct execrun *x, int status)
{
	struct execrun_result	 r;
	char			*cause = NULL;

	memset(&r, 0, sizeof r);
	if (x->elen > 0) {
		r.err_line = sanitize_line(x->err, x->elen, 200);
		if (*r.err_line == '\0') {
			free(r.err_line);
			r.err_line = NULL;
		}
	}
	r.out = x->out != NULL ? x->out : xstrdup("");
	r.len = x->len;
	x->out = NULL;
	x->len = 0;
	if (x->killed)
		cause = xasprintf("did not finish within %g s", x->timeout_s);
	else if (WIFSIGNALED(status))
		cause = xasprintf("killed by signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		cause = xasprintf("exited with status %d%s%s",
		    WEXITSTATUS(status), r.err_line != NULL ? ": " : "",
		    r.err_line != NULL ? r.err_line : "");
	if (cause != NULL)
		sanitize_text(cause);
	x->cb(&r, cause, x->arg);
	free(cause);
	run_free(x);
}

/* Reap it if it has gone; else look again soon, or kill it when late. */
static void
reap(struct execrun *x)
{
	int	status = 0;
	pid_t	rc;

	while ((rc = waitpid(x->pid, &status, WNOHANG)) < 0 && errno == EINTR)
		;
	if (rc == 0 && now_mono() < x->deadline && !x->killed) {
		arm(x, EXECRUN_REAP_S);
		return;
	}
	if (rc == 0) {
		kill(x->pid, SIGKILL);
		x->killed = 1;
		while (waitpid(x->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	done(x, status);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct execrun *x = arg;

	if (x->open > 0 && now_mono() >= x->deadline) {
		kill(x->pid, SIGKILL);
		x->killed = 1;
	}
	reap(x);
}

static void
on_read(evutil_socket_t fd, short what, void *arg)
{
	struct execrun	*x = arg;
	int		 more;

	if (x->ev_out != NULL && fd == event_get_fd(x->ev_out)) {
		if ((more = drain(fd, &x->out, &x->len, &x->cap,
		    EXECRUN_MAX_OUT)) == 0)
			close_event(&x->ev_out);
	} else if ((more = drain(fd, &x->err, &x->elen, &x->ecap,
	    EXECRUN_MAX_ERR)) == 0)
		close_event(&x->ev_err);
	if (!more && --x->open == 0) {
		evtimer_del(x->timer);
		reap(x);
	}
}

struct execrun *
execrun_start(struct event_base *base, const char *cmd, char *const argv[],
    char *const env[], double timeout_s, execrun_cb cb, void *arg,
    char **cause)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t	 all, none;
	struct execrun	*x;
	char		**envp;
	int		 out[2] = { -1, -1 }, ep[2] = { -1, -1 }, rc;
	pid_t		 pid;

	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(ep, O_CLOEXEC) != 0) {
		*cause = xasprintf("cannot start: %s", strerror(errno));
		if (out[0] >= 0) {
			close(out[0]);
			close(out[1]);
		}
		return NULL;
	}
	posix_spawnattr_init(&attr);
	sigfillset(&all);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETSIGMASK);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	envp = merged_env(env);
	rc = posix_spawnp(&pid, cmd, &fa, &attr, argv, envp);
	free(envp);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(out[1]);
	close(ep[1]);
	if (rc != 0) {
		close(out[0]);
		close(ep[0]);
		*cause = xasprintf("cannot start: %s", strerror(rc));
		return NULL;
	}
	evutil_make_socket_nonblocking(out[0]);
	evutil_make_socket_nonblocking(ep[0]);
	x = xcalloc(1, sizeof *x);
	x->pid = pid;
	x->cb = cb;
	x->arg = arg;
	x->timeout_s = timeout_s;
	x->deadline = now_mono() + timeout_s;
	x->open = 2;
	x->ev_out = event_new(base, out[0], EV_READ | EV_PERSIST, on_read, x);
	x->ev_err = event_new(base, ep[0], EV_READ | EV_PERSIST, on_read, x);
	x->timer = evtimer_new(base, on_timer, x);
	event_add(x->ev_out, NULL);
	event_add(x->ev_err, NULL);
	arm(x, timeout_s);
	return x;
}

void
execrun_cancel(struct execrun *x)
{
	if (x == NULL)
		return;
	kill(x->pid, SIGKILL);
	while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR)
		;
	run_free(x);
}

/* execrun(): what the callback got. */
struct wait_state {
	struct execrun_result	*r;
	char			*cause;
	int			 ended;
};

static void
on_end(struct execrun_result *r, const char *cause, void *arg)
{
	struct wait_state *w = arg;

	*w->r = *r;
	w->cause = cause != NULL ? xstrdup(cause) : NULL;
	w->ended = 1;
}

int
execrun(const char *cmd, char *const argv[], char *const env[],
    double timeout_s, struct execrun_result *r, char **cause)
{
	struct wait_state	 w = { r, NULL, 0 };
	struct event_base	*base;

	memset(r, 0, sizeof *r);
	if ((base = event_base_new()) == NULL) {
		*cause = xstrdup("cannot start: no event loop");
		return -1;
	}
	if (execrun_start(base, cmd, argv, env, timeout_s, on_end, &w,
	    cause) == NULL) {
		event_base_free(base);
		return -1;
	}
	while (!w.ended && event_base_loop(base, EVLOOP_ONCE) == 0)
		;
	event_base_free(base);
	if (w.cause == NULL)
		return 0;
	*cause = w.cause;
	return -1;
}

void
execrun_free(struct execrun_result *r)
{
	wipe_free(r->out, r->len);
	free(r->err_line);
	memset(r, 0, sizeof *r);
}
