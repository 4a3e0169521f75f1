/*
 * check_net.c - round trips through net.c against an evhttp server on an
 * ephemeral 127.0.0.1 port in the same event_base: methods and bodies,
 * ETag revalidation, Retry-After, headers, status pass-through, transport
 * failures named by kind (refused, reset, closed, timeouts, DNS), size
 * limits, concurrency, re-entrant submits and cancellation; streams
 * (net_stream): lines cut from a chunked body, an answer that is not 2xx,
 * a stream ended by its line callback, the idle guard and cancelling.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "core/util.h"
#include "net/net.h"

#define TOKEN		"s3cr3t-t0ken-value"
#define AUTH		"Bearer " TOKEN
#define BIG_SIZE	100000

struct result {
	int	 calls;
	long	 status;
	char	*body;
	size_t	 len;
	char	*etag;
	char	*error;
	int	 sent;
	double	 elapsed;
	enum net_fail fail;
	long	 retry_after;
};

/* A listener that takes each connection, reads the request and drops it. */
struct rude {
	int		 fd;
	int		 port;
	int		 reset;		/* RST (SO_LINGER 0) rather than FIN */
	struct event	*ev;
	unsigned	 accepted;
};

struct fixture {
	struct event_base	*base;
	struct evhttp		*http;
	int			 port;
	int			 hang_fd;	/* listens, never accepts */
	int			 hang_port;
	struct rude		 rst;		/* resets each connection */
	struct rude		 fin;		/* closes each without answer */
	struct net		*net;
	struct event		*watchdog;
	int			 want;
	int			 got;
	int			 expired;
};

static struct fixture	fx;

static const char *
method_name(enum evhttp_cmd_type cmd)
{
	switch (cmd) {
	case EVHTTP_REQ_GET:
		return ("GET");
	case EVHTTP_REQ_POST:
		return ("POST");
	case EVHTTP_REQ_PATCH:
		return ("PATCH");
	case EVHTTP_REQ_PUT:
		return ("PUT");
	case EVHTTP_REQ_DELETE:
		return ("DELETE");
	default:
		return ("OTHER");
	}
}

static const char *
hdr(struct evhttp_request *req, const char *name)
{
	const char	*v;

	v = evhttp_find_header(evhttp_request_get_input_headers(req), name);
	return (v != NULL ? v : "-");
}

