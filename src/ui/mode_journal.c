/*
 * mode_journal.c - the journal overlay (J on any pane): the most
 * recent flag actions from the local journal, newest first, two lines
 * each: when, who, what, where and the result; then before -> after and
 * the reason or error.  Opened on a flag (J in the Flags pane) it shows
 * that flag's entries merged by time with the flag's history read from
 * its service (Unleash's event log), so changes made by others show too:
 * each line is marked [relboard] (this journal) or with the service's
 * kind, [unleash], and says who made the change.  Up/Down, PgUp/PgDn,
 * Home/End scroll; Esc, q or J close; r reads both again (the journal is
 * read again after each flag action too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions/journal.h"
#include "core/config.h"
#include "core/timearg.h"
#include "core/util.h"
#include "ui/ui_int.h"

#define JOURNAL_MAX	200

/* One line pair of the view: a journal entry or a service event. */
struct journal_row {
	double		 time;
	json_t		*entry;			/* borrowed from entries */
	const struct flag_event *event;		/* borrowed from events */
	int		 echo;		/* an event of a journaled write */
};

/* An event this close to a journaled write to it is taken as that write. */
#define JOURNAL_ECHO_S	10

struct journal_view {
	struct scroll sc;	/* first: in rows, newest first */
	json_t	*entries;
	char	*path;
	/* Opened on a flag: its entries only, and its service history. */
	char	*flag, *source, *kind;
	struct flag_event *events;
	size_t	 nevents;
	struct flag_history *reading;	/* in flight, or NULL */
	char	*history_error;
	struct journal_row *rows;
	size_t	 nrows;
	size_t	 nlocal;
	struct ui_state *st;
};

static double
entry_time(json_t *e)
{
	const char	*t = json_string_value(json_object_get(e, "time"));
	char		*cause = NULL;
	double		 v;

	if (t == NULL || timearg_parse(t, &v, &cause) != 0) {
		free(cause);
		return 0;
	}
	return v;
}

/*
 * Newest first by the second (the journal has whole seconds); a time
 * unknown sorts last; within a second the journal comes first, as its
 * entry is written after the service recorded the write.
 */
static int
row_cmp(const void *a, const void *b)
{
	const struct journal_row *x = a, *y = b;
	long	 tx = (long)x->time, ty = (long)y->time;

	if (tx != ty)
		return tx < ty ? 1 : -1;
	return (x->entry == NULL) - (y->entry == NULL);
}

/* Is ev the service's record of a write journaled here? */
static int
is_echo(const struct journal_view *j, const struct journal_row *ev)
{
	const char	*result;
	size_t		 i;

	for (i = 0; i < j->nrows; i++) {
		const struct journal_row *r = &j->rows[i];

		if (r->entry == NULL || r->time == 0 || ev->time == 0 ||
		    r->time - ev->time > JOURNAL_ECHO_S ||
		    ev->time - r->time > JOURNAL_ECHO_S ||
		    !streq(json_string_value(json_object_get(r->entry,
		    "environment")), ev->event->env))
			continue;
		result = json_string_value(json_object_get(r->entry, "result"));
		if (streq(result, "done") || streq(result, "failed") ||
		    streq(result, "unknown"))
			return 1;
	}
	return 0;
}

/* The rows: this view's entries and events, merged by time. */
static void
merge(struct journal_view *j)
{
	size_t	i, n = json_array_size(j->entries), cap = 0;
	json_t	*e;

	free(j->rows);
	j->rows = NULL;
	j->nrows = j->nlocal = 0;
	for (i = n; i > 0; i--) {
		struct journal_row *r;

		e = json_array_get(j->entries, i - 1);
		if (j->flag != NULL && !streq(json_string_value(
		    json_object_get(e, "flag")), j->flag))
			continue;
		r = ARRAY_PUSH(j->rows, j->nrows, cap);
		r->time = entry_time(e);
		r->entry = e;
		r->event = NULL;
		r->echo = 0;
		/* Actions are counted; other records (announcements) not. */
		if (json_object_get(e, "kind") == NULL)
			j->nlocal++;
	}
	for (i = 0; i < j->nevents; i++) {
		struct journal_row *r = ARRAY_PUSH(j->rows, j->nrows, cap);

		r->time = j->events[i].time;
		r->entry = NULL;
		r->event = &j->events[i];
		r->echo = 0;
	}
	for (i = 0; i < j->nrows; i++) {
		if (j->rows[i].event != NULL)
			j->rows[i].echo = is_echo(j, &j->rows[i]);
	}
	/* The journal is oldest first: reversed above; sort the merge. */
	if (j->nevents > 0)
		qsort(j->rows, j->nrows, sizeof *j->rows, row_cmp);
	j->sc.nlines = (int)j->nrows;
	mode_scroll_clamp(&j->sc);
}

