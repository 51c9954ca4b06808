"""Network AT answers on the asking socket only; the RFC2217-like frame
changes the pty's termios; a UDP server answers its latest peer."""
import os
import socket
import termios
import time

import dtu

# termios.CMSPAR is missing from some Python builds; Linux's value.
CMSPAR = getattr(termios, "CMSPAR", 0o10000000000)


class NetworkSide(dtu.DtuTest):
    def test_network_at_answers_on_that_socket_only(self):
        a, b = dtu.TcpPeer(), dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % a.port,
                               'AT+SOCKB="TCP","127.0.0.1",%d' % b.port, 'AT+SOCKBEN="on"',
                               'AT+HEARTEN="off"', "AT+S"])
        a.accept(10)
        b.accept(10)
        b.conn.sendall(b"usr.cn#AT+VER\r")
        reply = b.recv_exact(len(b"\r\n+VER:usrdtu-"), 5)
        self.assertEqual(reply, b"\r\n+VER:usrdtu-")
        rest = b.recv_for(0.5)
        self.assertTrue(rest.endswith(b"\r\nOK\r\n"), rest)
        self.assertEqual(a.recv_for(0.3), b"")
        self.assertEqual(d.read_for(0.3), b"")
        a.close()
        b.close()

    def tc(self, d):
        fd = os.open(d.link, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        try:
            return termios.tcgetattr(fd)
        finally:
            os.close(fd)

    def test_rfc2217_frame_sets_termios(self):
        peer = dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % peer.port, 'AT+HEARTEN="off"',
                               'AT+RFCEN="on"', "AT+S"])
        peer.accept(10)
        attrs = self.tc(d)
        self.assertEqual(attrs[4], termios.B115200)
        # 9600 8N1, split across two network reads
        peer.conn.sendall(bytes.fromhex("55AA55"))
        time.sleep(0.03)
        peer.conn.sendall(bytes.fromhex("00258083" "28"))
        time.sleep(0.3)
        iflag, oflag, cflag, lflag, ispeed, ospeed, cc = self.tc(d)
        self.assertEqual((ispeed, ospeed), (termios.B9600, termios.B9600))
        self.assertEqual(cflag & termios.CSIZE, termios.CS8)
        self.assertEqual(cflag & (termios.PARENB | termios.CSTOPB), 0)
        # 19200, 7 data bits, mark parity, 2 stop bits: 0x80 | mark | parity on | 2 stop | 7 bits
        param = 0x80 | 0x20 | 0x08 | 0x04 | 0x02
        body = bytes([0x00, 0x4B, 0x00, param])
        peer.conn.sendall(bytes.fromhex("55AA55") + body + bytes([sum(body) & 0xFF]) + b"data")
        self.assertEqual(d.read_exact(4, 5), b"data")  # the frame itself is not forwarded
        iflag, oflag, cflag, lflag, ispeed, ospeed, cc = self.tc(d)
        self.assertEqual(ospeed, termios.B19200)
        # Linux ptys keep CS8 and clear PARENB whatever is set (pty.c); what
        # they keep shows the rest of the setting: 2 stop bits, mark parity
        self.assertEqual(cflag & (termios.PARODD | termios.CSTOPB | CMSPAR),
                         termios.PARODD | termios.CSTOPB | CMSPAR)
        # a bad checksum is data
        bad = bytes.fromhex("55AA5500258083") + b"\x00"
        peer.conn.sendall(bad)
        self.assertEqual(d.read_exact(8, 5), bad)
        self.assertEqual(self.tc(d)[5], termios.B19200)
        peer.close()

    def test_udp_server_answers_latest_peer(self):
        port = dtu.free_port(socket.SOCK_DGRAM)
        d = self.dtu("g781", commands=["AT+SOCKA=UDPS,0.0.0.0,%d" % port, "AT+Z"])
        time.sleep(0.3)
        d.write(b"early")  # no peer yet: kept until someone speaks
        time.sleep(0.3)
        p1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        p1.settimeout(5)
        p1.sendto(b"hello", ("127.0.0.1", port))
        self.assertEqual(d.read_exact(5, 5), b"hello")
        self.assertEqual(p1.recv(100), b"early")
        p2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        p2.settimeout(5)
        p2.sendto(b"me too", ("127.0.0.1", port))
        self.assertEqual(d.read_exact(6, 5), b"me too")
        time.sleep(0.1)
        d.write(b"latest")
        self.assertEqual(p2.recv(100), b"latest")
        p1.close()
        p2.close()


if __name__ == "__main__":
    dtu.main()
