/*
 * lineedit.c - the prompts' one-line editor.  Only printable ASCII goes in,
 * so whatever is typed is safe to draw and to journal as it is.
 */
#include <string.h>

#include "ui/lineedit.h"

void
lineedit_init(struct line_edit *le, size_t max)
{
	memset(le, 0, sizeof *le);
	le->max = max == 0 || max > LE_MAX ? LE_MAX : max;
}

enum le_result
lineedit_key(struct line_edit *le, int ch)
{
	switch (ch) {
	case '\r':
	case '\n':
		return LE_ENTER;
	case 27:	/* Esc */
	case 7:		/* Ctrl-G */
		return LE_CANCEL;
	case LE_BACKSPACE:
	case 8:		/* Ctrl-H */
		if (le->len > 0)
			le->buf[--le->len] = '\0';
		return LE_MORE;
	case 21:	/* Ctrl-U */
		le->len = 0;
		le->buf[0] = '\0';
		return LE_MORE;
	}
	if (ch >= 0x20 && ch < 0x7f && le->len < le->max) {
		le->buf[le->len++] = (char)ch;
		le->buf[le->len] = '\0';
	}
	return LE_MORE;
}

void
lineedit_trimmed(const struct line_edit *le, char *buf, size_t len)
{
	size_t	start = 0, end = le->len, n;

	if (len == 0)
		return;
	while (start < end && le->buf[start] == ' ')
		start++;
	while (end > start && le->buf[end - 1] == ' ')
		end--;
	n = end - start;
	if (n >= len)
		n = len - 1;
	memcpy(buf, le->buf + start, n);
	buf[n] = '\0';
}

const char *
lineedit_view(const struct line_edit *le, int width)
{
	size_t	room = width > 1 ? (size_t)width - 1 : 0;

	if (le->len <= room)
		return le->buf;
	return le->buf + (le->len - room);
}

void
lineedit_paste(struct line_edit *le, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p >= 0x20 && *p < 0x7f)
			lineedit_key(le, *p);
	}
}
