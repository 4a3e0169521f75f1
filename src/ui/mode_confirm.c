/*
 * mode_confirm.c - the confirmation of a flag or rollout action, a modal
 * dialog: it says what will change (flag, environment, before -> after,
 * exactly as the action's own decision says: core/decide.c; for a rollout
 * core/rollout_decide.c, with the patches it sends), which flags depend on
 * it and how healthy its services are, then asks.  A rollout action takes
 * y and a reason.  Moving a stage takes y;
 * a kill, and a move to off in a protected environment, take the flag's
 * name typed exactly and a reason; a restore takes y and an optional
 * reason; going past a refusing guard takes a reason.  Esc cancels at
 * every step.  It stays on screen and keeps the keyboard whatever pane is
 * under it, and takes keys only once it has been seen (mode.c).
 */
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "actions/action.h"
#include "core/decide.h"
#include "core/graph.h"
#include "core/rollout_decide.h"
#include "core/util.h"
#include "ui/flag_plan.h"
#include "ui/format.h"
#include "ui/lineedit.h"
#include "ui/ui_int.h"

#define DLG_WIDTH	72
#define DLG_MAXLINES	40
#define DLG_LISTMAX	4

enum dlg_step {
	DLG_CONFIRM,		/* y to go on, n or Esc to cancel */
	DLG_NAME,		/* type the flag's name */
	DLG_REASON,		/* type a reason */
	DLG_FORCE,		/* refused by a guard: a reason overrides */
};

struct dlg_line {
	enum role	 role;
	char		*text;
	int		 edit;		/* the line editor goes here */
};

struct flag_dialog {
	enum dlg_step	 step;
	struct flag_request *req;	/* handed to the run on confirmation */
	char		*before;	/* the decision's words */
	char		*refusal;	/* DLG_FORCE: what the guard said */
	char		*error;		/* a problem with what was typed */
	int		 reason_required;
	int		 protected_off;	/* to off in a protected environment */
	int		 armed;		/* takes keys: the prompt is shown */
	struct line_edit le;
	/* A rollout action: the patches it sends, as "PATCH path body". */
	char		*patches[ROLLOUT_MAX_PATCHES];
	size_t		 npatches;
};

