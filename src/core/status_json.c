/*
 * status_json.c - turns the model into the `relboard status --json` document.
 * Unknown numbers and NaN are null; times are RFC 3339 UTC.  Every string
 * goes through json_text(), so it is safe to print and never drops out.
 * An environment whose state the last answer did not give has a null
 * stage, rollout and killed, and its reason; an incomplete answer is a
 * source's warning.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "core/exposure.h"
#include "core/graph.h"
#include "core/kpi.h"
#include "core/sanitize.h"
#include "core/status_json.h"
#include "core/util.h"

static json_t *
num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
int_or_null(int v)
{
	return v == RB_UNKNOWN_INT ? json_null() : json_integer(v);
}

static json_t *
sources_json(const struct model *m, double mono_now)
{
	json_t *arr = json_array(), *o;
	size_t i;

	for (i = 0; i < m->nsources; i++) {
		const struct source_status *s = &m->sources[i];
		enum source_state st = s->state;

		if (st == SOURCE_PENDING)
			st = SOURCE_ERROR;
		o = json_object();
		json_object_set_new(o, "name", json_text(s->name));
		json_object_set_new(o, "kind", json_text(s->kind));
		json_object_set_new(o, "state", json_string(source_state_name(st)));
		json_object_set_new(o, "last_ok_age_s", s->last_ok > 0 ?
		    json_real(round((mono_now - s->last_ok) * 1000) / 1000) : json_null());
		json_object_set_new(o, "error", s->state == SOURCE_PENDING ?
		    json_string("no answer yet") : json_text(s->error));
		json_object_set_new(o, "warning", json_text(s->warning));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
rollout_json(const struct rollout *r)
{
	json_t *o = json_object(), *step, *rep, *img;
	size_t i;

	json_object_set_new(o, "source", json_text(r->source));
	json_object_set_new(o, "namespace", json_text(r->namespace));
	json_object_set_new(o, "name", json_text(r->name));
	json_object_set_new(o, "kind", json_text(r->kind));
	json_object_set_new(o, "strategy", json_text(r->strategy));
	json_object_set_new(o, "status", json_text(r->status));
	json_object_set_new(o, "message", json_text(r->message));
	if (r->step_count == RB_UNKNOWN_INT)
		step = json_null();
	else
		step = json_pack("{s:o,s:i}", "index", int_or_null(r->step_index),
		    "count", r->step_count);
	json_object_set_new(o, "step", step);
	json_object_set_new(o, "set_weight", int_or_null(r->set_weight));
	json_object_set_new(o, "actual_weight", int_or_null(r->actual_weight));
	rep = json_pack("{s:o,s:o,s:o,s:o,s:o}",
	    "desired", int_or_null(r->replicas.desired),
	    "current", int_or_null(r->replicas.current),
	    "updated", int_or_null(r->replicas.updated),
	    "ready", int_or_null(r->replicas.ready),
	    "available", int_or_null(r->replicas.available));
	json_object_set_new(o, "replicas", rep);
	img = json_array();
	for (i = 0; i < r->nimages; i++)
		json_array_append_new(img, json_text(r->images[i]));
	json_object_set_new(o, "images", img);
	return o;
}

/* {"yes", "no", "window_s"} of Unleash's current hourly bucket, or null. */
static json_t *
exposures_json(const struct model *m, const struct flag *f, const char *env)
{
	const struct exposure *x = exposure_find(m, f->source, f->name, env);

	if (x == NULL)
		return json_null();
	return json_pack("{s:I,s:I,s:i}", "yes", (json_int_t)x->yes,
	    "no", (json_int_t)x->no, "window_s", x->window_s);
}

static json_t *
kpis_json(const struct model *m)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < m->nkpis; i++) {
		const struct kpi_value *k = &m->kpis[i];

		json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o,s:s,s:o}",
		    "name", json_text(k->name), "flag", json_text(k->flag),
		    "environment", json_text(k->env),
		    "value", num_or_null(k->value),
		    "health", health_name(k->health),
		    "error", json_text(k->error)));
	}
	return arr;
}

static json_t *
flag_json(const struct model *m, const struct flag *f)
{
	json_t *o = json_object(), *envs = json_array(), *deps = json_array(), *e;
	size_t i;

	json_object_set_new(o, "source", json_text(f->source));
	json_object_set_new(o, "project", json_text(f->project));
	json_object_set_new(o, "name", json_text(f->name));
	json_object_set_new(o, "type", json_text(f->type));
	for (i = 0; i < f->nenvs; i++) {
		const struct flag_env *fe = &f->envs[i];

		e = json_object();
		json_object_set_new(e, "name", json_text(fe->name));
		json_object_set_new(e, "enabled", json_boolean(fe->enabled));
		json_object_set_new(e, "stage", fe->unknown ? json_null() :
		    json_text(fe->stage));
		json_object_set_new(e, "rollout", fe->has_rollout && !fe->unknown ?
		    int_or_null(fe->rollout) : json_null());
		json_object_set_new(e, "killed", fe->unknown ? json_null() :
		    json_boolean(fe->killed));
		json_object_set_new(e, "blocked_by", json_text(fe->blocked_by));
		json_object_set_new(e, "reason", fe->unknown ? json_text(
		    fe->reason ? fe->reason : "state unknown") : json_null());
		json_object_set_new(e, "exposures", exposures_json(m, f, fe->name));
		json_array_append_new(envs, e);
	}
	json_object_set_new(o, "environments", envs);
	for (i = 0; i < f->ndeps; i++) {
		json_array_append_new(deps, json_pack("{s:o,s:b}", "flag",
		    json_text(f->deps[i].flag), "enabled", f->deps[i].enabled));
	}
	json_object_set_new(o, "depends_on", deps);
	json_object_set_new(o, "depends_on_reason", f->deps_unknown ?
	    json_string("no answer of the last poll had its parents: these are "
	    "the last ones seen") : json_null());
	return o;
}

