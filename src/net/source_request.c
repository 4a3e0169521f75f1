/*
 * source_request.c - requests to a configured source: base URL, token,
 * CA file, TLS verification and timeout, the same for polls and actions.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "net/source_request.h"

char *
source_request_auth(const struct source_cfg *src, const struct adapter_entry *ad)
{
	if (src->token == NULL)
		return NULL;
	return xasprintf("%s%s", ad->auth_scheme, src->token);
}

void
source_request_fill(struct net_request *nr, const struct source_cfg *src,
    const char *auth, const struct request_desc *d, char **url)
{
	*url = xasprintf("%s%s", src->url, d->path);
	memset(nr, 0, sizeof *nr);
	nr->method = d->method;
	nr->url = *url;
	nr->body = d->body;
	nr->content_type = d->content_type;
	nr->auth = auth;
	nr->ca_file = src->ca_file;
	nr->insecure = src->insecure_skip_tls_verify;
	nr->timeout_ms = (long)(src->timeout_s * 1000);
}

void
source_request_auth_free(char *auth)
{
	if (auth == NULL)
		return;
	explicit_bzero(auth, strlen(auth));
	free(auth);
}

int
source_request_submit(struct net *net, const struct source_cfg *src,
    const char *auth, const struct request_desc *d, net_cb cb, void *arg)
{
	struct net_request req;
	char *url;
	int rc;

	source_request_fill(&req, src, auth, d, &url);
	rc = net_submit(net, &req, cb, arg);
	free(url);
	return rc;
}
