/*
 * check_sanitize.c - unit tests of the output sanitizer (core/sanitize.h):
 * every class of unsafe character in both encodings, invalid UTF-8, cuts
 * on character boundaries, secret redaction, JSON that never drops a
 * field, and the paths that use it: response_error, the model's source
 * errors into `status --json`, config errors and stderr lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>

#include "core/adapter.h"
#include "core/config.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/status_json.h"
#include "core/util.h"

/* Sanitize s (as bytes) and compare with want. */
static void
expect(const char *s, size_t len, const char *want)
{
	char	*t = sanitize_ndup(s, len, SIZE_MAX);

	ck_assert_msg(strcmp(t, want) == 0, "sanitized to \"%s\", want \"%s\"",
	    t, want);
	free(t);
}
#define EXPECT(lit, want) expect((lit), sizeof(lit) - 1, (want))

/* Whether s is valid UTF-8 (jansson checks). */
static int
valid_utf8(const char *s)
{
	json_t	*j = json_string(s);

	json_decref(j);
	return j != NULL;
}

START_TEST(controls_both_encodings)
{
	/* C0 and DEL */
	EXPECT("a\x1b[2Jb", "a?[2Jb");
	EXPECT("\t\r\n\x01\x7f", "?????");
	EXPECT("nul\0byte", "nul?byte");
	/* C1 as UTF-8 (one '?' per character) and as raw bytes */
	EXPECT("\xc2\x80\xc2\x9b" "31m\xc2\x9f", "??31m?");
	EXPECT("\x80\x9b" "31m\x9f", "??31m?");
	/* An OSC 52 clipboard write built from C1 alone, both ways. */
	EXPECT("\xc2\x9d" "52;c;ZXZpbA==\xc2\x9c", "?52;c;ZXZpbA==?");
	EXPECT("\x9d" "52;c;ZXZpbA==\x9c", "?52;c;ZXZpbA==?");
	/* The edges of the C1 range are kept: U+007E, U+00A0. */
	EXPECT("~\xc2\xa0", "~\xc2\xa0");
}
END_TEST

