/*
 * check_action_run.c - the action engine over real HTTP against a small
 * in-process Unleash stand-in that misbehaves on purpose: a write that is
 * applied but never answered (done, verified by the read-back), a write that
 * is neither applied nor answered (outcome unknown), and a compare-and-set
 * refusal, and a read-back that answers with another flag's document.
 * In every case the write is sent exactly once: relboard never retries a
 * write blindly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "actions/action.h"
#include "core/util.h"
#include "net/net.h"

enum mode { ANSWER, APPLY_THEN_HANG, HANG, CONFLICT, ON_FAILS, OTHER_FLAG };

struct fake {
	struct event_base *base;
	struct evhttp	*http;
	int		 port;
	enum mode	 mode;
	int		 enabled;
	int		 rollout;
	int		 patches;	/* PATCH requests received */
	int		 has_parent;	/* f needs flag p on */
	int		 parent_enabled, parent_rollout;
};

static void
reply_json(struct evhttp_request *req, int code, const char *body)
{
	struct evbuffer *b = evbuffer_new();

	evbuffer_add(b, body, strlen(body));
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    "application/json");
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Error", b);
	evbuffer_free(b);
}

static void
on_request(struct evhttp_request *req, void *arg)
{
	struct fake *f = arg;
	const char *uri = evhttp_request_get_uri(req);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	char body[512];

	if (cmd == EVHTTP_REQ_GET && strstr(uri, "/features/p") != NULL) {
		snprintf(body, sizeof body, "{\"name\":\"p\",\"environments\":[{\"name\":"
		    "\"production\",\"enabled\":%s,\"strategies\":[{\"id\":\"s2\","
		    "\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":\"%d\"},"
		    "\"constraints\":[]}]}],\"dependencies\":[],\"children\":[\"f\"]}",
		    f->parent_enabled ? "true" : "false", f->parent_rollout);
		reply_json(req, 200, body);
		return;
	}
	if (cmd == EVHTTP_REQ_GET && f->mode == OTHER_FLAG && f->patches > 0) {
		/* After the write: flag g's document, at the target state. */
		reply_json(req, 200, "{\"name\":\"g\",\"project\":\"default\","
		    "\"environments\":[{\"name\":\"production\",\"enabled\":true,"
		    "\"strategies\":[{\"id\":\"s9\",\"name\":\"flexibleRollout\","
		    "\"parameters\":{\"rollout\":\"20\"},\"constraints\":[]}]}],"
		    "\"dependencies\":[],\"children\":[]}");
		return;
	}
	if (cmd == EVHTTP_REQ_GET) {
		snprintf(body, sizeof body, "{\"name\":\"f\",\"environments\":[{\"name\":"
		    "\"production\",\"enabled\":%s,\"strategies\":[{\"id\":\"s1\","
		    "\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":\"%d\"},"
		    "\"constraints\":[]}]}],\"dependencies\":[%s],\"children\":[]}",
		    f->enabled ? "true" : "false", f->rollout, f->has_parent ?
		    "{\"feature\":\"p\",\"enabled\":true,\"variants\":[]}" : "");
		reply_json(req, 200, body);
		return;
	}
	if (cmd == EVHTTP_REQ_PATCH) {
		f->patches++;
		switch (f->mode) {
		case APPLY_THEN_HANG:
			f->rollout = 20;
			return;		/* never answered */
		case HANG:
			return;
		case CONFLICT:
			f->rollout = 50;	/* someone else got there first */
			reply_json(req, 500, "{\"name\":\"UnknownError\",\"message\":"
			    "\"Test operation failed\"}");
			return;
		case OTHER_FLAG:
			reply_json(req, 200, "{}");	/* and nothing done */
			return;
		case ANSWER:
		case ON_FAILS:
			f->rollout = 20;
			reply_json(req, 200, "{}");
			return;
		}
	}
	if (strstr(uri, "/on") != NULL && f->mode == ON_FAILS) {
		reply_json(req, 500, "{\"name\":\"InternalError\",\"message\":"
		    "\"database is down\"}");
		return;
	}
	if (strstr(uri, "/on") != NULL)
		f->enabled = 1;
	else if (strstr(uri, "/off") != NULL)
		f->enabled = 0;
	reply_json(req, 200, "");
}

static void
fake_start(struct fake *f, enum mode mode)
{
	struct evhttp_bound_socket *s;
	evutil_socket_t fd;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;

	memset(f, 0, sizeof *f);
	f->base = event_base_new();
	f->http = evhttp_new(f->base);
	evhttp_set_allowed_methods(f->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_PATCH);
	evhttp_set_gencb(f->http, on_request, f);
	s = evhttp_bind_socket_with_handle(f->http, "127.0.0.1", 0);
	ck_assert_ptr_nonnull(s);
	fd = evhttp_bound_socket_get_fd(s);
	getsockname(fd, (struct sockaddr *)&ss, &len);
	f->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	f->mode = mode;
	f->enabled = 1;
	f->rollout = 5;
}

