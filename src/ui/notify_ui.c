/*
 * notify_ui.c - announces the dashboard's actions to the configured
 * webhooks (actions/notify.h) and says on the message line when one did
 * not take it: notify_ui_flag for a flag action's outcome, notify_ui_event
 * for any event (a rollout action, a plan's step).  An announcement may outlive the dashboard (quit right
 * after an action): then its failure goes to stderr.
 */
#include <stdio.h>
#include <stdlib.h>

#include "actions/action.h"
#include "actions/notify.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/poller.h"
#include "ui/ui_int.h"

/* One announcement in flight, in the dashboard's list. */
struct ui_note {
	struct ui_state	*st;		/* NULL once the dashboard is gone */
	struct ui_note	*next;
};

static void
on_notified(const char *failures, void *arg)
{
	struct ui_note *n = arg, **pp;
	struct ui_state *st = n->st;

	if (st == NULL) {
		if (failures != NULL)
			sanitize_eprintf("relboard: announcement failed "
			    "(journaled): %s", failures);
		free(n);
		return;
	}
	for (pp = &st->notes; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	}
	free(n);
	if (failures != NULL) {
		ui_message(st, ROLE_WARN, "! announcement failed (journaled): %s",
		    failures);
		mode_journal_reload(st);
		ui_mark_dirty(st);
	}
}

void
notify_ui_event(struct ui_state *st, const struct notify_event *ev)
{
	struct ui_note *n;

	if (st->poller == NULL || st->cfg->nnotify == 0)
		return;
	n = xcalloc(1, sizeof *n);
	n->st = st;
	n->next = st->notes;
	st->notes = n;
	/* When no webhook takes this kind, nothing calls back. */
	if (notify_announce(poller_net(st->poller), st->cfg, ev, on_notified,
	    n) == 0) {
		st->notes = n->next;
		free(n);
	}
}

void
notify_ui_flag(struct ui_state *st, const struct action_args *a,
    const struct action_outcome *o)
{
	struct notify_event ev;

	if (notify_flag_event(a, o, &ev) == 0)
		notify_ui_event(st, &ev);
}

void
notify_ui_detach(struct ui_state *st)
{
	struct ui_note *n, *next;

	for (n = st->notes; n != NULL; n = next) {
		next = n->next;
		n->st = NULL;
		n->next = NULL;
	}
	st->notes = NULL;
}
