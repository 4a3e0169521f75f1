/*
 * check_keys.c - the dashboard's keyboard without a terminal: the decoder
 * (keys, escape sequences consumed whole, bracketed paste, Alt, UTF-8,
 * sequences split across reads) and the key tables (no key bound twice in
 * one scope; every row has a handler or is a legend line).  With
 * --help-lines it prints the help lines the tables generate for each pane,
 * for the tmux test that checks the help overlay shows every binding.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ui/ui_int.h"

static struct key_evs evs;

static void
feed(struct key_decoder *d, const char *s)
{
	keydec_feed(d, (const unsigned char *)s, strlen(s), 1.0, &evs);
}

/* Decode s (then flush) into a printable list: "K65 K27 P[text] D". */
static const char *
decode(const char *s)
{
	static char out[1024];
	struct key_decoder d;
	size_t i, n = 0;

	keydec_init(&d);
	key_evs_clear(&evs);
	feed(&d, s);
	keydec_flush(&d, &evs);
	out[0] = '\0';
	for (i = 0; i < evs.n; i++) {
		const struct key_ev *e = &evs.v[i];

		if (e->type == KEV_KEY)
			n += (size_t)snprintf(out + n, sizeof out - n, "%sK%d",
			    n ? " " : "", e->key);
		else if (e->type == KEV_PASTE)
			n += (size_t)snprintf(out + n, sizeof out - n, "%sP[%s]",
			    n ? " " : "", e->text);
		else
			n += (size_t)snprintf(out + n, sizeof out - n, "%sD",
			    n ? " " : "");
	}
	key_evs_clear(&evs);
	keydec_free(&d);
	return out;
}

