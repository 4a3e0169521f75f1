/*
 * pane_rollouts.c - pane 1: every rollout and deployment, with its status
 * (symbol and word), canary step, set/actual traffic weight with a small
 * bar, ready/desired replicas, how long it has had its status, the health
 * of the service it belongs to, and its message.
 *
 * Rollouts that wait for a person (an indefinite pause) come first, marked,
 * and an attention line over the list names them; degraded ones follow.
 * Enter opens the detail view (rollout_detail.c).
 *
 * With more than one argo-rollouts source (cluster), a CLUSTER column
 * names each row's source, and names elsewhere read SOURCE/NAMESPACE/NAME.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/correlate.h"
#include "core/model.h"
#include "core/template.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/ui_int.h"

enum {
	C_STATUS, C_CLUSTER, C_NAMESPACE, C_NAME, C_STRATEGY, C_STEP, C_WEIGHT, C_READY,
	C_FOR, C_SERVICE, C_MESSAGE, C_COUNT
};

static const struct column rollout_columns[C_COUNT] = {
	[C_STATUS] =	{ "STATUS", 13, 13, 0, 0, 0, 0 },
	[C_CLUSTER] =	{ "CLUSTER", 7, 16, 0, 0, 0, 0 },
	[C_NAMESPACE] =	{ "NAMESPACE", 10, 20, 6, 0, 0, 0 },
	[C_NAME] =	{ "NAME", 12, 40, 0, 0, 0, 0 },
	[C_STRATEGY] =	{ "STRATEGY", 9, 13, 5, 0, 0, 0 },
	[C_STEP] =	{ "STEP", 5, 5, 1, 1, 0, 0 },
	[C_WEIGHT] =	{ "WEIGHT", 11, 19, 1, 0, 0, 0 },
	[C_READY] =	{ "READY", 5, 6, 1, 1, 0, 0 },
	[C_FOR] =	{ "FOR", 3, 4, 1, 1, 0, 0 },
	[C_SERVICE] =	{ "SVC", 6, 8, 2, 0, 0, 0 },
	[C_MESSAGE] =	{ "MESSAGE", 14, 300, 3, 0, 0, 0 },
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

/* Rows in order: waiting for a person, then degraded, then the rest. */
static int
rollout_rank(const struct rollout *r)
{
	if (r->waiting_for_human)
		return 0;
	if (streq(r->status, "Degraded"))
		return 1;
	return 2;
}

/*
 * Worked out once per change of the model, not per row: the row order
 * and each rollout's services' health (by model index).
 */
struct rollouts_cache {
	int			 built;
	unsigned		 gen;
	size_t			*order;		/* row -> model index */
	enum health		*h;		/* model index -> health */
	const struct service_cfg **svc;
	size_t			 n;
	int			 any_trouble;
};

static struct rollouts_cache *
rcache(struct ui_state *st)
{
	struct rollouts_cache	*c;
	const struct model	*m = st->model;
	struct rollout_svc_index x;
	size_t			 k, n = 0;
	int			 rank;

	if (st->rollouts == NULL)
		st->rollouts = xcalloc(1, sizeof *st->rollouts);
	c = st->rollouts;
	if (c->built && c->gen == m->generation && c->n == m->nrollouts)
		return c;
	free(c->order);
	free(c->h);
	free(c->svc);
	c->order = xcalloc(m->nrollouts + 1, sizeof *c->order);
	c->h = xcalloc(m->nrollouts + 1, sizeof *c->h);
	c->svc = xcalloc(m->nrollouts + 1, sizeof *c->svc);
	for (rank = 0; rank <= 2; rank++) {
		for (k = 0; k < m->nrollouts; k++) {
			if (rollout_rank(&m->rollouts[k]) == rank)
				c->order[n++] = k;
		}
	}
	c->n = m->nrollouts;
	c->any_trouble = 0;
	memset(&x, 0, sizeof x);
	if (st->cfg != NULL)
		rollout_svc_index_build(&x, m, st->cfg);
	for (k = 0; k < m->nrollouts; k++) {
		const struct rollout *r = &m->rollouts[k];

		c->h[k] = HEALTH_UNKNOWN;
		if (st->cfg == NULL)
			continue;
		c->h[k] = rollout_svc_index_get(&x, st->cfg, r->source,
		    r->namespace, r->name, &c->svc[k]);
		if (c->h[k] == HEALTH_WARN || c->h[k] == HEALTH_CRIT)
			c->any_trouble = 1;
	}
	rollout_svc_index_free(&x);
	c->built = 1;
	c->gen = m->generation;
	return c;
}

