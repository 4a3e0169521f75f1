/*
 * argo_watch.c - the argo-rollouts source's watch (adapter_watch), as
 * informers do it: the objects of the last list are kept by name, each
 * Kubernetes watch event (one JSON line: {"type": ADDED | MODIFIED |
 * DELETED | BOOKMARK | ERROR, "object": {...}}) changes one of them, and
 * only the rows it touches are derived again: the Rollout or Deployment
 * itself, or the owners of a ReplicaSet.  An ERROR with code 410 (the
 * resourceVersion is too old) asks for a new list.  Pure: no I/O here.
 *
 * Kept small: each object is kept pruned, as compact JSON text, and
 * decoded again only when a row it belongs to is derived (an event
 * touches few); a list answer is let go of item by item as it is kept.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/adapters/argo_rollouts.h"
#include "core/model_rollout.h"
#include "core/strmap.h"
#include "core/util.h"

/* One kept object. */
struct argo_obj {
	char	*name;		/* metadata.name; NULL: a free slot */
	char	*text;		/* the pruned object, compact JSON */
};

/* The kept objects of one list. */
struct argo_list {
	struct argo_obj	*objs;
	size_t		 n, cap;
	size_t		*spare;		/* free slots of objs, to use again */
	size_t		 nspare, spare_cap;
	struct strmap	 by_name;	/* name -> slot */
	char		*rv;		/* the resourceVersion to watch from */
};

/* The ReplicaSets under one owner key, in the order they were put there. */
struct argo_owner {
	char	*key;		/* "uid:UID" or "Kind/name" */
	size_t	*rs;		/* slots of the ReplicaSets list */
	size_t	 n, cap;
};

struct argo_store {
	struct argo_list	 lists[ARGO_NLISTS];
	struct argo_owner	*owners;	/* ReplicaSets by owner */
	size_t			 nowners, owners_cap;
	struct strmap		 by_owner;	/* key -> index in owners */
};

static void
store_init(struct argo_store *st)
{
	size_t	i;

	memset(st, 0, sizeof *st);
	for (i = 0; i < ARGO_NLISTS; i++)
		strmap_init(&st->lists[i].by_name);
	strmap_init(&st->by_owner);
}

/* Forget everything st keeps. */
static void
store_done(struct argo_store *st)
{
	struct argo_list	*l;
	size_t			 i, j;

	for (i = 0; i < ARGO_NLISTS; i++) {
		l = &st->lists[i];
		for (j = 0; j < l->n; j++) {
			free(l->objs[j].name);
			free(l->objs[j].text);
		}
		free(l->objs);
		free(l->spare);
		strmap_free(&l->by_name);
		free(l->rv);
	}
	for (i = 0; i < st->nowners; i++) {
		free(st->owners[i].key);
		free(st->owners[i].rs);
	}
	free(st->owners);
	strmap_free(&st->by_owner);
	store_init(st);
}

static void *
argo_watch_store_new(void)
{
	struct argo_store	*st = xmalloc(sizeof *st);

	store_init(st);
	return st;
}

