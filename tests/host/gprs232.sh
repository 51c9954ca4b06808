# Sessions with the gprs232 profile (USR-GPRS232-730/732; manuals 000, 001).
# Usage: sh gprs232.sh /path/to/usrdtu
. "$(dirname "$0")/session_lib"

P=gprs232
# 000 1.2.11: the start message defaults to "USR-GM3 <version>"; SPEC
# section 4: printed at boot with CR LF after it and none before.
BOOT='USR-GM3 V3.0.0\r\n'
OK='\r\nOK\r\n'
VER_REPLY="\\r\\n+VER:$VER\\r\\n\\r\\nOK\\r\\n"

# Power on with nothing on the serial line: the start message only.
run boot $P "$TMP/boot.bin" no_input
expect boot "$BOOT"

# `+++`, the module's `a`, our `a`, `+ok` (SPEC section 4), then echo off
# (000 1.2.3, acts at once) and a command without echo.
escape_input() {
	sleep 0.3
	printf '+++'
	sleep 0.3
	printf 'a'
	sleep 0.3
	send 'AT+E="off"'
	send 'AT+VER'
}
run escape $P "$TMP/escape.bin" escape_input
expect escape "${BOOT}a+ok\\r\\nAT+E=\"off\"\\r${OK}${VER_REPLY}"

# `+++a` in one write (SPEC section 4: `a` then `+ok`), then AT (test
# command) and AT+VER with echo on: the line as typed, its CR, the reply.
burst_input() {
	sleep 0.3
	printf '+++a'
	sleep 0.3
	send 'AT'
	send 'AT+VER'
}
run burst $P "$TMP/burst.bin" burst_input
expect burst "${BOOT}a+ok\\r\\nAT\\r${OK}AT+VER\\r${VER_REPLY}"

# Queries of settings at their factory defaults (000 1.2.12 RSTIM 1800,
# 1.2.5 WKMOD "NET", printed quoted as gprs232 prints what it accepts
# quoted, SPEC section 2), both query forms; then `+++` typed in command
# mode: echoed and answered with the invalid-command error (SPEC section 4).
query_input() {
	enter_command
	send 'AT+RSTIM'
	send 'AT+RSTIM?'
	send 'AT+WKMOD?'
	printf '+++'
	sleep 0.6
}
run query $P "$TMP/query.bin" query_input
expect query "${BOOT}a+ok\\r\\nAT+RSTIM\\r\\r\\n+RSTIM:1800\\r\\n\\r\\nOK\\r\\nAT+RSTIM?\\r\\r\\n+RSTIM:1800\\r\\n\\r\\nOK\\r\\nAT+WKMOD?\\r\\r\\n+WKMOD:\"NET\"\\r\\n\\r\\nOK\\r\\n+++\\r\\n+CME ERROR:58\\r\\n"

# Set, save, restart: AT+S replies OK, then the module restarts and prints
# the (new) start message (SPEC sections 3 and 4).
persist_input() {
	enter_command
	send 'AT+STMSG="hello"'
	send 'AT+RSTIM=600'
	send 'AT+S'
	sleep 0.3
}
run persist $P "$TMP/persist.bin" persist_input
expect persist "${BOOT}a+ok\\r\\nAT+STMSG=\"hello\"\\r${OK}AT+RSTIM=600\\r${OK}AT+S\\r${OK}hello\\r\\n"

# A second run on the same state file boots with the saved settings.
reload_input() {
	enter_command
	send 'AT+RSTIM'
}
run persist2 $P "$TMP/persist.bin" reload_input
expect persist2 "hello\\r\\na+ok\\r\\nAT+RSTIM\\r\\r\\n+RSTIM:600\\r\\n\\r\\nOK\\r\\n"

# AT+Z restarts without saving: the pending change is lost (SPEC section 3).
# Queries show the pending copy, so 600 before the restart, 1800 after.
discard_input() {
	enter_command
	send 'AT+RSTIM=600'
	send 'AT+RSTIM'
	send 'AT+Z'
	enter_command
	send 'AT+RSTIM'
}
run discard $P "$TMP/discard.bin" discard_input
expect discard "${BOOT}a+ok\\r\\nAT+RSTIM=600\\r${OK}AT+RSTIM\\r\\r\\n+RSTIM:600\\r\\n\\r\\nOK\\r\\nAT+Z\\r${OK}${BOOT}a+ok\\r\\nAT+RSTIM\\r\\r\\n+RSTIM:1800\\r\\n\\r\\nOK\\r\\n"
run discard2 $P "$TMP/discard.bin" no_input
expect discard2 "$BOOT"

# Serial AT in data mode is off by default (000 1.2.8 UATEN "off"): a frame
# with the password is ordinary data, forwarded, and nothing comes back.
uat_off_input() {
	sleep 0.3
	printf 'usr.cn#AT+VER\r'
	sleep 0.6
}
run uat_off $P "$TMP/uat_off.bin" uat_off_input
expect uat_off "$BOOT"

# With UATEN on and saved, "usr.cn#AT+VER" in data mode runs the command
# (001 3.1.3); the reply goes to the serial port without echo. Real clients
# also leave out the '#' (SPEC section 4).
uat_on_input() {
	enter_command
	send 'AT+UATEN="on"'
	send 'AT+S'
	sleep 0.5
	printf 'usr.cn#AT+VER\r'
	sleep 0.6
	printf 'usr.cnAT+VER\r'
	sleep 0.6
}
run uat_on $P "$TMP/uat_on.bin" uat_on_input
expect uat_on "${BOOT}a+ok\\r\\nAT+UATEN=\"on\"\\r${OK}AT+S\\r${OK}${BOOT}${VER_REPLY}${VER_REPLY}"

# Work mode CMD saved: after the next boot the module is in command mode,
# and a line without terminator still gets its reply once the serial line
# has been idle for the framing gap (SPEC section 1). The program waits
# for it after the end of its input.
cmd_mode_input() {
	enter_command
	send 'AT+WKMOD="CMD"'
	send 'AT+S'
}
run cmd_mode $P "$TMP/cmd.bin" cmd_mode_input
expect cmd_mode "${BOOT}a+ok\\r\\nAT+WKMOD=\"CMD\"\\r${OK}AT+S\\r${OK}${BOOT}"
unterminated_input() {
	printf 'AT+VER'
}
run unterminated $P "$TMP/cmd.bin" unterminated_input
expect unterminated "${BOOT}AT+VER${VER_REPLY}"

finish
