/*
 * intern.c - the table of shared strings (see intern.h): a strmap from
 * each string to its index in an array of owned copies.  The copies are
 * kept until the process ends.
 */
#include <stdlib.h>

#include "core/intern.h"
#include "core/strmap.h"
#include "core/util.h"

static struct strmap	  map;
static char		**strs;
static size_t		  nstrs, strs_cap;

char *
intern_str(const char *s)
{
	size_t i;

	if (s == NULL)
		return NULL;
	if ((i = strmap_get(&map, s)) != STRMAP_NONE)
		return strs[i];
	if (nstrs >= INTERN_MAX)
		return xstrdup(s);
	*ARRAY_PUSH(strs, nstrs, strs_cap) = xstrdup(s);
	strmap_put(&map, strs[nstrs - 1], nstrs - 1);
	return strs[nstrs - 1];
}

void
intern_free(char *s)
{
	size_t i;

	if (s == NULL)
		return;
	if ((i = strmap_get(&map, s)) != STRMAP_NONE && strs[i] == s)
		return;
	free(s);
}

size_t
intern_count(void)
{
	return nstrs;
}
