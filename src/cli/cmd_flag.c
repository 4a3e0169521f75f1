/*
 * cmd_flag.c - `relboard flag stage|kill|restore FLAG ...`: runs one flag
 * action (the same implementation the dashboard uses) and maps its outcome
 * to the exit status: 0 done and verified, 4 refused, 5 failed or unknown,
 * 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/poller.h"

static void
on_outcome(const struct action_outcome *o, void *arg)
{
	cli_wait_done(arg, cli_action_report(o->status, o->message,
	    o->overridable));
}

static int
cmd_flag_exec(struct cli *c)
{
	const struct action_entry *ae;
	struct action_args a;
	struct cli_wait w;
	size_t i;

	if (c->nargs < 2 || (ae = action_find(c->args[0])) == NULL) {
		for (i = 0; action_table[i] != NULL; i++)
			fprintf(stderr, "%s relboard %s\n", i == 0 ? "usage:" :
			    "      ", action_table[i]->usage);
		return EXIT_USAGE;
	}
	if (c->nargs != (ae->needs_stage ? 3 : 2)) {
		fprintf(stderr, "usage: relboard %s\n", ae->usage);
		return EXIT_USAGE;
	}
	if (cli_action_setup(c) != 0)
		return EXIT_USAGE;
	memset(&a, 0, sizeof a);
	a.action = ae->name;
	a.flag = c->args[1];
	a.stage = ae->needs_stage ? c->args[2] : NULL;
	a.env = c->env;
	a.source = c->source;
	a.expect = c->expect;
	a.reason = c->reason;
	a.dry_run = c->dry_run;
	a.force = c->force;
	a.readonly = c->cfg.readonly;
	a.model = &c->model;

	memset(&w, 0, sizeof w);
	action_start(poller_net(c->poller), &c->cfg, &a, on_outcome, &w);
	return cli_wait_run(c, &w);
}

const struct cmd_entry cmd_flag_entry = {
	.name = "flag",
	.usage = "flag stage|kill|restore FLAG [STAGE] --env ENV ...",
	.min_args = 0,
	.max_args = 3,
	.exec = cmd_flag_exec,
};
