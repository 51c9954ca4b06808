# shellcheck shell=bash
# Helpers shared by the scripts in this folder. Source it; do not run it.
#
#   ensure_packages PROBE:PACKAGE ...
#
# Each argument names a Debian package and a probe that tells whether what
# the package provides is already here:
#   cmd=NAME     a command on PATH
#   file=PATH    a file (first match of a shell glob)
#   pkg=NAME     the Debian package itself is installed (dpkg)
# Only when some probe fails does it install the missing packages, with
# apt-get (`apt-get update` once per run), as root or through sudo. A machine
# that already has everything needs neither root nor a network.

_usrdtu_apt_updated=${_usrdtu_apt_updated:-0}

say() {
	printf '%s\n' "$*"
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

_probe_ok() {
	local probe=$1
	case $probe in
	cmd=*)
		command -v "${probe#cmd=}" >/dev/null 2>&1
		;;
	file=*)
		# shellcheck disable=SC2086 # the pattern is a glob on purpose
		compgen -G "${probe#file=}" >/dev/null 2>&1
		;;
	pkg=*)
		dpkg-query -W -f='${Status}' "${probe#pkg=}" 2>/dev/null | grep -q 'install ok installed'
		;;
	*)
		die "bad probe '$probe'"
		;;
	esac
}

# Runs a command as root: directly when we are root, else through sudo
# without asking for a password interactively when there is no terminal.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		return 127
	fi
}

ensure_packages() {
	local arg probe package missing=()
	for arg in "$@"; do
		probe=${arg%%:*}
		package=${arg#*:}
		if ! _probe_ok "$probe"; then
			missing+=("$package")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0

	say "missing packages: ${missing[*]}"
	if ! command -v apt-get >/dev/null 2>&1; then
		die "apt-get is not available; install these yourself: ${missing[*]}"
	fi
	if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
		die "not root and no sudo; as root run: apt-get install -y ${missing[*]}"
	fi
	if [ "$_usrdtu_apt_updated" -eq 0 ]; then
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
			die "apt-get update failed"
		_usrdtu_apt_updated=1
		export _usrdtu_apt_updated
	fi
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" || die "apt-get install failed: ${missing[*]}"
}

# Number of parallel build jobs.
jobs() {
	local n
	n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 2)
	[ "$n" -ge 1 ] 2>/dev/null || n=2
	printf '%s\n' "$n"
}

# The cross targets of cross_check.sh and size_table.sh.
# shellcheck disable=SC2034 # used by the scripts that source this file
USRDTU_CROSS_TARGETS="cortex-m0plus cortex-m4 atmega328p atmega2560 rv32imc lx106"

# Where Debian's picolibc packages put their GCC spec files. riscv64's GCC
# finds its own by name; xtensa's does not, so it is given by path.
PICOLIBC_RISCV_SPECS=/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs
PICOLIBC_XTENSA_SPECS=/usr/lib/xtensa-lx106-elf/picolibc.specs

# cross_ensure TARGET: installs the compiler, C library headers and binutils
# TARGET needs (through ensure_packages). Dies on an unknown target.
cross_ensure() {
	case $1 in
	cortex-m0plus | cortex-m4)
		ensure_packages cmd=arm-none-eabi-gcc:gcc-arm-none-eabi \
			file='/usr/lib/arm-none-eabi/include/string.h':libnewlib-arm-none-eabi \
			cmd=arm-none-eabi-size:binutils-arm-none-eabi
		;;
	atmega328p | atmega2560)
		ensure_packages cmd=avr-gcc:gcc-avr file='/usr/lib/avr/include/string.h':avr-libc \
			cmd=avr-size:binutils-avr
		;;
	rv32imc)
		# Debian's RISC-V toolchain has no C library; picolibc's headers.
		ensure_packages cmd=riscv64-unknown-elf-gcc:gcc-riscv64-unknown-elf \
			file="$PICOLIBC_RISCV_SPECS":picolibc-riscv64-unknown-elf \
			cmd=riscv64-unknown-elf-size:binutils-riscv64-unknown-elf
		;;
	lx106)
		# Nor has Debian's Xtensa lx106 (ESP8266) toolchain.
		ensure_packages cmd=xtensa-lx106-elf-gcc:gcc-xtensa-lx106 \
			file="$PICOLIBC_XTENSA_SPECS":picolibc-xtensa-lx106-elf \
			cmd=xtensa-lx106-elf-size:binutils-xtensa-lx106
		;;
	*)
		die "unknown target '$1'"
		;;
	esac
}

# cross_target TARGET: sets cc, size, nm and the array flags (target
# options and -Os) for TARGET.
# shellcheck disable=SC2034 # the caller uses cc, size, nm and flags
cross_target() {
	case $1 in
	cortex-m0plus | cortex-m4)
		cc=arm-none-eabi-gcc size=arm-none-eabi-size nm=arm-none-eabi-nm
		if [ "$1" = cortex-m4 ]; then
			flags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -Os)
		else
			flags=(-mcpu=cortex-m0plus -mthumb -Os)
		fi
		;;
	atmega328p | atmega2560)
		cc=avr-gcc size=avr-size nm=avr-nm
		flags=(-mmcu="$1" -Os)
		;;
	rv32imc)
		cc=riscv64-unknown-elf-gcc size=riscv64-unknown-elf-size nm=riscv64-unknown-elf-nm
		flags=(-march=rv32imc -mabi=ilp32 --specs=picolibc.specs -Os)
		;;
	lx106)
		cc=xtensa-lx106-elf-gcc size=xtensa-lx106-elf-size nm=xtensa-lx106-elf-nm
		flags=(--specs="$PICOLIBC_XTENSA_SPECS" -Os)
		;;
	*)
		die "unknown target '$1'"
		;;
	esac
}
