/*
 * theme_parse.c - the built-in theme tables and the theme file reader
 * (`role fg bg [attrs]` lines).  Curses-free, so tests/check_ui.c tests
 * it directly; theme.c turns the result into curses attributes.  Its
 * errors quote the file, so they are sanitized before they are returned.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "ui/theme.h"

#ifndef RB_DATADIR
#define RB_DATADIR "/usr/local/share/relboard"
#endif

static const char *const role_names[ROLE_COUNT] = {
	[ROLE_NORMAL] = "normal",
	[ROLE_HEADER] = "header",
	[ROLE_TAB] = "tab",
	[ROLE_TAB_ACTIVE] = "tab_active",
	[ROLE_TITLE] = "title",
	[ROLE_SELECTED] = "selected",
	[ROLE_DIM] = "dim",
	[ROLE_OK] = "ok",
	[ROLE_INFO] = "info",
	[ROLE_WARN] = "warn",
	[ROLE_CRIT] = "crit",
	[ROLE_UNKNOWN] = "unknown",
	[ROLE_STALE] = "stale",
	[ROLE_ERROR] = "error",
	[ROLE_BAR] = "bar",
	[ROLE_HELP] = "help",
};

#define D THEME_DEFAULT_COLOUR
static const struct theme_style builtin_colour[ROLE_COUNT] = {
	[ROLE_NORMAL] =		{ D, D, 0 },
	[ROLE_HEADER] =		{ 7, 4, THEME_BOLD },
	[ROLE_TAB] =		{ 7, 4, 0 },
	[ROLE_TAB_ACTIVE] =	{ 4, 7, THEME_BOLD },
	[ROLE_TITLE] =		{ 6, D, THEME_BOLD },
	[ROLE_SELECTED] =	{ 0, 6, 0 },
	[ROLE_DIM] =		{ D, D, THEME_DIM },
	[ROLE_OK] =		{ 2, D, 0 },
	[ROLE_INFO] =		{ 6, D, 0 },
	[ROLE_WARN] =		{ 3, D, THEME_BOLD },
	[ROLE_CRIT] =		{ 1, D, THEME_BOLD },
	[ROLE_UNKNOWN] =	{ 5, D, 0 },
	[ROLE_STALE] =		{ 3, D, THEME_BOLD|THEME_REVERSE },
	[ROLE_ERROR] =		{ 1, D, THEME_BOLD|THEME_REVERSE },
	[ROLE_BAR] =		{ 6, D, 0 },
	[ROLE_HELP] =		{ D, D, 0 },
};
static const struct theme_style builtin_mono[ROLE_COUNT] = {
	[ROLE_NORMAL] =		{ D, D, 0 },
	[ROLE_HEADER] =		{ D, D, THEME_REVERSE },
	[ROLE_TAB] =		{ D, D, THEME_REVERSE },
	[ROLE_TAB_ACTIVE] =	{ D, D, THEME_BOLD },
	[ROLE_TITLE] =		{ D, D, THEME_BOLD },
	[ROLE_SELECTED] =	{ D, D, THEME_REVERSE },
	[ROLE_DIM] =		{ D, D, THEME_DIM },
	[ROLE_OK] =		{ D, D, 0 },
	[ROLE_INFO] =		{ D, D, 0 },
	[ROLE_WARN] =		{ D, D, THEME_BOLD },
	[ROLE_CRIT] =		{ D, D, THEME_BOLD|THEME_UNDERLINE },
	[ROLE_UNKNOWN] =	{ D, D, THEME_DIM },
	[ROLE_STALE] =		{ D, D, THEME_BOLD|THEME_REVERSE },
	[ROLE_ERROR] =		{ D, D, THEME_BOLD|THEME_REVERSE },
	[ROLE_BAR] =		{ D, D, 0 },
	[ROLE_HELP] =		{ D, D, 0 },
};
#undef D

static const struct {
	const char	*name;
	unsigned	 flag;
} attr_names[] = {
	{ "bold", THEME_BOLD },
	{ "dim", THEME_DIM },
	{ "reverse", THEME_REVERSE },
	{ "underline", THEME_UNDERLINE },
	{ "standout", THEME_STANDOUT },
	{ "blink", THEME_BLINK },
	{ "italic", THEME_ITALIC },
	{ "normal", 0 },
};

static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

enum role
theme_health_role(enum health h)
{
	switch (h) {
	case HEALTH_OK:
		return ROLE_OK;
	case HEALTH_WARN:
		return ROLE_WARN;
	case HEALTH_CRIT:
		return ROLE_CRIT;
	case HEALTH_UNKNOWN:
		break;
	}
	return ROLE_UNKNOWN;
}

const char *
theme_role_name(enum role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		return "?";
	return role_names[r];
}

void
theme_builtin(struct theme *t, int mono)
{
	memcpy(t->style, mono ? builtin_mono : builtin_colour, sizeof t->style);
}

static int
parse_colour(const char *s, int *out)
{
	size_t	 i;
	char	*end;
	long	 n;

	if (strcmp(s, "default") == 0 || strcmp(s, "-") == 0) {
		*out = THEME_DEFAULT_COLOUR;
		return 0;
	}
	if (strcmp(s, "grey") == 0 || strcmp(s, "gray") == 0) {
		*out = 8;
		return 0;
	}
	for (i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++) {
		if (strcmp(s, colour_names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
		if (strncmp(s, "bright-", 7) == 0 &&
		    strcmp(s + 7, colour_names[i]) == 0) {
			*out = (int)i + 8;
			return 0;
		}
	}
	if (isdigit((unsigned char)*s)) {
		errno = 0;
		n = strtol(s, &end, 10);
		if (errno == 0 && *end == '\0' && n >= 0 && n <= 255) {
			*out = (int)n;
			return 0;
		}
	}
	return -1;
}

static int
parse_attrs(char *s, unsigned *out, const char **bad)
{
	char	*word, *save = NULL;
	size_t	 i;

	*out = 0;
	if (strcmp(s, "-") == 0 || strcmp(s, "none") == 0)
		return 0;
	for (word = strtok_r(s, ",", &save); word != NULL;
	    word = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
			if (strcmp(word, attr_names[i].name) == 0)
				break;
		}
		if (i == sizeof attr_names / sizeof attr_names[0]) {
			*bad = word;
			return -1;
		}
		*out |= attr_names[i].flag;
	}
	return 0;
}

static int
parse_line(struct theme *t, char *line, char **cause)
{
	char		*f[4], *save = NULL, *p;
	const char	*bad = NULL;
	size_t		 n = 0, r;
	struct theme_style st;

	if ((p = strchr(line, '#')) != NULL)
		*p = '\0';
	for (p = strtok_r(line, " \t\r", &save); p != NULL;
	    p = strtok_r(NULL, " \t\r", &save)) {
		if (n == 4) {
			*cause = xstrdup("too many fields (want: role fg bg [attrs])");
			return -1;
		}
		f[n++] = p;
	}
	if (n == 0)
		return 0;
	if (n < 3) {
		*cause = xstrdup("too few fields (want: role fg bg [attrs])");
		return -1;
	}
	for (r = 0; r < ROLE_COUNT; r++) {
		if (strcmp(f[0], role_names[r]) == 0)
			break;
	}
	if (r == ROLE_COUNT) {
		*cause = xasprintf("unknown role '%s'", f[0]);
		return -1;
	}
	if (parse_colour(f[1], &st.fg) != 0) {
		*cause = xasprintf("unknown colour '%s'", f[1]);
		return -1;
	}
	if (parse_colour(f[2], &st.bg) != 0) {
		*cause = xasprintf("unknown colour '%s'", f[2]);
		return -1;
	}
	st.attrs = 0;
	if (n == 4 && parse_attrs(f[3], &st.attrs, &bad) != 0) {
		*cause = xasprintf("unknown attribute '%s'", bad);
		return -1;
	}
	t->style[r] = st;
	return 0;
}

int
theme_parse(struct theme *t, const char *path, const char *text, char **cause)
{
	char		*copy, *line, *next, *why = NULL;
	unsigned	 lineno = 0;
	int		 rc = 0;

	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if (parse_line(t, line, &why) != 0) {
			*cause = xasprintf("%s:%u: %s", path, lineno, why);
			sanitize_text(*cause);	/* words from the file */
			free(why);
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

