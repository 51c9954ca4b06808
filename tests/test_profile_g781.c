/*
 * The g781 profile against seeds/004 (USR-G781 AT command set): every
 * command of the manual and nothing else, every reply format, every
 * default, every test form, every way a set can be refused, the PDF
 * spellings, save-at-once without AT+S, and serial AT in data mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "mock_hal.h"
#include "usrdtu/usrdtu.h"

#include "engine.h"
#include "manual_names_g781.h"

/* Large: static, not on the stack. */
static struct usrdtu dev;
static struct mock_hal m;

#define OK "\r\nOK\r\n"
#define ERR58 "\r\n+CME ERROR:58\r\n"
#define ERR3 "\r\n+CME ERROR:3\r\n"
#define ERR50 "\r\n+CME ERROR:50\r\n"
#define VALUE(text) "\r\n+" text "\r\n\r\nOK\r\n"

static void boot_raw(const struct usrdtu_hal *hal)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_g781, hal, &m), 0);
}

/* g781 boots in NET: go to command mode and switch echo off, so that every
 * reply below is the reply alone. */
static void boot(void)
{
	boot_raw(&mock_hal_ops);
	mock_enter_command(&dev, &m);
	assert_string_equal(mock_send(&dev, &m, "AT+E=OFF\r"), "AT+E=OFF\r" OK);
	mock_clear(&m);
}

static const char *send(const char *line)
{
	return mock_send(&dev, &m, line);
}

/* A query both ways (AT+X and AT+X?) gives the same bytes. */
static void expect_query(const char *name, const char *reply)
{
	char line[64];

	snprintf(line, sizeof line, "AT+%s\r", name);
	assert_string_equal(send(line), reply);
	snprintf(line, sizeof line, "AT+%s?\r", name);
	assert_string_equal(send(line), reply);
}

/* A refused line: the error reply, and nothing changed, in memory or in
 * flash (g781 saves every accepted set at once). */
static struct usrdtu_settings before_pending, before_active;

static void expect_reject(const char *line, const char *error)
{
	unsigned writes = m.writes, erases = m.erases, actions = m.action_calls;

	memcpy(&before_pending, usrdtu_pending_settings(&dev), sizeof before_pending);
	memcpy(&before_active, usrdtu_active_settings(&dev), sizeof before_active);
	if (strcmp(send(line), error) != 0)
		fail_msg("%s gave \"%s\", expected \"%s\"", line, (const char *)m.out, error);
	assert_memory_equal(usrdtu_pending_settings(&dev), &before_pending, sizeof before_pending);
	assert_memory_equal(usrdtu_active_settings(&dev), &before_active, sizeof before_active);
	assert_int_equal(m.writes, writes);
	assert_int_equal(m.erases, erases);
	assert_int_equal(m.action_calls, actions);
}

static void expect_ok(const char *line)
{
	if (strcmp(send(line), OK) != 0)
		fail_msg("%s gave \"%s\", expected OK", line, (const char *)m.out);
}

/* ---- the command table ---- */

/* Exactly the commands of 004, in strcmp order (the dispatcher
 * binary-searches them). */
static void test_table_is_the_manual(void **state)
{
	const struct usrdtu_profile *p = &usrdtu_profile_g781;
	size_t i;

	(void)state;
	assert_int_equal(p->ncmds, MANUAL_NAMES_G781_COUNT);
	for (i = 0; i < p->ncmds; i++) {
		assert_string_equal(p->cmds[i].name, manual_names_g781[i]);
		if (i > 0)
			assert_true(strcmp(p->cmds[i - 1].name, p->cmds[i].name) < 0);
	}
	assert_string_equal(usrdtu_profile_name(p), "g781");
	assert_ptr_equal(usrdtu_profile_find("g781"), p);
	assert_int_equal(p->flags, AT_P_SAVE_AT_ONCE | AT_P_SERIAL_AT_ON | AT_P_REG_FIRST_DATA);
	assert_int_equal(p->frame_gap_ms, 0);
	assert_int_equal(p->frame_len, 0);
}

/* Every manual name reaches its row through the dispatcher; a name from
 * another dialect does not. */
static void test_every_name_is_found(void **state)
{
	static const char *const foreign[] = {
		"AT+S\r",       "AT+UATEN\r",   "AT+NATEN\r",  "AT+CACHEN\r",  "AT+HEARTTP\r",
		"AT+HTPTIM\r",  "AT+HTPPK\r",   "AT+SOCKASL\r", "AT+SOCKIDEN\r", "AT+RSTIM\r",
		"AT+CIP\r",     "AT+LBS\r",     "AT+CNUM\r",   "AT+SOCKE\r",   "AT+SOCKELK\r",
		"AT+BUILD\r",   "AT+REGID\r",   "AT+CLOUDEN\r", "AT+DSTNUM\r",  "AT+FOO\r",
		"AT+HEARTSORT\r", "AT+SOCKRSTIM\r", "AT+UCPIN\r", "AT+SYSINFO\r", "AT+\r",
	};
	const struct usrdtu_profile *p = &usrdtu_profile_g781;
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < MANUAL_NAMES_G781_COUNT; i++) {
		const char *name = manual_names_g781[i];
		const struct at_cmd *row = dispatch_find(p, (const uint8_t *)name, strlen(name));
		char line[64], head[64], reply[256];
		size_t j;

		assert_non_null(row);
		/* the test form is harmless for every row: a setting answers
		 * with its own name, an action or a fact refuses the form
		 * (so nothing restarts here) */
		snprintf(line, sizeof line, "AT+%s=?\r", name);
		snprintf(head, sizeof head, "\r\n+%s:<", name);
		send(line);
		if (row->flags & AT_FORM_TEST)
			assert_memory_equal(m.out, head, strlen(head));
		else
			assert_string_equal((const char *)m.out, ERR58);
		/* the lower-case spelling finds the same row */
		assert_true(m.out_len < sizeof reply);
		memcpy(reply, m.out, m.out_len + 1);
		for (j = 0; line[j] != 0; j++)
			line[j] = (char)tolower((unsigned char)line[j]);
		assert_string_equal(send(line), reply);
	}
	for (i = 0; i < sizeof foreign / sizeof foreign[0]; i++)
		expect_reject(foreign[i], ERR58);
}

/* ---- defaults ---- */

static void test_echo_default_on(void **state)
{
	(void)state;
	boot_raw(&mock_hal_ops);
	assert_string_equal((const char *)m.out, "USR_G781\r\n");
	mock_enter_command(&dev, &m);
	/* echo is byte for byte as typed, lowercase included */
	assert_string_equal(send("AT+E\r"), "AT+E\r" VALUE("E:ON"));
	assert_string_equal(send("at+e?\r"), "at+e?\r" VALUE("E:ON"));
	/* E acts at once: the set is echoed, the next line is not */
	assert_string_equal(send("AT+E=OFF\r"), "AT+E=OFF\r" OK);
	assert_string_equal(send("AT+E\r"), VALUE("E:OFF"));
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 0);
	assert_string_equal(send("AT+E=ON\r"), OK);
	assert_string_equal(send("AT\r"), "AT\r" OK);
}