struct result {
	struct event_base *base;
	enum action_status status;
	char		*message;
};

static void
on_outcome(const struct action_outcome *o, void *arg)
{
	struct result *r = arg;

	r->status = o->status;
	r->message = xstrdup(o->message);
	event_base_loopbreak(r->base);
}

/*
 * Stage f in production to `stage` (or restore it when stage is NULL), seen
 * at `expect`, against the fake server.
 */
static void
run_action(struct fake *f, struct result *res, const char *stage, const char *expect)
{
	struct config cfg;
	struct net *net;
	struct action_args a;
	char *text, *cause = NULL, dir[] = "/tmp/relboard-actrun.XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	text = xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://127.0.0.1:%d\",\"timeout_s\":0.5}]}", f->port);
	ck_assert_msg(config_parse(&cfg, "t.json", text, &cause) == 0, "%s", cause);
	free(text);
	net_global_init();
	net = net_new(f->base, &cause);
	memset(&a, 0, sizeof a);
	a.action = stage != NULL ? "stage" : "restore";
	a.flag = "f";
	a.env = "production";
	a.stage = stage;
	a.expect = expect;
	memset(res, 0, sizeof *res);
	res->base = f->base;
	action_start(net, &cfg, &a, on_outcome, res);
	event_base_dispatch(f->base);
	ck_assert_ptr_nonnull(res->message);
	net_free(net);
	net_global_cleanup();
	config_free(&cfg);
	text = xasprintf("%s/relboard/journal.jsonl", dir);
	ck_assert_int_eq(access(text, R_OK), 0);	/* the attempt is journaled */
	unlink(text);
	free(text);
	text = xasprintf("%s/relboard", dir);
	rmdir(text);
	free(text);
	rmdir(dir);
}

/* Stage f in production to "early" (20%) against the fake server. */
static void
run_stage(struct fake *f, struct result *res)
{
	run_action(f, res, "early", "canary");
}

static void
fake_stop(struct fake *f)
{
	evhttp_free(f->http);
	event_base_free(f->base);
}

START_TEST(applied_but_unanswered_is_verified)
{
	struct fake f;
	struct result r;

	fake_start(&f, APPLY_THEN_HANG);
	run_stage(&f, &r);
	ck_assert_int_eq(r.status, ACTION_DONE);
	ck_assert_msg(strstr(r.message, "verified after a timeout") != NULL, "%s",
	    r.message);
	ck_assert_int_eq(f.patches, 1);
	free(r.message);
	fake_stop(&f);
}
END_TEST

START_TEST(unanswered_and_not_applied_is_unknown)
{
	struct fake f;
	struct result r;

	fake_start(&f, HANG);
	run_stage(&f, &r);
	ck_assert_int_eq(r.status, ACTION_UNKNOWN);
	ck_assert_msg(strstr(r.message, "check it before acting again") != NULL, "%s",
	    r.message);
	ck_assert_int_eq(f.patches, 1);		/* never retried */
	ck_assert_int_eq(f.rollout, 5);
	free(r.message);
	fake_stop(&f);
}
END_TEST

START_TEST(service_side_conflict_is_refused)
{
	struct fake f;
	struct result r;

	fake_start(&f, CONFLICT);
	run_stage(&f, &r);
	ck_assert_int_eq(r.status, ACTION_REFUSED);
	ck_assert_msg(strstr(r.message, "changed meanwhile: it is now half (50%)") != NULL,
	    "%s", r.message);
	ck_assert_int_eq(f.patches, 1);
	free(r.message);
	fake_stop(&f);
}
END_TEST

/*
 * Every compare-and-set write goes first: staging to off patches the
 * percentage (tested) before it disables, so a conflict there is a clean
 * refusal with the flag untouched.
 */
START_TEST(conflict_comes_before_any_write)
{
	struct fake f;
	struct result r;

	fake_start(&f, CONFLICT);
	f.rollout = 20;
	run_action(&f, &r, "off", "early");
	ck_assert_int_eq(r.status, ACTION_REFUSED);
	ck_assert_msg(strstr(r.message, "nothing written") != NULL, "%s", r.message);
	ck_assert_int_eq(f.enabled, 1);
	ck_assert_int_eq(f.patches, 1);
	free(r.message);
	fake_stop(&f);
}
END_TEST

/*
 * A failure after an earlier write went through is no refusal with
 * "nothing written", but a failure that says what the service shows now.
 */
