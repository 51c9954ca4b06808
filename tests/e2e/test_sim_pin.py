"""The SIM PIN through --modem (gprs232 UCPIN, 001 3.1.7.68, SPEC section
10; ports/linux/modem.c): after each start of the engine the daemon asks
the modem AT+CPIN?, gives a SIM that wants its PIN the stored one once, and
reports a SIM that stays locked to the engine (usrdtu_sim_locked), which
restarts 5 minutes later. The 5 minutes are the unit tests' business
(tests/test_profile_gprs232.c, virtual clock); here the daemon's log line
says the engine took the report."""
import time

import dtu
from fake_modem import FakeModem, decode_submit

INIT = ["ATE0", "AT+CPIN?"]
SMS_INIT = ["AT+CMGF=0", "AT+CNMI=2,1,0,0,0", "AT+CMGL=4"]
REPORTED = "SIM lock reported: the engine restarts in 300 s"
CMD_MODE = ['AT+WKMOD="CMD"', 'AT+E="off"']


class SimPin(dtu.DtuTest):
    def tearDown(self):
        super().tearDown()
        self.modem.close()

    def start(self, sim, pin, commands, profile="gprs232"):
        self.modem = FakeModem(sim=sim, pin=pin)
        return self.dtu(profile, commands=commands,
                        extra=["--no-net", "--modem", self.modem.path])

    def sent_texts(self):
        with self.modem.lock:
            return [decode_submit(p)[1] for p in self.modem.sent]

    def wait_log(self, d, text, count=1, timeout=10):
        deadline = dtu.Deadline(timeout)
        while d.log_text().count(text) < count:
            if deadline.over():
                raise AssertionError("the log has %d of %r, expected %d"
                                     % (d.log_text().count(text), text, count))
            time.sleep(0.02)
        return d.log_text()

    def test_right_pin_unlocks_and_sms_work(self):
        d = self.start("SIM PIN", "1234",
                       ['AT+WKMOD="SMS"', 'AT+DSTNUM="13800138000"', 'AT+UCPIN="1234"', "AT+S"])
        self.modem.wait_command("AT+CMGL")
        self.assertEqual(self.modem.commands,
                         INIT + ['AT+CPIN="1234"', "AT+CPIN?"] + SMS_INIT)
        self.assertEqual(self.modem.sim, "READY")
        d.write(b"after the PIN")
        self.assertEqual(decode_submit(self.modem.wait_sent(1)[0])[:2],
                         ("13800138000", "after the PIN"))
        log = d.log_text()
        self.assertIn("modem: SIM ready", log)
        self.assertNotIn("stays locked", log)

    def test_wrong_pin_is_tried_once_per_restart(self):
        d = self.start("SIM PIN", "1234", CMD_MODE + ['AT+UCPIN="4321"', "AT+S"])
        log = self.wait_log(d, REPORTED)
        self.assertIn("the SIM stays locked (it refused the stored PIN)", log)
        self.assertEqual(self.modem.pin_attempts, 1)
        # the SMS commands a locked SIM refuses are not sent
        self.assertEqual(self.modem.commands, INIT + ['AT+CPIN="4321"'])
        # nor an SMS: it fails at once
        d.at_ok('AT+SMSEND="1008610010",1,"locked"')
        self.wait_log(d, "SMS not sent: the SIM is locked")
        self.assertEqual(self.modem.count("AT+CMGS"), 0)
        self.assertEqual(self.modem.pin_attempts, 1)

        # only the next start of the engine tries the PIN again, once
        self.assertEqual(d.at("AT+Z"), b"\r\nOK\r\n")
        d.read_until(dtu.START_MESSAGES["gprs232"], 5)
        self.wait_log(d, REPORTED, count=2)
        self.assertEqual(self.modem.pin_attempts, 2)
        self.assertEqual(self.modem.count("AT+CPIN?"), 2)

        # and with the PIN the settings then hold
        d.at_ok('AT+UCPIN="1234"')
        self.assertEqual(d.at("AT+S"), b"\r\nOK\r\n")
        d.read_until(dtu.START_MESSAGES["gprs232"], 5)
        self.modem.wait_command("AT+CMGL")
        self.assertEqual(self.modem.pin_attempts, 3)
        self.assertEqual(self.modem.sim, "READY")
        self.assertEqual(self.modem.commands[-6:],
                         ["AT+CPIN?", 'AT+CPIN="1234"', "AT+CPIN?"] + SMS_INIT)
        self.assertEqual(d.log_text().count(REPORTED), 2)
        self.assertEqual(d.at('AT+SMSEND="1008610010",1,"unlocked"'), b"\r\nOK\r\n")
        # the engine keeps a failed SMS for its next tries (3, 5 s apart):
        # "locked" may go out too if a try is left, before or after
        deadline = dtu.Deadline(15)
        while "unlocked" not in self.sent_texts():
            self.assertFalse(deadline.over(), self.sent_texts())
            time.sleep(0.02)
        self.assertLessEqual(set(self.sent_texts()), {"locked", "unlocked"})

    def test_no_stored_pin_reports_at_once(self):
        d = self.start("SIM PIN", "1234", CMD_MODE + ["AT+S"])
        log = self.wait_log(d, REPORTED)
        self.assertIn("the SIM stays locked (it asks for a PIN and none is stored)", log)
        self.assertEqual(self.modem.commands, INIT)
        self.assertEqual(self.modem.pin_attempts, 0)

    def test_puk_gets_no_pin(self):
        d = self.start("SIM PUK", "1234", CMD_MODE + ['AT+UCPIN="1234"', "AT+S"])
        log = self.wait_log(d, REPORTED)
        self.assertIn("the SIM stays locked (it asks for SIM PUK)", log)
        self.assertEqual(self.modem.commands, INIT)
        self.assertEqual(self.modem.pin_attempts, 0)

    def test_modem_without_cpin_goes_on(self):
        d = self.start(None, None, ['AT+WKMOD="SMS"', 'AT+DSTNUM="13800138000"',
                                    'AT+UCPIN="1234"', "AT+S"])
        self.modem.wait_command("AT+CMGL")
        self.assertEqual(self.modem.commands, INIT + SMS_INIT)
        d.write(b"no SIM check")
        self.assertEqual(decode_submit(self.modem.wait_sent(1)[0])[1], "no SIM check")
        log = d.log_text()
        self.assertIn("AT+CPIN? failed: the SIM state is unknown, going on", log)
        self.assertNotIn("stays locked", log)
        self.assertEqual(self.modem.pin_attempts, 0)

    def test_profile_without_ucpin_only_asks(self):
        # g781 has no UCPIN: the query runs, no PIN goes out, and the
        # engine, which has no SIM lock restart there, says so
        d = self.start("SIM PIN", "1234", None, profile="g781")
        log = self.wait_log(d, "this profile has no UCPIN")
        self.assertIn("it asks for a PIN and none is stored", log)
        self.assertEqual(self.modem.commands, INIT)
        self.assertEqual(self.modem.pin_attempts, 0)
        self.assertNotIn(REPORTED, log)


if __name__ == "__main__":
    dtu.main()
