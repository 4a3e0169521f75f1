/*
 * argo_rollouts.c - the "argo-rollouts" adapter: Argo Rollouts and, when
 * asked, plain Deployments of one namespace, read through the Kubernetes
 * API.
 *
 * A poll lists the namespace's Rollouts, ReplicaSets and (optionally)
 * Deployments.  Each Rollout becomes one struct rollout whose status,
 * message, step and weights are derived by the rules Argo Rollouts itself
 * applies (its GetRolloutPhase and the CLI's rollout info), so relboard
 * shows the same words as `kubectl argo rollouts get`.  Deployments are
 * mapped onto the same four statuses.  Pure: no I/O here.  The dashboard
 * lists once and then watches (argo_watch.c), deriving rows the same way.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/adapter.h"
#include "core/intern.h"
#include "core/adapters/argo_rollouts.h"
#include "core/adapters/argo_write.h"
#include "core/model.h"
#include "core/util.h"

#define ARGO_HASH_LABEL		"rollouts-pod-template-hash"
#define ARGO_WORKLOAD_GEN	"rollout.argoproj.io/workload-generation"

#define LIST_ROLLOUTS		ARGO_ROLLOUTS
#define LIST_REPLICASETS	ARGO_REPLICASETS
#define LIST_DEPLOYMENTS	ARGO_DEPLOYMENTS
#define LIST_MAX		ARGO_NLISTS

static const struct {
	const char	*prefix;	/* before the namespace */
	const char	*name;		/* the resource, last path segment */
	const char	*kind;		/* the list's kind and apiVersion */
	const char	*api_version;
	const char	*item_kind;	/* the kind of its items */
} argo_lists[LIST_MAX] = {
	{ "/apis/argoproj.io/v1alpha1/namespaces/", "rollouts", "RolloutList",
	  "argoproj.io/v1alpha1", "Rollout" },
	{ "/apis/apps/v1/namespaces/", "replicasets", "ReplicaSetList", "apps/v1",
	  "ReplicaSet" },
	{ "/apis/apps/v1/namespaces/", "deployments", "DeploymentList", "apps/v1",
	  "Deployment" },
};

const char *
argo_rollouts_kind(int which)
{
	return argo_lists[which].item_kind;
}

const char *
argo_rollouts_api_version(int which)
{
	return argo_lists[which].api_version;
}

/* A derived status: one of Argo's four words and an allocated message. */
struct argo_phase {
	const char	*status;
	char		*message;	/* NULL when there is nothing to say */
};

/* Percent-encode a path segment (namespaces are DNS labels, but be safe). */
static char *
argo_escape(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*out, *p;

	out = p = xmalloc(strlen(s) * 3 + 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		}
	}
	*p = '\0';
	return out;
}

char *
argo_rollouts_path(int which, const char *ns)
{
	char	*e, *path;

	e = argo_escape(ns);
	path = xasprintf("%s%s/%s", argo_lists[which].prefix, e,
	    argo_lists[which].name);
	free(e);
	return path;
}

static bool
argo_has_namespace(const struct poll_ctx *ctx)
{
	return ctx->src->namespace != NULL && *ctx->src->namespace != '\0';
}

static size_t
argo_plan(const struct poll_ctx *ctx, struct request_desc *reqs)
{
	size_t	n, i;

	if (!argo_has_namespace(ctx))
		return 0;
	n = ctx->src->deployments ? 3 : 2;
	for (i = 0; i < n; i++) {
		memset(&reqs[i], 0, sizeof reqs[i]);
		reqs[i].method = xstrdup("GET");
		reqs[i].path = argo_rollouts_path((int)i, ctx->src->namespace);
	}
	return n;
}

/* --- JSON helpers ----------------------------------------------------- */

/* Follow a dotted path of object keys ("status.canary.weights"). */
static json_t *
jget(json_t *o, const char *path)
{
	const char	*p = path, *dot;
	char		 key[64];
	size_t		 len;

	while (o != NULL && *p != '\0') {
		if (!json_is_object(o))
			return NULL;
		dot = strchr(p, '.');
		len = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof key)
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		o = json_object_get(o, key);
		p += len;
		if (*p == '.')
			p++;
	}
	return o;
}

/* A string at path, or NULL when absent or not a string. */
static const char *
jstr(json_t *o, const char *path)
{
	json_t	*v = jget(o, path);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The string at path, or "" when absent. */
static const char *
jstr0(json_t *o, const char *path)
{
	const char	*s = jstr(o, path);

	return s != NULL ? s : "";
}

static bool
jhas_int(json_t *o, const char *path)
{
	return json_is_integer(jget(o, path));
}

static long long
jint(json_t *o, const char *path, long long dflt)
{
	json_t	*v = jget(o, path);

	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

static bool
jtrue(json_t *o, const char *path)
{
	return json_is_true(jget(o, path));
}

/* A JSON value that is present and not null. */
static bool
jset(json_t *o, const char *path)
{
	json_t	*v = jget(o, path);

	return v != NULL && !json_is_null(v);
}

static size_t
jlen(json_t *o, const char *path)
{
	json_t	*v = jget(o, path);

	return json_is_array(v) ? json_array_size(v) : 0;
}

/*
 * A whole decimal integer, as Go's strconv.Atoi reads it: the whole string
 * must be a number.  A JSON integer is accepted too.
 */
static bool
jparse_int(json_t *v, long long *out)
{
	const char	*s;
	char		*end;
	long long	 n;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return true;
	}
	if (!json_is_string(v))
		return false;
	s = json_string_value(v);
	if (*s == '\0')
		return false;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s)
		return false;
	*out = n;
	return true;
}

