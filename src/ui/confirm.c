/*
 * confirm.c - the confirmation dialog for flag actions: a centred box that
 * says what will change (flag, environment, before -> after), which flags
 * depend on it and how healthy its services are, then asks.  Moving a
 * stage takes y; a kill takes the flag's name typed exactly and a reason;
 * a restore takes y and an optional reason; going past a refusing guard
 * takes a reason.  Esc cancels at every step.
 */
#include <stdlib.h>
#include <string.h>

#include "core/graph.h"
#include "core/util.h"
#include "ui/flagui.h"
#include "ui/format.h"

#define DLG_WIDTH	72
#define DLG_MAXLINES	40
#define DLG_LISTMAX	4

struct dlg_line {
	enum role	 role;
	char		*text;
	int		 edit;		/* the line editor goes here */
};

void
dialog_clear(struct flag_dialog *d)
{
	free(d->action);
	free(d->source);
	free(d->flag);
	free(d->env);
	free(d->stage);
	free(d->expect);
	free(d->before);
	free(d->after);
	free(d->refusal);
	free(d->error);
	memset(d, 0, sizeof *d);
}

static const struct flag *
dialog_flag(struct ui_state *st, const struct flag_dialog *d)
{
	return model_find_flag(st->model, d->source, d->flag);
}

