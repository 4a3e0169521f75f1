/*
 * sim.c - the simulator's HTTP server: one evhttp listener on loopback,
 * routing to the Unleash, Prometheus and Kubernetes emulations, the
 * authentication each of those services does, weak ETags, and injected
 * faults (delayed answers on timers, a share of 500s).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/bufferevent.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>

#include "core/util.h"
#include "sim/sim_int.h"

struct sim_pending;

struct sim {
	struct event_base	*base;
	struct evhttp		*http;
	int			 port;
	char			*host;
	char			*token;
	int			 latency_ms;
	int			 error_rate_pct;
	int			 malformed_pct;
	int			 oversize_pct;
	int			 drop_pct;
	int			 throttle_pct;
	int			 retry_after_s;
	int			 quiet;
	unsigned long		 nrequests;
	FILE			*log;		/* request log, or NULL */
	struct sim_scenario	*scenario;
	struct sim_pending	*pending;	/* delayed answers */
};

/* An answer waiting for its injected latency. */
struct sim_pending {
	struct sim		*sim;
	struct evhttp_request	*req;	/* NULL once its connection closed */
	struct event		*timer;
	struct sim_reply	 reply;
	char			 etag[64];
	struct sim_pending	*next;
};

void
reply_json(struct sim_reply *r, int status, json_t *j)
{
	r->status = status;
	r->body = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
	r->bodylen = r->body ? strlen(r->body) : 0;
	r->ctype = "application/json";
	json_decref(j);
}

void
reply_text(struct sim_reply *r, int status, const char *ctype,
    const char *text)
{
	r->status = status;
	r->body = xstrdup(text);
	r->bodylen = strlen(text);
	r->ctype = ctype;
}

void
reply_empty(struct sim_reply *r, int status)
{
	r->status = status;
	r->body = NULL;
	r->bodylen = 0;
	r->ctype = NULL;
}

static const char *
status_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 422: return "Unprocessable Entity";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

static void
weak_etag(const struct sim_reply *r, char *buf, size_t len)
{
	uint64_t	h = 1469598103934665603ULL;
	size_t		i;

	for (i = 0; i < r->bodylen; i++) {
		h ^= (unsigned char)r->body[i];
		h *= 1099511628211ULL;
	}
	snprintf(buf, len, "W/\"%zx-%016llx\"", r->bodylen,
	    (unsigned long long)h);
}

static const char *method_name(enum evhttp_cmd_type);

/* One line of the request log: what was asked and the status sent. */
static void
log_request(struct sim *sim, struct evhttp_request *req, int status)
{
	if (sim->log == NULL)
		return;
	fprintf(sim->log, "%s %s %d\n", method_name(
	    evhttp_request_get_command(req)), evhttp_request_get_uri(req),
	    status);
	fflush(sim->log);
}

/* Send a finished reply, honouring If-None-Match for ETagged ones. */
static void
send_reply(struct sim *sim, struct evhttp_request *req, struct sim_reply *r,
    const char *etag)
{
	struct evkeyvalq	*out = evhttp_request_get_output_headers(req);
	struct evkeyvalq	*in = evhttp_request_get_input_headers(req);
	struct evbuffer		*buf;
	const char		*inm;

	if (etag != NULL && *etag != '\0') {
		evhttp_add_header(out, "ETag", etag);
		inm = evhttp_find_header(in, "If-None-Match");
		if (inm != NULL && strcmp(inm, etag) == 0) {
			log_request(sim, req, 304);
			evhttp_send_reply(req, 304, "Not Modified", NULL);
			return;
		}
	}
	log_request(sim, req, r->status);
	if (r->ctype != NULL)
		evhttp_add_header(out, "Content-Type", r->ctype);
	if (r->status == 404 && r->ctype != NULL &&
	    strncmp(r->ctype, "text/plain", 10) == 0)
		evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
	buf = evbuffer_new();
	if (r->body != NULL)
		evbuffer_add(buf, r->body, r->bodylen);
	evhttp_send_reply(req, r->status,
	    r->reason ? r->reason : status_reason(r->status), buf);
	evbuffer_free(buf);
}

