/*
 * sim_k8s.c - the Kubernetes API paths relboard reads: Argo Rollouts,
 * ReplicaSets and Deployments in a namespace, as List objects whose items
 * are written the way the Argo Rollouts controller and kube-controller-
 * manager write them (status consistent with the spec and with each
 * other), evaluated at the current scenario time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

#include "core/util.h"
#include "sim/sim_int.h"

#define K8S_CTYPE	"application/json"
#define NAMESPACE	"shop"

struct k8s_ctx {
	struct sim_scenario	*sc;
	double			 wall;	/* now */
	double			 t;	/* scenario time */
};

/* Kubernetes time (seconds, UTC) of scenario time st. */
static void
ktime(const struct k8s_ctx *k, double st, char *buf, size_t len)
{
	double	wall = k->sc->start_wall + st / k->sc->speed;

	sim_iso8601(floor(wall), buf, len);
	if (strlen(buf) >= 20) {
		buf[19] = 'Z';
		buf[20] = '\0';
	}
}

/* A pod-template hash as the controllers write them. */
static void
pod_hash(const char *name, int revision, char *buf, size_t len)
{
	static const char	 alpha[] = "bcdfghjklmnpqrstvwxz2456789";
	unsigned long long	 h = 1469598103934665603ULL;
	const char		*p;
	size_t			 i, n;

	for (p = name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ (unsigned)revision) * 1099511628211ULL;
	n = 9 + (h & 1);
	for (i = 0; i < n && i + 1 < len; i++) {
		buf[i] = alpha[h % (sizeof alpha - 1)];
		h = h / (sizeof alpha - 1) + (h << 7) + i;
	}
	buf[i] = '\0';
}

static void
derived_uid(const char *uid, int n, char *buf, size_t len)
{
	snprintf(buf, len, "%.28s%08x", uid, (unsigned)n * 2654435761U);
}

static json_t *
container(const struct sim_rollout *r, const char *tag)
{
	char	*image = xasprintf("%s:%s", r->image, tag);
	json_t	*c;

	c = json_pack("[{s:s, s:s, s:s, s:[{s:i, s:s, s:s}], s:{s:{s:s, s:s}},"
	    " s:s, s:s}]", "name", r->name, "image", image, "imagePullPolicy",
	    "IfNotPresent", "ports", "containerPort", 8080, "name", "http",
	    "protocol", "TCP", "resources", "requests", "cpu", "50m", "memory",
	    "64Mi", "terminationMessagePath", "/dev/termination-log",
	    "terminationMessagePolicy", "File");
	free(image);
	return c;
}

static json_t *
condition(const struct k8s_ctx *k, const char *type, const char *status,
    const char *reason, const char *message, double since, double updated)
{
	char	t1[32], t2[32];

	ktime(k, since, t1, sizeof t1);
	ktime(k, updated, t2, sizeof t2);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "lastTransitionTime",
	    t1, "lastUpdateTime", t2, "message", message, "reason", reason,
	    "status", status, "type", type);
}

static json_t *
steps_json(const struct sim_rollout *r, int n)
{
	json_t	*a = json_array();
	int	 i, v;
	char	 d[16];

	for (i = 0; i < n; i++) {
		v = scenario_step_weight(r, i);
		if (v > 0)
			json_array_append_new(a, json_pack("{s:i}", "setWeight",
			    v));
		else if (v == 0)
			json_array_append_new(a, json_pack("{s:{}}", "pause"));
		else {
			if (-v % 60 == 0)
				snprintf(d, sizeof d, "%dm", -v / 60);
			else
				snprintf(d, sizeof d, "%ds", -v);
			json_array_append_new(a, json_pack("{s:{s:s}}", "pause",
			    "duration", d));
		}
	}
	return a;
}

/* Everything derived from a rollout at the current time. */
struct ro_view {
	struct sim_rollout_state st;
	char		 cur[16], stable[16];
	const char	*cur_tag, *stable_tag;
	int		 generation;
	char		 phase[16];
	char		*message;
};