static char *
clean_dup(const char *s)
{
	char	*d = xstrdup(s);

	sanitize_text(d);
	return d;
}

/* The same, shared (intern.h): namespaces, strategies, statuses repeat. */
static char *
clean_intern(const char *s)
{
	char	*d = clean_dup(s), *t = intern_str(d);

	free(d);
	return t;
}

static char *
clean_printf2(const char *a, const char *b)
{
	char	*d = xasprintf("%s: %s", a, b);

	sanitize_text(d);
	return d;
}

/* --- answers ----------------------------------------------------------- */

/* One line for a non-2xx answer, from a Kubernetes Status body if any. */
static char *
argo_http_error(const struct poll_ctx *ctx, const struct response *r,
    const char *path, int which)
{
	json_t		*root;
	const char	*reason = NULL, *message = NULL;
	char		*cause;

	root = r->body != NULL ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	if (json_is_object(root) && streq(jstr(root, "kind"), "Status")) {
		reason = jstr(root, "reason");
		message = jstr(root, "message");
	}
	if (reason == NULL || *reason == '\0')
		reason = r->status == 401 ? "Unauthorized" : NULL;

	if (r->status == 401)
		cause = xasprintf("401 %s: check the token for source %s",
		    reason, ctx->src->name);
	else if (reason != NULL && message != NULL && *message != '\0') {
		cause = xasprintf("%ld %s: %s%s", r->status, reason, message,
		    r->status == 404 && which == LIST_ROLLOUTS ?
		    " (is Argo Rollouts installed?)" : "");
	} else if (message != NULL && *message != '\0')
		cause = xasprintf("%ld: %s", r->status, message);
	else
		cause = xasprintf("HTTP %ld for GET %s", r->status, path);
	json_decref(root);
	sanitize_text(cause);
	return cause;
}

/*
 * Is the answer the list asked for: its kind and apiVersion, an items
 * array (null or missing is no list; empty is), and every item in the
 * namespace asked for?  0, or -1 with *cause naming what was expected and
 * what came.
 */
static int
argo_check_list(const struct poll_ctx *ctx, json_t *root, int which,
    const char *path, char **cause)
{
	const char	*kind = jstr(root, "kind"), *api = jstr(root, "apiVersion");
	const char	*want = argo_lists[which].kind, *ns;
	json_t		*items = json_object_get(root, "items"), *it;
	size_t		 i;

	*cause = NULL;
	if (!streq(kind, want)) {
		*cause = kind != NULL ? xasprintf("GET %s: expected a %s, got a "
		    "%s", path, want, kind) : xasprintf("GET %s: expected a %s, "
		    "got an answer with no kind", path, want);
	} else if (!streq(api, argo_lists[which].api_version)) {
		*cause = xasprintf("GET %s: expected a %s of %s, got one of %s",
		    path, want, argo_lists[which].api_version,
		    api != NULL ? api : "no apiVersion");
	} else if (!json_is_array(items)) {
		*cause = xasprintf("GET %s: the %s has no items array (%s)", path,
		    want, items == NULL ? "missing" : json_is_null(items) ?
		    "null" : "not an array");
	} else {
		json_array_foreach(items, i, it) {
			ns = jstr(it, "metadata.namespace");
			if (ns != NULL && strcmp(ns, ctx->src->namespace) != 0) {
				*cause = xasprintf("GET %s: the answer is about "
				    "namespace %s, not %s (%s)", path, ns,
				    ctx->src->namespace,
				    jstr0(it, "metadata.name"));
				break;
			}
		}
		if (*cause == NULL)
			return 0;
	}
	sanitize_text(*cause);
	return -1;
}

json_t *
argo_rollouts_load_list(const struct poll_ctx *ctx, const struct response *r,
    int which, char **cause)
{
	json_error_t	 jerr;
	json_t		*root;
	char		*path;

	path = argo_rollouts_path(which, ctx->src->namespace);
	if (r->status == 0) {
		*cause = xasprintf("no answer to GET %s: %s", path,
		    r->error != NULL ? r->error : "unknown error");
		sanitize_text(*cause);
		free(path);
		return NULL;
	}
	if (r->status < 200 || r->status > 299) {
		*cause = argo_http_error(ctx, r, path, which);
		free(path);
		return NULL;
	}
	root = json_loadb(r->body != NULL ? r->body : "", r->len, 0, &jerr);
	if (root == NULL) {
		*cause = xasprintf("malformed JSON in the %s list from GET %s: "
		    "%s (line %d, column %d)", argo_lists[which].name, path,
		    jerr.text, jerr.line, jerr.column);
		sanitize_text(*cause);
		free(path);
		return NULL;
	}
	if (!json_is_object(root)) {
		*cause = xasprintf("unexpected answer to GET %s: not a %s list",
		    path, argo_lists[which].name);
		json_decref(root);
		free(path);
		return NULL;
	}
	if (argo_check_list(ctx, root, which, path, cause) != 0) {
		json_decref(root);
		free(path);
		return NULL;
	}
	free(path);
	return root;
}

/* --- ReplicaSets ------------------------------------------------------- */

