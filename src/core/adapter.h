/*
 * adapter.h - the adapter table.  An adapter turns one kind of service into
 * model items without doing any I/O itself: plan() describes the requests a
 * poll needs, parse() turns their response bodies into a model_part.  The
 * poller sends the requests through net/ and hands back the answers, so
 * adapters are tested on fixture files alone.  Adding a service kind is
 * adding one file and one row in adapters.c.
 */
#ifndef RB_ADAPTER_H
#define RB_ADAPTER_H

#include <stddef.h>

#include "core/config.h"
#include "core/model.h"

#define RB_MAX_REQUESTS 8

/* One HTTP request of a poll; the poller adds the base URL and credentials. */
struct request_desc {
	char		*method;	/* "GET", "POST", "PATCH" */
	char		*path;		/* path and query, already escaped */
	char		*body;		/* JSON body or NULL */
	char		*content_type;	/* for body, NULL = application/json */
};

/* The answer to one request. */
struct response {
	long		 status;	/* HTTP status; 0 when no answer arrived */
	const char	*body;
	size_t		 len;
	const char	*error;		/* transport error text when status is 0 */
};

struct poll_ctx {
	const struct source_cfg *src;
	const struct config *cfg;
	double		 at;		/* evaluation time (unix s) or 0 for now */
};

struct adapter_entry {
	const char	*name;		/* the config's "kind" */
	const char	*auth_scheme;	/* "" = raw token, "Bearer " ... */
	/* Fill reqs (at most RB_MAX_REQUESTS); return how many. */
	size_t		(*plan)(const struct poll_ctx *, struct request_desc *reqs);
	/*
	 * Parse the answers to plan()'s requests (same order) into part.
	 * Return 0, or -1 with *cause a one-line reason.
	 */
	int		(*parse)(const struct poll_ctx *, const struct response *resp,
			    size_t n, struct model_part *part, char **cause);
};

extern const struct adapter_entry *adapter_table[];

const struct adapter_entry *adapter_find(const char *kind);
void	request_desc_free(struct request_desc *);
/* A one-line reason for a non-2xx answer, from the body where it says one. */
char	*response_error(const struct response *);
/* Percent-encode s for a URL query value. */
char	*url_escape(const char *s);

#endif
