#!/bin/sh
# The whole test suite, as README.md gives it and CI runs it: the same
# sources in up to four builds, each stage stopping the run on failure.
#
#   plain     build/           gcc, -Werror: every ctest test
#   asan      build-asan/      clang, ASan + UBSan, -Werror: every ctest test
#   memcheck  build-memcheck/  the tests labelled "memcheck", with articast
#                              under valgrind memcheck (exit 99 on any error)
#   fuzz      build-fuzz/      clang libFuzzer: every target in tests/fuzz/
#                              for AT_FUZZ_SECONDS (60) each
#
# AT_STAGES picks the stages (default: all four, in that order), e.g.
#   AT_STAGES=plain sh tests/all.sh
# Run from the repository root.
set -eu

stages=${AT_STAGES:-plain asan memcheck fuzz}
fuzz_seconds=${AT_FUZZ_SECONDS:-60}
jobs=${AT_JOBS:-2}

# A stage's header, with the time so the log shows where CI time goes.
stage() {
	printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"
}

for s in $stages; do
	case $s in
	plain)
		stage "plain build and ctest"
		cmake -S . -B build -DARTICAST_WERROR=ON
		cmake --build build -j"$jobs"
		(cd build && ctest --output-on-failure -j"$jobs")
		;;
	asan)
		stage "ASan and UBSan build (clang) and ctest"
		cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang \
			-DARTICAST_SANITIZE=ON -DARTICAST_WERROR=ON
		cmake --build build-asan -j"$jobs"
		(cd build-asan &&
			ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
			ctest --output-on-failure -j"$jobs")
		;;
	memcheck)
		stage "valgrind memcheck of the integration tests"
		cmake -S . -B build-memcheck -DARTICAST_MEMCHECK=ON -DARTICAST_WERROR=ON
		cmake --build build-memcheck -j"$jobs"
		(cd build-memcheck && ctest -L memcheck --output-on-failure -j"$jobs")
		;;
	fuzz)
		stage "libFuzzer targets, ${fuzz_seconds} s each"
		cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang \
			-DARTICAST_FUZZ=ON -DARTICAST_WERROR=ON
		cmake --build build-fuzz -j"$jobs" --target fuzz_all
		sh tests/fuzz/run.sh build-fuzz "$fuzz_seconds"
		;;
	*)
		echo "tests/all.sh: unknown stage '$s' (plain, asan, memcheck, fuzz)" >&2
		exit 2
		;;
	esac
done
stage "all stages passed: $stages"
