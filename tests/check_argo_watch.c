/*
 * check_argo_watch.c - the argo-rollouts watch (argo_watch.c) on fixture
 * events: tests/fixtures/k8s/watch/events.jsonl holds the watch events of
 * the canary-paused rollout being promoted (see make_events.py), in the
 * shape the Kubernetes API sends them.  After the list, each event is
 * applied to the model alone (model_rollout_apply), and the rows must be
 * exactly those a fresh list of the same objects gives (the lists are
 * kept up to date beside it and parsed by the polling adapter).  Also:
 * the watch requests and their resourceVersions, bookmarks, 410 and other
 * ERROR events, DELETED, and lines that are no watch event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/adapter.h"
#include "core/adapters/argo_rollouts.h"
#include "core/model.h"
#include "core/model_rollout.h"
#include "core/util.h"
#include "testutil.h"

extern const struct adapter_entry adapter_argo_rollouts;

struct fixture {
	struct source_cfg	 src;
	struct poll_ctx		 ctx;
	const struct adapter_watch *ops;
	void			*store;
	struct model		 m;
	size_t			 nlists;	/* 2, or 3 with Deployments */
	json_t			*truth[3];	/* the lists as they are now */
};

/* A file of tests/fixtures/k8s. */
static char *
load(const char *rel, size_t *len)
{
	char	*path = xasprintf("k8s/%s", rel), *text;

	text = fixture(path, len);
	free(path);
	return text;
}

/* The list answers for the truth lists, as the API server would send them. */
static void
truth_answers(struct fixture *f, struct response *resp, char **body)
{
	size_t	i;

	for (i = 0; i < f->nlists; i++) {
		body[i] = json_dumps(f->truth[i], JSON_COMPACT);
		resp[i].status = 200;
		resp[i].body = body[i];
		resp[i].len = strlen(body[i]);
		resp[i].error = NULL;
	}
}

/*
 * The lists of files (rollouts, replicasets[, deployments]) of namespace
 * ns as the truth, listed through the watch's list() into a new model.
 */
static void
setup_lists(struct fixture *f, const char *ns, const char **files,
    size_t nlists)
{
	struct response	 resp[3];
	struct model_part part;
	char		*body[3], *text, *cause = NULL;
	size_t		 i, len;

	memset(f, 0, sizeof *f);
	f->src.name = (char *)"k8s";
	f->src.kind = (char *)"argo-rollouts";
	f->src.url = (char *)"https://127.0.0.1:6443";
	f->src.namespace = (char *)ns;
	f->src.deployments = nlists == 3;
	f->ctx.src = &f->src;
	f->nlists = nlists;
	f->ops = adapter_argo_rollouts.watch;
	ck_assert_ptr_nonnull(f->ops);
	f->store = f->ops->store_new();
	for (i = 0; i < nlists; i++) {
		text = load(files[i], &len);
		f->truth[i] = json_loads(text, 0, NULL);
		ck_assert_ptr_nonnull(f->truth[i]);
		free(text);
	}
	truth_answers(f, resp, body);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(f->ops->list(f->store, &f->ctx, resp, nlists, &part,
	    &cause), 0);
	model_init(&f->m);
	model_add_source(&f->m, "k8s", "argo-rollouts");
	model_apply(&f->m, "k8s", &part);
	for (i = 0; i < nlists; i++)
		free(body[i]);
}

/* List canary-paused through the watch's list(). */
static void
setup_list(struct fixture *f)
{
	static const char *files[2] = { "canary-paused/rollouts.json",
	    "canary-paused/replicasets.json" };

	setup_lists(f, "jesse-test", files, 2);
	ck_assert_int_eq((int)f->m.nrollouts, 1);
}

static void
teardown(struct fixture *f)
{
	f->ops->store_free(f->store);
	model_free(&f->m);
	json_decref(f->truth[0]);
	json_decref(f->truth[1]);
	json_decref(f->truth[2]);
}

static const struct rollout *
row(const struct model *m, const char *name)
{
	size_t	i;

	for (i = 0; i < m->nrollouts; i++) {
		if (strcmp(m->rollouts[i].name, name) == 0)
			return &m->rollouts[i];
	}
	return NULL;
}

