/*
 * net.c - HTTP for relboard on libcurl's multi_socket API, driven by the
 * caller's libevent event_base.
 *
 * curl tells us which sockets to watch (socket_cb: one event per socket,
 * stored with curl_multi_assign) and when to call it back on a timeout
 * (timer_cb: one evtimer).  libevent tells curl when a socket is ready
 * (event_cb) or the timer fired (timeout_cb).  After every
 * curl_multi_socket_action, check_done drains curl_multi_info_read, calls
 * each finished request's callback exactly once and frees its easy handle.
 *
 * Whether a failed request was sent: a request counts as sent once curl has
 * written its request headers (CURLINFO_REQUEST_SIZE > 0) and every byte of
 * its body (CURLINFO_SIZE_UPLOAD_T equals the body length).  A failure
 * after that point (a timeout, a reset while waiting for the answer) leaves
 * the outcome unknown; before it the server cannot have acted on it.
 *
 * A failure without an answer is named by kind (enum net_fail) and in a
 * short line: "connection refused", "connection reset by the server",
 * "timed out after 5 s", "TLS: certificate verify failed (...)", "DNS:
 * cannot resolve host x".  Retry-After (seconds or an HTTP-date) is handed
 * on as a number of seconds.
 *
 * A stream (net_stream) has no limit on its whole time but an idle guard
 * (curl's low-speed limit); its body is cut into lines as it arrives and
 * each complete line is handed on, so nothing but the unfinished line is
 * kept.
 *
 * The Authorization value is only ever placed in a request header: it is
 * not logged, not put in a URL, and removed from any error text.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <event2/event.h>

#include "core/util.h"
#include "net/net.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

#define NET_USER_AGENT		"relboard/" PACKAGE_VERSION
#define NET_DEFAULT_TIMEOUT	10000L
#define NET_CONNECT_TIMEOUT	5000L
#define NET_DEFAULT_MAX_BODY	((size_t)16 * 1024 * 1024)
#define NET_NOPROXY		"127.0.0.1,localhost,::1"

/* One socket curl asked us to watch. */
struct net_sock {
	struct net		*net;
	curl_socket_t		 fd;
	struct event		*ev;
	struct net_sock		*prev;
	struct net_sock		*next;
};

/* One request in flight. */
struct net_xfer {
	struct net		*net;
	CURL			*easy;
	struct curl_slist	*headers;
	char			*auth;		/* kept to scrub error text */
	char			*noproxy;
	struct curl_slist	*connect_to;	/* tls-server-name */

	net_cb			 cb;
	void			*arg;
	net_line_cb		 line;		/* a stream's, else NULL */
	int			 open;		/* a stream's 2xx headers are in */
	int			 stopped;	/* line() ended the stream */
	size_t			 scan;		/* the unfinished line's bytes seen */

	char			*body;
	size_t			 len;
	size_t			 cap;
	size_t			 max_body;
	int			 too_big;
	size_t			 upload_len;
	int			 ca_file;	/* a CA file was given */

	char			*etag;
	long			 retry_after;	/* seconds, -1 none */
	char			 errbuf[CURL_ERROR_SIZE];
	double			 start;
	long			 timeout_ms;	/* whole transfer */
	long			 connect_ms;	/* connecting */

	struct net_xfer		*prev;
	struct net_xfer		*next;
};

struct net {
	struct event_base	*base;
	CURLM			*multi;
	struct event		*timer;
	struct net_xfer		*xfers;
	struct net_sock		*socks;
	size_t			 pending;
	int			 closing;	/* net_cancel_all() ran */
};

static void	check_done(struct net *);

void
net_global_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
net_global_cleanup(void)
{
	curl_global_cleanup();
}

/* Drop the socket's event, if any, and forget it. */
static void
sock_free(struct net *net, struct net_sock *s)
{
	if (s->ev != NULL) {
		event_del(s->ev);
		event_free(s->ev);
	}
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		net->socks = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	free(s);
}

/* libevent: a watched socket is ready; tell curl. */
static void
event_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net	*net = arg;
	int		 action = 0, running;

	if (what & EV_READ)
		action |= CURL_CSELECT_IN;
	if (what & EV_WRITE)
		action |= CURL_CSELECT_OUT;
	curl_multi_socket_action(net->multi, fd, action, &running);
	check_done(net);
}