static void
events_clear(struct journal_view *j)
{
	size_t	i;

	for (i = 0; i < j->nevents; i++)
		flag_event_free(&j->events[i]);
	free(j->events);
	j->events = NULL;
	j->nevents = 0;
	free(j->history_error);
	j->history_error = NULL;
}

static void
on_history(struct flag_event *evs, size_t n, char *cause, void *arg)
{
	struct journal_view *j = arg;

	j->reading = NULL;
	events_clear(j);
	j->events = evs;
	j->nevents = n;
	j->history_error = cause;
	merge(j);
	ui_mark_dirty(j->st);
}

static void
reload(struct ui_state *st, struct journal_view *j)
{
	if (j->entries != NULL)
		json_decref(j->entries);
	if (j->path == NULL)
		j->path = journal_path(st->cfg->journal);
	j->entries = journal_recent(j->path, JOURNAL_MAX);
	merge(j);
}

/* Read the flag's history from its service again (the journal too). */
static void
reread(struct ui_state *st, struct journal_view *j)
{
	reload(st, j);
	if (j->flag == NULL || j->reading != NULL)
		return;
	j->reading = flag_history_read(st, j->source, j->flag, on_history, j);
}

void
mode_journal_reload(struct ui_state *st)
{
	struct mode *m = mode_find(st, &mode_journal_entry);

	if (m != NULL)
		reload(st, m->data);
}

static void
journal_free(void *p)
{
	struct journal_view *j = p;

	flag_history_cancel(j->reading);
	if (j->entries != NULL)
		json_decref(j->entries);
	events_clear(j);
	free(j->rows);
	free(j->path);
	free(j->flag);
	free(j->source);
	free(j->kind);
	free(j);
}

/* Entries that fit the overlay, two lines each. */
static size_t
journal_rows(void)
{
	int	rows = (LINES - 4) / 2;

	return rows > 0 ? (size_t)rows : 1;
}

static int k_close(struct ui_state *st, struct mode *m)
{ mode_pop(st); return UI_REDRAW; }
static int k_reload(struct ui_state *st, struct mode *m)
{ reread(st, m->data); return UI_REDRAW; }

static const struct key_binding journal_keys[] = {
	{ RK_ESC,	"close the journal",		k_close },
	{ 'q',		NULL,				k_close },
	{ 'J',		NULL,				k_close },
	{ 'r',		"read the journal (and the flag's history) again",
							k_reload },
	KEYTAB_END
};

/* Redraw and help still work; nothing else reaches behind. */
static int
journal_key(struct ui_state *st, struct mode *m, int key)
{
	if (key == RK_CTRL('L') || key == '?')
		return 0;
	return UI_REDRAW;
}

static const char *
field(json_t *e, const char *key)
{
	const char	*s = json_string_value(json_object_get(e, key));

	return s != NULL ? s : "";
}

/* "2026-11-26T05:00:00Z" as local "11-26 06:00:00"; else as it is. */
static void
local_time(const char *iso, char *buf, size_t len)
{
	struct tm	 tm;
	const char	*p;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	p = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL) {
		snprintf(buf, len, "%s", iso);
		return;
	}
	t = timegm(&tm);
	localtime_r(&t, &tm);
	strftime(buf, len, "%m-%d %H:%M:%S", &tm);
}

static enum role
result_role(const char *result)
{
	if (strcmp(result, "done") == 0)
		return ROLE_OK;
	if (strcmp(result, "refused") == 0 || strcmp(result, "dry-run") == 0)
		return ROLE_WARN;
	return ROLE_CRIT;
}

static const char *
result_mark(const char *result, int utf8)
{
	if (strcmp(result, "done") == 0)
		return utf8 ? "\xe2\x9c\x94" : "OK";
	if (strcmp(result, "refused") == 0)
		return "!";
	if (strcmp(result, "unknown") == 0)
		return "?";
	return utf8 ? "\xe2\x9c\x96" : "X";
}

