#!/usr/bin/env bash
# Builds usrdtu with its tests and runs every test (ctest): the unit tests,
# the host-program sessions, the end-to-end tests (python3) and the replay
# of the fuzz corpus.
#
#   scripts/test.sh            # from anywhere; run as root or with sudo on a
#                              # fresh Debian machine so that it can install
#                              # cmake, gcc, cmocka ... (only what is missing)
#
# Environment: BUILD_DIR (default build), CC (compiler), CMAKE_ARGS (extra
# arguments for the configure step, e.g. "-DUSRDTU_SANITIZE=ON").
# Exits non-zero when anything fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages \
	cmd=cmake:cmake \
	cmd=make:make \
	cmd=gcc:gcc \
	file=/usr/include/stdio.h:libc6-dev \
	cmd=pkg-config:pkg-config \
	file='/usr/include/cmocka.h':libcmocka-dev \
	cmd=python3:python3

build=${BUILD_DIR:-build}
extra=()
if [ -n "${CMAKE_ARGS:-}" ]; then
	# shellcheck disable=SC2206 # split on spaces on purpose
	extra=(${CMAKE_ARGS})
fi

say "== configure $build"
# USRDTU_BUILD_FUZZ=ON with gcc builds only the corpus replay (fuzz/): the
# corpus then runs as the ctest test fuzz_serial_corpus.
cmake -S . -B "$build" \
	-DUSRDTU_BUILD_TESTS=ON \
	-DUSRDTU_BUILD_LINUX=ON \
	-DUSRDTU_BUILD_FUZZ=ON \
	"${extra[@]}"

say "== build $build"
cmake --build "$build" -j "$(jobs)"

say "== test $build"
ctest --test-dir "$build" --output-on-failure -j "$(jobs)"
say "all tests passed"
