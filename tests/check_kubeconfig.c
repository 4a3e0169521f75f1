/*
 * check_kubeconfig.c - kubeconfig resolution as kubectl does it, on the
 * files of tests/fixtures/kubeconfig: contexts and current-context, the
 * merge of two files through KUBECONFIG (first definition and first
 * current-context win, missing files skipped), inline base64 data,
 * relative paths (certificate-authority, tokenFile, the exec command)
 * taken from the file's folder, namespaces, and errors that name the
 * problem; an argo-rollouts source configured through a kubeconfig, its
 * secrets redacted; and the ExecCredential parser and the
 * KUBERNETES_EXEC_INFO it is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/config.h"
#include "core/execcred.h"
#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/util.h"

#define KC	FIXTURES_DIR "/kubeconfig"

static struct kubefile *
load(const char *path, const char *env)
{
	struct kubefile	*kf;
	char		*origin = NULL, *cause = NULL;

	if (env != NULL)
		setenv("KUBECONFIG", env, 1);
	else
		unsetenv("KUBECONFIG");
	kf = kubeconfig_load(path, &origin, &cause);
	ck_assert_msg(kf != NULL, "%s", cause);
	free(origin);
	return kf;
}

static void
resolve(const struct kubefile *kf, const char *ctx, struct kube_conn *c)
{
	char *cause = NULL;

	ck_assert_msg(kubefile_resolve(kf, ctx, c, &cause) == 0, "%s", cause);
}

/* A file's bytes, to compare inline data with. */
static char *
file_bytes(const char *path, size_t *len)
{
	char *cause = NULL, *t = read_file(path, len, &cause);

	ck_assert_msg(t != NULL, "%s", cause);
	return t;
}

START_TEST(current_context_and_inline_ca)
{
	struct kubefile	*kf = load(KC "/a.yaml", NULL);
	struct kube_conn c;
	size_t		 len;
	char		*ca = file_bytes(FIXTURES_DIR "/tls/ca.pem", &len);

	resolve(kf, NULL, &c);
	ck_assert_str_eq(c.context, "prod");
	ck_assert_str_eq(c.cluster, "prod");
	ck_assert_str_eq(c.user, "alice");
	ck_assert_str_eq(c.server, "https://prod.example.test:6443");
	ck_assert_str_eq(c.namespace, "shop");
	ck_assert_str_eq(c.token, "alice-static-token-0001");
	ck_assert_str_eq(c.tls_server_name, "api.prod.example.test");
	ck_assert_uint_eq(c.ca_len, len);
	ck_assert(memcmp(c.ca_data, ca, len) == 0);
	ck_assert_ptr_null(c.ca_file);
	ck_assert(!c.insecure);
	ck_assert_ptr_null(c.exec);
	kube_conn_free(&c);
	free(ca);
	kubefile_free(kf);
}
END_TEST

START_TEST(relative_paths_from_the_file)
{
	struct kubefile	*kf = load(KC "/a.yaml", NULL);
	struct kube_conn c;
	char		*want, *tls, *path;

	resolve(kf, "staging", &c);
	ck_assert_ptr_null(c.namespace);
	ck_assert_str_eq(c.proxy_url, "http://proxy.example.test:3128");
	/* certificate-authority: ../tls/ca.pem, from a.yaml's folder */
	want = realpath(FIXTURES_DIR "/kubeconfig", NULL);
	tls = realpath(FIXTURES_DIR "/tls", NULL);
	path = xasprintf("%s/ca.pem", tls);
	ck_assert_str_eq(c.ca_file, path);
	free(path);
	path = xasprintf("%s/token.txt", want);
	ck_assert_str_eq(c.token_file, path);
	free(path);
	ck_assert_ptr_null(c.token);
	kube_conn_free(&c);

	resolve(kf, "lab-carol", &c);
	ck_assert(c.insecure);
	ck_assert_str_eq(c.cert_file + strlen(tls), "/client.pem");
	ck_assert_str_eq(c.key_file + strlen(tls), "/client.key");
	ck_assert(strncmp(c.key_file, tls, strlen(tls)) == 0);
	kube_conn_free(&c);

	resolve(kf, "prod-exec", &c);
	ck_assert_ptr_nonnull(c.exec);
	ck_assert_str_eq(c.exec->command + strlen(want), "/plugin.sh");
	ck_assert_str_eq(c.exec->api_version, "client.authentication.k8s.io/v1");
	ck_assert_uint_eq(c.exec->nargs, 2);
	ck_assert_str_eq(c.exec->args[1], "prod");
	ck_assert_uint_eq(c.exec->nenv, 1);
	ck_assert_str_eq(c.exec->env[0], "PLUGIN_GREETING=hello");
	ck_assert(c.exec->provide_cluster_info);
	ck_assert_str_eq(c.namespace, "payments");
	kube_conn_free(&c);
	free(want);
	free(tls);
	kubefile_free(kf);
}
END_TEST

