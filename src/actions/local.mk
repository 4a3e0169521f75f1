# src/actions: the flag actions (one file each, one table) and the journal.
noinst_LIBRARIES += src/actions/librelactions.a
src_actions_librelactions_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS) $(EVENT_CFLAGS)
src_actions_librelactions_a_SOURCES = \
	src/actions/action.h \
	src/actions/action.c \
	src/actions/actions.c \
	src/actions/action_stage.c \
	src/actions/action_kill.c \
	src/actions/action_restore.c \
	src/actions/guard_health.c \
	src/actions/guard_parent.c \
	src/actions/journal.c src/actions/journal.h
# Rollout actions: one file each, the run, and their header.
src_actions_librelactions_a_SOURCES += \
	src/actions/rollout_action.h \
	src/actions/rollout_run.c \
	src/actions/action_promote.c \
	src/actions/action_abort.c \
	src/actions/action_retry.c \
	src/actions/action_pause.c
