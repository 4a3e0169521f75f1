/*
 * execcred.c - parses a kubeconfig exec plugin's ExecCredential and builds
 * the KUBERNETES_EXEC_INFO it is given (execcred.h), as client-go does:
 * status.token, or status.clientCertificateData with
 * status.clientKeyData; status.expirationTimestamp in RFC 3339.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/execcred.h"
#include "core/kubeconfig.h"
#include "core/timearg.h"
#include "core/util.h"

/* A string member, "" counting as absent; -1 when of another type. */
static int
member(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || strlen(json_string_value(v)) !=
	    json_string_length(v))
		return -1;
	if (json_string_length(v) > 0)
		*out = json_string_value(v);
	return 0;
}

int
execcred_parse(const char *text, size_t len, const char *api_version,
    struct exec_cred *ec, char **cause)
{
	json_error_t	 jerr;
	json_t		*root, *status;
	const char	*av, *kind, *token, *cert, *key, *exp;
	char		*why = NULL;
	double		 t;

	memset(ec, 0, sizeof *ec);
	if ((root = json_loadb(text, len, 0, &jerr)) == NULL) {
		/* jansson's text may quote the output: a secret, maybe. */
		*cause = xasprintf("the plugin's output is not JSON (line %d, "
		    "column %d)", jerr.line, jerr.column);
		return -1;
	}
	if (!json_is_object(root) || member(root, "apiVersion", &av) != 0 ||
	    member(root, "kind", &kind) != 0) {
		*cause = xstrdup("the plugin's output is not an ExecCredential");
		goto bad;
	}
	if (kind == NULL || strcmp(kind, "ExecCredential") != 0) {
		*cause = xstrdup("the plugin's output is not an ExecCredential "
		    "(kind)");
		goto bad;
	}
	if (av == NULL || strcmp(av, api_version) != 0) {
		*cause = xasprintf("the plugin answered with another apiVersion "
		    "than %s", api_version);
		goto bad;
	}
	status = json_object_get(root, "status");
	if (!json_is_object(status) || member(status, "token", &token) != 0 ||
	    member(status, "clientCertificateData", &cert) != 0 ||
	    member(status, "clientKeyData", &key) != 0 ||
	    member(status, "expirationTimestamp", &exp) != 0) {
		*cause = xstrdup("the plugin's ExecCredential has no status of "
		    "strings");
		goto bad;
	}
	if ((cert == NULL) != (key == NULL)) {
		*cause = xstrdup("the plugin gave a client certificate without "
		    "its key, or a key without its certificate");
		goto bad;
	}
	if (token == NULL && cert == NULL) {
		*cause = xstrdup("the plugin gave neither a token nor a client "
		    "certificate");
		goto bad;
	}
	if (token != NULL && strpbrk(token, "\r\n") != NULL) {
		*cause = xstrdup("the plugin's token holds a line break");
		goto bad;
	}
	if (exp != NULL) {
		/* RFC 3339 only: no plain seconds. */
		if (strchr(exp, 'T') == NULL && strchr(exp, 't') == NULL) {
			*cause = xstrdup("the plugin's expirationTimestamp is not "
			    "an RFC 3339 time");
			goto bad;
		}
		if (timearg_parse(exp, &t, &why) != 0) {
			*cause = xasprintf("the plugin's expirationTimestamp: %s",
			    why);
			free(why);
			goto bad;
		}
		ec->expires = t;
	}
	ec->token = token != NULL ? xstrdup(token) : NULL;
	ec->cert = cert != NULL ? xstrdup(cert) : NULL;
	ec->key = key != NULL ? xstrdup(key) : NULL;
	json_decref(root);
	return 0;
bad:
	json_decref(root);
	return -1;
}

int
execcred_valid(const struct exec_cred *ec, double now)
{
	if (ec->token == NULL && ec->cert == NULL)
		return 0;
	return ec->expires == 0 || now < ec->expires;
}

/* Standard base64 with padding. */
static char *
b64encode(const char *s, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)s;
	char	*out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t	 i;
	unsigned v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)u[i] << 16 | (unsigned)u[i + 1] << 8 | u[i + 2];
		*o++ = tab[v >> 18];
		*o++ = tab[(v >> 12) & 63];
		*o++ = tab[(v >> 6) & 63];
		*o++ = tab[v & 63];
	}
	if (i < len) {
		v = (unsigned)u[i] << 16 | (i + 1 < len ? (unsigned)u[i + 1] << 8 : 0);
		*o++ = tab[v >> 18];
		*o++ = tab[(v >> 12) & 63];
		*o++ = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

char *
execcred_info(const struct kube_conn *c, const char *ca, size_t ca_len)
{
	json_t	*root, *spec, *cl;
	char	*s, *b;

	spec = json_pack("{s:b}", "interactive", 0);
	if (c->exec != NULL && c->exec->provide_cluster_info) {
		cl = json_pack("{s:s}", "server", c->server);
		if (c->tls_server_name != NULL)
			json_object_set_new(cl, "tls-server-name",
			    json_string(c->tls_server_name));
		if (c->insecure)
			json_object_set_new(cl, "insecure-skip-tls-verify",
			    json_true());
		if (ca != NULL) {
			b = b64encode(ca, ca_len);
			json_object_set_new(cl, "certificate-authority-data",
			    json_string(b));
			free(b);
		}
		if (c->proxy_url != NULL)
			json_object_set_new(cl, "proxy-url",
			    json_string(c->proxy_url));
		json_object_set_new(spec, "cluster", cl);
	}
	root = json_pack("{s:s, s:s, s:o}", "apiVersion", c->exec != NULL ?
	    c->exec->api_version : "client.authentication.k8s.io/v1",
	    "kind", "ExecCredential", "spec", spec);
	s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return s;
}

void
execcred_free(struct exec_cred *ec)
{
	wipe_free_str(ec->token);
	wipe_free_str(ec->cert);
	wipe_free_str(ec->key);
	memset(ec, 0, sizeof *ec);
}
