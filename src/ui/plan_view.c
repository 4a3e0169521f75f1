/*
 * plan_view.c - the dashboard's release plans: the plans folder and the
 * journal, read again every few seconds, and each plan's line for the
 * flag it moves (the core works out where it stands and what is next).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/journal.h"
#include "core/exposure.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/plan_view.h"

#define PLAN_VIEW_JOURNAL	10000	/* journal entries read */

void
plan_view_init(struct plan_view *v, const char *dir, const char *journal)
{
	memset(v, 0, sizeof *v);
	v->dir = dir != NULL ? xstrdup(dir) : plan_default_dir();
	v->journal = journal != NULL ? xstrdup(journal) : NULL;
	v->entries = json_array();
}

void
plan_view_refresh(struct plan_view *v, const struct config *cfg,
    struct model *m, double mono)
{
	size_t i;

	/* A plan's flag is watched closely: its exposures are read often. */
	for (i = 0; i < v->nfiles; i++) {
		const struct plan *p = &v->files[i].plan;
		const char *src = plan_source(p, cfg);

		if (v->files[i].error == NULL && p->flag != NULL && src != NULL)
			exposure_want(m, src, p->flag, mono);
	}
	if (v->loaded > 0 && mono - v->loaded < PLAN_VIEW_RELOAD_S)
		return;
	v->loaded = mono;
	plan_files_free(v->files, v->nfiles);
	v->nfiles = plan_dir_load(v->dir, cfg, &v->files);
	json_decref(v->entries);
	v->entries = v->nfiles > 0 ? journal_recent(v->journal,
	    PLAN_VIEW_JOURNAL) : json_array();
}

static int
moves(const struct plan_file *pf, const struct config *cfg, const char *source,
    const char *flag)
{
	const char *src = plan_source(&pf->plan, cfg);

	return pf->plan.flag != NULL && flag != NULL &&
	    strcmp(pf->plan.flag, flag) == 0 && (src == NULL || source == NULL ||
	    strcmp(src, source) == 0);
}

int
plan_view_has(const struct plan_view *v, const struct config *cfg,
    const char *source, const char *flag)
{
	size_t i;

	for (i = 0; i < v->nfiles; i++) {
		if (moves(&v->files[i], cfg, source, flag))
			return 1;
	}
	return 0;
}

static size_t
one_line(const struct plan_file *pf, const struct config *cfg,
    const struct model *m, json_t *entries, double now, char *buf, size_t len)
{
	const struct plan *p = &pf->plan;
	struct plan_pos pos;
	struct plan_next nx;
	char in[16], cur[64], why[64];
	const char *blocked;
	int n;

	if (pf->error != NULL) {
		n = snprintf(buf, len, "plan %s: %s", p->name ? p->name : "?",
		    pf->error);
		return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
	}
	plan_evaluate(cfg, m, p, entries, now, &pos, &nx);
	snprintf(cur, sizeof cur, "%s", pos.step > 0 ?
	    p->steps[pos.step - 1].stage : "not started");
	blocked = plan_blocked_by(&nx);
	switch (nx.move) {
	case PLAN_DONE:
		n = snprintf(buf, len, "plan %s %zu/%zu %s, done", p->name, pos.step,
		    p->nsteps, cur);
		break;
	case PLAN_CONFLICT:
		n = snprintf(buf, len, "plan %s in %s STOPPED: changed by someone "
		    "else", p->name, p->env);
		break;
	case PLAN_WAIT_STATE:
		n = snprintf(buf, len, "plan %s in %s waiting: %s", p->name, p->env,
		    nx.why);
		break;
	default:
		/* Short enough for 80 columns: which gate, and how it is. */
		if (nx.move == PLAN_WAIT_GATE)
			snprintf(why, sizeof why, " (gate %s %s)",
			    plan_gate_name(nx.gate), health_name(nx.gate_health));
		else if (blocked != NULL)
			snprintf(why, sizeof why, " (%s)", blocked);
		else
			why[0] = '\0';
		if (nx.at > now)
			fmt_age(in, sizeof in, nx.at - now);
		n = snprintf(buf, len, "plan %s in %s %zu/%zu %s, next %s %s%s%s",
		    p->name, p->env, pos.step, p->nsteps, cur, nx.next_stage,
		    nx.at > now ? "in " : "now", nx.at > now ? in : "", why);
		break;
	}
	plan_next_free(&nx);
	plan_pos_free(&pos);
	return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
}

size_t
plan_view_line(const struct plan_view *v, const struct config *cfg,
    const struct model *m, const char *source, const char *flag, double now,
    char *buf, size_t len)
{
	size_t i, off = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	for (i = 0; i < v->nfiles && off + 3 < len; i++) {
		if (!moves(&v->files[i], cfg, source, flag))
			continue;
		if (off > 0)
			off += (size_t)snprintf(buf + off, len - off, "; ");
		off += one_line(&v->files[i], cfg, m, v->entries, now, buf + off,
		    len - off);
	}
	return off;
}

void
plan_view_free(struct plan_view *v)
{
	plan_files_free(v->files, v->nfiles);
	json_decref(v->entries);
	free(v->dir);
	free(v->journal);
	memset(v, 0, sizeof *v);
}
