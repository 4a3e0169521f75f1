/*
 * ui.c - the dashboard's event loop on libevent: keys from stdin,
 * SIGWINCH, a one-second clock for ages, and the poller's change
 * callback.  Every change only marks the screen dirty and schedules one
 * zero-timeout redraw, so the screen is painted once per loop iteration
 * however many changes arrived.
 *
 * The terminal is restored on every way out: a normal quit, SIGINT,
 * SIGTERM and SIGHUP (which leave the loop), exit() (an atexit handler)
 * and fatal signals and SIGQUIT (a handler that writes the terminal's
 * reset strings and restores the saved tty modes, then re-raises the
 * signal).  Those last two cannot take an argument, so they use the few
 * static variables below.
 */
#include <sys/ioctl.h>

#include <curses.h>
#include <event2/event.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "core/canary.h"
#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "net/poller.h"
#include "ui/ui_int.h"

#define UI_NOTICE_S	3.0

static volatile sig_atomic_t	 curses_active;
static char			 reset_seq[256];
static size_t			 reset_len;
static struct termios		 saved_tio;
static int			 saved_tio_ok;
static int			 atexit_done;

/* SIGQUIT too: Ctrl-\ reaches us in cbreak mode and would dump core. */
static const int fatal_signals[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL,
    SIGQUIT };

static void
add_reset(const char *cap)
{
	char	*s = tigetstr(cap);
	size_t	 n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

/* Only async-signal-safe calls here. */
static void
fatal_handler(int sig)
{
	ssize_t	n;

	if (curses_active) {
		curses_active = 0;
		if (reset_len > 0)
			n = write(STDOUT_FILENO, reset_seq, reset_len);
		n = write(STDOUT_FILENO, "\r\n", 2);
		(void)n;
		if (saved_tio_ok)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_fatal(int on)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	if (on) {
		sa.sa_handler = fatal_handler;
		sa.sa_flags = SA_RESETHAND;
	} else
		sa.sa_handler = SIG_DFL;
	for (i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

static void
atexit_handler(void)
{
	if (curses_active && !isendwin())
		endwin();
	curses_active = 0;
}

void
ui_mark_dirty(struct ui_state *st)
{
	struct timeval	tv = { 0, 0 };

	st->dirty = 1;
	if (!st->redraw_pending && st->ev_redraw != NULL) {
		evtimer_add(st->ev_redraw, &tv);
		st->redraw_pending = 1;
	}
}

static void
redraw_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ui_state	*st = arg;

	st->redraw_pending = 0;
	if (!st->dirty)
		return;
	st->dirty = 0;
	ui_paint(st);
}

static void
change_cb(void *arg)
{
	ui_mark_dirty(arg);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	ui_mark_dirty(arg);
}

static void
notice(struct ui_state *st, const char *text)
{
	free(st->notice);
	st->notice = xstrdup(text);
	st->notice_until = now_mono() + UI_NOTICE_S;
}

static void
refresh_all(struct ui_state *st)
{
	size_t	i;

	if (st->poller == NULL) {
		notice(st, "nothing to refresh");
		return;
	}
	for (i = 0; i < st->model->nsources; i++)
		poller_refresh(st->poller, st->model->sources[i].name);
	notice(st, st->utf8 ? "refreshing\xe2\x80\xa6" : "refreshing...");
}

static int
switch_pane(struct ui_state *st, size_t pane)
{
	if (pane >= ui_npanes || pane == st->pane)
		return 0;
	st->pane = pane;
	return UI_REDRAW;
}

static int
handle_key(struct ui_state *st, int ch)
{
	const struct pane_entry	*pe = ui_panes[st->pane];
	size_t			 i;
	int			 page = st->list_rows > 1 ? st->list_rows - 1 : 1;
	int			 r;

	if (st->help) {
		/* Any key closes help; q does not quit from behind it. */
		if (ch == KEY_RESIZE)
			return UI_REDRAW;
		st->help = 0;
		if (ch == '?' || ch == 27 || ch == 'q' || ch == 'Q')
			return UI_REDRAW;
	}
	if (st->rdetail != NULL && (r = rollout_detail_key(st, ch)) != 0)
		return r;
	if (pe->keypress != NULL && (r = pe->keypress(st, ch)) != 0)
		return r;

	switch (ch) {
	case 'q':
	case 'Q':
		return UI_QUIT;
	case '?':
	case 'h':
		st->help = 1;
		return UI_REDRAW;
	case '\t':
		return switch_pane(st, (st->pane + 1) % ui_npanes);
	case KEY_BTAB:
		return switch_pane(st, (st->pane + ui_npanes - 1) % ui_npanes);
	case KEY_UP:
	case 'k':
		return ui_sel_move(st, -1, 0);
	case KEY_DOWN:
	case 'j':
		return ui_sel_move(st, 1, 0);
	case KEY_PPAGE:
		return ui_sel_move(st, -page, 0);
	case KEY_NPAGE:
	case ' ':
		return ui_sel_move(st, page, 0);
	case KEY_HOME:
	case 'g':
		/* g shows the selected flag or service in the Graph pane. */
		if (ch == 'g' && pe->graph_node != NULL)
			return ui_focus_graph_selected(st);
		return ui_sel_move(st, 0, 1);
	case KEY_END:
	case 'G':
		return ui_sel_move(st, (long)(~0UL >> 1), 1);
	case 'r':
	case 'R':
		return UI_REFRESH;
	case 12:	/* Ctrl-L */
		clearok(curscr, TRUE);
		return UI_REDRAW;
	case KEY_RESIZE:
		return UI_REDRAW;
	}
	for (i = 0; i < ui_npanes; i++) {
		if (ui_panes[i]->key == ch)
			return switch_pane(st, i);
	}
	return 0;
}

static void
stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ui_state	*st = arg;
	int		 ch, flags = 0, got = 0;

	while ((ch = getch()) != ERR) {
		got++;
		flags |= handle_key(st, ch);
		if (flags & UI_QUIT)
			break;
	}
	/* Readable but nothing to read, again and again: stdin is gone. */
	if (got == 0) {
		if (++st->idle_reads > 100)
			flags |= UI_QUIT;
	} else
		st->idle_reads = 0;

	if (flags & UI_QUIT) {
		st->quit = 1;
		event_base_loopbreak(st->base);
		return;
	}
	if (flags & UI_REFRESH)
		refresh_all(st);
	if (flags & (UI_REDRAW | UI_REFRESH))
		ui_mark_dirty(st);
}

static void
winch_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ui_state	*st = arg;
	struct winsize	 ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	else {
		endwin();
		refresh();
	}
	clearok(curscr, TRUE);
	ui_mark_dirty(st);
}

static void
leave_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ui_state	*st = arg;

	st->quit = 1;
	event_base_loopbreak(st->base);
}

