#!/usr/bin/env bash
# Runs usrdtu under valgrind's memcheck: every cmocka test program, the
# minimal example, the fuzz corpus replays, the host program's --stdio
# sessions for the four profiles, and the end-to-end tests with the daemon
# itself under valgrind (tests/e2e/dtu.py puts USRDTU_WRAP in front of it). Any memcheck report
# (an invalid read or write, a use of uninitialised bytes, a leak of any
# kind, memory still reachable at exit included) fails the check.
#
#   scripts/valgrind_check.sh
#
# Environment: BUILD_DIR (default build-valgrind; configured and built
# here, plain gcc -O2 with debug information, no sanitizer).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages \
	cmd=cmake:cmake \
	cmd=gcc:gcc \
	file='/usr/include/cmocka.h':libcmocka-dev \
	cmd=python3:python3 \
	cmd=valgrind:valgrind

build=${BUILD_DIR:-build-valgrind}
logs=$build/valgrind-logs

say "== configure and build $build"
cmake -S . -B "$build" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DUSRDTU_BUILD_TESTS=ON \
	-DUSRDTU_BUILD_LINUX=ON \
	-DUSRDTU_BUILD_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(jobs)" >/dev/null

rm -rf "$logs"
mkdir -p "$logs"
# Every process writes its own log; an empty log is a clean run (-q).
memcheck=(valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
	--error-exitcode=99 --log-file="$root/$logs/vg.%p.log")
failed=0

say "== cmocka test programs"
for t in "$build"/tests/test_*; do
	if [ ! -f "$t" ] || [ ! -x "$t" ]; then continue; fi
	if ! "${memcheck[@]}" "$t" >"$logs/$(basename "$t").out" 2>&1; then
		say "FAIL: $(basename "$t") (see $logs/$(basename "$t").out)"
		failed=1
	fi
done

say "== the minimal example"
if ! "${memcheck[@]}" "$build/examples/usrdtu_example_minimal" >"$logs/example_minimal.out" 2>&1; then
	say "FAIL: usrdtu_example_minimal (see $logs/example_minimal.out)"
	failed=1
fi

say "== fuzz corpus replays"
for t in "$build"/fuzz/fuzz_*_replay; do
	[ -x "$t" ] || continue
	name=$(basename "$t" _replay)
	name=${name#fuzz_}
	if ! "${memcheck[@]}" "$t" "fuzz/corpus/$name" >"$logs/$(basename "$t").out" 2>&1; then
		say "FAIL: $(basename "$t") (see $logs/$(basename "$t").out)"
		failed=1
	fi
done

say "== host program: --stdio sessions"
session() {
	# command mode, every command's help and version, a query, a save and
	# restart, command mode again, a factory reset
	printf '+++a'
	sleep 0.5
	printf 'AT+E=OFF\r\nAT+H\r\nAT+VER\r\nAT+UART?\r\nAT+UART=?\r\nAT+NOSUCH\r\nAT+S\r\n'
	sleep 1
	printf '+++a'
	sleep 0.5
	printf 'AT+UART?\r\nAT+CLEAR\r\n'
	sleep 1
}
for p in gprs232 cat1 g781 m0; do
	state=$logs/state-$p.bin
	if ! session | "${memcheck[@]}" "$build/ports/linux/usrdtu" --stdio --no-net --profile "$p" \
		--state "$state" >"$logs/stdio-$p.out" 2>&1; then
		say "FAIL: --stdio --profile $p (see $logs/stdio-$p.out)"
		failed=1
	fi
done

say "== end-to-end tests, the daemon under valgrind"
for f in tests/e2e/test_*.py; do
	name=$(basename "$f" .py)
	if ! USRDTU_WRAP="${memcheck[*]}" timeout 900 python3 "$f" "$build/ports/linux/usrdtu" \
		>"$logs/$name.out" 2>&1; then
		say "FAIL: $name (see $logs/$name.out)"
		failed=1
	fi
done

reports=$(find "$logs" -name 'vg.*.log' -size +0 | sort)
if [ -n "$reports" ]; then
	say "memcheck reports:"
	for r in $reports; do
		say "--- $r"
		head -n 40 "$r"
	done
	failed=1
fi
if [ "$failed" -ne 0 ]; then
	die "valgrind check failed"
fi
say "valgrind: $(find "$logs" -name 'vg.*.log' | wc -l) processes, no memcheck report"