/* The test server: a handful of paths, each exercising one behaviour. */
static void
server_cb(struct evhttp_request *req, void *arg)
{
	const char	*uri = evhttp_request_get_uri(req);
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	struct evbuffer	*out = evbuffer_new();
	struct evkeyvalq *oh = evhttp_request_get_output_headers(req);
	size_t		 n, i;
	char		 chunk[1000];

	if (strcmp(uri, "/etag") == 0) {
		evhttp_add_header(oh, "ETag", "\"v1\"");
		if (strcmp(hdr(req, "If-None-Match"), "\"v1\"") == 0)
			evhttp_send_reply(req, 304, "Not Modified", NULL);
		else {
			evbuffer_add_printf(out, "{\"ok\":true}");
			evhttp_send_reply(req, 200, "OK", out);
		}
	} else if (strcmp(uri, "/echo") == 0) {
		n = evbuffer_get_length(in);
		evbuffer_add_printf(out, "%s|%s|%s|%s|%s|%s|%s|",
		    method_name(evhttp_request_get_command(req)),
		    hdr(req, "Content-Type"), hdr(req, "Authorization"),
		    hdr(req, "Accept"), hdr(req, "User-Agent"),
		    hdr(req, "Expect"), hdr(req, "If-None-Match"));
		evbuffer_add(out, evbuffer_pullup(in, -1), n);
		evhttp_send_reply(req, 200, "OK", out);
	} else if (strcmp(uri, "/429") == 0) {
		evhttp_add_header(oh, "Retry-After", "7");
		evhttp_send_reply(req, 429, "Too Many Requests", NULL);
	} else if (strncmp(uri, "/503date", 8) == 0) {
		/* Retry-After as an HTTP-date, 120 s (or ?N s) from now. */
		char		 date[64];
		time_t		 t = time(NULL) + (uri[8] == '?' ?
				    atol(uri + 9) : 120);
		struct tm	 tm;

		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		evhttp_add_header(oh, "Retry-After", date);
		evhttp_send_reply(req, 503, "Service Unavailable", NULL);
	} else if (strncmp(uri, "/retry?", 7) == 0) {
		/* 200 with whatever Retry-After the query says. */
		char	*v = evhttp_decode_uri(uri + 7);

		evhttp_add_header(oh, "Retry-After", v);
		free(v);
		evbuffer_add_printf(out, "ok");
		evhttp_send_reply(req, 200, "OK", out);
	} else if (strcmp(uri, "/500") == 0) {
		evbuffer_add_printf(out, "boom");
		evhttp_send_reply(req, 500, "Internal Server Error", out);
	} else if (strcmp(uri, "/big") == 0) {
		memset(chunk, 'x', sizeof chunk);
		for (i = 0; i < BIG_SIZE / sizeof chunk; i++)
			evbuffer_add(out, chunk, sizeof chunk);
		evhttp_send_reply(req, 200, "OK", out);
	} else if (strcmp(uri, "/stream") == 0) {
		/* Three lines, one cut across two chunks, a blank one, CRLF. */
		evhttp_add_header(oh, "Content-Type", "application/json");
		evhttp_send_reply_start(req, 200, "OK");
		evbuffer_add_printf(out, "{\"a\":1}\n{\"b\"");
		evhttp_send_reply_chunk(req, out);
		evbuffer_add_printf(out, ":2}\r\n\n{\"c\":3}\nunfinished");
		evhttp_send_reply_chunk(req, out);
		evhttp_send_reply_end(req);
	} else if (strcmp(uri, "/stream-open") == 0) {
		/* One line, then silence: the stream stays open. */
		evhttp_send_reply_start(req, 200, "OK");
		evbuffer_add_printf(out, "{\"first\":true}\n");
		evhttp_send_reply_chunk(req, out);
	} else if (strcmp(uri, "/bigchunked") == 0) {
		memset(chunk, 'y', sizeof chunk);
		evhttp_send_reply_start(req, 200, "OK");
		for (i = 0; i < BIG_SIZE / sizeof chunk; i++) {
			evbuffer_add(out, chunk, sizeof chunk);
			evhttp_send_reply_chunk(req, out);
		}
		evhttp_send_reply_end(req);
	} else {
		evbuffer_add_printf(out, "not found");
		evhttp_send_reply(req, 404, "Not Found", out);
	}
	evbuffer_free(out);
}

static int
local_port(int fd)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;

	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	return (ntohs(sin.sin_port));
}

/* A bound socket on 127.0.0.1 with a kernel-chosen port. */
static int
bound_socket(void)
{
	struct sockaddr_in	sin;
	int			fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	return (fd);
}

/* A connection of a rude listener: read (some of) the request, then drop. */
static void
rude_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct rude	*r = arg;
	struct linger	 l = { 1, 0 };
	char		 buf[4096];

	(void)what;
	(void)!read(fd, buf, sizeof buf);
	if (r->reset)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
	close(fd);
}

static void
rude_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct rude	*r = arg;
	int		 c;

	(void)what;
	if ((c = accept(fd, NULL, NULL)) < 0)
		return;
	r->accepted++;
	/* Once the request is in: the connection had been fully set up. */
	event_base_once(fx.base, c, EV_READ, rude_read_cb, r, NULL);
}

static void
rude_start(struct rude *r, int reset)
{
	r->fd = bound_socket();
	ck_assert_int_eq(listen(r->fd, 16), 0);
	r->port = local_port(r->fd);
	r->reset = reset;
	r->ev = event_new(fx.base, r->fd, EV_READ|EV_PERSIST, rude_accept_cb,
	    r);
	event_add(r->ev, NULL);
}

static void
rude_stop(struct rude *r)
{
	event_free(r->ev);
	close(r->fd);
}

static void
watchdog_cb(evutil_socket_t fd, short what, void *arg)
{
	fx.expired = 1;
	event_base_loopbreak(fx.base);
}