static void
argo_watch_store_free(void *p)
{
	struct argo_store	*st = p;

	if (st == NULL)
		return;
	store_done(st);
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
	free(st->lists[which].rv);
	st->lists[which].rv = xstrdup(rv);
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

/* The kept object in slot `id` of list `which`, decoded (NULL: none). */
static json_t *
obj_load(const struct argo_store *st, size_t which, size_t id)
{
	const struct argo_obj	*o = &st->lists[which].objs[id];

	return o->text != NULL ? json_loads(o->text, 0, NULL) : NULL;
}

/* The slot of `name` in list `which`, or STRMAP_NONE. */
static size_t
obj_find(const struct argo_store *st, size_t which, const char *name)
{
	return strmap_get(&st->lists[which].by_name, name);
}

/* A ReplicaSet's slot, for the owner index's callbacks. */
struct owner_arg {
	struct argo_store	*st;
	size_t			 id;
};

static void
owner_add(const char *key, void *arg)
{
	struct owner_arg	*a = arg;
	struct argo_store	*st = a->st;
	struct argo_owner	*o;
	size_t			 oi;

	if ((oi = strmap_get(&st->by_owner, key)) == STRMAP_NONE) {
		oi = st->nowners;
		o = ARRAY_PUSH(st->owners, st->nowners, st->owners_cap);
		memset(o, 0, sizeof *o);
		o->key = xstrdup(key);
		strmap_put(&st->by_owner, o->key, oi);
	}
	o = &st->owners[oi];
	*ARRAY_PUSH(o->rs, o->n, o->cap) = a->id;
}

/* Take the ReplicaSet's first place under key; an empty owner goes. */
static void
owner_remove(const char *key, void *arg)
{
	struct owner_arg	*a = arg;
	struct argo_store	*st = a->st;
	struct argo_owner	*o;
	size_t			 oi, k, last;

	if ((oi = strmap_get(&st->by_owner, key)) == STRMAP_NONE)
		return;
	o = &st->owners[oi];
	for (k = 0; k < o->n && o->rs[k] != a->id; k++)
		continue;
	if (k == o->n)
		return;
	memmove(&o->rs[k], &o->rs[k + 1], (o->n - k - 1) * sizeof o->rs[0]);
	if (--o->n > 0)
		return;
	strmap_del(&st->by_owner, o->key);
	free(o->key);
	free(o->rs);
	last = --st->nowners;
	if (oi != last) {	/* the last owner fills the gap */
		*o = st->owners[last];
		strmap_del(&st->by_owner, o->key);
		strmap_put(&st->by_owner, o->key, oi);
	}
}

/*
 * Keep obj (pruned, as text) as `name` of list `which`, or forget the
 * name when obj is NULL.  old is what was kept under the name, decoded
 * (NULL: load it when a ReplicaSet's index needs it).  ReplicaSets are
 * indexed by owner, a changed one placed last as the list would have it.
 */
static void
store_put(struct argo_store *st, size_t which, const char *name,
    json_t *obj, json_t *old)
{
	struct argo_list	*l = &st->lists[which];
	struct owner_arg	 a = { st, 0 };
	char			*text = NULL;
	size_t			 id = obj_find(st, which, name);

	if (obj != NULL) {
		prune(which, obj);
		text = json_dumps(obj, JSON_COMPACT);	/* NULL: no memory */
	}
	if (id != STRMAP_NONE) {
		a.id = id;
		if (which == ARGO_REPLICASETS) {
			if (old != NULL)
				argo_rollouts_rs_keys(old, owner_remove, &a);
			else if ((old = obj_load(st, which, id)) != NULL) {
				argo_rollouts_rs_keys(old, owner_remove, &a);
				json_decref(old);
			}
		}
		free(l->objs[id].text);
		l->objs[id].text = NULL;
		if (text == NULL) {
			strmap_del(&l->by_name, name);
			free(l->objs[id].name);
			l->objs[id].name = NULL;
			*ARRAY_PUSH(l->spare, l->nspare, l->spare_cap) = id;
		}
	}
	if (text == NULL)
		return;
	if (id == STRMAP_NONE) {
		if (l->nspare > 0)
			id = l->spare[--l->nspare];
		else {
			id = l->n;
			(void)ARRAY_PUSH(l->objs, l->n, l->cap);
		}
		l->objs[id].name = xstrdup(name);
		strmap_put(&l->by_name, l->objs[id].name, id);
	}
	l->objs[id].text = xstrdup(text);
	free(text);			/* jansson's allocator */
	if (which == ARGO_REPLICASETS) {
		a.id = id;
		argo_rollouts_rs_keys(obj, owner_add, &a);
	}
}

/* The row of obj, a Rollout or Deployment (which), with its ReplicaSets. */
static void
derive(const struct argo_store *st, const struct poll_ctx *ctx,
    size_t which, json_t *obj, struct model_part *part)
{
	const struct argo_owner	*o;
	json_t			*rss = json_array(), *rs;
	char			*key = argo_rollouts_owner_key(obj, (int)which);
	size_t			 oi, k;

	if ((oi = strmap_get(&st->by_owner, key)) != STRMAP_NONE) {
		o = &st->owners[oi];
		for (k = 0; k < o->n; k++) {
			if ((rs = obj_load(st, ARGO_REPLICASETS, o->rs[k])) !=
			    NULL)
				json_array_append_new(rss, rs);
		}
	}
	argo_rollouts_derive(ctx, obj, (int)which, rss, part);
	json_decref(rss);
	free(key);
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
	struct argo_store	*st = p, fresh;
	struct argo_list	*l;
	json_t			*list, *items, *item, *obj;
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
	/*
	 * Keep the lists in a fresh store, each item as it will be kept and
	 * then let go of, so that no more than one list is ever decoded at
	 * once; st changes only when every answer is good.
	 */
	store_init(&fresh);
	for (i = 0; i < want; i++) {
		if ((list = argo_rollouts_load_list(ctx, &resp[i], (int)i,
		    cause)) == NULL) {
			store_done(&fresh);
			return -1;
		}
		set_rv(&fresh, i, meta_str(list, "resourceVersion"));
		items = json_object_get(list, "items");
		json_array_foreach(items, j, item) {
			if (json_is_object(item) &&
			    (name = meta_str(item, "name")) != NULL)
				store_put(&fresh, i, name, item, NULL);
			json_array_set_new(items, j, json_null());
		}
		json_decref(list);
	}
	store_done(st);
	*st = fresh;
	for (i = 0; i < want; i += 2) {	/* Rollouts, then Deployments */
		l = &st->lists[i];
		for (j = 0; j < l->n; j++) {
			if ((obj = obj_load(st, i, j)) == NULL)
				continue;
			derive(st, ctx, i, obj, part);
			json_decref(obj);
		}
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
		rv = st->lists[i].rv != NULL ? url_escape(st->lists[i].rv) :
		    NULL;
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
	size_t		 i, which, id;

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
		if ((id = obj_find(st, which, name)) == STRMAP_NONE)
			continue;
		key = xasprintf("%s/%s", kind, name);
		if (json_object_get(done, key) == NULL) {
			json_object_set_new(done, key, json_true());
			if ((owner = obj_load(st, which, id)) != NULL) {
				derive(st, ctx, which, owner, &d->put);
				json_decref(owner);
			}
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
	json_t		*old = NULL, *done;
	const char	*ns;
	int		 deleted = strcmp(type, "DELETED") == 0;
	char		*cns, *cname;
	size_t		 id;

	/* A ReplicaSet's old owners are derived again too. */
	if (which == ARGO_REPLICASETS &&
	    (id = obj_find(st, which, name)) != STRMAP_NONE)
		old = obj_load(st, which, id);
	store_put(st, which, name, deleted ? NULL : obj, old);
	if (which == ARGO_REPLICASETS) {
		done = json_object();
		if (old != NULL)
			derive_owners(st, ctx, old, done, d);
		if (!deleted)
			derive_owners(st, ctx, obj, done, d);
		json_decref(done);
	} else if (!deleted)
		derive(st, ctx, which, obj, &d->put);
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
