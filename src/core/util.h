/*
 * util.h - small helpers shared by every part of relboard: checked
 * allocation, growing arrays, formatted "cause" strings (an allocated
 * one-line reason, as tmux returns errors) and time formatting.
 */
#ifndef RB_UTIL_H
#define RB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list);

/* Grow *arr (element size sz) so that index n fits; *cap tracks capacity. */
void  grow_array(void **arr, size_t *cap, size_t n, size_t sz);
#define ARRAY_PUSH(arr, n, cap) \
	(grow_array((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)), &(arr)[(n)++])

/* Wall clock in seconds (with fraction) and a monotonic clock. */
double now_wall(void);
double now_mono(void);

/* RFC 3339 UTC ("2026-11-26T05:00:00Z") into buf (at least 32 bytes). */
void format_rfc3339(double t, char *buf, size_t len);

/* Read a whole file; NULL and *cause set on failure. */
char *read_file(const char *path, size_t *len, char **cause);

/*
 * Make server text safe to show, in place: sanitize_inplace() of
 * core/sanitize.h (controls, bidi and invalid UTF-8 become '?', secrets
 * "[REDACTED]"; the text may get shorter, never longer).  Defined in
 * sanitize.c; kept here for its many callers.
 */
void sanitize_text(char *);

/* Zero len bytes of p (which may hold a secret), then free it; NULL is fine. */
void wipe_free(void *p, size_t len);
/* wipe_free() of a NUL-terminated string. */
void wipe_free_str(char *s);

/* Case-sensitive string equality with NULLs treated as empty. */
int streq(const char *, const char *);

#endif
