/*
 * The gprs232 profile against its manuals: seeds/000 (USR-GPRS232 AT command
 * set V1.0.0) and seeds/001 (USR-GPRS232-732 software design manual, section
 * 3.1.7 and AT+UCPIN), with SPEC.md deciding where they disagree.
 *
 * Every expected reply below is written from the manuals and SPEC, never
 * from the library's output: a failing check here is a finding about the
 * table or the engine, not something to adjust.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "at_table.h"
#include "manual_names_gprs232.h"
#include "mock_hal.h"
#include "usrdtu/usrdtu.h"

#define OK_REPLY "\r\nOK\r\n"
/* 000 1.2.11: the start message defaults to "USR-GM3 <version>". */
#define START_MESSAGE "USR-GM3 V3.0.0"
#define BOOT_OUTPUT START_MESSAGE "\r\n"
/* 001 writes its examples with typographic quotes (U+201C, U+201D). */
#define LQ "\xE2\x80\x9C"
#define RQ "\xE2\x80\x9D"

/* Two settings copies and the line buffer are too big for a small stack. */
static struct usrdtu dev;
static struct mock_hal m;
static struct usrdtu_settings before_pending, before_active;

/* Checks made, printed at the end so the report can count them. */
static unsigned long checks;

/* ---- helpers ---------------------------------------------------------- */

/* CR, LF and other control bytes shown as escapes in failure messages. */
static const char *visible(const char *s, char *buf, size_t cap)
{
	size_t n = 0;

	for (; *s != 0 && n + 6 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\r') {
			memcpy(buf + n, "\\r", 2);
			n += 2;
		} else if (c == '\n') {
			memcpy(buf + n, "\\n", 2);
			n += 2;
		} else if (c == '"') {
			memcpy(buf + n, "\\\"", 2);
			n += 2;
		} else if (c < 0x20 || c >= 0x7F) {
			n += (size_t)snprintf(buf + n, cap - n, "\\x%02X", c);
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n] = 0;
	return buf;
}

static void same_bytes(const char *input, const char *got, const char *want, const char *file,
		       int line)
{
	static char a[32768], b[32768], c[4096];

	checks++;
	if (strcmp(got, want) != 0)
		print_error("%s:%d: input \"%s\"\n  expected \"%s\"\n  actual   \"%s\"\n", file, line,
			    visible(input, c, sizeof c), visible(want, a, sizeof a),
			    visible(got, b, sizeof b));
	assert_string_equal(got, want);
}

/* Sends one line ended by CR; returns everything the device wrote. */
static const char *send_line(const char *line)
{
	static char text[4096];
	size_t len = strlen(line);

	assert_true(len + 2 <= sizeof text);
	memcpy(text, line, len);
	text[len] = '\r';
	text[len + 1] = 0;
	return mock_send(&dev, &m, text);
}

static void expect_at(const char *line, const char *reply, const char *file, int at)
{
	same_bytes(line, send_line(line), reply, file, at);
}

/* A parameter query or test form: "\r\n+<body>\r\n\r\nOK\r\n" (SPEC 2). */
static void expect_value_at(const char *line, const char *body, const char *file, int at)
{
	static char reply[4096];

	snprintf(reply, sizeof reply, "\r\n+%s\r\n\r\nOK\r\n", body);
	expect_at(line, reply, file, at);
}

static void expect_error_at(const char *line, int code, const char *file, int at)
{
	char reply[40];

	snprintf(reply, sizeof reply, "\r\n+CME ERROR:%d\r\n", code);
	expect_at(line, reply, file, at);
}

/* SPEC 1: a set either applies completely or not at all. */
static void expect_reject_at(const char *line, int code, const char *file, int at)
{
	before_pending = *usrdtu_pending_settings(&dev);
	before_active = *usrdtu_active_settings(&dev);
	expect_error_at(line, code, file, at);
	checks++;
	if (memcmp(&before_pending, usrdtu_pending_settings(&dev), sizeof before_pending) != 0 ||
	    memcmp(&before_active, usrdtu_active_settings(&dev), sizeof before_active) != 0)
		fail_msg("%s:%d: rejected \"%s\" changed the settings", file, at, line);
}

#define EXPECT(line, reply) expect_at((line), (reply), __FILE__, __LINE__)
#define EXPECT_OK(line) expect_at((line), OK_REPLY, __FILE__, __LINE__)
#define EXPECT_VALUE(line, body) expect_value_at((line), (body), __FILE__, __LINE__)
#define EXPECT_ERROR(line, code) expect_error_at((line), (code), __FILE__, __LINE__)
#define EXPECT_REJECT(line, code) expect_reject_at((line), (code), __FILE__, __LINE__)
#define EXPECT_OUT(input, want) same_bytes((input), (const char *)m.out, (want), __FILE__, __LINE__)

/* Boots a fresh device and enters command mode; echo stays as it is. */
static void boot_raw(const struct usrdtu_hal *hal)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_gprs232, hal, &m), USRDTU_OK);
	/* SPEC 4: the start message and CR LF, nothing before it */
	EXPECT_OUT("(boot)", BOOT_OUTPUT);
	/* WKMOD defaults to NET: the module boots into its data mode */
	assert_false(usrdtu_in_command_mode(&dev));
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
}

/* Fresh device in command mode with echo off, as the tests compare replies. */
static void boot_with(const struct usrdtu_hal *hal)
{
	boot_raw(hal);
	/* echo is on at boot (000 1.2.3): the line comes back before the reply */
	same_bytes("AT+E=\"off\"", mock_send(&dev, &m, "AT+E=\"off\"\r"), "AT+E=\"off\"\r" OK_REPLY,
		   __FILE__, __LINE__);
}

static void boot(void)
{
	boot_with(&mock_hal_ops);
}

/* After a restart: back into command mode, echo off if the settings in
 * force turned it back on. */
static void reenter(void)
{
	if (!usrdtu_in_command_mode(&dev))
		mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
	if (usrdtu_active_settings(&dev)->echo)
		same_bytes("AT+E=\"off\"", mock_send(&dev, &m, "AT+E=\"off\"\r"),
			   "AT+E=\"off\"\r" OK_REPLY, __FILE__, __LINE__);
}

/* "<prefix><unit repeated n times><suffix>" in buf. */
static const char *repeat(char *buf, size_t cap, const char *prefix, const char *unit, size_t n,
			  const char *suffix)
{
	size_t len = strlen(prefix), unit_len = strlen(unit), i;

	assert_true(len + n * unit_len + strlen(suffix) < cap);
	memcpy(buf, prefix, len);
	for (i = 0; i < n; i++, len += unit_len)
		memcpy(buf + len, unit, unit_len);
	strcpy(buf + len, suffix);
	return buf;
}

/* ---- the table against the manuals ------------------------------------ */

static const struct at_cmd *find_row(const char *name)
{
	const struct usrdtu_profile *p = &usrdtu_profile_gprs232;
	uint16_t i;

	for (i = 0; i < p->ncmds; i++) {
		if (strcmp(p->cmds[i].name, name) == 0)
			return &p->cmds[i];
	}
	return NULL;
}

static int manual_has(const char *name)
{
	size_t i;

	for (i = 0; i < MANUAL_NAMES_GPRS232_COUNT; i++) {
		if (strcmp(manual_names_gprs232[i], name) == 0)
			return 1;
	}
	return 0;
}

/* SPEC 10: the profile has exactly the commands of 000 and 001. */
static void test_table_has_exactly_the_manual_commands(void **state)
{
	const struct usrdtu_profile *p = &usrdtu_profile_gprs232;
	size_t i;

	(void)state;
	assert_int_equal(MANUAL_NAMES_GPRS232_COUNT,
			 sizeof manual_names_gprs232 / sizeof manual_names_gprs232[0]);
	assert_int_equal(p->ncmds, MANUAL_NAMES_GPRS232_COUNT);
	for (i = 0; i < MANUAL_NAMES_GPRS232_COUNT; i++) {
		checks++;
		if (find_row(manual_names_gprs232[i]) == NULL)
			fail_msg("AT+%s is in 000/001 but has no row", manual_names_gprs232[i]);
	}
	for (i = 0; i < p->ncmds; i++) {
		checks++;
		if (!manual_has(p->cmds[i].name))
			fail_msg("row AT+%s is in neither 000 nor 001", p->cmds[i].name);
	}
	assert_string_equal(p->name, "gprs232");
	assert_ptr_equal(usrdtu_profile_find("gprs232"), p);
	/* 001 2.2.2: fixed packing time of 200 ms; SPEC 10: frames of 1024 B */
	assert_int_equal(p->frame_gap_ms, 200);
	assert_int_equal(p->frame_len, 1024);
	checks += 5;
}

/* ---- boot, command mode entry, echo, terminators ----------------------- */

static void test_boot_prints_start_message_and_runs_net(void **state)
{
	(void)state;
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_gprs232, &mock_hal_ops, &m), USRDTU_OK);
	EXPECT_OUT("(boot)", BOOT_OUTPUT);
	assert_false(usrdtu_in_command_mode(&dev));
	/* the UART gets the factory settings 115200,"NONE",8,1,"RS485" at boot */
	assert_int_equal(m.uart_calls, 1);
	assert_int_equal(m.uart.baud, 115200);
	assert_int_equal(m.uart.parity, USRDTU_PARITY_NONE);
	assert_int_equal(m.uart.data_bits, 8);
	assert_int_equal(m.uart.stop_bits, 1);
	assert_int_equal(m.uart.flow, USRDTU_FLOW_RS485);
	checks += 7;

	/* 001 3.1.2: "+++", the module's 'a', the host's 'a', "+ok" */
	mock_advance(&dev, &m, 1000);
	same_bytes("+++", mock_send(&dev, &m, "+++"), "a", __FILE__, __LINE__);
	same_bytes("a", mock_send(&dev, &m, "a"), "+ok\r\n", __FILE__, __LINE__);
	assert_true(usrdtu_in_command_mode(&dev));
	/* the test command, echoed (echo is on) */
	same_bytes("AT", mock_send(&dev, &m, "AT\r"), "AT\r" OK_REPLY, __FILE__, __LINE__);
}

static void test_echo_is_on_by_default_and_byte_for_byte(void **state)
{
	(void)state;
	boot_raw(&mock_hal_ops);
	same_bytes("AT+E", mock_send(&dev, &m, "AT+E\r"), "AT+E\r\r\n+E:\"on\"\r\n\r\nOK\r\n", __FILE__,
		   __LINE__);
	/* lowercase stays lowercase; the terminator comes back as received */
	same_bytes("at+ver", mock_send(&dev, &m, "at+ver\r"), "at+ver\r\r\n+VER:V1.0.0\r\n\r\nOK\r\n",
		   __FILE__, __LINE__);
	same_bytes("AT CRLF", mock_send(&dev, &m, "AT\r\n"), "AT\r\n" OK_REPLY, __FILE__, __LINE__);
	same_bytes("AT LF", mock_send(&dev, &m, "AT\n"), "AT\n" OK_REPLY, __FILE__, __LINE__);
	same_bytes("At+Wkmod?", mock_send(&dev, &m, "At+Wkmod?\r"),
		   "At+Wkmod?\r\r\n+WKMOD:\"NET\"\r\n\r\nOK\r\n", __FILE__, __LINE__);
	/* empty lines get no reply; their bytes are echoed like any other */
	same_bytes("CR", mock_send(&dev, &m, "\r"), "\r", __FILE__, __LINE__);
	same_bytes("CRLF", mock_send(&dev, &m, "\r\n"), "\r\n", __FILE__, __LINE__);
	same_bytes("LF", mock_send(&dev, &m, "\n"), "\n", __FILE__, __LINE__);
}