static void
rollouts_free(struct ui_state *st)
{
	if (st->rollouts == NULL)
		return;
	free(st->rollouts->order);
	free(st->rollouts->h);
	free(st->rollouts->svc);
	free(st->rollouts);
	st->rollouts = NULL;
}

/* The rollout shown on row i (stable within each rank). */
const struct rollout *
pane_rollouts_nth(struct ui_state *st, size_t i)
{
	struct rollouts_cache *c = rcache(st);

	if (i >= c->n)
		return &st->model->rollouts[0];
	return &st->model->rollouts[c->order[i]];
}

/* More than one argo-rollouts source: rows say which cluster. */
static int
many_clusters(struct ui_state *st)
{
	size_t	i, n = 0;

	for (i = 0; st->cfg != NULL && i < st->cfg->nsources; i++) {
		if (streq(st->cfg->sources[i].kind, "argo-rollouts"))
			n++;
	}
	return n > 1;
}

/* "NAMESPACE/NAME", or "SOURCE/NAMESPACE/NAME" with several clusters. */
static void
rollout_name(struct ui_state *st, const struct rollout *r, char *buf,
    size_t len)
{
	if (many_clusters(st))
		snprintf(buf, len, "%s/%s/%s", r->source ? r->source : "",
		    r->namespace ? r->namespace : "", r->name ? r->name : "");
	else
		snprintf(buf, len, "%s/%s", r->namespace ? r->namespace : "",
		    r->name ? r->name : "");
}

static size_t
rollouts_count(struct ui_state *st)
{
	return st->model->nrollouts;
}

void
pane_rollouts_key_of(const struct rollout *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s/%s", r->source ? r->source : "",
	    r->kind ? r->kind : "", r->namespace ? r->namespace : "",
	    r->name ? r->name : "");
}

static void
rollouts_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	pane_rollouts_key_of(pane_rollouts_nth(st, i), buf, len);
}

static void
rollouts_name_of(struct ui_state *st, size_t i, char *buf, size_t len)
{
	rollout_name(st, pane_rollouts_nth(st, i), buf, len);
}

static char *
rollouts_link_of(struct ui_state *st, size_t i)
{
	const struct rollout	*r = pane_rollouts_nth(st, i);
	const char		*keys[] = { "namespace", "name" };
	const char		*vals[] = { r->namespace, r->name };

	if (st->cfg->link_rollout == NULL)
		return NULL;
	return template_expand(st->cfg->link_rollout, keys, vals, 2);
}

/* What the `/` filter matches: name, kind, status, message, images. */
static void
rollouts_row_text(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct rollout	*r = pane_rollouts_nth(st, i);
	size_t			 off, k;

	off = (size_t)snprintf(buf, len, "%s/%s %s %s %s %s %s",
	    r->namespace ? r->namespace : "", r->name ? r->name : "",
	    r->kind ? r->kind : "", r->strategy ? r->strategy : "",
	    r->status ? r->status : "", r->message ? r->message : "",
	    r->source ? r->source : "");
	for (k = 0; k < r->nimages && off < len; k++)
		off += (size_t)snprintf(buf + off, len - off, " %s", r->images[k]);
}

