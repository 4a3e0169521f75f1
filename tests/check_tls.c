/*
 * check_tls.c - the net path of a Kubernetes source, end to end through
 * the poller into the model: an HTTPS server on loopback with a test
 * certificate (tests/fixtures/tls/) is refused unless the source's
 * ca_file names its CA or the source sets insecure_skip_tls_verify; the
 * bearer token is sent, and a wrong one is a clear error for that source
 * (against the test server and against the simulator).
 *
 * The HTTPS server is libevent's evhttp over OpenSSL bufferevents, in the
 * test's own event loop, answering the Rollout and ReplicaSet lists of
 * the canary-paused fixture to the right token only.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "net/net.h"
#include "net/poller.h"
#include "sim/sim.h"

#define TOKEN		"s3cret-test-token"
#define NAMESPACE	"jesse-test"
#define TLS_DIR		FIXTURES_DIR "/tls"
#define K8S_DIR		FIXTURES_DIR "/k8s/canary-paused"

struct tls_server {
	struct event_base	*base;
	struct evhttp		*http;
	SSL_CTX			*ctx;
	int			 port;
	unsigned		 requests;
	char			*rollouts, *replicasets;
	size_t			 rollouts_len, replicasets_len;
};

static char	workdir[] = "/tmp/relboard-tls-XXXXXX";
static struct event_base *tls_base;	/* the loop tls_get() runs */

static char *
slurp(const char *path, size_t *len)
{
	char	*text, *cause = NULL;

	text = read_file(path, len, &cause);
	ck_assert_msg(text != NULL, "%s", cause ? cause : path);
	return text;
}

static void
reply(struct evhttp_request *req, int code, const char *reason,
    const char *body, size_t len)
{
	struct evbuffer	*out = evbuffer_new();

	evhttp_add_header(evhttp_request_get_output_headers(req),
	    "Content-Type", "application/json");
	evbuffer_add(out, body, len);
	evhttp_send_reply(req, code, reason, out);
	evbuffer_free(out);
}

/* The Kubernetes API for one namespace, behind a bearer token. */
static void
server_cb(struct evhttp_request *req, void *arg)
{
	static const char unauthorized[] = "{\"kind\":\"Status\","
	    "\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
	    "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\","
	    "\"code\":401}";
	struct tls_server	*s = arg;
	const char		*path = evhttp_request_get_uri(req), *auth;

	s->requests++;
	auth = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Authorization");
	if (auth == NULL || strcmp(auth, "Bearer " TOKEN) != 0) {
		reply(req, 401, "Unauthorized", unauthorized,
		    sizeof unauthorized - 1);
		return;
	}
	if (strcmp(path, "/apis/argoproj.io/v1alpha1/namespaces/" NAMESPACE
	    "/rollouts") == 0)
		reply(req, 200, "OK", s->rollouts, s->rollouts_len);
	else if (strcmp(path, "/apis/apps/v1/namespaces/" NAMESPACE
	    "/replicasets") == 0)
		reply(req, 200, "OK", s->replicasets, s->replicasets_len);
	else
		reply(req, 404, "Not Found", "{}", 2);
}

/* Each connection is TLS, accepted with the test server certificate. */
static struct bufferevent *
tls_bev(struct event_base *base, void *arg)
{
	struct tls_server	*s = arg;

	return bufferevent_openssl_socket_new(base, -1, SSL_new(s->ctx),
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
}

static void
server_start(struct tls_server *s, struct event_base *base, int tls,
    const char *addr)
{
	struct evhttp_bound_socket	*bs;
	struct sockaddr_storage		 ss;
	socklen_t			 sl = sizeof ss;

	memset(s, 0, sizeof *s);
	s->base = base;
	s->rollouts = slurp(K8S_DIR "/rollouts.json", &s->rollouts_len);
	s->replicasets = slurp(K8S_DIR "/replicasets.json",
	    &s->replicasets_len);
	s->http = evhttp_new(base);
	ck_assert_ptr_nonnull(s->http);
	if (tls) {
		s->ctx = SSL_CTX_new(TLS_server_method());
		ck_assert_ptr_nonnull(s->ctx);
		ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(s->ctx,
		    TLS_DIR "/server.pem"), 1);
		ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(s->ctx,
		    TLS_DIR "/server.key", SSL_FILETYPE_PEM), 1);
		evhttp_set_bevcb(s->http, tls_bev, s);
	}
	evhttp_set_gencb(s->http, server_cb, s);
	bs = evhttp_bind_socket_with_handle(s->http, addr, 0);
	ck_assert_ptr_nonnull(bs);
	ck_assert_int_eq(getsockname(evhttp_bound_socket_get_fd(bs),
	    (struct sockaddr *)&ss, &sl), 0);
	s->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static void
