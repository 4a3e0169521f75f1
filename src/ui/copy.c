/*
 * copy.c - `y` copies the selected item's name and `o` shows the item's
 * page in its own service and copies that: through the terminal with OSC
 * 52, which works over SSH and, with set-clipboard on, inside tmux.  The
 * message line says what was copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/ui_int.h"

static char *
base64(const char *s)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i, o = 0;
	char *out = xmalloc(4 * ((n + 2) / 3) + 1);
	unsigned v;

	for (i = 0; i < n; i += 3) {
		v = (unsigned char)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < n)
			v |= (unsigned char)s[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[o] = '\0';
	return out;
}

/* Put text on the clipboard of the terminal the dashboard runs in. */
static void
osc52(const char *text)
{
	char *b = base64(text), *seq = xasprintf("\033]52;c;%s\a", b);

	fputs(seq, stdout);
	fflush(stdout);
	free(seq);
	free(b);
}

static int
selected(struct ui_state *st, size_t *i)
{
	*i = ui_selected(st);
	return *i != (size_t)-1;
}

int
ui_copy_name(struct ui_state *st)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	char			 name[UI_KEYLEN];
	size_t			 i;

	if (pe->name_of == NULL || !selected(st, &i)) {
		ui_message(st, ROLE_DIM, "nothing selected to copy");
		return UI_REDRAW;
	}
	name[0] = '\0';
	pe->name_of(st, i, name, sizeof name);
	sanitize_text(name);
	osc52(name);
	ui_message(st, ROLE_OK, "copied %s (through the terminal, OSC 52)",
	    name);
	return UI_REDRAW;
}

int
ui_open_page(struct ui_state *st)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	char			*url = NULL;
	size_t			 i;

	if (pe->link_of == NULL || !selected(st, &i) ||
	    (url = pe->link_of(st, i)) == NULL) {
		ui_message(st, ROLE_DIM, "no page for this row (the "
		    "configuration's \"links\" gives rollout and service pages)");
		return UI_REDRAW;
	}
	sanitize_text(url);
	osc52(url);
	ui_message_sticky(st, ROLE_INFO, "%s  (copied)", url);
	free(url);
	return UI_REDRAW;
}
