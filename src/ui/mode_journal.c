/*
 * mode_journal.c - the journal overlay (J on any pane): the most
 * recent flag actions from the local journal, newest first, two lines
 * each: when, who, what, where and the result; then before -> after and
 * the reason or error.  Up/Down, PgUp/PgDn, Home/End scroll; Esc, q or J
 * close; r reads it again (it is read again after each flag action too).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions/journal.h"
#include "core/config.h"
#include "core/util.h"
#include "ui/ui_int.h"

#define JOURNAL_MAX	200

struct journal_view {
	struct scroll sc;	/* first: in entries, newest first */
	json_t	*entries;
	char	*path;
};

static void
reload(struct ui_state *st, struct journal_view *j)
{
	size_t	n;

	if (j->entries != NULL)
		json_decref(j->entries);
	if (j->path == NULL)
		j->path = journal_path(st->cfg->journal);
	j->entries = journal_recent(j->path, JOURNAL_MAX);
	n = json_array_size(j->entries);
	j->sc.nlines = (int)n;
	mode_scroll_clamp(&j->sc);
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

	if (j->entries != NULL)
		json_decref(j->entries);
	free(j->path);
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
{ reload(st, m->data); return UI_REDRAW; }

static const struct key_binding journal_keys[] = {
	{ RK_ESC,	"close the journal",		k_close },
	{ 'q',		NULL,				k_close },
	{ 'J',		NULL,				k_close },
	{ 'r',		"read the journal again",	k_reload },
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

static void
paint_entry(struct ui_state *st, json_t *e, int y, int x, int w)
{
	const char	*result = field(e, "result"), *target;
	const char	*reason = field(e, "reason"), *error = field(e, "error");
	char		 when[32], *l1, *l2, *mark;
	int		 used;

	local_time(field(e, "time"), when, sizeof when);
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
		l1 = xasprintf("%s  %s  %s%s rollout %s/%s", when,
		    field(e, "user"), field(e, "action"), json_is_true(
		    json_object_get(e, "full")) ? " --full" : "",
		    field(e, "source"), field(e, "rollout"));
	else
		l1 = xasprintf("%s  %s  %s%s%s %s in %s%s", when,
		    field(e, "user"), field(e, "action"), *target ? " " : "",
		    target, field(e, "flag"), field(e, "environment"),
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

static void
journal_paint(struct ui_state *st, struct mode *m)
{
	struct journal_view *fu = m->data;
	size_t		 n = json_array_size(fu->entries), rows = journal_rows();
	size_t		 i, k;
	char		*title;
	int		 w = COLS, h = LINES - 2, y = 1, x = 0;

	fu->sc.rows = (int)rows;
	fu->sc.nlines = (int)n;
	mode_scroll_clamp(&fu->sc);

	if (w < 20 || h < 5)
		return;
	ui_box(st, y, x, h, w, ROLE_HELP);
	title = xasprintf(" Journal: %zu recent action%s, newest first ", n,
	    n == 1 ? "" : "s");
	ui_put(st, y, x + 2, w - 4, ROLE_TITLE, title, 0);
	free(title);
	if (n == 0) {
		ui_put(st, y + 2, x + 2, w - 4, ROLE_DIM, "No flag actions "
		    "journaled yet.", 0);
		ui_put(st, y + 3, x + 2, w - 4, ROLE_DIM, fu->path != NULL ?
		    fu->path : "(no journal: HOME is not set)", 0);
	}
	for (i = (size_t)fu->sc.top, k = 0; i < n && k < rows; i++, k++) {
		json_t *e = json_array_get(fu->entries, n - 1 - i);

		paint_entry(st, e, y + 1 + 2 * (int)k, x + 2, w - 4);
	}
	title = xasprintf(" %zu-%zu of %zu  Up/Down scroll  Esc close ",
	    n ? (size_t)fu->sc.top + 1 : 0, (size_t)fu->sc.top + k, n);
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
	reload(st, j);
	return mode_push(st, &mode_journal_entry, j);
}