static void
pending_unlink(struct sim_pending *p)
{
	struct sim_pending **pp;

	for (pp = &p->sim->pending; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
}

static void
pending_free(struct sim_pending *p)
{
	if (p->req != NULL) {
		evhttp_connection_set_closecb(
		    evhttp_request_get_connection(p->req), NULL, NULL);
	}
	event_free(p->timer);
	free(p->reply.body);
	free(p);
}

static void
pending_fire(evutil_socket_t fd, short what, void *arg)
{
	struct sim_pending *p = arg;

	(void)fd;
	(void)what;
	pending_unlink(p);
	if (p->req != NULL) {
		evhttp_connection_set_closecb(
		    evhttp_request_get_connection(p->req), NULL, NULL);
		send_reply(p->sim, p->req, &p->reply, p->etag);
		p->req = NULL;
	}
	pending_free(p);
}

static void
pending_closed(struct evhttp_connection *evcon, void *arg)
{
	struct sim *sim = arg;
	struct sim_pending *p;

	for (p = sim->pending; p != NULL; p = p->next) {
		if (p->req != NULL && evhttp_request_get_connection(p->req) ==
		    evcon)
			p->req = NULL;
	}
}

/* The request line's method, for the request log. */
static const char *
method_name(enum evhttp_cmd_type t)
{
	switch (t) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_PUT:
		return "PUT";
	case EVHTTP_REQ_PATCH:
		return "PATCH";
	case EVHTTP_REQ_DELETE:
		return "DELETE";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	default:
		return "OTHER";
	}
}

static enum sim_method
method_of(enum evhttp_cmd_type t)
{
	switch (t) {
	case EVHTTP_REQ_GET:	return SIM_GET;
	case EVHTTP_REQ_POST:	return SIM_POST;
	case EVHTTP_REQ_PUT:	return SIM_PUT;
	case EVHTTP_REQ_PATCH:	return SIM_PATCH;
	case EVHTTP_REQ_DELETE:	return SIM_DELETE;
	case EVHTTP_REQ_HEAD:	return SIM_HEAD;
	default:		return SIM_OTHER;
	}
}

static int
has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Which service a path belongs to, for authentication and fault bodies. */
enum area { AREA_NONE, AREA_UNLEASH, AREA_UNLEASH_CLIENT, AREA_K8S,
	AREA_PROM };

static enum area
area_of(const char *path)
{
	if (has_prefix(path, "/api/admin/"))
		return AREA_UNLEASH;
	if (has_prefix(path, "/api/client/"))
		return AREA_UNLEASH_CLIENT;
	if (has_prefix(path, "/apis/") || has_prefix(path, "/api/v1/namespaces"))
		return AREA_K8S;
	if (has_prefix(path, "/api/v1/"))
		return AREA_PROM;
	return AREA_NONE;
}

/* Returns 0 and fills the reply when the request is not allowed. */
static int
check_auth(struct sim *sim, enum area area, struct evhttp_request *req,
    struct sim_reply *r)
{
	const char	*h;
	json_t		*j;

	if (sim->token == NULL)
		return 1;
	h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Authorization");
	switch (area) {
	case AREA_UNLEASH:
		if (h == NULL) {
			unleash_error(r, 401, "AuthenticationRequired",
			    "You must log in to use Unleash. Your request had no"
			    " authorization header, so we could not authorize"
			    " you. Try logging in at /auth/simple/login");
			j = json_loads(r->body, 0, NULL);
			json_object_set_new(j, "path",
			    json_string("/auth/simple/login"));
			json_object_set_new(j, "type", json_string("password"));
			json_object_set_new(j, "defaultHidden", json_false());
			free(r->body);
			reply_json(r, 401, j);
			r->ctype = "application/json; charset=utf-8";
			return 0;
		}
		if (strcmp(h, sim->token) != 0) {
			unleash_error(r, 401, "UnauthorizedError",
			    "You must log in to use Unleash.");
			return 0;
		}
		return 1;
	case AREA_UNLEASH_CLIENT:
		if (h == NULL || strcmp(h, sim->token) != 0) {
			reply_json(r, 401, json_pack("{s:s}", "message",
			    "This endpoint requires an API token. Please add an"
			    " authorization header to your request with a valid"
			    " token"));
			r->ctype = "application/json; charset=utf-8";
			return 0;
		}
		return 1;
	case AREA_K8S:
		if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0 ||
		    strcmp(h + 7, sim->token) != 0) {
			reply_json(r, 401, json_pack("{s:s, s:s, s:{}, s:s, s:s,"
			    " s:s, s:i}", "kind", "Status", "apiVersion", "v1",
			    "metadata", "status", "Failure", "message",
			    "Unauthorized", "reason", "Unauthorized", "code",
			    401));
			return 0;
		}
		return 1;
	default:
		return 1;
	}
}

