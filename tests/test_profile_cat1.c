/*
 * The cat1 profile against seeds/002, the Cat-1 AT command manual: every
 * example reply byte for byte, every default, every test form, the reject
 * classes of every parameter type, the information commands and login
 * security.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "at_table.h"
#include "manual_names_cat1.h"
#include "mock_hal.h"
#include "usrdtu/usrdtu.h"

#define OK_REPLY "\r\nOK\r\n"
#define START_MESSAGE "WH-LTE-7S1\r\n"

/* The instance holds two settings copies and the line buffer: too big for
 * a test's stack on small hosts. */
static struct usrdtu dev;
static struct mock_hal m;

/* ---- helpers ---------------------------------------------------------- */

/* Makes CR, LF and other control bytes visible in a failure message. */
static const char *visible(const char *s, char *buf, size_t cap)
{
	size_t n = 0;

	for (; *s != 0 && n + 5 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\r') {
			buf[n++] = '\\';
			buf[n++] = 'r';
		} else if (c == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else if (c < 0x20 || c >= 0x7F) {
			n += (size_t)snprintf(buf + n, cap - n, "\\x%02X", c);
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n] = 0;
	return buf;
}

/* Sends one command line with CR and returns everything the device wrote. */
static const char *send_line(const char *line)
{
	char text[2048];

	assert_true(strlen(line) + 2 <= sizeof text);
	snprintf(text, sizeof text, "%s\r", line);
	return mock_send(&dev, &m, text);
}

static void expect_at(const char *line, const char *reply, const char *file, int at_line)
{
	const char *got = send_line(line);

	if (strcmp(got, reply) != 0) {
		char a[4096], b[4096];

		print_error("%s:%d: %s\n  expected \"%s\"\n  got      \"%s\"\n", file, at_line, line,
			    visible(reply, a, sizeof a), visible(got, b, sizeof b));
		fail();
	}
}

static void expect_value_at(const char *line, const char *body, const char *file, int at_line)
{
	char reply[2048];

	snprintf(reply, sizeof reply, "\r\n+%s\r\n\r\nOK\r\n", body);
	expect_at(line, reply, file, at_line);
}

static void expect_error_at(const char *line, int code, const char *file, int at_line)
{
	char reply[64];

	snprintf(reply, sizeof reply, "\r\n+CME ERROR:%d\r\n", code);
	expect_at(line, reply, file, at_line);
}

#define EXPECT(line, reply) expect_at((line), (reply), __FILE__, __LINE__)
#define EXPECT_OK(line) expect_at((line), OK_REPLY, __FILE__, __LINE__)
#define EXPECT_VALUE(line, body) expect_value_at((line), (body), __FILE__, __LINE__)
#define EXPECT_ERROR(line, code) expect_error_at((line), (code), __FILE__, __LINE__)

/* Fresh device with factory settings, in command mode, echo off. */
static void boot_with(const struct usrdtu_hal *hal)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, hal, &m), 0);
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
	/* echo is on at boot: the line comes back as typed before the reply */
	assert_string_equal(mock_send(&dev, &m, "AT+E=OFF\r"), "AT+E=OFF\r" OK_REPLY);
}

static void boot(void)
{
	boot_with(&mock_hal_ops);
}

/* After AT+S / AT+Z / AT+CLEAR: let the restart finish, back to command
 * mode, echo off again if the settings in force turned it back on. */
static void reenter_command(void)
{
	mock_advance(&dev, &m, 200);
	if (!usrdtu_in_command_mode(&dev))
		mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
	if (usrdtu_active_settings(&dev)->echo)
		assert_string_equal(mock_send(&dev, &m, "AT+E=OFF\r"), "AT+E=OFF\r" OK_REPLY);
}

static char *fmt(char *buf, size_t cap, const char *format, const char *a)
{
	snprintf(buf, cap, format, a);
	return buf;
}

/* ---- the table against the manual ------------------------------------- */

static const struct at_cmd *find_row(const char *name)
{
	const struct usrdtu_profile *p = &usrdtu_profile_cat1;
	unsigned i;

	for (i = 0; i < p->ncmds; i++)
		if (strcmp(p->cmds[i].name, name) == 0)
			return &p->cmds[i];
	return NULL;
}

static void test_table_has_exactly_the_manual_commands(void **state)
{
	const struct usrdtu_profile *p = &usrdtu_profile_cat1;
	unsigned i;

	(void)state;
	assert_int_equal(MANUAL_NAMES_CAT1_COUNT, sizeof manual_names_cat1 / sizeof manual_names_cat1[0]);
	assert_int_equal(p->ncmds, MANUAL_NAMES_CAT1_COUNT);
	for (i = 0; i < MANUAL_NAMES_CAT1_COUNT; i++) {
		if (find_row(manual_names_cat1[i]) == NULL)
			fail_msg("AT+%s is in 002 but not in the table", manual_names_cat1[i]);
	}
	/* the dispatcher binary-searches: strictly ascending in strcmp order */
	for (i = 1; i < p->ncmds; i++) {
		if (strcmp(p->cmds[i - 1].name, p->cmds[i].name) >= 0)
			fail_msg("rows out of order: %s before %s", p->cmds[i - 1].name, p->cmds[i].name);
	}
	assert_string_equal(p->name, "cat1");
	assert_int_equal(p->id, 2);
	assert_int_equal(p->flags, AT_P_SERIAL_AT | AT_P_LOGIN);
	assert_int_equal(p->frame_gap_ms, 0);
	assert_int_equal(p->frame_len, 0);
	assert_ptr_equal(usrdtu_profile_find("cat1"), p);
}

static void test_dialect_constants(void **state)
{
	const struct at_dialect *d = usrdtu_profile_cat1.dialect;
	static const int8_t codes[AT_E__COUNT] = {0, 58, 58, 58, 53, 3, 53, 3, 50, 73};

	(void)state;
	assert_string_equal(d->ok, "\r\nOK\r\n");
	assert_string_equal(d->value_open, "\r\n+");
	assert_string_equal(d->value_close, "\r\n\r\nOK\r\n");
	assert_string_equal(d->tight_close, "\r\nOK\r\n");
	assert_string_equal(d->error_open, "\r\n+CME ERROR:");
	assert_string_equal(d->error_close, "\r\n");
	assert_string_equal(d->link_down, "Disconnected");
	assert_string_equal(d->link_up, "Connected");
	assert_memory_equal(d->error_code, codes, sizeof codes);
	assert_int_equal(d->style, AT_S_NAMED | AT_S_ESC_BRACKET);
}

/* Commands of other dialects are unknown here (SPEC section 10). */
static void test_other_dialects_commands_are_unknown(void **state)
{
	static const char *const foreign[] = {
		"AT+H",	      "AT+RELD",    "AT+CFGTF", "AT+R",	      "AT+FOO",	    "AT+SOCKBSL",
		"AT+SHORTIM", "AT+SOCKRSTM", "AT+REGID", "AT+CLOUDEN", "AT+RFCEN",   "AT+CALEN",
		"AT+SMSEND",  "AT+PING",    "AT+UCPIN", "AT+SOCKIDEN", "AT+HEARTSND", "AT+SIGNINATX",
	};
	unsigned i;

	(void)state;
	boot();
	for (i = 0; i < sizeof foreign / sizeof foreign[0]; i++)
		EXPECT_ERROR(foreign[i], 58);
	EXPECT_ERROR("AT+H=?", 58);
	EXPECT_ERROR("AT+RELD?", 58);
}

/* ---- every stored setting: test form, default, example, a change ------- */

struct setting_case {
	const char *name;
	const char *range;       /* AT+X=? prints "+X:<range>" */
	const char *def;         /* query right after boot, after the '+' */
	const char *example_set; /* 002's setup example */
	const char *example;     /* query after it */
	const char *change_set;  /* another valid value */
	const char *change;      /* query after that */
};

#define ONOFF "<ON,OFF>"
#define SOCK_RANGE "<TCP,UDP>,<1~100 bytes>,<1~65535>"
#define BK_RANGE "<1~100 bytes>,<1~65535>"
#define KA_RANGE "<0,1>,<1~65535>,<1~100>,<1~10>"
#define WWW "7777772E7573722E636E"