/* SPEC 3: E acts at once, not at the next restart. */
static void test_echo_off_acts_at_once(void **state)
{
	(void)state;
	boot_raw(&mock_hal_ops);
	same_bytes("AT+E=\"off\"", mock_send(&dev, &m, "AT+E=\"off\"\r"), "AT+E=\"off\"\r" OK_REPLY,
		   __FILE__, __LINE__);
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 0);
	assert_int_equal(usrdtu_pending_settings(&dev)->echo, 0);
	checks += 2;
	EXPECT("AT", OK_REPLY);
	EXPECT_VALUE("AT+E", "E:\"off\"");
	/* turned on: this line arrived with echo off, the next one is echoed */
	EXPECT_OK("AT+E=\"on\"");
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 1);
	checks++;
	same_bytes("AT", mock_send(&dev, &m, "AT\r"), "AT\r" OK_REPLY, __FILE__, __LINE__);
	same_bytes("AT+E?", mock_send(&dev, &m, "AT+E?\r"), "AT+E?\r\r\n+E:\"on\"\r\n\r\nOK\r\n",
		   __FILE__, __LINE__);
}

/* SPEC 1: a line without terminator ends after the framing gap. */
static void test_line_without_terminator_ends_when_idle(void **state)
{
	(void)state;
	boot();
	same_bytes("AT+VER (no CR)", mock_send(&dev, &m, "AT+VER"), "", __FILE__, __LINE__);
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("AT+VER (idle)", "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
}

/* SPEC 4: "+++" in command mode gets the invalid-command error. */
static void test_plus_plus_plus_in_command_mode(void **state)
{
	(void)state;
	boot();
	same_bytes("+++", mock_send(&dev, &m, "+++"), "", __FILE__, __LINE__);
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("+++ (idle)", "\r\n+CME ERROR:58\r\n");
	assert_true(usrdtu_in_command_mode(&dev));
}

/* ---- factory defaults ------------------------------------------------- */

struct query {
	const char *name;
	const char *body; /* "+<body>" as the reply prints it */
};

/* Every setting of 000/001 with its "Default" (SPEC 3: SOCKB-D off per 001). */
static const struct query factory[] = {
	{"WKMOD", "WKMOD:\"NET\""},
	{"CALEN", "CALEN:\"off\""},
	{"NATEN", "NATEN:\"on\""},
	{"UATEN", "UATEN:\"off\""},
	{"CMDPW", "CMDPW:\"usr.cn\""},
	{"CACHEN", "CACHEN:\"on\""},
	{"STMSG", "STMSG:\"" START_MESSAGE "\""},
	{"RSTIM", "RSTIM:1800"},
	{"UART", "UART:115200,\"NONE\",8,1,\"RS485\""},
	{"RFCEN", "RFCEN:\"off\""},
	{"APN", "APN:\"CMNET\",\"\",\"\""},
	{"SOCKA", "SOCKA:\"TCP\",\"test.usr.cn\",2317"},
	{"SOCKB", "SOCKB:\"TCP\",\"test.usr.cn\",2317"},
	{"SOCKC", "SOCKC:\"TCP\",\"test.usr.cn\",2317"},
	{"SOCKD", "SOCKD:\"TCP\",\"test.usr.cn\",2317"},
	{"SOCKAEN", "SOCKAEN:\"on\""},
	{"SOCKBEN", "SOCKBEN:\"off\""},
	{"SOCKCEN", "SOCKCEN:\"off\""},
	{"SOCKDEN", "SOCKDEN:\"off\""},
	{"SOCKASL", "SOCKASL:\"long\""},
	{"SOCKBSL", "SOCKBSL:\"long\""},
	{"SOCKCSL", "SOCKCSL:\"long\""},
	{"SOCKDSL", "SOCKDSL:\"long\""},
	{"SOCKRSTIM", "SOCKRSTIM:60"},
	{"SOCKRSTM", "SOCKRSTM:60"},
	{"SHORTIM", "SHORTIM:10"},
	{"SOCKIDEN", "SOCKIDEN:\"off\""},
	{"REGEN", "REGEN:\"off\""},
	{"REGTP", "REGTP:\"REGDT\""},
	{"REGID", "REGID:100"},
	{"REGDT", "REGDT:\"7777772E7573722E636E\""},
	{"REGSND", "REGSND:\"link\""},
	{"HEARTEN", "HEARTEN:\"on\""},
	{"HEARTDT", "HEARTDT:\"7777772E7573722E636E\""},
	{"HEARTTP", "HEARTTP:\"NET\""},
	{"HEARTTM", "HEARTTM:30"},
	{"HTPTP", "HTPTP:\"GET\""},
	{"HTPURL", "HTPURL:\"/1.php?\""},
	{"HTPSV", "HTPSV:\"test.usr.cn\",80"},
	{"HTPHD", "HTPHD:\"Accept:text/html[0D][0A]\""},
	{"HTPPK", "HTPPK:\"on\""},
	{"HTPTIM", "HTPTIM:10"},
	{"DSTNUM", "DSTNUM:\"1008610010\""},
	{"CLOUDEN", "CLOUDEN:\"off\""},
	{"CLOUDID", "CLOUDID:\"\""},
	{"CLOUDPA", "CLOUDPA:\"\""},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void expect_all_factory(const char *file, int at)
{
	char line[64];
	size_t i;

	for (i = 0; i < COUNT(factory); i++) {
		snprintf(line, sizeof line, "AT+%s", factory[i].name);
		expect_value_at(line, factory[i].body, file, at);
		snprintf(line, sizeof line, "AT+%s?", factory[i].name);
		expect_value_at(line, factory[i].body, file, at);
	}
	/* 001 3.1.7.68: the UCPIN reply has no blank line before OK */
	expect_at("AT+UCPIN", "\r\n+UCPIN:\"\"\r\nOK\r\n", file, at);
}

static void test_factory_defaults(void **state)
{
	(void)state;
	boot();
	expect_all_factory(__FILE__, __LINE__);
	/* the pending copy holds the bytes behind the escapes */
	assert_string_equal(usrdtu_pending_settings(&dev)->http_header, "Accept:text/html\r\n");
	checks++;
}

/* ---- test forms ------------------------------------------------------- */

/* The ranges as 001 section 3.1.7 prints them (000 garbles several). */
static const struct query ranges[] = {
	{"E", "E:<\"on\",\"off\">"},
	{"WKMOD", "WKMOD:<\"CMD\",\"SMS\",\"NET\",\"HTTPD\">"},
	{"CALEN", "CALEN:<\"on\",\"off\">"},
	{"NATEN", "NATEN:<\"on\",\"off\">"},
	{"UATEN", "UATEN:<\"on\",\"off\">"},
	{"CMDPW", "CMDPW:<\"password\">"},
	{"CACHEN", "CACHEN:<\"on\",\"off\">"},
	{"STMSG", "STMSG:<\"welcome message\">"},
	/* 000 and 001 print no range for RSTIM: the form of the other times */
	{"RSTIM", "RSTIM:<time>"},
	{"UART", "UART:<2400,4800,9600,14400,19200,28800,33600,38400,57600,115200,230400,460800,"
		 "921600>,<\"NONE\",\"ODD\",\"EVEN\">,<7,8>,<1,2>,<\"NONE\",\"CRTS\",\"RS485\">"},
	{"RFCEN", "RFCEN:<\"on\",\"off\">"},
	{"APN", "APN:<\"code\">,<\"name\">,<\"pass\">"},
	{"SOCKA", "SOCKA:<protocol>,<\"address\">,<port>"},
	{"SOCKB", "SOCKB:<protocol>,<\"address\">,<port>"},
	{"SOCKC", "SOCKC:<protocol>,<\"address\">,<port>"},
	{"SOCKD", "SOCKD:<protocol>,<\"address\">,<port>"},
	{"SOCKAEN", "SOCKAEN:<\"on\",\"off\">"},
	{"SOCKBEN", "SOCKBEN:<\"on\",\"off\">"},
	{"SOCKCEN", "SOCKCEN:<\"on\",\"off\">"},
	{"SOCKDEN", "SOCKDEN:<\"on\",\"off\">"},
	{"SOCKASL", "SOCKASL:<\"short\",\"long\">"},
	{"SOCKBSL", "SOCKBSL:<\"short\",\"long\">"},
	{"SOCKCSL", "SOCKCSL:<\"short\",\"long\">"},
	{"SOCKDSL", "SOCKDSL:<\"short\",\"long\">"},
	{"SOCKRSTIM", "SOCKRSTIM:<time>"},
	{"SOCKRSTM", "SOCKRSTM:<time>"},
	{"SHORTIM", "SHORTIM:<time>"},
	{"SOCKIDEN", "SOCKIDEN:<\"on\",\"off\">"},
	{"PING", "PING:<\"DNS/IP address\">"},
	{"REGEN", "REGEN:<\"on\",\"off\">"},
	{"REGTP", "REGTP:<\"ICCID\",\"IMEI\",\"REGID\",\"REGDT\">"},
	{"REGID", "REGID:<id>"},
	{"REGDT", "REGDT:<\"data\">"},
	{"REGSND", "REGSND:<\"link\",\"data\",\"link&data\">"},
	{"HEARTEN", "HEARTEN:<\"on\",\"off\">"},
	{"HEARTDT", "HEARTDT:<\"data\">"},
	{"HEARTTP", "HEARTTP:<\"COM\",\"NET\">"},
	{"HEARTTM", "HEARTTM:<time>"},
	{"HTPTP", "HTPTP:<\"GET\",\"POST\">"},
	{"HTPURL", "HTPURL:<\"URL\">"},
	{"HTPSV", "HTPSV:<\"address\">,<port>"},
	{"HTPHD", "HTPHD:<\"head\">"},
	{"HTPPK", "HTPPK:<\"on\",\"off\">"},
	{"HTPTIM", "HTPTIM:<\"time\">"},
	{"DSTNUM", "DSTNUM:<\"number\">"},
	{"CLOUDEN", "CLOUDEN:<\"on\",\"off\">"},
	{"CLOUDID", "CLOUDID:<\"id\">"},
	{"CLOUDPA", "CLOUDPA:<\"pass\">"},
};

static void test_test_forms_print_the_manual_ranges(void **state)
{
	char line[64];
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(ranges); i++) {
		snprintf(line, sizeof line, "AT+%s=?", ranges[i].name);
		EXPECT_VALUE(line, ranges[i].body);
	}
	/* 000's spaced form "AT+ SOCKRSTM =?" */
	EXPECT_VALUE("AT+ SOCKRSTM =?", "SOCKRSTM:<time>");
	EXPECT_VALUE("AT+ SHORTIM=?", "SHORTIM:<time>");
	/* a test form changes nothing */
	expect_all_factory(__FILE__, __LINE__);
}

/* ---- AT+H ------------------------------------------------------------- */

static void test_help_lists_every_command(void **state)
{
	static char body[65536];
	static const char *rows[512];
	const char *got, *tail = "\r\n\r\nOK\r\n";
	char *line, *next;
	size_t len, body_len, lines = 0, i, r;

	(void)state;
	boot();
	got = send_line("AT+H");
	len = strlen(got);
	checks += 3;
	/* 000 1.2.1: {CR}{LF}help message{CR}{LF}{CR}{LF}OK{CR}{LF} */
	assert_true(len > 2 + strlen(tail));
	assert_memory_equal(got, "\r\n", 2);
	assert_string_equal(got + len - strlen(tail), tail);
	body_len = len - 2 - strlen(tail);
	assert_true(body_len < sizeof body);
	memcpy(body, got + 2, body_len);
	body[body_len] = 0;

	/* one command per line, each "AT+NAME" and its help */
	for (line = body; line != NULL; line = next) {
		next = strstr(line, "\r\n");
		if (next != NULL) {
			*next = 0;
			next += 2;
		}
		assert_true(lines < COUNT(rows));
		rows[lines++] = line;
		checks++;
		if (strncmp(line, "AT+", 3) != 0)
			fail_msg("AT+H line %u does not start with AT+: \"%s\"", (unsigned)lines, line);
	}
	assert_int_equal(lines, usrdtu_profile_gprs232.ncmds);
	checks++;

	/* every manual name has its line: "AT+NAME" then ':' or nothing */
	for (i = 0; i < MANUAL_NAMES_GPRS232_COUNT; i++) {
		const char *name = manual_names_gprs232[i];
		size_t n = strlen(name);
		int found = 0;

		for (r = 0; r < lines && !found; r++)
			found = strncmp(rows[r] + 3, name, n) == 0 &&
				(rows[r][3 + n] == ':' || rows[r][3 + n] == 0);
		checks++;
		if (!found)
			fail_msg("AT+H has no line for AT+%s", name);
	}
#if USRDTU_CFG_HELP_TEXT
	/* SPEC 4: UDC is accepted and runs as NET, and the help says so */
	for (r = 0; r < lines; r++) {
		if (strncmp(rows[r], "AT+WKMOD:", 9) == 0)
			break;
	}
	checks++;
	assert_true(r < lines);
	if (strstr(rows[r], "UDC") == NULL)
		fail_msg("the AT+H line of WKMOD does not mention UDC: \"%s\"", rows[r]);
#endif
}

/* ---- the manuals' example command lines ------------------------------- */

struct example {
	const char *pre;   /* moves the setting off the example's value first, or NULL */
	const char *line;  /* as the manual writes it */
	const char *query;
	const char *body;
};

static void run_examples(const struct example *ex, size_t n, const char *file, int at)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (ex[i].pre != NULL)
			expect_at(ex[i].pre, OK_REPLY, file, at);
		expect_at(ex[i].line, OK_REPLY, file, at);
		expect_value_at(ex[i].query, ex[i].body, file, at);
	}
}

