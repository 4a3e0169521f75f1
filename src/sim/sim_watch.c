/*
 * sim_watch.c - the simulator's Kubernetes watches, served as the API
 * server serves them.  A view of each resource (as the watch cache keeps
 * it) is brought up to date once a second while anyone watches, and on
 * every list: each object whose content changed gets the next
 * resourceVersion and an ADDED, MODIFIED or DELETED event.  A watch
 * (?watch=1) is a chunked 200 answer of JSON lines: the events after the
 * resourceVersion it asks for (all objects as ADDED when it asks for
 * none), then each new event as it happens, a BOOKMARK every
 * SIM_BOOKMARK_S and before the end when allowWatchBookmarks asks for
 * them, and the end after timeoutSeconds.  A resourceVersion older than the kept history gets the
 * API server's ERROR event with code 410 (Expired).
 *
 * For tests: POST /sim/watch/expire forgets the history (every open watch
 * gets the 410 ERROR event and ends, as after an etcd compaction) and
 * POST /sim/watch/drop cuts every watch's connection without an end.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "core/util.h"
#include "sim/sim_int.h"

#define SIM_NAMESPACE		"shop"
#define SIM_HISTORY		4096	/* events kept per resource */
#define SIM_BOOKMARK_S		10.0
#define SIM_WATCH_TIMEOUT_S	1800.0	/* when no timeoutSeconds is asked */
#define SIM_RV_START		4200000UL

static const struct {
	const char	*kind;
	const char	*api_version;
	const char	*prefix;	/* path before the namespace */
	const char	*resource;
} res_info[K8S_NRES] = {
	{ "Rollout", "argoproj.io/v1alpha1",
	  "/apis/argoproj.io/v1alpha1/namespaces/", "rollouts" },
	{ "ReplicaSet", "apps/v1", "/apis/apps/v1/namespaces/", "replicasets" },
	{ "Deployment", "apps/v1", "/apis/apps/v1/namespaces/", "deployments" },
};

struct sim_event_line {
	unsigned long	 rv;
	char		*line;		/* with its newline */
};

struct watcher {
	struct sim_watch *h;
	struct evhttp_request *req;
	enum k8s_res	 which;
	int		 ours;		/* the namespace the sim plays */
	int		 bookmarks;
	double		 next_bookmark;	/* wall */
	double		 end_at;	/* wall */
	struct watcher	*next;
};

struct sim_watch {
	struct event_base *base;
	struct sim_scenario *sc;
	unsigned long	 rv;		/* the newest resourceVersion */
	/* Per resource: name -> {"d": content, "o": object}, and history. */
	json_t		*view[K8S_NRES];
	struct sim_event_line *hist[K8S_NRES];
	size_t		 nhist[K8S_NRES], chist[K8S_NRES];
	unsigned long	 oldest[K8S_NRES];	/* history starts after it */
	struct watcher	*watchers;
	struct event	*tick;
	int		 starting;	/* the first view: no events */
};

static void
send_line(struct watcher *w, const char *line, size_t len)
{
	struct evbuffer	*b = evbuffer_new();

	evbuffer_add(b, line, len);
	evhttp_send_reply_chunk(w->req, b);
	evbuffer_free(b);
}

/* Forget a watch; its request is gone already when closed is set. */
static void
watcher_unlink(struct watcher *w, int closed)
{
	struct watcher	**pp;

	for (pp = &w->h->watchers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	}
	if (w->h->watchers == NULL)
		event_del(w->h->tick);
	if (!closed)
		evhttp_connection_set_closecb(evhttp_request_get_connection(
		    w->req), NULL, NULL);
	free(w);
}

/* End a watch as the server does: the last chunk. */
static void
watcher_end(struct watcher *w)
{
	struct evhttp_request	*req = w->req;

	watcher_unlink(w, 0);
	evhttp_send_reply_end(req);
}

/*
 * The client went away.  libevent has let go of the unfinished request
 * (it has no connection now); ending the reply frees it.
 */
static void
watcher_closed(struct evhttp_connection *evcon, void *arg)
{
	struct watcher		*w = arg;
	struct evhttp_request	*req = w->req;

	(void)evcon;
	watcher_unlink(w, 1);
	evhttp_send_reply_end(req);
}

