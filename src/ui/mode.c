/*
 * mode.c - the stack of modes over the panes (as tmux has window modes):
 * pushing, popping, painting bottom-up and giving keys to the top one.  A
 * mode that can lead to a write takes keys only once it has been on the
 * screen for UI_ARM_S, so keys typed ahead or pasted before it was seen
 * never confirm anything; Esc always closes it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/ui_int.h"

int
mode_push(struct ui_state *st, const struct mode_entry *e, void *data)
{
	struct mode *m;

	if (st->nmodes == UI_MODES) {
		if (e->free != NULL)
			e->free(data);
		return UI_REDRAW;
	}
	m = &st->modes[st->nmodes++];
	m->e = e;
	m->data = data;
	m->drawn_at = 0;
	return UI_REDRAW | (e->arms ? UI_FLUSH : 0);
}

void
mode_pop(struct ui_state *st)
{
	struct mode *m;

	if (st->nmodes == 0)
		return;
	m = &st->modes[--st->nmodes];
	if (m->e->free != NULL)
		m->e->free(m->data);
	memset(m, 0, sizeof *m);
}

struct mode *
mode_top(struct ui_state *st)
{
	return st->nmodes > 0 ? &st->modes[st->nmodes - 1] : NULL;
}

struct mode *
mode_find(struct ui_state *st, const struct mode_entry *e)
{
	size_t i;

	for (i = st->nmodes; i > 0; i--) {
		if (st->modes[i - 1].e == e)
			return &st->modes[i - 1];
	}
	return NULL;
}

void
mode_paint_all(struct ui_state *st)
{
	size_t i;

	for (i = 0; i < st->nmodes; i++) {
		st->modes[i].e->paint(st, &st->modes[i]);
		if (st->modes[i].drawn_at == 0)
			st->modes[i].drawn_at = st->now;
	}
}

void
mode_free_all(struct ui_state *st)
{
	while (st->nmodes > 0)
		mode_pop(st);
}

int
mode_key(struct ui_state *st, int key, double t)
{
	struct mode *m = mode_top(st);
	const struct key_binding *b;
	size_t depth;
	int r;

	if (m == NULL)
		return 0;
	if (m->e->arms && key != RK_ESC && (m->drawn_at == 0 ||
	    t < m->drawn_at + UI_ARM_S)) {
		/* Typed before the dialog could be read: not a confirmation. */
		return UI_REDRAW;
	}
	depth = st->nmodes;
	if ((b = keytab_find(m->e->keys, key)) != NULL ||
	    (b = keytab_find(m->e->more_keys, key)) != NULL)
		r = b->fn(st, m);
	else if (m->e->key != NULL)
		r = m->e->key(st, m, key);
	else
		r = 0;
	if (r == 0 && m->e->modal && st->nmodes == depth)
		r = UI_REDRAW;	/* nothing reaches behind a modal mode */
	return r;
}

int
mode_paste(struct ui_state *st, const char *text)
{
	struct mode *m = mode_top(st);

	if (m != NULL && m->e->paste != NULL &&
	    (!m->e->arms || m->drawn_at != 0))
		return m->e->paste(st, m, text);
	ui_message(st, ROLE_WARN, "pasted text ignored: paste only into a "
	    "text field (a name or a reason)");
	return UI_REDRAW;
}

int
mode_armed(struct ui_state *st, const struct mode *m)
{
	return !m->e->arms || (m->drawn_at != 0 && st->now >= m->drawn_at +
	    UI_ARM_S);
}

double
mode_arm_wait(struct ui_state *st)
{
	struct mode *m = mode_top(st);

	if (m == NULL || !m->e->arms || m->drawn_at == 0 || mode_armed(st, m))
		return 0;
	return m->drawn_at + UI_ARM_S - st->now;
}

void
mode_scroll_clamp(struct scroll *sc)
{
	if (sc->top > sc->nlines - sc->rows)
		sc->top = sc->nlines - sc->rows;
	if (sc->top < 0)
		sc->top = 0;
}

static int
scroll_by(struct mode *m, int delta, int absolute)
{
	struct scroll *sc = m->data;

	sc->top = absolute ? delta : sc->top + delta;
	mode_scroll_clamp(sc);
	return UI_REDRAW;
}

static int
page(struct mode *m)
{
	struct scroll *sc = m->data;

	return sc->rows > 1 ? sc->rows - 1 : 1;
}

static int k_up(struct ui_state *st, struct mode *m) { return scroll_by(m, -1, 0); }
static int k_down(struct ui_state *st, struct mode *m) { return scroll_by(m, 1, 0); }
static int k_pgup(struct ui_state *st, struct mode *m)
{ return scroll_by(m, -page(m), 0); }
static int k_pgdn(struct ui_state *st, struct mode *m)
{ return scroll_by(m, page(m), 0); }
static int k_top(struct ui_state *st, struct mode *m) { return scroll_by(m, 0, 1); }
static int k_end(struct ui_state *st, struct mode *m)
{ return scroll_by(m, 1 << 20, 1); }

const struct key_binding mode_scroll_keys[] = {
	{ RK_UP,	"scroll",		k_up },
	{ 'k',		NULL,			k_up },
	{ RK_DOWN,	NULL,			k_down },
	{ 'j',		NULL,			k_down },
	{ RK_PGUP,	"page",			k_pgup },
	{ RK_PGDN,	NULL,			k_pgdn },
	{ ' ',		NULL,			k_pgdn },
	{ 'g',		"top, bottom",		k_top },
	{ RK_HOME,	NULL,			k_top },
	{ 'G',		NULL,			k_end },
	{ RK_END,	NULL,			k_end },
	KEYTAB_END
};