/* 000's "Example:" lines, with its spaces (sentence full stops left out). */
static const struct example examples_000[] = {
	{"AT+WKMOD=\"CMD\"", "AT+WKMOD= \"NET\"", "AT+WKMOD", "WKMOD:\"NET\""},
	{"AT+CALEN=\"on\"", "AT+CALEN= \"off\"", "AT+CALEN", "CALEN:\"off\""},
	{"AT+NATEN=\"off\"", "AT+NATEN= \"on\"", "AT+NATEN", "NATEN:\"on\""},
	{NULL, "AT+UATEN= \"on\"", "AT+UATEN", "UATEN:\"on\""},
	{"AT+CMDPW=\"abc\"", "AT+CMDPW= \"usr.cn\"", "AT+CMDPW", "CMDPW:\"usr.cn\""},
	{"AT+CACHEN=\"off\"", "AT+CACHEN= \"on\"", "AT+CACHEN", "CACHEN:\"on\""},
	{NULL, "AT+ STMSG = \"www.usr.cn\"", "AT+STMSG", "STMSG:\"www.usr.cn\""},
	{NULL, "AT+ RSTIM =180", "AT+RSTIM", "RSTIM:180"},
	{"AT+UART=9600,\"EVEN\",7,2,\"NONE\"", "AT+UART=115200, \"NONE\", 8,1, \"RS485\"", "AT+UART",
	 "UART:115200,\"NONE\",8,1,\"RS485\""},
	{NULL, "AT+ RFCEN = \"on\"", "AT+RFCEN", "RFCEN:\"on\""},
	{NULL, "AT+APN= \"usr\", \"usr.cn\", \"123\"", "AT+APN", "APN:\"usr\",\"usr.cn\",\"123\""},
	{"AT+SOCKA=\"UDP\",\"a.b\",1", "AT+SOCKA= \"TCP\", \"test.usr.cn\", 2317", "AT+SOCKA",
	 "SOCKA:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKB=\"UDP\",\"a.b\",1", "AT+SOCKB= \"TCP\", \"test.usr.cn\", 2317", "AT+SOCKB",
	 "SOCKB:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKC=\"UDP\",\"a.b\",1", "AT+SOCKC= \"TCP\", \"test.usr.cn\", 2317", "AT+SOCKC",
	 "SOCKC:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKD=\"UDP\",\"a.b\",1", "AT+SOCKD= \"TCP\", \"test.usr.cn\", 2317", "AT+SOCKD",
	 "SOCKD:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKAEN=\"off\"", "AT+SOCKAEN= \"on\"", "AT+SOCKAEN", "SOCKAEN:\"on\""},
	{NULL, "AT+SOCKBEN= \"on\"", "AT+SOCKBEN", "SOCKBEN:\"on\""},
	{NULL, "AT+SOCKCEN= \"on\"", "AT+SOCKCEN", "SOCKCEN:\"on\""},
	{NULL, "AT+SOCKDEN= \"on\"", "AT+SOCKDEN", "SOCKDEN:\"on\""},
	{"AT+SOCKASL=\"short\"", "AT+SOCKASL= \"long\"", "AT+SOCKASL", "SOCKASL:\"long\""},
	{"AT+SOCKBSL=\"short\"", "AT+SOCKBSL= \"long\"", "AT+SOCKBSL", "SOCKBSL:\"long\""},
	{"AT+SOCKCSL=\"short\"", "AT+SOCKCSL= \"long\"", "AT+SOCKCSL", "SOCKCSL:\"long\""},
	{"AT+SOCKDSL=\"short\"", "AT+SOCKDSL= \"long\"", "AT+SOCKDSL", "SOCKDSL:\"long\""},
	{NULL, "AT+SOCKRSTM=180", "AT+SOCKRSTM", "SOCKRSTM:180"},
	{NULL, "AT+ SOCKRSTM =180", "AT+SOCKRSTM", "SOCKRSTM:180"},
	/* 000 1.2.42 gives this line as SHORTIM's example */
	{NULL, "AT+SOCKRSTM=10", "AT+SOCKRSTM", "SOCKRSTM:10"},
	{NULL, "AT+SOCKIDEN= \"on\"", "AT+SOCKIDEN", "SOCKIDEN:\"on\""},
	{NULL, "AT+REGEN= \"on\"", "AT+REGEN", "REGEN:\"on\""},
	{NULL, "AT+REGID=123", "AT+REGID", "REGID:123"},
	{"AT+REGDT=\"00\"", "AT+REGDT= \"7777772E7573722E636E\"", "AT+REGDT",
	 "REGDT:\"7777772E7573722E636E\""},
	{"AT+REGSND=\"data\"", "AT+REGSND= \"link\"", "AT+REGSND", "REGSND:\"link\""},
	{"AT+HEARTEN=\"off\"", "AT+HEARTEN= \"on\"", "AT+HEARTEN", "HEARTEN:\"on\""},
	{"AT+HEARTDT=\"00\"", "AT+HEARTDT= \"7777772E7573722E636E\"", "AT+HEARTDT",
	 "HEARTDT:\"7777772E7573722E636E\""},
	{"AT+HEARTTP=\"COM\"", "AT+HEARTTP= \"NET\"", "AT+HEARTTP", "HEARTTP:\"NET\""},
	{NULL, "AT+HEARTTM=60", "AT+HEARTTM", "HEARTTM:60"},
	{"AT+HTPTP=\"POST\"", "AT+HTPTP= \"GET\"", "AT+HTPTP", "HTPTP:\"GET\""},
	{"AT+HTPURL=\"/x\"", "AT+HTPURL= \"/1.php?\"", "AT+HTPURL", "HTPURL:\"/1.php?\""},
	{"AT+HTPSV=\"a.b\",1", "AT+HTPSV= \"test.usr.cn\", 80", "AT+HTPSV", "HTPSV:\"test.usr.cn\",80"},
	{NULL, "AT+HTPHD= \"Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]\"", "AT+HTPHD",
	 "HTPHD:\"Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]\""},
	{"AT+HTPPK=\"off\"", "AT+HTPPK= \"on\"", "AT+HTPPK", "HTPPK:\"on\""},
	{"AT+HTPTIM=20", "AT+HTPTIM=10", "AT+HTPTIM", "HTPTIM:10"},
	{"AT+DSTNUM=\"1\"", "AT+DSTNUM= \"1008610010\"", "AT+DSTNUM", "DSTNUM:\"1008610010\""},
	{NULL, "AT+CLOUDEN= \"on\"", "AT+CLOUDEN", "CLOUDEN:\"on\""},
	{NULL, "AT+ CLOUDID= \"12345678901234567890\"", "AT+CLOUDID", "CLOUDID:\"12345678901234567890\""},
	{NULL, "AT+ CLOUDPA = \"12345678\"", "AT+CLOUDPA", "CLOUDPA:\"12345678\""},
};

static void test_examples_of_000(void **state)
{
	(void)state;
	boot();
	run_examples(examples_000, COUNT(examples_000), __FILE__, __LINE__);
	/* 000 1.2.48 (and 001 3.1.7.48) gives AT+REGEN="ICCID" as REGTP's
	 * example: REGEN takes only on/off, so it is a parameter error */
	EXPECT_REJECT("AT+REGEN= \"ICCID\"", 3);
	EXPECT_OK("AT+REGTP= \"ICCID\"");
	EXPECT_VALUE("AT+REGTP", "REGTP:\"ICCID\"");
}

/* 001's examples: section 3.1.7 and the walk-throughs of chapter 2, with
 * the typographic quotes exactly as printed. */
