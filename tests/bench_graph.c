/*
 * bench_graph.c - times the Graph pane's layout on a generated graph (500
 * nodes, 1,000 edges by default; `bench_graph NODES EDGES RUNS`) and
 * prints the median of the runs.  Not a test: `make bench` runs it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "ui/graph_layout.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	size_t		 n = argc > 1 ? strtoul(argv[1], NULL, 10) : 500;
	size_t		 ne = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
	size_t		 runs = argc > 3 ? strtoul(argv[3], NULL, 10) : 7, i, r;
	unsigned long	 seed = 42;
	const char	**labels;
	char		(*names)[48];
	struct gl_edge	*e;
	struct gl_layout l;
	double		*t, t0;

	if (n < 2 || runs == 0) {
		fprintf(stderr, "usage: bench_graph [NODES EDGES RUNS]\n");
		return 2;
	}
	labels = xcalloc(n, sizeof *labels);
	names = xcalloc(n, sizeof *names);
	e = xcalloc(ne + 1, sizeof *e);
	t = xcalloc(runs, sizeof *t);
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "(* flag-%05zu ga)", i);
		labels[i] = names[i];
	}
	/* Edges mostly between nearby nodes, as real dependencies are. */
	for (i = 0; i < ne; i++) {
		size_t a, d;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		a = (seed >> 33) % (n - 1);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		d = 1 + (seed >> 33) % 40;
		e[i].from = a;
		e[i].to = a + d < n ? a + d : n - 1;
		e[i].reversed = false;
	}
	for (r = 0; r < runs; r++) {
		t0 = now_mono();
		gl_layout(&l, n, labels, e, ne);
		t[r] = now_mono() - t0;
		if (r == runs - 1)
			printf("graph layout: %zu nodes, %zu edges -> %d layers, "
			    "%zu dummies, %zu crossings, %dx%d cells\n", n, ne,
			    l.nlayers, l.nnodes - l.nin, l.crossings, l.width,
			    l.height);
		gl_free(&l);
	}
	qsort(t, runs, sizeof *t, cmp);
	printf("graph layout: median %.1f ms over %zu runs (min %.1f, max %.1f)\n",
	    t[runs / 2] * 1000, runs, t[0] * 1000, t[runs - 1] * 1000);
	free(labels);
	free(names);
	free(e);
	free(t);
	return 0;
}
