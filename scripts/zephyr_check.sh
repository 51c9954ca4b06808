#!/usr/bin/env bash
# The Zephyr module without Zephyr (west and the Zephyr SDK are not
# installed here): checks what can be checked on the host.
#
#   1. zephyr/module.yml names zephyr/CMakeLists.txt and zephyr/Kconfig;
#      zephyr/Kconfig reads the library's options from Kconfig.options
#      (shared with ESP-IDF), and autoconf.h is written from its defaults
#      as Zephyr would (scripts/espidf_kconfig_check.py --zephyr).
#   2. zephyr/CMakeLists.txt runs in a stand-in application build
#      (tests/zephyr_stubs/) whose zephyr_* functions imitate Zephyr's:
#      the library and the application compile with host gcc, -imacros
#      autoconf.h, -std=c99 -Wall -Wextra -Werror -pedantic; the
#      application must see the Kconfig options in config.h, links against
#      the library and runs an m0 DTU that answers AT+UART.
#
# Not checked: Zephyr's own CMake and Kconfig tools, a Zephyr toolchain,
# any board. Exits non-zero on the first failure.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages cmd=cmake:cmake cmd=gcc:gcc cmd=python3:python3 cmd=make:make

tmp=$(mktemp -d "${TMPDIR:-/tmp}/usrdtu-zephyr.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

grep -q '^  cmake: zephyr$' zephyr/module.yml || die "zephyr/module.yml: build.cmake is not zephyr"
grep -q '^  kconfig: zephyr/Kconfig$' zephyr/module.yml || die "zephyr/module.yml: build.kconfig is not zephyr/Kconfig"
python3 scripts/espidf_kconfig_check.py --zephyr "$root" "$tmp/config"

if ! { cmake -S tests/zephyr_stubs -B "$tmp/build" -DUSRDTU_ROOT="$root" \
	-DUSRDTU_AUTOCONF_DIR="$tmp/config" && cmake --build "$tmp/build" -j "$(jobs)"; } >"$tmp/build.log" 2>&1; then
	sed 's/^/    /' "$tmp/build.log"
	die "zephyr/CMakeLists.txt in the stand-in application build: FAIL"
fi
"$tmp/build/app"
say "zephyr module glue in a stand-in application build (host gcc): OK"
