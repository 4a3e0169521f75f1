/*
 * testutil.h - helpers shared by relboard's unit tests: fixture loading and
 * running an adapter over fixture answers.
 */
#ifndef RB_TESTUTIL_H
#define RB_TESTUTIL_H

#include "core/adapter.h"

/* Read FIXTURES_DIR/rel into an allocated string (aborts the test if missing). */
char	*fixture(const char *rel, size_t *len);
/* A config parsed from JSON text; the test fails on error. */
void	 config_from(struct config *, const char *json);
/* Fill a response from a fixture file with the given status. */
void	 response_from(struct response *, const char *rel, long status);
void	 response_release(struct response *);

#endif