static void test_default_replies(void **state)
{
	static const char *const q[][2] = {
		{"WKMOD", VALUE("WKMOD:NET")},
		{"CMDPW", VALUE("CMDPW:www.usr.cn#")},
		{"STMSG", VALUE("STMSG:USR_G781")},
		{"APN", VALUE("APN:CMNET,,,0")},
		{"UART", VALUE("UART:115200,NONE,8,1,NFC")},
		{"UARTFT", VALUE("UARTFT:50")},
		{"UARTFL", VALUE("UARTFL:1000")},
		{"RFCEN", VALUE("RFCEN:OFF")},
		{"SOCKA", VALUE("SOCKA:TCPC,test.usr.cn,2317")},
		{"SOCKB", VALUE("SOCKB:TCPC,test.usr.cn,2317")},
		{"SOCKC", VALUE("SOCKC:TCPC,test.usr.cn,2317")},
		{"SOCKD", VALUE("SOCKD:TCPC,test.usr.cn,2317")},
		{"SOCKAEN", VALUE("SOCKAEN:ON")},
		{"SOCKBEN", VALUE("SOCKBEN:OFF")},
		{"SOCKCEN", VALUE("SOCKCEN:OFF")},
		{"SOCKDEN", VALUE("SOCKDEN:OFF")},
		{"SOCKIND", VALUE("SOCKIND:OFF")},
		{"REGEN", VALUE("REGEN:OFF")},
		{"REGTP", VALUE("REGTP:USER")},
		{"REGDT", VALUE("REGDT:7777772E7573722E636E")},
		{"REGSND", VALUE("REGSND:DATA")},
		{"CLOUD", VALUE("CLOUD:,")},
		{"HEARTEN", VALUE("HEARTEN:OFF")},
		{"HEARTDT", VALUE("HEARTDT:7777772E7573722E636E")},
		{"HEARTSND", VALUE("HEARTSND:NET")},
		{"HEARTTM", VALUE("HEARTTM:30")},
		{"HTPTP", VALUE("HTPTP:GET")},
		{"HTPURL", VALUE("HTPURL:/1.php[3F]")},
		{"HTPSV", VALUE("HTPSV:test.usr.cn,80")},
		{"HTPHD", VALUE("HTPHD:Connection: close[0D][0A]")},
		{"HTPTO", VALUE("HTPTO:10")},
		{"HTPFLT", VALUE("HTPFLT:OFF")},
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < sizeof q / sizeof q[0]; i++)
		expect_query(q[i][0], q[i][1]);
}

/* The defaults are the semantic values the rest of the engine runs on. */
static void test_default_settings(void **state)
{
	const struct usrdtu_settings *s;
	unsigned i;

	(void)state;
	boot_raw(&mock_hal_ops);
	s = usrdtu_active_settings(&dev);
	assert_int_equal(s->echo, 1);
	assert_int_equal(s->work_mode, USRDTU_MODE_NET);
	assert_string_equal(s->cmd_password, "www.usr.cn#");
	assert_string_equal(s->start_message, "USR_G781");
	assert_string_equal(s->apn, "CMNET");
	assert_string_equal(s->apn_user, "");
	assert_string_equal(s->apn_pass, "");
	assert_int_equal(s->apn_auth, 0);
	assert_int_equal(s->uart.baud, 115200);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_NONE);
	assert_int_equal(s->uart.data_bits, 8);
	assert_int_equal(s->uart.stop_bits, 1);
	assert_int_equal(s->uart.flow, USRDTU_FLOW_NONE);
	assert_int_equal(s->pack_time_ms, 50);
	assert_int_equal(s->pack_len, 1000);
	assert_int_equal(s->rfc2217, 0);
	for (i = 0; i < USRDTU_SOCKETS; i++) {
		assert_int_equal(s->sock[i].proto, USRDTU_PROTO_TCPC);
		assert_string_equal(s->sock[i].host, "test.usr.cn");
		assert_int_equal(s->sock[i].port, 2317);
		assert_int_equal(s->sock[i].enabled, i == 0);
		assert_int_equal(s->sock[i].short_connection, 0);
	}
	assert_int_equal(s->socket_id, 0);
	assert_int_equal(s->reg_enabled, USRDTU_REGEN_OFF);
	assert_int_equal(s->reg_content, USRDTU_CONTENT_USER);
	assert_int_equal(s->reg_send, USRDTU_REGSND_DATA);
	assert_int_equal(usrdtu_hex_len(s->reg_data), 10);
	assert_memory_equal(s->reg_data + 2, "www.usr.cn", 10);
	assert_string_equal(s->cloud_id, "");
	assert_string_equal(s->cloud_pass, "");
	assert_int_equal(s->heart_enabled, 0);
	assert_int_equal(usrdtu_hex_len(s->heart_data), 10);
	assert_memory_equal(s->heart_data + 2, "www.usr.cn", 10);
	assert_int_equal(s->heart_dir, USRDTU_HEART_NET);
	assert_int_equal(s->heart_interval_s, 30);
	assert_int_equal(s->http_method, USRDTU_HTTP_GET);
	assert_string_equal(s->http_url, "/1.php?");
	assert_string_equal(s->http_host, "test.usr.cn");
	assert_int_equal(s->http_port, 80);
	assert_string_equal(s->http_header, "Connection: close\r\n");
	assert_int_equal(s->http_timeout_s, 10);
	assert_int_equal(s->http_filter, 0);
	/* the UART was set up from the defaults at boot */
	assert_true(m.uart_calls > 0);
	assert_int_equal(m.uart.baud, 115200);
	assert_int_equal(m.uart.data_bits, 8);
	assert_int_equal(m.uart.stop_bits, 1);
	assert_int_equal(m.uart.parity, USRDTU_PARITY_NONE);
	assert_int_equal(m.uart.flow, USRDTU_FLOW_NONE);
}

/* ---- information and actions ---- */

static void test_info_replies(void **state)
{
	(void)state;
	boot();
	m.info[USRDTU_INFO_NET_TYPE] = "8";
	m.info[USRDTU_INFO_PIN_STATE] = "READY";
	expect_query("VER", VALUE("VER:V1.0.0"));
	expect_query("SN", VALUE("SN:00402420011300024522"));
	expect_query("ICCID", VALUE("ICCID:89860036151957131234"));
	expect_query("IMEI", VALUE("IMEI:864333040712457"));
	/* 004 4.10: the RSSI alone, without the bit error rate */
	expect_query("CSQ", VALUE("CSQ:27"));
	m.info[USRDTU_INFO_CSQ] = "31";
	expect_query("CSQ", VALUE("CSQ:31"));
	m.info[USRDTU_INFO_CSQ] = "99,99";
	expect_query("CSQ", VALUE("CSQ:99"));
	expect_query("NETMODE", VALUE("NETMODE:8"));
	m.info[USRDTU_INFO_NET_TYPE] = "0";
	expect_query("NETMODE", VALUE("NETMODE:0"));
	/* 004 writes "AT+ NETMODE": the space is dropped */
	assert_string_equal(send("AT+ NETMODE\r"), VALUE("NETMODE:0"));
	expect_query("CPIN", VALUE("CPIN:READY"));
	m.info[USRDTU_INFO_PIN_STATE] = "SIM PIN";
	expect_query("CPIN", VALUE("CPIN:SIM PIN"));
	/* no socket is connected: 004's range is ON/OFF */
	expect_query("SOCKALK", VALUE("SOCKALK:OFF"));
	expect_query("SOCKBLK", VALUE("SOCKBLK:OFF"));
	expect_query("SOCKCLK", VALUE("SOCKCLK:OFF"));
	expect_query("SOCKDLK", VALUE("SOCKDLK:OFF"));
	/* information commands have no set form */
	expect_reject("AT+VER=1\r", ERR58);
	expect_reject("AT+CSQ=1\r", ERR58);
	expect_reject("AT+NETMODE=1\r", ERR58);
	expect_reject("AT+SOCKALK=ON\r", ERR58);
	expect_reject("AT+SN=?\r", ERR58);
}

/* A HAL that does not know a fact: the execution-failed error, 50. */
static void test_info_unknown(void **state)
{
	(void)state;
	boot();
	m.info[USRDTU_INFO_CSQ] = NULL;
	m.info[USRDTU_INFO_VERSION] = NULL;
	m.info[USRDTU_INFO_SN] = NULL;
	m.info[USRDTU_INFO_ICCID] = NULL;
	m.info[USRDTU_INFO_IMEI] = NULL;
	expect_reject("AT+CSQ\r", ERR50);
	expect_reject("AT+VER\r", ERR50);
	expect_reject("AT+SN?\r", ERR50);
	expect_reject("AT+ICCID\r", ERR50);
	expect_reject("AT+IMEI\r", ERR50);
	/* NET_TYPE and PIN_STATE are unset in the mock */
	expect_reject("AT+NETMODE\r", ERR50);
	expect_reject("AT+CPIN?\r", ERR50);
	m.info[USRDTU_INFO_CSQ] = "";
	expect_reject("AT+CSQ\r", ERR50);
	m.info[USRDTU_INFO_CSQ] = ",99";
	expect_reject("AT+CSQ\r", ERR50);
}