/* The service this rollout belongs to, when it is warn or crit. */
static enum health
service_trouble(struct ui_state *st, const struct rollout *r,
    const struct service_cfg **svc)
{
	struct rollouts_cache	*c = rcache(st);
	size_t			 k = (size_t)(r - st->model->rollouts);
	enum health		 h;

	*svc = NULL;
	if (st->cfg == NULL || k >= c->n)
		return HEALTH_UNKNOWN;
	h = c->h[k];
	*svc = c->svc[k];
	return h == HEALTH_WARN || h == HEALTH_CRIT ? h : HEALTH_UNKNOWN;
}

static int
any_service_trouble(struct ui_state *st)
{
	return rcache(st)->any_trouble;
}

static void
rollouts_layout(struct ui_state *st, int w)
{
	memcpy(st->cols, rollout_columns, sizeof rollout_columns);
	st->ncols = C_COUNT;
	/* The cluster only when there is more than one. */
	if (!many_clusters(st))
		st->cols[C_CLUSTER].prio = 99, st->cols[C_CLUSTER].min = 999;
	/* The namespace earns its room only on wide screens. */
	if (w < 150)
		st->cols[C_NAMESPACE].prio = 99, st->cols[C_NAMESPACE].min = 999;
	/* So does the strategy (the detail line names it). */
	if (w < 100)
		st->cols[C_STRATEGY].prio = 99, st->cols[C_STRATEGY].min = 999;
	/* The service column only while some service is in trouble. */
	if (!any_service_trouble(st))
		st->cols[C_SERVICE].prio = 99, st->cols[C_SERVICE].min = 999;
	layout_columns(st->cols, st->ncols, w, 1);
}

static void
draw_weight(struct ui_state *st, const struct rollout *r, int y, int x,
    int selected)
{
	const struct column	*c = ui_col(st, C_WEIGHT);
	char			 text[32], bar[64];
	int			 cells, tw;

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
	tw = c->width >= 13 ? 7 : 6;
	cells = c->width - tw - 1;
	if (cells > 10)
		cells = 10;
	if (cells < 3 || strcmp(text, "-") == 0 || (int)strlen(text) > tw) {
		ui_cell(st, y, x, C_WEIGHT, ROLE_NORMAL, text, selected);
		return;
	}
	ui_cell(st, y, x, C_WEIGHT, ROLE_NORMAL, "", selected);
	attrset(ui_attr(st, selected ? ROLE_SELECTED : ROLE_NORMAL));
	mvprintw(y, x + c->x, "%*.*s", tw, tw, text);
	attrset(A_NORMAL);
	fmt_bar(bar, sizeof bar, r->actual_weight != RB_UNKNOWN_INT ?
	    r->actual_weight : r->set_weight, cells, st->utf8);
	attrset(ui_attr(st, selected ? ROLE_SELECTED : ROLE_BAR));
	mvaddstr(y, x + c->x + tw + 1, bar);
	attrset(A_NORMAL);
}

/* The status cell; reverse video when a person must act. */
static void
draw_status(struct ui_state *st, const struct rollout *r, int y, int x,
    int selected)
{
	const struct column	*c = ui_col(st, C_STATUS);
	char			 buf[64], fit[FIT_BUFSIZE(64)];
	enum role		 role = status_role(r->status);

	snprintf(buf, sizeof buf, "%s %s", glyph_rollout(r->status, st->utf8),
	    r->status ? r->status : "Unknown");
	if (c == NULL || !r->waiting_for_human || selected) {
		ui_cell(st, y, x, C_STATUS, role, buf, selected);
		return;
	}
	text_fit(fit, sizeof fit, buf, c->width, FIT_PAD |
	    (st->utf8 ? FIT_UTF8 : 0));
	attrset(ui_attr(st, ROLE_WARN) | A_REVERSE | A_BOLD);
	mvaddstr(y, x + c->x, fit);
	attrset(A_NORMAL);
}

