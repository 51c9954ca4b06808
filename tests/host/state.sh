# The state file as flash: what a save leaves on disk, and what the next
# boot makes of a save cut short. Each damaged image below is one a power
# cut could leave; the device must boot with the old settings or the new
# ones, never a mix, never neither (SPEC section 3).
# Usage: sh state.sh /path/to/usrdtu
. "$(dirname "$0")/session_lib"

P=gprs232
SLOT=16384

# save_stmsg FILE MESSAGE: sets the start message and saves it (AT+S).
save_stmsg() {
	_msg=$2
	_save_input() {
		enter_command
		send "AT+STMSG=\"$_msg\""
		send 'AT+S'
	}
	run "save_$_msg" $P "$1" _save_input
}

# boots NAME FILE MESSAGE: a run with no input prints MESSAGE at boot.
boots() {
	run "$1" $P "$2" no_input
	expect "$1" "$3\\r\\n"
}

# byte FILE OFFSET: the byte at OFFSET (0-based), in decimal.
byte() {
	od -An -v -tu1 -j "$2" -N 1 "$1" | tr -d ' '
}

# poke FILE OFFSET VALUE: writes one byte (decimal VALUE) in place.
poke() {
	printf "\\$(printf '%03o' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# erase_slot FILE SLOT: the slot as an erase leaves it, all 0xFF.
erase_slot() {
	dd if=/dev/zero bs="$SLOT" count=1 2>/dev/null | tr '\000' '\377' |
		dd of="$1" bs="$SLOT" seek="$2" conv=notrunc 2>/dev/null
}

# Two saves in a row: A holds "first", B holds "second".
save_stmsg "$TMP/a.bin" first
cp "$TMP/a.bin" "$TMP/A.bin"
save_stmsg "$TMP/a.bin" second
cp "$TMP/a.bin" "$TMP/B.bin"
boots saved_first "$TMP/A.bin" first
boots saved_second "$TMP/B.bin" second

CHECKS=$((CHECKS + 1))
if [ "$(wc -c <"$TMP/B.bin" | tr -d ' ')" = $((2 * SLOT)) ]; then
	pass "size: two slots of $SLOT bytes"
else
	fail "size: $(wc -c <"$TMP/B.bin") bytes, not $((2 * SLOT))"
fi

# Where the second save wrote: cmp -l lists 1-based offsets of the bytes
# that differ between the images.
cmp -l "$TMP/A.bin" "$TMP/B.bin" | awk '{ print $1 - 1 }' >"$TMP/changed"
first=$(sed -n 1p "$TMP/changed")
last=$(sed -n '$p' "$TMP/changed")
if [ -z "$first" ]; then
	fail "the second save changed nothing in the state file"
	finish
fi
slot=$((first / SLOT))
if [ $((last / SLOT)) -ne "$slot" ]; then
	# The library then touches both slots per save; the cut images below
	# assume one, so they are not meaningful.
	echo "note: the second save wrote both slots; skipping the cut images"
	finish
fi

# Cut right after the erase: the new slot is blank, the old one intact.
cp "$TMP/B.bin" "$TMP/cut_erased.bin"
erase_slot "$TMP/cut_erased.bin" "$slot"
boots cut_after_erase "$TMP/cut_erased.bin" first

# Cut while the last byte of the new record was being programmed: it
# keeps some of the bits it should have lost (programming clears bits).
cp "$TMP/B.bin" "$TMP/cut_byte.bin"
value=$(byte "$TMP/B.bin" "$last")
half=$((value | 240))
[ "$half" -eq "$value" ] && half=$((value | 15))
poke "$TMP/cut_byte.bin" "$last" "$half"
boots cut_last_byte "$TMP/cut_byte.bin" first

# The same cut at the first byte the save wrote.
cp "$TMP/B.bin" "$TMP/cut_first.bin"
value=$(byte "$TMP/B.bin" "$first")
half=$((value | 240))
[ "$half" -eq "$value" ] && half=$((value | 15))
poke "$TMP/cut_first.bin" "$first" "$half"
boots cut_first_byte "$TMP/cut_first.bin" first

# After a cut image has booted, the next save still works and lasts.
save_stmsg "$TMP/cut_erased.bin" third
boots save_after_cut "$TMP/cut_erased.bin" third

# kill -9 right after a save's reply: nothing is lost, because each flash
# operation is on disk before the program goes on.
mkfifo "$TMP/in"
"$PROG" --no-net --profile $P --state "$TMP/kill.bin" <"$TMP/in" >"$TMP/kill.out" 2>"$TMP/kill.err" &
pid=$!
(
	enter_command
	send 'AT+STMSG="killed"'
	printf 'AT+S\r'
	# wait (bounded) for the start message the restart prints, then kill
	i=0
	while [ $i -lt 100 ] && ! grep -q '^killed' "$TMP/kill.out"; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL $pid
) >"$TMP/in"
wait $pid 2>/dev/null
boots after_kill "$TMP/kill.bin" killed

# A file cut to one slot is padded with erased bytes: the record in slot 0
# survives (the second save wrote slot $slot, so slot 0 holds the other).
# A file of garbage holds no valid record: factory settings.
dd if="$TMP/B.bin" of="$TMP/short.bin" bs="$SLOT" count=1 2>/dev/null
if [ "$slot" -eq 1 ]; then
	boots short_file "$TMP/short.bin" first
else
	boots short_file "$TMP/short.bin" second
fi
CHECKS=$((CHECKS + 1))
if [ "$(wc -c <"$TMP/short.bin" | tr -d ' ')" = $((2 * SLOT)) ]; then
	pass "short file padded"
else
	fail "short file not padded: $(wc -c <"$TMP/short.bin") bytes"
fi
dd if=/dev/urandom of="$TMP/garbage.bin" bs="$SLOT" count=2 2>/dev/null
boots garbage_file "$TMP/garbage.bin" 'USR-GM3 V3.0.0'

finish