/* Is rs controlled by the object (uid, else kind and name)? */
static bool
rs_owned_by(json_t *rs, json_t *owner, const char *kind)
{
	json_t		*refs, *ref;
	const char	*uid, *name;
	size_t		 i;

	uid = jstr(owner, "metadata.uid");
	name = jstr(owner, "metadata.name");
	refs = jget(rs, "metadata.ownerReferences");
	json_array_foreach(refs, i, ref) {
		if (uid != NULL && *uid != '\0') {
			if (streq(jstr(ref, "uid"), uid))
				return true;
		} else if (streq(jstr(ref, "kind"), kind) &&
		    name != NULL && streq(jstr(ref, "name"), name))
			return true;
	}
	return false;
}

static const char *ro_stable_rs(json_t *);

/*
 * The roles of a Rollout's ReplicaSet, as the CLI tags it: for a canary
 * the stable RS is "stable", else the current one "canary"; for
 * blue-green the stable RS is "stable" and the RS behind the active
 * service "active", else the one behind the preview service "preview".
 */
static void
rs_roles(json_t *ro, json_t *rs, char *buf, size_t len)
{
	const char	*hash, *stable;
	size_t		 off = 0;

	buf[0] = '\0';
	if (ro == NULL)
		return;
	hash = jstr0(jget(rs, "metadata.labels"), ARGO_HASH_LABEL);
	if (*hash == '\0')
		return;
	stable = ro_stable_rs(ro);
#define ADD_ROLE(r) \
	off += (size_t)snprintf(buf + off, off < len ? len - off : 0, "%s%s", \
	    off > 0 ? ", " : "", (r))
	if (jset(ro, "spec.strategy.canary")) {
		if (strcmp(stable, hash) == 0)
			ADD_ROLE("stable");
		else if (streq(jstr(ro, "status.currentPodHash"), hash))
			ADD_ROLE("canary");
	}
	if (jset(ro, "spec.strategy.blueGreen")) {
		if (strcmp(stable, hash) == 0)
			ADD_ROLE("stable");
		if (streq(jstr(ro, "status.blueGreen.activeSelector"), hash))
			ADD_ROLE("active");
		else if (streq(jstr(ro, "status.blueGreen.previewSelector"),
		    hash))
			ADD_ROLE("preview");
	}
#undef ADD_ROLE
}

struct image_ref {
	const char	*image;
	char		 roles[48];
};

static int
cmp_image_ref(const void *a, const void *b)
{
	return strcmp(((const struct image_ref *)a)->image,
	    ((const struct image_ref *)b)->image);
}

/*
 * Images of the owned ReplicaSets that have pods, sorted and unique, and
 * each with its roles (ro is the Rollout, NULL for a Deployment).
 */
static void
add_images(struct rollout *r, json_t *owner, const char *kind, json_t *rss,
    json_t *ro)
{
	json_t			*rs, *c, *containers;
	struct image_ref	*imgs = NULL, *ir;
	const char		*img;
	char			 roles[48];
	size_t			 n = 0, cap = 0, i, j;

	json_array_foreach(rss, i, rs) {
		if (!rs_owned_by(rs, owner, kind))
			continue;
		if (jint(rs, "status.replicas", 0) <= 0)
			continue;
		rs_roles(ro, rs, roles, sizeof roles);
		containers = jget(rs, "spec.template.spec.containers");
		json_array_foreach(containers, j, c) {
			img = jstr(c, "image");
			if (img == NULL || *img == '\0')
				continue;
			ir = ARRAY_PUSH(imgs, n, cap);
			ir->image = img;
			memcpy(ir->roles, roles, sizeof ir->roles);
		}
	}
	if (n > 1)
		qsort(imgs, n, sizeof *imgs, cmp_image_ref);
	for (i = 0; i < n; i++) {
		char *d = clean_dup(imgs[i].image);

		rollout_add_image(r, d);
		rollout_add_image_role(r, d, imgs[i].roles);
		free(d);
	}
	free(imgs);
}

/*
 * An RFC 3339 time ("2019-10-25T18:31:08Z", with optional fraction and
 * offset) as epoch seconds; 0 when absent or malformed.
 */
static double
parse_time(const char *s)
{
	struct tm	 tm;
	const char	*p;
	time_t		 t;
	int		 sign, hh, mm;

	if (s == NULL)
		return 0;
	memset(&tm, 0, sizeof tm);
	p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (p == NULL)
		return 0;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	t = timegm(&tm);
	if (t == (time_t)-1)
		return 0;
	if (*p == 'Z' || *p == 'z')
		return p[1] == '\0' ? (double)t : 0;
	if ((*p == '+' || *p == '-') &&
	    sscanf(p + 1, "%2d:%2d", &hh, &mm) == 2) {
		sign = *p == '+' ? 1 : -1;
		return (double)t - sign * (hh * 3600.0 + mm * 60.0);
	}
	return 0;
}

/* status.conditions into the model, and the one of `type`'s time. */
static void
add_conditions(struct rollout *r, json_t *obj)
{
	struct rollout_condition	*rc;
	json_t				*c;
	const char			*v;
	size_t				 i;

	json_array_foreach(jget(obj, "status.conditions"), i, c) {
		if (!json_is_object(c))
			continue;
		rc = rollout_add_condition(r);
		rc->type = clean_dup(jstr0(c, "type"));
		rc->status = clean_dup(jstr0(c, "status"));
		if ((v = jstr(c, "reason")) != NULL && *v != '\0')
			rc->reason = clean_dup(v);
		if ((v = jstr(c, "message")) != NULL && *v != '\0')
			rc->message = clean_dup(v);
		if ((v = jstr(c, "lastTransitionTime")) != NULL && *v != '\0')
			rc->last_transition = clean_dup(v);
	}
}

