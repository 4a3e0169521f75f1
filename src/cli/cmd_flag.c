/*
 * cmd_flag.c - `relboard flag stage|kill|restore FLAG ...`: runs one flag
 * action (the same implementation the dashboard uses) and maps its outcome
 * to the exit status: 0 done and verified, 4 refused, 5 failed or unknown,
 * 2 usage.  The outcome is then announced to the configured webhooks,
 * waiting at most their timeout; a failed announcement is said on stderr
 * and never changes the exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "actions/notify.h"
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/poller.h"

struct flag_wait {
	struct cli_wait	 w;		/* first: the outcome awaited */
	struct net	*net;
	const struct config *cfg;
	const struct action_args *args;
};

static void
on_outcome(const struct action_outcome *o, void *arg)
{
	struct flag_wait *fw = arg;

	fw->w.notifying = 1;
	if (notify_flag_outcome(fw->net, fw->cfg, fw->args, o,
	    cli_wait_notified, &fw->w) == 0)
		fw->w.notifying = 0;
	cli_wait_done(&fw->w, cli_action_report(o->status, o->message,
	    o->overridable));
}

static int
cmd_flag_exec(struct cli *c)
{
	const struct action_entry *ae;
	struct action_args a;
	struct flag_wait w;
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
	w.net = poller_net(c->poller);
	w.cfg = &c->cfg;
	w.args = &a;
	action_start(w.net, &c->cfg, &a, on_outcome, &w);
	return cli_wait_run(c, &w.w);
}

const struct cmd_entry cmd_flag_entry = {
	.name = "flag",
	.usage = "flag stage|kill|restore FLAG [STAGE] --env ENV ...",
	.min_args = 0,
	.max_args = 3,
	.exec = cmd_flag_exec,
};
