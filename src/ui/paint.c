/*
 * paint.c - paints the whole screen once: the tab line, the current pane
 * (or what it is waiting for), the message line, the sources' status line,
 * then the open modes bottom-up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/ui_int.h"

/* Whether a source feeding a pane is stale or failing. */
static int
source_trouble(struct ui_state *st, const struct pane_entry *pe)
{
	const struct model	*m = st->model;
	size_t			 i;

	if (pe->kind == NULL)
		return 0;
	for (i = 0; i < m->nsources; i++) {
		if (!streq(m->sources[i].kind, pe->kind))
			continue;
		if (m->sources[i].state == SOURCE_STALE ||
		    m->sources[i].state == SOURCE_ERROR)
			return 1;
	}
	return 0;
}

/* Top line: program name, one tab per pane, read-only flag and clock. */
static void
paint_header(struct ui_state *st)
{
	const struct pane_entry	*pe;
	char			 buf[64], clock[16];
	size_t			 i, nalerts;
	int			 x, w, alert, need, brief;
	enum role		 tab;
	time_t			 t = time(NULL);
	struct tm		 tm;

	ui_fill(st, 0, 0, COLS, ROLE_HEADER);
	/* Too narrow for the names: the numbers and their marks only. */
	need = 10;
	for (i = 0; i < ui_npanes; i++)
		need += 6 + (int)strlen(ui_panes[i]->title);
	brief = need > COLS;
	x = ui_put(st, 0, 0, COLS, ROLE_HEADER, brief ? "rb" : " relboard ", 0);
	for (i = 0; i < ui_npanes && x < COLS; i++) {
		pe = ui_panes[i];
		alert = ui_pane_alerts(st, i, &nalerts);
		if (alert != ROLE_CRIT && source_trouble(st, pe))
			alert = ROLE_CRIT;
		tab = i == st->pane ? ROLE_TAB_ACTIVE : ROLE_TAB;
		x += ui_put(st, 0, x, COLS - x, ROLE_HEADER, " ", 0);
		snprintf(buf, sizeof buf, "%c%c%s%s", i == st->pane ? '[' : ' ',
		    pe->key, brief ? "" : " ", brief ? "" : pe->title);
		x += ui_put(st, 0, x, COLS - x, tab, buf, 0);
		/* A problem in a pane shows on its tab. */
		if (nalerts > 0 && alert != 0)
			snprintf(buf, sizeof buf, "!%zu", nalerts);
		else
			snprintf(buf, sizeof buf, "%s", alert != 0 ? "!" : " ");
		x += ui_put(st, 0, x, COLS - x, alert != 0 ? (enum role)alert :
		    tab, buf, 0);
		x += ui_put(st, 0, x, COLS - x, tab, i == st->pane ? "]" : " ",
		    0);
	}

	localtime_r(&t, &tm);
	/* Minutes: a clock ticking seconds would redraw an idle screen. */
	strftime(clock, sizeof clock, "%H:%M", &tm);
	w = (int)strlen(clock) + 1;
	if (st->readonly)
		w += 10;
	if (COLS - x > w) {
		x = COLS - w;
		if (st->readonly)
			x += ui_put(st, 0, x, 10, ROLE_WARN, "READ-ONLY ", 0);
		ui_put(st, 0, x, COLS - x, ROLE_HEADER, clock, 0);
	}
}

/* A source whose last good poll is older than twice its interval. */
static int
late(struct ui_state *st, const struct source_status *s)
{
	const struct source_cfg	*c = st->cfg != NULL ?
				    config_find_source(st->cfg, s->name) : NULL;
	double			 every = c != NULL && c->interval_s > 0 ?
				    c->interval_s : 5;

	return s->last_ok > 0 && st->now - s->last_ok > 2 * every;
}

