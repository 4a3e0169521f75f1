/*
 * pane_flags.c - pane 2: one row per feature flag with its type and, per
 * environment, its rollout stage and percentage.  A killed flag shows as
 * KILLED (never as off), "+N" marks strategies relboard leaves alone, and
 * flags that depend on a parent say which.  SVC marks a flag whose
 * service is warn or crit.  One environment column is the one the action
 * keys (flag_action.c) work on; Left/Right or e choose it.  Beside SVC,
 * KPI shows the flag's worst KPI there (the code can be healthy while the
 * feature is not), and EXPOSED its exposures this hour with their hourly
 * trend; both go first when the width runs short.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/correlate.h"
#include "core/exposure.h"
#include "core/kpi.h"
#include "core/model.h"
#include "core/template.h"
#include "core/util.h"
#include "ui/flag_plan.h"
#include "ui/plan_view.h"
#include "ui/format.h"
#include "ui/sparkline.h"
#include "ui/ui_int.h"

enum { C_NAME, C_TYPE, C_NEEDS, C_SVC, C_KPI, C_EXPO, C_ENV0 };

static const struct column flag_columns[C_ENV0] = {
	[C_NAME] =	{ "FLAG", 14, 40, 0, 0, 0, 0 },
	[C_TYPE] =	{ "TYPE", 7, 14, 4, 0, 0, 0 },
	[C_NEEDS] =	{ "NEEDS", 10, 40, 5, 0, 0, 0 },
	[C_SVC] =	{ "SVC", 6, 7, 1, 0, 0, 0 },
	[C_KPI] =	{ "KPI", 11, 20, 1, 0, 0, 0 },
	[C_EXPO] =	{ "EXPOSED", 10, 14, 3, 0, 0, 0 },
};

static char env_title[64];	/* the chosen environment's heading */

static size_t
flags_count(struct ui_state *st)
{
	return st->model->nflags;
}

static void
flags_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct flag *f = &st->model->flags[i];

	snprintf(buf, len, "%s/%s/%s", f->source ? f->source : "",
	    f->project ? f->project : "", f->name ? f->name : "");
}

/* The environments seen on any flag, in order of first appearance. */
static void
collect_envs(struct ui_state *st)
{
	const struct model	*m = st->model;
	size_t			 i, j, k;

	st->nenvs = 0;
	for (i = 0; i < m->nflags; i++) {
		for (j = 0; j < m->flags[i].nenvs; j++) {
			const char *name = m->flags[i].envs[j].name;

			if (name == NULL)
				continue;
			for (k = 0; k < st->nenvs; k++) {
				if (strcmp(st->envs[k], name) == 0)
					break;
			}
			if (k == st->nenvs && st->nenvs < UI_MAXENVS)
				st->envs[st->nenvs++] = name;
		}
	}
}

/* The environment the action keys work on, kept across refreshes. */
static const char *
chosen_env(struct ui_state *st)
{
	const char	*def;
	size_t		 k;

	collect_envs(st);
	for (k = 0; st->flag_env != NULL && k < st->nenvs; k++) {
		if (strcmp(st->envs[k], st->flag_env) == 0)
			return st->envs[k];
	}
	if ((def = plan_default_env(st->envs, st->nenvs)) == NULL)
		return st->flag_env;
	free(st->flag_env);
	st->flag_env = xstrdup(def);
	return def;
}

static int
cycle_env(struct ui_state *st, int dir)
{
	const char	*cur = chosen_env(st);
	size_t		 k;

	if (st->nenvs < 2 || cur == NULL)
		return UI_REDRAW;
	for (k = 0; k < st->nenvs; k++) {
		if (st->envs[k] == cur)
			break;
	}
	k = (k + st->nenvs + (size_t)(dir > 0 ? 1 : st->nenvs - 1)) %
	    st->nenvs;
	free(st->flag_env);
	st->flag_env = xstrdup(st->envs[k]);
	return UI_REDRAW;
}

