/*
 * bench_frame.c - after a poll of N flags, how long from a keypress to a
 * frame (`bench_frame FLAGS RUNS`; `make bench` runs it at 10,000 and
 * 20,000 flags).  Each run parses a fresh Unleash poll (generated answers
 * of the shape relboard-sim sends: two environments, every seventh flag
 * with a parent, 500 services owning one flag each), applies it to the
 * model as the poller does, builds the dependency graph, and paints the
 * dashboard into a curses screen on /dev/null: a selection move in the
 * Flags pane with its frame, and the first Graph pane frame after a poll
 * that moved a flag of the graph (its label changes: laid out again) and
 * after one that moved a flag outside it.  Prints the median of each
 * step.  Not a test: nothing fails on time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/canary.h"
#include "core/config.h"
#include "core/graph.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/ui_int.h"

#define NSERVICES 500

enum { T_PARSE, T_APPLY, T_GRAPH, T_FLAGS, T_FILTER, T_GRAPHPANE, T_GRAPHKEY,
    T_GRAPHSAME, T_COUNT };

static const char *const step_names[T_COUNT] = {
	"parse the poll's answers",
	"apply to the model (classify, edges, effective)",
	"graph_build",
	"Flags pane: key + frame",
	"Flags pane: a filter keystroke + frame",
	"Graph pane: 1st frame, a node's label changed",
	"Graph pane: key + frame",
	"Graph pane: 1st frame, no node changed",
};

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const int gen_pcts[] = { 0, 5, 20, 50, 100, 100, 33 };

/*
 * The project listing and one client answer per environment; with first
 * (last), the first (last) flag is at another percentage in production.
 */
static void
gen_answers(size_t n, int first, int last, char **admin, char **dev,
    char **prod)
{
	json_t	*a = json_array(), *c[2] = { json_array(), json_array() };
	json_t	*f, *envs, *strats, *deps;
	char	 name[32], parent[32], pct[8];
	size_t	 i;
	int	 k, on, p;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "gen-flag-%05zu", i);
		envs = json_array();
		for (k = 0; k < 2; k++) {
			on = k == 0 || i % 11 != 3;
			p = k == 0 ? 100 : gen_pcts[i % 7];
			/* A poll moves one flag, as a release day does. */
			if (k == 1 && ((first && i == 0) || (last && i == n - 1)))
				p = p == 50 ? 20 : 50;
			json_array_append_new(envs, json_pack("{s:s,s:b}", "name",
			    k == 0 ? "development" : "production", "enabled", on));
			snprintf(pct, sizeof pct, "%d", p);
			strats = json_pack("[{s:s,s:[],s:{s:s,s:s,s:s}}]", "name",
			    "flexibleRollout", "constraints", "parameters",
			    "rollout", pct, "stickiness", "default", "groupId", name);
			f = json_pack("{s:s,s:s,s:b,s:s,s:b,s:o}", "name", name,
			    "type", i % 5 == 4 ? "experiment" : "release",
			    "enabled", on, "project", "default", "stale", 0,
			    "strategies", strats);
			if (i % 7 == 6) {
				snprintf(parent, sizeof parent, "gen-flag-%05zu",
				    i - 1);
				deps = json_pack("[{s:s,s:b}]", "feature", parent,
				    "enabled", 1);
				json_object_set_new(f, "dependencies", deps);
			}
			json_array_append_new(c[k], f);
		}
		json_array_append_new(a, json_pack("{s:s,s:s,s:b,s:o}", "name",
		    name, "type", i % 5 == 4 ? "experiment" : "release", "stale", 0,
		    "environments", envs));
	}
	f = json_pack("{s:i,s:o}", "version", 2, "features", a);
	*admin = json_dumps(f, JSON_COMPACT);
	json_decref(f);
	for (k = 0; k < 2; k++) {
		f = json_pack("{s:i,s:o,s:{s:[s],s:s}}", "version", 2, "features",
		    c[k], "query", "project", "default", "environment",
		    k == 0 ? "development" : "production");
		*(k == 0 ? dev : prod) = json_dumps(f, JSON_COMPACT);
		json_decref(f);
	}
}

static char *
gen_config(size_t nflags)
{
	json_t	*root, *services = json_array(), *svc;
	char	 name[32], flag[32];
	char	*text;
	size_t	 i;

	for (i = 0; i < NSERVICES; i++) {
		snprintf(name, sizeof name, "svc-%05zu", i);
		snprintf(flag, sizeof flag, "gen-flag-%05zu", i % nflags);
		svc = json_pack("{s:s,s:[s],s:[]}", "name", name, "flags", flag,
		    "depends_on");
		if (i > 0 && i % 3 == 0)
			json_array_append_new(json_object_get(svc, "depends_on"),
			    json_string("svc-00000"));
		json_array_append_new(services, svc);
	}
	root = json_pack("{s:[{s:s,s:s,s:s,s:s,s:[s,s]}],s:o}", "sources",
	    "name", "flags", "kind", "unleash", "url", "http://127.0.0.1:1",
	    "project", "default", "environments", "development", "production",
	    "services", services);
	text = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	return text;
}

static size_t
pane_index(const char *name)
{
	size_t i;

	for (i = 0; i < ui_npanes; i++) {
		if (strcmp(ui_panes[i]->name, name) == 0)
			return i;
	}
	return 0;
}

static void
set_response(struct response *r, const char *body)
{
	memset(r, 0, sizeof *r);
	r->status = 200;
	r->body = body;
	r->len = strlen(body);
}

