#!/bin/sh
# Instruction counts per command line (callgrind) and section sizes per
# module for Cortex-M0+ -Os; writes the tables printed into
# docs/performance.md. Needs valgrind, gcc, arm-none-eabi-gcc.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build-bench}
mkdir -p "$out"
cc=${CC:-gcc}
$cc -std=c99 -O2 -DNDEBUG -I"$top/include" -I"$top/src" "$top"/src/*.c "$top"/src/profiles/*.c \
	"$top/bench/bench_at.c" -o "$out/bench_at"

count_line() { # line repetitions -> instructions per line
	"$out/bench_at" "$1" 1 >/dev/null
	base=$(valgrind --tool=callgrind --callgrind-out-file="$out/cg.1" \
		--toggle-collect=usrdtu_serial_rx "$out/bench_at" "$1" 1 2>&1 |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
	many=$(valgrind --tool=callgrind --callgrind-out-file="$out/cg.n" \
		--toggle-collect=usrdtu_serial_rx "$out/bench_at" "$1" "$2" 2>&1 |
		sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
	echo $(( (many - base) / ($2 - 1) ))
}

echo "| line (CR LF, echo off, gprs232) | instructions |"
echo "|---|---|"
total=0
for line in 'AT+SOCKA="TCP","test.usr.cn",2317' 'AT+UART?' 'AT+HEARTTM=30'; do
	n=$(count_line "$line" 1001)
	total=$((total + n))
	printf '| `%s` | %s |\n' "$line" "$n"
done
echo "| average | $((total / 3)) |"
echo

# Instructions per byte of the transparent path (bench_net.c).
$cc -std=c99 -O2 -DNDEBUG -I"$top/include" -I"$top/src" "$top"/src/*.c "$top"/src/profiles/*.c \
	"$top/bench/bench_net.c" -o "$out/bench_net"
count_net() { # direction size -> "instructions per frame" "per byte"
	set -- "$1" "$2"
	for reps in 1 1001; do
		valgrind --tool=callgrind --callgrind-out-file="$out/cg.net" --toggle-collect=usrdtu_serial_rx \
			--toggle-collect=usrdtu_poll --toggle-collect=usrdtu_sock_rx "$out/bench_net" "$1" "$2" "$reps" 2>&1 |
			sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
	done | { read -r one; read -r many; awk -v a="$one" -v b="$many" -v s="$2" \
		'BEGIN { printf "%d | %.2f", (b - a) / 1000, (b - a) / 1000 / s }'; }
}
echo "| path (gprs232, socket A up) | frame | instructions per frame | per byte |"
echo "|---|---|---|---|"
for dir in tx rx; do
	for size in 64 1024; do
		name="serial to socket"
		[ "$dir" = rx ] && name="socket to serial"
		printf '| %s | %s B | %s |\n' "$name" "$size" "$(count_net "$dir" "$size")"
	done
done
echo

# Section sizes for Cortex-M0+ -Os, per module group.
arm=$out/arm
mkdir -p "$arm"
for f in "$top"/src/*.c "$top"/src/profiles/*.c; do
	arm-none-eabi-gcc -std=c99 -mcpu=cortex-m0plus -mthumb -Os -ffunction-sections -fdata-sections \
		-I"$top/include" -I"$top/src" -c "$f" -o "$arm/$(basename "$f" .c).o"
done
size_of() { # objects -> "text data bss"
	(cd "$arm" && arm-none-eabi-size -t "$@" | awk 'END {print $1, $2, $3}')
}
echo "| part (Cortex-M0+, -Os) | objects | text | data | bss |"
echo "|---|---|---|---|---|"
row() {
	name=$1
	shift
	set -- $(for o in "$@"; do printf '%s.o ' "$o"; done)
	s=$(size_of "$@")
	printf '| %s | %s | %s | %s | %s |\n' "$name" "$(echo "$*" | sed 's/\.o//g')" $s
}
engine="text at_lexer at_params at_dispatch at_reply"
row "engine: tokenizer, validator, dispatcher, replies" $engine
row "settings: defaults, records, flash slots" settings store
row "DTU serial side: modes, +++, framing, serial AT, login, clock, handlers" usrdtu escape framer serial_at login wallclock sim_lock commands
row "DTU network side: sockets, queues, packets, network input, RFC2217 codec" net net_queue net_packets net_rx rfc2217
row "HTTPD: request builder, response filter, the mode" http_request http_response httpd
row "SMS: PDU codec, reassembly, the mode, SMS AT" sms_pdu gsm7 sms_reassembly sms_mode
row "NTP: SNTP codec, the cat1 client" sntp ntp
for p in gprs232 cat1 g781 m0; do
	row "profile $p (table and its handlers)" "$p"
done
row "gprs232 complete: engine + settings + serial side + gprs232" $engine settings store usrdtu escape framer serial_at login wallclock sim_lock commands gprs232