/* libevent: curl's timeout expired. */
static void
timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct net	*net = arg;
	int		 running;

	curl_multi_socket_action(net->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(net);
}

/* curl: watch (or stop watching) a socket. */
static int
socket_cb(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct net	*net = userp;
	struct net_sock	*s = socketp;
	short		 kind = 0;

	if (what == CURL_POLL_REMOVE) {
		if (s != NULL) {
			curl_multi_assign(net->multi, fd, NULL);
			sock_free(net, s);
		}
		return (0);
	}

	if (s == NULL) {
		s = xcalloc(1, sizeof *s);
		s->net = net;
		s->fd = fd;
		s->next = net->socks;
		if (s->next != NULL)
			s->next->prev = s;
		net->socks = s;
		curl_multi_assign(net->multi, fd, s);
	}
	if (s->ev != NULL) {
		event_del(s->ev);
		event_free(s->ev);
		s->ev = NULL;
	}

	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		kind |= EV_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		kind |= EV_WRITE;
	if (kind == 0)
		return (0);
	s->ev = event_new(net->base, fd, kind|EV_PERSIST, event_cb, net);
	if (s->ev == NULL || event_add(s->ev, NULL) != 0)
		return (-1);
	return (0);
}

/*
 * curl: (re)arm the one timer.  -1 removes it; 0 fires on the next loop
 * iteration rather than calling back into curl from here.
 */
static int
timer_cb(CURLM *multi, long timeout_ms, void *userp)
{
	struct net	*net = userp;
	struct timeval	 tv;

	if (timeout_ms < 0) {
		evtimer_del(net->timer);
		return (0);
	}
	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	if (evtimer_add(net->timer, &tv) != 0)
		return (-1);
	return (0);
}

/* curl: response body bytes; refuse more than max_body. */
static size_t
write_cb(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct net_xfer	*x = userp;
	size_t		 n = size * nmemb;

	if (n > x->max_body - x->len) {
		x->too_big = 1;
		return (0);
	}
	if (x->len + n + 1 > x->cap) {
		x->cap = x->cap == 0 ? 4096 : x->cap;
		while (x->len + n + 1 > x->cap)
			x->cap *= 2;
		x->body = xrealloc(x->body, x->cap);
	}
	memcpy(x->body + x->len, ptr, n);
	x->len += n;
	x->body[x->len] = '\0';
	return (n);
}

/* The status of the answer being read. */
static long
xfer_status(struct net_xfer *x)
{
	long	status = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	return (status);
}

/*
 * curl: a stream's body bytes.  A 2xx body is cut into lines for x->line;
 * any other answer is kept whole for the completion callback.
 */
static size_t
stream_write_cb(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct net_xfer	*x = userp;
	size_t		 n = size * nmemb, start = 0, len;
	char		*nl;

	if (!x->open)
		return (write_cb(ptr, size, nmemb, userp));
	if (write_cb(ptr, size, nmemb, userp) != n)
		return (0);	/* one line longer than max_body */
	while ((nl = memchr(x->body + x->scan, '\n', x->len - x->scan)) !=
	    NULL) {
		len = (size_t)(nl - (x->body + start));
		if (len > 0 && x->body[start + len - 1] == '\r')
			len--;
		x->scan = (size_t)(nl - x->body) + 1;
		if (len > 0 && x->line(x->body + start, len, x->arg) != 0) {
			x->stopped = 1;
			return (0);
		}
		start = x->scan;
	}
	if (start > 0) {
		memmove(x->body, x->body + start, x->len - start);
		x->len -= start;
		x->body[x->len] = '\0';
	}
	x->scan = x->len;
	return (n);
}

/*
 * If the header line is "name: value", point *v and *vlen at the value
 * without surrounding white space.
 */
