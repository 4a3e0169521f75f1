/*
 * mode_detail.c - the Rollouts pane's detail view, opened with Enter:
 * one rollout's status and how long it has had it, what it waits for,
 * step and weights, replicas, the service it belongs to, the canary step
 * list with the current step marked, its images with their roles, its
 * conditions and the last message.  Esc, q or Enter close it; the arrow
 * keys, j/k, PgUp/PgDn and g/G scroll it.
 *
 * The view keeps only the rollout's identity and a scroll offset; its
 * lines are built from the model on every paint, so it follows the data
 * as polls come in.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/correlate.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/ui_int.h"

struct rollout_detail {
	struct scroll sc;	/* first: the shared scrolling keys use it */
	char	*key;		/* pane_rollouts_key_of() of the rollout */
	char	*title;		/* "ns/name", for when it has gone */
};

struct dline {
	char		*text;
	enum role	 role;
	int		 reverse;
};

struct dlines {
	struct dline	*v;
	size_t		 n, cap;
	int		 width;	/* cells for the text */
	int		 utf8;
};

static void
add_line(struct dlines *dl, enum role role, int reverse, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add_line(struct dlines *dl, enum role role, int reverse, const char *fmt, ...)
{
	struct dline	*l;
	va_list		 ap;

	l = ARRAY_PUSH(dl->v, dl->n, dl->cap);
	va_start(ap, fmt);
	l->text = xvasprintf(fmt, ap);
	va_end(ap);
	l->role = role;
	l->reverse = reverse;
}

/* Long text over several lines, each after `indent` spaces. */
static void
add_wrapped(struct dlines *dl, enum role role, int indent, const char *text)
{
	size_t	cut;
	int	w = dl->width - indent, i;

	if (w < 10)
		w = 10;
	for (i = 0; *text != '\0' && i < 20; i++) {
		cut = text_cut(text, w, dl->utf8);
		if (cut == 0)
			cut = strlen(text);
		add_line(dl, role, 0, "%*s%.*s", indent, "", (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

static void
dlines_free(struct dlines *dl)
{
	size_t	i;

	for (i = 0; i < dl->n; i++)
		free(dl->v[i].text);
	free(dl->v);
}

static enum role
status_role(const char *status)
{
	if (streq(status, "Healthy"))
		return ROLE_OK;
	if (streq(status, "Progressing"))
		return ROLE_INFO;
	if (streq(status, "Paused"))
		return ROLE_WARN;
	if (streq(status, "Degraded"))
		return ROLE_CRIT;
	return ROLE_UNKNOWN;
}

static const struct rollout *
find_rollout(struct ui_state *st, const char *key)
{
	char	buf[UI_KEYLEN];
	size_t	i;

	for (i = 0; i < st->model->nrollouts; i++) {
		pane_rollouts_key_of(&st->model->rollouts[i], buf, sizeof buf);
		if (strcmp(buf, key) == 0)
			return &st->model->rollouts[i];
	}
	return NULL;
}

/* One canary step as text, e.g. "setWeight 20", "pause 30s". */
static void
step_text(const struct rollout *r, size_t i, int current, char *buf,
    size_t len)
{
	const struct rollout_step *s = &r->steps[i];
	int indefinite = s->pause != NULL && strcmp(s->pause, "indefinite") == 0;

	switch (s->kind) {
	case STEP_SET_WEIGHT:
		snprintf(buf, len, "setWeight %d", s->weight);
		break;
	case STEP_PAUSE:
		if (indefinite && current && streq(r->status, "Paused"))
			snprintf(buf, len, "pause: waiting for promotion");
		else if (indefinite)
			snprintf(buf, len, "pause (until promoted)");
		else
			snprintf(buf, len, "pause %s%s", s->pause ? s->pause : "",
			    current && streq(r->status, "Paused") ?
			    " (paused)" : "");
		break;
	case STEP_ANALYSIS:
	case STEP_EXPERIMENT:
		snprintf(buf, len, "%s%s%s", rollout_step_kind_name(s->kind),
		    s->detail ? ": " : "", s->detail ? s->detail : "");
		break;
	case STEP_OTHER:
		snprintf(buf, len, "%s%s%s", s->name ? s->name : "?",
		    s->detail ? " " : "", s->detail ? s->detail : "");
		break;
	}
}

static void
build_steps(struct dlines *dl, const struct rollout *r, int utf8)
{
	char	text[256];
	size_t	i;
	int	cur = r->step_index, done, current;

	if (r->nsteps == 0)
		return;
	add_line(dl, ROLE_NORMAL, 0, "%s", "");
	add_line(dl, ROLE_TITLE, 0, "Steps%s", cur != RB_UNKNOWN_INT &&
	    cur >= (int)r->nsteps ? " (all done)" : "");
	for (i = 0; i < r->nsteps; i++) {
		current = cur != RB_UNKNOWN_INT && (int)i == cur;
		done = cur != RB_UNKNOWN_INT && (int)i < cur;
		step_text(r, i, current, text, sizeof text);
		add_line(dl, current ? (streq(r->status, "Paused") ? ROLE_WARN :
		    status_role(r->status)) : done ? ROLE_DIM : ROLE_NORMAL,
		    current && r->waiting_for_human, "  %s %2zu  %s",
		    current ? (utf8 ? "\xe2\x96\xb6" : ">") :
		    done ? (utf8 ? "\xe2\x9c\x94" : "+") : " ", i, text);
	}
}

/* What a person must do, as a command they would type. */
static void
add_waiting(struct dlines *dl, const struct rollout *r)
{
	const char	*why = pane_rollouts_wait_reason(r);
	const char	*ns = r->namespace ? r->namespace : "default";

	if (streq(r->kind, "Deployment"))
		add_line(dl, ROLE_WARN, 1, " WAITING TO BE RESUMED: kubectl "
		    "rollout resume deployment/%s -n %s ", r->name, ns);
	else if (strcmp(why, "resume") == 0)
		add_line(dl, ROLE_WARN, 1, " WAITING TO BE RESUMED: kubectl "
		    "argo rollouts resume %s -n %s ", r->name, ns);
	else if (strcmp(why, "a decision") == 0)
		add_line(dl, ROLE_WARN, 1, " WAITING FOR A DECISION: kubectl "
		    "argo rollouts promote (or abort) %s -n %s ", r->name, ns);
	else
		add_line(dl, ROLE_WARN, 1, " WAITING FOR PROMOTION: kubectl "
		    "argo rollouts promote %s -n %s ", r->name, ns);
}

static void
build(struct ui_state *st, const struct rollout *r, struct dlines *dl)
{
	const struct rollout_replicas	*rp = &r->replicas;
	const struct service_cfg	*svc = NULL;
	char				 age[16], step[32];
	enum health			 h;
	size_t				 i;

	if (r->since != 0)
		fmt_age(age, sizeof age, st->now - r->since);
	else
		snprintf(age, sizeof age, "?");
	add_line(dl, status_role(r->status), 0, "Status:     %s %s  for %s",
	    glyph_rollout(r->status, st->utf8), r->status ? r->status :
	    "Unknown", age);
	if (r->waiting_for_human)
		add_waiting(dl, r);
	add_line(dl, ROLE_NORMAL, 0, "Kind:       %s (%s), source %s",
	    r->kind ? r->kind : "?", r->strategy && *r->strategy ?
	    r->strategy : "no strategy", r->source);
	if (r->step_count != RB_UNKNOWN_INT && r->step_index != RB_UNKNOWN_INT)
		snprintf(step, sizeof step, "step %d/%d, ", r->step_index,
		    r->step_count);
	else
		step[0] = '\0';
	if (r->set_weight != RB_UNKNOWN_INT && r->actual_weight != RB_UNKNOWN_INT)
		add_line(dl, ROLE_NORMAL, 0, "Canary:     %sset weight %d%%, "
		    "actual %d%%", step, r->set_weight, r->actual_weight);
	else if (r->set_weight != RB_UNKNOWN_INT)
		add_line(dl, ROLE_NORMAL, 0, "Canary:     %sset weight %d%%",
		    step, r->set_weight);
	else if (*step != '\0')
		add_line(dl, ROLE_NORMAL, 0, "Canary:     %s", step);
	add_line(dl, rp->ready < rp->desired ? ROLE_WARN : ROLE_NORMAL, 0,
	    "Replicas:   desired %d, current %d, updated %d, ready %d, "
	    "available %d", rp->desired, rp->current, rp->updated, rp->ready,
	    rp->available);
	if (st->cfg != NULL) {
		h = rollout_service_health_in(st->model, st->cfg, r->source,
		    r->namespace, r->name, &svc);
		if (svc != NULL)
			add_line(dl, h == HEALTH_CRIT ? ROLE_CRIT : h ==
			    HEALTH_WARN ? ROLE_WARN : ROLE_NORMAL, 0,
			    "Service:    %s %s %s", svc->name,
			    glyph_health(h, st->utf8), health_name(h));
	}
	if (r->message != NULL && *r->message != '\0') {
		add_line(dl, ROLE_TITLE, 0, "Message:");
		add_wrapped(dl, status_role(r->status) == ROLE_CRIT ? ROLE_CRIT :
		    ROLE_NORMAL, 2, r->message);
	}

	build_steps(dl, r, st->utf8);

	if (r->nimage_roles > 0 || r->nimages > 0) {
		add_line(dl, ROLE_NORMAL, 0, "%s", "");
		add_line(dl, ROLE_TITLE, 0, "Images");
	}
	if (r->nimage_roles > 0) {
		for (i = 0; i < r->nimage_roles; i++)
			add_line(dl, ROLE_NORMAL, 0, "  %s%s%s%s",
			    r->image_roles[i].image,
			    *r->image_roles[i].roles ? " (" : "",
			    r->image_roles[i].roles,
			    *r->image_roles[i].roles ? ")" : "");
	} else {
		for (i = 0; i < r->nimages; i++)
			add_line(dl, ROLE_NORMAL, 0, "  %s", r->images[i]);
	}

	if (r->nconditions > 0) {
		add_line(dl, ROLE_NORMAL, 0, "%s", "");
		add_line(dl, ROLE_TITLE, 0, "Conditions");
	}
	for (i = 0; i < r->nconditions; i++) {
		const struct rollout_condition *c = &r->conditions[i];
		enum role role = ROLE_NORMAL;

		if (streq(c->reason, "RolloutAborted") ||
		    streq(c->reason, "ProgressDeadlineExceeded") ||
		    streq(c->type, "InvalidSpec") ||
		    (streq(c->type, "Available") && streq(c->status, "False")))
			role = ROLE_CRIT;
		add_line(dl, role, 0, "  %-12s %-7s %s%s%s", c->type, c->status,
		    c->reason ? c->reason : "", c->last_transition ? "  since " :
		    "", c->last_transition ? c->last_transition : "");
		if (c->message != NULL)
			add_wrapped(dl, ROLE_DIM, 4, c->message);
	}
}

static void
detail_free(void *p)
{
	struct rollout_detail	*d = p;

	free(d->key);
	free(d->title);
	free(d);
}

static int k_close(struct ui_state *st, struct mode *m)
{ mode_pop(st); return UI_REDRAW; }

/* A rollout action on the rollout shown: the confirmation opens on top. */
static int
act(struct ui_state *st, struct mode *m, const char *action, int full)
{
	struct rollout_detail	*d = m->data;
	const struct rollout	*r = find_rollout(st, d->key);

	if (r == NULL) {
		ui_message(st, ROLE_WARN, "%s is no longer reported", d->title);
		return UI_REDRAW;
	}
	return mode_confirm_rollout_open(st, r, action, full);
}

static int k_promote(struct ui_state *st, struct mode *m)
{ return act(st, m, "promote", 0); }
static int k_promote_full(struct ui_state *st, struct mode *m)
{ return act(st, m, "promote", 1); }
static int k_abort(struct ui_state *st, struct mode *m)
{ return act(st, m, "abort", 0); }
static int k_retry(struct ui_state *st, struct mode *m)
{ return act(st, m, "retry", 0); }
static int k_pause(struct ui_state *st, struct mode *m)
{ return act(st, m, "pause", 0); }

static const struct key_binding detail_keys[] = {
	{ RK_ESC,	"close the detail view",	k_close },
	{ 'q',		NULL,				k_close },
	{ RK_ENTER,	NULL,				k_close },
	{ 'P',		"promote past its pause or step (y asks)", k_promote },
	{ 'F',		"promote fully: skip steps and analysis", k_promote_full },
	{ 'A',		"abort: traffic back to stable",	k_abort },
	{ 'R',		"retry an aborted rollout",		k_retry },
	{ 'Z',		"pause it where it is",			k_pause },
	KEYTAB_END
};

/* Refresh, redraw and help still work; nothing else reaches behind. */
static int
detail_key(struct ui_state *st, struct mode *m, int key)
{
	if (key == 'r' || key == RK_CTRL('L') || key == '?')
		return 0;
	return UI_REDRAW;
}

static void
detail_paint(struct ui_state *st, struct mode *m)
{
	struct rollout_detail	*d = m->data;
	const struct rollout	*r;
	struct dlines		 dl;
	char			*title, pos[48];
	int			 y = 1, x = 0, h = LINES - 2, w = COLS, rows, i;
	static const char	 hint[] = " P promote  A abort  Esc/q/Enter close  j/k scroll ";

	/* The message line stays in sight (an action's outcome). */
	if (LINES >= 8)
		h -= ui_message_rows(st);
	if (h < 5 || w < 24)
		return;
	memset(&dl, 0, sizeof dl);
	dl.width = w - 4;
	dl.utf8 = st->utf8;
	r = find_rollout(st, d->key);
	if (r != NULL)
		build(st, r, &dl);
	else
		add_line(&dl, ROLE_WARN, 0, "%s is no longer reported by its "
		    "source.", d->title);

	ui_box(st, y, x, h, w, ROLE_HELP);
	title = xasprintf(" %s %s ", r != NULL && r->kind ? r->kind : "Rollout",
	    d->title);
	ui_put(st, y, x + 2, w - 4, ROLE_TITLE, title, 0);
	free(title);

	rows = h - 2;
	d->sc.rows = rows;
	d->sc.nlines = (int)dl.n;
	mode_scroll_clamp(&d->sc);
	for (i = 0; i < rows && d->sc.top + i < (int)dl.n; i++) {
		const struct dline *l = &dl.v[d->sc.top + i];

		if (l->reverse) {
			char fit[FIT_BUFSIZE(1024)];

			text_fit(fit, sizeof fit, l->text, w - 4 > 1024 ? 1024 :
			    w - 4, st->utf8 ? FIT_UTF8 : 0);
			attrset(ui_attr(st, l->role) | A_REVERSE | A_BOLD);
			mvaddstr(y + 1 + i, x + 2, fit);
			attrset(A_NORMAL);
		} else
			ui_put(st, y + 1 + i, x + 2, w - 4, l->role, l->text, 0);
	}
	if ((int)strlen(hint) + 2 < w)
		ui_put(st, y + h - 1, x + w - (int)strlen(hint) - 2,
		    (int)strlen(hint), ROLE_DIM, hint, 0);
	if (d->sc.nlines > rows) {
		snprintf(pos, sizeof pos, " %d-%d/%d ", d->sc.top + 1,
		    d->sc.top + rows < d->sc.nlines ? d->sc.top + rows : d->sc.nlines,
		    d->sc.nlines);
		ui_put(st, y + h - 1, x + 2, (int)strlen(pos), ROLE_DIM, pos, 0);
	}
	dlines_free(&dl);
}

const struct mode_entry mode_detail_entry = {
	.name = "Rollout detail",
	.keys = detail_keys,
	.more_keys = mode_scroll_keys,
	.modal = 0,
	.arms = 0,
	.key = detail_key,
	.paint = detail_paint,
	.free = detail_free,
};

int
mode_detail_open(struct ui_state *st, const struct rollout *r)
{
	struct rollout_detail	*d;
	char			 key[UI_KEYLEN];

	d = xcalloc(1, sizeof *d);
	pane_rollouts_key_of(r, key, sizeof key);
	d->key = xstrdup(key);
	d->title = xasprintf("%s/%s", r->namespace ? r->namespace : "",
	    r->name ? r->name : "");
	return mode_push(st, &mode_detail_entry, d);
}
