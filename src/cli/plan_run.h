/*
 * plan_run.h - `relboard plan run FILE`: runs a checked release plan to
 * its end on the poller's event loop (cmd_plan_run.c).
 */
#ifndef RB_PLAN_RUN_H
#define RB_PLAN_RUN_H

#include "cli/cli.h"
#include "core/plan.h"

/* Journal entries read to find a plan's marks. */
#define PLAN_JOURNAL_MAX	100000

/*
 * Run the plan: 0 when its last step is done, 4 when it stopped on
 * someone else's change, a refusal or after killing the flag on a crit
 * gate, 5 when a move failed or its outcome is unknown, 128 + the signal
 * when interrupted.
 */
int	plan_run(struct cli *, const struct plan *);

#endif