/* AT+CPIN=<code> gives the SIM its PIN at once and stores nothing. */
static void test_cpin_set(void **state)
{
	unsigned writes;

	(void)state;
	boot();
	writes = m.writes;
	memcpy(&before_pending, usrdtu_pending_settings(&dev), sizeof before_pending);
	assert_string_equal(send("AT+CPIN=1234\r"), OK);
	assert_int_equal(m.action_calls, 1);
	assert_int_equal(m.last_action, USRDTU_ACTION_SET_PIN);
	assert_string_equal(m.last_action_arg, "1234");
	assert_string_equal(send("AT+CPIN=12345678\r"), OK);
	assert_int_equal(m.action_calls, 2);
	assert_string_equal(m.last_action_arg, "12345678");
	assert_memory_equal(usrdtu_pending_settings(&dev), &before_pending, sizeof before_pending);
	assert_int_equal(m.writes, writes);

	expect_reject("AT+CPIN=123\r", ERR3);
	expect_reject("AT+CPIN=123456789\r", ERR3);
	expect_reject("AT+CPIN=12a4\r", ERR3);
	expect_reject("AT+CPIN=\r", ERR3);
	expect_reject("AT+CPIN=1234,5678\r", ERR3);
	assert_string_equal(send("AT+CPIN=?\r"), VALUE("CPIN:<4~8 bytes>"));
}

static void test_cpin_without_hal(void **state)
{
	(void)state;
	boot_raw(&mock_hal_bare_ops);
	mock_enter_command(&dev, &m);
	assert_string_equal(send("AT+E=OFF\r"), "AT+E=OFF\r" OK);
	assert_string_equal(send("AT+CPIN=1234\r"), ERR50);
	assert_string_equal(send("AT+CPIN\r"), ERR50);
	assert_string_equal(send("AT+CSQ\r"), ERR50);
	assert_int_equal(m.action_calls, 0);
}

static void test_help(void **state)
{
	const char *out;
	const char *at;
	size_t i, lines = 0;

	(void)state;
	boot();
	out = send("AT+H\r");
	assert_true(strncmp(out, "\r\nAT+APN: ", 10) == 0);
	assert_string_equal(out + strlen(out) - 8, "\r\n\r\nOK\r\n");
	/* one line per command of the table, in table order */
	at = out;
	for (i = 0; i < MANUAL_NAMES_G781_COUNT; i++) {
		char needle[32];

		snprintf(needle, sizeof needle, "\r\nAT+%s: ", manual_names_g781[i]);
		at = strstr(at, needle);
		assert_non_null(at);
		at += strlen(needle);
	}
	for (at = out; (at = strstr(at, "\r\nAT+")) != NULL; at += 5)
		lines++;
	assert_int_equal(lines, MANUAL_NAMES_G781_COUNT);
	expect_reject("AT+H=1\r", ERR58);
	expect_reject("AT+H?\r", ERR58);
}

/* AT+Z and AT+R: OK, then the restart and the start message. */
static void test_restart(void **state)
{
	(void)state;
	boot();
	assert_string_equal(send("AT+Z\r"), OK "USR_G781\r\n");
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
	mock_enter_command(&dev, &m);
	assert_string_equal(send("AT+R\r"), OK "USR_G781\r\n");
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
	mock_enter_command(&dev, &m);
	expect_reject("AT+Z=1\r", ERR58);
	expect_reject("AT+R?\r", ERR58);
	expect_reject("AT+ENTM=?\r", ERR58);
	assert_string_equal(send("AT+ENTM\r"), OK);
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
}

/* CFGTF keeps the current settings as user defaults; RELD restores them
 * and restarts; CLEAR restores the factory ones and restarts. */
static void test_user_defaults(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+STMSG=USER1\r");
	expect_ok("AT+SOCKA=UDPS,10.0.0.1,9000\r");
	assert_string_equal(send("AT+CFGTF\r"), OK);
	assert_int_equal(usrdtu_in_command_mode(&dev), 1);
	expect_ok("AT+STMSG=OTHER\r");
	expect_ok("AT+SOCKA=TCPC,example.com,1\r");
	assert_string_equal(send("AT+RELD\r"), OK "USER1\r\n");
	mock_enter_command(&dev, &m);
	expect_query("STMSG", VALUE("STMSG:USER1"));
	expect_query("SOCKA", VALUE("SOCKA:UDPS,10.0.0.1,9000"));
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "USER1");

	assert_string_equal(send("AT+CLEAR\r"), OK "USR_G781\r\n");
	mock_enter_command(&dev, &m);
	/* echo is back on, as the factory set it */
	assert_string_equal(send("AT+STMSG\r"), "AT+STMSG\r" VALUE("STMSG:USR_G781"));
	assert_string_equal(send("AT+SOCKA\r"), "AT+SOCKA\r" VALUE("SOCKA:TCPC,test.usr.cn,2317"));
	/* and the user defaults are the factory ones too */
	assert_string_equal(send("AT+STMSG=X\r"), "AT+STMSG=X\r" OK);
	assert_string_equal(send("AT+RELD\r"), "AT+RELD\r" OK "USR_G781\r\n");
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
	mock_enter_command(&dev, &m);
	assert_string_equal(send("AT+E=OFF\r"), "AT+E=OFF\r" OK);
	expect_reject("AT+CFGTF?\r", ERR58);
	expect_reject("AT+CLEAR=1\r", ERR58);
}

/* ---- sets ---- */