/*
 * Worked out once per change of the model, not per row or key: each
 * flag's services' health, the longest name, which columns have anything.
 */
struct flags_cache {
	int			 built;
	unsigned		 gen;
	struct flag_svc_index	 svc;
	int			 longest;
	int			 svc_used, needs_used, kpi_used, expo_used;
};

static struct flags_cache *
cache(struct ui_state *st)
{
	struct flags_cache	*c;
	const struct model	*m = st->model;
	size_t			 i;
	int			 len;
	enum health		 h;

	if (st->flags == NULL)
		st->flags = xcalloc(1, sizeof *st->flags);
	c = st->flags;
	if (c->built && c->gen == m->generation)
		return c;
	if (st->cfg != NULL)
		flag_svc_index_build(&c->svc, m, st->cfg);
	c->longest = 0;
	c->svc_used = c->needs_used = 0;
	/* With KPIs, SVC shows ok too: code and feature side by side. */
	c->kpi_used = c->svc_used = m->nkpis > 0;
	c->expo_used = exposure_any(m);
	for (i = 0; i < m->nflags; i++) {
		const struct flag *f = &m->flags[i];

		len = f->name != NULL ? text_width(f->name, st->utf8) : 0;
		if (len > c->longest)
			c->longest = len;
		if (f->ndeps > 0)
			c->needs_used = 1;
		h = flag_svc_index_get(&c->svc, f->name, NULL);
		if (h == HEALTH_WARN || h == HEALTH_CRIT)
			c->svc_used = 1;
	}
	c->built = 1;
	c->gen = m->generation;
	return c;
}

static void
flags_free(struct ui_state *st)
{
	if (st->flags == NULL)
		return;
	flag_svc_index_free(&st->flags->svc);
	free(st->flags);
	st->flags = NULL;
}


/*
 * Width by content: the name column asks for the longest name (up to its
 * maximum) before other columns join, and a column nobody has anything
 * for (SVC while every service is fine, NEEDS without parents) takes no
 * room at all.
 */
static void
flags_widths(struct ui_state *st)
{
	const struct flags_cache *c = cache(st);

	if (c->longest > st->cols[C_NAME].min)
		st->cols[C_NAME].min = c->longest > 24 ? 24 : c->longest;
	if (!c->svc_used)
		st->cols[C_SVC].min = st->cols[C_SVC].max = 0;
	if (!c->needs_used)
		st->cols[C_NEEDS].min = st->cols[C_NEEDS].max = 0;
	if (!c->kpi_used)
		st->cols[C_KPI].min = st->cols[C_KPI].max = 0;
	if (!c->expo_used)
		st->cols[C_EXPO].min = st->cols[C_EXPO].max = 0;
}

