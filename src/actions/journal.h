/*
 * journal.h - the local action journal: one JSON line per action attempt
 * (done, refused, failed, unknown), appended to a file created mode 0600.
 * Secrets never go in it.
 */
#ifndef RB_JOURNAL_H
#define RB_JOURNAL_H

#include <jansson.h>

/* The config's journal path, else $XDG_STATE_HOME/relboard/journal.jsonl. */
char	*journal_path(const char *configured);
/* Make sure an entry can be appended (creating folder and file). */
int	 journal_check(const char *path, char **cause);
/* Append one entry as one line, in one write. */
int	 journal_append(const char *path, json_t *entry, char **cause);
/* The last n entries, oldest first (an array; empty if none). */
json_t	*journal_recent(const char *path, size_t n);

#endif
