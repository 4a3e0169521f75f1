/*
 * testutil.c - fixture loading helpers for relboard's unit tests.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core/util.h"
#include "testutil.h"

char *
fixture(const char *rel, size_t *len)
{
	char *path = xasprintf("%s/%s", FIXTURES_DIR, rel), *cause = NULL, *text;

	text = read_file(path, len, &cause);
	ck_assert_msg(text != NULL, "fixture %s: %s", rel, cause ? cause : "");
	free(path);
	return text;
}

void
config_from(struct config *cfg, const char *json)
{
	char *cause = NULL;

	if (config_parse(cfg, "test.json", json, &cause) != 0)
		ck_abort_msg("config: %s", cause);
}

void
response_from(struct response *r, const char *rel, long status)
{
	memset(r, 0, sizeof *r);
	r->status = status;
	r->body = fixture(rel, &r->len);
}

void
response_release(struct response *r)
{
	free((char *)r->body);
	memset(r, 0, sizeof *r);
}