struct segment {
	const struct source_status *src;
	char		 base[128];	/* "flags ok 1s", "k8s ERROR" */
	size_t		 blen;		/* of base without the retry part */
	int		 retry_s;	/* backing off: next try in s, else -1 */
	const char	*reason;
	enum role	 role;
	int		 bw, rw;
};

/*
 * Bottom line: each source's state and age (and, while the poller backs
 * off from it, when it tries again), and the key hint.
 */
static void
paint_status(struct ui_state *st, int y)
{
	const struct model	*m = st->model;
	struct segment		*seg;
	static const char	 help_hint[] = "? help  q quit";
	const char		*hint = help_hint;
	char			 age[16];
	size_t			 i, nbad = 0;
	int			 x = 0, hw, avail, need = 0, extra, give, form;

	ui_fill(st, y, 0, COLS, ROLE_NORMAL);
	for (i = 0; i < m->nsources; i++) {
		if (m->sources[i].state == SOURCE_STALE ||
		    m->sources[i].state == SOURCE_ERROR)
			nbad++;
	}
	/* Room for the reasons matters more than the full hint. */
	if (nbad > 0 && hint == help_hint && COLS < 120)
		hint = "? help";
	nbad = 0;
	hw = text_width(hint, st->utf8);
	avail = COLS - (hw + 2 <= COLS / 2 ? hw + 2 : 0);

	seg = xcalloc(m->nsources ? m->nsources : 1, sizeof *seg);
	for (i = 0; i < m->nsources; i++) {
		const struct source_status *s = &m->sources[i];

		seg[i].src = s;
		fmt_age(age, sizeof age, st->now - s->last_ok);
		switch (s->state) {
		case SOURCE_PENDING:
			snprintf(seg[i].base, sizeof seg[i].base,
			    "%s waiting", s->name);
			seg[i].role = ROLE_DIM;
			break;
		case SOURCE_OK:
			if (s->warning != NULL) {
				/* Answered, but not all of it: say what is missing. */
				snprintf(seg[i].base, sizeof seg[i].base,
				    "%s PARTIAL %s", s->name, age);
				seg[i].role = ROLE_WARN;
				seg[i].reason = s->warning;
				break;
			}
			/*
			 * Quiet while fresh: the age shows only once it is
			 * late (over twice the interval), so an idle screen
			 * does not change every second.
			 */
			if (late(st, s))
				snprintf(seg[i].base, sizeof seg[i].base,
				    "%s ok %s", s->name, age);
			else
				snprintf(seg[i].base, sizeof seg[i].base,
				    "%s ok", s->name);
			seg[i].role = ROLE_OK;
			break;
		case SOURCE_STALE:
			snprintf(seg[i].base, sizeof seg[i].base,
			    "%s STALE %s", s->name, age);
			seg[i].role = ROLE_STALE;
			seg[i].reason = s->error;
			break;
		case SOURCE_ERROR:
			snprintf(seg[i].base, sizeof seg[i].base, "%s ERROR",
			    s->name);
			seg[i].role = ROLE_ERROR;
			seg[i].reason = s->error;
			break;
		}
		seg[i].blen = strlen(seg[i].base);
		seg[i].retry_s = -1;
		if (seg[i].reason != NULL && s->retry_at > st->now)
			seg[i].retry_s = (int)(s->retry_at - st->now + 0.999);
		if (seg[i].reason != NULL) {
			seg[i].rw = text_width(seg[i].reason, st->utf8) + 2;
			nbad++;
		}
	}
	/* "retrying in 40s" where there is room, else "retry 40s". */
	for (form = 0; form < 2; form++) {
		need = 0;
		for (i = 0; i < m->nsources; i++) {
			char	*b = seg[i].base + seg[i].blen;
			size_t	 left = sizeof seg[i].base - seg[i].blen;

			*b = '\0';
			if (seg[i].retry_s >= 0)
				snprintf(b, left, form == 0 ? ", retrying in "
				    "%ds" : " retry %ds", seg[i].retry_s);
			seg[i].bw = text_width(seg[i].base, st->utf8);
			need += seg[i].bw + (i ? 2 : 0);
		}
		if (need <= avail)
			break;
	}

	/* Reasons share whatever the short parts leave. */
	extra = avail - need;
	for (i = 0; i < m->nsources && nbad > 0; i++) {
		if (seg[i].reason == NULL)
			continue;
		give = extra > 0 ? extra / (int)nbad : 0;
		if (give > seg[i].rw)
			give = seg[i].rw;
		extra -= give;
		nbad--;
		seg[i].rw = give;
	}

	for (i = 0; i < m->nsources && x < avail; i++) {
		if (i > 0)
			x += ui_put(st, y, x, avail - x, ROLE_NORMAL, "  ", 0);
		if (seg[i].role == ROLE_OK) {
			/* Only the state is coloured when all is well. */
			x += ui_put(st, y, x, avail - x, ROLE_NORMAL,
			    seg[i].src->name, 0);
			x += ui_put(st, y, x, avail - x, ROLE_OK,
			    seg[i].base + strlen(seg[i].src->name), 0);
		} else
			x += ui_put(st, y, x, avail - x, seg[i].role,
			    seg[i].base, 0);
		if (seg[i].reason != NULL && seg[i].rw > 2) {
			char *r = xasprintf(": %s", seg[i].reason);

			x += ui_put(st, y, x, seg[i].rw < avail - x ?
			    seg[i].rw : avail - x, seg[i].role, r, 0);
			free(r);
		}
	}
	if (m->nsources == 0)
		ui_put(st, y, 0, avail, ROLE_DIM, "no sources configured", 0);
	free(seg);
	if (avail < COLS)
		ui_put(st, y, COLS - hw, hw, ROLE_DIM, hint, 0);
}

