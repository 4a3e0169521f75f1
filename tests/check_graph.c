/*
 * check_graph.c - unit tests of the dependency graph: effective flag state
 * (blocked by a parent, transitively, inverted dependencies, loops), the
 * impact of a kill, cycles among edges, the parent-stage guard, and the
 * layered layout (layers, ordering, no overlaps, every edge traced from
 * its source to its target through the grid, Unicode and ASCII output,
 * cycles, an empty graph, a graph wider than the pane).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/config.h"
#include "core/graph.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/graph_label.h"
#include "ui/graph_layout.h"
#include "ui/graph_tree.h"

/* ---- model fixtures ---------------------------------------------------- */

struct fx {
	struct config	cfg;
	struct model	m;
	struct model_part part;
};

static struct flag *
fx_flag(struct fx *x, const char *name, int enabled, int rollout,
    const char *parent, int dep_enabled)
{
	struct flag	*f = part_add_flag(&x->part);
	struct flag_env	*e;
	struct flag_dep	*d;

	f->source = xstrdup("flags");
	f->project = xstrdup("default");
	f->name = xstrdup(name);
	f->type = xstrdup("release");
	e = flag_add_env(f);
	e->name = xstrdup("production");
	e->enabled = enabled;
	e->has_rollout = rollout >= 0;
	e->rollout = rollout >= 0 ? rollout : RB_UNKNOWN_INT;
	/* Development is always fully on. */
	e = flag_add_env(f);
	e->name = xstrdup("development");
	e->enabled = 1;
	e->has_rollout = 1;
	e->rollout = 100;
	if (parent != NULL) {
		d = flag_add_dep(f);
		d->flag = xstrdup(parent);
		d->enabled = dep_enabled;
	}
	return f;
}

static void
fx_done(struct fx *x)
{
	model_add_source(&x->m, "flags", "unleash");
	model_apply(&x->m, "flags", &x->part);
	model_classify(&x->m, &x->cfg);
	model_build_graph(&x->m, &x->cfg);
	model_effective(&x->m);
}

static void
fx_init(struct fx *x)
{
	memset(x, 0, sizeof *x);
	config_defaults(&x->cfg);
	model_init(&x->m);
}

static void
fx_free(struct fx *x)
{
	model_free(&x->m);
	config_free(&x->cfg);
}

static const struct flag_env *
env_of(struct fx *x, const char *flag, const char *env)
{
	const struct flag *f = model_find_flag(&x->m, NULL, flag);

	ck_assert_ptr_nonnull(f);
	return flag_find_env(f, env);
}

/* The release: payments-v2 -> new-checkout -> checkout-upsell, etc. */
static void
fx_release(struct fx *x, int pay_enabled, int pay_rollout)
{
	fx_init(x);
	fx_flag(x, "payments-v2", pay_enabled, pay_rollout, NULL, 1);
	fx_flag(x, "new-checkout", 1, 5, "payments-v2", 1);
	fx_flag(x, "checkout-upsell", 1, 20, "new-checkout", 1);
	fx_flag(x, "fraud-rules", 1, 20, "payments-v2", 1);
	fx_flag(x, "legacy-payments", 1, 100, "payments-v2", 0);
	fx_flag(x, "quiet", 0, 0, "payments-v2", 1);
	fx_flag(x, "standalone", 1, 100, NULL, 1);
	fx_done(x);
}

/* The focused view: dependents as a tree, a node reached twice not expanded. */
START_TEST(test_graph_tree)
{
	struct graph	g;
	struct gtree	t;
	char		pre[256];
	size_t		i;
	static const char *const want[] = {
		"service:payments", "service:checkout", "flag:new-checkout",
		"flag:checkout-upsell", "flag:payments-v2", "flag:new-checkout",
	};
	static const char *const prefix[] = {
		"", "|- ", "|  `- ", "|     `- ", "`- ", "   `- ",
	};

	graph_init(&g);
	graph_add_edge(&g, "service:ledger", "service:payments", "service-dependency");
	graph_add_edge(&g, "service:payments", "service:checkout", "service-dependency");
	graph_add_edge(&g, "service:checkout", "flag:new-checkout", "owns");
	graph_add_edge(&g, "flag:new-checkout", "flag:checkout-upsell", "flag-dependency");
	graph_add_edge(&g, "service:payments", "flag:payments-v2", "owns");
	graph_add_edge(&g, "flag:payments-v2", "flag:new-checkout", "flag-dependency");
	graph_finish(&g);
	memset(&t, 0, sizeof t);
	gtree_build(&t, &g, graph_find(&g, "service:payments"), 100);
	ck_assert_uint_eq(t.nup, 1);
	ck_assert_str_eq(g.nodes[t.up[0]].id, "service:ledger");
	ck_assert_uint_eq(t.n, 6);
	for (i = 0; i < t.n; i++) {
		ck_assert_str_eq(g.nodes[t.v[i].node].id, want[i]);
		gtree_prefix(&t, i, 0, pre, sizeof pre);
		ck_assert_str_eq(pre, prefix[i]);
	}
	/* Reached again under payments-v2: listed, not expanded again. */
	ck_assert_int_eq(t.v[5].repeat, 1);
	ck_assert_int_eq(t.v[2].repeat, 0);
	/* A cap on lines holds. */
	gtree_build(&t, &g, graph_find(&g, "service:payments"), 3);
	ck_assert_uint_eq(t.n, 3);
	gtree_free(&t);
	graph_free(&g);
}
END_TEST

