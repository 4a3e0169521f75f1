/*
 * argo_write.h - Argo Rollouts actions on the Kubernetes API, as request
 * descriptions and parsed answers (no I/O): read one Rollout, turn it into
 * the model's struct rollout (the poll's own rules) with the fields the
 * decisions need, and the merge patches of core/rollout_decide.h as
 * requests, each a compare-and-set on the resourceVersion read.
 */
#ifndef RB_ARGO_WRITE_H
#define RB_ARGO_WRITE_H

#include <jansson.h>

#include "core/adapter.h"
#include "core/rollout_decide.h"

#define ARGO_PATCH_CTYPE "application/merge-patch+json"

/* Fill r->live from a Rollout object (the poll calls it for every row). */
void	argo_write_live(json_t *ro, struct rollout_live *);
/* GET one Rollout. */
void	argo_write_read(const char *ns, const char *name,
	    struct request_desc *);
/*
 * Parse a Rollout object (the answer to a GET or a PATCH) into *out (free
 * with rollout_free).  0, or -1 with *cause; *missing set when there is
 * no such Rollout (404).
 */
int	argo_write_parse(const struct source_cfg *, const char *ns,
	    const char *name, const struct response *, struct rollout *out,
	    int *missing, char **cause);
/*
 * PATCH p (its fallback body to the Rollout itself when `fallback`) with
 * metadata.resourceVersion set to rv, so the API server refuses it (409)
 * when the Rollout changed since it was read.
 */
void	argo_write_patch(const char *ns, const char *name,
	    const struct rollout_patch *p, bool fallback, const char *rv,
	    struct request_desc *);
/* WRITE_OK, WRITE_CONFLICT (409) or WRITE_FAILED. */
int	argo_write_outcome(const struct response *);

#endif
