/*
 * argo_watch.c - the argo-rollouts source's watch (adapter_watch), as
 * informers do it: the objects of the last list are kept by name, each
 * Kubernetes watch event (one JSON line: {"type": ADDED | MODIFIED |
 * DELETED | BOOKMARK | ERROR, "object": {...}}) changes one of them, and
 * only the rows it touches are derived again: the Rollout or Deployment
 * itself, or the owners of a ReplicaSet.  An ERROR with code 410 (the
 * resourceVersion is too old) asks for a new list.  Pure: no I/O here.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/adapters/argo_rollouts.h"
#include "core/model_rollout.h"
#include "core/util.h"

struct argo_store {
	json_t	*objs[ARGO_NLISTS];	/* metadata.name -> object */
	json_t	*rs_ix;			/* ReplicaSets by owner */
	char	*rv[ARGO_NLISTS];	/* the resourceVersion to watch from */
};

static void *
argo_watch_store_new(void)
{
	struct argo_store	*st = xcalloc(1, sizeof *st);
	size_t			 i;

	for (i = 0; i < ARGO_NLISTS; i++)
		st->objs[i] = json_object();
	st->rs_ix = json_object();
	return st;
}

static void
argo_watch_store_clear(struct argo_store *st)
{
	size_t	i;

	for (i = 0; i < ARGO_NLISTS; i++) {
		json_object_clear(st->objs[i]);
		free(st->rv[i]);
		st->rv[i] = NULL;
	}
	json_object_clear(st->rs_ix);
}

static void
argo_watch_store_free(void *p)
{
	struct argo_store	*st = p;
	size_t			 i;

	if (st == NULL)
		return;
	argo_watch_store_clear(st);
	for (i = 0; i < ARGO_NLISTS; i++)
		json_decref(st->objs[i]);
	json_decref(st->rs_ix);
	free(st);
}