static int
valid_name(const char *name)
{
	const char	*p;

	if (*name == '\0' || *name == '.')
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && strchr("-_.", *p) == NULL)
			return 0;
	}
	return 1;
}

char *
theme_find(const char *name)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char		*path;

	if (xdg != NULL && *xdg != '\0')
		path = xasprintf("%s/relboard/themes/%s.theme", xdg, name);
	else if (home != NULL && *home != '\0')
		path = xasprintf("%s/.config/relboard/themes/%s.theme", home, name);
	else
		path = NULL;
	if (path != NULL && access(path, F_OK) == 0)
		return path;
	free(path);
	path = xasprintf("%s/themes/%s.theme", RB_DATADIR, name);
	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

int
theme_load(struct theme *t, const char *name, char **cause)
{
	char	*path, *text, *why = NULL;
	int	 mono;

	if (name == NULL || *name == '\0')
		name = "default";
	mono = strcmp(name, "mono") == 0;
	theme_builtin(t, mono);
	if (!valid_name(name)) {
		*cause = xasprintf("bad theme name '%s' (letters, digits, '-', "
		    "'_' and '.' only)", name);
		sanitize_text(*cause);
		return -1;
	}
	if ((path = theme_find(name)) == NULL) {
		if (mono || strcmp(name, "default") == 0)
			return 0;
		*cause = xasprintf("theme '%s' not found (looked for "
		    "$XDG_CONFIG_HOME/relboard/themes/%s.theme and "
		    "%s/themes/%s.theme)", name, name, RB_DATADIR, name);
		return -1;
	}
	if ((text = read_file(path, NULL, &why)) == NULL) {
		*cause = xasprintf("theme: %s", why);
		sanitize_text(*cause);
		free(why);
		free(path);
		return -1;
	}
	if (theme_parse(t, path, text, cause) != 0) {
		free(text);
		free(path);
		return -1;
	}
	free(text);
	free(path);
	return 0;
}
