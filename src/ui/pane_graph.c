/*
 * pane_graph.c - pane 4: the dependency graph, drawn.  Services, flags (in
 * one environment, `e` switches) and rollouts are laid out in layers by
 * graph_layout.c, each below what it depends on, with box-drawing lines
 * (ASCII without UTF-8).  The arrows, j/k and h/l move the selection from
 * node to node and the view follows; H/L, PgUp/PgDn and Shift-arrows pan.
 * The selected node's neighbours and edges are highlighted, its whole
 * story is on the last line, and cycles are reported above it.  Other
 * panes ask the event loop to centre a node here (UI_FOCUS).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/graph.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/format.h"
#include "ui/graph_label.h"
#include "ui/graph_layout.h"
#include "ui/graph_tree.h"
#include "ui/ui_int.h"

struct graph_view {
	unsigned	 gen;		/* model generation it was built from */
	unsigned long	 graph_gen;	/* the model's graph_gen then */
	int		 built;
	int		 utf8;
	char		*env;		/* environment of the flag states */
	struct graph	 g;
	struct gl_layout lay;
	char		**labels;
	size_t		 sel;		/* selected graph node */
	char		*sel_id;
	struct gl_view	 view;		/* the window onto the grid */
	int		 follow;	/* keep the selection in view */
	char		*focus;		/* centre this node at the next paint */

	/* The focused view (the default; f switches to the drawing). */
	int		 drawing;
	int		 relayout;	/* rebuild at the next update */
	char		*tfocus;	/* id of the focused node */
	char		*back[16];	/* earlier focuses, for Backspace */
	size_t		 nback;
	struct gtree	 tree;
	int		 tree_ok;	/* tree and impact are for: */
	unsigned	 tree_gen;	/* this model generation */
	size_t		 tree_node;	/* this focused node */
	char		**impact;	/* flags a kill of the focus switches */
	size_t		 nimpact;
	size_t		 tsel, ttop;	/* selected and first line shown */
	int		 trows;		/* lines shown at the last paint */

	/* The drawing's notes beside edges, and each edge's colour. */
	struct gl_mark	*marks;
	size_t		 nmarks;
	enum role	*edge_role;	/* per graph edge; ROLE_DIM: plain */
	int		 marks_ok;	/* for this generation and layout: */
	unsigned	 marks_gen;
};

static struct graph_view *
view_get(struct ui_state *st)
{
	if (st->graph == NULL) {
		st->graph = xcalloc(1, sizeof *st->graph);
		st->graph->follow = 1;
	}
	return st->graph;
}

static void
view_clear(struct graph_view *v)
{
	size_t i;

	if (!v->built)
		return;
	for (i = 0; i < v->g.nnodes; i++)
		free(v->labels[i]);
	free(v->labels);
	v->labels = NULL;
	gl_free(&v->lay);
	graph_free(&v->g);
	free(v->marks);
	free(v->edge_role);
	v->marks = NULL;
	v->edge_role = NULL;
	v->nmarks = 0;
	v->marks_ok = 0;
	v->built = 0;
}

static void
graph_pane_free(struct ui_state *st)
{
	struct graph_view *v = st->graph;

	if (v == NULL)
		return;
	view_clear(v);
	free(v->env);
	free(v->sel_id);
	free(v->focus);
	free(v->tfocus);
	while (v->nback > 0)
		free(v->back[--v->nback]);
	gtree_free(&v->tree);
	graph_strings_free(v->impact, v->nimpact);
	free(v);
	st->graph = NULL;
}

/* Environments seen on flags; production first when there is one. */
static size_t
envs_of(const struct model *m, const char **out, size_t max)
{
	size_t i, j, k, n = 0;

	for (i = 0; i < m->nflags; i++) {
		for (j = 0; j < m->flags[i].nenvs; j++) {
			const char *name = m->flags[i].envs[j].name;

			for (k = 0; name != NULL && k < n; k++) {
				if (strcmp(out[k], name) == 0)
					break;
			}
			if (name != NULL && k == n && n < max)
				out[n++] = name;
		}
	}
	return n;
}

static void
pick_env(struct graph_view *v, const struct model *m)
{
	const char	*envs[UI_MAXENVS];
	size_t		 n = envs_of(m, envs, UI_MAXENVS), k;

	for (k = 0; v->env != NULL && k < n; k++) {
		if (strcmp(envs[k], v->env) == 0)
			return;
	}
	if (n == 0)
		return;
	for (k = 0; k < n && strcmp(envs[k], "production") != 0; k++)
		;
	free(v->env);
	v->env = xstrdup(envs[k < n ? k : 0]);
}