START_TEST(test_effective_all_on)
{
	struct fx x;

	fx_release(&x, 1, 100);
	ck_assert_ptr_null(env_of(&x, "new-checkout", "production")->blocked_by);
	ck_assert_ptr_null(env_of(&x, "checkout-upsell", "production")->blocked_by);
	ck_assert_ptr_null(env_of(&x, "fraud-rules", "production")->blocked_by);
	/* enabled:false: it needs the parent off, and the parent is fully on. */
	ck_assert_str_eq(env_of(&x, "legacy-payments", "production")->blocked_by,
	    "payments-v2");
	/* Off by itself: off, not blocked. */
	ck_assert_ptr_null(env_of(&x, "quiet", "production")->blocked_by);
	fx_free(&x);
}
END_TEST

START_TEST(test_effective_parent_killed)
{
	struct fx x;

	/* Disabled at 100%: killed. */
	fx_release(&x, 0, 100);
	ck_assert(env_of(&x, "payments-v2", "production")->killed);
	ck_assert_str_eq(env_of(&x, "new-checkout", "production")->blocked_by,
	    "payments-v2");
	/* Transitively: blocked by its own parent, which is blocked. */
	ck_assert_str_eq(env_of(&x, "checkout-upsell", "production")->blocked_by,
	    "new-checkout");
	ck_assert_str_eq(env_of(&x, "fraud-rules", "production")->blocked_by,
	    "payments-v2");
	ck_assert_ptr_null(env_of(&x, "legacy-payments", "production")->blocked_by);
	ck_assert_ptr_null(env_of(&x, "standalone", "production")->blocked_by);
	/* Per environment: development is all on. */
	ck_assert_ptr_null(env_of(&x, "new-checkout", "development")->blocked_by);
	ck_assert_str_eq(env_of(&x, "legacy-payments", "development")->blocked_by,
	    "payments-v2");
	fx_free(&x);
}
END_TEST

START_TEST(test_effective_partial_parent)
{
	struct fx x;

	/* A parent at 50% turns nobody off, and nobody fully on either. */
	fx_release(&x, 1, 50);
	ck_assert_ptr_null(env_of(&x, "new-checkout", "production")->blocked_by);
	ck_assert_ptr_null(env_of(&x, "legacy-payments", "production")->blocked_by);
	fx_free(&x);
	/* At 0% it is off. */
	fx_release(&x, 1, 0);
	ck_assert_str_eq(env_of(&x, "new-checkout", "production")->blocked_by,
	    "payments-v2");
	fx_free(&x);
}
END_TEST

START_TEST(test_effective_loop_and_missing)
{
	struct fx x;

	fx_init(&x);
	fx_flag(&x, "a", 1, 100, "b", 1);
	fx_flag(&x, "b", 1, 100, "a", 1);
	fx_flag(&x, "orphan", 1, 100, "not-in-this-project", 1);
	fx_done(&x);
	/* Terminates; the loop is marked; nothing is claimed blocked. */
	ck_assert(env_of(&x, "a", "production")->dep_cycle ||
	    env_of(&x, "b", "production")->dep_cycle);
	ck_assert_ptr_null(env_of(&x, "orphan", "production")->blocked_by);
	fx_free(&x);
}
END_TEST

START_TEST(test_kill_impact)
{
	struct fx	 x;
	char		**names, *text;
	size_t		 n;

	fx_release(&x, 1, 100);
	n = graph_kill_impact(&x.m, "payments-v2", "production", &names);
	ck_assert_uint_eq(n, 4);
	/* Children first, then theirs. */
	ck_assert_str_eq(names[0], "new-checkout");
	ck_assert_str_eq(names[1], "fraud-rules");
	ck_assert_str_eq(names[2], "legacy-payments");
	ck_assert_str_eq(names[3], "checkout-upsell");
	graph_strings_free(names, n);
	text = graph_kill_impact_text(&x.m, "payments-v2", "production");
	ck_assert_str_eq(text, "also turns off: new-checkout, fraud-rules, "
	    "checkout-upsell; also turns on: legacy-payments");
	free(text);

	n = graph_kill_impact(&x.m, "new-checkout", "production", &names);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(names[0], "checkout-upsell");
	graph_strings_free(names, n);

	/* A leaf, an unknown flag, an unknown environment: nothing. */
	ck_assert_uint_eq(graph_kill_impact(&x.m, "checkout-upsell", "production",
	    &names), 0);
	free(names);
	ck_assert_ptr_null(graph_kill_impact_text(&x.m, "nope", "production"));
	ck_assert_ptr_null(graph_kill_impact_text(&x.m, "payments-v2", "staging"));
	fx_free(&x);

	/* Parent already killed: killing it again changes nothing. */
	fx_release(&x, 0, 100);
	ck_assert_ptr_null(graph_kill_impact_text(&x.m, "payments-v2",
	    "production"));
	fx_free(&x);
}
END_TEST