/* Keep the truth lists as the event says. */
static void
truth_apply(json_t *list, const char *type, json_t *obj)
{
	json_t		*items = json_object_get(list, "items"), *it;
	const char	*name = json_string_value(json_object_get(
			    json_object_get(obj, "metadata"), "name"));
	size_t		 i;

	json_array_foreach(items, i, it) {
		if (strcmp(json_string_value(json_object_get(json_object_get(it,
		    "metadata"), "name")), name) == 0) {
			if (strcmp(type, "DELETED") == 0)
				json_array_remove(items, i);
			else
				json_array_set(items, i, obj);
			return;
		}
	}
	ck_assert_str_ne(type, "DELETED");
	json_array_append(items, obj);
}

static void
same_str(const char *a, const char *b, size_t step, const char *name,
    const char *what)
{
	ck_assert_msg(strcmp(a ? a : "", b ? b : "") == 0, "event %zu: %s's "
	    "%s \"%s\", a list gives \"%s\"", step, name, what, a ? a : "",
	    b ? b : "");
}

/* The rows must be what a fresh list of the truth gives. */
static void
check_same_as_list(struct fixture *f, size_t step)
{
	struct response	 resp[3];
	struct model_part part;
	char		*body[3], *cause = NULL;
	const struct rollout *a, *b;
	size_t		 i, j;

	truth_answers(f, resp, body);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(adapter_argo_rollouts.parse(&f->ctx, resp, f->nlists,
	    &part, &cause), 0);
	ck_assert_msg(part.nrollouts == f->m.nrollouts, "event %zu: %zu rows,"
	    " a list gives %zu", step, f->m.nrollouts, part.nrollouts);
	for (i = 0; i < part.nrollouts; i++) {
		b = &part.rollouts[i];
		a = row(&f->m, b->name);
		ck_assert_msg(a != NULL, "event %zu: no row %s", step, b->name);
		same_str(a->kind, b->kind, step, b->name, "kind");
		same_str(a->namespace, b->namespace, step, b->name, "namespace");
		same_str(a->strategy, b->strategy, step, b->name, "strategy");
		same_str(a->status, b->status, step, b->name, "status");
		same_str(a->message, b->message, step, b->name, "message");
		ck_assert_int_eq(a->step_index, b->step_index);
		ck_assert_int_eq(a->step_count, b->step_count);
		ck_assert_int_eq(a->set_weight, b->set_weight);
		ck_assert_msg(a->actual_weight == b->actual_weight,
		    "event %zu: actual weight %d, a list gives %d", step,
		    a->actual_weight, b->actual_weight);
		ck_assert_int_eq(memcmp(&a->replicas, &b->replicas,
		    sizeof a->replicas), 0);
		ck_assert_msg(a->nimages == b->nimages, "event %zu: %s has %zu "
		    "images, a list gives %zu", step, b->name, a->nimages,
		    b->nimages);
		for (j = 0; j < a->nimages; j++)
			ck_assert_str_eq(a->images[j], b->images[j]);
		ck_assert_int_eq(a->nimage_roles, b->nimage_roles);
		for (j = 0; j < a->nimage_roles; j++) {
			ck_assert_str_eq(a->image_roles[j].image,
			    b->image_roles[j].image);
			ck_assert_str_eq(a->image_roles[j].roles,
			    b->image_roles[j].roles);
		}
		ck_assert_int_eq(a->nsteps, b->nsteps);
		for (j = 0; j < a->nsteps; j++)
			same_str(a->steps[j].name, b->steps[j].name, step,
			    b->name, "step");
		ck_assert_int_eq(a->nconditions, b->nconditions);
		for (j = 0; j < a->nconditions; j++) {
			same_str(a->conditions[j].type, b->conditions[j].type,
			    step, b->name, "condition");
			same_str(a->conditions[j].reason,
			    b->conditions[j].reason, step, b->name, "reason");
		}
		ck_assert_int_eq(a->waiting_for_human, b->waiting_for_human);
		ck_assert(a->since_wall == b->since_wall);
		same_str(a->live.resource_version, b->live.resource_version,
		    step, b->name, "resourceVersion");
	}
	model_part_free(&part);
	for (i = 0; i < f->nlists; i++)
		free(body[i]);
}

/* The path of watch request `which` after list/events so far. */
static char *
watch_path(struct fixture *f, size_t which)
{
	struct request_desc	 reqs[RB_MAX_REQUESTS];
	size_t			 i, n;
	char			*p;

	n = f->ops->plan(f->store, &f->ctx, 300, reqs);
	ck_assert_int_eq((int)n, 2);
	p = xstrdup(reqs[which].path);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	return p;
}

