/*
 * rollout_ref.c - resolving and matching the rollout names of
 * `services[].rollouts` across several argo-rollouts sources (see
 * rollout_ref.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/rollout_ref.h"
#include "core/util.h"

static int
is_argo(const struct source_cfg *s)
{
	return s->kind != NULL && strcmp(s->kind, "argo-rollouts") == 0;
}

/* Split at '/' into at most 3 parts; returns the count, 0 if malformed. */
static int
split(const char *ref, char *buf, size_t len, char *part[3])
{
	char *p;
	int i, n = 1;

	if (strlen(ref) >= len)
		return 0;
	strcpy(buf, ref);
	part[0] = buf;
	for (p = buf; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		if (n == 3)
			return 0;
		*p = '\0';
		part[n++] = p + 1;
	}
	for (i = 0; i < n; i++) {
		if (*part[i] == '\0')
			return 0;
	}
	return n;
}

int
rollout_ref_resolve(const struct config *cfg, const char *ref, char **out,
    char **cause)
{
	char buf[512], *part[3];
	const struct source_cfg *s, *found = NULL, *other = NULL;
	const char *ns;
	size_t i;
	int n;

	*out = NULL;
	if ((n = split(ref, buf, sizeof buf, part)) == 0) {
		*cause = xasprintf("\"%s\" is not SOURCE/NAMESPACE/NAME, "
		    "NAMESPACE/NAME or NAME", ref);
		return -1;
	}
	if (n == 3) {
		s = config_find_source(cfg, part[0]);
		if (s == NULL || !is_argo(s)) {
			*cause = xasprintf("\"%s\": no argo-rollouts source named "
			    "\"%s\"", ref, part[0]);
			return -1;
		}
		if (s->namespace != NULL && strcmp(s->namespace, part[1]) != 0) {
			*cause = xasprintf("\"%s\": source %s watches namespace "
			    "%s, not %s", ref, s->name, s->namespace, part[1]);
			return -1;
		}
		*out = xstrdup(ref);
		return 0;
	}
	ns = n == 2 ? part[0] : NULL;
	for (i = 0; i < cfg->nsources; i++) {
		s = &cfg->sources[i];
		if (!is_argo(s) || s->namespace == NULL ||
		    (ns != NULL && strcmp(s->namespace, ns) != 0))
			continue;
		if (found == NULL)
			found = s;
		else if (other == NULL)
			other = s;
	}
	if (other != NULL) {
		if (ns != NULL)
			*cause = xasprintf("\"%s\" is ambiguous: sources %s and %s "
			    "both watch namespace %s; write SOURCE/%s", ref,
			    found->name, other->name, ns, ref);
		else
			*cause = xasprintf("\"%s\" is ambiguous: argo-rollouts "
			    "sources %s and %s could both have it; write "
			    "SOURCE/NAMESPACE/%s", ref, found->name, other->name,
			    ref);
		return -1;
	}
	if (found == NULL) {
		*out = xstrdup(ref);
		return 0;
	}
	*out = xasprintf("%s/%s/%s", found->name, found->namespace, part[n - 1]);
	return 0;
}

bool
rollout_ref_matches_in(const char *ref, const char *source,
    const char *namespace, const char *name)
{
	char buf[512], *part[3];
	int n;

	if (ref == NULL || name == NULL ||
	    (n = split(ref, buf, sizeof buf, part)) == 0)
		return false;
	if (strcmp(part[n - 1], name) != 0)
		return false;
	if (n >= 2 && (namespace == NULL || strcmp(part[n - 2], namespace) != 0))
		return false;
	if (n == 3 && (source == NULL || strcmp(part[0], source) != 0))
		return false;
	return true;
}