/* Rebuild the graph and its layout when the model or settings changed. */
static struct graph_view *
view_update(struct ui_state *st)
{
	struct graph_view	*v = view_get(st);
	struct gl_edge		*edges;
	size_t			 i;

	/*
	 * Rebuild only when the edges changed, or a poll changed what a
	 * node shows (its label); otherwise the states are refreshed.
	 */
	if (v->built && !v->relayout && v->utf8 == st->utf8 &&
	    (v->gen == st->model->generation ||
	    (v->graph_gen == st->model->graph_gen &&
	    graph_refresh(&v->g, st->model, v->env) == 0))) {
		v->gen = st->model->generation;
		return v;
	}
	view_clear(v);
	pick_env(v, st->model);
	graph_build(&v->g, st->model, v->env);
	v->labels = xcalloc(v->g.nnodes + 1, sizeof *v->labels);
	for (i = 0; i < v->g.nnodes; i++)
		v->labels[i] = graph_label(&v->g.nodes[i], st->utf8);
	/* The layered drawing is laid out only while it is shown. */
	if (v->drawing) {
		edges = xcalloc(v->g.nedges + 1, sizeof *edges);
		for (i = 0; i < v->g.nedges; i++) {
			edges[i].from = v->g.edges[i].from;
			edges[i].to = v->g.edges[i].to;
			edges[i].reversed = v->g.edges[i].back;
		}
		gl_layout(&v->lay, v->g.nnodes, (const char *const *)v->labels,
		    edges, v->g.nedges);
		free(edges);
	}
	v->gen = st->model->generation;
	v->graph_gen = st->model->graph_gen;
	v->utf8 = st->utf8;
	v->built = 1;
	v->relayout = 0;
	v->tree_ok = 0;		/* node indexes may have moved */

	/* Keep the selection on the same node. */
	if (v->sel_id != NULL && (i = graph_find(&v->g, v->sel_id)) != GRAPH_NONE)
		v->sel = i;
	else if (v->sel >= v->g.nnodes)
		v->sel = 0;
	if (v->g.nnodes > 0) {
		free(v->sel_id);
		v->sel_id = xstrdup(v->g.nodes[v->sel].id);
	}
	return v;
}

static void
select_node(struct graph_view *v, size_t i)
{
	if (i >= v->g.nnodes)
		return;
	v->sel = i;
	free(v->sel_id);
	v->sel_id = xstrdup(v->g.nodes[i].id);
	v->follow = 1;
}

static int
adjacent(const struct graph_view *v, size_t a, size_t b)
{
	size_t k;

	for (k = 0; k < v->g.nodes[a].nout; k++) {
		if (v->g.edges[v->g.nodes[a].out[k]].to == b)
			return 1;
	}
	for (k = 0; k < v->g.nodes[a].nin; k++) {
		if (v->g.edges[v->g.nodes[a].in[k]].from == b)
			return 1;
	}
	return 0;
}

static int
edge_of_sel(const struct graph_view *v, const struct gl_cell *c)
{
	size_t k, e;

	for (k = 0; k < 2; k++) {
		if ((e = c->edge[k]) == GL_NONE || e >= v->g.nedges)
			continue;
		if (v->g.edges[e].from == v->sel || v->g.edges[e].to == v->sel)
			return 1;
	}
	return 0;
}

static void
paint_cells(struct ui_state *st, struct graph_view *v, int y0, int rows)
{
	const struct gl_cell	*c;
	int			 r, x, gy, gx;
	attr_t			 a;
	enum role		 role;

	for (r = 0; r < rows; r++) {
		gy = v->view.y + r;
		for (x = 0; x < COLS && v->view.x + x < v->lay.width; x++) {
			gx = v->view.x + x;
			if ((c = gl_cell_at(&v->lay, gy, gx)) == NULL)
				break;
			if (c->ch[0] == '\0' && c->lines == 0)
				continue;
			if (c->node != GL_NONE) {
				role = graph_role(&v->g.nodes[c->node]);
				a = ui_attr(st, role);
				if (c->node == v->sel)
					a = ui_attr(st, ROLE_SELECTED);
				else if (adjacent(v, v->sel, c->node))
					a |= A_BOLD | A_UNDERLINE;
			} else if (edge_of_sel(v, c))
				a = ui_attr(st, ROLE_INFO) | A_BOLD;
			else if (v->edge_role != NULL &&
			    c->edge[0] < v->g.nedges &&
			    v->edge_role[c->edge[0]] != ROLE_DIM)
				a = ui_attr(st, v->edge_role[c->edge[0]]);
			else
				a = ui_attr(st, ROLE_DIM);
			attrset(a);
			mvaddstr(y0 + r, x, gl_cell_char(c, st->utf8));
		}
	}
	attrset(A_NORMAL);
}

