/*
 * sanitize.c - the one output sanitizer (see sanitize.h for what it
 * guarantees): a step function over untrusted text that the core, the
 * journal and the dashboard's text fitting all share, the copies built on
 * it, JSON strings that are always valid, and the registry of secrets to
 * redact.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/sanitize.h"
#include "core/util.h"

struct secret {
	char		*raw;
	size_t		 rawlen;
	char		*enc;		/* URL-encoded form, NULL if the same */
	size_t		 enclen;
	unsigned	 refs;
};

static struct secret	*secrets;
static size_t		 nsecrets, secrets_cap;
static int		 secrets_atexit;

int
sanitize_cp_ok(long cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 0;			/* C0, DEL */
	if (cp < 0x7f)
		return 1;
	if (cp <= 0x9f)
		return 0;			/* C1 */
	if (cp == 0xad || cp == 0x61c || cp == 0x180e)
		return 0;			/* soft hyphen, ALM, MVS */
	if (cp >= 0x200b && cp <= 0x200f)
		return 0;			/* zero widths, LRM, RLM */
	if (cp >= 0x2028 && cp <= 0x202e)
		return 0;			/* separators, LRE..RLO */
	if (cp >= 0x2060 && cp <= 0x206f)
		return 0;			/* joiners, LRI..PDI, deprecated */
	if (cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	    cp == 0xfffe || cp == 0xffff)
		return 0;			/* BOM, annotations, nonchars */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;			/* surrogates */
	if (cp >= 0xe0000 && cp <= 0xe007f)
		return 0;			/* tags */
	return cp <= 0x10ffff;
}

/* Decode one UTF-8 character within [s, end); -1 for an invalid one. */
static long
decode(const unsigned char *s, const unsigned char *end, size_t *n)
{
	long	 c;
	size_t	 i, len;

	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else
		return -1;	/* continuation byte, 0xc0, 0xc1, 0xf5-0xff */
	if ((size_t)(end - s) < len)
		return -1;	/* truncated at the end */
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;	/* overlong, surrogate, too large */
	*n = len;
	return c;
}

/* Bytes of the longest registered secret starting at s, or 0. */
static size_t
secret_at(const char *s, const char *end)
{
	size_t	 i, best = 0, left = (size_t)(end - s);

	for (i = 0; i < nsecrets; i++) {
		const struct secret *k = &secrets[i];

		if (k->rawlen > best && k->rawlen <= left && k->raw[0] == s[0] &&
		    memcmp(k->raw, s, k->rawlen) == 0)
			best = k->rawlen;
		if (k->enc != NULL && k->enclen > best && k->enclen <= left &&
		    k->enc[0] == s[0] && memcmp(k->enc, s, k->enclen) == 0)
			best = k->enclen;
	}
	return best;
}

size_t
sanitize_step(const char *s, const char *end, enum sanitize_kind *kind, long *cp)
{
	size_t	 n;
	long	 c;

	*cp = -1;
	if (nsecrets > 0 && (n = secret_at(s, end)) > 0) {
		*kind = SANITIZE_SECRET;
		return n;
	}
	c = decode((const unsigned char *)s, (const unsigned char *)end, &n);
	if (c < 0 || !sanitize_cp_ok(c)) {
		*kind = SANITIZE_BAD;
		return n;
	}
	*cp = c;
	*kind = c < 0x80 ? SANITIZE_ASCII : SANITIZE_CHAR;
	return n;
}

char *
sanitize_ndup(const char *s, size_t len, size_t max)
{
	const char		*end = s + len, *p;
	char			*out;
	size_t			 off = 0, n, on, cap;
	enum sanitize_kind	 kind;
	long			 cp;

	cap = (len < max ? len : max) + 1;
	out = xmalloc(cap);
	while (s < end) {
		n = sanitize_step(s, end, &kind, &cp);
		switch (kind) {
		case SANITIZE_SECRET:
			p = SANITIZE_REDACTED;
			on = sizeof SANITIZE_REDACTED - 1;
			break;
		case SANITIZE_BAD:
			p = "?";
			on = 1;
			break;
		default:
			p = s;
			on = n;
			break;
		}
		if (off + on > max)
			break;
		if (off + on + 1 > cap) {
			cap = (off + on + 1) * 2;	/* redactions can grow it */
			out = xrealloc(out, cap);
		}
		memcpy(out + off, p, on);
		off += on;
		s += n;
	}
	out[off] = '\0';
	return out;
}

char *
sanitize_dup(const char *s)
{
	if (s == NULL)
		return NULL;
	return sanitize_ndup(s, strlen(s), SIZE_MAX);
}

