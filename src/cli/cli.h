/*
 * cli.h - relboard's command line: global options, the command table and
 * the shared start-up (configuration or demo, event base, poller).
 */
#ifndef RB_CLI_H
#define RB_CLI_H

#include "actions/action.h"
#include "core/config.h"
#include "core/model.h"

struct event_base;
struct poller;
struct sim;

/* Exit statuses (a contract; see relboard(1)). */
#define EXIT_OK		0
#define EXIT_USAGE	2
#define EXIT_SOURCE	3
#define EXIT_REFUSED	4
#define EXIT_FAILED	5

#define CLI_MAX_ARGS	16

struct cli {
	/* global options */
	const char	*config_path;
	int		 demo;
	int		 readonly;
	const char	*theme;
	/* command options */
	int		 json;
	const char	*at;
	const char	*env;
	const char	*source;
	const char	*expect;
	const char	*reason;
	int		 dry_run;
	int		 force;
	int		 full;		/* rollout promote --full */
	/* positional arguments after the command name */
	const char	*args[CLI_MAX_ARGS];
	int		 nargs;

	/* set up by cli_setup() */
	struct config	 cfg;
	int		 have_cfg;
	struct model	 model;
	struct event_base *base;
	struct sim	*sim;
	struct poller	*poller;
	char		*demo_dir;	/* --demo: its own journal, removed at exit */
	char		*plans_dir;	/* --demo: its plan; NULL: the user's */
};

struct cmd_entry {
	const char	*name;
	const char	*usage;
	int		 min_args, max_args;
	int		(*exec)(struct cli *);
};

extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_flag_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_plan_entry;
extern const struct cmd_entry cmd_rollout_entry;

/* An action's outcome awaited (action_report.c). */
struct cli_wait {
	struct event_base *base;
	int		 done;
	int		 rc;
};
/* Print an action's outcome; its exit status. */
int	cli_action_report(enum action_status, const char *message,
	    int overridable);
void	cli_wait_done(struct cli_wait *, int rc);
/* cli_setup() and one poll before an action; -1 after saying why not. */
int	cli_action_setup(struct cli *);
/* Run the event loop until the outcome came; its exit status. */
int	cli_wait_run(struct cli *, struct cli_wait *);

/*
 * No core dump, and not dumpable: called first thing, before any token is
 * read.  Returns 0, or -1 with *cause set.
 */
int	cli_nodump(char **cause);

/*
 * status --json's plans: those of the plans folder, where each stands
 * (cmd_plan.c).
 */
struct json_t *cli_plans_json(struct cli *);
/* --demo: a release plan in progress, in the demo's own folder (demo_plan.c). */
int	cli_demo_plan(struct cli *, char **cause);

/* Load the config (or start the demo simulator) and create the poller. */
int	cli_setup(struct cli *, char **cause);
void	cli_teardown(struct cli *);

#endif