/* The lastTransitionTime of the first condition matching type/reason. */
static double
condition_time(json_t *obj, const char *type, const char *status,
    const char *reason)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(jget(obj, "status.conditions"), i, c) {
		if (type != NULL && !streq(jstr(c, "type"), type))
			continue;
		if (status != NULL && !streq(jstr(c, "status"), status))
			continue;
		if (reason != NULL && !streq(jstr(c, "reason"), reason))
			continue;
		return parse_time(jstr(c, "lastTransitionTime"));
	}
	return 0;
}

/* --- Rollouts ---------------------------------------------------------- */

/* metadata.generation seen by the controller (status.observedGeneration)? */
static bool
ro_generation_observed(json_t *ro)
{
	long long	observed, gen;

	if (!jparse_int(jget(ro, "status.observedGeneration"), &observed))
		return true;	/* an old, hash-valued observedGeneration */
	gen = jint(ro, "metadata.generation", 0);
	return observed >= gen;
}

static bool
ro_workload_generation_observed(json_t *ro)
{
	json_t		*ann;
	long long	 want, seen;

	if (!jset(ro, "spec.workloadRef"))
		return true;
	ann = json_object_get(jget(ro, "metadata.annotations"),
	    ARGO_WORKLOAD_GEN);
	if (!jparse_int(ann, &want))
		return true;
	if (!jparse_int(jget(ro, "status.workloadObservedGeneration"), &seen))
		return true;
	return seen == want;
}

static const char *
ro_stable_rs(json_t *ro)
{
	const char	*s = jstr0(ro, "status.stableRS");

	return *s != '\0' ? s : jstr0(ro, "status.canary.stableRS");
}

static bool
ro_fully_promoted(json_t *ro)
{
	const char	*stable = ro_stable_rs(ro);

	return *stable != '\0' &&
	    strcmp(stable, jstr0(ro, "status.currentPodHash")) == 0;
}

static bool
analysis_completed(const char *phase)
{
	return streq(phase, "Successful") || streq(phase, "Failed") ||
	    streq(phase, "Error") || streq(phase, "Inconclusive");
}

static void
phase_set(struct argo_phase *ph, const char *status, const char *message)
{
	ph->status = status;
	ph->message = message != NULL && *message != '\0' ?
	    clean_dup(message) : NULL;
}

/* The phase from spec and status alone, as Argo's controller computes it. */
static void
ro_calculate_phase(json_t *ro, struct argo_phase *ph)
{
	json_t		*conds, *c, *pauses;
	const char	*type, *reason, *restart_at;
	long long	 desired, updated, available, replicas;
	size_t		 i;

	conds = jget(ro, "status.conditions");
	json_array_foreach(conds, i, c) {
		type = jstr0(c, "type");
		reason = jstr0(c, "reason");
		if (strcmp(type, "InvalidSpec") == 0) {
			ph->status = "Degraded";
			ph->message = clean_printf2("InvalidSpec",
			    jstr0(c, "message"));
			return;
		}
		if (strcmp(reason, "RolloutAborted") == 0 ||
		    strcmp(reason, "ProgressDeadlineExceeded") == 0) {
			ph->status = "Degraded";
			ph->message = clean_printf2(reason, jstr0(c, "message"));
			return;
		}
	}
	if (jtrue(ro, "spec.paused")) {
		phase_set(ph, "Paused", "manually paused");
		return;
	}
	pauses = jget(ro, "status.pauseConditions");
	if (json_is_array(pauses) && json_array_size(pauses) > 0) {
		phase_set(ph, "Paused",
		    jstr0(json_array_get(pauses, 0), "reason"));
		return;
	}
	restart_at = jstr(ro, "spec.restartAt");
	if (restart_at != NULL &&
	    !streq(restart_at, jstr(ro, "status.restartedAt"))) {
		phase_set(ph, "Progressing", "rollout is restarting");
		return;
	}

	desired = jint(ro, "spec.replicas", 1);
	updated = jint(ro, "status.updatedReplicas", 0);
	available = jint(ro, "status.availableReplicas", 0);
	replicas = jint(ro, "status.replicas", 0);
	if (updated < desired) {
		phase_set(ph, "Progressing", "more replicas need to be updated");
		return;
	}
	if (available < updated) {
		phase_set(ph, "Progressing",
		    "updated replicas are still becoming available");
		return;
	}

	if (jset(ro, "spec.strategy.blueGreen")) {
		const char *active = jstr0(ro, "status.blueGreen.activeSelector");

		if (*active == '\0' ||
		    strcmp(active, jstr0(ro, "status.currentPodHash")) != 0) {
			phase_set(ph, "Progressing",
			    "active service cutover pending");
			return;
		}
		if (!ro_fully_promoted(ro)) {
			if (jset(ro,
			    "spec.strategy.blueGreen.postPromotionAnalysis") &&
			    !analysis_completed(jstr(ro, "status.blueGreen."
			    "postPromotionAnalysisRunStatus.status")))
				phase_set(ph, "Progressing",
				    "waiting for analysis to complete");
			else
				phase_set(ph, "Progressing", "waiting for "
				    "post-promotion verification to complete");
			return;
		}
	} else if (jset(ro, "spec.strategy.canary")) {
		if (!jset(ro, "spec.strategy.canary.trafficRouting") &&
		    replicas > updated) {
			phase_set(ph, "Progressing",
			    "old replicas are pending termination");
			return;
		}
		if (!ro_fully_promoted(ro)) {
			phase_set(ph, "Progressing",
			    "waiting for all steps to complete");
			return;
		}
	}
	phase_set(ph, "Healthy", NULL);
}

