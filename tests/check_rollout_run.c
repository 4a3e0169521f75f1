/*
 * check_rollout_run.c - the rollout action engine over real HTTP against a
 * small in-process Kubernetes stand-in holding one real Rollout (Argo's
 * canary-demo, paused at a pause step: tests/fixtures/k8s/canary-paused)
 * that misbehaves on purpose with the promote's status patch: answered
 * (done), refused with 409 (refused, nothing written), no status
 * subresource (404: the plugin's combined patch goes to the Rollout), applied
 * but never answered (done, the read-back shows it), neither applied nor
 * answered (failed), answered but not applied (failed), and a read-back
 * that fails (unknown).  A patch is sent once: never retried.  Each
 * carries the resourceVersion read, as application/merge-patch+json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <jansson.h>

#include "actions/rollout_action.h"
#include "core/util.h"
#include "net/net.h"

#define RO_PATH "/apis/argoproj.io/v1alpha1/namespaces/jesse-test/rollouts/" \
	"canary-demo"

/* What the stand-in does with the status patch. */
enum mode {
	ANSWER,			/* apply, answer 200 with the object */
	CONFLICT,		/* 409: the object has been modified */
	NO_STATUS,		/* 404 on /status; the Rollout itself takes it */
	APPLY_THEN_HANG,	/* apply, never answer */
	HANG,			/* neither apply nor answer */
	IGNORE,			/* answer 200, apply nothing */
	READBACK_FAILS,		/* apply, answer; the next GET answers 500 */
};

#define NPATCH 4

struct fake {
	struct event_base *base;
	struct evhttp	*http;
	int		 port;
	enum mode	 mode;
	json_t		*ro;		/* the Rollout */
	int		 gets;
	int		 npatch;
	char		*patch_path[NPATCH], *patch_ctype[NPATCH];
	json_t		*patch_body[NPATCH];
};

static void
reply(struct evhttp_request *req, int code, json_t *body)
{
	struct evbuffer *b = evbuffer_new();
	char *text = json_dumps(body, JSON_COMPACT);

	evbuffer_add(b, text, strlen(text));
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    "application/json");
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Error", b);
	evbuffer_free(b);
	free(text);
}

static void
status_reply(struct evhttp_request *req, int code, const char *reason)
{
	json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:i}", "kind", "Status",
	    "apiVersion", "v1", "status", "Failure", "reason", reason, "code",
	    code);

	reply(req, code, s);
	json_decref(s);
}

/* The promote took: the pause conditions gone, a new resourceVersion. */
static void
apply(struct fake *f)
{
	json_t *status = json_object_get(f->ro, "status");

	json_object_del(status, "pauseConditions");
	json_object_set_new(status, "controllerPause", json_false());
	json_object_set_new(json_object_get(f->ro, "metadata"),
	    "resourceVersion", json_string("28253568"));
}

static void
on_request(struct evhttp_request *req, void *arg)
{
	struct fake *f = arg;
	const char *uri = evhttp_request_get_uri(req), *ctype;
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	char *body;
	int to_status = strcmp(uri, RO_PATH "/status") == 0;

	if (evhttp_request_get_command(req) == EVHTTP_REQ_GET &&
	    strcmp(uri, RO_PATH) == 0) {
		f->gets++;
		if (f->mode == READBACK_FAILS && f->gets == 2)
			status_reply(req, 500, "InternalError");
		else
			reply(req, 200, f->ro);
		return;
	}
	if (evhttp_request_get_command(req) != EVHTTP_REQ_PATCH ||
	    (!to_status && strcmp(uri, RO_PATH) != 0) || f->npatch == NPATCH) {
		status_reply(req, 404, "NotFound");
		return;
	}
	body = xmalloc(len + 1);
	evbuffer_remove(in, body, len);
	body[len] = '\0';
	ctype = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type");
	f->patch_path[f->npatch] = xstrdup(uri);
	f->patch_ctype[f->npatch] = xstrdup(ctype ? ctype : "");
	f->patch_body[f->npatch] = json_loads(body, 0, NULL);
	f->npatch++;
	free(body);
	if (!to_status) {
		apply(f);
		reply(req, 200, f->ro);
		return;
	}
	switch (f->mode) {
	case ANSWER:
	case READBACK_FAILS:
		apply(f);
		reply(req, 200, f->ro);
		break;
	case CONFLICT:
		status_reply(req, 409, "Conflict");
		break;
	case NO_STATUS:
		status_reply(req, 404, "NotFound");
		break;
	case APPLY_THEN_HANG:
		apply(f);
		break;
	case HANG:
		break;
	case IGNORE:
		reply(req, 200, f->ro);
		break;
	}
}

