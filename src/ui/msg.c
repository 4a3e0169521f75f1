/*
 * msg.c - the message line over the status line: the outcome of a flag
 * action, a notice ("refreshing...", "pasted text ignored") or, on a pane
 * that has one, the hint of its keys.  One line, or two for a long
 * message on a tall screen.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "core/util.h"
#include "ui/format.h"
#include "ui/ui_int.h"

#define MSG_SECONDS	10.0

static void
set(struct ui_state *st, enum role r, int sticky, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);

	sanitize_text(s);
	free(st->msg);
	st->msg = s;
	st->msg_role = r;
	st->msg_sticky = sticky;
	st->msg_until = now_mono() + MSG_SECONDS;
	ui_mark_dirty(st);
}

void
ui_message(struct ui_state *st, enum role r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set(st, r, 0, fmt, ap);
	va_end(ap);
}

void
ui_message_sticky(struct ui_state *st, enum role r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set(st, r, 1, fmt, ap);
	va_end(ap);
}

void
ui_message_clear(struct ui_state *st)
{
	free(st->msg);
	st->msg = NULL;
	st->msg_sticky = 0;
}

static int
active(struct ui_state *st)
{
	return st->msg != NULL && (st->msg_sticky || st->now < st->msg_until);
}

/* Rows the message line needs: none, one, or two for a long message. */
int
ui_message_rows(struct ui_state *st)
{
	if (active(st)) {
		if (LINES >= 16 && text_width(st->msg, st->utf8) > COLS)
			return 2;
		return 1;
	}
	return ui_panes[st->pane]->hint != NULL;
}

void
ui_message_paint(struct ui_state *st, int y)
{
	char	 hint[256], *first;
	size_t	 cut;

	ui_fill(st, y, 0, COLS, ROLE_NORMAL);
	if (!active(st)) {
		hint[0] = '\0';
		if (ui_panes[st->pane]->hint != NULL)
			ui_panes[st->pane]->hint(st, hint, sizeof hint);
		ui_put(st, y, 0, COLS, ROLE_DIM, hint, 0);
		return;
	}
	cut = text_cut(st->msg, COLS, st->utf8);
	if (st->msg[cut] == '\0' || ui_message_rows(st) < 2 ||
	    y + 1 >= LINES - 1) {
		ui_put(st, y, 0, COLS, st->msg_role, st->msg, 0);
		return;
	}
	first = xstrndup(st->msg, cut);
	ui_put(st, y, 0, COLS, st->msg_role, first, 0);
	free(first);
	ui_fill(st, y + 1, 0, COLS, ROLE_NORMAL);
	ui_put(st, y + 1, 2, COLS - 2, st->msg_role, st->msg + cut +
	    (st->msg[cut] == ' '), 0);
}
