/*
 * Profile m0 (seeds/003, USR-M0): every command of the manual, its format
 * lines byte for byte, its defaults, every class of rejected input, the
 * <<CRLF>> escape, the NETP alias, and "saved at once, in force after the
 * restart".
 *
 * Each test boots a fresh device from blank flash. m0 always boots into a
 * data mode, so the fixture enters command mode with +++ / a and turns echo
 * off; replies are then compared whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "manual_names_m0.h"
#include "mock_hal.h"
#include "usrdtu/usrdtu.h"

#define OK "\r\n+ok\r\n"
#define VALUE(v) "\r\n+ok=" v "\r\n"
#define ERR(code) "\r\n+ERR=" #code "\r\n"

#define DEFAULT_HEADER "User_Agent: Mozilla/4.0<<CRLF>>Connection: close<<CRLF>>"

/* Large: the engine's buffers and two settings copies. */
static struct usrdtu dev;
static struct mock_hal m;

/* One command line with a CR, as a terminal sends it; returns the output. */
static const char *at(const char *line)
{
	static char buf[4096];
	size_t len = strlen(line);

	assert_true(len + 1 < sizeof buf);
	memcpy(buf, line, len);
	buf[len] = '\r';
	return mock_send_bytes(&dev, &m, buf, len + 1);
}

#define EXPECT(line, reply) assert_string_equal(at(line), (reply))

static const struct usrdtu_settings *pending(void)
{
	return usrdtu_pending_settings(&dev);
}

static const struct usrdtu_settings *active(void)
{
	return usrdtu_active_settings(&dev);
}

static void enter_command(void)
{
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
}

/* Power on with whatever the mock's flash holds. */
static void power_on(const struct usrdtu_hal *hal)
{
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_m0, hal, &m), 0);
	assert_false(usrdtu_in_command_mode(&dev));
}

static int setup(void **state)
{
	(void)state;
	mock_init(&m);
	power_on(&mock_hal_ops);
	enter_command();
	/* echo is on at first: the line comes back before the reply */
	EXPECT("AT+E=off", "AT+E=off\r\r\n+OK\r\n");
	return 0;
}

/* Restart with AT+Z and come back to command mode. */
static void restart(void)
{
	EXPECT("AT+Z", OK);
	mock_advance(&dev, &m, 100);
	assert_false(usrdtu_in_command_mode(&dev));
	enter_command();
}

/* ---- the table against the manual ---- */

static void test_table_matches_manual(void **state)
{
	const struct usrdtu_profile *p = &usrdtu_profile_m0;
	size_t i, j;

	(void)state;
	/* every name of 003's list, plus the NETP alias of SOCK */
	assert_int_equal(p->ncmds, MANUAL_NAMES_M0_COUNT + 1);
	for (i = 0; i < MANUAL_NAMES_M0_COUNT; i++) {
		const char *name = manual_names_m0[i];

		assert_non_null(dispatch_find(p, (const uint8_t *)name, strlen(name)));
	}
	for (i = 0; i < p->ncmds; i++) {
		int found = strcmp(p->cmds[i].name, "NETP") == 0;

		if (i > 0)
			assert_true(strcmp(p->cmds[i - 1].name, p->cmds[i].name) < 0);
		for (j = 0; j < MANUAL_NAMES_M0_COUNT; j++)
			found |= strcmp(p->cmds[i].name, manual_names_m0[j]) == 0;
		if (!found)
			fail_msg("row %s is not a command of 003", p->cmds[i].name);
	}
	assert_string_equal(usrdtu_profile_name(p), "m0");
	assert_ptr_equal(usrdtu_profile_find("m0"), p);
	assert_int_equal(p->id, 4);
	assert_int_equal(p->flags, AT_P_SAVE_AT_ONCE | AT_P_REG_FIRST_DATA);
	assert_int_equal(p->frame_gap_ms, USRDTU_CFG_M0_FRAME_GAP_MS);
	assert_int_equal(p->frame_len, USRDTU_CFG_M0_FRAME_LEN);
}

static const struct at_cmd *row(const char *name)
{
	const struct at_cmd *cmd = dispatch_find(&usrdtu_profile_m0, (const uint8_t *)name, strlen(name));

	assert_non_null(cmd);
	return cmd;
}

/* The commands that only report or act use the engine's shared handlers;
 * SOCKLK reports socket A, the only socket of m0. */
static void test_action_rows(void **state)
{
	(void)state;
	assert_true(usrdtu_profile_m0.handlers[row("VER")->handler] == cmd_info_version);
	assert_true(usrdtu_profile_m0.handlers[row("MAC")->handler] == cmd_info_mac);
	assert_true(usrdtu_profile_m0.handlers[row("PDTIME")->handler] == cmd_info_production_time);
	assert_true(usrdtu_profile_m0.handlers[row("SOCKLK")->handler] == cmd_link_0);
	assert_true(usrdtu_profile_m0.handlers[row("Z")->handler] == cmd_restart);
	assert_true(usrdtu_profile_m0.handlers[row("ENTM")->handler] == cmd_entm);
	assert_true(usrdtu_profile_m0.handlers[row("H")->handler] == cmd_help);
	assert_true(row("E")->flags & AT_CF_NOW);
}

static void test_netp_row_is_alias_of_sock(void **state)
{
	const struct at_cmd *sock = row("SOCK");
	const struct at_cmd *netp = row("NETP");

	(void)state;
	assert_ptr_equal(netp->params, sock->params);
	assert_int_equal(netp->nparams, sock->nparams);
	assert_true(netp->flags & AT_CF_ALIAS);
	assert_false(sock->flags & AT_CF_ALIAS);
}

/* ---- boot and command mode ---- */

static void test_boot_runs_data_mode(void **state)
{
	unsigned i;

	(void)state;
	mock_init(&m);
	power_on(&mock_hal_ops);
	assert_int_equal(active()->work_mode, USRDTU_MODE_NET);
	assert_int_equal(active()->sock[0].enabled, 1);
	for (i = 1; i < USRDTU_SOCKETS; i++)
		assert_int_equal(active()->sock[i].enabled, 0);
	/* the boot applied the factory serial settings */
	assert_int_equal(m.uart.baud, 115200);
	assert_int_equal(m.uart.data_bits, 8);
	assert_int_equal(m.uart.stop_bits, 1);
	assert_int_equal(m.uart.parity, USRDTU_PARITY_NONE);
	assert_int_equal(m.uart.flow, USRDTU_FLOW_NONE);

	mock_advance(&dev, &m, 1000);
	assert_string_equal(mock_send(&dev, &m, "+++"), "a");
	assert_string_equal(mock_send(&dev, &m, "a"), "+ok\r\n");
	assert_true(usrdtu_in_command_mode(&dev));
}

static void test_at_alone(void **state)
{
	(void)state;
	EXPECT("AT", OK);
	EXPECT("at", OK);
}

static void test_plus_in_command_mode_is_unknown(void **state)
{
	(void)state;
	EXPECT("+++", ERR(-2));
}

/* ---- 5.1 AT+E ---- */

