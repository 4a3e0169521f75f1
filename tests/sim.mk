# tests/sim.mk - the simulator over real HTTP (libevent's client), its
# answers compared with the captured answers of the real services.
check_PROGRAMS += tests/check_sim
TESTS += tests/check_sim
tests_check_sim_SOURCES = tests/check_sim.c
tests_check_sim_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS) $(EVENT_CFLAGS) \
	$(JANSSON_CFLAGS) -DFIXTURES_DIR='"$(abs_top_srcdir)/tests/fixtures"'
tests_check_sim_LDADD = src/sim/librelsim.a librelcore.a $(EVENT_LIBS) \
	$(JANSSON_LIBS) $(CHECK_LIBS) -lm

# relboard-sim standalone: port on stdout, token file, clean exit on signals.
TESTS += tests/sim_standalone.sh
EXTRA_DIST += tests/sim_standalone.sh
