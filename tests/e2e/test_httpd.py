"""HTTPD work mode over real sockets: the daemon on its pty is configured
with AT commands, every serial frame becomes one HTTP request to a server on
127.0.0.1 written for this test, and the answer comes back on the pty.

The server records each request byte for byte and answers from a script:
Content-Length, chunked, close-delimited, kept alive or closed."""
import os
import re
import socket
import threading
import time

import dtu


class HttpServer:
    """One connection at a time (the DTU sends one request at a time).
    responses: list of (response bytes, close after it)."""

    def __init__(self, responses):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.responses = list(responses)
        self.requests = []  # (connection number, raw request)
        self.connections = 0
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _read_request(self, conn, buf):
        """One request (head, and body by Content-Length); None on close."""
        d = dtu.Deadline(20)
        while b"\r\n\r\n" not in buf:
            if d.over() or self.done.is_set():
                return None, buf
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                return None, buf
            buf += chunk
        end = buf.index(b"\r\n\r\n") + 4
        length = 0
        for line in buf[:end].split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        while len(buf) < end + length and not d.over():
            try:
                chunk = conn.recv(65536)
            except socket.timeout:
                continue
            if not chunk:
                break
            buf += chunk
        return buf[:end + length], buf[end + length:]

    def _run(self):
        try:
            while not self.done.is_set():
                try:
                    conn, _ = self.listener.accept()
                except socket.timeout:
                    continue
                conn.settimeout(0.2)
                with self.lock:
                    self.connections += 1
                    number = self.connections
                buf = b""
                while not self.done.is_set():
                    req, buf = self._read_request(conn, buf)
                    if req is None:
                        break
                    with self.lock:
                        self.requests.append((number, req))
                        answer, close = self.responses.pop(0) if self.responses else (b"", True)
                    conn.sendall(answer)
                    if close:
                        break
                conn.close()
        except Exception as e:  # reported by the test, never lost
            self.error = e

    def wait_requests(self, n, timeout=10):
        d = dtu.Deadline(timeout)
        while not d.over():
            with self.lock:
                if len(self.requests) >= n:
                    return list(self.requests)
            time.sleep(0.02)
        raise TimeoutError("server got %d requests, waited for %d: %r" % (len(self.requests), n, self.requests))

    def close(self):
        self.done.set()
        self.thread.join(5)
        self.listener.close()
        if self.error is not None:
            raise self.error


OK_HELLO = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nchun\r\n3\r\nked\r\n0\r\n\r\n"
CLOSE_DELIMITED = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"


