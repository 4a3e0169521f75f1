# src/ui: the interactive dashboard (ncurses on libevent).  format.c,
# layout.c, sparkline.c and theme_parse.c include no curses header and are
# unit-tested by tests/check_ui (see tests/ui.mk).
noinst_LIBRARIES += src/ui/librelui.a
src_ui_librelui_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) $(EVENT_CFLAGS) \
	$(JANSSON_CFLAGS)
src_ui_librelui_a_SOURCES = \
	src/ui/ui.c src/ui/ui.h src/ui/ui_int.h \
	src/ui/paint.c src/ui/draw.c \
	src/ui/panes.c \
	src/ui/pane_rollouts.c src/ui/rollout_detail.c \
	src/ui/pane_flags.c \
	src/ui/pane_health.c src/ui/pane_graph.c \
	src/ui/graph_layout.c src/ui/graph_route.c src/ui/graph_layout.h \
	src/ui/graph_label.c src/ui/graph_label.h src/ui/graph_view.c \
	src/ui/flag_action.c src/ui/flagui.h src/ui/confirm.c \
	src/ui/journal_view.c src/ui/flag_plan.c src/ui/flag_plan.h \
	src/ui/lineedit.c src/ui/lineedit.h \
	src/ui/health_format.c src/ui/health_format.h \
	src/ui/theme.c src/ui/theme_parse.c src/ui/theme.h \
	src/ui/format.c src/ui/format.h \
	src/ui/layout.c src/ui/layout.h \
	src/ui/sparkline.c src/ui/sparkline.h
