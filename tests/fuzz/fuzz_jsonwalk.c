/*
 * fuzz_jsonwalk.c - reading an answer one element at a time (jsonwalk.c)
 * against jansson reading it whole (json_loadb with the flags the adapters
 * use): the walk takes exactly what jansson takes, hands over the same
 * elements of "features" in the same order, keeps the same other members,
 * and refuses what jansson refuses in jansson's own words.  A walk stopped
 * by its callback returns the callback's value and keeps nothing.
 */
#include <string.h>

#include <jansson.h>

#include "core/jsonwalk.h"
#include "fuzz.h"

/* The elements jansson saw; each walked one is compared as it comes. */
struct got {
	json_t	*want;
	size_t	 n, stop_at;
	int	 differ;
};

static int
take(json_t *e, void *arg)
{
	struct got *g = arg;

	if (!json_equal(e, json_array_get(g->want, g->n)))
		g->differ = 1;
	return ++g->n == g->stop_at ? 7 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*buf = (const char *)data;
	struct got	 g;
	json_error_t	 jerr, werr;
	json_t		*whole, *rest = NULL, *arr, *others;
	int		 rc, found, want_found;

	whole = json_loadb(buf, size, 0, &jerr);
	arr = json_object_get(whole, "features");
	want_found = json_is_object(whole) && json_is_array(arr);
	memset(&g, 0, sizeof g);
	g.want = arr;
	rc = jsonwalk_array(buf, size, "features", take, &g, &rest, &found,
	    &werr);
	if (whole == NULL) {
		if (rc != -1)
			fuzz_fail("walk took what jansson refused (%s)", jerr.text);
		if (strcmp(werr.text, jerr.text) != 0 ||
		    werr.position != jerr.position || werr.line != jerr.line)
			fuzz_fail("walk refused with \"%s\" at %d, jansson with "
			    "\"%s\" at %d", werr.text, werr.position, jerr.text,
			    jerr.position);
		if (rest != NULL || found)
			fuzz_fail("a refused walk left members or found");
		return 0;
	}
	if (rc != 0)
		fuzz_fail("walk refused what jansson took: %s", werr.text);
	if (found != want_found)
		fuzz_fail("found %d, not %d", found, want_found);
	if (found && (g.differ || g.n != json_array_size(arr)))
		fuzz_fail("elements differ");
	if (!found && g.n != 0)
		fuzz_fail("elements handed over with no features list");
	if (json_is_object(whole)) {
		others = json_copy(whole);
		json_object_del(others, "features");
		if (!json_equal(others, rest))
			fuzz_fail("other members differ");
		json_decref(others);
	} else if (rest != NULL)
		fuzz_fail("members of what is not an object");
	json_decref(rest);

	/* Stopped at its first element, the walk keeps nothing. */
	if (found && json_array_size(arr) > 0) {
		memset(&g, 0, sizeof g);
		g.want = arr;
		g.stop_at = 1;
		rest = NULL;
		rc = jsonwalk_array(buf, size, "features", take, &g, &rest,
		    &found, NULL);
		if (rc != 7 || g.n != 1 || g.differ || rest != NULL)
			fuzz_fail("a stopped walk returned %d after %zu", rc, g.n);
	}
	json_decref(whole);
	return 0;
}
