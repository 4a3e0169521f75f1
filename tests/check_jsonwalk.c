/*
 * check_jsonwalk.c - the element-at-a-time reader (core/jsonwalk.c) on
 * valid and invalid texts, each held to jansson's reading of the whole
 * text, and the unleash adapter, which reads its listings with it, giving
 * the same model of fixed polls as when it read each answer whole
 * (tests/unleash_dump.c, tests/fixtures/unleash-poll/models.txt).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/jsonwalk.h"
#include "core/util.h"
#include "testutil.h"
#include "unleash_dump.h"

/* What a walk gave: its elements (kept), members, result. */
struct walked {
	json_t		*elems;
	json_t		*rest;
	int		 rc, found;
	json_error_t	 err;
	size_t		 stop_at;	/* stop after this many; 0 never */
};

static int
keep(json_t *e, void *arg)
{
	struct walked *w = arg;

	json_array_append(w->elems, e);
	return json_array_size(w->elems) == w->stop_at ? 5 : 0;
}

static void
walk_n(struct walked *w, const char *text, size_t len, const char *key)
{
	w->elems = json_array();
	w->rest = NULL;
	memset(&w->err, 0, sizeof w->err);
	w->rc = jsonwalk_array(text, len, key, keep, w, &w->rest, &w->found,
	    &w->err);
}

static void
walk(struct walked *w, const char *text)
{
	memset(w, 0, sizeof *w);
	walk_n(w, text, strlen(text), "features");
}

static void
walked_free(struct walked *w)
{
	json_decref(w->elems);
	json_decref(w->rest);
}

/* Does the walk of text read it as jansson reads it whole? */
static void
same_as_jansson(const char *text, size_t len, const char *key)
{
	struct walked	 w;
	json_error_t	 jerr;
	json_t		*whole, *arr, *others;

	memset(&w, 0, sizeof w);
	whole = json_loadb(text, len, 0, &jerr);
	walk_n(&w, text, len, key);
	if (whole == NULL) {
		ck_assert_msg(w.rc == -1, "walk took %.60s", text);
		ck_assert_str_eq(w.err.text, jerr.text);
		ck_assert_int_eq(w.err.position, jerr.position);
		ck_assert_int_eq(w.err.line, jerr.line);
		ck_assert_int_eq(w.err.column, jerr.column);
		ck_assert_ptr_null(w.rest);
		ck_assert_int_eq(w.found, 0);
		walked_free(&w);
		return;
	}
	ck_assert_msg(w.rc == 0, "walk refused %.60s: %s", text, w.err.text);
	arr = json_object_get(whole, key);
	ck_assert_int_eq(w.found, json_is_object(whole) && json_is_array(arr));
	if (w.found)
		ck_assert(json_equal(w.elems, arr));
	else
		ck_assert_uint_eq(json_array_size(w.elems), 0);
	if (json_is_object(whole)) {
		others = json_copy(whole);
		json_object_del(others, key);
		ck_assert(json_equal(others, w.rest));
		json_decref(others);
	} else
		ck_assert_ptr_null(w.rest);
	json_decref(whole);
	walked_free(&w);
}

static void
same(const char *text)
{
	same_as_jansson(text, strlen(text), "features");
}

START_TEST(walk_valid)
{
	struct walked	 w;
	json_t		*want;

	walk(&w, " {\"version\": 2, \"features\" : [ {\"name\":\"a\"} ,\n"
	    "{\"name\":\"b\",\"x\":[1,{\"y\":[]}]}, 3, \"s\", null, [] ],"
	    "\"query\":{\"project\":[\"default\"]}}\r\n");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 1);
	want = json_loads("[{\"name\":\"a\"},{\"name\":\"b\",\"x\":[1,{\"y\":[]}]},"
	    "3,\"s\",null,[]]", 0, NULL);
	ck_assert(json_equal(w.elems, want));
	json_decref(want);
	want = json_loads("{\"version\":2,\"query\":{\"project\":[\"default\"]}}",
	    0, NULL);
	ck_assert(json_equal(w.rest, want));
	json_decref(want);
	walked_free(&w);

	/* An empty list, and an empty object. */
	walk(&w, "{\"features\":[]}");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 1);
	ck_assert_uint_eq(json_array_size(w.elems), 0);
	ck_assert_uint_eq(json_object_size(w.rest), 0);
	walked_free(&w);
	walk(&w, "{}");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 0);
	ck_assert_uint_eq(json_object_size(w.rest), 0);
	walked_free(&w);

	/* No rest asked for. */
	ck_assert_int_eq(jsonwalk_array("{\"features\":[1],\"a\":2}",
	    strlen("{\"features\":[1],\"a\":2}"), "features", NULL, NULL,
	    NULL, &w.found, NULL), 0);
	ck_assert_int_eq(w.found, 1);
}
END_TEST

