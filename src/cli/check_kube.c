/*
 * check_kube.c - the lines `relboard check` prints for a kubeconfig
 * source (check_kube.h), from its resolved connection (core/kubeconfig.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/check_kube.h"
#include "core/config.h"
#include "core/kubeconfig.h"
#include "core/util.h"

char *
check_kube_context(const struct source_cfg *s)
{
	const struct kube_conn *k = s->kube;

	return xasprintf("%s (cluster %s, namespace %s; from %s)", k->context,
	    k->cluster, s->namespace, s->kube_origin);
}

/* Append "what" to *out, joined by " and ". */
static void
add(char **out, char *what)
{
	char *t;

	if (*out == NULL) {
		*out = what;
		return;
	}
	t = xasprintf("%s and %s", *out, what);
	free(*out);
	free(what);
	*out = t;
}

char *
check_kube_auth(const struct source_cfg *s)
{
	const struct kube_conn	*k = s->kube;
	const char		*cmd, *base;
	char			*out = NULL;

	if (k->exec != NULL) {
		cmd = k->exec->command;
		base = strrchr(cmd, '/') != NULL ? strrchr(cmd, '/') + 1 : cmd;
		add(&out, xasprintf("exec plugin %s (kubeconfig user %s, %s)",
		    base, k->user, k->exec->api_version));
	}
	if (s->token != NULL)
		add(&out, xasprintf("token from %s", s->token_origin));
	if (k->cert_file != NULL)
		add(&out, xasprintf("client certificate %s (kubeconfig user %s)",
		    k->cert_file, k->user));
	else if (k->cert_data != NULL)
		add(&out, xasprintf("client certificate (kubeconfig user %s, "
		    "inline)", k->user));
	return out != NULL ? out : xstrdup("none");
}

char *
check_kube_tls(const struct source_cfg *s)
{
	const struct kube_conn	*k = s->kube;
	char			*t, *name;

	if (s->insecure_skip_tls_verify)
		return xstrdup("insecure: the certificate is not verified "
		    "(insecure-skip-tls-verify)");
	if (s->ca_file != NULL && k->ca_file != NULL &&
	    strcmp(s->ca_file, k->ca_file) == 0)
		t = xasprintf("verified against certificate-authority %s "
		    "(kubeconfig)", s->ca_file);
	else if (s->ca_file != NULL)
		t = xasprintf("verified against ca_file %s", s->ca_file);
	else if (k->ca_data != NULL)
		t = xstrdup("verified against certificate-authority-data "
		    "(kubeconfig)");
	else
		t = xstrdup("verified against the system's CAs");
	if (k->tls_server_name == NULL)
		return t;
	name = xasprintf("%s, as %s (tls-server-name)", t, k->tls_server_name);
	free(t);
	return name;
}