static void test_sets(void **state)
{
	static const char *const t[][3] = {
		{"AT+WKMOD=HTTPD\r", "WKMOD", VALUE("WKMOD:HTTPD")},
		{"AT+WKMOD=net\r", "WKMOD", VALUE("WKMOD:NET")},
		{"AT+CMDPW=abc\r", "CMDPW", VALUE("CMDPW:abc")},
		{"AT+CMDPW=12345678901\r", "CMDPW", VALUE("CMDPW:12345678901")},
		{"AT+CMDPW=x\r", "CMDPW", VALUE("CMDPW:x")},
		{"AT+STMSG=Hello DTU\r", "STMSG", VALUE("STMSG:Hello DTU")},
		{"AT+STMSG=\r", "STMSG", VALUE("STMSG:")},
		{"AT+STMSG=12345678901234567890\r", "STMSG", VALUE("STMSG:12345678901234567890")},
		{"AT+APN=3gnet,user,pass,2\r", "APN", VALUE("APN:3gnet,user,pass,2")},
		{"AT+APN=CMNET,,,0\r", "APN", VALUE("APN:CMNET,,,0")},
		{"AT+APN=,,,1\r", "APN", VALUE("APN:,,,1")},
		{"AT+UART=9600,EVEN,7,2,485\r", "UART", VALUE("UART:9600,EVEN,7,2,485")},
		{"AT+UART=300,odd,8,1,nfc\r", "UART", VALUE("UART:300,ODD,8,1,NFC")},
		{"AT+UART=460800,NONE,8,1,NFC\r", "UART", VALUE("UART:460800,NONE,8,1,NFC")},
		{"AT+UARTFT=10\r", "UARTFT", VALUE("UARTFT:10")},
		{"AT+UARTFT=60000\r", "UARTFT", VALUE("UARTFT:60000")},
		{"AT+UARTFL=1\r", "UARTFL", VALUE("UARTFL:1")},
		{"AT+UARTFL=4096\r", "UARTFL", VALUE("UARTFL:4096")},
		{"AT+RFCEN=ON\r", "RFCEN", VALUE("RFCEN:ON")},
		{"AT+SOCKA=TCPS,0.0.0.0,1\r", "SOCKA", VALUE("SOCKA:TCPS,0.0.0.0,1")},
		{"AT+SOCKA=UDPS,192.168.1.1,65535\r", "SOCKA", VALUE("SOCKA:UDPS,192.168.1.1,65535")},
		{"AT+SOCKA=udpc,My-Host.example_1.com,502\r", "SOCKA",
		 VALUE("SOCKA:UDPC,My-Host.example_1.com,502")},
		{"AT+SOCKB=UDPS,b.example,2\r", "SOCKB", VALUE("SOCKB:UDPS,b.example,2")},
		{"AT+SOCKC=UDPC,c.example,3\r", "SOCKC", VALUE("SOCKC:UDPC,c.example,3")},
		{"AT+SOCKD=TCPC,d.example,4\r", "SOCKD", VALUE("SOCKD:TCPC,d.example,4")},
		{"AT+SOCKAEN=OFF\r", "SOCKAEN", VALUE("SOCKAEN:OFF")},
		{"AT+SOCKBEN=ON\r", "SOCKBEN", VALUE("SOCKBEN:ON")},
		{"AT+SOCKCEN=on\r", "SOCKCEN", VALUE("SOCKCEN:ON")},
		{"AT+SOCKDEN=On\r", "SOCKDEN", VALUE("SOCKDEN:ON")},
		{"AT+SOCKIND=ON\r", "SOCKIND", VALUE("SOCKIND:ON")},
		{"AT+REGEN=ON\r", "REGEN", VALUE("REGEN:ON")},
		{"AT+REGTP=ICCID\r", "REGTP", VALUE("REGTP:ICCID")},
		{"AT+REGTP=IMEI\r", "REGTP", VALUE("REGTP:IMEI")},
		{"AT+REGTP=CLOUD\r", "REGTP", VALUE("REGTP:CLOUD")},
		{"AT+REGTP=user\r", "REGTP", VALUE("REGTP:USER")},
		{"AT+REGDT=00\r", "REGDT", VALUE("REGDT:00")},
		{"AT+REGDT=abcdef0123\r", "REGDT", VALUE("REGDT:ABCDEF0123")},
		{"AT+REGSND=LINK\r", "REGSND", VALUE("REGSND:LINK")},
		{"AT+REGSND=DATA\r", "REGSND", VALUE("REGSND:DATA")},
		{"AT+CLOUD=12345678901234567890,abcdefgh\r", "CLOUD",
		 VALUE("CLOUD:12345678901234567890,abcdefgh")},
		{"AT+CLOUD=,\r", "CLOUD", VALUE("CLOUD:,")},
		{"AT+HEARTEN=ON\r", "HEARTEN", VALUE("HEARTEN:ON")},
		{"AT+HEARTDT=0102\r", "HEARTDT", VALUE("HEARTDT:0102")},
		{"AT+HEARTSND=COM\r", "HEARTSND", VALUE("HEARTSND:COM")},
		{"AT+HEARTTM=1\r", "HEARTTM", VALUE("HEARTTM:1")},
		{"AT+HEARTTM=6000\r", "HEARTTM", VALUE("HEARTTM:6000")},
		{"AT+HTPTP=POST\r", "HTPTP", VALUE("HTPTP:POST")},
		{"AT+HTPURL=/a.php?x=1&y=2\r", "HTPURL", VALUE("HTPURL:/a.php[3F]x=1&y=2")},
		{"AT+HTPURL=/b[3F]\r", "HTPURL", VALUE("HTPURL:/b[3F]")},
		{"AT+HTPURL=/1.php?\r", "HTPURL", VALUE("HTPURL:/1.php[3F]")},
		{"AT+HTPSV=10.1.2.3,8080\r", "HTPSV", VALUE("HTPSV:10.1.2.3,8080")},
		{"AT+HTPHD=Accept: */*[0D][0A]\r", "HTPHD", VALUE("HTPHD:Accept: */*[0D][0A]")},
		{"AT+HTPHD=\r", "HTPHD", VALUE("HTPHD:")},
		{"AT+HTPTO=600\r", "HTPTO", VALUE("HTPTO:600")},
		{"AT+HTPTO=1\r", "HTPTO", VALUE("HTPTO:1")},
		{"AT+HTPFLT=ON\r", "HTPFLT", VALUE("HTPFLT:ON")},
		{"AT+E=OFF\r", "E", VALUE("E:OFF")},
		/* a comma in an unquoted text is typed and printed as [2C] */
		{"AT+STMSG=a[2C]b\r", "STMSG", VALUE("STMSG:a[2C]b")},
		/* quoted values are accepted too */
		{"AT+STMSG=\"q,r\"\r", "STMSG", VALUE("STMSG:q[2C]r")},
		/* spaces around '=' and after commas are not part of a value */
		{"AT+ SOCKB = UDPC, spaced.host, 77\r", "SOCKB", VALUE("SOCKB:UDPC,spaced.host,77")},
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		unsigned writes = m.writes;

		expect_ok(t[i][0]);
		/* saved at once: no AT+S in g781 */
		assert_true(m.writes > writes);
		expect_query(t[i][1], t[i][2]);
	}
}

/* What the sets store: semantic values, decoded bytes. */
static void test_set_values(void **state)
{
	const struct usrdtu_settings *s;

	(void)state;
	boot();
	s = usrdtu_pending_settings(&dev);
	expect_ok("AT+UART=9600,EVEN,7,2,485\r");
	assert_int_equal(s->uart.baud, 9600);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_EVEN);
	assert_int_equal(s->uart.data_bits, 7);
	assert_int_equal(s->uart.stop_bits, 2);
	assert_int_equal(s->uart.flow, USRDTU_FLOW_RS485);
	expect_ok("AT+UART=19200,ODD,8,1,NFC\r");
	assert_int_equal(s->uart.parity, USRDTU_PARITY_ODD);
	assert_int_equal(s->uart.flow, USRDTU_FLOW_NONE);
	expect_ok("AT+SOCKA=TCPS,1.2.3.4,5\r");
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_TCPS);
	assert_string_equal(s->sock[0].host, "1.2.3.4");
	assert_int_equal(s->sock[0].port, 5);
	expect_ok("AT+SOCKB=UDPS,h,6\r");
	assert_int_equal(s->sock[1].proto, USRDTU_PROTO_UDPS);
	expect_ok("AT+SOCKC=UDPC,h,7\r");
	assert_int_equal(s->sock[2].proto, USRDTU_PROTO_UDPC);
	expect_ok("AT+SOCKD=TCPC,h,8\r");
	assert_int_equal(s->sock[3].proto, USRDTU_PROTO_TCPC);
	expect_ok("AT+SOCKDEN=ON\r");
	assert_int_equal(s->sock[3].enabled, 1);
	expect_ok("AT+SOCKIND=ON\r");
	assert_int_equal(s->socket_id, 1);
	expect_ok("AT+RFCEN=ON\r");
	assert_int_equal(s->rfc2217, 1);
	expect_ok("AT+UARTFT=1234\r");
	assert_int_equal(s->pack_time_ms, 1234);
	expect_ok("AT+UARTFL=4000\r");
	assert_int_equal(s->pack_len, 4000);
	expect_ok("AT+WKMOD=HTTPD\r");
	assert_int_equal(s->work_mode, USRDTU_MODE_HTTPD);
	expect_ok("AT+REGEN=ON\r");
	assert_int_equal(s->reg_enabled, USRDTU_REGEN_ON);
	expect_ok("AT+REGTP=CLOUD\r");
	assert_int_equal(s->reg_content, USRDTU_CONTENT_CLOUD);
	expect_ok("AT+REGTP=ICCID\r");
	assert_int_equal(s->reg_content, USRDTU_CONTENT_ICCID);
	expect_ok("AT+REGTP=IMEI\r");
	assert_int_equal(s->reg_content, USRDTU_CONTENT_IMEI);
	expect_ok("AT+REGSND=LINK\r");
	assert_int_equal(s->reg_send, USRDTU_REGSND_LINK);
	expect_ok("AT+REGDT=00FF7E\r");
	assert_int_equal(usrdtu_hex_len(s->reg_data), 3);
	assert_memory_equal(s->reg_data + 2, "\x00\xFF\x7E", 3);
	expect_ok("AT+HEARTSND=COM\r");
	assert_int_equal(s->heart_dir, USRDTU_HEART_COM);
	expect_ok("AT+HEARTEN=ON\r");
	assert_int_equal(s->heart_enabled, 1);
	expect_ok("AT+HEARTTM=600\r");
	assert_int_equal(s->heart_interval_s, 600);
	expect_ok("AT+HTPTP=POST\r");
	assert_int_equal(s->http_method, USRDTU_HTTP_POST);
	expect_ok("AT+HTPTO=33\r");
	assert_int_equal(s->http_timeout_s, 33);
	expect_ok("AT+HTPFLT=ON\r");
	assert_int_equal(s->http_filter, 1);
	expect_ok("AT+HTPSV=h.example,81\r");
	assert_string_equal(s->http_host, "h.example");
	assert_int_equal(s->http_port, 81);
	expect_ok("AT+HTPURL=/p[3F]q\r");
	assert_string_equal(s->http_url, "/p?q");
	expect_ok("AT+HTPHD=X-A: 1[0D][0A]\r");
	assert_string_equal(s->http_header, "X-A: 1\r\n");
	expect_ok("AT+CLOUD=id1,pw1\r");
	assert_string_equal(s->cloud_id, "id1");
	assert_string_equal(s->cloud_pass, "pw1");
	expect_ok("AT+APN=apn,u,p,1\r");
	assert_string_equal(s->apn, "apn");
	assert_string_equal(s->apn_user, "u");
	assert_string_equal(s->apn_pass, "p");
	assert_int_equal(s->apn_auth, 1);
	expect_ok("AT+CMDPW=pw#\r");
	assert_string_equal(s->cmd_password, "pw#");
}

