# tests/ui.mk: unit tests for the dashboard's curses-free parts.
check_PROGRAMS += tests/check_ui
TESTS += tests/check_ui
tests_check_ui_SOURCES = tests/check_ui.c \
	src/ui/format.c src/ui/format.h \
	src/ui/layout.c src/ui/layout.h \
	src/ui/sparkline.c src/ui/sparkline.h \
	src/ui/theme_parse.c src/ui/theme.h \
	src/ui/lineedit.c src/ui/lineedit.h \
	src/ui/flag_plan.c src/ui/flag_plan.h
tests_check_ui_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_check_ui_LDADD = librelcore.a $(JANSSON_LIBS) $(CHECK_LIBS) -lm