static void
view(const struct k8s_ctx *k, const struct sim_rollout *r, struct ro_view *v)
{
	memset(v, 0, sizeof *v);
	scenario_rollout_state(r, k->t, &v->st);
	pod_hash(r->name, v->st.revision, v->cur, sizeof v->cur);
	v->cur_tag = r->canary_tag;
	v->stable_tag = r->stable_tag;
	if (r->kind == RK_CANARY_CYCLE && v->st.revision % 2 == 0) {
		v->cur_tag = r->stable_tag;
		v->stable_tag = r->canary_tag;
	}
	if (v->st.done) {
		memcpy(v->stable, v->cur, sizeof v->stable);
		v->stable_tag = v->cur_tag;
	} else
		pod_hash(r->name, v->st.revision - 1, v->stable,
		    sizeof v->stable);
	v->generation = 2 * v->st.revision + 1;
	if (v->st.aborted) {
		snprintf(v->phase, sizeof v->phase, "Degraded");
		/* Aborted by a person (an action) or by its analysis. */
		v->message = r->act.aborted_by_patch ?
		    xasprintf("RolloutAborted: Rollout aborted update to "
		    "revision %d", v->st.revision) :
		    xasprintf("RolloutAborted: Rollout aborted update to"
		    " revision %d: metric \"error-rate\" assessed Failed due to"
		    " failed (3) > failureLimit (2)", v->st.revision);
	} else if (v->st.spec_paused) {
		snprintf(v->phase, sizeof v->phase, "Paused");
		v->message = xstrdup("manually paused");
	} else if (v->st.paused) {
		snprintf(v->phase, sizeof v->phase, "Paused");
		v->message = xstrdup(r->kind == RK_BLUEGREEN_PAUSED ?
		    "BlueGreenPause" : "CanaryPauseStep");
	} else if (!v->st.done) {
		snprintf(v->phase, sizeof v->phase, "Progressing");
		v->message = xstrdup(v->st.canary_available <
		    v->st.canary_replicas ?
		    "updated replicas are still becoming available" :
		    "more replicas need to be updated");
		/* CalculateRolloutPhase checks updated < spec.replicas first. */
		if (v->st.canary_replicas < r->replicas) {
			free(v->message);
			v->message = xstrdup("more replicas need to be updated");
		}
	} else {
		snprintf(v->phase, sizeof v->phase, "Healthy");
		v->message = NULL;
	}
}