START_TEST(inline_client_certificate)
{
	struct kubefile	*kf = load(KC "/a.yaml", NULL);
	struct kube_conn c;
	size_t		 clen, klen;
	char		*cert = file_bytes(FIXTURES_DIR "/tls/client.pem", &clen);
	char		*key = file_bytes(FIXTURES_DIR "/tls/client.key", &klen);

	resolve(kf, "lab-dave", &c);
	ck_assert_uint_eq(c.cert_len, clen);
	ck_assert(memcmp(c.cert_data, cert, clen) == 0);
	ck_assert_uint_eq(c.key_len, klen);
	ck_assert(memcmp(c.key_data, key, klen) == 0);
	ck_assert_ptr_null(c.cert_file);
	kube_conn_free(&c);
	free(cert);
	free(key);
	kubefile_free(kf);
}
END_TEST

START_TEST(merge_first_wins)
{
	struct kubefile	*kf;
	struct kube_conn c;

	/* A missing file in the list is skipped; empty entries too. */
	kf = load(NULL, KC "/a.yaml::" KC "/missing.yaml:" KC "/b.yaml");
	resolve(kf, NULL, &c);
	ck_assert_str_eq(c.context, "prod");		/* a's current-context */
	ck_assert_str_eq(c.server, "https://prod.example.test:6443");
	ck_assert_str_eq(c.token, "alice-static-token-0001");
	ck_assert_str_eq(c.namespace, "shop");		/* a's context prod */
	kube_conn_free(&c);
	resolve(kf, "extra", &c);			/* only in b */
	ck_assert_str_eq(c.server, "http://127.0.0.1:1");
	ck_assert_str_eq(c.token, "frank-token-0002");
	ck_assert_str_eq(c.namespace, "extra-ns");
	kube_conn_free(&c);
	kubefile_free(kf);

	kf = load(NULL, KC "/b.yaml:" KC "/a.yaml");
	resolve(kf, NULL, &c);
	ck_assert_str_eq(c.context, "extra");		/* b's current-context */
	kube_conn_free(&c);
	resolve(kf, "prod", &c);			/* b's context prod */
	ck_assert_str_eq(c.server, "http://127.0.0.1:1");
	ck_assert_str_eq(c.token, "frank-token-0002");
	kube_conn_free(&c);
	resolve(kf, "prod-exec", &c);			/* b's cluster prod */
	ck_assert_str_eq(c.server, "https://loser.example.test");
	kube_conn_free(&c);
	kubefile_free(kf);

	/* A named file is used alone: KUBECONFIG does not count. */
	kf = load(KC "/b.yaml", KC "/a.yaml");
	resolve(kf, NULL, &c);
	ck_assert_str_eq(c.context, "extra");
	kube_conn_free(&c);
	kubefile_free(kf);
}
END_TEST

START_TEST(home_kube_config)
{
	char		*origin = NULL, *cause = NULL;
	struct kubefile	*kf;

	unsetenv("KUBECONFIG");
	setenv("HOME", FIXTURES_DIR "/no-such-home", 1);
	kf = kubeconfig_load(NULL, &origin, &cause);
	ck_assert_ptr_null(kf);
	ck_assert_str_eq(cause, "no kubeconfig: KUBECONFIG is not set and "
	    FIXTURES_DIR "/no-such-home/.kube/config does not exist");
	free(cause);
	cause = NULL;
	setenv("KUBECONFIG", KC "/missing-1:" KC "/missing-2", 1);
	ck_assert_ptr_null(kubeconfig_load(NULL, &origin, &cause));
	ck_assert_str_eq(cause, "no kubeconfig: none of the files in "
	    "KUBECONFIG exists");
	free(cause);
}
END_TEST

