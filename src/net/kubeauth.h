/*
 * kubeauth.h - the credentials and TLS material of a source's requests:
 * its token, and for a kubeconfig source the cluster's CA, the user's
 * client certificate and the exec plugin's credential, which is cached
 * until it expires and fetched again after a 401.
 */
#ifndef RB_KUBEAUTH_H
#define RB_KUBEAUTH_H

struct event_base;
struct kubeauth_run;
struct net_request;
struct source_cfg;

/*
 * Make sure a source with an exec plugin holds a credential good now:
 * run the plugin when it has none, it expired, or `force` (after a 401).
 * *note gets the first line of what the plugin wrote on stderr (made
 * safe), or NULL.  0 (also for a source without a plugin), or -1 with
 * *cause.  Waits while the plugin runs: at most the source's timeout_s
 * (`relboard check`; the poller uses kubeauth_refresh_start()).
 */
int	kubeauth_refresh(const struct source_cfg *, int force, char **note,
	    char **cause);
/*
 * kubeauth_refresh() without waiting, for the poller.  0: the credential
 * is good now (or the source has no plugin), nothing runs; 1: the plugin
 * runs on `base` and cb(note, cause, arg) follows once (cause NULL when a
 * credential was stored; both for the callback to read only), *run
 * naming the run until then; -1 with *cause: it could not start.
 */
typedef void (*kubeauth_cb)(const char *note, const char *cause, void *arg);
int	kubeauth_refresh_start(const struct source_cfg *, int force,
	    struct event_base *, kubeauth_cb, void *arg, struct kubeauth_run **,
	    char **cause);
/* Stop a run before its callback (which then never comes). */
void	kubeauth_cancel(struct kubeauth_run *);
/* Whether the source's credential comes from an exec plugin. */
int	kubeauth_has_plugin(const struct source_cfg *);
/*
 * Set the request's TLS and credential fields for the source; *auth is
 * the Authorization value it points at (scheme + token) or NULL: free it
 * with kubeauth_auth_free() after net_submit().
 */
void	kubeauth_fill(const struct source_cfg *, const char *scheme,
	    struct net_request *, char **auth);
void	kubeauth_auth_free(char *auth);

#endif