/*
 * {"type": type, "object": obj} and a newline, allocated.  A watch event's
 * object says its kind and apiVersion (a list's items need not).
 */
static char *
event_line(enum k8s_res which, const char *type, json_t *obj, size_t *len)
{
	json_t	*o = json_copy(obj), *ev;
	char	*s, *line;

	if (which != K8S_NRES) {
		json_object_set_new(o, "kind", json_string(res_info[which].kind));
		json_object_set_new(o, "apiVersion",
		    json_string(res_info[which].api_version));
	}
	ev = json_pack("{s:s, s:o}", "type", type, "object", o);
	s = json_dumps(ev, JSON_COMPACT);

	line = xasprintf("%s\n", s);
	free(s);
	json_decref(ev);
	*len = strlen(line);
	return line;
}

static void
emit(struct sim_watch *h, enum k8s_res which, const char *type, json_t *obj)
{
	struct sim_event_line	*e;
	struct watcher		*w, *next;
	size_t			 len;

	if (h->nhist[which] == SIM_HISTORY) {
		h->oldest[which] = h->hist[which][0].rv;
		free(h->hist[which][0].line);
		memmove(h->hist[which], h->hist[which] + 1,
		    (SIM_HISTORY - 1) * sizeof *h->hist[which]);
		h->nhist[which]--;
	}
	if (h->starting)
		return;		/* what was there before anyone watched */
	e = ARRAY_PUSH(h->hist[which], h->nhist[which], h->chist[which]);
	e->rv = h->rv;
	e->line = event_line(which, type, obj, &len);
	for (w = h->watchers; w != NULL; w = next) {
		next = w->next;
		if (w->which == which && w->ours)
			send_line(w, e->line, len);
	}
}

static void
set_rv(json_t *obj, unsigned long rv)
{
	char	buf[24];

	snprintf(buf, sizeof buf, "%lu", rv);
	json_object_set_new(json_object_get(obj, "metadata"),
	    "resourceVersion", json_string(buf));
}

/* Bring the view of one resource up to date, with an event per change. */
static void
sync_view(struct sim_watch *h, enum k8s_res which, double wall)
{
	json_t		*items, *item, *seen, *old, *meta, *o;
	const char	*name;
	void		*it;
	char		*d;
	size_t		 i;

	items = k8s_items(h->sc, wall, which, SIM_NAMESPACE);
	seen = json_object();
	json_array_foreach(items, i, item) {
		meta = json_object_get(item, "metadata");
		name = json_string_value(json_object_get(meta, "name"));
		if (name == NULL)
			continue;
		json_object_set_new(seen, name, json_true());
		json_object_del(meta, "resourceVersion");
		d = json_dumps(item, JSON_COMPACT | JSON_SORT_KEYS);
		old = json_object_get(h->view[which], name);
		if (old != NULL && streq(json_string_value(json_object_get(old,
		    "d")), d)) {
			free(d);
			continue;
		}
		set_rv(item, ++h->rv);
		json_object_set_new(h->view[which], name, json_pack("{s:s, s:O}",
		    "d", d, "o", item));
		free(d);
		emit(h, which, old != NULL ? "MODIFIED" : "ADDED", item);
	}
	it = json_object_iter(h->view[which]);
	while (it != NULL) {
		name = json_object_iter_key(it);
		old = json_object_iter_value(it);
		it = json_object_iter_next(h->view[which], it);
		if (json_object_get(seen, name) != NULL)
			continue;
		o = json_deep_copy(json_object_get(old, "o"));
		set_rv(o, ++h->rv);
		emit(h, which, "DELETED", o);
		json_decref(o);
		json_object_del(h->view[which], name);
	}
	json_decref(seen);
	json_decref(items);
}

static void
send_bookmark(struct sim_watch *h, struct watcher *w)
{
	json_t	*obj;
	char	*line;
	size_t	 len;

	obj = json_pack("{s:s, s:s, s:{}}", "kind", res_info[w->which].kind,
	    "apiVersion", res_info[w->which].api_version, "metadata");
	set_rv(obj, h->rv);
	line = event_line(K8S_NRES, "BOOKMARK", obj, &len);
	send_line(w, line, len);
	free(line);
	json_decref(obj);
}

