/*
 * theme.c - turns the theme table (theme.h) into curses attributes: one
 * colour pair per role when the terminal has colours and NO_COLOR is not
 * set, otherwise attributes only (the theme's own plus the mono table's,
 * so bad states stay unmistakable without colour).
 */
#include <curses.h>

#include "ui/ui_int.h"

static attr_t
to_attr(unsigned a)
{
	attr_t	r = A_NORMAL;

	if (a & THEME_BOLD)
		r |= A_BOLD;
	if (a & THEME_DIM)
		r |= A_DIM;
	if (a & THEME_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_STANDOUT)
		r |= A_STANDOUT;
	if (a & THEME_BLINK)
		r |= A_BLINK;
#ifdef A_ITALIC
	if (a & THEME_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

/* A colour the terminal can show: bright ones fold onto the basic eight. */
static short
fit_colour(int c, int have_default)
{
	if (c == THEME_DEFAULT_COLOUR)
		return have_default ? -1 : -2;
	if (c < COLORS)
		return (short)c;
	if (c < 16)
		return (short)(c - 8);
	return have_default ? -1 : -2;
}

void
theme_apply(struct ui_state *st, int want_colour)
{
	struct theme	mono;
	int		r, have_default;
	short		fg, bg;

	theme_builtin(&mono, 1);
	st->colour = want_colour && has_colors();
	if (st->colour) {
		start_color();
		have_default = use_default_colors() == OK;
	} else
		have_default = 0;
	for (r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *s = &st->theme.style[r];

		if (!st->colour || r + 1 >= COLOR_PAIRS) {
			st->attr[r] = to_attr(s->attrs | mono.style[r].attrs);
			st->pair[r] = 0;
			continue;
		}
		fg = fit_colour(s->fg, have_default);
		bg = fit_colour(s->bg, have_default);
		if (fg == -2)
			fg = COLOR_WHITE;
		if (bg == -2)
			bg = COLOR_BLACK;
		init_pair((short)(r + 1), fg, bg);
		st->pair[r] = (short)(r + 1);
		st->attr[r] = to_attr(s->attrs) | COLOR_PAIR(r + 1);
	}
}

attr_t
ui_attr(struct ui_state *st, enum role r)
{
	if ((int)r < 0 || r >= ROLE_COUNT)
		r = ROLE_NORMAL;
	return st->attr[r];
}