static json_t *
rollout_json(const struct k8s_ctx *k, const struct sim_rollout *r)
{
	struct ro_view	 v;
	json_t		*j, *meta, *spec, *status, *strategy, *conds, *tmpl;
	char		 rev[16], gen[16], rv[24], sel[128], step_hash[16];
	char		 when[32], rsname[96], *msg;
	int		 bluegreen = r->kind == RK_BLUEGREEN_PAUSED;
	int		 replicas, updated, available, is_healthy;
	double		 since;

	view(k, r, &v);
	since = v.st.step_started;
	snprintf(rev, sizeof rev, "%d", v.st.revision);
	snprintf(gen, sizeof gen, "%d", v.generation);
	snprintf(rv, sizeof rv, "%ld", 4000000L + (long)(r->seed % 1000) *
	    1000 + v.st.revision * 20 + v.st.step + r->act.writes * 100000L);
	snprintf(sel, sizeof sel, "app=%s", r->name);
	pod_hash(r->name, 1000 + r->kind, step_hash, sizeof step_hash);
	snprintf(rsname, sizeof rsname, "%s-%s", r->name, v.cur);

	meta = json_pack("{s:{s:s}, s:s, s:i, s:{s:s}, s:s, s:s, s:s, s:s}",
	    "annotations", "rollout.argoproj.io/revision", rev,
	    "creationTimestamp", r->created, "generation", v.generation,
	    "labels", "app", r->name, "name", r->name, "namespace", NAMESPACE,
	    "resourceVersion", rv, "uid", r->uid);

	if (bluegreen) {
		char *active = xasprintf("%s-active", r->name);
		char *preview = xasprintf("%s-preview", r->name);

		strategy = json_pack("{s:{s:s, s:b, s:s}}", "blueGreen",
		    "activeService", active, "autoPromotionEnabled", 0,
		    "previewService", preview);
		free(active);
		free(preview);
	} else {
		char *cs = xasprintf("%s-canary", r->name);
		char *ss = xasprintf("%s-stable", r->name);
		json_t *canary;

		canary = json_pack("{s:s, s:s, s:o}", "canaryService", cs,
		    "stableService", ss, "steps", steps_json(r, v.st.nsteps));
		if (r->kind == RK_CANARY_ABORTED)
			json_object_set_new(canary, "analysis", json_pack(
			    "{s:[{s:s}]}", "templates", "templateName",
			    "error-rate"));
		if (r->traffic_routing)
		{
			char *split = xasprintf("%s-split", r->name);

			json_object_set_new(canary, "trafficRouting", json_pack(
			    "{s:{s:s, s:s}}", "smi", "rootService", r->name,
			    "trafficSplitName", split));
			free(split);
		}
		strategy = json_pack("{s:o}", "canary", canary);
		free(cs);
		free(ss);
	}
	tmpl = json_pack("{s:{s:n, s:{s:s}}, s:{s:o}}", "metadata",
	    "creationTimestamp", "labels", "app", r->name, "spec", "containers",
	    container(r, v.cur_tag));
	spec = json_pack("{s:i, s:i, s:i, s:{s:{s:s}}, s:o, s:o}",
	    "progressDeadlineSeconds", 600, "replicas", r->replicas,
	    "revisionHistoryLimit", 3, "selector", "matchLabels", "app",
	    r->name, "strategy", strategy, "template", tmpl);
	if (v.st.spec_paused)
		json_object_set_new(spec, "paused", json_true());

	/* Replica counts as the controller reports them. */
	if (bluegreen) {
		replicas = 2 * r->replicas;
		updated = r->replicas;
		available = 2 * r->replicas;
	} else if (v.st.aborted) {
		replicas = r->replicas;
		updated = 0;
		available = r->replicas;
	} else if (v.st.done) {
		replicas = updated = available = r->replicas;
	} else {
		replicas = v.st.stable_replicas + v.st.canary_replicas;
		updated = v.st.canary_replicas;
		available = v.st.stable_replicas + v.st.canary_available;
	}
	is_healthy = strcmp(v.phase, "Healthy") == 0;

	conds = json_array();
	json_array_append_new(conds, condition(k, "Available", "True",
	    "AvailableReason", "Rollout has minimum availability",
	    v.st.rev_started - 3600, v.st.rev_started - 3600));
	if (v.st.done)
		msg = xasprintf("Rollout completed update to revision %d (%s):"
		    " Completed all steps", v.st.revision, v.cur);
	else
		msg = xasprintf("Rollout not completed, started update to"
		    " revision %d (%s)", v.st.revision, v.cur);
	json_array_append_new(conds, condition(k, "Completed",
	    v.st.done ? "True" : "False", "RolloutCompleted", msg,
	    v.st.done ? since : v.st.rev_started, v.st.done ? since :
	    v.st.rev_started));
	free(msg);
	json_array_append_new(conds, condition(k, "Healthy",
	    is_healthy ? "True" : "False", "RolloutHealthy", is_healthy ?
	    "Rollout is healthy" : "Rollout is not healthy", since, since));
	if (v.st.paused) {
		json_array_append_new(conds, condition(k, "Paused", "True",
		    "RolloutPaused", "Rollout is paused", since, since));
		json_array_append_new(conds, condition(k, "Progressing",
		    "Unknown", "RolloutPaused", "Rollout is paused", since,
		    since));
	} else if (v.st.aborted) {
		json_array_append_new(conds, condition(k, "Progressing", "False",
		    "RolloutAborted", strchr(v.message, ' ') + 1, since, since));
	} else if (v.st.done) {
		msg = xasprintf("Rollout \"%s\" has successfully progressed.",
		    r->name);
		json_array_append_new(conds, condition(k, "Progressing", "True",
		    "NewReplicaSetAvailable", msg, v.st.rev_started, since));
		free(msg);
	} else {
		msg = xasprintf("ReplicaSet \"%s\" is progressing.", rsname);
		json_array_append_new(conds, condition(k, "Progressing", "True",
		    "ReplicaSetUpdated", msg, v.st.rev_started, since));
		free(msg);
	}

	status = json_pack("{s:i, s:i, s:s, s:o, s:s, s:s, s:i, s:i, s:i,"
	    " s:s, s:s}", "HPAReplicas", replicas, "availableReplicas",
	    available, "currentPodHash", v.cur, "conditions", conds,
	    "observedGeneration", gen, "phase", v.phase, "readyReplicas",
	    available, "replicas", replicas, "updatedReplicas", updated,
	    "selector", sel, "stableRS", v.stable);
	if (v.message != NULL)
		json_object_set_new(status, "message", json_string(v.message));
	if (!bluegreen) {
		json_t *canary = json_object();

		json_object_set_new(status, "currentStepIndex",
		    json_integer(v.st.step));
		json_object_set_new(status, "currentStepHash",
		    json_string(step_hash));
		if (r->traffic_routing) {
			int w = (v.st.done || v.st.aborted) ? 0 : v.st.weight;
			char *cs = xasprintf("%s-canary", r->name);
			char *ss = xasprintf("%s-stable", r->name);

			json_object_set_new(canary, "weights", json_pack(
			    "{s:{s:s, s:s, s:i}, s:{s:s, s:s, s:i}}",
			    "canary", "podTemplateHash", v.cur, "serviceName",
			    cs, "weight", w, "stable", "podTemplateHash",
			    v.stable, "serviceName", ss, "weight", 100 - w));
			free(cs);
			free(ss);
		}
		json_object_set_new(status, "canary", canary);
		json_object_set_new(status, "blueGreen", json_object());
	} else {
		json_object_set_new(status, "blueGreen", json_pack("{s:s, s:s}",
		    "activeSelector", v.stable, "previewSelector", v.cur));
		json_object_set_new(status, "canary", json_object());
	}
	if (v.st.paused) {
		ktime(k, since, when, sizeof when);
		json_object_set_new(status, "pauseConditions", json_pack(
		    "[{s:s, s:s}]", "reason", bluegreen ? "BlueGreenPause" :
		    "CanaryPauseStep", "startTime", when));
		json_object_set_new(status, "controllerPause", json_true());
	}
	if (v.st.aborted) {
		ktime(k, since, when, sizeof when);
		json_object_set_new(status, "abort", json_true());
		json_object_set_new(status, "abortedAt", json_string(when));
	}
	j = json_pack("{s:s, s:s, s:o, s:o, s:o}", "apiVersion",
	    "argoproj.io/v1alpha1", "kind", "Rollout", "metadata", meta,
	    "spec", spec, "status", status);
	free(v.message);
	return j;
}

