"""cat1 NTP (docs/ntp.md): the daemon asks a small SNTP server on 127.0.0.1
over UDP (--ntp-port: no privileges needed), and AT+CCLK? on the pty then
shows the server's time; a reply that is not an answer to the request is
not taken."""
import calendar
import re
import socket
import struct
import threading

import dtu

NTP_UNIX = 2208988800
# A time the host's own clock cannot be showing: 2031-05-06 07:08:09 UTC.
SERVER_TIME = calendar.timegm((2031, 5, 6, 7, 8, 9))


class SntpServer:
    """Answers each request once (RFC 4330 section 5, server side) and
    keeps what it received; forge=True answers with a wrong originate."""

    def __init__(self, forge=False):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.forge = forge
        self.requests = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            try:
                data, peer = self.sock.recvfrom(512)
            except socket.timeout:
                continue
            self.requests.append(data)
            if len(data) < 48:
                continue
            originate = data[40:48]
            if self.forge:
                originate = bytes([originate[0] ^ 0x80]) + originate[1:]
            now = SERVER_TIME + NTP_UNIX
            reply = struct.pack(">BBbbII4s", 0 << 6 | 4 << 3 | 4, 1, 6, -20, 0, 0, b"GPS\0")
            reply += struct.pack(">II", now - 10, 0) + originate
            reply += struct.pack(">IIII", now, 0, now, 0)
            self.sock.sendto(reply, peer)

    def wait_requests(self, n, timeout):
        d = dtu.Deadline(timeout)
        while len(self.requests) < n:
            if d.over():
                raise TimeoutError("the SNTP server got %d requests" % len(self.requests))
            self.stop.wait(0.02)

    def close(self):
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


CCLK = re.compile(rb'\+CCLK: "(\d\d)/(\d\d)/(\d\d),(\d\d):(\d\d):(\d\d)([+-])(\d\d)"')


class Ntp(dtu.DtuTest):
    def start(self, server):
        return self.dtu("cat1", commands=["AT+WKMOD=CMD", "AT+NTPEN=ON", "AT+NTPSVR=127.0.0.1",
                                          "AT+S"], extra=["--ntp-port", str(server.port)])

    def test_sync_sets_cclk(self):
        server = SntpServer()
        try:
            d = self.start(server)
            server.wait_requests(1, 10)
            req = server.requests[0]
            self.assertEqual(len(req), 48)
            self.assertEqual(req[0], 0x23)  # LI 0, VN 4, client
            self.assertEqual(req[1:40], bytes(39))
            d.read_for(0.3)  # the reply is in and applied
            reply = d.at_ok("AT+CCLK?")
            m = CCLK.search(reply)
            self.assertIsNotNone(m, reply)
            yy, mo, dd, hh, mi, ss = (int(x) for x in m.groups()[:6])
            zone = int(m.group(8)) * (-1 if m.group(7) == b"-" else 1)
            shown = calendar.timegm((2000 + yy, mo, dd, hh, mi, ss)) - zone * 900
            self.assertLessEqual(abs(shown - SERVER_TIME), 2, reply)
        finally:
            server.close()

    def test_forged_reply_is_not_taken(self):
        server = SntpServer(forge=True)
        try:
            d = self.start(server)
            server.wait_requests(1, 10)
            d.read_for(0.3)
            self.assertIn(b"+CME ERROR:50", d.at("AT+CCLK?"))
        finally:
            server.close()


if __name__ == "__main__":
    dtu.main()
