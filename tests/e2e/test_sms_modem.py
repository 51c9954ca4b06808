"""SMS through --modem (SPEC section 8, ports/linux/modem.c): the daemon
talks TS 27.005 PDU mode to a scripted modem on a second pty."""
import dtu
from fake_modem import FakeModem, decode_submit, deliver

SMS_MODE = ['AT+WKMOD="SMS"', 'AT+DSTNUM="13800138000"', "AT+S"]


class SmsModem(dtu.DtuTest):
    def setUp(self):
        super().setUp()
        self.modem = FakeModem()

    def tearDown(self):
        super().tearDown()
        self.modem.close()

    def start(self, commands):
        return self.dtu(commands=commands, extra=["--no-net", "--modem", self.modem.path])

    def test_frame_becomes_an_sms_to_dstnum(self):
        d = self.start(SMS_MODE)
        self.modem.wait_command("AT+CMGL")
        d.write(b"Temp 21.5 C")
        pdus = self.modem.wait_sent(1)
        self.assertEqual(decode_submit(pdus[0])[:2], ("13800138000", "Temp 21.5 C"))
        # UCS2, and a frame too long for one SMS goes as parts in order
        d.write("\u6e29\u5ea6 25".encode())
        self.assertEqual(decode_submit(self.modem.wait_sent(2)[1])[1], "\u6e29\u5ea6 25")
        d.write(b"x" * 200)
        pdus = self.modem.wait_sent(4)
        parts = [decode_submit(p) for p in pdus[2:4]]
        self.assertEqual([p[2][1:] for p in parts], [(2, 1), (2, 2)])
        self.assertEqual(parts[0][1] + parts[1][1], "x" * 200)

    def test_failed_send_is_retried(self):
        d = self.start(SMS_MODE)
        self.modem.wait_command("AT+CMGL")
        self.modem.fail_sends = 1
        d.write(b"again")
        # the engine waits USRDTU_CFG_SMS_RETRY_MS (5 s) before the retry
        pdus = self.modem.wait_sent(1, timeout=15)
        self.assertEqual(decode_submit(pdus[0])[1], "again")
        self.assertEqual(self.modem.fail_sends, 0)
        self.assertEqual(sum(c.startswith("AT+CMGS=") for c in self.modem.commands), 2)

    def test_received_sms_reaches_the_serial_port(self):
        d = self.start(SMS_MODE)
        self.modem.wait_command("AT+CMGL")
        index = self.modem.inject(deliver("+8613912345678", "Hello from a phone"))
        d.read_until(b"Hello from a phone", 10)
        self.modem.wait_command("AT+CMGD=%d" % index)
        self.assertNotIn(index, self.modem.slots)
        self.modem.push(deliver("+8613912345678", "\u5f00\u706f"))
        d.read_until("\u5f00\u706f".encode(), 10)

    def test_messages_stored_before_the_start_are_read(self):
        index = self.modem.store(deliver("+8613912345678", "waiting on the SIM"))
        d = self.start(SMS_MODE)
        d.read_until(b"waiting on the SIM", 10)
        self.modem.wait_command("AT+CMGD=%d" % index)
        self.assertEqual(self.modem.slots, {})

    def test_sms_at_replies_to_the_sender(self):
        d = self.start(['AT+WKMOD="CMD"', 'AT+E="off"', "AT+S"])
        self.modem.wait_command("AT+CMGL")
        self.modem.inject(deliver("+8613912345678", "usr.cn#AT+HEARTTM=45;AT+HEARTTM?;"))
        number, text, _ = decode_submit(self.modem.wait_sent(1)[0])
        self.assertEqual(number, "+8613912345678")
        self.assertEqual(text, "\r\nOK\r\n\r\n+HEARTTM:45\r\n\r\nOK\r\n")
        # the setting took effect in the daemon
        self.assertEqual(d.at("AT+HEARTTM?"), b"\r\n+HEARTTM:45\r\n\r\nOK\r\n")
        # a wrong password runs nothing and answers nothing
        self.modem.inject(deliver("+8613912345678", "usr.cx#AT+HEARTTM=50;"))
        self.modem.wait_command("AT+CMGD=2")
        self.assertEqual(d.at("AT+HEARTTM?"), b"\r\n+HEARTTM:45\r\n\r\nOK\r\n")
        self.assertEqual(len(self.modem.sent), 1)

    def test_smsend(self):
        d = self.start(['AT+WKMOD="CMD"', 'AT+E="off"', "AT+S"])
        self.modem.wait_command("AT+CMGL")
        self.assertEqual(d.at('AT+SMSEND="1008610010",1,"ww.usr.cn"'), b"\r\nOK\r\n")
        self.assertEqual(decode_submit(self.modem.wait_sent(1)[0])[:2], ("1008610010", "ww.usr.cn"))
        self.assertEqual(d.at('AT+SMSEND="1008610010",1,"' + "a" * 161 + '"'), b"\r\n+CME ERROR:3\r\n")


if __name__ == "__main__":
    dtu.main()
