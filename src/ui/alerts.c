/*
 * alerts.c - what lights a pane's tab: the rows in trouble that nobody
 * has acknowledged yet (core/acks.h), counted once per change of the
 * model or of the acknowledgements, and the acknowledgement of a row.
 * Acknowledgements live beside the journal, so the demo keeps its own.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions/journal.h"
#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/ui_int.h"

struct pane_alerts {
	int		 built;
	unsigned	 gen, aver;
	size_t		 count;
	int		 worst;
};

void
ui_alerts_load(struct ui_state *st)
{
	char *jp = journal_path(st->cfg != NULL ? st->cfg->journal : NULL);
	char *cause = NULL;

	st->alerts = xcalloc(ui_npanes, sizeof *st->alerts);
	if (jp == NULL)
		return;		/* no home: acknowledgements last a run */
	st->acks_path = acks_path(jp);
	free(jp);
	if (acks_load(&st->acks, st->acks_path, &cause) != 0) {
		ui_message(st, ROLE_WARN, "acknowledgements not read: %s", cause);
		free(cause);
	}
}

/* Keep the acknowledgements beside the journal (its folder made first). */
static int
save(struct ui_state *st, char **cause)
{
	char *jp = journal_path(st->cfg != NULL ? st->cfg->journal : NULL);
	int rc;

	if (jp == NULL || st->acks_path == NULL) {
		free(jp);
		*cause = xstrdup("no folder for them (HOME is not set)");
		return -1;
	}
	rc = journal_check(jp, cause);
	free(jp);
	if (rc != 0)
		return -1;
	return acks_save(&st->acks, st->acks_path, cause);
}

void
ui_alerts_free(struct ui_state *st)
{
	acks_free(&st->acks);
	free(st->acks_path);
	free(st->alerts);
	st->alerts = NULL;
}

/* The alert of a pane's row i: its role (0: none) and state in sig. */
static int
row_alert(struct ui_state *st, size_t pane, size_t i, char *key, size_t klen,
    char *sig, size_t slen)
{
	const struct pane_entry *pe = ui_panes[pane];
	int role;

	sig[0] = '\0';
	if (pe->alert_row == NULL || (role = pe->alert_row(st, i, sig, slen)) == 0)
		return 0;
	pe->item_key(st, i, key, klen);
	return role;
}

const struct ack *
ui_row_ack(struct ui_state *st, size_t pane, size_t i)
{
	char key[UI_KEYLEN], sig[256];

	if (st->acks.n == 0 ||
	    row_alert(st, pane, i, key, sizeof key, sig, sizeof sig) == 0)
		return NULL;
	if (!acks_holds(&st->acks, ui_panes[pane]->name, key, sig))
		return NULL;
	return acks_find(&st->acks, ui_panes[pane]->name, key);
}

int
ui_pane_alerts(struct ui_state *st, size_t pane, size_t *count)
{
	const struct pane_entry	*pe = ui_panes[pane];
	struct pane_alerts	*a;
	char			 key[UI_KEYLEN], sig[256];
	size_t			 n, i;
	int			 role;

	*count = 0;
	if (pe->alert_row == NULL || st->alerts == NULL)
		return pe->alert != NULL ? pe->alert(st) : 0;
	a = &st->alerts[pane];
	if (a->built && a->gen == st->model->generation &&
	    a->aver == st->acks.version) {
		*count = a->count;
		return a->worst;
	}
	a->count = 0;
	a->worst = 0;
	n = pe->count(st);
	for (i = 0; i < n; i++) {
		if ((role = row_alert(st, pane, i, key, sizeof key, sig,
		    sizeof sig)) == 0)
			continue;
		if (acks_holds(&st->acks, pe->name, key, sig))
			continue;
		a->count++;
		if (role == ROLE_CRIT || a->worst == 0)
			a->worst = role;
	}
	a->built = 1;
	a->gen = st->model->generation;
	a->aver = st->acks.version;
	*count = a->count;
	return a->worst;
}

static void
journal_ack(struct ui_state *st, const char *what, const char *pane,
    const char *key, const char *sig, const char *note)
{
	struct passwd	*pw = getpwuid(getuid());
	char		 when[32], *path, *cause = NULL;
	json_t		*e;

	if ((path = journal_path(st->cfg != NULL ? st->cfg->journal :
	    NULL)) == NULL)
		return;
	format_rfc3339(now_wall(), when, sizeof when);
	e = json_object();
	json_object_set_new(e, "time", json_string(when));
	json_object_set_new(e, "user", json_string(pw != NULL &&
	    pw->pw_name != NULL ? pw->pw_name : "?"));
	json_object_set_new(e, "action", json_string(what));
	json_object_set_new(e, "pane", json_string(pane));
	json_object_set_new(e, "target", json_string(key));
	json_object_set_new(e, "before", json_string(sig));
	json_object_set_new(e, "reason", note != NULL && *note != '\0' ?
	    json_string(note) : json_null());
	json_object_set_new(e, "result", json_string("done"));
	if (journal_check(path, &cause) != 0 ||
	    journal_append(path, e, &cause) != 0) {
		ui_message(st, ROLE_WARN, "%s not journaled: %s", what, cause);
		free(cause);
	}
	json_decref(e);
	free(path);
}

int
ui_ack_row(struct ui_state *st, const char *note)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	struct passwd		*pw = getpwuid(getuid());
	char			 key[UI_KEYLEN], sig[256], *cause = NULL;
	size_t			 i = ui_selected(st);

	if (i == (size_t)-1 || row_alert(st, st->pane, i, key, sizeof key, sig,
	    sizeof sig) == 0) {
		ui_message(st, ROLE_DIM, "nothing to acknowledge on this row");
		return UI_REDRAW;
	}
	acks_set(&st->acks, pe->name, key, sig, note, pw != NULL &&
	    pw->pw_name != NULL ? pw->pw_name : "?", now_wall());
	if (save(st, &cause) != 0) {
		ui_message(st, ROLE_WARN, "acknowledged for now, not kept: %s",
		    cause);
		free(cause);
	} else
		ui_message(st, ROLE_OK, "acknowledged until its state changes"
		    " (a again takes it back)");
	journal_ack(st, "ack", pe->name, key, sig, note);
	return UI_REDRAW;
}

int
ui_unack_row(struct ui_state *st)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	char			 key[UI_KEYLEN], sig[256], *cause = NULL;
	size_t			 i = ui_selected(st);

	if (i == (size_t)-1 || row_alert(st, st->pane, i, key, sizeof key, sig,
	    sizeof sig) == 0 || !acks_remove(&st->acks, pe->name, key))
		return 0;
	if (save(st, &cause) != 0) {
		ui_message(st, ROLE_WARN, "not kept: %s", cause);
		free(cause);
	} else
		ui_message(st, ROLE_WARN, "acknowledgement taken back");
	journal_ack(st, "unack", pe->name, key, sig, NULL);
	return UI_REDRAW;
}
