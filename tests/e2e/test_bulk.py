"""1 MiB of random bytes each way arrives byte-exact and in order."""
import os
import threading
import time

import dtu

MIB = 1 << 20


class Bulk(dtu.DtuTest):
    def start(self, baud, extra=()):
        self.peer = dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % self.peer.port, 'AT+HEARTEN="off"',
                               'AT+UART=%d,"NONE",8,1,"NONE"' % baud, "AT+S"], extra=extra)
        self.peer.accept(10)
        return d

    def to_network(self, d, data, pace_bytes_per_s=None):
        got = {}

        def reader():
            try:
                got["data"] = self.peer.recv_exact(len(data), 120)
            except Exception as e:  # reported below
                got["error"] = e

        t = threading.Thread(target=reader)
        t.start()
        if pace_bytes_per_s is None:
            d.write(data, 120)
        else:
            # as a UART at that rate would deliver it: a piece every 50 ms
            piece = pace_bytes_per_s // 20
            t0 = time.monotonic()
            for i in range(0, len(data), piece):
                d.write(data[i:i + piece])
                time.sleep(max(0.0, t0 + (i // piece + 1) * 0.05 - time.monotonic()))
        t.join(130)
        self.assertNotIn("error", got, got.get("error"))
        self.assertEqual(len(got["data"]), len(data))
        self.assertTrue(got["data"] == data, "bytes differ")

    def to_serial(self, d, data):
        t = threading.Thread(target=lambda: self.peer.conn.sendall(data))
        t.start()
        got = d.read_exact(len(data), 120)
        t.join(10)
        self.assertEqual(len(got), len(data))
        self.assertTrue(got == data, "bytes differ")

    def test_115200_each_way(self):
        d = self.start(115200)
        self.to_network(d, os.urandom(MIB))
        self.to_serial(d, os.urandom(MIB))
        self.peer.close()

    def test_full_pty_speed_both_ways_at_once(self):
        d = self.start(921600)
        up, down = os.urandom(MIB), os.urandom(MIB)
        got = {}

        def serial_reader():
            try:
                got["down"] = d.read_exact(len(down), 120)
            except Exception as e:
                got["error"] = e

        def peer_writer():
            self.peer.conn.sendall(down)

        threads = [threading.Thread(target=serial_reader), threading.Thread(target=peer_writer)]
        for t in threads:
            t.start()
        # the writer is this thread; the peer reads what arrives upstream
        result = {}

        def peer_reader():
            result["up"] = self.peer.recv_exact(len(up), 120)

        r = threading.Thread(target=peer_reader)
        r.start()
        d.write(up, 120)
        for t in threads + [r]:
            t.join(130)
        self.assertNotIn("error", got, got.get("error"))
        self.assertTrue(result.get("up") == up, "upstream bytes differ")
        self.assertTrue(got.get("down") == down, "downstream bytes differ")
        self.peer.close()

    def test_paced_like_a_115200_line(self):
        # 64 KiB at the speed of a 115200 baud line (about 6 s): frames end
        # by the packing rules inside the stream, nothing is lost or reordered
        d = self.start(115200, extra=("-v",))  # -vv: the debug lines
        self.to_network(d, os.urandom(64 * 1024), pace_bytes_per_s=11520)
        # reads of a few hundred bytes are a device's frames, not a burst:
        # every frame leaves at once (TCP_NODELAY throughout)
        self.assertNotIn("serial burst", d.log_text())
        self.peer.close()

    def test_burst_coalesces_then_sends_at_once(self):
        # A burst at full pty speed lets socket A's sends coalesce (fewer,
        # fuller segments); when the burst ends the link goes back to
        # sending every frame at once, so a later small frame is not held.
        d = self.start(921600, extra=("-v",))  # -vv: the debug lines
        self.to_network(d, os.urandom(MIB))
        deadline = time.monotonic() + 5
        while "socket A: sends go out at once" not in d.log_text() and time.monotonic() < deadline:
            time.sleep(0.05)
        log = d.log_text()
        on = log.find("socket A: serial burst: sends coalesce")
        self.assertGreaterEqual(on, 0, "no coalescing during the burst")
        self.assertGreater(log.find("socket A: sends go out at once", on), on,
                           "coalescing still on after the burst")
        mark = len(log.encode())
        t0 = time.monotonic()
        d.write(b"after the burst")
        self.assertEqual(self.peer.recv_exact(15, 5), b"after the burst")
        self.assertLess(time.monotonic() - t0, 1.0)
        self.assertNotIn("serial burst", d.log_text_since(mark))
        self.peer.close()

    def test_burst_ends_when_the_serial_side_goes_quiet(self):
        # A burst whose tail the engine holds for the packing time (200 ms
        # in gprs232): coalescing ends as soon as the serial side is quiet
        # (SERIAL_BURST_LOOK_MS), not when that tail leaves, so the frames
        # before it are not held by Nagle meanwhile.
        d = self.start(921600, extra=("-v",))
        # Each try is one write of 3000 bytes: one read of a burst's size,
        # of which 952 (3000 - 2 * 1024) stay held for the packing time.
        # The kernel may hand a write over in smaller reads, which is no
        # burst: then the try is made again.
        for attempt in range(5):
            tail = os.urandom(3000)
            got = {}

            def reader():
                got["data"] = self.peer.recv_exact(len(tail), 10)
                got["at"] = time.monotonic()

            mark = len(d.log_text().encode())
            t = threading.Thread(target=reader)
            t.start()
            d.write(tail, 10)
            line_at = None
            while t.is_alive() and line_at is None:
                log = d.log_text_since(mark)
                on = log.find("socket A: serial burst: sends coalesce")
                if on >= 0 and log.find("socket A: sends go out at once", on) > on:
                    line_at = time.monotonic()
                else:
                    time.sleep(0.002)
            t.join(15)
            self.assertTrue(got.get("data") == tail, "bytes differ")
            if line_at is None:
                if "serial burst" in d.log_text_since(mark):
                    self.fail("coalescing lasted until the held tail left")
                continue  # no burst this time
            self.assertGreater(got["at"] - line_at, 0.1,
                               "coalescing lasted until the held tail left")
            return
        self.fail("no write of 3000 bytes was read as a burst in 5 tries")


if __name__ == "__main__":
    dtu.main()
