#!/usr/bin/env bash
# Checks that other projects can use usrdtu the four usual ways. Builds and
# installs the library into a temporary prefix, then builds and runs each
# consumer project under tests/consumers/:
#
#   find_package      find_package(usrdtu) against the installed prefix
#   add_subdirectory  add_subdirectory() of this tree (tests, Linux program
#                     and examples must stay off)
#   fetchcontent      FetchContent from a file:// URL to an archive of this tree
#   pkgconfig         a plain Makefile using pkg-config --cflags --libs usrdtu
#
# It also checks that library.json (PlatformIO),
# ports/arduino/library.properties (Arduino) and idf_component.yml
# (ESP-IDF) have the version of include/usrdtu/version.h. Each consumer's program boots a DTU with usrdtu_init() and exits 0 when
# that returned 0. Nothing needs a network. Prints OK or FAIL per consumer
# and exits non-zero when any fails.
#
# Environment: CONSUMERS (default "find_package add_subdirectory
# fetchcontent pkgconfig"), KEEP=1 keeps the temporary directory.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages cmd=cmake:cmake cmd=make:make cmd=gcc:gcc \
	file=/usr/include/stdio.h:libc6-dev cmd=pkg-config:pkg-config cmd=tar:tar

consumers=${CONSUMERS:-"find_package add_subdirectory fetchcontent pkgconfig"}
n=$(jobs)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/usrdtu-consumers.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
	say "keeping $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi
prefix="$tmp/prefix"

# Runs a command quietly; on failure shows its output.
quiet() {
	local log="$tmp/last.log"
	if ! "$@" >"$log" 2>&1; then
		cat "$log"
		return 1
	fi
}

# library.json cannot read version.h: check it carries the same version.
version=$(sed -n 's/^#define USRDTU_VERSION_STRING "\(.*\)"$/\1/p' include/usrdtu/version.h)
[ -n "$version" ] || die "no USRDTU_VERSION_STRING in include/usrdtu/version.h"
if command -v python3 >/dev/null 2>&1; then
	json_version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
		library.json) || die "library.json is not valid JSON"
	[ "$json_version" = "$version" ] ||
		die "library.json has version $json_version, include/usrdtu/version.h $version"
	say "library.json: valid, version $version"
fi
# Nor can the Arduino library.properties (scripts/arduino_build.sh checks it too).
props_version=$(sed -n 's/^version=//p' ports/arduino/library.properties)
[ "$props_version" = "$version" ] ||
	die "ports/arduino/library.properties has version $props_version, include/usrdtu/version.h $version"
say "ports/arduino/library.properties: version $version"
# Nor can idf_component.yml (ESP-IDF): its version line must match too.
yml_version=$(sed -n 's/^version: *"\([^"]*\)" *$/\1/p' idf_component.yml)
[ "$yml_version" = "$version" ] ||
	die "idf_component.yml has version '$yml_version', include/usrdtu/version.h $version"
say "idf_component.yml: version $version"

say "installing usrdtu into $prefix"
quiet cmake -S . -B "$tmp/lib-build" -DCMAKE_INSTALL_PREFIX="$prefix" \
	-DUSRDTU_BUILD_TESTS=OFF -DUSRDTU_BUILD_LINUX=OFF -DUSRDTU_BUILD_EXAMPLES=OFF
quiet cmake --build "$tmp/lib-build" -j "$n"
quiet cmake --install "$tmp/lib-build"
libdir=$(dirname "$(find "$prefix" -name usrdtu.pc -print -quit)")
[ -d "$libdir" ] || die "usrdtu.pc was not installed"

one() {
	local name=$1 dir="$root/tests/consumers/$1" build="$tmp/$1"
	case $name in
	find_package)
		quiet cmake -S "$dir" -B "$build" -DCMAKE_PREFIX_PATH="$prefix" &&
			quiet cmake --build "$build" -j "$n"
		;;
	add_subdirectory)
		quiet cmake -S "$dir" -B "$build" -DUSRDTU_SOURCE_DIR="$root" &&
			quiet cmake --build "$build" -j "$n"
		;;
	fetchcontent)
		# An archive of the working tree as it is (committed or not),
		# without build directories or .git.
		tar -C "$root" -czf "$tmp/usrdtu-src.tar.gz" --exclude=./.git \
			--exclude='./build*' --transform 's,^\.,usrdtu,' . &&
			quiet cmake -S "$dir" -B "$build" \
				-DUSRDTU_URL="file://$tmp/usrdtu-src.tar.gz" &&
			quiet cmake --build "$build" -j "$n"
		;;
	pkgconfig)
		mkdir -p "$build" &&
			PKG_CONFIG_PATH="$libdir" quiet make -C "$dir" OUT="$build/consumer"
		;;
	*)
		die "unknown consumer '$name'"
		;;
	esac || return 1
	"$build/consumer"
}

failed=0
for c in $consumers; do
	if out=$(one "$c" 2>&1); then
		say "$c: OK ($(printf '%s' "$out" | tail -n 1))"
	else
		say "$c: FAIL"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=1
	fi
done
exit "$failed"
