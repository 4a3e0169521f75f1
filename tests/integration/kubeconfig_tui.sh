#!/bin/bash
# tests/integration/kubeconfig_tui.sh - the dashboard with an argo-rollouts
# source configured only through a kubeconfig whose user runs an exec
# plugin (tests/fixtures/kubeconfig/plugin.sh), against relboard-sim asking
# for the plugin's token: the rollouts show, and what the plugin writes on
# stderr shows on the message line, never on the terminal behind it.
set -euo pipefail
S=relboard-kubeconfig-$$
. "${srcdir:-.}/tests/integration/lib.sh"
. "$srcdir/tests/integration/tmux.sh"

printf 'plugin-token-0004\n' >"$WORK/sim-token"
start_sim --token-file "$WORK/sim-token"
URL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sources"][0]["url"])' "$WORK/config.json")
mkdir -p "$WORK/kube"
cat >"$WORK/kube/config" <<YAML
apiVersion: v1
kind: Config
current-context: sim
clusters:
- {name: sim, cluster: {server: "$URL"}}
users:
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ./plugin.sh
contexts:
- {name: sim, context: {cluster: sim, user: plugin, namespace: shop}}
YAML
printf '{"sources": [{"name": "k8s", "kind": "argo-rollouts", "kubeconfig": "%s"}]}\n' \
    "$WORK/kube/config" >"$WORK/kube.json"
# v1beta1: the plugin must answer in the version it was asked for.
sed 's|k8s.io/v1"|k8s.io/v1beta1"|' "$srcdir/tests/fixtures/kubeconfig/plugin.sh" >"$WORK/kube/plugin.sh"

start "$RELBOARD --config $WORK/kube.json 2>$WORK/stderr"
wait_for "source k8s: test plugin: run 1"
echo "ok - the plugin's stderr line is on the message line"
wait_for "checkout"
wait_for "payments"
echo "ok - the rollouts of the kubeconfig's cluster"
[ ! -s "$WORK/stderr" ] || fail "stderr got: $(cat "$WORK/stderr")"
screen | grep -q "plugin-token-0004" && fail "the token is on the screen"
keys q
wait_exit
grep -qx "exit=0" "$WORK/exit" || fail "exit: $(cat "$WORK/exit")"
echo "ok - quits cleanly"
