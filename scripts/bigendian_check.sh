#!/usr/bin/env bash
# Runs the unit tests on a big-endian CPU: builds the library and its cmocka
# tests for s390x (Debian's gcc-s390x-linux-gnu, cmocka from the multiarch
# package libcmocka-dev:s390x) and runs ctest with every test program under
# qemu-user (qemu-s390x). The tests include the settings store, whose format
# is little-endian on every machine (docs/storage.md), the network and
# RFC2217-like frame codecs, and the replay of the fuzz corpora. The Linux
# host program and its session tests are left out (they are not about byte
# order and need the host's sockets and pseudo-terminals).
#
#   scripts/bigendian_check.sh          # build dir build-s390x
#
# Installs what is missing with apt-get (as root or through sudo), adding
# s390x as a foreign dpkg architecture for libcmocka-dev:s390x. Exits
# non-zero when anything fails.
#
# Environment: BUILD_DIR (default build-s390x).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

build=${BUILD_DIR:-build-s390x}
sysroot=/usr/s390x-linux-gnu

if ! dpkg --print-foreign-architectures | grep -qx s390x; then
	say "adding the dpkg architecture s390x"
	as_root dpkg --add-architecture s390x || die "dpkg --add-architecture s390x failed"
	# The next ensure_packages must read the s390x package lists.
	_usrdtu_apt_updated=0
fi
# Only libcmocka-dev:s390x (and libcmocka0:s390x, libc6:s390x) come from
# the s390x archive; the compiler's own C library is libc6-dev-s390x-cross
# under /usr/s390x-linux-gnu, so libc6-dev:s390x is not needed.
ensure_packages cmd=cmake:cmake cmd=make:make \
	cmd=s390x-linux-gnu-gcc:gcc-s390x-linux-gnu \
	file="$sysroot/lib/crti.o":libc6-dev-s390x-cross \
	cmd=qemu-s390x:qemu-user \
	file=/usr/lib/s390x-linux-gnu/libcmocka.so:libcmocka-dev:s390x

# qemu runs the programs with the dynamic loader of the cross sysroot (-L).
# That loader would take libc.so.6 through the host's ld.so.cache from the
# multiarch libc6:s390x (pulled in by libcmocka0:s390x), a different glibc
# build than the loader's, and every program aborts with "stack smashing
# detected". LD_LIBRARY_PATH keeps libc with its loader and still finds
# libcmocka in the multiarch directory.
libpath="$sysroot/lib:/usr/lib/s390x-linux-gnu"

say "== configure $build (s390x, big-endian)"
cmake -S . -B "$build" \
	-DCMAKE_SYSTEM_NAME=Linux \
	-DCMAKE_SYSTEM_PROCESSOR=s390x \
	-DCMAKE_C_COMPILER=s390x-linux-gnu-gcc \
	-DCMAKE_CROSSCOMPILING_EMULATOR="qemu-s390x;-L;$sysroot;-E;LD_LIBRARY_PATH=$libpath" \
	-DUSRDTU_BUILD_TESTS=ON \
	-DUSRDTU_BUILD_LINUX=OFF \
	-DUSRDTU_BUILD_FUZZ=OFF \
	-DUSRDTU_BUILD_EXAMPLES=ON \
	-DUSRDTU_TEST_ARDUINO_PORT=OFF

say "== build $build"
cmake --build "$build" -j "$(jobs)"

# Make sure these really are big-endian programs run through qemu.
probe=$(find "$build/tests" -maxdepth 1 -name 'test_*' -type f -perm -u+x | head -n 1)
[ -n "$probe" ] || die "no test programs were built"
if ! LC_ALL=C od -An -tx1 -j5 -N1 "$probe" | grep -q '02'; then
	die "$probe is not a big-endian ELF file"
fi
say "$(basename "$probe"): big-endian ELF (EI_DATA = 2, ELFDATA2MSB)"

say "== test $build under qemu-s390x"
ctest --test-dir "$build" --output-on-failure -j "$(jobs)"
say "all tests passed on s390x"