static const struct example examples_001[] = {
	{"AT+WKMOD=\"CMD\"", "AT+WKMOD=\"NET\"", "AT+WKMOD", "WKMOD:\"NET\""},
	{"AT+WKMOD=\"CMD\"", "AT+WKMOD=" RQ "NET" RQ, "AT+WKMOD", "WKMOD:\"NET\""},
	{NULL, "AT+WKMOD=" RQ "HTTPD" RQ, "AT+WKMOD", "WKMOD:\"HTTPD\""},
	{NULL, "AT+WKMOD=" RQ "SMS" RQ, "AT+WKMOD", "WKMOD:\"SMS\""},
	/* SPEC 4: UDC is accepted and stored */
	{NULL, "AT+WKMOD=" RQ "UDC" RQ, "AT+WKMOD", "WKMOD:\"UDC\""},
	{"AT+SOCKAEN=\"off\"", "AT+SOCKAEN=" RQ "on" RQ, "AT+SOCKAEN", "SOCKAEN:\"on\""},
	{"AT+SOCKA=\"UDP\",\"a.b\",1", "AT+SOCKA=" RQ "TCP" RQ "," RQ "test.usr.cn" RQ ",2317",
	 "AT+SOCKA", "SOCKA:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+HTPTP=\"POST\"", "AT+HTPTP=" RQ "get" RQ, "AT+HTPTP", "HTPTP:\"GET\""},
	{"AT+HTPSV=\"a.b\",1", "AT+HTPSV=" RQ "test.usr.cn" RQ ",80", "AT+HTPSV",
	 "HTPSV:\"test.usr.cn\",80"},
	{"AT+HTPURL=\"/x\"", "AT+HTPURL=" RQ "/1.php?" RQ, "AT+HTPURL", "HTPURL:\"/1.php?\""},
	{NULL, "AT+HTPHD=\"Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]\"", "AT+HTPHD",
	 "HTPHD:\"Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]\""},
	{"AT+DSTNUM=\"1\"", "AT+DSTNUM=" RQ "1008610010" RQ, "AT+DSTNUM", "DSTNUM:\"1008610010\""},
	{"AT+HEARTEN=\"off\"", "AT+HEARTEN=" RQ "on" RQ, "AT+HEARTEN", "HEARTEN:\"on\""},
	{"AT+HEARTTM=60", "AT+HEARTTM=30", "AT+HEARTTM", "HEARTTM:30"},
	{NULL, "AT+REGEN=" RQ "ON" RQ, "AT+REGEN", "REGEN:\"on\""},
	/* 001 2.1.4: the UDC registration type (SPEC 10) */
	{NULL, "AT+REGTP=" RQ "UDC" RQ, "AT+REGTP", "REGTP:\"UDC\""},
	{NULL, "AT+REGDT=" RQ "3030303030303030303031" RQ, "AT+REGDT",
	 "REGDT:\"3030303030303030303031\""},
	{NULL, "AT+REGTP=" RQ "REGDT" RQ, "AT+REGTP", "REGTP:\"REGDT\""},
	{NULL, "AT+REGDT=" RQ "7777772E7573722E636E" RQ, "AT+REGDT", "REGDT:\"7777772E7573722E636E\""},
	{"AT+REGSND=\"data\"", "AT+REGSND=" RQ "link" RQ, "AT+REGSND", "REGSND:\"link\""},
	{"AT+HEARTTP=\"COM\"", "AT+HEARTTP=" RQ "NET" RQ, "AT+HEARTTP", "HEARTTP:\"NET\""},
	{"AT+HEARTDT=\"00\"", "AT+HEARTDT=" RQ "7777772E7573722E636E" RQ, "AT+HEARTDT",
	 "HEARTDT:\"7777772E7573722E636E\""},
	{NULL, "AT+CLOUDEN=" LQ "ON" RQ, "AT+CLOUDEN", "CLOUDEN:\"on\""},
	{NULL, "AT+CLOUDID=" LQ "10011111100000111111" RQ, "AT+CLOUDID",
	 "CLOUDID:\"10011111100000111111\""},
	{NULL, "       AT+CLOUDPA=" LQ "0000test" RQ, "AT+CLOUDPA", "CLOUDPA:\"0000test\""},
	{NULL, "AT+SOCKA=" RQ "TCP" RQ "," RQ "cloud.usr.cn" RQ ",15000", "AT+SOCKA",
	 "SOCKA:\"TCP\",\"cloud.usr.cn\",15000"},
	/* section 3.1.7 */
	{"AT+CALEN=\"on\"", "AT+CALEN=\"off\"", "AT+CALEN", "CALEN:\"off\""},
	{"AT+NATEN=\"off\"", "AT+NATEN=\"on\"", "AT+NATEN", "NATEN:\"on\""},
	{"AT+UATEN=\"off\"", "AT+UATEN=\"on\"", "AT+UATEN", "UATEN:\"on\""},
	{"AT+CMDPW=\"abc\"", "AT+CMDPW=\"usr.cn\"", "AT+CMDPW", "CMDPW:\"usr.cn\""},
	{"AT+CACHEN=\"off\"", "AT+CACHEN=\"on\"", "AT+CACHEN", "CACHEN:\"on\""},
	{"AT+STMSG=\"x\"", "AT+ STMSG =\"www.usr.cn\"", "AT+STMSG", "STMSG:\"www.usr.cn\""},
	{"AT+RSTIM=1", "AT+ RSTIM =180", "AT+RSTIM", "RSTIM:180"},
	{"AT+UART=9600,\"EVEN\",7,2,\"NONE\"", "AT+UART=115200,\"NONE\",8,1,\"RS485\"", "AT+UART",
	 "UART:115200,\"NONE\",8,1,\"RS485\""},
	{"AT+RFCEN=\"off\"", "AT+ RFCEN =\"on\"", "AT+RFCEN", "RFCEN:\"on\""},
	{"AT+APN=\"x\",\"\",\"\"", "AT+APN=\"usr\",\"usr.cn\",\"123\"", "AT+APN",
	 "APN:\"usr\",\"usr.cn\",\"123\""},
	/* the set format line of 3.1.7.24, quotes as printed */
	{NULL, "AT+APN=" RQ "code" RQ "," RQ "name" RQ "," RQ "pass" RQ, "AT+APN",
	 "APN:\"code\",\"name\",\"pass\""},
	{"AT+SOCKB=\"UDP\",\"a.b\",1", "AT+SOCKB=\"TCP\",\"test.usr.cn\",2317", "AT+SOCKB",
	 "SOCKB:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKC=\"UDP\",\"a.b\",1", "AT+SOCKC=\"TCP\",\"test.usr.cn\",2317", "AT+SOCKC",
	 "SOCKC:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKD=\"UDP\",\"a.b\",1", "AT+SOCKD=\"TCP\",\"test.usr.cn\",2317", "AT+SOCKD",
	 "SOCKD:\"TCP\",\"test.usr.cn\",2317"},
	{"AT+SOCKBEN=\"off\"", "AT+SOCKBEN=\"on\"", "AT+SOCKBEN", "SOCKBEN:\"on\""},
	{"AT+SOCKCEN=\"off\"", "AT+SOCKCEN=\"on\"", "AT+SOCKCEN", "SOCKCEN:\"on\""},
	{"AT+SOCKDEN=\"off\"", "AT+SOCKDEN=\"on\"", "AT+SOCKDEN", "SOCKDEN:\"on\""},
	{"AT+SOCKASL=\"short\"", "AT+SOCKASL=\"long\"", "AT+SOCKASL", "SOCKASL:\"long\""},
	{"AT+SOCKBSL=\"short\"", "AT+SOCKBSL=\"long\"", "AT+SOCKBSL", "SOCKBSL:\"long\""},
	{"AT+SOCKCSL=\"short\"", "AT+SOCKCSL=\"long\"", "AT+SOCKCSL", "SOCKCSL:\"long\""},
	{"AT+SOCKDSL=\"short\"", "AT+SOCKDSL=\"long\"", "AT+SOCKDSL", "SOCKDSL:\"long\""},
	{NULL, "AT+SOCKRSTIM=180", "AT+SOCKRSTIM", "SOCKRSTIM:180"},
	/* 3.1.7.42 gives this line as SHORTIM's example */
	{NULL, "AT+SOCKRSTIM=10", "AT+SOCKRSTIM", "SOCKRSTIM:10"},
	{"AT+SHORTIM=20", "AT+ SHORTIM =10", "AT+SHORTIM", "SHORTIM:10"},
	{"AT+SOCKIDEN=\"off\"", "AT+SOCKIDEN=\"on\"", "AT+SOCKIDEN", "SOCKIDEN:\"on\""},
	{"AT+REGEN=\"off\"", "AT+REGEN=\"on\"", "AT+REGEN", "REGEN:\"on\""},
	{"AT+REGID=1", "AT+REGID=123", "AT+REGID", "REGID:123"},
	{"AT+REGSND=\"data\"", "AT+REGSND=\"link\"", "AT+REGSND", "REGSND:\"link\""},
	{"AT+HEARTEN=\"off\"", "AT+HEARTEN=\"on\"", "AT+HEARTEN", "HEARTEN:\"on\""},
	{"AT+HEARTTP=\"COM\"", "AT+HEARTTP=\"NET\"", "AT+HEARTTP", "HEARTTP:\"NET\""},
	{"AT+HEARTTM=30", "AT+HEARTTM=60", "AT+HEARTTM", "HEARTTM:60"},
	{"AT+HTPTP=\"POST\"", "AT+HTPTP=\"GET\"", "AT+HTPTP", "HTPTP:\"GET\""},
	{"AT+HTPURL=\"/x\"", "AT+HTPURL=\"/1.php?\"", "AT+HTPURL", "HTPURL:\"/1.php?\""},
	{"AT+HTPSV=\"a.b\",1", "AT+HTPSV=\"test.usr.cn\",80", "AT+HTPSV", "HTPSV:\"test.usr.cn\",80"},
	{"AT+HTPPK=\"off\"", "AT+HTPPK=\"on\"", "AT+HTPPK", "HTPPK:\"on\""},
	{"AT+HTPTIM=20", "AT+ HTPTIM =10", "AT+HTPTIM", "HTPTIM:10"},
	{"AT+DSTNUM=\"1\"", "AT+DSTNUM=\"1008610010\"", "AT+DSTNUM", "DSTNUM:\"1008610010\""},
	{"AT+CLOUDEN=\"off\"", "AT+CLOUDEN=\"on\"", "AT+CLOUDEN", "CLOUDEN:\"on\""},
	{"AT+CLOUDID=\"1\"", "AT+CLOUDID=\"12345678901234567890\"", "AT+CLOUDID",
	 "CLOUDID:\"12345678901234567890\""},
	{"AT+CLOUDPA=\"1\"", "AT+ CLOUDPA = \"12345678\"", "AT+CLOUDPA", "CLOUDPA:\"12345678\""},
};

static void test_examples_of_001(void **state)
{
	(void)state;
	boot();
	run_examples(examples_001, COUNT(examples_001), __FILE__, __LINE__);
	EXPECT_REJECT("AT+REGEN=\"ICCID\"", 3);
	/* 3.1.7.68, with its quotes; the reply has no blank line before OK */
	EXPECT_OK("AT+ UCPIN=" RQ "1234" RQ);
	EXPECT("AT+ UCPIN", "\r\n+UCPIN:\"1234\"\r\nOK\r\n");
	EXPECT("AT+UCPIN?", "\r\n+UCPIN:\"1234\"\r\nOK\r\n");
}

/* SPEC 1: spaces after "AT+", around '=', after commas and inside the
 * names that the PDFs split. */
static void test_spaced_forms(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+ SOCKRSTM =180");
	EXPECT_VALUE("AT+ SOCKRSTM", "SOCKRSTM:180");
	EXPECT_VALUE("AT+ SOCKRSTM ?", "SOCKRSTM:180");
	EXPECT_OK("AT+ STMSG =\"www.usr.cn\"");
	EXPECT_VALUE("AT+ STMSG", "STMSG:\"www.usr.cn\"");
	EXPECT_OK("AT+UART=9600, \"ODD\", 7,2, \"CRTS\"");
	EXPECT_VALUE("AT+UART", "UART:9600,\"ODD\",7,2,\"CRTS\"");
	EXPECT_OK("AT+UART=115200, \"NONE\", 8,1, \"RS485\"");
	EXPECT_VALUE("AT+UART", "UART:115200,\"NONE\",8,1,\"RS485\"");
	EXPECT_OK("AT+REG SND=\"data\"");
	EXPECT_VALUE("AT+REGSND", "REGSND:\"data\"");
	EXPECT_OK("AT+REG SND=\"link\"");
	EXPECT_VALUE("AT+REG SND", "REGSND:\"link\"");
	EXPECT_VALUE("AT+ CIP", "CIP:");
	/* a space inside a quoted value is part of it */
	EXPECT_OK("AT+STMSG= \" a b \" ");
	EXPECT_VALUE("AT+STMSG", "STMSG:\" a b \"");
}

/* 001 3.1.6: the characters of a command are not case sensitive. */
static void test_case_insensitive(void **state)
{
	(void)state;
	boot();
	EXPECT_VALUE("at+ver", "VER:V1.0.0");
	EXPECT_OK("At+Wkmod=\"net\"");
	EXPECT_VALUE("AT+WKMOD", "WKMOD:\"NET\"");
	EXPECT_OK("at+wkmod=\"httpd\"");
	EXPECT_VALUE("at+wkmod?", "WKMOD:\"HTTPD\"");
	EXPECT_OK("at+uart=9600,\"even\",7,2,\"crts\"");
	EXPECT_VALUE("AT+UART", "UART:9600,\"EVEN\",7,2,\"CRTS\"");
	EXPECT_OK("AT+SOCKB=\"udp\",\"Test.USR.cn\",80");
	EXPECT_VALUE("at+sockb", "SOCKB:\"UDP\",\"Test.USR.cn\",80");
	EXPECT_OK("AT+REGSND=\"LINK&DATA\"");
	EXPECT_VALUE("AT+REGSND", "REGSND:\"link&data\"");
	EXPECT_OK("AT+SOCKCSL=\"SHORT\"");
	EXPECT_VALUE("AT+SOCKCSL", "SOCKCSL:\"short\"");
	EXPECT_OK("AT+HEARTTP=\"com\"");
	EXPECT_VALUE("AT+HEARTTP", "HEARTTP:\"COM\"");
	EXPECT_OK("AT+HTPTP=\"post\"");
	EXPECT_VALUE("AT+HTPTP", "HTPTP:\"POST\"");
	EXPECT_OK("AT+REGTP=\"imei\"");
	EXPECT_VALUE("AT+REGTP", "REGTP:\"IMEI\"");
	EXPECT_VALUE("aT+sOcKrStIm?", "SOCKRSTIM:60");
	/* hex digits in either case; printed in upper case like the defaults */
	EXPECT_OK("AT+REGDT=\"7777772e7573722e636e\"");
	EXPECT_VALUE("AT+REGDT", "REGDT:\"7777772E7573722E636E\"");
	/* text values keep their case */
	EXPECT_OK("AT+CMDPW=\"UsR.Cn\"");
	EXPECT_VALUE("AT+CMDPW", "CMDPW:\"UsR.Cn\"");
}

