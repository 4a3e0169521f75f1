/*
 * kubeconfig_dump.c - for tests/integration/kubeconfig_kubectl.sh: prints
 * how relboard resolves a context of $KUBECONFIG (kubeconfig_load,
 * kubefile_resolve) as JSON shaped like `kubectl config view --minify
 * --flatten -o json`'s parts, with files' contents read as --flatten
 * reads them, so that a script can compare the two.
 *
 *   kubeconfig_dump [CONTEXT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/kubeconfig.h"
#include "core/util.h"

/* Inline data, else a file's contents, else nothing. */
static void
data(json_t *o, const char *key, const char *bytes, size_t len, const char *path)
{
	char	*t, *cause = NULL;
	size_t	 n;

	if (bytes != NULL) {
		json_object_set_new(o, key, json_stringn(bytes, len));
		return;
	}
	if (path == NULL)
		return;
	if ((t = read_file(path, &n, &cause)) == NULL) {
		fprintf(stderr, "kubeconfig_dump: %s\n", cause);
		exit(1);
	}
	json_object_set_new(o, key, json_stringn(t, n));
	free(t);
}

static void
str(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, key, json_string(v));
}

int
main(int argc, char **argv)
{
	struct kubefile	*kf;
	struct kube_conn c;
	json_t		*root, *ctx, *cl, *us, *x, *a, *e;
	char		*origin = NULL, *cause = NULL, *eq;
	size_t		 i;

	if ((kf = kubeconfig_load(NULL, &origin, &cause)) == NULL ||
	    kubefile_resolve(kf, argc > 1 ? argv[1] : NULL, &c, &cause) != 0) {
		fprintf(stderr, "kubeconfig_dump: %s\n", cause);
		return 1;
	}
	ctx = json_object();
	str(ctx, "name", c.context);
	str(ctx, "cluster", c.cluster);
	str(ctx, "user", c.user);
	str(ctx, "namespace", c.namespace);
	cl = json_object();
	str(cl, "server", c.server);
	data(cl, "certificate-authority-data", c.ca_data, c.ca_len, c.ca_file);
	if (c.insecure)
		json_object_set_new(cl, "insecure-skip-tls-verify", json_true());
	str(cl, "tls-server-name", c.tls_server_name);
	str(cl, "proxy-url", c.proxy_url);
	us = json_object();
	str(us, "token", c.token);
	str(us, "tokenFile", c.token_file);
	data(us, "client-certificate-data", c.cert_data, c.cert_len, c.cert_file);
	data(us, "client-key-data", c.key_data, c.key_len, c.key_file);
	if (c.exec != NULL) {
		x = json_object();
		str(x, "command", c.exec->command);
		str(x, "apiVersion", c.exec->api_version);
		a = json_array();
		for (i = 0; i < c.exec->nargs; i++)
			json_array_append_new(a, json_string(c.exec->args[i]));
		json_object_set_new(x, "args", a);
		a = json_array();
		for (i = 0; i < c.exec->nenv; i++) {
			eq = strchr(c.exec->env[i], '=');
			e = json_object();
			json_object_set_new(e, "name", json_stringn(c.exec->env[i],
			    (size_t)(eq - c.exec->env[i])));
			json_object_set_new(e, "value", json_string(eq + 1));
			json_array_append_new(a, e);
		}
		json_object_set_new(x, "env", a);
		json_object_set_new(x, "provideClusterInfo",
		    json_boolean(c.exec->provide_cluster_info));
		json_object_set_new(us, "exec", x);
	}
	root = json_pack("{s:o, s:o, s:o}", "context", ctx, "cluster", cl,
	    "user", us);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	putchar('\n');
	json_decref(root);
	kube_conn_free(&c);
	kubefile_free(kf);
	free(origin);
	return 0;
}
