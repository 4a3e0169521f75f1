/*
 * keytab.c - looking keys up in a key table, the help lines generated from
 * tables, and the check that one scope binds each key once.
 */
#include <stdio.h>
#include <string.h>

#include "ui/keys.h"
#include "ui/keytab.h"

static int
is_end(const struct key_binding *b)
{
	return b->key == 0 && b->help == NULL;
}

const struct key_binding *
keytab_find(const struct key_binding *t, int key)
{
	if (t == NULL || key == 0)
		return NULL;
	for (; !is_end(t); t++) {
		if (t->key == key && t->fn != NULL)
			return t;
	}
	return NULL;
}

void
keytab_help(const struct key_binding *t, int utf8,
    void (*out)(const char *, void *), void *arg)
{
	char keys[64], name[32], line[160];
	const char *help;
	size_t n;

	if (t == NULL)
		return;
	while (!is_end(t)) {
		if (t->key == 0) {
			out(t->help, arg);
			t++;
			continue;
		}
		help = t->help;
		keys[0] = '\0';
		n = 0;
		do {
			keys_name(t->key, utf8, name, sizeof name);
			n += (size_t)snprintf(keys + n, n < sizeof keys ?
			    sizeof keys - n : 0, "%s%s", n ? ", " : "", name);
			if (n >= sizeof keys)
				n = sizeof keys - 1;
			t++;
		} while (!is_end(t) && t->key != 0 && t->help == NULL);
		if (strlen(keys) > 16) {
			/* Long key lists get a line of their own. */
			snprintf(line, sizeof line, "  %s", keys);
			out(line, arg);
			keys[0] = '\0';
		}
		snprintf(line, sizeof line, "  %-16s %s", keys, help ? help : "");
		out(line, arg);
	}
}

int
keytab_collision(const struct key_binding *const *tables)
{
	const struct key_binding *const *a, *const *b;
	const struct key_binding *x, *y;

	for (a = tables; *a != NULL; a++) {
		for (x = *a; !is_end(x); x++) {
			if (x->key == 0)
				continue;
			for (b = a; *b != NULL; b++) {
				for (y = b == a ? x + 1 : *b; !is_end(y); y++) {
					if (y->key == x->key)
						return x->key;
				}
			}
		}
	}
	return 0;
}