/*
 * The drawing's notes: a failing call's error ratio ("12%", or "!" where
 * there is no room) in its health's colour, "no traffic" on a declared
 * dependency nobody calls, "undeclared" on a call the config does not
 * list.  Worked out again when the model or the layout changes.
 */
static void
marks_update(const struct model *m, struct graph_view *v)
{
	const char	**texts, **shorts;
	char		(*ratio)[16];
	const char	*mark;
	size_t		 i, max;

	if (v->marks_ok && v->marks_gen == m->generation)
		return;
	free(v->marks);
	free(v->edge_role);
	v->marks = NULL;
	v->nmarks = 0;
	v->edge_role = xcalloc(v->g.nedges + 1, sizeof *v->edge_role);
	texts = xcalloc(v->g.nedges + 1, sizeof *texts);
	shorts = xcalloc(v->g.nedges + 1, sizeof *shorts);
	ratio = xcalloc(v->g.nedges + 1, sizeof *ratio);
	for (i = max = 0; i < v->g.nedges; i++) {
		const struct gedge	*e = &v->g.edges[i];
		const struct edge	*me = model_find_edge(m,
					    v->g.nodes[e->from].id,
					    v->g.nodes[e->to].id, e->kind);

		v->edge_role[i] = ROLE_DIM;
		if (me == NULL)
			continue;
		if ((me->health == HEALTH_WARN || me->health == HEALTH_CRIT) &&
		    !isnan(me->error_ratio)) {
			v->edge_role[i] = me->health == HEALTH_CRIT ?
			    ROLE_CRIT : ROLE_WARN;
			fmt_ratio(ratio[i], sizeof ratio[i], me->error_ratio);
			texts[i] = ratio[i];
			shorts[i] = "!";
		} else if ((mark = edge_mark(me)) != NULL) {
			texts[i] = mark;
			shorts[i] = me->origin == EDGE_CONFIG ? "0/s" : "+";
		} else
			continue;
		max++;
	}
	if (max > 0 && v->drawing) {
		v->marks = xcalloc(max, sizeof *v->marks);
		v->nmarks = gl_marks_place(&v->lay, texts, shorts, v->g.nedges,
		    v->marks, max);
	}
	free(texts);
	free(shorts);
	free(ratio);
	v->marks_gen = m->generation;
	v->marks_ok = 1;
}

/* The notes inside the window, over the cells painted from row y0. */
static void
paint_marks(struct ui_state *st, const struct graph_view *v, int y0,
    int rows)
{
	const struct gl_mark	*k;
	size_t			 i;
	int			 y, x;
	enum role		 role;

	for (i = 0; i < v->nmarks; i++) {
		k = &v->marks[i];
		y = k->y - v->view.y;
		x = k->x - v->view.x;
		if (y < 0 || y >= rows || x < 0 || x >= COLS)
			continue;
		role = v->edge_role[k->edge];
		if (role == ROLE_DIM)
			role = ROLE_INFO;
		ui_put(st, y0 + y, x, COLS - x, role, k->text, 0);
	}
}

/*
 * What a service dependency's traffic says, for the selected node's line:
 * " (20.0/s, fails 10%)", " (no traffic)", " (undeclared, 4.00/s, 0%)";
 * empty for other edges and where nothing is known.
 */
static void
edge_note(const struct model *m, const struct graph_view *v,
    const struct gedge *e, char *buf, size_t len)
{
	const struct edge	*me = model_find_edge(m, v->g.nodes[e->from].id,
				    v->g.nodes[e->to].id, e->kind);
	const char		*mark;
	char			 r[32], f[32];

	buf[0] = '\0';
	if (me == NULL || me->origin == EDGE_ORIGIN_NONE)
		return;
	mark = edge_mark(me);
	if (mark != NULL && me->origin == EDGE_CONFIG) {
		snprintf(buf, len, " (%s)", mark);
		return;
	}
	if (isnan(me->request_rate))
		return;
	fmt_rate(r, sizeof r, me->request_rate);
	fmt_ratio(f, sizeof f, me->error_ratio);
	snprintf(buf, len, " (%s%s%s, fails %s)", mark ? mark : "",
	    mark ? ", " : "", r, f);
}

