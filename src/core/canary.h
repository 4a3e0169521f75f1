/*
 * canary.h - reads the service health in the model the way the Health
 * pane shows it: which version of a service is stable and which are
 * canaries, how much worse a canary is than stable, which way an error
 * ratio trend is heading, and the order of the rows (the worst services
 * first, the versions of one service together, stable before its
 * canaries).  Pure: no curses, no I/O.
 *
 * The stable version of a service is the oldest one, by natural version
 * order (v2 before v10), among those serving at least CANARY_SHARE of
 * the busiest version's requests (the oldest of all when no rate is
 * known).  So a small canary is never taken for stable, and stable keeps
 * its role while the canary's weight grows past half.  Every other
 * version with traffic is a canary and is compared with it.
 */
#ifndef RB_CANARY_H
#define RB_CANARY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

#define CANARY_SHARE		0.25	/* of the busiest rate, to be stable */
#define TREND_POINTS		6	/* trend points the direction uses */

struct config;

enum canary_role {
	CANARY_SOLO,		/* the only version with traffic */
	CANARY_STABLE,		/* compared against by the canaries */
	CANARY_CANARY,		/* another version with traffic */
	CANARY_IDLE,		/* a version without traffic */
};

enum trend_dir {
	TREND_NONE,		/* too few points to tell */
	TREND_FLAT,
	TREND_UP,
	TREND_DOWN,
};

/* A canary-minus-stable difference judged against the thresholds. */
enum delta_level {
	DELTA_UNKNOWN,		/* either side has no data */
	DELTA_BETTER,		/* better by at least the warn threshold */
	DELTA_SAME,
	DELTA_WARN,		/* worse by at least the warn threshold */
	DELTA_CRIT,		/* worse by at least the crit threshold */
};

struct canary_row {
	size_t		 svc;		/* index in model->services */
	enum canary_role role;
	size_t		 stable;	/* canary rows: the stable version's index */
	bool		 first;		/* first row of its service */
	enum health	 worst;		/* worst health of the service's versions */
	double		 d_err;		/* canary minus stable, NAN unknown */
	double		 d_p99;		/* seconds, NAN unknown */
	enum delta_level l_err, l_p99;
	enum trend_dir	 trend;		/* of the error ratio */
};

struct canary_view {
	struct canary_row *rows;	/* one per model service, in order */
	size_t		 nrows, rows_cap;
	/* What the rows were built from, to rebuild only on change. */
	bool		 built;
	unsigned	 generation;
	const void	*services;
	size_t		 nservices;
	const struct config *cfg;
};

/* Natural order of version strings: "v2" < "v10" < "v10a"; NULL first. */
int	version_cmp(const char *, const char *);

/* Index in v[0..n) of the stable version (see above); n must be > 0. */
size_t	canary_pick_stable(const struct service_health *const *v, size_t n);

/*
 * Direction of the last TREND_POINTS values of v[0..n) (oldest first;
 * NaN are gaps): the least-squares change across them, rising or falling
 * when it is at least `floor` and at least a fifth of their mean.
 */
enum trend_dir trend_direction(const double *v, size_t n, double floor);

/* Judge canary-minus-stable `delta` against warn and crit (0: unset). */
enum delta_level delta_judge(double delta, double warn, double crit);

/*
 * Rebuild the rows if the model or configuration changed since the last
 * call (cfg may be NULL: default thresholds).  Returns whether it did.
 */
bool	canary_refresh(struct canary_view *, const struct model *,
	    const struct config *);
void	canary_view_free(struct canary_view *);

const char *canary_role_name(enum canary_role);

#endif
