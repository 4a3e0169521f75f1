/*
 * rollout_ref.h - naming a rollout in the configuration
 * (`services[].rollouts`) with several clusters: "SOURCE/NAMESPACE/NAME",
 * "NAMESPACE/NAME" or "NAME".  Pure: the configuration's argo-rollouts
 * sources (each watches one namespace) say which source a shorter name
 * means; a name two sources could mean is an error naming both.
 */
#ifndef RB_ROLLOUT_REF_H
#define RB_ROLLOUT_REF_H

#include <stdbool.h>

#include "core/config.h"

/*
 * The entry `ref` made "SOURCE/NAMESPACE/NAME" (allocated) when exactly one
 * argo-rollouts source of cfg watches it; a copy of ref as written when
 * none does.  Returns 0, or -1 with *cause (one line, no key prefix) when
 * ref is malformed, names a source that is not an argo-rollouts source or
 * a namespace that source does not watch, or is ambiguous.
 */
int	rollout_ref_resolve(const struct config *, const char *ref, char **out,
	    char **cause);
/*
 * Whether a resolved entry names this rollout: "SOURCE/NS/NAME" compares
 * all three, "NS/NAME" namespace and name, "NAME" the name (source and
 * namespace may be NULL).
 */
bool	rollout_ref_matches_in(const char *ref, const char *source,
	    const char *namespace, const char *name);

#endif