START_TEST(test_graph_build)
{
	struct fx	 x;
	struct graph	 g;
	size_t		 i;

	fx_release(&x, 0, 100);
	graph_build(&g, &x.m, "production");
	ck_assert_uint_eq(g.nedges, x.m.nedges);
	ck_assert_uint_eq(g.ncycles, 0);
	i = graph_find(&g, "flag:checkout-upsell");
	ck_assert_uint_ne(i, GRAPH_NONE);
	ck_assert_int_eq(g.nodes[i].state, GS_BLOCKED);
	ck_assert_str_eq(g.nodes[i].blocked_by, "new-checkout");
	ck_assert_int_eq(graph_role(&g.nodes[i]), ROLE_WARN);
	i = graph_find(&g, "flag:payments-v2");
	ck_assert_int_eq(g.nodes[i].state, GS_KILLED);
	{
		char *l = graph_label(&g.nodes[i], 0);

		ck_assert_str_eq(l, "(X payments-v2 KILLED)");
		free(l);
	}
	graph_free(&g);
	/* Development: nothing blocked. */
	graph_build(&g, &x.m, "development");
	i = graph_find(&g, "flag:checkout-upsell");
	ck_assert_int_eq(g.nodes[i].state, GS_ON);
	graph_free(&g);
	fx_free(&x);
}
END_TEST

/* A second poll of the release into the same model. */
static void
fx_repoll(struct fx *x, int pay_enabled, int pay_rollout, const char *upsell_parent)
{
	fx_flag(x, "payments-v2", pay_enabled, pay_rollout, NULL, 1);
	fx_flag(x, "new-checkout", 1, 5, "payments-v2", 1);
	fx_flag(x, "checkout-upsell", 1, 20, upsell_parent, 1);
	fx_flag(x, "fraud-rules", 1, 20, "payments-v2", 1);
	fx_flag(x, "legacy-payments", 1, 100, "payments-v2", 0);
	fx_flag(x, "quiet", 0, 0, "payments-v2", 1);
	fx_flag(x, "standalone", 1, 100, NULL, 1);
	fx_done(x);
}

/*
 * graph_gen moves only when the edges do; a built graph follows new states
 * with graph_refresh(), which says whether any label changed.
 */
START_TEST(test_graph_gen_and_refresh)
{
	struct fx	 x;
	struct graph	 g;
	unsigned long	 gen;
	unsigned	 mgen;
	size_t		 i;

	fx_release(&x, 1, 100);
	gen = x.m.graph_gen;
	ck_assert_uint_gt(gen, 0);
	graph_build(&g, &x.m, "production");
	i = graph_find(&g, "flag:payments-v2");
	ck_assert_int_eq(g.nodes[i].state, GS_ON);

	/* The same poll again: nothing changes, not even a label. */
	mgen = x.m.generation;
	fx_repoll(&x, 1, 100, "new-checkout");
	ck_assert_uint_eq(x.m.graph_gen, gen);
	ck_assert_uint_ne(x.m.generation, mgen);
	ck_assert_uint_eq(graph_refresh(&g, &x.m, "production"), 0);

	/*
	 * payments-v2 killed: same edges; it, the three children it now
	 * blocks and legacy-payments (no longer blocked) show otherwise.
	 */
	fx_repoll(&x, 0, 100, "new-checkout");
	ck_assert_uint_eq(x.m.graph_gen, gen);
	ck_assert_uint_eq(graph_refresh(&g, &x.m, "production"), 5);
	ck_assert_int_eq(g.nodes[i].state, GS_KILLED);
	ck_assert_str_eq(g.nodes[i].word, "KILLED");
	i = graph_find(&g, "flag:checkout-upsell");
	ck_assert_int_eq(g.nodes[i].state, GS_BLOCKED);
	ck_assert_str_eq(g.nodes[i].blocked_by, "new-checkout");
	graph_free(&g);

	/* checkout-upsell gets another parent: new edges, a new graph_gen. */
	fx_repoll(&x, 0, 100, "fraud-rules");
	ck_assert_uint_eq(x.m.graph_gen, gen + 1);
	fx_free(&x);
}
END_TEST

