/*
 * format.c - curses-free text helpers: fitting untrusted text into a
 * number of cells with an ellipsis (through the core output sanitizer),
 * number/age formatting, bars and glyphs.  Unit-tested by tests/check_ui.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "core/sanitize.h"
#include "ui/format.h"

#define ELLIPSIS_UTF8	"\xe2\x80\xa6"	/* U+2026 */

/*
 * Next displayable unit of s (before end): its bytes (*p, *n) and cells.
 * What core/sanitize.h does not let through becomes "?", a secret
 * "[REDACTED]" (whole or not at all); a safe non-ASCII character is drawn
 * only on a UTF-8 terminal and when it takes cells, else it is "?" too.
 * text_width, text_cut and text_fit all step with this, so they agree.
 */
static int
next_char(const char **sp, const char *end, const char **p, size_t *n, int utf8)
{
	const char		*s = *sp;
	enum sanitize_kind	 kind;
	long			 c;
	size_t			 len;
	int			 w;

	len = sanitize_step(s, end, &kind, &c);
	*sp += len;
	switch (kind) {
	case SANITIZE_ASCII:
		*p = s;
		*n = 1;
		return 1;
	case SANITIZE_CHAR:
		if (utf8 && (w = wcwidth((wchar_t)c)) > 0) {
			*p = s;
			*n = len;
			return w;
		}
		break;
	case SANITIZE_SECRET:
		*p = SANITIZE_REDACTED;
		*n = sizeof SANITIZE_REDACTED - 1;
		return (int)*n;
	case SANITIZE_BAD:
		break;
	}
	*p = "?";
	*n = 1;
	return 1;
}

int
text_width(const char *s, int utf8)
{
	const char	*p, *end;
	size_t		 n;
	int		 w = 0;

	if (s == NULL)
		return 0;
	end = s + strlen(s);
	while (s < end)
		w += next_char(&s, end, &p, &n, utf8);
	return w;
}

size_t
text_cut(const char *s, int width, int utf8)
{
	const char	*q = s, *p, *save, *space = NULL, *end = s + strlen(s);
	size_t		 n;
	int		 used = 0, w;

	while (q < end) {
		save = q;
		w = next_char(&q, end, &p, &n, utf8);
		if (used + w > width) {
			q = save;
			break;
		}
		used += w;
		if (*save == ' ' && used > width / 2)
			space = q;
	}
	if (q < end && space != NULL)
		return (size_t)(space - s);
	return (size_t)(q - s);
}

static void
append(char *buf, size_t len, size_t *off, const char *p, size_t n)
{
	if (*off + n + 1 > len)
		return;
	memcpy(buf + *off, p, n);
	*off += n;
	buf[*off] = '\0';
}

static void
pad(char *buf, size_t len, size_t *off, int cells)
{
	while (cells-- > 0)
		append(buf, len, off, " ", 1);
}

int
text_fit(char *buf, size_t len, const char *s, int width, int flags)
{
	int		 utf8 = flags & FIT_UTF8, total, used = 0, w, ew;
	const char	*ell, *p, *q, *end;
	size_t		 off = 0, n;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (s == NULL)
		s = "";
	if (width <= 0)
		return 0;

	end = s + strlen(s);
	total = text_width(s, utf8);
	if (total <= width) {
		if (flags & FIT_RIGHT)
			pad(buf, len, &off, width - total);
		q = s;
		while (q < end) {
			used += next_char(&q, end, &p, &n, utf8);
			append(buf, len, &off, p, n);
		}
		if ((flags & FIT_PAD) && !(flags & FIT_RIGHT))
			pad(buf, len, &off, width - total);
		return (flags & (FIT_PAD|FIT_RIGHT)) ? width : total;
	}

	if (utf8) {
		ell = ELLIPSIS_UTF8;
		ew = 1;
	} else if (width >= 6) {
		ell = "...";
		ew = 3;
	} else {
		ell = "~";
		ew = 1;
	}
	if (width <= ew) {
		/* No room for an ellipsis: cut hard. */
		ell = "";
		ew = 0;
	}
	q = s;
	while (q < end) {
		const char *save = q;

		w = next_char(&q, end, &p, &n, utf8);
		if (used + w > width - ew) {
			q = save;
			break;
		}
		append(buf, len, &off, p, n);
		used += w;
	}
	append(buf, len, &off, ell, strlen(ell));
	used += ew;
	if (flags & (FIT_PAD|FIT_RIGHT)) {
		pad(buf, len, &off, width - used);
		used = width;
	}
	return used;
}