START_TEST(bidi_and_format)
{
	/* U+200B..U+200F, U+202A..U+202E, U+2066..U+2069, ALM, BOM, tags */
	EXPECT("\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d\xe2\x80\x8e\xe2\x80\x8f", "?????");
	EXPECT("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae", "?????");
	EXPECT("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "????");
	EXPECT("\xd8\x9c|\xef\xbb\xbf|\xf3\xa0\x81\x81|\xc2\xad", "?|?|?|?");
	EXPECT("\xe2\x80\xa8\xe2\x80\xa9", "??");	/* line/paragraph separators */
	/* "evil.exe" shown as "exe.live" with RLO: the override goes. */
	EXPECT("file\xe2\x80\xae" "exe.txt", "file?exe.txt");
	/* Neighbours stay: U+200A, U+2010, U+2030, U+2070, U+FEFE. */
	EXPECT("\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xb0\xe2\x81\xb0\xef\xbb\xbe",
	    "\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xb0\xe2\x81\xb0\xef\xbb\xbe");
	/* Ordinary text in any script stays as it is. */
	EXPECT("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
}
END_TEST

START_TEST(invalid_utf8)
{
	char	*t;

	/* Each bad byte is one '?'. */
	EXPECT("\xc0\xaf", "??");			/* overlong '/' */
	EXPECT("\xe0\x80\xaf", "???");			/* overlong, 3 bytes */
	EXPECT("\xf0\x80\x80\xaf", "????");		/* overlong, 4 bytes */
	EXPECT("\xed\xa0\x80", "???");			/* surrogate U+D800 */
	EXPECT("\xed\xbf\xbf", "???");			/* surrogate U+DFFF */
	EXPECT("a\xe2\x82", "a??");			/* truncated at the end */
	EXPECT("\xe2\x82" "A", "??A");			/* truncated mid-text */
	EXPECT("\xf0\x9f\x98", "???");			/* truncated 4-byte */
	EXPECT("\xf4\x90\x80\x80", "????");		/* past U+10FFFF */
	EXPECT("\xf5\x80\x80\x80", "????");		/* 0xF5 lead */
	EXPECT("\xf8\xfc\xfe\xff", "????");		/* 0xF8-0xFF */
	EXPECT("\x80\xbf", "??");			/* stray continuations */
	/* A character cut by the length given is invalid, not read past. */
	expect("\xc3\xa9", 1, "?");
	/* Whatever came in, what comes out is valid UTF-8. */
	t = sanitize_dup("\xff\xc3\x28\xe2\x28\xa1\xf0\x28\x8c\xbc ok");
	ck_assert(valid_utf8(t));
	free(t);
	ck_assert_ptr_null(sanitize_dup(NULL));
}
END_TEST

START_TEST(cut_on_boundaries)
{
	/* 'a' (1) + e-acute (2) + a CJK character (3) + an emoji (4) */
	const char	*s = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80";
	static const size_t want[] = { 0, 1, 1, 3, 3, 3, 6, 6, 6, 6, 10, 10 };
	size_t		 max;
	char		*t, *long_text;

	for (max = 0; max < sizeof want / sizeof want[0]; max++) {
		t = sanitize_ndup(s, strlen(s), max);
		ck_assert_msg(strlen(t) == want[max], "max %zu: %zu bytes", max,
		    strlen(t));
		ck_assert(strncmp(t, s, strlen(t)) == 0);
		ck_assert(valid_utf8(t));
		free(t);
	}
	/* A long non-ASCII line cut at 200 bytes is still valid UTF-8. */
	long_text = xmalloc(3 * 150 + 1);
	for (max = 0; max < 150; max++)
		memcpy(long_text + 3 * max, "\xe6\x97\xa5", 3);
	long_text[3 * 150] = '\0';
	t = sanitize_line(long_text, strlen(long_text), 200);
	ck_assert_uint_eq(strlen(t), 198);
	ck_assert(valid_utf8(t));
	free(t);
	free(long_text);
	/* The first line only, trailing blanks dropped. */
	t = sanitize_line("first  \t\nsecond", 15, 200);
	ck_assert_str_eq(t, "first");
	free(t);
	/* In place never grows. */
	t = xstrdup("x\xe2\x80\xaey\x1b");
	sanitize_inplace(t);
	ck_assert_str_eq(t, "x?y?");
	free(t);
}
END_TEST

START_TEST(secrets_redacted)
{
	char	*t;

	ck_assert_uint_eq(sanitize_nsecrets(), 0);
	sanitize_add_secret("tok-3f9a7c1e55");
	sanitize_add_secret("second/secret value");
	sanitize_add_secret("");		/* ignored */
	sanitize_add_secret(NULL);		/* ignored */
	ck_assert_uint_eq(sanitize_nsecrets(), 2);

	t = sanitize_dup("401: bad token tok-3f9a7c1e55, also second/secret value.");
	ck_assert_str_eq(t, "401: bad token [REDACTED], also [REDACTED].");
	free(t);
	t = sanitize_dup("Authorization: Bearer tok-3f9a7c1e55tok-3f9a7c1e55");
	ck_assert_str_eq(t, "Authorization: Bearer [REDACTED][REDACTED]");
	free(t);
	/* URL-encoded, as a server may echo a request line. */
	t = sanitize_dup("GET /x?t=second%2Fsecret%20value");
	ck_assert_str_eq(t, "GET /x?t=[REDACTED]");
	free(t);
	/* A secret next to unsafe characters: both handled. */
	t = sanitize_dup("\x1btok-3f9a7c1e55\xc2\x9b");
	ck_assert_str_eq(t, "?[REDACTED]?");
	free(t);
	/* A cut never leaves part of the marker (nor of the secret). */
	t = sanitize_ndup("abc tok-3f9a7c1e55", 18, 8);
	ck_assert_str_eq(t, "abc ");
	free(t);
	/* The longest matching secret wins. */
	sanitize_add_secret("tok-3f9a");
	t = sanitize_dup("tok-3f9a7c1e55 tok-3f9a");
	ck_assert_str_eq(t, "[REDACTED] [REDACTED]");
	free(t);
	sanitize_remove_secret("tok-3f9a");
	/* In place, a secret shorter than the marker: nothing of it shows. */
	sanitize_add_secret("pw12");
	t = xstrdup("a pw12 b");
	sanitize_inplace(t);
	ck_assert_str_eq(t, "a ");	/* the marker whole or not at all */
	free(t);
	t = xstrdup("\x1bx pw12 yy");
	sanitize_inplace(t);
	ck_assert_str_eq(t, "?x ");
	free(t);
	/* In place, a secret longer than the marker, among multi-byte units. */
	t = xstrdup("a\xc2\x9b" "b tok-3f9a7c1e55 \xc3\xa9\xe2\x80\x8f");
	sanitize_inplace(t);
	ck_assert_str_eq(t, "a?b [REDACTED] \xc3\xa9?");
	free(t);
	sanitize_remove_secret("pw12");
	/* Counted: added twice, removed once, still a secret. */
	sanitize_add_secret("tok-3f9a7c1e55");
	sanitize_remove_secret("tok-3f9a7c1e55");
	t = sanitize_dup("tok-3f9a7c1e55");
	ck_assert_str_eq(t, "[REDACTED]");
	free(t);
	sanitize_remove_secret("tok-3f9a7c1e55");
	t = sanitize_dup("tok-3f9a7c1e55");
	ck_assert_str_eq(t, "tok-3f9a7c1e55");
	free(t);
	sanitize_clear_secrets();
	ck_assert_uint_eq(sanitize_nsecrets(), 0);
}
END_TEST

START_TEST(json_never_drops)
{
	json_t	*j, *o;
	char	*text;

	j = json_text("a\xff" "b\x1b\xc2\x9b");
	ck_assert(json_is_string(j));
	ck_assert_str_eq(json_string_value(j), "a?b??");
	json_decref(j);
	j = json_text(NULL);
	ck_assert(json_is_null(j));
	json_decref(j);

	/* A document holding invalid UTF-8 (built without checks) is cleaned. */
	o = json_pack("{s:[o],s:{s:o}}", "list", json_stringn_nocheck("x\xc3", 2),
	    "obj", "k", json_stringn_nocheck("\xe2\x80\xae" "y", 4));
	sanitize_json(o);
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, "{\"list\":[\"x?\"],\"obj\":{\"k\":\"?y\"}}");
	free(text);
	json_decref(o);
}
END_TEST

/* A 401 whose message carries the token and every kind of trap. */
START_TEST(status_json_source_error)
{
	struct config	 cfg;
	struct model	 m;
	struct response	 r;
	json_t		*doc, *src, *err;
	const char	*e;
	char		*reason, *cause = NULL, *big;
	size_t		 i;

	setenv("RB_TEST_SANITIZE_TOKEN", "user:prod.6b1d0c9e4f", 1);
	ck_assert_int_eq(config_parse(&cfg, "t.json", "{\"sources\":[{\"name\":"
	    "\"flags\",\"kind\":\"unleash\",\"url\":\"http://127.0.0.1:1\","
	    "\"token_env\":\"RB_TEST_SANITIZE_TOKEN\"}]}", &cause), 0);
	ck_assert_uint_eq(sanitize_nsecrets(), 1);

	memset(&r, 0, sizeof r);
	r.status = 401;
	r.body = "{\"message\":\"token user:prod.6b1d0c9e4f rejected "
	    "\\u001b]52;c;ZXZpbA==\\u0007 \\u009b31m \\u202eevil\"}";
	r.len = strlen(r.body);
	reason = response_error(&r);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	model_source_failed(&m, "flags", reason, 10);
	free(reason);

	doc = status_json(&m, &cfg, 1795651200, 11);
	src = json_array_get(json_object_get(doc, "sources"), 0);
	err = json_object_get(src, "error");
	ck_assert(json_is_string(err));
	e = json_string_value(err);
	ck_assert_str_eq(e, "HTTP 401 unauthorized (check the token): token "
	    "[REDACTED] rejected ?]52;c;ZXZpbA==? ?31m ?evil");
	json_decref(doc);

	/* A long non-ASCII reason: cut whole, and the field is still there. */
	big = xmalloc(2 * 300 + 20);
	strcpy(big, "{\"message\":\"");
	for (i = 0; i < 300; i++)
		strcat(big, "\xc3\xa9");
	strcat(big, "\"}");
	r.status = 500;
	r.body = big;
	r.len = strlen(big);
	reason = response_error(&r);
	model_source_failed(&m, "flags", reason, 12);
	free(reason);
	free(big);
	doc = status_json(&m, &cfg, 1795651200, 13);
	src = json_array_get(json_object_get(doc, "sources"), 0);
	err = json_object_get(src, "error");
	ck_assert_msg(json_is_string(err), "error field dropped");
	ck_assert_uint_eq(strlen(json_string_value(err)), strlen("HTTP 500: ") + 200);
	json_decref(doc);

	model_free(&m);
	config_free(&cfg);
	ck_assert_uint_eq(sanitize_nsecrets(), 0);
	unsetenv("RB_TEST_SANITIZE_TOKEN");
}
END_TEST

START_TEST(response_error_raw_body)
{
	struct response	 r;
	char		*e;

	memset(&r, 0, sizeof r);
	r.status = 502;
	r.body = "bad \x9b" "31m gateway\x1b[0m";
	r.len = strlen(r.body);
	e = response_error(&r);
	ck_assert_str_eq(e, "HTTP 502: bad ?31m gateway?[0m");
	free(e);
	r.status = 0;
	r.error = "connect \xc2\x9d" "0;title\xc2\x9c";
	e = response_error(&r);
	ck_assert_str_eq(e, "connect ?0;title?");
	free(e);
}
END_TEST

START_TEST(config_error_escapes)
{
	struct config	 cfg;
	char		*cause = NULL;

	ck_assert_int_eq(config_parse(&cfg, "conf.json",
	    "{\"sources\":[],\"\\u001b]0;pwned\\u0007x\":1}", &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_null(strchr(cause, '\x1b'));
	ck_assert_ptr_null(strchr(cause, '\x07'));
	ck_assert_str_eq(cause, "conf.json: ?]0;pwned?x: unknown key");
	free(cause);
	/* A key with C1 and bidi characters, in a source. */
	ck_assert_int_eq(config_parse(&cfg, "conf.json",
	    "{\"sources\":[{\"name\":\"a\",\"kind\":\"unleash\",\"url\":\"http://x\","
	    "\"\\u009b2J\\u202e\":1}]}", &cause), -1);
	ck_assert_msg(strstr(cause, "sources[0].?2J?: unknown key") != NULL, "%s", cause);
	free(cause);
	/* A file name with an escape in it. */
	ck_assert_int_eq(config_load(&cfg, "/nonexistent/\x1b[2J.json", &cause), -1);
	ck_assert_ptr_null(strchr(cause, '\x1b'));
	ck_assert_msg(strstr(cause, "/nonexistent/?[2J.json") != NULL, "%s", cause);
	free(cause);
}
END_TEST

START_TEST(stderr_lines)
{
	FILE	*f = tmpfile();
	char	 buf[256];
	size_t	 n;

	ck_assert_ptr_nonnull(f);
	sanitize_add_secret("hunter2-token");
	sanitize_fprintf(f, "relboard: failed: %s", "HTTP 500: hunter2-token\n"
	    "\x1b[31mred\xc2\x9b");
	sanitize_remove_secret("hunter2-token");
	rewind(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_str_eq(buf, "relboard: failed: HTTP 500: [REDACTED]??[31mred?\n");
}
END_TEST

static Suite *
sanitize_suite(void)
{
	Suite	*s = suite_create("sanitize");
	TCase	*tc;

	tc = tcase_create("text");
	tcase_add_test(tc, controls_both_encodings);
	tcase_add_test(tc, bidi_and_format);
	tcase_add_test(tc, invalid_utf8);
	tcase_add_test(tc, cut_on_boundaries);
	tcase_add_test(tc, secrets_redacted);
	tcase_add_test(tc, json_never_drops);
	suite_add_tcase(s, tc);
	tc = tcase_create("paths");
	tcase_add_test(tc, status_json_source_error);
	tcase_add_test(tc, response_error_raw_body);
	tcase_add_test(tc, config_error_escapes);
	tcase_add_test(tc, stderr_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(sanitize_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
