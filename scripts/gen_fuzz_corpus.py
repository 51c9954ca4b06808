#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz target fuzz/fuzz_serial.c.

    python3 scripts/gen_fuzz_corpus.py            # rewrites fuzz/corpus/serial/

Each seed is one serial session in fuzz_serial's input format: a first byte
that picks the profile and the HAL variant, then serial bytes, with
FE d (clock += d * 8 ms, poll) and FD c (control event) markers. The
command lines come from the examples of the vendor manuals (seeds 000-004),
plus the awkward forms that SPEC.md says real host programs send.

The seeds are committed; CI does not run this script. Run it again after
changing it and commit what it writes.
"""


from corpus_lib import Corpus

GPRS232, CAT1, G781, M0 = 0, 1, 2, 3
NO_FLASH, SMALL_FLASH, NO_INFO, SHORT_WRITES, UART_REFUSES, CLOCK_WRAP = (
    0x04, 0x08, 0x10, 0x20, 0x40, 0x80)


def wait(ms):
    """Clock markers for at least ms milliseconds (steps of 8 ms)."""
    steps = (ms + 7) // 8
    out = bytearray()
    while steps > 0:
        d = min(steps, 0xFD)  # FE is the escape for a literal FE
        out += bytes([0xFE, d])
        steps -= d
    if not out:
        out += bytes([0xFE, 0x00])
    return bytes(out)


def serial(data):
    """Serial bytes, with the marker values escaped."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    out = bytearray()
    for b in data:
        out.append(b)
        if b in (0xFE, 0xFD):
            out.append(b)
    return bytes(out)


def control(c):
    return bytes([0xFD, c])


POWER_CYCLE = control(0x00)
RESTART = control(0x02)
POLL_NEXT = control(0x03)


def flash_cut(after):
    return control(((after & 0x3F) << 2) | 1)


def enter_cmd():
    """Guard time, +++, the module's a, our a."""
    return wait(120) + serial("+++") + wait(16) + serial("a") + wait(40)


def cmds(lines, end="\r\n", gap=24):
    out = bytearray()
    for line in lines:
        out += serial(line) + serial(end) + wait(gap)
    return bytes(out)


def session(first, *parts):
    return bytes([first]) + b"".join(parts)


CORPUS = Corpus("serial")


def seed(name, data):
    CORPUS.add(name, data)


# ---- gprs232 (000, 001)
seed("gprs232_basic", session(GPRS232, enter_cmd(), cmds([
    "AT", "AT+VER", "AT+UART?", "AT+SOCKA?", "AT+E?", "AT+WKMOD?", "AT+H"])))
seed("gprs232_socka", session(GPRS232, enter_cmd(), cmds([
    'AT+SOCKA="TCP","test.usr.cn",2317', "AT+SOCKA?", "AT+SOCKA=?",
    "AT+SOCKA=TCP,test.usr.cn,2317", 'AT+SOCKB="UDP","192.168.1.10",65535',
    'AT+SOCKC="TCP","a",0', 'AT+SOCKD="TCP","test.usr.cn",65536'])))
seed("gprs232_uart", session(GPRS232, enter_cmd(), cmds([
    'AT+UART=115200,"NONE",8,1,"NONE"', 'AT+UART=115200, "NONE", 8,1, "RS485"',
    'AT+UART=9600,"EVEN",7,2,"NFC"', "AT+UART=?", "AT+UART?"])))
seed("gprs232_typographic", session(GPRS232, enter_cmd(), cmds([
    "AT+WKMOD=\u201dNET\u201d", "AT+APN=\u201dcode\u201d,\u201dname\u201d,\u201dpass\u201d",
    "AT+CLOUDEN=\u201cON\u201d", "AT+CLOUDID=\u201c10011111100000111111\u201d",
    "AT+HEARTDT=\u201d7777772E7573722E636E\u201d", "AT+HTPURL=\u201d/1.php?\u201d",
    "AT+ PING=\u201dtest.usr.cn\u201d", "AT+DSTNUM=\u201d1008610010****\u201d"])))
seed("gprs232_spaces", session(GPRS232, enter_cmd(), cmds([
    "AT+ SOCKRSTM =180", 'AT+ STMSG ="www.usr.cn"', "AT+ RSTIM =180",
    'AT+ RFCEN ="on"', "AT+ HTPTIM =10", "AT+ SHORTIM=?", "AT+ SOCKIDEN =?"])))
