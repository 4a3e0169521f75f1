/*
 * acks.h - acknowledged alerts: an operator says "known" about a killed
 * flag, a degraded rollout or a critical service, with an optional note.
 * An acknowledgement holds while the item's state is what it was then
 * (its signature); when the state changes it lapses by itself.  Kept in a
 * small JSON file beside the journal (mode 0600), so they last across
 * restarts.  Pure: no curses.
 */
#ifndef RB_ACKS_H
#define RB_ACKS_H

#include <stdbool.h>
#include <stddef.h>

struct ack {
	char	*pane;		/* "flags", "rollouts", "health" */
	char	*key;		/* the item's identity in that pane */
	char	*sig;		/* its state when acknowledged */
	char	*note;		/* may be empty */
	char	*user;
	double	 time;		/* Unix seconds */
};

struct acks {
	struct ack	*v;
	size_t		 n, cap;
	unsigned	 version;	/* bumped on every change */
};

/* "acks.json" in the folder of the journal at journal_path. */
char	*acks_path(const char *journal_path);
/* Load; a missing file is no acknowledgement.  -1 and *cause on error. */
int	 acks_load(struct acks *, const char *path, char **cause);
/* Write atomically (a temporary file renamed over it), mode 0600. */
int	 acks_save(const struct acks *, const char *path, char **cause);
void	 acks_free(struct acks *);

/* The acknowledgement of an item, or NULL. */
const struct ack *acks_find(const struct acks *, const char *pane,
	    const char *key);
/* Whether the item is acknowledged in the state it is in now. */
bool	 acks_holds(const struct acks *, const char *pane, const char *key,
	    const char *sig);
void	 acks_set(struct acks *, const char *pane, const char *key,
	    const char *sig, const char *note, const char *user, double time);
/* 1 if there was one to remove. */
int	 acks_remove(struct acks *, const char *pane, const char *key);

#endif
