/*
 * ui_int.h - shared between the dashboard's files: its state, the pane
 * table (one file per pane, as tmux has one file per command) and the
 * drawing helpers in draw.c.
 */
#ifndef RB_UI_INT_H
#define RB_UI_INT_H

#include <curses.h>
#include <stddef.h>

#include "core/acks.h"
#include "ui/keys.h"
#include "ui/keytab.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui/ui.h"

/* Reactions a key handler returns (as htop's actions do). */
#define UI_REDRAW	0x1
#define UI_QUIT		0x2
#define UI_REFRESH	0x4
#define UI_FLUSH	0x8	/* a write could follow: discard typeahead */
#define UI_FOCUS	0x10	/* st->focus names a node to show in a pane */

#define UI_MAXCOLS	24
#define UI_MAXENVS	12
#define UI_KEYLEN	512
#define UI_MODES	8	/* modes open at once, at most */
#define UI_HISTORY	32	/* command lines remembered */
/* A mode that can lead to a write takes keys this long after it is drawn. */
#define UI_ARM_S	0.15

struct canary_view;
struct event;
struct flag;
struct flag_run;
struct flags_cache;
struct rollouts_cache;
struct graph_view;
struct mode;
struct ui_state;

struct pane_entry {
	const char	*name;
	const char	*title;
	int		 key;		/* '1'..'4' */
	const char	*kind;		/* source kind that feeds it, NULL: all */
	const char	*noun;		/* "rollouts", for empty states */

	size_t	(*count)(struct ui_state *);
	/* Identity of row i (kept across refreshes), e.g. "src/ns/name". */
	void	(*item_key)(struct ui_state *, size_t, char *, size_t);
	/* Choose columns for `w` cells; fills st->cols. */
	void	(*layout)(struct ui_state *, int w);
	void	(*draw_row)(struct ui_state *, size_t, int y, int x, int w,
		    int selected);
	/* Optional: the whole story of row i, for the detail line. */
	void	(*detail)(struct ui_state *, size_t, char *, size_t);
	/* Worst problem shown: 0 none, ROLE_WARN or ROLE_CRIT (for a pane
	   without alert_row). */
	int	(*alert)(struct ui_state *);
	/*
	 * Optional: row i's problem (0 none, ROLE_WARN, ROLE_CRIT), with its
	 * state in sig; an acknowledgement holds while sig stays the same.
	 */
	int	(*alert_row)(struct ui_state *, size_t, char *sig, size_t);
	/* The pane's keys (help comes from them); may be NULL. */
	const struct key_binding *keys;
	/* Optional: paint one attention line at y; 1 if it did. */
	int	(*attention)(struct ui_state *, int y);
	/* Optional: paint the whole pane at rows y..y+h-1 instead of a list. */
	void	(*paint)(struct ui_state *, int y, int h);
	/* Optional: the graph node of row i ("flag:NAME"), for show-in-graph. */
	void	(*graph_node)(struct ui_state *, size_t, char *, size_t);
	/* Optional: move the selection the pane's own way (global keys). */
	int	(*move_sel)(struct ui_state *, long delta, int absolute);
	/* Optional: centre on a node ("flag:NAME"); the loop calls it. */
	void	(*focus)(struct ui_state *, const char *id);
	/* Optional: a hint line under the list (the keys that act here). */
	void	(*hint)(struct ui_state *, char *, size_t);
	/* Optional: the row's text the `/` filter matches (name, state...). */
	void	(*row_text)(struct ui_state *, size_t, char *, size_t);
	/* Optional: trouble first: 0 for the worst rows, higher for calmer. */
	int	(*rank)(struct ui_state *, size_t);
	/* Optional: legend lines for the help, in the symbols drawn now. */
	void	(*legend)(struct ui_state *, void (*out)(const char *, void *),
		    void *arg);
	/* Optional: row i's name, for `y` (copy). */
	void	(*name_of)(struct ui_state *, size_t, char *, size_t);
	/* Optional: row i's page in its own service, allocated; or NULL. */
	char	*(*link_of)(struct ui_state *, size_t);
	/* Optional: row i's flag, for its journal and history (J); or NULL. */
	const struct flag *(*flag_of)(struct ui_state *, size_t);
	/* Optional: free the pane's private state. */
	void	(*free)(struct ui_state *);
};

