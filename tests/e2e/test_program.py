"""The program around the engine: signals, the pty link, --serial on a tty
with termios from the UART setting, restarts in process."""
import os
import select
import signal
import subprocess
import termios
import time

import dtu


class Program(dtu.DtuTest):
    def test_signals_exit_0_and_remove_the_link(self):
        commands = ['AT+WKMOD="CMD"', "AT+S"]
        for sig in (signal.SIGTERM, signal.SIGINT):
            d = self.dtu(commands=commands)
            commands = None  # the state file has them from now on
            self.assertTrue(os.path.islink(d.link))
            self.assertEqual(d.stop(sig), 0)
            self.assertFalse(os.path.lexists(d.link))
            self.daemons.remove(d)

    def test_pty_path_on_stderr_without_v(self):
        d = dtu.Dtu(self.dir)
        dtu.prepare_state(d.state, "gprs232", ['AT+WKMOD="CMD"', "AT+S"])
        p = subprocess.Popen([dtu.binary(), "--state", d.state, "--pty-link", d.link],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        line = b""
        deadline = dtu.Deadline(5)
        while not line.endswith(b"\n") and not deadline.over():
            r, _, _ = select.select([p.stderr], [], [], deadline.left())
            if r:
                line += os.read(p.stderr.fileno(), 1)
        p.terminate()
        p.wait(5)
        self.assertRegex(line.decode(), r"^usrdtu: serial port: /dev/pts/\d+ \(linked at .*tty\)\n$")

    def test_refuses_to_replace_a_file(self):
        path = os.path.join(self.dir, "precious")
        with open(path, "w") as f:
            f.write("keep me")
        r = subprocess.run([dtu.binary(), "--no-net", "--state", os.path.join(self.dir, "s.bin"),
                            "--pty-link", path], capture_output=True, timeout=10)
        self.assertEqual(r.returncode, 1)
        with open(path) as f:
            self.assertEqual(f.read(), "keep me")

    def test_serial_on_a_tty_follows_the_uart_setting(self):
        master, slave = os.openpty()
        tty_path = os.ttyname(slave)
        state = os.path.join(self.dir, "state.bin")
        dtu.prepare_state(state, "gprs232", ['AT+WKMOD="CMD"', 'AT+UART=9600,"NONE",8,2,"NONE"', "AT+S"])
        p = subprocess.Popen([dtu.binary(), "--serial", tty_path, "--state", state, "-v"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            out = b""
            deadline = dtu.Deadline(5)
            while b"USR-GM3 V3.0.0\r\n" not in out and not deadline.over():
                r, _, _ = select.select([master], [], [], deadline.left())
                if r:
                    out += os.read(master, 1024)
            self.assertIn(b"USR-GM3 V3.0.0\r\n", out)
            attrs = termios.tcgetattr(slave)
            self.assertEqual(attrs[5], termios.B9600)
            self.assertTrue(attrs[2] & termios.CSTOPB)
            self.assertEqual(attrs[3] & (termios.ICANON | termios.ECHO), 0)  # raw
            # a new setting takes effect at the restart AT+S asks for
            os.write(master, b'AT+UART=57600,"NONE",8,1,"RS485"\rAT+S\r')
            out = b""
            deadline = dtu.Deadline(5)
            while out.count(b"USR-GM3") < 1 and not deadline.over():
                r, _, _ = select.select([master], [], [], deadline.left())
                if r:
                    out += os.read(master, 1024)
            time.sleep(0.1)
            attrs = termios.tcgetattr(slave)
            self.assertEqual(attrs[5], termios.B57600)
            self.assertFalse(attrs[2] & termios.CSTOPB)
        finally:
            p.terminate()
            _, err = p.communicate(timeout=5)
            os.close(master)
            os.close(slave)
        self.assertEqual(p.returncode, 0, err)
        # a pty has no RS485 mode: said, and tolerated
        self.assertIn(b"RS485 mode not available", err)

    def test_serial_refuses_a_non_tty(self):
        r = subprocess.run([dtu.binary(), "--no-net", "--state", os.path.join(self.dir, "s.bin"),
                            "--serial", "/dev/null"], capture_output=True, timeout=10)
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"not a terminal", r.stderr)

    def test_restart_command_reconnects_in_process(self):
        peer = dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % peer.port, 'AT+HEARTEN="off"', "AT+S"])
        first = peer.accept(10)
        pid = d.proc.pid
        d.command_mode()
        d.write(b"AT+Z\r")
        d.read_until(b"USR-GM3 V3.0.0\r\n", 5)
        self.assertEqual(peer.recv_for(2, conn=first), b"")  # the old link was closed
        second = peer.accept(10)
        d.write(b"after restart")
        self.assertEqual(peer.recv_exact(13, conn=second), b"after restart")
        self.assertEqual(d.proc.pid, pid)
        first.close()
        peer.close()


if __name__ == "__main__":
    dtu.main()
