#!/usr/bin/env bash
# The Arduino library: makes its layout and compiles its examples for the
# Arduino Uno and Mega 2560 the way the Arduino IDE would, without the IDE.
#
# 1. Layout. The IDE puts only a library's src/ on the include path, and this
#    repository keeps its public headers in include/. This script writes
#    the library as the IDE wants it to build/arduino/usrdtu/ (ARDUINO_OUT):
#
#      library.properties   ports/arduino/library.properties (its version
#                           must be the one of include/usrdtu/version.h)
#      src/usrdtu/*.h       include/usrdtu/*.h; config.h gets a default
#                           USRDTU_CFG_OPTS_FILE "UsrDtuConfig.h" (the IDE
#                           passes no -D flags to libraries)
#      src/*.c, src/*.h, src/profiles/*.c   the library's src/ as it is
#                           (their includes are relative to src/)
#      src/UsrDtu.h, UsrDtu.cpp, UsrDtuConfig.h   ports/arduino/
#      examples/<Name>/<Name>.ino   ports/arduino/examples/
#
#    Copy build/arduino/usrdtu into the sketchbook's libraries/ folder, or
#    zip it for Sketch > Include Library > Add .ZIP Library.
#
# 2. Builds (ARDUINO_BOARDS, default "uno mega"): the core of Debian's
#    arduino-core-avr and every example, with the flags of its platform.txt
#    (-Os, -flto, -ffunction-sections -fdata-sections, -Wl,--gc-sections,
#    -std=gnu11 / gnu++11) and warnings on (-Wall -Wextra, -Werror for the
#    library, the port and the examples). Libraries: EEPROM (from the core
#    package); ARDUINO_LIBRARIES may name a folder of more libraries (e.g.
#    Ethernet): each one's src/ is compiled and linked, with the core's SPI.
#    Debian ships no Ethernet or WiFi library: without them the examples
#    compile their no-network branch; UsrDtu.cpp, with the Client and UDP
#    code, is compiled either way.
#
# 3. Sizes: avr-size of each linked ELF, flash = .text + .data, RAM = .data +
#    .bss (as the IDE counts them), against the board's limits from
#    boards.txt (Uno 32256 / 2048, Mega 253952 / 8192). Static RAM only: the
#    stack comes on top of it.
#
# Exits non-zero when a compile fails or an example does not fit the Mega.
# An example that does not fit the Uno is reported with its overflow and
# does not fail the run (the Uno is too small for usrdtu, see
# docs/porting.md "Arduino"), unless UNO_MUST_FIT=1.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages cmd=avr-gcc:gcc-avr file=/usr/lib/avr/include/avr/io.h:avr-libc \
	cmd=avr-size:binutils-avr \
	file=/usr/share/arduino/hardware/arduino/avr/platform.txt:arduino-core-avr

platform=${ARDUINO_PLATFORM:-/usr/share/arduino/hardware/arduino/avr}
out=${ARDUINO_OUT:-build/arduino}
boards=${ARDUINO_BOARDS:-"uno mega"}
extra_libs=${ARDUINO_LIBRARIES:-}
lib="$out/usrdtu"
ide_version=10607 # the ARDUINO macro the IDE 1.6.7+ passes; the core checks >= 10606 nowhere

# ---- version: library.properties carries the one of version.h
version=$(sed -n 's/^#define USRDTU_VERSION_STRING "\(.*\)"$/\1/p' include/usrdtu/version.h)
[ -n "$version" ] || die "no USRDTU_VERSION_STRING in include/usrdtu/version.h"
props_version=$(sed -n 's/^version=//p' ports/arduino/library.properties)
[ "$props_version" = "$version" ] ||
	die "ports/arduino/library.properties has version $props_version, include/usrdtu/version.h $version"
say "library.properties: version $version"

# ---- 1. layout
rm -rf "$lib"
mkdir -p "$lib/src/usrdtu" "$lib/src/profiles" "$lib/examples"
cp ports/arduino/library.properties "$lib/"
cp include/usrdtu/*.h "$lib/src/usrdtu/"
cp src/*.c src/*.h "$lib/src/"
cp src/profiles/*.c "$lib/src/profiles/"
cp ports/arduino/UsrDtu.h ports/arduino/UsrDtu.cpp ports/arduino/UsrDtuConfig.h "$lib/src/"
cp -R ports/arduino/examples/. "$lib/examples/"
cp LICENSE* "$lib/" 2>/dev/null || true
# The IDE gives libraries no -D flags: config.h reads the Arduino options
# from src/UsrDtuConfig.h unless the build names another file.
awk '
	{ print }
	/^#define USRDTU_CONFIG_H$/ {
		print ""
		print "/* Arduino layout (scripts/arduino_build.sh): the IDE passes no -D flags"
		print " * to libraries, so the options come from src/UsrDtuConfig.h. */"
		print "#ifndef USRDTU_CFG_OPTS_FILE"
		print "#define USRDTU_CFG_OPTS_FILE \"UsrDtuConfig.h\""
		print "#endif"
	}' include/usrdtu/config.h >"$lib/src/usrdtu/config.h"
