/*
 * check_ui.c - unit tests for the dashboard's curses-free parts: text
 * fitting and sanitizing, number/age formatting, bars, sparklines,
 * column layout and theme files.
 */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "core/decide.h"
#include "ui/flag_plan.h"
#include "ui/format.h"
#include "ui/layout.h"
#include "ui/lineedit.h"
#include "ui/sparkline.h"
#include "ui/theme.h"

static int
utf8_locale(void)
{
	return setlocale(LC_ALL, "C.UTF-8") != NULL ||
	    setlocale(LC_ALL, "en_US.UTF-8") != NULL;
}

START_TEST(test_fit_ascii)
{
	char	buf[64];
	int	w;

	w = text_fit(buf, sizeof buf, "checkout", 10, 0);
	ck_assert_int_eq(w, 8);
	ck_assert_str_eq(buf, "checkout");
	w = text_fit(buf, sizeof buf, "checkout", 10, FIT_PAD);
	ck_assert_int_eq(w, 10);
	ck_assert_str_eq(buf, "checkout  ");
	text_fit(buf, sizeof buf, "42", 5, FIT_RIGHT);
	ck_assert_str_eq(buf, "   42");
	w = text_fit(buf, sizeof buf, "payments-service", 10, 0);
	ck_assert_int_eq(w, 10);
	ck_assert_str_eq(buf, "payment...");
	/* Narrow columns get a one-cell ellipsis. */
	text_fit(buf, sizeof buf, "abcdefgh", 4, 0);
	ck_assert_str_eq(buf, "abc~");
	text_fit(buf, sizeof buf, "abcdefgh", 1, 0);
	ck_assert_str_eq(buf, "a");
	w = text_fit(buf, sizeof buf, "abc", 0, FIT_PAD);
	ck_assert_int_eq(w, 0);
	ck_assert_str_eq(buf, "");
	text_fit(buf, sizeof buf, NULL, 3, FIT_PAD);
	ck_assert_str_eq(buf, "   ");
}
END_TEST

START_TEST(test_fit_sanitizes)
{
	char	buf[64];

	/* Escape sequences from a server must never reach the terminal. */
	text_fit(buf, sizeof buf, "a\033[2Jb\r\n\t\x7f", 20, 0);
	ck_assert_str_eq(buf, "a?[2Jb????");
	/* Without UTF-8 every non-ASCII byte sequence is one '?'. */
	text_fit(buf, sizeof buf, "caf\xc3\xa9", 20, 0);
	ck_assert_str_eq(buf, "caf?");
	/* Invalid UTF-8 and C1 controls. */
	ck_assert_int_eq(text_width("\xff\xfe", 0), 2);
	text_fit(buf, sizeof buf, "\xc2\x9b" "2J", 20, FIT_UTF8);
	ck_assert_str_eq(buf, "?2J");
	text_fit(buf, sizeof buf, "\xe0\x80\x80", 20, FIT_UTF8);
	ck_assert_str_eq(buf, "???");
	ck_assert_int_eq(text_width("\xc3", 1), 1);
}
END_TEST

/* Secrets, C1 bytes and bidi marks: drawn, measured and cut alike. */
START_TEST(test_fit_redacts)
{
	const char	*s = "err tok-5a5a5a5a end";
	struct theme	 t;
	char		 buf[64], *cause = NULL;
	int		 w;

	sanitize_add_secret("tok-5a5a5a5a");
	text_fit(buf, sizeof buf, s, 40, 0);
	ck_assert_str_eq(buf, "err [REDACTED] end");
	ck_assert_int_eq(text_width(s, 0), 18);
	/* Cut short: the marker goes whole, nothing of the token shows. */
	w = text_fit(buf, sizeof buf, s, 10, FIT_PAD);
	ck_assert_int_eq(w, 10);
	ck_assert_str_eq(buf, "err ...   ");
	/* A line break never falls inside a secret. */
	ck_assert_uint_eq(text_cut(s, 8, 0), 4);
	ck_assert_uint_eq(text_cut(s, 14, 0), 4 + strlen("tok-5a5a5a5a"));
	sanitize_remove_secret("tok-5a5a5a5a");
	text_fit(buf, sizeof buf, "a\x9b" "b\xe2\x81\xa6" "c\xef\xbb\xbf", 20, FIT_UTF8);
	ck_assert_str_eq(buf, "a?b?c?");
	ck_assert_int_eq(text_width("a\x9b" "b\xe2\x81\xa6" "c\xef\xbb\xbf", 1), 6);
	/* A theme file's words are quoted in errors without their escapes. */
	theme_builtin(&t, 0);
	ck_assert_int_eq(theme_parse(&t, "x.theme", "\x1b]0;x\x07 red default\n",
	    &cause), -1);
	ck_assert_str_eq(cause, "x.theme:1: unknown role '?]0;x?'");
	free(cause);
}
END_TEST

