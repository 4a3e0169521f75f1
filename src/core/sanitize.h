/*
 * sanitize.h - the one output sanitizer.  Every text relboard shows or
 * writes (screen, stderr, journal, journal view, `status --json`, config
 * and theme errors) goes through it, so that what a server, a config file
 * or a journal line holds can never drive the terminal or leak a secret:
 *
 *  - C0 controls, DEL, C1 controls (U+0080-U+009F as UTF-8 and the raw
 *    bytes 0x80-0x9F), bidirectional and invisible format characters
 *    (U+00AD, U+061C, U+180E, U+200B-U+200F, U+2028-U+202E, U+2060-U+206F,
 *    U+FEFF, U+FFF9-U+FFFB, U+FFFE, U+FFFF, U+E0000-U+E007F) each become
 *    one '?';
 *  - invalid UTF-8 (overlong forms, surrogates, truncated sequences, stray
 *    continuation bytes, 0xF5-0xFF, code points past U+10FFFF) becomes one
 *    '?' per bad byte;
 *  - every registered secret (a source's token, a webhook URL; also its
 *    URL-encoded form) becomes "[REDACTED]";
 *  - text is cut only between whole units: never inside a UTF-8
 *    character, never inside "[REDACTED]".
 * The replacement is the ASCII '?' (not U+FFFD) so that it never grows a
 * byte into three and draws the same on ASCII-only terminals.  Output is
 * always valid UTF-8.
 */
#ifndef RB_SANITIZE_H
#define RB_SANITIZE_H

#include <stddef.h>
#include <stdio.h>

struct json_t;

#define SANITIZE_REPLACEMENT	'?'
#define SANITIZE_REDACTED	"[REDACTED]"

/* What one step over untrusted text found. */
enum sanitize_kind {
	SANITIZE_ASCII,		/* a printable ASCII byte, kept */
	SANITIZE_CHAR,		/* a safe non-ASCII character (*cp), kept */
	SANITIZE_BAD,		/* unsafe or invalid: shown as one '?' */
	SANITIZE_SECRET		/* a registered secret: shown as [REDACTED] */
};

/*
 * Look at the unit that starts at s (s < end): returns how many bytes it
 * takes (at least 1), sets *kind and, for ASCII and CHAR, *cp.
 */
size_t	 sanitize_step(const char *s, const char *end, enum sanitize_kind *kind,
	     long *cp);
/* Whether a code point may be shown as it is. */
int	 sanitize_cp_ok(long cp);

/* A safe copy of s (NULL for NULL). */
char	*sanitize_dup(const char *s);
/*
 * A safe copy of the len bytes at s (NUL bytes included), at most max
 * bytes long, cut between units.
 */
char	*sanitize_ndup(const char *s, size_t len, size_t max);
/*
 * The first line of the len bytes at s, trailing blanks dropped, made
 * safe and cut to at most max bytes (for one-line reasons from servers).
 */
char	*sanitize_line(const char *s, size_t len, size_t max);
/* s made safe in place; it may get shorter, never longer. */
void	 sanitize_inplace(char *s);

/* A JSON string of s made safe, or JSON null for NULL: never NULL. */
struct json_t *json_text(const char *s);
/* Every string in v (recursively; values, not keys) made safe, in place. */
void	 sanitize_json(struct json_t *v);

/* printf to f (or stderr), the whole message made safe, then a newline. */
void	 sanitize_fprintf(FILE *f, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));
void	 sanitize_eprintf(const char *fmt, ...)
	     __attribute__((format(printf, 1, 2)));

/*
 * The secret registry (process-wide): each added secret (and its
 * URL-encoded form) is redacted from everything above.  Adding is counted;
 * a secret is wiped (explicit_bzero) when removed as often as it was
 * added, and every one is wiped at exit.  Empty strings are ignored.
 */
void	 sanitize_add_secret(const char *);
void	 sanitize_remove_secret(const char *);
void	 sanitize_clear_secrets(void);
size_t	 sanitize_nsecrets(void);

#endif
