# src/ui: the interactive dashboard (ncurses on libevent), and below it the
# curses-free view library the tests link (see tests/ui.mk).
noinst_LIBRARIES += src/ui/librelui.a
src_ui_librelui_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) $(EVENT_CFLAGS) \
	$(JANSSON_CFLAGS)
src_ui_librelui_a_SOURCES = \
	src/ui/ui.c src/ui/ui.h src/ui/ui_int.h \
	src/ui/keys_global.c src/ui/mode.c src/ui/msg.c \
	src/ui/paint.c src/ui/rows.c src/ui/sel.c src/ui/draw.c src/ui/theme.c \
	src/ui/panes.c \
	src/ui/pane_rollouts.c src/ui/pane_flags.c \
	src/ui/pane_health.c src/ui/pane_graph.c \
	src/ui/mode_help.c src/ui/mode_detail.c src/ui/mode_journal.c \
	src/ui/mode_picker.c src/ui/mode_confirm.c src/ui/mode_filter.c \
	src/ui/mode_cmdline.c src/ui/mode_ack.c src/ui/alerts.c \
	src/ui/copy.c \
	src/ui/flag_run.c
# Release plans shown in the Flags pane's detail line.
src_ui_librelui_a_SOURCES += src/ui/plan_view.c src/ui/plan_view.h

# The view library: formatting, layout, sparklines, line editing, keys,
# flag-action context, graph layout and routing.  No curses header; the
# unit tests link it.
noinst_LIBRARIES += src/ui/librelview.a
src_ui_librelview_a_CPPFLAGS = $(AM_CPPFLAGS) $(JANSSON_CFLAGS)
src_ui_librelview_a_SOURCES = \
	src/ui/keys.c src/ui/keys.h \
	src/ui/keytab.c src/ui/keytab.h \
	src/ui/graph_layout.c src/ui/graph_route.c src/ui/graph_layout.h \
	src/ui/graph_label.c src/ui/graph_label.h src/ui/graph_view.c \
	src/ui/graph_marks.c \
	src/ui/graph_tree.c src/ui/graph_tree.h \
	src/ui/flag_plan.c src/ui/flag_plan.h \
	src/ui/lineedit.c src/ui/lineedit.h \
	src/ui/health_format.c src/ui/health_format.h \
	src/ui/theme_parse.c src/ui/theme.h \
	src/ui/format.c src/ui/format.h \
	src/ui/layout.c src/ui/layout.h \
	src/ui/sparkline.c src/ui/sparkline.h
