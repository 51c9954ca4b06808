/*
 * NET mode, network side (SPEC section 5): scenarios played against the
 * scripted network of mock_hal.c on a virtual clock. The test plays the
 * port: it answers the engine's sock_open with usrdtu_sock_event(), feeds
 * data with usrdtu_sock_rx() and reads what the engine sent per link.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

static void boot_with(const char *profile, const struct usrdtu_hal *hal)
{
	mock_boot(&dev, &m, profile, hal);
}

static void boot(const char *profile)
{
	boot_with(profile, &mock_hal_net_ops);
}

/* Runs commands in command mode; the last one usually restarts (AT+S). */
static void configure(const char *const *lines)
{
	mock_configure(&dev, &m, lines);
}

static void connect(unsigned link)
{
	assert_int_equal(usrdtu_sock_state(&dev, link), USRDTU_SOCK_CONNECTING);
	mock_sock_event(&dev, &m, link, USRDTU_SOCK_CONNECTED);
	assert_int_equal(usrdtu_sock_state(&dev, link), USRDTU_SOCK_UP);
}

static void frame(const char *text)
{
	mock_send_frame(&dev, &m, text);
}

static void assert_link(unsigned link, const char *expected)
{
	size_t len = strlen(expected);

	assert_int_equal(m.link[link].len, len);
	assert_memory_equal(m.link[link].data, expected, len);
}

static const struct usrdtu_sock_stats *stats(unsigned socket)
{
	return usrdtu_get_sock_stats(&dev, socket);
}

/* The same command's reply in command mode on the serial port (without
 * the echo of the line). */
static const char *serial_reply(const char *line, char *buf, size_t cap)
{
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, line);
	assert_memory_equal(m.out, line, strlen(line));
	snprintf(buf, cap, "%s", (const char *)m.out + strlen(line));
	mock_send(&dev, &m, "AT+ENTM\r");
	mock_advance(&dev, &m, 10);
	mock_clear(&m);
	return buf;
}

/* ---- sockets and fan-out */

static void test_boot_opens_enabled_sockets(void **state)
{
	(void)state;
	boot("gprs232");
	assert_int_equal(m.opens[0], 1);
	assert_string_equal(m.req[0].host, "test.usr.cn");
	assert_int_equal(m.req[0].port, 2317);
	assert_int_equal(m.req[0].proto, USRDTU_PROTO_TCPC);
	assert_int_equal(m.opens[1] + m.opens[2] + m.opens[3], 0);
	assert_int_equal(usrdtu_sock_state(&dev, 1), USRDTU_SOCK_OFF);
}

