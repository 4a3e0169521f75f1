/*
 * draw.c - the few ways the dashboard puts text on the screen.  Every
 * string goes through text_fit() and so through the core output sanitizer
 * (core/sanitize.h): nothing wraps, long text ends with an ellipsis,
 * control, bidi and format characters from servers never reach the
 * terminal and registered secrets are drawn as "[REDACTED]".  ui_put() and
 * ui_putf() are the choke point for text; text_width() and text_cut()
 * measure exactly what they draw.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "ui/format.h"
#include "ui/ui_int.h"

#define DRAW_MAXW 1024

int
ui_put(struct ui_state *st, int y, int x, int w, enum role r,
    const char *text, int fitflags)
{
	char	buf[FIT_BUFSIZE(DRAW_MAXW)];
	int	used;

	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	if (w > DRAW_MAXW)
		w = DRAW_MAXW;
	if (st->utf8)
		fitflags |= FIT_UTF8;
	used = text_fit(buf, sizeof buf, text, w, fitflags);
	attrset(ui_attr(st, r));
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
	return used;
}

int
ui_putf(struct ui_state *st, int y, int x, int w, enum role r,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 used;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	used = ui_put(st, y, x, w, r, s, 0);
	free(s);
	return used;
}

void
ui_fill(struct ui_state *st, int y, int x, int w, enum role r)
{
	if (w <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + w > COLS)
		w = COLS - x;
	attrset(ui_attr(st, r));
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

const struct column *
ui_col(struct ui_state *st, int col)
{
	if (col < 0 || (size_t)col >= st->ncols || st->cols[col].width == 0)
		return NULL;
	return &st->cols[col];
}

/*
 * Draw text into table column `col` of the row at (y, x).  A selected
 * row is drawn in the selection colours; bad states stay bold there.
 */
void
ui_cell(struct ui_state *st, int y, int x, int col, enum role r,
    const char *text, int selected)
{
	const struct column	*c = ui_col(st, col);
	char			 buf[FIT_BUFSIZE(DRAW_MAXW)];
	int			 w, flags = FIT_PAD;
	attr_t			 a;

	if (c == NULL)
		return;
	w = c->width;
	if (x + c->x >= COLS)
		return;
	if (x + c->x + w > COLS)
		w = COLS - x - c->x;
	if (w > DRAW_MAXW)
		w = DRAW_MAXW;
	if (c->right)
		flags |= FIT_RIGHT;
	if (st->utf8)
		flags |= FIT_UTF8;
	text_fit(buf, sizeof buf, text, w, flags);
	if (selected) {
		a = ui_attr(st, ROLE_SELECTED);
		if (r == ROLE_CRIT || r == ROLE_WARN || r == ROLE_STALE ||
		    r == ROLE_ERROR)
			a |= A_BOLD;
	} else
		a = ui_attr(st, r);
	attrset(a);
	mvaddstr(y, x + c->x, buf);
	attrset(A_NORMAL);
}

/* A frame: line-drawing characters in UTF-8 locales, ASCII elsewhere. */
void
ui_box(struct ui_state *st, int y, int x, int h, int w, enum role r)
{
	int	i;

	if (h < 2 || w < 2)
		return;
	for (i = 0; i < h; i++)
		ui_fill(st, y + i, x, w, r);
	attrset(ui_attr(st, r));
	if (st->utf8) {
		mvhline(y, x + 1, ACS_HLINE, w - 2);
		mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
		mvvline(y + 1, x, ACS_VLINE, h - 2);
		mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + w - 1, ACS_URCORNER);
		mvaddch(y + h - 1, x, ACS_LLCORNER);
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	} else {
		mvhline(y, x + 1, '-', w - 2);
		mvhline(y + h - 1, x + 1, '-', w - 2);
		mvvline(y + 1, x, '|', h - 2);
		mvvline(y + 1, x + w - 1, '|', h - 2);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
	}
	attrset(A_NORMAL);
}
