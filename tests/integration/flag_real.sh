#!/bin/bash
# tests/integration/flag_real.sh - flag actions against a real Unleash 7.5.1.
exec bash "${srcdir:-.}/tests/integration/flag_actions.sh" real
