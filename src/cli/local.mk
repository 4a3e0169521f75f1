# src/cli: the relboard program: option parsing, commands, start-up.
bin_PROGRAMS += src/relboard
src_relboard_SOURCES = \
	src/cli/main.c src/cli/cli.h \
	src/cli/setup.c \
	src/cli/nodump.c \
	src/cli/cmd_status.c \
	src/cli/cmd_flag.c
# relboard check: each source's endpoint, auth, TLS, version, latency, error.
src_relboard_SOURCES += src/cli/cmd_check.c
# relboard plan check|run: release plans.
src_relboard_SOURCES += src/cli/cmd_plan.c src/cli/cmd_plan_run.c src/cli/plan_run.h \
	src/cli/demo_plan.c
# relboard rollout: promote, abort, retry, pause; shared outcome reporting.
src_relboard_SOURCES += src/cli/cmd_rollout.c src/cli/action_report.c
src_relboard_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) $(CURL_CFLAGS) \
	$(EVENT_CFLAGS) $(JANSSON_CFLAGS)
src_relboard_LDADD = src/ui/librelui.a src/ui/librelview.a src/actions/librelactions.a librelnet.a \
	src/sim/librelsim.a librelcore.a \
	$(CURSES_LIBS) $(CURL_LIBS) $(EVENT_LIBS) $(JANSSON_LIBS) -lm
# relboard check: what it says about kubeconfig sources.
src_relboard_SOURCES += src/cli/check_kube.c src/cli/check_kube.h
