/*
 * strmap.h - a small string-to-index hash map (open addressing).  Keys are
 * borrowed: they must outlive the map (or be removed from it first).  Used
 * by the graph to find nodes and flags by name without scanning, and by the
 * argo-rollouts watch to find its objects.
 */
#ifndef RB_STRMAP_H
#define RB_STRMAP_H

#include <stddef.h>

#define STRMAP_NONE ((size_t)-1)

struct strmap_slot {
	const char	*key;
	size_t		 val;
};

struct strmap {
	struct strmap_slot *slots;
	size_t		 cap, n;
};

void	strmap_init(struct strmap *);
void	strmap_free(struct strmap *);
/* Add key -> val unless the key is there; returns the value it maps to. */
size_t	strmap_put(struct strmap *, const char *key, size_t val);
size_t	strmap_get(const struct strmap *, const char *key);
/* Remove key if it is there; its value is returned (else STRMAP_NONE). */
size_t	strmap_del(struct strmap *, const char *key);

#endif
