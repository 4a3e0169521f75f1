/*
 * config_kube.h - an argo-rollouts source that reaches its cluster through
 * a kubeconfig: the source's endpoint, namespace, TLS settings and
 * credentials resolved from it (core/kubeconfig.h).
 */
#ifndef RB_CONFIG_KUBE_H
#define RB_CONFIG_KUBE_H

struct source_cfg;

/*
 * Resolve s->kubeconfig / s->context (NULL: KUBECONFIG or ~/.kube/config,
 * current-context) into s: url (unless set), namespace (the context's,
 * else "default"), ca_file, insecure_skip_tls_verify, token and
 * token_origin, and s->kube.  Secrets are registered with the sanitizer.
 * 0, or -1 with *cause.
 */
int	config_kube_apply(struct source_cfg *s, char **cause);
/* What config_kube_apply() added, unregistered and freed. */
void	config_kube_free(struct source_cfg *s);

#endif
