/*
 * flag_action.c - flag actions from the Flags pane: the keys, running an
 * action through the action layer (src/actions) and the message line that
 * tells how it went.  An action never draws: its outcome is stored here
 * and the screen is marked dirty.  A change the health guard refuses can
 * be forced from the dashboard with a typed reason; killing is never
 * guarded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/util.h"
#include "net/poller.h"
#include "ui/flagui.h"
#include "ui/format.h"

#define MSG_SECONDS	10.0

/*
 * An action in flight, with the dialog it came from (handed over whole);
 * outlives the dashboard if it is left running.
 */
struct flag_run {
	struct ui_state		*st;	/* NULL once the dashboard is gone */
	struct flag_dialog	 d;
	int			 forced;
};

static void
run_free(struct flag_run *r)
{
	dialog_clear(&r->d);
	free(r);
}

struct flagui *
flagui_get(struct ui_state *st)
{
	if (st->flagui == NULL)
		st->flagui = xcalloc(1, sizeof *st->flagui);
	return st->flagui;
}

void
flagui_free(struct ui_state *st)
{
	struct flagui	*fu = st->flagui;

	if (fu == NULL)
		return;
	/* The loop has stopped; a run in flight never calls back now. */
	if (fu->run != NULL)
		fu->run->st = NULL;
	dialog_clear(&fu->dlg);
	journal_close(st);
	free(fu->env);
	free(fu->msg);
	free(fu);
	st->flagui = NULL;
}

static void
set_msg(struct flagui *fu, enum role r, char *text, int sticky)
{
	free(fu->msg);
	fu->msg = text;
	fu->msg_role = r;
	fu->msg_sticky = sticky;
	fu->msg_until = now_mono() + MSG_SECONDS;
}

void
flagui_notify(struct ui_state *st, enum role r, const char *fmt, ...)
{
	va_list	ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sanitize_text(s);
	set_msg(flagui_get(st), r, s, 0);
}

/* Refresh the source the action wrote to, so the pane shows it soon. */
static void
refresh_source(struct ui_state *st, const char *source)
{
	size_t	i;

	if (st->poller == NULL)
		return;
	if (source != NULL) {
		poller_refresh(st->poller, source);
		return;
	}
	for (i = 0; i < st->model->nsources; i++) {
		if (streq(st->model->sources[i].kind, "unleash"))
			poller_refresh(st->poller, st->model->sources[i].name);
	}
}

/* Hand the run's dialog back, to offer to force it. */
static void
offer_force(struct flagui *fu, struct flag_run *r, const char *why)
{
	struct flag_dialog	*d = &fu->dlg;

	dialog_clear(d);
	*d = r->d;
	memset(&r->d, 0, sizeof r->d);
	free(d->refusal);
	free(d->error);
	d->error = NULL;
	d->pick = 0;
	d->refusal = xstrdup(why);
	d->step = DLG_FORCE;
	d->reason_required = 1;
	lineedit_init(&d->le, 0);
}

