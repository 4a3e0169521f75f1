/*
 * execrun.c - runs a kubeconfig exec plugin (execrun.h) with posix_spawnp:
 * no shell, stdin from /dev/null, stdout and stderr through pipes read with
 * poll() until the program exits or its time is up (then SIGKILL), with
 * default signal handling and no signal blocked.  The
 * pipes are close-on-exec, so the program inherits nothing else of ours
 * from them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "core/util.h"
#include "net/execrun.h"

#define EXECRUN_MAX_ERR	(64 * 1024)

extern char **environ;

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

/* Append what fd has to *buf (up to max bytes); 0 at its end. */
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

int
execrun(const char *cmd, char *const argv[], char *const env[],
    double timeout_s, struct execrun_result *r, char **cause)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t	 all, none;
	struct pollfd	 pfd[2];
	char		**envp, *err = NULL;
	size_t		 ecap = 0, elen = 0, ocap = 0;
	int		 out[2] = { -1, -1 }, ep[2] = { -1, -1 }, status, open_fds, rc;
	pid_t		 pid;
	double		 deadline = now_mono() + timeout_s, left;

	memset(r, 0, sizeof *r);
	if (pipe2(out, O_CLOEXEC) != 0 || pipe2(ep, O_CLOEXEC) != 0) {
		*cause = xasprintf("cannot start: %s", strerror(errno));
		goto fail;
	}
	/* Signals as a new program expects them, whatever relboard set. */
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
	out[1] = ep[1] = -1;
	if (rc != 0) {
		*cause = xasprintf("cannot start: %s", strerror(rc));
		goto fail;
	}

	pfd[0].fd = out[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;
	open_fds = 2;
	while (open_fds > 0 && (left = deadline - now_mono()) > 0) {
		if (poll(pfd, 2, (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents != 0 && !drain(pfd[0].fd, &r->out, &r->len,
		    &ocap, EXECRUN_MAX_OUT)) {
			pfd[0].fd = -1;
			open_fds--;
		}
		if (pfd[1].revents != 0 && !drain(pfd[1].fd, &err, &elen, &ecap,
		    EXECRUN_MAX_ERR)) {
			pfd[1].fd = -1;
			open_fds--;
		}
	}
	/* Both pipes closed: it has exited, or soon will. */
	while (open_fds == 0 && (rc = waitpid(pid, &status, WNOHANG)) == 0 &&
	    now_mono() < deadline)
		usleep(5000);
	if (open_fds > 0 || rc == 0) {
		kill(pid, SIGKILL);
		open_fds = open_fds > 0 ? open_fds : 1;
	}
	if (open_fds > 0 || rc < 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (err != NULL) {
		r->err_line = sanitize_line(err, elen, 200);
		wipe_free(err, elen);
		if (*r->err_line == '\0') {
			free(r->err_line);
			r->err_line = NULL;
		}
	}
	if (r->out == NULL)
		r->out = xstrdup("");
	if (open_fds > 0)
		*cause = xasprintf("did not finish within %g s", timeout_s);
	else if (WIFSIGNALED(status))
		*cause = xasprintf("killed by signal %d", WTERMSIG(status));
	else if (WEXITSTATUS(status) != 0)
		*cause = xasprintf("exited with status %d%s%s",
		    WEXITSTATUS(status), r->err_line != NULL ? ": " : "",
		    r->err_line != NULL ? r->err_line : "");
	else {
		close(out[0]);
		close(ep[0]);
		return 0;
	}
	sanitize_text(*cause);
fail:
	if (out[0] >= 0)
		close(out[0]);
	if (out[1] >= 0)
		close(out[1]);
	if (ep[0] >= 0)
		close(ep[0]);
	if (ep[1] >= 0)
		close(ep[1]);
	return -1;
}

void
execrun_free(struct execrun_result *r)
{
	wipe_free(r->out, r->len);
	free(r->err_line);
	memset(r, 0, sizeof *r);
}