static const struct setting_case settings[] = {
	{"WKMOD", "<CMD,NET,HTTPD,SMS>", "WKMOD:NET", "NET", "WKMOD:NET", "httpd", "WKMOD:HTTPD"},
	{"CMDPW", "<1~10 bytes>", "CMDPW:usr.cn#", "usr.cn#", "CMDPW:usr.cn#", "abc123#XYZ",
	 "CMDPW:abc123#XYZ"},
	{"STMSG", "<1~20 bytes>", "STMSG: WH-LTE-7S1", " WH-LTE-7S1", "STMSG: WH-LTE-7S1", "Hello DTU",
	 "STMSG: Hello DTU"},
	{"RSTIM", "<0,60~65535(s)>", "RSTIM:1800", "1800", "RSTIM:1800", "0", "RSTIM:0"},
	{"SDPEN", ONOFF, "SDPEN:OFF", "ON", "SDPEN:ON", "off", "SDPEN:OFF"},
	/* 002's query examples print OFF for these three; their Default lines say ON */
	{"NATEN", ONOFF, "NATEN:ON", "ON", "NATEN:ON", "OFF", "NATEN:OFF"},
	{"UATEN", ONOFF, "UATEN:ON", "ON", "UATEN:ON", "OFF", "UATEN:OFF"},
	{"CACHEN", ONOFF, "CACHEN:ON", "ON", "CACHEN:ON", "OFF", "CACHEN:OFF"},
	{"SAFEATEN", ONOFF, "SAFEATEN:OFF", "ON", "SAFEATEN:ON", "OFF", "SAFEATEN:OFF"},
	{"UART", "<1200~921600>,<8>,<1,2>,<NONE,ODD,EVEN>,<NONE>", "UART:115200,8,1,NONE,NONE",
	 "115200,8,1,NONE,NONE", "UART:115200,8,1,NONE,NONE", "1200,8,2,even,none",
	 "UART:1200,8,2,EVEN,NONE"},
	{"UARTFL", "<5~4096>", "UARTFL:1024", "1024", "UARTFL:1024", "5", "UARTFL:5"},
	{"UARTFT", "<10~500(ms)>", "UARTFT:50", "50", "UARTFT:50", "500", "UARTFT:500"},
	{"APN", "<APN>,[USERNAME],[PASSWORD],[0,1,2]", "APN:CMNET,,,0", "CMNET,,,0", "APN:CMNET,,,0",
	 "3gnet,user,pass,2", "APN:3gnet,user,pass,2"},
	{"SOCKA", SOCK_RANGE, "SOCKA:TCP,test.usr.cn,2317", "TCP,test.usr.cn,2317",
	 "SOCKA:TCP,test.usr.cn,2317", "udp,192.168.1.10,65535", "SOCKA:UDP,192.168.1.10,65535"},
	{"SOCKB", SOCK_RANGE, "SOCKB:TCP,test.usr.cn,2317", "TCP,test.usr.cn,2317",
	 "SOCKB:TCP,test.usr.cn,2317", "UDP,b.example.com,1", "SOCKB:UDP,b.example.com,1"},
	{"SOCKC", SOCK_RANGE, "SOCKC:TCP,test.usr.cn,2317", "TCP,test.usr.cn,2317",
	 "SOCKC:TCP,test.usr.cn,2317", "UDP,c.example.com,2", "SOCKC:UDP,c.example.com,2"},
	{"SOCKD", SOCK_RANGE, "SOCKD:TCP,test.usr.cn,2317", "TCP,test.usr.cn,2317",
	 "SOCKD:TCP,test.usr.cn,2317", "UDP,d.example.com,3", "SOCKD:UDP,d.example.com,3"},
	{"SOCKAEN", ONOFF, "SOCKAEN:ON", "ON", "SOCKAEN:ON", "OFF", "SOCKAEN:OFF"},
	{"SOCKBEN", ONOFF, "SOCKBEN:OFF", "OFF", "SOCKBEN:OFF", "ON", "SOCKBEN:ON"},
	/* the example prints ON; the Default line says OFF */
	{"SOCKCEN", ONOFF, "SOCKCEN:OFF", "ON", "SOCKCEN:ON", "OFF", "SOCKCEN:OFF"},
	{"SOCKDEN", ONOFF, "SOCKDEN:OFF", "OFF", "SOCKDEN:OFF", "ON", "SOCKDEN:ON"},
	{"SOCKASL", "<LONG,SHORT>", "SOCKASL:LONG", "LONG", "SOCKASL:LONG", "short", "SOCKASL:SHORT"},
	{"KEEPALIVEA", KA_RANGE, "KEEPALIVEA:1,60,15,3", "1,60,15,3", "KEEPALIVEA:1,60,15,3",
	 "0,65535,100,10", "KEEPALIVEA:0,65535,100,10"},
	{"KEEPALIVEB", KA_RANGE, "KEEPALIVEB:1,60,15,3", "1,60,15,3", "KEEPALIVEB:1,60,15,3", "0,1,1,1",
	 "KEEPALIVEB:0,1,1,1"},
	{"KEEPALIVEC", KA_RANGE, "KEEPALIVEC:1,60,15,3", "1,60,15,3", "KEEPALIVEC:1,60,15,3", "1,2,3,4",
	 "KEEPALIVEC:1,2,3,4"},
	{"KEEPALIVED", KA_RANGE, "KEEPALIVED:1,60,15,3", "1,60,15,3", "KEEPALIVED:1,60,15,3",
	 "0,7200,75,9", "KEEPALIVED:0,7200,75,9"},
	{"SHORTATM", "<1~600(s)>", "SHORTATM:10", "10", "SHORTATM:10", "600", "SHORTATM:600"},
	{"SOCKRSNUM", "<1~65535>", "SOCKRSNUM:60", "60", "SOCKRSNUM:60", "65535", "SOCKRSNUM:65535"},
	{"SOCKRSTIM", "<10~65535(s)>", "SOCKRSTIM:10", "60", "SOCKRSTIM:60", "10", "SOCKRSTIM:10"},
	/* 002: backup address "null", port 1; the query example shows a set value */
	{"SOCKABK", BK_RANGE, "SOCKABK:,1", "test.usr.cn,2317", "SOCKABK:test.usr.cn,2317",
	 "10.0.0.1,65535", "SOCKABK:10.0.0.1,65535"},
	{"SOCKBBK", BK_RANGE, "SOCKBBK:,1", "test.usr.cn,2317", "SOCKBBK:test.usr.cn,2317",
	 "bk.example.com,1", "SOCKBBK:bk.example.com,1"},
	{"SOCKCBK", BK_RANGE, "SOCKCBK:,1", "test.usr.cn,2317", "SOCKCBK:test.usr.cn,2317",
	 "bk.example.com,2", "SOCKCBK:bk.example.com,2"},
	{"SOCKDBK", BK_RANGE, "SOCKDBK:,1", "test.usr.cn,2317", "SOCKDBK:test.usr.cn,2317",
	 "bk.example.com,3", "SOCKDBK:bk.example.com,3"},
	{"SOCKABKEN", ONOFF, "SOCKABKEN:OFF", "ON", "SOCKABKEN:ON", "OFF", "SOCKABKEN:OFF"},
	{"SOCKBBKEN", ONOFF, "SOCKBBKEN:OFF", "ON", "SOCKBBKEN:ON", "OFF", "SOCKBBKEN:OFF"},
	{"SOCKCBKEN", ONOFF, "SOCKCBKEN:OFF", "ON", "SOCKCBKEN:ON", "OFF", "SOCKCBKEN:OFF"},
	{"SOCKDBKEN", ONOFF, "SOCKDBKEN:OFF", "ON", "SOCKDBKEN:ON", "OFF", "SOCKDBKEN:OFF"},
	{"REGEN", ONOFF, "REGEN:OFF", "OFF", "REGEN:OFF", "ON", "REGEN:ON"},
	{"REGTP", "<ICCID,IMEI,SN,USER,CLOUD>", "REGTP:USER", "USER", "REGTP:USER", "cloud",
	 "REGTP:CLOUD"},
	{"REGDT", "<1~300 bytes>", "REGDT:" WWW, WWW, "REGDT:" WWW, "00FF10", "REGDT:00FF10"},
	{"REGSND", "<LINK,DATA,LINK&DATA>", "REGSND:LINK", "LINK", "REGSND:LINK", "link&data",
	 "REGSND:LINK&DATA"},
	{"CLOUD", "<20 bytes>,<8 bytes>", "CLOUD:,", "12345678901234567890,12345678",
	 "CLOUD:12345678901234567890,12345678", "1,a", "CLOUD:1,a"},
	{"HEARTEN", ONOFF, "HEARTEN:ON", "ON", "HEARTEN:ON", "OFF", "HEARTEN:OFF"},
	{"HEARTTP", "<COM,NET>", "HEARTTP:NET", "NET", "HEARTTP:NET", "COM", "HEARTTP:COM"},
	{"HEARTDT", "<1~300bytes>", "HEARTDT:" WWW, WWW, "HEARTDT:" WWW, "41", "HEARTDT:41"},
	{"HEARTTM", "<1~65535(s)>", "HEARTTM:30", "30", "HEARTTM:30", "65535", "HEARTTM:65535"},
	{"HEARTSORT", "<ICCID,IMEI,SN,USER,LBS>", "HEARTSORT:USER", "USER", "HEARTSORT:USER", "LBS",
	 "HEARTSORT:LBS"},
	{"HEART", "<ON,OFF>,<NET/COM>,<ICCID/IMEI/SN/LBS/USER>,<time>,[USER_DATA]",
	 "HEART:ON,NET,USER,30," WWW, "ON,NET,USER,30," WWW, "HEART:ON,NET,USER,30," WWW, "OFF",
	 "HEART:OFF,NET,USER,30," WWW},
	{"HTPTP", "<GET,POST>", "HTPTP:GET", "GET", "HTPTP:GET", "POST", "HTPTP:POST"},
	{"HTPURL", "<1~100 bytes>", "HTPURL:/1.php?", "/1.php?", "HTPURL:/1.php?", "/data?x=1",
	 "HTPURL:/data?x=1"},
	{"HTPHD", "<1~200 bytes>", "HTPHD:Accept:text/html[0D][0A]", "Accept:text/html[0D][0A]",
	 "HTPHD:Accept:text/html[0D][0A]", "X-A:1[0D][0A]X-B:2[0D][0A]",
	 "HTPHD:X-A:1[0D][0A]X-B:2[0D][0A]"},
	{"HTPSV", BK_RANGE, "HTPSV:test.usr.cn,80", "test.usr.cn,80", "HTPSV:test.usr.cn,80",
	 "10.1.2.3,8080", "HTPSV:10.1.2.3,8080"},
	{"HTPPK", ONOFF, "HTPPK:ON", "ON", "HTPPK:ON", "OFF", "HTPPK:OFF"},
	{"HTPTIM", "<1~65535(s)>", "HTPTIM:10", "10", "HTPTIM:10", "1", "HTPTIM:1"},
	{"DSTNUM", "<1~20bytes>", "DSTNUM:1008610010", "1008610010", "DSTNUM:1008610010",
	 "+8613800138000", "DSTNUM:+8613800138000"},
	{"SMSFLT", ONOFF, "SMSFLT:ON", "ON", "SMSFLT:ON", "OFF", "SMSFLT:OFF"},
	{"NTPSVR", "<SVR1>,[<SVR2>,<SVR3>,<SVR4>]", "NTPSVR:cn.ntp.org.cn,us.ntp.org.cn",
	 "cn.ntp.org.cn", "NTPSVR:cn.ntp.org.cn", "a.example.com,b.example.com,10.0.0.1,d.example.com",
	 "NTPSVR:a.example.com,b.example.com,10.0.0.1,d.example.com"},
	{"NTPEN", ONOFF, "NTPEN:OFF", "ON", "NTPEN:ON", "OFF", "NTPEN:OFF"},
	{"NTPTM", "<1~65535(m)>", "NTPTM:60", "60", "NTPTM:60", "1440", "NTPTM:1440"},
};