static int
header_value(const char *line, size_t n, const char *name, const char **v,
    size_t *vlen)
{
	size_t		 nl = strlen(name);
	const char	*p, *end;

	if (n <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return (0);
	p = line + nl + 1;
	end = line + n;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	*v = p;
	*vlen = end - p;
	return (1);
}

/*
 * Retry-After: delta-seconds or an HTTP-date, as seconds from now (a date
 * in the past is 0); -1 when the value is neither.
 */
static long
retry_after_value(const char *v, size_t len)
{
	char		 buf[128];
	size_t		 i;
	long		 secs = 0;
	time_t		 when, now;

	if (len == 0 || len >= sizeof buf)
		return (-1);
	for (i = 0; i < len && isdigit((unsigned char)v[i]); i++) {
		if (secs > (LONG_MAX - 9) / 10)
			secs = LONG_MAX;	/* absurdly far: saturate */
		else
			secs = secs * 10 + (v[i] - '0');
	}
	if (i == len)
		return (secs);
	if (i > 0 || !isalpha((unsigned char)v[0]))
		return (-1);	/* "12x", "-1", "1.5" */
	memcpy(buf, v, len);
	buf[len] = '\0';
	if ((when = curl_getdate(buf, NULL)) == -1)
		return (-1);
	now = time(NULL);
	return (when <= now ? 0 : (long)(when - now));
}

/* curl: one response header line; keep the final response's ETag and Retry-After. */
static size_t
header_cb(char *ptr, size_t size, size_t nitems, void *userp)
{
	struct net_xfer	*x = userp;
	size_t		 n = size * nitems, len;
	const char	*v;
	long		 status;

	if (x->line != NULL && (n == 2 || n == 1) && (ptr[0] == '\r' ||
	    ptr[0] == '\n')) {
		/* The end of a header block: a stream opens on a 2xx. */
		status = xfer_status(x);
		if (status >= 200 && status <= 299 && !x->open) {
			x->open = 1;
			if (x->line(NULL, 0, x->arg) != 0) {
				x->stopped = 1;
				return (0);
			}
		}
		return (n);
	}
	if (n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
		/* A new status line (after 100 Continue, say). */
		free(x->etag);
		x->etag = NULL;
		x->retry_after = -1;
		return (n);
	}
	if (header_value(ptr, n, "etag", &v, &len)) {
		free(x->etag);
		x->etag = len == 0 ? NULL : xstrndup(v, len);
	} else if (header_value(ptr, n, "retry-after", &v, &len))
		x->retry_after = retry_after_value(v, len);
	return (n);
}

/* Replace every occurrence of secret in *s with a marker. */
static void
scrub(char **s, const char *secret)
{
	static const char	 mark[] = "[redacted]";
	char			*p, *t;
	size_t			 slen, off = 0;

	if (secret == NULL || (slen = strlen(secret)) == 0)
		return;
	while ((p = strstr(*s + off, secret)) != NULL) {
		off = (p - *s) + sizeof mark - 1;
		t = xasprintf("%.*s%s%s", (int)(p - *s), *s, mark, p + slen);
		free(*s);
		*s = t;
	}
}

/* Lower-case the first letter of a sentence ("Timeout was" -> "timeout was"). */
static void
lower_first(char *s)
{
	if (isupper((unsigned char)s[0]) && islower((unsigned char)s[1]))
		s[0] = tolower((unsigned char)s[0]);
}

/* "5 s", "0.3 s" */
static char *
seconds_text(long ms)
{
	return (xasprintf("%g s", (double)ms / 1000));
}

/* The host part of the transfer's URL, or a copy of "the host". */
static char *
url_host(struct net_xfer *x)
{
	CURLU	*u;
	char	*url = NULL, *host = NULL, *copy;

	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url);
	if (url == NULL || (u = curl_url()) == NULL)
		return (xstrdup("the host"));
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    host == NULL) {
		curl_url_cleanup(u);
		return (xstrdup("the host"));
	}
	copy = xstrdup(host);
	curl_free(host);
	curl_url_cleanup(u);
	return (copy);
}

/* curl's detail without a trailing ": <curl's reason>", trimmed. */
static const char *
detail(struct net_xfer *x, CURLcode rc)
{
	const char	*curl_what = curl_easy_strerror(rc);
	size_t		 n, wn;

	n = strlen(x->errbuf);
	while (n > 0 && isspace((unsigned char)x->errbuf[n - 1]))
		x->errbuf[--n] = '\0';
	wn = strlen(curl_what);
	if (n > wn + 2 && strcasecmp(x->errbuf + n - wn, curl_what) == 0 &&
	    strncmp(x->errbuf + n - wn - 2, ": ", 2) == 0)
		x->errbuf[n - wn - 2] = '\0';
	return (x->errbuf);
}