/* What a stream's line callback saw; r first, for capture_cb. */
struct lines {
	struct result r;
	int	 opened;
	int	 n;
	char	 text[256];	/* the lines, each followed by '|' */
	int	 stop_at;	/* end the stream at this line (1-based), 0 never */
	int	 loopbreak;	/* break the loop at the first line */
};

static int
lines_cb(const char *line, size_t len, void *arg)
{
	struct lines	*l = arg;
	size_t		 off = strlen(l->text);

	if (line == NULL) {
		l->opened++;
		return (0);
	}
	l->n++;
	snprintf(l->text + off, sizeof l->text - off, "%.*s|", (int)len, line);
	if (l->loopbreak)
		event_base_loopbreak(fx.base);
	return (l->stop_at != 0 && l->n >= l->stop_at);
}

static void
setup(void)
{
	struct evhttp_bound_socket	*bs;
	char				*cause = NULL;

	memset(&fx, 0, sizeof fx);
	fx.base = event_base_new();
	ck_assert_ptr_nonnull(fx.base);

	fx.http = evhttp_new(fx.base);
	evhttp_set_allowed_methods(fx.http, EVHTTP_REQ_GET|EVHTTP_REQ_POST|
	    EVHTTP_REQ_PATCH|EVHTTP_REQ_PUT|EVHTTP_REQ_DELETE);
	evhttp_set_gencb(fx.http, server_cb, NULL);
	bs = evhttp_bind_socket_with_handle(fx.http, "127.0.0.1", 0);
	ck_assert_ptr_nonnull(bs);
	fx.port = local_port(evhttp_bound_socket_get_fd(bs));

	fx.hang_fd = bound_socket();
	ck_assert_int_eq(listen(fx.hang_fd, 64), 0);
	fx.hang_port = local_port(fx.hang_fd);
	rude_start(&fx.rst, 1);
	rude_start(&fx.fin, 0);

	fx.net = net_new(fx.base, &cause);
	ck_assert_ptr_nonnull(fx.net);
	fx.watchdog = evtimer_new(fx.base, watchdog_cb, NULL);
}

static void
teardown(void)
{
	net_free(fx.net);
	event_free(fx.watchdog);
	evhttp_free(fx.http);
	close(fx.hang_fd);
	rude_stop(&fx.rst);
	rude_stop(&fx.fin);
	event_base_free(fx.base);
}

static void
result_clear(struct result *r)
{
	free(r->body);
	free(r->etag);
	free(r->error);
	memset(r, 0, sizeof *r);
}

static void
capture_cb(const struct net_response *nr, void *arg)
{
	struct result	*r = arg;

	r->calls++;
	r->status = nr->status;
	r->body = nr->body != NULL ? xstrndup(nr->body, nr->len) : NULL;
	r->len = nr->len;
	r->etag = nr->etag != NULL ? xstrdup(nr->etag) : NULL;
	r->error = nr->error != NULL ? xstrdup(nr->error) : NULL;
	r->sent = nr->sent;
	r->elapsed = nr->elapsed_s;
	r->fail = nr->fail;
	r->retry_after = nr->retry_after_s;
	if (++fx.got >= fx.want)
		event_base_loopbreak(fx.base);
}

/* Run the loop until want callbacks arrived (or the watchdog fires). */
static void
run_until(int want)
{
	struct timeval	tv = { 10, 0 };

	fx.want = want;
	if (fx.got < fx.want) {
		evtimer_add(fx.watchdog, &tv);
		event_base_dispatch(fx.base);
		evtimer_del(fx.watchdog);
	}
	ck_assert_msg(!fx.expired, "watchdog expired (%d/%d)", fx.got, want);
	ck_assert_int_eq(fx.got, want);
}

static char *
url(const char *path)
{
	return (xasprintf("http://127.0.0.1:%d%s", fx.port, path));
}

/* One request with method, path and body; waits for its answer. */
static void
roundtrip(struct net_request *req, const char *path, struct result *r)
{
	char	*u = url(path);

	req->url = u;
	ck_assert_int_eq(net_submit(fx.net, req, capture_cb, r), 0);
	free(u);	/* net copies the URL */
	ck_assert_uint_eq(net_pending(fx.net), 1);
	run_until(fx.got + 1);
	ck_assert_uint_eq(net_pending(fx.net), 0);
	ck_assert_int_eq(r->calls, 1);
}

