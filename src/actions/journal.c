/*
 * journal.c - appends action records to the journal file (JSON lines) and
 * reads the most recent ones back for the journal view.  The file is only
 * ever relboard's own: opened without following a symbolic link, refused
 * unless it is a regular file owned by the user with no other hard link,
 * kept mode 0600, in a "relboard" folder kept mode 0700.  Every string
 * written or read back goes through the output sanitizer.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions/journal.h"
#include "core/sanitize.h"
#include "core/util.h"

/* The user's home: $HOME if set and absolute, else the password entry's. */
static const char *
home_dir(void)
{
	const char	*home = getenv("HOME");
	struct passwd	*pw;

	if (home != NULL && *home == '/')
		return home;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL &&
	    *pw->pw_dir == '/')
		return pw->pw_dir;
	return NULL;
}

char *
journal_path(const char *configured)
{
	const char	*x = getenv("XDG_STATE_HOME"), *home;

	if (configured != NULL)
		return xstrdup(configured);
	if (x != NULL && *x == '/')
		return xasprintf("%s/relboard/journal.jsonl", x);
	if ((home = home_dir()) == NULL)
		return NULL;
	return xasprintf("%s/.local/state/relboard/journal.jsonl", home);
}

/* A cause naming the path, made safe to print. */
static char *
journal_error(const char *what, const char *path, const char *why)
{
	char	*s = xasprintf("%s %s: %s", what, path, why);

	sanitize_text(s);
	return s;
}

/* mkdir -p for the folder holding path, new folders mode 0700. */
static int
make_parents(const char *path, char **cause)
{
	char *dir = xstrdup(path), *p;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*cause = journal_error("journal folder", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

/*
 * Open the folder holding path (fd, or AT_FDCWD for a bare file name) and
 * point *base at the file's name in path.  A folder named "relboard" is
 * relboard's own: it must be the user's and is made mode 0700.
 */
static int
open_folder(const char *path, const char **base, char **cause)
{
	const char	*slash = strrchr(path, '/'), *name;
	char		*dir;
	struct stat	 st;
	int		 dfd;

	if (slash == NULL) {
		*base = path;
		return AT_FDCWD;
	}
	*base = slash + 1;
	dir = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		*cause = journal_error("journal folder", dir, strerror(errno));
		free(dir);
		return -1;
	}
	name = strrchr(dir, '/');
	name = name != NULL ? name + 1 : dir;
	if (strcmp(name, "relboard") == 0) {
		if (fstat(dfd, &st) != 0 || st.st_uid != geteuid()) {
			*cause = journal_error("journal folder", dir,
			    "not owned by this user; relboard will not write there");
			goto bad;
		}
		if ((st.st_mode & 077) != 0 && fchmod(dfd, 0700) != 0) {
			*cause = journal_error("journal folder", dir, strerror(errno));
			goto bad;
		}
	}
	free(dir);
	return dfd;
bad:
	close(dfd);
	free(dir);
	return -1;
}

static int
open_journal(const char *path, char **cause)
{
	const char	*base;
	struct stat	 st;
	int		 dfd, fd, flags;

	if (path == NULL || *path == '\0') {
		*cause = xstrdup("no journal path: HOME is not set and the user "
		    "has no home folder (set XDG_STATE_HOME or \"journal\" in "
		    "the config)");
		return -1;
	}
	if (make_parents(path, cause) != 0)
		return -1;
	if ((dfd = open_folder(path, &base, cause)) == -1)
		return -1;
	/* O_NONBLOCK: a FIFO put in its place must not hang the open. */
	fd = openat(dfd, base, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW |
	    O_CLOEXEC | O_NONBLOCK, 0600);
	if (dfd != AT_FDCWD)
		close(dfd);
	if (fd < 0) {
		*cause = journal_error("journal", path, errno == ELOOP ?
		    "is a symbolic link; relboard does not follow it" :
		    errno == ENXIO ? "not a regular file" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		*cause = journal_error("journal", path, strerror(errno));
		goto bad;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = journal_error("journal", path, "not a regular file");
		goto bad;
	}
	if (st.st_uid != geteuid()) {
		*cause = journal_error("journal", path, "not owned by this user");
		goto bad;
	}
	if (st.st_nlink != 1) {
		*cause = journal_error("journal", path, "has other hard links");
		goto bad;
	}
	if ((st.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0) {
		*cause = journal_error("journal", path, strerror(errno));
		goto bad;
	}
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
		*cause = journal_error("journal", path, strerror(errno));
		goto bad;
	}
	return fd;
bad:
	close(fd);
	return -1;
}

int
journal_check(const char *path, char **cause)
{
	int fd = open_journal(path, cause);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int
journal_append(const char *path, json_t *entry, char **cause)
{
	char *line, *text;
	size_t len;
	ssize_t n;
	int fd;

	if ((fd = open_journal(path, cause)) < 0)
		return -1;
	sanitize_json(entry);
	if ((text = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER)) == NULL) {
		*cause = journal_error("journal", path, "entry not encodable");
		close(fd);
		return -1;
	}
	line = xasprintf("%s\n", text);
	free(text);
	len = strlen(line);
	n = write(fd, line, len);
	free(line);
	if (n != (ssize_t)len || fsync(fd) != 0) {
		*cause = journal_error("journal", path, n < 0 ? strerror(errno) :
		    "short write");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

json_t *
journal_recent(const char *path, size_t n)
{
	json_t *all = json_array(), *e;
	char *text, *cause = NULL, *line, *save = NULL;

	if (path == NULL || (text = read_file(path, NULL, &cause)) == NULL) {
		free(cause);
		return all;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((e = json_loads(line, 0, NULL)) == NULL)
			continue;	/* a torn line is skipped, not fatal */
		/* Older lines (or hand edits) may hold anything: clean them. */
		sanitize_json(e);
		json_array_append_new(all, e);
		if (json_array_size(all) > n)
			json_array_remove(all, 0);
	}
	free(text);
	return all;
}

json_t *
journal_entry_new(const char *action)
{
	struct passwd *pw = getpwuid(getuid());
	const char *ssh = getenv("SSH_CONNECTION"), *user = getenv("USER");
	char when[32], *origin = NULL, *sp;
	json_t *e;

	format_rfc3339(now_wall(), when, sizeof when);
	if (pw != NULL && pw->pw_name != NULL)
		user = pw->pw_name;
	if (ssh != NULL && *ssh != '\0') {
		/* "client_ip client_port server_ip server_port": keep the client. */
		origin = xstrdup(ssh);
		if ((sp = strchr(origin, ' ')) != NULL &&
		    (sp = strchr(sp + 1, ' ')) != NULL)
			*sp = '\0';
	}
	e = json_object();
	json_object_set_new(e, "time", json_string(when));
	json_object_set_new(e, "user", json_text(user));
	json_object_set_new(e, "ssh_origin", json_text(origin));
	json_object_set_new(e, "action", json_text(action));
	free(origin);
	return e;
}