/* SPEC: unquoted strings are accepted too. */
static void test_unquoted_values(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+WKMOD=HTTPD");
	EXPECT_VALUE("AT+WKMOD", "WKMOD:\"HTTPD\"");
	EXPECT_OK("AT+SOCKA=UDP,192.168.1.10,8080");
	EXPECT_VALUE("AT+SOCKA", "SOCKA:\"UDP\",\"192.168.1.10\",8080");
	EXPECT_OK("AT+STMSG=hello");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"hello\"");
	EXPECT_OK("AT+REGDT=0102");
	EXPECT_VALUE("AT+REGDT", "REGDT:\"0102\"");
	EXPECT_OK("AT+UART=4800,ODD,8,2,NONE");
	EXPECT_VALUE("AT+UART", "UART:4800,\"ODD\",8,2,\"NONE\"");
	EXPECT_OK("AT+UCPIN=5678");
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"5678\"\r\nOK\r\n");
}

/* ---- accepted edges ----------------------------------------------------- */

static void test_accepted_edges(void **state)
{
	static char line[2048], body[2048];

	(void)state;
	boot();
	/* 000 1.2.22 and 001 2.2.1: every baud rate (SPEC 10: their union) */
	EXPECT_OK("AT+UART=2400,\"NONE\",8,1,\"NONE\"");
	EXPECT_OK("AT+UART=14400,\"NONE\",8,1,\"NONE\"");
	EXPECT_OK("AT+UART=28800,\"NONE\",8,1,\"NONE\"");
	EXPECT_OK("AT+UART=33600,\"NONE\",8,1,\"NONE\"");
	EXPECT_OK("AT+UART=128000,\"NONE\",8,1,\"NONE\"");
	EXPECT_VALUE("AT+UART", "UART:128000,\"NONE\",8,1,\"NONE\"");
	EXPECT_OK("AT+UART=921600,\"EVEN\",7,2,\"CRTS\"");
	EXPECT_VALUE("AT+UART", "UART:921600,\"EVEN\",7,2,\"CRTS\"");
	/* ports 1 and 65535 */
	EXPECT_OK("AT+SOCKA=\"UDP\",\"1.2.3.4\",1");
	EXPECT_VALUE("AT+SOCKA", "SOCKA:\"UDP\",\"1.2.3.4\",1");
	EXPECT_OK("AT+SOCKD=\"TCP\",\"test.usr.cn\",65535");
	EXPECT_VALUE("AT+SOCKD", "SOCKD:\"TCP\",\"test.usr.cn\",65535");
	EXPECT_OK("AT+HTPSV=\"test.usr.cn\",65535");
	EXPECT_VALUE("AT+HTPSV", "HTPSV:\"test.usr.cn\",65535");
	/* RSTIM: 0 turns the restart off, 65535 is the maximum */
	EXPECT_OK("AT+RSTIM=0");
	EXPECT_VALUE("AT+RSTIM", "RSTIM:0");
	EXPECT_OK("AT+RSTIM=65535");
	EXPECT_VALUE("AT+RSTIM", "RSTIM:65535");
	/* 000 1.2.49: REGID "Max 65536" */
	EXPECT_OK("AT+REGID=65536");
	EXPECT_VALUE("AT+REGID", "REGID:65536");
	EXPECT_OK("AT+HEARTTM=65535");
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:65535");
	EXPECT_OK("AT+HTPTIM=1");
	EXPECT_VALUE("AT+HTPTIM", "HTPTIM:1");
	EXPECT_OK("AT+HTPTIM=65535");
	EXPECT_VALUE("AT+HTPTIM", "HTPTIM:65535");
	EXPECT_OK("AT+SHORTIM=65535");
	EXPECT_VALUE("AT+SHORTIM", "SHORTIM:65535");
	EXPECT_OK("AT+SOCKRSTM=65535");
	EXPECT_VALUE("AT+SOCKRSTIM", "SOCKRSTIM:65535");
	/* longest texts: CMDPW 6, STMSG 17, CLOUDID 20, CLOUDPA 8, DSTNUM 20 */
	EXPECT_OK("AT+CMDPW=\"abcdef\"");
	EXPECT_VALUE("AT+CMDPW", "CMDPW:\"abcdef\"");
	EXPECT_OK("AT+STMSG=\"12345678901234567\"");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"12345678901234567\"");
	EXPECT_OK("AT+CLOUDPA=\"abcdefgh\"");
	EXPECT_VALUE("AT+CLOUDPA", "CLOUDPA:\"abcdefgh\"");
	EXPECT_OK("AT+DSTNUM=\"12345678901234567890\"");
	EXPECT_VALUE("AT+DSTNUM", "DSTNUM:\"12345678901234567890\"");
	/* APN fields of 50 bytes; empty name and password (001: "没有不填") */
	repeat(line, sizeof line, "AT+APN=\"", "a", 50, "\",\"\",\"\"");
	EXPECT_OK(line);
	repeat(body, sizeof body, "APN:\"", "a", 50, "\",\"\",\"\"");
	EXPECT_VALUE("AT+APN", body);
	/* 100-byte host and URL */
	repeat(line, sizeof line, "AT+SOCKB=\"TCP\",\"", "h", 100, "\",2317");
	EXPECT_OK(line);
	repeat(body, sizeof body, "SOCKB:\"TCP\",\"", "h", 100, "\",2317");
	EXPECT_VALUE("AT+SOCKB", body);
	repeat(line, sizeof line, "AT+HTPURL=\"/", "u", 99, "\"");
	EXPECT_OK(line);
	repeat(body, sizeof body, "HTPURL:\"/", "u", 99, "\"");
	EXPECT_VALUE("AT+HTPURL", body);
	/* REGDT 80 bytes and HEARTDT 40 bytes, counted decoded */
	repeat(line, sizeof line, "AT+REGDT=\"", "A5", 80, "\"");
	EXPECT_OK(line);
	repeat(body, sizeof body, "REGDT:\"", "A5", 80, "\"");
	EXPECT_VALUE("AT+REGDT", body);
	assert_int_equal(usrdtu_hex_len(usrdtu_pending_settings(&dev)->reg_data), 80);
	repeat(line, sizeof line, "AT+HEARTDT=\"", "5A", 40, "\"");
	EXPECT_OK(line);
	repeat(body, sizeof body, "HEARTDT:\"", "5A", 40, "\"");
	EXPECT_VALUE("AT+HEARTDT", body);
	/* UCPIN 4 to 8 digits, and empty for a SIM without PIN */
	EXPECT_OK("AT+UCPIN=\"12345678\"");
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"12345678\"\r\nOK\r\n");
	EXPECT_OK("AT+UCPIN=\"\"");
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"\"\r\nOK\r\n");
	/* a comma inside quotes is part of the value */
	EXPECT_OK("AT+STMSG=\"a,b\"");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"a,b\"");
}

/* ---- rejects ---------------------------------------------------------- */

/* An enum word that is not in the list: error 3, nothing changes. */
static void test_reject_enum_words(void **state)
{
	static const char *const lines[] = {
		"AT+E=\"maybe\"",
		"AT+E=1",
		"AT+WKMOD=\"FOO\"",
		"AT+WKMOD=\"NE\"",
		"AT+WKMOD=\"NETX\"",
		"AT+WKMOD=1",
		"AT+WKMOD=\"TCP\"",
		"AT+CALEN=\"yes\"",
		"AT+NATEN=\"enable\"",
		"AT+UATEN=\"1\"",
		"AT+CACHEN=\"of\"",
		"AT+RFCEN=\"onn\"",
		"AT+SOCKAEN=\"true\"",
		"AT+SOCKBEN=\"x\"",
		"AT+SOCKCEN=\"o n\"",
		"AT+SOCKDEN=\"offf\"",
		"AT+SOCKASL=\"medium\"",
		"AT+SOCKBSL=\"long \"",
		"AT+SOCKCSL=\"shorts\"",
		"AT+SOCKDSL=\"1\"",
		"AT+SOCKA=\"TCPC\",\"test.usr.cn\",2317",
		"AT+SOCKB=\"UDPS\",\"test.usr.cn\",2317",
		"AT+SOCKC=\"HTTP\",\"test.usr.cn\",2317",
		"AT+SOCKD=\"T\",\"test.usr.cn\",2317",
		"AT+SOCKIDEN=\"no\"",
		"AT+REGEN=\"ICCID\"",
		"AT+REGTP=\"SN\"",
		"AT+REGTP=\"USER\"",
		"AT+REGSND=\"link&\"",
		"AT+REGSND=\"both\"",
		"AT+HEARTEN=\"enabled\"",
		"AT+HEARTTP=\"SERIAL\"",
		"AT+HTPTP=\"PUT\"",
		"AT+HTPPK=\"maybe\"",
		"AT+CLOUDEN=\"x\"",
		"AT+UART=115200,\"MARK\",8,1,\"RS485\"",
		"AT+UART=115200,\"SPACE\",8,1,\"RS485\"",
		"AT+UART=115200,\"NONE\",8,1,\"XON\"",
		"AT+UART=115200,\"NONE\",8,1,\"RS232\"",
		"AT+UART=115200,\"N\",8,1,\"RS485\"",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 3);
	expect_all_factory(__FILE__, __LINE__);
}

/* Numbers: letters, quotes, signs, empty, out of range, overflow. */
static void test_reject_numbers(void **state)
{
	static const char *const lines[] = {
		"AT+HEARTTM=6a",
		"AT+HEARTTM=a6",
		"AT+HEARTTM=\"60\"",
		"AT+HEARTTM=" RQ "60" RQ,
		"AT+HEARTTM=-1",
		"AT+HEARTTM=+60",
		"AT+HEARTTM=1.5",
		"AT+HEARTTM=6 0",
		"AT+HEARTTM=0x3C",
		"AT+HEARTTM=",
		"AT+HEARTTM=65536",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",0",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",65536",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",4294967295",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",4294967296",
		/* 2^32 + 2317: a 32-bit wrap would read it as 2317 */
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",4294969613",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",18446744073709551616",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",340282366920938463463374607431768211456",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",1234567890123456789012345678901234567890",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",23a7",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",\"2317\"",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",",
		"AT+SOCKB=\"UDP\",\"test.usr.cn\",0",
		"AT+SOCKC=\"UDP\",\"test.usr.cn\",65536",
		"AT+SOCKD=\"UDP\",\"test.usr.cn\",-2317",
		"AT+HTPSV=\"test.usr.cn\",0",
		"AT+HTPSV=\"test.usr.cn\",65536",
		"AT+HTPSV=\"test.usr.cn\",\"80\"",
		"AT+HTPTIM=0",
		"AT+HTPTIM=65536",
		"AT+RSTIM=65536",
		"AT+RSTIM=4294967296",
		"AT+SOCKRSTM=65536",
		"AT+SOCKRSTIM=65536",
		"AT+SHORTIM=65536",
		"AT+REGID=65537",
		"AT+REGID=12a",
		"AT+REGID=4294967296",
		"AT+UART=1200,\"NONE\",8,1,\"RS485\"",
		"AT+UART=0,\"NONE\",8,1,\"RS485\"",
		"AT+UART=115201,\"NONE\",8,1,\"RS485\"",
		"AT+UART=\"115200\",\"NONE\",8,1,\"RS485\"",
		"AT+UART=115200,\"NONE\",6,1,\"RS485\"",
		"AT+UART=115200,\"NONE\",9,1,\"RS485\"",
		"AT+UART=115200,\"NONE\",8,0,\"RS485\"",
		"AT+UART=115200,\"NONE\",8,3,\"RS485\"",
		"AT+UART=115200,\"NONE\",8,1.5,\"RS485\"",
		"AT+UART=115200,\"NONE\",\"8\",1,\"RS485\"",
		"AT+UART=,\"NONE\",8,1,\"RS485\"",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 3);
	expect_all_factory(__FILE__, __LINE__);
}

