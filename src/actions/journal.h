/*
 * journal.h - the local action journal: one JSON line per action attempt
 * (done, refused, failed, unknown), appended to a file of the user's,
 * mode 0600, never through a symbolic link.  Secrets never go in it:
 * every string is sanitized (core/sanitize.h) on the way in and out.
 */
#ifndef RB_JOURNAL_H
#define RB_JOURNAL_H

#include <jansson.h>

/*
 * The config's journal path, else $XDG_STATE_HOME/relboard/journal.jsonl
 * (an absolute XDG_STATE_HOME only), else HOME/.local/state/relboard/
 * journal.jsonl with HOME from the environment when it is absolute, else
 * from the password entry; NULL when there is no home at all (then
 * journal_check fails: nothing is written under the current folder).
 */
char	*journal_path(const char *configured);
/*
 * Make sure an entry can be appended (creating folders mode 0700 and the
 * file mode 0600).  Refused, with a cause naming the path: a symbolic
 * link, anything but a regular file, a file not the user's or with other
 * hard links, a "relboard" folder not the user's.  A file of another mode
 * is set to 0600, a "relboard" folder to 0700.
 */
int	 journal_check(const char *path, char **cause);
/*
 * A new entry with what every attempt records: time, user (the password
 * entry's, else $USER), the SSH client address if any, and the action.
 */
json_t	*journal_entry_new(const char *action);
/* Append one entry (its strings sanitized in place) as one line, in one write. */
int	 journal_append(const char *path, json_t *entry, char **cause);
/* The last n entries, oldest first, strings sanitized (an array; empty if none). */
json_t	*journal_recent(const char *path, size_t n);

#endif