seed("gprs232_heart", session(GPRS232, enter_cmd(), cmds([
    "AT+HEARTTM=30", "AT+HEARTTM=60", 'AT+HEARTEN="on"', 'AT+HEARTTP="NET"',
    'AT+HEARTDT="7777772E7573722E636E"', "AT+HEARTTM?", "AT+HEARTDT=?"])))
seed("gprs232_reg", session(GPRS232, enter_cmd(), cmds([
    'AT+REGEN="on"', 'AT+REGTP="IMEI"', 'AT+REG SND="link"', 'AT+REGSND="data"',
    "AT+REGID=123", 'AT+REGDT="7777772E7573722E636E"', "AT+REGSND?", "AT+REGTP=?"])))
seed("gprs232_echo", session(GPRS232, enter_cmd(), cmds([
    "AT+E=off", "AT+VER", "at+e=\"on\"", "at+ver", "AT+E=?", "AT+E=maybe"])))
seed("gprs232_http", session(GPRS232, enter_cmd(), cmds([
    'AT+HTPHD="Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]"', "AT+HTPHD?",
    'AT+HTPSV="test.usr.cn",80', 'AT+HTPTP="GET"', 'AT+HTPURL="/1.php?"',
    "AT+HTPURL=/1.php?", "AT+HTPURL=?", 'AT+HTPPK="on"', "AT+HTPTIM=10",
    'AT+HTPHD="[0d][0a][zz][0][00][FF][7F]"'])))
seed("gprs232_save_restart", session(GPRS232, enter_cmd(), cmds([
    "AT+HEARTTM=45", 'AT+STMSG="hello dtu"', "AT+S"]), wait(400), enter_cmd(), cmds([
    "AT+HEARTTM?", "AT+STMSG?", "AT+HEARTTM=99", "AT+Z"]), wait(400), enter_cmd(),
    cmds(["AT+HEARTTM?"])))
seed("gprs232_cfgtf_reld_clear", session(GPRS232, enter_cmd(), cmds([
    "AT+HEARTTM=77", "AT+CFGTF", "AT+HEARTTM=12", "AT+S"]), wait(400), enter_cmd(), cmds([
    "AT+RELD"]), wait(400), enter_cmd(), cmds(["AT+HEARTTM?", "AT+CLEAR"]), wait(400),
    enter_cmd(), cmds(["AT+HEARTTM?"])))
seed("gprs232_entm_data", session(GPRS232, enter_cmd(), cmds(["AT+ENTM"]), wait(300),
    serial("hello, server\r\n"), wait(300), serial(bytes(range(256))), wait(300),
    serial("usr.cn#AT+VER"), wait(300), serial("usr.cnAT+CSQ"), wait(300),
    serial("usr.cn#AT+SOCKA?\r\n"), wait(300)))
seed("gprs232_escape_broken", session(GPRS232, wait(120), serial("++"), wait(200),
    serial("+x"), wait(120), serial("+++"), wait(4000), wait(120), serial("+++b"),
    wait(300), serial("a+++a"), wait(120), serial("+++a"), wait(60), cmds(["+++", "AT"])))
seed("gprs232_long_lines", session(GPRS232, enter_cmd(),
    cmds(["AT+STMSG=\"" + "x" * 600 + "\"", "AT+" + "A" * 1100, "AT", "A" * 5000, "AT+VER"])))
seed("gprs232_numbers", session(GPRS232, enter_cmd(), cmds([
    "AT+HEARTTM=99999999999999999999", "AT+HEARTTM=4294967296", "AT+HEARTTM=-1",
    "AT+HEARTTM=0x10", "AT+HEARTTM=", "AT+HEARTTM=1,2", "AT+HEARTTM=+5",
    "AT+UART=4294967297,\"NONE\",8,1,\"NONE\"", "AT+SOCKA=\"TCP\",\"h\",18446744073709551617"])))
seed("gprs232_terminators", session(GPRS232, enter_cmd(),
    serial("AT\r"), wait(24), serial("AT\n"), wait(24), serial("AT\n\r"), wait(24),
    serial("AT\r\r\n"), wait(24), serial("AT\r\n\0"), wait(24), serial("\r\n\r\n\n\n"),
    wait(24), serial("AT+VER"), wait(400), serial("AT+CSQ\0"), wait(400)))
