#!/bin/bash
# tests/integration/notify_sim.sh - announcements against relboard-sim.
exec bash "${srcdir:-.}/tests/integration/notify_actions.sh" sim
