/*
 * svcversion.h - asking a service which version it runs, per source kind:
 * Unleash GET /api/admin/ui-config (versionInfo.current.oss, else
 * version), Prometheus GET /api/v1/status/buildinfo (data.version),
 * Kubernetes GET /version (gitVersion).  Pure: the request is described,
 * the caller sends it (with the source's credentials) and hands back the
 * answer.  Used by `relboard check`.
 */
#ifndef RB_SVCVERSION_H
#define RB_SVCVERSION_H

#include "core/adapter.h"

/*
 * Fill req (GET, the path) for a source of this kind.  Returns 0, or -1
 * when the kind has no version request (req is left empty).
 */
int	svcversion_request(const char *kind, struct request_desc *req);
/*
 * The version in an answer to that request: 0 with *version a safe
 * one-line copy (allocated), or -1 with *cause a one-line reason.
 */
int	svcversion_parse(const char *kind, const struct response *, char **version,
	    char **cause);

#endif