static void test_cmd_mode_opens_nothing(void **state)
{
	static const char *const lines[] = {"AT+WKMOD=\"CMD\"\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	assert_int_equal(m.opens[0], 1); /* the restart did not open it again */
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
}

/* SPEC 4: UDC (gprs232) is accepted, stored, and runs as NET. */
static void test_udc_runs_as_net(void **state)
{
	static const char *const lines[] = {"AT+WKMOD=\"UDC\"\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	assert_int_equal(usrdtu_active_settings(&dev)->work_mode, USRDTU_MODE_UDC);
	assert_false(usrdtu_in_command_mode(&dev));
	assert_int_equal(m.opens[0], 2); /* at boot, and again by the restart */
	connect(0);
	frame("udc data");
	assert_link(0, "udc data");
	assert_string_equal(mock_sock_rx(&dev, &m, 0, "back", 4), "back");
	assert_int_equal(m.frame_count, 0);
}

static void two_sockets(void)
{
	static const char *const lines[] = {"AT+SOCKB=\"UDP\",\"10.0.0.2\",5000\r", "AT+SOCKBEN=\"on\"\r",
					    "AT+HEARTEN=\"off\"\r", "AT+S\r", NULL};

	boot("gprs232");
	configure(lines);
	assert_int_equal(m.req[1].proto, USRDTU_PROTO_UDPC);
	assert_string_equal(m.req[1].host, "10.0.0.2");
	connect(0);
	connect(1);
}

static void test_frame_goes_to_every_socket(void **state)
{
	(void)state;
	two_sockets();
	frame("hello");
	assert_link(0, "hello");
	assert_link(1, "hello");
	assert_int_equal(stats(0)->tx_bytes, 5);
	assert_int_equal(stats(1)->tx_bytes, 5);
}

static void test_data_from_any_socket_reaches_serial(void **state)
{
	(void)state;
	two_sockets();
	assert_string_equal(mock_sock_rx(&dev, &m, 1, "from B", 6), "from B");
	assert_string_equal(mock_sock_rx(&dev, &m, 0, "from A", 6), "from A");
	assert_int_equal(stats(1)->rx_bytes, 6);
}

static void test_socket_prefix_when_identification_on(void **state)
{
	static const char *const lines[] = {"AT+SOCKIDEN=\"on\"\r", "AT+S\r", NULL};

	(void)state;
	two_sockets();
	configure(lines);
	connect(0);
	connect(1);
	assert_string_equal(mock_sock_rx(&dev, &m, 1, "hello", 5), "+RECV:B,5\r\nhello");
}

static void test_network_data_in_command_mode_is_counted(void **state)
{
	(void)state;
	two_sockets();
	mock_enter_command(&dev, &m);
	assert_string_equal(mock_sock_rx(&dev, &m, 0, "late", 4), "");
	assert_int_equal(stats(0)->rx_dropped_bytes, 4);
}

static void test_link_status_query(void **state)
{
	(void)state;
	boot("cat1");
	mock_enter_command(&dev, &m);
	assert_non_null(strstr(mock_send(&dev, &m, "AT+SOCKALK\r"), "Disconnected"));
	mock_send(&dev, &m, "AT+ENTM\r");
	connect(0);
	mock_enter_command(&dev, &m);
	assert_non_null(strstr(mock_send(&dev, &m, "AT+SOCKALK\r"), "+SOCKALK:Connected"));
}

/* gprs232 000 1.2.44: one "SOCKET:IP" line per connected link, in order. */
static void test_cip_lists_connected_links(void **state)
{
	char buf[128];

	(void)state;
	two_sockets();
	assert_string_equal(serial_reply("AT+CIP\r", buf, sizeof buf),
			    "\r\n+CIP:\r\nA:10.1.167.22\r\nB:10.1.167.22\r\n\r\nOK\r\n");
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	assert_string_equal(serial_reply("AT+CIP\r", buf, sizeof buf),
			    "\r\n+CIP:\r\nB:10.1.167.22\r\n\r\nOK\r\n");
}

/* ---- cache and backpressure */

static void test_cache_before_connect_then_in_order(void **state)
{
	(void)state;
	boot("gprs232");
	frame("one,");
	frame("two,");
	assert_int_equal(stats(0)->queued_frames, 2);
	assert_int_equal(m.link[0].len, 0);
	connect(0);
	frame("three");
	assert_link(0, "one,two,three");
	assert_int_equal(stats(0)->queued_frames, 0);
	assert_int_equal(stats(0)->dropped_frames, 0);
}

static void test_cache_full_drops_oldest_counted(void **state)
{
	char text[8];
	unsigned i;

	(void)state;
	boot("gprs232");
	for (i = 0; i < USRDTU_CFG_CACHE_FRAMES + 5; i++) {
		snprintf(text, sizeof text, "%02u,", i);
		frame(text);
	}
	assert_int_equal(stats(0)->dropped_frames, 5);
	assert_int_equal(stats(0)->dropped_bytes, 15);
	connect(0);
	assert_int_equal(m.link[0].len, 3 * USRDTU_CFG_CACHE_FRAMES);
	assert_memory_equal(m.link[0].data, "05,06,", 6); /* the oldest five went */
	assert_memory_equal(m.link[0].data + m.link[0].len - 3, "24,", 3);
}

static void test_cache_bytes_full_drops_oldest(void **state)
{
	static uint8_t big[1024];
	unsigned i, frames = 0;

	(void)state;
	boot("gprs232");
	for (i = 0; i < 8; i++) {
		memset(big, 'a' + i, sizeof big);
		mock_advance(&dev, &m, 1000);
		usrdtu_serial_rx(&dev, big, sizeof big, m.now); /* a full frame ends at once */
	}
	frames = stats(0)->queued_frames;
	assert_true(frames < 8);
	assert_int_equal(stats(0)->dropped_frames, 8 - frames);
	assert_int_equal(stats(0)->dropped_bytes, (8 - frames) * 1024);
	assert_true(stats(0)->queued_bytes <= USRDTU_QUEUE_BYTES);
	connect(0);
	assert_int_equal(m.link[0].len, frames * 1024);
	assert_int_equal(m.link[0].data[0], 'a' + 8 - frames); /* the newest survive */
	assert_int_equal(m.link[0].data[m.link[0].len - 1], 'h');
}

static void test_cache_off_drops_and_counts(void **state)
{
	static const char *const lines[] = {"AT+CACHEN=\"off\"\r", "AT+S\r", NULL};
	char reply[256];

	(void)state;
	boot("gprs232");
	configure(lines);
	frame("lost");
	assert_int_equal(stats(0)->dropped_frames, 1);
	assert_int_equal(stats(0)->dropped_bytes, 4);
	connect(0);
	assert_int_equal(m.link[0].len, 0);
	serial_reply("AT+DTU_CACHE?\r", reply, sizeof reply);
	/* the format of docs/network.md */
	assert_string_equal(reply, "\r\n+DTU_CACHE:A,0,0,1,4\r\n+DTU_CACHE:B,0,0,0,0\r\n"
				   "+DTU_CACHE:C,0,0,0,0\r\n+DTU_CACHE:D,0,0,0,0\r\n\r\nOK\r\n");
}

static void test_extension_command_in_every_profile(void **state)
{
	static const char *const profiles[] = {"gprs232", "cat1", "g781", "m0"};
	unsigned i;

	(void)state;
	for (i = 0; i < 4; i++) {
		boot(profiles[i]);
		mock_enter_command(&dev, &m);
		assert_non_null(strstr(mock_send(&dev, &m, "AT+DTU_CACHE?\r"), "A,0,0,0,0"));
		assert_non_null(strstr(mock_send(&dev, &m, "at+dtu_cache\r"), "D,0,0,0,0"));
	}
}

static void test_backpressure_keeps_the_rest(void **state)
{
	(void)state;
	boot("gprs232");
	connect(0);
	m.link[0].budget = 4;
	frame("0123456789");
	assert_link(0, "0123");
	assert_int_equal(stats(0)->queued_bytes, 6);
	frame("abc");
	assert_link(0, "0123");
	m.link[0].budget = -1;
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_WRITABLE);
	assert_link(0, "0123456789abc");
	assert_int_equal(stats(0)->dropped_frames, 0);
}

static void test_udp_link_sends_whole_datagrams(void **state)
{
	(void)state;
	two_sockets();
	frame("datagram");
	assert_int_equal(m.link[1].sends, 1);
	assert_link(1, "datagram");
}

/* ---- healing */

static void fail_and_measure(uint32_t *delay)
{
	uint32_t start = m.now;
	unsigned opens = m.opens[0];

	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_FAILED);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_WAITING);
	/* long enough for any delay, shorter than the connect time-out after it */
	mock_advance(&dev, &m, 29000);
	assert_int_equal(m.opens[0], opens + 1);
	*delay = m.opened_at[0] - start;
}

/* gprs232 without its link-down restart (SOCKRSTM), which would reopen
 * the socket at once after 60 s. */
