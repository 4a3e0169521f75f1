/*
 * main.c - relboard's entry point: turns off core dumps (tokens are about
 * to be read), parses options (global options may stand before or after
 * the command), then runs a command from the command table, or the
 * dashboard when no command is given.
 */
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "ui/ui.h"

static const struct cmd_entry *cmd_table[] = {
	&cmd_status_entry,
	&cmd_flag_entry,
	&cmd_check_entry,
	&cmd_plan_entry,
	&cmd_rollout_entry,
	NULL
};

enum opt_kind { OPT_FLAG, OPT_ARG };

struct opt_entry {
	const char	*name;
	enum opt_kind	 kind;
	size_t		 offset;	/* into struct cli */
	const char	*cmds;		/* "" global, else "status flag" ... */
};

#define OFF(f) offsetof(struct cli, f)
static const struct opt_entry opt_table[] = {
	{ "--config",	OPT_ARG,  OFF(config_path), "" },
	{ "--demo",	OPT_FLAG, OFF(demo),	    "" },
	{ "--readonly",	OPT_FLAG, OFF(readonly),    "" },
	{ "--theme",	OPT_ARG,  OFF(theme),	    "" },
	{ "--json",	OPT_FLAG, OFF(json),	    "status" },
	{ "--at",	OPT_ARG,  OFF(at),	    "status" },
	{ "--env",	OPT_ARG,  OFF(env),	    "flag" },
	{ "--source",	OPT_ARG,  OFF(source),	    "flag rollout" },
	{ "--expect",	OPT_ARG,  OFF(expect),	    "flag" },
	{ "--reason",	OPT_ARG,  OFF(reason),	    "flag rollout" },
	{ "--dry-run",	OPT_FLAG, OFF(dry_run),	    "flag rollout plan" },
	{ "--force",	OPT_FLAG, OFF(force),	    "flag" },
	{ "--full",	OPT_FLAG, OFF(full),	    "rollout" },
};
#undef OFF

static void
usage(FILE *f)
{
	fputs("usage: relboard [--config FILE] [--demo] [--readonly] [--theme NAME]\n"
	    "       relboard status --json [--at TIME]\n"
	    "       relboard flag stage FLAG STAGE --env ENV [--source NAME]\n"
	    "                 [--expect STAGE[@PCT]] [--reason TEXT] [--force] [--dry-run]\n"
	    "       relboard flag kill FLAG --env ENV --reason TEXT [--source NAME]\n"
	    "                 [--expect STAGE] [--dry-run]\n"
	    "       relboard flag restore FLAG --env ENV [--source NAME]\n"
	    "                 [--expect killed@PCT] [--reason TEXT] [--force] [--dry-run]\n"
	    "       relboard rollout promote|abort|retry|pause [SOURCE/]NS/NAME\n"
	    "                 --reason TEXT [--full] [--source NAME] [--dry-run]\n"
	    "       relboard check\n"
	    "       relboard plan check FILE\n"
	    "       relboard plan run FILE [--dry-run]\n"
	    "       relboard --help | --version\n"
	    "\n"
	    "With no command, relboard shows the dashboard.  --demo starts a\n"
	    "simulated release day inside relboard and watches it.  The\n"
	    "configuration is FILE, else $XDG_CONFIG_HOME/relboard/config.json.\n"
	    "See relboard(1).\n", f);
}

static const struct opt_entry *
find_opt(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof opt_table / sizeof opt_table[0]; i++) {
		if (strcmp(opt_table[i].name, name) == 0)
			return &opt_table[i];
	}
	return NULL;
}

