/*
 * fuzz_kubeconfig.c - the kubeconfig parser: one input is a kubeconfig
 * file.  It is parsed (relative paths against a folder), merged with a
 * second parse of itself (every name already defined, so nothing may
 * change), and its current context and a few likely names are resolved.
 * A resolved connection keeps what resolution promises: an http(s)
 * server, a client certificate with its key, a plugin of a known version
 * with a command and not with a token, absolute paths.
 */
#include <stdlib.h>
#include <string.h>

#include "core/kubeconfig.h"
#include "core/util.h"
#include "fuzz.h"

static void
check_path(const char *p, const char *what)
{
	if (p != NULL && p[0] != '/')
		fuzz_fail("kubeconfig: %s %s is not absolute", what, p);
}

static void
check(const struct kube_conn *c)
{
	if (c->server == NULL || (strncmp(c->server, "https://", 8) != 0 &&
	    strncmp(c->server, "http://", 7) != 0))
		fuzz_fail("kubeconfig: server %s", c->server ? c->server : "(none)");
	if (c->context == NULL || c->cluster == NULL)
		fuzz_fail("kubeconfig: no context or cluster name");
	if ((c->cert_file != NULL || c->cert_data != NULL) !=
	    (c->key_file != NULL || c->key_data != NULL))
		fuzz_fail("kubeconfig: certificate without key");
	check_path(c->ca_file, "certificate-authority");
	check_path(c->cert_file, "client-certificate");
	check_path(c->key_file, "client-key");
	check_path(c->token_file, "tokenFile");
	if (c->exec != NULL) {
		if (c->exec->command == NULL || *c->exec->command == '\0')
			fuzz_fail("kubeconfig: exec without a command");
		if (strcmp(c->exec->api_version,
		    "client.authentication.k8s.io/v1") != 0 &&
		    strcmp(c->exec->api_version,
		    "client.authentication.k8s.io/v1beta1") != 0)
			fuzz_fail("kubeconfig: exec apiVersion %s",
			    c->exec->api_version);
		if (c->token != NULL || c->token_file != NULL)
			fuzz_fail("kubeconfig: exec and a token");
		if (strchr(c->exec->command, '/') != NULL)
			check_path(c->exec->command, "exec command");
	}
}

static void
resolve_all(const struct kubefile *kf)
{
	static const char *const names[] = { NULL, "prod", "a", "x", "c" };
	struct kube_conn c;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		cause = NULL;
		if (kubefile_resolve(kf, names[i], &c, &cause) == 0) {
			check(&c);
			kube_conn_free(&c);
		} else {
			if (cause == NULL)
				fuzz_fail("kubeconfig: refused without a cause");
			free(cause);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kubefile *kf, *again;
	char *cause = NULL;

	kf = kubefile_parse((const char *)data, size, "fuzz.yaml", "/home/u/.kube",
	    &cause);
	if (kf == NULL) {
		if (cause == NULL || strncmp(cause, "fuzz.yaml", 9) != 0)
			fuzz_fail("kubeconfig: a cause without the file: %s",
			    cause ? cause : "(none)");
		free(cause);
		return 0;
	}
	resolve_all(kf);
	again = kubefile_parse((const char *)data, size, "fuzz.yaml", "/", &cause);
	if (again == NULL)
		fuzz_fail("kubeconfig: the same input parsed once only");
	kubefile_merge(kf, again);
	resolve_all(kf);
	kubefile_free(kf);
	return 0;
}
