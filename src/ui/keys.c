/*
 * keys.c - decodes what the terminal sends into keys.  CSI (ESC [) and SS3
 * (ESC O) sequences are read whole up to their final byte; the ones a
 * dashboard needs (arrows, Home/End in their several spellings, PgUp/PgDn,
 * Shift-Tab, function keys) become keys, every other one is dropped
 * without acting.  ESC followed by another character (Alt) is dropped too,
 * and so are OSC/DCS strings.  ESC [ 200 ~ ... ESC [ 201 ~ (bracketed
 * paste) becomes one paste event, never keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "ui/keys.h"

void
keydec_init(struct key_decoder *d)
{
	memset(d, 0, sizeof *d);
}

void
keydec_free(struct key_decoder *d)
{
	free(d->paste);
	memset(d, 0, sizeof *d);
}

void
keydec_reset(struct key_decoder *d)
{
	free(d->paste);
	memset(d, 0, sizeof *d);
}

void
key_evs_clear(struct key_evs *evs)
{
	size_t i;

	for (i = 0; i < evs->n; i++)
		free(evs->v[i].text);
	evs->n = 0;
}

static void
emit(struct key_evs *evs, enum key_ev_type type, int key, double t)
{
	struct key_ev *e = ARRAY_PUSH(evs->v, evs->n, evs->cap);

	e->type = type;
	e->key = key;
	e->text = NULL;
	e->t = t;
}

static void
paste_add(struct key_decoder *d, unsigned char c)
{
	if (d->plen >= KEYDEC_PASTE_MAX)
		return;
	if (d->plen + 2 > d->pcap) {
		d->pcap = d->pcap ? d->pcap * 2 : 256;
		d->paste = xrealloc(d->paste, d->pcap);
	}
	d->paste[d->plen++] = (char)c;
	d->paste[d->plen] = '\0';
}

static void
paste_end(struct key_decoder *d, struct key_evs *evs, double t)
{
	struct key_ev *e;

	emit(evs, KEV_PASTE, 0, t);
	e = &evs->v[evs->n - 1];
	e->text = d->paste != NULL ? d->paste : xstrdup("");
	d->paste = NULL;
	d->plen = d->pcap = 0;
	d->in_paste = 0;
}

/* The first number of a CSI's parameters, or def. */
static int
csi_param(const unsigned char *p, size_t n, int idx, int def)
{
	int v = -1, k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == ';') {
			if (k == idx)
				return v < 0 ? def : v;
			k++;
			v = -1;
		} else if (p[i] >= '0' && p[i] <= '9') {
			if (v < 0)
				v = 0;
			if (v < 100000)
				v = v * 10 + (p[i] - '0');
		} else
			return def;
	}
	return k == idx && v >= 0 ? v : def;
}

static int
tilde_key(int n)
{
	switch (n) {
	case 1: case 7: return RK_HOME;
	case 4: case 8: return RK_END;
	case 2: return RK_INSERT;
	case 3: return RK_DELETE;
	case 5: return RK_PGUP;
	case 6: return RK_PGDN;
	case 11: return RK_F1;
	case 12: return RK_F2;
	case 13: return RK_F3;
	case 14: return RK_F4;
	case 15: return RK_F5;
	case 17: return RK_F6;
	case 18: return RK_F7;
	case 19: return RK_F8;
	case 20: return RK_F9;
	case 21: return RK_F10;
	case 23: return RK_F11;
	case 24: return RK_F12;
	}
	return 0;
}

static int
final_key(unsigned char f, int shift)
{
	switch (f) {
	case 'A': return shift ? RK_SUP : RK_UP;
	case 'B': return shift ? RK_SDOWN : RK_DOWN;
	case 'C': return shift ? RK_SRIGHT : RK_RIGHT;
	case 'D': return shift ? RK_SLEFT : RK_LEFT;
	case 'H': return RK_HOME;
	case 'F': return RK_END;
	case 'Z': return RK_BTAB;
	case 'P': return RK_F1;
	case 'Q': return RK_F2;
	case 'R': return RK_F3;
	case 'S': return RK_F4;
	}
	return 0;
}

