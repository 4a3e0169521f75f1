# tests/core.mk - unit tests of the core library (config, model, stages,
# status JSON, the unleash and prometheus adapters on captured answers).
check_PROGRAMS += tests/check_core
TESTS += tests/check_core
tests_check_core_SOURCES = tests/check_core.c tests/testutil.c tests/testutil.h
tests_check_core_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_core_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += \
	tests/fixtures/unleash-poll/README.md \
	tests/fixtures/unleash-poll/features.json \
	tests/fixtures/unleash-poll/client-development.json \
	tests/fixtures/unleash-poll/client-production.json \
	tests/fixtures/unleash-poll/error-401.json \
	tests/fixtures/unleash-poll/events.json \
	tests/fixtures/unleash-poll/wrong/README.md \
	tests/fixtures/unleash-poll/wrong/client-development-control.json \
	tests/fixtures/unleash-poll/wrong/client-development-missing.json \
	tests/fixtures/unleash-poll/wrong/client-production-control.json \
	tests/fixtures/unleash-poll/wrong/client-production-empty.json \
	tests/fixtures/unleash-poll/wrong/client-production-missing.json \
	tests/fixtures/unleash-poll/wrong/features-control.json \
	tests/fixtures/prometheus/wrong-status.json \
	tests/fixtures/prometheus/graph-custom.json \
	tests/fixtures/prometheus/graph-istio.json \
	tests/fixtures/prometheus/graph-linkerd.json \
	tests/fixtures/prometheus/graph-otel.json

# The element-at-a-time JSON reader, and the unleash adapter's reading of
# fixed polls against what it read before it used it (models.txt).
check_PROGRAMS += tests/check_jsonwalk
TESTS += tests/check_jsonwalk
tests_check_jsonwalk_SOURCES = tests/check_jsonwalk.c tests/unleash_dump.c \
	tests/unleash_dump.h tests/testutil.c tests/testutil.h
tests_check_jsonwalk_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) \
	$(JANSSON_CFLAGS) -DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_jsonwalk_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += tests/fixtures/unleash-poll/models.txt

# status --at: the strict time parser.
check_PROGRAMS += tests/check_timearg
TESTS += tests/check_timearg
tests_check_timearg_SOURCES = tests/check_timearg.c
tests_check_timearg_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_check_timearg_LDADD = librelcore.a $(CHECK_LIBS) -lm

# No core dumps once relboard may hold tokens.
check_PROGRAMS += tests/check_nodump
TESTS += tests/check_nodump
tests_check_nodump_SOURCES = tests/check_nodump.c src/cli/nodump.c
tests_check_nodump_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_check_nodump_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# The poller over real HTTP against the simulator.
check_PROGRAMS += tests/check_poller
TESTS += tests/check_poller
tests_check_poller_SOURCES = tests/check_poller.c
tests_check_poller_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
tests_check_poller_LDADD = librelnet.a src/sim/librelsim.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# Revalidating answers that are not kept, against a stand-in with ETags.
check_PROGRAMS += tests/check_revalidate
TESTS += tests/check_revalidate
tests_check_revalidate_SOURCES = tests/check_revalidate.c tests/testutil.c \
	tests/testutil.h
tests_check_revalidate_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_revalidate_LDADD = librelnet.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# The flag actions' pure parts on captured Unleash answers.
check_PROGRAMS += tests/check_actions
TESTS += tests/check_actions
tests_check_actions_SOURCES = tests/check_actions.c tests/testutil.c tests/testutil.h
tests_check_actions_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_actions_LDADD = src/actions/librelactions.a librelnet.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# The action engine over HTTP against a misbehaving stand-in server.
check_PROGRAMS += tests/check_action_run
TESTS += tests/check_action_run
tests_check_action_run_SOURCES = tests/check_action_run.c
tests_check_action_run_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) \
	$(JANSSON_CFLAGS)
tests_check_action_run_LDADD = src/actions/librelactions.a librelnet.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# The output sanitizer and the paths through it (errors, status JSON, config).
check_PROGRAMS += tests/check_sanitize
TESTS += tests/check_sanitize
tests_check_sanitize_SOURCES = tests/check_sanitize.c
tests_check_sanitize_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_check_sanitize_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# The action journal's file rules (symbolic links, modes, home folder).
check_PROGRAMS += tests/check_journal
TESTS += tests/check_journal
tests_check_journal_SOURCES = tests/check_journal.c
tests_check_journal_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS)
tests_check_journal_LDADD = src/actions/librelactions.a librelcore.a \
	$(JANSSON_LIBS) $(CHECK_LIBS) -lm

# relboard check: version requests and answers of the real services.
check_PROGRAMS += tests/check_svcversion
TESTS += tests/check_svcversion
tests_check_svcversion_SOURCES = tests/check_svcversion.c tests/testutil.c tests/testutil.h
tests_check_svcversion_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_svcversion_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += \
	tests/fixtures/version/README.md \
	tests/fixtures/version/unleash-ui-config.json \
	tests/fixtures/version/prometheus-buildinfo.json \
	tests/fixtures/version/k8s-version.json

# Several clusters: rollout names in the config, kept apart by source.
check_PROGRAMS += tests/check_rollout_ref
TESTS += tests/check_rollout_ref
tests_check_rollout_ref_SOURCES = tests/check_rollout_ref.c tests/testutil.c tests/testutil.h
tests_check_rollout_ref_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_rollout_ref_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm

# How few requests a poll sends (Unleash probe, Prometheus trend once a
# minute), against the simulator's request log.
check_PROGRAMS += tests/check_economy
TESTS += tests/check_economy
tests_check_economy_SOURCES = tests/check_economy.c
tests_check_economy_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) $(JANSSON_CFLAGS)
tests_check_economy_LDADD = librelnet.a src/sim/librelsim.a librelcore.a \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm
