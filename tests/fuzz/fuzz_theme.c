/*
 * fuzz_theme.c - the theme file parser (src/ui/theme_parse.c, no curses):
 * one input is a theme file.  What it accepts must hold colours -1..255
 * and known attributes only, and must read back the same when written out
 * again as theme lines.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "fuzz.h"
#include "ui/theme.h"

#define ALL_ATTRS (THEME_BOLD | THEME_DIM | THEME_REVERSE | THEME_UNDERLINE | \
	THEME_STANDOUT | THEME_BLINK | THEME_ITALIC)

static const struct {
	const char	*name;
	unsigned	 flag;
} attrs[] = {
	{ "bold", THEME_BOLD }, { "dim", THEME_DIM }, { "reverse", THEME_REVERSE },
	{ "underline", THEME_UNDERLINE }, { "standout", THEME_STANDOUT },
	{ "blink", THEME_BLINK }, { "italic", THEME_ITALIC },
};

/* The theme as a theme file, every role on one line. */
static char *
theme_text(const struct theme *t)
{
	char *text = xstrdup(""), *line, *a, *next;
	size_t r, k;

	for (r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *st = &t->style[r];

		a = xstrdup(st->attrs == 0 ? "-" : "");
		for (k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
			if (st->attrs & attrs[k].flag) {
				next = xasprintf("%s%s%s", a, *a ? "," : "", attrs[k].name);
				free(a);
				a = next;
			}
		}
		line = xasprintf("%s%s %d %d %s\n", text, theme_role_name((enum role)r),
		    st->fg, st->bg, a);
		free(a);
		free(text);
		text = line;
	}
	return text;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t, again;
	char *text, *out, *cause = NULL;
	int mono = size > 0 && (data[0] & 1), rc;
	size_t r;

	text = fuzz_string(data, size);
	theme_builtin(&t, mono);
	rc = theme_parse(&t, "fuzz.theme", text, &cause);
	free(text);
	if (rc != 0) {
		if (cause == NULL || strncmp(cause, "fuzz.theme:", 11) != 0)
			fuzz_fail("theme: a cause without the file: %s",
			    cause ? cause : "(none)");
		free(cause);
		return 0;
	}
	for (r = 0; r < ROLE_COUNT; r++) {
		if (t.style[r].fg < -1 || t.style[r].fg > 255 ||
		    t.style[r].bg < -1 || t.style[r].bg > 255 ||
		    (t.style[r].attrs & ~(unsigned)ALL_ATTRS) != 0)
			fuzz_fail("theme: role %s is %d %d %#x", theme_role_name(
			    (enum role)r), t.style[r].fg, t.style[r].bg,
			    t.style[r].attrs);
	}
	/* Numbers stand for colours; -1 is not a number the file takes. */
	out = theme_text(&t);
	for (text = out; (text = strstr(text, " -1 ")) != NULL; text += 3)
		memcpy(text, " -  ", 4);
	theme_builtin(&again, !mono);
	if (theme_parse(&again, "again.theme", out, &cause) != 0)
		fuzz_fail("theme: its own text does not parse: %s\n%s", cause, out);
	if (memcmp(&again, &t, sizeof t) != 0)
		fuzz_fail("theme: reads back differently:\n%s", out);
	free(out);
	theme_role_name(ROLE_COUNT);
	theme_health_role(HEALTH_CRIT);
	return 0;
}