/* "flag new-checkout in production: ...; needs ...; feeds ...". */
static void
detail_text(const struct model *m, const struct graph_view *v, char *buf,
    size_t len)
{
	char			 note[96];
	const struct gnode	*n = &v->g.nodes[v->sel];
	size_t			 off, k;
	const char		*kind = n->kind == GNODE_FLAG ? "flag" :
				    n->kind == GNODE_SERVICE ? "service" :
				    n->kind == GNODE_ROLLOUT ? "rollout" : "node";

	off = (size_t)snprintf(buf, len, "%s %s%s%s: %s", kind, n->name,
	    n->kind == GNODE_FLAG && v->env ? " in " : "",
	    n->kind == GNODE_FLAG && v->env ? v->env : "",
	    n->status ? n->status : "?");
	for (k = 0; k < n->nin && off < len; k++) {
		const struct gedge *e = &v->g.edges[n->in[k]];

		edge_note(m, v, e, note, sizeof note);
		off += (size_t)snprintf(buf + off, len - off, "%s%s%s",
		    k == 0 ? "; from " : ", ", v->g.nodes[e->from].id, note);
	}
	for (k = 0; k < n->nout && off < len; k++) {
		const struct gedge *e = &v->g.edges[n->out[k]];

		edge_note(m, v, e, note, sizeof note);
		off += (size_t)snprintf(buf + off, len - off, "%s%s%s",
		    k == 0 ? "; to " : ", ", v->g.nodes[e->to].id, note);
	}
}

/* Whether name is among the names a kill would turn off (or on). */
static int
in_list(char **names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return 1;
	}
	return 0;
}

static void
set_tfocus(struct graph_view *v, const char *id)
{
	free(v->tfocus);
	v->tfocus = xstrdup(id);
	v->tsel = v->ttop = 0;
}

/*
 * The mark of tree line i when it is a service calling the service on the
 * line above it: "  calls fail 10%" while the call is warn or crit,
 * "  (no traffic)" or "  (undeclared)"; else "".
 */
static const char *
call_mark(const struct model *m, const struct graph_view *v,
    const struct gtree *t, size_t i, char *buf, size_t len)
{
	const struct edge	*e;
	const char		*mark;
	size_t			 p = i;
	char			 r[32];

	while (p > 0 && t->v[--p].depth >= t->v[i].depth)
		;
	if (t->v[p].depth != t->v[i].depth - 1 ||
	    v->g.nodes[t->v[p].node].kind != GNODE_SERVICE)
		return "";
	e = model_find_edge(m, v->g.nodes[t->v[p].node].id,
	    v->g.nodes[t->v[i].node].id, "service-dependency");
	if (e == NULL)
		return "";
	if ((mark = edge_mark(e)) != NULL) {
		snprintf(buf, len, "  (%s)", mark);
		return buf;
	}
	if (e->health != HEALTH_WARN && e->health != HEALTH_CRIT)
		return "";
	fmt_ratio(r, sizeof r, e->error_ratio);
	snprintf(buf, len, "  calls fail %s", r);
	return buf;
}

/*
 * The focused view: the node, what it needs, then everything that
 * depends on it as a tree, one node per line; lines a kill of the
 * focused flag would switch are marked, and so are the ones already off.
 */