static void test_settings_range_default_example_change(void **state)
{
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		const struct setting_case *c = &settings[i];
		char line[512], body[512];

		boot();
		snprintf(body, sizeof body, "%s:%s", c->name, c->range);
		EXPECT_VALUE(fmt(line, sizeof line, "AT+%s=?", c->name), body);
		EXPECT_VALUE(fmt(line, sizeof line, "AT+%s?", c->name), c->def);
		EXPECT_VALUE(fmt(line, sizeof line, "AT+%s", c->name), c->def);
		snprintf(line, sizeof line, "AT+%s=%s", c->name, c->example_set);
		EXPECT_OK(line);
		EXPECT_VALUE(fmt(line, sizeof line, "AT+%s?", c->name), c->example);
		snprintf(line, sizeof line, "AT+%s=%s", c->name, c->change_set);
		EXPECT_OK(line);
		EXPECT_VALUE(fmt(line, sizeof line, "AT+%s?", c->name), c->change);
	}
}

/* Every setting row of the table has a case above (E and SIGNINAT have
 * their own tests; rows with arguments store nothing). */
static void test_every_setting_row_is_covered(void **state)
{
	const struct usrdtu_profile *p = &usrdtu_profile_cat1;
	unsigned i, j;

	(void)state;
	for (i = 0; i < p->ncmds; i++) {
		const struct at_cmd *row = &p->cmds[i];
		int found = 0;

		if (row->nparams == 0 || at_cmd_args(row) || strcmp(row->name, "E") == 0 ||
		    strcmp(row->name, "SIGNINAT") == 0)
			continue;
		for (j = 0; j < sizeof settings / sizeof settings[0]; j++)
			found |= strcmp(settings[j].name, row->name) == 0;
		if (!found)
			fail_msg("setting AT+%s has no test case", row->name);
	}
}

/* 002 4.5: the echo command, with the echo it controls. */
static void test_echo(void **state)
{
	(void)state;
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, &mock_hal_ops, &m), 0);
	mock_enter_command(&dev, &m);
	/* echo on: the line as typed, its terminator, then the reply */
	EXPECT("AT+E=?", "AT+E=?\r\r\n+E:<ON,OFF>\r\n\r\nOK\r\n");
	EXPECT("AT+E?", "AT+E?\r\r\n+E:ON\r\n\r\nOK\r\n");
	EXPECT("AT+E", "AT+E\r\r\n+E:ON\r\n\r\nOK\r\n");
	EXPECT("at+ver", "at+ver\r\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	EXPECT("AT+E=OFF", "AT+E=OFF\r" OK_REPLY);
	EXPECT_VALUE("AT+E?", "E:OFF");
	/* acts at once: the next line is echoed again */
	EXPECT_OK("AT+E=ON");
	EXPECT("AT+E?", "AT+E?\r\r\n+E:ON\r\n\r\nOK\r\n");
	EXPECT("AT+E=MAYBE", "AT+E=MAYBE\r\r\n+CME ERROR:53\r\n");
}

/* ---- actions ------------------------------------------------------------ */

static void test_boot_message(void **state)
{
	(void)state;
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, &mock_hal_ops, &m), 0);
	/* no CR LF before it (SPEC section 4) */
	assert_string_equal((const char *)m.out, START_MESSAGE);
	/* cat1 boots in its work mode, NET */
	assert_false(usrdtu_in_command_mode(&dev));
}

