/*
 * template.c - page templates (template.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/template.h"
#include "core/util.h"

static void
put_escaped(char **out, size_t *len, size_t *cap, const char *s, int raw)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; s != NULL && *s != '\0'; s++) {
		c = (unsigned char)*s;
		grow_array((void **)out, cap, *len + 4, 1);
		if (raw || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c) != NULL)
			(*out)[(*len)++] = (char)c;
		else {
			(*out)[(*len)++] = '%';
			(*out)[(*len)++] = hex[c >> 4];
			(*out)[(*len)++] = hex[c & 15];
		}
	}
}

static char *
expand(const char *tmpl, const char *const *keys, const char *const *values,
    size_t n, int raw)
{
	char *out = NULL;
	size_t len = 0, cap = 0, i, k;
	const char *end;

	for (i = 0; tmpl[i] != '\0'; i++) {
		if (tmpl[i] == '{' && (end = strchr(tmpl + i, '}')) != NULL) {
			for (k = 0; k < n; k++) {
				if (strlen(keys[k]) == (size_t)(end - tmpl - i - 1) &&
				    strncmp(keys[k], tmpl + i + 1, strlen(keys[k])) == 0)
					break;
			}
			if (k < n) {
				put_escaped(&out, &len, &cap, values[k], raw);
				i = (size_t)(end - tmpl);
				continue;
			}
		}
		grow_array((void **)&out, &cap, len + 2, 1);
		out[len++] = tmpl[i];
	}
	grow_array((void **)&out, &cap, len + 1, 1);
	out[len] = '\0';
	return out;
}

char *
template_expand(const char *tmpl, const char *const *keys,
    const char *const *values, size_t n)
{
	return expand(tmpl, keys, values, n, 0);
}

char *
template_fill(const char *tmpl, const char *const *keys,
    const char *const *values, size_t n)
{
	return expand(tmpl, keys, values, n, 1);
}
