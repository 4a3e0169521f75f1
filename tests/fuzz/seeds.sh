#!/bin/sh
# seeds.sh - derives the fuzz harnesses' seed inputs from the fixtures
# captured from real services (tests/fixtures), the shipped themes and a
# few configurations, so that no fixture is copied into tests/fuzz.
#
#   seeds.sh SRCDIR OUTDIR     writes OUTDIR/HARNESS/NAME for every harness
#
# Inputs of the adapter harnesses are several answers joined by the line
# "--8<--"; an answer may start with "@STATUS" (see tests/fuzz/fuzz.h).
set -eu

src=$1
out=$2
fx=$src/tests/fixtures

rm -rf "$out"
mkdir -p "$out/unleash" "$out/unleash_flag" "$out/prometheus" "$out/argo" \
    "$out/config" "$out/theme" "$out/plan" "$out/rollout" "$out/kubeconfig" \
    "$out/execcred" "$out/release_plan" "$out/impact" "$out/unleash_events" \
    "$out/argo_watch" "$out/jsonwalk"

sep() { printf '\n--8<--\n'; }
# answer STATUS FILE: one answer, with its status unless it is 200.
answer() {
	[ "$1" = 200 ] || printf '@%s\n' "$1"
	cat "$2"
}
# join STATUS:FILE...: answers joined by the separator.
join() {
	first=1
	for a in "$@"; do
		[ $first = 1 ] || sep
		first=0
		answer "${a%%:*}" "${a#*:}"
	done
}

# --- unleash: features, client development, client production, events
up=$fx/unleash-poll
u=$fx/unleash
join 200:"$up/features.json" 200:"$up/client-development.json" \
    200:"$up/client-production.json" 200:"$up/events.json" >"$out/unleash/poll"
join 200:"$u/features.json" 200:"$u/client-features.json" \
    200:"$u/client-features-env-param.json" 200:"$u/events.json" \
    >"$out/unleash/poll-release"
join 200:"$up/features.json" 200:"$up/client-development.json" \
    200:"$up/client-production.json" 404:"$u/error-404-flag.json" \
    >"$out/unleash/no-events"
join 200:"$up/features.json" 401:"$up/error-401.json" \
    200:"$up/client-production.json" 200:"$up/events.json" >"$out/unleash/401"

# --- jsonwalk: the listings it reads a flag at a time, and odd shapes
cp "$up/features.json" "$out/jsonwalk/features"
cp "$up/client-development.json" "$out/jsonwalk/client-development"
cp "$u/client-features-env-param.json" "$out/jsonwalk/client-env-param"
cp "$up/error-401.json" "$out/jsonwalk/error-401"
printf '{"features":[1,"a\\"],[",{"k":[[]]}],"x":{},"features":[{"a\\\\":null}]}' \
    >"$out/jsonwalk/twice"
printf '[{"features":[]},[[["\\u005d"]]]]' >"$out/jsonwalk/array"

# --- unleash_flag: every captured Admin API answer, with its status
while read -r file status _; do
	case $file in *.json) ;; *) continue ;; esac
	answer "$status" "$u/$file" >"$out/unleash_flag/$file"
done <"$u/index.txt"

# --- unleash_events: a flag's history, each captured answer
ue=$fx/unleash-events
while read -r file status _; do
	answer "$status" "$ue/$file" >"$out/unleash_events/$file"
done <"$ue/index.txt"
answer 200 "$u/events.json" >"$out/unleash_events/project-events.json"

# --- prometheus: rate, error ratio, p99, trend
p=$fx/prometheus
join 200:"$p/vector-rate.json" 200:"$p/vector-error-ratio.json" \
    200:"$p/vector-p99.json" 200:"$p/matrix-error-ratio.json" \
    >"$out/prometheus/poll"
join 200:"$p/vector-fractional-time.json" 200:"$p/inf.json" \
    200:"$p/vector-p99.json" 200:"$p/matrix-error-ratio.json" \
    >"$out/prometheus/inf"
for bad in scalar.json:200 empty.json:200 scalar-neg-inf.json:200 \
    error-400.json:400 error-422.json:422 error-400-resolution.json:400 \
    404.txt:404; do
	join 200:"$p/vector-rate.json" "${bad#*:}:$p/${bad%%:*}" \
	    200:"$p/vector-p99.json" 200:"$p/matrix-error-ratio.json" \
	    >"$out/prometheus/${bad%%:*}"