static void
flags_layout(struct ui_state *st, int w)
{
	const char	*env = chosen_env(st);
	size_t		 k;

	memcpy(st->cols, flag_columns, sizeof flag_columns);
	/* The order in force, marked in its column's heading (htop-style). */
	st->cols[C_NAME].title = ui_sort(st, st->pane) == 0 ?
	    (st->utf8 ? "FLAG \xe2\x96\xbe trouble first" : "FLAG v trouble first") :
	    (st->utf8 ? "FLAG \xe2\x96\xbe" : "FLAG v");
	flags_widths(st);
	/* Name, type, environments, then the parents; type goes last. */
	st->ncols = C_ENV0;
	for (k = 0; k < st->nenvs && C_ENV0 + k < UI_MAXCOLS; k++) {
		struct column *c = &st->cols[C_ENV0 + k];

		memset(c, 0, sizeof *c);
		c->title = st->envs[k];
		c->min = 11;
		c->max = 16;
		c->prio = k < 3 ? 1 : 3;
		if (env != NULL && st->envs[k] == env) {
			/* The chosen one is bracketed, colour or not. */
			snprintf(env_title, sizeof env_title, "[%s]",
			    env);
			c->title = env_title;
			c->prio = 0;
			if (c->min < (int)strlen(env_title))
				c->min = (int)strlen(env_title);
			if (c->max < c->min)
				c->max = c->min;
		}
		st->ncols++;
	}
	/* The state in the chosen environment outlasts the full name. */
	for (k = 0; k < st->nenvs && C_ENV0 + k < UI_MAXCOLS; k++) {
		const struct column *c = &st->cols[C_ENV0 + k];

		if (c->prio == 0 && st->cols[C_NAME].min + 1 + c->min > w) {
			st->cols[C_NAME].min = w - 1 - c->min;
			if (st->cols[C_NAME].min < 8)
				st->cols[C_NAME].min = 8;
		}
	}
	/* Keep the screen order name, svc, kpi, type, envs..., exposed, needs. */
	{
		struct column	tmp[UI_MAXCOLS];
		size_t		n = 0;

		tmp[n++] = st->cols[C_NAME];
		tmp[n++] = st->cols[C_SVC];
		tmp[n++] = st->cols[C_KPI];
		tmp[n++] = st->cols[C_TYPE];
		for (k = 0; k < st->nenvs && C_ENV0 + k < UI_MAXCOLS; k++)
			tmp[n++] = st->cols[C_ENV0 + k];
		tmp[n++] = st->cols[C_EXPO];
		tmp[n++] = st->cols[C_NEEDS];
		layout_columns(tmp, n, w, 1);
		st->cols[C_NAME] = tmp[0];
		st->cols[C_SVC] = tmp[1];
		st->cols[C_KPI] = tmp[2];
		st->cols[C_TYPE] = tmp[3];
		for (k = 0; k < st->nenvs && C_ENV0 + k < UI_MAXCOLS; k++)
			st->cols[C_ENV0 + k] = tmp[4 + k];
		st->cols[C_EXPO] = tmp[n - 2];
		st->cols[C_NEEDS] = tmp[n - 1];
	}
}

static void
env_text(const struct flag_env *e, char *buf, size_t len, enum role *role)
{
	char	pct[16] = "", extra[16] = "";

	if (e == NULL) {
		snprintf(buf, len, "-");
		*role = ROLE_DIM;
		return;
	}
	if (e->unknown) {
		/* The service's answer did not say: never a guessed stage. */
		snprintf(buf, len, "? unknown");
		*role = ROLE_UNKNOWN;
		return;
	}
	if (e->has_rollout && e->rollout != RB_UNKNOWN_INT)
		snprintf(pct, sizeof pct, " %d%%", e->rollout);
	if (e->other_strategies > 0)
		snprintf(extra, sizeof extra, " +%d", e->other_strategies);
	if (e->disputed)
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), " ?!");
	if (e->killed) {
		snprintf(buf, len, "KILLED%s%s", pct, extra);
		*role = ROLE_CRIT;
	} else if (e->enabled && e->blocked_by != NULL) {
		/* On by itself, but a parent turns it off: say so, not its stage. */
		snprintf(buf, len, "BLOCKED%s%s", pct, extra);
		*role = ROLE_WARN;
	} else if (!e->enabled) {
		snprintf(buf, len, "off%s", extra);
		*role = ROLE_DIM;
	} else {
		const char *stage = e->stage;

		if (stage == NULL)
			stage = "on";
		snprintf(buf, len, "%s%s%s", stage, pct, extra);
		if (strcmp(stage, "off") == 0)
			*role = ROLE_DIM;
		else if (strcmp(stage, "custom") == 0)
			*role = ROLE_WARN;
		else if (!e->has_rollout || e->rollout >= 100)
			*role = ROLE_OK;
		else
			*role = ROLE_INFO;
	}
}

