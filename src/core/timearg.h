/*
 * timearg.h - a point in time given on the command line (`status --at`):
 * an RFC 3339 time or plain Unix seconds, and nothing else.
 */
#ifndef RB_TIMEARG_H
#define RB_TIMEARG_H

/* The latest time accepted: 9999-12-31T23:59:59Z. */
#define TIMEARG_MAX	253402300799.0

/*
 * Parse `s` as an RFC 3339 time ("2026-11-26T05:00:00Z",
 * "2026-11-26T06:00:00.5+01:00") or Unix seconds (digits with an optional
 * fraction, "1795496400", "1795496400.25") into seconds since the epoch.
 * The time must lie after 1970-01-01T00:00:00Z and not after TIMEARG_MAX.
 * Anything else (signs, exponents, hex, inf, nan, white space, trailing
 * characters, impossible dates) is refused.  Returns 0, or -1 with *cause
 * set to an allocated one-line reason that does not repeat `s`.
 */
int	timearg_parse(const char *s, double *out, char **cause);

#endif
