#!/usr/bin/env bash
# Builds the Linux host program and starts it: a USR DTU on a pseudo-terminal.
#
#   scripts/run.sh                      # gprs232 on a new pty linked at
#                                       # ./usrdtu.tty, settings in
#                                       # ./usrdtu-state.bin (the defaults)
#   scripts/run.sh --profile cat1 -v    # any arguments go to the program
#   scripts/run.sh --stdio              # the DTU on this terminal instead
#
# On a pty the program prints the pty's name on stderr; open it with
# `picocom ./usrdtu.tty` or `screen ./usrdtu.tty 115200` (or pyserial), paste
# +++a to reach command mode (the three + must arrive within 50 ms of each
# other, as on the real module: faster than typing), then type AT commands
# such as AT+VER or AT+H and Enter. Ctrl-C (or SIGTERM) ends it and removes
# the link. With the factory settings the DTU connects to USR's test server
# test.usr.cn:2317, as the module does; add --no-net to stay offline.
#
# With --stdio, stdin and stdout are the serial port: when stdin is a
# terminal it is switched to byte-at-a-time input without local echo, Enter
# sending CR (the device echoes in command mode), and restored at exit.
# Build messages go to stderr, so stdout is the emulated serial port only.
# Installs cmake and gcc with apt-get when they are missing (root or sudo).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

{
	ensure_packages cmd=cmake:cmake cmd=make:make cmd=gcc:gcc file=/usr/include/stdio.h:libc6-dev
	build=${BUILD_DIR:-$root/build}
	args=()
	if [ ! -f "$build/CMakeCache.txt" ] && [ ! -f /usr/include/cmocka.h ]; then
		args+=(-DUSRDTU_BUILD_TESTS=OFF) # the program does not need cmocka
	fi
	cmake -S "$root" -B "$build" -DUSRDTU_BUILD_LINUX=ON "${args[@]}"
	cmake --build "$build" -j "$(jobs)" --target usrdtu_bin
} >&2

build=${BUILD_DIR:-$root/build}
bin="$build/ports/linux/usrdtu"
[ -x "$bin" ] || die "the build did not produce $bin"
# A pty unless the arguments choose the serial side themselves.
transport=pty
for arg in "$@"; do
	case $arg in
	--stdio) transport=stdio ;;
	--serial | --serial=* | --pty-link | --pty-link=*) transport=given ;;
	esac
done
if [ "$transport" = pty ]; then
	echo "usrdtu: open the pty below with picocom, screen or pyserial; paste +++a for" \
		"command mode; Ctrl-C quits" >&2
	exec "$bin" --pty-link "$PWD/usrdtu.tty" "$@"
fi
if [ "$transport" = given ] || [ ! -t 0 ]; then
	exec "$bin" "$@"
fi
saved=$(stty -g)
trap 'stty "$saved"' EXIT
stty -icanon -echo -icrnl min 1 time 0
echo "usrdtu: paste +++a for command mode, then AT commands; Ctrl-C quits" >&2
rc=0
"$bin" "$@" || rc=$?
exit "$rc"