static void test_at_and_entm(void **state)
{
	(void)state;
	boot();
	EXPECT("AT", OK_REPLY);
	EXPECT("at", OK_REPLY);
	EXPECT("AT+ENTM", OK_REPLY);
	assert_false(usrdtu_in_command_mode(&dev));
	/* in NET mode a command line is data */
	send_line("AT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, "");
	assert_true(m.frame_count >= 1);
}

static void test_z_restarts_and_forgets(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=99");
	EXPECT("AT+Z", OK_REPLY START_MESSAGE);
	reenter_command();
	EXPECT_VALUE("AT+HEARTTM?", "HEARTTM:30");
}

static void test_s_saves_and_restarts(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=99");
	EXPECT_OK("AT+STMSG=My DTU");
	EXPECT("AT+S", OK_REPLY "My DTU\r\n");
	reenter_command();
	EXPECT_VALUE("AT+HEARTTM?", "HEARTTM:99");
	EXPECT_VALUE("AT+STMSG?", "STMSG: My DTU");
}

static void test_clear_restores_factory(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+CMDPW=secret#");
	EXPECT_OK("AT+SOCKA=UDP,x.example.com,1");
	EXPECT("AT+S", OK_REPLY START_MESSAGE);
	reenter_command();
	EXPECT_VALUE("AT+CMDPW?", "CMDPW:secret#");
	EXPECT("AT+CLEAR", OK_REPLY START_MESSAGE);
	reenter_command();
	EXPECT_VALUE("AT+CMDPW?", "CMDPW:usr.cn#");
	EXPECT_VALUE("AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317");
}

/* ---- information commands ---------------------------------------------- */

static void set_location_facts(void)
{
	m.info[USRDTU_INFO_LONGITUDE] = "114.43350220";
	m.info[USRDTU_INFO_LATITUDE] = "30.49159431";
	m.info[USRDTU_INFO_LOCATION_TIME] = "2020-12-11 15:45:36";
	m.info[USRDTU_INFO_ADDRESS] = "426 Gaoxin Avenue, Wuhan";
	m.info[USRDTU_INFO_NEIGHBOR_LAC] = "5a30|5a30";
	m.info[USRDTU_INFO_NEIGHBOR_CELL] = "b2114b1|5d7e404";
	m.info[USRDTU_INFO_NET_TYPE] = "4";
}

/* The examples of 002 4.15-4.25, with the facts the manual shows. */
static void test_information_examples(void **state)
{
	(void)state;
	boot();
	set_location_facts();
	m.info[USRDTU_INFO_VERSION] = "V1.1.01.000000.0000";
	m.info[USRDTU_INFO_ICCID] = "8986003615195A571314";

	EXPECT("AT+CSQ", "\r\n+CSQ: 27,99\r\n\r\nOK\r\n");
	EXPECT("AT+CSQ?", "\r\n+CSQ: 27,99\r\n\r\nOK\r\n");
	EXPECT("AT+SYSINFO?", "\r\n+SYSINFO:4,LTE\r\n\r\nOK\r\n");
	EXPECT("AT+SYSINFO", "\r\n+SYSINFO:4,LTE\r\n\r\nOK\r\n");
	EXPECT("AT+VER?", "\r\n+VER:V1.1.01.000000.0000\r\n\r\nOK\r\n");
	EXPECT("AT+VER", "\r\n+VER:V1.1.01.000000.0000\r\n\r\nOK\r\n");
	EXPECT("AT+BUILD?", "\r\n+BUILD:2020-3-16 18:22:25\r\n\r\nOK\r\n");
	EXPECT("AT+SN?", "\r\n+SN: 00402420011300024522\r\n\r\nOK\r\n");
	EXPECT("AT+IMEI?", "\r\n+IMEI:864333040712457\r\n\r\nOK\r\n");
	EXPECT("AT+ICCID?", "\r\n+ICCID:8986003615195A571314\r\n\r\nOK\r\n");
	EXPECT("AT+CIP?", "\r\n+CIP:10.1.167.22\r\n\r\nOK\r\n");
	EXPECT("AT+CNUM?", "\r\n+CNUM: \"\",\"15112341234\",129\r\n\r\nOK\r\n");
	EXPECT("AT+LBS?", "\r\n+LBS: LAC = 333e, CID = 3357906\r\n\r\nOK\r\n");
	EXPECT("AT+LBS", "\r\n+LBS: LAC = 333e, CID = 3357906\r\n\r\nOK\r\n");
	EXPECT("AT+LBS=1",
	       "\r\n+LBS: LNG = 114.43350220, LAT = 30.49159431, TIME = 2020-12-11 15:45:36\r\n\r\nOK\r\n");
	m.info[USRDTU_INFO_LOCATION_TIME] = "2020-12-11 15:45:39";
	EXPECT("AT+LBS=2", "\r\n+LBS: LNG = 114.43350220, LAT = 30.49159431, TIME = 2020-12-11 15:45:39, "
			   "ADDINFO: 426 Gaoxin Avenue, Wuhan\r\n\r\nOK\r\n");
	EXPECT("AT+LBSN?", "\r\n+LBSN:\r\nTAC1 = 5a30, CellID1 = b2114b1\r\nTAC2 = 5a30, CellID2 = "
			   "5d7e404\r\n\r\nOK\r\n");
	EXPECT("AT+LBSN", "\r\n+LBSN:\r\nTAC1 = 5a30, CellID1 = b2114b1\r\nTAC2 = 5a30, CellID2 = "
			  "5d7e404\r\n\r\nOK\r\n");
	EXPECT("AT+SOCKALK?", "\r\n+SOCKALK:Disconnected\r\n\r\nOK\r\n");
	EXPECT("AT+SOCKBLK?", "\r\n+SOCKBLK:Disconnected\r\n\r\nOK\r\n");
	EXPECT("AT+SOCKCLK", "\r\n+SOCKCLK:Disconnected\r\n\r\nOK\r\n");
	EXPECT("AT+SOCKDLK", "\r\n+SOCKDLK:Disconnected\r\n\r\nOK\r\n");
}

static void test_information_variants(void **state)
{
	(void)state;
	boot();
	set_location_facts();
	m.info[USRDTU_INFO_NET_TYPE] = "0";
	EXPECT("AT+SYSINFO", "\r\n+SYSINFO:0,No Network\r\n\r\nOK\r\n");
	m.info[USRDTU_INFO_NET_TYPE] = "2";
	EXPECT("AT+SYSINFO", "\r\n+SYSINFO:2,GSM/GPRS\r\n\r\nOK\r\n");
	/* a number 002 has no word for */
	m.info[USRDTU_INFO_NET_TYPE] = "7";
	EXPECT_ERROR("AT+SYSINFO", 50);
	m.info[USRDTU_INFO_NET_TYPE] = "44";
	EXPECT_ERROR("AT+SYSINFO", 50);
	/* an international number is type 145 */
	m.info[USRDTU_INFO_NUMBER] = "+8615112341234";
	EXPECT("AT+CNUM", "\r\n+CNUM: \"\",\"+8615112341234\",145\r\n\r\nOK\r\n");
	/* one neighbour, then three */
	m.info[USRDTU_INFO_NEIGHBOR_LAC] = "1";
	m.info[USRDTU_INFO_NEIGHBOR_CELL] = "2";
	EXPECT("AT+LBSN", "\r\n+LBSN:\r\nTAC1 = 1, CellID1 = 2\r\n\r\nOK\r\n");
	m.info[USRDTU_INFO_NEIGHBOR_LAC] = "a|b|c";
	m.info[USRDTU_INFO_NEIGHBOR_CELL] = "1|2|3";
	EXPECT("AT+LBSN", "\r\n+LBSN:\r\nTAC1 = a, CellID1 = 1\r\nTAC2 = b, CellID2 = 2\r\nTAC3 = c, "
			  "CellID3 = 3\r\n\r\nOK\r\n");
	/* LBS=1/2 are actions: no test form of their own, only 1 and 2 */
	EXPECT_ERROR("AT+LBS=3", 53);
	EXPECT_ERROR("AT+LBS=0", 53);
	EXPECT_ERROR("AT+LBS=x", 3);
	EXPECT_ERROR("AT+LBS=1,2", 53);
}

/* A HAL without the answer: execution failed, and nothing else written. */
static void test_information_without_hal_answer(void **state)
{
	static const char *const lines[] = {
		"AT+CSQ",  "AT+SYSINFO", "AT+VER", "AT+BUILD", "AT+SN",	   "AT+IMEI", "AT+ICCID",
		"AT+CIP?", "AT+CNUM",	 "AT+LBS", "AT+LBS=1", "AT+LBS=2", "AT+LBSN",
	};
	unsigned i;

	(void)state;
	boot_with(&mock_hal_bare_ops);
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		EXPECT_ERROR(lines[i], 50);

	/* the full HAL with single facts missing */
	boot();
	set_location_facts();
	m.info[USRDTU_INFO_CSQ] = NULL;
	EXPECT_ERROR("AT+CSQ", 50);
	m.info[USRDTU_INFO_SN] = NULL;
	EXPECT_ERROR("AT+SN?", 50);
	m.info[USRDTU_INFO_NUMBER] = NULL;
	EXPECT_ERROR("AT+CNUM?", 50);
	m.info[USRDTU_INFO_LOCAL_IP] = NULL;
	EXPECT_ERROR("AT+CIP", 50);
	m.info[USRDTU_INFO_NET_TYPE] = NULL;
	EXPECT_ERROR("AT+SYSINFO?", 50);
	m.info[USRDTU_INFO_CELL_ID] = NULL;
	EXPECT_ERROR("AT+LBS?", 50);
	/* =1 does not need the address, =2 does */
	EXPECT("AT+LBS=1",
	       "\r\n+LBS: LNG = 114.43350220, LAT = 30.49159431, TIME = 2020-12-11 15:45:36\r\n\r\nOK\r\n");
	m.info[USRDTU_INFO_ADDRESS] = NULL;
	EXPECT_ERROR("AT+LBS=2", 50);
	m.info[USRDTU_INFO_LATITUDE] = NULL;
	EXPECT_ERROR("AT+LBS=1", 50);
	m.info[USRDTU_INFO_NEIGHBOR_CELL] = NULL;
	EXPECT_ERROR("AT+LBSN", 50);
	m.info[USRDTU_INFO_VERSION] = NULL;
	EXPECT_ERROR("AT+VER?", 50);
	m.info[USRDTU_INFO_BUILD] = NULL;
	EXPECT_ERROR("AT+BUILD?", 50);
	m.info[USRDTU_INFO_IMEI] = NULL;
	EXPECT_ERROR("AT+IMEI?", 50);
	m.info[USRDTU_INFO_ICCID] = NULL;
	EXPECT_ERROR("AT+ICCID?", 50);
}

/* Information commands have no set or test form. */
static void test_information_forms(void **state)
{
	static const char *const lines[] = {
		"AT+CSQ=?", "AT+CSQ=1", "AT+VER=?",  "AT+VER=x",   "AT+SN=1",	   "AT+SYSINFO=?",
		"AT+CIP=?", "AT+CNUM=?", "AT+LBSN=?", "AT+LBSN=1", "AT+SOCKALK=?", "AT+SOCKALK=1",
	};
	unsigned i;

	(void)state;
	boot();
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		EXPECT_ERROR(lines[i], 58);
}

/* 002 4.26: the clock, read and set. */
static void test_cclk(void **state)
{
	(void)state;
	boot();
	m.info[USRDTU_INFO_CLOCK] = "20/06/19,20:05:19+32";
	EXPECT("AT+CCLK?", "\r\n+CCLK: \"20/06/19,20:05:19+32\"\r\n\r\nOK\r\n");
	EXPECT("AT+CCLK", "\r\n+CCLK: \"20/06/19,20:05:19+32\"\r\n\r\nOK\r\n");
	EXPECT_OK("AT+CCLK=20/12/01,10:47:46+32");
	EXPECT("AT+CCLK?", "\r\n+CCLK: \"20/12/01,10:47:46+32\"\r\n\r\nOK\r\n");
	mock_advance(&dev, &m, 2000);
	EXPECT("AT+CCLK?", "\r\n+CCLK: \"20/12/01,10:47:48+32\"\r\n\r\nOK\r\n");
	/* what the query prints, typed back: one quoted argument */
	EXPECT_OK("AT+CCLK=\"21/02/28,23:59:59-08\"");
	EXPECT("AT+CCLK?", "\r\n+CCLK: \"21/02/28,23:59:59-08\"\r\n\r\nOK\r\n");
	mock_advance(&dev, &m, 1000);
	EXPECT("AT+CCLK?", "\r\n+CCLK: \"21/03/01,00:00:00-08\"\r\n\r\nOK\r\n");
	/* malformed clocks change nothing */
	EXPECT_ERROR("AT+CCLK=\"21/02/28\"", 53);
	EXPECT_ERROR("AT+CCLK=21/02/29,10:00:00+00", 53);
	EXPECT_ERROR("AT+CCLK=21-02-28,10:00:00+00", 3);
	EXPECT_ERROR("AT+CCLK=20/12/01", 53);
	EXPECT_ERROR("AT+CCLK=20/12/01,10:47:46+32,1", 53);
	EXPECT("AT+CCLK?", "\r\n+CCLK: \"21/03/01,00:00:00-08\"\r\n\r\nOK\r\n");
	/* 002 shows no test form */
	EXPECT_ERROR("AT+CCLK=?", 58);

	/* without the clock fact and with the clock unset: execution failed */
	boot_with(&mock_hal_bare_ops);
	EXPECT_ERROR("AT+CCLK?", 50);
}

/* SPEC section 9: GPS is outside the library; every form fails. */
static void test_gps_is_unsupported(void **state)
{
	static const char *const lines[] = {
		"AT+GPS",    "AT+GPS?",	   "AT+GPS=?",	  "AT+GPS=ON",	  "AT+GPSDT",
		"AT+GPSDT?", "AT+GPSOUT", "AT+GPSOUT?", "AT+GPSOUT=?", "AT+GPSOUT=1",
	};
	unsigned i;

	(void)state;
	boot();
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		EXPECT_ERROR(lines[i], 50);
}

/* ---- values reach the settings as their semantic values ---------------- */

static void test_semantic_values(void **state)
{
	const struct usrdtu_settings *s;

	(void)state;
	boot();
	s = usrdtu_pending_settings(&dev);
	assert_int_equal(s->work_mode, USRDTU_MODE_NET);
	assert_int_equal(s->heart_dir, USRDTU_HEART_NET);
	assert_int_equal(s->heart_content, USRDTU_CONTENT_USER);
	assert_int_equal(s->reg_content, USRDTU_CONTENT_USER);
	assert_int_equal(s->reg_send, USRDTU_REGSND_LINK);
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_TCPC);
	assert_int_equal(s->sock[0].enabled, 1);
	assert_int_equal(s->sock[1].enabled, 0);
	assert_int_equal(s->sock[2].enabled, 0);
	assert_int_equal(s->sock[3].enabled, 0);
	assert_int_equal(s->sock[0].short_connection, 0);
	assert_int_equal(s->uart.baud, 115200);
	assert_int_equal(s->uart.data_bits, 8);
	assert_int_equal(s->uart.stop_bits, 1);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_NONE);
	assert_int_equal(s->uart.flow, USRDTU_FLOW_NONE);
	assert_int_equal(s->pack_time_ms, 50);
	assert_int_equal(s->pack_len, 1024);
	assert_int_equal(s->reconnect_interval_s, 10);
	assert_int_equal(s->reconnect_limit, 60);
	assert_int_equal(s->short_timeout_s, 10);
	assert_int_equal(s->no_data_restart_s, 1800);
	assert_int_equal(s->ntp_period_min, 60);
	assert_string_equal(s->login_password, "usr_cn");
	assert_string_equal(s->http_header, "Accept:text/html\r\n");
	assert_int_equal(usrdtu_hex_len(s->reg_data), 10);
	assert_memory_equal(s->reg_data + 2, "www.usr.cn", 10);
	assert_int_equal(usrdtu_hex_len(s->heart_data), 10);
	assert_string_equal(s->ntp_server[2], "");

	EXPECT_OK("AT+WKMOD=SMS");
	EXPECT_OK("AT+HEARTTP=COM");
	EXPECT_OK("AT+HEARTSORT=LBS");
	EXPECT_OK("AT+REGTP=IMEI");
	EXPECT_OK("AT+REGSND=DATA");
	EXPECT_OK("AT+SOCKB=UDP,test.usr.cn,1");
	EXPECT_OK("AT+SOCKASL=SHORT");
	EXPECT_OK("AT+UART=9600,8,2,ODD,NONE");
	EXPECT_OK("AT+HTPTP=POST");
	EXPECT_OK("AT+REGDT=0001FF");
	assert_int_equal(s->work_mode, USRDTU_MODE_SMS);
	assert_int_equal(s->heart_dir, USRDTU_HEART_COM);
	assert_int_equal(s->heart_content, USRDTU_CONTENT_LBS);
	assert_int_equal(s->reg_content, USRDTU_CONTENT_IMEI);
	assert_int_equal(s->reg_send, USRDTU_REGSND_DATA);
	assert_int_equal(s->sock[1].proto, USRDTU_PROTO_UDPC);
	assert_int_equal(s->sock[0].short_connection, 1);
	assert_int_equal(s->uart.baud, 9600);
	assert_int_equal(s->uart.stop_bits, 2);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_ODD);
	assert_int_equal(s->http_method, USRDTU_HTTP_POST);
	assert_int_equal(usrdtu_hex_len(s->reg_data), 3);
	assert_memory_equal(s->reg_data + 2, "\x00\x01\xFF", 3);
	EXPECT_OK("AT+REGTP=ICCID");
	assert_int_equal(s->reg_content, USRDTU_CONTENT_ICCID);
	EXPECT_OK("AT+REGTP=SN");
	assert_int_equal(s->reg_content, USRDTU_CONTENT_SN);
	EXPECT_OK("AT+REGTP=CLOUD");
	assert_int_equal(s->reg_content, USRDTU_CONTENT_CLOUD);
	EXPECT_OK("AT+REGSND=LINK&DATA");
	assert_int_equal(s->reg_send, USRDTU_REGSND_LINK_DATA);
}

