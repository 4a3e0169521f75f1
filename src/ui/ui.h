/*
 * ui.h - the interactive dashboard (ncurses on libevent).  The caller owns
 * every pointer in ui_opts; ui_run() borrows them for its duration.
 */
#ifndef RB_UI_H
#define RB_UI_H

struct event_base;
struct config;
struct model;
struct poller;

struct ui_opts {
	struct event_base	*base;
	const struct config	*cfg;
	struct model		*model;
	struct poller		*poller;	/* may be NULL (no polling) */
	int			 readonly;
	const char		*theme;		/* NULL: cfg->theme, else "default" */
	const char		*plans_dir;	/* NULL: plan_default_dir() */
};

/*
 * Run the dashboard until the user quits or SIGINT/SIGTERM/SIGHUP arrive.
 * Sets the poller's change callback and starts the poller.  Returns the
 * exit status: 0 after a normal quit, 2 when the dashboard cannot start
 * (no terminal, unknown TERM, bad theme), with the reason on stderr.  The
 * terminal is restored on every path.
 */
int	ui_run(const struct ui_opts *);

#endif
