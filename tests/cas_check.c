/*
 * cas_check.c - compare-and-set against a live flag service (a real Unleash
 * or relboard-sim), run by tests/integration/flag_actions.sh:
 *
 *   cas_check URL TOKEN_FILE FLAG ENV
 *
 * Reads FLAG, changes its rollout behind the reader's back, then sends the
 * write the unleash adapter plans from the stale read.  The service must
 * refuse it (the JSON Patch test fails), the adapter must call that a
 * conflict, and the flag must still show the other writer's value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/adapter.h"
#include "core/flag_state.h"
#include "core/util.h"
#include "net/net.h"

struct call {
	struct event_base *base;
	long		 status;
	char		*body;
	size_t		 len;
};

static void
on_done(const struct net_response *r, void *arg)
{
	struct call *c = arg;

	c->status = r->status;
	c->body = xstrndup(r->body ? r->body : "", r->len);
	c->len = r->len;
	event_base_loopbreak(c->base);
}

/* One request, waited for. */
static struct response
call(struct net *net, struct event_base *base, const char *url, const char *auth,
    const struct request_desc *d, struct call *c)
{
	struct net_request req;
	struct response resp;
	char *full = xasprintf("%s%s", url, d->path);

	memset(c, 0, sizeof *c);
	c->base = base;
	memset(&req, 0, sizeof req);
	req.method = d->method;
	req.url = full;
	req.body = d->body;
	req.auth = auth;
	if (net_submit(net, &req, on_done, c) != 0) {
		fprintf(stderr, "cas_check: cannot submit\n");
		exit(1);
	}
	event_base_dispatch(base);
	free(full);
	resp.status = c->status;
	resp.body = c->body;
	resp.len = c->len;
	resp.error = NULL;
	return resp;
}

static void
read_state(struct net *net, struct event_base *base, struct source_cfg *src,
    const char *auth, const char *flag, const char *env, struct flag_state *st)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct request_desc d;
	struct response r;
	struct call c;
	char *cause = NULL;
	int missing;

	ad->read_flag(src, flag, &d);
	r = call(net, base, src->url, auth, &d, &c);
	if (ad->parse_flag(src, flag, env, &r, st, &missing, &cause) != 0) {
		fprintf(stderr, "cas_check: %s\n", cause);
		exit(1);
	}
	request_desc_free(&d);
	free(c.body);
}

int
main(int argc, char **argv)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	struct source_cfg src;
	struct event_base *base;
	struct net *net;
	struct flag_state before, other, after;
	struct flag_target t;
	struct request_desc reqs[RB_MAX_REQUESTS];
	struct response r;
	struct call c;
	char *token, *auth, *cause = NULL;
	size_t n, i;
	int rc = 0, outcome;

	if (argc != 5) {
		fprintf(stderr, "usage: cas_check URL TOKEN_FILE FLAG ENV\n");
		return 2;
	}
	if ((token = read_file(argv[2], NULL, &cause)) == NULL) {
		fprintf(stderr, "cas_check: %s\n", cause);
		return 2;
	}
	token[strcspn(token, "\r\n")] = '\0';
	auth = token;
	memset(&src, 0, sizeof src);
	src.name = "flags";
	src.kind = "unleash";
	src.url = argv[1];
	src.project = "default";

	net_global_init();
	base = event_base_new();
	net = net_new(base, &cause);

	/* The operator reads the flag... */
	read_state(net, base, &src, auth, argv[3], argv[4], &before);
	if (!before.has_rollout || before.rollout == RB_UNKNOWN_INT) {
		fprintf(stderr, "cas_check: %s has no rollout strategy\n", argv[3]);
		return 1;
	}
	/* ...someone else moves it to another percentage... */
	t.enabled = before.enabled;
	t.rollout = before.rollout == 33 ? 34 : 33;
	n = ad->plan_write(&src, argv[3], argv[4], &before, &t, reqs);
	for (i = 0; i < n; i++) {
		r = call(net, base, src.url, auth, &reqs[i], &c);
		if (ad->write_outcome(&r) != WRITE_OK) {
			fprintf(stderr, "cas_check: the other writer failed: %ld\n", r.status);
			return 1;
		}
		free(c.body);
		request_desc_free(&reqs[i]);
	}
	read_state(net, base, &src, auth, argv[3], argv[4], &other);
	printf("ok - another writer set %s %s to %d%%\n", argv[3], argv[4], other.rollout);

	/* ...and the operator's write, planned from the stale read, is refused. */
	t.rollout = before.rollout == 50 ? 20 : 50;
	n = ad->plan_write(&src, argv[3], argv[4], &before, &t, reqs);
	if (n == 0 || strcmp(reqs[0].method, "PATCH") != 0 ||
	    strstr(reqs[0].body, "\"op\":\"test\"") == NULL) {
		fprintf(stderr, "cas_check: the write is not a tested PATCH\n");
		return 1;
	}
	r = call(net, base, src.url, auth, &reqs[0], &c);
	outcome = ad->write_outcome(&r);
	if (outcome != WRITE_CONFLICT) {
		printf("not ok - a stale write answered %ld, outcome %d: %s\n", r.status,
		    outcome, c.body);
		rc = 1;
	} else
		printf("ok - a stale write is refused by the service (%ld)\n", r.status);
	free(c.body);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);

	read_state(net, base, &src, auth, argv[3], argv[4], &after);
	if (after.rollout != other.rollout) {
		printf("not ok - the service shows %d%%, want %d%%\n", after.rollout,
		    other.rollout);
		rc = 1;
	} else
		printf("ok - nothing written: the service still shows %d%%\n", after.rollout);

	/* Put the flag back as it was for the checks that follow. */
	t.rollout = before.rollout;
	t.enabled = before.enabled;
	n = ad->plan_write(&src, argv[3], argv[4], &after, &t, reqs);
	for (i = 0; i < n; i++) {
		r = call(net, base, src.url, auth, &reqs[i], &c);
		free(c.body);
		request_desc_free(&reqs[i]);
	}
	flag_state_free(&before);
	flag_state_free(&other);
	flag_state_free(&after);
	net_free(net);
	event_base_free(base);
	net_global_cleanup();
	memset(token, 0, strlen(token));
	free(token);
	return rc;
}