/* Health of the flag's services, when it is worth a mark. */
static enum health
svc_health(struct ui_state *st, const struct flag *f,
    const struct service_cfg **worst)
{
	if (f->name == NULL || st->cfg == NULL) {
		*worst = NULL;
		return HEALTH_UNKNOWN;
	}
	return flag_svc_index_get(&cache(st)->svc, f->name, worst);
}

/* The worst of a flag's KPIs in an environment, or NULL; *n how many. */
static const struct kpi_value *
worst_kpi(const struct model *m, const struct flag *f, const char *env,
    size_t *n)
{
	const struct kpi_value	*worst = NULL;
	enum health		 h;
	size_t			 k;

	*n = 0;
	if (f->name == NULL || env == NULL)
		return NULL;
	h = kpi_health_count(m, f->name, env, n);
	for (k = 0; k < m->nkpis && *n > 0 && worst == NULL; k++) {
		const struct kpi_value *v = &m->kpis[k];

		if (v->health == h && strcmp(v->flag, f->name) == 0 &&
		    strcmp(v->env, env) == 0)
			worst = v;
	}
	return worst;
}

/* "x 12 tickets" (+ when it has more KPIs there). */
static void
kpi_cell(struct ui_state *st, const struct flag *f, const char *env, int y,
    int x, int selected)
{
	const struct kpi_value	*v;
	char			 buf[96];
	size_t			 n;

	if (ui_col(st, C_KPI) == NULL ||
	    (v = worst_kpi(st->model, f, env, &n)) == NULL)
		return;
	/* The value before the name: a cut name still tells the story. */
	if (v->value == v->value)
		snprintf(buf, sizeof buf, "%s %.3g %s%s", glyph_health(v->health,
		    st->utf8), v->value, v->name, n > 1 ? " +" : "");
	else
		snprintf(buf, sizeof buf, "%s ? %s%s", glyph_health(v->health,
		    st->utf8), v->name, n > 1 ? " +" : "");
	ui_cell(st, y, x, C_KPI, theme_health_role(v->health), buf, selected);
}

/* "106 ▁▃█": exposed (yes) this hour in env, then per hour before. */
static void
expo_cell(struct ui_state *st, const struct flag *f, const char *env, int y,
    int x, int selected)
{
	const struct column	*c = ui_col(st, C_EXPO);
	const struct exposure	*e;
	char			 num[16], line[64], buf[96];
	int			 room;

	if (f->name == NULL || f->source == NULL)
		return;
	/* On screen: read its counts often (exposure.h). */
	exposure_want(st->model, f->source, f->name, now_mono());
	if (c == NULL || env == NULL)
		return;
	if ((e = exposure_find(st->model, f->source, f->name, env)) == NULL) {
		ui_cell(st, y, x, C_EXPO, ROLE_DIM, "-", selected);
		return;
	}
	fmt_count(num, sizeof num, e->yes);
	room = c->width - (int)strlen(num) - 1;
	line[0] = '\0';
	if (room > 0)
		sparkline(line, sizeof line, e->trend, e->ntrend,
		    room < EXPO_HOURS ? room : EXPO_HOURS, 1, st->utf8);
	snprintf(buf, sizeof buf, "%s %s", num, line);
	ui_cell(st, y, x, C_EXPO, e->yes > 0 ? ROLE_NORMAL : ROLE_DIM,
	    buf, selected);
}

