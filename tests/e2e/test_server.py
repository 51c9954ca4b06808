"""Server-socket profiles accept clients up to their limit: g781 socket A
as TCPS (8 clients, a ninth replaces the oldest), m0 SOCK=TCPS with MAXSK
and TCPSE=KEEP (beyond the limit a client is refused)."""
import socket
import time

import dtu


def closed_soon(conn, seconds=3):
    """True when the daemon closes conn within seconds."""
    conn.settimeout(seconds)
    try:
        return conn.recv(100) == b""
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True


class Server(dtu.DtuTest):
    def test_g781_tcps_fan_out_and_limit(self):
        port = dtu.free_port()
        d = self.dtu("g781", commands=["AT+SOCKA=TCPS,0.0.0.0,%d" % port, "AT+Z"])
        clients = [dtu.connect_retry(port)]
        clients += [dtu.connect_retry(port) for _ in range(7)]
        time.sleep(0.3)
        d.write(b"to everyone")
        for c in clients:
            self.assertEqual(dtu.TcpPeer.recv_exact(None, 11, conn=c), b"to everyone")
        clients[3].sendall(b"from client 4")
        self.assertEqual(d.read_exact(13, 5), b"from client 4")
        # the ninth: the oldest makes room, the others stay
        ninth = dtu.connect_retry(port)
        self.assertTrue(closed_soon(clients[0]))
        time.sleep(0.2)
        d.write(b"again")
        for c in clients[1:] + [ninth]:
            self.assertEqual(dtu.TcpPeer.recv_exact(None, 5, conn=c), b"again")
        for c in clients + [ninth]:
            c.close()

    def test_m0_maxsk_keep_refuses_beyond_limit(self):
        port = dtu.free_port()
        d = self.dtu("m0", commands=["AT+SOCK=TCPS,0.0.0.0,%d" % port, "AT+MAXSK=2", "AT+TCPSE=KEEP",
                                     "AT+Z"])
        a = dtu.connect_retry(port)
        b = dtu.connect_retry(port)
        time.sleep(0.3)
        third = dtu.connect_retry(port)
        self.assertTrue(closed_soon(third))
        d.write(b"two only")
        for c in (a, b):
            self.assertEqual(dtu.TcpPeer.recv_exact(None, 8, conn=c), b"two only")
        # a place freed is a place taken
        a.close()
        time.sleep(0.3)
        c = dtu.connect_retry(port)
        time.sleep(0.3)
        self.assertFalse(closed_soon(c, 0.5))
        c.sendall(b"newcomer")
        self.assertEqual(d.read_exact(8, 5), b"newcomer")
        for s in (b, c, third):
            s.close()


if __name__ == "__main__":
    dtu.main()
