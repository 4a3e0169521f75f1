#!/bin/bash
# tests/integration/kubeconfig_tui.sh - the dashboard with an argo-rollouts
# source configured only through a kubeconfig whose user runs an exec
# plugin (tests/fixtures/kubeconfig/plugin.sh), against relboard-sim asking
# for the plugin's token: the dashboard answers keys while the plugin is
# still running, the rollouts show once it has given the token, and what
# the plugin writes on stderr shows on the message line, never on the
# terminal behind it.
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
printf '{"sources": [{"name": "k8s", "kind": "argo-rollouts", "kubeconfig": "%s", "timeout_s": 60}]}\n' \
    "$WORK/kube/config" >"$WORK/kube.json"
# v1beta1: the plugin must answer in the version it was asked for.
sed 's|k8s.io/v1"|k8s.io/v1beta1"|' "$srcdir/tests/fixtures/kubeconfig/plugin.sh" >"$WORK/kube/plugin.sh"
chmod +x "$WORK/kube/plugin.sh"

start "PLUGIN_GATE=$WORK/gate $RELBOARD --config $WORK/kube.json 2>$WORK/stderr"
# The plugin waits for the gate: the dashboard is not held up meanwhile.
wait_for "k8s"
keys '?'
wait_for "relboard help"
keys Escape
wait_gone "relboard help"
screen | grep -q "checkout" && fail "rollouts before the plugin gave a token"
echo "ok - keys work while the plugin runs"
touch "$WORK/gate"
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

# Quitting while the plugin runs: it is stopped, the terminal restored.
rm -f "$WORK/gate"
start "PLUGIN_GATE=$WORK/gate $RELBOARD --config $WORK/kube.json 2>$WORK/stderr"
wait_for "k8s"
pgrep -f "$WORK/kube/plugin.sh" >/dev/null || fail "the plugin is not running"
keys q
wait_exit
grep -qx "exit=0" "$WORK/exit" || fail "exit: $(cat "$WORK/exit")"
for _ in $(seq 100); do
	pgrep -f "$WORK/kube/plugin.sh" >/dev/null || break
	sleep 0.1
done
pgrep -f "$WORK/kube/plugin.sh" >/dev/null && fail "the plugin outlived relboard"
for _ in $(seq 100); do
	[ -s "$WORK/stty.after" ] && break
	sleep 0.1
done
diff -u "$WORK/stty.before" "$WORK/stty.after" || fail "the terminal modes were not restored"
echo "ok - quitting stops a running plugin and restores the terminal"