static char *
keys(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

START_TEST(plain_keys)
{
	ck_assert_str_eq(decode("j"), "K106");
	ck_assert_str_eq(decode("-y"), "K45 K121");
	ck_assert_str_eq(decode("\r"), keys("K%d", RK_ENTER));
	ck_assert_str_eq(decode("\n"), keys("K%d", RK_ENTER));
	ck_assert_str_eq(decode("\x7f"), keys("K%d", RK_BACKSPACE));
	ck_assert_str_eq(decode("\x0c"), "K12");
	ck_assert_str_eq(decode("\t"), "K9");
	/* A lone Esc is Esc once nothing follows. */
	ck_assert_str_eq(decode("\033"), "K27");
	/* UTF-8 is text, never a binding. */
	ck_assert_str_eq(decode("\xc3\xa9"), keys("K%d", RK_UNICODE | 0xe9));
	ck_assert_str_eq(decode("\xff"), "D");
}
END_TEST

START_TEST(known_sequences)
{
	ck_assert_str_eq(decode("\033[A"), keys("K%d", RK_UP));
	ck_assert_str_eq(decode("\033OA"), keys("K%d", RK_UP));
	ck_assert_str_eq(decode("\033[B\033[C\033[D"), keys("K%d K%d K%d",
	    RK_DOWN, RK_RIGHT, RK_LEFT));
	/* Home and End in every spelling terminals use. */
	ck_assert_str_eq(decode("\033[1~"), keys("K%d", RK_HOME));
	ck_assert_str_eq(decode("\033[7~"), keys("K%d", RK_HOME));
	ck_assert_str_eq(decode("\033[H"), keys("K%d", RK_HOME));
	ck_assert_str_eq(decode("\033OH"), keys("K%d", RK_HOME));
	ck_assert_str_eq(decode("\033[4~\033[8~\033[F\033OF"), keys(
	    "K%d K%d K%d K%d", RK_END, RK_END, RK_END, RK_END));
	ck_assert_str_eq(decode("\033[5~\033[6~"), keys("K%d K%d", RK_PGUP,
	    RK_PGDN));
	ck_assert_str_eq(decode("\033[Z"), keys("K%d", RK_BTAB));
	ck_assert_str_eq(decode("\033[3~"), keys("K%d", RK_DELETE));
	ck_assert_str_eq(decode("\033[1;2A"), keys("K%d", RK_SUP));
	ck_assert_str_eq(decode("\033OP\033[15~"), keys("K%d K%d", RK_F1,
	    RK_F5));
}
END_TEST

START_TEST(unknown_sequences_are_consumed)
{
	/* Nothing of these reaches the dashboard as '[', '~', digits or y. */
	ck_assert_str_eq(decode("\033[99~y"), "D K121");
	ck_assert_str_eq(decode("\033[1;5A"), "D");		/* Ctrl-Up */
	ck_assert_str_eq(decode("\033[?1;2c"), "D");		/* a report */
	ck_assert_str_eq(decode("\033[<0;10;5M"), "D");		/* mouse */
	ck_assert_str_eq(decode("\033]52;c;eWVz\007j"), "D K106"); /* OSC 52 */
	ck_assert_str_eq(decode("\033]0;x\033\\"), "D");
	ck_assert_str_eq(decode("\033Oz"), "D");
	/* Alt-key is not a command. */
	ck_assert_str_eq(decode("\033y"), "D");
	ck_assert_str_eq(decode("\033-"), "D");
	/* Cut short: dropped whole when nothing more comes. */
	ck_assert_str_eq(decode("\033["), "D");
	ck_assert_str_eq(decode("\033[12"), "D");
	/* A stray byte ends a broken sequence; the rest is keys again. */
	ck_assert_str_eq(decode("\033[1\001j"), "D K1 K106") ;
}
END_TEST

START_TEST(split_reads)
{
	struct key_decoder d;

	keydec_init(&d);
	key_evs_clear(&evs);
	feed(&d, "\033");
	ck_assert(keydec_pending(&d));
	ck_assert_uint_eq(evs.n, 0);
	feed(&d, "[");
	ck_assert_uint_eq(evs.n, 0);
	feed(&d, "1~");
	ck_assert_uint_eq(evs.n, 1);
	ck_assert_int_eq(evs.v[0].key, RK_HOME);
	ck_assert(!keydec_pending(&d));
	key_evs_clear(&evs);

	/* A paste over several reads, its end split too. */
	feed(&d, "\033[200~fraud-rules");
	feed(&d, " -y\033[2");
	ck_assert_uint_eq(evs.n, 0);
	feed(&d, "01~q");
	ck_assert_uint_eq(evs.n, 2);
	ck_assert_int_eq(evs.v[0].type, KEV_PASTE);
	ck_assert_str_eq(evs.v[0].text, "fraud-rules -y");
	ck_assert_int_eq(evs.v[1].key, 'q');
	key_evs_clear(&evs);
	keydec_free(&d);
}
END_TEST

START_TEST(bracketed_paste)
{
	ck_assert_str_eq(decode("\033[200~fraud-rules-2025 payments\033[201~"),
	    "P[fraud-rules-2025 payments]");
	/* Escape sequences inside a paste are its text, not keys. */
	ck_assert_str_eq(decode("\033[200~a\033[1~y\r\033[201~"),
	    "P[a\033[1~y\r]");
	/* An end with no start is dropped. */
	ck_assert_str_eq(decode("\033[201~"), "D");
}
END_TEST

START_TEST(key_names)
{
	char b[32];

	ck_assert_str_eq(keys_name('q', 0, b, sizeof b), "q");
	ck_assert_str_eq(keys_name(RK_UP, 0, b, sizeof b), "Up");
	ck_assert_str_eq(keys_name(RK_UP, 1, b, sizeof b), "\xe2\x86\x91");
	ck_assert_str_eq(keys_name(RK_CTRL('L'), 0, b, sizeof b), "Ctrl-L");
	ck_assert_str_eq(keys_name(RK_BTAB, 1, b, sizeof b), "Shift-Tab");
	ck_assert_str_eq(keys_name(' ', 0, b, sizeof b), "Space");
}
END_TEST

static const struct mode_entry *const modes[] = {
	&mode_help_entry, &mode_detail_entry, &mode_journal_entry,
	&mode_confirm_entry, &mode_picker_entry, &mode_filter_entry,
	&mode_cmdline_entry, &mode_ack_entry, NULL
};

static int
fake(struct ui_state *st, struct mode *m)
{
	return 0;
}

static const struct key_binding fake1[] = { { 'x', "a", fake }, KEYTAB_END };
static const struct key_binding fake2[] = { { 'y', "b", fake },
	{ 'x', "c", fake }, KEYTAB_END };

START_TEST(no_key_bound_twice)
{
	const struct key_binding *scope[3];
	const struct key_binding *b;
	size_t i;

	/* A pane's keys and the global keys are one scope. */
	for (i = 0; i < ui_npanes; i++) {
		scope[0] = ui_panes[i]->keys != NULL ? ui_panes[i]->keys :
		    ui_global_keys;
		scope[1] = ui_panes[i]->keys != NULL ? ui_global_keys : NULL;
		scope[2] = NULL;
		ck_assert_msg(keytab_collision(scope) == 0, "pane %s binds "
		    "key %d twice", ui_panes[i]->name, keytab_collision(scope));
	}
	for (i = 0; modes[i] != NULL; i++) {
		/* A mode's own keys and the shared ones it takes are one scope. */
		scope[0] = modes[i]->keys;
		scope[1] = modes[i]->more_keys;
		scope[2] = NULL;
		if (scope[0] == NULL)
			continue;
		ck_assert_msg(keytab_collision(scope) == 0, "mode %s binds a "
		    "key twice", modes[i]->name);
	}
	/* The check itself finds a collision. */
	{
		const struct key_binding *both[] = { fake1, fake2, NULL };

		ck_assert_int_eq(keytab_collision(both), 'x');
	}
	/* Every row acts or is a legend line. */
	for (i = 0; i < ui_npanes; i++) {
		for (b = ui_panes[i]->keys; b != NULL && (b->key || b->help); b++)
			ck_assert(b->key == 0 ? b->fn == NULL : b->fn != NULL);
	}
}
END_TEST

/* No write starts from a byte terminals send inside sequences. */
START_TEST(no_action_on_sequence_bytes)
{
	static const int bytes[] = { '[', ']', '~', 'O', ';', '0', '5', '6',
	    '7', '8', '9' };
	const struct key_binding *fl = NULL;
	size_t i, p;

	for (p = 0; p < ui_npanes; p++) {
		if (strcmp(ui_panes[p]->name, "flags") == 0)
			fl = ui_panes[p]->keys;
	}
	ck_assert_ptr_nonnull(fl);
	for (i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
		ck_assert_ptr_null(keytab_find(fl, bytes[i]));
}
END_TEST

static void
print_line(const char *line, void *arg)
{
	printf("%s\t%s\n", (const char *)arg, line);
}

int
main(int argc, char **argv)
{
	Suite *s;
	SRunner *sr;
	TCase *tc;
	int failed;
	size_t i;

	if (argc > 1 && strcmp(argv[1], "--help-lines") == 0) {
		for (i = 0; i < ui_npanes; i++) {
			char pane[24];

			snprintf(pane, sizeof pane, "%zu", i + 1);
			keytab_help(ui_global_keys, 0, print_line, pane);
			keytab_help(ui_panes[i]->keys, 0, print_line, pane);
		}
		return 0;
	}
	s = suite_create("keys");
	tc = tcase_create("decoder");
	tcase_add_test(tc, plain_keys);
	tcase_add_test(tc, known_sequences);
	tcase_add_test(tc, unknown_sequences_are_consumed);
	tcase_add_test(tc, split_reads);
	tcase_add_test(tc, bracketed_paste);
	tcase_add_test(tc, key_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("tables");
	tcase_add_test(tc, no_key_bound_twice);
	tcase_add_test(tc, no_action_on_sequence_bytes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(evs.v);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