/* Length limits count decoded bytes, at both ends of every range. */
static void test_length_limits(void **state)
{
	char line[1100];
	char expect[1100];
	size_t i;

	(void)state;
	boot();
	/* STMSG: 20 bytes written as 20 escapes is 20 bytes */
	strcpy(line, "AT+STMSG=");
	for (i = 0; i < 20; i++)
		strcat(line, "[41]");
	strcat(line, "\r");
	expect_ok(line);
	expect_query("STMSG", VALUE("STMSG:AAAAAAAAAAAAAAAAAAAA"));
	strcpy(line, "AT+STMSG=");
	for (i = 0; i < 21; i++)
		strcat(line, "[41]");
	strcat(line, "\r");
	expect_reject(line, ERR3);

	/* REGDT: 255 bytes yes, 256 no ("less than 256 bytes") */
	strcpy(line, "AT+REGDT=");
	strcpy(expect, "\r\n+REGDT:");
	for (i = 0; i < 255; i++) {
		strcat(line, "A5");
		strcat(expect, "A5");
	}
	strcat(line, "\r");
	strcat(expect, "\r\n\r\nOK\r\n");
	expect_ok(line);
	expect_query("REGDT", expect);
	strcpy(line, "AT+REGDT=");
	for (i = 0; i < 256; i++)
		strcat(line, "5A");
	strcat(line, "\r");
	expect_reject(line, ERR3);

	/* HEARTDT: 2 to 80 bytes */
	strcpy(line, "AT+HEARTDT=");
	for (i = 0; i < 80; i++)
		strcat(line, "0F");
	strcat(line, "\r");
	expect_ok(line);
	strcpy(line, "AT+HEARTDT=");
	for (i = 0; i < 81; i++)
		strcat(line, "0F");
	strcat(line, "\r");
	expect_reject(line, ERR3);
	expect_reject("AT+HEARTDT=01\r", ERR3);

	/* HTPHD: 200 bytes, every one escaped: the longest g781 line */
	strcpy(line, "AT+HTPHD=");
	for (i = 0; i < 200; i++)
		strcat(line, "[0A]");
	strcat(line, "\r");
	expect_ok(line);
	assert_int_equal(strlen(usrdtu_pending_settings(&dev)->http_header), 200);
	strcpy(line, "AT+HTPHD=");
	for (i = 0; i < 201; i++)
		strcat(line, "x");
	strcat(line, "\r");
	expect_reject(line, ERR3);

	/* hosts and URL: 100 bytes */
	strcpy(line, "AT+SOCKA=TCPC,");
	for (i = 0; i < 100; i++)
		strcat(line, "h");
	strcat(line, ",1\r");
	expect_ok(line);
	strcpy(line, "AT+SOCKA=TCPC,");
	for (i = 0; i < 101; i++)
		strcat(line, "h");
	strcat(line, ",1\r");
	expect_reject(line, ERR3);
	strcpy(line, "AT+HTPSV=");
	for (i = 0; i < 101; i++)
		strcat(line, "h");
	strcat(line, ",1\r");
	expect_reject(line, ERR3);
	strcpy(line, "AT+HTPURL=/");
	for (i = 0; i < 99; i++)
		strcat(line, "u");
	strcat(line, "\r");
	expect_ok(line);
	strcpy(line, "AT+HTPURL=/");
	for (i = 0; i < 100; i++)
		strcat(line, "u");
	strcat(line, "\r");
	expect_reject(line, ERR3);

	/* APN fields: 50 bytes */
	strcpy(line, "AT+APN=");
	for (i = 0; i < 50; i++)
		strcat(line, "n");
	strcat(line, ",,,0\r");
	expect_ok(line);
	strcpy(line, "AT+APN=");
	for (i = 0; i < 51; i++)
		strcat(line, "n");
	strcat(line, ",,,0\r");
	expect_reject(line, ERR3);
	strcpy(line, "AT+APN=a,");
	for (i = 0; i < 51; i++)
		strcat(line, "n");
	strcat(line, ",,0\r");
	expect_reject(line, ERR3);
	strcpy(line, "AT+APN=a,,");
	for (i = 0; i < 51; i++)
		strcat(line, "n");
	strcat(line, ",0\r");
	expect_reject(line, ERR3);

	/* CMDPW: 11 bytes (the default's length), not 12 */
	expect_reject("AT+CMDPW=123456789012\r", ERR3);
	expect_ok("AT+CMDPW=www.usr.cn#\r");
	/* CLOUD: 20 and 8 */
	expect_reject("AT+CLOUD=123456789012345678901,x\r", ERR3);
	expect_reject("AT+CLOUD=x,123456789\r", ERR3);
	expect_ok("AT+CLOUD=x,12345678\r");
}

/* ---- test forms ---- */