done
# ... and the service graph's otel, istio and linkerd answers after them.
join 200:"$p/vector-rate.json" 200:"$p/vector-error-ratio.json" \
    200:"$p/vector-p99.json" 200:"$p/matrix-error-ratio.json" \
    200:"$p/graph-otel.json" 200:"$p/graph-istio.json" \
    200:"$p/graph-linkerd.json" >"$out/prometheus/graph"

# --- argo: rollouts, replicasets[, deployments]
for d in "$fx"/k8s/*/; do
	name=$(basename "$d")
	[ -f "$d/rollouts.json" ] || continue
	if [ -f "$d/deployments.json" ]; then
		join 200:"$d/rollouts.json" 200:"$d/replicasets.json" \
		    200:"$d/deployments.json" >"$out/argo/$name"
	else
		join 200:"$d/rollouts.json" 200:"$d/replicasets.json" \
		    >"$out/argo/$name"
	fi
done
e=$fx/k8s/errors
for bad in 401 403 404; do
	join "$bad:$e/$bad.json" 200:"$e/empty-replicasets.json" \
	    >"$out/argo/error-$bad"
done
join 200:"$e/empty-rollouts.json" 200:"$e/truncated.json" >"$out/argo/truncated"

# --- rollout: each Rollout of the k8s fixtures alone, as a GET answers it
for d in "$fx"/k8s/*/; do
	[ -f "$d/rollouts.json" ] || continue
	python3 - "$d/rollouts.json" "$out/rollout/$(basename "$d")" <<'PY'
import json, sys
for i, ro in enumerate(json.load(open(sys.argv[1]))["items"]):
    json.dump(ro, open("%s-%d" % (sys.argv[2], i), "w"))
PY
done
answer 404 "$e/404.json" >"$out/rollout/error-404"
answer 409 "$e/404.json" >"$out/rollout/error-409"
# --- argo_watch: rollouts, replicasets, deployments, then watch lines
w=$fx/k8s/watch
cp=$fx/k8s/canary-paused
join 200:"$cp/rollouts.json" 200:"$cp/replicasets.json" \
    200:"$fx/k8s/deployments/deployments.json" 200:"$w/events.jsonl" \
    >"$out/argo_watch/promotion"
join 200:"$e/empty-rollouts.json" 200:"$e/empty-replicasets.json" \
    200:"$fx/k8s/deployments/deployments.json" 200:"$w/events.jsonl" \
    >"$out/argo_watch/from-empty"
join 200:"$cp/rollouts.json" 200:"$e/truncated.json" \
    200:"$fx/k8s/deployments/deployments.json" 200:"$w/events.jsonl" \
    >"$out/argo_watch/list-failed"

# --- config
cat >"$out/config/minimal" <<'JSON'
{"sources":[{"name":"flags","kind":"unleash","url":"http://127.0.0.1:4242/"}]}
JSON
cat >"$out/config/full" <<'JSON'
{
  "sources": [
    {"name": "flags", "kind": "unleash", "url": "https://unleash.example/api/..",
     "project": "shop", "environments": ["development", "staging", "production"],
     "interval_s": 5, "timeout_s": 10, "token_env": "HOME"},
    {"name": "metrics", "kind": "prometheus", "url": "http://prometheus:9090",
     "query_rate": "sum by (service,version)(rate(x[1m]))",
     "query_error_ratio": "sum by (service,version)(rate(y[1m]))",
     "query_latency_p99": "histogram_quantile(0.99, z)"},
    {"name": "k8s", "kind": "argo-rollouts", "url": "https://127.0.0.1:6443",
     "namespace": "shop", "deployments": true, "ca_file": "ca.pem",
     "insecure_skip_tls_verify": false}
  ],
  "stages": [{"name": "off", "percent": 0}, {"name": "canary", "percent": 5},
    {"name": "early", "percent": 20}, {"name": "half", "percent": 50},
    {"name": "ga", "percent": 100}],
  "services": [
    {"name": "checkout", "flags": ["new-checkout"], "rollouts": ["shop/checkout"],
     "depends_on": ["payments"],
     "thresholds": {"error_ratio_warn": 0.02, "error_ratio_crit": 0.1}},
    {"name": "payments", "flags": ["payments-v2"], "rollouts": ["payments"],
     "depends_on": ["checkout"]}
  ],
  "thresholds": {"error_ratio_warn": 0.01, "error_ratio_crit": 0.05,
    "latency_p99_warn": 0.5, "latency_p99_crit": 1.0},
  "theme": "mono", "journal": "/tmp/journal.jsonl", "readonly": true
}
JSON
cat >"$out/config/bad-stages" <<'JSON'
{"sources":[{"name":"a","kind":"unleash","url":"http://x"}],
 "stages":[{"name":"off","percent":0},{"name":"b","percent":50},{"name":"c","percent":20}]}