static void test_echo(void **state)
{
	(void)state;
	EXPECT("AT+E", "\r\n+OK=off\r\n");
	EXPECT("AT+E?", "\r\n+OK=off\r\n");
	/* echo acts at once, no restart: the next line comes back */
	EXPECT("AT+E=on", "\r\n+OK\r\n");
	assert_int_equal(active()->echo, 1);
	EXPECT("AT+E", "AT+E\r\r\n+OK=on\r\n");
	EXPECT("at+e=OFF", "at+e=OFF\r\r\n+OK\r\n");
	assert_int_equal(active()->echo, 0);
	EXPECT("AT+E", "\r\n+OK=off\r\n");
	EXPECT("AT+E=ON", "\r\n+OK\r\n");
	EXPECT("AT+E", "AT+E\r\r\n+OK=on\r\n");
}

static void test_echo_default_on(void **state)
{
	(void)state;
	mock_init(&m);
	power_on(&mock_hal_ops);
	enter_command();
	EXPECT("AT+E", "AT+E\r\r\n+OK=on\r\n");
	assert_int_equal(active()->echo, 1);
}

static void test_echo_rejects(void **state)
{
	(void)state;
	EXPECT("AT+E=1", ERR(-4));
	EXPECT("AT+E=", ERR(-4));
	EXPECT("AT+E=onn", ERR(-4));
	EXPECT("AT+E=on,off", ERR(-4));
	EXPECT("AT+E", "\r\n+OK=off\r\n");
	assert_int_equal(active()->echo, 0);
	assert_int_equal(pending()->echo, 0);
	EXPECT("AT+E=?", VALUE("<on,off>"));
}

static void test_echo_saved_at_once(void **state)
{
	(void)state;
	/* setup turned echo off: a power cycle keeps it off */
	power_on(&mock_hal_ops);
	assert_int_equal(active()->echo, 0);
	enter_command();
	EXPECT("AT+E=on", "\r\n+OK\r\n");
	power_on(&mock_hal_ops);
	assert_int_equal(active()->echo, 1);
}

static void test_echo_save_failure_changes_nothing(void **state)
{
	(void)state;
	m.power_budget = 0; /* the next flash write fails */
	EXPECT("AT+E=on", ERR(-5));
	assert_int_equal(active()->echo, 0);
	assert_int_equal(pending()->echo, 0);
	EXPECT("AT+E", "\r\n+OK=off\r\n");
}

static void test_echo_without_flash(void **state)
{
	(void)state;
	mock_init(&m);
	power_on(&mock_hal_bare_ops);
	enter_command();
	EXPECT("AT+E=off", "AT+E=off\r\r\n+OK\r\n");
	EXPECT("AT+E", "\r\n+OK=off\r\n");
	EXPECT("AT+MAXSK=2", OK);
	EXPECT("AT+MAXSK", VALUE("2"));
	/* without flash the sets live in RAM: still in force after AT+Z */
	assert_int_equal(active()->max_clients, 8);
	restart();
	assert_int_equal(active()->max_clients, 2);
	assert_int_equal(active()->echo, 0);
	EXPECT("AT+MAXSK", VALUE("2"));
}

/* ---- actions and information ---- */

static void test_version_mac_time_link(void **state)
{
	(void)state;
	EXPECT("AT+VER", VALUE("V1.0.0"));
	EXPECT("AT+VER?", VALUE("V1.0.0"));
	EXPECT("AT+MAC", VALUE("D8B04CFC0001"));
	EXPECT("AT+SOCKLK", VALUE("disconnect"));
	/* the mock does not know the production time until told */
	EXPECT("AT+PDTIME", ERR(-5));
	m.info[USRDTU_INFO_PRODUCTION_TIME] = "2019-06-21 10:07:44";
	EXPECT("AT+PDTIME", VALUE("2019-06-21 10:07:44"));
	m.info[USRDTU_INFO_VERSION] = NULL;
	EXPECT("AT+VER", ERR(-5));
}

static void test_forms_not_in_manual(void **state)
{
	static const char *const lines[] = {
		"AT+VER=1",   "AT+VER=?",   "AT+MAC=1",   "AT+MAC=?",  "AT+PDTIME=1", "AT+SOCKLK=1",
		"AT+SOCKLK=?", "AT+Z?",     "AT+Z=1",     "AT+Z=?",    "AT+ENTM?",    "AT+ENTM=1",
		"AT+RELD?",   "AT+RELD=1",  "AT+H=1",     "AT+H?",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
		assert_string_equal(at(lines[i]), ERR(-3));
	assert_true(usrdtu_in_command_mode(&dev));
}

static void test_unknown_commands(void **state)
{
	/* names other USR profiles have and m0 does not (SPEC section 10) */
	static const char *const lines[] = {
		"AT+S",     "AT+CLEAR",  "AT+CFGTF", "AT+STMSG",  "AT+WKMOD",  "AT+UATEN",
		"AT+NATEN", "AT+CMDPW",  "AT+R",     "AT+SOCKA",  "AT+HTPSV",  "AT+HTPHD",
		"AT+REGDT", "AT+REGSND", "AT+CSQ",   "AT+NETPX",  "AT+SOC",    "AT+FOO=1",
		"AT+",      "ATE",       "hello",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		if (strcmp(at(lines[i]), ERR(-2)) != 0)
			fail_msg("%s: got \"%s\"", lines[i], (const char *)m.out);
	}
}

static void test_format_errors(void **state)
{
	char line[USRDTU_CFG_LINE_MAX + 16];

	(void)state;
	EXPECT("AT+MID=\"abc", ERR(-1));
	EXPECT("AT+MID=\"abc\"d", ERR(-1));
	EXPECT("AT+MID?x", ERR(-1));
	memset(line, 'A', sizeof line - 1);
	memcpy(line, "AT+MID=", 7);
	line[sizeof line - 1] = 0;
	EXPECT(line, ERR(-1));
	EXPECT("AT+MID", VALUE("USR-M0"));
}

static void test_help(void **state)
{
	const char *out;
	size_t i;

	(void)state;
	out = at("AT+H");
	assert_memory_equal(out, "\r\n+ok=", 6);
	assert_memory_equal(out + strlen(out) - 2, "\r\n", 2);
	for (i = 0; i < MANUAL_NAMES_M0_COUNT; i++) {
		if (strstr(out, manual_names_m0[i]) == NULL)
			fail_msg("AT+H does not list %s", manual_names_m0[i]);
	}
}

/* ---- 5.4 AT+ENTM ---- */

static void test_entm_returns_to_data(void **state)
{
	int restarts = m.restarted_calls;

	(void)state;
	EXPECT("AT+MAXSK=3", OK);
	EXPECT("AT+ENTM", OK);
	assert_false(usrdtu_in_command_mode(&dev));
	/* leaving command mode is not a restart: the set waits for one */
	assert_int_equal(m.restarted_calls, restarts);
	assert_int_equal(active()->max_clients, 8);
	mock_advance(&dev, &m, 1000);
	assert_string_equal(mock_send(&dev, &m, "hello"), "");
	assert_int_equal(m.frame_count, 0);
	mock_advance(&dev, &m, USRDTU_CFG_M0_FRAME_GAP_MS + 5);
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.frames_len, 5);
	assert_memory_equal(m.frames, "hello", 5);
	assert_int_equal(m.last_frame_mode, USRDTU_MODE_NET);
}

/* ---- defaults (003's Default columns, and the choices where it has none) ---- */

struct query {
	const char *line;
	const char *reply;
};

static void check_queries(const struct query *q, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(at(q[i].line), q[i].reply) != 0)
			fail_msg("%s: expected \"%s\", got \"%s\"", q[i].line, q[i].reply,
				 (const char *)m.out);
	}
}