/*
 * The phase a client shows: spec changes not yet seen by the controller come
 * first, then the phase the controller wrote (Argo Rollouts 1.0 and later),
 * else the one computed from the status.
 */
static void
ro_phase(json_t *ro, struct argo_phase *ph)
{
	const char	*phase;

	if (!ro_generation_observed(ro)) {
		phase_set(ph, "Progressing",
		    "waiting for rollout spec update to be observed");
		return;
	}
	if (jtrue(ro, "status.controllerPause") &&
	    jlen(ro, "status.pauseConditions") == 0) {
		phase_set(ph, "Progressing", "waiting for rollout to unpause");
		return;
	}
	if (!ro_workload_generation_observed(ro)) {
		phase_set(ph, "Progressing", "waiting for rollout spec update "
		    "to be observed for the reference workload");
		return;
	}
	/*
	 * The controller's phase, when it is one of Argo's four words; any
	 * other text is worked out from spec and status as Argo would.
	 */
	phase = jstr(ro, "status.phase");
	if (streq(phase, "Healthy") || streq(phase, "Progressing") ||
	    streq(phase, "Paused") || streq(phase, "Degraded")) {
		phase_set(ph, phase, jstr(ro, "status.message"));
		return;
	}
	ro_calculate_phase(ro, ph);
}

/* The current canary step index, or -1 when past the end or no steps. */
static long long
ro_current_step(json_t *ro, size_t nsteps)
{
	long long	idx;

	if (nsteps == 0)
		return -1;
	idx = jint(ro, "status.currentStepIndex", 0);
	if (idx < 0 || (size_t)idx >= nsteps)
		return -1;
	return idx;
}

static int
ro_max_weight(json_t *ro)
{
	json_t	*mw = jget(ro, "spec.strategy.canary.trafficRouting."
	    "maxTrafficWeight");

	return json_is_integer(mw) ? (int)json_integer_value(mw) : 100;
}

/* The weight the current step asks for (Argo's GetCurrentSetWeight). */
static int
ro_set_weight(json_t *ro, json_t *steps, long long cur)
{
	long long	i;
	json_t		*w;

	if (jtrue(ro, "status.abort"))
		return 0;
	if (cur < 0)
		return 100;
	for (i = cur; i >= 0; i--) {
		w = json_object_get(json_array_get(steps, (size_t)i),
		    "setWeight");
		if (json_is_integer(w))
			return (int)json_integer_value(w);
	}
	return 0;
}

/* Weight actually served: the CLI's rule from rollout_info.go. */
static int
ro_actual_weight(json_t *ro, json_t *rss, long long cur, int set_weight)
{
	json_t		*rs, *w;
	const char	*stable, *current, *hash;
	long long	 available;
	int		 actual = 0;
	size_t		 i;

	if (cur < 0)
		return ro_max_weight(ro);
	available = jint(ro, "status.availableReplicas", 0);
	if (available <= 0)
		return 0;
	if (jset(ro, "spec.strategy.canary.trafficRouting")) {
		w = jget(ro, "status.canary.weights");
		if (w != NULL && !json_is_null(w))
			return (int)jint(w, "canary.weight", 0);
		return set_weight;
	}
	stable = jstr0(ro, "status.stableRS");
	current = jstr0(ro, "status.currentPodHash");
	json_array_foreach(rss, i, rs) {
		if (!rs_owned_by(rs, ro, "Rollout"))
			continue;
		hash = jstr0(jget(rs, "metadata.labels"), ARGO_HASH_LABEL);
		if (strcmp(hash, stable) != 0 && strcmp(hash, current) == 0) {
			actual = (int)(jint(rs, "status.availableReplicas", 0) *
			    100 / available);
		}
	}
	return actual;
}

/* A pause's duration as written ("30s", 30 -> "30s"), else "indefinite". */
static char *
pause_text(json_t *pause)
{
	json_t	*d = json_object_get(pause, "duration");

	if (json_is_integer(d))
		return xasprintf("%llds", (long long)json_integer_value(d));
	if (json_is_string(d) && *json_string_value(d) != '\0')
		return clean_dup(json_string_value(d));
	return xstrdup("indefinite");
}

/* Names of the templates of an analysis or experiment step, joined. */
static char *
template_names(json_t *v, const char *key)
{
	json_t	*t;
	char	*out = NULL, *n;
	size_t	 i;

	json_array_foreach(json_object_get(v, "templates"), i, t) {
		const char *name = jstr(t, key);

		if (name == NULL || *name == '\0')
			continue;
		n = xasprintf("%s%s%s", out ? out : "", out ? ", " : "", name);
		free(out);
		out = n;
	}
	if (out != NULL)
		sanitize_text(out);
	return out;
}