static void test_test_forms(void **state)
{
	static const char *const t[][2] = {
		{"E", "<ON,OFF>"},
		{"WKMOD", "<NET,HTTPD>"},
		{"CMDPW", "<1~11 bytes>"},
		{"STMSG", "<0~20 bytes>"},
		{"APN", "<0~50 bytes>,<0~50 bytes>,<0~50 bytes>,<0~2>"},
		{"UART", "<300,600,1200,2400,4800,9600,19200,38400,57600,115200,230400,460800>,"
			 "<NONE,EVEN,ODD>,<7~8>,<1~2>,<NFC,485>"},
		{"UARTFT", "<10~60000>"},
		{"UARTFL", "<1~4096>"},
		{"RFCEN", "<ON,OFF>"},
		{"SOCKA", "<TCPS,TCPC,UDPS,UDPC>,<1~100 bytes>,<1~65535>"},
		{"SOCKB", "<TCPC,UDPS,UDPC>,<1~100 bytes>,<1~65535>"},
		{"SOCKC", "<TCPC,UDPS,UDPC>,<1~100 bytes>,<1~65535>"},
		{"SOCKD", "<TCPC,UDPS,UDPC>,<1~100 bytes>,<1~65535>"},
		{"SOCKAEN", "<ON,OFF>"},
		{"SOCKBEN", "<ON,OFF>"},
		{"SOCKCEN", "<ON,OFF>"},
		{"SOCKDEN", "<ON,OFF>"},
		{"SOCKIND", "<ON,OFF>"},
		{"REGEN", "<ON,OFF>"},
		{"REGTP", "<ICCID,IMEI,CLOUD,USER>"},
		{"REGDT", "<1~255 bytes>"},
		{"REGSND", "<LINK,DATA>"},
		{"CLOUD", "<0~20 bytes>,<0~8 bytes>"},
		{"HEARTEN", "<ON,OFF>"},
		{"HEARTDT", "<2~80 bytes>"},
		{"HEARTSND", "<COM,NET>"},
		{"HEARTTM", "<1~6000>"},
		{"HTPTP", "<GET,POST>"},
		{"HTPURL", "<1~100 bytes>"},
		{"HTPSV", "<1~100 bytes>,<1~65535>"},
		{"HTPHD", "<0~200 bytes>"},
		{"HTPTO", "<1~600>"},
		{"HTPFLT", "<ON,OFF>"},
		{"CPIN", "<4~8 bytes>"},
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		char line[64], reply[256];

		snprintf(line, sizeof line, "AT+%s=?\r", t[i][0]);
		snprintf(reply, sizeof reply, "\r\n+%s:%s\r\n\r\nOK\r\n", t[i][0], t[i][1]);
		memcpy(&before_pending, usrdtu_pending_settings(&dev), sizeof before_pending);
		assert_string_equal(send(line), reply);
		assert_memory_equal(usrdtu_pending_settings(&dev), &before_pending, sizeof before_pending);
	}
	/* "=?" is the test form only when nothing follows: with a space after
	 * it, still the test form; with text after it, a set */
	assert_string_equal(send("AT+HTPTO=? \r"), VALUE("HTPTO:<1~600>"));
	expect_reject("AT+HTPTO=?5\r", ERR3);
}

/* ---- refusals ---- */

static void test_reject_count(void **state)
{
	(void)state;
	boot();
	expect_reject("AT+E=ON,OFF\r", ERR3);
	expect_reject("AT+WKMOD=NET,HTTPD\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,test.usr.cn\r", ERR3);
	expect_reject("AT+SOCKA=TCPC\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,test.usr.cn,2317,1\r", ERR3);
	expect_reject("AT+SOCKD=TCPC,test.usr.cn,2317,\r", ERR3);
	expect_reject("AT+UART=115200,NONE,8,1\r", ERR3);
	expect_reject("AT+UART=115200,NONE,8,1,NFC,1\r", ERR3);
	expect_reject("AT+UART=115200\r", ERR3);
	expect_reject("AT+APN=CMNET\r", ERR3);
	expect_reject("AT+APN=CMNET,,\r", ERR3);
	expect_reject("AT+APN=CMNET,,,0,\r", ERR3);
	expect_reject("AT+HTPSV=test.usr.cn\r", ERR3);
	expect_reject("AT+HTPSV=test.usr.cn,80,1\r", ERR3);
	expect_reject("AT+CLOUD=123\r", ERR3);
	expect_reject("AT+CLOUD=1,2,3\r", ERR3);
	expect_reject("AT+UARTFT=50,50\r", ERR3);
	expect_reject("AT+REGDT=77,77\r", ERR3);
	expect_reject("AT+SOCKA=a,b,c,d,e,f,g,h\r", ERR3);
}

static void test_reject_missing(void **state)
{
	(void)state;
	boot();
	expect_reject("AT+E=\r", ERR3);
	expect_reject("AT+WKMOD=\r", ERR3);
	expect_reject("AT+UARTFT=\r", ERR3);
	expect_reject("AT+UARTFL= \r", ERR3);
	expect_reject("AT+HEARTTM=\r", ERR3);
	expect_reject("AT+SOCKA=,test.usr.cn,2317\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,,2317\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,test.usr.cn,\r", ERR3);
	expect_reject("AT+UART=,NONE,8,1,NFC\r", ERR3);
	expect_reject("AT+UART=115200,NONE,8,1,\r", ERR3);
	expect_reject("AT+APN=CMNET,,,\r", ERR3);
	expect_reject("AT+CMDPW=\r", ERR3);
	expect_reject("AT+HTPURL=\r", ERR3);
	expect_reject("AT+HTPSV=,80\r", ERR3);
	expect_reject("AT+REGDT=\r", ERR3);
	expect_reject("AT+HEARTDT=\r", ERR3);
}

static void test_reject_enum(void **state)
{
	(void)state;
	boot();
	expect_reject("AT+E=MAYBE\r", ERR3);
	expect_reject("AT+E=1\r", ERR3);
	expect_reject("AT+E=ONN\r", ERR3);
	expect_reject("AT+E=O\r", ERR3);
	/* words of the other dialects are not g781's */
	expect_reject("AT+WKMOD=CMD\r", ERR3);
	expect_reject("AT+WKMOD=SMS\r", ERR3);
	expect_reject("AT+WKMOD=UDC\r", ERR3);
	expect_reject("AT+SOCKA=TCP,test.usr.cn,2317\r", ERR3);
	expect_reject("AT+SOCKA=HTPC,test.usr.cn,2317\r", ERR3);
	/* only socket A can be a TCP server */
	expect_reject("AT+SOCKB=TCPS,test.usr.cn,2317\r", ERR3);
	expect_reject("AT+SOCKC=TCPS,test.usr.cn,2317\r", ERR3);
	expect_reject("AT+SOCKD=TCPS,test.usr.cn,2317\r", ERR3);
	expect_reject("AT+UART=115200,MARK,8,1,NFC\r", ERR3);
	expect_reject("AT+UART=115200,NONE,8,1,NONE\r", ERR3);
	expect_reject("AT+UART=115200,NONE,8,1,RS485\r", ERR3);
	expect_reject("AT+UART=115200,NONE,8,1,CRTS\r", ERR3);
	expect_reject("AT+UART=115200,8,1,NONE,NFC\r", ERR3);
	expect_reject("AT+REGTP=SN\r", ERR3);
	expect_reject("AT+REGTP=REGDT\r", ERR3);
	expect_reject("AT+REGSND=LINK&DATA\r", ERR3);
	expect_reject("AT+HEARTSND=BOTH\r", ERR3);
	expect_reject("AT+HTPTP=PUT\r", ERR3);
	expect_reject("AT+SOCKAEN=TRUE\r", ERR3);
	expect_reject("AT+HTPFLT=2\r", ERR3);
	expect_reject("AT+REGEN=MAC\r", ERR3);
}

/* UARTFT (16-bit): numbers that would wrap into the range when cut to 16,
 * 32 or 64 bits are refused, and so is anything longer. */
