/*
 * correlate.h - ties flags and rollouts to the services the configuration
 * says they belong to, and to those services' health.  Pure lookups over
 * the model and the configuration.
 */
#ifndef RB_CORRELATE_H
#define RB_CORRELATE_H

#include "core/config.h"
#include "core/model.h"
#include "core/strmap.h"

/* The worst health of any service owning this flag; HEALTH_UNKNOWN if none. */
enum health flag_service_health(const struct model *, const struct config *,
	    const char *flag, const struct service_cfg **worst);
/* The same for a rollout (namespace may be NULL). */
enum health rollout_service_health(const struct model *, const struct config *,
	    const char *namespace, const char *name, const struct service_cfg **worst);
/*
 * The same for a rollout of one source: an entry "SOURCE/NS/NAME" owns
 * only the rollout of that source (rollout_service_health() ignores the
 * source).
 */
enum health rollout_service_health_in(const struct model *, const struct config *,
	    const char *source, const char *namespace, const char *name,
	    const struct service_cfg **worst);
/* The worst health over every version of a service. */
enum health service_worst_health(const struct model *, const char *service);
/*
 * True when a config rollout entry ("SOURCE/NS/NAME", "NS/NAME" or "NAME")
 * names this rollout, of whichever source.
 */
bool	rollout_ref_matches(const char *ref, const char *namespace, const char *name);

/*
 * The worst health of each flag's services, by flag name, worked out once
 * (a list of thousands of flags asks for each): the same answers as
 * flag_service_health().  Keys are borrowed from the configuration.
 */
struct flag_svc_index {
	struct strmap	 map;		/* flag name -> entry */
	enum health	*h;
	const struct service_cfg **svc;
	size_t		 n, cap, svc_cap;
};
void	flag_svc_index_build(struct flag_svc_index *, const struct model *,
	    const struct config *);
enum health flag_svc_index_get(const struct flag_svc_index *, const char *flag,
	    const struct service_cfg **worst);
void	flag_svc_index_free(struct flag_svc_index *);

/*
 * The same for rollouts: the configured rollout entries by their last part
 * (the name), each service's worst health worked out once.  Answers as
 * rollout_service_health_in() does.  Keys are owned.
 */
struct rollout_svc_index {
	struct strmap	 map;		/* name -> first entry */
	struct rollout_svc_entry *e;
	size_t		 n, cap;
	enum health	*svc_h;		/* by service, in config order */
};
void	rollout_svc_index_build(struct rollout_svc_index *, const struct model *,
	    const struct config *);
enum health rollout_svc_index_get(const struct rollout_svc_index *,
	    const struct config *, const char *source, const char *namespace,
	    const char *name, const struct service_cfg **worst);
void	rollout_svc_index_free(struct rollout_svc_index *);

#endif