static void
add_steps(struct rollout *r, json_t *steps)
{
	struct rollout_step	*rs;
	json_t			*st, *v;
	const char		*key;
	size_t			 i;

	json_array_foreach(steps, i, st) {
		rs = rollout_add_step(r);
		if (!json_is_object(st) || json_object_size(st) == 0) {
			rs->kind = STEP_OTHER;
			rs->name = xstrdup("?");
			continue;
		}
		if (json_is_integer(v = json_object_get(st, "setWeight"))) {
			rs->kind = STEP_SET_WEIGHT;
			rs->name = xstrdup("setWeight");
			rs->weight = (int)json_integer_value(v);
		} else if ((v = json_object_get(st, "pause")) != NULL) {
			rs->kind = STEP_PAUSE;
			rs->name = xstrdup("pause");
			rs->pause = pause_text(v);
		} else if ((v = json_object_get(st, "analysis")) != NULL) {
			rs->kind = STEP_ANALYSIS;
			rs->name = xstrdup("analysis");
			rs->detail = template_names(v, "templateName");
		} else if ((v = json_object_get(st, "experiment")) != NULL) {
			rs->kind = STEP_EXPERIMENT;
			rs->name = xstrdup("experiment");
			rs->detail = template_names(v, "name");
		} else {
			void *it = json_object_iter(st);

			key = json_object_iter_key(it);
			v = json_object_iter_value(it);
			rs->kind = STEP_OTHER;
			rs->name = clean_dup(key);
			rs->detail = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS |
			    JSON_ENCODE_ANY);
			if (rs->detail != NULL) {
				char *d = xstrdup(rs->detail);

				free(rs->detail);	/* jansson's allocator */
				rs->detail = d;
				sanitize_text(rs->detail);
			}
		}
	}
}

/* Is the current canary step a pause with a duration (it ends by itself)? */
static bool
ro_timed_pause_step(json_t *ro)
{
	json_t		*steps, *p;
	long long	 cur;

	steps = jget(ro, "spec.strategy.canary.steps");
	if (!json_is_array(steps))
		return false;
	cur = jint(ro, "status.currentStepIndex", -1);
	if (cur < 0 || (size_t)cur >= json_array_size(steps))
		return false;
	p = json_object_get(json_array_get(steps, (size_t)cur), "pause");
	return p != NULL && jset(p, "duration");
}

/* A blue-green rollout that promotes itself after autoPromotionSeconds? */
static bool
ro_auto_promotes(json_t *ro)
{
	json_t	*bg = jget(ro, "spec.strategy.blueGreen");

	if (json_is_false(json_object_get(bg, "autoPromotionEnabled")))
		return false;
	return jint(bg, "autoPromotionSeconds", 0) > 0;
}

/*
 * Paused with no end in sight: only a person (promote, resume) moves it
 * on.  A pause step without a duration, a blue-green pause without
 * auto-promotion, an inconclusive analysis or experiment, spec.paused, or
 * a controller pause that is not a timed one.
 */
static bool
ro_waiting_for_human(json_t *ro, const char *status)
{
	json_t		*pc;
	const char	*reason;
	size_t		 i;

	if (!streq(status, "Paused"))
		return false;
	if (jtrue(ro, "spec.paused"))
		return true;
	json_array_foreach(jget(ro, "status.pauseConditions"), i, pc) {
		reason = jstr0(pc, "reason");
		if (strcmp(reason, "CanaryPauseStep") == 0) {
			if (!ro_timed_pause_step(ro))
				return true;
		} else if (strcmp(reason, "BlueGreenPause") == 0) {
			if (!ro_auto_promotes(ro))
				return true;
		} else
			return true;
	}
	if (jlen(ro, "status.pauseConditions") == 0 &&
	    jtrue(ro, "status.controllerPause"))
		return jset(ro, "spec.strategy.blueGreen") ?
		    !ro_auto_promotes(ro) : !ro_timed_pause_step(ro);
	return false;
}

/* When the object itself says it entered this status (0 unknown). */
static double
ro_since_wall(json_t *ro, const char *status)
{
	json_t	*pc;
	double	 t;

	if (streq(status, "Paused")) {
		pc = json_array_get(jget(ro, "status.pauseConditions"), 0);
		return pc != NULL ? parse_time(jstr(pc, "startTime")) : 0;
	}
	if (streq(status, "Degraded")) {
		if ((t = condition_time(ro, "InvalidSpec", NULL, NULL)) > 0 ||
		    (t = condition_time(ro, NULL, NULL, "RolloutAborted")) > 0)
			return t;
		return condition_time(ro, NULL, NULL,
		    "ProgressDeadlineExceeded");
	}
	if (streq(status, "Healthy"))
		return condition_time(ro, "Healthy", "True", NULL);
	return 0;
}

static void
add_rollout(const struct poll_ctx *ctx, json_t *ro, json_t *rss,
    struct model_part *part)
{
	struct rollout		*r;
	struct argo_phase	 ph = { NULL, NULL };
	json_t			*steps;
	const char		*ns;
	size_t			 nsteps;
	long long		 cur;

	r = part_add_rollout(part);
	r->source = intern_str(ctx->src->name);
	ns = jstr(ro, "metadata.namespace");
	r->namespace = clean_intern(ns != NULL ? ns : ctx->src->namespace);
	r->name = clean_dup(jstr0(ro, "metadata.name"));
	r->kind = intern_str("Rollout");