START_TEST(test_fit_utf8)
{
	char	buf[64];
	int	w;

	if (!utf8_locale())
		return;
	ck_assert_int_eq(text_width("caf\xc3\xa9", 1), 4);
	text_fit(buf, sizeof buf, "caf\xc3\xa9", 20, FIT_UTF8);
	ck_assert_str_eq(buf, "caf\xc3\xa9");
	w = text_fit(buf, sizeof buf, "new-checkout-flow", 8, FIT_UTF8);
	ck_assert_int_eq(w, 8);
	ck_assert_str_eq(buf, "new-che\xe2\x80\xa6");
	/* Wide characters take two cells and are never split. */
	ck_assert_int_eq(text_width("\xe6\x97\xa5\xe6\x9c\xac", 1), 4);
	w = text_fit(buf, sizeof buf, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4,
	    FIT_UTF8 | FIT_PAD);
	ck_assert_int_eq(w, 4);
	ck_assert_str_eq(buf, "\xe6\x97\xa5\xe2\x80\xa6 ");
	/* Right-to-left override (zero width) is replaced. */
	text_fit(buf, sizeof buf, "a\xe2\x80\xae" "b", 20, FIT_UTF8);
	ck_assert_str_eq(buf, "a?b");
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(test_cut)
{
	const char	*s = "RolloutAborted: metric error-rate failed";

	/* Breaks after a space in the second half of the width. */
	ck_assert_uint_eq(text_cut(s, 20, 0), 16);
	ck_assert_uint_eq(text_cut(s, 100, 0), strlen(s));
	ck_assert_uint_eq(text_cut("abcdefghij", 4, 0), 4);
	ck_assert_uint_eq(text_cut("a bcdefghij", 6, 0), 6);
	ck_assert_uint_eq(text_cut("", 6, 0), 0);
}
END_TEST

START_TEST(test_numbers)
{
	char	buf[32];

	fmt_rate(buf, sizeof buf, 12.34);
	ck_assert_str_eq(buf, "12.3/s");
	fmt_rate(buf, sizeof buf, 0);
	ck_assert_str_eq(buf, "0/s");
	fmt_rate(buf, sizeof buf, 2.5);
	ck_assert_str_eq(buf, "2.50/s");
	fmt_rate(buf, sizeof buf, 4200);
	ck_assert_str_eq(buf, "4.2k/s");
	fmt_rate(buf, sizeof buf, NAN);
	ck_assert_str_eq(buf, "-");

	fmt_ratio(buf, sizeof buf, 0.008);
	ck_assert_str_eq(buf, "0.8%");
	fmt_ratio(buf, sizeof buf, 0);
	ck_assert_str_eq(buf, "0%");
	fmt_ratio(buf, sizeof buf, 0.0004);
	ck_assert_str_eq(buf, "<0.1%");
	fmt_ratio(buf, sizeof buf, 0.25);
	ck_assert_str_eq(buf, "25%");
	fmt_ratio(buf, sizeof buf, NAN);
	ck_assert_str_eq(buf, "-");

	fmt_latency(buf, sizeof buf, 0.175);
	ck_assert_str_eq(buf, "175ms");
	fmt_latency(buf, sizeof buf, 0.0042);
	ck_assert_str_eq(buf, "4.2ms");
	fmt_latency(buf, sizeof buf, 2.5);
	ck_assert_str_eq(buf, "2.5s");
	fmt_latency(buf, sizeof buf, NAN);
	ck_assert_str_eq(buf, "-");

	fmt_age(buf, sizeof buf, 42.7);
	ck_assert_str_eq(buf, "42s");
	fmt_age(buf, sizeof buf, 200);
	ck_assert_str_eq(buf, "3m");
	fmt_age(buf, sizeof buf, 7300);
	ck_assert_str_eq(buf, "2h");
	fmt_age(buf, sizeof buf, 3 * 86400);
	ck_assert_str_eq(buf, "3d");
	fmt_age(buf, sizeof buf, -5);
	ck_assert_str_eq(buf, "0s");
}
END_TEST

START_TEST(test_bar)
{
	char	buf[64];

	fmt_bar(buf, sizeof buf, 40, 5, 0);
	ck_assert_str_eq(buf, "##...");
	fmt_bar(buf, sizeof buf, 0, 5, 0);
	ck_assert_str_eq(buf, ".....");
	fmt_bar(buf, sizeof buf, 1, 5, 0);	/* any traffic shows */
	ck_assert_str_eq(buf, "#....");
	fmt_bar(buf, sizeof buf, 95, 5, 0);	/* not full until 100 */
	ck_assert_str_eq(buf, "####.");
	fmt_bar(buf, sizeof buf, 100, 5, 0);
	ck_assert_str_eq(buf, "#####");
	fmt_bar(buf, sizeof buf, 250, 2, 0);
	ck_assert_str_eq(buf, "##");
	fmt_bar(buf, sizeof buf, 50, 2, 1);
	ck_assert_str_eq(buf, "\xe2\x96\x88\xe2\x96\x91");
	fmt_bar(buf, sizeof buf, 5, 2, 1);	/* one eighth */
	ck_assert_str_eq(buf, "\xe2\x96\x8f\xe2\x96\x91");
}
END_TEST

START_TEST(test_glyphs)
{
	ck_assert_str_eq(glyph_health(HEALTH_OK, 0), "+");
	ck_assert_str_eq(glyph_health(HEALTH_CRIT, 0), "X");
	ck_assert_str_eq(glyph_health(HEALTH_UNKNOWN, 1), "?");
	ck_assert_str_eq(glyph_rollout("Degraded", 0), "X");
	ck_assert_str_eq(glyph_rollout("Paused", 0), "=");
	ck_assert_str_eq(glyph_rollout(NULL, 1), "?");
	ck_assert_str_eq(glyph_rollout("Weird", 1), "?");
}
END_TEST

START_TEST(test_sparkline)
{
	double	v[] = { 0, 0.01, 0.02, 0.04, NAN, 0.04 };
	char	buf[128];
	int	n;

	ck_assert_int_eq(sparkline_levels(0), 5);
	ck_assert_int_eq(sparkline_levels(1), 8);
	ck_assert_int_eq(sparkline_level(NAN, 1, 5), -1);
	ck_assert_int_eq(sparkline_level(0, 1, 5), 0);
	ck_assert_int_eq(sparkline_level(1, 1, 5), 4);
	ck_assert_int_eq(sparkline_level(5, 1, 5), 4);
	ck_assert_int_eq(sparkline_level(0.001, 1, 5), 1);
	ck_assert_int_eq(sparkline_level(0.5, 1, 5), 2);
	ck_assert_int_eq(sparkline_level(0.3, 0, 5), 0);

	n = sparkline(buf, sizeof buf, v, 6, 10, 0, 0);
	ck_assert_int_eq(n, 6);
	ck_assert_str_eq(buf, "_.-# #");
	/* Only the newest values fit. */
	n = sparkline(buf, sizeof buf, v, 6, 3, 0, 0);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(buf, "# #");
	/* A floor keeps small noise low on the scale. */
	n = sparkline(buf, sizeof buf, v, 4, 10, 1.0, 0);
	ck_assert_str_eq(buf, "_...");
	n = sparkline(buf, sizeof buf, v, 2, 10, 0, 1);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(buf, "\xe2\x96\x81\xe2\x96\x88");
	n = sparkline(buf, sizeof buf, NULL, 0, 10, 0, 1);
	ck_assert_int_eq(n, 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_layout)
{
	struct column	c[] = {
		{ "STATUS", 10, 13, 0, 0, 0, 0 },
		{ "NAME", 12, 40, 0, 0, 0, 0 },
		{ "STRATEGY", 9, 13, 3, 0, 0, 0 },
		{ "MESSAGE", 10, 200, 4, 0, 0, 0 },
	};
	size_t		n;

	n = layout_columns(c, 4, 79, 1);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(c[0].x, 0);
	ck_assert_int_eq(c[1].x, c[0].width + 1);
	ck_assert_int_eq(c[0].width + c[1].width + c[2].width + c[3].width + 3, 79);
	ck_assert_int_eq(c[0].width, 13);

	/* Too narrow for the low-priority columns. */
	n = layout_columns(c, 4, 30, 1);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(c[2].width, 0);
	ck_assert_int_eq(c[3].width, 0);
	ck_assert_int_le(c[0].width + c[1].width + 1, 30);

	/* Wide: every column at its maximum, nothing overflows. */
	n = layout_columns(c, 4, 500, 1);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(c[1].width, 40);
	ck_assert_int_eq(c[3].width, 200);

	/* Tiny: the first column is cut to fit. */
	n = layout_columns(c, 4, 5, 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(c[0].width, 5);
}
END_TEST

START_TEST(test_theme_parse)
{
	struct theme	 t;
	char		*cause = NULL;
	int		 rc;

	theme_builtin(&t, 0);
	ck_assert_int_eq(t.style[ROLE_CRIT].fg, 1);
	rc = theme_parse(&t, "x.theme",
	    "# comment\n\nok bright-green default bold,underline\n"
	    "crit 196 default   # trailing comment\n"
	    "stale black yellow reverse\n", &cause);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(t.style[ROLE_OK].fg, 10);
	ck_assert_int_eq(t.style[ROLE_OK].bg, THEME_DEFAULT_COLOUR);
	ck_assert_uint_eq(t.style[ROLE_OK].attrs, THEME_BOLD | THEME_UNDERLINE);
	ck_assert_int_eq(t.style[ROLE_CRIT].fg, 196);
	ck_assert_uint_eq(t.style[ROLE_CRIT].attrs, 0);
	ck_assert_int_eq(t.style[ROLE_STALE].bg, 3);
	ck_assert_str_eq(theme_role_name(ROLE_TAB_ACTIVE), "tab_active");

	rc = theme_parse(&t, "x.theme", "ok green default\nbogus red default\n",
	    &cause);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(cause, "x.theme:2: unknown role 'bogus'");
	free(cause);
	rc = theme_parse(&t, "y.theme", "ok purple default\n", &cause);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(cause, "y.theme:1: unknown colour 'purple'");
	free(cause);
	rc = theme_parse(&t, "y.theme", "\n\nok red 256\n", &cause);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(cause, "y.theme:3: unknown colour '256'");
	free(cause);
	rc = theme_parse(&t, "y.theme", "ok red default shiny\n", &cause);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(cause, "y.theme:1: unknown attribute 'shiny'");
	free(cause);
	rc = theme_parse(&t, "y.theme", "ok red\n", &cause);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(cause, "y.theme:1: too few fields"));
	free(cause);
	rc = theme_parse(&t, "y.theme", "ok red default bold extra\n", &cause);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(cause, "too many fields"));
	free(cause);
}
END_TEST

START_TEST(test_theme_load)
{
	struct theme	 t;
	char		 dir[] = "/tmp/check_ui.XXXXXX", path[256];
	char		*cause = NULL;
	FILE		*f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);

	/* The built-in default works with nothing installed. */
	ck_assert_int_eq(theme_load(&t, NULL, &cause), 0);
	ck_assert_int_eq(t.style[ROLE_OK].fg, 2);
	ck_assert_int_eq(theme_load(&t, "mono", &cause), 0);
	ck_assert_int_eq(t.style[ROLE_OK].fg, THEME_DEFAULT_COLOUR);

	ck_assert_int_eq(theme_load(&t, "nosuch", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "theme 'nosuch' not found"));
	free(cause);
	ck_assert_int_eq(theme_load(&t, "../etc/passwd", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "bad theme name"));
	free(cause);

	snprintf(path, sizeof path, "%s/relboard", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/relboard/themes", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/relboard/themes/night.theme", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("ok cyan default\nwarn orange default\n", f);
	fclose(f);
	ck_assert_int_eq(theme_load(&t, "night", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "night.theme:2: unknown colour 'orange'"));
	free(cause);

	f = fopen(path, "w");
	fputs("ok cyan default\n", f);
	fclose(f);
	ck_assert_int_eq(theme_load(&t, "night", &cause), 0);
	ck_assert_int_eq(t.style[ROLE_OK].fg, 6);
	ck_assert_int_eq(t.style[ROLE_CRIT].fg, 1);	/* built-in kept */

	unlink(path);
	snprintf(path, sizeof path, "%s/relboard/themes", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/relboard", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_lineedit)
{
	struct line_edit	le;
	char			buf[LE_MAX + 1];
	const char		*p;
	int			i;

	lineedit_init(&le, 5);
	ck_assert_int_eq(lineedit_key(&le, 'a'), LE_MORE);
	lineedit_key(&le, 'b');
	lineedit_key(&le, 0x01);	/* control: ignored */
	lineedit_key(&le, 0xc3);	/* non-ASCII: ignored */
	lineedit_key(&le, '\t');
	ck_assert_str_eq(le.buf, "ab");
	lineedit_key(&le, LE_BACKSPACE);
	ck_assert_str_eq(le.buf, "a");
	lineedit_key(&le, 8);
	lineedit_key(&le, LE_BACKSPACE);	/* empty: nothing */
	ck_assert_str_eq(le.buf, "");
	ck_assert_uint_eq(le.len, 0);
	for (i = 0; i < 8; i++)
		lineedit_key(&le, 'x');
	ck_assert_str_eq(le.buf, "xxxxx");	/* max 5 */
	lineedit_key(&le, 21);			/* Ctrl-U */
	ck_assert_str_eq(le.buf, "");
	ck_assert_int_eq(lineedit_key(&le, '\r'), LE_ENTER);
	ck_assert_int_eq(lineedit_key(&le, '\n'), LE_ENTER);
	ck_assert_int_eq(lineedit_key(&le, 27), LE_CANCEL);

	lineedit_init(&le, 0);
	ck_assert_uint_eq(le.max, LE_MAX);
	for (p = "  rollback: p99  "; *p != '\0'; p++)
		lineedit_key(&le, *p);
	lineedit_trimmed(&le, buf, sizeof buf);
	ck_assert_str_eq(buf, "rollback: p99");
	lineedit_trimmed(&le, buf, 5);
	ck_assert_str_eq(buf, "roll");
	/* The view keeps the end and a cell for the cursor. */
	ck_assert_str_eq(lineedit_view(&le, 6), "p99  ");
	ck_assert_str_eq(lineedit_view(&le, 80), le.buf);
	for (i = 0; i < LE_MAX + 10; i++)
		lineedit_key(&le, 'y');
	ck_assert_uint_eq(le.len, LE_MAX);
	ck_assert_uint_eq(strlen(le.buf), LE_MAX);
}
END_TEST

static void
set_env(struct flag_env *e, const char *name, bool enabled, bool has_rollout,
    int rollout)
{
	memset(e, 0, sizeof *e);
	e->name = (char *)name;
	e->enabled = enabled;
	e->has_rollout = has_rollout;
	e->rollout = rollout;
}

/* What the confirmation shows: the action's own decision on the polled state. */
struct plan {
	const char	*stage;
	char		*before, *after;
};

static int
plan_preview(const struct config *cfg, const struct flag_env *e,
    const char *action, const char *stage, struct plan *p, char **why)
{
	struct flag_state	s;
	struct decision		d;

	flag_state_of_env(e, &s);
	memset(p, 0, sizeof *p);
	if (flag_decide(cfg, action, stage, &s, false, &d) != DECIDE_OK) {
		*why = d.why;
		d.why = NULL;
		decision_free(&d);
		return -1;
	}
	p->stage = d.stage;
	p->before = d.before;
	p->after = d.after;
	d.before = d.after = NULL;
	decision_free(&d);
	return 0;
}

static void
plan_free(struct plan *p)
{
	free(p->before);
	free(p->after);
}

START_TEST(test_plan_preview)
{
	struct config	cfg;
	struct flag_env	e;
	struct plan	p;
	char		*why = NULL;

	config_defaults(&cfg);
	set_env(&e, "production", true, true, 5);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "next", &p, &why), 0);
	ck_assert_str_eq(p.stage, "early");
	ck_assert_str_eq(p.before, "canary (5%)");
	ck_assert_str_eq(p.after, "early (20%)");
	plan_free(&p);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "previous", &p,
	    &why), 0);
	ck_assert_str_eq(p.stage, "off");
	ck_assert_str_eq(p.after, "off");
	plan_free(&p);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "half", &p, &why), 0);
	ck_assert_str_eq(p.after, "half (50%)");
	plan_free(&p);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "canary", &p, &why),
	    -1);
	ck_assert_str_eq(why, "it is already canary (5%); nothing to change");
	free(why);
	why = NULL;

	ck_assert_int_eq(plan_preview(&cfg, &e, "kill", NULL, &p, &why), 0);
	ck_assert_str_eq(p.after, "killed (kept at canary, 5%)");
	ck_assert_ptr_null(p.stage);
	plan_free(&p);
	ck_assert_int_eq(plan_preview(&cfg, &e, "restore", NULL, &p, &why), -1);
	ck_assert_str_eq(why, "it is not killed (it is canary)");
	free(why);
	why = NULL;

	/* Killed: restore brings the stage back; stages wait for it. */
	set_env(&e, "production", false, true, 20);
	ck_assert_int_eq(plan_preview(&cfg, &e, "restore", NULL, &p, &why), 0);
	ck_assert_str_eq(p.before, "killed (kept at early, 20%)");
	ck_assert_str_eq(p.after, "early (20%)");
	plan_free(&p);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "next", &p, &why), -1);
	ck_assert_str_eq(why, "it is killed: restore it first");
	free(why);
	why = NULL;
	ck_assert_int_eq(plan_preview(&cfg, &e, "kill", NULL, &p, &why), -1);
	ck_assert_str_eq(why, "it is already killed");
	free(why);
	why = NULL;

	/* At the ends. */
	set_env(&e, "production", true, true, 100);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "next", &p, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "last stage"));
	free(why);
	why = NULL;
	set_env(&e, "production", false, false, RB_UNKNOWN_INT);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "previous", &p,
	    &why), -1);
	free(why);
	why = NULL;
	/* Off without a strategy: the next stage creates one. */
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "next", &p, &why), 0);
	ck_assert_str_eq(p.before, "off");
	ck_assert_str_eq(p.after, "canary (5%)");
	plan_free(&p);
	/* Enabled with no strategy counts as 100%. */
	set_env(&e, "production", true, false, RB_UNKNOWN_INT);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "previous", &p,
	    &why), 0);
	ck_assert_str_eq(p.before, "ga (on, no strategy)");
	ck_assert_str_eq(p.after, "half (50%)");
	plan_free(&p);
	/* Not a number: only a named stage. */
	set_env(&e, "production", true, true, RB_UNKNOWN_INT);
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "next", &p, &why), -1);
	free(why);
	why = NULL;
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", "nope", &p, &why), -1);
	free(why);
	why = NULL;
	ck_assert_int_eq(plan_preview(&cfg, &e, "stage", NULL, &p, &why), -1);
	free(why);
	why = NULL;
	ck_assert_int_eq(plan_preview(&cfg, &e, "zap", NULL, &p, &why), -1);
	free(why);
	config_free(&cfg);
}
END_TEST

