/*
 * fuzz_argo_watch.c - the argo-rollouts watch (argo_watch.c): one input
 * holds the Rollouts, ReplicaSets and Deployments list answers, then the
 * watch's lines, separated by FUZZ_SEP.  Each line is "STREAM<tab>EVENT"
 * (STREAM rollouts, replicasets or deployments; a line without a tab goes
 * to the Rollouts stream).  The lists fill the store (or fail and leave
 * it empty), each event is applied to the model on its own, and every
 * view and `status --json` is checked after them.  The watch requests are
 * planned after every event and must stay well formed.
 */
#include <stdlib.h>
#include <string.h>

#include "core/model_rollout.h"
#include "fuzz.h"

static size_t
stream_of(const char *line, size_t len, size_t *skip)
{
	static const char *names[] = { "rollouts", "replicasets",
	    "deployments" };
	const char	*tab = memchr(line, '\t', len);
	size_t		 i, n;

	*skip = 0;
	if (tab == NULL)
		return 0;
	n = (size_t)(tab - line);
	*skip = n + 1;
	for (i = 0; i < 3; i++) {
		if (strlen(names[i]) == n && memcmp(line, names[i], n) == 0)
			return i;
	}
	return n % 4;	/* also a stream that is not there */
}

static void
check_plan(const struct adapter_watch *ops, void *store,
    const struct poll_ctx *ctx)
{
	struct request_desc	 reqs[RB_MAX_REQUESTS];
	size_t			 i, n;

	memset(reqs, 0, sizeof reqs);
	n = ops->plan(store, ctx, 300, reqs);
	if (n != 3)
		fuzz_fail("the watch plans %zu streams", n);
	for (i = 0; i < n; i++) {
		if (reqs[i].path == NULL || reqs[i].path[0] != '/' ||
		    strpbrk(reqs[i].path, " \r\n\t#") != NULL)
			fuzz_fail("watch request %zu is malformed: %s", i,
			    reqs[i].path ? reqs[i].path : "(null)");
		request_desc_free(&reqs[i]);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config			 cfg;
	struct fuzz_poll		 p;
	struct model			 m;
	struct model_part		 part;
	struct model_rollout_delta	 d;
	const struct adapter_watch	*ops;
	void				*store;
	const char			*line, *end, *nl;
	char				*cause = NULL;
	size_t				 which, skip, i;

	fuzz_config(&cfg);
	fuzz_poll_init(&p, &cfg, "k8s", data, size, 4);
	ops = p.ad->watch;
	store = ops->store_new();
	model_init(&m);
	for (i = 0; i < cfg.nsources; i++)
		model_add_source(&m, cfg.sources[i].name, cfg.sources[i].kind);

	memset(&part, 0, sizeof part);
	if (ops->list(store, &p.ctx, p.resp, p.n < 3 ? p.n : 3, &part,
	    &cause) == 0) {
		model_apply(&m, "k8s", &part);
		model_source_ok(&m, "k8s", 900);
	} else {
		if (cause == NULL)
			fuzz_fail("a list failed without a cause");
		model_part_free(&part);
		free(cause);
	}
	check_plan(ops, store, &p.ctx);
	if (p.n == 4) {
		line = p.resp[3].body;
		end = line + p.resp[3].len;
		for (; line < end; line = nl + 1) {
			if ((nl = memchr(line, '\n', (size_t)(end - line))) ==
			    NULL)
				nl = end;
			which = stream_of(line, (size_t)(nl - line), &skip);
			memset(&d, 0, sizeof d);
			cause = NULL;
			switch (ops->event(store, &p.ctx, which, line + skip,
			    (size_t)(nl - line) - skip, &d, &cause)) {
			case WATCH_APPLIED:
			case WATCH_BOOKMARK:
				if (cause != NULL)
					fuzz_fail("an event applied with a "
					    "cause: %s", cause);
				break;
			case WATCH_GONE:
			case WATCH_FAILED:
			case WATCH_BAD:
				if (cause == NULL)
					fuzz_fail("an event refused without "
					    "a cause");
				if (d.put.nrollouts > 0 || d.ngone > 0)
					fuzz_fail("a refused event changed "
					    "rows");
				break;
			}
			free(cause);
			model_rollout_apply(&m, &d);
			check_plan(ops, store, &p.ctx);
		}
	}
	fuzz_views(&m, &cfg);
	model_free(&m);
	ops->store_free(store);
	fuzz_poll_free(&p);
	config_free(&cfg);
	return 0;
}
