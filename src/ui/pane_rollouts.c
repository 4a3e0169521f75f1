/*
 * pane_rollouts.c - pane 1: every rollout and deployment, with its status
 * (symbol and word), canary step, set/actual traffic weight with a small
 * bar, ready/desired replicas and message.
 */
#include <stdio.h>
#include <string.h>

#include "core/model.h"
#include "ui/format.h"
#include "ui/ui_int.h"

enum {
	C_STATUS, C_NAMESPACE, C_NAME, C_STRATEGY, C_STEP, C_WEIGHT, C_READY,
	C_MESSAGE, C_COUNT
};

static const struct column rollout_columns[C_COUNT] = {
	[C_STATUS] =	{ "STATUS", 13, 13, 0, 0, 0, 0 },
	[C_NAMESPACE] =	{ "NAMESPACE", 10, 20, 6, 0, 0, 0 },
	[C_NAME] =	{ "NAME", 14, 40, 0, 0, 0, 0 },
	[C_STRATEGY] =	{ "STRATEGY", 9, 13, 5, 0, 0, 0 },
	[C_STEP] =	{ "STEP", 5, 5, 1, 1, 0, 0 },
	[C_WEIGHT] =	{ "WEIGHT", 13, 19, 1, 0, 0, 0 },
	[C_READY] =	{ "READY", 5, 7, 1, 1, 0, 0 },
	[C_MESSAGE] =	{ "MESSAGE", 24, 300, 2, 0, 0, 0 },
};

static enum role
status_role(const char *status)
{
	if (status == NULL)
		return ROLE_UNKNOWN;
	if (strcmp(status, "Healthy") == 0)
		return ROLE_OK;
	if (strcmp(status, "Progressing") == 0)
		return ROLE_INFO;
	if (strcmp(status, "Paused") == 0)
		return ROLE_WARN;
	if (strcmp(status, "Degraded") == 0)
		return ROLE_CRIT;
	return ROLE_UNKNOWN;
}

static size_t
rollouts_count(struct ui_state *st)
{
	return st->model->nrollouts;
}

static void
rollouts_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct rollout *r = &st->model->rollouts[i];

	snprintf(buf, len, "%s/%s/%s", r->source ? r->source : "",
	    r->namespace ? r->namespace : "", r->name ? r->name : "");
}

static void
rollouts_layout(struct ui_state *st, int w)
{
	memcpy(st->cols, rollout_columns, sizeof rollout_columns);
	st->ncols = C_COUNT;
	/* The namespace earns its room only on wide screens. */
	if (w < 150)
		st->cols[C_NAMESPACE].prio = 99, st->cols[C_NAMESPACE].min = 999;
	layout_columns(st->cols, st->ncols, w, 1);
}

static void
draw_weight(struct ui_state *st, const struct rollout *r, int y, int x,
    int selected)
{
	const struct column	*c = ui_col(st, C_WEIGHT);
	char			 text[32], bar[64];
	int			 cells;

	if (c == NULL)
		return;
	if (r->set_weight == RB_UNKNOWN_INT && r->actual_weight == RB_UNKNOWN_INT)
		snprintf(text, sizeof text, "-");
	else if (r->actual_weight == RB_UNKNOWN_INT ||
	    r->actual_weight == r->set_weight)
		snprintf(text, sizeof text, "%d%%", r->set_weight);
	else if (r->set_weight == RB_UNKNOWN_INT)
		snprintf(text, sizeof text, "?/%d%%", r->actual_weight);
	else
		snprintf(text, sizeof text, "%d/%d%%", r->set_weight,
		    r->actual_weight);
	/* Text right-aligned in 7 cells, then the bar. */
	cells = c->width - 8;
	if (cells > 10)
		cells = 10;
	if (cells < 3 || strcmp(text, "-") == 0) {
		ui_cell(st, y, x, C_WEIGHT, ROLE_NORMAL, text, selected);
		return;
	}
	ui_cell(st, y, x, C_WEIGHT, ROLE_NORMAL, "", selected);
	attrset(ui_attr(st, selected ? ROLE_SELECTED : ROLE_NORMAL));
	mvprintw(y, x + c->x, "%7.7s", text);
	attrset(A_NORMAL);
	fmt_bar(bar, sizeof bar, r->actual_weight != RB_UNKNOWN_INT ?
	    r->actual_weight : r->set_weight, cells, st->utf8);
	attrset(ui_attr(st, selected ? ROLE_SELECTED : ROLE_BAR));
	mvaddstr(y, x + c->x + 8, bar);
	attrset(A_NORMAL);
}

static void
rollouts_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	const struct rollout	*r = &st->model->rollouts[i];
	const struct rollout_replicas *rp = &r->replicas;
	char			 buf[128];
	enum role		 role = status_role(r->status);

	snprintf(buf, sizeof buf, "%s %s", glyph_rollout(r->status, st->utf8),
	    r->status ? r->status : "Unknown");
	ui_cell(st, y, x, C_STATUS, role, buf, selected);
	ui_cell(st, y, x, C_NAMESPACE, ROLE_DIM, r->namespace, selected);
	ui_cell(st, y, x, C_NAME, ROLE_NORMAL, r->name, selected);
	ui_cell(st, y, x, C_STRATEGY, ROLE_NORMAL, r->strategy, selected);

	if (r->step_index == RB_UNKNOWN_INT || r->step_count <= 0)
		snprintf(buf, sizeof buf, "-");
	else
		snprintf(buf, sizeof buf, "%d/%d", r->step_index, r->step_count);
	ui_cell(st, y, x, C_STEP, ROLE_NORMAL, buf, selected);

	draw_weight(st, r, y, x, selected);

	if (rp->desired == RB_UNKNOWN_INT)
		snprintf(buf, sizeof buf, "-");
	else
		snprintf(buf, sizeof buf, "%d/%d",
		    rp->ready == RB_UNKNOWN_INT ? 0 : rp->ready, rp->desired);
	ui_cell(st, y, x, C_READY, rp->desired != RB_UNKNOWN_INT &&
	    rp->ready < rp->desired ? ROLE_WARN : ROLE_NORMAL, buf, selected);

	ui_cell(st, y, x, C_MESSAGE, role == ROLE_CRIT ? ROLE_CRIT : ROLE_NORMAL,
	    r->message ? r->message : "", selected);
}

static void
rollouts_detail(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct rollout	*r = &st->model->rollouts[i];
	size_t			 off, k;

	off = (size_t)snprintf(buf, len, "%s/%s (%s, %s): %s", r->namespace ?
	    r->namespace : "", r->name ? r->name : "", r->kind ? r->kind : "?",
	    r->strategy ? r->strategy : "?", r->message && *r->message ?
	    r->message : r->status ? r->status : "");
	for (k = 0; k < r->nimages && off < len; k++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    k ? ", " : "  image ", r->images[k]);
}

static int
rollouts_alert(struct ui_state *st)
{
	size_t	i;

	for (i = 0; i < st->model->nrollouts; i++) {
		if (status_role(st->model->rollouts[i].status) == ROLE_CRIT)
			return ROLE_CRIT;
	}
	return 0;
}

const struct pane_entry pane_rollouts_entry = {
	.name = "rollouts",
	.title = "Rollouts",
	.key = '1',
	.kind = "argo-rollouts",
	.noun = "rollouts",
	.count = rollouts_count,
	.item_key = rollouts_item_key,
	.layout = rollouts_layout,
	.draw_row = rollouts_draw_row,
	.detail = rollouts_detail,
	.alert = rollouts_alert,
	.keypress = NULL,
};
