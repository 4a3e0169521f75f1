/*
 * graph_layout.h - draws a directed graph into a character grid (pure: no
 * curses, so it is unit-tested).  A layered (Sugiyama-style) layout: each
 * node sits below every node it depends on (longest-path layering), edges
 * that skip layers go through dummy positions, crossings are reduced by
 * barycenter ordering sweeps, nodes are placed without overlaps close to
 * their neighbours, and edges are routed down through channels between the
 * layers, each bend on its own track.  The grid holds, per cell, a label
 * character or the line directions through it, which graph_cell_char()
 * turns into box-drawing characters or ASCII (| - +).
 */
#ifndef RB_UI_GRAPH_LAYOUT_H
#define RB_UI_GRAPH_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define GL_NONE		((size_t)-1)

/* Line directions through a cell. */
#define GL_UP		0x1
#define GL_DOWN		0x2
#define GL_LEFT		0x4
#define GL_RIGHT	0x8

struct gl_edge {
	size_t		 from, to;	/* input node indexes */
	bool		 reversed;	/* lay out as to -> from (closes a cycle) */
};

struct gl_node {
	size_t		 node;		/* input node, or GL_NONE for a dummy */
	size_t		 edge;		/* dummies: the input edge it carries */
	int		 w;		/* cells */
	int		 pad;		/* blank cells before the label */
	int		 layer, pos;	/* layer, and place in it */
	int		 x, y;		/* left cell and row in the grid */
	double		 key;		/* scratch: ordering and placement */
};

/* One hop of an edge between adjacent layers. */
struct gl_seg {
	size_t		 up, down;	/* layout nodes */
	size_t		 edge;		/* input edge */
	int		 x0, x1;	/* exit column under up, entry over down */
	int		 track;		/* row in the channel, -1 straight */
};

struct gl_cell {
	char		 ch[5];		/* a label's UTF-8 character, or "" */
	unsigned char	 lines;		/* GL_* directions */
	size_t		 node;		/* the label's input node, or GL_NONE */
	size_t		 edge[2];	/* input edges drawn here, or GL_NONE */
};

struct gl_layout {
	size_t		 nin;		/* input nodes (layout nodes 0..nin-1) */
	struct gl_node	*nodes;
	size_t		 nnodes, nodes_cap;
	struct gl_seg	*segs;
	size_t		 nsegs, segs_cap;
	int		 nlayers;
	size_t		**layer;	/* layout nodes of each layer, in order */
	size_t		*layer_len;
	int		*layer_y;	/* row of each layer */
	size_t		 crossings;	/* after ordering */
	int		 width, height;
	struct gl_cell	*cells;		/* height rows of width cells */
};

/*
 * Lay out nin nodes with the given labels (UTF-8, one cell per character)
 * and edges; self-loops are left out.  Edges must not form cycles unless
 * the edges that close them are marked reversed.
 */
void	gl_layout(struct gl_layout *, size_t nin, const char *const *labels,
	    const struct gl_edge *edges, size_t nedges);
void	gl_free(struct gl_layout *);

const struct gl_cell *gl_cell_at(const struct gl_layout *, int y, int x);
/* The character for a cell: its label character or its lines. */
const char *gl_cell_char(const struct gl_cell *, int utf8);
/* The whole grid as text, rows ending in '\n', trailing blanks cut. */
char	*gl_text(const struct gl_layout *, int utf8);
/* Cells of a UTF-8 label (one per character). */
int	 gl_label_width(const char *);

/* Count crossings between adjacent layers for the current order. */
size_t	gl_count_crossings(const struct gl_layout *);

/* A window of w x h cells at (x, y) onto the grid (graph_view.c). */
struct gl_view {
	int		 x, y, w, h;
};

void	gl_view_clamp(const struct gl_layout *, struct gl_view *);
/* Centre on a node, or scroll just enough to show it whole. */
void	gl_view_centre(const struct gl_layout *, struct gl_view *, size_t node);
void	gl_view_follow(const struct gl_layout *, struct gl_view *, size_t node);
/* The window's text, as gl_text() gives the whole grid. */
char	*gl_view_text(const struct gl_layout *, const struct gl_view *, int utf8);

/* A short note drawn beside an edge of the grid (graph_marks.c). */
struct gl_mark {
	int		 y, x;		/* grid cell of its first character */
	size_t		 edge;		/* input edge */
	char		 text[16];	/* ASCII */
};
/*
 * Place the notes texts[e] (NULL: none) of edges 0..nedges-1 beside their
 * vertical stretches, on blank cells; where texts[e] does not fit,
 * shorts[e] (may be NULL) is tried.  Returns how many were placed in out.
 */
size_t	gl_marks_place(const struct gl_layout *, const char *const *texts,
	    const char *const *shorts, size_t nedges, struct gl_mark *out,
	    size_t max);

#endif
