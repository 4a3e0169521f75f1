/*
 * mode_picker.c - the stage picker (s on the Flags pane): the configured
 * stages with the flag's current one marked; Up/Down choose, Enter opens
 * the confirmation of that move, Esc cancels.  It writes nothing itself,
 * but like the confirmation it takes keys only once it has been seen.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/util.h"
#include "ui/ui_int.h"

struct picker {
	char	*source, *flag, *env;
	char	*now;		/* the stage shown when it opened */
	size_t	 pick;		/* index into cfg->stages */
};

static void
picker_free(void *p)
{
	struct picker *k = p;

	free(k->source);
	free(k->flag);
	free(k->env);
	free(k->now);
	free(k);
}

int
mode_picker_open(struct ui_state *st, const struct flag *f, const char *env)
{
	const struct flag_env	*e = flag_find_env(f, env);
	struct picker		*k;
	size_t			 i;

	if (st->cfg->nstages == 0) {
		ui_message(st, ROLE_WARN, "! no stages configured");
		return UI_REDRAW;
	}
	k = xcalloc(1, sizeof *k);
	k->source = f->source != NULL ? xstrdup(f->source) : NULL;
	k->flag = xstrdup(f->name);
	k->env = xstrdup(env);
	k->now = e != NULL && e->stage != NULL ? xstrdup(e->stage) : NULL;
	for (i = 0; k->now != NULL && i < st->cfg->nstages; i++) {
		if (strcmp(st->cfg->stages[i].name, k->now) == 0)
			k->pick = i;
	}
	return mode_push(st, &mode_picker_entry, k);
}

static int
k_cancel(struct ui_state *st, struct mode *m)
{
	mode_pop(st);
	ui_message(st, ROLE_DIM, "cancelled: nothing changed");
	return UI_REDRAW;
}

static int
k_up(struct ui_state *st, struct mode *m)
{
	struct picker *k = m->data;

	if (k->pick > 0)
		k->pick--;
	return UI_REDRAW;
}

static int
k_down(struct ui_state *st, struct mode *m)
{
	struct picker *k = m->data;

	if (k->pick + 1 < st->cfg->nstages)
		k->pick++;
	return UI_REDRAW;
}

static int
k_choose(struct ui_state *st, struct mode *m)
{
	struct picker		*k = m->data;
	const struct flag	*f = model_find_flag(st->model, k->source,
				    k->flag);
	char			*env = xstrdup(k->env);
	const char		*stage = st->cfg->stages[k->pick].name;
	int			 r;

	if (f == NULL) {
		ui_message(st, ROLE_WARN, "! %s is gone from the latest poll",
		    k->flag);
		mode_pop(st);
		free(env);
		return UI_REDRAW;
	}
	mode_pop(st);
	r = mode_confirm_open(st, f, env, "stage", stage);
	free(env);
	return r;
}

static const struct key_binding picker_keys[] = {
	{ RK_UP,	"choose a stage",	k_up },
	{ 'k',		NULL,			k_up },
	{ RK_DOWN,	NULL,			k_down },
	{ 'j',		NULL,			k_down },
	{ RK_ENTER,	"confirm that move (y asks)", k_choose },
	{ RK_ESC,	"cancel",		k_cancel },
	{ 'q',		NULL,			k_cancel },
	{ 'n',		NULL,			k_cancel },
	KEYTAB_END
};

static void
picker_paint(struct ui_state *st, struct mode *m)
{
	struct picker	*k = m->data;
	int		 w = 44, h = (int)st->cfg->nstages + 5, y, x, i;

	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	if (w < 20 || h < 5)
		return;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box(st, y, x, h, w, ROLE_HELP);
	ui_put(st, y, x + 2, w - 4, ROLE_TITLE, " Set stage ", 0);
	ui_putf(st, y + 1, x + 2, w - 4, ROLE_NORMAL, "%s  %s: now %s", k->flag,
	    k->env, k->now != NULL ? k->now : "?");
	if (mode_armed(st, m))
		ui_put(st, y + 2, x + 2, w - 4, ROLE_TITLE, "Stage (Up/Down, "
		    "Enter; Esc cancels):", 0);
	else
		ui_put(st, y + 2, x + 2, w - 4, ROLE_DIM, "(the keys work in a "
		    "moment)", 0);
	for (i = 0; i < (int)st->cfg->nstages && i < h - 4; i++) {
		const struct stage *s = &st->cfg->stages[i];
		int sel = (size_t)i == k->pick;

		if (sel)
			ui_fill(st, y + 3 + i, x + 1, w - 2, ROLE_SELECTED);
		ui_putf(st, y + 3 + i, x + 2, w - 4, sel ? ROLE_SELECTED :
		    ROLE_NORMAL, "%s %-10s %3d%%%s", sel ? ">" : " ", s->name,
		    s->percent, k->now != NULL && strcmp(k->now, s->name) == 0 ?
		    "  (now)" : "");
	}
}

const struct mode_entry mode_picker_entry = {
	.name = "Stage picker",
	.keys = picker_keys,
	.modal = 1,
	.arms = 1,
	.key = NULL,
	.paint = picker_paint,
	.free = picker_free,
};
