/*
 * argo_rollouts.h - what the argo-rollouts adapter (argo_rollouts.c)
 * shares with its watch (argo_watch.c): the lists it reads, checking and
 * decoding one list answer, the keys of the ReplicaSets-by-owner index
 * and deriving one Rollout or Deployment row from its object.
 */
#ifndef RB_ARGO_ROLLOUTS_H
#define RB_ARGO_ROLLOUTS_H

#include <jansson.h>

#include "core/adapter.h"

/* The lists a poll reads, in request order. */
enum { ARGO_ROLLOUTS, ARGO_REPLICASETS, ARGO_DEPLOYMENTS, ARGO_NLISTS };

extern const struct adapter_watch argo_watch_ops;

/* "Rollout", "ReplicaSet", "Deployment"; and their apiVersion. */
const char *argo_rollouts_kind(int which);
const char *argo_rollouts_api_version(int which);
/* The list's path in namespace ns (allocated). */
char	*argo_rollouts_path(int which, const char *ns);
/*
 * Check and decode the answer to list `which`: the decoded list, or NULL
 * and *cause a one-line reason.
 */
json_t	*argo_rollouts_load_list(const struct poll_ctx *, const struct response *,
	    int which, char **cause);
/*
 * The keys rs is found under among the ReplicaSets by owner, in order:
 * for each of its ownerReferences "uid:UID" (when it has a uid) and
 * "Kind/name".  fn is called with each (the key is borrowed for the call).
 */
void	argo_rollouts_rs_keys(json_t *rs, void (*fn)(const char *key, void *),
	    void *arg);
/* The key of an owner (a Rollout or Deployment: which) there (allocated). */
char	*argo_rollouts_owner_key(json_t *owner, int which);
/*
 * One row for a Rollout or Deployment (which) object; rss is an array of
 * the ReplicaSets that may be its (those under its owner key, in order).
 */
void	argo_rollouts_derive(const struct poll_ctx *, json_t *obj, int which,
	    json_t *rss, struct model_part *);

#endif