/* A stream of path: its lines and its end in l. */
static struct net_xfer *
stream(const char *path, long idle_s, struct lines *l)
{
	struct net_request	 req = { 0 };
	struct net_xfer		*x;
	char			*u = url(path);

	req.url = u;
	x = net_stream(fx.net, &req, idle_s, lines_cb, capture_cb, l);
	free(u);
	ck_assert_ptr_nonnull(x);
	return (x);
}

START_TEST(test_stream_lines)
{
	struct lines	l = { 0 };

	stream("/stream", 10, &l);
	run_until(1);
	ck_assert_int_eq(l.opened, 1);
	ck_assert_int_eq(l.n, 3);
	ck_assert_str_eq(l.text, "{\"a\":1}|{\"b\":2}|{\"c\":3}|");
	ck_assert_int_eq(l.r.status, 200);
	ck_assert_uint_eq(l.r.len, 0);	/* nothing kept: the lines went on */
	ck_assert_int_eq(l.r.fail, NET_FAIL_NONE);
	result_clear(&l.r);
}
END_TEST

START_TEST(test_stream_error_answer)
{
	struct lines	l = { 0 };

	stream("/500", 10, &l);
	run_until(1);
	ck_assert_int_eq(l.opened, 0);
	ck_assert_int_eq(l.n, 0);
	ck_assert_int_eq(l.r.status, 500);
	ck_assert_str_eq(l.r.body, "boom");
	result_clear(&l.r);
}
END_TEST

START_TEST(test_stream_stop)
{
	struct lines	l = { 0 };

	l.stop_at = 2;
	stream("/stream", 10, &l);
	run_until(1);
	ck_assert_int_eq(l.n, 2);
	ck_assert_int_eq(l.r.status, 0);
	ck_assert_int_eq(l.r.fail, NET_FAIL_CANCELLED);
	ck_assert_uint_eq(net_pending(fx.net), 0);
	result_clear(&l.r);
}
END_TEST

START_TEST(test_stream_idle)
{
	struct lines	l = { 0 };

	/* Silent after its first line: the idle guard ends it. */
	stream("/stream-open", 1, &l);
	run_until(1);
	ck_assert_int_eq(l.opened, 1);
	ck_assert_str_eq(l.text, "{\"first\":true}|");
	ck_assert_int_eq(l.r.status, 0);
	ck_assert_int_eq(l.r.fail, NET_FAIL_TIMEOUT);
	ck_assert_str_eq(l.r.error, "timed out after 1 s");
	result_clear(&l.r);
}
END_TEST

START_TEST(test_stream_cancel)
{
	struct lines	 l = { 0 };
	struct net_xfer	*x;
	struct timeval	 tv = { 10, 0 };

	l.loopbreak = 1;
	x = stream("/stream-open", 60, &l);
	evtimer_add(fx.watchdog, &tv);
	event_base_dispatch(fx.base);	/* until the first line */
	evtimer_del(fx.watchdog);
	ck_assert(!fx.expired);
	ck_assert_int_eq(l.n, 1);
	ck_assert_uint_eq(net_pending(fx.net), 1);
	net_stream_cancel(fx.net, x);
	ck_assert_uint_eq(net_pending(fx.net), 0);
	ck_assert_int_eq(l.r.calls, 0);	/* no callback */
}
END_TEST

START_TEST(test_get_etag)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };

	roundtrip(&req, "/etag", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "{\"ok\":true}");
	ck_assert_uint_eq(r.len, 11);
	ck_assert_str_eq(r.etag, "\"v1\"");
	ck_assert_ptr_null(r.error);
	ck_assert_int_eq(r.fail, NET_FAIL_NONE);
	ck_assert_int_eq(r.retry_after, -1);
	ck_assert(r.elapsed >= 0 && r.elapsed < 10);

	req.if_none_match = r.etag;
	r.etag = NULL;
	result_clear(&r);
	roundtrip(&req, "/etag", &r);
	ck_assert_int_eq(r.status, 304);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_str_eq(r.body, "");
	ck_assert_str_eq(r.etag, "\"v1\"");
	free((char *)req.if_none_match);
	result_clear(&r);
}
END_TEST

