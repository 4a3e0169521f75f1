/*
 * health_format.c - text for the Health pane's canary comparison and
 * trend direction.  Signs are always shown, so "+" reads as "the canary
 * is worse" without looking at the heading.
 */
#include <math.h>
#include <stdio.h>

#include "ui/health_format.h"

void
fmt_delta_ratio(char *buf, size_t len, double delta)
{
	double	pp = delta * 100;

	if (isnan(delta))
		snprintf(buf, len, "-");
	else if (isinf(delta))
		snprintf(buf, len, "%sinf", delta > 0 ? "+" : "-");
	else if (fabs(pp) < 0.05)
		snprintf(buf, len, "0pp");
	else if (fabs(pp) < 9.95)
		snprintf(buf, len, "%+.1fpp", pp);
	else
		snprintf(buf, len, "%+.0fpp", pp);
}

void
fmt_delta_latency(char *buf, size_t len, double s)
{
	double	ms = s * 1000;

	if (isnan(s))
		snprintf(buf, len, "-");
	else if (isinf(s))
		snprintf(buf, len, "%sinf", s > 0 ? "+" : "-");
	else if (fabs(ms) < 0.5)
		snprintf(buf, len, "0ms");
	else if (fabs(ms) < 999.5)
		snprintf(buf, len, "%+.0fms", ms);
	else if (fabs(s) < 99.95)
		snprintf(buf, len, "%+.1fs", s);
	else
		snprintf(buf, len, "%+.0fs", s);
}

const char *
glyph_trend(enum trend_dir d, int utf8)
{
	switch (d) {
	case TREND_UP:
		return utf8 ? "\xe2\x86\x91" : "^";	/* upwards arrow */
	case TREND_DOWN:
		return utf8 ? "\xe2\x86\x93" : "v";	/* downwards arrow */
	default:
		return " ";
	}
}

const char *
trend_name(enum trend_dir d)
{
	switch (d) {
	case TREND_UP:
		return "rising";
	case TREND_DOWN:
		return "falling";
	case TREND_FLAT:
		return "steady";
	default:
		return "too little data";
	}
}