grep -q 'UsrDtuConfig.h' "$lib/src/usrdtu/config.h" || die "config.h: no USRDTU_CONFIG_H guard to patch"
say "layout: $lib ($(find "$lib" -type f | wc -l) files)"

# ---- 2. builds
board_value() { # board key -> value from boards.txt (mega: the atmega2560 cpu)
	local board=$1 key=$2 v
	v=$(sed -n "s/^$board\.menu\.cpu\.atmega2560\.$key=//p" "$platform/boards.txt" | head -n 1)
	[ "$board" = mega ] && [ -n "$v" ] && { printf '%s' "$v"; return; }
	sed -n "s/^$board\.$key=//p" "$platform/boards.txt" | head -n 1
}

objects_of() { # compiles every source under $1 into $2; prints the objects
	local dir=$1 dest=$2 kind=$3 src obj rel
	shift 3
	while IFS= read -r src; do
		rel=${src#"$dir"/}
		obj="$dest/$(printf '%s' "$rel" | tr '/' '_').o"
		case $src in
		*.c) "$cc" "${cflags[@]}" "${warn_c[@]}" "$@" "$src" -o "$obj" ;;
		*.cpp) "$cxx" "${cxxflags[@]}" "${warn_cxx[@]}" "$@" "$src" -o "$obj" ;;
		*.S) "$cc" "${sflags[@]}" "$@" "$src" -o "$obj" ;;
		esac || { say "  $kind: $rel failed" >&2; return 1; }
		printf '%s\n' "$obj"
	done < <(find "$dir" \( -name '*.c' -o -name '*.cpp' -o -name '*.S' \) | sort)
}