/* AT+HEART is the five heartbeat settings in one line. */
static void test_heart_compound(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=99");
	EXPECT_VALUE("AT+HEART", "HEART:ON,NET,USER,99," WWW);
	EXPECT_OK("AT+HEART=OFF,COM,IMEI,5,0102");
	EXPECT_VALUE("AT+HEARTEN?", "HEARTEN:OFF");
	EXPECT_VALUE("AT+HEARTTP?", "HEARTTP:COM");
	EXPECT_VALUE("AT+HEARTSORT?", "HEARTSORT:IMEI");
	EXPECT_VALUE("AT+HEARTTM?", "HEARTTM:5");
	EXPECT_VALUE("AT+HEARTDT?", "HEARTDT:0102");
	/* left-out parameters keep their values */
	EXPECT_OK("AT+HEART=ON,NET");
	EXPECT_VALUE("AT+HEART?", "HEART:ON,NET,IMEI,5,0102");
	EXPECT_OK("AT+HEART=OFF,COM,SN");
	EXPECT_VALUE("AT+HEART?", "HEART:OFF,COM,SN,5,0102");
	/* the manual's example: every field */
	EXPECT_OK("AT+HEART=ON,NET,USER,30," WWW);
	EXPECT_VALUE("AT+HEART", "HEART:ON,NET,USER,30," WWW);
	/* a bad field rejects the whole line */
	EXPECT_ERROR("AT+HEART=OFF,COM,IMEI,0", 53);
	EXPECT_ERROR("AT+HEART=OFF,COM,FOO", 53);
	EXPECT_ERROR("AT+HEART=OFF,COM,IMEI,5,123", 3);
	EXPECT_ERROR("AT+HEART=OFF,COM,IMEI,5,12,1", 53);
	EXPECT_VALUE("AT+HEART", "HEART:ON,NET,USER,30," WWW);
	/* both rows save the same fields once */
	EXPECT_OK("AT+HEART=OFF,COM,LBS,7,AA");
	EXPECT("AT+S", OK_REPLY START_MESSAGE);
	reenter_command();
	EXPECT_VALUE("AT+HEART", "HEART:OFF,COM,LBS,7,AA");
}