void
fmt_rate(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (isinf(v))
		snprintf(buf, len, "inf/s");
	else if (v < 0.005 && v > -0.005)
		snprintf(buf, len, "0/s");
	else if (v < 10)
		snprintf(buf, len, "%.2f/s", v);
	else if (v < 1000)
		snprintf(buf, len, "%.1f/s", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.1fk/s", v / 1e3);
	else
		snprintf(buf, len, "%.1fM/s", v / 1e6);
}

void
fmt_ratio(char *buf, size_t len, double ratio)
{
	double	pct = ratio * 100;

	if (isnan(ratio))
		snprintf(buf, len, "-");
	else if (isinf(ratio))
		snprintf(buf, len, "inf");
	else if (pct <= 0)
		snprintf(buf, len, "0%%");
	else if (pct < 0.1)
		snprintf(buf, len, "<0.1%%");
	else if (pct < 10)
		snprintf(buf, len, "%.1f%%", pct);
	else
		snprintf(buf, len, "%.0f%%", pct);
}

void
fmt_latency(char *buf, size_t len, double s)
{
	double	ms = s * 1000;

	if (isnan(s))
		snprintf(buf, len, "-");
	else if (isinf(s))
		snprintf(buf, len, "inf");
	else if (ms < 1)
		snprintf(buf, len, ms <= 0 ? "0ms" : "<1ms");
	else if (ms < 10)
		snprintf(buf, len, "%.1fms", ms);
	else if (ms < 1000)
		snprintf(buf, len, "%.0fms", ms);
	else if (s < 100)
		snprintf(buf, len, "%.1fs", s);
	else
		snprintf(buf, len, "%.0fs", s);
}

void
fmt_count(char *buf, size_t len, long long n)
{
	if (n < 10000)
		snprintf(buf, len, "%lld", n);
	else if (n < 999950)
		snprintf(buf, len, "%.1fk", (double)n / 1e3);
	else if (n < 999950000LL)
		snprintf(buf, len, "%.1fM", (double)n / 1e6);
	else
		snprintf(buf, len, "%.1fG", (double)n / 1e9);
}

void
fmt_age(char *buf, size_t len, double s)
{
	if (isnan(s) || s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, len, "%ds", (int)s);
	else if (s < 3600)
		snprintf(buf, len, "%dm", (int)(s / 60));
	else if (s < 86400)
		snprintf(buf, len, "%dh", (int)(s / 3600));
	else
		snprintf(buf, len, "%dd", (int)(s / 86400));
}

void
fmt_bar(char *buf, size_t len, int percent, int cells, int utf8)
{
	static const char *const eighths[] = {
		"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
		"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89"
	};
	size_t	off = 0;
	int	i, full, part = 0, e;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (cells <= 0)
		return;
	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	if (utf8) {
		e = percent * cells * 8 / 100;
		full = e / 8;
		part = e % 8;
		if (percent > 0 && e == 0)
			part = 1;
	} else {
		full = (percent * cells + 50) / 100;
		if (percent > 0 && full == 0)
			full = 1;
		if (percent < 100 && full == cells && cells > 1)
			full = cells - 1;
	}
	for (i = 0; i < cells; i++) {
		if (i < full)
			append(buf, len, &off, utf8 ? "\xe2\x96\x88" : "#",
			    utf8 ? 3 : 1);
		else if (i == full && part > 0)
			append(buf, len, &off, eighths[part], 3);
		else
			append(buf, len, &off, utf8 ? "\xe2\x96\x91" : ".",
			    utf8 ? 3 : 1);
	}
}

const char *
glyph_health(enum health h, int utf8)
{
	switch (h) {
	case HEALTH_OK:
		return utf8 ? "\xe2\x9c\x94" : "+";	/* heavy check mark */
	case HEALTH_WARN:
		return utf8 ? "\xe2\x96\xb2" : "!";	/* triangle */
	case HEALTH_CRIT:
		return utf8 ? "\xe2\x9c\x96" : "X";	/* heavy x */
	default:
		return "?";
	}
}

const char *
glyph_rollout(const char *status, int utf8)
{
	if (status == NULL)
		return "?";
	if (strcmp(status, "Healthy") == 0)
		return utf8 ? "\xe2\x9c\x94" : "+";
	if (strcmp(status, "Progressing") == 0)
		return utf8 ? "\xe2\x97\x90" : "o";	/* half circle */
	if (strcmp(status, "Paused") == 0)
		return utf8 ? "\xe2\x80\x96" : "=";	/* double bar */
	if (strcmp(status, "Degraded") == 0)
		return utf8 ? "\xe2\x9c\x96" : "X";
	return "?";
}