static const struct query factory[] = {
	{"AT+WEBU", VALUE("admin,admin")},
	{"AT+WANN", VALUE("STATIC,0.0.0.0,0.0.0.0,0.0.0.0")},
	{"AT+DNS", VALUE("8.8.8.8")},
	{"AT+WEBPORT", VALUE("80")},
	{"AT+UART", VALUE("115200,8,1,NONE,NFC")},
	{"AT+SOCK", VALUE("TCPC,192.168.0.201,8234")},
	{"AT+NETP", VALUE("TCPC,192.168.0.201,8234")},
	{"AT+TCPSE", VALUE("KICK")},
	{"AT+SOCKPORT", VALUE("0")},
	{"AT+RFCEN", VALUE("off")},
	{"AT+REGEN", VALUE("off")},
	{"AT+REGTCP", VALUE("first")},
	{"AT+REGCLOUD", VALUE(",")},
	{"AT+REGUSR", VALUE("7777772E7573722E636E")},
	{"AT+HTPTP", VALUE("GET")},
	{"AT+HTPURL", VALUE("/2.php?")},
	{"AT+HTPHEAD", VALUE(DEFAULT_HEADER)},
	{"AT+HTPCHD", VALUE("off")},
	{"AT+HEARTEN", VALUE("off")},
	{"AT+HEARTTP", VALUE("NET")},
	{"AT+HEARTTM", VALUE("30")},
	{"AT+HEARTDT", VALUE("7777772E7573722E636E")},
	{"AT+SCSLINK", VALUE("on")},
	{"AT+CLIENTRST", VALUE("on")},
	{"AT+INDEXEN", VALUE("off")},
	{"AT+SOCKSL", VALUE("off")},
	{"AT+SHORTO", VALUE("10")},
	{"AT+UARTCLBUF", VALUE("off")},
	{"AT+RSTIM", VALUE("3600")},
	{"AT+MAXSK", VALUE("8")},
	{"AT+MID", VALUE("USR-M0")},
};

static void test_defaults(void **state)
{
	const struct usrdtu_settings *s = pending();
	struct query q[sizeof factory / sizeof factory[0]];
	char lines[sizeof factory / sizeof factory[0]][32];
	size_t i;

	(void)state;
	check_queries(factory, sizeof factory / sizeof factory[0]);
	/* AT+X? is the same query as AT+X */
	for (i = 0; i < sizeof factory / sizeof factory[0]; i++) {
		snprintf(lines[i], sizeof lines[i], "%s?", factory[i].line);
		q[i].line = lines[i];
		q[i].reply = factory[i].reply;
	}
	check_queries(q, sizeof q / sizeof q[0]);

	/* the words stand for the library's semantic values */
	assert_int_equal(s->wan_dhcp, 0);
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_TCPC);
	assert_int_equal(s->sock[0].port, 8234);
	assert_int_equal(s->kick_oldest, 1);
	assert_int_equal(s->reg_enabled, USRDTU_REGEN_OFF);
	assert_int_equal(s->reg_send, USRDTU_REGSND_LINK);
	assert_int_equal(s->http_method, USRDTU_HTTP_GET);
	assert_int_equal(s->heart_dir, USRDTU_HEART_NET);
	assert_int_equal(s->link_indicator, 1);
	assert_int_equal(s->client_restart, 1);
	assert_int_equal(s->no_data_restart_s, 3600);
	assert_int_equal(s->max_clients, 8);
	assert_string_equal(s->http_header, "User_Agent: Mozilla/4.0\r\nConnection: close\r\n");
	assert_int_equal(usrdtu_hex_len(s->reg_data), 10);
	assert_memory_equal(s->reg_data + 2, "www.usr.cn", 10);
	assert_memory_equal(s->heart_data + 2, "www.usr.cn", 10);
	assert_memory_equal(s->dns, "\x08\x08\x08\x08", 4);
	/* what the boot runs is what the queries show */
	assert_memory_equal(active(), pending(), sizeof *s);
}

/* ---- sets: every setting, every format line ---- */

struct roundtrip {
	const char *set;
	const char *query;
	const char *reply;
};

static void check_roundtrips(const struct roundtrip *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(at(r[i].set), OK) != 0)
			fail_msg("%s: got \"%s\"", r[i].set, (const char *)m.out);
		if (strcmp(at(r[i].query), r[i].reply) != 0)
			fail_msg("%s after %s: expected \"%s\", got \"%s\"", r[i].query, r[i].set,
				 r[i].reply, (const char *)m.out);
	}
}

