/*
 * journal.c - appends action records to the journal file (JSON lines) and
 * reads the most recent ones back for the journal view.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actions/journal.h"
#include "core/util.h"

char *
journal_path(const char *configured)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (configured != NULL)
		return xstrdup(configured);
	if (x != NULL && *x == '/')
		return xasprintf("%s/relboard/journal.jsonl", x);
	return xasprintf("%s/.local/state/relboard/journal.jsonl", home ? home : ".");
}

/* mkdir -p for the folder holding path, new folders mode 0700. */
static int
make_parents(const char *path, char **cause)
{
	char *dir = xstrdup(path), *p;

	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*cause = xasprintf("journal folder %s: %s", dir, strerror(errno));
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

static int
open_journal(const char *path, char **cause)
{
	int fd;

	if (make_parents(path, cause) != 0)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		*cause = xasprintf("journal %s: %s", path, strerror(errno));
	return fd;
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
	text = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER);
	line = xasprintf("%s\n", text ? text : "{}");
	free(text);
	len = strlen(line);
	n = write(fd, line, len);
	free(line);
	if (n != (ssize_t)len || fsync(fd) != 0) {
		*cause = xasprintf("journal %s: %s", path, n < 0 ? strerror(errno) :
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

	if ((text = read_file(path, NULL, &cause)) == NULL) {
		free(cause);
		return all;
	}
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((e = json_loads(line, 0, NULL)) == NULL)
			continue;	/* a torn line is skipped, not fatal */
		json_array_append_new(all, e);
		if (json_array_size(all) > n)
			json_array_remove(all, 0);
	}
	free(text);
	return all;
}
