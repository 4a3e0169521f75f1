/*
 * journal_view.c - the journal overlay (J on the Flags pane): the most
 * recent flag actions from the local journal, newest first, two lines
 * each: when, who, what, where and the result; then before -> after and
 * the reason or error.  Up/Down, PgUp/PgDn, Home/End scroll; Esc, q or J
 * close.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "actions/journal.h"
#include "core/util.h"
#include "ui/flagui.h"

#define JOURNAL_MAX	200

void
journal_reload(struct ui_state *st)
{
	struct flagui	*fu = flagui_get(st);
	size_t		 n;

	if (fu->jentries != NULL)
		json_decref(fu->jentries);
	if (fu->jpath == NULL)
		fu->jpath = journal_path(st->cfg->journal);
	fu->jentries = journal_recent(fu->jpath, JOURNAL_MAX);
	n = json_array_size(fu->jentries);
	if (fu->jtop >= n)
		fu->jtop = n > 0 ? n - 1 : 0;
}

void
journal_open(struct ui_state *st)
{
	struct flagui	*fu = flagui_get(st);

	fu->journal = 1;
	fu->jtop = 0;
	journal_reload(st);
}

void
journal_close(struct ui_state *st)
{
	struct flagui	*fu = flagui_get(st);

	fu->journal = 0;
	if (fu->jentries != NULL)
		json_decref(fu->jentries);
	fu->jentries = NULL;
	free(fu->jpath);
	fu->jpath = NULL;
}

/* Entries that fit the overlay, two lines each. */
static size_t
journal_rows(void)
{
	int	rows = (LINES - 4) / 2;

	return rows > 0 ? (size_t)rows : 1;
}

int
journal_key(struct ui_state *st, int ch)
{
	struct flagui	*fu = flagui_get(st);
	size_t		 n = json_array_size(fu->jentries), page = journal_rows();
	size_t		 last = n > page ? n - page : 0;

	switch (ch) {
	case 27:
	case 'q':
	case 'Q':
	case 'J':
		journal_close(st);
		return UI_REDRAW;
	case KEY_UP:
	case 'k':
		if (fu->jtop > 0)
			fu->jtop--;
		break;
	case KEY_DOWN:
	case 'j':
		if (fu->jtop < last)
			fu->jtop++;
		break;
	case KEY_PPAGE:
		fu->jtop = fu->jtop > page ? fu->jtop - page : 0;
		break;
	case KEY_NPAGE:
	case ' ':
		fu->jtop = fu->jtop + page < last ? fu->jtop + page : last;
		break;
	case KEY_HOME:
	case 'g':
		fu->jtop = 0;
		break;
	case KEY_END:
	case 'G':
		fu->jtop = last;
		break;
	case 'r':
		journal_reload(st);
		break;
	}
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
	l1 = xasprintf("%s  %s  %s%s%s %s in %s%s", when, field(e, "user"),
	    field(e, "action"), *target ? " " : "", target, field(e, "flag"),
	    field(e, "environment"), json_is_true(json_object_get(e,
	    "forced")) ? " (forced)" : "");
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

void
journal_paint(struct ui_state *st)
{
	struct flagui	*fu = flagui_get(st);
	size_t		 n = json_array_size(fu->jentries), rows = journal_rows();
	size_t		 i, k;
	char		*title;
	int		 w = COLS, h = LINES - 2, y = 1, x = 0;

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
		ui_put(st, y + 3, x + 2, w - 4, ROLE_DIM, fu->jpath, 0);
	}
	for (i = fu->jtop, k = 0; i < n && k < rows; i++, k++) {
		json_t *e = json_array_get(fu->jentries, n - 1 - i);

		paint_entry(st, e, y + 1 + 2 * (int)k, x + 2, w - 4);
	}
	title = xasprintf(" %zu-%zu of %zu  Up/Down scroll  Esc close ",
	    n ? fu->jtop + 1 : 0, fu->jtop + k, n);
	ui_put(st, y + h - 1, x + 2, w - 4, ROLE_TITLE, title, 0);
	free(title);
}
