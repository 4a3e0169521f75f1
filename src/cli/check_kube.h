/*
 * check_kube.h - what `relboard check` says about a source that reaches
 * its cluster through a kubeconfig: the context, the auth method and the
 * TLS verification, never a secret.
 */
#ifndef RB_CHECK_KUBE_H
#define RB_CHECK_KUBE_H

struct source_cfg;

/* "prod (cluster c1, namespace shop; from KUBECONFIG a:b)" */
char	*check_kube_context(const struct source_cfg *);
/*
 * "exec plugin aws (kubeconfig user u)", "token from kubeconfig user u",
 * "client certificate (kubeconfig user u, inline)", joined by " and ".
 */
char	*check_kube_auth(const struct source_cfg *);
/* "verified against certificate-authority-data (kubeconfig)", ... */
char	*check_kube_tls(const struct source_cfg *);

#endif