static void
on_outcome(const struct action_outcome *o, void *arg)
{
	struct flag_run		*r = arg;
	struct ui_state		*st = r->st;
	struct flagui		*fu;
	const char		*sym, *word, *cli;
	enum role		 role;
	int			 u;

	if (st == NULL) {
		/* The dashboard is gone (quit while applying): say it plainly. */
		if (o->status != ACTION_DONE)
			fprintf(stderr, "relboard: %s %s in %s: %s\n",
			    r->d.action, r->d.flag, r->d.env, o->message);
		else
			fprintf(stderr, "relboard: %s\n", o->message);
		run_free(r);
		return;
	}
	fu = flagui_get(st);
	fu->run = NULL;
	fu->quit_asked = 0;
	u = st->utf8;
	switch (o->status) {
	case ACTION_DONE:
	case ACTION_DRY_RUN:
		sym = u ? "\xe2\x9c\x94" : "OK";
		word = "done";
		role = ROLE_OK;
		break;
	case ACTION_REFUSED:
		sym = "!";
		word = "refused";
		role = ROLE_WARN;
		break;
	case ACTION_FAILED:
		sym = u ? "\xe2\x9c\x96" : "X";
		word = "failed";
		role = ROLE_CRIT;
		break;
	case ACTION_UNKNOWN:
		sym = "?";
		word = "outcome unknown";
		role = ROLE_CRIT;
		break;
	default:
		sym = "!";
		word = "cannot";
		role = ROLE_WARN;
		break;
	}
	/* A guard said no: offer to go past it with a reason. */
	if (o->status == ACTION_REFUSED && !r->forced &&
	    strcmp(r->d.action, "kill") != 0 && fu->dlg.step == DLG_NONE &&
	    (cli = strstr(o->message, " (override with --force")) != NULL) {
		flagui_notify(st, role, "%s %s: %.*s", sym, word,
		    (int)(cli - o->message), o->message);
		offer_force(fu, r, fu->msg + strlen(sym) + strlen(word) + 3);
	} else
		flagui_notify(st, role, "%s %s: %s", sym, word, o->message);
	refresh_source(st, r->d.source);
	if (fu->journal)
		journal_reload(st);
	run_free(r);
	ui_mark_dirty(st);
}

/* Run what the dialog holds; the dialog closes. */
void
flagui_start(struct ui_state *st, int force, const char *reason)
{
	struct flagui		*fu = flagui_get(st);
	struct flag_dialog	*d = &fu->dlg;
	struct flag_run		*r;
	struct action_args	 a;

	r = xcalloc(1, sizeof *r);
	r->st = st;
	r->d = *d;
	r->forced = force;
	memset(d, 0, sizeof *d);	/* closed: its strings are the run's */

	if (st->readonly || st->poller == NULL) {
		flagui_notify(st, ROLE_WARN, "read-only: no changes");
		run_free(r);
		return;
	}
	memset(&a, 0, sizeof a);
	a.action = r->d.action;
	a.source = r->d.source;
	a.flag = r->d.flag;
	a.env = r->d.env;
	a.stage = r->d.stage;
	a.expect = r->d.expect;
	a.reason = reason != NULL && *reason != '\0' ? reason : NULL;
	a.force = force;
	a.readonly = st->readonly;
	a.model = st->model;

	set_msg(fu, ROLE_INFO, xasprintf("applying%s %s %s in %s%s%s%s",
	    st->utf8 ? "\xe2\x80\xa6" : "...", r->d.action, r->d.flag,
	    r->d.env, r->d.after != NULL ? " (-> " : "",
	    r->d.after != NULL ? r->d.after : "",
	    r->d.after != NULL ? ")" : ""), 1);
	fu->run = r;
	/* The outcome may come back before action_start returns. */
	action_start(poller_net(st->poller), st->cfg, &a, on_outcome, r);
}

static int
msg_active(struct ui_state *st)
{
	struct flagui	*fu = st->flagui;

	return fu != NULL && fu->msg != NULL && (fu->msg_sticky ||
	    st->now < fu->msg_until);
}

static int
on_flags_pane(struct ui_state *st)
{
	return strcmp(ui_panes[st->pane]->name, "flags") == 0;
}

/* Rows the message needs: none, one, or two for a long outcome. */
int
flagui_message_row(struct ui_state *st)
{
	if (msg_active(st)) {
		if (LINES >= 16 && text_width(st->flagui->msg, st->utf8) > COLS)
			return 2;
		return 1;
	}
	return on_flags_pane(st);
}