static void
tree_paint(struct ui_state *st, struct graph_view *v, int y, int h)
{
	struct gtree		*t = &v->tree;
	char			 buf[1024], pre[GTREE_DEPTH * 8], **impact = NULL;
	char			 note[64];
	size_t			 f, i, k, off, nimpact = 0;
	int			 rows, row, u = st->utf8;

	if (v->focus != NULL) {
		set_tfocus(v, v->focus);
		free(v->focus);
		v->focus = NULL;
	}
	if (v->tfocus == NULL || (f = graph_find(&v->g, v->tfocus)) == GRAPH_NONE) {
		f = v->sel < v->g.nnodes ? v->sel : 0;
		set_tfocus(v, v->g.nodes[f].id);
	}
	/* Worked out again only when the model or the focus changes. */
	if (!v->tree_ok || v->tree_gen != st->model->generation ||
	    v->tree_node != f) {
		gtree_build(t, &v->g, f, 5000);
		graph_strings_free(v->impact, v->nimpact);
		v->impact = NULL;
		v->nimpact = 0;
		if (v->g.nodes[f].kind == GNODE_FLAG)
			v->nimpact = graph_kill_impact(st->model,
			    v->g.nodes[f].name, v->env, &v->impact);
		v->tree_ok = 1;
		v->tree_gen = st->model->generation;
		v->tree_node = f;
	}
	impact = v->impact;
	nimpact = v->nimpact;

	ui_fill(st, y, 0, COLS, ROLE_TITLE);
	snprintf(buf, sizeof buf, " %s  env %s (e)  Enter focus  Bksp back  "
	    "f drawing", v->g.nodes[f].id, v->env ? v->env : "-");
	ui_put(st, y, 0, COLS, ROLE_TITLE, buf, 0);
	off = (size_t)snprintf(buf, sizeof buf, " needs: ");
	for (k = 0; k < t->nup && off < sizeof buf; k++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s",
		    k ? ", " : "", v->g.nodes[t->up[k]].id);
	if (t->nup == 0)
		snprintf(buf, sizeof buf, " needs nothing");
	ui_put(st, y + 1, 0, COLS, ROLE_DIM, buf, 0);

	rows = h - 4;		/* title, needs, and two lines of story */
	if (rows < 1)
		rows = 1;
	v->trows = rows;
	if (v->tsel >= t->n)
		v->tsel = t->n > 0 ? t->n - 1 : 0;
	if (v->tsel < v->ttop)
		v->ttop = v->tsel;
	if (v->tsel >= v->ttop + (size_t)rows)
		v->ttop = v->tsel - (size_t)rows + 1;
	for (i = v->ttop, row = 0; i < t->n && row < rows; i++, row++) {
		const struct gtree_line	*l = &t->v[i];
		const struct gnode	*n = &v->g.nodes[l->node];
		int			 ry = y + 2 + row, x, sel = i == v->tsel;
		const char		*mark = "";

		gtree_prefix(t, i, u, pre, sizeof pre);
		if (i > 0 && n->kind == GNODE_FLAG && in_list(impact, nimpact,
		    n->name))
			mark = u ? "  \xe2\x97\x80 a kill switches it" :
			    "  <- a kill switches it";
		else if (i > 0 && (n->state == GS_OFF || n->state == GS_KILLED ||
		    n->state == GS_BLOCKED))
			mark = "  (off already)";
		else if (i > 0 && n->kind == GNODE_SERVICE)
			mark = call_mark(st->model, v, t, i, note, sizeof note);
		if (sel)
			ui_fill(st, ry, 0, COLS, ROLE_SELECTED);
		x = ui_put(st, ry, 1, COLS - 1, sel ? ROLE_SELECTED : ROLE_DIM,
		    pre, 0) + 1;
		x += ui_put(st, ry, x, COLS - x, sel ? ROLE_SELECTED :
		    graph_role(n), v->labels[l->node], 0);
		if (l->repeat)
			x += ui_put(st, ry, x, COLS - x, ROLE_DIM, " (above)", 0);
		ui_put(st, ry, x, COLS - x, sel ? ROLE_SELECTED : *mark ==
		    ' ' && mark[2] != '(' ? ROLE_WARN : ROLE_DIM, mark, 0);
	}
	/* The selected line's whole story, over two lines. */
	if (t->n > 0) {
		size_t cut;

		select_node(v, t->v[v->tsel].node);
		detail_text(st->model, v, buf, sizeof buf);
		cut = text_cut(buf, COLS - 2, u);
		if (buf[cut] == '\0')
			ui_put(st, y + h - 2, 1, COLS - 2, ROLE_INFO, buf, 0);
		else {
			char *first = xstrndup(buf, cut);

			ui_put(st, y + h - 2, 1, COLS - 2, ROLE_INFO, first, 0);
			free(first);
			ui_put(st, y + h - 1, 1, COLS - 2, ROLE_INFO, buf + cut +
			    (buf[cut] == ' '), 0);
		}
	}
}