static void
flags_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	const struct flag		*f = &st->model->flags[i];
	const struct service_cfg	*svc;
	const char			*chosen = st->flag_env;
	char				 buf[512], env[64];
	size_t				 k, off;
	enum role			 role;
	enum health			 h;

	h = svc_health(st, f, &svc);
	if (f->ndeps > 0 && ui_col(st, C_NEEDS) == NULL && ui_col(st, C_NAME)) {
		/* The parents' column is gone: the mark survives a cut name. */
		int nw = ui_col(st, C_NAME)->width - 2;
		size_t cut = text_cut(f->name ? f->name : "", nw > 0 ? nw : 0,
		    st->utf8);

		if (f->name != NULL && f->name[cut] != '\0')
			cut = text_cut(f->name, nw > 1 ? nw - 1 : 0, st->utf8);

		snprintf(buf, sizeof buf, "%.*s%s ^", (int)cut, f->name ?
		    f->name : "", f->name != NULL && f->name[cut] != '\0' ?
		    (st->utf8 ? "\xe2\x80\xa6" : "~") : "");
	} else
		snprintf(buf, sizeof buf, "%s", f->name ? f->name : "");
	ui_cell(st, y, x, C_NAME, f->stale ? ROLE_DIM : ROLE_NORMAL, buf,
	    selected);
	if (h == HEALTH_WARN || h == HEALTH_CRIT || (h == HEALTH_OK &&
	    svc != NULL && st->model->nkpis > 0)) {
		snprintf(buf, sizeof buf, "%s %s", glyph_health(h, st->utf8),
		    health_name(h));
		ui_cell(st, y, x, C_SVC, theme_health_role(h), buf, selected);
	}
	kpi_cell(st, f, chosen, y, x, selected);
	expo_cell(st, f, chosen, y, x, selected);
	ui_cell(st, y, x, C_TYPE, ROLE_DIM, f->type, selected);

	for (k = 0; k < st->nenvs && C_ENV0 + k < UI_MAXCOLS; k++) {
		env_text(flag_find_env(f, st->envs[k]), env, sizeof env, &role);
		ui_cell(st, y, x, (int)(C_ENV0 + k), role, env, selected);
		/*
		 * The cell the keys act on stands out of the selected row,
		 * underlined in the selection's colours (no hole in the bar).
		 */
		if (selected && chosen != NULL && strcmp(st->envs[k], chosen) ==
		    0 && ui_col(st, (int)(C_ENV0 + k)) != NULL) {
			const struct column *c = ui_col(st, (int)(C_ENV0 + k));

			mvchgat(y, x + c->x, c->width, ui_attr(st, ROLE_SELECTED) |
			    A_UNDERLINE | A_BOLD, st->pair[ROLE_SELECTED], NULL);
		}
	}

	buf[0] = '\0';
	for (k = 0, off = 0; k < f->ndeps && off < sizeof buf; k++) {
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s%s",
		    k ? ", " : "", f->deps[k].enabled ? "" : "!",
		    f->deps[k].flag ? f->deps[k].flag : "");
	}
	ui_cell(st, y, x, C_NEEDS, ROLE_NORMAL, buf, selected);
}

/*
 * KPIs and exposures for the detail line, the chosen environment's first
 * (the line is short): "; KPI tickets 9 crit in production; exposed this
 * hour in production 486 of 2400".
 */
static void
impact_detail(struct ui_state *st, const struct flag *f, char *buf,
    size_t len, size_t *off)
{
	const struct exposure	*e;
	const char		*env;
	size_t			 k, pass;

	if (f->name == NULL || f->source == NULL)
		return;
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < st->model->nkpis && *off < len; k++) {
			const struct kpi_value *v = &st->model->kpis[k];

			if (strcmp(v->flag, f->name) != 0 ||
			    streq(v->env, st->flag_env) != (pass == 0))
				continue;
			if (v->value == v->value)
				*off += (size_t)snprintf(buf + *off, len - *off,
				    "; KPI %s %.4g %s in %s", v->name, v->value,
				    health_name(v->health), v->env);
			else
				*off += (size_t)snprintf(buf + *off, len - *off,
				    "; KPI %s unknown in %s: %s", v->name, v->env,
				    v->error != NULL ? v->error : "no data");
		}
		for (k = 0; k < f->nenvs && *off < len; k++) {
			env = f->envs[k].name;
			if (env == NULL || streq(env, st->flag_env) != (pass == 0) ||
			    (e = exposure_find(st->model, f->source, f->name,
			    env)) == NULL)
				continue;
			*off += (size_t)snprintf(buf + *off, len - *off,
			    "; exposed this hour in %s %lld of %lld", env, e->yes,
			    e->yes + e->no);
		}
	}
	if ((env = exposure_error(st->model, f->source, f->name)) != NULL &&
	    *off < len)
		*off += (size_t)snprintf(buf + *off, len - *off,
		    "; exposures not read: %s", env);
}