json_t *
k8s_rollout_json(struct sim_scenario *sc, double wall,
    const struct sim_rollout *r)
{
	struct k8s_ctx	k;

	k.sc = sc;
	k.wall = wall;
	k.t = scenario_time(sc, wall);
	return rollout_json(&k, r);
}

static json_t *
replicaset_json(const struct sim_rollout *r, const char *hash,
    const char *tag, int revision, int spec_replicas, int available, int n)
{
	char	 name[96], uid[48], rev[16], desired[16];
	json_t	*status;

	snprintf(name, sizeof name, "%s-%s", r->name, hash);
	derived_uid(r->uid, n, uid, sizeof uid);
	snprintf(rev, sizeof rev, "%d", revision);
	snprintf(desired, sizeof desired, "%d", r->replicas);
	status = json_pack("{s:i, s:i, s:i}", "replicas", spec_replicas,
	    "fullyLabeledReplicas", spec_replicas, "observedGeneration", 2);
	if (spec_replicas == 0)
		json_object_del(status, "fullyLabeledReplicas");
	if (available > 0) {
		json_object_set_new(status, "readyReplicas",
		    json_integer(available));
		json_object_set_new(status, "availableReplicas",
		    json_integer(available));
	}
	return json_pack("{s:{s:{s:s, s:s}, s:s, s:i, s:{s:s, s:s}, s:s, s:s,"
	    " s:[{s:s, s:b, s:b, s:s, s:s, s:s}], s:s, s:s}, s:{s:i,"
	    " s:{s:{s:s, s:s}}, s:{s:{s:n, s:{s:s, s:s}}, s:{s:o, s:s, s:s,"
	    " s:s, s:{}, s:i}}}, s:o}",
	    "metadata", "annotations", "rollout.argoproj.io/desired-replicas",
	    desired, "rollout.argoproj.io/revision", rev, "creationTimestamp",
	    r->created, "generation", 2, "labels", "app", r->name,
	    "rollouts-pod-template-hash", hash, "name", name, "namespace",
	    NAMESPACE, "ownerReferences", "apiVersion", "argoproj.io/v1alpha1",
	    "blockOwnerDeletion", 1, "controller", 1, "kind", "Rollout", "name",
	    r->name, "uid", r->uid, "resourceVersion", "4100000", "uid", uid,
	    "spec", "replicas", spec_replicas, "selector", "matchLabels", "app",
	    r->name, "rollouts-pod-template-hash", hash, "template", "metadata",
	    "creationTimestamp", "labels", "app", r->name,
	    "rollouts-pod-template-hash", hash, "spec", "containers",
	    container(r, tag), "dnsPolicy", "ClusterFirst", "restartPolicy",
	    "Always", "schedulerName", "default-scheduler", "securityContext",
	    "terminationGracePeriodSeconds", 30, "status", status);
}