/* A flag whose state the last answer did not give is unknown in the graph. */
START_TEST(test_graph_unknown_env)
{
	struct fx		 x;
	struct graph		 g;
	struct flag		*f;
	size_t			 i;

	fx_init(&x);
	fx_flag(&x, "payments-v2", 0, 20, NULL, 1);
	f = fx_flag(&x, "new-checkout", 1, -1, "payments-v2", 1);
	f->envs[0].unknown = true;
	f->envs[0].reason = xstrdup("the client answer for production left it out");
	fx_flag(&x, "checkout-upsell", 1, 20, "new-checkout", 1);
	fx_done(&x);
	ck_assert_str_eq(env_of(&x, "new-checkout", "production")->stage, "unknown");
	ck_assert(!env_of(&x, "new-checkout", "production")->killed);
	/* Its parent is killed: an unknown child is not judged blocked. */
	ck_assert_ptr_null(env_of(&x, "new-checkout", "production")->blocked_by);
	/* Nor is its child judged by it. */
	ck_assert_ptr_null(env_of(&x, "checkout-upsell", "production")->blocked_by);
	graph_build(&g, &x.m, "production");
	i = graph_find(&g, "flag:new-checkout");
	ck_assert_int_eq(g.nodes[i].state, GS_UNKNOWN);
	ck_assert_str_eq(g.nodes[i].word, "?");
	ck_assert_str_eq(g.nodes[i].status, "state unknown: the client answer "
	    "for production left it out");
	graph_free(&g);
	fx_free(&x);
}
END_TEST

START_TEST(test_graph_cycles)
{
	struct graph	 g;
	struct model	 m;
	char		**cyc;
	size_t		 n, i;

	graph_init(&g);
	graph_add_edge(&g, "service:a", "service:b", "service-dependency");
	graph_add_edge(&g, "service:b", "service:c", "service-dependency");
	graph_add_edge(&g, "service:c", "service:a", "service-dependency");
	graph_add_edge(&g, "service:c", "flag:x", "owns");
	graph_add_edge(&g, "service:d", "service:d", "service-dependency");
	graph_finish(&g);
	ck_assert_uint_eq(g.ncycles, 2);
	ck_assert_str_eq(g.cycles[0],
	    "service:a -> service:b -> service:c -> service:a");
	ck_assert_str_eq(g.cycles[1], "service:d -> service:d");
	ck_assert(g.edges[2].back);
	ck_assert(!g.edges[0].back && !g.edges[3].back);
	ck_assert(g.nodes[graph_find(&g, "service:b")].in_cycle);
	ck_assert(!g.nodes[graph_find(&g, "flag:x")].in_cycle);
	graph_free(&g);

	/* The same from a model's edges, as status --json reports them. */
	model_init(&m);
	for (i = 0; i < 2; i++) {
		struct edge *e = ARRAY_PUSH(m.edges, m.nedges, m.edges_cap);

		e->from = xstrdup(i ? "service:q" : "service:p");
		e->to = xstrdup(i ? "service:p" : "service:q");
		e->kind = xstrdup("service-dependency");
	}
	n = graph_model_cycles(&m, &cyc);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(cyc[0], "service:p -> service:q -> service:p");
	graph_strings_free(cyc, n);
	model_free(&m);
}
END_TEST

/* ---- the parent-stage guard ------------------------------------------ */

extern const struct guard_entry guard_parent_entry;

static int
guard(struct fx *x, const char *flag, int before_pct, int target_pct,
    int target_enabled, int dep_enabled, char **why)
{
	struct source_cfg	 src;
	struct action_args	 a;
	struct flag_state	 before;
	struct flag_target	 t;
	struct flag_dep		 dep;
	struct guard_ctx	 g;

	memset(&src, 0, sizeof src);
	src.name = "flags";
	memset(&a, 0, sizeof a);
	a.action = "stage";
	a.flag = flag;
	a.env = "production";
	memset(&before, 0, sizeof before);
	before.enabled = before_pct > 0;
	before.has_rollout = true;
	before.rollout = before_pct;
	dep.flag = "payments-v2";
	dep.enabled = dep_enabled;
	before.deps = &dep;
	before.ndeps = 1;
	t.enabled = target_enabled;
	t.rollout = target_pct;
	memset(&g, 0, sizeof g);
	g.cfg = &x->cfg;
	g.model = &x->m;
	g.a = &a;
	g.src = &src;
	g.before = &before;
	g.target = &t;
	*why = NULL;
	return guard_parent_entry.check(&g, why);
}

