# The Linux program itself: command line, state file, logs, signals, a lost
# stdout. Usage: sh program.sh /path/to/usrdtu
. "$(dirname "$0")/session_lib"

# check NAME CONDITION-COMMAND...: one pass/fail line for a shell test.
check() {
	_name=$1
	shift
	CHECKS=$((CHECKS + 1))
	if "$@"; then
		pass "$_name"
	else
		fail "$_name"
		for _f in "$TMP/$_name.out" "$TMP/$_name.err"; do
			if [ -s "$_f" ]; then
				echo "  ${_f##*.}:"
				sed 's/^/    /' "$_f"
			fi
		done
	fi
}

# usage NAME ARGS...: the program must refuse ARGS with status 2, usage on
# stderr, nothing on stdout, and leave no state file behind.
usage() {
	_name=$1
	shift
	(cd "$TMP" && timeout "$LIMIT" "$PROG" "$@" </dev/null >"$TMP/$_name.out" 2>"$TMP/$_name.err")
	_st=$?
	_ok=no
	[ "$_st" -eq 2 ] && [ ! -s "$TMP/$_name.out" ] && [ ! -e "$TMP/usrdtu-state.bin" ] &&
		grep -q '^usage: usrdtu' "$TMP/$_name.err" && _ok=yes
	check "$_name" test "$_ok" = yes
}

usage bad_option --frobnicate
usage bad_profile --profile gprs999
usage missing_value --state
usage positional extra
usage bad_imei --imei 12345
usage bad_iccid --iccid 8986abc
usage bad_sn --sn 'a,b'

timeout "$LIMIT" "$PROG" --help >"$TMP/help.out" 2>"$TMP/help.err"
_st=$?
check help test "$_st" -eq 0
check help_quiet test ! -s "$TMP/help.err"
check help_text grep -q -- '--profile' "$TMP/help.out"

timeout "$LIMIT" "$PROG" --version >"$TMP/version.out" 2>"$TMP/version.err"
check version grep -q '^usrdtu [0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*$' "$TMP/version.out"

# The default state file is usrdtu-state.bin in the working directory: two
# 16 KiB flash slots, created erased.
(cd "$TMP" && printf '' | timeout "$LIMIT" "$PROG" --no-net >"$TMP/default.out" 2>"$TMP/default.err")
check default_run test $? -eq 0
check default_state test "$(wc -c <"$TMP/usrdtu-state.bin" 2>/dev/null | tr -d ' ')" = 32768
printf 'USR-GM3 V3.0.0\r\n' >"$TMP/default.exp"
check default_boot cmp -s "$TMP/default.exp" "$TMP/default.out"
rm -f "$TMP/usrdtu-state.bin"

# A state file that cannot be created is a start-up failure, not a device
# that silently forgets its settings.
printf '' | timeout "$LIMIT" "$PROG" --no-net --state "$TMP/no/such/dir/state.bin" \
	>"$TMP/nodir.out" 2>"$TMP/nodir.err"
_st=$?
check nodir test "$_st" -eq 1
check nodir_stdout test ! -s "$TMP/nodir.out"
check nodir_log grep -q '^usrdtu: state file' "$TMP/nodir.err"

# stdout gets the serial bytes only; every diagnostic line is on stderr,
# prefixed. With -v a data-mode frame is logged with its mode and length.
frame_input() {
	sleep 0.3
	printf 'hello'
	sleep 0.5
}
run verbose gprs232 "$TMP/verbose.bin" frame_input -v
check verbose_stdout cmp -s "$TMP/default.exp" "$TMP/verbose.out"
check verbose_prefix test -z "$(grep -v '^usrdtu: ' "$TMP/verbose.err")"
check verbose_frame grep -q 'frame: NET 5 bytes' "$TMP/verbose.err"

# start_held NAME: runs the program in the background on a FIFO kept open,
# so it sees no end of input; a watchdog kills it after $LIMIT seconds.
# Sets HELD (its pid). Not through `timeout`, so that the signals the test
# sends reach the program itself.
start_held() {
	"$PROG" --no-net --state "$TMP/held.bin" <"$TMP/hold" >"$TMP/$1.out" 2>"$TMP/$1.err" &
	HELD=$!
	exec 3>"$TMP/hold"
	(
		sleep "$LIMIT" &
		_s=$!
		trap 'kill $_s; exit 0' TERM
		wait $_s
		kill -KILL "$HELD"
	) >/dev/null 2>&1 &
	DOG=$!
	sleep 1
}

# stop_held NAME SIGNAL: sends SIGNAL, checks the exit status 0.
stop_held() {
	kill -"$2" "$HELD"
	wait "$HELD"
	_st=$?
	kill "$DOG" 2>/dev/null
	wait "$DOG" 2>/dev/null
	exec 3>&-
	check "$1" test "$_st" -eq 0
}

mkfifo "$TMP/hold"

# Two programs on one state file would overwrite each other's settings.
start_held holder
printf '' | timeout "$LIMIT" "$PROG" --no-net --state "$TMP/held.bin" >"$TMP/locked.out" 2>"$TMP/locked.err"
_st=$?
check locked test "$_st" -eq 1
check locked_log grep -q 'in use' "$TMP/locked.err"

# SIGTERM and SIGINT end the program with status 0 while its input is open.
stop_held sigterm TERM
start_held sigint_run
stop_held sigint INT

# A closed stdout loses the serial output (counted, logged once) but the
# device keeps running and ends normally.
closed_input() {
	sleep 0.3
	printf '+++a'
	sleep 0.3
	printf 'AT+VER\r'
	sleep 0.3
}
closed_input | timeout "$LIMIT" "$PROG" --no-net --state "$TMP/closed.bin" >&- 2>"$TMP/closed.err"
check closed_stdout test $? -eq 0
check closed_log grep -q 'output failed' "$TMP/closed.err"

finish
