"""Garbage, a 1 MB line, and peers that reset mid-stream never crash the
daemon; it keeps answering and reconnecting."""
import os
import socket
import struct
import threading
import time

import dtu


class Robustness(dtu.DtuTest):
    def start(self):
        self.peer = dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % self.peer.port, 'AT+HEARTEN="off"',
                               "AT+S"])
        self.peer.accept(10)
        return d

    def assert_answers(self, d):
        self.assertTrue(d.alive(), "the daemon is gone: " + d.log_text()[-2000:])
        d.read_for(0.3)
        d.buf = b""
        d.write(b"\rAT\r")
        d.read_until(b"\r\nOK\r\n", 5)

    def test_garbage_both_ways(self):
        d = self.start()
        junk = os.urandom(256 * 1024)
        self.peer.conn.sendall(junk)
        self.assertTrue(d.read_exact(len(junk), 30) == junk)
        d.command_mode()
        for _ in range(8):
            d.write(os.urandom(4096).replace(b"+", b"-"))
            d.read_for(0.02)
        self.assert_answers(d)
        self.peer.close()

    def test_one_megabyte_line(self):
        d = self.start()
        d.command_mode()
        line = b"AT+" + b"A" * (1 << 20)
        for i in range(0, len(line), 65536):
            d.write(line[i:i + 65536])
            d.read_for(0.01)  # echo and replies must not back up the test
        d.write(b"\r")
        self.assert_answers(d)
        self.peer.close()

    def test_peer_resets_mid_stream(self):
        d = self.start()
        stop = threading.Event()

        def pump():
            data = os.urandom(65536)
            while not stop.is_set():
                try:
                    d.write(data, 5)
                except (TimeoutError, OSError):
                    pass

        t = threading.Thread(target=pump)
        t.start()
        try:
            self.peer.recv_exact(300000, 20)
            # an abortive close: RST while the daemon is sending
            self.peer.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.peer.conn.close()
            self.peer.conn = None
            for _ in range(2):
                conn = self.peer.accept(15)  # it reconnects
                self.peer.recv_exact(100000, 20, conn=conn)
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
                self.peer.conn = None
        finally:
            stop.set()
            t.join(10)
        time.sleep(0.5)
        self.assertTrue(d.alive())
        d.command_mode()
        self.assert_answers(d)
        self.peer.close()


if __name__ == "__main__":
    dtu.main()
