/*
 * plan_view.h - the release plans the dashboard shows: the plans folder
 * and the journal read again every few seconds, and for a flag the line
 * that says each of its plans' step, what is next and when, and what
 * blocks it.  Curses-free.
 */
#ifndef RB_UI_PLAN_VIEW_H
#define RB_UI_PLAN_VIEW_H

#include <stddef.h>

#include <jansson.h>

#include "core/config.h"
#include "core/model.h"
#include "core/plan.h"

#define PLAN_VIEW_RELOAD_S	2.0	/* files read at most this often */

struct plan_view {
	char		*dir;		/* the plans folder */
	char		*journal;	/* the journal's path, or NULL */
	struct plan_file *files;
	size_t		 nfiles;
	json_t		*entries;	/* the journal's recent entries */
	double		 loaded;	/* now_mono() of the last read, 0 never */
};

/* dir NULL: plan_default_dir(); journal may be NULL. */
void	plan_view_init(struct plan_view *, const char *dir, const char *journal);
/*
 * Read the folder and the journal again when PLAN_VIEW_RELOAD_S passed;
 * each plan's flag is marked for frequent exposure reads (exposure_want).
 */
void	plan_view_refresh(struct plan_view *, const struct config *,
	    struct model *, double mono);
/* Whether a plan of the folder moves this flag. */
int	plan_view_has(const struct plan_view *, const struct config *,
	    const char *source, const char *flag);
/*
 * "plan checkout-redesign 1/3 canary, next early in 39m (hold)" for each
 * plan of this flag, "; "-separated, into buf; returns its length (0:
 * none).  `now` is wall time.
 */
size_t	plan_view_line(const struct plan_view *, const struct config *,
	    const struct model *, const char *source, const char *flag,
	    double now, char *buf, size_t len);
void	plan_view_free(struct plan_view *);

#endif