static int
opt_allowed(const struct opt_entry *o, const char *cmd)
{
	const char *p;
	size_t n;

	if (*o->cmds == '\0')
		return 1;
	if (cmd == NULL)
		return 0;
	n = strlen(cmd);
	for (p = o->cmds; (p = strstr(p, cmd)) != NULL; p += n) {
		if ((p == o->cmds || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli c;
	const struct cmd_entry *cmd = NULL;
	const struct opt_entry *o;
	const char *cmdname = NULL, *val;
	char *eq, *name, *cause = NULL;
	int i, k, options_done = 0, rc;
	struct ui_opts uo;

	/* Before any configuration or token is read. */
	if (cli_nodump(&cause) != 0) {
		fprintf(stderr, "relboard: %s\n", cause);
		free(cause);
		return EXIT_FAILED;
	}
	cause = NULL;
	setlocale(LC_ALL, "");
	memset(&c, 0, sizeof c);
	for (i = 1; i < argc; i++) {
		if (!options_done && strcmp(argv[i], "--") == 0) {
			options_done = 1;
			continue;
		}
		if (!options_done && strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (!options_done && strcmp(argv[i], "--version") == 0) {
			printf("relboard %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		}
		if (!options_done && argv[i][0] == '-' && argv[i][1] != '\0') {
			name = xstrdup(argv[i]);
			val = NULL;
			if ((eq = strchr(name, '=')) != NULL) {
				*eq = '\0';
				val = argv[i] + (eq - name) + 1;
			}
			if ((o = find_opt(name)) == NULL) {
				sanitize_eprintf("relboard: unknown option %s", name);
				free(name);
				usage(stderr);
				return EXIT_USAGE;
			}
			free(name);
			if (o->kind == OPT_FLAG) {
				if (val != NULL) {
					fprintf(stderr, "relboard: %s takes no value\n", o->name);
					return EXIT_USAGE;
				}
				*(int *)((char *)&c + o->offset) = 1;
			} else {
				if (val == NULL) {
					if (i + 1 >= argc) {
						fprintf(stderr, "relboard: %s needs a value\n",
						    o->name);
						return EXIT_USAGE;
					}
					val = argv[++i];
				}
				*(const char **)((char *)&c + o->offset) = val;
			}
			continue;
		}
		if (cmdname == NULL) {
			cmdname = argv[i];
			continue;
		}
		if (c.nargs == CLI_MAX_ARGS) {
			fprintf(stderr, "relboard: too many arguments\n");
			return EXIT_USAGE;
		}
		c.args[c.nargs++] = argv[i];
	}

	if (cmdname != NULL) {
		for (k = 0; cmd_table[k] != NULL; k++) {
			if (strcmp(cmd_table[k]->name, cmdname) == 0)
				cmd = cmd_table[k];
		}
		if (cmd == NULL) {
			sanitize_eprintf("relboard: unknown command \"%s\"", cmdname);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (c.nargs < cmd->min_args || c.nargs > cmd->max_args) {
			fprintf(stderr, "usage: relboard %s\n", cmd->usage);
			return EXIT_USAGE;
		}
	}
	for (k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--") == 0)
			break;
		name = xstrdup(argv[k]);
		if ((eq = strchr(name, '=')) != NULL)
			*eq = '\0';
		o = argv[k][0] == '-' ? find_opt(name) : NULL;
		free(name);
		if (o != NULL && !opt_allowed(o, cmdname)) {
			fprintf(stderr, "relboard: %s is an option of \"relboard %s\"\n",
			    o->name, o->cmds);
			return EXIT_USAGE;
		}
		if (o != NULL && o->kind == OPT_ARG && strchr(argv[k], '=') == NULL)
			k++;
	}

	if (cmd != NULL) {
		rc = cmd->exec(&c);
		cli_teardown(&c);
		return rc;
	}

	if (cli_setup(&c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		cli_teardown(&c);
		return EXIT_USAGE;
	}
	memset(&uo, 0, sizeof uo);
	uo.base = c.base;
	uo.cfg = &c.cfg;
	uo.model = &c.model;
	uo.poller = c.poller;
	uo.readonly = c.cfg.readonly;
	uo.theme = c.theme ? c.theme : c.cfg.theme;
	uo.plans_dir = c.plans_dir;
	rc = ui_run(&uo);
	/*
	 * The terminal is restored.  An action still in flight is settled now:
	 * its transfer is stopped, it is reported as unknown (or failed, if
	 * nothing was sent) and journaled, and its outcome goes to stderr.
	 */
	net_cancel_all(poller_net(c.poller), "relboard quit before the answer came");
	cli_teardown(&c);
	return rc;
}
