/*
 * setup.c - the start-up every command shares: the configuration (from a
 * file, or the embedded simulator's for --demo), the event base, the model
 * and the poller; and the matching teardown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "sim/sim.h"

static int
demo_journal(struct cli *c, char **cause)
{
	const char *tmp = getenv("TMPDIR");
	char *dir;

	dir = xasprintf("%s/relboard-demo-XXXXXX", tmp != NULL && *tmp == '/' ?
	    tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		*cause = xasprintf("cannot start the demo: a folder for its "
		    "journal (%s): %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	c->demo_dir = dir;
	free(c->cfg.journal);
	c->cfg.journal = xasprintf("%s/journal.jsonl", dir);
	return 0;
}

int
cli_setup(struct cli *c, char **cause)
{
	struct sim_opts so;
	char *path, *text, *why = NULL;
	size_t i;

	net_global_init();
	if ((c->base = event_base_new()) == NULL) {
		*cause = xstrdup("cannot create the event loop");
		return -1;
	}
	if (c->demo) {
		memset(&so, 0, sizeof so);
		so.speed = 1;
		so.quiet = 1;
		if ((c->sim = sim_start(c->base, &so, &why)) == NULL) {
			*cause = xasprintf("cannot start the demo: %s", why);
			free(why);
			return -1;
		}
		text = sim_demo_config(c->sim);
		if (config_parse(&c->cfg, "(demo)", text, cause) != 0) {
			free(text);
			return -1;
		}
		free(text);
		/*
		 * The demo keeps to itself: its journal is a temporary file,
		 * never the user's, and goes when it exits.
		 */
		if (demo_journal(c, cause) != 0 || cli_demo_plan(c, cause) != 0)
			return -1;
	} else {
		path = c->config_path ? xstrdup(c->config_path) : config_default_path();
		if (config_load(&c->cfg, path, cause) != 0) {
			free(path);
			return -1;
		}
		free(path);
	}
	c->have_cfg = 1;
	for (i = 0; i < c->cfg.nsources; i++) {
		if (c->cfg.sources[i].insecure_skip_tls_verify)
			sanitize_eprintf("relboard: warning: source %s sets "
			    "insecure_skip_tls_verify: its TLS certificate is "
			    "not verified", c->cfg.sources[i].name);
	}
	if (c->readonly)
		c->cfg.readonly = true;
	model_init(&c->model);
	if ((c->poller = poller_new(c->base, &c->cfg, &c->model, cause)) == NULL)
		return -1;
	return 0;
}

void
cli_teardown(struct cli *c)
{
	char *j;

	poller_free(c->poller);
	c->poller = NULL;
	if (c->sim != NULL)
		sim_free(c->sim);
	c->sim = NULL;
	model_free(&c->model);
	if (c->have_cfg)
		config_free(&c->cfg);
	c->have_cfg = 0;
	if (c->demo_dir != NULL) {
		j = xasprintf("%s/journal.jsonl", c->demo_dir);
		unlink(j);
		free(j);
		j = xasprintf("%s/acks.json", c->demo_dir);
		unlink(j);
		free(j);
		j = xasprintf("%s/ui.json", c->demo_dir);
		unlink(j);
		free(j);
		if (c->plans_dir != NULL) {
			j = xasprintf("%s/demo.json", c->plans_dir);
			unlink(j);
			free(j);
			rmdir(c->plans_dir);
		}
		rmdir(c->demo_dir);
		free(c->demo_dir);
		c->demo_dir = NULL;
	}
	if (c->plans_dir != NULL) {
		free(c->plans_dir);
		c->plans_dir = NULL;
	}
	if (c->base != NULL)
		event_base_free(c->base);
	c->base = NULL;
	net_global_cleanup();
}
