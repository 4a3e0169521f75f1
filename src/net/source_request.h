/*
 * source_request.h - one request to a configured source, built the same
 * way for every caller: the source's base URL, its credentials (the
 * adapter's scheme and the token, or a kubeconfig's certificates and
 * exec plugin credential: net/kubeauth.h), its CA, TLS verification and
 * timeout.  The poller and the actions build their requests here, so how
 * a source authenticates is decided in one place.
 */
#ifndef RB_SOURCE_REQUEST_H
#define RB_SOURCE_REQUEST_H

#include "core/adapter.h"
#include "core/config.h"
#include "net/net.h"

/*
 * Fill *nr for request d to source src; `scheme` is the adapter's
 * Authorization scheme.  *url and *auth (the Authorization value, or
 * NULL) are allocated for *nr to point at: release them with
 * source_request_release() after net_submit().
 */
void	source_request_fill(struct net_request *nr, const struct source_cfg *src,
	    const char *scheme, const struct request_desc *d, char **url,
	    char **auth);
void	source_request_release(char *url, char *auth);
/*
 * Send request d to src (source_request_fill, then net_submit).  0, or -1
 * when it could not be started: then cb is not called.
 */
int	source_request_submit(struct net *, const struct source_cfg *src,
	    const char *scheme, const struct request_desc *d, net_cb cb,
	    void *arg);

#endif