server_stop(struct tls_server *s)
{
	evhttp_free(s->http);
	if (s->ctx != NULL)
		SSL_CTX_free(s->ctx);
	free(s->rollouts);
	free(s->replicasets);
}

/* A token file only its owner reads, as relboard demands. */
static char *
token_file(const char *token)
{
	char	*path;
	int	 fd;

	path = xasprintf("%s/token-%zu", workdir, strlen(token));
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, token, strlen(token)),
	    (ssize_t)strlen(token));
	close(fd);
	return path;
}

/*
 * One poll of one argo-rollouts source; `extra` adds keys to it.  The
 * model is left for the caller to inspect and free.
 */
static void
poll_once(struct event_base *base, const char *url, const char *token,
    const char *extra, struct model *m)
{
	struct config	 cfg;
	struct poller	*p;
	char		*text, *tf, *cause = NULL;

	tf = token_file(token);
	text = xasprintf("{\"sources\": [{\"name\": \"k8s\", \"kind\": "
	    "\"argo-rollouts\", \"url\": \"%s\", \"namespace\": \"%s\", "
	    "\"token_file\": \"%s\", \"timeout_s\": 5%s}]}", url, NAMESPACE,
	    tf, extra);
	memset(&cfg, 0, sizeof cfg);
	ck_assert_msg(config_parse(&cfg, "(test)", text, &cause) == 0, "%s",
	    cause);
	model_init(m);
	p = poller_new(base, &cfg, m, &cause);
	ck_assert_msg(p != NULL, "%s", cause);
	poller_run_once(p);
	poller_free(p);
	config_free(&cfg);
	unlink(tf);
	free(tf);
	free(text);
}

static const struct source_status *
k8s_source(struct model *m)
{
	const struct source_status	*s = model_find_source(m, "k8s");

	ck_assert_ptr_nonnull(s);
	return s;
}

/* The source answered and its rollout is in the model. */
static void
assert_ok(struct model *m)
{
	const struct source_status	*s = k8s_source(m);

	ck_assert_msg(s->state == SOURCE_OK, "state %s: %s",
	    source_state_name(s->state), s->error ? s->error : "");
	ck_assert_uint_eq(m->nrollouts, 1);
	ck_assert_str_eq(m->rollouts[0].name, "canary-demo");
	ck_assert_str_eq(m->rollouts[0].status, "Paused");
	ck_assert(m->rollouts[0].waiting_for_human);
}

/* The source failed with a one-line reason that says `want`. */
static void
assert_error(struct model *m, const char *want)
{
	const struct source_status	*s = k8s_source(m);

	ck_assert_msg(s->state == SOURCE_ERROR, "state %s",
	    source_state_name(s->state));
	ck_assert_ptr_nonnull(s->error);
	ck_assert_msg(strstr(s->error, want) != NULL, "error \"%s\" lacks "
	    "\"%s\"", s->error, want);
	ck_assert_ptr_null(strchr(s->error, '\n'));
	ck_assert_ptr_null(strstr(s->error, TOKEN));
	if (getenv("CHECK_TLS_SHOW") != NULL)	/* to read the reasons */
		fprintf(stderr, "k8s: %s\n", s->error);
	ck_assert_uint_eq(m->nrollouts, 0);
}

struct env {
	struct event_base	*base;
	struct tls_server	 srv;
	char			*url;
	struct model		 m;
};

static void
env_start_at(struct env *e, int tls, const char *addr)
{
	memset(e, 0, sizeof *e);
	net_global_init();
	e->base = event_base_new();
	server_start(&e->srv, e->base, tls, addr);
	e->url = xasprintf("%s://%s:%d", tls ? "https" : "http", addr,
	    e->srv.port);
}

static void
env_start(struct env *e, int tls)
{
	env_start_at(e, tls, "127.0.0.1");
}

static void
env_stop(struct env *e)
{
	model_free(&e->m);
	server_stop(&e->srv);
	free(e->url);
	event_base_free(e->base);
	net_global_cleanup();
}

START_TEST(test_self_signed_refused)
{
	struct env	e;

	env_start(&e, 1);
	poll_once(e.base, e.url, TOKEN, "", &e.m);
	/* libcurl: "SSL certificate problem: unable to get local issuer ..." */
	assert_error(&e.m, "TLS: certificate verify failed (");
	assert_error(&e.m, "set ca_file to the CA that signed the server's "
	    "certificate");
	env_stop(&e);
}
END_TEST

