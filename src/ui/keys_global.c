/*
 * keys_global.c - the keys that work on every pane, after the top mode
 * and the pane have had their turn: switching panes, moving the selection
 * (a pane may move its own way, as the Graph pane does), refresh, the
 * journal, help and quit.
 */
#include "core/util.h"
#include "ui/ui_int.h"

static int
switch_to(struct ui_state *st, size_t pane)
{
	if (pane >= ui_npanes || pane == st->pane)
		return 0;
	st->pane = pane;
	return UI_REDRAW;
}

static int k_next(struct ui_state *st, struct mode *m)
{ return switch_to(st, (st->pane + 1) % ui_npanes); }
static int k_prev(struct ui_state *st, struct mode *m)
{ return switch_to(st, (st->pane + ui_npanes - 1) % ui_npanes); }
static int k_pane1(struct ui_state *st, struct mode *m) { return switch_to(st, 0); }
static int k_pane2(struct ui_state *st, struct mode *m) { return switch_to(st, 1); }
static int k_pane3(struct ui_state *st, struct mode *m) { return switch_to(st, 2); }
static int k_pane4(struct ui_state *st, struct mode *m) { return switch_to(st, 3); }

static int
page(struct ui_state *st)
{
	return st->list_rows > 1 ? st->list_rows - 1 : 1;
}

static int
go(struct ui_state *st, long delta, int absolute)
{
	const struct pane_entry *pe = ui_panes[st->pane];

	if (pe->move_sel != NULL)
		return pe->move_sel(st, delta, absolute);
	return ui_sel_move(st, delta, absolute);
}

static int k_up(struct ui_state *st, struct mode *m) { return go(st, -1, 0); }
static int k_down(struct ui_state *st, struct mode *m) { return go(st, 1, 0); }
static int k_pgup(struct ui_state *st, struct mode *m)
{ return go(st, -page(st), 0); }
static int k_pgdn(struct ui_state *st, struct mode *m)
{ return go(st, page(st), 0); }
static int k_top(struct ui_state *st, struct mode *m) { return go(st, 0, 1); }
static int k_bottom(struct ui_state *st, struct mode *m)
{ return go(st, (long)(~0UL >> 1), 1); }

static int
k_refresh(struct ui_state *st, struct mode *m)
{
	return UI_REFRESH;
}

static int
k_redraw(struct ui_state *st, struct mode *m)
{
	clearok(curscr, TRUE);
	return UI_REDRAW;
}

static int
k_journal(struct ui_state *st, struct mode *m)
{
	return mode_journal_open(st);
}

static int
k_filter(struct ui_state *st, struct mode *m)
{
	return mode_filter_open(st);
}

static int
k_cmdline(struct ui_state *st, struct mode *m)
{
	return mode_cmdline_open(st);
}

static int
k_copy(struct ui_state *st, struct mode *m)
{
	return ui_copy_name(st);
}

static int
k_open(struct ui_state *st, struct mode *m)
{
	return ui_open_page(st);
}

static int
k_ack(struct ui_state *st, struct mode *m)
{
	return mode_ack_open(st);
}

static int
k_unfilter(struct ui_state *st, struct mode *m)
{
	if (ui_filter(st, st->pane) == NULL)
		return 0;
	ui_filter_set(st, st->pane, NULL);
	return UI_REDRAW;
}

static int
k_sort(struct ui_state *st, struct mode *m)
{
	if (ui_panes[st->pane]->rank == NULL) {
		ui_message(st, ROLE_DIM, "the %s pane has one order",
		    ui_panes[st->pane]->title);
		return UI_REDRAW;
	}
	ui_sort_next(st, st->pane);
	ui_sort_save(st);
	ui_message(st, ROLE_DIM, "%s: %s", ui_panes[st->pane]->title,
	    ui_sort(st, st->pane) == 0 ? "trouble first" : "by name");
	return UI_REDRAW;
}

static int
k_help(struct ui_state *st, struct mode *m)
{
	return mode_help_open(st);
}

/* q: leave; while an action applies, only when asked twice. */
static int
k_quit(struct ui_state *st, struct mode *m)
{
	if (st->run == NULL || st->quit_asked)
		return UI_QUIT;
	st->quit_asked = 1;
	ui_message_sticky(st, ROLE_WARN, "an action is applying: q again quits "
	    "without waiting for its outcome");
	return UI_REDRAW;
}

const struct key_binding ui_global_keys[] = {
	{ RK_TAB,	"next pane",			k_next },
	{ RK_BTAB,	"previous pane",		k_prev },
	{ '1',		"Rollouts, Flags, Health, Graph", k_pane1 },
	{ '2',		NULL,				k_pane2 },
	{ '3',		NULL,				k_pane3 },
	{ '4',		NULL,				k_pane4 },
	{ RK_UP,	"move up",			k_up },
	{ 'k',		NULL,				k_up },
	{ RK_DOWN,	"move down",			k_down },
	{ 'j',		NULL,				k_down },
	{ RK_PGUP,	"page up",			k_pgup },
	{ RK_CTRL('B'),	NULL,				k_pgup },
	{ RK_PGDN,	"page down",			k_pgdn },
	{ ' ',		NULL,				k_pgdn },
	{ RK_CTRL('F'),	NULL,				k_pgdn },
	{ 'g',		"first row",			k_top },
	{ RK_HOME,	NULL,				k_top },
	{ 'G',		"last row",			k_bottom },
	{ RK_END,	NULL,				k_bottom },
	{ '/',		"filter the list (!text: not matching)", k_filter },
	{ RK_ESC,	"clear the filter",		k_unfilter },
	{ ':',		"command line (Tab completes)",	k_cmdline },
	{ '>',		"order: trouble first, or by name", k_sort },
	{ 'a',		"acknowledge the row's alert (again: take it back)", k_ack },
	{ 'y',		"copy the selected name (OSC 52)", k_copy },
	{ 'o',		"show and copy the item's page", k_open },
	{ 'r',		"poll every source now",	k_refresh },
	{ RK_CTRL('L'),	"redraw the screen",		k_redraw },
	{ 'J',		"journal of flag and rollout actions",	k_journal },
	{ '?',		"this help",			k_help },
	{ 'q',		"quit (twice while an action applies)", k_quit },
	KEYTAB_END
};