START_TEST(test_plan)
{
	struct fixture	 f;
	char		*p;

	setup_list(&f);
	p = watch_path(&f, 0);
	ck_assert_str_eq(p, "/apis/argoproj.io/v1alpha1/namespaces/jesse-test/"
	    "rollouts?watch=1&allowWatchBookmarks=true&timeoutSeconds=300"
	    "&resourceVersion=28253600");
	free(p);
	p = watch_path(&f, 1);
	ck_assert_str_eq(p, "/apis/apps/v1/namespaces/jesse-test/replicasets?"
	    "watch=1&allowWatchBookmarks=true&timeoutSeconds=300"
	    "&resourceVersion=28253600");
	free(p);
	teardown(&f);
}
END_TEST

/* The promotion, event by event. */
START_TEST(test_events)
{
	struct fixture		 f;
	struct model_rollout_delta d;
	const struct rollout	*r;
	enum watch_event	 ev;
	json_t			*e;
	char			*text, *line, *next, *tab, *cause, *p;
	size_t			 len, which, step = 0, changed;

	setup_list(&f);
	text = load("watch/events.jsonl", &len);
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		tab = strchr(line, '\t');
		*tab++ = '\0';
		which = strcmp(line, "rollouts") == 0 ? 0 : 1;
		memset(&d, 0, sizeof d);
		cause = NULL;
		ev = f.ops->event(f.store, &f.ctx, which, tab, strlen(tab), &d,
		    &cause);
		step++;
		e = json_loads(tab, 0, NULL);
		switch (step) {
		case 4:
			ck_assert_int_eq(ev, WATCH_BOOKMARK);
			p = watch_path(&f, 0);
			ck_assert_ptr_nonnull(strstr(p,
			    "&resourceVersion=28253700"));
			free(p);
			break;
		case 8:
			ck_assert_int_eq(ev, WATCH_GONE);
			ck_assert_ptr_nonnull(strstr(cause, "too old resource "
			    "version"));
			break;
		default:
			ck_assert_msg(ev == WATCH_APPLIED, "event %zu: %d (%s)",
			    step, ev, cause ? cause : "");
			truth_apply(f.truth[which], json_string_value(
			    json_object_get(e, "type")), json_object_get(e,
			    "object"));
			break;
		}
		changed = model_rollout_apply(&f.m, &d);
		check_same_as_list(&f, step);
		r = row(&f.m, "canary-demo");
		ck_assert_ptr_nonnull(r);
		switch (step) {
		case 1:
			/* Promoted: setWeight 40 is being rolled out. */
			ck_assert_int_eq((int)changed, 1);
			ck_assert_str_eq(r->status, "Progressing");
			ck_assert_int_eq(r->step_index, 2);
			ck_assert_int_eq(r->set_weight, 40);
			ck_assert_int_eq(r->actual_weight, 20);
			ck_assert(!r->waiting_for_human);
			break;
		case 3:
			/* Two of five pods are the canary's. */
			ck_assert_int_eq(r->actual_weight, 40);
			break;
		case 5:
			ck_assert_int_eq((int)f.m.nrollouts, 2);
			ck_assert_ptr_nonnull(row(&f.m, "canary-demo-copy"));
			break;
		case 6:
			ck_assert_int_eq((int)changed, 1);
			ck_assert_int_eq((int)f.m.nrollouts, 1);
			ck_assert_ptr_null(row(&f.m, "canary-demo-copy"));
			break;
		case 4:
		case 8:
			ck_assert_int_eq((int)changed, 0);
			break;
		}
		free(cause);
		json_decref(e);
	}
	ck_assert_int_eq((int)step, 8);
	/* The ReplicaSets' watch goes on from the last one it saw. */
	p = watch_path(&f, 1);
	ck_assert_ptr_nonnull(strstr(p, "&resourceVersion=28253703"));
	free(p);
	free(text);
	teardown(&f);
}
END_TEST