static void test_reject_numbers(void **state)
{
	static const char *const bad[] = {
		"AT+UARTFT=9\r",
		"AT+UARTFT=0\r",
		"AT+UARTFT=60001\r",
		"AT+UARTFT=65535\r",
		"AT+UARTFT=65536\r",
		"AT+UARTFT=65586\r",                  /* 65536 + 50 */
		"AT+UARTFT=4294967295\r",
		"AT+UARTFT=4294967296\r",
		"AT+UARTFT=4294967346\r",             /* 2^32 + 50 */
		"AT+UARTFT=18446744073709551616\r",
		"AT+UARTFT=18446744073709551666\r",   /* 2^64 + 50 */
		"AT+UARTFT=340282366920938463463374607431768211506\r", /* 2^128 + 50 */
		("AT+UARTFT=000000000000000000000000000000000000000000000000000000000000000000000000000"
		 "0000000000000000000000000000000000000000000000000000000000000000000000000000000099999\r"),
		"AT+UARTFT=-50\r",
		"AT+UARTFT=+50\r",
		"AT+UARTFT=5.0\r",
		"AT+UARTFT=50ms\r",
		"AT+UARTFT=0x32\r",
		"AT+UARTFT=abc\r",
		"AT+UARTFT=5 0\r",
		"AT+UARTFT=\"50\"\r",
		"AT+UARTFL=0\r",
		"AT+UARTFL=4097\r",
		"AT+UARTFL=66536\r",                  /* 65536 + 1000 */
		"AT+HEARTTM=0\r",
		"AT+HEARTTM=6001\r",
		"AT+HEARTTM=65566\r",                 /* 65536 + 30 */
		"AT+HTPTO=0\r",
		"AT+HTPTO=601\r",
		"AT+HTPTO=65546\r",                   /* 65536 + 10 */
		"AT+SOCKA=TCPC,test.usr.cn,0\r",
		"AT+SOCKA=TCPC,test.usr.cn,65536\r",
		"AT+SOCKA=TCPC,test.usr.cn,67853\r",  /* 65536 + 2317 */
		"AT+SOCKA=TCPC,test.usr.cn,4294969613\r", /* 2^32 + 2317 */
		"AT+SOCKA=TCPC,test.usr.cn,18446744073709553933\r", /* 2^64 + 2317 */
		"AT+SOCKB=TCPC,test.usr.cn,-1\r",
		"AT+HTPSV=test.usr.cn,0\r",
		"AT+HTPSV=test.usr.cn,65616\r",       /* 65536 + 80 */
		"AT+HTPSV=test.usr.cn,http\r",
		"AT+UART=115201,NONE,8,1,NFC\r",
		"AT+UART=0,NONE,8,1,NFC\r",
		"AT+UART=921600,NONE,8,1,NFC\r",
		"AT+UART=14400,NONE,8,1,NFC\r",
		"AT+UART=4295082496,NONE,8,1,NFC\r",  /* 2^32 + 115200 */
		"AT+UART=115200,NONE,6,1,NFC\r",
		"AT+UART=115200,NONE,9,1,NFC\r",
		"AT+UART=115200,NONE,264,1,NFC\r",    /* 256 + 8 */
		"AT+UART=115200,NONE,8,0,NFC\r",
		"AT+UART=115200,NONE,8,3,NFC\r",
		"AT+UART=115200,NONE,8,257,NFC\r",    /* 256 + 1 */
		"AT+UART=115200,NONE,8,1.5,NFC\r",
		"AT+APN=CMNET,,,3\r",
		"AT+APN=CMNET,,,256\r",
		"AT+APN=CMNET,,,x\r",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		expect_reject(bad[i], ERR3);
	expect_query("UARTFT", VALUE("UARTFT:50"));
	expect_query("SOCKA", VALUE("SOCKA:TCPC,test.usr.cn,2317"));
	/* leading zeros are still the number */
	expect_ok("AT+UARTFT=00060000\r");
	expect_query("UARTFT", VALUE("UARTFT:60000"));
}

static void test_reject_text_host_hex(void **state)
{
	(void)state;
	boot();
	/* a host is a name or an address */
	expect_reject("AT+SOCKA=TCPC,bad host!,2317\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,a/b,2317\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,a[2C]b,2317\r", ERR3);
	expect_reject("AT+SOCKA=TCPC,a[00]b,2317\r", ERR3);
	expect_reject("AT+HTPSV=http://x,80\r", ERR3);
	/* no NUL can be stored in a text */
	expect_reject("AT+STMSG=a[00]b\r", ERR3);
	expect_reject("AT+CMDPW=[00]\r", ERR3);
	/* hex: odd digit counts and non-digits */
	expect_reject("AT+REGDT=777\r", ERR3);
	expect_reject("AT+REGDT=7\r", ERR3);
	expect_reject("AT+REGDT=77ZZ\r", ERR3);
	expect_reject("AT+REGDT=0x77\r", ERR3);
	expect_reject("AT+REGDT=77 77\r", ERR3);
	expect_reject("AT+REGDT=[77]\r", ERR3);
	expect_reject("AT+HEARTDT=12345\r", ERR3);
	expect_reject("AT+HEARTDT=GG00\r", ERR3);
	expect_reject("AT+HEARTDT=-1\r", ERR3);
	/* the PIN is digits */
	expect_reject("AT+CPIN=abcd\r", ERR3);
	expect_reject("AT+CPIN=12 34\r", ERR3);
}

/* Malformed lines and forms a command lacks: the invalid-command error. */
static void test_reject_format(void **state)
{
	(void)state;
	boot();
	expect_reject("AT+STMSG=\"abc\r", ERR58);
	expect_reject("AT+STMSG=\"abc\"d\r", ERR58);
	expect_reject("AT+E?x\r", ERR58);
	expect_reject("AT+E!\r", ERR58);
	expect_reject("ATE\r", ERR58);
	expect_reject("XT+E\r", ERR58);
	expect_reject("AT+ENTM?\r", ERR58);
	expect_reject("AT+RELD=?\r", ERR58);
	expect_reject("AT+CSQ=?\r", ERR58);
	expect_reject("AT+SOCKBLK=?\r", ERR58);
	expect_reject("AT+ICCID=1\r", ERR58);
	expect_reject("AT+IMEI=?\r", ERR58);
	/* "+++" in command mode is not a command */
	expect_reject("+++\r", ERR58);
}

/* ---- PDF spellings ---- */

static void test_pdf_spellings(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+HEART SND=COM\r");
	expect_query("HEARTSND", VALUE("HEARTSND:COM"));
	assert_string_equal(send("AT+HEART SND\r"), VALUE("HEARTSND:COM"));
	assert_string_equal(send("AT+HEART SND?\r"), VALUE("HEARTSND:COM"));
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_dir, USRDTU_HEART_COM);
	expect_ok("AT+REG SND=LINK\r");
	expect_query("REGSND", VALUE("REGSND:LINK"));
	assert_string_equal(send("AT+REG SND?\r"), VALUE("REGSND:LINK"));
	assert_int_equal(usrdtu_pending_settings(&dev)->reg_send, USRDTU_REGSND_LINK);
	expect_ok("AT+HEART TM=120\r");
	expect_query("HEARTTM", VALUE("HEARTTM:120"));
	assert_string_equal(send("AT+HEART TM?\r"), VALUE("HEARTTM:120"));
	assert_string_equal(send("AT+HEART TM=?\r"), VALUE("HEARTTM:<1~6000>"));
	/* lower case works as well */
	expect_ok("at+heart snd=net\r");
	expect_query("HEARTSND", VALUE("HEARTSND:NET"));
}

/* ---- save at once, effect at restart ---- */

