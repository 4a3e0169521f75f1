/*
 * health_format.h - curses-free text for the Health pane: canary-minus-
 * stable differences ("+7.8pp", "+500ms") and trend direction arrows.
 */
#ifndef RB_UI_HEALTH_FORMAT_H
#define RB_UI_HEALTH_FORMAT_H

#include <stddef.h>

#include "core/canary.h"

/* A difference of error ratios in percentage points: "+7.8pp"; "-" NaN. */
void	 fmt_delta_ratio(char *buf, size_t len, double delta);
/* A difference of latencies: "+500ms", "-1.2s"; "-" for NaN. */
void	 fmt_delta_latency(char *buf, size_t len, double seconds);
/* "↑"/"↓" (or "^"/"v"); a space when flat or unknown. */
const char *glyph_trend(enum trend_dir, int utf8);
/* "rising", "falling", "steady", "too little data". */
const char *trend_name(enum trend_dir);

#endif
