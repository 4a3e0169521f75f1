/*
 * template.h - fills a page template ("https://argo/rollouts/{namespace}/
 * {name}") with values, each percent-encoded for a URL path, or a query
 * template with values as they are.  Pure.
 */
#ifndef RB_TEMPLATE_H
#define RB_TEMPLATE_H

#include <stddef.h>

/*
 * Replace each {key} of tmpl by its value (keys[i] -> values[i], n of
 * them; a NULL value is empty).  An unknown {key} stays as it is.
 */
char	*template_expand(const char *tmpl, const char *const *keys,
	    const char *const *values, size_t n);
/* The same with the values as they are, not encoded (e.g. for PromQL). */
char	*template_fill(const char *tmpl, const char *const *keys,
	    const char *const *values, size_t n);

#endif