static const char *
meta_str(json_t *obj, const char *key)
{
	json_t	*v = json_object_get(json_object_get(obj, "metadata"), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
set_rv(struct argo_store *st, size_t which, const char *rv)
{
	if (rv == NULL || *rv == '\0')
		return;
	free(st->rv[which]);
	st->rv[which] = xstrdup(rv);
}

/*
 * Drop what relboard never reads and clusters make large, so that the
 * kept objects stay small: managed fields, the last applied
 * configuration, and pod templates (of a ReplicaSet only its containers'
 * images are read).
 */
static void
prune(size_t which, json_t *obj)
{
	json_t	*meta = json_object_get(obj, "metadata");
	json_t	*spec = json_object_get(obj, "spec"), *containers, *c, *img;
	json_t	*kept;
	size_t	 i;

	json_object_del(meta, "managedFields");
	json_object_del(json_object_get(meta, "annotations"),
	    "kubectl.kubernetes.io/last-applied-configuration");
	if (which != ARGO_REPLICASETS) {
		json_object_del(spec, "template");
		return;
	}
	containers = json_object_get(json_object_get(json_object_get(spec,
	    "template"), "spec"), "containers");
	kept = json_array();
	json_array_foreach(containers, i, c) {
		img = json_object_get(c, "image");
		json_array_append_new(kept, img != NULL ?
		    json_pack("{s:O}", "image", img) : json_object());
	}
	json_object_set_new(spec, "template", json_pack("{s:{s:o}}", "spec",
	    "containers", kept));
	json_object_del(spec, "selector");
	json_object_del(json_object_get(obj, "status"), "conditions");
}

/* Keep obj as `name` of list `which` (NULL: forget it), indexing ReplicaSets. */
static void
store_put(struct argo_store *st, size_t which, const char *name, json_t *obj)
{
	json_t	*old = json_object_get(st->objs[which], name);

	if (which == ARGO_REPLICASETS && old != NULL)
		argo_rollouts_index_rs(st->rs_ix, old, false);
	if (obj == NULL) {
		json_object_del(st->objs[which], name);
		return;
	}
	prune(which, obj);
	json_object_set(st->objs[which], name, obj);
	if (which == ARGO_REPLICASETS)
		argo_rollouts_index_rs(st->rs_ix, obj, true);
}

static size_t
nlists(const struct poll_ctx *ctx)
{
	return ctx->src->deployments ? 3 : 2;
}

static int
argo_watch_list(void *p, const struct poll_ctx *ctx,
    const struct response *resp, size_t n, struct model_part *part,
    char **cause)
{
	struct argo_store	*st = p;
	json_t			*lists[ARGO_NLISTS] = { NULL, NULL, NULL };
	json_t			*item, *obj;
	const char		*name;
	size_t			 want, i, j;

	if (ctx->src->namespace == NULL || *ctx->src->namespace == '\0') {
		*cause = xasprintf("source %s has no namespace",
		    ctx->src->name);
		return -1;
	}
	want = nlists(ctx);
	if (n < want) {
		*cause = xasprintf("source %s: %zu answers for %zu requests",
		    ctx->src->name, n, want);
		return -1;
	}
	for (i = 0; i < want; i++) {
		lists[i] = argo_rollouts_load_list(ctx, &resp[i], (int)i,
		    cause);
		if (lists[i] == NULL) {
			for (j = 0; j < i; j++)
				json_decref(lists[j]);
			return -1;
		}
	}
	argo_watch_store_clear(st);
	for (i = 0; i < want; i++) {
		set_rv(st, i, meta_str(lists[i], "resourceVersion"));
		json_array_foreach(json_object_get(lists[i], "items"), j,
		    item) {
			if (json_is_object(item) &&
			    (name = meta_str(item, "name")) != NULL)
				store_put(st, i, name, item);
		}
		json_decref(lists[i]);
	}
	for (i = 0; i < want; i += 2) {	/* Rollouts, then Deployments */
		const char *key;

		json_object_foreach(st->objs[i], key, obj)
			argo_rollouts_derive(ctx, obj, (int)i, st->rs_ix, part);
	}
	return 0;
}

static size_t
argo_watch_plan(void *p, const struct poll_ctx *ctx, long timeout_s,
    struct request_desc *reqs)
{
	struct argo_store	*st = p;
	size_t			 i, n;
	char			*path, *rv;

	if (ctx->src->namespace == NULL || *ctx->src->namespace == '\0')
		return 0;
	n = nlists(ctx);
	for (i = 0; i < n; i++) {
		memset(&reqs[i], 0, sizeof reqs[i]);
		path = argo_rollouts_path((int)i, ctx->src->namespace);
		rv = st->rv[i] != NULL ? url_escape(st->rv[i]) : NULL;
		reqs[i].method = xstrdup("GET");
		reqs[i].path = xasprintf("%s?watch=1&allowWatchBookmarks=true"
		    "&timeoutSeconds=%ld%s%s", path, timeout_s,
		    rv != NULL ? "&resourceVersion=" : "", rv != NULL ? rv : "");
		free(rv);
		free(path);
	}
	return n;
}

static enum watch_event
bad(char **cause, size_t which, const char *fmt, const char *what)
{
	char	*text = xasprintf(fmt, what != NULL ? what : "");

	*cause = xasprintf("watch of %ss: %s", argo_rollouts_kind((int)which),
	    text);
	free(text);
	sanitize_text(*cause);
	return WATCH_BAD;
}

/* A ReplicaSet changed: derive its owners (before and after) again. */
static void
derive_owners(struct argo_store *st, const struct poll_ctx *ctx,
    json_t *rs, json_t *done, struct model_rollout_delta *d)
{
	json_t		*ref, *owner;
	const char	*kind, *name;
	char		*key;
	size_t		 i;
	int		 which;

	json_array_foreach(json_object_get(json_object_get(rs, "metadata"),
	    "ownerReferences"), i, ref) {
		kind = json_string_value(json_object_get(ref, "kind"));
		name = json_string_value(json_object_get(ref, "name"));
		if (kind == NULL || name == NULL)
			continue;
		if (strcmp(kind, "Rollout") == 0)
			which = ARGO_ROLLOUTS;
		else if (strcmp(kind, "Deployment") == 0)
			which = ARGO_DEPLOYMENTS;
		else
			continue;
		if ((owner = json_object_get(st->objs[which], name)) == NULL)
			continue;
		key = xasprintf("%s/%s", kind, name);
		if (json_object_get(done, key) == NULL) {
			json_object_set_new(done, key, json_true());
			argo_rollouts_derive(ctx, owner, which, st->rs_ix,
			    &d->put);
		}
		free(key);
	}
}

/* An added, changed or deleted object of list `which`. */
static void
apply(struct argo_store *st, const struct poll_ctx *ctx, size_t which,
    const char *type, const char *name, json_t *obj,
    struct model_rollout_delta *d)
{
	json_t		*old, *done;
	const char	*ns;
	int		 deleted = strcmp(type, "DELETED") == 0;
	char		*cns, *cname;

	if ((old = json_object_get(st->objs[which], name)) != NULL)
		json_incref(old);
	store_put(st, which, name, deleted ? NULL : obj);
	if (which == ARGO_REPLICASETS) {
		done = json_object();
		if (old != NULL)
			derive_owners(st, ctx, old, done, d);
		if (!deleted)
			derive_owners(st, ctx, obj, done, d);
		json_decref(done);
	} else if (!deleted)
		argo_rollouts_derive(ctx, obj, (int)which, st->rs_ix, &d->put);
	else {
		/* The row as argo_rollouts_derive() named it. */
		ns = meta_str(obj, "namespace");
		cns = xstrdup(ns != NULL ? ns : ctx->src->namespace);
		cname = xstrdup(name);
		sanitize_text(cns);
		sanitize_text(cname);
		model_rollout_gone(d, ctx->src->name, cns, cname,
		    argo_rollouts_kind((int)which));
		free(cns);
		free(cname);
	}
	json_decref(old);
}

static enum watch_event
argo_watch_event(void *p, const struct poll_ctx *ctx, size_t which,
    const char *line, size_t len, struct model_rollout_delta *d,
    char **cause)
{
	struct argo_store	*st = p;
	json_error_t		 jerr;
	json_t			*root, *obj;
	const char		*type, *kind, *api, *name, *ns, *reason, *msg;
	enum watch_event	 ev;
	long long		 code;

	*cause = NULL;
	if (which >= nlists(ctx))
		return bad(cause, 0, "no such stream%s", NULL);
	if ((root = json_loadb(line, len, 0, &jerr)) == NULL)
		return bad(cause, which, "malformed event: %s", jerr.text);
	type = json_string_value(json_object_get(root, "type"));
	obj = json_object_get(root, "object");
	if (type == NULL || !json_is_object(obj)) {
		ev = bad(cause, which, "not a watch event (no type or "
		    "object)%s", NULL);
	} else if (strcmp(type, "BOOKMARK") == 0) {
		name = meta_str(obj, "resourceVersion");
		if (name == NULL || *name == '\0')
			ev = bad(cause, which, "a BOOKMARK without a "
			    "resourceVersion%s", NULL);
		else {
			set_rv(st, which, name);
			ev = WATCH_BOOKMARK;
		}
	} else if (strcmp(type, "ERROR") == 0) {
		code = json_integer_value(json_object_get(obj, "code"));
		reason = json_string_value(json_object_get(obj, "reason"));
		msg = json_string_value(json_object_get(obj, "message"));
		*cause = xasprintf("watch of %ss: ERROR %lld %s: %s",
		    argo_rollouts_kind((int)which), code,
		    reason != NULL ? reason : "", msg != NULL ? msg : "");
		sanitize_text(*cause);
		ev = code == 410 || streq(reason, "Expired") ||
		    streq(reason, "Gone") ? WATCH_GONE : WATCH_FAILED;
	} else if (strcmp(type, "ADDED") != 0 && strcmp(type, "MODIFIED") !=
	    0 && strcmp(type, "DELETED") != 0) {
		ev = bad(cause, which, "unknown event type \"%s\"", type);
	} else if ((kind = json_string_value(json_object_get(obj, "kind"))) !=
	    NULL && strcmp(kind, argo_rollouts_kind((int)which)) != 0) {
		ev = bad(cause, which, "an event about a \"%s\"", kind);
	} else if ((api = json_string_value(json_object_get(obj,
	    "apiVersion"))) != NULL &&
	    strcmp(api, argo_rollouts_api_version((int)which)) != 0) {
		ev = bad(cause, which, "an object of apiVersion \"%s\"", api);
	} else if ((name = meta_str(obj, "name")) == NULL || *name == '\0') {
		ev = bad(cause, which, "an object without a name%s", NULL);
	} else if ((ns = meta_str(obj, "namespace")) != NULL &&
	    strcmp(ns, ctx->src->namespace) != 0) {
		ev = bad(cause, which, "an object of namespace \"%s\"", ns);
	} else {
		set_rv(st, which, meta_str(obj, "resourceVersion"));
		apply(st, ctx, which, type, name, obj, d);
		ev = WATCH_APPLIED;
	}
	json_decref(root);
	return ev;
}

const struct adapter_watch argo_watch_ops = {
	.store_new = argo_watch_store_new,
	.store_free = argo_watch_store_free,
	.list = argo_watch_list,
	.plan = argo_watch_plan,
	.event = argo_watch_event,
};
