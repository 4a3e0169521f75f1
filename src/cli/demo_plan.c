/*
 * demo_plan.c - `relboard --demo` shows a release plan in progress: the
 * simulator's plan is written to the demo's own plans folder, and its
 * first step, which the scenario starts at, to the demo's own journal, so
 * the plan is at step 1 and holding.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "actions/journal.h"
#include "cli/cli.h"
#include "core/plan.h"
#include "core/util.h"
#include "sim/sim.h"

static int
write_text(const char *path, const char *text, char **cause)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) != 0) {
		*cause = xasprintf("cannot start the demo: %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
cli_demo_plan(struct cli *c, char **cause)
{
	struct plan_errors e = { NULL, 0, 0 };
	struct plan p;
	char *text = sim_demo_plan(), *path, *reason, when[32];
	json_t *entry;
	int rc = -1;

	c->plans_dir = xasprintf("%s/plans", c->demo_dir);
	path = xasprintf("%s/demo.json", c->plans_dir);
	if (mkdir(c->plans_dir, 0700) != 0) {
		*cause = xasprintf("cannot start the demo: %s: %s", c->plans_dir,
		    strerror(errno));
		goto out;
	}
	if (write_text(path, text, cause) != 0)
		goto out;
	if (plan_parse(&p, path, text, &e) != 0 ||
	    plan_check_config(&p, &c->cfg, &e) != 0) {
		*cause = xasprintf("the demo's plan: %s", e.v[0]);
		plan_free(&p);
		goto out;
	}
	format_rfc3339(now_wall() - SIM_DEMO_PLAN_AGE_S, when, sizeof when);
	reason = plan_reason(&p, SIM_DEMO_PLAN_STEP);
	entry = json_pack("{s:s, s:s, s:n, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:b, s:n, s:s, s:n}", "time", when, "user", "demo",
	    "ssh_origin", "action", "stage", "source", p.source, "flag", p.flag,
	    "environment", p.env, "target", p.steps[0].stage, "before", "off",
	    "after", "canary (5%)", "reason", reason, "forced", 0, "overridden",
	    "result", "done", "error");
	free(reason);
	plan_free(&p);
	rc = journal_append(c->cfg.journal, entry, cause);
	json_decref(entry);
out:
	plan_errors_free(&e);
	free(path);
	free(text);
	return rc;
}