int
main(int argc, char **argv)
{
	size_t		 n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
	size_t		 runs = argc > 2 ? strtoul(argv[2], NULL, 10) : 7, r, k;
	struct config	 cfg;
	struct model	 m;
	struct model_part part;
	struct poll_ctx	 ctx;
	struct response	 resp[4];
	struct graph	 g;
	struct ui_state	 st;
	SCREEN		*scr;
	FILE		*out, *in;
	char		*text, *cause = NULL, *admin, *dev, *prod;
	double		*t[T_COUNT], t0;
	const struct adapter_entry *ad = adapter_find("unleash");
	const char	 events[] = "{\"events\":[],\"total\":0}";
	int		 moved_first = 0, moved_last = 0;

	if (n < 10 || runs == 0) {
		fprintf(stderr, "usage: bench_frame [FLAGS RUNS]\n");
		return 2;
	}
	text = gen_config(n);
	if (config_parse(&cfg, "(bench)", text, &cause) != 0) {
		fprintf(stderr, "bench_frame: %s\n", cause);
		return 1;
	}
	free(text);
	model_init(&m);
	model_add_source(&m, "flags", "unleash");
	memset(&ctx, 0, sizeof ctx);
	ctx.src = config_find_source(&cfg, "flags");
	ctx.cfg = &cfg;
	for (k = 0; k < T_COUNT; k++)
		t[k] = xcalloc(runs, sizeof *t[k]);

	/* A screen of 80x24 written to /dev/null: no terminal needed. */
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (out == NULL || in == NULL ||
	    (scr = newterm("vt100", out, in)) == NULL) {
		fprintf(stderr, "bench_frame: no curses screen\n");
		return 1;
	}
	resizeterm(24, 80);
	memset(&st, 0, sizeof st);
	st.cfg = &cfg;
	st.model = &m;
	st.readonly = 1;
	st.sel = xcalloc(ui_npanes, sizeof *st.sel);
	st.list_rows = LINES - 4;

	/*
	 * Even polls move the first flag (owned by a service: a node of the
	 * graph) or back, odd ones the last flag (in no edge) or back.
	 */
	for (r = 0; r < 2 * (runs + 1); r++) {
		size_t run = (r / 2) % runs;
		int in_graph = r % 2 == 0;

		if (in_graph)
			moved_first = !moved_first;
		else
			moved_last = !moved_last;
		gen_answers(n, moved_first, moved_last, &admin, &dev, &prod);
		set_response(&resp[0], admin);
		set_response(&resp[1], dev);
		set_response(&resp[2], prod);
		set_response(&resp[3], events);
		memset(&part, 0, sizeof part);

		t0 = now_mono();
		if (ad->parse(&ctx, resp, 4, &part, &cause) != 0) {
			fprintf(stderr, "bench_frame: %s\n", cause);
			return 1;
		}
		if (in_graph)
			t[T_PARSE][run] = now_mono() - t0;

		t0 = now_mono();
		model_apply(&m, "flags", &part);
		model_source_ok(&m, "flags", now_mono());
		model_classify(&m, &cfg);
		model_build_graph(&m, &cfg);
		model_effective(&m);
		if (in_graph)
			t[T_APPLY][run] = now_mono() - t0;
		free(admin);
		free(dev);
		free(prod);

		if (!in_graph) {
			/* Only the Graph pane's frame after this poll. */
			st.pane = pane_index("graph");
			t0 = now_mono();
			ui_paint(&st);
			t[T_GRAPHSAME][run] = now_mono() - t0;
			continue;
		}

		t0 = now_mono();
		graph_build(&g, &m, "production");
		t[T_GRAPH][run] = now_mono() - t0;
		graph_free(&g);

		/* The Flags pane: a selection move, then its frame. */
		st.pane = pane_index("flags");
		t0 = now_mono();
		ui_sel_move(&st, 1, 0);
		ui_paint(&st);
		t[T_FLAGS][run] = now_mono() - t0;

		/* A keystroke of the / filter: the list narrows, then its frame. */
		t0 = now_mono();
		ui_filter_set(&st, st.pane, "flag-012");
		ui_paint(&st);
		t[T_FILTER][run] = now_mono() - t0;
		ui_filter_set(&st, st.pane, NULL);

		/* The Graph pane after the poll, then a key there. */
		st.pane = pane_index("graph");
		t0 = now_mono();
		ui_paint(&st);
		t[T_GRAPHPANE][run] = now_mono() - t0;
		t0 = now_mono();
		keytab_find(ui_panes[st.pane]->keys, 'l')->fn(&st, NULL);
		ui_paint(&st);
		t[T_GRAPHKEY][run] = now_mono() - t0;
		/* The first runs warm up and are overwritten by the last. */
	}
	printf("frame after a poll: %zu flags, %zu edges, median over %zu runs\n",
	    m.nflags, m.nedges, runs);
	for (k = 0; k < T_COUNT; k++) {
		qsort(t[k], runs, sizeof *t[k], cmp);
		printf("  %-48s %8.1f ms (min %.1f, max %.1f)\n", step_names[k],
		    t[k][runs / 2] * 1000, t[k][0] * 1000, t[k][runs - 1] * 1000);
		free(t[k]);
	}
	for (k = 0; k < ui_npanes; k++) {
		free(st.sel[k].key);
		if (ui_panes[k]->free != NULL)
			ui_panes[k]->free(&st);
	}
	ui_rows_free(&st);
	canary_view_free(st.hview);
	free(st.hview);
	free(st.flag_env);
	free(st.sel);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	model_free(&m);
	config_free(&cfg);
	return 0;
}
