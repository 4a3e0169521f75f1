/*
 * exposure.h - exposures per flag and environment in the model: how often
 * SDKs evaluated a flag to yes and to no in Unleash's current hourly
 * bucket, with the exposed counts per hour for a trend.  Unleash has no
 * request for every flag's counts, so a source's flags are read a few a
 * poll: exposure_pick() chooses them, wanted flags (on screen, selected,
 * in an active release plan: exposure_want()) first and often, the rest
 * rarely.
 */
#ifndef RB_EXPOSURE_H
#define RB_EXPOSURE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/strmap.h"

#define EXPO_HOURS	8	/* hourly buckets read, the current one last */
#define EXPO_WINDOW_S	3600	/* a bucket's length */
#define EXPO_WANTED_S	15.0	/* a wanted flag is read again after this */
#define EXPO_REST_S	600.0	/* any other flag after this */
#define EXPO_WANT_HOLD_S 30.0	/* a want lasts this long unless renewed */

struct exposure {
	char		*env;
	long long	 yes, no;	/* in the current hourly bucket */
	int		 window_s;
	/* yes (exposed) per hour, oldest first; the last is the current hour. */
	double		 trend[EXPO_HOURS];
	size_t		 ntrend;
};

struct flag_exposure {
	char		*key;		/* "source\x1fflag" */
	char		*source;
	char		*flag;
	struct exposure	*envs;
	size_t		 nenvs;
	bool		 known;		/* read at least once */
	double		 fetched;	/* now_mono() of the last read, 0 none */
	double		 wanted_until;	/* now_mono() until which it is wanted */
	char		*error;		/* the last read's failure, or NULL */
};

struct exposure_table {
	struct flag_exposure *items;
	size_t		 n, cap;
	struct strmap	 index;		/* key -> items index */
	size_t		 nknown;	/* items read at least once */
};

/*
 * Mark a flag as wanted until `now + EXPO_WANT_HOLD_S` (mono): it is read
 * every EXPO_WANTED_S.  The dashboard marks the flags on screen and the
 * selected one (the one mark it makes in the model: interest, not
 * release data); a release plan marks its flag.
 */
void	exposure_want(struct model *, const char *source, const char *flag,
	    double now);
/* A flag's exposures in one environment, or NULL when not known. */
const struct exposure *exposure_find(const struct model *, const char *source,
	    const char *flag, const char *env);
/* Whether any flag's exposures were read (the dashboard shows EXPOSED). */
bool	exposure_any(const struct model *);
/* The last read's failure of a flag, or NULL. */
const char *exposure_error(const struct model *, const char *source,
	    const char *flag);
/*
 * Store a read of a flag (envs move into the model; *envs is emptied)
 * or, with error set, keep the old counts and note the failure.  Only
 * the first flag ever read changes the model's generation: counts are
 * read when drawn, and nothing derived from the model depends on them.
 */
void	exposure_store(struct model *, const char *source, const char *flag,
	    struct exposure **envs, size_t nenvs, const char *error, double now);
/*
 * Up to `budget` flags of a source to read now (into out, borrowed from
 * the model): wanted flags not read for EXPO_WANTED_S, then the others
 * not read for EXPO_REST_S, least recently read first.  budget 0 with
 * `all` set picks every flag (one round of `status --json`).
 */
size_t	exposure_pick(const struct model *, const char *source, size_t budget,
	    bool all, double now, const char **out);
void	exposure_free(struct exposure *, size_t);
void	exposure_table_free(struct exposure_table *);

#endif