static void
rollout_replicasets(const struct k8s_ctx *k, const struct sim_rollout *r,
    json_t *items)
{
	struct ro_view	v;
	int		stable_n, canary_n, canary_avail;

	view(k, r, &v);
	free(v.message);
	if (strcmp(v.cur, v.stable) == 0) {
		json_array_append_new(items, replicaset_json(r, v.cur, v.cur_tag,
		    v.st.revision, r->replicas, r->replicas, 1));
		return;
	}
	if (r->kind == RK_BLUEGREEN_PAUSED) {
		stable_n = r->replicas;
		canary_n = canary_avail = r->replicas;
	} else if (v.st.aborted) {
		stable_n = r->replicas;
		canary_n = canary_avail = 0;
	} else {
		stable_n = v.st.stable_replicas;
		canary_n = v.st.canary_replicas;
		canary_avail = v.st.canary_available;
	}
	json_array_append_new(items, replicaset_json(r, v.stable, v.stable_tag,
	    v.st.revision - 1, stable_n, stable_n, 0));
	json_array_append_new(items, replicaset_json(r, v.cur, v.cur_tag,
	    v.st.revision, canary_n, canary_avail, 1));
}

/* The scenario's plain Deployment (ledger), always healthy. */
static json_t *
deployment_json(const struct k8s_ctx *k)
{
	char	 created[32], hash[16];
	char	*msg;
	json_t	*j;

	ktime(k, -86400 * 12, created, sizeof created);
	pod_hash("ledger", 4, hash, sizeof hash);
	msg = xasprintf("ReplicaSet \"ledger-%s\" has successfully progressed.",
	    hash);
	j = json_pack("{s:{s:{s:s}, s:s, s:i, s:{s:s}, s:s, s:s, s:s, s:s},"
	    " s:{s:i, s:i, s:i, s:{s:{s:s}}, s:{s:s, s:{s:s, s:s}},"
	    " s:{s:{s:n, s:{s:s}}, s:{s:[{s:s, s:s, s:s, s:{}, s:s, s:s}],"
	    " s:s, s:s, s:s, s:{}, s:i}}},"
	    " s:{s:i, s:i, s:i, s:i, s:i, s:[{s:s, s:s, s:s, s:s, s:s, s:s},"
	    " {s:s, s:s, s:s, s:s, s:s, s:s}]}}",
	    "metadata", "annotations", "deployment.kubernetes.io/revision", "4",
	    "creationTimestamp", created, "generation", 4, "labels", "app",
	    "ledger", "name", "ledger", "namespace", NAMESPACE,
	    "resourceVersion", "4099000", "uid",
	    "5b0e6c1d-2f3a-4c5b-8d6e-7f8091a2b3c4",
	    "spec", "progressDeadlineSeconds", 600, "replicas", 3,
	    "revisionHistoryLimit", 10, "selector", "matchLabels", "app",
	    "ledger", "strategy", "type", "RollingUpdate", "rollingUpdate",
	    "maxSurge", "25%", "maxUnavailable", "25%", "template", "metadata",
	    "creationTimestamp", "labels", "app", "ledger", "spec",
	    "containers", "name", "ledger", "image",
	    "registry.example.com/shop/ledger:3.8.2", "imagePullPolicy",
	    "IfNotPresent", "resources", "terminationMessagePath",
	    "/dev/termination-log", "terminationMessagePolicy", "File",
	    "dnsPolicy", "ClusterFirst", "restartPolicy", "Always",
	    "schedulerName", "default-scheduler", "securityContext",
	    "terminationGracePeriodSeconds", 30,
	    "status", "availableReplicas", 3, "observedGeneration", 4,
	    "readyReplicas", 3, "replicas", 3, "updatedReplicas", 3,
	    "conditions", "lastTransitionTime", created, "lastUpdateTime",
	    created, "message", "Deployment has minimum availability.",
	    "reason", "MinimumReplicasAvailable", "status", "True", "type",
	    "Available", "lastTransitionTime", created, "lastUpdateTime",
	    created, "message", msg, "reason", "NewReplicaSetAvailable",
	    "status", "True", "type", "Progressing");
	free(msg);
	return j;
}

