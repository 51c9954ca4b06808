# Sessions with the m0 profile (USR-M0 Ethernet serial server; manual 003).
# Usage: sh m0.sh /path/to/usrdtu
. "$(dirname "$0")/session_lib"

P=m0
# m0 prints no start message (003 has no STMSG) and replies "+ok" style
# (SPEC section 2): "\r\n+ok\r\n", "\r\n+ok=<value>\r\n".
OK='\r\n+ok\r\n'
VER_REPLY="\\r\\n+ok=$VER\\r\\n"

run boot $P "$TMP/boot.bin" no_input
expect boot ''

# `+++` / `a` / `+ok` (SPEC section 4); 003 5.1 prints the echo replies in
# capitals: "+OK=on" to the query, "+OK" to the set.
escape_input() {
	sleep 0.3
	printf '+++'
	sleep 0.3
	printf 'a'
	sleep 0.3
	send 'AT+E'
	send 'AT+E=off'
	send 'AT+VER'
}
run escape $P "$TMP/escape.bin" escape_input
expect escape "a+ok\\r\\nAT+E\\r\\r\\n+OK=on\\r\\nAT+E=off\\r\\r\\n+OK\\r\\n${VER_REPLY}"

burst_input() {
	sleep 0.3
	printf '+++a'
	sleep 0.3
	send 'AT+VER'
}
run burst $P "$TMP/burst.bin" burst_input
expect burst "a+ok\\r\\nAT+VER\\r${VER_REPLY}"

# Queries at factory defaults: 003 5.28 HEARTTM 30, 5.12 SOCK
# TCPC,192.168.0.201,8234. m0 has no AT+S (SPEC section 10): error -2,
# invalid command, in the m0 error style "\r\n+ERR=<code>\r\n".
query_input() {
	enter_command
	send 'AT+HEARTTM'
	send 'AT+SOCK'
	send 'AT+S'
}
run query $P "$TMP/query.bin" query_input
expect query "a+ok\\r\\nAT+HEARTTM\\r\\r\\n+ok=30\\r\\nAT+SOCK\\r\\r\\n+ok=TCPC,192.168.0.201,8234\\r\\nAT+S\\r\\r\\n+ERR=-2\\r\\n"

# Every accepted set is saved at once (SPEC section 10); AT+Z (003 5.2:
# "+ok") restarts silently into the data mode, and a second run keeps the
# value.
persist_input() {
	enter_command
	send 'AT+HEARTTM=45'
	send 'AT+Z'
	enter_command
	send 'AT+HEARTTM'
}
run persist $P "$TMP/persist.bin" persist_input
expect persist "a+ok\\r\\nAT+HEARTTM=45\\r${OK}AT+Z\\r${OK}a+ok\\r\\nAT+HEARTTM\\r\\r\\n+ok=45\\r\\n"
reload_input() {
	enter_command
	send 'AT+HEARTTM'
}
run persist2 $P "$TMP/persist.bin" reload_input
expect persist2 "a+ok\\r\\nAT+HEARTTM\\r\\r\\n+ok=45\\r\\n"

# m0 has no serial AT (SPEC section 4): a frame with a password is data.
uat_input() {
	sleep 0.3
	printf 'usr.cn#AT+VER\r'
	sleep 0.3
}
run uat $P "$TMP/uat.bin" uat_input
expect uat ''

# A line without terminator in command mode is answered after the idle
# time (SPEC section 1), also after the end of the input.
unterminated_input() {
	enter_command
	printf 'AT+VER'
}
run unterminated $P "$TMP/unterminated.bin" unterminated_input
expect unterminated "a+ok\\r\\nAT+VER${VER_REPLY}"

finish