/*
 * Length of the sequence at s (starting with ESC), 0 when it is not
 * finished yet.  *key gets the key (0: drop it); *paste 1 for a paste
 * start, 2 for a paste end.
 */
static size_t
sequence(const unsigned char *s, size_t n, int *key, int *paste)
{
	size_t i, pstart;
	int mod;

	*key = 0;
	*paste = 0;
	if (n < 2)
		return 0;
	switch (s[1]) {
	case '[':
		pstart = 2;
		for (i = 2; i < n; i++) {
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				break;
			if (s[i] < 0x20 || s[i] > 0x3f) {
				/* Not a CSI byte: drop what came so far. */
				return i;
			}
		}
		if (i == n)
			return 0;
		if (s[i] == '~') {
			mod = csi_param(s + pstart, i - pstart, 0, 0);
			if (mod == 200)
				*paste = 1;
			else if (mod == 201)
				*paste = 2;
			else
				*key = tilde_key(mod);
		} else if (i == pstart || csi_param(s + pstart, i - pstart, 0,
		    -1) == 1) {
			mod = csi_param(s + pstart, i - pstart, 1, 1);
			if (mod == 1 || mod == 2)
				*key = final_key(s[i], mod == 2);
		}
		return i + 1;
	case 'O':
		if (n < 3)
			return 0;
		if (s[2] == 'M')
			*key = RK_ENTER;
		else
			*key = final_key(s[2], 0);
		return 3;
	case ']':
	case 'P':
	case '_':
	case '^':
		/* A string: up to BEL or ESC \. */
		for (i = 2; i < n; i++) {
			if (s[i] == 7)
				return i + 1;
			if (s[i] == 27 && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n >= sizeof ((struct key_decoder *)0)->buf ? n : 0;
	case 27:
		*key = RK_ESC;	/* the first Esc alone */
		return 1;
	}
	/* Alt and a character (one UTF-8 character at most): not a command. */
	return 2;
}

/* Bytes in a UTF-8 character starting with c, 0 if c cannot start one. */
static size_t
utf8_len(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

static const unsigned char paste_end_seq[] = "\033[201~";

/* Decode what is in d->buf; leave an unfinished tail there. */
static void
decode(struct key_decoder *d, struct key_evs *evs, int final)
{
	size_t i = 0, len, k;
	int key, paste;

	while (i < d->n) {
		unsigned char c = d->buf[i];

		if (d->in_paste) {
			/* Everything up to ESC [ 2 0 1 ~ is text. */
			if (c == 27) {
				k = d->n - i < 6 ? d->n - i : 6;
				if (memcmp(d->buf + i, paste_end_seq, k) == 0) {
					if (k < 6 && !final)
						break;
					if (k == 6) {
						paste_end(d, evs, d->t);
						i += 6;
						continue;
					}
				}
			}
			paste_add(d, c);
			i++;
			continue;
		}
		if (c == 27) {
			if (d->n - i < 2 && !final)
				break;
			if (d->n - i < 2) {
				emit(evs, KEV_KEY, RK_ESC, d->t);
				i++;
				continue;
			}
			len = sequence(d->buf + i, d->n - i, &key, &paste);
			if (len == 0) {
				if (!final)
					break;
				emit(evs, KEV_DROPPED, 0, d->t);
				i = d->n;
				continue;
			}
			i += len;
			if (paste == 1)
				d->in_paste = 1;
			else if (paste == 2 || key == 0)
				emit(evs, KEV_DROPPED, 0, d->t);
			else
				emit(evs, KEV_KEY, key, d->t);
			continue;
		}
		if (c == 127 || c == 8) {
			emit(evs, KEV_KEY, RK_BACKSPACE, d->t);
			i++;
		} else if (c == '\n' || c == '\r') {
			emit(evs, KEV_KEY, RK_ENTER, d->t);
			i++;
		} else if (c < 0x80) {
			emit(evs, KEV_KEY, c, d->t);
			i++;
		} else if ((len = utf8_len(c)) == 0) {
			emit(evs, KEV_DROPPED, 0, d->t);
			i++;
		} else if (d->n - i < len && !final) {
			break;
		} else {
			int cp = c & (0x3f >> (len - 1)), ok = d->n - i >= len;

			for (k = 1; ok && k < len; k++) {
				if ((d->buf[i + k] & 0xc0) != 0x80)
					ok = 0;
				else
					cp = (cp << 6) | (d->buf[i + k] & 0x3f);
			}
			emit(evs, ok ? KEV_KEY : KEV_DROPPED, ok ? RK_UNICODE | cp :
			    0, d->t);
			i += ok ? len : 1;
		}
	}
	memmove(d->buf, d->buf + i, d->n - i);
	d->n -= i;
	if (final && d->in_paste && d->n == 0)
		return;	/* a paste goes on until its end arrives */
}

void
keydec_feed(struct key_decoder *d, const unsigned char *s, size_t n, double t,
    struct key_evs *evs)
{
	size_t room;

	while (n > 0) {
		room = sizeof d->buf - d->n;
		if (room > n)
			room = n;
		memcpy(d->buf + d->n, s, room);
		d->n += room;
		d->t = t;
		s += room;
		n -= room;
		decode(d, evs, 0);
		if (d->n == sizeof d->buf) {
			/* Too long for any key: drop it whole. */
			emit(evs, KEV_DROPPED, 0, t);
			d->n = 0;
		}
	}
}

int
keydec_pending(const struct key_decoder *d)
{
	return d->n > 0;
}

void
keydec_flush(struct key_decoder *d, struct key_evs *evs)
{
	decode(d, evs, 1);
	d->n = 0;
}

const char *
keys_name(int key, int utf8, char *buf, size_t len)
{
	static const struct { int key; const char *ascii, *utf8; } names[] = {
		{ RK_UP, "Up", "\xe2\x86\x91" },
		{ RK_DOWN, "Down", "\xe2\x86\x93" },
		{ RK_LEFT, "Left", "\xe2\x86\x90" },
		{ RK_RIGHT, "Right", "\xe2\x86\x92" },
		{ RK_SUP, "Shift-Up", "Shift-\xe2\x86\x91" },
		{ RK_SDOWN, "Shift-Down", "Shift-\xe2\x86\x93" },
		{ RK_SLEFT, "Shift-Left", "Shift-\xe2\x86\x90" },
		{ RK_SRIGHT, "Shift-Right", "Shift-\xe2\x86\x92" },
		{ RK_HOME, "Home", NULL },
		{ RK_END, "End", NULL },
		{ RK_PGUP, "PgUp", NULL },
		{ RK_PGDN, "PgDn", NULL },
		{ RK_INSERT, "Insert", NULL },
		{ RK_DELETE, "Delete", NULL },
		{ RK_BTAB, "Shift-Tab", NULL },
		{ RK_ESC, "Esc", NULL },
		{ RK_ENTER, "Enter", NULL },
		{ RK_TAB, "Tab", NULL },
		{ RK_BACKSPACE, "Backspace", NULL },
		{ ' ', "Space", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].key == key) {
			snprintf(buf, len, "%s", utf8 && names[i].utf8 ?
			    names[i].utf8 : names[i].ascii);
			return buf;
		}
	}
	if (key >= RK_F1 && key <= RK_F12)
		snprintf(buf, len, "F%d", key - RK_F1 + 1);
	else if (key > 0 && key < 32)
		snprintf(buf, len, "Ctrl-%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "?");
	return buf;
}