/* A change from the service's history: when, who, what, where. */
static void
paint_event(struct ui_state *st, const struct journal_view *j,
    const struct journal_row *r, int y, int x, int w)
{
	const struct flag_event *ev = r->event;
	char	 when[32], iso[32], *l1, *l2;

	if (ev->time > 0) {
		format_rfc3339(ev->time, iso, sizeof iso);
		local_time(iso, when, sizeof when);
	} else
		snprintf(when, sizeof when, "?");
	l1 = xasprintf("%s  %s  [%s] %s%s%s", when, ev->by, j->kind,
	    ev->what != NULL ? ev->what : ev->type, ev->env != NULL ? " in " :
	    "", ev->env != NULL ? ev->env : "");
	ui_put(st, y, x, w, ROLE_INFO, l1, 0);
	l2 = xasprintf("    from the event log of %s (%s)%s", ev->source,
	    ev->type, r->echo ? ": the write of the [relboard] action" : "");
	ui_put(st, y + 1, x, w, ROLE_DIM, l2, 0);
	free(l1);
	free(l2);
}

/* An announcement a webhook did not take. */
static void
paint_notify(struct ui_state *st, json_t *e, const char *when, const char *tag,
    int y, int x, int w)
{
	char	*l1, *l2;

	l1 = xasprintf("%s  %s  %sannounce %s %s in %s", when, field(e, "user"),
	    tag, field(e, "action"), field(e, "flag"), field(e, "environment"));
	ui_put(st, y, x, w, ROLE_WARN, l1, 0);
	l2 = xasprintf("    %s: %s", field(e, "webhook"), field(e, "error"));
	ui_put(st, y + 1, x, w, ROLE_DIM, l2, 0);
	free(l1);
	free(l2);
}

static void
paint_entry(struct ui_state *st, const struct journal_view *j, json_t *e,
    int y, int x, int w)
{
	const char	*tag = j->flag != NULL ? "[relboard] " : "";
	const char	*result = field(e, "result"), *target;
	const char	*reason = field(e, "reason"), *error = field(e, "error");
	char		 when[32], *l1, *l2, *mark;
	int		 used;

	local_time(field(e, "time"), when, sizeof when);
	if (streq(field(e, "kind"), "notify")) {
		paint_notify(st, e, when, tag, y, x, w);
		return;
	}
	target = field(e, "target");
	if (*field(e, "pane") != '\0') {
		/* An acknowledgement: what, and the state it was given for. */
		l1 = xasprintf("%s  %s  %s %s %s", when, field(e, "user"),
		    field(e, "action"), field(e, "pane"), target);
		ui_put(st, y, x, w, ROLE_NORMAL, l1, 0);
		l2 = xasprintf("    state %s%s%s", field(e, "before"),
		    *reason ? "  note: " : "", reason);
		ui_put(st, y + 1, x, w, ROLE_DIM, l2, 0);
		free(l1);
		free(l2);
		return;
	}
	if (*field(e, "rollout") != '\0')
		/* A rollout action: "promote --full rollout shop/payments". */
		l1 = xasprintf("%s  %s  %s%s%s rollout %s/%s", when,
		    field(e, "user"), tag, field(e, "action"), json_is_true(
		    json_object_get(e, "full")) ? " --full" : "",
		    field(e, "source"), field(e, "rollout"));
	else
		l1 = xasprintf("%s  %s  %s%s%s%s %s in %s%s", when,
		    field(e, "user"), tag, field(e, "action"), *target ? " " :
		    "", target, field(e, "flag"), field(e, "environment"),
		    json_is_true(json_object_get(e, "forced")) ? " (forced)" :
		    "");
	used = ui_put(st, y, x, w, ROLE_NORMAL, l1, 0);
	mark = xasprintf("  %s %s", result_mark(result, st->utf8), result);
	ui_put(st, y, x + used, w - used, result_role(result), mark, 0);

	l2 = xasprintf("    %s -> %s%s%s%s%s", *field(e, "before") ?
	    field(e, "before") : "?", *field(e, "after") ? field(e, "after") :
	    "?", *reason ? "  reason: " : "", reason, *error ? "  error: " : "",
	    error);
	ui_put(st, y + 1, x, w, ROLE_DIM, l2, 0);
	free(l1);
	free(l2);
	free(mark);
}