JSON

# --- theme
cp "$src/themes/default.theme" "$out/theme/default"
cp "$src/themes/mono.theme" "$out/theme/mono"
printf 'ok 2 - bold,underline\ncrit bright-red 236 reverse # comment\nwarn yellow default\n' \
    >"$out/theme/numbers"

# --- plan: state bits, percentage, stage, [answer]
i=0
for state in '\001\005' '\003\005' '\003\024' '\002\024' '\003\144' '\001\000' \
    '\063\310' '\007\005' '\013\001' '\017\005'; do
	for stage in next previous off canary ga half; do
		i=$((i + 1))
		printf "$state%s\n" "$stage" >"$out/plan/state-$i"
	done
done
for f in feature-with-dependency feature-killed feature-other-strategy \
    feature-no-strategy feature-parent feature-with-strategy; do
	{ printf '\203\377next\n'; cat "$u/$f.json"; } >"$out/plan/$f"
done

# --- release_plan: a plan file, [--8<-- journal lines]
cat >"$out/release_plan/issue" <<'JSON'
{"name": "checkout-redesign", "source": "flags", "flag": "new-checkout",
 "environment": "production", "steps": [{"stage": "canary", "hold_s": 3600,
 "not_before": "2026-12-01T09:00:00Z"}, {"stage": "early", "hold_s": 86400},
 {"stage": "ga"}], "gates": {"services": "ok", "kpis": "ok"}, "on_crit": "hold"}
JSON
{ cat "$out/release_plan/issue"; sep; printf '%s\n' \
    '{"time":"2026-12-01T09:00:05Z","action":"stage","source":"flags","flag":"new-checkout","environment":"production","reason":"plan checkout-redesign step 1/3","result":"done"}' \
    '{"time":"2026-12-01T10:00:07Z","action":"stage","source":"flags","flag":"new-checkout","environment":"production","reason":"plan checkout-redesign step 2/3","result":"unknown"}'; \
} >"$out/release_plan/journal"
printf '{"name": "k", "flag": "payments-v2", "environment": "development", "steps": [{"stage": "half"}], "on_crit": "kill", "gates": {"services": "ok"}}' \
    >"$out/release_plan/kill"
printf '{"name": "bad name", "flag": 1, "steps": [{"stage": "ga"}, {"stage": "off", "hold_s": -1, "not_before": "x"}], "gates": {"moon": "ok"}, "x": 1}' \
    >"$out/release_plan/bad"
# --- kubeconfig: the fixture files
cp "$fx/kubeconfig/a.yaml" "$out/kubeconfig/a"
cp "$fx/kubeconfig/b.yaml" "$out/kubeconfig/b"
printf 'clusters: &c [{name: c, cluster: {server: "https://h"}}]\nother: *c\ncurrent-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ../p, env: [{name: A, value: b}]}}}]\n' \
    >"$out/kubeconfig/alias-exec"

# --- execcred: a token with an expiry, a certificate and key
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2026-11-26T05:00:00Z"}}' \
    >"$out/execcred/token"
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false},"status":{"clientCertificateData":"C","clientKeyData":"K"}}' \
    >"$out/execcred/cert"
cat >"$out/config/kpis" <<'JSON'
{"sources":[{"name":"flags","kind":"unleash","url":"http://u","exposures_per_poll":3},
  {"name":"metrics","kind":"prometheus","url":"http://p"}],
 "kpis":[{"name":"adoption","flag":"new-checkout","query":"avg(x{flag=\"{flag}\",env=\"{env}\"})","good_above":0.2},
  {"name":"tickets","flag":"new-checkout","query":"sum(y)","bad_above":5,"environments":["production"],"source":"metrics"}]}
JSON

# --- impact: client metrics of one flag, then the KPI query's answer
um=$fx/unleash-metrics
join 200:"$um/raw-new-checkout.json" 200:"$p/kpi-vector.json" >"$out/impact/poll"
join 200:"$um/raw-quiet-flag.json" 400:"$p/kpi-error-400.json" >"$out/impact/errors"
join 401:"$um/error-401.json" 200:"$p/vector-rate.json" >"$out/impact/401"
join 200:"$um/usage-new-checkout.json" 200:"$p/kpi-vector.json" >"$out/impact/usage"
