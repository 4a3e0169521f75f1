/*
 * source_request.c - requests to a configured source: base URL,
 * credentials and TLS (kubeauth_fill), timeout, the same for polls and
 * actions.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "net/kubeauth.h"
#include "net/source_request.h"

void
source_request_fill(struct net_request *nr, const struct source_cfg *src,
    const char *scheme, const struct request_desc *d, char **url, char **auth)
{
	*url = xasprintf("%s%s", src->url, d->path);
	memset(nr, 0, sizeof *nr);
	nr->method = d->method;
	nr->url = *url;
	nr->body = d->body;
	nr->content_type = d->content_type;
	kubeauth_fill(src, scheme, nr, auth);
	nr->timeout_ms = (long)(src->timeout_s * 1000);
}

void
source_request_release(char *url, char *auth)
{
	kubeauth_auth_free(auth);
	free(url);
}

int
source_request_submit(struct net *net, const struct source_cfg *src,
    const char *scheme, const struct request_desc *d, net_cb cb, void *arg)
{
	struct net_request req;
	char *url, *auth;
	int rc;

	source_request_fill(&req, src, scheme, d, &url, &auth);
	rc = net_submit(net, &req, cb, arg);
	source_request_release(url, auth);
	return rc;
}