/* Texts: too long, empty where required, bytes the field does not take. */
static void test_reject_texts(void **state)
{
	static char line[2048];
	static const char *const lines[] = {
		"AT+CMDPW=\"usr.cn1\"",
		"AT+STMSG=\"123456789012345678\"",
		"AT+SOCKA=\"TCP\",\"\",2317",
		"AT+SOCKA=\"TCP\",,2317",
		"AT+SOCKA=\"TCP\",\"test usr.cn\",2317",
		"AT+HTPSV=\"\",80",
		"AT+DSTNUM=\"10086abc\"",
		"AT+DSTNUM=\"123456789012345678901\"",
		"AT+DSTNUM=\"1008 6100\"",
		"AT+CLOUDID=\"123456789012345678901\"",
		"AT+CLOUDPA=\"123456789\"",
		"AT+UCPIN=\"123\"",
		"AT+UCPIN=\"12a4\"",
		"AT+UCPIN=\"abcd\"",
		"AT+UCPIN=\"123456789\"",
		"AT+PING=\"\"",
		/* [XX] counts as one byte: 18 of them are one too many */
		"AT+STMSG=\"[41][41][41][41][41][41][41][41][41][41][41][41][41][41][41][41][41][41]\"",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+APN=\"", "a", 51, "\",\"\",\"\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+APN=\"CMNET\",\"", "a", 51, "\",\"\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+APN=\"CMNET\",\"\",\"", "a", 51, "\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SOCKA=\"UDP\",\"", "h", 101, "\",2317"), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+HTPSV=\"", "h", 101, "\",80"), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+HTPURL=\"/", "u", 100, "\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+HTPHD=\"", "h", 201, "\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+HTPHD=\"", "[0D]", 201, "\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+PING=\"", "p", 101, "\""), 3);
	expect_all_factory(__FILE__, __LINE__);
}

/* Hex strings: odd length, non-hex digits, longer than the field. */
static void test_reject_hex(void **state)
{
	static char line[2048];
	static const char *const lines[] = {
		"AT+REGDT=\"777\"",
		"AT+REGDT=\"7777772E7573722E636\"",
		"AT+REGDT=\"77G7\"",
		"AT+REGDT=\"0x7777\"",
		"AT+REGDT=\"77 77\"",
		"AT+REGDT=\"www.usr.cn\"",
		"AT+HEARTDT=\"7\"",
		"AT+HEARTDT=\"ZZ\"",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 3);
	/* 81 and 41 decoded bytes */
	EXPECT_REJECT(repeat(line, sizeof line, "AT+REGDT=\"", "30", 81, "\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+HEARTDT=\"", "30", 41, "\""), 3);
	expect_all_factory(__FILE__, __LINE__);
}

/* Too many or too few parameters. */
static void test_reject_parameter_count(void **state)
{
	static const char *const lines[] = {
		"AT+E=\"on\",\"off\"",
		"AT+WKMOD=\"NET\",\"CMD\"",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\"",
		"AT+SOCKA=\"TCP\"",
		"AT+SOCKA=\"TCP\",\"test.usr.cn\",2317,1",
		"AT+UART=115200,\"NONE\",8,1",
		"AT+UART=115200,\"NONE\",8,1,\"RS485\",1",
		"AT+UART=1,2,3,4,5,6,7,8,9",
		"AT+APN=\"usr\",\"usr.cn\"",
		"AT+APN=\"usr\",\"usr.cn\",\"123\",\"4\"",
		"AT+HTPSV=\"test.usr.cn\"",
		"AT+HTPSV=\"test.usr.cn\",80,81",
		"AT+HEARTTM=60,70",
		"AT+STMSG=a,b",
		"AT+REGDT=\"77\",\"77\"",
		"AT+UCPIN=\"1234\",\"5678\"",
		"AT+PING=\"www.baidu.com\",\"x\"",
		"AT+WKMOD=",
		"AT+WKMOD=\"\"",
		"AT+E=",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 3);
	expect_all_factory(__FILE__, __LINE__);
}

/* Names the profile does not have, and forms its commands do not have. */
static void test_unknown_commands_and_wrong_forms(void **state)
{
	static const char *const lines[] = {
		/* other dialects' commands (SPEC 10) */
		"AT+FOO", "AT+R", "AT+BUILD", "AT+UARTFT", "AT+UARTFL", "AT+SOCKRSNUM", "AT+SIGNINAT",
		"AT+HEARTSND", "AT+HEARTSORT", "AT+MAC", "AT+CCLK", "AT+CPIN", "AT+LBSN", "AT+SYSINFO",
		"AT+NETMODE", "AT+GPS", "AT+SOCK", "AT+SOCKAENX", "AT+SOCKRST", "AT+VER1", "AT+",
		"AT+ ", "ATI", "ATE0", "AT+WK-MOD", "AT+WKMOD!", "AT#VER", "AX", "A", "+VER",
		/* forms the manuals do not give */
		"AT+VER=1", "AT+VER=?", "AT+SN=?", "AT+CSQ=1", "AT+CIP=?", "AT+LBS=1", "AT+S?",
		"AT+S=1", "AT+S=?", "AT+Z?", "AT+Z=1", "AT+H=?", "AT+H?", "AT+ENTM=?", "AT+ENTM?",
		"AT+CFGTF?", "AT+CFGTF=1", "AT+RELD=1", "AT+RELD?", "AT+CLEAR=?", "AT+CLEAR=1",
		"AT+PING", "AT+PING?", "AT+SMSEND", "AT+SMSEND?", "AT+SOCKALK=1", "AT+SOCKBLK=?",
		"AT+SOCKCLK=\"x\"", "AT+SOCKDLK=?",
		/* malformed lines */
		"AT+VER?x", "AT+VER??", "AT+WKMOD?=", "AT+STMSG=\"abc", "AT+STMSG=\"abc\"def",
		"AT+STMSG=" RQ "abc", "AT+SOCKA=\"TCP\"x,\"test.usr.cn\",2317",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 58);
	/* nothing restarted, nothing was cleared */
	assert_true(usrdtu_in_command_mode(&dev));
	checks++;
	expect_all_factory(__FILE__, __LINE__);
}

/* SPEC 1: a line longer than the buffer gets the format error once it
 * ends, and the next line is parsed normally. */
static void test_line_too_long(void **state)
{
	static char line[4096];

	(void)state;
	boot();
	EXPECT_REJECT(repeat(line, sizeof line, "AT+STMSG=\"", "x", 1100, "\""), 58);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+VER", " ", 2000, ""), 58);
	EXPECT("AT", OK_REPLY);
	EXPECT_VALUE("AT+STMSG", "STMSG:\"" START_MESSAGE "\"");
	/* a long line sent in pieces is still one line */
	repeat(line, sizeof line, "AT+HTPHD=\"", "x", 1500, "");
	same_bytes("(long piece)", mock_send(&dev, &m, line), "", __FILE__, __LINE__);
	same_bytes("(long end)", mock_send(&dev, &m, "\"\r"), "\r\n+CME ERROR:58\r\n", __FILE__,
		   __LINE__);
	EXPECT_VALUE("AT+HTPHD", "HTPHD:\"Accept:text/html[0D][0A]\"");
	/* the longest valid line: 200 header bytes as [XX] escapes */
	EXPECT_OK(repeat(line, sizeof line, "AT+HTPHD=\"", "[0D][0A]", 100, "\""));
	EXPECT_VALUE("AT+HTPHD", repeat(line, sizeof line, "HTPHD:\"", "[0D][0A]", 100, "\""));
	assert_int_equal(strlen(usrdtu_pending_settings(&dev)->http_header), 200);
	checks++;
}

/* ---- escapes and the "=?" rule ---------------------------------------- */

static void test_escapes_round_trip(void **state)
{
	const struct usrdtu_settings *p;

	(void)state;
	boot();
	EXPECT_OK("AT+HTPHD=\"Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]\"");
	p = usrdtu_pending_settings(&dev);
	assert_string_equal(p->http_header, "Accept:text/html\r\nAccept-Language:zh-CN\r\n");
	checks++;
	EXPECT_VALUE("AT+HTPHD", "HTPHD:\"Accept:text/html[0D][0A]Accept-Language:zh-CN[0D][0A]\"");
	/* lower-case escape digits mean the same byte */
	EXPECT_OK("AT+HTPHD=\"X:1[0d][0a]\"");
	assert_string_equal(p->http_header, "X:1\r\n");
	checks++;
	EXPECT_VALUE("AT+HTPHD", "HTPHD:\"X:1[0D][0A]\"");
	/* a quote inside a value prints escaped so it can be typed back */
	EXPECT_OK("AT+STMSG=\"a[22]b\"");
	assert_string_equal(p->start_message, "a\"b");
	checks++;
	EXPECT_VALUE("AT+STMSG", "STMSG:\"a[22]b\"");
	/* stored "[41]" must not print as "[41]" (that would read back as 'A') */
	EXPECT_OK("AT+STMSG=\"[5B]41]\"");
	assert_string_equal(p->start_message, "[41]");
	checks++;
	EXPECT_VALUE("AT+STMSG", "STMSG:\"[5B]41]\"");
	EXPECT_OK("AT+STMSG=\"[5B]41]\"");
	assert_string_equal(p->start_message, "[41]");
	checks++;
	/* a bracket that is no escape stays as it is */
	EXPECT_OK("AT+STMSG=\"[x] [4]\"");
	assert_string_equal(p->start_message, "[x] [4]");
	checks++;
	EXPECT_VALUE("AT+STMSG", "STMSG:\"[x] [4]\"");
	/* 17 escaped bytes fit the 17-byte start message */
	EXPECT_OK("AT+STMSG=\"[41][41][41][41][41][41][41][41][41][41][41][41][41][41][41][41][41]\"");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"AAAAAAAAAAAAAAAAA\"");
	/* a tab prints as [09] */
	EXPECT_OK("AT+CLOUDPA=\"a[09]b\"");
	EXPECT_VALUE("AT+CLOUDPA", "CLOUDPA:\"a[09]b\"");
}

/* SPEC 1: "=?" is the test form only when nothing follows it. */
static void test_equals_question_mark(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HTPURL=\"/2.php?\"");
	EXPECT_OK("AT+HTPURL=\"/1.php?\"");
	EXPECT_VALUE("AT+HTPURL", "HTPURL:\"/1.php?\"");
	EXPECT_OK("AT+HTPURL=/a.php?");
	EXPECT_VALUE("AT+HTPURL", "HTPURL:\"/a.php?\"");
	assert_string_equal(usrdtu_pending_settings(&dev)->http_url, "/a.php?");
	checks++;
	EXPECT_OK("AT+HTPURL=?a");
	EXPECT_VALUE("AT+HTPURL", "HTPURL:\"?a\"");
	EXPECT_OK("AT+HTPURL=??");
	EXPECT_VALUE("AT+HTPURL", "HTPURL:\"??\"");
	EXPECT_OK("AT+STMSG=\"?\"");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"?\"");
	/* and the test form itself, also with trailing spaces */
	EXPECT_VALUE("AT+HTPURL=?", "HTPURL:<\"URL\">");
	EXPECT_VALUE("AT+HTPURL=? ", "HTPURL:<\"URL\">");
	EXPECT_VALUE("AT+HTPURL", "HTPURL:\"??\"");
}