/* What is no watch event of this stream is refused, naming the problem. */
START_TEST(test_bad_lines)
{
	static const struct {
		size_t		 which;
		const char	*line;
		enum watch_event want;
		const char	*cause;
	} cases[] = {
		{ 0, "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Rollo",
		  WATCH_BAD, "malformed event" },
		{ 0, "[1,2]", WATCH_BAD, "not a watch event" },
		{ 0, "{\"type\":\"MODIFIED\"}", WATCH_BAD, "not a watch event" },
		{ 0, "{\"type\":\"RESYNC\",\"object\":{}}", WATCH_BAD,
		  "unknown event type \"RESYNC\"" },
		{ 0, "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Pod\","
		  "\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"}}}",
		  WATCH_BAD, "an event about a \"Pod\"" },
		{ 1, "{\"type\":\"ADDED\",\"object\":{\"kind\":\"ReplicaSet\","
		  "\"apiVersion\":\"extensions/v1beta1\",\"metadata\":"
		  "{\"name\":\"x\"}}}", WATCH_BAD, "apiVersion" },
		{ 0, "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Rollout\","
		  "\"apiVersion\":\"argoproj.io/v1alpha1\",\"metadata\":{}}}",
		  WATCH_BAD, "without a name" },
		{ 0, "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Rollout\","
		  "\"apiVersion\":\"argoproj.io/v1alpha1\",\"metadata\":"
		  "{\"name\":\"canary-demo\",\"namespace\":\"kube-system\"}}}",
		  WATCH_BAD, "namespace \"kube-system\"" },
		{ 0, "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Rollout\","
		  "\"metadata\":{}}}", WATCH_BAD, "BOOKMARK without" },
		{ 2, "{}", WATCH_BAD, "no such stream" },
		{ 0, "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
		  "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
		  "\"message\":\"etcdserver: request timed out\",\"reason\":"
		  "\"InternalError\",\"code\":500}}", WATCH_FAILED,
		  "ERROR 500 InternalError: etcdserver: request timed out" },
		{ 1, "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
		  "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
		  "\"message\":\"The resourceVersion for the provided watch is "
		  "too old.\",\"reason\":\"Gone\",\"code\":410}}", WATCH_GONE,
		  "too old" },
	};
	struct fixture		 f;
	struct model_rollout_delta d;
	enum watch_event	 ev;
	char			*cause;
	size_t			 i;

	setup_list(&f);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&d, 0, sizeof d);
		cause = NULL;
		ev = f.ops->event(f.store, &f.ctx, cases[i].which,
		    cases[i].line, strlen(cases[i].line), &d, &cause);
		ck_assert_msg(ev == cases[i].want, "case %zu: %d", i, ev);
		ck_assert_msg(cause != NULL && strstr(cause, cases[i].cause) !=
		    NULL, "case %zu: cause \"%s\"", i, cause ? cause : "");
		ck_assert_int_eq((int)model_rollout_apply(&f.m, &d), 0);
		free(cause);
	}
	/* Nothing changed. */
	ck_assert_int_eq((int)f.m.nrollouts, 1);
	ck_assert_str_eq(f.m.rollouts[0].status, "Paused");
	teardown(&f);
}
END_TEST

/* A Rollout's DELETED removes its row; its ReplicaSets then touch none. */
START_TEST(test_deleted_owner)
{
	struct fixture		 f;
	struct model_rollout_delta d;
	char			*ro, *line, *dump, *cause = NULL;
	json_t			*list, *obj;
	size_t			 len;

	setup_list(&f);
	ro = load("canary-paused/rollouts.json", &len);
	list = json_loads(ro, 0, NULL);
	obj = json_array_get(json_object_get(list, "items"), 0);
	json_object_set_new(obj, "kind", json_string("Rollout"));
	json_object_set_new(obj, "apiVersion",
	    json_string("argoproj.io/v1alpha1"));
	dump = json_dumps(obj, JSON_COMPACT);
	line = xasprintf("{\"type\":\"DELETED\",\"object\":%s}", dump);
	free(dump);
	memset(&d, 0, sizeof d);
	ck_assert_int_eq(f.ops->event(f.store, &f.ctx, 0, line, strlen(line),
	    &d, &cause), WATCH_APPLIED);
	ck_assert_int_eq((int)model_rollout_apply(&f.m, &d), 1);
	ck_assert_int_eq((int)f.m.nrollouts, 0);
	free(line);
	/* A ReplicaSet of the deleted Rollout changes: no row comes back. */
	line = xstrdup("{\"type\":\"DELETED\",\"object\":{\"kind\":"
	    "\"ReplicaSet\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":"
	    "\"canary-demo-877894d5b\",\"namespace\":\"jesse-test\","
	    "\"ownerReferences\":[{\"kind\":\"Rollout\",\"name\":"
	    "\"canary-demo\"}]}}}");
	memset(&d, 0, sizeof d);
	ck_assert_int_eq(f.ops->event(f.store, &f.ctx, 1, line, strlen(line),
	    &d, &cause), WATCH_APPLIED);
	ck_assert_int_eq((int)model_rollout_apply(&f.m, &d), 0);
	ck_assert_int_eq((int)f.m.nrollouts, 0);
	free(line);
	json_decref(list);
	free(ro);
	teardown(&f);
}
END_TEST