struct tls_answer {
	int		 calls;
	long		 status;
	enum net_fail	 fail;
	char		*error;
};

static void
tls_answer_cb(const struct net_response *r, void *arg)
{
	struct tls_answer	*a = arg;

	a->calls++;
	a->status = r->status;
	a->fail = r->fail;
	a->error = r->error != NULL ? xstrdup(r->error) : NULL;
	event_base_loopbreak(tls_base);
}

/* One GET through net/ alone; its answer in *a. */
static void
tls_get(struct event_base *base, const char *url, const char *ca_file,
    struct tls_answer *a)
{
	struct net		*net;
	struct net_request	 req;
	char			*cause = NULL;

	memset(a, 0, sizeof *a);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.ca_file = ca_file;
	req.timeout_ms = 5000;
	net = net_new(base, &cause);
	ck_assert_msg(net != NULL, "%s", cause);
	tls_base = base;
	ck_assert_int_eq(net_submit(net, &req, tls_answer_cb, a), 0);
	event_base_dispatch(base);
	ck_assert_int_eq(a->calls, 1);
	net_free(net);
}

/* The net layer names a TLS failure as one, by kind and in its text. */
START_TEST(test_tls_failure_kind)
{
	struct env		 e;
	struct tls_answer	 a;
	char			*url;

	env_start(&e, 1);
	tls_get(e.base, e.url, NULL, &a);
	ck_assert_int_eq(a.status, 0);
	ck_assert_int_eq(a.fail, NET_FAIL_TLS);
	ck_assert_msg(strncmp(a.error, "TLS: certificate verify failed (",
	    32) == 0, "%s", a.error);
	free(a.error);

	tls_get(e.base, e.url, TLS_DIR "/ca.pem", &a);
	ck_assert_int_eq(a.status, 401);
	ck_assert_int_eq(a.fail, NET_FAIL_NONE);
	ck_assert_ptr_null(a.error);
	env_stop(&e);

	/* https to a server that speaks plain HTTP: the handshake fails. */
	env_start(&e, 0);
	url = xasprintf("https://127.0.0.1:%d/", e.srv.port);
	tls_get(e.base, url, NULL, &a);
	ck_assert_int_eq(a.status, 0);
	ck_assert_int_eq(a.fail, NET_FAIL_TLS);
	ck_assert_msg(strncmp(a.error, "TLS: handshake failed (", 23) == 0 &&
	    strchr(a.error, '\n') == NULL, "%s", a.error);
	if (getenv("CHECK_TLS_SHOW") != NULL)
		fprintf(stderr, "plain: %s\n", a.error);
	free(a.error);
	free(url);
	env_stop(&e);
}
END_TEST

START_TEST(test_ca_file_accepted)
{
	struct env	e;

	env_start(&e, 1);
	poll_once(e.base, e.url, TOKEN, ", \"ca_file\": \"" TLS_DIR
	    "/ca.pem\"", &e.m);
	assert_ok(&e.m);
	ck_assert_uint_ge(e.srv.requests, 2);
	env_stop(&e);
}
END_TEST

START_TEST(test_other_ca_refused)
{
	struct env	e;

	env_start(&e, 1);
	poll_once(e.base, e.url, TOKEN, ", \"ca_file\": \"" TLS_DIR
	    "/other-ca.pem\"", &e.m);
	assert_error(&e.m, "TLS: certificate verify failed");
	assert_error(&e.m, "it is not signed by the CA in ca_file");
	env_stop(&e);
}
END_TEST

START_TEST(test_hostname_checked)
{
	struct env	e;

	/* The certificate names localhost and 127.0.0.1, not 127.0.0.2. */
	env_start_at(&e, 1, "127.0.0.2");
	poll_once(e.base, e.url, TOKEN, ", \"ca_file\": \"" TLS_DIR
	    "/ca.pem\"", &e.m);
	assert_error(&e.m, "not for this host name");
	env_stop(&e);

	/* By name: localhost is in it. */
	env_start(&e, 1);
	free(e.url);
	e.url = xasprintf("https://localhost:%d", e.srv.port);
	poll_once(e.base, e.url, TOKEN, ", \"ca_file\": \"" TLS_DIR
	    "/ca.pem\"", &e.m);
	if (k8s_source(&e.m)->state != SOURCE_OK)	/* localhost is ::1 */
		ck_assert_ptr_nonnull(strstr(k8s_source(&e.m)->error,
		    "refused"));
	else
		assert_ok(&e.m);
	env_stop(&e);
}
END_TEST