/* SPEC 10: SOCKRSTIM (001) and SOCKRSTM (000) are one setting. */
static void test_sockrstim_and_sockrstm_are_one_setting(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+SOCKRSTIM=180");
	EXPECT_VALUE("AT+SOCKRSTM", "SOCKRSTM:180");
	EXPECT_VALUE("AT+SOCKRSTIM", "SOCKRSTIM:180");
	EXPECT_OK("AT+SOCKRSTM=240");
	EXPECT_VALUE("AT+SOCKRSTIM?", "SOCKRSTIM:240");
	EXPECT_VALUE("AT+SOCKRSTM?", "SOCKRSTM:240");
	assert_int_equal(usrdtu_pending_settings(&dev)->link_down_restart_s, 240);
	checks++;
	/* and it is saved once and comes back under both names */
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+SOCKRSTIM", "SOCKRSTIM:240");
	EXPECT_VALUE("AT+SOCKRSTM", "SOCKRSTM:240");
	/* the short-link time is another setting */
	EXPECT_VALUE("AT+SHORTIM", "SHORTIM:10");
}

/* ---- information commands and actions --------------------------------- */

static void test_information_commands(void **state)
{
	(void)state;
	boot();
	EXPECT_VALUE("AT+VER", "VER:V1.0.0");
	EXPECT_VALUE("AT+VER?", "VER:V1.0.0");
	EXPECT_VALUE("AT+SN", "SN:00402420011300024522");
	EXPECT_VALUE("AT+SN?", "SN:00402420011300024522");
	EXPECT_VALUE("AT+ICCID", "ICCID:89860036151957131234");
	EXPECT_VALUE("AT+ICCID?", "ICCID:89860036151957131234");
	EXPECT_VALUE("AT+IMEI", "IMEI:864333040712457");
	EXPECT_VALUE("AT+IMEI?", "IMEI:864333040712457");
	EXPECT_VALUE("AT+CNUM", "CNUM:15112341234");
	EXPECT_VALUE("AT+CNUM?", "CNUM:15112341234");
	/* 000 1.2.46 prints "+CSQ:<rss>,<ber>"; 001 3.1.7.46 has a space there,
	 * SPEC 10 keeps "+X:value" where no example reply says otherwise */
	EXPECT_VALUE("AT+CSQ", "CSQ:27,99");
	EXPECT_VALUE("AT+CSQ?", "CSQ:27,99");
	/* 000 1.2.67: "+LBS:LAC,CID"; 001 chapter 2 sends " AT+LBS?" */
	EXPECT_VALUE("AT+LBS", "LBS:333e,3357906");
	EXPECT_VALUE(" AT+LBS?", "LBS:333e,3357906");
	/* 000 1.2.44: "+CIP:" then a "SOCKET:IP" line per link; none is up */
	EXPECT_VALUE("AT+CIP", "CIP:");
	EXPECT_VALUE("AT+CIP?", "CIP:");
	/* 000 1.2.37-40: no socket is connected in the mock */
	EXPECT_VALUE("AT+SOCKALK", "SOCKALK:Disconnected");
	EXPECT_VALUE("AT+SOCKBLK?", "SOCKBLK:Disconnected");
	EXPECT_VALUE("AT+SOCKCLK", "SOCKCLK:Disconnected");
	EXPECT_VALUE("AT+SOCKDLK?", "SOCKDLK:Disconnected");
	/* the answers follow the HAL */
	m.info[USRDTU_INFO_VERSION] = "V3.1.2";
	EXPECT_VALUE("AT+VER", "VER:V3.1.2");
	m.info[USRDTU_INFO_CSQ] = "31,0";
	EXPECT_VALUE("AT+CSQ", "CSQ:31,0");
}

/* SPEC 9: a HAL without the answer gives the execution-failed error. */
static void test_information_without_answer(void **state)
{
	static const enum usrdtu_info items[] = {
		USRDTU_INFO_VERSION, USRDTU_INFO_SN, USRDTU_INFO_ICCID, USRDTU_INFO_IMEI,
		USRDTU_INFO_NUMBER, USRDTU_INFO_CSQ, USRDTU_INFO_LOCAL_IP, USRDTU_INFO_LAC,
	};
	static const char *const lines[] = {
		"AT+VER", "AT+SN", "AT+ICCID", "AT+IMEI", "AT+CNUM", "AT+CSQ", "AT+CIP", "AT+LBS",
	};
	size_t i;

	(void)state;
	boot();
	for (i = 0; i < COUNT(items); i++) {
		m.info[items[i]] = NULL;
		EXPECT_REJECT(lines[i], 50);
	}
	m.info[USRDTU_INFO_LAC] = "333e";
	m.info[USRDTU_INFO_CELL_ID] = NULL;
	EXPECT_REJECT("AT+LBS?", 50);

	/* a HAL with no info function at all */
	boot_with(&mock_hal_bare_ops);
	for (i = 0; i < COUNT(lines); i++)
		EXPECT_REJECT(lines[i], 50);
	EXPECT_REJECT("AT+PING=\"www.baidu.com\"", 50);
}

static void test_ping(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+PING=\"www.baidu.com\"");
	assert_int_equal(m.action_calls, 1);
	assert_int_equal(m.last_action, USRDTU_ACTION_PING);
	assert_string_equal(m.last_action_arg, "www.baidu.com");
	checks += 3;
	/* 000's spacing and 001's quotes */
	EXPECT_OK("AT+ PING= \"8.8.8.8\"");
	assert_string_equal(m.last_action_arg, "8.8.8.8");
	EXPECT_OK("AT+PING=" RQ "www.usr.cn" RQ);
	assert_string_equal(m.last_action_arg, "www.usr.cn");
	assert_int_equal(m.action_calls, 3);
	checks += 3;
	/* the host does not answer */
	m.ping_result = -1;
	EXPECT_REJECT("AT+PING=\"www.baidu.com\"", 50);
	assert_int_equal(m.action_calls, 4);
	m.ping_result = 0;
	/* rejected arguments never reach the HAL */
	EXPECT_REJECT("AT+PING=\"www baidu.com\"", 3);
	EXPECT_REJECT("AT+PING=", 3);
	assert_int_equal(m.action_calls, 4);
	checks += 2;
	EXPECT_VALUE("AT+PING=?", "PING:<\"DNS/IP address\">");
	assert_int_equal(m.action_calls, 4);
	checks++;
}

/* 001 3.1.7.63 (000 1.2.63 without the first comma): the test form is a
 * reply like any other, not the execution-failed error. */
static void test_smsend_test_form(void **state)
{
	(void)state;
	boot();
	EXPECT_VALUE("AT+SMSEND=?", "SMSEND:<\"number\">,<1,2,3>,<\"data\">");
}

/* SPEC 8 and 10: SMSEND validates its arguments, then answers 50 (the
 * modem HAL is a later issue). */
static void test_smsend_validates_then_fails(void **state)
{
	static char line[512];

	(void)state;
	boot();
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",1,\"ww.usr.cn\"", 50);
	EXPECT_REJECT("AT+SMSEND= \"1008610010\", 1, \"ww.usr.cn\"", 50);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",2,\"ww.usr.cn\"", 50);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",3,\"ww.usr.cn\"", 50);
	/* bad type, number, count */
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",4,\"ww.usr.cn\"", 3);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",0,\"ww.usr.cn\"", 3);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",\"1\",\"ww.usr.cn\"", 3);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",x,\"ww.usr.cn\"", 3);
	EXPECT_REJECT("AT+SMSEND=\"10086abc\",1,\"ww.usr.cn\"", 3);
	EXPECT_REJECT("AT+SMSEND=\"\",1,\"ww.usr.cn\"", 3);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",1", 3);
	EXPECT_REJECT("AT+SMSEND=\"1008610010\",1,\"a\",\"b\"", 3);
	/* type 1 (GSM 7-bit): at most 160 characters */
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SMSEND=\"1008610010\",1,\"", "a", 160, "\""), 50);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SMSEND=\"1008610010\",1,\"", "a", 161, "\""), 3);
	/* nothing was stored: DSTNUM is another setting */
	EXPECT_VALUE("AT+DSTNUM", "DSTNUM:\"1008610010\"");
}

/* 000 1.2.63, 001 3.1.7.63 and SPEC 8/10: type 2 (8-bit) takes at most
 * 140, type 3 (UCS2) at most 70 characters. */
static void test_smsend_length_depends_on_type(void **state)
{
	static char line[512];

	(void)state;
	boot();
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SMSEND=\"1008610010\",2,\"", "a", 140, "\""), 50);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SMSEND=\"1008610010\",3,\"", "a", 70, "\""), 50);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SMSEND=\"1008610010\",2,\"", "a", 141, "\""), 3);
	EXPECT_REJECT(repeat(line, sizeof line, "AT+SMSEND=\"1008610010\",3,\"", "a", 71, "\""), 3);
}

static void test_ucpin(void **state)
{
	(void)state;
	boot();
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"\"\r\nOK\r\n");
	EXPECT_OK("AT+UCPIN=\"1234\"");
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"1234\"\r\nOK\r\n");
	EXPECT("AT+UCPIN?", "\r\n+UCPIN:\"1234\"\r\nOK\r\n");
	assert_string_equal(usrdtu_pending_settings(&dev)->sim_pin, "1234");
	checks++;
	EXPECT_REJECT("AT+UCPIN=\"123\"", 3);
	EXPECT_REJECT("AT+UCPIN=\"12a4\"", 3);
	EXPECT_REJECT("AT+UCPIN=\"123456789\"", 3);
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"1234\"\r\nOK\r\n");
	/* stored and saved like the other settings */
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT("AT+UCPIN", "\r\n+UCPIN:\"1234\"\r\nOK\r\n");
}

/* ---- settings copies: pending, saved, user defaults, factory ----------- */

static void test_set_changes_only_the_pending_copy(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT_OK("AT+STMSG=\"www.usr.cn\"");
	EXPECT_OK("AT+UART=9600,\"NONE\",8,1,\"NONE\"");
	EXPECT_OK("AT+WKMOD=\"CMD\"");
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 60);
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 30);
	assert_string_equal(usrdtu_pending_settings(&dev)->start_message, "www.usr.cn");
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, START_MESSAGE);
	assert_int_equal(usrdtu_pending_settings(&dev)->uart.baud, 9600);
	assert_int_equal(usrdtu_active_settings(&dev)->uart.baud, 115200);
	assert_int_equal(usrdtu_pending_settings(&dev)->work_mode, USRDTU_MODE_CMD);
	assert_int_equal(usrdtu_active_settings(&dev)->work_mode, USRDTU_MODE_NET);
	/* the UART is not touched before the restart */
	assert_int_equal(m.uart_calls, 1);
	checks += 9;
	/* queries show the pending copy */
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT_VALUE("AT+UART", "UART:9600,\"NONE\",8,1,\"NONE\"");
}

static void test_save_restarts_and_keeps_the_values(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT_OK("AT+STMSG=\"www.usr.cn\"");
	EXPECT_OK("AT+UART=9600,\"EVEN\",7,2,\"NONE\"");
	EXPECT_OK("AT+SOCKBEN=\"on\"");
	/* 000 1.2.13: OK, then the restart prints the (new) start message */
	EXPECT("AT+S", OK_REPLY "www.usr.cn\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 60);
	assert_string_equal(usrdtu_active_settings(&dev)->start_message, "www.usr.cn");
	/* the UART gets the saved settings at the restart */
	assert_int_equal(m.uart_calls, 2);
	assert_int_equal(m.uart.baud, 9600);
	assert_int_equal(m.uart.parity, USRDTU_PARITY_EVEN);
	assert_int_equal(m.uart.data_bits, 7);
	assert_int_equal(m.uart.stop_bits, 2);
	assert_int_equal(m.uart.flow, USRDTU_FLOW_NONE);
	checks += 8;
	/* back in the saved work mode (NET), echo as saved (off) */
	assert_false(usrdtu_in_command_mode(&dev));
	mock_enter_command(&dev, &m);
	EXPECT("AT", OK_REPLY);
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT_VALUE("AT+SOCKBEN", "SOCKBEN:\"on\"");
	EXPECT_VALUE("AT+UART", "UART:9600,\"EVEN\",7,2,\"NONE\"");

	/* power cycle: a new init on the same flash */
	mock_clear(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_gprs232, &mock_hal_ops, &m), USRDTU_OK);
	EXPECT_OUT("(second boot)", "www.usr.cn\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 60);
	checks++;
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"www.usr.cn\"");
	EXPECT_VALUE("AT+SOCKBEN", "SOCKBEN:\"on\"");
	EXPECT_VALUE("AT+E", "E:\"off\"");
}