/* Parsing or resolving `yaml` fails with a reason holding `want`. */
static void
refused(const char *yaml, const char *ctx, const char *want)
{
	struct kubefile	*kf;
	struct kube_conn c;
	char		*cause = NULL;

	kf = kubefile_parse(yaml, strlen(yaml), "t.yaml", "/d", &cause);
	if (kf != NULL) {
		ck_assert_msg(kubefile_resolve(kf, ctx, &c, &cause) == -1,
		    "resolved: %s", yaml);
		kubefile_free(kf);
	}
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "\"%s\" lacks \"%s\"", cause,
	    want);
	free(cause);
}

#define CL "clusters: [{name: c, cluster: {server: 'https://h'}}]\n"

START_TEST(errors_name_the_problem)
{
	refused("a: [", NULL, "t.yaml:2:1: invalid YAML");
	refused("- 1\n", NULL, "t.yaml: (top level): must be a mapping");
	refused(CL, NULL, "no current-context");
	refused(CL "current-context: x\n", NULL, "no context named \"x\"");
	refused(CL "contexts: [{name: x, context: {cluster: d}}]\n", "x",
	    "context x: no cluster named \"d\"");
	refused(CL "contexts: [{name: x, context: {cluster: c, user: u}}]\n",
	    "x", "context x: no user named \"u\"");
	refused("clusters: [{name: c, cluster: {server: ftp://h}}]\n"
	    "contexts: [{name: x, context: {cluster: c}}]\n", "x",
	    "cluster c: server must be an http:// or https:// URL");
	refused("clusters: [{name: c, cluster: {server: 'https://h', "
	    "certificate-authority-data: 'not*base64'}}]\n", NULL,
	    "t.yaml: cluster c: certificate-authority-data is not base64");
	refused("clusters: [{name: c, cluster: {server: 'https://h', "
	    "insecure-skip-tls-verify: maybe}}]\n", NULL,
	    "insecure-skip-tls-verify must be true or false");
	refused("clusters: {c: 1}\n", NULL, "t.yaml: clusters: must be a list");
	refused("clusters: [{name: c, cluster: {server: 'https://h', "
	    "insecure-skip-tls-verify: true, certificate-authority: ca.pem}}]\n"
	    "contexts: [{name: x, context: {cluster: c}}]\n", "x",
	    "cluster c: insecure-skip-tls-verify and a certificate-authority "
	    "exclude each other");
	refused("users: [{name: u, user: {exec: {apiVersion: "
	    "client.authentication.k8s.io/v1, command: x, interactiveMode: "
	    "Always}}}]\n", NULL, "interactiveMode Always: relboard never runs "
	    "a plugin interactively");
	refused("users: [{name: u, user: {exec: {apiVersion: "
	    "client.authentication.k8s.io/v1alpha1, command: x}}}]\n", NULL,
	    "exec apiVersion must be client.authentication.k8s.io/v1 or /v1beta1");
	refused("users: [{name: u, user: {exec: {apiVersion: "
	    "client.authentication.k8s.io/v1}}}]\n", NULL, "exec needs a command");
	refused(CL "users: [{name: u, user: {token: t, exec: {apiVersion: "
	    "client.authentication.k8s.io/v1, command: x}}}]\n"
	    "contexts: [{name: x, context: {cluster: c, user: u}}]\n", "x",
	    "user u: give a token or an exec plugin, not both");
	refused(CL "users: [{name: u, user: {client-certificate: c.pem}}]\n"
	    "contexts: [{name: x, context: {cluster: c, user: u}}]\n", "x",
	    "user u: a client certificate needs its key");
	refused("users: [{name: u, user: {auth-provider: {name: gcp}}}]\n", NULL,
	    "user u: auth-provider is not supported");
	refused("users: [{name: u, user: {username: a, password: b}}]\n", NULL,
	    "user u: username is not supported");
	refused("contexts: [{context: {cluster: c}}]\n", NULL,
	    "t.yaml: contexts[0]: needs a name");
	/* A control character from the file never reaches the reason raw. */
	refused(CL "current-context: \"a\\e[2Jb\"\n", NULL,
	    "no context named \"a?[2Jb\"");
}
END_TEST