static int
want_colour(void)
{
	const char	*nc = getenv("NO_COLOR");

	return nc == NULL || *nc == '\0';
}

static void
state_free(struct ui_state *st)
{
	size_t	i;

	if (st->ev_stdin != NULL)
		event_free(st->ev_stdin);
	if (st->ev_redraw != NULL)
		event_free(st->ev_redraw);
	if (st->ev_tick != NULL)
		event_free(st->ev_tick);
	if (st->ev_winch != NULL)
		event_free(st->ev_winch);
	if (st->ev_int != NULL)
		event_free(st->ev_int);
	if (st->ev_term != NULL)
		event_free(st->ev_term);
	if (st->ev_hup != NULL)
		event_free(st->ev_hup);
	for (i = 0; i < ui_npanes; i++)
		free(st->sel[i].key);
	free(st->sel);
	pane_graph_free(st);
	rollout_detail_free(st);
	flagui_free(st);
	canary_view_free(st->hview);
	free(st->hview);
	free(st->notice);
}

int
ui_run(const struct ui_opts *o)
{
	struct ui_state	 st;
	SCREEN		*scr;
	char		*cause = NULL;
	const char	*theme = o->theme, *cs;
	struct timeval	 one = { 1, 0 };

	memset(&st, 0, sizeof st);
	st.base = o->base;
	st.cfg = o->cfg;
	st.model = o->model;
	st.poller = o->poller;
	st.readonly = o->readonly || (o->cfg != NULL && o->cfg->readonly);

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "relboard: the dashboard needs a terminal "
		    "(try 'relboard status --json')\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	st.utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);

	if (theme == NULL && o->cfg != NULL)
		theme = o->cfg->theme;
	if (theme_load(&st.theme, theme, &cause) != 0) {
		fprintf(stderr, "relboard: %s\n", cause);
		free(cause);
		return 2;
	}

	saved_tio_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		const char *term = getenv("TERM");

		fprintf(stderr, "relboard: cannot use terminal type '%s' "
		    "(try TERM=vt100)\n", term != NULL ? term : "");
		return 2;
	}
	curses_active = 1;
	if (!atexit_done) {
		atexit(atexit_handler);
		atexit_done = 1;
	}
	reset_len = 0;
	add_reset("sgr0");
	add_reset("cnorm");
	add_reset("rmkx");
	add_reset("rmcup");
	install_fatal(1);

	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	theme_apply(&st, want_colour());

	st.sel = xcalloc(ui_npanes, sizeof *st.sel);
	st.list_rows = LINES > 4 ? LINES - 4 : 1;
	st.ev_redraw = evtimer_new(st.base, redraw_cb, &st);
	st.ev_stdin = event_new(st.base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    stdin_cb, &st);
	st.ev_tick = event_new(st.base, -1, EV_PERSIST, tick_cb, &st);
	st.ev_winch = evsignal_new(st.base, SIGWINCH, winch_cb, &st);
	st.ev_int = evsignal_new(st.base, SIGINT, leave_cb, &st);
	st.ev_term = evsignal_new(st.base, SIGTERM, leave_cb, &st);
	st.ev_hup = evsignal_new(st.base, SIGHUP, leave_cb, &st);
	event_add(st.ev_stdin, NULL);
	event_add(st.ev_tick, &one);
	event_add(st.ev_winch, NULL);
	event_add(st.ev_int, NULL);
	event_add(st.ev_term, NULL);
	event_add(st.ev_hup, NULL);

	if (st.poller != NULL) {
		poller_set_change_cb(st.poller, change_cb, &st);
		poller_start(st.poller);
	}
	ui_paint(&st);
	event_base_dispatch(st.base);

	if (st.poller != NULL)
		poller_set_change_cb(st.poller, NULL, NULL);
	state_free(&st);

	erase();
	refresh();
	endwin();
	curses_active = 0;
	install_fatal(0);
	delscreen(scr);
	return 0;
}
