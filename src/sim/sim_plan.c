/*
 * sim_plan.c - the release plan of the simulated release day: the
 * redesigned checkout, at canary in production (as the scenario has it),
 * going on to early and ga with holds and both gates.
 */
#include <stdlib.h>

#include "core/util.h"
#include "sim/sim.h"

char *
sim_demo_plan(void)
{
	return xstrdup("{\"name\": \"checkout-redesign\", \"source\": \"flags\",\n"
	    "  \"flag\": \"new-checkout\", \"environment\": \"production\",\n"
	    "  \"steps\": [{\"stage\": \"canary\", \"hold_s\": 3600},\n"
	    "            {\"stage\": \"early\", \"hold_s\": 86400},\n"
	    "            {\"stage\": \"ga\"}],\n"
	    "  \"gates\": {\"services\": \"ok\", \"kpis\": \"ok\"},\n"
	    "  \"on_crit\": \"hold\"}\n");
}