cc=avr-gcc
cxx=avr-g++
failed=0
report=()
for board in $boards; do
	mcu=$(board_value "$board" build.mcu)
	f_cpu=$(board_value "$board" build.f_cpu)
	variant=$(board_value "$board" build.variant)
	board_macro=$(board_value "$board" build.board)
	max_flash=$(board_value "$board" upload.maximum_size)
	max_ram=$(board_value "$board" upload.maximum_data_size)
	if [ -z "$mcu" ] || [ -z "$max_flash" ] || [ -z "$max_ram" ]; then
		die "board $board: not in $platform/boards.txt"
	fi
	dir="$out/build-$board"
	rm -rf "$dir"
	mkdir -p "$dir/core" "$dir/lib"
	defs=(-mmcu="$mcu" -DF_CPU="$f_cpu" -DARDUINO="$ide_version" -DARDUINO_"$board_macro" -DARDUINO_ARCH_AVR)
	incs=(-I"$platform/cores/arduino" -I"$platform/variants/$variant")
	libincs=(-I"$lib/src" -I"$platform/libraries/EEPROM/src")
	# Other libraries (ARDUINO_LIBRARIES): each one's src/ on the path and
	# compiled, with the core's SPI, which the Ethernet library needs.
	others=()
	if [ -n "$extra_libs" ]; then
		others=("$platform/libraries/SPI/src")
		for d in "$extra_libs"/*/src; do
			[ -d "$d" ] && others+=("$d")
		done
		for d in "${others[@]}"; do
			libincs+=(-I"$d")
		done
	fi
	cflags=(-c -g -Os -std=gnu11 -ffunction-sections -fdata-sections -MMD -flto -fno-fat-lto-objects "${defs[@]}" "${incs[@]}")
	cxxflags=(-c -g -Os -std=gnu++11 -fpermissive -fno-exceptions -ffunction-sections -fdata-sections
		-fno-threadsafe-statics -Wno-error=narrowing -MMD -flto "${defs[@]}" "${incs[@]}")
	sflags=(-c -g -x assembler-with-cpp -flto -MMD "${defs[@]}" "${incs[@]}")

	# the core: as the IDE, warnings off (-w), into core.a. Debian's
	# avr-gcc 5.4 defines DECIMAL_DIG in <float.h> for C99 only, not for
	# C++11, and the core's WString.cpp needs it: give it the compiler's
	# own value (the IDE's avr-gcc 7.3 has the fix).
	warn_c=(-w)
	warn_cxx=(-w -DDECIMAL_DIG=__DECIMAL_DIG__)
	objects_of "$platform/cores/arduino" "$dir/core" core >"$dir/core.list" ||
		die "board $board: the core does not compile"
	mapfile -t core_objs <"$dir/core.list"
	avr-gcc-ar rcs "$dir/core.a" "${core_objs[@]}"

	# the library and the port: warnings are errors
	warn_c=(-Wall -Wextra -Werror)
	warn_cxx=(-Wall -Wextra -Werror)
	if ! objects_of "$lib/src" "$dir/lib" library "${libincs[@]}" >"$dir/lib.list"; then
		say "$board: library FAILED to compile"
		failed=1
		continue
	fi
	mapfile -t lib_objs <"$dir/lib.list"
	warn_c=(-w)
	warn_cxx=(-w)
	n=0
	for d in "${others[@]}"; do
		n=$((n + 1))
		mkdir -p "$dir/other$n"
		objects_of "$d" "$dir/other$n" "library $d" "${libincs[@]}" >"$dir/other$n.list" ||
			die "board $board: $d does not compile"
		mapfile -t more <"$dir/other$n.list"
		lib_objs+=("${more[@]}")
	done
	warn_c=(-Wall -Wextra -Werror)
	warn_cxx=(-Wall -Wextra -Werror)

	for ino in "$lib"/examples/*/*.ino; do
		name=$(basename "$ino" .ino)
		edir="$dir/$name"
		mkdir -p "$edir"
		# The IDE's sketch preprocessing: Arduino.h first, line numbers
		# kept (the examples declare what they use before using it, so
		# no generated prototypes are needed).
		{
			printf '#include <Arduino.h>\n#line 1 "%s"\n' "$ino"
			cat "$ino"
		} >"$edir/$name.ino.cpp"
		if ! "$cxx" "${cxxflags[@]}" "${warn_cxx[@]}" "${libincs[@]}" "$edir/$name.ino.cpp" \
			-o "$edir/$name.ino.cpp.o"; then
			say "$board: $name FAILED to compile"
			failed=1
			continue
		fi
		# shellcheck disable=SC2054 # -Wl,--gc-sections is one argument
		link=("$cc" -w -Os -g -flto -fuse-linker-plugin -Wl,--gc-sections -mmcu="$mcu"
			-o "$edir/$name.elf" "$edir/$name.ino.cpp.o" "${lib_objs[@]}" "$dir/core.a"
			-L"$dir" -lm)
		if ! "${link[@]}" 2>"$edir/link.log"; then
			# The linker refuses an image larger than the part. To say
			# by how much, link again with the memory regions of the
			# linker script made large (that image is for measuring only).
			if ! grep -q -E "overflowed|not within region|will not fit" "$edir/link.log" ||
				! "${link[@]}" -Wl,--defsym=__TEXT_REGION_LENGTH__=0x100000 \
					-Wl,--defsym=__DATA_REGION_LENGTH__=0xff00 2>>"$edir/link.log"; then
				cat "$edir/link.log"
				say "$board: $name FAILED to link"
				failed=1
				continue
			fi
			say "$board: $name: the linker refused it (too large), measured with large regions:"
			grep -E "overflowed" "$edir/link.log" | sed 's/^.*ld: /  ld: /' || true
		fi
		read -r text data bss < <(avr-size -A "$edir/$name.elf" | awk '
			$1 == ".text" { t = $2 } $1 == ".data" { d = $2 } $1 == ".bss" || $1 == ".noinit" { b += $2 }
			END { print t + 0, d + 0, b + 0 }')
		flash=$((text + data))
		ram=$((data + bss))
		verdict=fits
		if [ "$flash" -gt "$max_flash" ] || [ "$ram" -gt "$max_ram" ]; then
			verdict="DOES NOT FIT"
			[ "$flash" -gt "$max_flash" ] && verdict="$verdict: flash over by $((flash - max_flash))"
			[ "$ram" -gt "$max_ram" ] && verdict="$verdict, RAM over by $((ram - max_ram))"
			if [ "$board" != uno ] || [ "${UNO_MUST_FIT:-0}" = 1 ]; then
				failed=1
			fi
		fi
		line=$(printf '%-5s %-12s flash %6d / %6d (%3d%%)  RAM %5d / %5d (%3d%%)  data %5d bss %5d  %s' \
			"$board" "$name" "$flash" "$max_flash" $((flash * 100 / max_flash)) \
			"$ram" "$max_ram" $((ram * 100 / max_ram)) "$data" "$bss" "$verdict")
		say "$line"
		report+=("$line")
	done
done

say ""
say "Arduino builds (arduino-core-avr $(sed -n 's/^version=//p' "$platform/platform.txt"), $(avr-gcc --version | head -n 1)):"
for line in "${report[@]}"; do
	say "  $line"
done
exit "$failed"