/* SPEC 3: AT+Z restarts, unsaved changes are lost. */
static void test_z_loses_unsaved_changes(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT_OK("AT+STMSG=\"www.usr.cn\"");
	EXPECT("AT+Z", OK_REPLY BOOT_OUTPUT);
	/* echo was turned off without AT+S: it is on again */
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 1);
	checks++;
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:30");
	EXPECT_VALUE("AT+STMSG", "STMSG:\"" START_MESSAGE "\"");
	/* saved values survive AT+Z */
	EXPECT_OK("AT+HEARTTM=45");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_OK("AT+HEARTTM=46");
	EXPECT("AT+Z", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:45");
}

/* SPEC 3: CFGTF keeps the pending settings as user defaults (no restart);
 * RELD makes them the saved settings and restarts. */
static void test_cfgtf_then_reld_restores_user_defaults(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT_OK("AT+SOCKCEN=\"on\"");
	EXPECT("AT+CFGTF", OK_REPLY);
	assert_true(usrdtu_in_command_mode(&dev));
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 30);
	checks += 2;
	EXPECT_OK("AT+HEARTTM=90");
	EXPECT_OK("AT+SOCKCEN=\"off\"");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:90");
	EXPECT_OK("AT+HEARTTM=120");
	EXPECT("AT+RELD", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT_VALUE("AT+SOCKCEN", "SOCKCEN:\"on\"");
	/* the user defaults are now the saved settings: they survive AT+Z */
	EXPECT("AT+Z", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
}

/* With no AT+CFGTF ever, the user defaults are the factory settings. */
static void test_reld_without_user_defaults_gives_factory(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT("AT+RELD", OK_REPLY BOOT_OUTPUT);
	reenter();
	expect_all_factory(__FILE__, __LINE__);
}

/* SPEC 3: CLEAR writes the factory settings as saved settings and as user
 * defaults, and restarts. */
static void test_clear_restores_factory(void **state)
{
	(void)state;
	boot();
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT_OK("AT+STMSG=\"www.usr.cn\"");
	EXPECT("AT+CFGTF", OK_REPLY);
	EXPECT_OK("AT+HEARTTM=70");
	EXPECT_OK("AT+UART=9600,\"NONE\",8,1,\"NONE\"");
	EXPECT("AT+S", OK_REPLY "www.usr.cn\r\n");
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:70");
	EXPECT("AT+CLEAR", OK_REPLY BOOT_OUTPUT);
	assert_int_equal(m.uart.baud, 115200);
	checks++;
	reenter();
	expect_all_factory(__FILE__, __LINE__);
	/* the user defaults were cleared too */
	EXPECT("AT+RELD", OK_REPLY BOOT_OUTPUT);
	reenter();
	expect_all_factory(__FILE__, __LINE__);
	/* and a power cycle keeps the factory settings */
	mock_clear(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_gprs232, &mock_hal_ops, &m), USRDTU_OK);
	EXPECT_OUT("(boot after CLEAR)", BOOT_OUTPUT);
}

/* Without flash (hal.h): settings live in RAM, AT+S still restarts. */
static void test_without_flash(void **state)
{
	(void)state;
	boot_with(&mock_hal_bare_ops);
	EXPECT_OK("AT+HEARTTM=60");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT_OK("AT+HEARTTM=61");
	EXPECT("AT+Z", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:60");
	EXPECT("AT+CLEAR", OK_REPLY BOOT_OUTPUT);
	reenter();
	EXPECT_VALUE("AT+HEARTTM", "HEARTTM:30");
}

/* ---- work modes ------------------------------------------------------- */

static void test_entm_and_cmd_work_mode(void **state)
{
	(void)state;
	boot();
	/* SPEC 10: ENTM answers "\r\nOK\r\n" and goes back to the data mode */
	EXPECT("AT+ENTM", OK_REPLY);
	assert_false(usrdtu_in_command_mode(&dev));
	checks++;
	/* data now goes to the network as a frame, no reply */
	mock_advance(&dev, &m, 1000);
	same_bytes("hello", mock_send(&dev, &m, "hello"), "", __FILE__, __LINE__);
	mock_advance(&dev, &m, 250);
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_mode, USRDTU_MODE_NET);
	assert_memory_equal(m.frames, "hello", 5);
	checks += 3;

	/* WKMOD "CMD": the module boots into command mode and stays there */
	mock_enter_command(&dev, &m);
	EXPECT_OK("AT+WKMOD=\"CMD\"");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	assert_true(usrdtu_in_command_mode(&dev));
	checks++;
	EXPECT("AT", OK_REPLY);
	EXPECT("AT+ENTM", OK_REPLY);
	assert_true(usrdtu_in_command_mode(&dev));
	checks++;
	/* UDC is stored and runs as NET (SPEC 4) */
	EXPECT_OK("AT+WKMOD=\"UDC\"");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	assert_false(usrdtu_in_command_mode(&dev));
	assert_int_equal(usrdtu_active_settings(&dev)->work_mode, USRDTU_MODE_UDC);
	checks += 2;
	reenter();
	EXPECT_VALUE("AT+WKMOD", "WKMOD:\"UDC\"");
}

/* 001 3.1.3: "usr.cn#AT+VER" from the serial port in a data mode, with
 * UATEN on. */
/* 001 3.1.7.68 (SPEC 10): the stored PIN is what the port unlocks the SIM
 * with after a restart; a SIM that stays locked (PIN missing or wrong) is
 * reported by the port, and the module restarts 5 minutes later. */
static void test_ucpin_locked_sim_restarts_after_5_minutes(void **state)
{
	unsigned long restarts;

	(void)state;
	boot();
	EXPECT_OK("AT+UCPIN=\"1234\"");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	mock_advance(&dev, &m, 10);
	/* the PIN the port gives the SIM after the restart */
	assert_string_equal(usrdtu_active_settings(&dev)->sim_pin, "1234");
	checks++;

	restarts = usrdtu_get_stats(&dev)->restarts;
	assert_int_equal(usrdtu_sim_locked(&dev, m.now), USRDTU_OK);
	mock_advance(&dev, &m, 4 * 60000);
	/* a second report does not move the 5 minutes */
	assert_int_equal(usrdtu_sim_locked(&dev, m.now), USRDTU_OK);
	mock_advance(&dev, &m, 59000);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts);
	assert_true(usrdtu_next_poll_ms(&dev, m.now) <= 1000u);
	mock_advance(&dev, &m, 1000);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts + 1);
	/* the restart forgets the report: no second restart without a new one */
	mock_advance(&dev, &m, 10 * 60000);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts + 1);
	checks += 4;
}

/* Profiles without UCPIN have no such restart. */
static void test_sim_locked_only_where_ucpin_exists(void **state)
{
	static struct usrdtu other;
	static struct mock_hal om;

	(void)state;
	mock_init(&om);
	assert_int_equal(usrdtu_init(&other, &usrdtu_profile_cat1, &mock_hal_ops, &om), USRDTU_OK);
	assert_int_equal(usrdtu_sim_locked(&other, om.now), USRDTU_ERR_NOTSUP);
	assert_int_equal(usrdtu_sim_locked(NULL, 0), USRDTU_ERR_INVAL);
	checks += 2;
}

static void test_serial_at_example(void **state)
{
	(void)state;
	boot();
	/* UATEN is off by default: the frame is data */
	EXPECT("AT+ENTM", OK_REPLY);
	mock_advance(&dev, &m, 1000);
	same_bytes("usr.cn#AT+VER", mock_send(&dev, &m, "usr.cn#AT+VER"), "", __FILE__, __LINE__);
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("usr.cn#AT+VER (UATEN off)", "");
	assert_int_equal(m.frame_count, 1);
	checks++;

	mock_enter_command(&dev, &m);
	EXPECT_OK("AT+UATEN=\"on\"");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	assert_false(usrdtu_in_command_mode(&dev));
	checks++;
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "usr.cn#AT+VER");
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("usr.cn#AT+VER", "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	assert_int_equal(m.frame_count, 0);
	checks++;
	/* with the CR 001 asks for */
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "usr.cn#AT+WKMOD\r");
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("usr.cn#AT+WKMOD", "\r\n+WKMOD:\"NET\"\r\n\r\nOK\r\n");
	/* another password: the old one is data */
	mock_enter_command(&dev, &m);
	EXPECT_OK("AT+CMDPW=\"abc123\"");
	EXPECT("AT+S", OK_REPLY BOOT_OUTPUT);
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "abc123#AT+SN");
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("abc123#AT+SN", "\r\n+SN:00402420011300024522\r\n\r\nOK\r\n");
	mock_advance(&dev, &m, 1000);
	mock_send(&dev, &m, "usr.cn#AT+SN");
	mock_advance(&dev, &m, 250);
	EXPECT_OUT("usr.cn#AT+SN (old password)", "");
	assert_int_equal(m.frame_count, 1);
	checks++;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_has_exactly_the_manual_commands),
		cmocka_unit_test(test_boot_prints_start_message_and_runs_net),
		cmocka_unit_test(test_echo_is_on_by_default_and_byte_for_byte),
		cmocka_unit_test(test_echo_off_acts_at_once),
		cmocka_unit_test(test_line_without_terminator_ends_when_idle),
		cmocka_unit_test(test_plus_plus_plus_in_command_mode),
		cmocka_unit_test(test_factory_defaults),
		cmocka_unit_test(test_test_forms_print_the_manual_ranges),
		cmocka_unit_test(test_help_lists_every_command),
		cmocka_unit_test(test_examples_of_000),
		cmocka_unit_test(test_examples_of_001),
		cmocka_unit_test(test_spaced_forms),
		cmocka_unit_test(test_case_insensitive),
		cmocka_unit_test(test_unquoted_values),
		cmocka_unit_test(test_accepted_edges),
		cmocka_unit_test(test_reject_enum_words),
		cmocka_unit_test(test_reject_numbers),
		cmocka_unit_test(test_reject_texts),
		cmocka_unit_test(test_reject_hex),
		cmocka_unit_test(test_reject_parameter_count),
		cmocka_unit_test(test_unknown_commands_and_wrong_forms),
		cmocka_unit_test(test_line_too_long),
		cmocka_unit_test(test_escapes_round_trip),
		cmocka_unit_test(test_equals_question_mark),
		cmocka_unit_test(test_sockrstim_and_sockrstm_are_one_setting),
		cmocka_unit_test(test_information_commands),
		cmocka_unit_test(test_information_without_answer),
		cmocka_unit_test(test_ping),
		cmocka_unit_test(test_smsend_test_form),
		cmocka_unit_test(test_smsend_validates_then_fails),
		cmocka_unit_test(test_smsend_length_depends_on_type),
		cmocka_unit_test(test_ucpin),
		cmocka_unit_test(test_set_changes_only_the_pending_copy),
		cmocka_unit_test(test_save_restarts_and_keeps_the_values),
		cmocka_unit_test(test_z_loses_unsaved_changes),
		cmocka_unit_test(test_cfgtf_then_reld_restores_user_defaults),
		cmocka_unit_test(test_reld_without_user_defaults_gives_factory),
		cmocka_unit_test(test_clear_restores_factory),
		cmocka_unit_test(test_without_flash),
		cmocka_unit_test(test_entm_and_cmd_work_mode),
		cmocka_unit_test(test_serial_at_example),
		cmocka_unit_test(test_ucpin_locked_sim_restarts_after_5_minutes),
		cmocka_unit_test(test_sim_locked_only_where_ucpin_exists),
	};
	int failed = cmocka_run_group_tests_name("gprs232", tests, NULL, NULL);

	print_message("gprs232: %lu checks made\n", checks);
	return failed;
}
