/*
 * jsonwalk.h - reading a large JSON answer one element at a time.  The
 * array under one key of the top-level object is handed over element by
 * element, each parsed by jansson on its own and freed after use, so that
 * a listing of 10,000 flags never becomes one tree; the object's other
 * members (small) are parsed into an object.  What is taken and what is
 * refused is exactly what json_loadb(buf, len, 0, ...) takes and refuses.
 */
#ifndef RB_JSONWALK_H
#define RB_JSONWALK_H

#include <stddef.h>

#include <jansson.h>

/*
 * Called with each element, in order.  The element is freed when this
 * returns (json_incref it to keep it).  0 goes on; a positive value stops
 * the walk.
 */
typedef int (*jsonwalk_fn)(json_t *elem, void *arg);

/*
 * Read buf (len bytes) as json_loadb(buf, len, 0, err) would.  When it is
 * an object whose member `key` is an array (the last one when the key is
 * given more than once, as jansson keeps it), each element goes to fn and
 * *found is 1; otherwise fn is not called and *found is 0.  *rest (unless
 * rest is NULL) is an object of the top-level object's other members, or
 * NULL when the text is not an object; the caller frees it.
 *
 * Returns 0; what fn returned when it stopped the walk (*rest NULL); or -1
 * when jansson refuses the text, with *err (unless NULL) as jansson's
 * json_loadb fills it in.  All the text but the array's elements is
 * checked before fn sees one; when an element is refused, fn has seen
 * those before it.
 */
int	jsonwalk_array(const char *buf, size_t len, const char *key,
	    jsonwalk_fn fn, void *arg, json_t **rest, int *found,
	    json_error_t *err);

#endif
