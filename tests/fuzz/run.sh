#!/bin/sh
# run.sh - `make fuzz`: builds relboard's fuzz harnesses with clang's
# libFuzzer under AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer (whatever compiler the main build uses), then runs each
# for a while on a corpus seeded from tests/fixtures.  Fails when any
# harness finds a crash, a leak, undefined behaviour or a broken invariant;
# the input that did it is kept under BUILDDIR/crashes/HARNESS/.
#
#   run.sh SRCDIR BUILDDIR [SECONDS [HARNESS...]]
#
# SECONDS (default 60) is per harness; no HARNESS means every one.  Environment: FUZZ_CC (default
# clang), FUZZ_CFLAGS (added), FUZZ_ARGS (more libFuzzer options).
set -eu

src=$(cd "$1" && pwd)
out=$2
secs=${3:-60}
[ $# -ge 3 ] && shift 3 || shift $#
# Every tests/fuzz/fuzz_NAME.c is a harness.
all=$(cd "$src/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
harnesses=${*:-$all}
cc=${FUZZ_CC:-clang}

mkdir -p "$out/obj" "$out/bin"
out=$(cd "$out" && pwd)

cflags="-std=c11 -g -O1 -fno-omit-frame-pointer -D_GNU_SOURCE \
-fsanitize=address,undefined -fno-sanitize-recover=undefined \
-I$src/src -I$src/tests/fuzz \
$(pkg-config --cflags jansson libcurl libevent yaml-0.1) ${FUZZ_CFLAGS:-}"
libs="$(pkg-config --libs jansson libcurl libevent yaml-0.1) -lm"

# --- can this compiler build a libFuzzer target? ----------------------------
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ return 0; }\n' \
    >"$out/obj/probe.c"
if ! $cc -fsanitize=fuzzer,address "$out/obj/probe.c" -o "$out/obj/probe" \
    >"$out/obj/probe.log" 2>&1; then
	cat "$out/obj/probe.log" >&2
	echo "make fuzz: $cc cannot build libFuzzer targets; install clang and" \
	    "libclang-rt-dev (Debian), or set FUZZ_CC" >&2
	exit 2
fi

# --- the code under test, instrumented --------------------------------------
# Objects are rebuilt when their source or any header is newer.
newest_header=$(ls -t "$src"/src/*/*.h "$src"/tests/fuzz/*.h | head -1)
objs=
for f in "$src"/src/core/*.c "$src"/src/core/adapters/*.c \
    "$src"/src/actions/*.c "$src"/src/net/*.c \
    "$src"/src/ui/theme_parse.c "$src"/src/ui/flag_plan.c \
    "$src"/tests/fuzz/fuzz.c; do
	o=$out/obj/$(echo "${f#"$src"/}" | tr / _ | sed 's/\.c$/.o/')
	objs="$objs $o"
	if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
		echo "  CC (fuzz) ${f#"$src"/}"
		# shellcheck disable=SC2086
		$cc $cflags -fsanitize=fuzzer-no-link -c "$f" -o "$o"
	fi
done
rm -f "$out/obj/librelfuzz.a"
# shellcheck disable=SC2086
ar rcs "$out/obj/librelfuzz.a" $objs

for h in $harnesses; do
	[ -f "$src/tests/fuzz/fuzz_$h.c" ] || { echo "no harness $h" >&2; exit 2; }
	echo "  CCLD (fuzz) fuzz_$h"
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer "$src/tests/fuzz/fuzz_$h.c" \
	    "$out/obj/librelfuzz.a" $libs -o "$out/bin/fuzz_$h"
done

# --- seeds, then run ---------------------------------------------------------
sh "$src/tests/fuzz/seeds.sh" "$src" "$out/seeds"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

summary=
failed=0
for h in $harnesses; do
	mkdir -p "$out/corpus/$h" "$out/crashes/$h"
	dict=$src/tests/fuzz/json.dict
	[ -f "$src/tests/fuzz/$h.dict" ] && dict=$src/tests/fuzz/$h.dict
	log=$out/fuzz_$h.log
	echo "  FUZZ $h for ${secs}s (log: $log)"
	# New coverage goes into corpus/HARNESS, kept between runs.
	# shellcheck disable=SC2086
	if "$out/bin/fuzz_$h" -max_total_time="$secs" -timeout=20 \
	    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
	    -dict="$dict" -artifact_prefix="$out/crashes/$h/" ${FUZZ_ARGS:-} \
	    "$out/corpus/$h" "$out/seeds/$h" >"$log" 2>&1; then
		result=ok
	else
		result="FAILED: $(ls -t "$out/crashes/$h" | head -1)"
		failed=1
		echo "--- the end of $log" >&2
		tail -n 40 "$log" >&2
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	line=$(printf 'fuzz %-13s runs %10s  %s' "$h" "${runs:-?}" "$result")
	echo "$line"
	summary="$summary$line
"
done
printf '\n%s' "$summary"
if [ $failed -ne 0 ]; then
	echo "make fuzz: a harness failed; its input is in $out/crashes/HARNESS/." \
	    "Fix the bug, then add the input to tests/fuzz/regress/HARNESS/" \
	    "(see docs/fuzzing.md)." >&2
	exit 1
fi