	if (jset(ro, "spec.strategy.canary")) {
		r->strategy = intern_str("Canary");
		steps = jget(ro, "spec.strategy.canary.steps");
		nsteps = json_is_array(steps) ? json_array_size(steps) : 0;
		if (nsteps > 0 && jhas_int(ro, "status.currentStepIndex")) {
			r->step_index = (int)jint(ro,
			    "status.currentStepIndex", 0);
			r->step_count = (int)nsteps;
		}
		cur = ro_current_step(ro, nsteps);
		r->set_weight = ro_set_weight(ro, steps, cur);
		r->actual_weight = ro_actual_weight(ro, rss, cur,
		    r->set_weight);
		add_steps(r, steps);
	} else if (jset(ro, "spec.strategy.blueGreen"))
		r->strategy = intern_str("BlueGreen");
	else
		r->strategy = intern_str("");

	ro_phase(ro, &ph);
	r->status = clean_intern(ph.status);
	r->message = ph.message;

	r->replicas.desired = (int)jint(ro, "spec.replicas", 1);
	r->replicas.current = (int)jint(ro, "status.replicas", 0);
	r->replicas.updated = (int)jint(ro, "status.updatedReplicas", 0);
	r->replicas.ready = (int)jint(ro, "status.readyReplicas", 0);
	r->replicas.available = (int)jint(ro, "status.availableReplicas", 0);
	add_images(r, ro, "Rollout", rss, ro);
	add_conditions(r, ro);
	r->waiting_for_human = ro_waiting_for_human(ro, r->status);
	r->since_wall = ro_since_wall(ro, r->status);
	argo_write_live(ro, &r->live);
}

/* --- Deployments ------------------------------------------------------- */

static json_t *
find_condition(json_t *obj, const char *type)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(jget(obj, "status.conditions"), i, c) {
		if (streq(jstr(c, "type"), type))
			return c;
	}
	return NULL;
}

/*
 * A Deployment in Argo's four words: the generation not yet observed, a
 * progress deadline exceeded or a replica failure (Degraded), spec.paused,
 * replica counts still moving (with Argo's own messages), minimum
 * availability lost (Degraded), else Healthy.
 */
static void
deploy_phase(json_t *d, struct argo_phase *ph)
{
	json_t		*c;
	long long	 desired, updated, available, replicas;

	if (jint(d, "metadata.generation", 0) >
	    jint(d, "status.observedGeneration", 0)) {
		phase_set(ph, "Progressing",
		    "waiting for deployment spec update to be observed");
		return;
	}
	c = find_condition(d, "Progressing");
	if (c != NULL &&
	    streq(jstr(c, "reason"), "ProgressDeadlineExceeded")) {
		ph->status = "Degraded";
		ph->message = clean_printf2("ProgressDeadlineExceeded",
		    jstr0(c, "message"));
		return;
	}
	c = find_condition(d, "ReplicaFailure");
	if (c != NULL && streq(jstr(c, "status"), "True")) {
		ph->status = "Degraded";
		ph->message = clean_printf2(*jstr0(c, "reason") != '\0' ?
		    jstr0(c, "reason") : "ReplicaFailure", jstr0(c, "message"));
		return;
	}
	if (jtrue(d, "spec.paused")) {
		phase_set(ph, "Paused", "manually paused");
		return;
	}
	desired = jint(d, "spec.replicas", 1);
	updated = jint(d, "status.updatedReplicas", 0);
	available = jint(d, "status.availableReplicas", 0);
	replicas = jint(d, "status.replicas", 0);
	if (updated < desired) {
		phase_set(ph, "Progressing", "more replicas need to be updated");
		return;
	}
	if (replicas > updated) {
		phase_set(ph, "Progressing",
		    "old replicas are pending termination");
		return;
	}
	if (available < updated) {
		phase_set(ph, "Progressing",
		    "updated replicas are still becoming available");
		return;
	}
	c = find_condition(d, "Available");
	if (c != NULL && streq(jstr(c, "status"), "False")) {
		ph->status = "Degraded";
		ph->message = clean_printf2(*jstr0(c, "reason") != '\0' ?
		    jstr0(c, "reason") : "Unavailable", jstr0(c, "message"));
		return;
	}
	phase_set(ph, "Healthy", NULL);
}

static void
add_deployment(const struct poll_ctx *ctx, json_t *d, json_t *rss,
    struct model_part *part)
{
	struct rollout		*r;
	struct argo_phase	 ph = { NULL, NULL };
	const char		*ns, *type;

	r = part_add_rollout(part);
	r->source = intern_str(ctx->src->name);
	ns = jstr(d, "metadata.namespace");
	r->namespace = clean_intern(ns != NULL ? ns : ctx->src->namespace);
	r->name = clean_dup(jstr0(d, "metadata.name"));
	r->kind = intern_str("Deployment");
	type = jstr(d, "spec.strategy.type");
	r->strategy = clean_intern(type != NULL && *type != '\0' ?
	    type : "RollingUpdate");

	deploy_phase(d, &ph);
	r->status = clean_intern(ph.status);
	r->message = ph.message;

	r->replicas.desired = (int)jint(d, "spec.replicas", 1);
	r->replicas.current = (int)jint(d, "status.replicas", 0);
	r->replicas.updated = (int)jint(d, "status.updatedReplicas", 0);
	r->replicas.ready = (int)jint(d, "status.readyReplicas", 0);
	r->replicas.available = (int)jint(d, "status.availableReplicas", 0);
	add_images(r, d, "Deployment", rss, NULL);
	add_conditions(r, d);
	r->waiting_for_human = streq(r->status, "Paused");
	if (streq(r->status, "Degraded")) {
		if ((r->since_wall = condition_time(d, "Progressing", NULL,
		    "ProgressDeadlineExceeded")) == 0 &&
		    (r->since_wall = condition_time(d, "ReplicaFailure",
		    "True", NULL)) == 0)
			r->since_wall = condition_time(d, "Available", "False",
			    NULL);
	} else if (streq(r->status, "Healthy"))
		r->since_wall = condition_time(d, "Available", "True", NULL);
}

