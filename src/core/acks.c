/*
 * acks.c - acknowledged alerts, and the file that keeps them (acks.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/acks.h"
#include "core/util.h"

char *
acks_path(const char *journal_path)
{
	const char *slash = strrchr(journal_path, '/');

	if (slash == NULL)
		return xstrdup("acks.json");
	return xasprintf("%.*s/acks.json", (int)(slash - journal_path),
	    journal_path);
}

static void
ack_free(struct ack *a)
{
	free(a->pane);
	free(a->key);
	free(a->sig);
	free(a->note);
	free(a->user);
}

void
acks_free(struct acks *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		ack_free(&s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

static const char *
str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s != NULL ? s : "";
}

int
acks_load(struct acks *s, const char *path, char **cause)
{
	json_error_t	 jerr;
	json_t		*root, *e;
	size_t		 i;

	memset(s, 0, sizeof *s);
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 0;
	if ((root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		*cause = xasprintf("%s: %s", path, jerr.text);
		return -1;
	}
	if (!json_is_array(root)) {
		*cause = xasprintf("%s: not a list of acknowledgements", path);
		json_decref(root);
		return -1;
	}
	json_array_foreach(root, i, e) {
		if (!json_is_string(json_object_get(e, "pane")) ||
		    !json_is_string(json_object_get(e, "key")))
			continue;
		acks_set(s, str(e, "pane"), str(e, "key"), str(e, "state"),
		    str(e, "note"), str(e, "user"), json_number_value(
		    json_object_get(e, "time")));
	}
	json_decref(root);
	s->version = 0;
	return 0;
}

int
acks_save(const struct acks *s, const char *path, char **cause)
{
	json_t	*root = json_array(), *e;
	char	*tmp, *text;
	size_t	 i, len;
	ssize_t	 w;
	int	 fd, rc = 0;

	for (i = 0; i < s->n; i++) {
		e = json_object();
		json_object_set_new(e, "pane", json_string(s->v[i].pane));
		json_object_set_new(e, "key", json_string(s->v[i].key));
		json_object_set_new(e, "state", json_string(s->v[i].sig));
		json_object_set_new(e, "note", json_string(s->v[i].note));
		json_object_set_new(e, "user", json_string(s->v[i].user));
		json_object_set_new(e, "time", json_real(s->v[i].time));
		json_array_append_new(root, e);
	}
	text = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	if (text == NULL) {
		*cause = xasprintf("%s: cannot encode", path);
		return -1;
	}
	tmp = xasprintf("%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", tmp, strerror(errno));
		rc = -1;
		goto out;
	}
	len = strlen(text);
	w = write(fd, text, len);
	if (w != (ssize_t)len || fsync(fd) != 0) {
		*cause = xasprintf("%s: %s", tmp, w < 0 ? strerror(errno) :
		    "short write");
		rc = -1;
	}
	close(fd);
	if (rc == 0 && rename(tmp, path) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
out:
	free(tmp);
	free(text);
	return rc;
}

static struct ack *
find(const struct acks *s, const char *pane, const char *key)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].pane, pane) == 0 &&
		    strcmp(s->v[i].key, key) == 0)
			return &s->v[i];
	}
	return NULL;
}

const struct ack *
acks_find(const struct acks *s, const char *pane, const char *key)
{
	return find(s, pane, key);
}

bool
acks_holds(const struct acks *s, const char *pane, const char *key,
    const char *sig)
{
	const struct ack *a = find(s, pane, key);

	return a != NULL && strcmp(a->sig, sig) == 0;
}

void
acks_set(struct acks *s, const char *pane, const char *key, const char *sig,
    const char *note, const char *user, double time)
{
	struct ack *a = find(s, pane, key);

	if (a != NULL)
		ack_free(a);
	else
		a = ARRAY_PUSH(s->v, s->n, s->cap);
	a->pane = xstrdup(pane);
	a->key = xstrdup(key);
	a->sig = xstrdup(sig != NULL ? sig : "");
	a->note = xstrdup(note != NULL ? note : "");
	a->user = xstrdup(user != NULL ? user : "");
	a->time = time;
	s->version++;
}

int
acks_remove(struct acks *s, const char *pane, const char *key)
{
	struct ack *a = find(s, pane, key);

	if (a == NULL)
		return 0;
	ack_free(a);
	*a = s->v[--s->n];
	s->version++;
	return 1;
}
