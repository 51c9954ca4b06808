"""The peer goes away: frames are cached, the daemon reconnects (after the
reconnect interval and its jitter), the cached frames arrive first and in
order; frames beyond the cache are counted, not silently lost."""
import os
import re
import time

import dtu


class Cache(dtu.DtuTest):
    def start(self):
        self.peer = dtu.TcpPeer()
        self.port = self.peer.port
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % self.port, 'AT+HEARTEN="off"', "AT+S"])
        self.peer.accept(10)
        d.write(b"before")
        self.assertEqual(self.peer.recv_exact(6), b"before")
        self.peer.close()  # the peer is gone: FIN, then nothing listens
        time.sleep(0.5)
        return d

    def test_cached_frames_first_after_reconnect(self):
        d = self.start()
        frames = [b"F%d;" % i for i in range(5)]
        for f in frames:
            d.write(f)
            time.sleep(0.3)  # gprs232 ends a frame after 200 ms of quiet
        t0 = time.monotonic()
        self.peer = dtu.TcpPeer(self.port)
        self.peer.accept(15)
        d.write(b"NEW")
        expected = b"".join(frames) + b"NEW"
        self.assertEqual(self.peer.recv_exact(len(expected), 10), expected)
        self.assertLess(time.monotonic() - t0, 15)
        self.peer.close()

    def test_overflow_is_counted(self):
        d = self.start()
        data = os.urandom(10000)  # frames of 1024 bytes: more than the 4 KB cache holds
        d.write(data)
        time.sleep(0.6)
        d.command_mode()
        reply = d.at_ok("AT+DTU_CACHE?")
        m = re.search(rb"A,(\d+),(\d+),(\d+),(\d+)", reply)
        self.assertIsNotNone(m, reply)
        queued_frames, queued_bytes, dropped_frames, dropped_bytes = map(int, m.groups())
        self.assertGreater(dropped_frames, 0)
        self.assertEqual(queued_bytes + dropped_bytes, len(data))
        self.assertEqual(queued_frames + dropped_frames, (len(data) + 1023) // 1024)
        d.at_ok("AT+ENTM")
        # the newest frames survive, whole and in order
        self.peer = dtu.TcpPeer(self.port)
        self.peer.accept(15)
        self.assertEqual(self.peer.recv_exact(queued_bytes, 10), data[len(data) - queued_bytes:])
        self.assertEqual(self.peer.recv_for(0.5), b"")
        self.peer.close()


if __name__ == "__main__":
    dtu.main()
