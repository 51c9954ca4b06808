#!/usr/bin/env bash
# Relay throughput, CPU per MiB and latency of usrdtu against socat doing the
# same pty <-> TCP relay, measured in one run on 127.0.0.1 (relay_bench.py
# says how). Prints a Markdown table for docs/performance.md.
#
#   bench/relay_bench.sh                 # 64 MiB per transfer, 3 runs each
#   bench/relay_bench.sh --size 16 --runs 1 --lat 50
#
# Builds the program (build/) and installs socat and python3 with apt-get
# when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

ensure_packages cmd=cmake:cmake cmd=make:make cmd=gcc:gcc file=/usr/include/stdio.h:libc6-dev \
	cmd=socat:socat cmd=python3:python3
build=${BUILD_DIR:-$root/build}
{
	cmake -S "$root" -B "$build" -DUSRDTU_BUILD_LINUX=ON
	cmake --build "$build" -j "$(jobs)" --target usrdtu_bin
} >&2
echo "host: $(uname -srm), $(getconf _NPROCESSORS_ONLN) CPUs; $(socat -V | sed -n 's/^socat version \([^ ]*\).*/socat \1/p');" \
	"build type $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=\(..*\)/\1/p' "$build/CMakeCache.txt" | grep . || echo "RelWithDebInfo (the default)")" >&2
exec python3 "$root/bench/relay_bench.py" "$build/ports/linux/usrdtu" "$@"
