/*
 * format.h - curses-free text helpers for the dashboard: fitting untrusted
 * text into a fixed number of terminal cells (sanitizing it on the way),
 * number and age formatting, weight bars and status glyphs.
 */
#ifndef RB_UI_FORMAT_H
#define RB_UI_FORMAT_H

#include <stddef.h>

#include "core/model.h"

/* Flags for text_fit(). */
#define FIT_UTF8	0x1	/* the terminal takes UTF-8 */
#define FIT_PAD		0x2	/* pad with spaces to the full width */
#define FIT_RIGHT	0x4	/* right-align (implies padding) */

/* Bytes a buffer needs to hold `width` fitted cells. */
#define FIT_BUFSIZE(width) ((size_t)(width) * 4 + 8)

/*
 * Copy `s` into `buf` so that it takes at most `width` terminal cells,
 * never wrapping: longer text ends with an ellipsis.  The text goes
 * through the core output sanitizer (core/sanitize.h): control (C0, DEL,
 * C1), bidi and format characters and invalid UTF-8 become '?', secrets
 * "[REDACTED]" (never cut in part); zero-width and (without FIT_UTF8)
 * non-ASCII characters become '?' too, so server text is always safe to
 * draw.  Returns the number of cells used.
 */
int	 text_fit(char *buf, size_t len, const char *s, int width, int flags);
/* Cells `s` takes once sanitized the same way. */
int	 text_width(const char *s, int utf8);

/*
 * Bytes of the longest start of `s` that fits in `width` cells, ending at
 * a space when one is in its second half (for a second line).
 */
size_t	 text_cut(const char *s, int width, int utf8);

/* "12.3/s", "0.8%", "175ms", "42s"/"3m"/"2h"; "-" for NaN. */
void	 fmt_rate(char *buf, size_t len, double per_s);
void	 fmt_ratio(char *buf, size_t len, double ratio);
void	 fmt_latency(char *buf, size_t len, double seconds);
void	 fmt_age(char *buf, size_t len, double seconds);
/* A count in at most 5 cells: "106", "12.3k", "4.5M". */
void	 fmt_count(char *buf, size_t len, long long n);

/* A bar of `cells` cells filled to `percent` (0..100). */
void	 fmt_bar(char *buf, size_t len, int percent, int cells, int utf8);

/* Short symbols that go with a word (never alone). */
const char *glyph_health(enum health, int utf8);
const char *glyph_rollout(const char *status, int utf8);

#endif