static void boot_patient(const struct usrdtu_hal *hal)
{
	static const char *const lines[] = {"AT+SOCKRSTM=65535\r", "AT+S\r", NULL};

	boot_with("gprs232", hal);
	configure(lines);
}

static void test_reconnect_delay_within_jitter_bounds(void **state)
{
	const uint32_t base = USRDTU_CFG_RECONNECT_MS;
	uint32_t delay;

	(void)state;
	boot_patient(&mock_hal_net_ops);
	m.random_value = 0;
	fail_and_measure(&delay);
	assert_int_equal(delay, base);
	m.random_value = base / 4;
	fail_and_measure(&delay);
	assert_int_equal(delay, base + base / 4);
	m.random_value = base / 4 + 1; /* wraps: never beyond a quarter */
	fail_and_measure(&delay);
	assert_int_equal(delay, base);
}

static void test_reconnect_jitter_without_hal_random(void **state)
{
	struct usrdtu_hal hal = mock_hal_net_ops;
	const uint32_t base = USRDTU_CFG_RECONNECT_MS;
	uint32_t delay, first = 0;
	unsigned i, differ = 0;

	(void)state;
	hal.random = NULL;
	boot_patient(&hal);
	for (i = 0; i < 8; i++) {
		fail_and_measure(&delay);
		assert_true(delay >= base && delay <= base + base / 4);
		if (i == 0)
			first = delay;
		differ += delay != first;
	}
	assert_true(differ > 0); /* the delays are spread, not one value */
}

static void test_cat1_interval_and_restart_after_sockrsnum(void **state)
{
	static const char *const lines[] = {"AT+SOCKRSNUM=3\r", "AT+SOCKRSTIM=20\r", "AT+S\r", NULL};
	uint32_t delay;
	uint32_t restarts;

	(void)state;
	boot("cat1");
	m.random_value = 0;
	configure(lines);
	fail_and_measure(&delay);
	assert_int_equal(delay, 20000);
	fail_and_measure(&delay);
	restarts = usrdtu_get_stats(&dev)->restarts;
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_FAILED); /* the third */
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts + 1);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_CONNECTING);
}

/* m0 CLIENTRST on (its default): 30 failed connects in a row restart the
 * module; off: the client keeps trying (SPEC 10). */
static void m0_fail_connects(unsigned n)
{
	unsigned k;

	for (k = 0; k < n; k++) {
		assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_CONNECTING);
		mock_sock_event(&dev, &m, 0, USRDTU_SOCK_FAILED);
		if (usrdtu_sock_state(&dev, 0) == USRDTU_SOCK_WAITING)
			mock_advance(&dev, &m, USRDTU_CFG_RECONNECT_MS + USRDTU_CFG_RECONNECT_MS / 4u + 1u);
	}
}

static void test_m0_clientrst_restarts_after_30_failed_connects(void **state)
{
	static const char *const lines[] = {"AT+CLIENTRST=off\r", "AT+Z\r", NULL};
	uint32_t restarts;

	(void)state;
	boot("m0");
	restarts = usrdtu_get_stats(&dev)->restarts;
	m0_fail_connects(29);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts);
	m0_fail_connects(1);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts + 1);

	configure(lines);
	restarts = usrdtu_get_stats(&dev)->restarts;
	m0_fail_connects(40);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts);
}

static void test_cat1_backup_server_alternates(void **state)
{
	static const char *const lines[] = {"AT+SOCKABK=backup.example,4000\r", "AT+SOCKABKEN=ON\r",
					    "AT+S\r", NULL};
	uint32_t delay;

	(void)state;
	boot("cat1");
	configure(lines);
	assert_string_equal(m.req[0].host, "test.usr.cn");
	fail_and_measure(&delay);
	assert_string_equal(m.req[0].host, "backup.example");
	assert_int_equal(m.req[0].port, 4000);
	fail_and_measure(&delay);
	assert_string_equal(m.req[0].host, "test.usr.cn");
	assert_int_equal(m.req[0].port, 2317);
}

static void test_cat1_keepalive_goes_to_the_port(void **state)
{
	static const char *const lines[] = {"AT+KEEPALIVEA=1,120,20,5\r", "AT+S\r", NULL};

	(void)state;
	boot("cat1");
	assert_int_equal(m.req[0].keepalive, 1); /* 002's default */
	configure(lines);
	assert_int_equal(m.req[0].keepalive_idle_s, 120);
	assert_int_equal(m.req[0].keepalive_interval_s, 20);
	assert_int_equal(m.req[0].keepalive_count, 5);
}

static void test_connect_timeout_counts_as_failure(void **state)
{
	(void)state;
	boot("gprs232");
	mock_advance(&dev, &m, USRDTU_CFG_CONNECT_TIMEOUT_MS);
	assert_int_equal(m.link[0].closes, 1);
	assert_int_equal(stats(0)->failures, 1);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_WAITING);
}

static void test_gprs232_link_down_restart(void **state)
{
	uint32_t restarts;

	(void)state;
	boot("gprs232");
	connect(0);
	mock_advance(&dev, &m, 1000);
	restarts = usrdtu_get_stats(&dev)->restarts;
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	mock_advance(&dev, &m, 59000);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts);
	mock_advance(&dev, &m, 1000); /* SOCKRSTM: 60 s down */
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts + 1);
}

static void test_rstim_restarts_without_network_data(void **state)
{
	static const char *const lines[] = {"AT+RSTIM=100\r", "AT+HEARTEN=\"off\"\r", "AT+S\r", NULL};
	uint32_t restarts;

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	restarts = usrdtu_get_stats(&dev)->restarts;
	mock_advance(&dev, &m, 90000);
	mock_sock_rx(&dev, &m, 0, "x", 1);
	mock_advance(&dev, &m, 90000);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts);
	mock_advance(&dev, &m, 10000);
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, restarts + 1);
}