START_TEST(test_get_headers)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };

	req.auth = AUTH;
	req.if_none_match = "\"zz\"";
	roundtrip(&req, "/echo", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "GET|-|" AUTH "|application/json|relboard/"
	    PACKAGE_VERSION "|-|\"zz\"|");
	ck_assert_ptr_null(r.etag);
	result_clear(&r);
}
END_TEST

START_TEST(test_bodies)
{
	static const struct {
		const char	*method;
		const char	*ctype;
		const char	*body;
		const char	*expect;
	} t[] = {
		{ "POST", NULL, "{\"a\":1}",
		  "POST|application/json|-|application/json|" },
		{ "PATCH", "application/json-patch+json", "[{\"op\":\"x\"}]",
		  "PATCH|application/json-patch+json|-|application/json|" },
		{ "PUT", "text/plain", "plain", "PUT|text/plain|-|" },
		{ "DELETE", NULL, NULL, "DELETE|-|-|" },
		{ "POST", NULL, NULL, "POST|-|-|" },
	};
	struct net_request	req;
	struct result		r = { 0 };
	char			*big, *expect;
	size_t			 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		memset(&req, 0, sizeof req);
		req.method = t[i].method;
		req.content_type = t[i].ctype;
		req.body = t[i].body;
		roundtrip(&req, "/echo", &r);
		ck_assert_int_eq(r.status, 200);
		ck_assert_msg(strncmp(r.body, t[i].expect,
		    strlen(t[i].expect)) == 0, "%s: %s", t[i].method, r.body);
		if (t[i].body != NULL) {
			ck_assert_uint_ge(r.len, strlen(t[i].body));
			ck_assert_str_eq(r.body + r.len - strlen(t[i].body),
			    t[i].body);
		}
		result_clear(&r);
	}

	/* A body large enough that curl would otherwise ask to continue. */
	big = xmalloc(50001);
	memset(big, 'b', 50000);
	big[50000] = '\0';
	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.body = big;
	roundtrip(&req, "/echo", &r);
	ck_assert_int_eq(r.status, 200);
	expect = xasprintf("POST|application/json|-|application/json|"
	    "relboard/%s|-|-|%s", PACKAGE_VERSION, big);
	ck_assert_str_eq(r.body, expect);
	free(expect);
	free(big);
	result_clear(&r);
}
END_TEST

START_TEST(test_status_passthrough)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };

	roundtrip(&req, "/500", &r);
	ck_assert_int_eq(r.status, 500);
	ck_assert_str_eq(r.body, "boom");
	ck_assert_ptr_null(r.error);
	ck_assert_int_eq(r.fail, NET_FAIL_NONE);
	result_clear(&r);

	roundtrip(&req, "/nope", &r);
	ck_assert_int_eq(r.status, 404);
	result_clear(&r);
}
END_TEST

START_TEST(test_refused)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };
	char			*u;
	int			 fd, port;

	fd = bound_socket();
	port = local_port(fd);
	close(fd);

	u = xasprintf("http://127.0.0.1:%d/x", port);
	req.url = u;
	req.auth = AUTH;
	req.method = "POST";
	req.body = "{}";
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), 0);
	run_until(1);
	free(u);
	ck_assert_int_eq(r.status, 0);
	ck_assert_ptr_nonnull(r.error);
	ck_assert_ptr_null(strchr(r.error, '\n'));
	ck_assert_str_eq(r.error, "connection refused");
	ck_assert_int_eq(r.fail, NET_FAIL_REFUSED);
	ck_assert_int_eq(r.retry_after, -1);
	ck_assert_ptr_null(strstr(r.error, TOKEN));
	ck_assert_int_eq(r.sent, 0);
	ck_assert_str_eq(r.body, "");
	result_clear(&r);
}
END_TEST