seed("gprs232_misc", session(GPRS232, enter_cmd(), cmds([
    'AT+SMSEND="10086",1,"hello"', 'AT+SMSEND="10086",3,"' + "u" * 71 + '"',
    'AT+PING="test.usr.cn"', 'AT+UCPIN="1234"', 'AT+CMDPW="usr.cn"', 'AT+CALEN="off"',
    'AT+CACHEN="on"', "AT+CIP", "AT+LBS", "AT+CNUM", "AT+IMEI", "AT+ICCID", "AT+SN",
    'AT+SOCKASL="short"', "AT+SHORTIM=10", 'AT+WKMOD="UDC"', "AT+WKMOD=?"])))
seed("gprs232_no_flash", session(GPRS232 | NO_FLASH | NO_INFO, enter_cmd(), cmds([
    "AT+HEARTTM=31", "AT+S"]), wait(400), enter_cmd(), cmds([
    "AT+HEARTTM?", "AT+CFGTF", "AT+RELD", "AT+VER", "AT+IMEI", 'AT+PING="x"'])))
seed("gprs232_short_writes", session(GPRS232 | SHORT_WRITES | UART_REFUSES, enter_cmd(),
    cmds(["AT+H", 'AT+UART=57600,"ODD",8,1,"NONE"', "AT+S"]), wait(400), enter_cmd(),
    cmds(["AT+UART?"])))
seed("gprs232_power_cut", session(GPRS232, enter_cmd(), cmds(["AT+HEARTTM=40", "AT+S"]),
    wait(400), enter_cmd(), cmds(["AT+HEARTTM=41"]), flash_cut(20), cmds(["AT+S"]),
    wait(400), POWER_CYCLE, wait(50), enter_cmd(), cmds(["AT+HEARTTM?"]), flash_cut(3),
    cmds(["AT+CFGTF"]), POWER_CYCLE, enter_cmd(), cmds(["AT+HEARTTM?", "AT+RELD"]),
    wait(400), RESTART, POLL_NEXT, POLL_NEXT))
seed("gprs232_clock_wrap", session(GPRS232 | CLOCK_WRAP, wait(100), serial("+++"),
    wait(3900), serial("a"), wait(100), enter_cmd(), cmds(["AT+VER"]), wait(2000),
    wait(2000), serial("AT+E?"), POLL_NEXT, POLL_NEXT))

# ---- cat1 (002)
seed("cat1_basic", session(CAT1, enter_cmd(), cmds([
    "AT", "AT+VER", "AT+BUILD", "AT+CSQ", "AT+SYSINFO", "AT+UART?", "AT+SOCKA?",
    "AT+E?", "AT+WKMOD?", "at+ver"])))
seed("cat1_socka", session(CAT1, enter_cmd(), cmds([
    "AT+SOCKA=TCP,test.usr.cn,2317", 'AT+SOCKA="TCP","test.usr.cn",2317', "AT+SOCKA?",
    "AT+SOCKA=?", "AT+SOCKAEN=ON", "AT+SOCKBEN?", "AT+SOCKABK=TCP,backup.usr.cn,2318",
    "AT+SOCKABKEN=ON", "AT+SOCKALK", "AT+SOCKASL=SHORT", "AT+SHORTATM=600",
    "AT+SOCKRSTIM=10", "AT+SOCKRSNUM=60"])))
seed("cat1_uart_framing", session(CAT1, enter_cmd(), cmds([
    "AT+UART=115200,8,1,NONE,NONE", "AT+UART=921600,8,2,EVEN,NONE", "AT+UART=?",
    "AT+UARTFT=50", "AT+UARTFT=9", "AT+UARTFL=1024", "AT+UARTFL=4097", "AT+UARTFL=5"])))
seed("cat1_login", session(CAT1, enter_cmd(), cmds([
    "AT+SAFEATEN=ON", "AT+S"]), wait(400), enter_cmd(), cmds([
    "AT+VER", "AT+SIGNINAT=wrong", "AT+SIGNINAT=wrong2"]), wait(1100), cmds([
    "AT+SIGNINAT=usr_cn", "AT+VER", "AT+SIGNINAT=new_pass_1", "AT+SIGNINAT?",
    "AT+SIGNINAT=bad-char!", "AT+SIGNINAT=" + "p" * 11])))
