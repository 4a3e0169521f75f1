/*
 * config_kube.c - fills an argo-rollouts source from a kubeconfig
 * (config_kube.h): the files are loaded and merged (kubeconfig_load), the
 * context resolved (kubefile_resolve), a tokenFile read, and the files a
 * context names checked to exist, so that a mistake shows when the
 * configuration loads, naming the file and the context.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/config.h"
#include "core/config_kube.h"
#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/util.h"

/* A file the context names must be there to be read. */
static int
readable(const char *what, const char *path, char **cause)
{
	struct stat st;

	if (path == NULL || stat(path, &st) == 0)
		return 0;
	*cause = xasprintf("%s %s: %s", what, path, strerror(errno));
	return -1;
}

/* tokenFile: one token on one line. */
static int
read_token(struct kube_conn *k, char **cause)
{
	char	*text, *end, *why = NULL;

	if ((text = read_file(k->token_file, NULL, &why)) == NULL) {
		*cause = xasprintf("user %s: tokenFile %s", k->user, why);
		free(why);
		return -1;
	}
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r' ||
	    end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (*text == '\0' || strpbrk(text, "\r\n") != NULL) {
		*cause = xasprintf("user %s: tokenFile %s must hold one token on "
		    "one line", k->user, k->token_file);
		wipe_free_str(text);
		return -1;
	}
	free(k->token);
	k->token = text;
	return 0;
}

int
config_kube_apply(struct source_cfg *s, char **cause)
{
	struct kubefile	*kf;
	struct kube_conn *k;
	char		*origin = NULL, *why = NULL;
	int		 rc;

	if ((kf = kubeconfig_load(s->kubeconfig, &origin, &why)) == NULL) {
		*cause = why;
		return -1;
	}
	k = xcalloc(1, sizeof *k);
	rc = kubefile_resolve(kf, s->context, k, &why);
	kubefile_free(kf);
	if (rc == 0 && k->token_file != NULL && k->token == NULL)
		rc = read_token(k, &why);
	if (rc == 0 && (readable("certificate-authority", k->ca_file, &why) != 0 ||
	    readable("client-certificate", k->cert_file, &why) != 0 ||
	    readable("client-key", k->key_file, &why) != 0))
		rc = -1;
	if (rc != 0) {
		*cause = xasprintf("%s: %s", origin, why);
		sanitize_text(*cause);
		free(why);
		free(origin);
		kube_conn_free(k);
		free(k);
		return -1;
	}
	s->kube = k;
	s->kube_origin = origin;
	if (s->url == NULL)
		s->url = xstrdup(k->server);
	free(s->namespace);
	s->namespace = xstrdup(k->namespace != NULL ? k->namespace : "default");
	if (k->ca_file != NULL && s->ca_file == NULL)
		s->ca_file = xstrdup(k->ca_file);
	s->insecure_skip_tls_verify = k->insecure;
	if (k->key_data != NULL)
		sanitize_add_secret(k->key_data);
	if (k->token != NULL) {
		s->token = xstrdup(k->token);
		sanitize_add_secret(s->token);
		s->token_origin = k->token_file != NULL ?
		    xasprintf("kubeconfig user %s (tokenFile %s)", k->user,
		    k->token_file) : xasprintf("kubeconfig user %s", k->user);
	}
	return 0;
}

void
config_kube_free(struct source_cfg *s)
{
	if (s->kube != NULL) {
		if (s->kube->key_data != NULL)
			sanitize_remove_secret(s->kube->key_data);
		kube_conn_free(s->kube);
		free(s->kube);
	}
	free(s->kube_origin);
	free(s->kubeconfig);
	free(s->context);
	s->kube = NULL;
	s->kube_origin = s->kubeconfig = s->context = NULL;
}