/* Sources that feed a pane, as a reason when it has nothing to show. */
static char *
empty_reason(struct ui_state *st, const struct pane_entry *pe)
{
	const struct model		*m = st->model;
	const struct source_status	*s, *bad = NULL, *pending = NULL;
	const struct source_status	*ok = NULL;
	size_t				 i, nfeed = 0;

	for (i = 0; i < m->nsources; i++) {
		s = &m->sources[i];
		if (pe->kind != NULL && !streq(s->kind, pe->kind))
			continue;
		nfeed++;
		if (s->state == SOURCE_PENDING && pending == NULL)
			pending = s;
		else if ((s->state == SOURCE_ERROR ||
		    s->state == SOURCE_STALE) && bad == NULL)
			bad = s;
		else if (s->state == SOURCE_OK && ok == NULL)
			ok = s;
	}
	if (pe->kind == NULL) {
		if (pending != NULL)
			return xasprintf("waiting for first poll of %s...",
			    pending->name);
		return xasprintf("no %s: services in the configuration "
		    "define them, and flags that need a parent add some",
		    pe->noun);
	}
	if (nfeed == 0)
		return xasprintf("no %s source is configured (kind %s)",
		    pe->title, pe->kind);
	if (bad != NULL)
		return xasprintf("no %s from %s: %s", pe->noun, bad->name,
		    bad->error ? bad->error : "poll failed");
	if (pending != NULL)
		return xasprintf("waiting for first poll of %s%s", pending->name,
		    st->utf8 ? "\xe2\x80\xa6" : "...");
	return xasprintf("no %s in %s", pe->noun, ok ? ok->name : "any source");
}

/* One line over a pane whose source stopped answering. */
static int
paint_banner(struct ui_state *st, const struct pane_entry *pe, int y)
{
	const struct model		*m = st->model;
	const struct source_status	*s;
	char				 age[16], *text;
	size_t				 i;

	if (pe->kind == NULL)
		return 0;
	for (i = 0; i < m->nsources; i++) {
		s = &m->sources[i];
		if (!streq(s->kind, pe->kind) || s->state != SOURCE_STALE)
			continue;
		fmt_age(age, sizeof age, st->now - s->last_ok);
		text = xasprintf(" STALE: %s has not answered for %s, showing "
		    "%s-old data: %s", s->name, age, age,
		    s->error ? s->error : "poll failed");
		ui_fill(st, y, 0, COLS, ROLE_STALE);
		ui_put(st, y, 0, COLS, ROLE_STALE, text, 0);
		free(text);
		return 1;
	}
	return 0;
}