extern const struct pane_entry *const ui_panes[];
extern const size_t ui_npanes;

/*
 * A mode: an overlay with its own keys and private state (help, rollout
 * detail, stage picker, confirmation, journal).  Keys go to the top mode
 * first; a modal mode keeps every key until it closes.  Modes are painted
 * over the pane, bottom-up.
 */
struct mode_entry {
	const char	*name;
	const struct key_binding *keys;
	/* Keys shared with other modes, after keys (mode_scroll_keys). */
	const struct key_binding *more_keys;
	int		 modal;		/* owns the keyboard until closed */
	int		 arms;		/* can lead to a write (UI_ARM_S) */
	/* Keys the table does not have (a text field); may be NULL. */
	int	(*key)(struct ui_state *, struct mode *, int key);
	/* Pasted text for a focused text field; NULL: it has none. */
	int	(*paste)(struct ui_state *, struct mode *, const char *text);
	void	(*paint)(struct ui_state *, struct mode *);
	void	(*free)(void *data);
};

/*
 * A view that scrolls (help, detail, journal): its data begins with one,
 * so the shared scrolling keys find it.  rows and nlines are set by paint.
 */
struct scroll {
	int		 top;		/* first line shown */
	int		 rows, nlines;
};

struct mode {
	const struct mode_entry *e;
	void		*data;		/* the mode's own, freed by e->free */
	double		 drawn_at;	/* now_mono() of its first paint, 0 */
};

struct pane_rows;
struct pane_alerts;

struct pane_sel {
	char		*key;		/* identity of the selected row */
	size_t		 idx;
	size_t		 top;		/* first row shown */
};

struct ui_state {
	struct event_base	*base;
	const struct config	*cfg;
	struct model		*model;
	struct poller		*poller;
	int			 readonly;

	int			 utf8;		/* UTF-8 locale */
	int			 colour;	/* colours in use */
	struct theme		 theme;
	attr_t			 attr[ROLE_COUNT];
	short			 pair[ROLE_COUNT];

	size_t			 pane;
	struct pane_sel		*sel;		/* one per pane */
	struct pane_rows	*rows;		/* one per pane (rows.c) */
	int			 quit;
	int			 quit_asked;	/* q once while an action applies */

	struct mode		 modes[UI_MODES];
	size_t			 nmodes;

	int			 dirty;
	int			 redraw_pending;
	unsigned long		 paints;
	int			 list_rows;	/* rows of the list last painted */
	double			 now;		/* now_mono() of this paint */

	/* The message line (msg.c): an outcome or notice. */
	char			*msg;
	enum role		 msg_role;
	double			 msg_until;
	int			 msg_sticky;	/* stays until replaced */

	/* Acknowledged alerts and the tabs' counts (alerts.c). */
	struct acks		 acks;
	char			*acks_path;
	struct pane_alerts	*alerts;

	/* The `:` command line's history, oldest first. */
	char			*history[UI_HISTORY];
	size_t			 nhistory;

	/* A node to show, for UI_FOCUS ("flag:NAME"). */
	char			*focus;

	/* Per-paint layout, filled by the pane's layout(). */
	struct column		 cols[UI_MAXCOLS];
	size_t			 ncols;
	const char		*envs[UI_MAXENVS]; /* flags pane columns */
	size_t			 nenvs;
	char			*flag_env;	/* the environment flag keys act on */

	/* Graph pane: the graph, its layout and the view (pane_graph.c). */
	struct graph_view	*graph;

	/* Flags pane: what it works out once per model change (pane_flags.c). */
	struct flags_cache	*flags;

	/* Release plans of the plans folder (plan_view.h). */
	struct plan_view	*plans;
	/* Rollouts pane: row order and services' health (pane_rollouts.c). */
	struct rollouts_cache	*rollouts;

	/* Health pane: row order and canary pairs (core/canary.h). */
	struct canary_view	*hview;

	/* The flag action in flight, or NULL (flag_run.c). */
	struct flag_run		*run;
	struct ui_note		*notes;		/* announcements on their way */