START_TEST(test_guard_parent)
{
	struct fx	 x;
	char		*why;

	fx_release(&x, 1, 20);	/* the parent at early (20%) */
	ck_assert_int_eq(guard(&x, "new-checkout", 5, 50, 1, 1, &why), -1);
	ck_assert_str_eq(why, "parent payments-v2 is early (20%) in production, "
	    "so new-checkout cannot go above it to half (50%)");
	free(why);
	/* Up to the parent's stage, and down, are fine. */
	ck_assert_int_eq(guard(&x, "new-checkout", 5, 20, 1, 1, &why), 0);
	ck_assert_int_eq(guard(&x, "new-checkout", 50, 5, 1, 1, &why), 0);
	/* Killing (disabling) is never blocked. */
	ck_assert_int_eq(guard(&x, "new-checkout", 50, RB_UNKNOWN_INT, 0, 1,
	    &why), 0);
	/* A dependency that needs the parent off is not judged. */
	ck_assert_int_eq(guard(&x, "new-checkout", 5, 100, 1, 0, &why), 0);
	fx_free(&x);

	fx_release(&x, 0, 100);	/* the parent killed */
	ck_assert_int_eq(guard(&x, "new-checkout", 0, 5, 1, 1, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "killed"));
	free(why);
	fx_free(&x);
}
END_TEST

/* ---- layout ------------------------------------------------------------ */

struct lfx {
	const char	**labels;
	size_t		 n;
	struct gl_edge	*edges;
	size_t		 ne;
};

/* Dense random graphs may crowd a node's columns; fixtures never do. */
static int	tolerate_merges;
static size_t	merges;

static void
line_cell(const struct gl_layout *l, size_t *owner, size_t up, int y, int x,
    unsigned need)
{
	const struct gl_cell	*c = gl_cell_at(l, y, x);
	size_t			 i = (size_t)y * (size_t)l->width + (size_t)x;

	ck_assert_ptr_nonnull(c);
	ck_assert_msg((c->lines & need) == need, "cell %d,%d lines %x need %x",
	    y, x, c->lines, need);
	ck_assert(c->ch[0] == '\0');
	/* Lines from different nodes only ever cross, never merge. */
	if (owner[i] != GL_NONE && owner[i] != up && (c->lines & 0xf) != 0xf) {
		ck_assert_msg(tolerate_merges, "lines merge at %d,%d", y, x);
		merges++;
	}
	owner[i] = up;
}

/* The hop's line: down from x0, along its track, down into x1. */
static void
check_hop(const struct gl_layout *l, const struct gl_seg *s, size_t *owner)
{
	const struct gl_node	*u = &l->nodes[s->up], *d = &l->nodes[s->down];
	const struct gl_cell	*c;
	int			 top = u->y + 1, bottom = d->y - 1, y, x, r, dir;

	c = gl_cell_at(l, u->y, s->x0);
	ck_assert(u->node != GL_NONE ? c->node == u->node : c->lines != 0);
	c = gl_cell_at(l, d->y, s->x1);
	ck_assert(d->node != GL_NONE ? c->node == d->node : c->lines != 0);
	if (s->track < 0) {
		ck_assert_int_eq(s->x0, s->x1);
		for (y = top; y <= bottom; y++)
			line_cell(l, owner, s->up, y, s->x0, GL_UP | GL_DOWN);
		return;
	}
	r = top + s->track;
	ck_assert_int_le(r, bottom);
	dir = s->x1 > s->x0 ? 1 : -1;
	for (y = top; y < r; y++)
		line_cell(l, owner, s->up, y, s->x0, GL_UP | GL_DOWN);
	line_cell(l, owner, s->up, r, s->x0, GL_UP | (dir > 0 ? GL_RIGHT : GL_LEFT));
	for (x = s->x0 + dir; x != s->x1; x += dir)
		line_cell(l, owner, s->up, r, x, GL_LEFT | GL_RIGHT);
	line_cell(l, owner, s->up, r, s->x1, GL_DOWN | (dir > 0 ? GL_LEFT : GL_RIGHT));
	for (y = r + 1; y <= bottom; y++)
		line_cell(l, owner, s->up, y, s->x1, GL_UP | GL_DOWN);
}

/* Follow an edge hop by hop from its source; returns where it ends. */
static size_t
trace(const struct gl_layout *l, size_t edge, size_t from, size_t *owner)
{
	size_t at = from, i, hops = 0;
	int found;

	do {
		found = 0;
		for (i = 0; i < l->nsegs; i++) {
			if (l->segs[i].edge == edge && l->segs[i].up == at) {
				check_hop(l, &l->segs[i], owner);
				at = l->segs[i].down;
				found = 1;
				hops++;
				break;
			}
		}
	} while (found && l->nodes[at].node == GL_NONE);
	ck_assert_uint_gt(hops, 0);
	return l->nodes[at].node;
}