char *
sanitize_line(const char *s, size_t len, size_t max)
{
	size_t	 n = 0;

	while (n < len && s[n] != '\n' && s[n] != '\r')
		n++;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\v' || s[n - 1] == '\f'))
		n--;
	return sanitize_ndup(s, n, max);
}

void
sanitize_inplace(char *s)
{
	const char		*end, *r;
	char			*w, *t;
	size_t			 n, len, mark = sizeof SANITIZE_REDACTED - 1;
	enum sanitize_kind	 kind;
	long			 cp;

	if (s == NULL)
		return;
	len = strlen(s);
	end = s + len;
	/* Each unit's output fits where it came from: no copy needed... */
	for (r = w = s; r < end; r += n) {
		n = sanitize_step(r, end, &kind, &cp);
		switch (kind) {
		case SANITIZE_SECRET:
			if (n < mark)
				goto grow;
			memcpy(w, SANITIZE_REDACTED, mark);
			w += mark;
			break;
		case SANITIZE_BAD:
			*w++ = SANITIZE_REPLACEMENT;
			break;
		default:
			memmove(w, r, n);
			w += n;
			break;
		}
	}
	*w = '\0';
	return;
grow:
	/* ...except a secret shorter than the marker: the rest is cut to fit. */
	t = sanitize_ndup(r, (size_t)(end - r), len - (size_t)(w - s));
	memcpy(w, t, strlen(t) + 1);
	free(t);
}

/* The older name, declared in util.h. */
void
sanitize_text(char *s)
{
	sanitize_inplace(s);
}

json_t *
json_text(const char *s)
{
	json_t	*j;
	char	*t;

	if (s == NULL)
		return json_null();
	t = sanitize_dup(s);
	j = json_string(t);
	free(t);
	/* Sanitized text is valid UTF-8: this is only a last guard. */
	return j != NULL ? j : json_string("?");
}

void
sanitize_json(json_t *v)
{
	const char	*k;
	json_t		*x;
	size_t		 i;
	char		*t;

	if (json_is_string(v)) {
		t = sanitize_ndup(json_string_value(v), json_string_length(v),
		    SIZE_MAX);
		json_string_set(v, t);
		free(t);
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, x)
			sanitize_json(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			sanitize_json(x);
	}
}

static void
print_line(FILE *f, const char *fmt, va_list ap)
{
	char	*s, *t;

	s = xvasprintf(fmt, ap);
	t = sanitize_dup(s);
	fprintf(f, "%s\n", t);
	free(t);
	free(s);
}

void
sanitize_fprintf(FILE *f, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	print_line(f, fmt, ap);
	va_end(ap);
}

void
sanitize_eprintf(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	print_line(stderr, fmt, ap);
	va_end(ap);
}

/* s percent-encoded as in a URL (RFC 3986 unreserved bytes kept). */
static char *
url_encoded(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char		*out = xmalloc(strlen(s) * 3 + 1), *p = out;
	unsigned char	 ch;

	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.' || ch == '~')
			*p++ = (char)ch;
		else {
			*p++ = '%';
			*p++ = hex[ch >> 4];
			*p++ = hex[ch & 15];
		}
	}
	*p = '\0';
	return out;
}

static void
wipe(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void
sanitize_add_secret(const char *s)
{
	struct secret	*k;
	size_t		 i;

	if (s == NULL || *s == '\0')
		return;
	for (i = 0; i < nsecrets; i++) {
		if (strcmp(secrets[i].raw, s) == 0) {
			secrets[i].refs++;
			return;
		}
	}
	if (!secrets_atexit) {
		atexit(sanitize_clear_secrets);
		secrets_atexit = 1;
	}
	k = ARRAY_PUSH(secrets, nsecrets, secrets_cap);
	k->raw = xstrdup(s);
	k->rawlen = strlen(s);
	k->enc = url_encoded(s);
	if (strcmp(k->enc, s) == 0) {
		wipe(k->enc);
		k->enc = NULL;
	}
	k->enclen = k->enc != NULL ? strlen(k->enc) : 0;
	k->refs = 1;
}

void
sanitize_remove_secret(const char *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < nsecrets; i++) {
		if (strcmp(secrets[i].raw, s) != 0)
			continue;
		if (--secrets[i].refs > 0)
			return;
		wipe(secrets[i].raw);
		wipe(secrets[i].enc);
		secrets[i] = secrets[--nsecrets];
		memset(&secrets[nsecrets], 0, sizeof secrets[nsecrets]);
		return;
	}
}

void
sanitize_clear_secrets(void)
{
	size_t	 i;

	for (i = 0; i < nsecrets; i++) {
		wipe(secrets[i].raw);
		wipe(secrets[i].enc);
	}
	free(secrets);
	secrets = NULL;
	nsecrets = secrets_cap = 0;
}

size_t
sanitize_nsecrets(void)
{
	return nsecrets;
}
