/*
 * execcred.h - the ExecCredential a kubeconfig exec plugin prints
 * (client.authentication.k8s.io/v1 and v1beta1), parsed without I/O, and
 * the KUBERNETES_EXEC_INFO relboard hands the plugin.
 */
#ifndef RB_EXECCRED_H
#define RB_EXECCRED_H

#include <stddef.h>

struct kube_conn;

/* What the plugin gave: a token, or a client certificate and key (PEM). */
struct exec_cred {
	char	*token;
	char	*cert;
	char	*key;
	double	 expires;	/* unix s; 0: does not expire */
};

/*
 * Parse the plugin's standard output.  Its apiVersion must be the one
 * the kubeconfig asked for.  0, or -1 with *cause (never quoting a
 * secret).
 */
int	execcred_parse(const char *text, size_t len, const char *api_version,
	    struct exec_cred *, char **cause);
/* Whether a credential is still good at `now` (unix s). */
int	execcred_valid(const struct exec_cred *, double now);
/*
 * KUBERNETES_EXEC_INFO: an ExecCredential with spec.interactive false and,
 * when the plugin asks for it (provideClusterInfo), spec.cluster from c
 * (ca: the CA's PEM bytes, or NULL).  Allocated JSON.
 */
char	*execcred_info(const struct kube_conn *c, const char *ca, size_t ca_len);
void	execcred_free(struct exec_cred *);

#endif