/* Checks every layout must pass. */
static void
check_layout(const struct gl_layout *l, const struct gl_edge *e, size_t ne)
{
	size_t	i, k, *owner;
	int	L;

	owner = xcalloc((size_t)l->width * (size_t)l->height + 1, sizeof *owner);
	for (i = 0; i < (size_t)l->width * (size_t)l->height; i++)
		owner[i] = GL_NONE;

	for (i = 0; i < ne; i++) {
		size_t a = e[i].reversed ? e[i].to : e[i].from;
		size_t b = e[i].reversed ? e[i].from : e[i].to;

		if (a == b)
			continue;
		/* Each node below everything it depends on. */
		ck_assert_int_lt(l->nodes[a].layer, l->nodes[b].layer);
		ck_assert_int_lt(l->nodes[a].y, l->nodes[b].y);
		ck_assert_uint_eq(trace(l, i, a, owner), b);
	}
	free(owner);
	/* No overlaps: in order, a gap between neighbours. */
	for (L = 0; L < l->nlayers; L++) {
		for (k = 1; k < l->layer_len[L]; k++) {
			const struct gl_node *p = &l->nodes[l->layer[L][k - 1]];
			const struct gl_node *q = &l->nodes[l->layer[L][k]];

			ck_assert_int_gt(q->x, p->x + p->w);
			ck_assert_int_eq(p->y, q->y);
		}
	}
	/* Labels are whole: no line drawn over them. */
	for (i = 0; i < l->nin; i++) {
		for (k = 0; k < (size_t)l->nodes[i].w; k++) {
			const struct gl_cell *c = gl_cell_at(l, l->nodes[i].y,
			    l->nodes[i].x + (int)k);

			ck_assert_uint_eq(c->node, i);
		}
	}
}

static const char *const small_labels[] = {
	"[payments]", "[checkout]", "(payments-v2)", "(new-checkout)",
	"(upsell)",
};
static const struct gl_edge small_edges[] = {
	{ 0, 1, false }, { 0, 2, false }, { 2, 3, false }, { 1, 3, false },
	{ 3, 4, false }, { 1, 4, false },
};

START_TEST(test_layout_small)
{
	struct gl_layout	 l;
	char			*t;

	gl_layout(&l, 5, small_labels, small_edges, 6);
	ck_assert_int_eq(l.nodes[0].layer, 0);
	ck_assert_int_eq(l.nodes[1].layer, 1);
	ck_assert_int_eq(l.nodes[2].layer, 1);
	ck_assert_int_eq(l.nodes[3].layer, 2);
	ck_assert_int_eq(l.nodes[4].layer, 3);
	ck_assert_uint_eq(l.crossings, 0);
	check_layout(&l, small_edges, 6);
	t = gl_text(&l, 1);
	ck_assert_str_eq(t,
	    "       [payments]\n"
	    "     \xe2\x94\x8c\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\xb4\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x90\n"
	    "[checkout]  (payments-v2)\n"
	    "     \xe2\x94\x82  \xe2\x94\x82     \xe2\x94\x82\n"
	    "     \xe2\x94\x82 (new-checkout)\n"
	    "     \xe2\x94\x94\xe2\x94\x80\xe2\x94\x80\xe2\x94\x90 \xe2\x94\x82\n"
	    "      (upsell)\n");
	free(t);
	t = gl_text(&l, 0);
	ck_assert_str_eq(t,
	    "       [payments]\n"
	    "     +-----+------+\n"
	    "[checkout]  (payments-v2)\n"
	    "     |  |     |\n"
	    "     | (new-checkout)\n"
	    "     +--+ |\n"
	    "      (upsell)\n");
	free(t);
	gl_free(&l);
}
END_TEST

START_TEST(test_layout_ordering)
{
	/* Children given crossed: a's child listed after b's. */
	static const char *const labels[] = {
		"[a]", "[b]", "(child-of-b)", "(child-of-a)", "(c-of-a-2)",
	};
	static const struct gl_edge e[] = {
		{ 1, 2, false }, { 0, 3, false }, { 0, 4, false },
	};
	static const struct gl_edge crossed[] = {
		{ 0, 3, false }, { 1, 2, false }, { 0, 2, false }, { 1, 3, false },
		{ 1, 4, false },
	};
	struct gl_layout l;

	gl_layout(&l, 5, (const char *const *)labels, e, 3);
	ck_assert_uint_eq(l.crossings, 0);
	ck_assert_uint_eq(gl_count_crossings(&l), 0);
	/* a's children sit on a's side of b's. */
	ck_assert_int_eq(l.nodes[0].pos < l.nodes[1].pos,
	    l.nodes[3].pos < l.nodes[2].pos);
	check_layout(&l, e, 3);
	gl_free(&l);

	/* K2,2 plus one: a crossing is unavoidable, but only one. */
	gl_layout(&l, 5, (const char *const *)labels, crossed, 5);
	ck_assert_uint_eq(l.crossings, 1);
	check_layout(&l, crossed, 5);
	gl_free(&l);
}
END_TEST

START_TEST(test_layout_long_edges)
{
	/* A skips two layers: its line passes dummy positions. */
	static const char *const labels[] = { "[a]", "[b]", "[c]", "[d]" };
	static const struct gl_edge e[] = {
		{ 0, 1, false }, { 1, 2, false }, { 2, 3, false }, { 0, 3, false },
	};
	struct gl_layout l;

	gl_layout(&l, 4, (const char *const *)labels, e, 4);
	ck_assert_int_eq(l.nlayers, 4);
	ck_assert_uint_eq(l.nnodes, 6);		/* two dummies */
	check_layout(&l, e, 4);
	gl_free(&l);
}
END_TEST

