"""A scripted AT modem on a pseudo-terminal for the --modem tests: the
TS 27.005 PDU-mode dialogue the daemon speaks (ports/linux/modem.c).

It answers ATE0, AT+CMGF, AT+CNMI with OK, AT+CMGL with the stored slots; AT+CMGS=<n> with the "> " prompt,
then takes the PDU hex up to Ctrl-Z, records it and answers +CMGS/OK (or
ERROR when told to fail); it stores injected SMS-DELIVER PDUs in numbered
slots, announces them with +CMTI, and serves AT+CMGR / AT+CMGD. It can also
push a PDU directly as +CMT. Everything runs in one thread; every wait is
bounded.

Its SIM (TS 27.007 AT+CPIN) is READY, or locked: "SIM PIN" with a PIN that
AT+CPIN="<pin>" unlocks (three wrong ones block it: "SIM PUK"), or "SIM PUK"
from the start; or sim=None, a modem that answers ERROR to AT+CPIN. While
the SIM is locked the SMS commands answer +CME ERROR: 11 (SIM PIN required),
as real modems do.

The PDU helpers below are just enough for the tests: SMS-DELIVER with GSM
7-bit or UCS2 text, and SMS-SUBMIT decoding.
"""
import os
import select
import threading
import time
import tty

# GSM 03.38 default alphabet: the characters the tests use map to these.
_GSM7 = ("@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
         "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\x1b\u00c6\u00e6\u00df\u00c9"
         " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
         "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
         "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0")


def _semi_octets(digits):
    if len(digits) % 2:
        digits += "F"
    return bytes(int(digits[i + 1] + digits[i], 16) for i in range(0, len(digits), 2))


def _address(number):
    toa = 0x91 if number.startswith("+") else 0x81
    digits = number.lstrip("+")
    return bytes([len(digits), toa]) + _semi_octets(digits)


def _pack7(septets):
    out, acc, bits = bytearray(), 0, 0
    for s in septets:
        acc |= s << bits
        bits += 7
        while bits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        out.append(acc & 0xFF)
    return bytes(out)


def _unpack7(data, count, skip_bits=0):
    value = int.from_bytes(data, "little")
    return [(value >> (skip_bits + 7 * i)) & 0x7F for i in range(count)]


def deliver(sender, text):
    """An SMS-DELIVER hex PDU (SMSC field 00) from sender with text: GSM
    7-bit when every character is in the default alphabet, else UCS2."""
    scts = bytes([0x62, 0x11, 0x32, 0x41, 0x00, 0x00, 0x23])
    if all(c in _GSM7 for c in text):
        septets = [_GSM7.index(c) for c in text]
        dcs, udl, ud = 0x00, len(septets), _pack7(septets)
    else:
        ud = text.encode("utf-16-be")
        dcs, udl = 0x08, len(ud)
    pdu = b"\x00\x04" + _address(sender) + bytes([0x00, dcs]) + scts + bytes([udl]) + ud
    return pdu.hex().upper()


