/*
 * graph.h - the dependency graph as nodes and edges (pure, no I/O): flags
 * (their state in one environment), services (health) and rollouts
 * (status), joined by the model's edges: flag-dependency (parent -> child),
 * service-dependency (dependency -> dependent) and owns (service -> flag or
 * rollout).  Cycles, which a bad configuration can make, are found and
 * reported; the edges that close them are marked so layouts can skip them.
 *
 * Also the flags' effective state (a child whose parent is off is off, as
 * Unleash evaluates it, transitively) and the impact of killing a flag.
 */
#ifndef RB_GRAPH_H
#define RB_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/strmap.h"

#define GRAPH_NONE ((size_t)-1)
#define GRAPH_MAX_CYCLES 16	/* cycles reported; more are only counted */

enum gnode_kind {
	GNODE_FLAG,
	GNODE_SERVICE,
	GNODE_ROLLOUT,
	GNODE_OTHER,
};

/* What a node's symbol and colour say. */
enum gstate {
	GS_UNKNOWN,	/* no data, or not in this environment */
	GS_ON,		/* flag fully on, service ok, rollout healthy */
	GS_PARTIAL,	/* flag at a partial stage, rollout progressing or paused */
	GS_OFF,		/* flag off */
	GS_WARN,	/* service warn */
	GS_CRIT,	/* service crit, rollout degraded */
	GS_KILLED,	/* flag killed */
	GS_BLOCKED,	/* flag on by itself but a parent turns it off */
};

struct gnode {
	char		*id;		/* "flag:NAME", "service:NAME", "rollout:NS/NAME" */
	const char	*name;		/* the part after the colon */
	enum gnode_kind	 kind;
	enum gstate	 state;
	char		*status;	/* "canary 5%", "blocked by X", "ok", "Paused" */
	char		*word;		/* short state for labels: "canary", "Paused" */
	const char	*blocked_by;	/* flags: the parent that turns it off */
	bool		 in_cycle;
	size_t		*out, nout, out_cap;	/* edge indexes */
	size_t		*in, nin, in_cap;
};

struct gedge {
	size_t		 from, to;	/* node indexes */
	char		*kind;
	bool		 back;		/* closes a cycle */
};

struct graph {
	struct gnode	*nodes;
	size_t		 nnodes, nodes_cap;
	struct gedge	*edges;
	size_t		 nedges, edges_cap;
	char		**cycles;	/* "service:a -> service:b -> service:a" */
	size_t		 ncycles, cycles_cap;
	size_t		 ncycles_total;	/* may be more than reported */
	struct strmap	 index;		/* id -> node */
};

void	graph_init(struct graph *);
void	graph_free(struct graph *);
/* Add a node (or find it); the kind comes from the id's prefix. */
size_t	graph_add_node(struct graph *, const char *id);
void	graph_add_edge(struct graph *, const char *from, const char *to,
	    const char *kind);
/* Find the cycles and mark the edges that close them.  Call once, last. */
void	graph_finish(struct graph *);
size_t	graph_find(const struct graph *, const char *id);

/*
 * The model's graph, with flag states for environment `env` (NULL: the
 * first environment any flag has).  Every node is an end of some edge.
 */
void	graph_build(struct graph *, const struct model *, const char *env);
/*
 * Give a built graph's nodes their states from the model again (its edges
 * unchanged: the model's graph_gen is the same).  Returns how many nodes
 * now show another state or word (their labels changed); status texts are
 * updated in any case.  O(nodes), no rebuild.
 */
size_t	graph_refresh(struct graph *, const struct model *, const char *env);

/* The cycles among the model's edges, as graph_finish() reports them. */
size_t	graph_model_cycles(const struct model *, char ***out);

/*
 * Flags whose effective state in `env` changes when `flag` is killed there
 * (transitively; children first), as allocated names in *out.  Returns how
 * many; free with graph_strings_free().  Pure: reads the model only.
 */
size_t	graph_kill_impact(const struct model *, const char *flag, const char *env,
	    char ***out);
/* The same as one line, "also turns off: a, b; also turns on: c", or NULL. */
char	*graph_kill_impact_text(const struct model *, const char *flag,
	    const char *env);
void	graph_strings_free(char **, size_t);

/* Model key of a flag for lookups: "SOURCE\x1fNAME" (allocated). */
char	*graph_flag_key(const char *source, const char *name);

#endif