/* --- the store, list by list ------------------------------------------ */

/* The Deployments of namespace shop (no Rollouts) through list(). */
static void
setup_shop(struct fixture *f)
{
	static const char *files[3] = { "deployments/rollouts.json",
	    "deployments/replicasets.json", "deployments/deployments.json" };

	setup_lists(f, "shop", files, 3);
	ck_assert_int_eq((int)f->m.nrollouts, 6);
}

/* A copy of the object `name` of the truth's list `which`. */
static json_t *
truth_obj(struct fixture *f, size_t which, const char *name)
{
	json_t	*it;
	size_t	 i;

	json_array_foreach(json_object_get(f->truth[which], "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(json_object_get(it,
		    "metadata"), "name")), name) == 0)
			return json_deep_copy(it);
	}
	ck_abort_msg("no %s in the truth", name);
	return NULL;
}

/* Set obj's value at a dotted path (objects made as needed); v is stolen. */
static void
jput(json_t *obj, const char *path, json_t *v)
{
	const char	*dot;
	char		*key;
	json_t		*next;

	while ((dot = strchr(path, '.')) != NULL) {
		key = xstrndup(path, (size_t)(dot - path));
		if ((next = json_object_get(obj, key)) == NULL) {
			next = json_object();
			json_object_set_new(obj, key, next);
		}
		free(key);
		obj = next;
		path = dot + 1;
	}
	json_object_set_new(obj, path, v);
}

/*
 * Send the watch event `type` about obj (list `which`; obj is kept by the
 * truth, the caller's reference stays its own) and apply it to the model.
 * *nput: how many rows were derived again; the rows must then be what a
 * list of the truth gives.  Returns how many rows of the model changed.
 */
static size_t
send_event(struct fixture *f, size_t which, const char *type, json_t *obj,
    size_t *nput, size_t step)
{
	struct model_rollout_delta d;
	enum watch_event ev;
	char		*dump, *line, *cause = NULL;
	size_t		 changed;

	json_object_set_new(obj, "kind",
	    json_string(argo_rollouts_kind((int)which)));
	json_object_set_new(obj, "apiVersion",
	    json_string(argo_rollouts_api_version((int)which)));
	dump = json_dumps(obj, JSON_COMPACT);
	line = xasprintf("{\"type\":\"%s\",\"object\":%s}", type, dump);
	memset(&d, 0, sizeof d);
	ev = f->ops->event(f->store, &f->ctx, which, line, strlen(line), &d,
	    &cause);
	ck_assert_msg(ev == WATCH_APPLIED, "event %zu: %d (%s)", step, ev,
	    cause ? cause : "");
	truth_apply(f->truth[which], type, obj);
	*nput = d.put.nrollouts;
	changed = model_rollout_apply(&f->m, &d);
	model_rollout_delta_free(&d);
	check_same_as_list(f, step);
	free(dump);
	free(line);
	free(cause);
	return changed;
}

/* The images of row `name`, joined with spaces (static). */
static const char *
images(struct fixture *f, const char *name)
{
	static char		 buf[512];
	const struct rollout	*r = row(&f->m, name);
	size_t			 i, off = 0;

	ck_assert_msg(r != NULL, "no row %s", name);
	buf[0] = '\0';
	for (i = 0; i < r->nimages; i++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s",
		    i > 0 ? " " : "", r->images[i]);
	return buf;
}

/*
 * Deployments and their ReplicaSets, event by event: each derives again
 * only the rows it touches (a ReplicaSet its owners before and after),
 * and the rows stay those a list gives.
 */
