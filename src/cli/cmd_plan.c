/*
 * cmd_plan.c - `relboard plan check FILE` (the plan against the
 * configuration and one poll of the service: every error listed, exit 2)
 * and `relboard plan run FILE [--dry-run]` (the schedule, or the run
 * itself: cmd_plan_run.c); and status --json's "plans".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/journal.h"
#include "cli/cli.h"
#include "cli/plan_run.h"
#include "core/plan.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/poller.h"

/* Load the plan and check it against the config and one poll; 0 or 2. */
static int
plan_cli_load(struct cli *c, const char *file, struct plan *p)
{
	struct plan_errors e = { NULL, 0, 0 };
	char *cause = NULL;
	size_t i;

	plan_load(p, file, &e);
	if (cli_setup(c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		plan_errors_free(&e);
		return EXIT_USAGE;
	}
	plan_check_config(p, &c->cfg, &e);
	poller_run_once(c->poller);
	plan_check_model(p, &c->cfg, &c->model, &e);
	if (e.n == 0)
		return EXIT_OK;
	for (i = 0; i < e.n; i++)
		sanitize_eprintf("relboard: %s: %s", file, e.v[i]);
	sanitize_eprintf("relboard: %s: %zu error%s", file, e.n, e.n == 1 ? "" :
	    "s");
	plan_errors_free(&e);
	return EXIT_USAGE;
}

static char *
hold_text(double s)
{
	if (s <= 0)
		return xstrdup("");
	if (s >= 86400 && (long)s % 86400 == 0)
		return xasprintf(", hold %ldd", (long)s / 86400);
	if (s >= 3600 && (long)s % 3600 == 0)
		return xasprintf(", hold %ldh", (long)s / 3600);
	if (s >= 60 && (long)s % 60 == 0)
		return xasprintf(", hold %ldm", (long)s / 60);
	return xasprintf(", hold %gs", s);
}

/* --dry-run: where it is and when each step would go at the earliest. */
static int
plan_schedule(struct cli *c, const struct plan *p)
{
	char *jpath = journal_path(c->cfg.journal), *hold, when[32];
	json_t *journal = journal_recent(jpath, PLAN_JOURNAL_MAX);
	struct plan_pos pos;
	struct plan_next nx;
	double now = now_wall(), t;
	size_t k, g;
	int rc = EXIT_OK;

	plan_evaluate(&c->cfg, &c->model, p, journal, now, &pos, &nx);
	sanitize_fprintf(stdout, "plan %s: %s in %s, at step %zu/%zu%s%s", p->name,
	    p->flag, p->env, pos.step, p->nsteps, nx.why ? "; " : "",
	    nx.why ? nx.why : "");
	if (pos.at == PLAN_AT_CONFLICT)
		rc = EXIT_REFUSED;
	t = nx.at > 0 ? nx.at : now;
	for (k = pos.step; k < p->nsteps && pos.at == PLAN_AT_STEP; k++) {
		if (p->steps[k].not_before > t)
			t = p->steps[k].not_before;
		format_rfc3339(t, when, sizeof when);
		hold = hold_text(p->steps[k].hold_s);
		sanitize_fprintf(stdout, "step %zu/%zu: %s (%d%%) at %s at the "
		    "earliest%s", k + 1, p->nsteps, p->steps[k].stage,
		    p->steps[k].percent, when, hold);
		free(hold);
		t += p->steps[k].hold_s;
	}
	fputs("gates:", stdout);
	for (g = 0; g < PLAN_NGATES; g++) {
		if (p->gates[g])
			printf(" %s", plan_gate_name(g));
	}
	printf("%s; on crit: %s\nnothing written\n", p->gates[0] || p->gates[1] ?
	    "" : " none", p->on_crit == PLAN_ON_CRIT_KILL ? "kill" : "hold");
	plan_next_free(&nx);
	plan_pos_free(&pos);
	json_decref(journal);
	free(jpath);
	return rc;
}

static int
cmd_plan_exec(struct cli *c)
{
	struct plan p;
	int rc, run;

	if (c->nargs != 2 || (strcmp(c->args[0], "check") != 0 &&
	    strcmp(c->args[0], "run") != 0)) {
		fprintf(stderr, "usage: relboard plan check FILE\n"
		    "       relboard plan run FILE [--dry-run]\n");
		return EXIT_USAGE;
	}
	run = strcmp(c->args[0], "run") == 0;
	if (!run && c->dry_run) {
		fprintf(stderr, "relboard: --dry-run is an option of \"relboard "
		    "plan run\"\n");
		return EXIT_USAGE;
	}
	rc = plan_cli_load(c, c->args[1], &p);
	if (rc == EXIT_OK) {
		if (!run)
			sanitize_fprintf(stdout, "plan %s: %zu steps for %s in %s; "
			    "no errors", p.name, p.nsteps, p.flag, p.env);
		else if (c->dry_run)
			rc = plan_schedule(c, &p);
		else
			rc = plan_run(c, &p);
	}
	plan_free(&p);
	return rc;
}

const struct cmd_entry cmd_plan_entry = {
	.name = "plan",
	.usage = "plan check|run FILE [--dry-run]",
	.min_args = 0,
	.max_args = 2,
	.exec = cmd_plan_exec,
};

json_t *
cli_plans_json(struct cli *c)
{
	char *dir = c->plans_dir ? xstrdup(c->plans_dir) : plan_default_dir();
	char *jpath = journal_path(c->cfg.journal);
	struct plan_file *files;
	size_t n = plan_dir_load(dir, &c->cfg, &files);
	json_t *journal = n > 0 ? journal_recent(jpath, PLAN_JOURNAL_MAX) :
	    json_array();
	json_t *arr = plans_json(&c->cfg, &c->model, files, n, journal, now_wall());

	json_decref(journal);
	plan_files_free(files, n);
	free(jpath);
	free(dir);
	return arr;
}