START_TEST(test_plan_context)
{
	static const char *const envs1[] = { "development", "staging" };
	static const char *const envs2[] = { "development", "production" };
	struct config		 cfg;
	struct model		 m;
	struct flag		 flags[4];
	struct flag_env		 env[4];
	struct flag_dep		 dep[3];
	struct service_health	 rows[3];
	struct service_cfg	 svc[2];
	char			*svc0_flags[] = { "parent", "other" };
	char			*svc1_flags[] = { "parent" };
	struct plan_dep		 out[4];
	struct plan_svc		 sv[4];
	size_t			 n;

	ck_assert_str_eq(plan_default_env(envs1, 2), "development");
	ck_assert_str_eq(plan_default_env(envs2, 2), "production");
	ck_assert_ptr_null(plan_default_env(envs2, 0));

	config_defaults(&cfg);
	memset(&m, 0, sizeof m);
	memset(flags, 0, sizeof flags);
	memset(dep, 0, sizeof dep);
	flags[0].source = "flags";
	flags[0].name = "parent";
	flags[1].source = "flags";
	flags[1].name = "child";
	flags[1].deps = &dep[0];
	flags[1].ndeps = 1;
	dep[0].flag = "parent";
	dep[0].enabled = true;
	set_env(&env[0], "production", true, true, 20);
	flags[1].envs = &env[0];
	flags[1].nenvs = 1;
	/* Same name in another source is not a child. */
	flags[2].source = "other-unleash";
	flags[2].name = "lookalike";
	flags[2].deps = &dep[1];
	flags[2].ndeps = 1;
	dep[1].flag = "parent";
	flags[3].source = "flags";
	flags[3].name = "second";
	flags[3].deps = &dep[2];
	flags[3].ndeps = 1;
	dep[2].flag = "parent";
	dep[2].enabled = false;
	m.flags = flags;
	m.nflags = 4;

	n = plan_dependents(&m, &flags[0], "production", out, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0].flag->name, "child");
	ck_assert_ptr_eq(out[0].env, &env[0]);
	ck_assert(out[0].wants_enabled);
	ck_assert_str_eq(out[1].flag->name, "second");
	ck_assert_ptr_null(out[1].env);
	ck_assert(!out[1].wants_enabled);
	/* Fewer slots than children: the count is still whole. */
	ck_assert_uint_eq(plan_dependents(&m, &flags[0], "production", out, 1),
	    2);
	ck_assert_uint_eq(plan_dependents(&m, &flags[1], "production", out, 4),
	    0);

	memset(svc, 0, sizeof svc);
	memset(rows, 0, sizeof rows);
	svc[0].name = "checkout";
	svc[0].flags = svc0_flags;
	svc[0].nflags = 2;
	svc[1].name = "ledger";
	svc[1].flags = svc1_flags;
	svc[1].nflags = 1;
	cfg.services = svc;
	cfg.nservices = 2;
	rows[0].service = "checkout";
	rows[0].version = "v1";
	rows[0].health = HEALTH_OK;
	rows[1].service = "search";
	rows[2].service = "checkout";
	rows[2].version = "v2";
	rows[2].health = HEALTH_CRIT;
	m.services = rows;
	m.nservices = 3;

	n = plan_services(&m, &cfg, "parent", sv, 4);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(sv[0].cfg->name, "checkout");
	ck_assert_ptr_eq(sv[0].row, &rows[0]);
	ck_assert_ptr_eq(sv[1].row, &rows[2]);
	ck_assert_str_eq(sv[2].cfg->name, "ledger");
	ck_assert_ptr_null(sv[2].row);
	ck_assert_uint_eq(plan_services(&m, &cfg, "parent", sv, 1), 3);
	ck_assert_uint_eq(plan_services(&m, &cfg, "child", sv, 4), 0);

	cfg.services = NULL;
	cfg.nservices = 0;
	config_free(&cfg);
}
END_TEST

static Suite *
ui_suite(void)
{
	Suite	*s = suite_create("ui");
	TCase	*tc = tcase_create("format");

	tcase_add_test(tc, test_fit_ascii);
	tcase_add_test(tc, test_fit_sanitizes);
	tcase_add_test(tc, test_fit_redacts);
	tcase_add_test(tc, test_fit_utf8);
	tcase_add_test(tc, test_cut);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_bar);
	tcase_add_test(tc, test_glyphs);
	tcase_add_test(tc, test_sparkline);
	tcase_add_test(tc, test_layout);
	suite_add_tcase(s, tc);
	tc = tcase_create("theme");
	tcase_add_test(tc, test_theme_parse);
	tcase_add_test(tc, test_theme_load);
	suite_add_tcase(s, tc);
	tc = tcase_create("flag actions");
	tcase_add_test(tc, test_lineedit);
	tcase_add_test(tc, test_plan_preview);
	tcase_add_test(tc, test_plan_context);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(ui_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
