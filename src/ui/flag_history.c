/*
 * flag_history.c - reads one flag's change history from its flag service
 * (the adapter's read_events/parse_events: Unleash's event log) for the
 * journal view, through the poller's net layer with the source's
 * credentials.  The view may close first: a cancelled read frees itself
 * when its answer comes, without calling back.
 */
#include <stdlib.h>
#include <string.h>

#include "core/adapter.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "ui/ui_int.h"

struct flag_history {
	const struct source_cfg *src;
	const struct adapter_entry *ad;
	char		*flag;
	char		*auth;
	flag_history_cb	 cb;		/* NULL once cancelled */
	void		*arg;
};

static void
history_free(struct flag_history *h)
{
	if (h->auth != NULL) {
		explicit_bzero(h->auth, strlen(h->auth));
		free(h->auth);
	}
	free(h->flag);
	free(h);
}

static void
on_answer(const struct net_response *nr, void *arg)
{
	struct flag_history *h = arg;
	struct response r = { nr->status, nr->body, nr->len, nr->error, 0 };
	struct flag_event *evs = NULL;
	size_t n = 0;
	char *cause = NULL;

	if (h->cb != NULL) {
		if (h->ad->parse_events(h->src, h->flag, &r, &evs, &n, &cause) != 0)
			n = 0;
		h->cb(evs, n, cause, h->arg);
	}
	history_free(h);
}

struct flag_history *
flag_history_read(struct ui_state *st, const char *source, const char *flag,
    flag_history_cb cb, void *arg)
{
	const struct source_cfg *src;
	const struct adapter_entry *ad;
	struct flag_history *h;
	struct request_desc req;
	struct net_request nr;
	char *url;
	int rc;

	if (st->poller == NULL || source == NULL ||
	    (src = config_find_source(st->cfg, source)) == NULL ||
	    (ad = adapter_find(src->kind)) == NULL || ad->read_events == NULL)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->src = src;
	h->ad = ad;
	h->flag = xstrdup(flag);
	h->cb = cb;
	h->arg = arg;
	if (src->token != NULL)
		h->auth = xasprintf("%s%s", ad->auth_scheme, src->token);
	ad->read_events(src, flag, &req);
	url = xasprintf("%s%s", src->url, req.path);
	memset(&nr, 0, sizeof nr);
	nr.method = req.method;
	nr.url = url;
	nr.auth = h->auth;
	nr.ca_file = src->ca_file;
	nr.insecure = src->insecure_skip_tls_verify;
	nr.timeout_ms = (long)(src->timeout_s * 1000);
	rc = net_submit(poller_net(st->poller), &nr, on_answer, h);
	free(url);
	request_desc_free(&req);
	if (rc != 0) {
		history_free(h);
		return NULL;
	}
	return h;
}

void
flag_history_cancel(struct flag_history *h)
{
	if (h != NULL)
		h->cb = NULL;
}
