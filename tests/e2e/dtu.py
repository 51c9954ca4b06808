"""Helpers for the end-to-end tests: the usrdtu daemon on a pseudo-terminal,
and TCP/UDP peers on 127.0.0.1.

Every wait here is bounded: a helper that does not see what it waits for
within its timeout raises TimeoutError with what it did see, so a broken
daemon fails a test instead of hanging it. Nothing here leaves loopback.
"""
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

# The reply lines that end a command, in every profile's style.
_END = re.compile(rb"\r\nOK\r\n|\+ok(=[^\r]*)?\r\n|\r\n\+CME ERROR:\d+\r\n|\r\n\+ERR=-?\d+\r\n")

START_MESSAGES = {
    "gprs232": b"USR-GM3 V3.0.0\r\n",
    "g781": b"USR_G781\r\n",
}


def binary():
    path = os.environ.get("USRDTU_BIN") or (sys.argv[1] if len(sys.argv) > 1 else "")
    if not path or not os.access(path, os.X_OK):
        sys.stderr.write("usage: %s /path/to/usrdtu (or USRDTU_BIN)\n" % sys.argv[0])
        sys.exit(2)
    return os.path.abspath(path)


def command(*args):
    """The daemon's command line: the binary and args, behind the wrapper
    USRDTU_WRAP names if any (scripts/valgrind_check.sh runs the daemon
    under valgrind that way)."""
    return shlex.split(os.environ.get("USRDTU_WRAP", "")) + [binary()] + list(args)


def main():
    """unittest.main with the binary argument taken off the command line."""
    binary()
    unittest.main(argv=[sys.argv[0], "-v"])


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return max(0.0, self.end - time.monotonic())

    def over(self):
        return time.monotonic() >= self.end