static int
is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_USE_SSL_FAILED:
		return (1);
	default:
		return (0);
	}
}

/* "TLS: certificate verify failed (...)", and what to do about it. */
static char *
tls_text(struct net_xfer *x, CURLcode rc)
{
	const char	*d = detail(x, rc), *p;
	char		*what, *text;

	if (rc != CURLE_PEER_FAILED_VERIFICATION) {
		if (*d == '\0')
			d = curl_easy_strerror(rc);
		/* OpenSSL's "error:0A000410:SSL routines::sslv3 alert ..." */
		if ((p = strstr(d, "routines::")) != NULL)
			d = p + 10;
		if (rc == CURLE_SSL_CONNECT_ERROR)
			return (xasprintf("TLS: handshake failed (%s)", d));
		return (xasprintf("TLS: %s", d));
	}
	/* curl: "SSL certificate problem: unable to get local issuer ..." */
	if ((p = strstr(d, "certificate problem: ")) != NULL)
		what = xasprintf("TLS: certificate verify failed (%s)", p + 21);
	else
		what = xstrdup("TLS: certificate verify failed");
	if (strstr(d, "subject name") != NULL ||
	    strstr(d, "does not match") != NULL)
		p = "the certificate is not for this host name";
	else if (x->ca_file)
		p = "it is not signed by the CA in ca_file";
	else
		p = "set ca_file to the CA that signed the server's certificate";
	text = xasprintf("%s: %s", what, p);
	free(what);
	return (text);
}

/* The system's reason for errno e, lower-cased ("network is unreachable"). */
static char *
errno_text(long e)
{
	char	*t = xstrdup(strerror((int)e));

	lower_first(t);
	return (t);
}

/*
 * The kind of a transport failure and a one-line reason for it, with no
 * secret in it.
 */
static char *
failure_text(struct net_xfer *x, CURLcode rc, enum net_fail *fail)
{
	char		*text, *host, *t, *p;
	const char	*d;
	long		 os_errno = 0, request_size = 0;
	curl_off_t	 connected = 0;

	if (curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno) !=
	    CURLE_OK)
		os_errno = 0;
	d = detail(x, rc);

	if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		*fail = NET_FAIL_TOO_BIG;
		text = xasprintf("response larger than %zu bytes", x->max_body);
	} else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
		*fail = NET_FAIL_DNS;
		host = url_host(x);
		text = xasprintf("DNS: cannot resolve host %s", host);
		free(host);
	} else if (rc == CURLE_COULDNT_RESOLVE_PROXY) {
		*fail = NET_FAIL_DNS;
		text = xasprintf("DNS: cannot resolve the proxy (%s)", d);
	} else if (rc == CURLE_OPERATION_TIMEDOUT &&
	    strncasecmp(d, "resolving timed out", 19) == 0) {
		*fail = NET_FAIL_DNS;
		host = url_host(x);
		t = seconds_text(x->connect_ms);
		text = xasprintf("DNS: no answer for host %s in %s", host, t);
		free(t);
		free(host);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		*fail = NET_FAIL_TIMEOUT;
		/* Connected (or a kept-alive connection sent the request)? */
		if (curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T,
		    &connected) != CURLE_OK)
			connected = 0;
		if (curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE,
		    &request_size) == CURLE_OK && request_size > 0)
			connected = 1;
		if (connected > 0) {
			t = seconds_text(x->timeout_ms);
			text = xasprintf("timed out after %s", t);
		} else {
			t = seconds_text(x->connect_ms);
			text = xasprintf("timed out connecting after %s", t);
		}
		free(t);
	} else if (rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED) {
		*fail = NET_FAIL_REFUSED;
		text = xstrdup("connection refused");
	} else if ((rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR ||
	    rc == CURLE_SEND_ERROR || rc == CURLE_SSL_CONNECT_ERROR) &&
	    (os_errno == ECONNRESET || os_errno == EPIPE ||
	    strstr(d, "reset by peer") != NULL)) {
		/* Also during the TLS handshake: the server hung up. */
		*fail = NET_FAIL_RESET;
		text = xstrdup("connection reset by the server");
	} else if (rc == CURLE_COULDNT_CONNECT && os_errno == ETIMEDOUT) {
		*fail = NET_FAIL_TIMEOUT;
		text = xstrdup("timed out connecting");
	} else if (rc == CURLE_COULDNT_CONNECT && os_errno != 0) {
		*fail = NET_FAIL_OTHER;
		text = errno_text(os_errno);
	} else if ((rc == CURLE_RECV_ERROR || rc == CURLE_SSL_CONNECT_ERROR) &&
	    strstr(d, "alert certificate required") != NULL) {
		/* TLS 1.3 says so after the handshake, on the first read. */
		*fail = NET_FAIL_TLS;
		text = xstrdup("TLS: the server asks for a client certificate");
	} else if ((rc == CURLE_RECV_ERROR || rc == CURLE_SSL_CONNECT_ERROR) &&
	    (strstr(d, "alert unknown ca") != NULL ||
	    strstr(d, "alert bad certificate") != NULL)) {
		*fail = NET_FAIL_TLS;
		text = xstrdup("TLS: the server refused the client certificate");
	} else if (is_tls_error(rc)) {
		*fail = NET_FAIL_TLS;
		text = tls_text(x, rc);
	} else if (rc == CURLE_GOT_NOTHING) {
		*fail = NET_FAIL_CLOSED;
		text = xstrdup("the server closed the connection without an "
		    "answer");
	} else {
		*fail = NET_FAIL_OTHER;
		t = xstrdup(curl_easy_strerror(rc));
		lower_first(t);
		if (*d == '\0' || strcasecmp(d, t) == 0)
			text = t;
		else {
			text = xasprintf("%s (%s)", t, d);
			free(t);
		}
	}

	for (p = text; *p != '\0'; p++) {
		if (iscntrl((unsigned char)*p))
			*p = ' ';
	}
	if (x->auth != NULL) {
		scrub(&text, x->auth);
		if ((p = strchr(x->auth, ' ')) != NULL)
			scrub(&text, p + 1);
	}
	return (text);
}