/* The ERROR event the API server sends for a too old resourceVersion. */
static void
send_expired(struct watcher *w, unsigned long asked, unsigned long oldest)
{
	json_t	*obj;
	char	*msg, *line;
	size_t	 len;

	msg = xasprintf("too old resource version: %lu (%lu)", asked,
	    oldest + 1);
	obj = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind",
	    "Status", "apiVersion", "v1", "metadata", "status", "Failure",
	    "message", msg, "reason", "Expired", "code", 410);
	line = event_line(K8S_NRES, "ERROR", obj, &len);
	send_line(w, line, len);
	free(line);
	free(msg);
	json_decref(obj);
}

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct sim_watch	*h = arg;
	struct watcher		*w, *next;
	double			 now = now_wall();
	int			 want[K8S_NRES] = { 0, 0, 0 };
	size_t			 i;

	(void)fd;
	(void)what;
	for (w = h->watchers; w != NULL; w = w->next)
		want[w->which] |= w->ours;
	for (i = 0; i < K8S_NRES; i++) {
		if (want[i])
			sync_view(h, (enum k8s_res)i, now);
	}
	for (w = h->watchers; w != NULL; w = next) {
		next = w->next;
		if (now >= w->end_at) {
			/* As the API server: a last bookmark, then the end. */
			if (w->bookmarks)
				send_bookmark(h, w);
			watcher_end(w);
		}
		else if (w->bookmarks && now >= w->next_bookmark) {
			send_bookmark(h, w);
			w->next_bookmark = now + SIM_BOOKMARK_S;
		}
	}
}

struct sim_watch *
sim_watch_new(struct event_base *base, struct sim_scenario *sc)
{
	struct sim_watch	*h = xcalloc(1, sizeof *h);
	size_t			 i;

	h->base = base;
	h->sc = sc;
	h->rv = SIM_RV_START;
	for (i = 0; i < K8S_NRES; i++) {
		h->view[i] = json_object();
	}
	h->starting = 1;
	for (i = 0; i < K8S_NRES; i++)
		sync_view(h, (enum k8s_res)i, sc->start_wall);
	h->starting = 0;
	for (i = 0; i < K8S_NRES; i++)
		h->oldest[i] = h->rv;	/* the history starts here */
	h->tick = event_new(base, -1, EV_PERSIST, on_tick, h);
	return h;
}

void
sim_watch_free(struct sim_watch *h)
{
	size_t	i, j;

	if (h == NULL)
		return;
	while (h->watchers != NULL)
		watcher_unlink(h->watchers, 0);
	event_free(h->tick);
	for (i = 0; i < K8S_NRES; i++) {
		json_decref(h->view[i]);
		for (j = 0; j < h->nhist[i]; j++)
			free(h->hist[i][j].line);
		free(h->hist[i]);
	}
	free(h);
}

json_t *
sim_watch_list(struct sim_watch *h, enum k8s_res which, const char *ns,
    double wall, char *rv, size_t rvlen)
{
	json_t		*items = json_array(), *v;
	const char	*name;

	if (strcmp(ns, SIM_NAMESPACE) == 0) {
		sync_view(h, which, wall);
		json_object_foreach(h->view[which], name, v)
			json_array_append(items, json_object_get(v, "o"));
	}
	snprintf(rv, rvlen, "%lu", h->rv);
	return items;
}

/* Which resource a collection path is, and its namespace; -1 for none. */
static int
path_res(const char *path, char *ns, size_t nslen)
{
	size_t		 i, pl;
	const char	*rest, *slash;

	for (i = 0; i < K8S_NRES; i++) {
		pl = strlen(res_info[i].prefix);
		if (strncmp(path, res_info[i].prefix, pl) != 0)
			continue;
		rest = path + pl;
		if ((slash = strchr(rest, '/')) == NULL || slash == rest ||
		    (size_t)(slash - rest) >= nslen ||
		    strcmp(slash + 1, res_info[i].resource) != 0)
			continue;
		memcpy(ns, rest, (size_t)(slash - rest));
		ns[slash - rest] = '\0';
		return (int)i;
	}
	return -1;
}