static void
dialog_free(void *p)
{
	struct flag_dialog *d = p;

	size_t i;

	for (i = 0; i < d->npatches; i++)
		free(d->patches[i]);
	flag_request_free(d->req);
	free(d->before);
	free(d->refusal);
	free(d->error);
	free(d);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/*
 * What the operator sees, for the action to check before it writes: a
 * stage name, or "killed@20" / "custom@33" where the name alone does not
 * say the percentage (a restore must bring back exactly what was shown);
 * NULL when it is none of those.
 */
static char *
expect_of(struct ui_state *st, const struct flag_env *e)
{
	if (e->stage == NULL)
		return NULL;
	if (stage_find(st->cfg, e->stage) == NULL &&
	    strcmp(e->stage, "killed") != 0 && strcmp(e->stage, "custom") != 0)
		return NULL;
	if (stage_find(st->cfg, e->stage) == NULL && e->has_rollout &&
	    e->rollout != RB_UNKNOWN_INT)
		return xasprintf("%s@%d", e->stage, e->rollout);
	return xstrdup(e->stage);
}

/* Whether an action may start now; if not, the message line says why. */
static int
can_act(struct ui_state *st)
{
	if (st->readonly) {
		ui_message(st, ROLE_WARN, "read-only: no changes");
		return 0;
	}
	if (st->poller == NULL) {
		ui_message(st, ROLE_WARN, "no live sources: no changes");
		return 0;
	}
	if (st->run != NULL) {
		ui_message_sticky(st, ROLE_INFO, "applying%s wait for the "
		    "outcome", st->utf8 ? "\xe2\x80\xa6" : "...");
		return 0;
	}
	return 1;
}

int
mode_confirm_open(struct ui_state *st, const struct flag *f, const char *env,
    const char *action, const char *stage)
{
	const struct flag_env	*e;
	struct flag_dialog	*d;
	struct flag_request	*q;
	struct flag_state	 now;
	struct decision		 dec;

	if (!can_act(st))
		return UI_REDRAW;
	if (f == NULL || f->name == NULL) {
		ui_message(st, ROLE_WARN, "no flag selected");
		return UI_REDRAW;
	}
	if (env == NULL || (e = flag_find_env(f, env)) == NULL) {
		ui_message(st, ROLE_WARN, "! %s has no environment %s", f->name,
		    env != NULL ? env : "");
		return UI_REDRAW;
	}
	if (e->unknown) {
		ui_message(st, ROLE_WARN, "! cannot %s %s in %s: its state there "
		    "is unknown (%s); refresh with r", action, f->name, env,
		    e->reason ? e->reason : "the answer left it out");
		return UI_REDRAW;
	}
	flag_state_of_env(e, &now);
	if (flag_decide(st->cfg, action, stage, &now, decide_env_protected(
	    st->cfg, env, e->type), &dec) != DECIDE_OK) {
		ui_message(st, ROLE_WARN, "! cannot %s%s%s %s in %s: %s", action,
		    stage ? " " : "", stage ? stage : "", f->name, env, dec.why);
		decision_free(&dec);
		return UI_REDRAW;
	}
	q = xcalloc(1, sizeof *q);
	q->action = xstrdup(action);
	q->source = dup_or_null(f->source);
	q->flag = xstrdup(f->name);
	q->env = xstrdup(env);
	q->stage = dup_or_null(dec.stage);
	q->expect = expect_of(st, e);
	q->after = dec.after;
	dec.after = NULL;
	d = xcalloc(1, sizeof *d);
	d->req = q;
	d->before = dec.before;
	dec.before = NULL;
	d->step = dec.needs_name ? DLG_NAME : DLG_CONFIRM;
	d->reason_required = dec.needs_reason;
	d->protected_off = dec.protected_off;
	lineedit_init(&d->le, 0);
	decision_free(&dec);
	return mode_push(st, &mode_confirm_entry, d);
}

int
mode_confirm_rollout_open(struct ui_state *st, const struct rollout *r,
    const char *action, int full)
{
	struct flag_dialog	*d;
	struct flag_request	*q;
	struct rollout_decision	 dec;
	enum rollout_verb	 v;
	size_t			 i;

	if (!can_act(st))
		return UI_REDRAW;
	if (r == NULL || r->name == NULL) {
		ui_message(st, ROLE_WARN, "no rollout selected");
		return UI_REDRAW;
	}
	if (rollout_decide_verb(action, full, &v) != 0 ||
	    rollout_decide(v, r, &dec) != DECIDE_OK) {
		ui_message(st, ROLE_WARN, "! cannot %s%s %s/%s: %s", action,
		    full ? " --full" : "", r->namespace, r->name,
		    dec.why ? dec.why : "unknown action");
		rollout_decide_free(&dec);
		return UI_REDRAW;
	}
	q = xcalloc(1, sizeof *q);
	q->action = xstrdup(action);
	q->full = full;
	q->source = dup_or_null(r->source);
	q->rollout = xasprintf("%s/%s", r->namespace, r->name);
	q->expect = rollout_decide_seen(r);
	q->after = dec.after;
	dec.after = NULL;
	d = xcalloc(1, sizeof *d);
	d->req = q;
	d->before = dec.before;
	dec.before = NULL;
	for (i = 0; i < dec.npatches; i++)
		d->patches[i] = xasprintf("PATCH %s%s %s", r->name,
		    dec.patches[i].to_status ? "/status" : "",
		    dec.patches[i].body);
	d->npatches = dec.npatches;
	d->step = DLG_CONFIRM;
	d->reason_required = 1;
	lineedit_init(&d->le, 0);
	rollout_decide_free(&dec);
	return mode_push(st, &mode_confirm_entry, d);
}

/* The run said no, and a reason can go past it: ask for one. */
static void
offer_force(struct ui_state *st, const struct flag_request *q,
    const struct action_outcome *o)
{
	struct flag_dialog	*d = xcalloc(1, sizeof *d);
	struct flag_request	*c = xcalloc(1, sizeof *c);

	c->action = xstrdup(q->action);
	c->source = dup_or_null(q->source);
	c->flag = xstrdup(q->flag);
	c->env = xstrdup(q->env);
	c->stage = dup_or_null(q->stage);
	c->expect = dup_or_null(q->expect);
	c->after = dup_or_null(q->after);
	d->req = c;
	d->before = dup_or_null(o->before);
	d->refusal = xstrdup(o->message);
	sanitize_text(d->refusal);
	d->step = DLG_FORCE;
	d->reason_required = 1;
	lineedit_init(&d->le, 0);
	/* Nothing typed before it was offered counts as its answer. */
	if (mode_push(st, &mode_confirm_entry, d) & UI_FLUSH)
		tcflush(STDIN_FILENO, TCIFLUSH);
}

static void
run_done(struct ui_state *st, const struct flag_request *q,
    const struct action_outcome *o)
{
	if (o->status == ACTION_REFUSED && o->overridable &&
	    strcmp(q->action, "kill") != 0)
		offer_force(st, q, o);
	mode_journal_reload(st);
}

static void
set_error(struct flag_dialog *d, char *text)
{
	free(d->error);
	d->error = text;
}

static int
cancel(struct ui_state *st, struct mode *m)
{
	struct flag_dialog *d = m->data;
	int forced = d->step == DLG_FORCE;

	mode_pop(st);
	if (!forced)
		ui_message(st, ROLE_DIM, "cancelled: nothing changed");
	return UI_REDRAW;
}

/* Close the dialog and run what it holds. */
static int
start(struct ui_state *st, struct mode *m, int force, const char *reason)
{
	struct flag_dialog	*d = m->data;
	struct flag_request	*q = d->req;
	char			*why = reason != NULL ? xstrdup(reason) : NULL;

	d->req = NULL;
	mode_pop(st);
	flag_run_start(st, q, force, why, run_done);
	free(why);
	return UI_REDRAW;
}

static int
edit_key(struct ui_state *st, struct mode *m, int ch)
{
	struct flag_dialog	*d = m->data;
	char			 text[LE_MAX + 1];

	if (ch == RK_BACKSPACE || ch == RK_DELETE)
		ch = LE_BACKSPACE;
	else if (ch == RK_ENTER)
		ch = '\n';
	else if (ch >= 0x100)
		return UI_REDRAW;	/* arrows and such edit nothing */
	switch (lineedit_key(&d->le, ch)) {
	case LE_MORE:
		set_error(d, NULL);
		return UI_REDRAW;
	case LE_CANCEL:
		return cancel(st, m);
	case LE_ENTER:
		break;
	}
	lineedit_trimmed(&d->le, text, sizeof text);
	switch (d->step) {
	case DLG_NAME:
		if (strcmp(text, d->req->flag) != 0) {
			set_error(d, xasprintf("that is not the flag's name; "
			    "type %s exactly", d->req->flag));
			lineedit_init(&d->le, 0);
			return UI_REDRAW;
		}
		set_error(d, NULL);
		lineedit_init(&d->le, 0);
		d->step = DLG_REASON;
		return UI_REDRAW;
	case DLG_REASON:
	case DLG_FORCE:
		if (*text == '\0' && d->reason_required) {
			set_error(d, xstrdup("a reason is required"));
			return UI_REDRAW;
		}
		return start(st, m, d->step == DLG_FORCE, text);
	default:
		return UI_REDRAW;
	}
}

static int
confirm_key(struct ui_state *st, struct mode *m, int ch)
{
	struct flag_dialog	*d = m->data;

	if (d->step != DLG_CONFIRM)
		return edit_key(st, m, ch);
	if (ch == 'y' || ch == 'Y') {
		if (strcmp(d->req->action, "restore") == 0 ||
		    d->reason_required) {
			d->step = DLG_REASON;
			lineedit_init(&d->le, 0);
			return UI_REDRAW;
		}
		return start(st, m, 0, NULL);
	}
	if (ch == 'n' || ch == 'N' || ch == 'q')
		return cancel(st, m);
	return UI_REDRAW;
}

/* Pasted text goes into the name or reason being typed, as text only. */
static int
confirm_paste(struct ui_state *st, struct mode *m, const char *text)
{
	struct flag_dialog	*d = m->data;

	if (d->step == DLG_CONFIRM) {
		ui_message(st, ROLE_WARN, "pasted text ignored: the dialog "
		    "asks for a key, not text");
		return UI_REDRAW;
	}
	lineedit_paste(&d->le, text);
	set_error(d, NULL);
	return UI_REDRAW;
}

static const struct key_binding confirm_keys[] = {
	{ RK_ESC,	"cancel: nothing changes",	cancel },
	{ 0,		"  y  apply, where it asks; a kill or off in a protected", NULL },
	{ 0,		"     environment asks for the flag's name and a reason", NULL },
	KEYTAB_END
};

/* Lines of the box, built for one paint. */
struct dlg_text {
	struct dlg_line	 l[DLG_MAXLINES];
	size_t		 n;
};

static void
add(struct dlg_text *t, enum role r, char *text)
{
	if (t->n == DLG_MAXLINES) {
		free(text);
		return;
	}
	t->l[t->n].role = r;
	t->l[t->n].text = text;
	t->l[t->n].edit = 0;
	t->n++;
}

/* Text cut to lines of `w` cells (at most `max` lines). */
static void
add_wrapped(struct dlg_text *t, struct ui_state *st, enum role r,
    const char *text, int w, int max)
{
	size_t	cut;
	int	i;

	for (i = 0; i < max && *text != '\0'; i++) {
		cut = text_cut(text, w, st->utf8);
		if (cut == 0 || text[cut] == '\0' || i == max - 1) {
			add(t, r, xstrdup(text));
			return;
		}
		add(t, r, xstrndup(text, cut));
		text += cut;
		while (*text == ' ')
			text++;
	}
}

static void add_services(struct dlg_text *, struct ui_state *,
    const struct plan_svc *, size_t, size_t);

/* A rollout action: the patches it sends and its services' health. */
static void
add_rollout_context(struct dlg_text *t, struct ui_state *st,
    struct flag_dialog *d, int w, size_t cap)
{
	const struct rollout	*r = NULL;
	struct plan_svc		 svcs[DLG_LISTMAX];
	size_t			 i, n;

	add(t, ROLE_TITLE, xstrdup("It sends (merge patches, as kubectl argo "
	    "rollouts does):"));
	for (i = 0; i < d->npatches; i++)
		add_wrapped(t, st, ROLE_NORMAL, d->patches[i], w, 2);
	if (strcmp(d->req->action, "abort") == 0)
		add(t, ROLE_DIM, xstrdup("An abort is never blocked by a guard."));
	for (i = 0; i < st->model->nrollouts && r == NULL; i++) {
		const struct rollout *c = &st->model->rollouts[i];
		char ref[512];

		snprintf(ref, sizeof ref, "%s/%s", c->namespace, c->name);
		if (streq(c->source, d->req->source) &&
		    strcmp(ref, d->req->rollout) == 0)
			r = c;
	}
	if (r == NULL)
		return;
	n = plan_rollout_services(st->model, st->cfg, r, svcs, cap);
	add_services(t, st, svcs, n, cap);
}

static void
add_context(struct dlg_text *t, struct ui_state *st, struct flag_dialog *d,
    size_t cap)
{
	const struct flag	*f = model_find_flag(st->model, d->req->source,
				    d->req->flag);
	struct plan_dep		 deps[DLG_LISTMAX];
	struct plan_svc		 svcs[DLG_LISTMAX];
	char			 *desc;
	size_t			 n, i;

	if (f == NULL)
		return;
	n = plan_dependents(st->model, f, d->req->env, deps, cap);
	if (n == 0)
		add(t, ROLE_DIM, xstrdup("No flags depend on it."));
	else
		add(t, ROLE_TITLE, xasprintf("Flags that depend on it (%zu):",
		    n));
	for (i = 0; i < n && i < cap; i++) {
		if (deps[i].env != NULL) {
			struct flag_state ds;

			flag_state_of_env(deps[i].env, &ds);
			desc = flag_state_describe(st->cfg, &ds);
		} else
			desc = xstrdup("not in this environment");
		add(t, ROLE_NORMAL, xasprintf("  %s  %s  (needs it %s)",
		    deps[i].flag->name, desc, deps[i].wants_enabled ? "on" :
		    "off"));
		free(desc);
	}
	if (n > cap)
		add(t, ROLE_DIM, xasprintf("  and %zu more", n - cap));
	if (strcmp(d->req->action, "kill") == 0 || d->protected_off) {
		/* Everything whose effective state moves, transitively. */
		char *impact = graph_kill_impact_text(st->model, d->req->flag,
		    d->req->env);

		add(t, impact != NULL ? ROLE_WARN : ROLE_DIM, impact != NULL ?
		    xasprintf("%s %s", d->protected_off ? "Turning it off" :
		    "Kill", impact) : xstrdup(d->protected_off ? "Turning it off "
		    "changes no other flag." : "Killing it changes no other "
		    "flag."));
		free(impact);
	}

	n = plan_services(st->model, st->cfg, d->req->flag, svcs, cap);
	add_services(t, st, svcs, n, cap);
}

/* "Services it belongs to:" and each one's health. */
static void
add_services(struct dlg_text *t, struct ui_state *st,
    const struct plan_svc *svcs, size_t n, size_t cap)
{
	char			 er[16], p99[16];
	size_t			 i;

	if (n == 0)
		add(t, ROLE_DIM, xstrdup("No service is configured for it."));
	else
		add(t, ROLE_TITLE, xstrdup("Services it belongs to:"));
	for (i = 0; i < n && i < cap; i++) {
		const struct service_health *h = svcs[i].row;

		if (h == NULL) {
			add(t, ROLE_UNKNOWN, xasprintf("  ? %s  no metrics",
			    svcs[i].cfg->name));
			continue;
		}
		fmt_ratio(er, sizeof er, h->error_ratio);
		fmt_latency(p99, sizeof p99, h->latency_p99);
		add(t, theme_health_role(h->health), xasprintf("  %s %s%s%s  %s  "
		    "errors %s  p99 %s", glyph_health(h->health, st->utf8),
		    svcs[i].cfg->name, h->version ? " " : "", h->version ?
		    h->version : "", health_name(h->health), er, p99));
	}
	if (n > cap)
		add(t, ROLE_DIM, xasprintf("  and %zu more", n - cap));
}

static const char *
dialog_title(const struct flag_dialog *d)
{
	if (d->step == DLG_FORCE)
		return " Refused by a guard ";
	if (d->req->rollout != NULL) {
		if (strcmp(d->req->action, "abort") == 0)
			return " ABORT rollout ";
		if (strcmp(d->req->action, "retry") == 0)
			return " Retry rollout ";
		if (strcmp(d->req->action, "pause") == 0)
			return " Pause rollout ";
		return d->req->full ? " Promote rollout fully " :
		    " Promote rollout ";
	}
	if (strcmp(d->req->action, "kill") == 0)
		return " KILL flag ";
	if (d->protected_off)
		return " Turn OFF in a protected environment ";
	if (strcmp(d->req->action, "restore") == 0)
		return " Restore flag ";
	return " Change stage ";
}

static void
add_prompt(struct dlg_text *t, struct ui_state *st, struct flag_dialog *d,
    int w)
{
	if (!d->armed) {
		/* Keys typed before it could be read do not count. */
		if (d->step == DLG_FORCE)
			add_wrapped(t, st, ROLE_WARN, d->refusal, w, 4);
		add(t, ROLE_DIM, xstrdup("Read the change above; the keys work "
		    "in a moment."));
		return;
	}
	switch (d->step) {
	case DLG_CONFIRM:
		add(t, ROLE_TITLE, xasprintf("Press y to %s, n or Esc to "
		    "cancel.", strcmp(d->req->action, "restore") == 0 ?
		    "restore" : "apply"));
		break;
	case DLG_NAME:
		add(t, ROLE_TITLE, xasprintf("Type the flag's name (%s) to %s, "
		    "Esc cancels:", d->req->flag, d->protected_off ?
		    "turn it off" : "kill it"));
		add(t, ROLE_NORMAL, NULL);
		t->l[t->n - 1].edit = 1;
		break;
	case DLG_REASON:
		add(t, ROLE_TITLE, xasprintf("Reason (%s), then Enter; Esc "
		    "cancels:", d->reason_required ? "required" :
		    "optional, Enter skips"));
		add(t, ROLE_NORMAL, NULL);
		t->l[t->n - 1].edit = 1;
		break;
	case DLG_FORCE:
		add_wrapped(t, st, ROLE_WARN, d->refusal, w, 4);
		add(t, ROLE_TITLE, xstrdup("Type a reason to override the "
		    "guard and Enter; Esc leaves it:"));
		add(t, ROLE_NORMAL, NULL);
		t->l[t->n - 1].edit = 1;
		break;
	}
	if (d->error != NULL)
		add(t, ROLE_CRIT, xasprintf("%s %s", st->utf8 ?
		    "\xe2\x9c\x96" : "X", d->error));
}

static void
build(struct dlg_text *t, struct ui_state *st, struct flag_dialog *d, int w,
    size_t cap)
{
	char	*head;
	int	 u = st->utf8;

	memset(t, 0, sizeof *t);
	head = xasprintf("%s%s%s: %s %s %s", d->req->rollout != NULL ?
	    d->req->rollout : d->req->flag, d->req->rollout != NULL ? "" : "  ",
	    d->req->rollout != NULL ? "" : d->req->env,
	    d->before != NULL ? d->before : "?", u ? "\xe2\x86\x92" : "->",
	    d->req->after != NULL ? d->req->after : "?");
	add_wrapped(t, st, strcmp(d->req->action, "kill") == 0 ||
	    strcmp(d->req->action, "abort") == 0 || d->protected_off ?
	    ROLE_CRIT : ROLE_NORMAL, head, w, 2);
	free(head);
	add(t, ROLE_NORMAL, xstrdup(""));
	if (d->req->rollout != NULL)
		add_rollout_context(t, st, d, w, cap);
	else
		add_context(t, st, d, cap);
	add(t, ROLE_NORMAL, xstrdup(""));
	add_prompt(t, st, d, w);
}

static void
text_free(struct dlg_text *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->l[i].text);
	t->n = 0;
}

