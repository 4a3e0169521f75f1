/*
 * notify_body.h - what a webhook announcement says: a pure function from
 * an event (who changed what, where, from what to what, why, and how it
 * turned out) to the JSON body relboard POSTs.  The body holds a one-line,
 * Slack-compatible "text" and the same facts as structured fields.
 */
#ifndef RB_NOTIFY_BODY_H
#define RB_NOTIFY_BODY_H

#include <jansson.h>

#include "core/config.h"

/* One change to announce; every string may be NULL (unknown). */
struct notify_event {
	enum notify_kind kind;
	double		 time;		/* Unix seconds */
	const char	*user;		/* login name */
	const char	*host;		/* this host's name */
	const char	*ssh_origin;	/* the SSH client's address, or NULL */
	const char	*source;	/* the configured source's name */
	const char	*subject;	/* the flag, rollout (NS/NAME) or plan flag */
	const char	*plan;		/* NOTIFY_PLAN: the plan's name */
	const char	*action;	/* "stage", "kill", "promote", ... */
	const char	*environment;
	const char	*before, *after;	/* "canary (5%)" */
	const char	*reason;
	const char	*result;	/* "done", "refused", "failed", "unknown" */
	const char	*message;	/* the outcome's own line, or NULL */
};

/* The kind's word: "flag", "rollout" or "plan". */
const char *notify_body_kind(enum notify_kind);
/* The one-line text (allocated). */
char	*notify_body_text(const struct notify_event *);
/* The whole body, every string made safe (core/sanitize.h). */
json_t	*notify_body(const struct notify_event *);

#endif