static void
fake_start(struct fake *f, enum mode mode)
{
	struct evhttp_bound_socket *s;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	json_t *list;

	memset(f, 0, sizeof *f);
	list = json_load_file(FIXTURES_DIR "/k8s/canary-paused/rollouts.json", 0,
	    NULL);
	ck_assert_ptr_nonnull(list);
	f->ro = json_incref(json_array_get(json_object_get(list, "items"), 0));
	json_decref(list);
	f->base = event_base_new();
	f->http = evhttp_new(f->base);
	evhttp_set_allowed_methods(f->http, EVHTTP_REQ_GET | EVHTTP_REQ_PATCH);
	evhttp_set_gencb(f->http, on_request, f);
	s = evhttp_bind_socket_with_handle(f->http, "127.0.0.1", 0);
	ck_assert_ptr_nonnull(s);
	getsockname(evhttp_bound_socket_get_fd(s), (struct sockaddr *)&ss, &len);
	f->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	f->mode = mode;
}

static void
fake_stop(struct fake *f)
{
	int i;

	for (i = 0; i < f->npatch; i++) {
		free(f->patch_path[i]);
		free(f->patch_ctype[i]);
		json_decref(f->patch_body[i]);
	}
	json_decref(f->ro);
	evhttp_free(f->http);
	event_base_free(f->base);
}

struct result {
	struct event_base *base;
	enum action_status status;
	char		*message;
	char		*journal_result;
};

static void
on_outcome(const struct rollout_outcome *o, void *arg)
{
	struct result *r = arg;

	r->status = o->status;
	r->message = xstrdup(o->message);
	event_base_loopbreak(r->base);
}

/* Promote canary-demo against the stand-in; the journal has one line. */
static void
run(struct fake *f, struct result *res)
{
	struct config cfg;
	struct net *net;
	struct rollout_action_args a;
	char *text, *cause = NULL, dir[] = "/tmp/relboard-rorun.XXXXXX";
	json_t *entry;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	text = xasprintf("{\"sources\":[{\"name\":\"k8s\",\"kind\":"
	    "\"argo-rollouts\",\"url\":\"http://127.0.0.1:%d\",\"namespace\":"
	    "\"jesse-test\",\"timeout_s\":0.5}]}", f->port);
	ck_assert_msg(config_parse(&cfg, "t.json", text, &cause) == 0, "%s",
	    cause);
	free(text);
	net_global_init();
	net = net_new(f->base, &cause);
	memset(&a, 0, sizeof a);
	a.action = "promote";
	a.ref = "jesse-test/canary-demo";
	a.reason = "release day";
	memset(res, 0, sizeof *res);
	res->base = f->base;
	rollout_action_start(net, &cfg, &a, on_outcome, res);
	event_base_dispatch(f->base);
	ck_assert_ptr_nonnull(res->message);
	net_free(net);
	net_global_cleanup();
	config_free(&cfg);
	text = xasprintf("%s/relboard/journal.jsonl", dir);
	entry = json_load_file(text, 0, NULL);	/* one attempt, one line */
	ck_assert_ptr_nonnull(entry);
	ck_assert_str_eq(json_string_value(json_object_get(entry, "rollout")),
	    "jesse-test/canary-demo");
	res->journal_result = xstrdup(json_string_value(json_object_get(entry,
	    "result")));
	json_decref(entry);
	unlink(text);
	free(text);
	text = xasprintf("%s/relboard", dir);
	rmdir(text);
	free(text);
	rmdir(dir);
}

