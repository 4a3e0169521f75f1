/*
 * source_request.h - one request to a configured source, built the same
 * way for every caller: the source's base URL, its credentials (the
 * adapter's scheme and the token), its CA file, TLS verification and
 * timeout.  The poller and the actions build their requests here, so how
 * a source authenticates is decided in one place.
 */
#ifndef RB_SOURCE_REQUEST_H
#define RB_SOURCE_REQUEST_H

#include "core/adapter.h"
#include "core/config.h"
#include "net/net.h"

/* The Authorization value for a source, or NULL; scrub and free it. */
char	*source_request_auth(const struct source_cfg *,
	    const struct adapter_entry *);
/*
 * Fill *nr for request d to source src with credentials `auth` (borrowed,
 * may be NULL).  *url is allocated and must outlive net_submit().
 */
void	source_request_fill(struct net_request *nr, const struct source_cfg *src,
	    const char *auth, const struct request_desc *d, char **url);

/* Scrub and free what source_request_auth() returned (NULL is fine). */
void	source_request_auth_free(char *auth);
/*
 * Send request d to src (source_request_fill, then net_submit).  0, or -1
 * when it could not be started: then cb is not called.
 */
int	source_request_submit(struct net *, const struct source_cfg *src,
	    const char *auth, const struct request_desc *d, net_cb cb, void *arg);

#endif