/* Quotes, backslashes and brackets inside strings are not structure. */
START_TEST(walk_strings)
{
	struct walked	 w;
	json_t		*want;
	const char	*text = "{\"fe\\\"a]\":\"}\\\\\",\"features\":[\"a\\\"],[\","
	    "\"b\\\\\",\"c\\\\\\\"]\",{\"k\\\\\":\"\\u005d\"},\"\\\\\\\\\"],"
	    "\"x\\\\\":\"{[\"}";

	walk(&w, text);
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 1);
	ck_assert_uint_eq(json_array_size(w.elems), 5);
	ck_assert_str_eq(json_string_value(json_array_get(w.elems, 0)), "a\"],[");
	ck_assert_str_eq(json_string_value(json_array_get(w.elems, 1)), "b\\");
	ck_assert_str_eq(json_string_value(json_array_get(w.elems, 2)), "c\\\"]");
	ck_assert_str_eq(json_string_value(json_object_get(
	    json_array_get(w.elems, 3), "k\\")), "]");
	ck_assert_str_eq(json_string_value(json_array_get(w.elems, 4)), "\\\\");
	want = json_loads("{\"fe\\\"a]\":\"}\\\\\",\"x\\\\\":\"{[\"}", 0, NULL);
	ck_assert(json_equal(w.rest, want));
	json_decref(want);
	walked_free(&w);
	same(text);
	/* The key written with an escape is the key. */
	walk(&w, "{\"feat\\u0075res\":[1,2]}");
	ck_assert_int_eq(w.found, 1);
	ck_assert_uint_eq(json_array_size(w.elems), 2);
	walked_free(&w);
	same("[\"a\\\\\",\"]\\\"\"]");
}
END_TEST

START_TEST(walk_other_shapes)
{
	struct walked w;

	/* The key absent: no elements, every member kept. */
	walk(&w, "{\"version\":2,\"items\":[1,2]}");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 0);
	ck_assert_uint_eq(json_array_size(w.elems), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(w.rest, "version")), 2);
	ck_assert_uint_eq(json_array_size(json_object_get(w.rest, "items")), 2);
	walked_free(&w);

	/* The key not an array: not found, and not among the members. */
	walk(&w, "{\"features\":{\"a\":[1]},\"b\":1}");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 0);
	ck_assert_ptr_null(json_object_get(w.rest, "features"));
	ck_assert_uint_eq(json_object_size(w.rest), 1);
	walked_free(&w);

	/* Not an object: an array is checked, but has no members. */
	walk(&w, "[{\"features\":[1]},2]");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 0);
	ck_assert_ptr_null(w.rest);
	walked_free(&w);

	same("{\"features\":null}");
	same("{\"features\":\"[1]\"}");
	same("{\"a\":{\"features\":[1]}}");
	same("[]");
	same(" [ 1 , [2], {\"a\":3} ] ");
}
END_TEST

/* A key given twice: the last counts, as in jansson; each is checked. */
START_TEST(walk_duplicate_key)
{
	struct walked w;

	walk(&w, "{\"features\":[1,2],\"a\":1,\"features\":[3],\"a\":2}");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 1);
	ck_assert_uint_eq(json_array_size(w.elems), 1);
	ck_assert_int_eq(json_integer_value(json_array_get(w.elems, 0)), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(w.rest, "a")), 2);
	walked_free(&w);

	walk(&w, "{\"features\":[1,2],\"features\":null}");
	ck_assert_int_eq(w.rc, 0);
	ck_assert_int_eq(w.found, 0);
	ck_assert_uint_eq(json_array_size(w.elems), 0);
	walked_free(&w);

	walk(&w, "{\"features\":7,\"features\":[4]}");
	ck_assert_int_eq(w.found, 1);
	ck_assert_uint_eq(json_array_size(w.elems), 1);
	walked_free(&w);

	/* A wrong element in the list that does not count is still wrong. */
	walk(&w, "{\"features\":[1,tru],\"features\":[4]}");
	ck_assert_int_eq(w.rc, -1);
	ck_assert_uint_eq(json_array_size(w.elems), 0);
	walked_free(&w);
	same("{\"features\":[1,tru],\"features\":[4]}");
	same("{\"features\":[1],\"features\":[nul]}");
	same("{\"features\":{,},\"features\":[4]}");
	same("{\"features\":[1],\"features\":[2],\"features\":[3]}");
}
END_TEST