static void
flags_detail(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct flag	*f = &st->model->flags[i];
	char			 env[64];
	size_t			 off, k;
	enum role		 role;

	off = (size_t)snprintf(buf, len, "%s (%s, project %s, from %s):",
	    f->name ? f->name : "", f->type ? f->type : "?",
	    f->project ? f->project : "?", f->source ? f->source : "?");
	if (st->plans != NULL && off < len) {
		/* Its release plans first: the step, what is next, what blocks. */
		plan_view_refresh(st->plans, st->cfg, st->model, now_mono());
		if (plan_view_has(st->plans, st->cfg, f->source, f->name)) {
			off += (size_t)snprintf(buf + off, len - off, " ");
			off += plan_view_line(st->plans, st->cfg, st->model,
			    f->source, f->name, now_wall(), buf + off, len - off);
			if (off < len)
				off += (size_t)snprintf(buf + off, len - off, ";");
		}
	}
	for (k = 0; k < f->nenvs && off < len; k++) {
		env_text(&f->envs[k], env, sizeof env, &role);
		off += (size_t)snprintf(buf + off, len - off, "%s %s %s",
		    k ? ";" : "", f->envs[k].name ? f->envs[k].name : "?", env);
	}
	for (k = 0; k < f->ndeps && off < len; k++) {
		off += (size_t)snprintf(buf + off, len - off, "%s%s%s",
		    k ? ", " : "; needs ", f->deps[k].flag ? f->deps[k].flag :
		    "?", f->deps[k].enabled ? " on" : " off");
	}
	for (k = 0; k < f->nenvs && off < len; k++) {
		if (f->envs[k].unknown)
			off += (size_t)snprintf(buf + off, len - off,
			    "; UNKNOWN in %s: %s", f->envs[k].name,
			    f->envs[k].reason ? f->envs[k].reason : "no state");
		if (f->envs[k].disputed)
			off += (size_t)snprintf(buf + off, len - off,
			    "; DISPUTED in %s: a verified change was undone or "
			    "not kept by the service, which shows this now",
			    f->envs[k].name);
		if (f->envs[k].enabled && f->envs[k].blocked_by != NULL)
			off += (size_t)snprintf(buf + off, len - off,
			    "; BLOCKED in %s by %s (own stage %s)",
			    f->envs[k].name, f->envs[k].blocked_by,
			    f->envs[k].stage ? f->envs[k].stage : "?");
	}
	{
		const struct service_cfg	*svc;
		enum health			 h = svc_health(st, f, &svc);

		if (svc != NULL && (h == HEALTH_WARN || h == HEALTH_CRIT) &&
		    off < len)
			off += (size_t)snprintf(buf + off, len - off,
			    "; service %s is %s", svc->name, health_name(h));
	}
	impact_detail(st, f, buf, len, &off);
	{
		/* The newest change Unleash recorded, so "who moved it?" is
		 * answered on screen. */
		const struct flag_event	*ev = model_last_event(st->model,
					    f->source, f->name);
		char			 age[16];

		if (ev != NULL && ev->time > 0 && off < len) {
			fmt_age(age, sizeof age, now_wall() - ev->time);
			off += (size_t)snprintf(buf + off, len - off,
			    "; last change %s ago by %s: %s%s%s", age, ev->by,
			    ev->type, ev->env ? " in " : "", ev->env ? ev->env : "");
		}
	}
	if (f->stale && off < len)
		snprintf(buf + off, len - off, " (stale)");
}

