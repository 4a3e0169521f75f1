/*
 * argo_rollouts.h - what the argo-rollouts adapter (argo_rollouts.c)
 * shares with its watch (argo_watch.c): the lists it reads, checking and
 * decoding one list answer, the ReplicaSets-by-owner index and deriving
 * one Rollout or Deployment row from its object.
 */
#ifndef RB_ARGO_ROLLOUTS_H
#define RB_ARGO_ROLLOUTS_H

#include <stdbool.h>

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
/* Add rs to (or remove it from) ix, the ReplicaSets by owner. */
void	argo_rollouts_index_rs(json_t *ix, json_t *rs, bool add);
/* One row for a Rollout or Deployment (which) object, its ReplicaSets in ix. */
void	argo_rollouts_derive(const struct poll_ctx *, json_t *obj, int which,
	    json_t *ix, struct model_part *);

#endif