/* Text over up to `h` lines, cut at spaces; the last line is truncated. */
static void
paint_wrapped(struct ui_state *st, int y, int x, int w, int h, enum role r,
    const char *text)
{
	char	*line;
	size_t	 cut;
	int	 i;

	for (i = 0; i < h && *text != '\0'; i++) {
		cut = text_cut(text, w, st->utf8);
		if (i == h - 1 || text[cut] == '\0' || cut == 0) {
			ui_put(st, y + i, x, w, r, text, 0);
			return;
		}
		line = xstrndup(text, cut);
		ui_put(st, y + i, x, w, r, line, 0);
		free(line);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

/* Mark where the filter matches on screen row y (like a search hit). */
static void
mark_match(struct ui_state *st, int y, const char *filter)
{
	wchar_t	line[1024], want[256];
	size_t	n, k;
	int	x, len;

	if (filter == NULL || *filter == '!' || *filter == '\0')
		return;
	if (mbstowcs(want, filter, sizeof want / sizeof want[0] - 1) ==
	    (size_t)-1)
		return;
	want[sizeof want / sizeof want[0] - 1] = L'\0';
	len = (int)wcslen(want);
	if (mvinnwstr(y, 0, line, COLS < 1023 ? COLS : 1023) == ERR)
		return;
	n = wcslen(line);
	for (x = 1; x + len <= (int)n; x++) {
		for (k = 0; k < (size_t)len; k++) {
			if (towlower((wint_t)line[x + k]) !=
			    towlower((wint_t)want[k]))
				break;
		}
		if (k == (size_t)len) {
			mvchgat(y, x, len, ui_attr(st, ROLE_SELECTED) | A_UNDERLINE,
			    st->pair[ROLE_SELECTED], NULL);
			return;
		}
	}
}

static void
paint_pane(struct ui_state *st, int y, int h)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	struct pane_sel		*s = &st->sel[st->pane];
	const struct column	*c;
	char			*why, pos[96];
	size_t			 n, i, k;
	int			 rows, w = COLS - 1;

	if (h <= 0)
		return;
	if (paint_banner(st, pe, y)) {
		y++;
		h--;
	}
	if (pe->attention != NULL && h > 4 && pe->attention(st, y)) {
		y++;
		h--;
	}
	n = ui_rows(st, st->pane);
	if (n > 0 && pe->paint != NULL) {
		pe->paint(st, y, h);
		return;
	}
	if (n == 0 && ui_filter(st, st->pane) != NULL) {
		st->list_rows = 1;
		ui_putf(st, y + (h > 1), 2, COLS - 3, ROLE_DIM, "nothing matches "
		    "the filter /%s (Esc clears it)", ui_filter(st, st->pane));
		return;
	}
	if (n == 0) {
		why = empty_reason(st, pe);
		st->list_rows = 1;
		paint_wrapped(st, h > 1 ? y + 1 : y, 2, COLS - 3,
		    h > 1 ? h - 1 : 1, ROLE_DIM, why);
		free(why);
		return;
	}
	ui_sel_resolve(st, st->pane);

	pe->layout(st, w);
	/* The last row tells the selected item's whole story. */
	if (pe->detail != NULL && h >= 4) {
		char	detail[1024], *first;
		size_t	cut;

		const struct ack *ack = ui_row_ack(st, st->pane,
		    ui_row(st, st->pane, s->idx));
		size_t off = 0;

		detail[0] = '\0';
		if (ack != NULL)
			off = (size_t)snprintf(detail, sizeof detail, "ACK by "
			    "%s%s%s: ", ack->user, *ack->note ? ", " : "",
			    ack->note);
		if (off >= sizeof detail)
			off = sizeof detail - 1;
		pe->detail(st, ui_row(st, st->pane, s->idx), detail + off,
		    sizeof detail - off);
		cut = text_cut(detail, COLS - 2, st->utf8);
		if (detail[cut] != '\0' && h >= 10) {
			/* Two lines when it is long and there is room. */
			h -= 2;
			first = xstrndup(detail, cut);
			ui_put(st, y + h, 1, COLS - 2, ROLE_INFO, first, 0);
			free(first);
			ui_put(st, y + h + 1, 1, COLS - 2, ROLE_INFO,
			    detail + cut + (detail[cut] == ' '), 0);
		} else {
			h--;
			ui_put(st, y + h, 1, COLS - 2, ROLE_INFO, detail, 0);
		}
	}
	rows = h - 1;
	if (rows < 1)
		rows = 1;
	st->list_rows = rows;

	/* Column headings, and where the selection is in the list. */
	ui_fill(st, y, 0, COLS, ROLE_TITLE);
	for (k = 0; k < st->ncols; k++) {
		c = &st->cols[k];
		if (c->width == 0)
			continue;
		ui_put(st, y, 1 + c->x, c->width, ROLE_TITLE, c->title,
		    FIT_PAD | (c->right ? FIT_RIGHT : 0));
	}
	if (ui_filter(st, st->pane) != NULL)
		snprintf(pos, sizeof pos, " /%.20s %zu/%zu of %zu ",
		    ui_filter(st, st->pane), s->idx + 1, n, pe->count(st));
	else
		snprintf(pos, sizeof pos, " %zu/%zu ", s->idx + 1, n);
	if (n > (size_t)rows || ui_filter(st, st->pane) != NULL)
		ui_put(st, y, COLS - text_width(pos, st->utf8),
		    text_width(pos, st->utf8), ROLE_TITLE, pos, 0);
	if (h == 1)
		return;

	/* Scroll so that the selection is visible. */
	if (s->idx < s->top)
		s->top = s->idx;
	if (s->idx >= s->top + (size_t)rows)
		s->top = s->idx - (size_t)rows + 1;
	if (s->top + (size_t)rows > n)
		s->top = n > (size_t)rows ? n - (size_t)rows : 0;

	for (i = s->top; i < n && i < s->top + (size_t)rows; i++) {
		int ry = y + 1 + (int)(i - s->top), sel = i == s->idx;

		if (sel) {
			ui_fill(st, ry, 0, COLS, ROLE_SELECTED);
			ui_put(st, ry, 0, 1, ROLE_SELECTED, ">", 0);
		}
		pe->draw_row(st, ui_row(st, st->pane, i), ry, 1, w, sel);
		if (!sel)
			mark_match(st, ry, ui_filter(st, st->pane));
		/* An acknowledged problem is shown dimmed. */
		if (!sel && ui_row_ack(st, st->pane, ui_row(st, st->pane, i)) !=
		    NULL)
			mvchgat(ry, 0, COLS, A_DIM, 0, NULL);
	}
}

void
ui_paint(struct ui_state *st)
{
	st->now = now_mono();
	st->paints++;
	erase();
	if (LINES < 4 || COLS < 20) {
		ui_put(st, 0, 0, COLS, ROLE_WARN, "relboard: window too small", 0);
	} else {
		int msg = LINES >= 8 ? ui_message_rows(st) : 0;

		paint_header(st);
		paint_pane(st, 1, LINES - 2 - msg);
		if (msg)
			ui_message_paint(st, LINES - 1 - msg);
		paint_status(st, LINES - 1);
		mode_paint_all(st);
	}
	wnoutrefresh(stdscr);
	doupdate();
}
