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

#include <event2/event.h>

#include "actions/action.h"
#include "actions/notify.h"
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/poller.h"

struct flag_wait {
	struct event_base *base;
	struct net	*net;
	const struct config *cfg;
	const struct action_args *args;
	int		 done;
	int		 notifying;	/* announcements still on their way */
	int		 rc;
};

static void
on_notified(const char *failures, void *arg)
{
	struct flag_wait *w = arg;

	if (failures != NULL)
		sanitize_eprintf("relboard: announcement failed (journaled): %s",
		    failures);
	w->notifying = 0;
	if (w->base != NULL)
		event_base_loopbreak(w->base);
}

static void
on_outcome(const struct action_outcome *o, void *arg)
{
	struct flag_wait *w = arg;

	switch (o->status) {
	case ACTION_DONE:
	case ACTION_DRY_RUN:
		sanitize_fprintf(stdout, "%s", o->message);
		w->rc = EXIT_OK;
		break;
	case ACTION_REFUSED:
		sanitize_eprintf("relboard: refused: %s%s", o->message,
		    o->overridable ? " (override with --force --reason TEXT)" :
		    "");
		w->rc = EXIT_REFUSED;
		break;
	case ACTION_FAILED:
		sanitize_eprintf("relboard: failed: %s", o->message);
		w->rc = EXIT_FAILED;
		break;
	case ACTION_UNKNOWN:
		sanitize_eprintf("relboard: outcome unknown: %s", o->message);
		w->rc = EXIT_FAILED;
		break;
	case ACTION_USAGE:
		sanitize_eprintf("relboard: %s", o->message);
		w->rc = EXIT_USAGE;
		break;
	}
	w->done = 1;
	w->notifying = 1;
	if (notify_flag_outcome(w->net, w->cfg, w->args, o, on_notified, w) == 0)
		w->notifying = 0;
	if (w->base != NULL && !w->notifying)
		event_base_loopbreak(w->base);
}

static int
cmd_flag_exec(struct cli *c)
{
	const struct action_entry *ae;
	struct action_args a;
	struct flag_wait w;
	char *cause = NULL;
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
	if (cli_setup(c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	/* One poll first: the guards judge the latest health and flags. */
	poller_run_once(c->poller);
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
	w.base = c->base;
	while (!w.done || w.notifying) {
		/* Each announcement ends by its webhook's timeout at the latest. */
		if (event_base_dispatch(c->base) != 0)
			break;
	}
	if (!w.done) {
		fprintf(stderr, "relboard: the action did not finish\n");
		return EXIT_FAILED;
	}
	return w.rc;
}

const struct cmd_entry cmd_flag_entry = {
	.name = "flag",
	.usage = "flag stage|kill|restore FLAG [STAGE] --env ENV ...",
	.min_args = 0,
	.max_args = 3,
	.exec = cmd_flag_exec,
};
