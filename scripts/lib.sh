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