static void
flags_name_of(struct ui_state *st, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%s", st->model->flags[i].name ?
	    st->model->flags[i].name : "");
}

/* The flag's page in Unleash, or the configured template's. */
static char *
flags_link_of(struct ui_state *st, size_t i)
{
	const struct flag		*f = &st->model->flags[i];
	const struct source_cfg		*src;
	const char			*keys[] = { "flag", "project", "env" };
	const char			*vals[] = { f->name, f->project,
					    st->flag_env };
	char				*tmpl, *url;
	size_t				 n;

	if (st->cfg->link_flag != NULL)
		return template_expand(st->cfg->link_flag, keys, vals, 3);
	if ((src = config_find_source(st->cfg, f->source)) == NULL ||
	    src->url == NULL)
		return NULL;
	n = strlen(src->url);
	while (n > 0 && src->url[n - 1] == '/')
		n--;
	tmpl = xasprintf("%.*s/projects/{project}/features/{flag}", (int)n,
	    src->url);
	url = template_expand(tmpl, keys, vals, 3);
	free(tmpl);
	return url;
}

/* What the `/` filter matches: name, type, project, states, parents. */
static void
flags_row_text(struct ui_state *st, size_t i, char *buf, size_t len)
{
	const struct flag	*f = &st->model->flags[i];
	char			 env[64];
	enum role		 role;
	size_t			 off, k;

	off = (size_t)snprintf(buf, len, "%s %s %s %s", f->name ? f->name : "",
	    f->type ? f->type : "", f->project ? f->project : "",
	    f->source ? f->source : "");
	for (k = 0; k < f->nenvs && off < len; k++) {
		env_text(&f->envs[k], env, sizeof env, &role);
		off += (size_t)snprintf(buf + off, len - off, " %s %s",
		    f->envs[k].name ? f->envs[k].name : "", env);
	}
	for (k = 0; k < f->ndeps && off < len; k++)
		off += (size_t)snprintf(buf + off, len - off, " %s",
		    f->deps[k].flag ? f->deps[k].flag : "");
}

/*
 * Trouble first: killed, then blocked, then flags of a warn or crit
 * service, then stages in progress (on for some users, not all), then
 * the rest; by name within each.
 */
static int
flags_rank(struct ui_state *st, size_t i)
{
	const struct flag		*f = &st->model->flags[i];
	const struct service_cfg	*svc;
	enum health			 h;
	int				 rank = 4;
	size_t				 k;

	for (k = 0; k < f->nenvs; k++) {
		const struct flag_env *e = &f->envs[k];

		if (e->killed)
			return 0;
		if (e->enabled && e->blocked_by != NULL)
			rank = 1;
		else if (rank > 3 && e->enabled && e->has_rollout &&
		    e->rollout > 0 && e->rollout < 100)
			rank = 3;
	}
	if (rank > 2) {
		h = svc_health(st, f, &svc);
		if (h == HEALTH_WARN || h == HEALTH_CRIT)
			rank = 2;
	}
	return rank;
}

/* Its node in the Graph pane (the `v` key). */
static void
flags_graph_node(struct ui_state *st, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "flag:%s", st->model->flags[i].name);
}

/* The selected flag and the chosen environment, for the action keys. */
static int
act(struct ui_state *st, const char *action, const char *stage)
{
	const struct flag	*f = NULL;
	const char		*env = chosen_env(st);
	size_t			 i = ui_selected(st);

	if (i < st->model->nflags)
		f = &st->model->flags[i];
	if (stage == NULL && strcmp(action, "stage") == 0 && f != NULL &&
	    env != NULL && !st->readonly && st->poller != NULL && st->run == NULL)
		return mode_picker_open(st, f, env);
	return mode_confirm_open(st, f, env, action, stage);
}