#define NUL_IN_STRING	"{\"features\":[\"a\0\"]}"
#define NUL_AFTER	"{\"features\":[1]}\0"
#define NUL_ELEMENT	"{\"features\":[1,\0]}"

START_TEST(walk_invalid)
{
	static const char *const bad[] = {
		"", "   ", "x", "\"features\"", "1", "null",
		"{", "{\"features\"", "{\"features\":", "{\"features\":[",
		"{\"features\":[1", "{\"features\":[1,", "{\"features\":[1]",
		"{\"features\":[1]}x", "{\"features\":[1]} {}",
		"{\"features\":[1]}]", "[1]]", "[1] [2]",
		"{\"features\":[\"a]}", "{\"features\":[\"a\\\"]}",
		"{\"features\":[1,]}", "{\"features\":[,1]}",
		"{\"features\":[1 2]}", "{\"features\":[1}", "{\"features\":[[1}]}",
		"{\"features\":[{]}", "{\"features\":[{\"a\"}]}",
		"{\"features\":[tru]}", "{\"features\":[01]}",
		"{\"features\":[1\"a\"]}", "{\"features\":[1[2]]}",
		"{\"features\":[\"\\x\"]}", "{\"features\":[\"\x01\"]}",
		"{\"features\":[\"\\u0000\"]}", "{\"features\":[\"\xff\"]}",
		"{\"features\":[1],}", "{,\"features\":[1]}", "{\"a\" 1}",
		"{\"a\":1 \"b\":2}", "{\"a\"::1}", "{1:2}", "{\"a\":}",
		"{\"a\":1,\"features\":[1]:2}", "{\"\\u0000\":1}",
		"{\"features\":[1]}\xff", "\xef\xbb\xbf{\"features\":[]}",
		"{\"features\":[{\"a\":1,\"a\":tru}]}",
	};
	struct walked	 w;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		walk(&w, bad[i]);
		ck_assert_msg(w.rc == -1, "took \"%s\"", bad[i]);
		ck_assert_ptr_null(w.rest);
		ck_assert_int_eq(w.found, 0);
		walked_free(&w);
		same(bad[i]);
	}
	/* A NUL byte, inside a string and outside. */
	same_as_jansson(NUL_IN_STRING, sizeof NUL_IN_STRING - 1, "features");
	same_as_jansson(NUL_AFTER, sizeof NUL_AFTER - 1, "features");
	same_as_jansson(NUL_ELEMENT, sizeof NUL_ELEMENT - 1, "features");

	/* Elements before a wrong one have been handed over. */
	walk(&w, "{\"features\":[1,2,{x}]}");
	ck_assert_int_eq(w.rc, -1);
	ck_assert_uint_eq(json_array_size(w.elems), 2);
	ck_assert_str_eq(w.err.text, "string or '}' expected near 'x'");
	walked_free(&w);
	/* ... but none when what follows the list is wrong. */
	walk(&w, "{\"features\":[1,2],\"a\":[}");
	ck_assert_int_eq(w.rc, -1);
	ck_assert_uint_eq(json_array_size(w.elems), 0);
	walked_free(&w);
	walk(&w, "{\"features\":[1,2]");
	ck_assert_int_eq(w.rc, -1);
	ck_assert_uint_eq(json_array_size(w.elems), 0);
	ck_assert_str_eq(w.err.text, "'}' expected near end of file");
	walked_free(&w);
}
END_TEST

