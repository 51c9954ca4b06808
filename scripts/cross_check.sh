#!/usr/bin/env bash
# Compiles every library source (src/*.c, src/profiles/*.c) for small
# targets, compile only (-c, nothing is linked or run), with warnings as
# errors, to show that the library stays portable C99:
#
#   cortex-m0plus   arm-none-eabi-gcc -mcpu=cortex-m0plus -mthumb -Os
#   atmega328p      avr-gcc -mmcu=atmega328p -Os
#
# Prints OK or FAIL per target and, for each, the summed .text/.data/.bss of
# the objects. Exits non-zero when any target fails or its compiler is
# missing. Installs the cross compilers with apt-get when they are missing
# (as root or through sudo).
#
# Environment: CROSS_TARGETS (default "cortex-m0plus atmega328p"),
# CROSS_CFLAGS (extra flags for every target, e.g. -DUSRDTU_CFG_PROFILE_M0=0).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

targets=${CROSS_TARGETS:-"cortex-m0plus atmega328p"}
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
	case $t in
	cortex-m0plus)
		ensure_packages cmd=arm-none-eabi-gcc:gcc-arm-none-eabi \
			file='/usr/lib/arm-none-eabi/include/string.h':libnewlib-arm-none-eabi \
			cmd=arm-none-eabi-size:binutils-arm-none-eabi
		;;
	atmega328p)
		ensure_packages cmd=avr-gcc:gcc-avr file='/usr/lib/avr/include/string.h':avr-libc \
			cmd=avr-size:binutils-avr
		;;
	*) die "unknown target '$t'" ;;
	esac
done

out=$(mktemp -d "${TMPDIR:-/tmp}/usrdtu-cross.XXXXXX")
trap 'rm -rf "$out"' EXIT

failed=0
for t in $targets; do
	case $t in
	cortex-m0plus)
		cc=arm-none-eabi-gcc
		size=arm-none-eabi-size
		flags=(-mcpu=cortex-m0plus -mthumb -Os)
		;;
	atmega328p)
		cc=avr-gcc
		size=avr-size
		flags=(-mmcu=atmega328p -Os)
		;;
	esac
	mkdir -p "$out/$t"
	bad=0
	objs=()
	for src in "${sources[@]}"; do
		obj="$out/$t/$(printf '%s' "$src" | tr '/' '_').o"
		if ! "$cc" "${flags[@]}" "${common[@]}" "${extra[@]}" "$src" -o "$obj" \
			2>"$obj.log"; then
			bad=$((bad + 1))
			say "  $t: $src failed:"
			sed 's/^/    /' "$obj.log"
		else
			if [ -s "$obj.log" ]; then
				sed 's/^/    /' "$obj.log"
			fi
			objs+=("$obj")
		fi
	done
	if [ "$bad" -eq 0 ]; then
		sizes=$("$size" -t "${objs[@]}" 2>/dev/null | tail -n 1 |
			awk '{printf "text %s data %s bss %s", $1, $2, $3}') || sizes=""
		say "$t: OK (${#sources[@]} files${sizes:+; $sizes})"
	else
		say "$t: FAIL ($bad of ${#sources[@]} files)"
		failed=1
	fi
done
exit "$failed"