static json_t *
deployment_rs_json(const struct k8s_ctx *k)
{
	char	created[32], hash[16], name[48];

	ktime(k, -86400 * 3, created, sizeof created);
	pod_hash("ledger", 4, hash, sizeof hash);
	snprintf(name, sizeof name, "ledger-%s", hash);
	return json_pack("{s:{s:{s:s, s:s, s:s}, s:s, s:i, s:{s:s, s:s}, s:s,"
	    " s:s, s:[{s:s, s:b, s:b, s:s, s:s, s:s}], s:s, s:s}, s:{s:i,"
	    " s:{s:{s:s, s:s}}, s:{s:{s:{s:s, s:s}}, s:{s:[{s:s, s:s}]}}},"
	    " s:{s:i, s:i, s:i, s:i, s:i}}",
	    "metadata", "annotations", "deployment.kubernetes.io/desired-replicas",
	    "3", "deployment.kubernetes.io/max-replicas", "4",
	    "deployment.kubernetes.io/revision", "4", "creationTimestamp",
	    created, "generation", 1, "labels", "app", "ledger",
	    "pod-template-hash", hash, "name", name, "namespace", NAMESPACE,
	    "ownerReferences", "apiVersion", "apps/v1", "blockOwnerDeletion", 1,
	    "controller", 1, "kind", "Deployment", "name", "ledger", "uid",
	    "5b0e6c1d-2f3a-4c5b-8d6e-7f8091a2b3c4", "resourceVersion", "4099001",
	    "uid", "6c1f7d2e-3a4b-4d6c-9e7f-8091a2b3c4d5", "spec", "replicas",
	    3, "selector", "matchLabels", "app", "ledger", "pod-template-hash",
	    hash, "template", "metadata", "labels", "app", "ledger",
	    "pod-template-hash", hash, "spec", "containers", "name", "ledger",
	    "image", "registry.example.com/shop/ledger:3.8.2",
	    "status", "availableReplicas", 3, "fullyLabeledReplicas", 3,
	    "observedGeneration", 1, "readyReplicas", 3, "replicas", 3);
}

