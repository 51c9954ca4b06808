#!/usr/bin/env bash
# Compiles every library source (src/*.c, src/profiles/*.c) for small
# targets, compile only (-c, nothing is linked or run), with warnings as
# errors, to show that the library stays portable C99:
#
#   cortex-m0plus   arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os
#   cortex-m4       arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -mfloat-abi=hard
#                   -mfpu=fpv4-sp-d16 -Os
#   atmega328p      avr-gcc -mmcu=atmega328p -Os
#   atmega2560      avr-gcc -mmcu=atmega2560 -Os
#   rv32imc         riscv64-unknown-elf-gcc -march=rv32imc -mabi=ilp32
#                   --specs=picolibc.specs -Os (Debian's RISC-V toolchain has
#                   no C library of its own; picolibc gives the headers)
#   lx106           xtensa-lx106-elf-gcc --specs=<picolibc.specs> -Os (the
#                   ESP8266 core; Debian's gcc-xtensa-lx106 has no C library,
#                   picolibc-xtensa-lx106-elf gives the headers)
#
# Each target is compiled with all four profiles (the default) and then with
# one profile only (USRDTU_CFG_PROFILE_<X>=1, the others 0), so that leaving
# profiles out keeps compiling too.
#
# Prints OK or FAIL per target and configuration, with the summed
# .text/.rodata/.data/.bss of the objects (Xtensa's .literal counted as text,
# RISC-V's small-data .srodata/.sdata/.sbss with their big sections) and sizeof(struct usrdtu) on that
# target (the RAM one instance needs). On AVR, .rodata is copied to RAM at
# startup unless the tables are placed in program memory. Exits non-zero when anything fails or a
# compiler is missing. Installs the cross compilers with apt-get when they are
# missing (as root or through sudo).
#
# Environment: CROSS_TARGETS (default "cortex-m0plus cortex-m4 atmega328p
# atmega2560 rv32imc lx106"),
# CROSS_CONFIGS (default "all gprs232 cat1 g781 m0"), CROSS_CFLAGS (extra
# flags for every compile, e.g. -DUSRDTU_CFG_LINE_MAX=512).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

targets=${CROSS_TARGETS:-$USRDTU_CROSS_TARGETS}
configs=${CROSS_CONFIGS:-"all gprs232 cat1 g781 m0"}
common=(-std=c99 -Wall -Wextra -Werror -pedantic -Iinclude -Isrc -c)
extra=()
if [ -n "${CROSS_CFLAGS:-}" ]; then
	# shellcheck disable=SC2206 # split on spaces on purpose
	extra=(${CROSS_CFLAGS})
fi

shopt -s nullglob
sources=(src/*.c src/profiles/*.c)
shopt -u nullglob
if [ ${#sources[@]} -eq 0 ]; then
	die "no sources under src/"
fi

for t in $targets; do
	cross_ensure "$t"
done

out=$(mktemp -d "${TMPDIR:-/tmp}/usrdtu-cross.XXXXXX")
trap 'rm -rf "$out"' EXIT

# Flags that keep only one profile, or none for "all".
config_flags() {
	local only=$1 p v
	[ "$only" = all ] && return 0
	for p in gprs232 cat1 g781 m0; do
		v=0
		[ "$p" = "$only" ] && v=1
		printf '%s\n' "-DUSRDTU_CFG_PROFILE_$(printf '%s' "$p" | tr '[:lower:]' '[:upper:]')=$v"
	done
}

# sizeof(struct usrdtu) on the target, read from the size of a symbol.
instance_size() {
	local cc=$1 nm=$2 dir=$3
	shift 3
	printf '%s\n' '#include "usrdtu/usrdtu.h"' \
		'char usrdtu_instance_probe[sizeof(struct usrdtu)] = {1};' >"$dir/probe.c"
	"$cc" "$@" "$dir/probe.c" -o "$dir/probe.o" 2>/dev/null || return 0
	local hex
	hex=$("$nm" -S "$dir/probe.o" 2>/dev/null |
		awk '$4 == "usrdtu_instance_probe" { print $2 }') || return 0
	[ -n "$hex" ] && printf '%d' "$((16#$hex))"
	return 0
}

failed=0
for t in $targets; do
	cross_target "$t"
	for config in $configs; do
		case $config in
		all | gprs232 | cat1 | g781 | m0) ;;
		*) die "unknown configuration '$config'" ;;
		esac
		mapfile -t cfg < <(config_flags "$config")
		dir="$out/$t-$config"
		mkdir -p "$dir"
		bad=0
		objs=()
		for src in "${sources[@]}"; do
			obj="$dir/$(printf '%s' "$src" | tr '/' '_').o"
			if ! "$cc" "${flags[@]}" "${common[@]}" "${cfg[@]}" "${extra[@]}" "$src" \
				-o "$obj" 2>"$obj.log"; then
				bad=$((bad + 1))
				say "  $t ($config): $src failed:"
				sed 's/^/    /' "$obj.log"
			else
				if [ -s "$obj.log" ]; then
					sed 's/^/    /' "$obj.log"
				fi
				objs+=("$obj")
			fi
		done
		label="$t"
		[ "$config" = all ] || label="$t, $config only"
		if [ "$bad" -eq 0 ]; then
			sizes=$("$size" -A "${objs[@]}" 2>/dev/null | awk '
				$1 ~ /^\.(text|literal)/ { t += $2 }
				$1 ~ /^\.s?rodata/ { r += $2 }
				$1 ~ /^\.s?data/ { d += $2 }
				$1 ~ /^\.s?bss/ { b += $2 }
				END { printf "text %d rodata %d data %d bss %d", t, r, d, b }') || sizes=""
			inst=$(instance_size "$cc" "$nm" "$dir" "${flags[@]}" "${common[@]}" \
				"${cfg[@]}" "${extra[@]}")
			say "$label: OK (${#sources[@]} files${sizes:+; $sizes}${inst:+; struct usrdtu $inst bytes})"
		else
			say "$label: FAIL ($bad of ${#sources[@]} files)"
			failed=1
		fi
	done
done
exit "$failed"
