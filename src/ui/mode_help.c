/*
 * mode_help.c - the help overlay, generated from the key tables: the
 * global keys, the current pane's keys and legend, and the keys of any
 * mode open under it, with key names as this terminal draws them.  It
 * scrolls when it does not fit; Esc, q or ? close it, and any other key
 * closes it too without acting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/ui_int.h"

struct help {
	struct scroll	 sc;	/* first: the shared scrolling keys use it */
};

struct hlines {
	char	**v;
	size_t	 n, cap;
};

static void
add(const char *line, void *arg)
{
	struct hlines *h = arg;

	*ARRAY_PUSH(h->v, h->n, h->cap) = xstrdup(line);
}

static void
build(struct ui_state *st, struct hlines *h)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	char			*t;
	size_t			 i;

	add("Keys on every pane", h);
	keytab_help(ui_global_keys, st->utf8, add, h);
	t = xasprintf("%s pane", pe->title);
	add(t, h);
	free(t);
	if (pe->keys != NULL)
		keytab_help(pe->keys, st->utf8, add, h);
	if (pe->legend != NULL)
		pe->legend(st, add, h);
	for (i = 0; i + 1 < st->nmodes; i++) {
		const struct mode_entry *me = st->modes[i].e;

		if (me->keys == NULL)
			continue;
		t = xasprintf("%s (open)", me->name);
		add(t, h);
		free(t);
		keytab_help(me->keys, st->utf8, add, h);
		keytab_help(me->more_keys, st->utf8, add, h);
	}
	add("Sources (bottom line)", h);
	add("  ok 3s     last good poll 3 seconds ago", h);
	add("  STALE     polls fail; older data is shown", h);
	add("  ERROR     never answered; nothing to show", h);
	add("  !         on a tab: something there is wrong", h);
	t = xasprintf("  %s ok  %s warn  %s crit  ? unknown  - no data",
	    glyph_health(HEALTH_OK, st->utf8), glyph_health(HEALTH_WARN,
	    st->utf8), glyph_health(HEALTH_CRIT, st->utf8));
	add(t, h);
	free(t);
}

static void
hlines_free(struct hlines *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
}

static int k_close(struct ui_state *st, struct mode *m)
{ mode_pop(st); return UI_REDRAW; }

static const struct key_binding help_keys[] = {
	{ RK_ESC,	"close the help",	k_close },
	{ 'q',		NULL,			k_close },
	{ '?',		NULL,			k_close },
	KEYTAB_END
};

/* Any other key closes the help and does nothing else. */
static int
help_key(struct ui_state *st, struct mode *m, int key)
{
	mode_pop(st);
	return UI_REDRAW;
}

static void
help_paint(struct ui_state *st, struct mode *m)
{
	struct help	*h = m->data;
	struct hlines	 hl = { NULL, 0, 0 };
	int		 w = 64, ht, y, x, i, rows;
	char		 pos[96];

	build(st, &hl);
	ht = (int)hl.n + 3;
	if (w > COLS - 2)
		w = COLS - 2;
	if (ht > LINES - 2)
		ht = LINES - 2;
	if (w < 10 || ht < 4) {
		hlines_free(&hl);
		return;
	}
	rows = ht - 2;
	h->sc.rows = rows;
	h->sc.nlines = (int)hl.n;
	mode_scroll_clamp(&h->sc);
	y = (LINES - ht) / 2;
	x = (COLS - w) / 2;
	ui_box(st, y, x, ht, w, ROLE_HELP);
	ui_put(st, y, x + 2, w - 4, ROLE_TITLE, " relboard help ", 0);
	for (i = 0; i < rows && h->sc.top + i < (int)hl.n; i++) {
		const char *l = hl.v[h->sc.top + i];

		ui_put(st, y + 1 + i, x + 2, w - 4, l[0] != ' ' ? ROLE_TITLE :
		    ROLE_HELP, l, 0);
	}
	if (h->sc.nlines > rows) {
		snprintf(pos, sizeof pos, " %d-%d/%d  j/k scroll ", h->sc.top + 1,
		    h->sc.top + rows, h->sc.nlines);
		ui_put(st, y + ht - 1, x + 2, w - 4, ROLE_DIM, pos, 0);
	}
	hlines_free(&hl);
}

const struct mode_entry mode_help_entry = {
	.name = "Help",
	.keys = help_keys,
	.more_keys = mode_scroll_keys,
	.modal = 1,
	.arms = 0,
	.key = help_key,
	.paint = help_paint,
	.free = free,
};

int
mode_help_open(struct ui_state *st)
{
	return mode_push(st, &mode_help_entry, xcalloc(1, sizeof(struct help)));
}
