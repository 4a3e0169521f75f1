/*
 * jsonwalk.c - the element-at-a-time reader (see jsonwalk.h).  A small
 * scanner, which never recurses, finds where each member of the top-level
 * object and each element of an array there ends (it knows strings and
 * brackets, nothing else) and checks what lies between them (whitespace,
 * ':', ',' and the brackets themselves); jansson parses and checks every
 * such piece on its own.  A piece deep enough to meet jansson's nesting
 * limit is parsed inside as many brackets as hold it in the whole text,
 * so that the limit counts as it does there.
 *
 * Nothing is handed to the caller before the text around the walked array
 * has been checked.  When the text is refused, jansson reads it whole once
 * more for its own words about it (the tree it builds up to the fault is
 * freed at once): the walk refuses exactly what jansson refuses, and says
 * so as jansson does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonwalk.h"
#include "core/util.h"

/* A piece nested deeper than this is parsed where it stands (piece()). */
#define WALK_SHALLOW	32

/* Where a piece of the text lies, and how deeply brackets nest in it. */
struct span {
	size_t		 from, to, depth;
};

struct spans {
	struct span	*v;
	size_t		 n, cap;
};

struct walk {
	const char	*b;
	size_t		 len, pos;
};

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_ws(struct walk *w)
{
	while (w->pos < w->len && is_ws(w->b[w->pos]))
		w->pos++;
}

/* Is there nothing but whitespace left? */
static int
at_end(struct walk *w)
{
	skip_ws(w);
	return w->pos == w->len;
}

/* Is the next byte c? */
static int
next_is(const struct walk *w, char c)
{
	return w->pos < w->len && w->b[w->pos] == c;
}

/* Past the string whose '"' is at pos; -1 when it does not end. */
static int
skip_string(struct walk *w)
{
	const char	*q;
	size_t		 at, n;

	for (w->pos++;;) {
		q = memchr(w->b + w->pos, '"', w->len - w->pos);
		if (q == NULL) {
			w->pos = w->len;
			return -1;
		}
		/*
		 * The quote ends the string unless an odd run of backslashes
		 * precedes it (the byte before pos is always a quote).
		 */
		at = (size_t)(q - w->b);
		for (n = 0; at - n > w->pos && w->b[at - n - 1] == '\\'; n++)
			;
		w->pos = at + 1;
		if (n % 2 == 0)
			return 0;
	}
}

/*
 * Past the value starting at pos, into *sp; what lies inside is left for
 * jansson to check.  A scalar ends at whitespace or a separator; -1 when
 * the text ends inside a string or a bracket.
 */
static int
scan_value(struct walk *w, struct span *sp)
{
	size_t	depth = 0;
	char	c;

	sp->from = w->pos;
	sp->depth = 0;
	while (w->pos < w->len) {
		c = w->b[w->pos];
		if (c == '"') {
			if (skip_string(w) != 0)
				return -1;
			if (depth == 0)
				break;
			continue;
		}
		if (c == '{' || c == '[') {
			if (++depth > sp->depth)
				sp->depth = depth;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				break;		/* a scalar's end */
			if (--depth == 0) {
				w->pos++;
				break;
			}
		} else if (depth == 0 && (c == ',' || c == ':' || is_ws(c)))
			break;			/* a scalar's end */
		w->pos++;
	}
	sp->to = w->pos;
	return depth == 0 ? 0 : -1;
}

/* The elements of the array whose '[' is at pos, into el (emptied first). */
static int
scan_array(struct walk *w, struct spans *el)
{
	struct span *sp;

	el->n = 0;
	w->pos++;
	skip_ws(w);
	if (next_is(w, ']')) {
		w->pos++;
		return 0;
	}
	for (;;) {
		skip_ws(w);
		sp = ARRAY_PUSH(el->v, el->n, el->cap);
		if (scan_value(w, sp) != 0)
			return -1;
		skip_ws(w);
		if (next_is(w, ',')) {
			w->pos++;
			continue;
		}
		if (next_is(w, ']')) {
			w->pos++;
			return 0;
		}
		return -1;
	}
}

/*
 * jansson's reading of one piece, which stands inside `nest` arrays or
 * objects in the whole text; NULL when jansson refuses it there.
 */
static json_t *
piece(const struct walk *w, const struct span *sp, size_t nest)
{
	json_t	*root, *v;
	char	*t;
	size_t	 n = sp->to - sp->from, i;

	if (sp->depth <= WALK_SHALLOW)
		return json_loadb(w->b + sp->from, n, JSON_DECODE_ANY, NULL);
	/* Inside as many arrays, jansson's depth limit counts as in the text. */
	t = xmalloc(n + 2 * nest);
	memset(t, '[', nest);
	memcpy(t + nest, w->b + sp->from, n);
	memset(t + nest + n, ']', nest);
	root = json_loadb(t, n + 2 * nest, 0, NULL);
	free(t);
	for (v = root, i = 0; i < nest && v != NULL; i++)
		v = json_array_size(v) == 1 ? json_array_get(v, 0) : NULL;
	json_incref(v);
	json_decref(root);
	return v;
}