static void test_restart_closes_links_and_counts_the_cache(void **state)
{
	(void)state;
	boot("gprs232");
	frame("cached");
	usrdtu_restart(&dev, m.now);
	assert_int_equal(m.link[0].closes, 1);
	assert_int_equal(stats(0)->dropped_frames, 1);
	assert_int_equal(m.opens[0], 2);
}

/* ---- short connections */

static void short_socket(void)
{
	static const char *const lines[] = {"AT+SOCKASL=\"short\"\r", "AT+SHORTIM=10\r", "AT+S\r", NULL};

	boot("gprs232");
	configure(lines);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
}

static void test_short_connection_cycle(void **state)
{
	unsigned opens;

	(void)state;
	short_socket();
	opens = m.opens[0];
	frame("first");
	assert_int_equal(m.opens[0], opens + 1);
	frame("second"); /* while connecting: kept in order */
	connect(0);
	assert_link(0, "firstsecond");
	mock_advance(&dev, &m, 9000);
	assert_int_equal(m.link[0].closes, 0);
	mock_advance(&dev, &m, 1000);
	assert_int_equal(m.link[0].closes, 1);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
	frame("third");
	assert_int_equal(m.opens[0], opens + 2);
}

static void test_short_connection_without_cache_keeps_the_opener(void **state)
{
	static const char *const lines[] = {"AT+CACHEN=\"off\"\r", "AT+S\r", NULL};

	(void)state;
	short_socket();
	configure(lines);
	frame("opener");
	frame("later");
	assert_int_equal(stats(0)->dropped_frames, 1);
	connect(0);
	assert_link(0, "opener");
}

static void test_traffic_keeps_short_connection_open(void **state)
{
	(void)state;
	short_socket();
	frame("x");
	connect(0);
	mock_advance(&dev, &m, 8000);
	mock_sock_rx(&dev, &m, 0, "reply", 5);
	mock_advance(&dev, &m, 8000);
	assert_int_equal(m.link[0].closes, 0);
	mock_advance(&dev, &m, 2000);
	assert_int_equal(m.link[0].closes, 1);
}

/* ---- registration and heartbeat */

