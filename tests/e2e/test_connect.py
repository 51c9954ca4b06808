"""Configure through the pty, see the daemon connect; registration first,
heartbeat on an idle link, UDP, and a host name through the resolver."""
import socket
import time

import dtu


class Connect(dtu.DtuTest):
    def test_configure_through_pty_then_connect(self):
        peer = dtu.TcpPeer()
        # Boot in command mode: no socket runs until the pty says so.
        d = self.dtu(commands=['AT+WKMOD="CMD"', "AT+S"])
        d.at_ok("AT")
        d.at_ok('AT+SOCKA="TCP","127.0.0.1",%d' % peer.port)
        d.at_ok('AT+HEARTEN="off"')
        d.at_ok('AT+WKMOD="NET"')
        d.write(b"AT+S\r")
        d.read_until(b"USR-GM3 V3.0.0\r\n", 5)
        peer.accept(10)
        d.write(b"hello from the serial side")
        self.assertEqual(peer.recv_exact(26), b"hello from the serial side")
        peer.conn.sendall(b"hello from the network")
        self.assertEqual(d.read_exact(22, 5), b"hello from the network")
        # the settings were saved: the link query says connected
        d.command_mode()
        self.assertIn(b"on", d.at_ok("AT+SOCKALK").lower())
        peer.close()

    def test_registration_before_data(self):
        peer = dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % peer.port, 'AT+HEARTEN="off"',
                               'AT+REGEN="on"', 'AT+REGTP="REGDT"', 'AT+REGDT="5245474953544552"',
                               'AT+REGSND="link"', "AT+S"])
        peer.accept(10)
        d.write(b"payload")
        self.assertEqual(peer.recv_exact(len(b"REGISTERpayload")), b"REGISTERpayload")
        peer.close()

    def test_heartbeat_on_idle_link(self):
        peer = dtu.TcpPeer()
        self.dtu(commands=['AT+SOCKA="TCP","127.0.0.1",%d' % peer.port, 'AT+HEARTEN="on"',
                           'AT+HEARTTP="NET"', "AT+HEARTTM=1", 'AT+HEARTDT="6862"', "AT+S"])
        peer.accept(10)
        t0 = time.monotonic()
        self.assertEqual(peer.recv_exact(2, 5), b"hb")
        self.assertEqual(peer.recv_exact(2, 5), b"hb")
        self.assertLess(time.monotonic() - t0, 4.5)
        peer.close()

    def test_udp_client(self):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        u.settimeout(10)
        d = self.dtu(commands=['AT+SOCKA="UDP","127.0.0.1",%d' % u.getsockname()[1],
                               'AT+HEARTEN="off"', "AT+S"])
        time.sleep(0.3)
        d.write(b"datagram one")
        data, addr = u.recvfrom(65536)
        self.assertEqual(data, b"datagram one")
        u.sendto(b"answer", addr)
        self.assertEqual(d.read_exact(6, 5), b"answer")
        u.close()

    def test_host_name_through_resolver(self):
        peer = dtu.TcpPeer()
        d = self.dtu(commands=['AT+SOCKA="TCP","localhost",%d' % peer.port, 'AT+HEARTEN="off"',
                               "AT+S"])
        conn = peer.accept(10)
        d.write(b"by name")
        self.assertEqual(peer.recv_exact(7, conn=conn), b"by name")
        peer.close()


if __name__ == "__main__":
    dtu.main()
