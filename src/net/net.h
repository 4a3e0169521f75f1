/*
 * net.h - HTTP for relboard.  net.c is the only place that touches libcurl's
 * multi handle: it rides on the caller's libevent event_base with the
 * multi_socket API.  Everything else submits a request and gets one
 * completion callback.
 */
#ifndef RB_NET_H
#define RB_NET_H

#include <stddef.h>

struct event_base;
struct net;

struct net_header {
	const char	*name;
	const char	*value;
};

struct net_request {
	const char	*method;	/* "GET" when NULL */
	const char	*url;
	const char	*body;		/* NULL for none */
	const char	*content_type;	/* NULL = application/json when body set */
	const char	*auth;		/* full Authorization value, never logged */
	const char	*if_none_match;	/* ETag to revalidate, or NULL */
	const char	*ca_file;
	int		 insecure;	/* skip TLS verification */
	long		 timeout_ms;	/* whole transfer; 0 = 10 s */
	size_t		 max_body;	/* 0 = 16 MiB */
	/*
	 * From a kubeconfig: a CA, a client certificate and its key, each
	 * as a file or as PEM bytes in memory (handed to libcurl as blobs,
	 * never written to a file); the name to verify the server's
	 * certificate against (tls-server-name); a proxy.  NULL: none.
	 */
	const char	*ca_pem;
	size_t		 ca_pem_len;
	const char	*cert_file, *cert_pem;
	size_t		 cert_pem_len;
	const char	*key_file, *key_pem;
	size_t		 key_pem_len;
	const char	*tls_server_name;
	const char	*proxy;
	/*
	 * A small answer is expected (a probe answered by a 304): no Accept
	 * or Accept-Encoding header, which would only add bytes.
	 */
	int		 plain;
};

/* Why no HTTP answer arrived (status 0); NET_FAIL_NONE when one did. */
enum net_fail {
	NET_FAIL_NONE = 0,
	NET_FAIL_DNS,		/* the host name does not resolve */
	NET_FAIL_REFUSED,	/* nothing listens there */
	NET_FAIL_RESET,		/* the server reset the connection */
	NET_FAIL_CLOSED,	/* closed without an answer (empty reply) */
	NET_FAIL_TIMEOUT,	/* no connection or no answer in time */
	NET_FAIL_TLS,		/* TLS handshake or certificate */
	NET_FAIL_TOO_BIG,	/* the answer is larger than max_body */
	NET_FAIL_CANCELLED,	/* net_cancel_all() */
	NET_FAIL_OTHER
};

struct net_response {
	long		 status;	/* 0 when no HTTP answer arrived */
	char		*body;		/* NUL-terminated, owned by net */
	size_t		 len;
	char		*etag;		/* ETag header or NULL */
	const char	*error;		/* transport error text when status is 0 */
	int		 sent;		/* the request was fully sent (ambiguity) */
	double		 elapsed_s;
	enum net_fail	 fail;		/* the kind of failure when status is 0 */
	/*
	 * Retry-After of the answer in whole seconds from now (an HTTP-date
	 * is made relative; one in the past is 0); -1 when there is none.
	 */
	long		 retry_after_s;
	char		**owner_;	/* net_take_body(); private to net.c */
};

typedef void (*net_cb)(const struct net_response *, void *arg);

/*
 * From inside the completion callback: take the answer's body (NUL-
 * terminated, r->len bytes) instead of copying it; the caller frees it.
 * NULL when there is none to take (no answer, or a stream's).
 */
char	*net_take_body(const struct net_response *);

/*
 * libcurl's process-wide setup: call net_global_init once at start-up before
 * any other thread exists and net_global_cleanup once at exit.
 */
void	net_global_init(void);
void	net_global_cleanup(void);

struct net *net_new(struct event_base *, char **cause);
/* Borrowed strings in the request are copied. Returns 0 or -1. */
int	net_submit(struct net *, const struct net_request *, net_cb, void *arg);
size_t	net_pending(const struct net *);
/*
 * A streamed answer (a Kubernetes watch), read as it arrives.  `line` is
 * called once with (NULL, 0) when the headers of a 2xx answer are in (the
 * stream is open), then with each complete line of its body, without the
 * newline (empty lines are skipped).  It returns 0 to go on, non-zero to
 * end the stream.  `done` is then called once as for net_submit(): with
 * the status, and for an answer that is not 2xx its body; a stream that
 * `line` ended has status 0 and NET_FAIL_CANCELLED.  Nothing limits the
 * whole transfer: idle_s seconds without a byte end it (NET_FAIL_TIMEOUT),
 * and max_body limits one line.  Returns a handle for net_stream_cancel(),
 * or NULL.
 */
struct net_xfer;
typedef int (*net_line_cb)(const char *line, size_t len, void *arg);
struct net_xfer *net_stream(struct net *, const struct net_request *, long idle_s,
	    net_line_cb, net_cb done, void *arg);
/*
 * End a stream (or any transfer in flight) without calling back.  Not
 * from inside that transfer's own callbacks.
 */
void	net_stream_cancel(struct net *, struct net_xfer *);
/*
 * Stop every transfer in flight and call each back once with status 0,
 * `reason` as the error and `sent` set when the request had gone out, so
 * that callers can record an unknown outcome.  From then on net_submit()
 * fails.  Used when relboard quits with work in flight.
 */
void	net_cancel_all(struct net *, const char *reason);
/*
 * Cancels transfers in flight without calling back; frees.  Must be called
 * before the event_base is freed and never from inside a completion callback
 * (net_submit from inside one is fine).
 */
void	net_free(struct net *);

#endif