/* The stage shown for a flag in env, or the first stage above it. */
static size_t
pick_start(struct ui_state *st, const struct flag_env *e)
{
	const struct config	*cfg = st->cfg;
	size_t			 i;

	for (i = 0; e != NULL && e->stage != NULL && i < cfg->nstages; i++) {
		if (strcmp(cfg->stages[i].name, e->stage) == 0)
			return i;
	}
	return 0;
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

int
dialog_open(struct ui_state *st, const struct flag *f, const char *env,
    const char *action, const char *stage)
{
	struct flagui		*fu = flagui_get(st);
	struct flag_dialog	*d = &fu->dlg;
	const struct flag_env	*e = flag_find_env(f, env);
	struct plan		 p;
	char			*why = NULL;

	if (e == NULL) {
		flagui_notify(st, ROLE_WARN, "! %s has no environment %s",
		    f->name, env);
		return UI_REDRAW;
	}
	dialog_clear(d);
	if (strcmp(action, "stage") == 0 && stage == NULL) {
		if (st->cfg->nstages == 0) {
			flagui_notify(st, ROLE_WARN, "! no stages configured");
			return UI_REDRAW;
		}
		d->step = DLG_PICK;
		d->pick = pick_start(st, e);
	} else if (plan_preview(st->cfg, e, action, stage, &p, &why) != 0) {
		flagui_notify(st, ROLE_WARN, "! cannot %s%s%s %s in %s: %s",
		    action, stage ? " " : "", stage ? stage : "", f->name, env,
		    why);
		free(why);
		return UI_REDRAW;
	} else {
		d->stage = p.stage != NULL ? xstrdup(p.stage) : NULL;
		d->before = p.before;
		d->after = p.after;
		d->step = strcmp(action, "kill") == 0 ? DLG_NAME : DLG_CONFIRM;
	}
	d->action = xstrdup(action);
	d->source = f->source != NULL ? xstrdup(f->source) : NULL;
	d->flag = xstrdup(f->name);
	d->env = xstrdup(env);
	d->expect = expect_of(st, e);
	d->reason_required = strcmp(action, "kill") == 0;
	lineedit_init(&d->le, 0);
	return UI_REDRAW;
}

static void
set_error(struct flag_dialog *d, char *text)
{
	free(d->error);
	d->error = text;
}

static int
cancel(struct ui_state *st)
{
	struct flagui	*fu = flagui_get(st);
	int		 forced = fu->dlg.step == DLG_FORCE;

	dialog_clear(&fu->dlg);
	if (!forced)
		flagui_notify(st, ROLE_DIM, "cancelled: nothing changed");
	return UI_REDRAW;
}

static int
pick_key(struct ui_state *st, struct flag_dialog *d, int ch)
{
	const struct flag	*f;
	const struct flag_env	*e;
	struct plan		 p;
	char			*why = NULL;
	size_t			 n = st->cfg->nstages;

	switch (ch) {
	case KEY_UP:
	case 'k':
		if (d->pick > 0)
			d->pick--;
		return UI_REDRAW;
	case KEY_DOWN:
	case 'j':
		if (d->pick + 1 < n)
			d->pick++;
		return UI_REDRAW;
	case '\r':
	case '\n':
	case KEY_ENTER:
		break;
	default:
		return UI_REDRAW;
	}
	if ((f = dialog_flag(st, d)) == NULL ||
	    (e = flag_find_env(f, d->env)) == NULL) {
		set_error(d, xasprintf("%s in %s is gone from the latest poll",
		    d->flag, d->env));
		return UI_REDRAW;
	}
	if (plan_preview(st->cfg, e, "stage", st->cfg->stages[d->pick].name,
	    &p, &why) != 0) {
		set_error(d, why);
		return UI_REDRAW;
	}
	free(d->stage);
	free(d->before);
	free(d->after);
	free(d->expect);
	d->stage = xstrdup(p.stage);
	d->before = p.before;
	d->after = p.after;
	d->expect = expect_of(st, e);
	set_error(d, NULL);
	d->step = DLG_CONFIRM;
	return UI_REDRAW;
}

static int
edit_key(struct ui_state *st, struct flag_dialog *d, int ch)
{
	char	text[LE_MAX + 1];

	if (ch == KEY_BACKSPACE || ch == KEY_DC)
		ch = LE_BACKSPACE;
	else if (ch == KEY_ENTER)
		ch = '\n';
	switch (lineedit_key(&d->le, ch)) {
	case LE_MORE:
		set_error(d, NULL);
		return UI_REDRAW;
	case LE_CANCEL:
		return cancel(st);
	case LE_ENTER:
		break;
	}
	lineedit_trimmed(&d->le, text, sizeof text);
	switch (d->step) {
	case DLG_NAME:
		if (strcmp(text, d->flag) != 0) {
			set_error(d, xasprintf("that is not the flag's name; "
			    "type %s exactly", d->flag));
			lineedit_init(&d->le, 0);
			return UI_REDRAW;
		}
		set_error(d, NULL);
		lineedit_init(&d->le, 0);
		d->step = DLG_REASON;
		return UI_REDRAW;
	case DLG_REASON:
	case DLG_FORCE:
		if (*text == '\0' && (d->reason_required ||
		    d->step == DLG_FORCE)) {
			set_error(d, xstrdup("a reason is required"));
			return UI_REDRAW;
		}
		flagui_start(st, d->step == DLG_FORCE, text);
		return UI_REDRAW;
	default:
		return UI_REDRAW;
	}
}

int
dialog_key(struct ui_state *st, int ch)
{
	struct flag_dialog	*d = &flagui_get(st)->dlg;

	if (ch == KEY_RESIZE)
		return UI_REDRAW;
	switch (d->step) {
	case DLG_NONE:
		return 0;
	case DLG_PICK:
		if (ch == 27 || ch == 'q' || ch == 'n')
			return cancel(st);
		return pick_key(st, d, ch);
	case DLG_CONFIRM:
		if (ch == 'y' || ch == 'Y') {
			if (strcmp(d->action, "restore") == 0) {
				d->step = DLG_REASON;
				lineedit_init(&d->le, 0);
				return UI_REDRAW;
			}
			flagui_start(st, 0, NULL);
			return UI_REDRAW;
		}
		if (ch == 27 || ch == 'n' || ch == 'N' || ch == 'q')
			return cancel(st);
		return UI_REDRAW;
	case DLG_NAME:
	case DLG_REASON:
	case DLG_FORCE:
		return edit_key(st, d, ch);
	}
	return UI_REDRAW;
}

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

static void
add_context(struct dlg_text *t, struct ui_state *st, struct flag_dialog *d,
    size_t cap)
{
	const struct flag	*f = dialog_flag(st, d);
	struct plan_dep		 deps[DLG_LISTMAX];
	struct plan_svc		 svcs[DLG_LISTMAX];
	char			 er[16], p99[16], *desc;
	size_t			 n, i;

	if (f == NULL)
		return;
	n = plan_dependents(st->model, f, d->env, deps, cap);
	if (n == 0)
		add(t, ROLE_DIM, xstrdup("No flags depend on it."));
	else
		add(t, ROLE_TITLE, xasprintf("Flags that depend on it (%zu):",
		    n));
	for (i = 0; i < n && i < cap; i++) {
		desc = deps[i].env != NULL ? plan_describe(st->cfg,
		    deps[i].env) : xstrdup("not in this environment");
		add(t, ROLE_NORMAL, xasprintf("  %s  %s  (needs it %s)",
		    deps[i].flag->name, desc, deps[i].wants_enabled ? "on" :
		    "off"));
		free(desc);
	}
	if (n > cap)
		add(t, ROLE_DIM, xasprintf("  and %zu more", n - cap));
	if (strcmp(d->action, "kill") == 0) {
		/* Everything whose effective state moves, transitively. */
		char *impact = graph_kill_impact_text(st->model, d->flag, d->env);

		add(t, impact != NULL ? ROLE_WARN : ROLE_DIM, impact != NULL ?
		    xasprintf("Kill %s", impact) :
		    xstrdup("Killing it changes no other flag."));
		free(impact);
	}

	n = plan_services(st->model, st->cfg, d->flag, svcs, cap);
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
	if (strcmp(d->action, "kill") == 0)
		return " KILL flag ";
	if (strcmp(d->action, "restore") == 0)
		return " Restore flag ";
	if (d->step == DLG_PICK)
		return " Set stage ";
	return " Change stage ";
}

static void
add_prompt(struct dlg_text *t, struct ui_state *st, struct flag_dialog *d,
    int w)
{
	size_t	i;

	switch (d->step) {
	case DLG_NONE:
		break;
	case DLG_PICK:
		add(t, ROLE_TITLE, xstrdup("Stage (Up/Down, Enter; Esc "
		    "cancels):"));
		for (i = 0; i < st->cfg->nstages; i++) {
			const struct stage *s = &st->cfg->stages[i];

			add(t, i == d->pick ? ROLE_SELECTED : ROLE_NORMAL,
			    xasprintf("%s %-10s %3d%%%s", i == d->pick ? ">" :
			    " ", s->name, s->percent, d->expect != NULL &&
			    strcmp(d->expect, s->name) == 0 ? "  (now)" : ""));
		}
		break;
	case DLG_CONFIRM:
		add(t, ROLE_TITLE, xasprintf("Press y to %s, n or Esc to "
		    "cancel.", strcmp(d->action, "restore") == 0 ? "restore" :
		    "apply"));
		break;
	case DLG_NAME:
		add(t, ROLE_TITLE, xasprintf("Type the flag's name (%s) to "
		    "kill it, Esc cancels:", d->flag));
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
	if (d->before != NULL) {
		head = xasprintf("%s  %s: %s %s %s", d->flag, d->env,
		    d->before, u ? "\xe2\x86\x92" : "->", d->after);
		add_wrapped(t, st, strcmp(d->action, "kill") == 0 ?
		    ROLE_CRIT : ROLE_NORMAL, head, w, 2);
		free(head);
	} else
		add(t, ROLE_NORMAL, xasprintf("%s  %s: now %s", d->flag,
		    d->env, d->expect != NULL ? d->expect : "?"));
	add(t, ROLE_NORMAL, xstrdup(""));
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

void
dialog_paint(struct ui_state *st)
{
	struct flag_dialog	*d = &flagui_get(st)->dlg;
	struct dlg_text		 t;
	const char		*view;
	size_t			 cap = DLG_LISTMAX, i;
	int			 w, h, y, x, inner, used;

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
	for (i = 0; i < t.n && (int)i < h - 2; i++) {
		int ly = y + 1 + (int)i;

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
