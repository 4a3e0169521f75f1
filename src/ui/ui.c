/*
 * ui.c - the dashboard's event loop on libevent: keys from stdin,
 * SIGWINCH, a one-second clock for ages, and the poller's change
 * callback.  Every change only marks the screen dirty and schedules one
 * zero-timeout redraw, so the screen is painted once per loop iteration
 * however many changes arrived.
 *
 * Keys are read as bytes and decoded here (keys.c), not by curses, so
 * that pasted text (bracketed paste is turned on) and escape sequences
 * never act as commands.  A key goes to the top mode, then the pane, then
 * the global keys.  When a key opens something that can lead to a write,
 * the rest of what was typed ahead is discarded.
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
#include <errno.h>
#include <event2/event.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "actions/journal.h"
#include "core/canary.h"
#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "net/poller.h"
#include "ui/plan_view.h"
#include "ui/ui_int.h"

#define PASTE_ON	"\033[?2004h"
#define PASTE_OFF	"\033[?2004l"

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
		n = write(STDOUT_FILENO, PASTE_OFF, sizeof PASTE_OFF - 1);
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
	if (curses_active && !isendwin()) {
		putp(PASTE_OFF);
		endwin();
	}
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
	double		 w;

	st->redraw_pending = 0;
	if (!st->dirty)
		return;
	st->dirty = 0;
	ui_paint(st);
	/* A dialog just drawn shows its prompt once it takes keys. */
	if ((w = mode_arm_wait(st)) > 0) {
		struct timeval tv = { 0, (long)(w * 1e6) + 1000 };

		evtimer_add(st->ev_arm, &tv);
	}
}

static void
arm_cb(evutil_socket_t fd, short what, void *arg)
{
	ui_mark_dirty(arg);
}

static void
change_cb(void *arg)
{
	ui_mark_dirty(arg);
}

/* What a source's exec plugin wrote on stderr. */
static void
note_cb(const char *text, void *arg)
{
	ui_message(arg, ROLE_WARN, "%s", text);
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	ui_mark_dirty(arg);
}

static void
refresh_all(struct ui_state *st)
{
	size_t	i;

	if (st->poller == NULL) {
		ui_message(st, ROLE_DIM, "nothing to refresh");
		return;
	}
	for (i = 0; i < st->model->nsources; i++)
		poller_refresh(st->poller, st->model->sources[i].name);
	ui_message(st, ROLE_DIM, "refreshing%s", st->utf8 ? "\xe2\x80\xa6" :
	    "...");
}

/* UI_FOCUS: show st->focus in the pane that can centre on it. */
static int
resolve_focus(struct ui_state *st)
{
	size_t	i;

	for (i = 0; st->focus != NULL && i < ui_npanes; i++) {
		if (ui_panes[i]->focus != NULL) {
			st->pane = i;
			ui_panes[i]->focus(st, st->focus);
			break;
		}
	}
	free(st->focus);
	st->focus = NULL;
	return UI_REDRAW;
}

/* One key: the top mode, then the pane, then the global keys. */
static int
dispatch_key(struct ui_state *st, int key, double t)
{
	const struct pane_entry		*pe = ui_panes[st->pane];
	const struct key_binding	*b;
	int				 r;

	if (st->nmodes > 0 && (r = mode_key(st, key, t)) != 0)
		return r;
	if ((b = keytab_find(pe->keys, key)) != NULL &&
	    (r = b->fn(st, NULL)) != 0)
		return r;
	if ((b = keytab_find(ui_global_keys, key)) != NULL)
		return b->fn(st, NULL);
	return 0;
}

/* Handle decoded events; the rest of a batch goes when a write could follow. */
static int
dispatch(struct ui_state *st, struct key_evs *evs)
{
	size_t	i;
	int	flags = 0, r;

	for (i = 0; i < evs->n; i++) {
		struct key_ev *e = &evs->v[i];

		switch (e->type) {
		case KEV_KEY:
			r = dispatch_key(st, e->key, e->t);
			break;
		case KEV_PASTE:
			r = mode_paste(st, e->text);
			break;
		default:
			r = 0;	/* a sequence relboard does not know */
			break;
		}
		if (r & UI_FOCUS)
			r |= resolve_focus(st);
		flags |= r;
		if (r & UI_QUIT)
			break;
		if ((r & UI_FLUSH) && i + 1 < evs->n) {
			/* Typed ahead of the dialog: never its answer. */
			tcflush(STDIN_FILENO, TCIFLUSH);
			keydec_reset(&st->keydec);
			break;
		}
		if (r & UI_FLUSH)
			tcflush(STDIN_FILENO, TCIFLUSH);
	}
	key_evs_clear(evs);
	return flags;
}

static void
react(struct ui_state *st, int flags)
{
	if (flags & UI_QUIT) {
		st->quit = 1;
		event_base_loopbreak(st->base);
		return;
	}
	if (flags & UI_REFRESH)
		refresh_all(st);
	if (flags & (UI_REDRAW | UI_REFRESH | UI_FOCUS))
		ui_mark_dirty(st);
}