static int k_next(struct ui_state *st, struct mode *m)
{ return act(st, "stage", "next"); }
static int k_previous(struct ui_state *st, struct mode *m)
{ return act(st, "stage", "previous"); }
static int k_set(struct ui_state *st, struct mode *m)
{ return act(st, "stage", NULL); }
static int k_kill(struct ui_state *st, struct mode *m)
{ return act(st, "kill", NULL); }
static int k_restore(struct ui_state *st, struct mode *m)
{ return act(st, "restore", NULL); }
static int k_env_next(struct ui_state *st, struct mode *m)
{ return cycle_env(st, 1); }
static int k_env_prev(struct ui_state *st, struct mode *m)
{ return cycle_env(st, -1); }
static int k_graph(struct ui_state *st, struct mode *m)
{ return ui_focus_selected(st); }

/* No write starts from a key that terminals send inside sequences. */
static const struct key_binding flags_keys[] = {
	{ '+',		"next stage (y asks)",			k_next },
	{ '-',		"previous stage (to off where protected:",
									k_previous },
	{ 0,		"                   the name and a reason, as a kill)", NULL },
	{ 's',		"set a stage from the list",		k_set },
	{ 'K',		"kill (type the name and a reason)",	k_kill },
	{ 'R',		"restore a killed flag",		k_restore },
	{ 'e',		"environment the keys act on",		k_env_next },
	{ RK_RIGHT,	NULL,					k_env_next },
	{ RK_LEFT,	NULL,					k_env_prev },
	{ 'v',		"show the flag in the Graph pane",	k_graph },
	{ 0,		"  SVC X crit       its service is warn or crit", NULL },
	{ 0,		"  KPI X 12 tickets its worst KPI in the environment", NULL },
	{ 0,		"  EXPOSED 106 _-^  exposed (yes) this hour, per hour", NULL },
	{ 0,		"  KILLED +N ^      killed, +strategies, needs", NULL },
	{ 0,		"  BLOCKED          a parent turns it off", NULL },
	{ 0,		"  ?!               disputed: the service lost a change", NULL },
	KEYTAB_END
};

static void
flags_hint(struct ui_state *st, char *buf, size_t len)
{
	const char *env = chosen_env(st);

	if (st->readonly)
		snprintf(buf, len, "read-only: no changes   env %s (e, Left/"
		    "Right)   J journal", env != NULL ? env : "-");
	else
		snprintf(buf, len, "%s: +/- stage  s set  K kill  R restore  "
		    "e env  v graph  J journal", env != NULL ? env : "-");
}

/* A flag killed or blocked somewhere; its state there is the signature. */
static int
flags_alert_row(struct ui_state *st, size_t i, char *sig, size_t len)
{
	const struct flag	*f = &st->model->flags[i];
	size_t			 k, off = 0;
	int			 role = 0;

	for (k = 0; k < f->nenvs && off < len; k++) {
		const struct flag_env *e = &f->envs[k];

		if (!e->killed && !(e->enabled && e->blocked_by != NULL))
			continue;
		role = ROLE_WARN;
		off += (size_t)snprintf(sig + off, len - off, "%s%s=%s/%d",
		    off ? " " : "", e->name ? e->name : "", e->killed ?
		    "killed" : "blocked", e->rollout);
	}
	return role;
}

const struct pane_entry pane_flags_entry = {
	.name = "flags",
	.title = "Flags",
	.key = '2',
	.kind = "unleash",
	.noun = "flags",
	.count = flags_count,
	.item_key = flags_item_key,
	.row_text = flags_row_text,
	.name_of = flags_name_of,
	.link_of = flags_link_of,
	.rank = flags_rank,
	.layout = flags_layout,
	.draw_row = flags_draw_row,
	.detail = flags_detail,
	.alert_row = flags_alert_row,
	.keys = flags_keys,
	.hint = flags_hint,
	.free = flags_free,
	.graph_node = flags_graph_node,
};
