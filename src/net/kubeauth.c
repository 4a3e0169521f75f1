/*
 * kubeauth.c - a source's credentials for each request (kubeauth.h).
 * An exec plugin runs when a poll finds no good credential, beside the
 * event loop (kubeauth_refresh_start) or waited for (kubeauth_refresh, on
 * an event base of its own): with stdin /dev/null, KUBERNETES_EXEC_INFO
 * set and the source's timeout_s as its limit.  Its token or client key joins the
 * sanitizer's secrets and leaves them when replaced.
 */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "core/config.h"
#include "core/execcred.h"
#include "core/kubeconfig.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "net/execrun.h"
#include "net/kubeauth.h"
#include "net/net.h"

int
kubeauth_has_plugin(const struct source_cfg *s)
{
	return s->kube != NULL && s->kube->exec != NULL;
}

static void
cred_forget(struct kube_conn *k)
{
	if (k->cred == NULL)
		return;
	if (k->cred->token != NULL)
		sanitize_remove_secret(k->cred->token);
	if (k->cred->key != NULL)
		sanitize_remove_secret(k->cred->key);
	execcred_free(k->cred);
}

/* "exec plugin CMD: WHY (INSTALL HINT)", made safe. */
static char *
plugin_cause(const struct kube_exec *x, const char *why)
{
	char *cause;

	if (x->install_hint != NULL)
		cause = xasprintf("exec plugin %s: %s (%s)", x->command, why,
		    x->install_hint);
	else
		cause = xasprintf("exec plugin %s: %s", x->command, why);
	sanitize_text(cause);
	return cause;
}

/* A plugin run in progress. */
struct kubeauth_run {
	const struct source_cfg	*src;
	struct execrun		*x;
	kubeauth_cb		 cb;
	void			*arg;
};

/* The plugin ended: store its credential, or say why there is none. */
static void
on_end(struct execrun_result *r, const char *why, void *arg)
{
	struct kubeauth_run	*run = arg;
	const struct source_cfg	*s = run->src;
	struct kube_conn	*k = s->kube;
	struct kube_exec	*x = k->exec;
	struct exec_cred	 ec;
	char			*note = NULL, *cause = NULL, *perr = NULL;

	if (why == NULL && execcred_parse(r->out, r->len, x->api_version, &ec,
	    &perr) == 0) {
		cred_forget(k);
		if (k->cred == NULL)
			k->cred = xcalloc(1, sizeof *k->cred);
		*k->cred = ec;
		if (ec.token != NULL)
			sanitize_add_secret(ec.token);
		if (ec.key != NULL)
			sanitize_add_secret(ec.key);
	} else
		cause = plugin_cause(x, why != NULL ? why : perr);
	/* After the new secrets are known: a plugin may log its token. */
	if (r->err_line != NULL) {
		note = xasprintf("source %s: %s", s->name, r->err_line);
		sanitize_text(note);
	}
	free(perr);
	execrun_free(r);
	run->cb(note, cause, run->arg);
	free(note);
	free(cause);
	free(run);
}

int
kubeauth_refresh_start(const struct source_cfg *s, int force,
    struct event_base *base, kubeauth_cb cb, void *arg,
    struct kubeauth_run **runp, char **cause)
{
	struct kubeauth_run	*run;
	struct kube_conn	*k = s->kube;
	struct kube_exec	*x;
	char			**argv, **env, *info, *ca = NULL, *why = NULL;
	size_t			 i, ca_len = 0;

