#!/usr/bin/env bash
# Static analysis with cppcheck over the library (src/) and the Linux port:
# its warning, portability and performance checks, every #if configuration
# it can reach. Any finding fails the check; a finding that is wrong is
# rewritten around rather than suppressed where the code allows it.
#
#   scripts/static_check.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

ensure_packages cmd=cppcheck:cppcheck

say "== cppcheck $(cppcheck --version | sed 's/^Cppcheck //')"
# USRDTU_CFG_OPTS_FILE names a user's header: never set here.
cppcheck --enable=warning,portability,performance --std=c99 --inline-suppr \
	-Iinclude -Isrc -UUSRDTU_CFG_OPTS_FILE -q --error-exitcode=1 \
	src ports/linux
say "cppcheck: no finding"
