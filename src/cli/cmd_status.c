/*
 * cmd_status.c - `relboard status --json [--at TIME]`: one poll of every
 * configured source, then the model as JSON on stdout.  Exit 0 when every
 * source answered, 3 when any failed (the JSON is still printed).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/status_json.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/poller.h"

/* RFC 3339 ("2026-11-26T05:00:00Z", offsets allowed) or Unix seconds. */
static int
parse_time(const char *s, double *out)
{
	struct tm tm;
	char *end;
	const char *p;
	double v;
	int sign, hh, mm;
	time_t t;

	v = strtod(s, &end);
	if (end != s && *end == '\0' && isfinite(v) && v > 0) {
		*out = v;
		return 0;
	}
	memset(&tm, 0, sizeof tm);
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return -1;
	v = 0;
	if (*p == '.') {
		v = strtod(p, &end);
		p = end;
	}
	t = timegm(&tm);
	if (*p == 'Z' && p[1] == '\0') {
		*out = (double)t + v;
		return 0;
	}
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d", &hh, &mm) == 2 &&
	    strlen(p) == 6) {
		sign = *p == '+' ? 1 : -1;
		*out = (double)t + v - sign * (hh * 3600 + mm * 60);
		return 0;
	}
	return -1;
}

static int
cmd_status_exec(struct cli *c)
{
	double at = 0;
	char *cause = NULL, *text;
	json_t *doc;
	int failed;

	if (!c->json) {
		fprintf(stderr, "relboard: status needs --json (the dashboard is "
		    "`relboard` with no command)\n");
		return EXIT_USAGE;
	}
	if (c->at != NULL && parse_time(c->at, &at) != 0) {
		sanitize_eprintf("relboard: --at %s: expected RFC 3339 "
		    "(2026-11-26T05:00:00Z) or Unix seconds", c->at);
		return EXIT_USAGE;
	}
	if (cli_setup(c, &cause) != 0) {
		sanitize_eprintf("relboard: %s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	poller_set_at(c->poller, at);
	failed = poller_run_once(c->poller);
	doc = status_json(&c->model, &c->cfg, now_wall(), now_mono());
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(doc);
	if (text == NULL || puts(text) == EOF || fflush(stdout) != 0) {
		fprintf(stderr, "relboard: cannot write the status: %s\n",
		    strerror(errno));
		free(text);
		return EXIT_FAILED;
	}
	free(text);
	return failed > 0 ? EXIT_SOURCE : EXIT_OK;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "status --json [--at TIME]",
	.min_args = 0,
	.max_args = 0,
	.exec = cmd_status_exec,
};