/* A truncated listing is refused, as jansson refuses it, at every length. */
START_TEST(walk_truncated)
{
	char	*text;
	size_t	 len, n;

	text = fixture("unleash-poll/client-production.json", &len);
	same_as_jansson(text, len, "features");
	for (n = 0; n < len; n += n < 200 ? 1 : 37)
		same_as_jansson(text, n, "features");
	free(text);
}
END_TEST

/* The callback stops the walk: its value comes back, no members. */
#define STOPPED "{\"a\":1,\"features\":[1,2,3]}"

START_TEST(walk_stopped)
{
	struct walked w;

	memset(&w, 0, sizeof w);
	w.stop_at = 2;
	walk_n(&w, STOPPED, strlen(STOPPED), "features");
	ck_assert_int_eq(w.rc, 5);
	ck_assert_int_eq(w.found, 1);
	ck_assert_uint_eq(json_array_size(w.elems), 2);
	ck_assert_ptr_null(w.rest);
	walked_free(&w);
}
END_TEST

/* "{"key": [ [ ... [1] ... ] ]}": n brackets in the element; more ahead. */
static char *
nested(const char *head, size_t n, const char *inner, const char *tail)
{
	size_t	 h = strlen(head), i = strlen(inner), t = strlen(tail);
	char	*s = xmalloc(h + 2 * n + i + t + 1);

	memcpy(s, head, h);
	memset(s + h, '[', n);
	memcpy(s + h + n, inner, i);
	memset(s + h + n + i, ']', n);
	memcpy(s + h + 2 * n + i, tail, t + 1);
	return s;
}

/*
 * jansson refuses more than JSON_PARSER_MAX_DEPTH levels, counted in the
 * whole text (scalars count too): the walk, which parses an element
 * alone, refuses exactly as much.
 */
START_TEST(walk_depth)
{
	static const struct {
		const char *head, *inner, *tail;
		size_t	 around;	/* the deepest jansson takes */
	} shapes[] = {
		{ "{\"features\":[", "1", "]}", JSON_PARSER_MAX_DEPTH - 3 },
		{ "{\"features\":[", "", "]}", JSON_PARSER_MAX_DEPTH - 2 },
		{ "{\"features\":[2,", "{\"a\":1}", "]}", JSON_PARSER_MAX_DEPTH - 4 },
		{ "{\"a\":", "1", ",\"features\":[]}", JSON_PARSER_MAX_DEPTH - 2 },
		{ "{\"features\":", "1", "}", JSON_PARSER_MAX_DEPTH - 2 },
		{ "{\"features\":", "", "}", JSON_PARSER_MAX_DEPTH - 1 },
		{ "[", "1", "]", JSON_PARSER_MAX_DEPTH - 2 },
		{ "{\"features\":[],\"features\":[", "1", "]}",
		    JSON_PARSER_MAX_DEPTH - 3 },
	};
	struct walked	 w;
	char		*s;
	size_t		 i, n;

	for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		for (n = shapes[i].around - 2; n <= shapes[i].around + 2; n++) {
			s = nested(shapes[i].head, n, shapes[i].inner,
			    shapes[i].tail);
			same(s);
			walk(&w, s);
			ck_assert_msg((w.rc == 0) == (n <= shapes[i].around),
			    "shape %zu, %zu deep: %d", i, n, w.rc);
			walked_free(&w);
			free(s);
		}
	}
	/* Far deeper than jansson takes: refused without recursing. */
	s = nested("{\"features\":[", 1000000, "", "]}");
	same(s);
	free(s);
}
END_TEST

/* The unleash adapter reads fixed polls as it did reading answers whole. */
START_TEST(unleash_same_model)
{
	char	*got, *want;
	size_t	 len;

	got = unleash_dump_all();
	want = fixture("unleash-poll/models.txt", &len);
	ck_assert_uint_eq(strlen(got), len);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("jsonwalk");
	TCase	*tc = tcase_create("jsonwalk");
	SRunner	*sr;
	int	 failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, walk_valid);
	tcase_add_test(tc, walk_strings);
	tcase_add_test(tc, walk_other_shapes);
	tcase_add_test(tc, walk_duplicate_key);
	tcase_add_test(tc, walk_invalid);
	tcase_add_test(tc, walk_truncated);
	tcase_add_test(tc, walk_stopped);
	tcase_add_test(tc, walk_depth);
	tcase_add_test(tc, unleash_same_model);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
