# tests/ui.mk: unit tests for the dashboard's curses-free view library
# (check_ui), and for its key tables (check_keys, which links the
# dashboard's library to read the tables but opens no terminal).
check_PROGRAMS += tests/check_ui
TESTS += tests/check_ui
tests_check_ui_SOURCES = tests/check_ui.c
tests_check_ui_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_check_ui_LDADD = src/ui/librelview.a librelcore.a $(JANSSON_LIBS) \
	$(CHECK_LIBS) -lm

check_PROGRAMS += tests/check_keys
TESTS += tests/check_keys
tests_check_keys_SOURCES = tests/check_keys.c
tests_check_keys_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(CURSES_CFLAGS) \
	$(EVENT_CFLAGS) $(JANSSON_CFLAGS)
tests_check_keys_LDADD = src/ui/librelui.a src/ui/librelview.a \
	src/actions/librelactions.a librelnet.a librelcore.a $(CURSES_LIBS) \
	$(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) $(CHECK_LIBS) -lm