	*runp = NULL;
	if (!kubeauth_has_plugin(s))
		return 0;
	if (!force && k->cred != NULL && execcred_valid(k->cred, now_wall()))
		return 0;
	x = k->exec;
	if (k->ca_data != NULL) {
		ca = k->ca_data;
		ca_len = k->ca_len;
	} else if (k->ca_file != NULL && x->provide_cluster_info)
		ca = read_file(k->ca_file, &ca_len, &why);
	free(why);
	why = NULL;
	info = execcred_info(k, ca, ca_len);
	if (ca != k->ca_data)
		free(ca);
	argv = xcalloc(x->nargs + 2, sizeof *argv);
	argv[0] = x->command;
	for (i = 0; i < x->nargs; i++)
		argv[i + 1] = x->args[i];
	env = xcalloc(x->nenv + 2, sizeof *env);
	for (i = 0; i < x->nenv; i++)
		env[i] = x->env[i];
	env[i] = xasprintf("KUBERNETES_EXEC_INFO=%s", info);
	run = xcalloc(1, sizeof *run);
	run->src = s;
	run->cb = cb;
	run->arg = arg;
	run->x = execrun_start(base, x->command, argv, env, s->timeout_s, on_end,
	    run, &why);
	free(env[i]);
	free(env);
	free(argv);
	free(info);
	if (run->x == NULL) {
		*cause = plugin_cause(x, why);
		free(why);
		free(run);
		return -1;
	}
	*runp = run;
	return 1;
}

void
kubeauth_cancel(struct kubeauth_run *run)
{
	if (run == NULL)
		return;
	execrun_cancel(run->x);
	free(run);
}

/* kubeauth_refresh(): what the callback said. */
struct refresh_wait {
	char	*note, *cause;
	int	 ended;
};

static void
on_refreshed(const char *note, const char *cause, void *arg)
{
	struct refresh_wait *w = arg;

	w->note = note != NULL ? xstrdup(note) : NULL;
	w->cause = cause != NULL ? xstrdup(cause) : NULL;
	w->ended = 1;
}

int
kubeauth_refresh(const struct source_cfg *s, int force, char **note, char **cause)
{
	struct refresh_wait	 w = { NULL, NULL, 0 };
	struct kubeauth_run	*run;
	struct event_base	*base;
	int			 rc;

	*note = NULL;
	if (!kubeauth_has_plugin(s))
		return 0;
	if ((base = event_base_new()) == NULL) {
		*cause = xstrdup("cannot run the exec plugin: no event loop");
		return -1;
	}
	rc = kubeauth_refresh_start(s, force, base, on_refreshed, &w, &run, cause);
	while (rc == 1 && !w.ended && event_base_loop(base, EVLOOP_ONCE) == 0)
		;
	event_base_free(base);
	if (rc != 1)
		return rc;
	*note = w.note;
	if (w.cause == NULL)
		return 0;
	*cause = w.cause;
	return -1;
}

void
kubeauth_fill(const struct source_cfg *s, const char *scheme,
    struct net_request *nr, char **auth)
{
	const struct kube_conn	*k = s->kube;
	const struct exec_cred	*ec = k != NULL ? k->cred : NULL;
	const char		*token = s->token;

	nr->ca_file = s->ca_file;
	nr->insecure = s->insecure_skip_tls_verify;
	if (k != NULL) {
		if (k->ca_data != NULL && s->ca_file == NULL) {
			nr->ca_pem = k->ca_data;
			nr->ca_pem_len = k->ca_len;
		}
		nr->cert_file = k->cert_file;
		nr->key_file = k->key_file;
		if (k->cert_data != NULL) {
			nr->cert_pem = k->cert_data;
			nr->cert_pem_len = k->cert_len;
		}
		if (k->key_data != NULL) {
			nr->key_pem = k->key_data;
			nr->key_pem_len = k->key_len;
		}
		nr->tls_server_name = k->tls_server_name;
		nr->proxy = k->proxy_url;
		if (ec != NULL && k->exec != NULL) {
			if (ec->token != NULL)
				token = ec->token;
			if (ec->cert != NULL) {
				nr->cert_file = nr->key_file = NULL;
				nr->cert_pem = ec->cert;
				nr->cert_pem_len = strlen(ec->cert);
				nr->key_pem = ec->key;
				nr->key_pem_len = strlen(ec->key);
			}
		}
	}
	*auth = token != NULL ? xasprintf("%s%s", scheme, token) : NULL;
	nr->auth = *auth;
}

void
kubeauth_auth_free(char *auth)
{
	wipe_free_str(auth);
}
