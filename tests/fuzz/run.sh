#!/bin/sh
# Runs every fuzz target of a libFuzzer build for SECONDS each.
#
#   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DARTICAST_FUZZ=ON
#   cmake --build build-fuzz
#   tests/fuzz/run.sh build-fuzz 60
#
# Each target runs on a temporary copy of its corpus (the repository is
# never written), with a 10 s timeout per input, a 2 GB memory limit and
# leak detection. Prints one line per target: runs, exec/s, cov and ft
# from libFuzzer's final stats. Exits 1 when any target found a crash, a
# leak or a timeout, and names the file holding the input; the work folder
# is then kept. FUZZ_TARGETS="read lexicon" runs only those. A target with
# a libFuzzer dictionary (tests/fuzz/NAME.dict) gets it as -dict=.
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 BUILD_DIR SECONDS" >&2
    exit 2
fi
build=$1
secs=$2
here=$(cd "$(dirname "$0")" && pwd)
targets=${FUZZ_TARGETS:-$(cd "$here" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')}
work=$(mktemp -d "${TMPDIR:-/tmp}/articast-fuzz.XXXXXX") || exit 2
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
for t in $targets; do
    bin=$build/tests/fuzz_$t
    if [ ! -x "$bin" ]; then
        echo "fuzz_$t: no binary at $bin (configure with -DARTICAST_FUZZ=ON)" >&2
        failed=1
        continue
    fi
    mkdir -p "$work/$t/corpus" "$work/$t/artifacts"
    if [ -d "$here/corpus/$t" ]; then
        cp "$here/corpus/$t/"* "$work/$t/corpus/" 2>/dev/null
    fi
    # a target's dictionary, NAME.dict beside its source, when it has one
    set --
    if [ -f "$here/$t.dict" ]; then
        set -- "-dict=$here/$t.dict"
    fi
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -detect_leaks=1 -print_final_stats=1 \
        -artifact_prefix="$work/$t/artifacts/" "$@" "$work/$t/corpus" >"$work/$t/log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t/log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t/log")
    cov=$(grep -E '^#[0-9]+' "$work/$t/log" | tail -n 1 | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 ft \2/p')
    printf 'fuzz_%-10s runs %s  exec/s %s  %s  corpus %s\n' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" \
        "$(ls "$work/$t/corpus" | wc -l)"
    if [ $rc -ne 0 ]; then
        failed=1
        echo "fuzz_$t: FAILED (exit $rc); log: $work/$t/log" >&2
        grep -E 'ERROR: |SUMMARY: |Test unit written to' "$work/$t/log" >&2
    fi
done
if [ $failed -ne 0 ]; then
    echo "kept $work" >&2
    exit 1
fi
rm -rf "$work"
exit 0
