/*
 * action_report.c - what `relboard flag` and `relboard rollout` share: an
 * action's outcome printed (the message on stdout when done, on stderr
 * otherwise) and mapped to the exit status (0 done or dry run, 4 refused,
 * 5 failed or unknown, 2 usage), the start-up before an action and the
 * wait for its outcome.
 */
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "core/sanitize.h"
#include "net/poller.h"

int
cli_action_report(enum action_status st, const char *message, int overridable)
{
	switch (st) {
	case ACTION_DONE:
	case ACTION_DRY_RUN:
		sanitize_fprintf(stdout, "%s", message);
		return EXIT_OK;
	case ACTION_REFUSED:
		sanitize_eprintf("relboard: refused: %s%s", message,
		    overridable ? " (override with --force --reason TEXT)" : "");
		return EXIT_REFUSED;
	case ACTION_FAILED:
		sanitize_eprintf("relboard: failed: %s", message);
		return EXIT_FAILED;
	case ACTION_UNKNOWN:
		sanitize_eprintf("relboard: outcome unknown: %s", message);
		return EXIT_FAILED;
	case ACTION_USAGE:
		break;
	}
	sanitize_eprintf("relboard: %s", message);
	return EXIT_USAGE;
}

void
cli_wait_done(struct cli_wait *w, int rc)
{
	w->rc = rc;
	w->done = 1;
	if (w->base != NULL)
		event_base_loopbreak(w->base);
}

int
cli_wait_run(struct cli *c, struct cli_wait *w)
{
	if (!w->done) {
		w->base = c->base;
		event_base_dispatch(c->base);
	}
	if (!w->done) {
		fprintf(stderr, "relboard: the action did not finish\n");
		return EXIT_FAILED;
	}
	return w->rc;
}

int
cli_action_setup(struct cli *c)
{
	char *cause = NULL;

	if (cli_setup(c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		return -1;
	}
	/* One poll first: the guards judge the latest health and state. */
	poller_run_once(c->poller);
	return 0;
}