	struct event		*ev_stdin, *ev_redraw, *ev_tick, *ev_esc, *ev_arm;
	struct event		*ev_winch, *ev_int, *ev_term, *ev_hup;
	unsigned		 idle_reads;
	int			 stdin_flags;	/* fcntl flags to restore */
	struct key_decoder	 keydec;
};

/* theme.c */
void	theme_apply(struct ui_state *, int want_colour);
attr_t	ui_attr(struct ui_state *, enum role);

/* draw.c */
int	ui_put(struct ui_state *, int y, int x, int w, enum role,
	    const char *text, int fitflags);
int	ui_putf(struct ui_state *, int y, int x, int w, enum role,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void	ui_fill(struct ui_state *, int y, int x, int w, enum role);
void	ui_cell(struct ui_state *, int y, int x, int col, enum role,
	    const char *text, int selected);
void	ui_box(struct ui_state *, int y, int x, int h, int w, enum role);
const struct column *ui_col(struct ui_state *, int col);

/* ui.c */
void	ui_mark_dirty(struct ui_state *);

/* mode.c: the stack of modes */
int	mode_push(struct ui_state *, const struct mode_entry *, void *data);
void	mode_pop(struct ui_state *);
struct mode *mode_top(struct ui_state *);
/* The open mode of this kind, or NULL. */
struct mode *mode_find(struct ui_state *, const struct mode_entry *);
void	mode_paint_all(struct ui_state *);
/*
 * Whether a mode takes keys yet (as of st->now); a dialog shows its prompt
 * only then.  mode_arm_wait() is how long until the top one does, 0 if it
 * does.
 */
int	mode_armed(struct ui_state *, const struct mode *);
double	mode_arm_wait(struct ui_state *);
void	mode_free_all(struct ui_state *);
/* Keys and pasted text for the top mode; 0 when no mode took it. */
int	mode_key(struct ui_state *, int key, double t);
int	mode_paste(struct ui_state *, const char *text);
/* Up/Down/j/k, PgUp/PgDn/Space, g/G/Home/End on a struct scroll. */
extern const struct key_binding mode_scroll_keys[];
/* Keep sc's top within what paint found (rows, nlines). */
void	mode_scroll_clamp(struct scroll *);

/* msg.c: the one message line */
void	ui_message(struct ui_state *, enum role, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The same, staying until the next message (an action applying). */
void	ui_message_sticky(struct ui_state *, enum role, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	ui_message_clear(struct ui_state *);
int	ui_message_rows(struct ui_state *);
void	ui_message_paint(struct ui_state *, int y);

/* mode_help.c, mode_detail.c, mode_journal.c, mode_confirm.c */
int	mode_help_open(struct ui_state *);
int	mode_detail_open(struct ui_state *, const struct rollout *);
int	mode_journal_open(struct ui_state *);
/* The journal of one flag, beside its history from the flag service. */
int	mode_journal_open_flag(struct ui_state *, const struct flag *);
void	mode_journal_reload(struct ui_state *);

/*
 * flag_history.c: read a flag's history from its source (the event log);
 * cb gets the events (newest first, taken over) or a cause (taken over).
 * NULL when the source keeps none or the read cannot start.
 */
struct flag_history;
typedef void (*flag_history_cb)(struct flag_event *, size_t n, char *cause,
	    void *arg);
struct flag_history *flag_history_read(struct ui_state *, const char *source,
	    const char *flag, flag_history_cb, void *arg);
/* The reader is gone: the answer is dropped when it comes. */
void	flag_history_cancel(struct flag_history *);
/* Open the confirmation of a flag action. */
int	mode_confirm_open(struct ui_state *, const struct flag *,
	    const char *env, const char *action, const char *stage);
/* Open the confirmation of a rollout action (promote, abort, ...). */
int	mode_confirm_rollout_open(struct ui_state *, const struct rollout *,
	    const char *action, int full);
/* The `/` filter of the current pane; the `:` command line. */
int	mode_filter_open(struct ui_state *);
int	mode_cmdline_open(struct ui_state *);
/* Acknowledge the selected row's alert (or take it back). */
int	mode_ack_open(struct ui_state *);
/* The stage picker: choose a stage, then the confirmation opens. */
int	mode_picker_open(struct ui_state *, const struct flag *, const char *env);
extern const struct mode_entry mode_help_entry, mode_detail_entry,
	    mode_journal_entry, mode_confirm_entry, mode_picker_entry,
	    mode_filter_entry, mode_cmdline_entry, mode_ack_entry;

/* pane_rollouts.c */
const struct rollout *pane_rollouts_nth(struct ui_state *, size_t);
void	pane_rollouts_key_of(const struct rollout *, char *, size_t);
const char *pane_rollouts_wait_reason(const struct rollout *);

/* paint.c */
void	ui_paint(struct ui_state *);

/* rows.c: the rows a list pane shows (filtered, trouble first) */
size_t	ui_rows(struct ui_state *, size_t pane);
/* The pane's own index of shown row k. */
size_t	ui_row(struct ui_state *, size_t pane, size_t k);
/* The pane's own index of the selected row, or (size_t)-1. */
size_t	ui_selected(struct ui_state *);
const char *ui_filter(struct ui_state *, size_t pane);
void	ui_filter_set(struct ui_state *, size_t pane, const char *);
int	ui_filter_match(const char *filter, const char *text);
int	ui_sort(struct ui_state *, size_t pane);
void	ui_sort_next(struct ui_state *, size_t pane);
/* Each pane's order, kept in ui.json beside the journal. */
void	ui_sort_load(struct ui_state *);
void	ui_sort_save(struct ui_state *);
void	ui_rows_free(struct ui_state *);

/* alerts.c */
void	ui_alerts_load(struct ui_state *);
void	ui_alerts_free(struct ui_state *);
/* Worst unacknowledged problem of a pane, and how many rows have one. */
int	ui_pane_alerts(struct ui_state *, size_t pane, size_t *count);
/* The acknowledgement holding for a pane's row i, or NULL. */
const struct ack *ui_row_ack(struct ui_state *, size_t pane, size_t i);
int	ui_ack_row(struct ui_state *, const char *note);
/* Take the selected row's acknowledgement back; 0 if it had none. */
int	ui_unack_row(struct ui_state *);

/* copy.c: y copies the selected name, o its page (OSC 52) */
int	ui_copy_name(struct ui_state *);
int	ui_open_page(struct ui_state *);

/* sel.c */
void	ui_sel_resolve(struct ui_state *, size_t pane);
int	ui_sel_move(struct ui_state *, long delta, int absolute);
/* The selected row's graph node, as a UI_FOCUS reaction; 0 if none. */
int	ui_focus_selected(struct ui_state *);

/* flag_run.c: a flag action started from the dashboard */
struct action_outcome;
struct flag_request {
	char		*action;	/* "stage", "kill", "restore"; or a
					   rollout action: "promote", ... */
	char		*source, *flag, *env;
	/* A rollout action: "NS/NAME" (flag and env NULL), and --full. */
	char		*rollout;
	int		 full;
	char		*stage;		/* stage actions: the target */
	char		*expect;	/* the state shown when it was asked */
	char		*after;		/* what the confirmation said it becomes */
};
typedef void (*flag_run_done)(struct ui_state *, const struct flag_request *,
	    const struct action_outcome *);
/* Run it (req is taken over); done is called on the outcome if not NULL. */
void	flag_run_start(struct ui_state *, struct flag_request *, int force,
	    const char *reason, flag_run_done);
void	flag_request_free(struct flag_request *);
/* The dashboard is leaving: an action in flight reports to stderr. */
void	flag_run_detach(struct ui_state *);

/* notify_ui.c: announce an action's outcome; failures go to the message line. */
struct action_args;
struct notify_event;
void	notify_ui_flag(struct ui_state *, const struct action_args *,
	    const struct action_outcome *);
void	notify_ui_event(struct ui_state *, const struct notify_event *);
/* The dashboard is leaving: failures still to come go to stderr. */
void	notify_ui_detach(struct ui_state *);

/* keys_global.c: keys that work on every pane */
extern const struct key_binding ui_global_keys[];

#endif
