#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz target fuzz/fuzz_sntp.c.

    python3 scripts/gen_fuzz_corpus_sntp.py            # rewrites fuzz/corpus/sntp/

Each seed is one input in fuzz_sntp's format (the comment at the top of
fuzz/fuzz_sntp.c): a flags byte, a 48-byte packet for the codec, then
operations on the engine's NTP client. The packets are built here from
RFC 4330 section 4's layout, as tests/test_sntp.c's vectors are.

The seeds are committed; CI does not run this script. Run it again after
changing it and commit what it writes.
"""

import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus", "sntp")

NOV23 = 0xEEAEC560  # 2026-11-23 14:00:00 UTC in NTP seconds
ECHO, NO_RANDOM, CCLK_SET, NEAR_WRAP = 1, 2, 4, 8
OP_CONNECT, OP_DOWN, OP_RX, OP_TIME, OP_DEADLINE, OP_CCLK, OP_FLAGS, OP_MINUTES = range(8)
OP_RX_ANSWER = OP_RX | 8  # the datagram's originate becomes our request's transmit


def packet(li=0, vn=4, mode=4, stratum=2, ref=b"\xc0\xa8\x01\x01", org=(0, 0),
           rec=(NOV23, 0x40000000), xmt=(NOV23, 0x80000000)):
    return struct.pack(">BBbbII4sIIIIIIII", li << 6 | vn << 3 | mode, stratum, 6, -20,
                       0x0D2E, 0x0A1B, ref, NOV23 - 16, 0, org[0], org[1],
                       rec[0], rec[1], xmt[0], xmt[1])


def rx(pkt, answer=True):
    return bytes([OP_RX_ANSWER if answer else OP_RX, len(pkt)]) + pkt


GOOD = packet()
SEEDS = {
    # a sync: link up, the answer, the clock read, the next sync a minute later
    "sync": bytes([ECHO]) + GOOD + bytes([OP_CONNECT]) + rx(GOOD) + bytes([OP_CCLK, OP_MINUTES, 1,
                                                                           OP_CONNECT]) + rx(GOOD) + bytes([OP_CCLK]),
    "sync_clock_set": bytes([ECHO | CCLK_SET | NO_RANDOM]) + GOOD + bytes([OP_CONNECT]) + rx(GOOD) + bytes([OP_CCLK]),
    "era1_2040": bytes([ECHO | NEAR_WRAP]) + packet(xmt=(0x0754FD00, 0)) + bytes([OP_CONNECT]) +
    rx(packet(xmt=(0x0754FD00, 0))) + bytes([OP_CCLK]),
    "kiss_deny": bytes([ECHO]) + packet(li=3, stratum=0, ref=b"DENY") + bytes([OP_CONNECT]) +
    rx(packet(li=3, stratum=0, ref=b"DENY")) + bytes([OP_DEADLINE, OP_CONNECT]) + rx(GOOD) + bytes([OP_CCLK]),
    "kiss_rate": bytes([0]) + packet(stratum=0, ref=b"RATE") + bytes([OP_CONNECT]) +
    rx(packet(stratum=0, ref=b"RATE")) + bytes([OP_DEADLINE, OP_CONNECT]) + rx(GOOD),
    "unsynchronised": bytes([ECHO]) + packet(li=3) + bytes([OP_CONNECT]) + rx(packet(li=3)) +
    rx(packet(stratum=16)) + rx(packet(mode=5)) + rx(packet(vn=0)) + rx(packet(xmt=(0, 0))) + rx(GOOD),
    "not_ours": bytes([0]) + GOOD + bytes([OP_CONNECT]) + rx(GOOD, answer=False) + bytes([OP_DEADLINE]),
    "timeouts": bytes([ECHO]) + GOOD + bytes([OP_DEADLINE] * 6 + [OP_CONNECT, OP_DEADLINE, OP_DEADLINE]),
    "link_failures": bytes([ECHO]) + GOOD + bytes([OP_DOWN, 1, OP_DEADLINE, OP_CONNECT, OP_DOWN, 0,
                                                  OP_FLAGS, 1, OP_DEADLINE, OP_TIME, 255, OP_FLAGS, 2,
                                                  OP_MINUTES, 2, OP_CONNECT, OP_FLAGS, 0, OP_DEADLINE]),
    "short_reply": bytes([ECHO]) + GOOD[:20],
    "long_reply": bytes([ECHO]) + GOOD + bytes([OP_CONNECT]) + rx(GOOD + bytes(20)) + bytes([OP_CCLK]),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    print("wrote %d seeds to %s" % (len(SEEDS), OUT))


if __name__ == "__main__":
    main()
