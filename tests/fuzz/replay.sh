#!/bin/sh
# replay.sh - `make check`'s part of fuzzing: each harness, built with the
# normal compiler (and the sanitizers when configured with them), replays
# the seeds derived from tests/fixtures and every input that once crashed
# it (tests/fuzz/regress/HARNESS/).  A harness aborts on any problem.
set -u

srcdir=${srcdir:-.}
bin=${top_builddir:-.}/tests/fuzz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

sh "$srcdir/tests/fuzz/seeds.sh" "$srcdir" "$tmp/seeds" || exit 1
failed=0
for h in $(cd "$srcdir/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//'); do
	set -- "$tmp/seeds/$h"
	[ -d "$srcdir/tests/fuzz/regress/$h" ] && set -- "$@" "$srcdir/tests/fuzz/regress/$h"
	if out=$("$bin/replay_$h" "$@" 2>"$tmp/err"); then
		echo "PASS: $h: $out"
	else
		echo "FAIL: $h"
		cat "$tmp/err"
		failed=1
	fi
done
exit $failed