static void
stdin_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ui_state	*st = arg;
	struct key_evs	 evs = { NULL, 0, 0 };
	unsigned char	 buf[4096];
	struct timeval	 tv = { 0, (long)(KEYDEC_WAIT_S * 1e6) };
	ssize_t		 n;
	int		 got = 0, gone = 0;

	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof buf);
		if (n > 0) {
			keydec_feed(&st->keydec, buf, (size_t)n, now_mono(), &evs);
			got = 1;
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR))
			gone = 1;
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	/* Readable but nothing to read, again and again: stdin is gone. */
	if (!got && ++st->idle_reads > 100)
		gone = 1;
	if (got)
		st->idle_reads = 0;
	react(st, dispatch(st, &evs) | (gone ? UI_QUIT : 0));
	free(evs.v);
	if (keydec_pending(&st->keydec))
		evtimer_add(st->ev_esc, &tv);
}

/* Nothing followed an Esc or an unfinished sequence: decide it now. */
static void
esc_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ui_state	*st = arg;
	struct key_evs	 evs = { NULL, 0, 0 };

	keydec_flush(&st->keydec, &evs);
	react(st, dispatch(st, &evs));
	free(evs.v);
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

	/* The shell's convention: 128 + the signal. */
	st->quit = 128 + (int)fd;
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
	if (st->ev_esc != NULL)
		event_free(st->ev_esc);
	if (st->ev_arm != NULL)
		event_free(st->ev_arm);
	mode_free_all(st);
	flag_run_detach(st);
	for (i = 0; i < ui_npanes; i++) {
		free(st->sel[i].key);
		if (ui_panes[i]->free != NULL)
			ui_panes[i]->free(st);
	}
	free(st->sel);
	ui_rows_free(st);
	ui_alerts_free(st);
	for (i = 0; i < st->nhistory; i++)
		free(st->history[i]);
	canary_view_free(st->hview);
	free(st->hview);
	if (st->plans != NULL)
		plan_view_free(st->plans);
	free(st->plans);
	free(st->msg);
	free(st->focus);
	free(st->flag_env);
	keydec_free(&st->keydec);
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
		    "(try TERM=vt100, or 'relboard status --json')\n",
		    term != NULL ? term : "");
		return 2;
	}
	/* A terminal that cannot move the cursor cannot show a dashboard. */
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		const char *term = getenv("TERM");

		endwin();
		delscreen(scr);
		fprintf(stderr, "relboard: terminal type '%s' cannot address the "
		    "cursor, so the dashboard cannot run (try TERM=vt100, or "
		    "'relboard status --json')\n", term != NULL ? term : "");
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
	/* Keys are decoded by keys.c, from the bytes the terminal sends. */
	keypad(stdscr, FALSE);
	curs_set(0);
	putp(PASTE_ON);
	fflush(stdout);
	st.stdin_flags = fcntl(STDIN_FILENO, F_GETFL);
	if (st.stdin_flags != -1)
		fcntl(STDIN_FILENO, F_SETFL, st.stdin_flags | O_NONBLOCK);
	keydec_init(&st.keydec);
	theme_apply(&st, want_colour());

	st.sel = xcalloc(ui_npanes, sizeof *st.sel);
	if (o->cfg != NULL) {
		char *jp = journal_path(o->cfg->journal);

		st.plans = xcalloc(1, sizeof *st.plans);
		plan_view_init(st.plans, o->plans_dir, jp);
		free(jp);
	}
	ui_alerts_load(&st);
	ui_sort_load(&st);
	st.list_rows = LINES > 4 ? LINES - 4 : 1;
	st.ev_redraw = evtimer_new(st.base, redraw_cb, &st);
	st.ev_stdin = event_new(st.base, STDIN_FILENO, EV_READ | EV_PERSIST,
	    stdin_cb, &st);
	st.ev_tick = event_new(st.base, -1, EV_PERSIST, tick_cb, &st);
	st.ev_esc = evtimer_new(st.base, esc_cb, &st);
	st.ev_arm = evtimer_new(st.base, arm_cb, &st);
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
		poller_set_note_cb(st.poller, note_cb, &st);
		poller_start(st.poller);
	}
	ui_paint(&st);
	event_base_dispatch(st.base);

	if (st.poller != NULL)
		poller_set_change_cb(st.poller, NULL, NULL);
	if (st.poller != NULL)
		poller_set_note_cb(st.poller, NULL, NULL);
	state_free(&st);

	erase();
	refresh();
	putp(PASTE_OFF);
	fflush(stdout);
	if (st.stdin_flags != -1)
		fcntl(STDIN_FILENO, F_SETFL, st.stdin_flags);
	endwin();
	curses_active = 0;
	install_fatal(0);
	delscreen(scr);
	return st.quit > 1 ? st.quit : 0;
}