/* Did the whole request leave this host before the failure? */
static int
was_sent(struct net_xfer *x)
{
	long		request_size = 0;
	curl_off_t	uploaded = 0;

	if (curl_easy_getinfo(x->easy, CURLINFO_REQUEST_SIZE,
	    &request_size) != CURLE_OK || request_size <= 0)
		return (0);
	if (x->upload_len == 0)
		return (1);
	if (curl_easy_getinfo(x->easy, CURLINFO_SIZE_UPLOAD_T,
	    &uploaded) != CURLE_OK)
		return (0);
	return ((size_t)uploaded >= x->upload_len);
}

/* Take a transfer off the list of those in flight. */
static void
xfer_unlink(struct net_xfer *x)
{
	struct net	*net = x->net;

	if (x->prev != NULL)
		x->prev->next = x->next;
	else
		net->xfers = x->next;
	if (x->next != NULL)
		x->next->prev = x->prev;
	x->prev = x->next = NULL;
	net->pending--;
}

static void
xfer_free(struct net_xfer *x)
{
	struct curl_slist	*l;

	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	/* One of the header lines carries the Authorization value. */
	for (l = x->headers; l != NULL; l = l->next) {
		if (l->data != NULL)
			explicit_bzero(l->data, strlen(l->data));
	}
	curl_slist_free_all(x->headers);
	if (x->auth != NULL) {
		explicit_bzero(x->auth, strlen(x->auth));
		free(x->auth);
	}
	free(x->noproxy);
	curl_slist_free_all(x->connect_to);
	free(x->body);
	free(x->etag);
	free(x);
}