static void test_saved_at_once(void **state)
{
	const struct usrdtu_settings *active;

	(void)state;
	boot();
	active = usrdtu_active_settings(&dev);
	expect_ok("AT+STMSG=NEWMSG\r");
	expect_ok("AT+UART=9600,EVEN,7,2,485\r");
	expect_ok("AT+UARTFT=200\r");
	expect_ok("AT+SOCKA=UDPC,1.2.3.4,99\r");
	expect_ok("AT+CMDPW=pw\r");
	/* the query shows the new value; the running settings are the old */
	expect_query("STMSG", VALUE("STMSG:NEWMSG"));
	assert_string_equal(active->start_message, "USR_G781");
	assert_int_equal(active->uart.baud, 115200);
	assert_int_equal(active->pack_time_ms, 50);
	assert_int_equal(active->sock[0].proto, USRDTU_PROTO_TCPC);
	assert_string_equal(active->cmd_password, "www.usr.cn#");
	assert_int_equal(m.uart.baud, 115200);

	/* no AT+S: restart, and the new values are there */
	assert_string_equal(send("AT+Z\r"), OK "NEWMSG\r\n");
	assert_string_equal(active->start_message, "NEWMSG");
	assert_int_equal(active->uart.baud, 9600);
	assert_int_equal(active->uart.parity, USRDTU_PARITY_EVEN);
	assert_int_equal(active->uart.flow, USRDTU_FLOW_RS485);
	assert_int_equal(active->pack_time_ms, 200);
	assert_int_equal(active->sock[0].proto, USRDTU_PROTO_UDPC);
	assert_string_equal(active->cmd_password, "pw");
	/* and the port was told the new UART settings */
	assert_int_equal(m.uart.baud, 9600);
	assert_int_equal(m.uart.data_bits, 7);
	assert_int_equal(m.uart.stop_bits, 2);
	assert_int_equal(m.uart.parity, USRDTU_PARITY_EVEN);
	assert_int_equal(m.uart.flow, USRDTU_FLOW_RS485);
	mock_enter_command(&dev, &m);
	expect_query("STMSG", VALUE("STMSG:NEWMSG"));
	expect_query("UART", VALUE("UART:9600,EVEN,7,2,485"));
	expect_query("SOCKA", VALUE("SOCKA:UDPC,1.2.3.4,99"));
	/* echo was switched off in boot() and saved with it */
	expect_query("E", VALUE("E:OFF"));
}

/* Saved means in flash: a power cut right after the set, with no restart,
 * keeps the value. */
static void test_saved_survives_power_cycle(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+STMSG=KEPT\r");
	expect_ok("AT+HEARTTM=77\r");
	/* a new instance over the same flash is a power cycle */
	memset(&dev, 0, sizeof dev);
	mock_clear(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_g781, &mock_hal_ops, &m), 0);
	assert_string_equal((const char *)m.out, "KEPT\r\n");
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "KEPT");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 77);
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 0);
}

/* A set whose save fails (power cut during the write) is answered with the
 * execution-failed error, the refused value is not kept, and the record
 * written before the cut is intact at the next start. */
static void test_save_failure(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+HEARTTM=77\r");
	m.power_budget = 0;
	assert_string_equal(send("AT+STMSG=LOST\r"), ERR50);
	assert_string_equal(usrdtu_pending_settings(&dev)->start_message, "USR_G781");
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "USR_G781");
	/* power comes back: a new start over the same flash */
	m.power_budget = -1;
	m.power_cut = 0;
	memset(&dev, 0, sizeof dev);
	mock_clear(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_g781, &mock_hal_ops, &m), 0);
	assert_string_equal((const char *)m.out, "USR_G781\r\n");
	mock_enter_command(&dev, &m);
	expect_query("E", VALUE("E:OFF"));
	expect_query("HEARTTM", VALUE("HEARTTM:77"));
	expect_query("STMSG", VALUE("STMSG:USR_G781"));
}

/* The work mode chosen by AT+WKMOD runs after the restart. */
static void test_work_mode_at_restart(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+WKMOD=HTTPD\r");
	assert_int_equal(usrdtu_active_settings(&dev)->work_mode, USRDTU_MODE_NET);
	assert_string_equal(send("AT+ENTM\r"), OK);
	mock_send(&dev, &m, "abc");
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_mode, USRDTU_MODE_NET);
	mock_enter_command(&dev, &m);
	assert_string_equal(send("AT+Z\r"), OK "USR_G781\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->work_mode, USRDTU_MODE_HTTPD);
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "abc");
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_mode, USRDTU_MODE_HTTPD);
}

/* g781 packs frames by UARTFT and UARTFL, not by fixed values. */
static void test_packing_settings(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+UARTFT=300\r");
	expect_ok("AT+UARTFL=4\r");
	assert_string_equal(send("AT+Z\r"), OK "USR_G781\r\n");
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
	/* the length ends frames at once */
	mock_send(&dev, &m, "abcdefgh");
	assert_int_equal(m.frame_count, 2);
	assert_int_equal(m.frames_len, 8);
	assert_memory_equal(m.frames, "abcdefgh", 8);
	/* the time ends a short frame after 300 ms of silence, not before */
	mock_send(&dev, &m, "xy");
	mock_advance(&dev, &m, 250);
	assert_int_equal(m.frame_count, 0);
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.frame_count, 1);
	assert_memory_equal(m.frames, "xy", 2);
}

/* ---- serial AT in data mode ---- */

static void test_serial_at_default_password(void **state)
{
	(void)state;
	boot();
	assert_string_equal(send("AT+ENTM\r"), OK);
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
	mock_send(&dev, &m, "www.usr.cn#AT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, VALUE("VER:V1.0.0"));
	assert_int_equal(m.frame_count, 0);
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
	/* with a CR, as 004 asks */
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "www.usr.cn#AT+CSQ\r");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, VALUE("CSQ:27"));
	assert_int_equal(m.frame_count, 0);
	/* a set through serial AT is saved at once as well */
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "www.usr.cn#AT+HEARTTM=45");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, OK);
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 45);
	assert_int_equal(m.frame_count, 0);
	/* an error goes back the same way */
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "www.usr.cn#AT+UARTFT=1");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, ERR3);
	assert_int_equal(m.frame_count, 0);
	/* another module's password is data */
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "usr.cn#AT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, "");
	assert_int_equal(m.frame_count, 1);
	assert_memory_equal(m.frames, "usr.cn#AT+VER", 13);
}

/* Straight after boot (NET data mode) serial AT works without UATEN. */
static void test_serial_at_after_boot(void **state)
{
	(void)state;
	boot_raw(&mock_hal_ops);
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
	mock_send(&dev, &m, "www.usr.cn#AT+IMEI");
	mock_advance(&dev, &m, 100);
	/* echo is on by default, yet serial AT answers with the reply alone */
	assert_string_equal((const char *)m.out, VALUE("IMEI:864333040712457"));
	assert_int_equal(m.frame_count, 0);
}

/* CMDPW takes effect at restart, like every other setting. */
static void test_serial_at_password_change(void **state)
{
	(void)state;
	boot();
	expect_ok("AT+CMDPW=abc\r");
	assert_string_equal(send("AT+ENTM\r"), OK);
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
	mock_send(&dev, &m, "www.usr.cn#AT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, VALUE("VER:V1.0.0"));
	assert_int_equal(m.frame_count, 0);

	mock_enter_command(&dev, &m);
	assert_string_equal(send("AT+Z\r"), OK "USR_G781\r\n");
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
	mock_send(&dev, &m, "abcAT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, VALUE("VER:V1.0.0"));
	assert_int_equal(m.frame_count, 0);
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "www.usr.cn#AT+VER");
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, "");
	assert_int_equal(m.frame_count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_the_manual),
		cmocka_unit_test(test_every_name_is_found),
		cmocka_unit_test(test_echo_default_on),
		cmocka_unit_test(test_default_replies),
		cmocka_unit_test(test_default_settings),
		cmocka_unit_test(test_info_replies),
		cmocka_unit_test(test_info_unknown),
		cmocka_unit_test(test_cpin_set),
		cmocka_unit_test(test_cpin_without_hal),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_user_defaults),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_set_values),
		cmocka_unit_test(test_length_limits),
		cmocka_unit_test(test_test_forms),
		cmocka_unit_test(test_reject_count),
		cmocka_unit_test(test_reject_missing),
		cmocka_unit_test(test_reject_enum),
		cmocka_unit_test(test_reject_numbers),
		cmocka_unit_test(test_reject_text_host_hex),
		cmocka_unit_test(test_reject_format),
		cmocka_unit_test(test_pdf_spellings),
		cmocka_unit_test(test_saved_at_once),
		cmocka_unit_test(test_saved_survives_power_cycle),
		cmocka_unit_test(test_save_failure),
		cmocka_unit_test(test_work_mode_at_restart),
		cmocka_unit_test(test_packing_settings),
		cmocka_unit_test(test_serial_at_default_password),
		cmocka_unit_test(test_serial_at_after_boot),
		cmocka_unit_test(test_serial_at_password_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
