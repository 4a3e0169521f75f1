/*
 * keytab.h - key tables: one per pane, per mode and one of global keys,
 * each row a key, the help text and the handler.  The help overlay is
 * generated from them, and a unit test checks that no key is bound twice
 * in one scope.  Curses-free.
 */
#ifndef RB_UI_KEYTAB_H
#define RB_UI_KEYTAB_H

#include <stddef.h>

struct ui_state;
struct mode;

struct key_binding {
	int		 key;		/* keys.h: a character or RK_* */
	/*
	 * Help text; rows that follow with NULL help are other keys for the
	 * same thing ("j" after "Down").  A row whose key is 0 is a legend
	 * line: help, no key.
	 */
	const char	*help;
	/* Returns UI_* reactions; m is the mode for a mode's keys, else NULL. */
	int		(*fn)(struct ui_state *, struct mode *m);
};

/* A table ends with a row whose key and help are both 0/NULL. */
#define KEYTAB_END	{ 0, NULL, NULL }

const struct key_binding *keytab_find(const struct key_binding *, int key);

/*
 * Help lines for a table: "  j, Down      move down".  Calls out(line,
 * arg) for each line (legend rows as they are).
 */
void	keytab_help(const struct key_binding *, int utf8,
	    void (*out)(const char *line, void *arg), void *arg);

/*
 * The first key bound twice among the tables (tables[] ends with NULL),
 * or 0 when every key is bound once.
 */
int	keytab_collision(const struct key_binding *const *tables);

#endif
