/*
 * graph_label.c - how a graph node looks in the Graph pane (curses-free,
 * unit-tested): its label with a state symbol, in brackets that tell the
 * kind ([service], (flag), {rollout}), and the colour role of its state.
 */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "ui/format.h"
#include "ui/graph_label.h"

const char *
graph_symbol(const struct gnode *n, int utf8)
{
	switch (n->kind) {
	case GNODE_FLAG:
		switch (n->state) {
		case GS_ON:
			return utf8 ? "\xe2\x97\x8f" : "*";	/* black circle */
		case GS_PARTIAL:
			return utf8 ? "\xe2\x97\x90" : "~";	/* half circle */
		case GS_OFF:
			return utf8 ? "\xe2\x97\x8b" : "o";	/* white circle */
		case GS_KILLED:
			return utf8 ? "\xe2\x9c\x96" : "X";	/* heavy x */
		case GS_BLOCKED:
			return utf8 ? "\xe2\x8a\x98" : "#";	/* circled slash */
		default:
			return "?";
		}
	case GNODE_SERVICE:
		switch (n->state) {
		case GS_ON:
			return glyph_health(HEALTH_OK, utf8);
		case GS_WARN:
			return glyph_health(HEALTH_WARN, utf8);
		case GS_CRIT:
			return glyph_health(HEALTH_CRIT, utf8);
		default:
			return "?";
		}
	case GNODE_ROLLOUT:
		return n->word != NULL && strcmp(n->word, "?") != 0 ?
		    glyph_rollout(n->word, utf8) : "?";
	case GNODE_OTHER:
		break;
	}
	return "?";
}

char *
graph_label(const struct gnode *n, int utf8)
{
	const char	*open = "(", *close = ")", *word = "";
	const char	*cyc = n->in_cycle ? (utf8 ? " \xe2\x86\xba" : " @") : "";

	switch (n->kind) {
	case GNODE_SERVICE:
		open = "[";
		close = "]";
		break;
	case GNODE_ROLLOUT:
		open = "{";
		close = "}";
		break;
	case GNODE_FLAG:
		if (n->word != NULL && strcmp(n->word, "?") != 0)
			word = n->word;
		break;
	case GNODE_OTHER:
		open = close = "";
		break;
	}
	return xasprintf("%s%s %s%s%s%s%s", open, graph_symbol(n, utf8), n->name,
	    *word ? " " : "", word, cyc, close);
}

enum role
graph_role(const struct gnode *n)
{
	if (n->in_cycle)
		return ROLE_CRIT;
	switch (n->state) {
	case GS_ON:
		return ROLE_OK;
	case GS_PARTIAL:
		return ROLE_INFO;
	case GS_OFF:
		return ROLE_DIM;
	case GS_WARN:
	case GS_BLOCKED:
		return ROLE_WARN;
	case GS_CRIT:
	case GS_KILLED:
		return ROLE_CRIT;
	case GS_UNKNOWN:
		break;
	}
	return ROLE_UNKNOWN;
}