void
flagui_paint_message(struct ui_state *st, int y)
{
	struct flagui	*fu = flagui_get(st);
	char		*hint, *first;
	size_t		 cut;

	ui_fill(st, y, 0, COLS, ROLE_NORMAL);
	if (msg_active(st)) {
		cut = text_cut(fu->msg, COLS, st->utf8);
		if (fu->msg[cut] == '\0' || flagui_message_row(st) < 2 ||
		    y + 1 >= LINES - 1) {
			ui_put(st, y, 0, COLS, fu->msg_role, fu->msg, 0);
			return;
		}
		first = xstrndup(fu->msg, cut);
		ui_put(st, y, 0, COLS, fu->msg_role, first, 0);
		free(first);
		ui_fill(st, y + 1, 0, COLS, ROLE_NORMAL);
		ui_put(st, y + 1, 2, COLS - 2, fu->msg_role, fu->msg + cut +
		    (fu->msg[cut] == ' '), 0);
		return;
	}
	if (st->readonly)
		hint = xasprintf("read-only: no changes   env %s (e, Left/Right)"
		    "   J journal", fu->env != NULL ? fu->env : "-");
	else
		hint = xasprintf("%s: +/- stage  s set  K kill  R restore  "
		    "J journal  e env", fu->env != NULL ? fu->env : "-");
	ui_put(st, y, 0, COLS, ROLE_DIM, hint, 0);
	free(hint);
}

void
flagui_paint_overlay(struct ui_state *st)
{
	struct flagui	*fu = st->flagui;

	if (fu == NULL)
		return;
	if (fu->journal)
		journal_paint(st);
	else if (fu->dlg.step != DLG_NONE)
		dialog_paint(st);
}

static int
is_action_key(int ch)
{
	return ch == '+' || ch == ']' || ch == '-' || ch == '[' || ch == 's' ||
	    ch == 'K' || ch == 'R';
}

/* While an action applies: moving around is fine, acting or leaving is not. */
static int
busy_key(struct ui_state *st, int ch)
{
	struct flagui	*fu = flagui_get(st);

	if (ch == 'q' || ch == 'Q') {
		if (fu->quit_asked)
			return UI_QUIT;
		fu->quit_asked = 1;
		free(fu->msg);
		fu->msg = xasprintf("an action is applying: q again quits "
		    "without waiting for its outcome");
		fu->msg_role = ROLE_WARN;
		return UI_REDRAW;
	}
	fu->quit_asked = 0;
	if (is_action_key(ch) || ch == '\t' || ch == KEY_BTAB ||
	    (ch >= '1' && ch <= '9')) {
		free(fu->msg);
		fu->msg = xasprintf("applying%s wait for the outcome",
		    st->utf8 ? "\xe2\x80\xa6" : "...");
		fu->msg_role = ROLE_INFO;
		return UI_REDRAW;
	}
	return 0;
}

static int
act(struct ui_state *st, const struct flag *f, const char *env,
    const char *action, const char *stage)
{
	if (st->readonly) {
		flagui_notify(st, ROLE_WARN, "read-only: no changes");
		return UI_REDRAW;
	}
	if (st->poller == NULL) {
		flagui_notify(st, ROLE_WARN, "no live sources: no changes");
		return UI_REDRAW;
	}
	if (f == NULL || f->name == NULL) {
		flagui_notify(st, ROLE_WARN, "no flag selected");
		return UI_REDRAW;
	}
	if (env == NULL) {
		flagui_notify(st, ROLE_WARN, "%s has no environments",
		    f->name);
		return UI_REDRAW;
	}
	return dialog_open(st, f, env, action, stage);
}

int
flagui_keypress(struct ui_state *st, int ch, const struct flag *f,
    const char *env)
{
	struct flagui	*fu = flagui_get(st);

	if (fu->journal)
		return journal_key(st, ch);
	if (fu->dlg.step != DLG_NONE)
		return dialog_key(st, ch);
	if (fu->run != NULL)
		return busy_key(st, ch);
	if (ch == KEY_RESIZE)
		return 0;
	/* A finished outcome stays until the next key. */
	if (fu->msg != NULL) {
		free(fu->msg);
		fu->msg = NULL;
		ui_mark_dirty(st);
	}
	switch (ch) {
	case 'J':
		journal_open(st);
		return UI_REDRAW;
	case '+':
	case ']':
		return act(st, f, env, "stage", "next");
	case '-':
	case '[':
		return act(st, f, env, "stage", "previous");
	case 's':
		return act(st, f, env, "stage", NULL);
	case 'K':
		return act(st, f, env, "kill", NULL);
	case 'R':
		return act(st, f, env, "restore", NULL);
	}
	return 0;
}