/* A placed note: on blank cells, beside a vertical cell of its own edge. */
static void
check_mark(const struct gl_layout *l, const struct gl_mark *k)
{
	const struct gl_cell	*c;
	int			 w = (int)strlen(k->text), i, hit = 0, side;

	for (i = 0; i < w && k->x + i < l->width; i++) {
		c = gl_cell_at(l, k->y, k->x + i);
		ck_assert_ptr_nonnull(c);
		ck_assert_int_eq(c->ch[0], '\0');
		ck_assert_int_eq(c->lines, 0);
	}
	for (side = 0; side < 2; side++) {
		c = gl_cell_at(l, k->y, side ? k->x + w : k->x - 1);
		if (c != NULL && c->lines == (GL_UP | GL_DOWN) &&
		    c->edge[0] == k->edge)
			hit = 1;
	}
	ck_assert_int_eq(hit, 1);
}

START_TEST(test_layout_marks)
{
	static const char *const labels[] = { "[a]", "[b]", "[c]", "[d]" };
	/* a -> d skips two layers: a long vertical run to write beside. */
	static const struct gl_edge e[] = {
		{ 0, 1, false }, { 1, 2, false }, { 2, 3, false }, { 0, 3, false },
	};
	const char		*texts[4] = { NULL, NULL, NULL, "12%" };
	const char		*shorts[4] = { NULL, NULL, NULL, "!" };
	const char		*none[4] = { NULL, NULL, NULL, NULL };
	const char		*huge[4] = { NULL, NULL, NULL,
				    "far too long to fit" };
	struct gl_layout	 l;
	struct gl_mark		 m[4];
	size_t			 n, i, j;

	gl_layout(&l, 4, labels, e, 4);
	n = gl_marks_place(&l, texts, shorts, 4, m, 4);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(m[0].text, "12%");
	ck_assert_uint_eq(m[0].edge, 3);
	check_mark(&l, &m[0]);
	/* Nothing asked, nothing placed; a text too long for a note is not. */
	ck_assert_uint_eq(gl_marks_place(&l, none, NULL, 4, m, 4), 0);
	ck_assert_uint_eq(gl_marks_place(&l, huge, NULL, 4, m, 4), 0);
	gl_free(&l);

	/* Notes on every edge of a bigger graph never overlap. */
	{
		static const char *const big[] = {
			"[payments]", "[checkout]", "(payments-v2)",
			"(new-checkout)", "(upsell)",
		};
		static const struct gl_edge be[] = {
			{ 0, 1, false }, { 0, 2, false }, { 2, 3, false },
			{ 1, 3, false }, { 3, 4, false }, { 1, 4, false },
		};
		const char *t[6] = { "1%", "2%", "3%", "4%", "5%", "6%" };

		gl_layout(&l, 5, big, be, 6);
		n = gl_marks_place(&l, t, NULL, 6, m, 4);
		ck_assert_uint_le(n, 4);
		ck_assert_uint_gt(n, 0);
		for (i = 0; i < n; i++) {
			check_mark(&l, &m[i]);
			for (j = 0; j < i; j++)
				ck_assert(m[i].y != m[j].y ||
				    m[i].x + (int)strlen(m[i].text) < m[j].x ||
				    m[j].x + (int)strlen(m[j].text) < m[i].x);
		}
		gl_free(&l);
	}
}
END_TEST

START_TEST(test_layout_cycle)
{
	struct graph		 g;
	struct gl_layout	 l;
	struct gl_edge		 e[8];
	const char		*labels[8];
	size_t			 i;

	graph_init(&g);
	graph_add_edge(&g, "service:a", "service:b", "service-dependency");
	graph_add_edge(&g, "service:b", "service:c", "service-dependency");
	graph_add_edge(&g, "service:c", "service:a", "service-dependency");
	graph_add_edge(&g, "service:c", "flag:x", "owns");
	graph_finish(&g);
	for (i = 0; i < g.nnodes; i++)
		labels[i] = g.nodes[i].id;
	for (i = 0; i < g.nedges; i++) {
		e[i].from = g.edges[i].from;
		e[i].to = g.edges[i].to;
		e[i].reversed = g.edges[i].back;
	}
	gl_layout(&l, g.nnodes, labels, e, g.nedges);
	check_layout(&l, e, g.nedges);
	ck_assert_int_lt(l.nodes[0].layer, l.nodes[2].layer);
	gl_free(&l);

	/* Unmarked, the layout still ends (the loop is cut somewhere). */
	for (i = 0; i < g.nedges; i++)
		e[i].reversed = false;
	gl_layout(&l, g.nnodes, labels, e, g.nedges);
	ck_assert_int_gt(l.height, 0);
	gl_free(&l);
	graph_free(&g);
}
END_TEST

