#!/bin/bash
# tests/integration/fault_matrix.sh - walks docs/fault-matrix.md: relboard
# against relboard-sim behind tests/faultproxy.py, one fault per row, for
# `status --json` and for each flag action.  Needs python3 only; prints a
# PASS/FAIL line per row.  Arguments name rows to run (default: all).
set -euo pipefail
. "${srcdir:-.}/tests/integration/lib.sh"

command -v python3 >/dev/null 2>&1 || skip_or_fail "python3 is not installed"
python3 "$srcdir/tests/integration/fault_matrix.py" "$RELBOARD" \
    "$top_builddir/src/relboard-sim" "$srcdir/tests/faultproxy.py" \
    "$srcdir/docs/fault-matrix.md" "$WORK" "$@"
