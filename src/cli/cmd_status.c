/*
 * cmd_status.c - `relboard status --json [--at TIME]`: one poll of every
 * configured source, then the model as JSON on stdout.  Exit 0 when every
 * source answered, 3 when any failed (the JSON is still printed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/status_json.h"
#include "core/sanitize.h"
#include "core/timearg.h"
#include "core/util.h"
#include "net/poller.h"

static int
cmd_status_exec(struct cli *c)
{
	double at = 0;
	char *cause = NULL;
	json_t *doc;
	int failed, rc;

	if (!c->json) {
		fprintf(stderr, "relboard: status needs --json (the dashboard is "
		    "`relboard` with no command)\n");
		return EXIT_USAGE;
	}
	if (c->at != NULL && timearg_parse(c->at, &at, &cause) != 0) {
		/* The value as given, but safe to print. */
		sanitize_eprintf("relboard: --at \"%s\": %s", c->at, cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (cli_setup(c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	poller_set_at(c->poller, at);
	failed = poller_run_once(c->poller);
	poller_exposures_once(c->poller);
	doc = status_json_shell(&c->model, &c->cfg, now_wall(), now_mono());
	json_object_set_new(doc, "plans", cli_plans_json(c));
	rc = status_json_write(stdout, doc, &c->model);
	json_decref(doc);
	if (rc != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "relboard: cannot write the status: %s\n",
		    strerror(errno));
		return EXIT_FAILED;
	}
	return failed > 0 ? EXIT_SOURCE : EXIT_OK;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "status --json [--at TIME]",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_status_exec,
};
