#!/usr/bin/env bash
# What can be checked of the ESP-IDF component without ESP-IDF (which is not
# installed here; docs/porting.md says what that leaves unchecked):
#
#   1. metadata   scripts/espidf_kconfig_check.py: idf_component.yml has the
#                 version of include/usrdtu/version.h; every USRDTU_CFG_*
#                 option has a Kconfig entry with the library's default and
#                 a line in ports/esp-idf/include/usrdtu_idf_config.h. Writes
#                 the sdkconfig.h ESP-IDF would generate from the defaults
#                 (and one with examples/esp-idf/sdkconfig.defaults applied).
#   2. host       the port (ports/esp-idf/*.c), the example's main.c and the
#                 library, compiled with gcc -std=c99 -Wall -Wextra -Werror
#                 -pedantic against tests/esp_idf_stubs/: headers that
#                 declare the ESP-IDF API the port uses, with the documented
#                 signatures. Type-correctness only; nothing is linked.
#   3. lx106      the library and the port compiled with xtensa-lx106-elf-gcc
#                 (the ESP8266 core, the closest Xtensa compiler Debian has;
#                 ESP32s are LX6/LX7 or RISC-V) with the flags an ESP-IDF
#                 build uses (-mlongcalls -Os -ffunction-sections
#                 -fdata-sections -fstrict-volatile-bitfields -fno-jump-tables
#                 -fno-tree-switch-conversion), -std=c99 -pedantic and
#                 -std=gnu17 (ESP-IDF's default), -Werror, with the
#                 menuconfig options going through usrdtu_idf_config.h.
#
#   4. glue       the top-level CMakeLists.txt read in script mode as ESP-IDF's
#                 requirement pass does (tests/esp_idf_stubs/glue/
#                 early_expansion.cmake), then used by a stand-in project
#                 whose idf_component_register builds what it is given
#                 (tests/esp_idf_stubs/glue/CMakeLists.txt), with the
#                 example's main.c, which must get USRDTU_CFG_OPTS_FILE.
#
#   5. host run   tests/esp_idf_stubs/sim/: the stand-in API carried out on
#                 the host (threads for tasks, locked rings for queues and
#                 the UART, RAM for the partition, the host's sockets for
#                 lwIP); test_port.c boots a cat1 DTU with usrdtu_esp_start,
#                 saves settings with AT+S, and passes data both ways
#                 through a TCP server on 127.0.0.1, reconnecting after the
#                 server closes. ASan + UBSan. A simulation, not ESP-IDF.
#
# Steps 2 and 3 run for two sdkconfigs: the Kconfig defaults (all profiles)
# and the example's sdkconfig.defaults (cat1 only). Prints OK or FAIL per
# step, with object sizes for lx106; exits non-zero when any fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages cmd=gcc:gcc file=/usr/include/stdio.h:libc6-dev cmd=python3:python3 cmd=cmake:cmake cmd=make:make
cross_ensure lx106