static void
result_free(struct result *r)
{
	free(r->message);
	free(r->journal_result);
}

/* Patch i went to `path` (after the Rollout's) with `body` and the rv. */
static void
assert_patch(struct fake *f, int i, const char *path, const char *body,
    const char *rv)
{
	json_t *b, *want;

	ck_assert_int_gt(f->npatch, i);
	ck_assert_str_eq(f->patch_path[i], path);
	ck_assert_str_eq(f->patch_ctype[i], "application/merge-patch+json");
	b = f->patch_body[i];
	ck_assert_ptr_nonnull(b);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(b,
	    "metadata"), "resourceVersion")), rv);
	json_object_del(b, "metadata");
	want = json_loads(body, 0, NULL);
	ck_assert_msg(json_equal(b, want), "patch %d: %s", i,
	    json_dumps(b, JSON_COMPACT));
	json_decref(want);
}

static void
expect(enum mode mode, enum action_status want, const char *journal,
    int npatch, const char *words)
{
	struct fake f;
	struct result r;

	fake_start(&f, mode);
	run(&f, &r);
	ck_assert_msg(r.status == want, "status %d: %s", r.status, r.message);
	ck_assert_str_eq(r.journal_result, journal);
	ck_assert_msg(strstr(r.message, words) != NULL, "message: %s",
	    r.message);
	ck_assert_int_eq(f.npatch, npatch);
	assert_patch(&f, 0, RO_PATH "/status",
	    "{\"status\":{\"pauseConditions\":null}}", "28253567");
	if (mode == NO_STATUS)
		assert_patch(&f, 1, RO_PATH, "{\"spec\":{\"paused\":false},"
		    "\"status\":{\"pauseConditions\":null}}", "28253567");
	result_free(&r);
	fake_stop(&f);
}

START_TEST(answered_is_verified)
{
	expect(ANSWER, ACTION_DONE, "done", 1, "verified");
}
END_TEST

START_TEST(conflict_is_refused)
{
	expect(CONFLICT, ACTION_REFUSED, "refused", 1, "nothing written");
}
END_TEST

START_TEST(no_status_subresource_patches_the_rollout)
{
	expect(NO_STATUS, ACTION_DONE, "done", 2, "verified");
}
END_TEST

START_TEST(applied_but_unanswered_is_verified)
{
	expect(APPLY_THEN_HANG, ACTION_DONE, "done", 1, "no answer");
}
END_TEST

START_TEST(unanswered_and_not_applied_is_failed)
{
	expect(HANG, ACTION_FAILED, "failed", 1, "check it before acting again");
}
END_TEST

START_TEST(accepted_but_not_applied_is_failed)
{
	expect(IGNORE, ACTION_FAILED, "failed", 1, "the patches were accepted");
}
END_TEST

START_TEST(readback_fails_is_unknown)
{
	expect(READBACK_FAILS, ACTION_UNKNOWN, "unknown", 1,
	    "could not be read back");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rollout_run");
	TCase *tc = tcase_create("http");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, answered_is_verified);
	tcase_add_test(tc, conflict_is_refused);
	tcase_add_test(tc, no_status_subresource_patches_the_rollout);
	tcase_add_test(tc, applied_but_unanswered_is_verified);
	tcase_add_test(tc, unanswered_and_not_applied_is_failed);
	tcase_add_test(tc, accepted_but_not_applied_is_failed);
	tcase_add_test(tc, readback_fails_is_unknown);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
