/*
 * timearg.c - strict parsing of a time given on the command line: RFC 3339
 * (section 5.6: full-date "T" full-time, a fraction of a second, "Z" or a
 * numeric offset) or Unix seconds as plain digits.  strtod() and
 * strptime() are not used: they take "1e300", "0x10", "inf", leading
 * white space and one-digit fields.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/timearg.h"
#include "core/util.h"

#define TIMEARG_HINT	"expected an RFC 3339 time (2026-11-26T05:00:00Z) " \
			"or Unix seconds"

static int
is_digit(char c)
{
	return (c >= '0' && c <= '9');
}

/* Exactly n digits at *p into *v; moves *p past them. */
static int
digits(const char **p, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((*p)[i]))
			return (-1);
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return (0);
}

/* ".ddd": a fraction of a second (at least one digit); moves *p. */
static int
fraction(const char **p, double *frac)
{
	double	scale = 0.1;
	int	n = 0;

	*frac = 0;
	if (**p != '.')
		return (0);
	(*p)++;
	while (is_digit(**p)) {
		if (n++ < 15) {
			*frac += (**p - '0') * scale;
			scale /= 10;
		}
		(*p)++;
	}
	return (n > 0 ? 0 : -1);
}

static int
leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468);
}

static int
parse_rfc3339(const char *p, double *out, char **cause)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int	Y, M, D, h, m, sec, oh = 0, om = 0, sign = 0, dim;
	double	frac;

	if (digits(&p, 4, &Y) != 0 || *p++ != '-' ||
	    digits(&p, 2, &M) != 0 || *p++ != '-' ||
	    digits(&p, 2, &D) != 0 || (*p != 'T' && *p != 't') ||
	    (p++, digits(&p, 2, &h)) != 0 || *p++ != ':' ||
	    digits(&p, 2, &m) != 0 || *p++ != ':' ||
	    digits(&p, 2, &sec) != 0 || fraction(&p, &frac) != 0)
		goto bad;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p++ == '+' ? 1 : -1;
		if (digits(&p, 2, &oh) != 0 || *p++ != ':' ||
		    digits(&p, 2, &om) != 0)
			goto bad;
	} else
		goto bad;
	if (*p != '\0')
		goto bad;

	if (M < 1 || M > 12) {
		*cause = xasprintf("no month %02d", M);
		return (-1);
	}
	dim = mdays[M - 1] + (M == 2 && leap(Y));
	if (D < 1 || D > dim) {
		*cause = xasprintf("no day %02d in %04d-%02d", D, Y, M);
		return (-1);
	}
	/* 60: a leap second, as RFC 3339 allows. */
	if (h > 23 || m > 59 || sec > 60 || oh > 23 || om > 59) {
		*cause = xstrdup("no such time of day");
		return (-1);
	}
	*out = (double)(days_from_civil(Y, M, D) * 86400 + h * 3600 +
	    m * 60 + sec - sign * (oh * 3600 + om * 60)) + frac;
	return (0);

bad:
	*cause = xstrdup(TIMEARG_HINT);
	return (-1);
}

int
timearg_parse(const char *s, double *out, char **cause)
{
	const char	*p;
	double		 v = 0, frac;
	size_t		 n;

	*cause = NULL;
	if (s == NULL || *s == '\0') {
		*cause = xstrdup("empty: " TIMEARG_HINT);
		return (-1);
	}
	for (p = s, n = 0; is_digit(*p); p++, n++)
		;
	if (n > 0 && (*p == '\0' || *p == '.')) {
		/* Unix seconds (past 15 digits only the size matters). */
		for (p = s, n = 0; is_digit(*p); p++) {
			if (v > 0 || *p != '0')
				n++;
			if (n <= 15)
				v = v * 10 + (*p - '0');
		}
		if (fraction(&p, &frac) != 0 || *p != '\0') {
			*cause = xstrdup(TIMEARG_HINT);
			return (-1);
		}
		v = n > 15 ? TIMEARG_MAX + 1 : v + frac;
	} else if (n == 4 && *p == '-') {
		if (parse_rfc3339(s, &v, cause) != 0)
			return (-1);
	} else {
		*cause = xstrdup(TIMEARG_HINT);
		return (-1);
	}
	if (!(v > 0) || v > TIMEARG_MAX) {
		*cause = xstrdup("out of range: the time must be after "
		    "1970-01-01T00:00:00Z and before the year 10000");
		return (-1);
	}
	*out = v;
	return (0);
}
