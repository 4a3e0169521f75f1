/*
 * strmap.c - string-to-index hash map with linear probing (FNV-1a hash),
 * grown at half load; removal shifts the entries after it back (no
 * tombstones).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "core/util.h"

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static struct strmap_slot *
find_slot(struct strmap_slot *slots, size_t cap, const char *key)
{
	size_t i = (size_t)(hash(key) & (cap - 1));

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void
grow(struct strmap *m)
{
	struct strmap_slot *old = m->slots, *s;
	size_t oldcap = m->cap, i;

	m->cap = oldcap ? oldcap * 2 : 16;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i].key == NULL)
			continue;
		s = find_slot(m->slots, m->cap, old[i].key);
		*s = old[i];
	}
	free(old);
}

size_t
strmap_put(struct strmap *m, const char *key, size_t val)
{
	struct strmap_slot *s;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	s = find_slot(m->slots, m->cap, key);
	if (s->key != NULL)
		return s->val;
	s->key = key;
	s->val = val;
	m->n++;
	return val;
}

size_t
strmap_get(const struct strmap *m, const char *key)
{
	const struct strmap_slot *s;

	if (m->cap == 0)
		return STRMAP_NONE;
	s = find_slot(m->slots, m->cap, key);
	return s->key != NULL ? s->val : STRMAP_NONE;
}

size_t
strmap_del(struct strmap *m, const char *key)
{
	struct strmap_slot *s;
	size_t mask = m->cap - 1, hole, j, home, val;

	if (m->cap == 0)
		return STRMAP_NONE;
	s = find_slot(m->slots, m->cap, key);
	if (s->key == NULL)
		return STRMAP_NONE;
	val = s->val;
	hole = (size_t)(s - m->slots);
	m->slots[hole].key = NULL;
	m->n--;
	/* Move back each entry of the run whose home is not after the hole. */
	for (j = (hole + 1) & mask; m->slots[j].key != NULL;
	    j = (j + 1) & mask) {
		home = (size_t)(hash(m->slots[j].key) & mask);
		if (hole <= j ? (home > hole && home <= j) :
		    (home > hole || home <= j))
			continue;
		m->slots[hole] = m->slots[j];
		m->slots[j].key = NULL;
		hole = j;
	}
	return val;
}
