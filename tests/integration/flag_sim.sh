#!/bin/bash
# tests/integration/flag_sim.sh - flag actions against relboard-sim.
exec bash "${srcdir:-.}/tests/integration/flag_actions.sh" sim