/* ---- what is accepted at the edges ------------------------------------- */

static void test_accepted_edges(void **state)
{
	char line[1024];
	size_t i;

	(void)state;
	boot();
	EXPECT_OK("AT+RSTIM=60");
	EXPECT_VALUE("AT+RSTIM?", "RSTIM:60");
	EXPECT_OK("AT+RSTIM=65535");
	EXPECT_VALUE("AT+RSTIM?", "RSTIM:65535");
	EXPECT_OK("AT+UART=921600,8,1,NONE,NONE");
	EXPECT_VALUE("AT+UART?", "UART:921600,8,1,NONE,NONE");
	/* any baud rate in the range, not a list */
	EXPECT_OK("AT+UART=12345,8,1,ODD,NONE");
	EXPECT_VALUE("AT+UART?", "UART:12345,8,1,ODD,NONE");
	EXPECT_OK("AT+UARTFT=10");
	EXPECT_OK("AT+UARTFL=4096");
	EXPECT_OK("AT+SHORTATM=1");
	EXPECT_OK("AT+SOCKRSNUM=1");
	EXPECT_OK("AT+SOCKRSTIM=65535");
	/* APN: user, password and auth may be empty or left out */
	EXPECT_OK("AT+APN=internet");
	EXPECT_VALUE("AT+APN?", "APN:internet,,,0");
	EXPECT_OK("AT+APN=CMNET,u,p,1");
	EXPECT_OK("AT+APN=other");
	EXPECT_VALUE("AT+APN?", "APN:other,u,p,1");
	EXPECT_OK("AT+APN=CMNET,,,0");
	EXPECT_VALUE("AT+APN?", "APN:CMNET,,,0");
	/* the backup server can be set back to none, its default */
	EXPECT_OK("AT+SOCKDBK=bk.example.com,7");
	EXPECT_OK("AT+SOCKDBK=,7");
	EXPECT_VALUE("AT+SOCKDBK?", "SOCKDBK:,7");
	/* NTP servers 2-4 left out are removed */
	EXPECT_OK("AT+NTPSVR=a.example.com,b.example.com,c.example.com");
	EXPECT_VALUE("AT+NTPSVR?", "NTPSVR:a.example.com,b.example.com,c.example.com");
	EXPECT_OK("AT+NTPSVR=a.example.com,b.example.com");
	EXPECT_VALUE("AT+NTPSVR?", "NTPSVR:a.example.com,b.example.com");
	/* empty members drop out, so the query shows every server in use */
	EXPECT_OK("AT+NTPSVR=a.example.com,,c.example.com");
	EXPECT_VALUE("AT+NTPSVR?", "NTPSVR:a.example.com,c.example.com");
	EXPECT_OK("AT+NTPSVR=a.example.com,,,d.example.com");
	EXPECT_VALUE("AT+NTPSVR?", "NTPSVR:a.example.com,d.example.com");
	assert_string_equal(usrdtu_pending_settings(&dev)->ntp_server[2], "");
	assert_string_equal(usrdtu_pending_settings(&dev)->ntp_server[3], "");
	EXPECT_OK("AT+NTPSVR=a.example.com,b.example.com,");
	EXPECT_VALUE("AT+NTPSVR?", "NTPSVR:a.example.com,b.example.com");
	/* longest values */
	EXPECT_OK("AT+CMDPW=1234567890");
	EXPECT_OK("AT+STMSG=12345678901234567890");
	EXPECT_VALUE("AT+STMSG?", "STMSG: 12345678901234567890");
	EXPECT_OK("AT+DSTNUM=12345678901234567890");
	EXPECT_OK("AT+CLOUD=12345678901234567890,abcdefgh");
	memcpy(line, "AT+REGDT=", 9);
	for (i = 0; i < 600; i++)
		line[9 + i] = "0123456789ABCDEF"[i % 16];
	line[609] = 0;
	EXPECT_OK(line);
	memcpy(line, "AT+HEARTDT=", 11);
	for (i = 0; i < 600; i++)
		line[11 + i] = 'F';
	line[611] = 0;
	EXPECT_OK(line);
	/* quoted input is accepted too; replies stay unquoted */
	EXPECT_OK("AT+SOCKA=\"UDP\",\"q.example.com\",80");
	EXPECT_VALUE("AT+SOCKA?", "SOCKA:UDP,q.example.com,80");
	/* case-insensitive names and words; replies in upper case */
	EXPECT_OK("at+sockasl=short");
	EXPECT_VALUE("at+sockasl?", "SOCKASL:SHORT");
	/* '?' at the end of a set value is part of the value */
	EXPECT_OK("AT+HTPURL=/x.php?");
	EXPECT_VALUE("AT+HTPURL?", "HTPURL:/x.php?");
	/* a comma inside a text prints escaped, and the escape types back */
	EXPECT_OK("AT+STMSG=a[2C]b");
	EXPECT_VALUE("AT+STMSG?", "STMSG: a[2C]b");
	EXPECT_OK("AT+STMSG=\"c,d\"");
	EXPECT_VALUE("AT+STMSG?", "STMSG: c[2C]d");
}

/* ---- rejects ------------------------------------------------------------ */

struct reject_case {
	const char *line;
	int code;
	const char *query; /* asked afterwards: unchanged */
	const char *value;
};