static int
is_true(const char *v)
{
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* POST /sim/watch/expire and /sim/watch/drop. */
static int
fault(struct sim_watch *h, struct sim_request *rq, struct sim_reply *r)
{
	struct watcher		*w, *next;
	struct bufferevent	*bev;
	size_t			 i, j, n = 0;

	if (rq->method != SIM_POST) {
		reply_text(r, 405, "text/plain", "POST only\n");
		return 1;
	}
	if (strcmp(rq->path, "/sim/watch/expire") == 0) {
		for (i = 0; i < K8S_NRES; i++) {
			for (j = 0; j < h->nhist[i]; j++)
				free(h->hist[i][j].line);
			h->nhist[i] = 0;
			h->oldest[i] = h->rv;
		}
		for (w = h->watchers; w != NULL; w = next) {
			next = w->next;
			send_expired(w, h->rv, h->rv);
			watcher_end(w);
			n++;
		}
	} else if (strcmp(rq->path, "/sim/watch/drop") == 0) {
		for (w = h->watchers; w != NULL; w = next) {
			next = w->next;
			bev = evhttp_connection_get_bufferevent(
			    evhttp_request_get_connection(w->req));
			if (bev != NULL)
				shutdown(bufferevent_getfd(bev), SHUT_RDWR);
			n++;
		}
	} else {
		reply_text(r, 404, "text/plain", "no such fault\n");
		return 1;
	}
	reply_json(r, 200, json_pack("{s:i}", "watches", (int)n));
	return 1;
}

int
sim_watch_handle(struct sim_watch *h, struct evhttp_request *req,
    struct sim_request *rq, struct sim_reply *r)
{
	struct watcher	*w;
	const char	*v, *name, *rvs;
	json_t		*o;
	unsigned long	 from = 0;
	double		 timeout = SIM_WATCH_TIMEOUT_S, now = now_wall();
	char		 ns[128], *end;
	size_t		 i;
	int		 which;

	if (h == NULL)
		return 0;
	if (strncmp(rq->path, "/sim/watch/", 11) == 0)
		return fault(h, rq, r);
	if (rq->method != SIM_GET ||
	    !is_true(evhttp_find_header(rq->args, "watch")) ||
	    (which = path_res(rq->path, ns, sizeof ns)) < 0)
		return 0;
	if ((v = evhttp_find_header(rq->args, "timeoutSeconds")) != NULL &&
	    strtod(v, &end) > 0 && *end == '\0')
		timeout = strtod(v, NULL);
	rvs = evhttp_find_header(rq->args, "resourceVersion");
	if (rvs != NULL && *rvs != '\0') {
		from = strtoul(rvs, &end, 10);
		if (*end != '\0') {
			reply_json(r, 400, json_pack("{s:s, s:s, s:{}, s:s, s:s,"
			    " s:s, s:i}", "kind", "Status", "apiVersion", "v1",
			    "metadata", "status", "Failure", "message",
			    "invalid resource version", "reason", "BadRequest",
			    "code", 400));
			return 1;
		}
	}

	w = xcalloc(1, sizeof *w);
	w->h = h;
	w->req = req;
	w->which = (enum k8s_res)which;
	w->ours = strcmp(ns, SIM_NAMESPACE) == 0;
	w->bookmarks = is_true(evhttp_find_header(rq->args,
	    "allowWatchBookmarks"));
	w->next_bookmark = now + SIM_BOOKMARK_S;
	w->end_at = now + timeout;
	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	evhttp_send_reply_start(req, 200, "OK");
	if (w->ours)
		sync_view(h, w->which, now);
	w->next = h->watchers;
	if (h->watchers == NULL) {
		struct timeval	tv = { 1, 0 };

		event_add(h->tick, &tv);	/* a second while anyone watches */
	}
	h->watchers = w;
	evhttp_connection_set_closecb(evhttp_request_get_connection(req),
	    watcher_closed, w);

	if (w->ours && from == 0) {
		/* No version: every object as ADDED, then what follows. */
		json_object_foreach(h->view[which], name, o) {
			size_t	 len;
			char	*line = event_line(w->which, "ADDED",
			    json_object_get(o, "o"), &len);

			send_line(w, line, len);
			free(line);
		}
	} else if (w->ours && from < h->oldest[which]) {
		send_expired(w, from, h->oldest[which]);
		watcher_end(w);
	} else if (w->ours) {
		for (i = 0; i < h->nhist[which]; i++) {
			if (h->hist[which][i].rv > from)
				send_line(w, h->hist[which][i].line,
				    strlen(h->hist[which][i].line));
		}
	}
	return 2;
}
