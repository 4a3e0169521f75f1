/*
 * adapters.c - the adapter table (one row per service kind) and helpers the
 * adapters share: request descriptions, error text from answers, escaping.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/sanitize.h"
#include "core/util.h"

extern const struct adapter_entry adapter_unleash;
extern const struct adapter_entry adapter_prometheus;
extern const struct adapter_entry adapter_argo_rollouts;

const struct adapter_entry *adapter_table[] = {
	&adapter_unleash,
	&adapter_prometheus,
	&adapter_argo_rollouts,
	NULL
};

const struct adapter_entry *
adapter_find(const char *kind)
{
	size_t i;

	for (i = 0; adapter_table[i] != NULL; i++) {
		if (strcmp(adapter_table[i]->name, kind) == 0)
			return adapter_table[i];
	}
	return NULL;
}

void
request_desc_free(struct request_desc *r)
{
	free(r->method);
	free(r->path);
	free(r->body);
	free(r->content_type);
	memset(r, 0, sizeof *r);
}

/* Longest reason taken from an answer's body, in bytes (whole characters). */
#define ERROR_TEXT_MAX	200

char *
response_error(const struct response *r)
{
	json_t *root, *msg = NULL;
	char *text, *out;
	const char *what;

	if (r->status == 0)
		return sanitize_dup(r->error != NULL ? r->error : "no answer");
	switch (r->status) {
	case 401:
		what = "unauthorized (check the token)";
		break;
	case 403:
		what = "forbidden (the token lacks permission)";
		break;
	case 404:
		what = "not found";
		break;
	default:
		what = NULL;
		break;
	}
	root = r->body != NULL ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	if (json_is_object(root)) {
		/* Unleash: message; Prometheus: error; Kubernetes: message. */
		msg = json_object_get(root, "message");
		if (!json_is_string(msg))
			msg = json_object_get(root, "error");
	}
	if (json_is_string(msg))
		text = sanitize_line(json_string_value(msg), json_string_length(msg),
		    ERROR_TEXT_MAX);
	else if (root == NULL && r->body != NULL && r->len > 0 &&
	    r->len < ERROR_TEXT_MAX && memchr(r->body, '<', r->len) == NULL)
		text = sanitize_line(r->body, r->len, ERROR_TEXT_MAX);
	else
		text = NULL;
	if (what != NULL && text != NULL && *text != '\0')
		out = xasprintf("HTTP %ld %s: %s", r->status, what, text);
	else if (what != NULL)
		out = xasprintf("HTTP %ld %s", r->status, what);
	else if (text != NULL && *text != '\0')
		out = xasprintf("HTTP %ld: %s", r->status, text);
	else
		out = xasprintf("HTTP %ld", r->status);
	free(text);
	json_decref(root);
	return out;
}

char *
url_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(strlen(s) * 3 + 1), *p = out;

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~')
			*p++ = (char)ch;
		else {
			*p++ = '%';
			*p++ = hex[ch >> 4];
			*p++ = hex[ch & 15];
		}
	}
	*p = '\0';
	return out;
}