START_TEST(test_insecure_accepted)
{
	struct env	e;

	env_start(&e, 1);
	poll_once(e.base, e.url, TOKEN, ", \"insecure_skip_tls_verify\": true",
	    &e.m);
	assert_ok(&e.m);
	env_stop(&e);
}
END_TEST

START_TEST(test_token_over_tls)
{
	struct env	e;

	env_start(&e, 1);
	poll_once(e.base, e.url, "wrong-token", ", \"ca_file\": \"" TLS_DIR
	    "/ca.pem\"", &e.m);
	assert_error(&e.m, "401 Unauthorized: check the token for source k8s");
	env_stop(&e);
}
END_TEST

START_TEST(test_plain_http_token)
{
	struct env	e;

	/* Plain http is allowed (kubectl proxy); the token is still sent. */
	env_start(&e, 0);
	poll_once(e.base, e.url, TOKEN, "", &e.m);
	assert_ok(&e.m);
	model_free(&e.m);
	poll_once(e.base, e.url, "wrong-token", "", &e.m);
	assert_error(&e.m, "401 Unauthorized: check the token for source k8s");
	env_stop(&e);
}
END_TEST

/* The simulator's Kubernetes API behind a token, as relboard-sim runs it. */
START_TEST(test_sim_token)
{
	struct event_base	*base;
	struct sim_opts		 so;
	struct sim		*sim;
	struct model		 m;
	char			*url, *cause = NULL;
	size_t			 i;
	int			 deployments = 0;

	net_global_init();
	base = event_base_new();
	memset(&so, 0, sizeof so);
	so.speed = 1;
	so.quiet = 1;
	so.token = TOKEN;
	sim = sim_start(base, &so, &cause);
	ck_assert_msg(sim != NULL, "%s", cause);
	url = xasprintf("http://127.0.0.1:%d", sim_port(sim));

	/* A wrong token: the simulator answers 401 with a Status body. */
	poll_once(base, url, "wrong-token", "", &m);
	assert_error(&m, "401 Unauthorized: check the token for source k8s");
	ck_assert_str_eq(k8s_source(&m)->error,
	    "401 Unauthorized: check the token for source k8s");
	model_free(&m);

	/* The right token: Deployments come with the rollouts. */
	{
		struct config	 cfg;
		struct poller	*p;
		char		*tf = token_file(TOKEN), *text;

		text = xasprintf("{\"sources\": [{\"name\": \"k8s\", \"kind\": "
		    "\"argo-rollouts\", \"url\": \"%s\", \"namespace\": "
		    "\"shop\", \"deployments\": true, \"token_file\": \"%s\"}]}",
		    url, tf);
		ck_assert_msg(config_parse(&cfg, "(test)", text, &cause) == 0,
		    "%s", cause);
		model_init(&m);
		p = poller_new(base, &cfg, &m, &cause);
		ck_assert_msg(p != NULL, "%s", cause);
		ck_assert_int_eq(poller_run_once(p), 0);
		ck_assert_int_eq(k8s_source(&m)->state, SOURCE_OK);
		for (i = 0; i < m.nrollouts; i++) {
			if (streq(m.rollouts[i].kind, "Deployment"))
				deployments++;
		}
		ck_assert_int_ge(deployments, 1);
		ck_assert_uint_gt(m.nrollouts, (size_t)deployments);
		poller_free(p);
		config_free(&cfg);
		model_free(&m);
		unlink(tf);
		free(tf);
		free(text);
	}
	free(url);
	sim_free(sim);
	event_base_free(base);
	net_global_cleanup();
}
END_TEST

static Suite *
tls_suite(void)
{
	Suite	*s = suite_create("tls-and-tokens");
	TCase	*tc;

	tc = tcase_create("tls");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_self_signed_refused);
	tcase_add_test(tc, test_tls_failure_kind);
	tcase_add_test(tc, test_ca_file_accepted);
	tcase_add_test(tc, test_other_ca_refused);
	tcase_add_test(tc, test_hostname_checked);
	tcase_add_test(tc, test_insecure_accepted);
	suite_add_tcase(s, tc);

	tc = tcase_create("tokens");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_token_over_tls);
	tcase_add_test(tc, test_plain_http_token);
	tcase_add_test(tc, test_sim_token);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	if (mkdtemp(workdir) == NULL) {
		perror("mkdtemp");
		return EXIT_FAILURE;
	}
	sr = srunner_create(tls_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rmdir(workdir);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
