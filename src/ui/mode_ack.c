/*
 * mode_ack.c - acknowledging the selected row's alert (`a`): an optional
 * note, Enter acknowledges, Esc cancels.  On a row already acknowledged,
 * `a` takes the acknowledgement back instead.
 */
#include <stdlib.h>

#include "core/util.h"
#include "ui/lineedit.h"
#include "ui/ui_int.h"

struct ackdlg {
	struct line_edit le;
};

static int
k_ack(struct ui_state *st, struct mode *m)
{
	struct ackdlg	*a = m->data;
	char		 note[LE_MAX + 1];

	lineedit_trimmed(&a->le, note, sizeof note);
	mode_pop(st);
	return ui_ack_row(st, note);
}

static int
k_cancel(struct ui_state *st, struct mode *m)
{
	mode_pop(st);
	return UI_REDRAW;
}

static const struct key_binding ack_keys[] = {
	{ RK_ENTER,	"acknowledge (the note is optional)", k_ack },
	{ RK_ESC,	"cancel",			k_cancel },
	KEYTAB_END
};

static int
ack_key(struct ui_state *st, struct mode *m, int key)
{
	struct ackdlg *a = m->data;

	if (key == RK_BACKSPACE || key == RK_DELETE)
		key = LE_BACKSPACE;
	if (key < 0x100)
		lineedit_key(&a->le, key);
	return UI_REDRAW;
}

static int
ack_paste(struct ui_state *st, struct mode *m, const char *text)
{
	struct ackdlg		*a = m->data;

	lineedit_paste(&a->le, text);
	return UI_REDRAW;
}

static void
ack_paint(struct ui_state *st, struct mode *m)
{
	struct ackdlg	*a = m->data;
	int		 y = LINES - 2, used;

	if (y < 1)
		return;
	ui_fill(st, y, 0, COLS, ROLE_NORMAL);
	if (!mode_armed(st, m)) {
		ui_put(st, y, 0, COLS, ROLE_DIM, "acknowledge: the keys work in "
		    "a moment", 0);
		return;
	}
	used = ui_put(st, y, 0, COLS, ROLE_TITLE, "acknowledge, note: ", 0);
	used += ui_put(st, y, used, COLS - used - 1, ROLE_NORMAL,
	    lineedit_view(&a->le, COLS - used - 1), 0);
	ui_put(st, y, used, 1, ROLE_SELECTED, " ", 0);
}

const struct mode_entry mode_ack_entry = {
	.name = "Acknowledge",
	.keys = ack_keys,
	.modal = 1,
	.arms = 1,		/* it silences an alert: no typeahead */
	.key = ack_key,
	.paste = ack_paste,
	.paint = ack_paint,
	.free = free,
};

int
mode_ack_open(struct ui_state *st)
{
	struct ackdlg *a;
	int r;

	if ((r = ui_unack_row(st)) != 0)
		return r;
	if (ui_panes[st->pane]->alert_row == NULL) {
		ui_message(st, ROLE_DIM, "nothing to acknowledge in the %s pane",
		    ui_panes[st->pane]->title);
		return UI_REDRAW;
	}
	a = xcalloc(1, sizeof *a);
	lineedit_init(&a->le, 0);
	return mode_push(st, &mode_ack_entry, a);
}