START_TEST(test_timeout_sent)
{
	struct net_request	req = { 0 };
	struct result		r[2] = { { 0 }, { 0 } };
	char			*u;

	u = xasprintf("http://127.0.0.1:%d/hang", fx.hang_port);
	req.url = u;
	req.auth = AUTH;
	req.timeout_ms = 300;
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r[0]), 0);
	req.method = "PATCH";
	req.body = "{\"enabled\":false}";
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r[1]), 0);
	free(u);
	ck_assert_uint_eq(net_pending(fx.net), 2);
	run_until(2);

	ck_assert_int_eq(r[0].status, 0);
	ck_assert_str_eq(r[0].error, "timed out after 0.3 s");
	ck_assert_int_eq(r[0].fail, NET_FAIL_TIMEOUT);
	ck_assert_ptr_null(strstr(r[0].error, TOKEN));
	ck_assert_int_eq(r[0].sent, 1);
	ck_assert(r[0].elapsed >= 0.25 && r[0].elapsed < 5);

	ck_assert_int_eq(r[1].status, 0);
	ck_assert_int_eq(r[1].fail, NET_FAIL_TIMEOUT);
	ck_assert_ptr_null(strstr(r[1].error, TOKEN));
	ck_assert_int_eq(r[1].sent, 1);
	result_clear(&r[0]);
	result_clear(&r[1]);
}
END_TEST

/*
 * No connection in time: a listener whose queue is full (it never
 * accepts) drops further connection attempts.
 */
START_TEST(test_connect_timeout)
{
	struct net_request	 req = { 0 };
	struct result		 r = { 0 };
	char			*u;
	int			 fd, port, c[4], i;

	fd = bound_socket();
	ck_assert_int_eq(listen(fd, 0), 0);
	port = local_port(fd);
	for (i = 0; i < 4; i++) {
		struct sockaddr_in	sin;

		c[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin.sin_port = htons(port);
		(void)connect(c[i], (struct sockaddr *)&sin, sizeof sin);
	}
	u = xasprintf("http://127.0.0.1:%d/x", port);
	req.url = u;
	req.timeout_ms = 300;
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), 0);
	run_until(1);
	free(u);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.fail, NET_FAIL_TIMEOUT);
	ck_assert_str_eq(r.error, "timed out connecting after 0.3 s");
	ck_assert_int_eq(r.sent, 0);
	result_clear(&r);
	for (i = 0; i < 4; i++)
		close(c[i]);
	close(fd);
}
END_TEST

/* A reset while waiting for the answer is a reset, not a timeout. */
START_TEST(test_reset)
{
	struct net_request	 req = { 0 };
	struct result		 r = { 0 };
	char			*u;

	u = xasprintf("http://127.0.0.1:%d/x", fx.rst.port);
	req.url = u;
	req.auth = AUTH;
	req.timeout_ms = 5000;
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), 0);
	run_until(1);
	free(u);
	ck_assert_uint_eq(fx.rst.accepted, 1);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.fail, NET_FAIL_RESET);
	ck_assert_str_eq(r.error, "connection reset by the server");
	ck_assert_int_eq(r.sent, 1);
	result_clear(&r);
}
END_TEST

/* Closed without a word: not a reset, not a timeout. */
START_TEST(test_closed)
{
	struct net_request	 req = { 0 };
	struct result		 r = { 0 };
	char			*u;

	u = xasprintf("http://127.0.0.1:%d/x", fx.fin.port);
	req.url = u;
	req.timeout_ms = 5000;
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), 0);
	run_until(1);
	free(u);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.fail, NET_FAIL_CLOSED);
	ck_assert_msg(strstr(r.error, "closed the connection without an "
	    "answer") != NULL, "%s", r.error);
	result_clear(&r);
}
END_TEST

/* A name that cannot resolve (RFC 6761: .invalid never does). */
START_TEST(test_dns)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };

	req.url = "http://relboard-test.invalid/x";
	req.timeout_ms = 5000;
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), 0);
	run_until(1);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.fail, NET_FAIL_DNS);
	/* A resolver that does not answer in time is a DNS failure too. */
	ck_assert_msg(strcmp(r.error, "DNS: cannot resolve host "
	    "relboard-test.invalid") == 0 || strcmp(r.error, "DNS: no "
	    "answer for host relboard-test.invalid in 5 s") == 0, "%s",
	    r.error);
	ck_assert_int_eq(r.sent, 0);
	result_clear(&r);
}
END_TEST