START_TEST(exec_command_lookup)
{
	static const char y[] = "users:\n"
	    "- {name: a, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}}}\n"
	    "- {name: b, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: bin/p}}}\n"
	    "- {name: c, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /usr/bin/p}}}\n"
	    "- {name: d, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./../bin/p}}}\n"
	    CL "contexts:\n"
	    "- {name: a, context: {cluster: c, user: a}}\n"
	    "- {name: b, context: {cluster: c, user: b}}\n"
	    "- {name: c, context: {cluster: c, user: c}}\n"
	    "- {name: d, context: {cluster: c, user: d}}\n";
	struct kubefile	*kf;
	struct kube_conn c;
	char		*cause = NULL;

	kf = kubefile_parse(y, strlen(y), "t.yaml", "/home/u/.kube", &cause);
	ck_assert_msg(kf != NULL, "%s", cause);
	resolve(kf, "a", &c);
	ck_assert_str_eq(c.exec->command, "aws");	/* looked up in PATH */
	kube_conn_free(&c);
	resolve(kf, "b", &c);
	ck_assert_str_eq(c.exec->command, "/home/u/.kube/bin/p");
	kube_conn_free(&c);
	resolve(kf, "d", &c);
	ck_assert_str_eq(c.exec->command, "/home/u/bin/p");
	kube_conn_free(&c);
	resolve(kf, "c", &c);
	ck_assert_str_eq(c.exec->command, "/usr/bin/p");
	kube_conn_free(&c);
	kubefile_free(kf);
}
END_TEST

/* A config with one argo-rollouts source of these extra keys. */
static int
load_config(struct config *cfg, const char *keys, char **cause)
{
	char	*json;
	int	 rc;

	json = xasprintf("{\"sources\": [{\"name\": \"k8s\", \"kind\": "
	    "\"argo-rollouts\"%s%s}]}", *keys ? ", " : "", keys);
	rc = config_parse(cfg, "c.json", json, cause);
	free(json);
	return rc;
}

