/*
 * theme.h - the dashboard's colours and attributes, as ONE table from a
 * role (ok, warn, crit, stale, selected, ...) to a foreground, background
 * and attributes.  Loading and parsing theme files is curses-free
 * (theme_parse.c); turning a theme into curses attributes is in theme.c.
 *
 * A theme file has one `role fg bg [attrs]` line per role; '#' starts a
 * comment.  Colours are names (default, black, red, green, yellow, blue,
 * magenta, cyan, white, bright-red, ...) or numbers 0-255; attrs is "-"
 * or a comma list of bold, dim, reverse, underline, standout, blink,
 * italic, normal.  Roles a file leaves out keep the built-in default.
 */
#ifndef RB_UI_THEME_H
#define RB_UI_THEME_H

#include "core/model.h"

enum role {
	ROLE_NORMAL,
	ROLE_HEADER,		/* top line */
	ROLE_TAB,		/* a pane's name in the tab line */
	ROLE_TAB_ACTIVE,	/* the current pane's name */
	ROLE_TITLE,		/* column headings */
	ROLE_SELECTED,		/* the selected row */
	ROLE_DIM,		/* less important text */
	ROLE_OK,
	ROLE_INFO,		/* in progress, neither good nor bad */
	ROLE_WARN,
	ROLE_CRIT,
	ROLE_UNKNOWN,
	ROLE_STALE,		/* data whose source stopped answering */
	ROLE_ERROR,		/* a source that never answered */
	ROLE_BAR,		/* weight bars */
	ROLE_HELP,		/* the help overlay */
	ROLE_COUNT
};

#define THEME_DEFAULT_COLOUR	(-1)

#define THEME_BOLD		0x01
#define THEME_DIM		0x02
#define THEME_REVERSE		0x04
#define THEME_UNDERLINE		0x08
#define THEME_STANDOUT		0x10
#define THEME_BLINK		0x20
#define THEME_ITALIC		0x40

struct theme_style {
	int		 fg, bg;	/* 0-255 or THEME_DEFAULT_COLOUR */
	unsigned	 attrs;		/* THEME_* */
};

struct theme {
	struct theme_style style[ROLE_COUNT];
};

const char *theme_role_name(enum role);
/* The role that shows a health: ok, warn, crit, unknown. */
enum role theme_health_role(enum health);
/* The built-in colour theme, or (mono != 0) attributes only. */
void	theme_builtin(struct theme *, int mono);
/*
 * Parse theme text from `path` on top of what *t holds.  On error return
 * -1 with *cause "PATH:LINE: reason".
 */
int	theme_parse(struct theme *t, const char *path, const char *text,
	    char **cause);
/*
 * Find theme NAME: $XDG_CONFIG_HOME/relboard/themes/NAME.theme (or
 * ~/.config/...), then RB_DATADIR/themes/NAME.theme.  Returns an
 * allocated path or NULL.
 */
char	*theme_find(const char *name);
/*
 * Load theme NAME (NULL means "default") into *t.  "default" and "mono"
 * fall back to the built-in tables when no file is installed; any other
 * missing name, or a bad file, is an error in *cause.
 */
int	theme_load(struct theme *t, const char *name, char **cause);

#endif