static void test_set_every_setting(void **state)
{
	static const struct roundtrip sets[] = {
		{"AT+WEBU=user1,pass1", "AT+WEBU", VALUE("user1,pass1")},
		{"AT+WEBU=123456789012345,abcdefghijklmno", "AT+WEBU",
		 VALUE("123456789012345,abcdefghijklmno")},
		{"AT+WEBU=,", "AT+WEBU", VALUE(",")},
		{"AT+WANN=DHCP,192.168.1.7,255.255.255.0,192.168.1.1", "AT+WANN",
		 VALUE("DHCP,192.168.1.7,255.255.255.0,192.168.1.1")},
		{"AT+WANN=static,255.255.255.255,0.0.0.0,10.0.0.254", "AT+WANN",
		 VALUE("STATIC,255.255.255.255,0.0.0.0,10.0.0.254")},
		{"AT+DNS=114.114.114.114", "AT+DNS", VALUE("114.114.114.114")},
		{"AT+DNS=0.0.0.0", "AT+DNS", VALUE("0.0.0.0")},
		{"AT+WEBPORT=8080", "AT+WEBPORT", VALUE("8080")},
		{"AT+WEBPORT=1", "AT+WEBPORT", VALUE("1")},
		{"AT+WEBPORT=65535", "AT+WEBPORT", VALUE("65535")},
		{"AT+UART=9600,7,2,EVEN,NFC", "AT+UART", VALUE("9600,7,2,EVEN,NFC")},
		{"AT+UART=600,5,1,ODD,NFC", "AT+UART", VALUE("600,5,1,ODD,NFC")},
		{"AT+UART=460800,6,2,MASK,NFC", "AT+UART", VALUE("460800,6,2,MASK,NFC")},
		{"AT+UART=12345,8,1,space,nfc", "AT+UART", VALUE("12345,8,1,SPACE,NFC")},
		{"AT+SOCK=TCPS,0.0.0.0,23", "AT+SOCK", VALUE("TCPS,0.0.0.0,23")},
		{"AT+SOCK=UDPC,test.usr.cn,1", "AT+SOCK", VALUE("UDPC,test.usr.cn,1")},
		{"AT+SOCK=udps,10.10.100.254,65535", "AT+SOCK", VALUE("UDPS,10.10.100.254,65535")},
		{"AT+SOCK=HTPC,www.example.com,80", "AT+SOCK", VALUE("HTPC,www.example.com,80")},
		{"AT+TCPSE=KEEP", "AT+TCPSE", VALUE("KEEP")},
		{"AT+TCPSE=kick", "AT+TCPSE", VALUE("KICK")},
		{"AT+SOCKPORT=20108", "AT+SOCKPORT", VALUE("20108")},
		{"AT+SOCKPORT=65535", "AT+SOCKPORT", VALUE("65535")},
		{"AT+SOCKPORT=0", "AT+SOCKPORT", VALUE("0")},
		{"AT+RFCEN=on", "AT+RFCEN", VALUE("on")},
		{"AT+REGEN=mac", "AT+REGEN", VALUE("mac")},
		{"AT+REGEN=USR", "AT+REGEN", VALUE("usr")},
		{"AT+REGTCP=every", "AT+REGTCP", VALUE("every")},
		{"AT+REGCLOUD=00001234567890123456,12345678", "AT+REGCLOUD",
		 VALUE("00001234567890123456,12345678")},
		{"AT+REGCLOUD=1,a", "AT+REGCLOUD", VALUE("1,a")},
		{"AT+REGUSR=0102AB", "AT+REGUSR", VALUE("0102AB")},
		{"AT+REGUSR=abcdef", "AT+REGUSR", VALUE("ABCDEF")},
		{"AT+HTPTP=POST", "AT+HTPTP", VALUE("POST")},
		{"AT+HTPURL=/index.php?id=", "AT+HTPURL", VALUE("/index.php?id=")},
		{"AT+HTPURL=/", "AT+HTPURL", VALUE("/")},
		{"AT+HTPHEAD=Accept: */*<<CRLF>>", "AT+HTPHEAD", VALUE("Accept: */*<<CRLF>>")},
		{"AT+HTPHEAD=", "AT+HTPHEAD", VALUE("")},
		{"AT+HTPCHD=on", "AT+HTPCHD", VALUE("on")},
		{"AT+HEARTEN=on", "AT+HEARTEN", VALUE("on")},
		{"AT+HEARTTP=COM", "AT+HEARTTP", VALUE("COM")},
		{"AT+HEARTTM=65535", "AT+HEARTTM", VALUE("65535")},
		{"AT+HEARTTM=1", "AT+HEARTTM", VALUE("1")},
		{"AT+HEARTDT=00FF", "AT+HEARTDT", VALUE("00FF")},
		{"AT+SCSLINK=off", "AT+SCSLINK", VALUE("off")},
		{"AT+CLIENTRST=off", "AT+CLIENTRST", VALUE("off")},
		{"AT+INDEXEN=on", "AT+INDEXEN", VALUE("on")},
		{"AT+SOCKSL=on", "AT+SOCKSL", VALUE("on")},
		{"AT+SHORTO=2", "AT+SHORTO", VALUE("2")},
		{"AT+SHORTO=255", "AT+SHORTO", VALUE("255")},
		{"AT+UARTCLBUF=on", "AT+UARTCLBUF", VALUE("on")},
		{"AT+RSTIM=0", "AT+RSTIM", VALUE("0")},
		{"AT+RSTIM=60", "AT+RSTIM", VALUE("60")},
		{"AT+RSTIM=65535", "AT+RSTIM", VALUE("65535")},
		{"AT+MAXSK=1", "AT+MAXSK", VALUE("1")},
		{"AT+MAXSK=8", "AT+MAXSK", VALUE("8")},
		{"AT+MID=Gateway-7", "AT+MID", VALUE("Gateway-7")},
		{"AT+MID=12345678901234", "AT+MID", VALUE("12345678901234")},
	};

	(void)state;
	check_roundtrips(sets, sizeof sets / sizeof sets[0]);
}

static void test_set_stores_semantic_values(void **state)
{
	const struct usrdtu_settings *s = pending();

	(void)state;
	EXPECT("AT+WANN=DHCP,192.168.1.7,255.255.255.0,192.168.1.1", OK);
	assert_int_equal(s->wan_dhcp, 1);
	assert_memory_equal(s->wan_ip, "\xC0\xA8\x01\x07", 4);
	assert_memory_equal(s->wan_mask, "\xFF\xFF\xFF\x00", 4);
	assert_memory_equal(s->wan_gateway, "\xC0\xA8\x01\x01", 4);
	EXPECT("AT+UART=57600,7,2,MASK,NFC", OK);
	assert_int_equal(s->uart.baud, 57600);
	assert_int_equal(s->uart.data_bits, 7);
	assert_int_equal(s->uart.stop_bits, 2);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_MARK);
	assert_int_equal(s->uart.flow, USRDTU_FLOW_NONE);
	EXPECT("AT+UART=57600,7,2,EVEN,NFC", OK);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_EVEN);
	EXPECT("AT+UART=57600,7,2,ODD,NFC", OK);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_ODD);
	EXPECT("AT+UART=57600,7,2,SPACE,NFC", OK);
	assert_int_equal(s->uart.parity, USRDTU_PARITY_SPACE);
	EXPECT("AT+SOCK=HTPC,10.0.0.1,80", OK);
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_HTPC);
	assert_string_equal(s->sock[0].host, "10.0.0.1");
	assert_int_equal(s->sock[0].port, 80);
	EXPECT("AT+SOCK=TCPS,10.0.0.1,80", OK);
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_TCPS);
	EXPECT("AT+SOCK=UDPC,10.0.0.1,80", OK);
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_UDPC);
	EXPECT("AT+SOCK=UDPS,10.0.0.1,80", OK);
	assert_int_equal(s->sock[0].proto, USRDTU_PROTO_UDPS);
	EXPECT("AT+TCPSE=KEEP", OK);
	assert_int_equal(s->kick_oldest, 0);
	EXPECT("AT+SOCKPORT=4001", OK);
	assert_int_equal(s->local_port, 4001);
	EXPECT("AT+RFCEN=on", OK);
	assert_int_equal(s->rfc2217, 1);
	EXPECT("AT+REGEN=mac", OK);
	assert_int_equal(s->reg_enabled, USRDTU_REGEN_MAC);
	EXPECT("AT+REGEN=usr", OK);
	assert_int_equal(s->reg_enabled, USRDTU_REGEN_USER);
	EXPECT("AT+REGTCP=every", OK);
	assert_int_equal(s->reg_send, USRDTU_REGSND_DATA);
	EXPECT("AT+REGCLOUD=12345678901234567890,abcdefgh", OK);
	assert_string_equal(s->cloud_id, "12345678901234567890");
	assert_string_equal(s->cloud_pass, "abcdefgh");
	EXPECT("AT+REGUSR=00FF10", OK);
	assert_int_equal(usrdtu_hex_len(s->reg_data), 3);
	assert_memory_equal(s->reg_data + 2, "\x00\xFF\x10", 3);
	EXPECT("AT+HTPTP=POST", OK);
	assert_int_equal(s->http_method, USRDTU_HTTP_POST);
	EXPECT("AT+HTPURL=/a.php", OK);
	assert_string_equal(s->http_url, "/a.php");
	EXPECT("AT+HTPCHD=on", OK);
	assert_int_equal(s->http_filter, 1);
	EXPECT("AT+HEARTEN=on", OK);
	assert_int_equal(s->heart_enabled, 1);
	EXPECT("AT+HEARTTP=COM", OK);
	assert_int_equal(s->heart_dir, USRDTU_HEART_COM);
	EXPECT("AT+HEARTTM=99", OK);
	assert_int_equal(s->heart_interval_s, 99);
	EXPECT("AT+HEARTDT=41", OK);
	assert_int_equal(usrdtu_hex_len(s->heart_data), 1);
	assert_int_equal(s->heart_data[2], 0x41);
	EXPECT("AT+SCSLINK=off", OK);
	assert_int_equal(s->link_indicator, 0);
	EXPECT("AT+CLIENTRST=off", OK);
	assert_int_equal(s->client_restart, 0);
	EXPECT("AT+INDEXEN=on", OK);
	assert_int_equal(s->socket_id, 1);
	EXPECT("AT+SOCKSL=on", OK);
	assert_int_equal(s->sock[0].short_connection, 1);
	EXPECT("AT+SHORTO=77", OK);
	assert_int_equal(s->short_timeout_s, 77);
	EXPECT("AT+UARTCLBUF=on", OK);
	assert_int_equal(s->clear_uart_on_connect, 1);
	EXPECT("AT+RSTIM=0", OK);
	assert_int_equal(s->no_data_restart_s, 0);
	EXPECT("AT+MAXSK=5", OK);
	assert_int_equal(s->max_clients, 5);
	EXPECT("AT+MID=dev", OK);
	assert_string_equal(s->module_name, "dev");
	EXPECT("AT+WEBU=u,p", OK);
	assert_string_equal(s->web_user, "u");
	assert_string_equal(s->web_pass, "p");
	EXPECT("AT+WEBPORT=81", OK);
	assert_int_equal(s->web_port, 81);
	EXPECT("AT+DNS=1.2.3.4", OK);
	assert_memory_equal(s->dns, "\x01\x02\x03\x04", 4);
}

