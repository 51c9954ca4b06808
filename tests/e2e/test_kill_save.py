"""kill -9 while AT+S writes the settings, at many points: the next start
has the old settings or the new ones, never a mix, never none."""
import re
import signal
import time

import dtu

ROUNDS = 24


class KillDuringSave(dtu.DtuTest):
    def query(self, d):
        reply = d.at_ok("AT+SOCKA?")
        m = re.search(rb'\+SOCKA:"TCP","([0-9.]+)",(\d+)', reply)
        self.assertIsNotNone(m, reply)
        return m.group(1).decode(), int(m.group(2))

    def test_kill_at_many_points(self):
        # command mode at boot: no socket runs, commands go straight in
        d = self.dtu(commands=['AT+WKMOD="CMD"', 'AT+SOCKA="TCP","10.0.0.1",1000', "AT+S"], start=False)
        current = ("10.0.0.1", 1000)
        seen_new = seen_old = 0
        for i in range(ROUNDS):
            d.start(wait_boot=True)
            self.assertEqual(self.query(d), current)
            new = ("10.0.%d.%d" % (i + 1, i + 2), 2000 + i)
            d.write(b'AT+SOCKA="TCP","%s",%d\rAT+S\r' % (new[0].encode(), new[1]))
            time.sleep(0.002 * i)  # 0 .. 46 ms: before, during and after the write
            d.stop(signal.SIGKILL)
            d.start(wait_boot=True)
            got = self.query(d)
            self.assertIn(got, (current, new), "round %d: a mix or nothing" % i)
            if got == new:
                seen_new += 1
            else:
                seen_old += 1
            current = got
            d.stop()
        # the range of delays covered both outcomes
        self.assertGreater(seen_new, 0)
        self.assertGreater(seen_old, 0)


if __name__ == "__main__":
    dtu.main()