seed("cat1_login_delay", session(CAT1, enter_cmd(), cmds(["AT+SAFEATEN=ON", "AT+S"]),
    wait(400), enter_cmd(), cmds(["AT+SIGNINAT=a", "AT+SIGNINAT=b", "AT+SIGNINAT=c",
                                  "AT+SIGNINAT=usr_cn"]), wait(8000), cmds([
    "AT+SIGNINAT=usr_cn", "AT+E=OFF"])))
seed("cat1_clock", session(CAT1, enter_cmd(), cmds([
    "AT+CCLK?", "AT+CCLK=20/12/01,10:47:46", 'AT+CCLK="20/12/01,10:47:46+32"', "AT+CCLK?",
    "AT+CCLK=99/99/99,99:99:99", "AT+NTPEN=ON", "AT+NTPSVR=ntp1.aliyun.com,pool.ntp.org",
    "AT+NTPTM=60", "AT+NTPSVR?"])))
seed("cat1_heart_keepalive", session(CAT1, enter_cmd(), cmds([
    "AT+HEART=ON,NET,USER,30,", "AT+HEART?", "AT+HEARTDT=7777772E7573", "AT+HEARTSORT=USER",
    "AT+HEARTTM=30", "AT+HEARTTP=NET", "AT+KEEPALIVEA=1,60,15,3",
    "AT+KEEPALIVEB=1,65536,15,3", "AT+KEEPALIVEC?", "AT+KEEPALIVED=0,1,1,1"])))
seed("cat1_apn_misc", session(CAT1, enter_cmd(), cmds([
    "AT+APN=CMNET,,,0", "AT+APN?", "AT+CMDPW=usr.cn#", "AT+DSTNUM=1008610010",
    "AT+CACHEN=ON", "AT+NATEN=OFF", "AT+UATEN=ON", "AT+SMSFLT=ON", "AT+SDPEN=ON",
    "AT+LBS=1", "AT+LBS=2", "AT+LBSN", "AT+CIP", "AT+CNUM", "AT+GPS", "AT+CLOUD=123456789012345,pass",
    "AT+RSTIM=1800", "AT+RSTIM=59"])))
seed("cat1_regdt_long", session(CAT1, enter_cmd(), cmds([
    "AT+REGDT=" + "7E" * 300, "AT+REGDT?", "AT+REGDT=" + "7E" * 301, "AT+REGEN=ON",
    "AT+REGTP=USER", "AT+REGSND=LINK"])))
seed("cat1_http", session(CAT1, enter_cmd(), cmds([
    "AT+HTPURL=/1.php?", "AT+HTPURL?", "AT+HTPURL=?", "AT+HTPSV=test.usr.cn,80",
    "AT+HTPHD=Accept:text/html[0D][0A]", "AT+HTPHD=" + "[41]" * 200, "AT+HTPTP=POST",
    "AT+HTPPK=OFF", "AT+HTPTIM=10", "AT+WKMOD=HTTPD", "AT+S"]), wait(400),
    serial("temperature=21"), wait(200)))
seed("cat1_serial_at", session(CAT1, enter_cmd(), cmds(["AT+UATEN=ON", "AT+S"]), wait(400),
    serial("usr.cn#AT+VER"), wait(100), serial("usr.cn#AT+VER\r\n"), wait(100),
    serial("usr.cn#at+csq\r"), wait(100), serial("usr.cn#"), wait(100),
    serial("usr.cn#AT+SOCKA=TCP,a.b,1"), wait(100), serial("usr.cn#AT+Z"), wait(400),
    serial("plain data"), wait(100)))
seed("cat1_no_user_defaults", session(CAT1 | SMALL_FLASH, enter_cmd(), cmds([
    "AT+CFGTF", "AT+RELD", "AT+H", "AT+HEARTTM=99", "AT+S"]), wait(400), enter_cmd(),
    cmds(["AT+HEARTTM?", "AT+CLEAR"]), wait(400), enter_cmd(), cmds(["AT+HEARTTM?"])))
seed("cat1_no_info", session(CAT1 | NO_INFO | SHORT_WRITES, enter_cmd(), cmds([
    "AT+VER", "AT+BUILD", "AT+CSQ", "AT+LBS=1", "AT+LBSN", "AT+CCLK?", "AT+SYSINFO"])))

