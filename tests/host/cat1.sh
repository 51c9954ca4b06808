# Sessions with the cat1 profile (USR Cat-1 DR502/G771/7S1; manual 002).
# Usage: sh cat1.sh /path/to/usrdtu
. "$(dirname "$0")/session_lib"

P=cat1
# 002 4.9: start message default WH-LTE-7S1; SPEC section 4: CR LF after it.
BOOT='WH-LTE-7S1\r\n'
OK='\r\nOK\r\n'
VER_REPLY="\\r\\n+VER:$VER\\r\\n\\r\\nOK\\r\\n"

run boot $P "$TMP/boot.bin" no_input
expect boot "$BOOT"

# `+++` / `a` / `+ok` (SPEC section 4), echo off (002 4.5), AT+VER unechoed.
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

# Queries at factory defaults, the bytes of 002's own examples: 4.10
# "+RSTIM:1800", 4.7 "+WKMOD:NET", 4.8 "+CMDPW:usr.cn#", 4.9
# "+STMSG: WH-LTE-7S1" (with its space, SPEC section 10).
query_input() {
	enter_command
	send 'AT+RSTIM?'
	send 'AT+WKMOD?'
	send 'AT+CMDPW?'
	send 'AT+STMSG?'
}
run query $P "$TMP/query.bin" query_input
expect query "${BOOT}a+ok\\r\\nAT+RSTIM?\\r\\r\\n+RSTIM:1800\\r\\n\\r\\nOK\\r\\nAT+WKMOD?\\r\\r\\n+WKMOD:NET\\r\\n\\r\\nOK\\r\\nAT+CMDPW?\\r\\r\\n+CMDPW:usr.cn#\\r\\n\\r\\nOK\\r\\nAT+STMSG?\\r\\r\\n+STMSG: WH-LTE-7S1\\r\\n\\r\\nOK\\r\\n"

# Device facts come from the command line (002 4.19-4.21 reply format,
# "+SN: " with the space of its example);
# without them the answer is error 50, execution failed (SPEC section 9),
# never a made-up value.
facts_input() {
	enter_command
	send 'AT+E=OFF'
	send 'AT+IMEI?'
	send 'AT+ICCID?'
	send 'AT+SN?'
}
run facts $P "$TMP/facts.bin" facts_input \
	--imei 864333040712457 --iccid 89860036151957131234 --sn 00402420011300024522
expect facts "${BOOT}a+ok\\r\\nAT+E=OFF\\r${OK}\\r\\n+IMEI:864333040712457\\r\\n\\r\\nOK\\r\\n\\r\\n+ICCID:89860036151957131234\\r\\n\\r\\nOK\\r\\n\\r\\n+SN: 00402420011300024522\\r\\n\\r\\nOK\\r\\n"
run nofacts $P "$TMP/nofacts.bin" facts_input
expect nofacts "${BOOT}a+ok\\r\\nAT+E=OFF\\r${OK}\\r\\n+CME ERROR:50\\r\\n\\r\\n+CME ERROR:50\\r\\n\\r\\n+CME ERROR:50\\r\\n"

# Set, AT+S (OK, restart, new start message), then a second run on the same
# state file sees the saved values (SPEC sections 3 and 4).
persist_input() {
	enter_command
	send 'AT+STMSG=HELLO'
	send 'AT+RSTIM=600'
	send 'AT+S'
	sleep 0.3
}
run persist $P "$TMP/persist.bin" persist_input
expect persist "${BOOT}a+ok\\r\\nAT+STMSG=HELLO\\r${OK}AT+RSTIM=600\\r${OK}AT+S\\r${OK}HELLO\\r\\n"
reload_input() {
	enter_command
	send 'AT+RSTIM?'
}
run persist2 $P "$TMP/persist.bin" reload_input
expect persist2 "HELLO\\r\\na+ok\\r\\nAT+RSTIM?\\r\\r\\n+RSTIM:600\\r\\n\\r\\nOK\\r\\n"

# AT+Z loses the unsaved change (SPEC section 3).
discard_input() {
	enter_command
	send 'AT+RSTIM=600'
	send 'AT+RSTIM?'
	send 'AT+Z'
	enter_command
	send 'AT+RSTIM?'
}
run discard $P "$TMP/discard.bin" discard_input
expect discard "${BOOT}a+ok\\r\\nAT+RSTIM=600\\r${OK}AT+RSTIM?\\r\\r\\n+RSTIM:600\\r\\n\\r\\nOK\\r\\nAT+Z\\r${OK}${BOOT}a+ok\\r\\nAT+RSTIM?\\r\\r\\n+RSTIM:1800\\r\\n\\r\\nOK\\r\\n"

# Serial AT is on by default (002 4.13 Default line, SPEC section 10) and
# the password includes its '#': "usr.cn#AT+VER" right after boot, no CR,
# is answered once the frame ends (SPEC section 4).
uat_input() {
	sleep 0.3
	printf 'usr.cn#AT+VER'
}
run uat $P "$TMP/uat.bin" uat_input
expect uat "${BOOT}${VER_REPLY}"

# Work mode CMD saved; in the next run a line without terminator is
# answered after the idle time (SPEC section 1).
cmd_mode_input() {
	enter_command
	send 'AT+WKMOD=CMD'
	send 'AT+S'
}
run cmd_mode $P "$TMP/cmd.bin" cmd_mode_input
expect cmd_mode "${BOOT}a+ok\\r\\nAT+WKMOD=CMD\\r${OK}AT+S\\r${OK}${BOOT}"
unterminated_input() {
	printf 'AT+VER'
}
run unterminated $P "$TMP/cmd.bin" unterminated_input
expect unterminated "${BOOT}AT+VER${VER_REPLY}"

finish
