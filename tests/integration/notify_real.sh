#!/bin/bash
# tests/integration/notify_real.sh - announcements against a real Unleash 7.5.1.
exec bash "${srcdir:-.}/tests/integration/notify_actions.sh" real
