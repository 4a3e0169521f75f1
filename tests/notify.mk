# tests/notify.mk - announcements to webhooks (config "notify") and the
# journal view's event log from the flag service.
TESTS += \
	tests/integration/notify_sim.sh \
	tests/integration/notify_real.sh \
	tests/integration/notify_kinds_sim.sh \
	tests/integration/journal_events_tui.sh \
	tests/integration/notify_tui.sh
EXTRA_DIST += \
	tests/integration/notify_kinds_sim.sh \
	tests/integration/journal_events_tui.sh \
	tests/integration/notify_tui.sh \
	tests/integration/flag_target.sh \
	tests/integration/notify_actions.sh \
	tests/integration/notify_sim.sh \
	tests/integration/notify_real.sh \
	tests/webhook_receiver.py
check_PROGRAMS += tests/check_notify
TESTS += tests/check_notify
tests_check_notify_SOURCES = tests/check_notify.c tests/testutil.c tests/testutil.h
tests_check_notify_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(JANSSON_CFLAGS) \
	-DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_notify_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
EXTRA_DIST += \
	tests/services/capture_events.sh \
	tests/fixtures/unleash-events/README.md \
	tests/fixtures/unleash-events/index.txt \
	tests/fixtures/unleash-events/flag-events.json \
	tests/fixtures/unleash-events/flag-events-limit.json \
	tests/fixtures/unleash-events/flag-events-unknown.json \
	tests/fixtures/unleash-events/flag-events-legacy.json \
	tests/fixtures/unleash-events/flag-events-401.json
# The flag history's parser, fuzzed (tests/fuzz.mk, docs/fuzzing.md).
check_PROGRAMS += tests/fuzz/replay_unleash_events
tests_fuzz_replay_unleash_events_SOURCES = tests/fuzz/fuzz_unleash_events.c \
	$(fuzz_common)
tests_fuzz_replay_unleash_events_CPPFLAGS = $(fuzz_cppflags)
tests_fuzz_replay_unleash_events_LDADD = $(fuzz_ldadd)
