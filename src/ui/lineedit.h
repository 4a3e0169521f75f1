/*
 * lineedit.h - a one-line text editor for the dashboard's prompts (a
 * flag's name to confirm a kill, a reason): printable ASCII, Backspace,
 * Ctrl-U, Enter and Esc.  Curses-free: the caller turns its backspace key
 * into LE_BACKSPACE.
 */
#ifndef RB_UI_LINEEDIT_H
#define RB_UI_LINEEDIT_H

#include <stddef.h>

#define LE_MAX		200	/* bytes a line may hold */
#define LE_BACKSPACE	127

enum le_result {
	LE_MORE,		/* keep editing */
	LE_ENTER,		/* Enter: the line is done */
	LE_CANCEL,		/* Esc: give up */
};

struct line_edit {
	char		 buf[LE_MAX + 1];
	size_t		 len;
	size_t		 max;		/* 0 or above LE_MAX: LE_MAX */
};

void	lineedit_init(struct line_edit *, size_t max);
enum le_result lineedit_key(struct line_edit *, int ch);
/* Pasted text: its printable ASCII is typed in, never Enter or Esc. */
void	lineedit_paste(struct line_edit *, const char *text);
/* The text with spaces trimmed at both ends, into buf. */
void	lineedit_trimmed(const struct line_edit *, char *buf, size_t len);
/*
 * The end of the text that fits `width` cells with a cursor cell after
 * it (the start scrolls out of view as the line grows).
 */
const char *lineedit_view(const struct line_edit *, int width);

#endif