START_TEST(test_layout_empty)
{
	struct gl_layout	 l;
	struct gl_view		 v = { 5, 5, 80, 20 };
	char			*t;

	gl_layout(&l, 0, NULL, NULL, 0);
	ck_assert_int_eq(l.width, 0);
	ck_assert_int_eq(l.height, 0);
	t = gl_text(&l, 1);
	ck_assert_str_eq(t, "");
	free(t);
	gl_view_clamp(&l, &v);
	ck_assert_int_eq(v.x, 0);
	ck_assert_int_eq(v.y, 0);
	gl_free(&l);
}
END_TEST

START_TEST(test_layout_wide)
{
	/* One service owning 30 flags: far wider than 80 columns. */
	const char		*labels[31];
	char			 names[31][32];
	struct gl_edge		 e[30];
	struct gl_layout	 l;
	struct gl_view		 v = { 0, 0, 80, 20 };
	char			*t;
	size_t			 i;

	for (i = 0; i < 31; i++) {
		snprintf(names[i], sizeof names[i], i ? "(flag-%02zu)" :
		    "[service]", i);
		labels[i] = names[i];
	}
	for (i = 0; i < 30; i++) {
		e[i].from = 0;
		e[i].to = i + 1;
		e[i].reversed = false;
	}
	gl_layout(&l, 31, labels, e, 30);
	ck_assert_int_gt(l.width, 80);
	check_layout(&l, e, 30);
	/* Following the last flag pans right until it is in view. */
	gl_view_follow(&l, &v, 30);
	ck_assert_int_gt(v.x, 0);
	ck_assert_int_le(v.x + v.w, l.width);
	t = gl_view_text(&l, &v, 0);
	ck_assert_ptr_nonnull(strstr(t, "(flag-30)"));
	ck_assert_ptr_null(strstr(t, "(flag-01)"));
	free(t);
	/* Centring on the service shows it, and stays inside the grid. */
	gl_view_centre(&l, &v, 0);
	t = gl_view_text(&l, &v, 0);
	ck_assert_ptr_nonnull(strstr(t, "[service]"));
	free(t);
	v.x = 100000;
	gl_view_clamp(&l, &v);
	ck_assert_int_eq(v.x, l.width - v.w);
	gl_free(&l);
}
END_TEST

START_TEST(test_layout_random)
{
	/* Random DAGs: every invariant holds, every edge traced. */
	unsigned long	 seed = 12345;
	size_t		 n = 60, ne = 120, i, round;
	const char	**labels = xcalloc(n, sizeof *labels);
	char		(*names)[24] = xcalloc(n, sizeof *names);
	struct gl_edge	*e = xcalloc(ne, sizeof *e);
	struct gl_layout l;

	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "[node-%zu-%.*s]", i,
		    (int)(i % 7), "xxxxxxx");
		labels[i] = names[i];
	}
	for (round = 0; round < 5; round++) {
		for (i = 0; i < ne; i++) {
			size_t a, b;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			a = (seed >> 33) % n;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			b = (seed >> 33) % n;
			e[i].from = a < b ? a : b;
			e[i].to = a < b ? b : a;
			e[i].reversed = false;
		}
		gl_layout(&l, n, labels, e, ne);
		tolerate_merges = 1;
		merges = 0;
		check_layout(&l, e, ne);
		tolerate_merges = 0;
		/* A handful of shared cells among hundreds of hops at most. */
		ck_assert_msg(merges * 100 < l.nsegs, "%zu merges in %zu hops",
		    merges, l.nsegs);
		gl_free(&l);
	}
	free(labels);
	free(names);
	free(e);
}
END_TEST

static Suite *
graph_suite(void)
{
	Suite	*s = suite_create("graph");
	TCase	*tc = tcase_create("effective");

	tcase_add_test(tc, test_effective_all_on);
	tcase_add_test(tc, test_effective_parent_killed);
	tcase_add_test(tc, test_effective_partial_parent);
	tcase_add_test(tc, test_effective_loop_and_missing);
	tcase_add_test(tc, test_kill_impact);
	tcase_add_test(tc, test_graph_build);
	tcase_add_test(tc, test_graph_gen_and_refresh);
	tcase_add_test(tc, test_graph_unknown_env);
	tcase_add_test(tc, test_graph_cycles);
	tcase_add_test(tc, test_guard_parent);
	suite_add_tcase(s, tc);
	tc = tcase_create("layout");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_layout_small);
	tcase_add_test(tc, test_layout_ordering);
	tcase_add_test(tc, test_layout_long_edges);
	tcase_add_test(tc, test_layout_marks);
	tcase_add_test(tc, test_layout_cycle);
	tcase_add_test(tc, test_layout_empty);
	tcase_add_test(tc, test_layout_wide);
	tcase_add_test(tc, test_layout_random);
	tcase_add_test(tc, test_graph_tree);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(graph_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