static void
rollouts_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	const struct rollout	*r = pane_rollouts_nth(st, i);
	const struct rollout_replicas *rp = &r->replicas;
	const struct service_cfg *svc;
	char			 buf[128];
	enum role		 role = status_role(r->status);
	enum health		 h;

	draw_status(st, r, y, x, selected);
	ui_cell(st, y, x, C_CLUSTER, ROLE_DIM, r->source, selected);
	ui_cell(st, y, x, C_NAMESPACE, ROLE_DIM, r->namespace, selected);
	ui_cell(st, y, x, C_NAME, r->waiting_for_human ? ROLE_WARN :
	    ROLE_NORMAL, r->name, selected);
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

	if (r->since == 0)
		snprintf(buf, sizeof buf, "-");
	else
		fmt_age(buf, sizeof buf, st->now - r->since);
	ui_cell(st, y, x, C_FOR, r->waiting_for_human ? ROLE_WARN : ROLE_DIM,
	    buf, selected);

	h = service_trouble(st, r, &svc);
	if (h != HEALTH_UNKNOWN)
		snprintf(buf, sizeof buf, "%s %s", glyph_health(h, st->utf8),
		    health_name(h));
	else
		buf[0] = '\0';
	ui_cell(st, y, x, C_SERVICE, theme_health_role(h), buf, selected);

	ui_cell(st, y, x, C_MESSAGE, role == ROLE_CRIT ? ROLE_CRIT : ROLE_NORMAL,
	    r->message ? r->message : "", selected);
}

static void
rollouts_detail(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct rollout	*r = pane_rollouts_nth(st, i);
	const struct service_cfg *svc;
	char			 name[256];
	size_t			 off, k;
	enum health		 h;

	rollout_name(st, r, name, sizeof name);
	off = (size_t)snprintf(buf, len, "%s (%s, %s): %s", name,
	    r->kind ? r->kind : "?",
	    r->strategy ? r->strategy : "?", r->message && *r->message ?
	    r->message : r->status ? r->status : "");
	h = service_trouble(st, r, &svc);
	if (h != HEALTH_UNKNOWN && svc != NULL && off < len)
		off += (size_t)snprintf(buf + off, len - off,
		    "  service %s is %s", svc->name, health_name(h));
	for (k = 0; k < r->nimages && off < len; k++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    k ? ", " : "  image ", r->images[k]);
	if (off < len)
		snprintf(buf + off, len - off, "  [Enter: detail]");
}

/* Degraded (crit) or waiting for a person (warn); status and message. */
static int
rollouts_alert_row(struct ui_state *st, size_t i, char *sig, size_t len)
{
	const struct rollout	*r = pane_rollouts_nth(st, i);
	int			 role = 0;

	if (status_role(r->status) == ROLE_CRIT)
		role = ROLE_CRIT;
	else if (r->waiting_for_human)
		role = ROLE_WARN;
	if (role != 0)
		snprintf(sig, len, "%s: %s", r->status ? r->status : "",
		    r->message ? r->message : "");
	return role;
}

/* What the rollout waits for, in a few words. */
const char *
pane_rollouts_wait_reason(const struct rollout *r)
{
	if (streq(r->strategy, "BlueGreen") ||
	    (r->message != NULL && strstr(r->message, "BlueGreenPause")))
		return "promotion";
	if (r->message != NULL && strstr(r->message, "Inconclusive"))
		return "a decision";
	if (r->message != NULL && strstr(r->message, "manually paused"))
		return "resume";
	return "promotion";
}

