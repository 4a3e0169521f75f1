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
	json_t			*truth[2];	/* the lists as they are now */
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

/* List canary-paused through the watch's list(). */
static void
setup_list(struct fixture *f)
{
	static const char *files[2] = { "canary-paused/rollouts.json",
	    "canary-paused/replicasets.json" };
	struct response	 resp[2];
	struct model_part part;
	char		*body[2], *cause = NULL;
	size_t		 i;

	memset(f, 0, sizeof *f);
	f->src.name = (char *)"k8s";
	f->src.kind = (char *)"argo-rollouts";
	f->src.url = (char *)"https://127.0.0.1:6443";
	f->src.namespace = (char *)"jesse-test";
	f->ctx.src = &f->src;
	f->ops = adapter_argo_rollouts.watch;
	ck_assert_ptr_nonnull(f->ops);
	f->store = f->ops->store_new();
	for (i = 0; i < 2; i++) {
		body[i] = load(files[i], &resp[i].len);
		resp[i].status = 200;
		resp[i].body = body[i];
		resp[i].error = NULL;
		f->truth[i] = json_loads(body[i], 0, NULL);
		ck_assert_ptr_nonnull(f->truth[i]);
	}
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(f->ops->list(f->store, &f->ctx, resp, 2, &part,
	    &cause), 0);
	ck_assert_int_eq((int)part.nrollouts, 1);
	model_init(&f->m);
	model_add_source(&f->m, "k8s", "argo-rollouts");
	model_apply(&f->m, "k8s", &part);
	for (i = 0; i < 2; i++)
		free(body[i]);
}

static void
teardown(struct fixture *f)
{
	f->ops->store_free(f->store);
	model_free(&f->m);
	json_decref(f->truth[0]);
	json_decref(f->truth[1]);
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

/* The rows must be what a fresh list of the truth gives. */
static void
check_same_as_list(struct fixture *f, size_t step)
{
	struct response	 resp[2];
	struct model_part part;
	char		*body[2], *cause = NULL;
	const struct rollout *a, *b;
	size_t		 i, j;

	for (i = 0; i < 2; i++) {
		body[i] = json_dumps(f->truth[i], JSON_COMPACT);
		resp[i].status = 200;
		resp[i].body = body[i];
		resp[i].len = strlen(body[i]);
		resp[i].error = NULL;
	}
	memset(&part, 0, sizeof part);
	ck_assert_int_eq(adapter_argo_rollouts.parse(&f->ctx, resp, 2, &part,
	    &cause), 0);
	ck_assert_msg(part.nrollouts == f->m.nrollouts, "event %zu: %zu rows,"
	    " a list gives %zu", step, f->m.nrollouts, part.nrollouts);
	for (i = 0; i < part.nrollouts; i++) {
		b = &part.rollouts[i];
		a = row(&f->m, b->name);
		ck_assert_msg(a != NULL, "event %zu: no row %s", step, b->name);
		ck_assert_str_eq(a->status, b->status);
		ck_assert_str_eq(a->message ? a->message : "",
		    b->message ? b->message : "");
		ck_assert_int_eq(a->step_index, b->step_index);
		ck_assert_int_eq(a->step_count, b->step_count);
		ck_assert_int_eq(a->set_weight, b->set_weight);
		ck_assert_msg(a->actual_weight == b->actual_weight,
		    "event %zu: actual weight %d, a list gives %d", step,
		    a->actual_weight, b->actual_weight);
		ck_assert_int_eq(memcmp(&a->replicas, &b->replicas,
		    sizeof a->replicas), 0);
		ck_assert_int_eq((int)a->nimages, (int)b->nimages);
		for (j = 0; j < a->nimages; j++)
			ck_assert_str_eq(a->images[j], b->images[j]);
		ck_assert_int_eq(a->nimage_roles, b->nimage_roles);
		for (j = 0; j < a->nimage_roles; j++)
			ck_assert_str_eq(a->image_roles[j].roles,
			    b->image_roles[j].roles);
		ck_assert_int_eq(a->waiting_for_human, b->waiting_for_human);
	}
	model_part_free(&part);
	free(body[0]);
	free(body[1]);
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