tmp=$(mktemp -d "${TMPDIR:-/tmp}/usrdtu-espidf.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
lib_sources=(src/*.c src/profiles/*.c)
port_sources=(ports/esp-idf/*.c)
shopt -u nullglob
example=examples/esp-idf/main/main.c

failed=0
report() { # name status detail
	if [ "$2" -eq 0 ]; then
		say "$1: OK${3:+ ($3)}"
	else
		say "$1: FAIL"
		failed=1
	fi
}

python3 scripts/espidf_kconfig_check.py "$root" "$tmp/defaults" || failed=1
python3 scripts/espidf_kconfig_check.py "$root" "$tmp/example" \
	examples/esp-idf/sdkconfig.defaults >/dev/null || failed=1
[ "$failed" -eq 0 ] || exit 1

# What every compile of the component gets, as in the ESP_PLATFORM branch
# of CMakeLists.txt.
component=(-Iinclude -Iports/esp-idf/include -Isrc -Iports/esp-idf
	-Itests/esp_idf_stubs '-DUSRDTU_CFG_OPTS_FILE="usrdtu_idf_config.h"')

compile_all() { # label out-dir compiler flags... -- sources...
	local label=$1 dir=$2 cc=$3 flags=() src obj bad=0
	shift 3
	while [ "$1" != -- ]; do
		flags+=("$1")
		shift
	done
	shift
	mkdir -p "$dir"
	for src in "$@"; do
		obj="$dir/$(printf '%s' "$src" | tr '/' '_').o"
		if ! "$cc" "${flags[@]}" -c "$src" -o "$obj" 2>"$obj.log"; then
			say "  $label: $src failed:"
			sed 's/^/    /' "$obj.log"
			bad=1
		elif [ -s "$obj.log" ]; then
			sed 's/^/    /' "$obj.log"
		fi
	done
	return "$bad"
}

lx_size() { # objects...
	xtensa-lx106-elf-size -A "$@" 2>/dev/null | awk '
		$1 ~ /^\.(text|literal)/ { t += $2 }
		$1 ~ /^\.rodata/ { r += $2 }
		$1 ~ /^\.data/ { d += $2 }
		$1 ~ /^\.bss/ { b += $2 }
		END { printf "text %d rodata %d data %d bss %d", t, r, d, b }'
}

# sizeof(struct usrdtu_esp) on the target (the RAM the application's
# static instance takes), read from the size of a symbol.
instance_size() { # dir flags...
	local dir=$1
	shift
	printf '%s\n' '#include "usrdtu_esp.h"' \
		'char usrdtu_esp_probe[sizeof(struct usrdtu_esp)] = {1};' >"$dir/probe.c"
	xtensa-lx106-elf-gcc "$@" -c "$dir/probe.c" -o "$dir/probe.o" 2>/dev/null || return 0
	local hex
	hex=$(xtensa-lx106-elf-nm -S "$dir/probe.o" | awk '$4 == "usrdtu_esp_probe" { print $2 }') ||
		return 0
	[ -n "$hex" ] && printf '%d' "$((16#$hex))"
	return 0
}

host_flags=(-std=c99 -Wall -Wextra -Werror -pedantic -O2)
lx_flags=(--specs="$PICOLIBC_XTENSA_SPECS" -mlongcalls -Os -ffunction-sections -fdata-sections
	-fstrict-volatile-bitfields -fno-jump-tables -fno-tree-switch-conversion
	-Wall -Wextra -Werror)

# The component glue: the top-level CMakeLists.txt read in script mode as
# ESP-IDF's requirement pass does, then built in a stand-in project whose
# idf_component_register makes a library of what it is given.
status=0
early=$(cmake -DUSRDTU_ROOT="$root" -P tests/esp_idf_stubs/glue/early_expansion.cmake 2>&1) ||
	status=1
[ "$status" -eq 0 ] || printf '%s\n' "$early" | sed 's/^/    /'
report "CMakeLists.txt in script mode (ESP-IDF's requirement pass)" "$status" \
	"$(printf '%s' "$early" | sed -n 's/^-- early expansion: //p')"
status=0
if cmake -S tests/esp_idf_stubs/glue -B "$tmp/glue" -DUSRDTU_ROOT="$root" \
	-DUSRDTU_SDKCONFIG_DIR="$tmp/example" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
	>"$tmp/glue.log" 2>&1 && cmake --build "$tmp/glue" -j "$(jobs)" >>"$tmp/glue.log" 2>&1; then
	# The application must see the component's options header too.
	python3 - "$tmp/glue/compile_commands.json" <<'PY' || status=1
import json, sys
for entry in json.load(open(sys.argv[1])):
    if entry["file"].endswith("examples/esp-idf/main/main.c"):
        if "USRDTU_CFG_OPTS_FILE" not in entry["command"]:
            sys.exit("main.c is compiled without USRDTU_CFG_OPTS_FILE")
        sys.exit(0)
sys.exit("main.c is not in the glue build")
PY
else
	sed 's/^/    /' "$tmp/glue.log"
	status=1
fi
report "CMakeLists.txt in a stand-in ESP-IDF project: component + example main.c (host gcc)" "$status"

for config in defaults example; do
	cfg=(-I"$tmp/$config")
	label="sdkconfig from Kconfig defaults"
	[ "$config" = example ] && label="sdkconfig with examples/esp-idf/sdkconfig.defaults"

	status=0
	compile_all "host" "$tmp/host-$config" gcc "${host_flags[@]}" "${cfg[@]}" "${component[@]}" \
		-- "${port_sources[@]}" "$example" "${lib_sources[@]}" || status=1
	report "host gcc, port + example + library against the stubs, $label" "$status" \
		"$((${#port_sources[@]} + 1 + ${#lib_sources[@]})) files"

	for std in c99 gnu17; do
		status=0
		extra=()
		[ "$std" = c99 ] && extra=(-pedantic)
		compile_all "lx106" "$tmp/lx-$config-$std" xtensa-lx106-elf-gcc "${lx_flags[@]}" \
			-std="$std" "${extra[@]}" "${cfg[@]}" "${component[@]}" \
			-- "${lib_sources[@]}" "${port_sources[@]}" || status=1
		detail=""
		if [ "$status" -eq 0 ]; then
			shopt -s nullglob
			lib_objs=("$tmp/lx-$config-$std"/src_*.o)
			port_objs=("$tmp/lx-$config-$std"/ports_*.o)
			shopt -u nullglob
			detail="library: $(lx_size "${lib_objs[@]}"); port: $(lx_size "${port_objs[@]}")"
			detail="$detail; struct usrdtu_esp $(instance_size "$tmp/lx-$config-$std" \
				"${lx_flags[@]}" -std="$std" "${cfg[@]}" "${component[@]}") bytes"
		fi
		report "xtensa-lx106 -std=$std, library + port, $label" "$status" "$detail"
	done
done
# The port running on the host: tests/esp_idf_stubs/sim/ carries out the
# stand-in API with threads, locks, RAM and the host's sockets, and drives
# a cat1 DTU over the simulated UART against a TCP server on 127.0.0.1.
status=0
sim=tests/esp_idf_stubs/sim
python3 scripts/espidf_kconfig_check.py "$root" "$tmp/sim" "$sim/sdkconfig.defaults" >/dev/null || status=1
if gcc "${host_flags[@]}" -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$tmp/sim" "${component[@]}" -I"$sim" \
	"$sim/idf.c" "$sim/test_port.c" "$sim/posix.c" "${port_sources[@]}" "${lib_sources[@]}" \
	-lpthread -o "$tmp/esp_sim" 2>"$tmp/sim.log"; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1 \
		timeout 120 "$tmp/esp_sim" >"$tmp/sim.out" 2>&1 || status=1
	sed 's/^/    /' "$tmp/sim.out"
else
	sed 's/^/    /' "$tmp/sim.log"
	status=1
fi
report "the port on a host simulation of the ESP-IDF API (ASan + UBSan)" "$status"
exit "$failed"