/*
 * ReplicaSets grouped by owner ("uid:UID" and "Kind/name" keys), so that
 * each object looks only at its own: a namespace with thousands of
 * rollouts stays linear.  rs_owned_by() still decides.
 */
void
argo_rollouts_rs_keys(json_t *rs, void (*fn)(const char *, void *),
    void *arg)
{
	json_t		*ref;
	const char	*uid, *kind, *name;
	char		*key;
	size_t		 j, k;

	json_array_foreach(jget(rs, "metadata.ownerReferences"), j, ref) {
		uid = jstr(ref, "uid");
		kind = jstr(ref, "kind");
		name = jstr(ref, "name");
		for (k = 0; k < 2; k++) {
			if (k == 0 && uid != NULL && *uid != '\0')
				key = xasprintf("uid:%s", uid);
			else if (k == 1 && kind != NULL && name != NULL)
				key = xasprintf("%s/%s", kind, name);
			else
				continue;
			fn(key, arg);
			free(key);
		}
	}
}

char *
argo_rollouts_owner_key(json_t *owner, int which)
{
	const char	*uid = jstr(owner, "metadata.uid");
	const char	*name = jstr(owner, "metadata.name");

	if (uid != NULL && *uid != '\0')
		return xasprintf("uid:%s", uid);
	return xasprintf("%s/%s", argo_lists[which].item_kind,
	    name != NULL ? name : "");
}

struct rs_index_add {
	json_t	*ix, *rs;
};

static void
rs_index_add(const char *key, void *arg)
{
	struct rs_index_add	*a = arg;
	json_t			*arr = json_object_get(a->ix, key);

	if (arr == NULL) {
		arr = json_array();
		json_object_set_new(a->ix, key, arr);
	}
	json_array_append(arr, a->rs);
}

static json_t *
rs_index(json_t *rss)
{
	struct rs_index_add	 a;
	size_t			 i;

	a.ix = json_object();
	json_array_foreach(rss, i, a.rs)
		argo_rollouts_rs_keys(a.rs, rs_index_add, &a);
	return a.ix;
}

/* The ReplicaSets that may belong to owner (borrowed; never NULL). */
static json_t *
rs_of(json_t *ix, json_t *owner, int which, json_t *none)
{
	char	*key = argo_rollouts_owner_key(owner, which);
	json_t	*arr = json_object_get(ix, key);

	free(key);
	return arr != NULL ? arr : none;
}

void
argo_rollouts_derive(const struct poll_ctx *ctx, json_t *obj, int which,
    json_t *rss, struct model_part *part)
{
	if (which == LIST_ROLLOUTS)
		add_rollout(ctx, obj, rss, part);
	else
		add_deployment(ctx, obj, rss, part);
}

/* argo_rollouts_derive() with the owner's ReplicaSets found in ix. */
static void
derive_ix(const struct poll_ctx *ctx, json_t *obj, int which, json_t *ix,
    struct model_part *part)
{
	json_t	*none = json_array();

	argo_rollouts_derive(ctx, obj, which, rs_of(ix, obj, which, none),
	    part);
	json_decref(none);
}

static int
argo_parse(const struct poll_ctx *ctx, const struct response *resp, size_t n,
    struct model_part *part, char **cause)
{
	json_t	*lists[LIST_MAX] = { NULL, NULL, NULL };
	json_t	*item, *ix;
	size_t	 want, i, j;

	if (!argo_has_namespace(ctx)) {
		*cause = xasprintf("source %s has no namespace",
		    ctx->src->name);
		return -1;
	}
	want = ctx->src->deployments ? 3 : 2;
	if (n < want) {
		*cause = xasprintf("source %s: %zu answers for %zu requests",
		    ctx->src->name, n, want);
		return -1;
	}
	/* Check every answer before touching part. */
	for (i = 0; i < want; i++) {
		lists[i] = argo_rollouts_load_list(ctx, &resp[i], (int)i, cause);
		if (lists[i] == NULL) {
			for (j = 0; j < i; j++)
				json_decref(lists[j]);
			return -1;
		}
	}

	ix = rs_index(json_object_get(lists[LIST_REPLICASETS], "items"));
	json_array_foreach(json_object_get(lists[LIST_ROLLOUTS], "items"),
	    i, item) {
		if (json_is_object(item))
			derive_ix(ctx, item, LIST_ROLLOUTS, ix, part);
	}
	if (lists[LIST_DEPLOYMENTS] != NULL) {
		json_array_foreach(json_object_get(lists[LIST_DEPLOYMENTS],
		    "items"), i, item) {
			if (json_is_object(item))
				derive_ix(ctx, item, LIST_DEPLOYMENTS, ix,
				    part);
		}
	}
	json_decref(ix);
	for (i = 0; i < want; i++)
		json_decref(lists[i]);
	return 0;
}

const struct adapter_entry adapter_argo_rollouts = {
	.name = "argo-rollouts",
	.auth_scheme = "Bearer ",
	.plan = argo_plan,
	.parse = argo_parse,
	.watch = &argo_watch_ops,
};