static void
graph_paint(struct ui_state *st, int y, int h)
{
	struct graph_view	*v = view_update(st);
	char			 buf[1024], pos[64];
	size_t			 i;
	int			 rows, ncyc = v->g.ncycles > 0 ? 1 : 0;

	if (h < 3)
		return;
	if (!v->drawing && h >= 6) {
		tree_paint(st, v, y, h);
		return;
	}
	if (!v->drawing) {
		/* Too short for the focused view: show the drawing. */
		v->drawing = 1;
		v->relayout = 1;
		v = view_update(st);
	}
	rows = h - 2 - ncyc;
	if (rows < 1)
		rows = 1;
	v->view.w = COLS;
	v->view.h = rows;
	if (v->focus != NULL) {
		if ((i = graph_find(&v->g, v->focus)) != GRAPH_NONE) {
			select_node(v, i);
			gl_view_centre(&v->lay, &v->view, i);
		}
		free(v->focus);
		v->focus = NULL;
	} else if (v->follow && v->g.nnodes > 0)
		gl_view_follow(&v->lay, &v->view, v->sel);
	gl_view_clamp(&v->lay, &v->view);

	ui_fill(st, y, 0, COLS, ROLE_TITLE);
	snprintf(buf, sizeof buf, " env %s (e)  %zu nodes  hjkl move  "
	    "HL pan  c centre  f focused view", v->env ? v->env : "-",
	    v->g.nnodes);
	snprintf(pos, sizeof pos, " %d,%d of %dx%d ", v->view.x, v->view.y,
	    v->lay.width, v->lay.height);
	if (v->lay.width > v->view.w || v->lay.height > v->view.h) {
		ui_put(st, y, 0, COLS - (int)strlen(pos), ROLE_TITLE, buf, 0);
		ui_put(st, y, COLS - (int)strlen(pos), (int)strlen(pos),
		    ROLE_TITLE, pos, 0);
	} else
		ui_put(st, y, 0, COLS, ROLE_TITLE, buf, 0);

	marks_update(st->model, v);
	paint_cells(st, v, y + 1, rows);
	paint_marks(st, v, y + 1, rows);
	if (ncyc) {
		snprintf(buf, sizeof buf, "cycle: %s%s", v->g.cycles[0],
		    v->g.ncycles_total > 1 ? " (and more)" : "");
		ui_put(st, y + 1 + rows, 1, COLS - 2, ROLE_CRIT, buf, 0);
	}
	if (v->g.nnodes > 0) {
		detail_text(st->model, v, buf, sizeof buf);
		ui_put(st, y + h - 1, 1, COLS - 2, ROLE_INFO, buf, 0);
	}
}

/* The nearest real node in the nearest layer in direction dl (-1/+1). */
static size_t
vertical_pick(const struct graph_view *v, int dl)
{
	const struct gl_layout	*l = &v->lay;
	const struct gl_node	*cur = &l->nodes[v->sel];
	double			 cx = cur->x + cur->w / 2.0, d, bestd = 0;
	size_t			 i, best = GRAPH_NONE;
	int			 L;

	for (L = cur->layer + dl; L >= 0 && L < l->nlayers; L += dl) {
		for (i = 0; i < l->layer_len[L]; i++) {
			const struct gl_node *n = &l->nodes[l->layer[L][i]];

			if (n->node == GL_NONE)
				continue;
			d = n->x + n->w / 2.0 - cx;
			if (d < 0)
				d = -d;
			if (best == GRAPH_NONE || d < bestd) {
				best = n->node;
				bestd = d;
			}
		}
		if (best != GRAPH_NONE)
			return best;
	}
	return GRAPH_NONE;
}

static size_t
horizontal_pick(const struct graph_view *v, int dir)
{
	const struct gl_layout	*l = &v->lay;
	const struct gl_node	*cur = &l->nodes[v->sel];
	int			 p;

	for (p = cur->pos + dir; p >= 0 && (size_t)p < l->layer_len[cur->layer];
	    p += dir) {
		const struct gl_node *n = &l->nodes[l->layer[cur->layer][p]];

		if (n->node != GL_NONE)
			return n->node;
	}
	return GRAPH_NONE;
}

static int
go_to(struct graph_view *v, size_t to)
{
	if (to != GRAPH_NONE)
		select_node(v, to);
	return UI_REDRAW;
}

static int
pan(struct graph_view *v, int dx, int dy)
{
	v->follow = 0;
	v->view.x += dx;
	v->view.y += dy;
	gl_view_clamp(&v->lay, &v->view);
	return UI_REDRAW;
}