class Httpd(dtu.DtuTest):
    def start_http_dtu(self, profile, boot_commands, commands, restart, boot_message, extra=()):
        """Boots in command mode (no network), then sets HTTPD up on the pty."""
        d = self.dtu(profile=profile, commands=boot_commands, extra=extra)
        if profile == "m0":
            d.command_mode()  # m0 always runs a data mode
        for c in commands:
            d.at_ok(c)
        d.write(restart.encode() + b"\r")
        if boot_message:
            d.read_until(boot_message, 5)
        time.sleep(0.5)  # the restart is over and the data mode runs
        d.read_for(0.1)
        return d

    def test_gprs232_get_keepalive_filter_on(self):
        srv = HttpServer([(OK_HELLO, False), (CHUNKED, False), (CLOSE_DELIMITED, True)])
        try:
            d = self.start_http_dtu("gprs232", ['AT+WKMOD="CMD"', "AT+S"],
                                    ['AT+HTPSV="127.0.0.1",%d' % srv.port, 'AT+HTPURL="/in?"',
                                     'AT+HTPTP="GET"', 'AT+HTPPK="on"', 'AT+WKMOD="HTTPD"'],
                                    "AT+S", b"USR-GM3 V3.0.0\r\n")
            host = b"Host: 127.0.0.1:%d\r\n" % srv.port
            d.write(b"a b&c=\xe4")
            reqs = srv.wait_requests(1)
            self.assertEqual(reqs[0], (1, b"GET /in?a%20b&c=%E4 HTTP/1.1\r\n" + host +
                                       b"Accept:text/html\r\n\r\n"))
            self.assertEqual(d.read_exact(5, 5), b"hello")
            time.sleep(0.3)  # a new frame
            d.write(b"second")
            reqs = srv.wait_requests(2)
            # the server kept the connection: the same one carries it
            self.assertEqual(reqs[1], (1, b"GET /in?second HTTP/1.1\r\n" + host +
                                       b"Accept:text/html\r\n\r\n"))
            self.assertEqual(d.read_exact(7, 5), b"chunked")
            time.sleep(0.3)
            d.write(b"third")
            srv.wait_requests(3)
            # close-delimited: the body ends when the server closes
            self.assertEqual(d.read_until(b"until the end", 5), b"until the end")
            self.assertEqual(d.read_for(0.3), b"")
        finally:
            srv.close()

    def test_cat1_post_filter_off_connection_close(self):
        first = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"
        srv = HttpServer([(first, True), (CHUNKED, False)])
        try:
            d = self.start_http_dtu("cat1", ["AT+WKMOD=CMD", "AT+S"],
                                    ["AT+HTPSV=127.0.0.1,%d" % srv.port, "AT+HTPURL=/post",
                                     "AT+HTPTP=POST", "AT+HTPPK=OFF", "AT+HTPHD=X-Dtu: 1[0D][0A]",
                                     "AT+WKMOD=HTTPD"],
                                    "AT+S", None)
            host = b"Host: 127.0.0.1:%d\r\n" % srv.port
            body = bytes(range(256))
            d.write(body)
            reqs = srv.wait_requests(1)
            self.assertEqual(reqs[0], (1, b"POST /post HTTP/1.1\r\n" + host + b"X-Dtu: 1\r\n" +
                                       b"Content-Length: 256\r\n\r\n" + body))
            # filter off: the raw response, byte for byte
            self.assertEqual(d.read_exact(len(first), 5), first)
            time.sleep(0.3)
            d.write(b"next")
            reqs = srv.wait_requests(2)
            self.assertEqual(reqs[1][0], 2)  # the server closed: a new connection
            self.assertEqual(d.read_exact(len(CHUNKED), 5), CHUNKED)
            d.command_mode()
            cache = d.at_ok("AT+DTU_CACHE?")
            self.assertIn(b"A,0,0,0,0", cache)
        finally:
            srv.close()

    def test_m0_htpc(self):
        srv = HttpServer([(OK_HELLO, True)])
        try:
            d = self.start_http_dtu("m0", ["AT+SOCK=TCPC,127.0.0.1,9", "AT+Z"],
                                    ["AT+SOCK=HTPC,127.0.0.1,%d" % srv.port, "AT+HTPURL=/m0?",
                                     "AT+HTPCHD=on"],
                                    "AT+Z", None)
            d.write(b"v=1")
            reqs = srv.wait_requests(1)
            self.assertEqual(reqs[0], (1, b"GET /m0?v=1 HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % srv.port +
                                       b"User_Agent: Mozilla/4.0\r\nConnection: close\r\n\r\n"))
            self.assertEqual(d.read_exact(5, 5), b"hello")
        finally:
            srv.close()

    def test_serial_burst_never_coalesces_requests(self):
        # One request at a time, each handed over whole: Nagle would only
        # hold a request's last segment until the server acknowledges the
        # rest. A burst at pty speed (which lets NET-mode sockets coalesce)
        # leaves the HTTP link sending at once.
        srv = HttpServer([(OK_HELLO, False)] * 400)
        try:
            d = self.start_http_dtu("gprs232", ['AT+WKMOD="CMD"', "AT+S"],
                                    ['AT+HTPSV="127.0.0.1",%d' % srv.port, 'AT+HTPURL="/b"',
                                     'AT+HTPTP="POST"', 'AT+HTPPK="off"',
                                     'AT+UART=921600,"NONE",8,1,"NONE"', 'AT+WKMOD="HTTPD"'],
                                    "AT+S", b"USR-GM3 V3.0.0\r\n", extra=("-v",))  # -vv: debug lines
            for _ in range(4):
                d.write(os.urandom(64 * 1024), 60)
                srv.wait_requests(len(srv.requests) + 1)
            time.sleep(0.5)
            log = d.log_text()
            reads = [int(n) for n in re.findall(r"serial: (\d+) bytes in", log)]
            self.assertGreaterEqual(max(reads, default=0), 2048, "no burst-sized serial read")
            self.assertNotIn("serial burst", log)
        finally:
            srv.close()


if __name__ == "__main__":
    dtu.main()