/* " Journal: 3 recent actions, newest first " (or of one flag). */
static char *
journal_title(const struct journal_view *j)
{
	size_t	n = j->nlocal;

	if (j->flag == NULL)
		return xasprintf(" Journal: %zu recent action%s, newest first ",
		    n, n == 1 ? "" : "s");
	return xasprintf(" Journal: %zu recent action%s on %s + %s%zu "
	    "change%s from %s, newest first ", n, n == 1 ? "" : "s", j->flag,
	    j->reading != NULL ? "reading..., " : "", j->nevents,
	    j->nevents == 1 ? "" : "s", j->source);
}

static void
journal_paint(struct ui_state *st, struct mode *m)
{
	struct journal_view *fu = m->data;
	size_t		 n = fu->nrows, rows = journal_rows();
	size_t		 i, k;
	char		*title;
	int		 w = COLS, h = LINES - 2, y = 1, x = 0, top = 0;

	if (fu->history_error != NULL)
		rows = rows > 1 ? rows - 1 : 1;
	fu->sc.rows = (int)rows;
	fu->sc.nlines = (int)n;
	mode_scroll_clamp(&fu->sc);

	if (w < 20 || h < 5)
		return;
	ui_box(st, y, x, h, w, ROLE_HELP);
	title = journal_title(fu);
	ui_put(st, y, x + 2, w - 4, ROLE_TITLE, title, 0);
	free(title);
	if (fu->history_error != NULL) {
		/* Said, not hidden: the local journal still shows below. */
		title = xasprintf("%s: cannot read the history: %s", fu->source,
		    fu->history_error);
		ui_put(st, y + 1, x + 2, w - 4, ROLE_WARN, title, 0);
		free(title);
		top = 1;
	}
	if (n == 0) {
		ui_put(st, y + 2 + top, x + 2, w - 4, ROLE_DIM, fu->flag != NULL ?
		    "No actions on this flag journaled, no changes in its "
		    "history." : "No flag actions journaled yet.", 0);
		ui_put(st, y + 3 + top, x + 2, w - 4, ROLE_DIM, fu->path != NULL ?
		    fu->path : "(no journal: HOME is not set)", 0);
	}
	for (i = (size_t)fu->sc.top, k = 0; i < n && k < rows; i++, k++) {
		const struct journal_row *r = &fu->rows[i];
		int	ry = y + 1 + top + 2 * (int)k;

		if (r->entry != NULL)
			paint_entry(st, fu, r->entry, ry, x + 2, w - 4);
		else
			paint_event(st, fu, r, ry, x + 2, w - 4);
	}
	title = xasprintf(" %zu-%zu of %zu  Up/Down scroll  r read again  "
	    "Esc close ", n ? (size_t)fu->sc.top + 1 : 0,
	    (size_t)fu->sc.top + k, n);
	ui_put(st, y + h - 1, x + 2, w - 4, ROLE_TITLE, title, 0);
	free(title);
}

const struct mode_entry mode_journal_entry = {
	.name = "Journal",
	.keys = journal_keys,
	.more_keys = mode_scroll_keys,
	.modal = 0,
	.arms = 0,
	.key = journal_key,
	.paint = journal_paint,
	.free = journal_free,
};

int
mode_journal_open(struct ui_state *st)
{
	struct journal_view *j;

	if (mode_find(st, &mode_journal_entry) != NULL)
		return 0;
	j = xcalloc(1, sizeof *j);
	j->st = st;
	reload(st, j);
	return mode_push(st, &mode_journal_entry, j);
}

int
mode_journal_open_flag(struct ui_state *st, const struct flag *f)
{
	const struct source_cfg *src;
	struct journal_view *j;

	if (f == NULL)
		return mode_journal_open(st);
	if (mode_find(st, &mode_journal_entry) != NULL)
		return 0;
	j = xcalloc(1, sizeof *j);
	j->st = st;
	j->flag = xstrdup(f->name);
	j->source = xstrdup(f->source != NULL ? f->source : "");
	src = config_find_source(st->cfg, j->source);
	j->kind = xstrdup(src != NULL ? src->kind : "service");
	reread(st, j);
	return mode_push(st, &mode_journal_entry, j);
}