START_TEST(test_store_deployments)
{
	struct fixture	 f;
	json_t		*o, *search;
	size_t		 nput, changed;

	setup_shop(&f);
	ck_assert_str_eq(row(&f.m, "api")->status, "Progressing");
	ck_assert_str_eq(images(&f, "api"),
	    "ghcr.io/shop/api:2.3.1 ghcr.io/shop/api:2.4.0");

	/* A Deployment changes: its row alone. */
	o = truth_obj(&f, ARGO_DEPLOYMENTS, "api");
	jput(o, "status.updatedReplicas", json_integer(4));
	jput(o, "status.replicas", json_integer(4));
	changed = send_event(&f, ARGO_DEPLOYMENTS, "MODIFIED", o, &nput, 1);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_str_eq(row(&f.m, "api")->status, "Healthy");
	ck_assert_int_eq(row(&f.m, "api")->replicas.current, 4);
	json_decref(o);

	/* Its old ReplicaSet scales to nothing: the owner loses the image. */
	o = truth_obj(&f, ARGO_REPLICASETS, "api-6f9b8c7d5e");
	jput(o, "status.replicas", json_integer(0));
	changed = send_event(&f, ARGO_REPLICASETS, "MODIFIED", o, &nput, 2);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_str_eq(images(&f, "api"), "ghcr.io/shop/api:2.4.0");
	json_decref(o);

	/* A ReplicaSet is deleted. */
	o = truth_obj(&f, ARGO_REPLICASETS, "batch-59d8b7c6a5");
	changed = send_event(&f, ARGO_REPLICASETS, "DELETED", o, &nput, 3);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_str_eq(images(&f, "batch"), "ghcr.io/shop/batch:0.3.0");
	json_decref(o);

	/* A new ReplicaSet of web. */
	o = truth_obj(&f, ARGO_REPLICASETS, "web-7d9c6b5f4d");
	jput(o, "metadata.name", json_string("web-9a8b7c6d5e"));
	jput(o, "metadata.uid", json_string("e1a2b3c4-0010-4000-8000-"
	    "000000000010"));
	json_object_set_new(json_array_get(json_object_get(json_object_get(
	    json_object_get(json_object_get(o, "spec"), "template"), "spec"),
	    "containers"), 0), "image", json_string("nginx:1.26.0"));
	jput(o, "status.replicas", json_integer(1));
	changed = send_event(&f, ARGO_REPLICASETS, "ADDED", o, &nput, 4);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_str_eq(images(&f, "web"), "nginx:1.25.3 nginx:1.26.0");
	json_decref(o);

	/* A ReplicaSet changes owner: both are derived again. */
	o = truth_obj(&f, ARGO_REPLICASETS, "worker-8c9d0e1f2a");
	jput(o, "metadata.ownerReferences", json_pack("[{s:s, s:s, s:s, s:s, s:b}]",
	    "apiVersion", "apps/v1", "kind", "Deployment", "name", "cron",
	    "uid", "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2955", "controller", 1));
	changed = send_event(&f, ARGO_REPLICASETS, "MODIFIED", o, &nput, 5);
	ck_assert_int_eq((int)nput, 2);
	ck_assert_int_eq((int)changed, 2);
	ck_assert_str_eq(images(&f, "worker"), "");
	ck_assert_str_eq(images(&f, "cron"),
	    "ghcr.io/shop/cron:1.0.1 ghcr.io/shop/worker:1.9.2");
	json_decref(o);

	/* A Deployment goes; a change to its ReplicaSet brings no row. */
	search = truth_obj(&f, ARGO_DEPLOYMENTS, "search");
	changed = send_event(&f, ARGO_DEPLOYMENTS, "DELETED", search, &nput,
	    6);
	ck_assert_int_eq((int)nput, 0);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_ptr_null(row(&f.m, "search"));
	ck_assert_int_eq((int)f.m.nrollouts, 5);
	o = truth_obj(&f, ARGO_REPLICASETS, "search-6b7c8d9e0f");
	jput(o, "status.availableReplicas", json_integer(2));
	changed = send_event(&f, ARGO_REPLICASETS, "MODIFIED", o, &nput, 7);
	ck_assert_int_eq((int)nput, 0);
	ck_assert_int_eq((int)changed, 0);
	json_decref(o);

	/* It comes back: its ReplicaSet, kept all along, is found. */
	changed = send_event(&f, ARGO_DEPLOYMENTS, "ADDED", search, &nput, 8);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_str_eq(images(&f, "search"), "ghcr.io/shop/search:3.1.0");
	json_decref(search);

	/* A ReplicaSet of no object the store has. */
	o = truth_obj(&f, ARGO_REPLICASETS, "cron-5f8d7c6b9a");
	jput(o, "metadata.name", json_string("ghost-1"));
	jput(o, "metadata.uid", json_string("e1a2b3c4-0011-4000-8000-"
	    "000000000011"));
	jput(o, "metadata.ownerReferences", json_pack("[{s:s, s:s, s:s}]",
	    "kind", "Rollout", "name", "ghost", "uid", "no-such-uid"));
	changed = send_event(&f, ARGO_REPLICASETS, "ADDED", o, &nput, 9);
	ck_assert_int_eq((int)nput, 0);
	ck_assert_int_eq((int)changed, 0);
	json_decref(o);
	teardown(&f);
}
END_TEST

