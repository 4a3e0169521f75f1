/*
 * mode_filter.c - the `/` filter of a list pane, k9s-style: the list
 * narrows as each key is typed, case-insensitively over the row's text;
 * `!text` keeps the rows that do not match.  Enter keeps the filter (the
 * list heading shows it), Esc clears it.  Each pane has its own.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/lineedit.h"
#include "ui/ui_int.h"

struct filter {
	size_t		 pane;
	struct line_edit le;
};

static void
apply(struct ui_state *st, struct filter *f)
{
	char text[LE_MAX + 1];

	lineedit_trimmed(&f->le, text, sizeof text);
	ui_filter_set(st, f->pane, text);
	st->sel[f->pane].idx = 0;
	st->sel[f->pane].top = 0;
	free(st->sel[f->pane].key);
	st->sel[f->pane].key = NULL;
}

static int
k_keep(struct ui_state *st, struct mode *m)
{
	mode_pop(st);
	return UI_REDRAW;
}

static int
k_clear(struct ui_state *st, struct mode *m)
{
	struct filter *f = m->data;

	lineedit_init(&f->le, 0);
	apply(st, f);
	mode_pop(st);
	return UI_REDRAW;
}

static const struct key_binding filter_keys[] = {
	{ RK_ENTER,	"keep the filter",		k_keep },
	{ RK_ESC,	"clear the filter",		k_clear },
	{ 0,		"  !text            rows that do not match", NULL },
	KEYTAB_END
};

static int
filter_key(struct ui_state *st, struct mode *m, int key)
{
	struct filter *f = m->data;

	if (key == RK_BACKSPACE || key == RK_DELETE)
		key = LE_BACKSPACE;
	if (key >= 0x100)
		return UI_REDRAW;
	lineedit_key(&f->le, key);
	apply(st, f);
	return UI_REDRAW;
}

static int
filter_paste(struct ui_state *st, struct mode *m, const char *text)
{
	struct filter		*f = m->data;

	lineedit_paste(&f->le, text);
	apply(st, f);
	return UI_REDRAW;
}

static void
filter_paint(struct ui_state *st, struct mode *m)
{
	struct filter	*f = m->data;
	int		 y = LINES - 2, used;

	if (y < 1)
		return;
	ui_fill(st, y, 0, COLS, ROLE_NORMAL);
	used = ui_put(st, y, 0, COLS, ROLE_TITLE, "/", 0);
	used += ui_put(st, y, used, COLS - used - 1, ROLE_NORMAL,
	    lineedit_view(&f->le, COLS - used - 1), 0);
	ui_put(st, y, used, 1, ROLE_SELECTED, " ", 0);
	ui_putf(st, y, used + 2, COLS - used - 2, ROLE_DIM, "%zu match%s  "
	    "Enter keeps  Esc clears", ui_rows(st, f->pane),
	    ui_rows(st, f->pane) == 1 ? "" : "es");
}

const struct mode_entry mode_filter_entry = {
	.name = "Filter",
	.keys = filter_keys,
	.modal = 1,
	.arms = 0,
	.key = filter_key,
	.paste = filter_paste,
	.paint = filter_paint,
	.free = free,
};

int
mode_filter_open(struct ui_state *st)
{
	struct filter	*f;
	const char	*now = ui_filter(st, st->pane);
	const char	*p;

	if (ui_panes[st->pane]->row_text == NULL) {
		ui_message(st, ROLE_DIM, "the %s pane has no filter",
		    ui_panes[st->pane]->title);
		return UI_REDRAW;
	}
	f = xcalloc(1, sizeof *f);
	f->pane = st->pane;
	lineedit_init(&f->le, 0);
	for (p = now; p != NULL && *p != '\0'; p++)
		lineedit_key(&f->le, (unsigned char)*p);
	return mode_push(st, &mode_filter_entry, f);
}