def decode_submit(hex_pdu):
    """(destination number, text, concatenation (ref, total, seq) or None)
    of an SMS-SUBMIT hex PDU that starts with its SMSC field."""
    pdu = bytes.fromhex(hex_pdu)
    i = 1 + pdu[0]
    fo = pdu[i]
    i += 2  # first octet, TP-MR
    ndigits, toa = pdu[i], pdu[i + 1]
    raw = pdu[i + 2:i + 2 + (ndigits + 1) // 2].hex().upper()
    digits = "".join(raw[k + 1] + raw[k] for k in range(0, len(raw), 2))[:ndigits]
    number = ("+" if toa == 0x91 else "") + digits
    i += 2 + (ndigits + 1) // 2
    dcs = pdu[i + 1]
    i += 2
    vpf = (fo >> 3) & 3
    i += {0: 0, 2: 1}.get(vpf, 7)
    udl = pdu[i]
    ud = pdu[i + 1:]
    concat, header = None, 0
    if fo & 0x40:
        header = ud[0] + 1
        h = ud[1:header]
        k = 0
        while k + 1 < len(h):
            iei, ln = h[k], h[k + 1]
            if iei == 0x00:
                concat = (h[k + 2], h[k + 3], h[k + 4])
            elif iei == 0x08:
                concat = ((h[k + 2] << 8) | h[k + 3], h[k + 4], h[k + 5])
            k += 2 + ln
    coding = (dcs >> 2) & 3 if (dcs & 0xC0) == 0 else 0
    if coding == 2:
        text = ud[header:udl].decode("utf-16-be")
    elif coding == 1:
        text = ud[header:udl].decode("latin-1")
    else:
        skip = (header * 8 + 6) // 7 if header else 0
        septets = _unpack7(ud, udl)[skip:]
        text, esc = "", False
        for s in septets:
            if s == 0x1B:
                esc = True
                continue
            text += ({0x28: "{", 0x29: "}", 0x3C: "[", 0x3E: "]", 0x2F: "\\", 0x14: "^",
                      0x3D: "~", 0x40: "|", 0x65: "\u20ac"}.get(s, " ") if esc else _GSM7[s])
            esc = False
    return number, text, concat


SMS_COMMANDS = ("AT+CMGF", "AT+CNMI", "AT+CMGL", "AT+CMGS", "AT+CMGR", "AT+CMGD")


class FakeModem:
    def __init__(self, sim="READY", pin=None):
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        tty.setraw(self.master)
        self.path = os.ttyname(self.slave)
        self.sent = []          # SMS-SUBMIT hex PDUs the daemon sent
        self.commands = []      # every command line the daemon wrote
        self.slots = {}         # index -> hex PDU stored on the "SIM"
        self.fail_sends = 0     # answer this many AT+CMGS with ERROR
        self.sim = sim          # "READY", "SIM PIN", "SIM PUK"; None: no AT+CPIN
        self.pin = pin          # what unlocks "SIM PIN"
        self.pin_attempts = 0   # every AT+CPIN="..." the daemon sent
        self.wrong_pins = 0     # of those, refused; the third blocks the SIM
        self.lock = threading.Lock()
        self._next_slot = 1
        self._buf = b""
        self._pdu_len = None    # inside AT+CMGS: waiting for hex + Ctrl-Z
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _write(self, data):
        os.write(self.master, data)

    def _run(self):
        while not self._stop:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if not r:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            with self.lock:
                self._buf += chunk
                self._process()

    def _process(self):
        while True:
            if self._pdu_len is not None:
                end = self._buf.find(b"\x1a")
                if end < 0:
                    return
                body, self._buf = self._buf[:end], self._buf[end + 1:]
                self._pdu_len = None
                if self.fail_sends > 0:
                    self.fail_sends -= 1
                    self._write(b"\r\n+CMS ERROR: 500\r\n")
                else:
                    self.sent.append(body.decode())
                    self._write(b"\r\n+CMGS: %d\r\n\r\nOK\r\n" % len(self.sent))
                continue
            end = self._buf.find(b"\r")
            if end < 0:
                return
            line, self._buf = self._buf[:end].strip(b"\n").decode(errors="replace"), self._buf[end + 1:]
            if not line:
                continue
            self.commands.append(line)
            self._command(line)

    def _cpin(self, upper, line):
        if self.sim is None:
            self._write(b"\r\nERROR\r\n")
        elif upper == "AT+CPIN?":
            self._write(b"\r\n+CPIN: %s\r\n\r\nOK\r\n" % self.sim.encode())
        elif upper.startswith("AT+CPIN="):
            self.pin_attempts += 1
            given = line[8:].strip('"')
            if self.sim != "SIM PIN":
                self._write(b"\r\n+CME ERROR: 3\r\n")  # operation not allowed
            elif given == self.pin:
                self.sim = "READY"
                self._write(b"\r\nOK\r\n")
            else:
                self.wrong_pins += 1
                if self.wrong_pins >= 3:
                    self.sim = "SIM PUK"
                self._write(b"\r\n+CME ERROR: 16\r\n")  # incorrect password
        else:
            self._write(b"\r\nERROR\r\n")

    def _command(self, line):
        upper = line.upper()
        if upper.startswith("AT+CPIN"):
            self._cpin(upper, line)
        elif self.sim not in (None, "READY") and upper.startswith(SMS_COMMANDS):
            self._write(b"\r\n+CME ERROR: 11\r\n")  # SIM PIN required
        elif upper.startswith("AT+CMGS="):
            self._pdu_len = int(line[8:])
            self._write(b"\r\n> ")
        elif upper.startswith("AT+CMGR="):
            index = int(line[8:])
            pdu = self.slots.get(index)
            if pdu is None:
                self._write(b"\r\n+CMS ERROR: 321\r\n")
            else:
                tpdu = len(pdu) // 2 - 1 - int(pdu[:2], 16)
                self._write(b"\r\n+CMGR: 0,,%d\r\n%s\r\n\r\nOK\r\n" % (tpdu, pdu.encode()))
        elif upper.startswith("AT+CMGL="):
            out = b""
            for index, pdu in sorted(self.slots.items()):
                tpdu = len(pdu) // 2 - 1 - int(pdu[:2], 16)
                out += b"\r\n+CMGL: %d,0,,%d\r\n%s" % (index, tpdu, pdu.encode())
            self._write(out + b"\r\n\r\nOK\r\n")
        elif upper.startswith("AT+CMGD="):
            self.slots.pop(int(line[8:]), None)
            self._write(b"\r\nOK\r\n")
        elif upper.startswith("AT"):
            self._write(b"\r\nOK\r\n")

    def store(self, hex_pdu):
        """Puts an SMS on the SIM without announcing it (there before the start)."""
        with self.lock:
            index = self._next_slot
            self._next_slot += 1
            self.slots[index] = hex_pdu
        return index

    def inject(self, hex_pdu):
        """Stores an SMS on the SIM and announces it (+CMTI)."""
        with self.lock:
            index = self._next_slot
            self._next_slot += 1
            self.slots[index] = hex_pdu
            self._write(b'\r\n+CMTI: "SM",%d\r\n' % index)
        return index

    def push(self, hex_pdu):
        """Delivers an SMS directly (+CMT), as AT+CNMI=2,2 modems do."""
        tpdu = len(hex_pdu) // 2 - 1 - int(hex_pdu[:2], 16)
        with self.lock:
            self._write(b"\r\n+CMT: ,%d\r\n%s\r\n" % (tpdu, hex_pdu.encode()))

    def wait_sent(self, count, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if len(self.sent) >= count:
                    return list(self.sent)
            time.sleep(0.02)
        raise AssertionError("the modem got %d PDUs, expected %d; commands: %r"
                             % (len(self.sent), count, self.commands))

    def count(self, prefix):
        """How many commands the daemon sent that start with prefix."""
        with self.lock:
            return sum(c.upper().startswith(prefix) for c in self.commands)

    def wait_command(self, prefix, timeout=10):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if any(c.upper().startswith(prefix) for c in self.commands):
                    return
            time.sleep(0.02)
        raise AssertionError("no %s; commands: %r" % (prefix, self.commands))

    def close(self):
        self._stop = True
        self._thread.join(2)
        os.close(self.master)
        os.close(self.slave)
