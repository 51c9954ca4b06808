#!/usr/bin/env python3
"""Writes the seed corpus of fuzz/fuzz_network.c into fuzz/corpus/network.

Each seed is a first byte (profile, settings groups, HAL flags) and a list
of operations in the format fuzz_network.c describes. Run from anywhere:
    python3 scripts/gen_fuzz_corpus_network.py
"""
from corpus_lib import Corpus


CONNECTED, CLOSED, FAILED, WRITABLE = 0, 1, 2, 3
RFC_9600 = bytes([0x55, 0xAA, 0x55, 0x00, 0x25, 0x80, 0x83, 0x28])


def serial(data):
    out = b""
    for i in range(0, len(data), 64):
        part = data[i:i + 64]
        out += bytes([0, len(part) - 1]) + part
    return out


def event(link, ev):
    return bytes([1, link, ev])


def rx(link, data):
    return bytes([2, link, len(data) - 1]) + data


def accept(sock):
    return bytes([3, sock])


def advance(units):
    return bytes([4, units])


def budget(link, value):
    return bytes([5, link, value])


def at_deadline():
    return bytes([6])


def session(profile, groups, extra=0):
    return bytes([profile | (groups << 2) | extra])


SEEDS = {}
for profile, name in enumerate(["gprs232", "cat1", "g781", "m0"]):
    base = session(profile, 0)
    SEEDS[name + "_connect_data"] = (base + event(0, CONNECTED) + advance(30) + serial(b"hello")
                                     + advance(30) + rx(0, b"world") + advance(255))
    SEEDS[name + "_cache_then_connect"] = (base + serial(b"one") + advance(30) + serial(b"two")
                                           + advance(30) + event(0, CONNECTED) + advance(30))
    SEEDS[name + "_fail_reconnect"] = (base + event(0, FAILED) + at_deadline() + event(0, CONNECTED)
                                       + event(0, CLOSED) + at_deadline() + at_deadline())
    SEEDS[name + "_backpressure"] = (base + event(0, CONNECTED) + budget(0, 3) + serial(b"0123456789")
                                     + advance(30) + budget(0, 255) + event(0, WRITABLE))
    SEEDS[name + "_network_at"] = (session(profile, 2) + event(0, CONNECTED)
                                   + rx(0, b"usr.cn#AT+VER\r") + rx(0, b"www.usr.cn#AT+VER\r")
                                   + rx(0, b"usr.cn#AT+S\r"))
    SEEDS[name + "_rfc_split"] = (session(profile, 2) + event(0, CONNECTED) + rx(0, b"ab" + RFC_9600[:3])
                                  + rx(0, RFC_9600[3:] + b"cd") + rx(0, RFC_9600[:5]) + advance(5))
    SEEDS[name + "_server"] = (session(profile, 8) + event(0, CONNECTED) + accept(0) + accept(0)
                               + accept(0) + serial(b"to all") + advance(30) + rx(4, b"hi")
                               + event(4, CLOSED))
    SEEDS[name + "_short_heart"] = (session(profile, 4) + serial(b"opener") + advance(30)
                                    + event(0, CONNECTED) + advance(255) + advance(255))
    SEEDS[name + "_everything"] = (session(profile, 15, 0x40) + event(0, CONNECTED) + event(1, CONNECTED)
                                   + serial(b"x" * 200) + rx(1, b"usr.cn#AT+SOCKBLK\r") + at_deadline()
                                   + bytes([7, 3]) + rx(0, RFC_9600) + event(0, FAILED) + at_deadline())
    # HTTPD mode (m0: SOCK HTPC): requests, responses of each framing, timeout
    httpd = session(profile, 0) + bytes([7, 4])
    SEEDS[name + "_httpd"] = (httpd + serial(b"a b") + advance(30) + serial(b"two") + advance(30)
                              + event(0, CONNECTED)
                              + rx(0, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                              + rx(0, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n")
                              + serial(b"three") + advance(30)
                              + rx(0, b"HTTP/1.0 200 OK\r\n\r\nuntil close") + event(0, CLOSED)
                              + at_deadline())
    SEEDS[name + "_httpd_timeout"] = (httpd + serial(b"x") + advance(30) + budget(0, 5)
                                      + event(0, CONNECTED) + serial(b"y") + advance(30)
                                      + advance(255) + event(0, FAILED) + at_deadline()
                                      + rx(0, b"HTTP/1.1 abc\r\n") + at_deadline())
SEEDS["clock_wrap"] = session(0, 12, 0x80) + event(0, CONNECTED) + advance(255) * 8

CORPUS = Corpus("network")
for seed_name, seed_data in SEEDS.items():
    CORPUS.add(seed_name, seed_data)
CORPUS.write()