void
k8s_status(struct sim_reply *r, int code, const char *reason,
    const char *message, json_t *details)
{
	json_t	*j;

	j = json_pack("{s:s, s:s, s:{}, s:s, s:s, s:s, s:i}", "kind", "Status",
	    "apiVersion", "v1", "metadata", "status", "Failure", "message",
	    message, "reason", reason, "code", code);
	if (details != NULL)
		json_object_set_new(j, "details", details);
	reply_json(r, code, j);
	r->ctype = K8S_CTYPE;
}

static void
list_reply(struct sim_reply *r, struct sim_request *rq, const char *api,
    const char *kind, json_t *items, const char *rv)
{
	const char	*lim = evhttp_find_header(rq->args, "limit");
	const char	*cont = evhttp_find_header(rq->args, "continue");
	size_t		 limit = lim ? strtoul(lim, NULL, 10) : 0;
	size_t		 off = cont ? strtoul(cont, NULL, 10) : 0;
	size_t		 total = json_array_size(items), i;
	json_t		*meta, *page;
	char		 next[24];

	meta = json_pack("{s:s}", "resourceVersion", rv);
	if (off > 0 || (limit > 0 && limit < total)) {
		page = json_array();
		for (i = off; i < total && (limit == 0 || i < off + limit); i++)
			json_array_append(page, json_array_get(items, i));
		if (i < total) {
			snprintf(next, sizeof next, "%zu", i);
			json_object_set_new(meta, "continue", json_string(next));
			json_object_set_new(meta, "remainingItemCount",
			    json_integer((json_int_t)(total - i)));
		}
		json_decref(items);
		items = page;
	}
	reply_json(r, 200, json_pack("{s:s, s:o, s:s, s:o}", "apiVersion", api,
	    "items", items, "kind", kind, "metadata", meta));
	r->ctype = K8S_CTYPE;
}

json_t *
k8s_items(struct sim_scenario *sc, double wall, enum k8s_res which,
    const char *ns)
{
	struct k8s_ctx	 k;
	json_t		*items = json_array();
	size_t		 i;

	if (strcmp(ns, NAMESPACE) != 0)
		return items;
	k.sc = sc;
	k.wall = wall;
	k.t = scenario_time(sc, wall);
	switch (which) {
	case K8S_ROLLOUTS:
		for (i = 0; i < sc->nrollouts; i++)
			json_array_append_new(items, rollout_json(&k,
			    &sc->rollouts[i]));
		break;
	case K8S_REPLICASETS:
		for (i = 0; i < sc->nrollouts; i++)
			rollout_replicasets(&k, &sc->rollouts[i], items);
		json_array_append_new(items, deployment_rs_json(&k));
		break;
	case K8S_DEPLOYMENTS:
		json_array_append_new(items, deployment_json(&k));
		break;
	case K8S_NRES:
		break;
	}
	return items;
}

/*
 * A list's items and resourceVersion: from the watch's view (sim_watch.c)
 * when there is one, so that a list and the watches after it agree.
 */