enum fault { FAULT_NONE, FAULT_ERROR, FAULT_MALFORMED, FAULT_OVERSIZE, FAULT_DROP,
    FAULT_THROTTLE };

/* Which fault (if any) this request gets: shares of one fixed sequence. */
static enum fault
fault_now(struct sim *sim)
{
	uint64_t x;
	int r, edge;

	/* A fixed sequence, so runs are repeatable. */
	x = (uint64_t)sim->nrequests * 0x9E3779B97F4A7C15ULL;
	x ^= x >> 29;
	r = (int)((x >> 7) % 100);
	if (r < (edge = sim->error_rate_pct))
		return FAULT_ERROR;
	if (r < (edge += sim->malformed_pct))
		return FAULT_MALFORMED;
	if (r < (edge += sim->oversize_pct))
		return FAULT_OVERSIZE;
	if (r < (edge += sim->drop_pct))
		return FAULT_DROP;
	if (r < edge + sim->throttle_pct)
		return FAULT_THROTTLE;
	return FAULT_NONE;
}

/* Spoil a finished reply as the fault says. */
static void
apply_fault(enum fault f, struct sim_reply *r, struct evhttp_request *req)
{
	struct bufferevent *bev;

	switch (f) {
	case FAULT_MALFORMED:
		r->status = 200;
		r->bodylen /= 2;	/* valid JSON cut in half */
		r->etag = 0;
		break;
	case FAULT_OVERSIZE:
		free(r->body);
		r->body = xmalloc(SIM_OVERSIZE);
		memset(r->body, ' ', SIM_OVERSIZE);
		memcpy(r->body, "{\"pad\":\"", 8);
		memcpy(r->body + SIM_OVERSIZE - 2, "\"}", 2);
		r->bodylen = SIM_OVERSIZE;
		r->status = 200;
		r->ctype = "application/json";
		r->etag = 0;
		break;
	case FAULT_DROP:
		/* Shut the socket: the client sees the connection go away. */
		bev = evhttp_connection_get_bufferevent(
		    evhttp_request_get_connection(req));
		if (bev != NULL)
			shutdown(bufferevent_getfd(bev), SHUT_RDWR);
		break;
	default:
		break;
	}
}