# ---- g781 (004)
seed("g781_basic", session(G781, enter_cmd(), cmds([
    "AT", "AT+VER", "AT+H", "AT+CSQ", "AT+NETMODE", "AT+CPIN?", "AT+CPIN=1234",
    "AT+CPIN=0000", "AT+UART?", "AT+WKMOD?"])))
seed("g781_sockets", session(G781, enter_cmd(), cmds([
    "AT+SOCKA=TCPC,test.usr.cn,2317", "AT+SOCKA=TCPS,0.0.0.0,20108", "AT+SOCKB=TCPS,a,1",
    "AT+SOCKB=UDPC,test.usr.cn,2317", "AT+SOCKC?", "AT+SOCKDEN=ON", "AT+SOCKIND=ON",
    "AT+SOCKALK", "AT+SOCKA=?"])))
seed("g781_uart_heart", session(G781, enter_cmd(), cmds([
    "AT+UART=115200,NONE,8,1,NONE", "AT+UART=115200,NONE,8,1NONE", "AT+UARTFT=100",
    "AT+UARTFT=60001", "AT+UARTFL=1", "AT+HEART SND=NET", "AT+HEART TM=30",
    "AT+HEARTSND?", "AT+HEARTTM=6001", "AT+HEARTDT=7777", "AT+HEARTDT=777",
    "AT+HEARTEN=ON"])))
seed("g781_http_cmdpw", session(G781, enter_cmd(), cmds([
    "AT+HTPURL=/1.php[3F]", "AT+HTPURL?", "AT+HTPURL=/1.php?", "AT+HTPFLT=ON",
    "AT+HTPTO=10", "AT+HTPSV=test.usr.cn,80", "AT+CMDPW=www.usr.cn#", "AT+CMDPW?",
    "AT+REG SND=LINK", "AT+REGTP=IMEI", "AT+REGDT=31323334", "AT+APN=CMNET,user,pass,1"])))
seed("g781_save_reload", session(G781, enter_cmd(), cmds([
    "AT+HEARTTM=33", "AT+CFGTF", "AT+HEARTTM=44", "AT+R"]), wait(400), enter_cmd(), cmds([
    "AT+HEARTTM?", "AT+RELD"]), wait(400), enter_cmd(), cmds(["AT+HEARTTM?", "AT+CLEAR",
    "AT+S", "AT+Z"]), wait(400), enter_cmd(), cmds(["AT+HEARTTM?"])))
seed("g781_serial_at", session(G781, wait(200), serial("www.usr.cn#AT+VER"), wait(100),
    serial("www.usr.cnAT+CSQ\r\n"), wait(100), serial("www.usr.cn#AT+ENTM"), wait(100),
    serial("some data " * 50), wait(100), serial(b"\x55\xaa\x55\x01\xc2\x00\x83\x46"),
    wait(100)))
seed("g781_power_cut", session(G781, enter_cmd(), flash_cut(0), cmds(["AT+HEARTTM=55"]),
    POWER_CYCLE, enter_cmd(), cmds(["AT+HEARTTM?"]), flash_cut(40),
    cmds(["AT+HEARTTM=56", "AT+HEARTTM=57"]), POWER_CYCLE, enter_cmd(),
    cmds(["AT+HEARTTM?"])))

# ---- m0 (003)
seed("m0_basic", session(M0, enter_cmd(), cmds([
    "AT", "AT+VER", "AT+MAC", "AT+PDTIME", "AT+H", "AT+E", "AT+E=off", "AT+E=on",
    "AT+UART", "AT+SOCK"])))
seed("m0_sock", session(M0, enter_cmd(), cmds([
    "AT+SOCK=TCPC,192.168.0.201,8234", "AT+SOCK=HTPC,test.usr.cn,80", "AT+SOCK?",
    "AT+SOCK=UDPS,1.2.3.4,65535", "AT+SOCK=TCPS,256.1.1.1,1", "AT+NETP=TCPC,a,1",
    "AT+TCPSE=KICK", "AT+TCPSE=keep", "AT+MAXSK=8", "AT+SOCKPORT=0", "AT+SOCKLK",
    "AT+SOCKSL=short", "AT+SHORTO=2", "AT+SHORTO=256"])))
