/*
 * intern.h - one shared copy of the model's repeated strings (sources,
 * projects, flag types, environment names and types, namespaces, kinds,
 * strategies, statuses): 10,000 flags in two environments hold a handful
 * of distinct ones.  A shared copy lives as long as the process; model
 * rows hold it like their own strings and give it back through
 * intern_free(), which frees only what is not shared.  The table holds at
 * most INTERN_MAX strings, so that a service sending a new value every
 * poll cannot grow it without end: past that, intern_str() makes private
 * copies.
 */
#ifndef RB_INTERN_H
#define RB_INTERN_H

#include <stddef.h>

#define INTERN_MAX	4096

/* The shared copy of s, or a private one when the table is full; NULL: NULL. */
char	*intern_str(const char *s);
/* Free s unless it is a shared copy (intern_str()). */
void	 intern_free(char *s);
/* How many shared copies there are. */
size_t	 intern_count(void);

#endif