static json_t *
service_json(const struct service_health *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "source", json_text(s->source));
	json_object_set_new(o, "service", json_text(s->service));
	json_object_set_new(o, "version", json_text(s->version));
	json_object_set_new(o, "request_rate", num_or_null(s->request_rate));
	json_object_set_new(o, "error_ratio", num_or_null(s->error_ratio));
	json_object_set_new(o, "latency_p99_s", num_or_null(s->latency_p99));
	json_object_set_new(o, "health", json_string(health_name(s->health)));
	return o;
}

/* The document; with_flags false leaves its flags list empty. */
static json_t *
status_doc(const struct model *m, const struct config *cfg, double wall_now,
    double mono_now, bool with_flags)
{
	json_t *root = json_object(), *arr, *edges, *cycles;
	char **cyc;
	size_t ncycles;
	char buf[32];
	size_t i;

	(void)cfg;
	format_rfc3339(wall_now, buf, sizeof buf);
	json_object_set_new(root, "generated_at", json_string(buf));
	json_object_set_new(root, "sources", sources_json(m, mono_now));
	arr = json_array();
	for (i = 0; i < m->nrollouts; i++)
		json_array_append_new(arr, rollout_json(&m->rollouts[i]));
	json_object_set_new(root, "rollouts", arr);
	arr = json_array();
	for (i = 0; with_flags && i < m->nflags; i++)
		json_array_append_new(arr, flag_json(m, &m->flags[i]));
	json_object_set_new(root, "flags", arr);
	arr = json_array();
	for (i = 0; i < m->nservices; i++)
		json_array_append_new(arr, service_json(&m->services[i]));
	json_object_set_new(root, "services", arr);
	json_object_set_new(root, "kpis", kpis_json(m));
	edges = json_array();
	for (i = 0; i < m->nedges; i++) {
		const struct edge *e = &m->edges[i];
		const char *origin = edge_origin_name(e->origin);

		json_array_append_new(edges, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
		    "from", json_text(e->from), "to", json_text(e->to),
		    "kind", json_text(e->kind),
		    "origin", origin ? json_text(origin) : json_null(),
		    "request_rate", origin ? num_or_null(e->request_rate) : json_null(),
		    "error_ratio", origin ? num_or_null(e->error_ratio) : json_null(),
		    "health", origin ? json_text(health_name(e->health)) : json_null()));
	}
	cycles = json_array();
	ncycles = graph_model_cycles(m, &cyc);
	for (i = 0; i < ncycles; i++)
		json_array_append_new(cycles, json_text(cyc[i]));
	graph_strings_free(cyc, ncycles);
	json_object_set_new(root, "graph", json_pack("{s:o,s:o}", "edges", edges,
	    "cycles", cycles));
	return root;
}

json_t *
status_json(const struct model *m, const struct config *cfg, double wall_now,
    double mono_now)
{
	return status_doc(m, cfg, wall_now, mono_now, true);
}

json_t *
status_json_shell(const struct model *m, const struct config *cfg,
    double wall_now, double mono_now)
{
	return status_doc(m, cfg, wall_now, mono_now, false);
}

/* v's text inside the flags list (nesting level 2): its lines indented. */
static int
put_indented(FILE *fp, const json_t *v)
{
	char	*text, *p, *nl;
	size_t	 n;
	int	 rc = 0;

	if ((text = json_dumps(v, STATUS_JSON_FLAGS)) == NULL)
		return -1;
	for (p = text; rc == 0 && (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		n = (size_t)(nl - p) + 1;
		if (fwrite(p, 1, n, fp) != n || fputs("    ", fp) == EOF)
			rc = -1;
	}
	if (rc == 0 && fputs(p, fp) == EOF)
		rc = -1;
	free(text);
	return rc;
}

int
status_json_write(FILE *fp, const json_t *shell, const struct model *m)
{
	static const char mark[] = "\n  \"flags\": []";
	json_t	*f;
	char	*text, *at;
	size_t	 i, n;
	int	 rc = -1;

	text = json_dumps(shell, STATUS_JSON_FLAGS);
	/* Its top level, indented by two, has the flags list once. */
	if (text == NULL || (at = strstr(text, mark)) == NULL)
		goto out;
	n = (size_t)(at - text);
	if (fwrite(text, 1, n, fp) != n ||
	    fputs(m->nflags > 0 ? "\n  \"flags\": [" : mark, fp) == EOF)
		goto out;
	for (i = 0; i < m->nflags; i++) {
		f = flag_json(m, &m->flags[i]);
		rc = fputs(i > 0 ? ",\n    " : "\n    ", fp) == EOF ? -1 :
		    put_indented(fp, f);
		json_decref(f);
		if (rc != 0)
			goto out;
	}
	rc = -1;
	if ((m->nflags > 0 && fputs("\n  ]", fp) == EOF) ||
	    fputs(at + sizeof mark - 1, fp) == EOF || fputc('\n', fp) == EOF)
		goto out;
	rc = 0;
out:
	free(text);
	return rc;
}