static void test_registration_on_connect_before_cached_data(void **state)
{
	static const char *const lines[] = {"AT+REGEN=\"on\"\r", "AT+REGTP=\"IMEI\"\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	frame("data");
	connect(0);
	assert_link(0, "864333040712457data");
	/* and again on the next connect */
	mock_net_clear(&m);
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	mock_advance(&dev, &m, 10000);
	connect(0);
	assert_link(0, "864333040712457");
}

static void test_registration_with_every_frame(void **state)
{
	static const char *const lines[] = {"AT+REGEN=\"on\"\r", "AT+REGTP=\"REGDT\"\r",
					    "AT+REGDT=\"4944\"\r", "AT+REGSND=\"data\"\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	assert_link(0, "");
	frame("a");
	frame("b");
	assert_link(0, "IDaIDb");
}

static void test_registration_contents(void **state)
{
	static const struct {
		const char *const lines[4];
		const char *packet;
	} cases[] = {
		{{"AT+REGTP=\"ICCID\"\r", NULL}, "89860036151957131234"},
		{{"AT+REGTP=\"REGID\"\r", "AT+REGID=4321\r", NULL}, "4321"},
		{{"AT+REGTP=\"UDC\"\r", "AT+REGDT=\"3030303030303030303031\"\r", NULL}, "00000000001"},
		{{"AT+CLOUDEN=\"on\"\r", "AT+CLOUDID=\"00001234567890123456\"\r", "AT+CLOUDPA=\"pass1234\"\r",
		  NULL},
		 "00001234567890123456pass1234"},
	};
	unsigned i, k;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		boot("gprs232");
		mock_enter_command(&dev, &m);
		mock_send(&dev, &m, "AT+REGEN=\"on\"\r");
		for (k = 0; cases[i].lines[k] != NULL; k++)
			assert_null(strstr(mock_send(&dev, &m, cases[i].lines[k]), "ERR"));
		mock_send(&dev, &m, "AT+S\r");
		connect(0);
		assert_link(0, cases[i].packet);
	}
}

static void test_cat1_sn_registration(void **state)
{
	static const char *const lines[] = {"AT+REGEN=ON\r", "AT+REGTP=SN\r", "AT+S\r", NULL};

	(void)state;
	boot("cat1");
	configure(lines);
	connect(0);
	assert_link(0, "00402420011300024522");
}

static void test_g781_registration_before_first_data(void **state)
{
	static const char *const lines[] = {"AT+REGEN=ON\r", "AT+REGSND=LINK\r", "AT+REGTP=USER\r",
					    "AT+Z\r", NULL};

	(void)state;
	boot("g781");
	configure(lines);
	connect(0);
	mock_advance(&dev, &m, 1000);
	assert_link(0, ""); /* not on connect */
	frame("data");
	frame("more");
	assert_link(0, "www.usr.cndatamore");
}

static void test_m0_mac_registration_first(void **state)
{
	static const char *const lines[] = {"AT+REGEN=mac\r", "AT+REGTCP=first\r", "AT+Z\r", NULL};
	static const uint8_t expected[] = {0xD8, 0xB0, 0x4C, 0xFC, 0x00, 0x01, 'x'};

	(void)state;
	boot("m0");
	configure(lines);
	connect(0);
	frame("x");
	assert_int_equal(m.link[0].len, sizeof expected);
	assert_memory_equal(m.link[0].data, expected, sizeof expected);
}

static void test_heartbeat_only_when_idle(void **state)
{
	static const char *const lines[] = {"AT+HEARTTM=10\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	mock_advance(&dev, &m, 8000);
	frame("busy"); /* sent at 9.2 s: the idle time starts again */
	mock_advance(&dev, &m, 8000);
	assert_link(0, "busy");
	mock_advance(&dev, &m, 2000);
	assert_link(0, "busywww.usr.cn");
	assert_int_equal(stats(0)->heartbeats, 1);
	mock_sock_rx(&dev, &m, 0, "in", 2); /* received bytes count as traffic too */
	mock_advance(&dev, &m, 9000);
	assert_int_equal(stats(0)->heartbeats, 1);
	mock_advance(&dev, &m, 1000);
	assert_int_equal(stats(0)->heartbeats, 2);
}

static void test_heartbeat_failures_break_the_link(void **state)
{
	static const char *const lines[] = {"AT+HEARTTM=5\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	m.link[0].broken = 0;
	m.link[0].budget = 0; /* the port takes nothing */
	mock_advance(&dev, &m, 15000);
	assert_int_equal(stats(0)->heartbeat_failures, 3);
	assert_int_equal(m.link[0].closes, 0);
	mock_advance(&dev, &m, 5000); /* the fourth failure in a row */
	assert_int_equal(m.link[0].closes, 1);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_WAITING);
}

static void test_heartbeat_to_serial_regardless_of_traffic(void **state)
{
	static const char *const lines[] = {"AT+HEARTTP=\"COM\"\r", "AT+HEARTTM=5\r", "AT+S\r", NULL};
	unsigned i;

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	for (i = 0; i < 3; i++) {
		mock_clear(&m);
		mock_advance(&dev, &m, 2500);
		mock_sock_rx(&dev, &m, 0, "", 0);
		usrdtu_serial_rx(&dev, (const uint8_t *)"t", 1, m.now);
		mock_clear(&m);
		mock_advance(&dev, &m, 2500);
		assert_string_equal((const char *)m.out, "www.usr.cn");
	}
	assert_int_equal(stats(0)->heartbeats, 0); /* nothing to the network */
}

static void test_cat1_heartbeat_content(void **state)
{
	static const char *const lines[] = {"AT+HEARTTM=5\r", "AT+HEARTSORT=ICCID\r", "AT+HEARTEN=ON\r",
					    "AT+S\r", NULL};

	(void)state;
	boot("cat1");
	configure(lines);
	connect(0);
	mock_advance(&dev, &m, 5000);
	assert_link(0, "89860036151957131234");
}

/* ---- network AT */

static void test_network_at_answers_that_socket_only(void **state)
{
	static const char cmd[] = "usr.cn#AT+VER\r";
	char expected[128];

	(void)state;
	two_sockets();
	serial_reply("AT+VER\r", expected, sizeof expected);
	assert_string_equal(mock_sock_rx(&dev, &m, 1, cmd, sizeof cmd - 1), "");
	assert_link(1, expected);
	assert_link(0, "");
	assert_int_equal(stats(1)->net_at, 1);
	/* without the '#' too, and without CR */
	mock_net_clear(&m);
	assert_string_equal(mock_sock_rx(&dev, &m, 0, "usr.cnAT+VER", 12), "");
	assert_link(0, expected);
}

static void test_network_at_off_is_data(void **state)
{
	static const char *const lines[] = {"AT+NATEN=\"off\"\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	assert_string_equal(mock_sock_rx(&dev, &m, 0, "usr.cn#AT+VER\r", 14), "usr.cn#AT+VER\r");
	assert_link(0, "");
}

static void test_network_at_sets_and_saves(void **state)
{
	static const char cmd[] = "usr.cn#AT+HEARTTM=77\r";

	(void)state;
	boot("gprs232");
	connect(0);
	mock_sock_rx(&dev, &m, 0, cmd, sizeof cmd - 1);
	assert_int_equal(dev.pending.heart_interval_s, 77);
	mock_net_clear(&m);
	mock_sock_rx(&dev, &m, 0, "usr.cn#AT+S\r", 12);
	assert_link(0, "\r\nOK\r\n"); /* the reply leaves before the restart */
	assert_int_equal(dev.active.heart_interval_s, 77);
}

static void test_network_at_keeps_a_partial_serial_frame(void **state)
{
	(void)state;
	boot("gprs232");
	connect(0);
	mock_advance(&dev, &m, 1000);
	usrdtu_serial_rx(&dev, (const uint8_t *)"half", 4, m.now);
	mock_sock_rx(&dev, &m, 0, "usr.cn#AT+VER\r", 14);
	usrdtu_serial_rx(&dev, (const uint8_t *)"way", 3, m.now);
	mock_net_clear(&m);
	mock_advance(&dev, &m, 1000);
	assert_link(0, "halfway");
}

/* ---- the RFC2217-like frame */

static const uint8_t baud_9600[8] = {0x55, 0xAA, 0x55, 0x00, 0x25, 0x80, 0x83, 0x28};

static void rfc_on(void)
{
	static const char *const lines[] = {"AT+RFCEN=\"on\"\r", "AT+S\r", NULL};

	boot("gprs232");
	configure(lines);
	connect(0);
	m.uart_calls = 0;
}

static void test_rfc_frame_split_at_every_offset(void **state)
{
	uint8_t stream[12];
	unsigned split;

	(void)state;
	memcpy(stream, "ab", 2);
	memcpy(stream + 2, baud_9600, 8);
	memcpy(stream + 10, "cd", 2);
	for (split = 0; split <= sizeof stream; split++) {
		rfc_on();
		mock_clear(&m);
		usrdtu_sock_rx(&dev, 0, stream, split, m.now);
		usrdtu_sock_rx(&dev, 0, stream + split, sizeof stream - split, m.now);
		assert_string_equal((const char *)m.out, "abcd");
		assert_int_equal(m.uart_calls, 1);
		assert_int_equal(m.uart.baud, 9600);
		assert_int_equal(m.uart.data_bits, 8);
		assert_int_equal(m.uart.parity, USRDTU_PARITY_NONE);
		assert_int_equal(stats(0)->rfc_frames, 1);
	}
}

static void test_rfc_frame_byte_by_byte(void **state)
{
	unsigned i;

	(void)state;
	rfc_on();
	mock_clear(&m);
	for (i = 0; i < 8; i++)
		usrdtu_sock_rx(&dev, 0, baud_9600 + i, 1, m.now);
	assert_int_equal(m.out_len, 0);
	assert_int_equal(m.uart_calls, 1);
}

static void test_rfc_invalid_bytes_pass_unchanged(void **state)
{
	uint8_t bad[8];

	(void)state;
	memcpy(bad, baud_9600, 8);
	bad[7] ^= 1; /* checksum */
	rfc_on();
	mock_clear(&m);
	usrdtu_sock_rx(&dev, 0, bad, 8, m.now);
	assert_int_equal(m.out_len, 8);
	assert_memory_equal(m.out, bad, 8);
	assert_int_equal(m.uart_calls, 0);
}

static void test_rfc_held_start_released_after_wait(void **state)
{
	(void)state;
	rfc_on();
	mock_clear(&m);
	usrdtu_sock_rx(&dev, 0, baud_9600, 3, m.now);
	assert_int_equal(m.out_len, 0);
	mock_advance(&dev, &m, USRDTU_CFG_RFC_HOLD_MS);
	assert_int_equal(m.out_len, 3);
	assert_memory_equal(m.out, baud_9600, 3);
}

static void test_rfc_refused_is_counted_and_consumed(void **state)
{
	(void)state;
	rfc_on();
	m.uart_result = USRDTU_ERR_NOTSUP;
	assert_string_equal(mock_sock_rx(&dev, &m, 0, baud_9600, 8), "");
	assert_int_equal(stats(0)->rfc_refused, 1);
	assert_int_equal(dev.active.uart.baud, 115200);
}

static void test_rfc_off_forwards_the_frame(void **state)
{
	(void)state;
	boot("gprs232");
	connect(0);
	mock_sock_rx(&dev, &m, 0, baud_9600, 8);
	assert_int_equal(m.out_len, 8);
	assert_int_equal(m.uart_calls, 1); /* only the one at boot */
}

/* ---- servers */

static void m0_server_with(const char *setting, const char *another)
{
	const char *lines[] = {"AT+SOCK=TCPS,0.0.0.0,9000\r", "AT+MAXSK=2\r", setting, another, "AT+Z\r", NULL};

	boot("m0");
	configure(lines);
	assert_int_equal(m.req[0].proto, USRDTU_PROTO_TCPS);
	assert_int_equal(m.req[0].port, 9000);
	assert_int_equal(m.req[0].max_clients, 2);
	connect(0);
}

static void m0_server(const char *setting)
{
	m0_server_with(setting, "AT+MAXSK=2\r");
}

static void test_m0_server_kicks_the_oldest_client(void **state)
{
	int a, b, c;

	(void)state;
	m0_server("AT+TCPSE=KICK\r");
	a = usrdtu_sock_accept(&dev, 0, m.now);
	mock_advance(&dev, &m, 10);
	b = usrdtu_sock_accept(&dev, 0, m.now);
	mock_advance(&dev, &m, 10);
	assert_true(a >= 4 && b >= 4 && a != b);
	c = usrdtu_sock_accept(&dev, 0, m.now);
	assert_int_equal(c, a); /* the oldest's link, closed first, is the newest's now */
	assert_int_equal(m.link[a].closes, 1);
	assert_int_equal(stats(0)->clients_kicked, 1);
	frame("to all");
	assert_link((unsigned)b, "to all");
	assert_link((unsigned)c, "to all");
}

static void test_m0_server_keep_refuses_beyond_limit(void **state)
{
	(void)state;
	m0_server("AT+TCPSE=KEEP\r");
	assert_true(usrdtu_sock_accept(&dev, 0, m.now) >= 4);
	assert_true(usrdtu_sock_accept(&dev, 0, m.now) >= 4);
	assert_int_equal(usrdtu_sock_accept(&dev, 0, m.now), USRDTU_ERR_NOSPC);
	assert_int_equal(stats(0)->clients_refused, 1);
}

static void test_server_client_data_and_index(void **state)
{
	int a;

	(void)state;
	/* UARTCLBUF on: what the serial port sent before a connection is cleared */
	m0_server_with("AT+INDEXEN=on\r", "AT+UARTCLBUF=on\r");
	frame("nobody");
	assert_int_equal(stats(0)->dropped_frames, 1);
	a = usrdtu_sock_accept(&dev, 0, m.now);
	frame("somebody");
	assert_link((unsigned)a, "somebody");
	assert_string_equal(mock_sock_rx(&dev, &m, (unsigned)a, "hi", 2),
			    a == (int)USRDTU_LINK(0, 0) ? "+RECV:A1,2\r\nhi" : "+RECV:A2,2\r\nhi");
	mock_sock_event(&dev, &m, (unsigned)a, USRDTU_SOCK_CLOSED);
	mock_enter_command(&dev, &m);
	assert_non_null(strstr(mock_send(&dev, &m, "AT+SOCKLK\r"), "+ok=disconnect\r\n"));
}

/* m0 has no CACHEN; UARTCLBUF off (the default) keeps the frames sent
 * before the connection for it, on clears them (003 5.35, SPEC 5). */
static void test_m0_uartclbuf_off_keeps_frames_for_the_connection(void **state)
{
	const char *client_clear[] = {"AT+SOCK=TCPC,10.0.0.1,9000\r", "AT+UARTCLBUF=on\r", "AT+Z\r", NULL};
	int a;

	(void)state;
	boot("m0");
	assert_int_equal(usrdtu_active_settings(&dev)->clear_uart_on_connect, 0);
	frame("early");
	assert_int_equal(stats(0)->queued_frames, 1);
	connect(0);
	assert_link(0, "early");
	assert_int_equal(stats(0)->dropped_frames, 0);

	m0_server("AT+INDEXEN=off\r");
	frame("before");
	assert_int_equal(stats(0)->queued_frames, 1);
	a = usrdtu_sock_accept(&dev, 0, m.now);
	mock_advance(&dev, &m, 1);
	assert_link((unsigned)a, "before");

	boot("m0");
	configure(client_clear);
	frame("cleared");
	assert_int_equal(stats(0)->queued_frames, 0);
	assert_int_equal(stats(0)->dropped_frames, 1);
	connect(0);
	assert_link(0, "");
}

static void test_g781_server_socket_a(void **state)
{
	static const char *const lines[] = {"AT+SOCKA=TCPS,0.0.0.0,7000\r", "AT+Z\r", NULL};

	(void)state;
	boot("g781");
	configure(lines);
	assert_int_equal(m.req[0].proto, USRDTU_PROTO_TCPS);
	assert_int_equal(m.req[0].port, 7000);
	connect(0);
	assert_true(usrdtu_sock_accept(&dev, 0, m.now) >= 4);
}

/* ---- the API's guards */

static void test_bad_links_and_stale_events(void **state)
{
	(void)state;
	boot("gprs232");
	assert_int_equal(usrdtu_sock_event(&dev, 200, USRDTU_SOCK_CONNECTED, m.now), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sock_rx(&dev, 200, (const uint8_t *)"x", 1, m.now), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sock_accept(&dev, 0, m.now), USRDTU_ERR_INVAL); /* not a server */
	assert_int_equal(usrdtu_sock_accept(&dev, 4, m.now), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sock_event(&dev, 2, USRDTU_SOCK_CONNECTED, m.now), 0);
	assert_int_equal(usrdtu_sock_state(&dev, 2), USRDTU_SOCK_OFF); /* never asked for */
	assert_int_equal(usrdtu_sock_state(&dev, 9), USRDTU_ERR_INVAL);
	assert_null(usrdtu_get_sock_stats(&dev, 9));
}

/* m0 has one socket: a build with m0 alone keeps one (USRDTU_SOCKETS 1),
 * and the link numbers of sockets B-D and of their server clients are then
 * refused, never taken as an index; with the other dialects built in they
 * are sockets that m0 leaves off. */
static void test_m0_links_of_sockets_it_lacks(void **state)
{
	static const unsigned links[] = {1, 2, 3, USRDTU_LINK(1, 0), USRDTU_LINK(3, 1)};
	unsigned i;

	(void)state;
	boot("m0");
	for (i = 0; i < sizeof links / sizeof links[0]; i++) {
		unsigned socket = USRDTU_LINK_SOCKET(links[i]);
		int expected = socket < USRDTU_SOCKETS ? USRDTU_OK : USRDTU_ERR_INVAL;

		assert_int_equal(usrdtu_sock_event(&dev, links[i], USRDTU_SOCK_CLOSED, m.now), expected);
		assert_int_equal(usrdtu_sock_rx(&dev, links[i], (const uint8_t *)"x", 1, m.now), expected);
		if (links[i] < 4u)
			assert_int_equal(usrdtu_sock_state(&dev, links[i]),
					 expected == USRDTU_OK ? USRDTU_SOCK_OFF : USRDTU_ERR_INVAL);
	}
	assert_int_equal(usrdtu_sock_accept(&dev, 1, m.now), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_CONNECTING); /* socket A untouched */
}

static void test_without_network_hal_frames_use_frame_out(void **state)
{
	(void)state;
	boot_with("gprs232", &mock_hal_ops);
	frame("legacy");
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
}

/* ---- findings of the review of the network side */

static void test_g781_first_data_registration_allows_heartbeats(void **state)
{
	static const char *const lines[] = {"AT+REGEN=ON\r", "AT+REGSND=LINK\r", "AT+REGTP=USER\r",
					    "AT+HEARTEN=ON\r", "AT+HEARTSND=NET\r", "AT+HEARTTM=5\r",
					    "AT+Z\r", NULL};

	(void)state;
	boot("g781");
	configure(lines);
	connect(0);
	mock_advance(&dev, &m, 26000);
	assert_int_equal(m.link[0].closes, 0);
	assert_int_equal(stats(0)->heartbeats, 5);
}

static void test_frame_cut_by_a_broken_link_is_sent_whole_again(void **state)
{
	static const char *const lines[] = {"AT+HEARTEN=\"off\"\r", "AT+SOCKRSTM=65535\r", "AT+S\r", NULL};

	(void)state;
	boot("gprs232");
	configure(lines);
	connect(0);
	m.link[0].budget = 4;
	frame("0123456789");
	assert_link(0, "0123");
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	mock_advance(&dev, &m, 7000);
	m.link[0].budget = -1;
	mock_net_clear(&m);
	connect(0);
	assert_link(0, "0123456789");
	assert_int_equal(stats(0)->queued_bytes, 0);
}

static void test_m0_short_connection_keeps_frames_while_connecting(void **state)
{
	static const char *const lines[] = {"AT+SOCKSL=on\r", "AT+SHORTO=10\r", "AT+Z\r", NULL};

	(void)state;
	boot("m0");
	configure(lines);
	frame("first");
	frame("second");
	connect(0);
	assert_link(0, "firstsecond");
	assert_int_equal(stats(0)->dropped_frames, 0);
}

static void test_restart_counts_a_partial_serial_frame(void **state)
{
	uint32_t lost;

	(void)state;
	boot("gprs232");
	connect(0);
	mock_advance(&dev, &m, 1000);
	lost = usrdtu_get_stats(&dev)->serial_rx_lost;
	usrdtu_serial_rx(&dev, (const uint8_t *)"half", 4, m.now);
	mock_sock_rx(&dev, &m, 0, "usr.cn#AT+Z\r", 12);
	assert_int_equal(usrdtu_get_stats(&dev)->serial_rx_lost, lost + 4);
}

static void test_restart_passes_held_rfc_bytes_on(void **state)
{
	(void)state;
	rfc_on();
	assert_string_equal(mock_sock_rx(&dev, &m, 0, "\x55\xAA", 2), "");
	mock_clear(&m);
	usrdtu_restart(&dev, m.now);
	assert_memory_equal(m.out, "\x55\xAA", 2);
}

static void test_udp_server_without_peer_is_not_broken(void **state)
{
	static const char *const lines[] = {"AT+SOCK=UDPS,0.0.0.0,9000\r", "AT+HEARTEN=on\r",
					    "AT+HEARTTP=NET\r", "AT+HEARTTM=5\r", "AT+Z\r", NULL};

	(void)state;
	boot("m0");
	configure(lines);
	connect(0);
	m.link[0].budget = 0; /* no peer yet: the port takes nothing */
	mock_advance(&dev, &m, 26000);
	assert_int_equal(m.link[0].closes, 0);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_UP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_opens_enabled_sockets),
		cmocka_unit_test(test_cmd_mode_opens_nothing),
		cmocka_unit_test(test_udc_runs_as_net),
		cmocka_unit_test(test_frame_goes_to_every_socket),
		cmocka_unit_test(test_data_from_any_socket_reaches_serial),
		cmocka_unit_test(test_socket_prefix_when_identification_on),
		cmocka_unit_test(test_network_data_in_command_mode_is_counted),
		cmocka_unit_test(test_link_status_query),
		cmocka_unit_test(test_cip_lists_connected_links),
		cmocka_unit_test(test_cache_before_connect_then_in_order),
		cmocka_unit_test(test_cache_full_drops_oldest_counted),
		cmocka_unit_test(test_cache_bytes_full_drops_oldest),
		cmocka_unit_test(test_cache_off_drops_and_counts),
		cmocka_unit_test(test_extension_command_in_every_profile),
		cmocka_unit_test(test_backpressure_keeps_the_rest),
		cmocka_unit_test(test_udp_link_sends_whole_datagrams),
		cmocka_unit_test(test_reconnect_delay_within_jitter_bounds),
		cmocka_unit_test(test_reconnect_jitter_without_hal_random),
		cmocka_unit_test(test_cat1_interval_and_restart_after_sockrsnum),
		cmocka_unit_test(test_m0_clientrst_restarts_after_30_failed_connects),
		cmocka_unit_test(test_cat1_backup_server_alternates),
		cmocka_unit_test(test_cat1_keepalive_goes_to_the_port),
		cmocka_unit_test(test_connect_timeout_counts_as_failure),
		cmocka_unit_test(test_gprs232_link_down_restart),
		cmocka_unit_test(test_rstim_restarts_without_network_data),
		cmocka_unit_test(test_restart_closes_links_and_counts_the_cache),
		cmocka_unit_test(test_short_connection_cycle),
		cmocka_unit_test(test_short_connection_without_cache_keeps_the_opener),
		cmocka_unit_test(test_traffic_keeps_short_connection_open),
		cmocka_unit_test(test_registration_on_connect_before_cached_data),
		cmocka_unit_test(test_registration_with_every_frame),
		cmocka_unit_test(test_registration_contents),
		cmocka_unit_test(test_cat1_sn_registration),
		cmocka_unit_test(test_g781_registration_before_first_data),
		cmocka_unit_test(test_m0_mac_registration_first),
		cmocka_unit_test(test_heartbeat_only_when_idle),
		cmocka_unit_test(test_heartbeat_failures_break_the_link),
		cmocka_unit_test(test_heartbeat_to_serial_regardless_of_traffic),
		cmocka_unit_test(test_cat1_heartbeat_content),
		cmocka_unit_test(test_network_at_answers_that_socket_only),
		cmocka_unit_test(test_network_at_off_is_data),
		cmocka_unit_test(test_network_at_sets_and_saves),
		cmocka_unit_test(test_network_at_keeps_a_partial_serial_frame),
		cmocka_unit_test(test_rfc_frame_split_at_every_offset),
		cmocka_unit_test(test_rfc_frame_byte_by_byte),
		cmocka_unit_test(test_rfc_invalid_bytes_pass_unchanged),
		cmocka_unit_test(test_rfc_held_start_released_after_wait),
		cmocka_unit_test(test_rfc_refused_is_counted_and_consumed),
		cmocka_unit_test(test_rfc_off_forwards_the_frame),
		cmocka_unit_test(test_m0_server_kicks_the_oldest_client),
		cmocka_unit_test(test_m0_server_keep_refuses_beyond_limit),
		cmocka_unit_test(test_server_client_data_and_index),
		cmocka_unit_test(test_m0_uartclbuf_off_keeps_frames_for_the_connection),
		cmocka_unit_test(test_g781_server_socket_a),
		cmocka_unit_test(test_bad_links_and_stale_events),
		cmocka_unit_test(test_m0_links_of_sockets_it_lacks),
		cmocka_unit_test(test_without_network_hal_frames_use_frame_out),
		cmocka_unit_test(test_g781_first_data_registration_allows_heartbeats),
		cmocka_unit_test(test_frame_cut_by_a_broken_link_is_sent_whole_again),
		cmocka_unit_test(test_m0_short_connection_keeps_frames_while_connecting),
		cmocka_unit_test(test_restart_counts_a_partial_serial_frame),
		cmocka_unit_test(test_restart_passes_held_rfc_bytes_on),
		cmocka_unit_test(test_udp_server_without_peer_is_not_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