/* Retry-After, as seconds or as an HTTP-date, on any answer. */
START_TEST(test_retry_after)
{
	static const struct {
		const char	*path;
		long		 status;
		long		 lo, hi;
	} t[] = {
		{ "/429", 429, 7, 7 },
		{ "/503date", 503, 118, 120 },
		{ "/503date?-3600", 503, 0, 0 },	/* in the past */
		{ "/retry?0", 200, 0, 0 },
		{ "/retry?42", 200, 42, 42 },
		{ "/retry?99999999999999999999999", 200, 1000000, -1 },
		{ "/retry?Wed,%2021%20Oct%202015%2007:28:00%20GMT", 200, 0, 0 },
		{ "/retry?soon", 200, -1, -1 },
		{ "/retry?-5", 200, -1, -1 },
		{ "/retry?1.5", 200, -1, -1 },
		{ "/retry?12x", 200, -1, -1 },
		{ "/etag", 200, -1, -1 },
	};
	struct net_request	req = { 0 };
	struct result		r = { 0 };
	size_t			i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		roundtrip(&req, t[i].path, &r);
		ck_assert_int_eq(r.status, t[i].status);
		ck_assert_int_eq(r.fail, NET_FAIL_NONE);
		ck_assert_msg(r.retry_after >= t[i].lo && (t[i].hi == -1 ?
		    1 : r.retry_after <= t[i].hi), "%s: Retry-After %ld",
		    t[i].path, r.retry_after);
		result_clear(&r);
	}
}
END_TEST

/* net_cancel_all(): each request answered once, as cancelled. */
START_TEST(test_cancel_all)
{
	struct net_request	 req = { 0 };
	struct result		 r = { 0 };
	struct timeval		 tv = { 0, 100000 };
	char			*u;

	u = xasprintf("http://127.0.0.1:%d/hang", fx.hang_port);
	req.url = u;
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), 0);
	free(u);
	event_base_loopexit(fx.base, &tv);
	event_base_dispatch(fx.base);
	ck_assert_int_eq(r.calls, 0);
	fx.want = 1;
	net_cancel_all(fx.net, "quit");
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(r.status, 0);
	ck_assert_int_eq(r.fail, NET_FAIL_CANCELLED);
	ck_assert_str_eq(r.error, "quit");
	ck_assert_int_eq(r.sent, 1);
	result_clear(&r);
}
END_TEST

START_TEST(test_oversized)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };

	req.max_body = 1000;
	roundtrip(&req, "/big", &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.error, "response larger than 1000 bytes");
	ck_assert_int_eq(r.fail, NET_FAIL_TOO_BIG);
	result_clear(&r);

	roundtrip(&req, "/bigchunked", &r);
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.error, "response larger than 1000 bytes");
	ck_assert_int_eq(r.fail, NET_FAIL_TOO_BIG);
	result_clear(&r);

	req.max_body = BIG_SIZE;
	roundtrip(&req, "/big", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.len, BIG_SIZE);
	result_clear(&r);

	roundtrip(&req, "/bigchunked", &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(r.len, BIG_SIZE);
	ck_assert_uint_eq(strlen(r.body), BIG_SIZE);
	result_clear(&r);
}
END_TEST

START_TEST(test_concurrent)
{
	struct net_request	req = { 0 };
	struct result		r[100];
	char			*u;
	size_t			 i;

	memset(r, 0, sizeof r);
	for (i = 0; i < 100; i++) {
		u = url(i % 2 ? "/etag" : "/echo");
		req.url = u;
		ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r[i]), 0);
		free(u);
	}
	ck_assert_uint_eq(net_pending(fx.net), 100);
	run_until(100);
	ck_assert_uint_eq(net_pending(fx.net), 0);
	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(r[i].calls, 1);
		ck_assert_int_eq(r[i].status, 200);
		result_clear(&r[i]);
	}
}
END_TEST

struct chain {
	struct result	first;
	struct result	second;
};