static int
switch_env(struct ui_state *st, struct graph_view *v, int dir)
{
	const char	*envs[UI_MAXENVS];
	size_t		 n = envs_of(st->model, envs, UI_MAXENVS), k;

	if (n == 0)
		return UI_REDRAW;
	for (k = 0; v->env != NULL && k < n; k++) {
		if (strcmp(envs[k], v->env) == 0)
			break;
	}
	k = k >= n ? 0 : (k + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	free(v->env);
	v->env = xstrdup(envs[k]);
	view_clear(v);
	return UI_REDRAW;
}

static int
graph_move(struct ui_state *st, long delta, int absolute)
{
	struct graph_view	*v = view_update(st);
	int			 py = v->view.h > 2 ? v->view.h / 2 : 1;

	if (v->g.nnodes == 0)
		return 0;
	if (!v->drawing) {
		long to = absolute ? delta : (long)v->tsel + (delta == 1 ||
		    delta == -1 ? delta : (delta < 0 ? -v->trows : v->trows));

		if (to < 0)
			to = 0;
		if (v->tree.n > 0 && to >= (long)v->tree.n)
			to = (long)v->tree.n - 1;
		v->tsel = (size_t)to;
		return UI_REDRAW;
	}
	if (absolute)
		return go_to(v, delta == 0 ? 0 : v->g.nnodes - 1);
	if (delta == 1 || delta == -1)
		return go_to(v, vertical_pick(v, (int)delta));
	return pan(v, 0, delta < 0 ? -py : py);
}

static int
pan_by(struct ui_state *st, int dx, int dy)
{
	struct graph_view	*v = view_update(st);
	int			 px = v->view.w > 4 ? v->view.w / 2 : 2;
	int			 py = v->view.h > 2 ? v->view.h / 2 : 1;

	if (v->g.nnodes == 0 || !v->drawing)
		return 0;
	return pan(v, dx * px, dy * py);
}

static int
k_left(struct ui_state *st, struct mode *m)
{
	struct graph_view *v = view_update(st);

	if (!v->drawing)
		return 0;
	return v->g.nnodes == 0 ? 0 : go_to(v, horizontal_pick(v, -1));
}

static int
k_right(struct ui_state *st, struct mode *m)
{
	struct graph_view *v = view_update(st);

	if (!v->drawing)
		return 0;
	return v->g.nnodes == 0 ? 0 : go_to(v, horizontal_pick(v, 1));
}

static int k_pan_left(struct ui_state *st, struct mode *m)
{ return pan_by(st, -1, 0); }
static int k_pan_right(struct ui_state *st, struct mode *m)
{ return pan_by(st, 1, 0); }
static int k_pan_up(struct ui_state *st, struct mode *m)
{ return pan_by(st, 0, -1); }
static int k_pan_down(struct ui_state *st, struct mode *m)
{ return pan_by(st, 0, 1); }

static int
k_centre(struct ui_state *st, struct mode *m)
{
	struct graph_view *v = view_update(st);

	if (v->g.nnodes == 0 || !v->drawing)
		return 0;
	v->follow = 1;
	gl_view_centre(&v->lay, &v->view, v->sel);
	return UI_REDRAW;
}

/* Enter: focus on the selected line (the drawing: on the selected node). */
static int
k_refocus(struct ui_state *st, struct mode *m)
{
	struct graph_view	*v = view_update(st);
	size_t			 node;

	if (v->g.nnodes == 0)
		return 0;
	node = !v->drawing && v->tsel < v->tree.n ? v->tree.v[v->tsel].node :
	    v->sel;
	if (v->tfocus != NULL && strcmp(v->tfocus, v->g.nodes[node].id) != 0) {
		if (v->nback == sizeof v->back / sizeof v->back[0]) {
			free(v->back[0]);
			memmove(v->back, v->back + 1, (v->nback - 1) *
			    sizeof *v->back);
			v->nback--;
		}
		v->back[v->nback++] = xstrdup(v->tfocus);
	}
	set_tfocus(v, v->g.nodes[node].id);
	v->drawing = 0;
	return UI_REDRAW;
}

static int
k_back(struct ui_state *st, struct mode *m)
{
	struct graph_view *v = view_update(st);

	if (v->drawing || v->nback == 0)
		return 0;
	set_tfocus(v, v->back[v->nback - 1]);
	free(v->back[--v->nback]);
	return UI_REDRAW;
}

static int
k_drawing(struct ui_state *st, struct mode *m)
{
	struct graph_view *v = view_update(st);

	v->drawing = !v->drawing;
	v->relayout = 1;	/* lay the drawing out (or let it go) */
	if (v->drawing && v->tfocus != NULL) {
		free(v->focus);
		v->focus = xstrdup(v->tfocus);	/* centre it there */
	}
	return UI_REDRAW;
}

static int k_env_next(struct ui_state *st, struct mode *m)
{ return switch_env(st, view_update(st), 1); }
static int k_env_prev(struct ui_state *st, struct mode *m)
{ return switch_env(st, view_update(st), -1); }

static const struct key_binding graph_keys[] = {
	{ RK_ENTER,	"focus on the selected node",		k_refocus },
	{ RK_BACKSPACE,	"back to the node focused before",	k_back },
	{ 'f',		"focused view / full drawing",		k_drawing },
	{ RK_LEFT,	"drawing: the node to the left, right",	k_left },
	{ 'h',		NULL,					k_left },
	{ RK_RIGHT,	NULL,					k_right },
	{ 'l',		NULL,					k_right },
	{ RK_SLEFT,	"pan left, right",			k_pan_left },
	{ 'H',		NULL,					k_pan_left },
	{ RK_SRIGHT,	NULL,					k_pan_right },
	{ 'L',		NULL,					k_pan_right },
	{ RK_SUP,	"pan up, down (PgUp/PgDn too)",		k_pan_up },
	{ RK_SDOWN,	NULL,					k_pan_down },
	{ 'c',		"centre on the selected node",		k_centre },
	{ 'e',		"next, previous environment",		k_env_next },
	{ 'E',		NULL,					k_env_prev },
	{ 0,		"  [svc] (flag) {rollout}; top depends on nothing", NULL },
	{ 0,		"  v in Flags/Health shows that node here", NULL },
	{ 0,		"  focused view: the node, what it needs, then all", NULL },
	{ 0,		"  that depends on it; <- a kill switches it", NULL },
	{ 0,		"  drawing: 12% beside a failing call, no traffic", NULL },
	{ 0,		"  (0/s) or undeclared (+) beside a dependency", NULL },
	KEYTAB_END
};

/* The flag symbols as this terminal draws them. */
static void
graph_legend(struct ui_state *st, void (*out)(const char *, void *), void *arg)
{
	static const enum gstate states[] = { GS_ON, GS_PARTIAL, GS_OFF,
	    GS_KILLED, GS_BLOCKED };
	static const char *const words[] = { "on", "part", "off", "killed",
	    "blocked" };
	struct gnode	n;
	char		line[128];
	size_t		i, off;

	memset(&n, 0, sizeof n);
	n.kind = GNODE_FLAG;
	off = (size_t)snprintf(line, sizeof line, "  flags:");
	for (i = 0; i < sizeof states / sizeof states[0]; i++) {
		n.state = states[i];
		off += (size_t)snprintf(line + off, sizeof line - off, " %s %s",
		    graph_symbol(&n, st->utf8), words[i]);
	}
	out(line, arg);
}

static void
graph_focus(struct ui_state *st, const char *id)
{
	struct graph_view	*v = view_get(st);

	free(v->focus);
	v->focus = xstrdup(id);
}

static size_t
graph_count(struct ui_state *st)
{
	return view_update(st)->g.nnodes;
}

static void
graph_item_key(struct ui_state *st, size_t i, char *buf, size_t len)
{
	struct graph_view *v = view_update(st);

	snprintf(buf, len, "%s", i < v->g.nnodes ? v->g.nodes[i].id : "");
}

static void
graph_layout_cols(struct ui_state *st, int w)
{
	st->ncols = 0;
}

static void
graph_draw_row(struct ui_state *st, size_t i, int y, int x, int w,
    int selected)
{
	struct graph_view *v = view_update(st);

	if (i < v->g.nnodes)
		ui_put(st, y, x, w, graph_role(&v->g.nodes[i]), v->labels[i], 0);
}

/* Cheap while another pane is shown: no layout just for the tab. */
static int
graph_alert(struct ui_state *st)
{
	const struct graph_view	*v = st->graph;
	const struct model	*m = st->model;
	size_t			 i, j;

	if (v != NULL && v->built && v->gen == m->generation &&
	    v->g.ncycles > 0)
		return ROLE_CRIT;
	for (i = 0; i < m->nflags; i++) {
		for (j = 0; j < m->flags[i].nenvs; j++) {
			const struct flag_env *e = &m->flags[i].envs[j];

			if (e->blocked_by != NULL && (v == NULL || v->env == NULL ||
			    streq(e->name, v->env)))
				return ROLE_WARN;
		}
	}
	return 0;
}

const struct pane_entry pane_graph_entry = {
	.name = "graph",
	.title = "Graph",
	.key = '4',
	.kind = NULL,
	.noun = "dependencies",
	.count = graph_count,
	.item_key = graph_item_key,
	.layout = graph_layout_cols,
	.draw_row = graph_draw_row,
	.alert = graph_alert,
	.keys = graph_keys,
	.move_sel = graph_move,
	.focus = graph_focus,
	.legend = graph_legend,
	.free = graph_pane_free,
	.paint = graph_paint,
};