def prepare_state(state, profile, commands, timeout=10):
    """Writes settings into a state file through --stdio --no-net, so that
    the daemon's first boot already has them (the factory settings would
    connect to USR's servers on the internet). commands end with the
    profile's save or restart command."""
    p = subprocess.Popen(command("--stdio", "--no-net", "--profile", profile, "--state", state),
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def send(data, pause):
        p.stdin.write(data)
        p.stdin.flush()
        time.sleep(pause)

    send(b"", 0.15)
    send(b"+++", 0.1)
    send(b"a", 0.15)
    for c in commands:
        send(c.encode() + b"\r", 0.08)
    time.sleep(0.2)
    out, err = p.communicate(timeout=timeout)  # closes stdin: end of input
    bad = re.findall(rb"\+CME ERROR:\d+|\+ERR=-?\d+", out)
    if p.returncode != 0 or bad:
        raise AssertionError("preparing %s failed (%s): %r %r" % (state, bad, out, err))
    return out


class Dtu:
    """The daemon on a pseudo-terminal, and the test's end of that pty."""

    def __init__(self, workdir, profile="gprs232", state=None, extra=()):
        self.workdir = workdir
        self.profile = profile
        self.state = state or os.path.join(workdir, "state.bin")
        self.link = os.path.join(workdir, "tty")
        self.log_path = os.path.join(workdir, "daemon.log")
        self.extra = list(extra)
        self.proc = None
        self.fd = -1
        self.buf = b""

    def start(self, wait_boot=True):
        self.log = open(self.log_path, "ab")
        seen = self.log.tell()
        self.proc = subprocess.Popen(
            command("--profile", self.profile, "--state", self.state, "--pty-link", self.link, "-v",
                    *self.extra), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log)
        # The daemon names its pty on stderr once the link is in place (a
        # link left by a killed daemon may still be there before that).
        d = Deadline(5)
        while "serial port: " not in self.log_text_since(seen):
            if d.over() or self.proc.poll() is not None:
                raise AssertionError("the daemon made no pty link: " + self.log_text())
            time.sleep(0.01)
        # The daemon set the line raw itself; opening it changes nothing.
        self.fd = os.open(self.link, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        self.buf = b""
        if wait_boot and self.profile in START_MESSAGES:
            self.read_until(START_MESSAGES[self.profile], 5)
        return self

    def log_text_since(self, offset):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # ---- the serial side

    def write(self, data, timeout=30):
        d = Deadline(timeout)
        view = memoryview(data)
        while len(view):
            try:
                n = os.write(self.fd, view)
                view = view[n:]
            except BlockingIOError:
                if d.over():
                    raise TimeoutError("pty write stalled with %d bytes left" % len(view))
                select.select([], [self.fd], [], min(0.1, d.left()))

    def _fill(self, wait):
        r, _, _ = select.select([self.fd], [], [], wait)
        if not r:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except BlockingIOError:
            return False
        self.buf += chunk
        return True

    def read_until(self, pattern, timeout):
        """Bytes up to and including pattern (bytes or compiled regex)."""
        d = Deadline(timeout)
        while True:
            if isinstance(pattern, bytes):
                i = self.buf.find(pattern)
                end = i + len(pattern) if i >= 0 else -1
            else:
                m = pattern.search(self.buf)
                end = m.end() if m else -1
            if end >= 0:
                out, self.buf = self.buf[:end], self.buf[end:]
                return out
            if d.over():
                raise TimeoutError("waited for %r, got %r" % (pattern, self.buf[-300:]))
            self._fill(min(0.1, d.left()))

    def read_exact(self, n, timeout):
        d = Deadline(timeout)
        while len(self.buf) < n:
            if d.over():
                raise TimeoutError("waited for %d bytes, got %d" % (n, len(self.buf)))
            self._fill(min(0.1, d.left()))
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read_for(self, seconds):
        """Everything that arrives within seconds."""
        d = Deadline(seconds)
        while not d.over():
            self._fill(min(0.05, d.left()))
        out, self.buf = self.buf, b""
        return out

    def command_mode(self):
        time.sleep(0.12)  # the guard: +++ must start a new serial frame
        self.buf = b""
        self.write(b"+++")
        self.read_until(b"a", 2)
        self.write(b"a")
        self.read_until(b"+ok", 2)
        time.sleep(0.05)
        self.read_for(0.05)

    def at(self, command, timeout=3):
        """Runs a command (no CR needed) and returns its reply."""
        self.write(command.encode() + b"\r")
        return self.read_until(_END, timeout)

    def at_ok(self, command, timeout=3):
        reply = self.at(command, timeout)
        if b"ERROR" in reply or b"+ERR" in reply:
            raise AssertionError("%s: %r" % (command, reply))
        return reply

    # ---- the process

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait(5)
        self.log.close()
        self.proc = None
        return rc


class TcpPeer:
    """A TCP server on 127.0.0.1 the daemon connects to."""

    def __init__(self, port=0):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.conn = None

    def accept(self, timeout=10):
        self.listener.settimeout(timeout)
        self.conn, _ = self.listener.accept()
        self.conn.settimeout(timeout)
        return self.conn

    def recv_exact(self, n, timeout=10, conn=None):
        conn = conn or self.conn
        d = Deadline(timeout)
        parts, got = [], 0
        while got < n:
            conn.settimeout(max(0.01, d.left()))
            try:
                chunk = conn.recv(min(1 << 20, n - got))
            except socket.timeout:
                raise TimeoutError("peer waited for %d bytes, got %d" % (n, got))
            if not chunk:
                raise ConnectionError("closed after %d of %d bytes" % (got, n))
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def recv_for(self, seconds, conn=None):
        conn = conn or self.conn
        d = Deadline(seconds)
        out = b""
        while not d.over():
            conn.settimeout(max(0.01, d.left()))
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
        return out

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        self.listener.close()


def free_port(kind=socket.SOCK_STREAM):
    """A port nobody listens on now (for servers the daemon opens)."""
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def connect_retry(port, timeout=5):
    """Connects to the daemon's TCP server, which may still be starting."""
    d = Deadline(timeout)
    while True:
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=max(0.1, d.left()))
            c.settimeout(5)
            return c
        except OSError:
            if d.over():
                raise
            time.sleep(0.05)


class DtuTest(unittest.TestCase):
    """A temporary directory per test, and daemons stopped however it ends."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="usrdtu-e2e.")
        self.daemons = []

    def tearDown(self):
        for d in self.daemons:
            if d.proc is not None:
                d.stop(signal.SIGKILL)
        if hasattr(self, "_outcome") and not self._ok():
            for d in self.daemons:
                sys.stderr.write("---- daemon log\n" + d.log_text()[-4000:] + "\n")
        shutil.rmtree(self.dir, ignore_errors=True)

    def _ok(self):
        result = getattr(self._outcome, "result", None)
        errors = getattr(result, "errors", []) + getattr(result, "failures", [])
        return not any(t is self for t, _ in errors)

    def dtu(self, profile="gprs232", commands=None, extra=(), start=True):
        d = Dtu(self.dir, profile, extra=extra)
        if commands is not None:
            prepare_state(d.state, profile, commands)
        self.daemons.append(d)
        if start:
            d.start()
        return d
