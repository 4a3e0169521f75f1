/*
 * check_timearg.c - `status --at`'s time parser: RFC 3339 and plain Unix
 * seconds are taken; numbers strtod() would take (exponents, hex, inf,
 * nan, signs), impossible dates, out-of-range times, empty values and
 * trailing characters are refused with a reason.
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core/timearg.h"

/* 2026-11-26T05:00:00Z */
#define T0	1795669200.0

static double
ok(const char *s)
{
	double	 v = -1;
	char	*cause = NULL;

	ck_assert_msg(timearg_parse(s, &v, &cause) == 0, "\"%s\": %s", s,
	    cause);
	ck_assert_ptr_null(cause);
	return (v);
}

/* Refused, with a one-line reason that says `want`. */
static void
bad(const char *s, const char *want)
{
	double	 v = 42;
	char	*cause = NULL;

	ck_assert_msg(timearg_parse(s, &v, &cause) == -1, "\"%s\" taken as "
	    "%f", s, v);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "\"%s\": \"%s\" lacks "
	    "\"%s\"", s, cause, want);
	ck_assert_ptr_null(strchr(cause, '\n'));
	ck_assert_double_eq(v, 42);	/* untouched */
	free(cause);
}

START_TEST(unix_seconds)
{
	ck_assert_double_eq(ok("1795669200"), T0);
	ck_assert_double_eq(ok("1795669200.25"), T0 + 0.25);
	ck_assert_double_eq(ok("0001795669200"), T0);
	ck_assert_double_eq(ok("1"), 1);
	ck_assert_double_eq(ok("0.5"), 0.5);
	ck_assert_double_eq(ok("253402300799"), TIMEARG_MAX);
}
END_TEST

START_TEST(rfc3339)
{
	ck_assert_double_eq(ok("2026-11-26T05:00:00Z"), T0);
	ck_assert_double_eq(ok("2026-11-26t05:00:00z"), T0);
	ck_assert_double_eq(ok("2026-11-26T05:00:00.5Z"), T0 + 0.5);
	ck_assert_double_eq(ok("2026-11-26T06:00:00+01:00"), T0);
	ck_assert_double_eq(ok("2026-11-26T00:30:00-04:30"), T0);
	ck_assert_double_eq(ok("2026-11-26T05:00:00.000+00:00"), T0);
	ck_assert_double_eq(ok("2026-11-26T05:00:00-00:00"), T0);
	ck_assert_double_eq(ok("1970-01-01T00:00:01Z"), 1);
	ck_assert_double_eq(ok("2000-01-01T00:00:00Z"), 946684800);
	ck_assert_double_eq(ok("2024-02-29T12:00:00Z"), 1709208000);
	ck_assert_double_eq(ok("2000-02-29T00:00:00Z"), 951782400);
	ck_assert_double_eq(ok("9999-12-31T23:59:59Z"), TIMEARG_MAX);
	/* A leap second is a second later than :59. */
	ck_assert_double_eq(ok("2016-12-31T23:59:60Z"), 1483228800);
}
END_TEST

START_TEST(numbers_strtod_would_take)
{
	static const char *const s[] = {
		"1e300", "1e9", "1E9", "0x10", "0X1p4", "inf", "INF",
		"infinity", "nan", "NAN(1)", "-1", "+1795669200", "-0",
		" 1795669200", "1795669200 ", "\t1", "1795669200\n", "1,5",
		"1795669200.", ".5", "1.2.3", "1795669200s", "1_000",
		"12:00", "today", "now", "\xc2\xb9",
	};
	size_t	i;

	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		bad(s[i], "expected an RFC 3339 time (2026-11-26T05:00:00Z) or "
		    "Unix seconds");
}
END_TEST

START_TEST(out_of_range)
{
	bad("0", "out of range");
	bad("0.0", "out of range");
	bad("253402300800", "out of range");
	bad("999999999999", "out of range");
	bad("1000000000000", "out of range");
	bad("99999999999999999999999999999999999999", "out of range");
	bad("1970-01-01T00:00:00Z", "out of range");
	bad("1969-12-31T23:59:59Z", "out of range");
	bad("0000-01-01T00:00:00Z", "out of range");
	bad("9999-12-31T23:59:59-01:00", "out of range");
}
END_TEST

START_TEST(not_rfc3339)
{
	static const char *const s[] = {
		"2026-11-26", "2026-11-26T05:00:00", "2026-11-26T05:00Z",
		"2026-11-26 05:00:00Z", "2026-11-26T5:00:00Z",
		"2026-1-26T05:00:00Z", "26-11-26T05:00:00Z",
		"2026-11-26T05:00:00.Z", "2026-11-26T05:00:00+0100",
		"2026-11-26T05:00:00+01", "2026-11-26T05:00:00+1:00",
		"2026-11-26T05:00:00ZZ", "2026-11-26T05:00:00Z ",
		"2026-11-26T05:00:00Zjunk", "2026-11-26T05:00:00+01:00x",
		"2026/11/26T05:00:00Z", "2026-11-26T05-00-00Z",
		"20261126T050000Z", "-2026-11-26T05:00:00Z",
	};
	size_t	i;

	for (i = 0; i < sizeof s / sizeof s[0]; i++)
		bad(s[i], "expected an RFC 3339 time");
}
END_TEST

START_TEST(impossible_dates)
{
	bad("2026-13-01T00:00:00Z", "no month 13");
	bad("2026-00-01T00:00:00Z", "no month 00");
	bad("2026-02-29T00:00:00Z", "no day 29 in 2026-02");
	bad("1900-02-29T00:00:00Z", "no day 29 in 1900-02");
	bad("2026-04-31T00:00:00Z", "no day 31 in 2026-04");
	bad("2026-11-00T00:00:00Z", "no day 00");
	bad("2026-11-26T24:00:00Z", "no such time of day");
	bad("2026-11-26T05:60:00Z", "no such time of day");
	bad("2026-11-26T05:00:61Z", "no such time of day");
	bad("2026-11-26T05:00:00+24:00", "no such time of day");
	bad("2026-11-26T05:00:00+01:60", "no such time of day");
}
END_TEST

START_TEST(empty)
{
	bad("", "empty");
	bad(NULL, "empty");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("timearg");
	TCase	*tc = tcase_create("parse");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, unix_seconds);
	tcase_add_test(tc, rfc3339);
	tcase_add_test(tc, numbers_strtod_would_take);
	tcase_add_test(tc, out_of_range);
	tcase_add_test(tc, not_rfc3339);
	tcase_add_test(tc, impossible_dates);
	tcase_add_test(tc, empty);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
