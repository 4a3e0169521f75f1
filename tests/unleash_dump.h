/*
 * unleash_dump.h - the unleash adapter's reading of fixed polls, written
 * out as text: the captured answers of tests/fixtures and hand-made odd
 * ones, each poll's flags, environments, parents, warning and events, or
 * its error.  check_jsonwalk compares it with what the adapter gave when
 * it read each answer whole (tests/fixtures/unleash-poll/models.txt).
 */
#ifndef RB_UNLEASH_DUMP_H
#define RB_UNLEASH_DUMP_H

/* Every poll's reading, one section each ("== NAME"); the caller frees it. */
char	*unleash_dump_all(void);

#endif
