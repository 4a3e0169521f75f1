# tests/fuzz.mk - the fuzz harnesses (tests/fuzz/, docs/fuzzing.md).
# `make check` builds each harness with the normal compiler and replay.c
# and replays its seeds (derived from tests/fixtures) and the inputs that
# once crashed it (tests/fuzz/regress/HARNESS/); `make fuzz` builds them
# with clang's libFuzzer and fuzzes each for FUZZ_SECONDS.
FUZZ_SECONDS = 60
# FUZZ_HARNESSES: the ones to run; empty is every tests/fuzz/fuzz_*.c.
FUZZ_HARNESSES =

fuzz_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/fuzz $(JANSSON_CFLAGS)
fuzz_ldadd = librelcore.a $(JANSSON_LIBS) -lm
fuzz_common = tests/fuzz/replay.c tests/fuzz/fuzz.c tests/fuzz/fuzz.h

check_PROGRAMS += tests/fuzz/replay_unleash tests/fuzz/replay_unleash_flag \
	tests/fuzz/replay_prometheus tests/fuzz/replay_argo \
	tests/fuzz/replay_config tests/fuzz/replay_theme tests/fuzz/replay_plan \
	tests/fuzz/replay_rollout
tests_fuzz_replay_unleash_SOURCES = tests/fuzz/fuzz_unleash.c $(fuzz_common)
tests_fuzz_replay_unleash_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_unleash_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_unleash_flag_SOURCES = tests/fuzz/fuzz_unleash_flag.c $(fuzz_common)
tests_fuzz_replay_unleash_flag_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_unleash_flag_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_prometheus_SOURCES = tests/fuzz/fuzz_prometheus.c $(fuzz_common)
tests_fuzz_replay_prometheus_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_prometheus_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_argo_SOURCES = tests/fuzz/fuzz_argo.c $(fuzz_common)
tests_fuzz_replay_argo_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_argo_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_rollout_SOURCES = tests/fuzz/fuzz_rollout.c $(fuzz_common)
tests_fuzz_replay_rollout_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_rollout_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_config_SOURCES = tests/fuzz/fuzz_config.c $(fuzz_common)
tests_fuzz_replay_config_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_config_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_theme_SOURCES = tests/fuzz/fuzz_theme.c \
	src/ui/theme_parse.c src/ui/theme.h $(fuzz_common)
tests_fuzz_replay_theme_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_theme_LDADD = $(fuzz_ldadd)
# The planner links the actions (and so the network layer they use).
tests_fuzz_replay_plan_SOURCES = tests/fuzz/fuzz_plan.c \
	src/ui/flag_plan.c src/ui/flag_plan.h $(fuzz_common)
tests_fuzz_replay_plan_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_plan_LDADD = src/actions/librelactions.a librelnet.a \
	librelcore.a $(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) -lm

# Release plan files (and the journal a plan's position is read from).
check_PROGRAMS += tests/fuzz/replay_release_plan
tests_fuzz_replay_release_plan_SOURCES = tests/fuzz/fuzz_release_plan.c $(fuzz_common)
tests_fuzz_replay_release_plan_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_release_plan_LDADD = $(fuzz_ldadd)
# kubeconfig files and exec plugins' ExecCredentials.
check_PROGRAMS += tests/fuzz/replay_kubeconfig tests/fuzz/replay_execcred
tests_fuzz_replay_kubeconfig_SOURCES = tests/fuzz/fuzz_kubeconfig.c $(fuzz_common)
tests_fuzz_replay_kubeconfig_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_kubeconfig_LDADD = $(fuzz_ldadd)
tests_fuzz_replay_execcred_SOURCES = tests/fuzz/fuzz_execcred.c $(fuzz_common)
tests_fuzz_replay_execcred_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_execcred_LDADD = $(fuzz_ldadd)
# Feature impact: client metrics and the KPI query's answer.
check_PROGRAMS += tests/fuzz/replay_impact
tests_fuzz_replay_impact_SOURCES = tests/fuzz/fuzz_impact.c $(fuzz_common)
tests_fuzz_replay_impact_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_impact_LDADD = $(fuzz_ldadd)
# The element-at-a-time JSON reader against jansson reading it whole.
check_PROGRAMS += tests/fuzz/replay_jsonwalk
tests_fuzz_replay_jsonwalk_SOURCES = tests/fuzz/fuzz_jsonwalk.c $(fuzz_common)
tests_fuzz_replay_jsonwalk_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_jsonwalk_LDADD = $(fuzz_ldadd)
# The argo-rollouts watch: lists, then watch events one at a time.
check_PROGRAMS += tests/fuzz/replay_argo_watch
tests_fuzz_replay_argo_watch_SOURCES = tests/fuzz/fuzz_argo_watch.c $(fuzz_common)
tests_fuzz_replay_argo_watch_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_argo_watch_LDADD = $(fuzz_ldadd)

TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/replay.sh tests/fuzz/run.sh tests/fuzz/seeds.sh \
	tests/fuzz/json.dict tests/fuzz/theme.dict tests/fuzz/regress \
	tests/fuzz/kubeconfig.dict

# What `make fuzz` built and found (its corpus grows between runs).
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/libfuzzer
.PHONY: clean-fuzz