static void
chain_cb(const struct net_response *nr, void *arg)
{
	struct chain		*c = arg;
	struct net_request	 req = { 0 };
	char			*u = url("/echo");

	capture_cb(nr, &c->first);
	ck_assert_uint_eq(net_pending(fx.net), 0);
	req.url = u;
	req.method = "POST";
	req.body = "again";
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &c->second), 0);
	ck_assert_uint_eq(net_pending(fx.net), 1);
	free(u);
}

START_TEST(test_submit_from_callback)
{
	struct net_request	req = { 0 };
	struct chain		c;
	char			*u = url("/etag");

	memset(&c, 0, sizeof c);
	req.url = u;
	ck_assert_int_eq(net_submit(fx.net, &req, chain_cb, &c), 0);
	free(u);
	run_until(2);
	ck_assert_int_eq(c.first.calls, 1);
	ck_assert_int_eq(c.first.status, 200);
	ck_assert_int_eq(c.second.calls, 1);
	ck_assert_int_eq(c.second.status, 200);
	ck_assert_str_eq(c.second.body + c.second.len - 5, "again");
	result_clear(&c.first);
	result_clear(&c.second);
}
END_TEST

static void
never_cb(const struct net_response *nr, void *arg)
{
	ck_abort_msg("callback after net_free");
}

START_TEST(test_free_in_flight)
{
	struct net_request	 req = { 0 };
	struct timeval		 tv = { 0, 200000 };
	char			*u, *cause = NULL;
	int			 i;

	/* In flight: connected and waiting for an answer. */
	u = xasprintf("http://127.0.0.1:%d/hang", fx.hang_port);
	req.url = u;
	req.auth = AUTH;
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(net_submit(fx.net, &req, never_cb, NULL), 0);
	req.method = "POST";
	req.body = "{}";
	ck_assert_int_eq(net_submit(fx.net, &req, never_cb, NULL), 0);
	event_base_loopexit(fx.base, &tv);
	event_base_dispatch(fx.base);
	ck_assert_uint_eq(net_pending(fx.net), 6);
	net_free(fx.net);

	/* Submitted but never run. */
	fx.net = net_new(fx.base, &cause);
	ck_assert_ptr_nonnull(fx.net);
	ck_assert_int_eq(net_submit(fx.net, &req, never_cb, NULL), 0);
	net_free(fx.net);
	free(u);

	/* The base carries on without stale events. */
	fx.net = net_new(fx.base, &cause);
	ck_assert_ptr_nonnull(fx.net);
	tv.tv_usec = 50000;
	event_base_loopexit(fx.base, &tv);
	event_base_dispatch(fx.base);
}
END_TEST

START_TEST(test_bad_request)
{
	struct net_request	req = { 0 };
	struct result		r = { 0 };

	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), -1);
	req.url = "http://127.0.0.1:1/";
	req.method = "TRACE";
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), -1);
	req.method = NULL;
	req.auth = "Bearer x\r\nX-Evil: 1";
	ck_assert_int_eq(net_submit(fx.net, &req, capture_cb, &r), -1);
	ck_assert_uint_eq(net_pending(fx.net), 0);
	ck_assert_int_eq(r.calls, 0);
}
END_TEST

static Suite *
net_suite(void)
{
	Suite	*s = suite_create("net");
	TCase	*tc = tcase_create("http");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_get_etag);
	tcase_add_test(tc, test_get_headers);
	tcase_add_test(tc, test_bodies);
	tcase_add_test(tc, test_status_passthrough);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_timeout_sent);
	tcase_add_test(tc, test_connect_timeout);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_closed);
	tcase_add_test(tc, test_dns);
	tcase_add_test(tc, test_retry_after);
	tcase_add_test(tc, test_cancel_all);
	tcase_add_test(tc, test_oversized);
	tcase_add_test(tc, test_concurrent);
	tcase_add_test(tc, test_submit_from_callback);
	tcase_add_test(tc, test_free_in_flight);
	tcase_add_test(tc, test_bad_request);
	tcase_add_test(tc, test_stream_lines);
	tcase_add_test(tc, test_stream_error_answer);
	tcase_add_test(tc, test_stream_stop);
	tcase_add_test(tc, test_stream_idle);
	tcase_add_test(tc, test_stream_cancel);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	net_global_init();
	sr = srunner_create(net_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	net_global_cleanup();
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
