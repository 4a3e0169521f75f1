/*
 * ui_int.h - shared between the dashboard's files: its state, the pane
 * table (one file per pane, as tmux has one file per command) and the
 * drawing helpers in draw.c.
 */
#ifndef RB_UI_INT_H
#define RB_UI_INT_H

#include <curses.h>
#include <stddef.h>

#include "ui/layout.h"
#include "ui/theme.h"
#include "ui/ui.h"

/* Reactions a key handler returns (as htop's actions do). */
#define UI_REDRAW	0x1
#define UI_QUIT		0x2
#define UI_REFRESH	0x4

#define UI_MAXCOLS	24
#define UI_MAXENVS	12
#define UI_KEYLEN	512

struct canary_view;
struct event;
struct rollout;
struct rollout_detail;
struct flagui;
struct graph_view;
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
	/* Worst problem shown: 0 none, ROLE_WARN or ROLE_CRIT. */
	int	(*alert)(struct ui_state *);
	/* Pane-specific keys; returns UI_* flags, or 0 if not handled. */
	int	(*keypress)(struct ui_state *, int);
	/* Optional: paint one attention line at y; 1 if it did. */
	int	(*attention)(struct ui_state *, int y);
	/* Optional help section (NULL-terminated); replaces "Panes". */
	const char *const *help;
	/* Optional: paint the whole pane at rows y..y+h-1 instead of a list. */
	void	(*paint)(struct ui_state *, int y, int h);
	/* Optional: the graph node of row i ("flag:NAME"), for the `g` key. */
	void	(*graph_node)(struct ui_state *, size_t, char *, size_t);
};

extern const struct pane_entry *const ui_panes[];
extern const size_t ui_npanes;

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
	int			 help;
	int			 quit;

	int			 dirty;
	int			 redraw_pending;
	unsigned long		 paints;
	int			 list_rows;	/* rows of the list last painted */
	double			 now;		/* now_mono() of this paint */

	char			*notice;	/* transient status message */
	double			 notice_until;

	/* Per-paint layout, filled by the pane's layout(). */
	struct column		 cols[UI_MAXCOLS];
	size_t			 ncols;
	const char		*envs[UI_MAXENVS]; /* flags pane columns */
	size_t			 nenvs;

	/* Graph pane: the graph, its layout and the view (pane_graph.c). */
	struct graph_view	*graph;

	/* Health pane: row order and canary pairs (core/canary.h). */
	struct canary_view	*hview;

	/* Flag actions: dialog, outcome line, journal (flagui.h). */
	struct flagui		*flagui;

	/* Rollouts pane: the open detail view, or NULL (rollout_detail.c). */
	struct rollout_detail	*rdetail;

	struct event		*ev_stdin, *ev_redraw, *ev_tick;
	struct event		*ev_winch, *ev_int, *ev_term, *ev_hup;
	unsigned		 idle_reads;
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

/* pane_rollouts.c */
const struct rollout *pane_rollouts_nth(struct ui_state *, size_t);
void	pane_rollouts_key_of(const struct rollout *, char *, size_t);
const char *pane_rollouts_wait_reason(const struct rollout *);

/* rollout_detail.c */
int	rollout_detail_open(struct ui_state *, const struct rollout *);
int	rollout_detail_key(struct ui_state *, int);
void	rollout_detail_paint(struct ui_state *);
void	rollout_detail_free(struct ui_state *);

/* flag_action.c */
void	flagui_free(struct ui_state *);
int	flagui_message_row(struct ui_state *);
void	flagui_paint_message(struct ui_state *, int y);
void	flagui_paint_overlay(struct ui_state *);

/* pane_graph.c */
void	pane_graph_free(struct ui_state *);
/* Switch to the Graph pane centred on a node, e.g. "flag:new-checkout". */
void	ui_focus_graph(struct ui_state *, const char *id);
/* The same for the selected row of the current pane; 0 if it has none. */
int	ui_focus_graph_selected(struct ui_state *);

/* paint.c */
void	ui_paint(struct ui_state *);
void	ui_sel_resolve(struct ui_state *, size_t pane);
int	ui_sel_move(struct ui_state *, long delta, int absolute);

#endif