/*
 * Each element of el (an array inside `nest` levels) parsed and given to
 * fn (NULL: only checked).  Returns 0, what fn returned to stop, or -1
 * with *bad set when jansson refuses an element.
 */
static int
elements(const struct walk *w, const struct spans *el, size_t nest,
    jsonwalk_fn fn, void *arg, int *bad)
{
	json_t	*e;
	size_t	 i;
	int	 rc;

	for (i = 0; i < el->n; i++) {
		if ((e = piece(w, &el->v[i], nest)) == NULL) {
			*bad = 1;
			return -1;
		}
		rc = fn != NULL ? fn(e, arg) : 0;
		json_decref(e);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The value under the key: its elements (is_array) or itself, checked. */
static int
check_value(const struct walk *w, const struct span *sp, int is_array,
    const struct spans *el, int *bad)
{
	json_t *v;

	if (is_array)
		return elements(w, el, 2, NULL, NULL, bad);
	if ((v = piece(w, sp, 1)) == NULL) {
		*bad = 1;
		return -1;
	}
	json_decref(v);
	return 0;
}

/* The top-level object's members; '{' at pos. */
static int
members(struct walk *w, const char *key, json_t *obj, struct span *last,
    int *have, int *is_array, struct spans *el)
{
	struct span	 sp;
	json_t		*k, *v;
	int		 bad = 0;

	w->pos++;
	skip_ws(w);
	if (next_is(w, '}')) {
		w->pos++;
		return 0;
	}
	for (;;) {
		skip_ws(w);
		if (!next_is(w, '"'))
			return -1;
		sp.from = w->pos;
		if (skip_string(w) != 0)
			return -1;
		sp.to = w->pos;
		sp.depth = 0;
		if ((k = piece(w, &sp, 1)) == NULL)
			return -1;
		skip_ws(w);
		if (!next_is(w, ':')) {
			json_decref(k);
			return -1;
		}
		w->pos++;
		skip_ws(w);
		if (strcmp(json_string_value(k), key) == 0) {
			json_decref(k);
			/* The last of a key counts, as in jansson; this one is checked. */
			if (*have && check_value(w, last, *is_array, el, &bad) != 0)
				return -1;
			*have = 1;
			*is_array = next_is(w, '[');
			last->from = w->pos;
			if ((*is_array ? scan_array(w, el) : scan_value(w, last)) != 0)
				return -1;
		} else {
			if (scan_value(w, &sp) != 0 ||
			    (v = piece(w, &sp, 1)) == NULL) {
				json_decref(k);
				return -1;
			}
			json_object_set_new(obj, json_string_value(k), v);
			json_decref(k);
		}
		skip_ws(w);
		if (next_is(w, ',')) {
			w->pos++;
			continue;
		}
		if (next_is(w, '}')) {
			w->pos++;
			return 0;
		}
		return -1;
	}
}

int
jsonwalk_array(const char *buf, size_t len, const char *key, jsonwalk_fn fn,
    void *arg, json_t **rest, int *found, json_error_t *err)
{
	struct walk	 w = { buf != NULL ? buf : "", len, 0 };
	struct spans	 el = { NULL, 0, 0 };
	struct span	 last = { 0, 0, 0 };
	json_t		*obj = NULL, *whole;
	int		 rc = -1, bad = 0, have = 0, is_array = 0;

	*found = 0;
	if (rest != NULL)
		*rest = NULL;
	skip_ws(&w);
	if (next_is(&w, '[')) {
		/* An array has no members: its elements are only checked. */
		if (scan_array(&w, &el) != 0 || !at_end(&w))
			goto refused;
		rc = elements(&w, &el, 1, NULL, NULL, &bad);
	} else if (next_is(&w, '{')) {
		obj = json_object();
		if (members(&w, key, obj, &last, &have, &is_array, &el) != 0 ||
		    !at_end(&w))
			goto refused;
		if (have && is_array) {
			*found = 1;
			rc = elements(&w, &el, 2, fn, arg, &bad);
		} else
			rc = have ? check_value(&w, &last, 0, &el, &bad) : 0;
	} else
		goto refused;
	if (bad)
		goto refused;
	if (rc == 0 && rest != NULL)
		*rest = obj;
	else
		json_decref(obj);
	free(el.v);
	return rc;
refused:
	json_decref(obj);
	free(el.v);
	*found = 0;
	if (err == NULL)
		return -1;
	/* jansson's own words, from its reading of the whole text. */
	if ((whole = json_loadb(w.b, len, 0, err)) != NULL) {
		json_decref(whole);
		memset(err, 0, sizeof *err);
		snprintf(err->text, sizeof err->text, "unreadable text near "
		    "byte %zu", w.pos);
	}
	return -1;
}