static void
confirm_paint(struct ui_state *st, struct mode *m)
{
	struct flag_dialog	*d = m->data;
	struct dlg_text		 t;
	const char		*view;
	size_t			 cap = DLG_LISTMAX, i;
	int			 w, h, y, x, inner, used, row;
	size_t			 skip;

	d->armed = mode_armed(st, m);
	w = COLS - 2 < DLG_WIDTH ? COLS - 2 : DLG_WIDTH;
	inner = w - 4;
	if (inner < 10 || LINES < 8)
		return;
	/* Shorter lists until it fits the screen. */
	for (;;) {
		build(&t, st, d, inner, cap);
		if ((int)t.n + 2 <= LINES - 2 || cap == 0)
			break;
		text_free(&t);
		cap--;
	}
	h = (int)t.n + 2;
	if (h > LINES)
		h = LINES;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box(st, y, x, h, w, ROLE_HELP);
	ui_put(st, y, x + 2, w - 4, ROLE_TITLE, dialog_title(d), 0);
	/*
	 * Still too tall: keep the change (first lines) and the prompt (last
	 * lines); the context in between goes.
	 */
	skip = (int)t.n > h - 2 ? (size_t)((int)t.n - (h - 2)) : 0;
	for (i = 0, row = 0; i < t.n && row < h - 2; i++) {
		int ly = y + 1 + row;

		if (skip > 0 && i >= 2 && i < 2 + skip)
			continue;
		row++;

		if (t.l[i].edit) {
			used = ui_put(st, ly, x + 2, 2, ROLE_NORMAL, "> ", 0);
			view = lineedit_view(&d->le, inner - used);
			used += ui_put(st, ly, x + 2 + used, inner - used,
			    ROLE_NORMAL, view, 0);
			ui_put(st, ly, x + 2 + used, 1, ROLE_SELECTED, " ", 0);
			continue;
		}
		if (t.l[i].role == ROLE_SELECTED)
			ui_fill(st, ly, x + 1, w - 2, ROLE_SELECTED);
		ui_put(st, ly, x + 2, inner, t.l[i].role, t.l[i].text, 0);
	}
	text_free(&t);
}

const struct mode_entry mode_confirm_entry = {
	.name = "Confirmation",
	.keys = confirm_keys,
	.modal = 1,
	.arms = 1,
	.key = confirm_key,
	.paste = confirm_paste,
	.paint = confirm_paint,
	.free = dialog_free,
};