static json_t *
k8s_list_items(struct sim_scenario *sc, double wall, enum k8s_res which,
    const char *ns, char *rv, size_t rvlen)
{
	if (sc->watch != NULL)
		return sim_watch_list(sc->watch, which, ns, wall, rv, rvlen);
	return k8s_items(sc, wall, which, ns);
}

int
k8s_handle(struct sim_scenario *sc, struct sim_request *rq,
    struct sim_reply *r)
{
	struct k8s_ctx	 k;
	char		 ns[128], res[64], name[128], rv[24];
	json_t		*items;
	size_t		 i;
	int		 n, ours;

	if (strcmp(rq->path, "/version") == 0 && rq->method == SIM_GET) {
		/* As a kube-apiserver answers it (application/json). */
		reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s,"
		    " s:s, s:s, s:s}", "major", "1", "minor", "29", "gitVersion",
		    SIM_K8S_VERSION, "gitCommit",
		    "55019c83b0fd51ef4ced8c29eec2c4847f896e74", "gitTreeState",
		    "clean", "buildDate", "2024-04-16T15:00:07Z", "goVersion",
		    "go1.21.9", "compiler", "gc", "platform", "linux/amd64"));
		return 1;
	}
	if (strncmp(rq->path, "/apis/", 6) != 0 &&
	    strncmp(rq->path, "/api/v1/namespaces/", 19) != 0)
		return 0;
	k.sc = sc;
	k.wall = rq->wall;
	k.t = scenario_time(sc, rq->wall);
	snprintf(rv, sizeof rv, "%ld", 4200000L + (long)floor(k.t));
	name[0] = '\0';

	if (rq->method == SIM_PATCH && k8s_patch_handle(sc, rq, r))
		return 1;
	if (rq->method != SIM_GET) {
		k8s_status(r, 405, "MethodNotAllowed",
		    "the server does not allow this method on the requested"
		    " resource", NULL);
		return 1;
	}
	n = sscanf(rq->path, "/apis/argoproj.io/v1alpha1/namespaces/%127[^/]/"
	    "%63[^/]/%127[^/]", ns, res, name);
	if (n >= 2 && strcmp(res, "rollouts") == 0) {
		ours = strcmp(ns, NAMESPACE) == 0;
		if (n == 3) {
			for (i = 0; ours && i < sc->nrollouts; i++) {
				if (strcmp(sc->rollouts[i].name, name) == 0) {
					reply_json(r, 200, rollout_json(&k,
					    &sc->rollouts[i]));
					r->ctype = K8S_CTYPE;
					return 1;
				}
			}
			{
				char *m = xasprintf("rollouts.argoproj.io \"%s\""
				    " not found", name);

				k8s_status(r, 404, "NotFound", m, json_pack(
				    "{s:s, s:s, s:s}", "name", name, "group",
				    "argoproj.io", "kind", "rollouts"));
				free(m);
			}
			return 1;
		}
		items = k8s_list_items(sc, rq->wall, K8S_ROLLOUTS, ns, rv,
		    sizeof rv);
		list_reply(r, rq, "argoproj.io/v1alpha1", "RolloutList", items,
		    rv);
		return 1;
	}
	n = sscanf(rq->path, "/apis/apps/v1/namespaces/%127[^/]/%63[^/]/"
	    "%127[^/]", ns, res, name);
	if (n == 2 && strcmp(res, "replicasets") == 0) {
		items = k8s_list_items(sc, rq->wall, K8S_REPLICASETS, ns, rv,
		    sizeof rv);
		list_reply(r, rq, "apps/v1", "ReplicaSetList", items, rv);
		return 1;
	}
	if (n == 2 && strcmp(res, "deployments") == 0) {
		items = k8s_list_items(sc, rq->wall, K8S_DEPLOYMENTS, ns, rv,
		    sizeof rv);
		list_reply(r, rq, "apps/v1", "DeploymentList", items, rv);
		return 1;
	}
	k8s_status(r, 404, "NotFound",
	    "the server could not find the requested resource", json_object());
	return 1;
}