/* One transfer finished: build its response and call back once. */
static void
finish(struct net_xfer *x, CURLcode rc)
{
	struct net_response	 r;
	char			*error = NULL;
	long			 status = 0;

	memset(&r, 0, sizeof r);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	if (x->stopped) {
		r.status = 0;
		r.body = (char *)"";
		r.error = "stream ended";
		r.fail = NET_FAIL_CANCELLED;
		r.retry_after_s = -1;
		r.sent = 1;
	} else if (rc == CURLE_OK && status > 0) {
		r.status = status;
		r.body = x->body != NULL && !x->open ? x->body : (char *)"";
		r.len = x->open ? 0 : x->len;
		r.owner_ = x->open ? NULL : &x->body;
		r.etag = x->etag;
		r.sent = 1;
		r.retry_after_s = x->retry_after;
	} else {
		if (rc == CURLE_OK)
			rc = CURLE_RECV_ERROR;
		error = failure_text(x, rc, &r.fail);
		r.retry_after_s = -1;
		r.status = 0;
		r.body = (char *)"";
		r.len = 0;
		r.error = error;
		r.sent = was_sent(x);
	}
	r.elapsed_s = now_mono() - x->start;

	x->cb(&r, x->arg);
	free(error);
}

char *
net_take_body(const struct net_response *r)
{
	char	*b;

	if (r->owner_ == NULL || *r->owner_ == NULL)
		return NULL;
	b = *r->owner_;
	*r->owner_ = NULL;
	/* The buffer grew by doubling: give back what the body leaves. */
	return xrealloc(b, r->len + 1);
}

