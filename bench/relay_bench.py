#!/usr/bin/env python3
"""Relay benchmark: usrdtu against socat doing the same relay, in one run.

Both relays get a pseudo-terminal on one side and a TCP connection to
127.0.0.1 on the other:

    usrdtu --profile cat1 --pty-link L   (NET mode, socket A = TCP client,
                                          UARTFT 10 ms, UARTFL 4096)
    socat PTY,link=L,raw,echo=0 TCP:127.0.0.1:PORT

This script plays both ends: it writes to / reads from the pty's slave and
runs the TCP server. It measures, per relay and direction:
  - throughput: SIZE bytes as fast as they go (median of RUNS runs; the
    runs alternate between the two relays, both running side by side);
  - CPU time per MiB: the relay process's utime+stime (/proc/PID/stat)
    over the transfer;
  - one-way latency of a 32-byte message (median and 99th percentile of
    LAT_N messages sent 30 ms apart).

usage: relay_bench.py USRDTU_BINARY [--size MiB] [--runs N] [--lat N]
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

CHUNK = 64 * 1024
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # fields[0] is field 3 (state); utime and stime are fields 14 and 15
    return (int(fields[11]) + int(fields[12])) / TICK


def wait_for(cond, seconds, what):
    end = time.monotonic() + seconds
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError(what)
        time.sleep(0.01)


class Relay:
    def __init__(self, name, workdir, binary):
        self.name = name
        self.dir = workdir
        self.binary = binary
        self.link = os.path.join(workdir, name + ".tty")
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]

    def start(self):
        if self.name == "usrdtu":
            state = os.path.join(self.dir, "state.bin")
            commands = ["AT+SOCKA=TCP,127.0.0.1,%d" % self.port, "AT+HEARTEN=OFF", "AT+UARTFT=10",
                        "AT+UARTFL=4096", "AT+S"]
            p = subprocess.Popen([self.binary, "--stdio", "--no-net", "--profile", "cat1", "--state", state],
                                 stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for data, pause in [(b"", 0.15), (b"+++", 0.1), (b"a", 0.15)] + [(c.encode() + b"\r", 0.08) for c in commands]:
                p.stdin.write(data)
                p.stdin.flush()
                time.sleep(pause)
            p.communicate(timeout=10)
            argv = [self.binary, "--profile", "cat1", "--state", state, "--pty-link", self.link]
        else:
            argv = ["socat", "PTY,link=%s,raw,echo=0" % self.link, "TCP:127.0.0.1:%d" % self.port]
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.listener.settimeout(10)
        if self.name == "socat":
            # socat connects first, then makes the pty
            self.conn, _ = self.listener.accept()
            wait_for(lambda: os.path.exists(self.link), 5, "socat made no pty")
            self.fd = os.open(self.link, os.O_RDWR | os.O_NOCTTY)
        else:
            wait_for(lambda: os.path.exists(self.link), 5, "usrdtu made no pty")
            self.fd = os.open(self.link, os.O_RDWR | os.O_NOCTTY)
            self.conn, _ = self.listener.accept()
            time.sleep(0.2)
            drain_pty(self.fd, 0.2)  # the start message
        self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def stop(self):
        os.close(self.fd)
        self.conn.close()
        self.listener.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def drain_pty(fd, seconds):
    import select
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if select.select([fd], [], [], 0.02)[0]:
            os.read(fd, CHUNK)


def pty_to_tcp(r, size, block):
    got = [0]

    def reader():
        buf = bytearray(1 << 20)
        while got[0] < size:
            n = r.conn.recv_into(buf)
            if n == 0:
                break
            got[0] += n

    t = threading.Thread(target=reader)
    c0 = cpu_seconds(r.proc.pid)
    t0 = time.monotonic()
    t.start()
    sent = 0
    while sent < size:
        piece = block[: min(len(block), size - sent)]
        sent += os.write(r.fd, piece)
    t.join(120)
    t1 = time.monotonic()
    c1 = cpu_seconds(r.proc.pid)
    if got[0] != size:
        raise RuntimeError("%s pty->tcp: %d of %d bytes" % (r.name, got[0], size))
    return size / (t1 - t0), c1 - c0


def tcp_to_pty(r, size, block):
    def writer():
        sent = 0
        view = memoryview(block)
        while sent < size:
            n = min(len(block), size - sent)
            r.conn.sendall(view[:n])
            sent += n

    t = threading.Thread(target=writer)
    c0 = cpu_seconds(r.proc.pid)
    t0 = time.monotonic()
    t.start()
    got = 0
    while got < size:
        got += len(os.read(r.fd, CHUNK))
    t1 = time.monotonic()
    t.join(30)
    c1 = cpu_seconds(r.proc.pid)
    return size / (t1 - t0), c1 - c0


def latency(r, n, direction):
    msg = b"L" * 32
    out = []
    for _ in range(n):
        time.sleep(0.03)
        t0 = time.monotonic()
        if direction == "pty->tcp":
            os.write(r.fd, msg)
            got = 0
            while got < len(msg):
                got += len(r.conn.recv(64))
        else:
            r.conn.sendall(msg)
            got = 0
            while got < len(msg):
                got += len(os.read(r.fd, 64))
        out.append(time.monotonic() - t0)
    out.sort()
    return statistics.median(out), out[min(len(out) - 1, int(len(out) * 0.99))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--size", type=int, default=64, help="MiB per transfer")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lat", type=int, default=200)
    a = ap.parse_args()
    if shutil.which("socat") is None:
        sys.exit("socat is not installed (apt-get install -y socat)")
    size = a.size << 20
    block = os.urandom(1 << 20)
    results = {}
    work = tempfile.mkdtemp(prefix="usrdtu-bench.")
    relays = []
    try:
        for name in ("usrdtu", "socat"):
            r = Relay(name, work, a.binary)
            r.start()
            relays.append(r)
        # Runs alternate between the relays, so that a machine whose load
        # changes during the benchmark weighs on both alike.
        for direction, fn in (("pty->tcp", pty_to_tcp), ("tcp->pty", tcp_to_pty)):
            runs = {r.name: [] for r in relays}
            for _ in range(a.runs):
                for r in relays:
                    runs[r.name].append(fn(r, size, block))
            for r in relays:
                rate = statistics.median(x[0] for x in runs[r.name])
                cpu = statistics.median(x[1] for x in runs[r.name])
                results.setdefault(r.name, {})[direction] = (rate, cpu / a.size)
        for direction in ("pty->tcp", "tcp->pty"):
            for r in relays:
                results[r.name]["lat " + direction] = latency(r, a.lat, direction)
    finally:
        for r in relays:
            r.stop()
        shutil.rmtree(work, ignore_errors=True)

    print("| relay | direction | throughput MiB/s | CPU ms per MiB | latency p50 ms | latency p99 ms |")
    print("|---|---|---|---|---|---|")
    for name in ("usrdtu", "socat"):
        for direction in ("pty->tcp", "tcp->pty"):
            rate, cpu = results[name][direction]
            p50, p99 = results[name]["lat " + direction]
            print("| %s | %s | %.0f | %.2f | %.3f | %.3f |" % (
                name, direction.replace("->", " → "), rate / (1 << 20), cpu * 1000, p50 * 1000, p99 * 1000))


if __name__ == "__main__":
    main()