static void test_spaces_and_case(void **state)
{
	(void)state;
	EXPECT("at+ver", VALUE("V1.0.0"));
	EXPECT("AT+ SOCK = udpc, 10.0.0.9, 9000", OK);
	EXPECT("at+sock", VALUE("UDPC,10.0.0.9,9000"));
	EXPECT("AT+HTPURL=\"/q.php\"", OK);
	EXPECT("AT+HTPURL", VALUE("/q.php"));
}

/* ---- rejects: the error code, and nothing changed ---- */

struct reject {
	const char *line;
	const char *error;
	const char *query; /* still shows the factory value */
	const char *value;
};

static void check_rejects(const struct reject *r, size_t n)
{
	const struct usrdtu_stats *st = usrdtu_get_stats(&dev);
	uint32_t writes = st->store_writes;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(at(r[i].line), r[i].error) != 0)
			fail_msg("%s: expected \"%s\", got \"%s\"", r[i].line, r[i].error,
				 (const char *)m.out);
		if (strcmp(at(r[i].query), r[i].value) != 0)
			fail_msg("%s after %s: expected \"%s\", got \"%s\"", r[i].query, r[i].line,
				 r[i].value, (const char *)m.out);
	}
	/* a rejected set writes nothing */
	assert_int_equal(st->store_writes, writes);
}

#define SOCK_DEFAULT VALUE("TCPC,192.168.0.201,8234")
#define UART_DEFAULT VALUE("115200,8,1,NONE,NFC")
#define WANN_DEFAULT VALUE("STATIC,0.0.0.0,0.0.0.0,0.0.0.0")