seed("m0_net", session(M0, enter_cmd(), cmds([
    "AT+WANN=STATIC,192.168.0.7,255.255.255.0,192.168.0.1", "AT+WANN=DHCP,0.0.0.0,0.0.0.0,0.0.0.0",
    "AT+WANN", "AT+DNS=8.8.8.8", "AT+DNS", "AT+WEBPORT=80", "AT+WEBU=admin,admin",
    "AT+MID=USR-M0", "AT+UART=115200,8,1,NONE,NFC", "AT+UART=460801,8,1,NONE,NFC"])))
seed("m0_reg_http", session(M0, enter_cmd(), cmds([
    "AT+REGEN=mac", "AT+REGEN=usr", "AT+REGTCP=every", "AT+REGUSR=7777772E7573722E636E",
    "AT+REGUSR=" + "AB" * 40, "AT+REGCLOUD=12345678901234567890,1234567",
    "AT+HTPURL=/2.php?", "AT+HTPHEAD=User_Agent: Mozilla/4.0<<CRLF>>Connection: close<<CRLF>>",
    "AT+HTPHEAD", "AT+HTPCHD=on", "AT+HTPTP=POST", "AT+HEARTEN=on", "AT+HEARTDT=414243"])))
seed("m0_reload", session(M0, enter_cmd(), cmds([
    "AT+HEARTTM=25", "AT+Z"]), wait(400), enter_cmd(), cmds(["AT+HEARTTM", "AT+RELD"]),
    wait(400), enter_cmd(), cmds(["AT+HEARTTM", "AT+CLIENTRST=on", "AT+RFCEN=on",
                                  "AT+INDEXEN=on", "AT+SCSLINK=on", "AT+UARTCLBUF=on"])))
seed("m0_data", session(M0, enter_cmd(), cmds(["AT+ENTM"]), wait(100),
    serial(b"\x00\x01\x02\xff" * 300), wait(25), serial("x" * 1100), wait(25),
    serial("usr.cn#AT+VER"), wait(100), wait(120), serial("+++a"), wait(100),
    cmds(["AT+ENTM"])))
seed("m0_bare_hal", session(M0 | NO_FLASH | NO_INFO | UART_REFUSES, enter_cmd(), cmds([
    "AT+MAC", "AT+PDTIME", "AT+VER", "AT+UART=9600,8,1,NONE,NFC", "AT+Z"]), wait(400),
    enter_cmd(), cmds(["AT+UART"])))

# ---- every profile: raw oddities
for p, name in ((GPRS232, "gprs232"), (CAT1, "cat1"), (G781, "g781"), (M0, "m0")):
    seed(name + "_fast_escape", session(p, serial("+++a"), wait(50), cmds(["AT+VER"]),
         serial("+++"), serial("AT+E?\r\n"), wait(50)))
    seed(name + "_no_terminator", session(p, enter_cmd(), serial("AT+VER"), wait(600),
         serial("AT+E?"), POLL_NEXT, POLL_NEXT, serial("AT+E"), wait(8), serial("?"),
         wait(600)))
    seed(name + "_binary_in_cmd", session(p, enter_cmd(),
         serial(bytes(range(256)) + b"\r\n" + bytes(range(255, -1, -1)) + b"\r\n"), wait(100),
         cmds(['AT+STMSG="\x01\x7f\xc3\xa9\xe2\x80"', "AT+STMSG?"])))

# ---- regressions: inputs that once failed (kept minimal; see docs/security.md)
# cat1 AT+NTPSVR with fewer than four servers: the missing ones were stored
# with memcpy(dst, NULL, 0), undefined behaviour (UBSan, clang).
seed("regress_cat1_ntpsvr_short_list", session(CAT1, serial("+++a"), wait(40),
     cmds(["AT+NTPSVR=ntp1.aliyun.com,pool.ntp.org", "AT+NTPSVR?"])))
# m0 saves on every set; a flash write failing in the middle of a settings
# entry longer than one write block made store_put() loop forever.
seed("regress_m0_store_put_hang", session(M0, serial("+++a"), flash_cut(15),
     serial("AT+HTPHEAD=0123456789012345678901234567890123456789\r")))


if __name__ == "__main__":
    CORPUS.write()