static const struct reject_case rejects[] = {
	/* wrong number of parameters */
	{"AT+SOCKA=TCP,test.usr.cn", 53, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+SOCKA=UDP,a.example.com,1,2", 53, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+E=ON,OFF", 53, "AT+E?", "E:OFF"},
	{"AT+UART=9600,8,1,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,1,NONE,NONE,1", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+KEEPALIVEA=0,60,15", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+APN=x,a,b,0,5", 53, "AT+APN?", "APN:CMNET,,,0"},
	{"AT+NTPSVR=a,b,c,d,e", 53, "AT+NTPSVR?", "NTPSVR:cn.ntp.org.cn,us.ntp.org.cn"},
	{"AT+CLOUD=1", 53, "AT+CLOUD?", "CLOUD:,"},
	{"AT+SOCKABK=a.example.com", 53, "AT+SOCKABK?", "SOCKABK:,1"},
	{"AT+HTPSV=a.example.com", 53, "AT+HTPSV?", "HTPSV:test.usr.cn,80"},
	{"AT+RSTIM=60,60", 53, "AT+RSTIM?", "RSTIM:1800"},
	/* a parameter of the wrong type */
	{"AT+RSTIM=abc", 3, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=12a", 3, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=-1", 3, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=1.5", 3, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+UART=fast,8,1,NONE,NONE", 3, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+SOCKA=UDP,a.example.com,port", 3, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+KEEPALIVEB=on,60,15,3", 3, "AT+KEEPALIVEB?", "KEEPALIVEB:1,60,15,3"},
	{"AT+REGDT=123", 3, "AT+REGDT?", "REGDT:" WWW},
	{"AT+REGDT=GG", 3, "AT+REGDT?", "REGDT:" WWW},
	{"AT+REGDT=12 34", 3, "AT+REGDT?", "REGDT:" WWW},
	{"AT+HEARTDT=A", 3, "AT+HEARTDT?", "HEARTDT:" WWW},
	{"AT+HEARTDT=0x12", 3, "AT+HEARTDT?", "HEARTDT:" WWW},
	/* words not in the list */
	{"AT+E=MAYBE", 53, "AT+E?", "E:OFF"},
	{"AT+WKMOD=UDC", 53, "AT+WKMOD?", "WKMOD:NET"},
	{"AT+SOCKA=TCPC,a.example.com,1", 53, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+UART=9600,8,1,MARK,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,1,NONE,RS485", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,1,NONE,CRTS", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,1,NONE,ODD", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,1,NONE,EVEN", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+REGTP=REGID", 53, "AT+REGTP?", "REGTP:USER"},
	{"AT+HEARTSORT=CLOUD", 53, "AT+HEARTSORT?", "HEARTSORT:USER"},
	{"AT+REGSND=BOTH", 53, "AT+REGSND?", "REGSND:LINK"},
	{"AT+HEARTTP=SERIAL", 53, "AT+HEARTTP?", "HEARTTP:NET"},
	{"AT+HTPTP=PUT", 53, "AT+HTPTP?", "HTPTP:GET"},
	{"AT+SOCKASL=MEDIUM", 53, "AT+SOCKASL?", "SOCKASL:LONG"},
	/* numbers out of range */
	{"AT+RSTIM=59", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=1", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=65536", 53, "AT+RSTIM?", "RSTIM:1800"},
	/* numbers that wrap to an allowed value in 16, 32 or 64 bits */
	{"AT+RSTIM=65596", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=4294967296", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=4294967356", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=18446744073709551616", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+RSTIM=99999999999999999999999", 53, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+SOCKRSNUM=0", 53, "AT+SOCKRSNUM?", "SOCKRSNUM:60"},
	{"AT+SOCKRSNUM=65536", 53, "AT+SOCKRSNUM?", "SOCKRSNUM:60"},
	{"AT+SOCKRSNUM=65597", 53, "AT+SOCKRSNUM?", "SOCKRSNUM:60"},
	{"AT+SOCKRSNUM=4294967296", 53, "AT+SOCKRSNUM?", "SOCKRSNUM:60"},
	{"AT+SOCKRSNUM=18446744073709551616", 53, "AT+SOCKRSNUM?", "SOCKRSNUM:60"},
	{"AT+SOCKRSNUM=99999999999999999999999", 53, "AT+SOCKRSNUM?", "SOCKRSNUM:60"},
	{"AT+HEARTTM=0", 53, "AT+HEARTTM?", "HEARTTM:30"},
	{"AT+HEARTTM=65536", 53, "AT+HEARTTM?", "HEARTTM:30"},
	{"AT+HEARTTM=4294967326", 53, "AT+HEARTTM?", "HEARTTM:30"},
	{"AT+SOCKRSTIM=9", 53, "AT+SOCKRSTIM?", "SOCKRSTIM:10"},
	{"AT+SOCKRSTIM=65536", 53, "AT+SOCKRSTIM?", "SOCKRSTIM:10"},
	{"AT+SHORTATM=0", 53, "AT+SHORTATM?", "SHORTATM:10"},
	{"AT+SHORTATM=601", 53, "AT+SHORTATM?", "SHORTATM:10"},
	{"AT+UARTFT=9", 53, "AT+UARTFT?", "UARTFT:50"},
	{"AT+UARTFT=501", 53, "AT+UARTFT?", "UARTFT:50"},
	{"AT+UARTFL=4", 53, "AT+UARTFL?", "UARTFL:1024"},
	{"AT+UARTFL=4097", 53, "AT+UARTFL?", "UARTFL:1024"},
	{"AT+UART=1199,8,1,NONE,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=921601,8,1,NONE,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=4295082496,8,1,NONE,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,7,1,NONE,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,3,NONE,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+UART=9600,8,0,NONE,NONE", 53, "AT+UART?", "UART:115200,8,1,NONE,NONE"},
	{"AT+SOCKA=UDP,a.example.com,0", 53, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+SOCKA=UDP,a.example.com,65536", 53, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+SOCKD=UDP,a.example.com,65537", 53, "AT+SOCKD?", "SOCKD:TCP,test.usr.cn,2317"},
	{"AT+SOCKABK=a.example.com,0", 53, "AT+SOCKABK?", "SOCKABK:,1"},
	{"AT+HTPSV=a.example.com,65536", 53, "AT+HTPSV?", "HTPSV:test.usr.cn,80"},
	{"AT+KEEPALIVEA=2,60,15,3", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEA=1,0,15,3", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEA=1,65536,15,3", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEA=1,60,101,3", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEA=1,60,0,3", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEA=1,60,15,11", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEA=1,60,15,0", 53, "AT+KEEPALIVEA?", "KEEPALIVEA:1,60,15,3"},
	{"AT+KEEPALIVEC=1,60,15,267", 53, "AT+KEEPALIVEC?", "KEEPALIVEC:1,60,15,3"},
	{"AT+APN=CMNET,,,3", 53, "AT+APN?", "APN:CMNET,,,0"},
	{"AT+HTPTIM=0", 53, "AT+HTPTIM?", "HTPTIM:10"},
	{"AT+NTPTM=0", 53, "AT+NTPTM?", "NTPTM:60"},
	{"AT+NTPTM=65536", 53, "AT+NTPTM?", "NTPTM:60"},
	/* texts too long */
	{"AT+CMDPW=12345678901", 53, "AT+CMDPW?", "CMDPW:usr.cn#"},
	{"AT+STMSG=123456789012345678901", 53, "AT+STMSG?", "STMSG: WH-LTE-7S1"},
	{"AT+DSTNUM=123456789012345678901", 53, "AT+DSTNUM?", "DSTNUM:1008610010"},
	{"AT+CLOUD=123456789012345678901,1", 53, "AT+CLOUD?", "CLOUD:,"},
	{"AT+CLOUD=1,123456789", 53, "AT+CLOUD?", "CLOUD:,"},
	{"AT+HTPPK=ONN", 53, "AT+HTPPK?", "HTPPK:ON"},
	/* texts too short */
	{"AT+CMDPW=", 53, "AT+CMDPW?", "CMDPW:usr.cn#"},
	{"AT+STMSG=", 53, "AT+STMSG?", "STMSG: WH-LTE-7S1"},
	{"AT+SOCKA=TCP,,2317", 53, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+HTPURL=", 53, "AT+HTPURL?", "HTPURL:/1.php?"},
	{"AT+DSTNUM=", 53, "AT+DSTNUM?", "DSTNUM:1008610010"},
	{"AT+NTPSVR=,a.example.com", 53, "AT+NTPSVR?", "NTPSVR:cn.ntp.org.cn,us.ntp.org.cn"},
	{"AT+REGDT=", 53, "AT+REGDT?", "REGDT:" WWW},
	/* required words and numbers left empty */
	{"AT+SOCKA=,a.example.com,1", 3, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+SOCKA=UDP,a.example.com,", 3, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+RSTIM=", 3, "AT+RSTIM?", "RSTIM:1800"},
	{"AT+HEARTEN=", 3, "AT+HEARTEN?", "HEARTEN:ON"},
	/* bytes a field does not allow */
	{"AT+CLOUD=12ab,1", 3, "AT+CLOUD?", "CLOUD:,"},
	{"AT+DSTNUM=12a", 3, "AT+DSTNUM?", "DSTNUM:1008610010"},
	{"AT+DSTNUM=1+2", 3, "AT+DSTNUM?", "DSTNUM:1008610010"},
	{"AT+SOCKA=TCP,bad_host!,1", 3, "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
	{"AT+HTPSV=a/b,80", 3, "AT+HTPSV?", "HTPSV:test.usr.cn,80"},
	/* numbers quoted are not numbers */
	{"AT+HEARTTM=\"30\"", 3, "AT+HEARTTM?", "HEARTTM:30"},
};

static void test_rejects_leave_values_unchanged(void **state)
{
	unsigned i;

	(void)state;
	boot();
	for (i = 0; i < sizeof rejects / sizeof rejects[0]; i++) {
		EXPECT_ERROR(rejects[i].line, rejects[i].code);
		EXPECT_VALUE(rejects[i].query, rejects[i].value);
	}
}

/* Texts and hex strings one past their limit (the limits need long lines). */
static void test_rejects_too_long(void **state)
{
	static const struct {
		const char *prefix;
		size_t len;
		char fill;
		const char *query;
		const char *value;
	} cases[] = {
		{"AT+APN=", 51, 'a', "AT+APN?", "APN:CMNET,,,0"},
		{"AT+SOCKA=TCP,", 101, 'h', "AT+SOCKA?", "SOCKA:TCP,test.usr.cn,2317"},
		{"AT+SOCKCBK=", 101, 'h', "AT+SOCKCBK?", "SOCKCBK:,1"},
		{"AT+HTPSV=", 101, 'h', "AT+HTPSV?", "HTPSV:test.usr.cn,80"},
		{"AT+HTPURL=/", 100, 'u', "AT+HTPURL?", "HTPURL:/1.php?"},
		{"AT+HTPHD=", 201, 'x', "AT+HTPHD?", "HTPHD:Accept:text/html[0D][0A]"},
		{"AT+NTPSVR=", 101, 'n', "AT+NTPSVR?", "NTPSVR:cn.ntp.org.cn,us.ntp.org.cn"},
		{"AT+REGDT=", 602, 'A', "AT+REGDT?", "REGDT:" WWW},
		{"AT+HEARTDT=", 602, 'B', "AT+HEARTDT?", "HEARTDT:" WWW},
	};
	char line[1024];
	unsigned i;

	(void)state;
	boot();
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = strlen(cases[i].prefix);

		memcpy(line, cases[i].prefix, n);
		memset(line + n, cases[i].fill, cases[i].len);
		/* SOCKA needs a port after the host */
		if (strncmp(cases[i].prefix, "AT+SOCKA=", 9) == 0)
			strcpy(line + n + cases[i].len, ",1");
		else if (strncmp(cases[i].prefix, "AT+SOCKCBK=", 11) == 0 ||
			 strncmp(cases[i].prefix, "AT+HTPSV=", 9) == 0)
			strcpy(line + n + cases[i].len, ",1");
		else
			line[n + cases[i].len] = 0;
		EXPECT_ERROR(line, 53);
		EXPECT_VALUE(cases[i].query, cases[i].value);
	}
	/* the same lengths minus one are accepted */
	memcpy(line, "AT+HTPHD=", 9);
	memset(line + 9, 'x', 200);
	line[209] = 0;
	EXPECT_OK(line);
	memcpy(line, "AT+SOCKB=TCP,", 13);
	memset(line + 13, 'h', 100);
	strcpy(line + 113, ",1");
	EXPECT_OK(line);
}

/* Forms a row does not have. */
static void test_rejects_forms(void **state)
{
	(void)state;
	boot();
	EXPECT_ERROR("AT+Z?", 58);
	EXPECT_ERROR("AT+Z=?", 58);
	EXPECT_ERROR("AT+S=1", 58);
	EXPECT_ERROR("AT+CLEAR?", 58);
	EXPECT_ERROR("AT+ENTM=?", 58);
	EXPECT_ERROR("AT+ENTM=1", 58);
	/* SIGNINAT has no query and no test: the password is never printed */
	EXPECT_ERROR("AT+SIGNINAT?", 58);
	EXPECT_ERROR("AT+SIGNINAT", 58);
	EXPECT_ERROR("AT+SIGNINAT=?", 58);
	assert_true(strstr(send_line("AT+SIGNINAT?"), "usr_cn") == NULL);
}

/* ---- login security (002 4.27, 4.28) ------------------------------------ */

static void test_login_security(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+SAFEATEN=ON");
	/* not yet in force: it takes effect at restart */
	EXPECT_VALUE("AT+VER", "VER:V1.0.0");
	EXPECT("AT+S", OK_REPLY START_MESSAGE);
	reenter_command();

	EXPECT_ERROR("AT+VER", 73);
	EXPECT_ERROR("AT+SAFEATEN=OFF", 73);
	EXPECT_ERROR("AT+SAFEATEN?", 73);
	EXPECT_ERROR("AT+UART=?", 73);
	EXPECT_ERROR("AT+Z", 73);
	EXPECT_ERROR("AT+SIGNINAT=wrong", 73);
	/* wrong passwords are slowed down: wait them out */
	mock_advance(&dev, &m, USRDTU_CFG_LOGIN_DELAY_MS + 100);
	EXPECT_ERROR("AT+VER", 73);
	EXPECT_OK("AT+SIGNINAT=usr_cn");
	EXPECT_VALUE("AT+VER", "VER:V1.0.0");
	EXPECT_VALUE("AT+SAFEATEN?", "SAFEATEN:ON");

	/* logged in, SIGNINAT changes the password */
	EXPECT_OK("AT+SIGNINAT=New_pw_1");
	EXPECT("AT+S", OK_REPLY START_MESSAGE);
	reenter_command();
	EXPECT_ERROR("AT+VER", 73);
	EXPECT_ERROR("AT+SIGNINAT=usr_cn", 73);
	mock_advance(&dev, &m, USRDTU_CFG_LOGIN_DELAY_MS + 100);
	/* passwords are case-sensitive */
	EXPECT_ERROR("AT+SIGNINAT=new_pw_1", 73);
	mock_advance(&dev, &m, 2 * USRDTU_CFG_LOGIN_DELAY_MS + 100);
	EXPECT_OK("AT+SIGNINAT=New_pw_1");
	EXPECT_VALUE("AT+SAFEATEN?", "SAFEATEN:ON");

	/* off again: no login after restart */
	EXPECT_OK("AT+SAFEATEN=OFF");
	EXPECT("AT+S", OK_REPLY START_MESSAGE);
	reenter_command();
	EXPECT_VALUE("AT+VER", "VER:V1.0.0");
}

/* A new password: letters, digits, underscore, 1 to 10 bytes. */
static void test_login_password_rules(void **state)
{
	(void)state;
	boot();
	/* a byte outside the allowed set is a parameter of the wrong type */
	EXPECT_ERROR("AT+SIGNINAT=abc-def", 3);
	EXPECT_ERROR("AT+SIGNINAT=abc def", 3);
	EXPECT_ERROR("AT+SIGNINAT=", 53);
	EXPECT_ERROR("AT+SIGNINAT=12345678901", 53);
	assert_string_equal(usrdtu_pending_settings(&dev)->login_password, "usr_cn");
	EXPECT_OK("AT+SIGNINAT=A_z_0_9_xy");
	assert_string_equal(usrdtu_pending_settings(&dev)->login_password, "A_z_0_9_xy");
}

/* ---- the data mode the settings drive ----------------------------------- */

/* Serial AT in NET mode: UATEN defaults on, the password includes its '#'. */
static void test_serial_at_in_net_mode(void **state)
{
	(void)state;
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, &mock_hal_ops, &m), 0);
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "usr.cn#AT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	assert_int_equal(m.frame_count, 0);
	assert_false(usrdtu_in_command_mode(&dev));
}

/* UARTFL decides where a frame ends (the profile has no fixed length). */
static void test_packing_length_setting(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+UARTFL=5");
	EXPECT("AT+S", OK_REPLY START_MESSAGE);
	mock_advance(&dev, &m, 1000);
	assert_false(usrdtu_in_command_mode(&dev));
	mock_send(&dev, &m, "abcdefghij");
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.frame_count, 2);
	assert_int_equal(m.frames_len, 10);
	assert_memory_equal(m.frames, "abcdefghij", 10);
	assert_int_equal(m.last_frame_len, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_has_exactly_the_manual_commands),
		cmocka_unit_test(test_dialect_constants),
		cmocka_unit_test(test_other_dialects_commands_are_unknown),
		cmocka_unit_test(test_settings_range_default_example_change),
		cmocka_unit_test(test_every_setting_row_is_covered),
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_boot_message),
		cmocka_unit_test(test_at_and_entm),
		cmocka_unit_test(test_z_restarts_and_forgets),
		cmocka_unit_test(test_s_saves_and_restarts),
		cmocka_unit_test(test_clear_restores_factory),
		cmocka_unit_test(test_information_examples),
		cmocka_unit_test(test_information_variants),
		cmocka_unit_test(test_information_without_hal_answer),
		cmocka_unit_test(test_information_forms),
		cmocka_unit_test(test_cclk),
		cmocka_unit_test(test_gps_is_unsupported),
		cmocka_unit_test(test_semantic_values),
		cmocka_unit_test(test_heart_compound),
		cmocka_unit_test(test_accepted_edges),
		cmocka_unit_test(test_rejects_leave_values_unchanged),
		cmocka_unit_test(test_rejects_too_long),
		cmocka_unit_test(test_rejects_forms),
		cmocka_unit_test(test_login_security),
		cmocka_unit_test(test_login_password_rules),
		cmocka_unit_test(test_serial_at_in_net_mode),
		cmocka_unit_test(test_packing_length_setting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