START_TEST(failure_after_a_write_says_what_is_there)
{
	struct fake f;
	struct result r;

	fake_start(&f, ON_FAILS);
	f.enabled = 0;
	f.rollout = 0;
	run_action(&f, &r, "early", "off");
	ck_assert_int_eq(r.status, ACTION_FAILED);
	ck_assert_msg(strstr(r.message, "nothing written") == NULL, "%s", r.message);
	ck_assert_msg(strstr(r.message, "after 1 of 2 writes") != NULL, "%s", r.message);
	ck_assert_msg(strstr(r.message, "database is down") != NULL, "%s", r.message);
	ck_assert_int_eq(f.enabled, 0);
	ck_assert_int_eq(f.rollout, 20);
	ck_assert_int_eq(f.patches, 1);
	free(r.message);
	fake_stop(&f);
}
END_TEST

/* A restore brings back exactly the percentage the operator saw. */
START_TEST(restore_checks_the_kept_percentage)
{
	struct fake f;
	struct result r;

	fake_start(&f, ANSWER);
	f.enabled = 0;
	f.rollout = 50;		/* raised while killed, behind the operator's back */
	run_action(&f, &r, NULL, "killed@5");
	ck_assert_int_eq(r.status, ACTION_REFUSED);
	ck_assert_msg(strstr(r.message, "it is now killed (kept at half, 50%), not "
	    "killed@5; nothing written") != NULL, "%s", r.message);
	ck_assert_int_eq(f.enabled, 0);
	free(r.message);

	run_action(&f, &r, NULL, "killed@50");
	ck_assert_int_eq(r.status, ACTION_DONE);
	ck_assert_int_eq(f.enabled, 1);
	free(r.message);
	fake_stop(&f);
}
END_TEST

/*
 * The parent guard judges the parent as the service shows it now, read
 * fresh before the write: here there is no polled model at all, and the
 * parent was killed a moment ago.
 */
START_TEST(parent_is_read_fresh)
{
	struct fake f;
	struct result r;

	fake_start(&f, ANSWER);
	f.has_parent = 1;
	f.parent_enabled = 0;
	f.parent_rollout = 20;
	run_action(&f, &r, "early", "canary");
	ck_assert_int_eq(r.status, ACTION_REFUSED);
	ck_assert_msg(strstr(r.message, "parent p is killed (kept at early, 20%) in "
	    "production") != NULL, "%s", r.message);
	ck_assert_int_eq(f.patches, 0);
	ck_assert_int_eq(f.rollout, 5);
	free(r.message);

	f.parent_enabled = 1;		/* the parent back at 20%: early is fine */
	run_action(&f, &r, "early", "canary");
	ck_assert_int_eq(r.status, ACTION_DONE);
	ck_assert_int_eq(f.rollout, 20);
	free(r.message);
	fake_stop(&f);
}
END_TEST

START_TEST(answered_is_verified)
{
	struct fake f;
	struct result r;

	fake_start(&f, ANSWER);
	run_stage(&f, &r);
	ck_assert_int_eq(r.status, ACTION_DONE);
	ck_assert_str_eq(r.message, "f in production: canary (5%) -> early (20%), verified");
	ck_assert_int_eq(f.patches, 1);
	free(r.message);
	fake_stop(&f);
}
END_TEST

/*
 * A write that did nothing, and a read-back about another flag that shows
 * the state asked for: never verified.
 */
START_TEST(readback_of_another_flag_is_not_verified)
{
	struct fake f;
	struct result r;

	fake_start(&f, OTHER_FLAG);
	run_stage(&f, &r);
	ck_assert_int_eq(r.status, ACTION_FAILED);
	ck_assert_msg(strstr(r.message, "verified") == NULL, "%s", r.message);
	ck_assert_str_eq(r.message, "stage f in production: the result could not "
	    "be read back (reading f: the answer is about flag g, not f); check "
	    "it before acting again");
	ck_assert_int_eq(f.patches, 1);
	ck_assert_int_eq(f.rollout, 5);
	free(r.message);
	fake_stop(&f);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("action_run");
	TCase *tc = tcase_create("http");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, answered_is_verified);
	tcase_add_test(tc, applied_but_unanswered_is_verified);
	tcase_add_test(tc, unanswered_and_not_applied_is_unknown);
	tcase_add_test(tc, service_side_conflict_is_refused);
	tcase_add_test(tc, conflict_comes_before_any_write);
	tcase_add_test(tc, restore_checks_the_kept_percentage);
	tcase_add_test(tc, parent_is_read_fresh);
	tcase_add_test(tc, failure_after_a_write_says_what_is_there);
	tcase_add_test(tc, readback_of_another_flag_is_not_verified);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