static void
handle(struct evhttp_request *req, void *arg)
{
	struct sim		*sim = arg;
	struct sim_request	 sr;
	struct sim_reply	 r;
	struct evkeyvalq	 args;
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	const char		*rawpath, *query, *ctype;
	char			*path, *body = NULL, etag[64];
	struct evbuffer		*in = evhttp_request_get_input_buffer(req);
	size_t			 len;
	enum area		 area;
	struct sim_pending	*p;
	struct timeval		 tv;
	enum fault		 fault;
	int			 watch = 0;

	sim->nrequests++;
	memset(&r, 0, sizeof r);
	memset(&sr, 0, sizeof sr);
	args.tqh_first = NULL;
	args.tqh_last = &args.tqh_first;
	etag[0] = '\0';

	rawpath = uri ? evhttp_uri_get_path(uri) : NULL;
	if (rawpath == NULL || *rawpath == '\0')
		rawpath = "/";
	path = evhttp_uridecode(rawpath, 0, NULL);
	if (path == NULL)
		path = xstrdup("/");
	query = uri ? evhttp_uri_get_query(uri) : NULL;
	if (query != NULL)
		evhttp_parse_query_str(query, &args);

	len = evbuffer_get_length(in);
	body = xmalloc(len + 1);
	evbuffer_copyout(in, body, len);
	body[len] = '\0';
	ctype = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type");
	if (ctype != NULL &&
	    has_prefix(ctype, "application/x-www-form-urlencoded") && len > 0)
		evhttp_parse_query_str(body, &args);

	sr.method = method_of(evhttp_request_get_command(req));
	sr.path = path;
	sr.args = &args;
	sr.body = body;
	sr.bodylen = len;
	sr.wall = now_wall();
	sr.ctype = ctype;

	area = area_of(path);
	fault = fault_now(sim);
	if (fault == FAULT_ERROR)
		reply_text(&r, 500, "text/plain; charset=utf-8",
		    "simulated failure\n");
	else if (fault == FAULT_THROTTLE) {
		char	ra[16];

		snprintf(ra, sizeof ra, "%d", sim->retry_after_s);
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Retry-After", ra);
		reply_text(&r, 429, "text/plain; charset=utf-8",
		    "simulated rate limit\n");
	} else if (!check_auth(sim, area, req, &r))
		;
	else if ((watch = sim_watch_handle(sim->scenario->watch, req, &sr,
	    &r)) != 0)
		;
	else if (impact_handle(sim->scenario, &sr, &r) ||
	    unleash_handle(sim->scenario, &sr, &r) ||
	    prom_handle(sim->scenario, &sr, &r) ||
	    k8s_handle(sim->scenario, &sr, &r))
		;
	else
		reply_text(&r, 404, "text/plain; charset=utf-8",
		    "404 page not found\n");
	if (watch == 2) {
		/* sim_watch.c streams the answer: logged as it starts. */
		log_request(sim, req, 200);
		evhttp_clear_headers(&args);
		free(path);
		free(body);
		return;
	}
	apply_fault(fault, &r, req);
	if (r.etag && r.status == 200 && r.body != NULL)
		weak_etag(&r, etag, sizeof etag);

	evhttp_clear_headers(&args);
	free(path);
	free(body);

	if (sim->latency_ms <= 0) {
		send_reply(sim, req, &r, etag);
		free(r.body);
		return;
	}
	p = xcalloc(1, sizeof *p);
	p->sim = sim;
	p->req = req;
	p->reply = r;
	memcpy(p->etag, etag, sizeof p->etag);
	p->timer = evtimer_new(sim->base, pending_fire, p);
	p->next = sim->pending;
	sim->pending = p;
	evhttp_connection_set_closecb(evhttp_request_get_connection(req),
	    pending_closed, sim);
	tv.tv_sec = sim->latency_ms / 1000;
	tv.tv_usec = (sim->latency_ms % 1000) * 1000;
	evtimer_add(p->timer, &tv);
}

struct sim *
sim_start(struct event_base *base, const struct sim_opts *o, char **cause)
{
	struct sim			*sim;
	struct evhttp_bound_socket	*bound;
	struct sockaddr_storage		 ss;
	socklen_t			 sl = sizeof ss;
	const char			*host = o->host ? o->host : "127.0.0.1";

	sim = xcalloc(1, sizeof *sim);
	sim->base = base;
	sim->host = xstrdup(host);
	sim->token = o->token ? xstrdup(o->token) : NULL;
	sim->latency_ms = o->latency_ms;
	sim->error_rate_pct = o->error_rate_pct;
	sim->malformed_pct = o->malformed_pct;
	sim->oversize_pct = o->oversize_pct;
	sim->drop_pct = o->drop_pct;
	sim->throttle_pct = o->throttle_pct;
	sim->retry_after_s = o->retry_after_s > 0 ? o->retry_after_s : 30;
	sim->quiet = o->quiet;
	if (o->request_log != NULL &&
	    (sim->log = fopen(o->request_log, "a")) == NULL) {
		*cause = xasprintf("%s: cannot open the request log",
		    o->request_log);
		goto fail;
	}
	sim->http = evhttp_new(base);
	if (sim->http == NULL) {
		*cause = xstrdup("cannot create HTTP server");
		goto fail;
	}
	evhttp_set_allowed_methods(sim->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_PUT | EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE |
	    EVHTTP_REQ_HEAD);
	evhttp_set_max_body_size(sim->http, 1 << 20);
	evhttp_set_gencb(sim->http, handle, sim);
	bound = evhttp_bind_socket_with_handle(sim->http, host,
	    (ev_uint16_t)o->port);
	if (bound == NULL) {
		*cause = xasprintf("cannot listen on %s:%d", host, o->port);
		goto fail;
	}
	if (getsockname(evhttp_bound_socket_get_fd(bound),
	    (struct sockaddr *)&ss, &sl) != 0) {
		*cause = xstrdup("cannot read the listening port");
		goto fail;
	}
	if (ss.ss_family == AF_INET6)
		sim->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	else
		sim->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	sim->scenario = scenario_new(o, now_wall());
	sim->scenario->patch_log = o->patch_log;
	sim->scenario->watch = sim_watch_new(base, sim->scenario);
	return sim;

fail:
	sim_free(sim);
	return NULL;
}