/* Drain curl's completed transfers. */
static void
check_done(struct net *net)
{
	struct net_xfer	*x;
	CURLMsg		*msg;
	CURL		*easy;
	CURLcode	 rc;
	int		 left;
	char		*priv;

	while ((msg = curl_multi_info_read(net->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		easy = msg->easy_handle;
		rc = msg->data.result;	/* msg is gone after remove_handle */
		priv = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
		x = (struct net_xfer *)priv;
		curl_multi_remove_handle(net->multi, easy);
		xfer_unlink(x);		/* not pending during its callback */
		finish(x, rc);
		xfer_free(x);
	}
}

struct net *
net_new(struct event_base *base, char **cause)
{
	struct net	*net;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		*cause = xstrdup("cannot initialise libcurl");
		return (NULL);
	}
	net = xcalloc(1, sizeof *net);
	net->base = base;
	net->multi = curl_multi_init();
	if (net->multi == NULL) {
		*cause = xstrdup("cannot create curl multi handle");
		goto fail;
	}
	net->timer = evtimer_new(base, timeout_cb, net);
	if (net->timer == NULL) {
		*cause = xstrdup("cannot create timer event");
		goto fail;
	}
	curl_multi_setopt(net->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(net->multi, CURLMOPT_SOCKETDATA, net);
	curl_multi_setopt(net->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(net->multi, CURLMOPT_TIMERDATA, net);
	return (net);

fail:
	if (net->multi != NULL)
		curl_multi_cleanup(net->multi);
	free(net);
	curl_global_cleanup();
	return (NULL);
}

/* Our loopback names plus whatever the environment already excludes. */
static char *
noproxy_list(void)
{
	const char	*env;

	if ((env = getenv("no_proxy")) == NULL || *env == '\0')
		env = getenv("NO_PROXY");
	if (env == NULL || *env == '\0')
		return (xstrdup(NET_NOPROXY));
	if (strcmp(env, "*") == 0)
		return (xstrdup("*"));
	return (xasprintf("%s,%s", NET_NOPROXY, env));
}

static int
method_ok(const char *m)
{
	static const char *const methods[] = {
		"GET", "POST", "PATCH", "PUT", "DELETE"
	};
	size_t	i;

	for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
		if (strcmp(m, methods[i]) == 0)
			return (1);
	}
	return (0);
}

/* Add "name: value"; a NULL value removes a header curl would add. */
static void
add_header(struct net_xfer *x, const char *name, const char *value)
{
	struct curl_slist	*l;
	char			*line;

	if (value != NULL)
		line = xasprintf("%s: %s", name, value);
	else
		line = xasprintf("%s:", name);
	l = curl_slist_append(x->headers, line);
	explicit_bzero(line, strlen(line));
	free(line);
	if (l == NULL) {
		fputs("relboard: out of memory\n", stderr);
		abort();
	}
	x->headers = l;
}

/* A header value must not break the request apart. */
static int
header_value_ok(const char *v)
{
	return (v == NULL || strpbrk(v, "\r\n") == NULL);
}

/* Hand PEM bytes to libcurl (which copies them). */
static void
set_blob(CURL *e, CURLoption opt, const char *pem, size_t len)
{
	struct curl_blob	 b;

	b.data = (void *)(uintptr_t)pem;
	b.len = len;
	b.flags = CURL_BLOB_COPY;
	curl_easy_setopt(e, opt, &b);
}

/*
 * A kubeconfig's TLS material, tls-server-name and proxy.  The server
 * name is verified by asking for the URL under that name and connecting
 * to the real host (CURLOPT_CONNECT_TO).
 */
static int
client_tls(struct net_xfer *x, const struct net_request *req)
{
	CURL	*e = x->easy;
	CURLU	*u;
	char	*host = NULL, *port = NULL, *url = NULL, *line;
	int	 rc = -1;

	if (req->ca_pem != NULL) {
		set_blob(e, CURLOPT_CAINFO_BLOB, req->ca_pem, req->ca_pem_len);
		x->ca_file = 1;
	}
	if (req->cert_file != NULL)
		curl_easy_setopt(e, CURLOPT_SSLCERT, req->cert_file);
	if (req->cert_pem != NULL)
		set_blob(e, CURLOPT_SSLCERT_BLOB, req->cert_pem, req->cert_pem_len);
	if (req->key_file != NULL)
		curl_easy_setopt(e, CURLOPT_SSLKEY, req->key_file);
	if (req->key_pem != NULL)
		set_blob(e, CURLOPT_SSLKEY_BLOB, req->key_pem, req->key_pem_len);
	if (req->proxy != NULL) {
		curl_easy_setopt(e, CURLOPT_PROXY, req->proxy);
		curl_easy_setopt(e, CURLOPT_NOPROXY, "");
	}
	if (req->tls_server_name == NULL)
		return (0);
	if ((u = curl_url()) == NULL)
		return (-1);
	if (curl_url_set(u, CURLUPART_URL, req->url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK &&
	    curl_url_set(u, CURLUPART_HOST, req->tls_server_name, 0) ==
	    CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK) {
		line = xasprintf("%s:%s:%s:%s", req->tls_server_name, port,
		    host, port);
		x->connect_to = curl_slist_append(NULL, line);
		free(line);
		curl_easy_setopt(e, CURLOPT_URL, url);
		curl_easy_setopt(e, CURLOPT_CONNECT_TO, x->connect_to);
		rc = x->connect_to != NULL ? 0 : -1;
	}
	curl_free(host);
	curl_free(port);
	curl_free(url);
	curl_url_cleanup(u);
	return (rc);
}

/* A transfer for the request, set up but not started; NULL when refused. */
static struct net_xfer *
xfer_new(struct net *net, const struct net_request *req, net_cb cb,
    void *arg)
{
	struct net_xfer	*x;
	const char	*method = req->method != NULL ? req->method : "GET";
	long		 timeout, connect;
	CURL		*e;

	if (net->closing || req->url == NULL || cb == NULL || !method_ok(method))
		return (NULL);
	if (!header_value_ok(req->auth) || !header_value_ok(req->if_none_match) ||
	    !header_value_ok(req->content_type))
		return (NULL);
	if ((e = curl_easy_init()) == NULL)
		return (NULL);

	x = xcalloc(1, sizeof *x);
	x->net = net;
	x->easy = e;
	x->cb = cb;
	x->arg = arg;
	x->max_body = req->max_body != 0 ? req->max_body : NET_DEFAULT_MAX_BODY;
	x->start = now_mono();
	x->noproxy = noproxy_list();
	x->retry_after = -1;

	timeout = req->timeout_ms > 0 ? req->timeout_ms : NET_DEFAULT_TIMEOUT;
	connect = timeout < NET_CONNECT_TIMEOUT ? timeout : NET_CONNECT_TIMEOUT;
	x->timeout_ms = timeout;
	x->connect_ms = connect;

	curl_easy_setopt(e, CURLOPT_URL, req->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_NOPROGRESS, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, NET_USER_AGENT);
	if (!req->plain)
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect);
	curl_easy_setopt(e, CURLOPT_NOPROXY, x->noproxy);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, CURLPROTO_HTTP|CURLPROTO_HTTPS);
#endif

	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, req->insecure ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, req->insecure ? 0L : 2L);
	if (req->ca_file != NULL && *req->ca_file != '\0') {
		curl_easy_setopt(e, CURLOPT_CAINFO, req->ca_file);
		x->ca_file = 1;
	}
	if (client_tls(x, req) != 0) {
		xfer_free(x);
		return (NULL);
	}

	if (strcmp(method, "POST") == 0)
		curl_easy_setopt(e, CURLOPT_POST, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	/*
	 * A write goes on a connection of its own, closed after it: on a
	 * kept-alive connection that the server closes unanswered, libcurl
	 * would send the request again on a new one, and a write must never
	 * be sent twice.
	 */
	if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
	}
	if (req->body != NULL) {
		x->upload_len = strlen(req->body);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)x->upload_len);
		curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, req->body);
		add_header(x, "Content-Type", req->content_type != NULL ?
		    req->content_type : "application/json");
	} else if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, 0L);
		curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, "");
		add_header(x, "Content-Type", NULL);
	}

	add_header(x, "Accept", req->plain ? NULL : "application/json");
	add_header(x, "Expect", NULL);
	if (req->if_none_match != NULL && *req->if_none_match != '\0')
		add_header(x, "If-None-Match", req->if_none_match);
	if (req->auth != NULL && *req->auth != '\0') {
		add_header(x, "Authorization", req->auth);
		x->auth = xstrdup(req->auth);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	return (x);
}