static void test_reject_count(void **state)
{
	static const struct reject r[] = {
		{"AT+SOCK=UDPC,1.2.3.4", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=UDPC,1.2.3.4,80,1", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=UDPC", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+NETP=UDPC,1.2.3.4", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+UART=9600,8,1,NONE", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,1,NONE,NFC,1", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,1,NONE,NFC,1,2,3,4", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+WANN=DHCP,1.2.3.4,255.0.0.0", ERR(-4), "AT+WANN", WANN_DEFAULT},
		{"AT+WANN=DHCP", ERR(-4), "AT+WANN", WANN_DEFAULT},
		{"AT+WEBU=user", ERR(-4), "AT+WEBU", VALUE("admin,admin")},
		{"AT+WEBU=a,b,c", ERR(-4), "AT+WEBU", VALUE("admin,admin")},
		{"AT+REGCLOUD=123", ERR(-4), "AT+REGCLOUD", VALUE(",")},
		{"AT+DNS=1.2.3.4,5.6.7.8", ERR(-4), "AT+DNS", VALUE("8.8.8.8")},
		{"AT+MAXSK=1,2", ERR(-4), "AT+MAXSK", VALUE("8")},
		{"AT+RFCEN=on,off", ERR(-4), "AT+RFCEN", VALUE("off")},
		{"AT+HTPURL=/a,/b", ERR(-4), "AT+HTPURL", VALUE("/2.php?")},
	};

	(void)state;
	check_rejects(r, sizeof r / sizeof r[0]);
}

static void test_reject_words(void **state)
{
	static const struct reject r[] = {
		{"AT+SOCK=TCP,1.2.3.4,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=UDP,1.2.3.4,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=HTTPD,1.2.3.4,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=,1.2.3.4,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+UART=9600,8,1,MARK,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,1,N,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,1,NONE,NONE", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,1,NONE,RS485", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,1,NONE,", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+WANN=AUTO,1.2.3.4,255.0.0.0,1.2.3.1", ERR(-4), "AT+WANN", WANN_DEFAULT},
		{"AT+TCPSE=kicks", ERR(-4), "AT+TCPSE", VALUE("KICK")},
		{"AT+TCPSE=1", ERR(-4), "AT+TCPSE", VALUE("KICK")},
		{"AT+REGEN=on", ERR(-4), "AT+REGEN", VALUE("off")},
		{"AT+REGEN=user", ERR(-4), "AT+REGEN", VALUE("off")},
		{"AT+REGTCP=link", ERR(-4), "AT+REGTCP", VALUE("first")},
		{"AT+REGTCP=", ERR(-4), "AT+REGTCP", VALUE("first")},
		{"AT+HTPTP=PUT", ERR(-4), "AT+HTPTP", VALUE("GET")},
		{"AT+HEARTTP=SERIAL", ERR(-4), "AT+HEARTTP", VALUE("NET")},
		{"AT+RFCEN=1", ERR(-4), "AT+RFCEN", VALUE("off")},
		{"AT+HTPCHD=yes", ERR(-4), "AT+HTPCHD", VALUE("off")},
		{"AT+HEARTEN=of", ERR(-4), "AT+HEARTEN", VALUE("off")},
		{"AT+SCSLINK=0", ERR(-4), "AT+SCSLINK", VALUE("on")},
		{"AT+CLIENTRST=", ERR(-4), "AT+CLIENTRST", VALUE("on")},
		{"AT+INDEXEN=onoff", ERR(-4), "AT+INDEXEN", VALUE("off")},
		{"AT+SOCKSL=short", ERR(-4), "AT+SOCKSL", VALUE("off")},
		{"AT+UARTCLBUF=true", ERR(-4), "AT+UARTCLBUF", VALUE("off")},
	};

	(void)state;
	check_rejects(r, sizeof r / sizeof r[0]);
}

static void test_reject_number_ranges(void **state)
{
	static const struct reject r[] = {
		{"AT+WEBPORT=0", ERR(-4), "AT+WEBPORT", VALUE("80")},
		{"AT+UART=599,8,1,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=460801,8,1,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=921600,8,1,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,4,1,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,9,1,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,0,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,3,NONE,NFC", ERR(-4), "AT+UART", UART_DEFAULT},
		{"AT+SOCK=UDPC,1.2.3.4,0", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+HEARTTM=0", ERR(-4), "AT+HEARTTM", VALUE("30")},
		{"AT+SHORTO=1", ERR(-4), "AT+SHORTO", VALUE("10")},
		{"AT+SHORTO=0", ERR(-4), "AT+SHORTO", VALUE("10")},
		{"AT+SHORTO=256", ERR(-4), "AT+SHORTO", VALUE("10")},
		{"AT+RSTIM=1", ERR(-4), "AT+RSTIM", VALUE("3600")},
		{"AT+RSTIM=59", ERR(-4), "AT+RSTIM", VALUE("3600")},
		{"AT+MAXSK=0", ERR(-4), "AT+MAXSK", VALUE("8")},
		{"AT+MAXSK=9", ERR(-4), "AT+MAXSK", VALUE("8")},
	};

	(void)state;
	check_rejects(r, sizeof r / sizeof r[0]);
}

/* Every numeric parameter against values no 16-bit setting can hold, or
 * that are not numbers at all. */
static void test_reject_bad_numbers(void **state)
{
	/* the baud rate is the one 32-bit setting: 65536 is a baud rate */
	static const char *const templates[][3] = {
		{"AT+UART=%s,8,1,NONE,NFC", "AT+UART", UART_DEFAULT},
		{"AT+WEBPORT=%s", "AT+WEBPORT", VALUE("80")},
		{"AT+UART=9600,%s,1,NONE,NFC", "AT+UART", UART_DEFAULT},
		{"AT+UART=9600,8,%s,NONE,NFC", "AT+UART", UART_DEFAULT},
		{"AT+SOCK=TCPS,1.2.3.4,%s", "AT+SOCK", SOCK_DEFAULT},
		{"AT+NETP=TCPS,1.2.3.4,%s", "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCKPORT=%s", "AT+SOCKPORT", VALUE("0")},
		{"AT+HEARTTM=%s", "AT+HEARTTM", VALUE("30")},
		{"AT+SHORTO=%s", "AT+SHORTO", VALUE("10")},
		{"AT+RSTIM=%s", "AT+RSTIM", VALUE("3600")},
		{"AT+MAXSK=%s", "AT+MAXSK", VALUE("8")},
	};
	static const char *const numbers[] = {
		"65536",
		"4294967296",
		"4294967297",
		"18446744073709551616",
		"18446744073709551617",
		"340282366920938463463374607431768211456",
		"999999999999999999999999999999999999999999999999999999999999999999999999",
		"-1",
		"12a",
		"0x10",
		"1.5",
		"1e3",
		"abc",
		"",
	};
	const struct usrdtu_stats *st = usrdtu_get_stats(&dev);
	uint32_t writes = st->store_writes;
	char line[256];
	size_t t, n;

	(void)state;
	for (t = 0; t < sizeof templates / sizeof templates[0]; t++) {
		for (n = 0; n < sizeof numbers / sizeof numbers[0]; n++) {
			if (t == 0 && strcmp(numbers[n], "65536") == 0)
				continue;
			snprintf(line, sizeof line, templates[t][0], numbers[n]);
			if (strcmp(at(line), ERR(-4)) != 0)
				fail_msg("%s: got \"%s\"", line, (const char *)m.out);
			if (strcmp(at(templates[t][1]), templates[t][2]) != 0)
				fail_msg("%s after %s: got \"%s\"", templates[t][1], line,
					 (const char *)m.out);
		}
	}
	assert_int_equal(st->store_writes, writes);
}

static void test_reject_texts(void **state)
{
	static const struct reject r[] = {
		/* MID: 1 to 14 bytes ("less than 15 and can not be none") */
		{"AT+MID=123456789012345", ERR(-4), "AT+MID", VALUE("USR-M0")},
		{"AT+MID=", ERR(-4), "AT+MID", VALUE("USR-M0")},
		/* WEBU: up to 15 bytes each */
		{"AT+WEBU=1234567890123456,admin", ERR(-4), "AT+WEBU", VALUE("admin,admin")},
		{"AT+WEBU=admin,1234567890123456", ERR(-4), "AT+WEBU", VALUE("admin,admin")},
		/* HTPURL: 1 to 29 bytes, starting with '/' */
		{"AT+HTPURL=2.php?", ERR(-4), "AT+HTPURL", VALUE("/2.php?")},
		{"AT+HTPURL=", ERR(-4), "AT+HTPURL", VALUE("/2.php?")},
		{"AT+HTPURL=/23456789012345678901234567890", ERR(-4), "AT+HTPURL", VALUE("/2.php?")},
		{"AT+HTPURL=a/b", ERR(-4), "AT+HTPURL", VALUE("/2.php?")},
		/* REGCLOUD: a 20-digit ID, a password of up to 8 bytes */
		{"AT+REGCLOUD=123456789012345678901,pass", ERR(-4), "AT+REGCLOUD", VALUE(",")},
		{"AT+REGCLOUD=1234567890123456789A,pass", ERR(-4), "AT+REGCLOUD", VALUE(",")},
		{"AT+REGCLOUD=12345678901234567890,123456789", ERR(-4), "AT+REGCLOUD", VALUE(",")},
		/* SOCK address: a host name or address of 1 to 100 bytes */
		{"AT+SOCK=TCPC,,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=TCPC,a b.com,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=TCPC,bad/host,80", ERR(-4), "AT+SOCK", SOCK_DEFAULT},
		{"AT+SOCK=TCPC,"
		 "a123456789b123456789c123456789d123456789e123456789"
		 "f123456789g123456789h123456789i123456789j123456789k,80",
		 ERR(-4), "AT+SOCK", SOCK_DEFAULT},
	};

	(void)state;
	check_rejects(r, sizeof r / sizeof r[0]);
	/* the limits themselves are allowed */
	EXPECT("AT+SOCK=TCPC,"
	       "a123456789b123456789c123456789d123456789e123456789"
	       "f123456789g123456789h123456789i123456789j123456789,80",
	       OK);
	EXPECT("AT+HTPURL=/2345678901234567890123456789", OK);
	EXPECT("AT+HTPURL", VALUE("/2345678901234567890123456789"));
	EXPECT("AT+MID=12345678901234", OK);
	EXPECT("AT+WEBU=123456789012345,123456789012345", OK);
	EXPECT("AT+REGCLOUD=12345678901234567890,12345678", OK);
}

static void test_reject_ipv4(void **state)
{
	static const char *const bad[] = {
		"256.1.1.1", "1.256.1.1", "1.1.1.256", "1.2.3",   "1.2.3.4.5", "a.b.c.d",
		"1..2.3",    "1.2.3.",    ".1.2.3",    "1234.1.1.1", "1.2.3.4a", "",
		"-1.2.3.4",  "1.2.3.999", "localhost",
	};
	const struct usrdtu_stats *st = usrdtu_get_stats(&dev);
	uint32_t writes = st->store_writes;
	char line[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(line, sizeof line, "AT+DNS=%s", bad[i]);
		if (strcmp(at(line), ERR(-4)) != 0)
			fail_msg("%s: got \"%s\"", line, (const char *)m.out);
		snprintf(line, sizeof line, "AT+WANN=DHCP,%s,255.255.255.0,1.1.1.1", bad[i]);
		if (strcmp(at(line), ERR(-4)) != 0)
			fail_msg("%s: got \"%s\"", line, (const char *)m.out);
		snprintf(line, sizeof line, "AT+WANN=DHCP,1.1.1.2,%s,1.1.1.1", bad[i]);
		if (strcmp(at(line), ERR(-4)) != 0)
			fail_msg("%s: got \"%s\"", line, (const char *)m.out);
		snprintf(line, sizeof line, "AT+WANN=DHCP,1.1.1.2,255.255.255.0,%s", bad[i]);
		if (strcmp(at(line), ERR(-4)) != 0)
			fail_msg("%s: got \"%s\"", line, (const char *)m.out);
	}
	EXPECT("AT+DNS", VALUE("8.8.8.8"));
	EXPECT("AT+WANN", WANN_DEFAULT);
	assert_int_equal(st->store_writes, writes);
}

static void test_reject_hex(void **state)
{
	/* 39 bytes is the most ("less than 40"), 40 is refused */
	static const char b39[] = "000102030405060708090A0B0C0D0E0F"
				  "101112131415161718191A1B1C1D1E1F"
				  "20212223242526";
	static const char b40[] = "000102030405060708090A0B0C0D0E0F"
				  "101112131415161718191A1B1C1D1E1F"
				  "2021222324252627";
	static const char *const cmds[] = {"REGUSR", "HEARTDT"};
	static const char *const bad[] = {"123", "GG", "0G", "12 34", "", "7", b40};
	char line[256], query[32];
	size_t c, i;

	(void)state;
	for (c = 0; c < 2; c++) {
		snprintf(query, sizeof query, "AT+%s", cmds[c]);
		for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			snprintf(line, sizeof line, "AT+%s=%s", cmds[c], bad[i]);
			if (strcmp(at(line), ERR(-4)) != 0)
				fail_msg("%s: got \"%s\"", line, (const char *)m.out);
			assert_string_equal(at(query), VALUE("7777772E7573722E636E"));
		}
		snprintf(line, sizeof line, "AT+%s=%s", cmds[c], b39);
		EXPECT(line, OK);
		snprintf(line, sizeof line, "\r\n+ok=%s\r\n", b39);
		EXPECT(query, line);
	}
}

/* A set with one bad parameter among good ones changes none of them. */
static void test_reject_is_atomic(void **state)
{
	(void)state;
	EXPECT("AT+SOCK=UDPS,10.0.0.1,0", ERR(-4));
	EXPECT("AT+UART=9600,7,2,EVEN,XON", ERR(-4));
	EXPECT("AT+WANN=DHCP,1.1.1.1,2.2.2.2,300.1.1.1", ERR(-4));
	EXPECT("AT+WEBU=root,12345678901234567", ERR(-4));
	EXPECT("AT+REGCLOUD=12345678901234567890,123456789", ERR(-4));
	assert_int_equal(pending()->sock[0].proto, USRDTU_PROTO_TCPC);
	assert_string_equal(pending()->sock[0].host, "192.168.0.201");
	assert_int_equal(pending()->uart.baud, 115200);
	assert_int_equal(pending()->wan_dhcp, 0);
	assert_string_equal(pending()->web_user, "admin");
	assert_string_equal(pending()->cloud_id, "");
	assert_memory_equal(pending(), active(), sizeof *pending());
}

/* A set whose save fails is refused and leaves the settings as they were. */
static void test_save_failure(void **state)
{
	(void)state;
	EXPECT("AT+MID=abc", OK);
	m.power_budget = 0;
	EXPECT("AT+MAXSK=3", ERR(-5));
	assert_int_equal(pending()->max_clients, 8);
	/* the other settings are as they were, not reset */
	EXPECT("AT+MID", VALUE("abc"));
	EXPECT("AT+MAXSK", VALUE("8"));
	m.power_cut = 0;
	m.power_budget = -1;
	power_on(&mock_hal_ops);
	assert_int_equal(active()->max_clients, 8);
	assert_string_equal(active()->module_name, "abc");
}

/* ---- test form: 003 has none; the generated ranges ---- */

static void test_ranges(void **state)
{
	static const struct query q[] = {
		{"AT+UART=?", VALUE("<600~460800>,<5~8>,<1~2>,<NONE,EVEN,ODD,MASK,SPACE>,<NFC>")},
		{"AT+SOCK=?", VALUE("<TCPC,TCPS,UDPC,UDPS,HTPC>,<1~100 bytes>,<1~65535>")},
		{"AT+NETP=?", VALUE("<TCPC,TCPS,UDPC,UDPS,HTPC>,<1~100 bytes>,<1~65535>")},
		{"AT+RSTIM=?", VALUE("<0,60~65535>")},
		{"AT+DNS=?", VALUE("<0.0.0.0~255.255.255.255>")},
		{"AT+WANN=?", VALUE("<STATIC,DHCP>,<0.0.0.0~255.255.255.255>,"
				    "<0.0.0.0~255.255.255.255>,<0.0.0.0~255.255.255.255>")},
		{"AT+HTPURL=?", VALUE("<1~29 bytes>")},
		{"AT+REGUSR=?", VALUE("<1~39 bytes>")},
		{"AT+REGEN=?", VALUE("<off,mac,usr>")},
		{"AT+MID=?", VALUE("<1~14 bytes>")},
		{"AT+E=?", VALUE("<on,off>")},
	};

	(void)state;
	check_queries(q, sizeof q / sizeof q[0]);
}

/* ---- 5.24: <<CRLF>> stands for CR LF ---- */

static void test_header_escape_round_trip(void **state)
{
	char line[600], reply[600];
	size_t i;

	(void)state;
	EXPECT("AT+HTPHEAD=a<<CRLF>>b<<CRLF>>", OK);
	assert_string_equal(pending()->http_header, "a\r\nb\r\n");
	EXPECT("AT+HTPHEAD", VALUE("a<<CRLF>>b<<CRLF>>"));
	/* the escape is read in any case and printed in the manual's */
	EXPECT("AT+HTPHEAD=X: 1<<crlf>>", OK);
	assert_string_equal(pending()->http_header, "X: 1\r\n");
	EXPECT("AT+HTPHEAD", VALUE("X: 1<<CRLF>>"));
	/* something that is not the escape stays as typed */
	EXPECT("AT+HTPHEAD=<<CRLF><CRLF>>", OK);
	assert_string_equal(pending()->http_header, "<<CRLF><CRLF>>");
	EXPECT("AT+HTPHEAD", VALUE("<<CRLF><CRLF>>"));
	/* the default, typed back as queried, is the default again */
	EXPECT("AT+HTPHEAD=" DEFAULT_HEADER, OK);
	assert_string_equal(pending()->http_header, "User_Agent: Mozilla/4.0\r\nConnection: close\r\n");
	EXPECT("AT+HTPHEAD", VALUE(DEFAULT_HEADER));

	/* 200 bytes is the limit, counted after the escapes are decoded */
	strcpy(line, "AT+HTPHEAD=");
	strcpy(reply, "\r\n+ok=");
	for (i = 0; i < 50; i++) {
		strcat(line, "ab<<CRLF>>");
		strcat(reply, "ab<<CRLF>>");
	}
	strcat(reply, "\r\n");
	EXPECT(line, OK);
	assert_int_equal(strlen(pending()->http_header), 200);
	EXPECT("AT+HTPHEAD", reply);
	strcat(line, "c");
	EXPECT(line, ERR(-4));
	EXPECT("AT+HTPHEAD", reply);
	/* a header of 201 bytes without escapes is refused too */
	memset(line, 'h', sizeof line);
	memcpy(line, "AT+HTPHEAD=", 11);
	line[11 + 201] = 0;
	EXPECT(line, ERR(-4));
	line[11 + 200] = 0;
	EXPECT(line, OK);
}

/* ---- 5.12: AT+NETP is AT+SOCK ---- */

static void test_netp_alias(void **state)
{
	(void)state;
	EXPECT("AT+NETP=UDPS,10.0.0.1,502", OK);
	EXPECT("AT+SOCK", VALUE("UDPS,10.0.0.1,502"));
	EXPECT("AT+NETP", VALUE("UDPS,10.0.0.1,502"));
	EXPECT("AT+NETP?", VALUE("UDPS,10.0.0.1,502"));
	EXPECT("AT+SOCK=TCPC,host.example,4000", OK);
	EXPECT("AT+NETP", VALUE("TCPC,host.example,4000"));
	EXPECT("AT+NETP=TCPC,host.example,0", ERR(-4));
	EXPECT("AT+SOCK", VALUE("TCPC,host.example,4000"));
	/* saved at once like any other set */
	EXPECT("AT+NETP=HTPC,web.example,8080", OK);
	power_on(&mock_hal_ops);
	assert_int_equal(active()->sock[0].proto, USRDTU_PROTO_HTPC);
	assert_string_equal(active()->sock[0].host, "web.example");
	assert_int_equal(active()->sock[0].port, 8080);
}

/* ---- no AT+S: saved at once, in force after the restart ---- */

static void test_set_saved_at_once(void **state)
{
	const struct usrdtu_stats *st = usrdtu_get_stats(&dev);
	uint32_t writes = st->store_writes;

	(void)state;
	EXPECT("AT+MAXSK=3", OK);
	assert_int_equal(st->store_writes, writes + 1);
	assert_int_equal(pending()->max_clients, 3);
	assert_int_equal(active()->max_clients, 8);
	/* power is cut without AT+Z: the value was saved already */
	power_on(&mock_hal_ops);
	assert_int_equal(active()->max_clients, 3);
	enter_command();
	EXPECT("AT+MAXSK", VALUE("3"));
}

static void test_takes_effect_at_restart(void **state)
{
	(void)state;
	EXPECT("AT+SHORTO=100", OK);
	EXPECT("AT+UART=9600,7,2,EVEN,NFC", OK);
	EXPECT("AT+MID=Line-4", OK);
	EXPECT("AT+SHORTO", VALUE("100"));
	assert_int_equal(active()->short_timeout_s, 10);
	assert_int_equal(active()->uart.baud, 115200);
	assert_string_equal(active()->module_name, "USR-M0");
	assert_int_equal(m.uart.baud, 115200);

	restart();
	assert_int_equal(active()->short_timeout_s, 100);
	assert_int_equal(active()->uart.baud, 9600);
	assert_string_equal(active()->module_name, "Line-4");
	/* the restart applied the new serial settings */
	assert_int_equal(m.uart.baud, 9600);
	assert_int_equal(m.uart.data_bits, 7);
	assert_int_equal(m.uart.stop_bits, 2);
	assert_int_equal(m.uart.parity, USRDTU_PARITY_EVEN);
	EXPECT("AT+SHORTO", VALUE("100"));
	EXPECT("AT+UART", VALUE("9600,7,2,EVEN,NFC"));
	EXPECT("AT+MID", VALUE("Line-4"));
}

/* ---- 5.2 AT+Z and 5.5 AT+RELD ---- */

static void test_restart(void **state)
{
	int restarts;

	(void)state;
	restarts = m.restarted_calls;
	EXPECT("AT+Z", OK);
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.restarted_calls, restarts + 1);
	assert_false(usrdtu_in_command_mode(&dev));
	assert_int_equal(active()->work_mode, USRDTU_MODE_NET);
}

static void test_reload_defaults(void **state)
{
	int restarts;

	(void)state;
	EXPECT("AT+MID=abc", OK);
	EXPECT("AT+SOCK=UDPC,1.2.3.4,5", OK);
	EXPECT("AT+REGEN=mac", OK);
	restarts = m.restarted_calls;
	EXPECT("AT+RELD", VALUE("rebooting..."));
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.restarted_calls, restarts + 1);
	assert_false(usrdtu_in_command_mode(&dev));
	assert_string_equal(active()->module_name, "USR-M0");
	assert_int_equal(active()->sock[0].proto, USRDTU_PROTO_TCPC);
	assert_int_equal(active()->reg_enabled, USRDTU_REGEN_OFF);
	assert_int_equal(active()->echo, 1);
	assert_int_equal(active()->work_mode, USRDTU_MODE_NET);
	assert_int_equal(active()->sock[0].enabled, 1);
	/* and it stays so across a power cycle */
	power_on(&mock_hal_ops);
	assert_string_equal(active()->module_name, "USR-M0");
	enter_command();
	EXPECT("AT+E=off", "AT+E=off\r\r\n+OK\r\n");
	check_queries(factory, sizeof factory / sizeof factory[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_matches_manual),
		cmocka_unit_test(test_action_rows),
		cmocka_unit_test(test_netp_row_is_alias_of_sock),
		cmocka_unit_test(test_boot_runs_data_mode),
		cmocka_unit_test_setup(test_at_alone, setup),
		cmocka_unit_test_setup(test_plus_in_command_mode_is_unknown, setup),
		cmocka_unit_test_setup(test_echo, setup),
		cmocka_unit_test(test_echo_default_on),
		cmocka_unit_test_setup(test_echo_rejects, setup),
		cmocka_unit_test_setup(test_echo_saved_at_once, setup),
		cmocka_unit_test_setup(test_echo_save_failure_changes_nothing, setup),
		cmocka_unit_test(test_echo_without_flash),
		cmocka_unit_test_setup(test_version_mac_time_link, setup),
		cmocka_unit_test_setup(test_forms_not_in_manual, setup),
		cmocka_unit_test_setup(test_unknown_commands, setup),
		cmocka_unit_test_setup(test_format_errors, setup),
		cmocka_unit_test_setup(test_help, setup),
		cmocka_unit_test_setup(test_entm_returns_to_data, setup),
		cmocka_unit_test_setup(test_defaults, setup),
		cmocka_unit_test_setup(test_set_every_setting, setup),
		cmocka_unit_test_setup(test_set_stores_semantic_values, setup),
		cmocka_unit_test_setup(test_spaces_and_case, setup),
		cmocka_unit_test_setup(test_reject_count, setup),
		cmocka_unit_test_setup(test_reject_words, setup),
		cmocka_unit_test_setup(test_reject_number_ranges, setup),
		cmocka_unit_test_setup(test_reject_bad_numbers, setup),
		cmocka_unit_test_setup(test_reject_texts, setup),
		cmocka_unit_test_setup(test_reject_ipv4, setup),
		cmocka_unit_test_setup(test_reject_hex, setup),
		cmocka_unit_test_setup(test_reject_is_atomic, setup),
		cmocka_unit_test_setup(test_save_failure, setup),
		cmocka_unit_test_setup(test_ranges, setup),
		cmocka_unit_test_setup(test_header_escape_round_trip, setup),
		cmocka_unit_test_setup(test_netp_alias, setup),
		cmocka_unit_test_setup(test_set_saved_at_once, setup),
		cmocka_unit_test_setup(test_takes_effect_at_restart, setup),
		cmocka_unit_test_setup(test_restart, setup),
		cmocka_unit_test_setup(test_reload_defaults, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
