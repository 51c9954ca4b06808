# Sessions with the g781 profile (USR-G781 firmware V1.1.05; manual 004).
# Usage: sh g781.sh /path/to/usrdtu
. "$(dirname "$0")/session_lib"

P=g781
# 004 4.9: start message default USR_G781; SPEC section 4: CR LF after it.
BOOT='USR_G781\r\n'
OK='\r\nOK\r\n'
VER_REPLY="\\r\\n+VER:$VER\\r\\n\\r\\nOK\\r\\n"

run boot $P "$TMP/boot.bin" no_input
expect boot "$BOOT"

# `+++` / `a` / `+ok` (SPEC section 4), echo off (004 4.3), AT+VER unechoed.
escape_input() {
	sleep 0.3
	printf '+++'
	sleep 0.3
	printf 'a'
	sleep 0.3
	send 'AT+E=OFF'
	send 'AT+VER'
}
run escape $P "$TMP/escape.bin" escape_input
expect escape "${BOOT}a+ok\\r\\nAT+E=OFF\\r${OK}${VER_REPLY}"

burst_input() {
	sleep 0.3
	printf '+++a'
	sleep 0.3
	send 'AT'
	send 'AT+VER'
}
run burst $P "$TMP/burst.bin" burst_input
expect burst "${BOOT}a+ok\\r\\nAT\\r${OK}AT+VER\\r${VER_REPLY}"

# Queries at factory defaults (004 4.22 UARTFT 50 ms, 4.23 UARTFL 1000,
# 4.7 WKMOD NET, 4.8 CMDPW www.usr.cn#). g781 has no AT+S (SPEC section
# 10): the invalid-command error.
query_input() {
	enter_command
	send 'AT+UARTFT'
	send 'AT+UARTFL?'
	send 'AT+WKMOD?'
	send 'AT+CMDPW'
	send 'AT+S'
}
run query $P "$TMP/query.bin" query_input
expect query "${BOOT}a+ok\\r\\nAT+UARTFT\\r\\r\\n+UARTFT:50\\r\\n\\r\\nOK\\r\\nAT+UARTFL?\\r\\r\\n+UARTFL:1000\\r\\n\\r\\nOK\\r\\nAT+WKMOD?\\r\\r\\n+WKMOD:NET\\r\\n\\r\\nOK\\r\\nAT+CMDPW\\r\\r\\n+CMDPW:www.usr.cn#\\r\\n\\r\\nOK\\r\\nAT+S\\r\\r\\n+CME ERROR:58\\r\\n"

# Without AT+S every accepted set is saved at once and takes effect at the
# next restart (SPEC section 10): AT+Z replies OK and the module restarts
# with the new start message; a second run keeps both values.
persist_input() {
	enter_command
	send 'AT+STMSG=HELLO'
	send 'AT+UARTFL=512'
	send 'AT+Z'
	sleep 0.3
}
run persist $P "$TMP/persist.bin" persist_input
expect persist "${BOOT}a+ok\\r\\nAT+STMSG=HELLO\\r${OK}AT+UARTFL=512\\r${OK}AT+Z\\r${OK}HELLO\\r\\n"
reload_input() {
	enter_command
	send 'AT+UARTFL'
}
run persist2 $P "$TMP/persist.bin" reload_input
expect persist2 "HELLO\\r\\na+ok\\r\\nAT+UARTFL\\r\\r\\n+UARTFL:512\\r\\n\\r\\nOK\\r\\n"

# Serial AT is always on with g781 (no UATEN in 004) and its password is
# www.usr.cn# (SPEC section 4).
uat_input() {
	sleep 0.3
	printf 'www.usr.cn#AT+VER\r'
	sleep 0.3
}
run uat $P "$TMP/uat.bin" uat_input
expect uat "${BOOT}${VER_REPLY}"

# g781 has no CMD work mode (004 4.7): in command mode reached by +++/a, a
# line without terminator is answered once the line has been idle for the
# packing time (SPEC section 1), also after the end of the input.
unterminated_input() {
	enter_command
	printf 'AT+VER'
}
run unterminated $P "$TMP/unterminated.bin" unterminated_input
expect unterminated "${BOOT}a+ok\\r\\nAT+VER${VER_REPLY}"

finish