int
sim_port(const struct sim *sim)
{
	return sim->port;
}

double
sim_epoch(const struct sim *sim)
{
	return sim->scenario->start_wall;
}

struct sim_scenario *
sim_scenario(const struct sim *sim)
{
	return sim->scenario;
}

void
sim_free(struct sim *sim)
{
	struct sim_pending *p;

	if (sim == NULL)
		return;
	while ((p = sim->pending) != NULL) {
		sim->pending = p->next;
		pending_free(p);
	}
	if (sim->scenario != NULL)
		sim_watch_free(sim->scenario->watch);
	if (sim->http != NULL)
		evhttp_free(sim->http);
	scenario_free(sim->scenario);
	if (sim->log != NULL)
		fclose(sim->log);
	free(sim->host);
	free(sim->token);
	free(sim);
}

static json_t *
strings_json(char **v, size_t n, const char *fmt)
{
	json_t	*a = json_array();
	size_t	 i;
	char	*s;

	for (i = 0; i < n; i++) {
		s = xasprintf(fmt, v[i]);
		json_array_append_new(a, json_string(s));
		free(s);
	}
	return a;
}

char *
sim_demo_config(const struct sim *sim)
{
	struct sim_scenario	*sc = sim->scenario;
	json_t			*root, *sources, *services, *svc;
	char			*url, *text;
	size_t			 i;

	url = xasprintf("http://%s:%d", sim->host, sim->port);
	sources = json_pack("[{s:s, s:s, s:s, s:s, s:[s, s], s:i},"
	    " {s:s, s:s, s:s, s:i}, {s:s, s:s, s:s, s:s, s:b, s:i}]",
	    "name", "flags", "kind", "unleash", "url", url, "project", "default",
	    "environments", sim_env_names[0], sim_env_names[1], "interval_s", 2,
	    "name", "metrics", "kind", "prometheus", "url", url, "interval_s", 2,
	    "name", "k8s", "kind", "argo-rollouts", "url", url, "namespace",
	    "shop", "deployments", 1, "interval_s", 2);
	services = json_array();
	for (i = 0; i < sc->nservices; i++) {
		struct sim_service *s = &sc->services[i];

		svc = json_pack("{s:s, s:o}", "name", s->name, "flags",
		    strings_json(s->flags, s->nflags, "%s"));
		if (s->rollout >= 0) {
			char *ro = sc->rollouts[s->rollout].name;

			json_object_set_new(svc, "rollouts",
			    strings_json(&ro, 1, "shop/%s"));
		} else
			json_object_set_new(svc, "rollouts", json_array());
		json_object_set_new(svc, "depends_on",
		    strings_json(s->depends_on, s->ndepends_on, "%s"));
		json_array_append_new(services, svc);
	}
	root = json_pack("{s:o, s:o, s:o}", "sources", sources, "services",
	    services, "kpis", sim_demo_kpis());
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	free(url);
	return text;
}