START_TEST(source_from_kubeconfig)
{
	struct config	 cfg;
	const struct source_cfg *s;
	char		*cause = NULL, *t;

	unsetenv("KUBECONFIG");
	ck_assert_msg(load_config(&cfg, "\"kubeconfig\": \"" KC "/a.yaml\", "
	    "\"context\": \"staging\"", &cause) == 0, "%s", cause);
	s = &cfg.sources[0];
	ck_assert_str_eq(s->url, "https://staging.example.test");
	ck_assert_str_eq(s->namespace, "default");
	ck_assert_str_eq(s->token, "bob-token-from-file-0003");
	ck_assert_ptr_nonnull(strstr(s->token_origin, "kubeconfig user bob "
	    "(tokenFile /"));
	ck_assert_ptr_nonnull(strstr(s->ca_file, "/tls/ca.pem"));
	ck_assert_str_eq(s->kube_origin, KC "/a.yaml");
	/* The token is a secret from now on. */
	t = sanitize_dup("sent bob-token-from-file-0003 along");
	ck_assert_str_eq(t, "sent " SANITIZE_REDACTED " along");
	free(t);
	config_free(&cfg);
	t = sanitize_dup("bob-token-from-file-0003");
	ck_assert_str_eq(t, "bob-token-from-file-0003");
	free(t);

	/* KUBECONFIG and current-context when no key names them; the
	 * source's namespace and url win. */
	setenv("KUBECONFIG", KC "/a.yaml:" KC "/b.yaml", 1);
	ck_assert_msg(load_config(&cfg, "\"namespace\": \"mine\"", &cause) == 0,
	    "%s", cause);
	s = &cfg.sources[0];
	ck_assert_str_eq(s->url, "https://prod.example.test:6443");
	ck_assert_str_eq(s->namespace, "mine");
	ck_assert_str_eq(s->token_origin, "kubeconfig user alice");
	config_free(&cfg);
	ck_assert_msg(load_config(&cfg, "\"context\": \"lab-dave\", \"url\": "
	    "\"https://127.0.0.1:9/\"", &cause) == 0, "%s", cause);
	s = &cfg.sources[0];
	ck_assert_str_eq(s->url, "https://127.0.0.1:9");
	ck_assert_str_eq(s->namespace, "lab");
	ck_assert(s->insecure_skip_tls_verify);
	ck_assert_ptr_null(s->token);
	/* The inline client key is a secret too. */
	t = sanitize_dup(s->kube->key_data);
	ck_assert_str_eq(t, SANITIZE_REDACTED);
	free(t);
	config_free(&cfg);

	/* A url without kubeconfig or context keeps the old way. */
	ck_assert_int_eq(load_config(&cfg, "\"url\": \"http://h\"", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].namespace: is required");
	free(cause);
}
END_TEST

START_TEST(source_errors)
{
	struct config	 cfg;
	char		*cause = NULL;

	unsetenv("KUBECONFIG");
	ck_assert_int_eq(load_config(&cfg, "\"kubeconfig\": \"" KC
	    "/a.yaml\", \"context\": \"nope\"", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].kubeconfig: " KC
	    "/a.yaml: no context named \"nope\"");
	free(cause);
	ck_assert_int_eq(load_config(&cfg, "\"kubeconfig\": \"" KC
	    "/none.yaml\"", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].kubeconfig: kubeconfig "
	    KC "/none.yaml: No such file or directory");
	free(cause);
	ck_assert_int_eq(load_config(&cfg, "\"kubeconfig\": \"" KC
	    "/a.yaml\", \"token_env\": \"HOME\"", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].token_env: a source that "
	    "uses a kubeconfig takes its credentials from the kubeconfig's "
	    "user");
	free(cause);
	setenv("HOME", "/nonexistent", 1);
	ck_assert_int_eq(load_config(&cfg, "", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].url: no kubeconfig: "
	    "KUBECONFIG is not set and /nonexistent/.kube/config does not "
	    "exist");
	free(cause);
	/* Other kinds still need a url. */
	ck_assert_int_eq(config_parse(&cfg, "c.json", "{\"sources\": [{\"name\":"
	    " \"m\", \"kind\": \"prometheus\"}]}", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].url: is required");
	free(cause);
	ck_assert_int_eq(config_parse(&cfg, "c.json", "{\"sources\": [{\"name\":"
	    " \"m\", \"kind\": \"prometheus\", \"url\": \"http://h\", "
	    "\"context\": \"x\"}]}", &cause), -1);
	ck_assert_str_eq(cause, "c.json: sources[0].context: unknown key for a "
	    "source of kind \"prometheus\"");
	free(cause);
}
END_TEST

#define V1	"client.authentication.k8s.io/v1"

START_TEST(execcred_token_and_certificate)
{
	struct exec_cred ec;
	char		*cause = NULL;
	const char	*t1 = "{\"apiVersion\": \"" V1 "\", \"kind\": "
	    "\"ExecCredential\", \"status\": {\"token\": \"tok\", "
	    "\"expirationTimestamp\": \"2026-11-26T05:00:00Z\"}}";
	const char	*t2 = "{\"apiVersion\": \"" V1 "\", \"kind\": "
	    "\"ExecCredential\", \"spec\": {}, \"status\": "
	    "{\"clientCertificateData\": \"CERT\", \"clientKeyData\": \"KEY\"}}";

	ck_assert_msg(execcred_parse(t1, strlen(t1), V1, &ec, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(ec.token, "tok");
	ck_assert_ptr_null(ec.cert);
	ck_assert(ec.expires == 1795669200.0);
	ck_assert(execcred_valid(&ec, 1795669199.0));
	ck_assert(!execcred_valid(&ec, 1795669200.0));
	execcred_free(&ec);
	ck_assert_msg(execcred_parse(t2, strlen(t2), V1, &ec, &cause) == 0, "%s",
	    cause);
	ck_assert_ptr_null(ec.token);
	ck_assert_str_eq(ec.cert, "CERT");
	ck_assert_str_eq(ec.key, "KEY");
	ck_assert(ec.expires == 0);
	ck_assert(execcred_valid(&ec, 4e9));
	execcred_free(&ec);
	ck_assert(!execcred_valid(&ec, 0));
}
END_TEST

static void
cred_refused(const char *json, const char *want)
{
	struct exec_cred ec;
	char		*cause = NULL;

	ck_assert_msg(execcred_parse(json, strlen(json), V1, &ec, &cause) == -1,
	    "taken: %s", json);
	ck_assert_msg(strstr(cause, want) != NULL, "\"%s\" lacks \"%s\"", cause,
	    want);
	/* The token in the answer is never quoted back. */
	ck_assert_ptr_null(strstr(cause, "SECRET"));
	free(cause);
}

#define HDR	"{\"apiVersion\": \"" V1 "\", \"kind\": \"ExecCredential\", "

START_TEST(execcred_errors)
{
	cred_refused("SECRET", "the plugin's output is not JSON");
	cred_refused("[1]", "is not an ExecCredential");
	cred_refused("{\"apiVersion\": \"" V1 "\", \"kind\": \"Pod\"}",
	    "is not an ExecCredential (kind)");
	cred_refused("{\"apiVersion\": \"client.authentication.k8s.io/v1beta1\","
	    " \"kind\": \"ExecCredential\", \"status\": {\"token\": \"SECRET\"}}",
	    "another apiVersion than " V1);
	cred_refused(HDR "\"status\": 1}", "has no status of strings");
	cred_refused(HDR "\"status\": {\"token\": 5}}", "has no status of strings");
	cred_refused(HDR "\"status\": {}}", "neither a token nor a client "
	    "certificate");
	cred_refused(HDR "\"status\": {\"clientKeyData\": \"SECRET\"}}",
	    "a key without its certificate");
	cred_refused(HDR "\"status\": {\"token\": \"SECRET\", "
	    "\"expirationTimestamp\": \"1795669200\"}}", "not an RFC 3339 time");
	cred_refused(HDR "\"status\": {\"token\": \"SECRET\", "
	    "\"expirationTimestamp\": \"2026-02-30T00:00:00Z\"}}",
	    "expirationTimestamp: no day 30");
	cred_refused(HDR "\"status\": {\"token\": \"SEC\\nRET\"}}",
	    "holds a line break");
}
END_TEST

START_TEST(exec_info)
{
	struct kubefile	*kf = load(KC "/a.yaml", NULL);
	struct kube_conn c;
	json_t		*j;
	char		*s;

	resolve(kf, "prod-exec", &c);
	s = execcred_info(&c, "PEM", 3);
	j = json_loads(s, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(json_string_value(json_object_get(j, "apiVersion")), V1);
	ck_assert_str_eq(json_string_value(json_object_get(j, "kind")),
	    "ExecCredential");
	ck_assert(json_is_false(json_object_get(json_object_get(j, "spec"),
	    "interactive")));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(j, "spec"), "cluster"), "server")),
	    "https://prod.example.test:6443");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(j, "spec"), "cluster"), "certificate-authority-data")),
	    "UEVN");
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(j, "spec"), "cluster"), "tls-server-name")),
	    "api.prod.example.test");
	json_decref(j);
	free(s);
	/* Without provideClusterInfo: no cluster. */
	c.exec->provide_cluster_info = false;
	s = execcred_info(&c, NULL, 0);
	ck_assert_str_eq(s, "{\"apiVersion\":\"" V1 "\",\"kind\":"
	    "\"ExecCredential\",\"spec\":{\"interactive\":false}}");
	free(s);
	kube_conn_free(&c);
	kubefile_free(kf);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("kubeconfig");
	TCase	*tc = tcase_create("kubeconfig");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, current_context_and_inline_ca);
	tcase_add_test(tc, relative_paths_from_the_file);
	tcase_add_test(tc, inline_client_certificate);
	tcase_add_test(tc, merge_first_wins);
	tcase_add_test(tc, home_kube_config);
	tcase_add_test(tc, errors_name_the_problem);
	tcase_add_test(tc, exec_command_lookup);
	tcase_add_test(tc, source_from_kubeconfig);
	tcase_add_test(tc, source_errors);
	tcase_add_test(tc, execcred_token_and_certificate);
	tcase_add_test(tc, execcred_errors);
	tcase_add_test(tc, exec_info);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