/* An object of canary-paused, moved to namespace shop. */
static json_t *
canary_obj(const char *file, const char *name)
{
	json_t	*list, *it, *out = NULL;
	char	*text;
	size_t	 len, i;

	text = load(file, &len);
	list = json_loads(text, 0, NULL);
	json_array_foreach(json_object_get(list, "items"), i, it) {
		if (strcmp(json_string_value(json_object_get(json_object_get(it,
		    "metadata"), "name")), name) == 0)
			out = json_deep_copy(it);
	}
	ck_assert_ptr_nonnull(out);
	jput(out, "metadata.namespace", json_string("shop"));
	json_decref(list);
	free(text);
	return out;
}

/* A Rollout comes, its ReplicaSets after it, it changes and goes. */
START_TEST(test_store_rollout)
{
	struct fixture		 f;
	const struct rollout	*r;
	json_t			*ro, *rs;
	size_t			 nput, changed;

	setup_shop(&f);
	ro = canary_obj("canary-paused/rollouts.json", "canary-demo");
	changed = send_event(&f, ARGO_ROLLOUTS, "ADDED", ro, &nput, 1);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_int_eq((int)f.m.nrollouts, 7);
	r = row(&f.m, "canary-demo");
	ck_assert_str_eq(r->status, "Paused");
	ck_assert_int_eq((int)r->nimages, 0);

	rs = canary_obj("canary-paused/replicasets.json",
	    "canary-demo-65fb5ffc84");
	changed = send_event(&f, ARGO_REPLICASETS, "ADDED", rs, &nput, 2);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	json_decref(rs);
	rs = canary_obj("canary-paused/replicasets.json",
	    "canary-demo-877894d5b");
	changed = send_event(&f, ARGO_REPLICASETS, "ADDED", rs, &nput, 3);
	ck_assert_int_eq((int)nput, 1);
	r = row(&f.m, "canary-demo");
	ck_assert_str_eq(images(&f, "canary-demo"),
	    "argoproj/rollouts-demo:green argoproj/rollouts-demo:yellow");
	ck_assert_int_eq((int)r->nimage_roles, 2);
	ck_assert_str_eq(r->image_roles[0].roles, "stable");
	ck_assert_str_eq(r->image_roles[1].roles, "canary");
	ck_assert_int_eq(r->actual_weight, 20);
	json_decref(rs);

	/* Paused by hand. */
	jput(ro, "spec.paused", json_true());
	changed = send_event(&f, ARGO_ROLLOUTS, "MODIFIED", ro, &nput, 4);
	ck_assert_int_eq((int)nput, 1);
	r = row(&f.m, "canary-demo");
	ck_assert_str_eq(r->status, "Paused");
	ck_assert(r->live.spec_paused);
	ck_assert(r->waiting_for_human);

	changed = send_event(&f, ARGO_ROLLOUTS, "DELETED", ro, &nput, 5);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_ptr_null(row(&f.m, "canary-demo"));
	rs = canary_obj("canary-paused/replicasets.json",
	    "canary-demo-877894d5b");
	changed = send_event(&f, ARGO_REPLICASETS, "DELETED", rs, &nput, 6);
	ck_assert_int_eq((int)nput, 0);
	ck_assert_int_eq((int)changed, 0);
	json_decref(rs);
	json_decref(ro);
	teardown(&f);
}
END_TEST

/* The path of watch request `which` (of three) after list/events so far. */
static char *
watch_path3(struct fixture *f, size_t which)
{
	struct request_desc	 reqs[RB_MAX_REQUESTS];
	size_t			 i, n;
	char			*p;

	n = f->ops->plan(f->store, &f->ctx, 300, reqs);
	ck_assert_int_eq((int)n, 3);
	p = xstrdup(reqs[which].path);
	for (i = 0; i < n; i++)
		request_desc_free(&reqs[i]);
	return p;
}

/* Drop the objects of the truth's list `which` whose name starts so. */
static void
truth_drop(struct fixture *f, size_t which, const char *prefix)
{
	json_t	*items = json_object_get(f->truth[which], "items"), *it;
	size_t	 i;

	for (i = 0; i < json_array_size(items); ) {
		it = json_array_get(items, i);
		if (strncmp(json_string_value(json_object_get(json_object_get(it,
		    "metadata"), "name")), prefix, strlen(prefix)) == 0)
			json_array_remove(items, i);
		else
			i++;
	}
}