/* Put a set-up transfer in flight; -1 (and it is freed) when curl refuses. */
static int
xfer_start(struct net *net, struct net_xfer *x)
{
	x->next = net->xfers;
	if (x->next != NULL)
		x->next->prev = x;
	net->xfers = x;
	net->pending++;

	if (curl_multi_add_handle(net->multi, x->easy) != CURLM_OK) {
		xfer_unlink(x);
		xfer_free(x);
		return (-1);
	}
	return (0);
}

int
net_submit(struct net *net, const struct net_request *req, net_cb cb,
    void *arg)
{
	struct net_xfer	*x;

	if ((x = xfer_new(net, req, cb, arg)) == NULL)
		return (-1);
	return (xfer_start(net, x));
}

struct net_xfer *
net_stream(struct net *net, const struct net_request *req, long idle_s,
    net_line_cb line, net_cb done, void *arg)
{
	struct net_xfer	*x;

	if (line == NULL || idle_s <= 0 || (x = xfer_new(net, req, done,
	    arg)) == NULL)
		return (NULL);
	x->line = line;
	x->timeout_ms = idle_s * 1000;
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, 0L);
	curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(x->easy, CURLOPT_LOW_SPEED_TIME, idle_s);
	curl_easy_setopt(x->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)0);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, stream_write_cb);
	if (xfer_start(net, x) != 0)
		return (NULL);
	return (x);
}

void
net_stream_cancel(struct net *net, struct net_xfer *x)
{
	if (x == NULL)
		return;
	curl_multi_remove_handle(net->multi, x->easy);
	xfer_unlink(x);
	xfer_free(x);
}

size_t
net_pending(const struct net *net)
{
	return (net->pending);
}

void
net_cancel_all(struct net *net, const char *reason)
{
	struct net_xfer		*x;
	struct net_response	 r;

	net->closing = 1;
	while ((x = net->xfers) != NULL) {
		curl_multi_remove_handle(net->multi, x->easy);
		xfer_unlink(x);
		memset(&r, 0, sizeof r);
		r.body = (char *)"";
		r.error = reason;
		r.fail = NET_FAIL_CANCELLED;
		r.retry_after_s = -1;
		r.sent = was_sent(x);
		r.elapsed_s = now_mono() - x->start;
		x->cb(&r, x->arg);
		xfer_free(x);
	}
}

void
net_free(struct net *net)
{
	struct net_xfer	*x;

	if (net == NULL)
		return;
	while ((x = net->xfers) != NULL) {
		curl_multi_remove_handle(net->multi, x->easy);
		xfer_unlink(x);
		xfer_free(x);
	}
	curl_multi_cleanup(net->multi);
	while (net->socks != NULL)
		sock_free(net, net->socks);
	event_free(net->timer);
	free(net);
	curl_global_cleanup();
}
