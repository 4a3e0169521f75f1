/*
 * keys.h - the dashboard's keyboard, decoded from the terminal's bytes
 * without curses: keys, pasted text (bracketed paste) and sequences that
 * are consumed whole and never act as keys (escape sequences relboard does
 * not know, Alt combinations).  Also the names of keys as the help shows
 * them.  Curses-free: the tests feed it bytes.
 */
#ifndef RB_UI_KEYS_H
#define RB_UI_KEYS_H

#include <stddef.h>

/* Keys: a byte for plain characters and C0, these for the rest. */
#define RK_ESC		27
#define RK_ENTER	'\r'
#define RK_TAB		'\t'
#define RK_BACKSPACE	127
#define RK_CTRL(c)	((c) & 0x1f)
enum {
	RK_UP = 0x1000, RK_DOWN, RK_LEFT, RK_RIGHT,
	RK_SUP, RK_SDOWN, RK_SLEFT, RK_SRIGHT,
	RK_HOME, RK_END, RK_PGUP, RK_PGDN, RK_INSERT, RK_DELETE, RK_BTAB,
	RK_F1, RK_F2, RK_F3, RK_F4, RK_F5, RK_F6, RK_F7, RK_F8, RK_F9,
	RK_F10, RK_F11, RK_F12,
};
/* A non-ASCII character typed: never bound, only text. */
#define RK_UNICODE	0x200000

enum key_ev_type {
	KEV_KEY,		/* key holds the key */
	KEV_PASTE,		/* text holds what was pasted (bracketed) */
	KEV_DROPPED,		/* a sequence consumed whole, not a key */
};

struct key_ev {
	enum key_ev_type type;
	int		 key;
	char		*text;		/* KEV_PASTE: owned, NUL-terminated */
	double		 t;		/* when its bytes were read */
};

#define KEYDEC_PASTE_MAX	65536	/* pasted bytes kept; more are dropped */

struct key_decoder {
	unsigned char	 buf[256];	/* an unfinished sequence */
	size_t		 n;
	int		 in_paste;
	char		*paste;
	size_t		 plen, pcap;
	double		 t;		/* when the pending bytes came */
};

struct key_evs {
	struct key_ev	*v;
	size_t		 n, cap;
};

void	keydec_init(struct key_decoder *);
void	keydec_free(struct key_decoder *);
/* Decode bytes read at time t, appending events to evs. */
void	keydec_feed(struct key_decoder *, const unsigned char *, size_t,
	    double t, struct key_evs *evs);
/*
 * True while bytes wait for the rest of a sequence; the caller waits a
 * moment (KEYDEC_WAIT_S) and then calls keydec_flush().
 */
int	keydec_pending(const struct key_decoder *);
#define KEYDEC_WAIT_S	0.03
/* Nothing more came: a lone Esc is Esc, an unfinished sequence is dropped. */
void	keydec_flush(struct key_decoder *, struct key_evs *evs);
/* Forget what is pending (after typeahead was discarded). */
void	keydec_reset(struct key_decoder *);
void	key_evs_clear(struct key_evs *);

/* "q", "Tab", "Ctrl-L", "Up" (or an arrow in UTF-8): as help shows it. */
const char *keys_name(int key, int utf8, char *buf, size_t len);

#endif
