/*
 * cmd_rollout.c - `relboard rollout promote|abort|retry|pause
 * [SOURCE/]NS/NAME ...`: runs one rollout action (the same implementation
 * the dashboard uses), with the exit statuses of `relboard flag`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/rollout_action.h"
#include "cli/cli.h"
#include "core/sanitize.h"
#include "net/poller.h"

static void
on_outcome(const struct rollout_outcome *o, void *arg)
{
	cli_wait_done(arg, cli_action_report(o->status, o->message, 0));
}

static int
cmd_rollout_exec(struct cli *c)
{
	const struct rollout_action_entry *ae;
	struct rollout_action_args a;
	struct cli_wait w;
	size_t i;

	if (c->nargs < 1 || (ae = rollout_action_find(c->args[0])) == NULL ||
	    c->nargs != 2) {
		for (i = 0; rollout_action_table[i] != NULL; i++)
			fprintf(stderr, "%s relboard %s\n", i == 0 ? "usage:" :
			    "      ", rollout_action_table[i]->usage);
		return EXIT_USAGE;
	}
	if (c->full && !ae->takes_full) {
		fprintf(stderr, "relboard: --full is an option of rollout "
		    "promote\n");
		return EXIT_USAGE;
	}
	if (cli_action_setup(c) != 0)
		return EXIT_USAGE;
	memset(&a, 0, sizeof a);
	a.action = ae->name;
	a.full = c->full;
	a.ref = c->args[1];
	a.source = c->source;
	a.reason = c->reason;
	a.dry_run = c->dry_run;
	a.readonly = c->cfg.readonly;
	a.model = &c->model;
	memset(&w, 0, sizeof w);
	rollout_action_start(poller_net(c->poller), &c->cfg, &a, on_outcome, &w);
	return cli_wait_run(c, &w);
}

const struct cmd_entry cmd_rollout_entry = {
	.name = "rollout",
	.usage = "rollout promote|abort|retry|pause [SOURCE/]NS/NAME [--full] "
	    "--reason TEXT ...",
	.min_args = 0,
	.max_args = 2,
	.exec = cmd_rollout_exec,
};
