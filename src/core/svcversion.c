/*
 * svcversion.c - the version request of each source kind and where its
 * answer says the version (see svcversion.h).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/sanitize.h"
#include "core/svcversion.h"
#include "core/util.h"

#define VERSION_MAX	80

struct vkind {
	const char	*kind;
	const char	*path;
	/* JSON paths to try in order, each NULL-terminated. */
	const char	*where[2][4];
};

static const struct vkind vkinds[] = {
	{ "unleash", "/api/admin/ui-config",
	    { { "versionInfo", "current", "oss", NULL }, { "version", NULL } } },
	{ "prometheus", "/api/v1/status/buildinfo",
	    { { "data", "version", NULL }, { NULL } } },
	{ "argo-rollouts", "/version",
	    { { "gitVersion", NULL }, { NULL } } },
};

static const struct vkind *
vkind_find(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < sizeof vkinds / sizeof vkinds[0]; i++) {
		if (strcmp(vkinds[i].kind, kind) == 0)
			return &vkinds[i];
	}
	return NULL;
}

int
svcversion_request(const char *kind, struct request_desc *req)
{
	const struct vkind *v = vkind_find(kind);

	memset(req, 0, sizeof *req);
	if (v == NULL)
		return -1;
	req->method = xstrdup("GET");
	req->path = xstrdup(v->path);
	return 0;
}

/* The non-empty string at a path of keys, or NULL. */
static json_t *
string_at(json_t *root, const char *const *keys)
{
	json_t *j = root;

	for (; *keys != NULL && j != NULL; keys++)
		j = json_is_object(j) ? json_object_get(j, *keys) : NULL;
	if (!json_is_string(j) || json_string_length(j) == 0)
		return NULL;
	return j;
}

int
svcversion_parse(const char *kind, const struct response *r, char **version,
    char **cause)
{
	const struct vkind *v = vkind_find(kind);
	json_t *root, *s = NULL;
	size_t i;

	*version = NULL;
	if (v == NULL) {
		*cause = sanitize_dup("this kind of source has no version request");
		return -1;
	}
	if (r->status < 200 || r->status > 299) {
		*cause = response_error(r);
		return -1;
	}
	root = r->body != NULL ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		*cause = xasprintf("the answer to %s is not a JSON object", v->path);
		return -1;
	}
	for (i = 0; s == NULL && i < 2 && v->where[i][0] != NULL; i++)
		s = string_at(root, v->where[i]);
	if (s == NULL) {
		json_decref(root);
		*cause = xasprintf("the answer to %s names no version", v->path);
		return -1;
	}
	*version = sanitize_line(json_string_value(s), json_string_length(s),
	    VERSION_MAX);
	json_decref(root);
	return 0;
}