/*
 * A new list (after a 410) replaces the whole store: what it no longer
 * has is forgotten, the index of ReplicaSets is built anew, and the
 * watch goes on from the list's resourceVersion.  A list with a bad
 * answer changes nothing.
 */
START_TEST(test_store_relist)
{
	struct fixture		 f;
	struct response		 resp[3];
	struct model_part	 part;
	json_t			*o;
	char			*body[3], *cause = NULL, *p;
	size_t			 nput, changed, i;

	setup_shop(&f);
	o = truth_obj(&f, ARGO_REPLICASETS, "api-6f9b8c7d5e");
	jput(o, "status.replicas", json_integer(0));
	(void)send_event(&f, ARGO_REPLICASETS, "MODIFIED", o, &nput, 1);
	json_decref(o);

	/* Meanwhile web went, cron was paused, and versions moved on. */
	truth_drop(&f, ARGO_DEPLOYMENTS, "web");
	truth_drop(&f, ARGO_REPLICASETS, "web-");
	o = json_array_get(json_object_get(f.truth[ARGO_DEPLOYMENTS],
	    "items"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(o,
	    "metadata"), "name")), "cron");
	jput(o, "spec.paused", json_true());
	jput(o, "metadata.generation", json_integer(0));
	for (i = 0; i < 3; i++)
		jput(f.truth[i], "metadata.resourceVersion",
		    json_string(i == 1 ? "28300001" : "28300000"));

	truth_answers(&f, resp, body);
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(f.ops->list(f.store, &f.ctx, resp, 3, &part, &cause),
	    0);
	ck_assert_int_eq((int)part.nrollouts, 5);
	model_apply(&f.m, "k8s", &part);
	for (i = 0; i < 3; i++)
		free(body[i]);
	check_same_as_list(&f, 2);
	ck_assert_ptr_null(row(&f.m, "web"));
	ck_assert_str_eq(row(&f.m, "cron")->status, "Paused");
	ck_assert_str_eq(images(&f, "api"), "ghcr.io/shop/api:2.4.0");
	p = watch_path3(&f, 1);
	ck_assert_ptr_nonnull(strstr(p, "&resourceVersion=28300001"));
	free(p);

	/* A ReplicaSet of the forgotten web brings no row back. */
	o = truth_obj(&f, ARGO_REPLICASETS, "cron-5f8d7c6b9a");
	jput(o, "metadata.name", json_string("web-7d9c6b5f4d"));
	jput(o, "metadata.uid", json_string("e1a2b3c4-0007-4000-8000-"
	    "000000000007"));
	jput(o, "metadata.ownerReferences", json_pack("[{s:s, s:s, s:s}]",
	    "kind", "Deployment", "name", "web", "uid",
	    "5c1b7a52-0e1c-4b8e-9a1e-2f4c7d9e0a11"));
	changed = send_event(&f, ARGO_REPLICASETS, "ADDED", o, &nput, 3);
	ck_assert_int_eq((int)nput, 0);
	ck_assert_int_eq((int)changed, 0);
	json_decref(o);

	/* A list with a bad answer: nothing changes, the watch goes on. */
	jput(f.truth[ARGO_DEPLOYMENTS], "metadata.resourceVersion",
	    json_string("28400000"));
	truth_answers(&f, resp, body);
	resp[1].status = 500;
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(f.ops->list(f.store, &f.ctx, resp, 3, &part, &cause),
	    -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	ck_assert_int_eq((int)part.nrollouts, 0);
	for (i = 0; i < 3; i++)
		free(body[i]);
	p = watch_path3(&f, 2);
	ck_assert_ptr_nonnull(strstr(p, "&resourceVersion=28300000"));
	free(p);
	o = truth_obj(&f, ARGO_REPLICASETS, "cron-5f8d7c6b9a");
	jput(o, "status.replicas", json_integer(0));
	changed = send_event(&f, ARGO_REPLICASETS, "MODIFIED", o, &nput, 4);
	ck_assert_int_eq((int)nput, 1);
	ck_assert_int_eq((int)changed, 1);
	ck_assert_str_eq(images(&f, "cron"), "");
	json_decref(o);
	teardown(&f);
}
END_TEST

static Suite *
suite(void)
{
	Suite	*s = suite_create("argo-watch");
	TCase	*tc = tcase_create("events");

	tcase_add_test(tc, test_plan);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_bad_lines);
	tcase_add_test(tc, test_deleted_owner);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_test(tc, test_store_deployments);
	tcase_add_test(tc, test_store_rollout);
	tcase_add_test(tc, test_store_relist);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