/* "2 rollouts waiting for promotion: shop/payments, shop/web" over the list. */
static int
rollouts_attention(struct ui_state *st, int y)
{
	const struct rollout	*r;
	char			*text, *t, age[16], fit[FIT_BUFSIZE(1024)];
	char			 name[256];
	size_t			 i, n = 0, count = rollouts_count(st);
	const char		*why = NULL;

	for (i = 0; i < count; i++) {
		r = pane_rollouts_nth(st, i);
		if (!r->waiting_for_human)
			break;
		if (why == NULL)
			why = pane_rollouts_wait_reason(r);
		else if (strcmp(why, pane_rollouts_wait_reason(r)) != 0)
			why = "a person";
		n++;
	}
	if (n == 0)
		return 0;
	text = xasprintf(" %s %zu %s waiting for %s:", st->utf8 ?
	    "\xe2\x96\xb6" : ">>", n, n == 1 ? "rollout" : "rollouts", why);
	/* Names until the line is full (hundreds may wait). */
	for (i = 0; i < n && strlen(text) < sizeof fit; i++) {
		r = pane_rollouts_nth(st, i);
		fmt_age(age, sizeof age, st->now - r->since);
		rollout_name(st, r, name, sizeof name);
		t = xasprintf("%s%s %s (%s)", text, i ? "," : "", name,
		    r->since != 0 ? age : "?");
		free(text);
		text = t;
	}
	text_fit(fit, sizeof fit, text, COLS > 1024 ? 1024 : COLS, FIT_PAD |
	    (st->utf8 ? FIT_UTF8 : 0));
	attrset(ui_attr(st, ROLE_WARN) | A_REVERSE | A_BOLD);
	mvaddstr(y, 0, fit);
	attrset(A_NORMAL);
	free(text);
	return 1;
}

static int
k_detail(struct ui_state *st, struct mode *m)
{
	size_t	i = ui_selected(st);

	if (i >= rollouts_count(st))
		return 0;
	return mode_detail_open(st, pane_rollouts_nth(st, i));
}

/* A rollout action on the selected row: the confirmation opens. */
static int
act(struct ui_state *st, const char *action, int full)
{
	size_t	i = ui_selected(st);

	if (i >= rollouts_count(st))
		return 0;
	return mode_confirm_rollout_open(st, pane_rollouts_nth(st, i), action,
	    full);
}

static int k_promote(struct ui_state *st, struct mode *m)
{ return act(st, "promote", 0); }
static int k_promote_full(struct ui_state *st, struct mode *m)
{ return act(st, "promote", 1); }
static int k_abort(struct ui_state *st, struct mode *m)
{ return act(st, "abort", 0); }
static int k_retry(struct ui_state *st, struct mode *m)
{ return act(st, "retry", 0); }
static int k_pause(struct ui_state *st, struct mode *m)
{ return act(st, "pause", 0); }

static const struct key_binding rollouts_keys[] = {
	{ RK_ENTER,	"detail: steps, images, conditions",	k_detail },
	{ 'P',		"promote past its pause or step (y asks)", k_promote },
	{ 'F',		"promote fully: skip steps and analysis", k_promote_full },
	{ 'A',		"abort: traffic back to stable",	k_abort },
	{ 'R',		"retry an aborted rollout",		k_retry },
	{ 'Z',		"pause it where it is",			k_pause },
	{ 0,		"  (waiting for a person first)", NULL },
	{ 0,		"  reverse          paused until someone promotes it", NULL },
	{ 0,		"  STEP             current canary step / steps", NULL },
	{ 0,		"  WEIGHT           set/actual canary traffic weight", NULL },
	{ 0,		"  FOR              how long it has had this status", NULL },
	{ 0,		"  SVC              its service is warn or crit", NULL },
	{ 0,		"  CLUSTER          its source, when there are several", NULL },
	KEYTAB_END
};

const struct pane_entry pane_rollouts_entry = {
	.name = "rollouts",
	.title = "Rollouts",
	.key = '1',
	.kind = "argo-rollouts",
	.noun = "rollouts",
	.count = rollouts_count,
	.item_key = rollouts_item_key,
	.row_text = rollouts_row_text,
	.name_of = rollouts_name_of,
	.link_of = rollouts_link_of,
	.layout = rollouts_layout,
	.draw_row = rollouts_draw_row,
	.detail = rollouts_detail,
	.alert_row = rollouts_alert_row,
	.keys = rollouts_keys,
	.attention = rollouts_attention,
	.free = rollouts_free,
};
