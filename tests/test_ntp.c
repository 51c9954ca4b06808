/*
 * The cat1 NTP client (src/ntp.c, docs/ntp.md) against the scripted network
 * of mock_hal.c on its virtual clock: the test plays the port and the NTP
 * server on USRDTU_LINK_NTP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"
#include "usrdtu/sntp.h"

static struct usrdtu dev;
static struct mock_hal m;

/* 2026-11-23 14:00:00 UTC as NTP seconds. */
#define NOV23_NTP 0xEEAEC560u
#define NTP_LINK USRDTU_LINK_NTP
#define MINUTE 60000u

static const struct usrdtu_ntp_stats *stats(void)
{
	return usrdtu_get_ntp_stats(&dev);
}

static void boot_profile(const char *profile)
{
	mock_boot(&dev, &m, profile, &mock_hal_net_ops);
}

/* cat1 in command mode (no sockets of NET mode in the way) with the given
 * NTP lines, saved and restarted. */
static void boot_with(const char *const *lines)
{
	boot_profile("cat1");
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=OFF\r");
	mock_send(&dev, &m, "AT+WKMOD=\"CMD\"\r");
	for (; *lines != NULL; lines++) {
		mock_send(&dev, &m, *lines);
		assert_null(strstr((const char *)m.out, "ERR"));
	}
	mock_send(&dev, &m, "AT+S\r");
	mock_clear(&m);
}

static void boot_ntp(void)
{
	static const char *const lines[] = {"AT+NTPEN=ON\r", "AT+NTPSVR=ntp1.test,ntp2.test\r", NULL};

	boot_with(lines);
}

static const char *clock_reply(void)
{
	return mock_send(&dev, &m, "AT+CCLK?\r");
}

/* The port: the UDP link is up; the engine sends its request. */
static void link_up(void)
{
	m.link[NTP_LINK].len = 0;
	mock_sock_event(&dev, &m, NTP_LINK, USRDTU_SOCK_CONNECTED);
	assert_int_equal(m.link[NTP_LINK].len, USRDTU_SNTP_PACKET_LEN);
}

/* A server reply to the request on the link: receive time t2 (seconds and
 * fraction), transmit time t2 + hold. */
static void make_reply(uint8_t *pkt, uint32_t t2s, uint32_t t2f, uint32_t hold_frac)
{
	uint32_t t3f = t2f + hold_frac;
	uint32_t t3s = t2s + (t3f < t2f ? 1u : 0u);
	unsigned i;

	memset(pkt, 0, USRDTU_SNTP_PACKET_LEN);
	pkt[0] = 0x24; /* LI 0, VN 4, server */
	pkt[1] = 2;
	memcpy(pkt + 24, m.link[NTP_LINK].data + 40, 8); /* originate = our transmit */
	for (i = 0; i < 4; i++) {
		pkt[32 + i] = (uint8_t)(t2s >> (24 - 8 * i));
		pkt[36 + i] = (uint8_t)(t2f >> (24 - 8 * i));
		pkt[40 + i] = (uint8_t)(t3s >> (24 - 8 * i));
		pkt[44 + i] = (uint8_t)(t3f >> (24 - 8 * i));
	}
}

static void reply(const uint8_t *pkt, size_t len)
{
	mock_sock_rx(&dev, &m, NTP_LINK, pkt, len);
}

/* A kiss-o'-death packet (stratum 0, RFC 4330 section 8) with `code` as
 * its reference identifier, to the sync in progress. */
static void kiss(const char *code)
{
	uint8_t pkt[48];

	make_reply(pkt, NOV23_NTP, 0, 0);
	pkt[1] = 0;
	memcpy(pkt + 12, code, 4);
	reply(pkt, sizeof pkt);
}

static void test_request_goes_to_the_first_server(void **state)
{
	const uint8_t *req;

	(void)state;
	boot_ntp();
	assert_int_equal(m.opens[MOCK_NTP], 1);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp1.test");
	assert_int_equal(m.req[MOCK_NTP].port, 123);
	assert_int_equal(m.req[MOCK_NTP].proto, USRDTU_PROTO_UDPC);
	/* nothing is sent before the port says the link is up */
	assert_int_equal(m.link[NTP_LINK].sends, 0);
	m.random_value = 0x12345678u;
	link_up();
	req = m.link[NTP_LINK].data;
	assert_int_equal(req[0], 0x23); /* LI 0, VN 4, mode 3 */
	for (unsigned i = 1; i < 40; i++)
		assert_int_equal(req[i], 0);
	/* 20 random low bits in the transmit timestamp's fraction */
	assert_int_equal((req[45] & 0x0F) << 16 | req[46] << 8 | req[47], 0x45678);
	assert_int_equal(stats()->requests, 1);
	assert_int_equal(stats()->rounds, 1);
	/* the link is the NTP client's own: no socket's counters moved */
	assert_int_equal(usrdtu_get_sock_stats(&dev, 0)->tx_bytes, 0);
}

static void test_reply_sets_the_clock(void **state)
{
	uint8_t pkt[48];

	(void)state;
	boot_ntp();
	link_up();
	assert_string_equal(clock_reply(), "\r\n+CME ERROR:50\r\n");
	/* 200 ms round trip, the server held it 0 ms: the clock becomes T3 + 0.1 s */
	m.now += 200;
	make_reply(pkt, NOV23_NTP, 0, 0);
	reply(pkt, sizeof pkt);
	assert_int_equal(stats()->syncs, 1);
	assert_int_equal(stats()->last_delay_ms, 200);
	assert_int_equal(m.link[NTP_LINK].closes, 1);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:00+00\"\r\n\r\nOK\r\n");
	m.now += 899; /* 14:00:00.999 */
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:00+00\"\r\n\r\nOK\r\n");
	m.now += 1; /* 14:00:01.000 */
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:01+00\"\r\n\r\nOK\r\n");
}

static void test_millisecond_rounding_carries(void **state)
{
	uint8_t pkt[48];

	(void)state;
	boot_ntp();
	link_up();
	make_reply(pkt, NOV23_NTP, 0xFFFFFFFFu, 0); /* 14:00:00.9999999998 */
	reply(pkt, sizeof pkt);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:01+00\"\r\n\r\nOK\r\n");
	m.now += 999;
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:01+00\"\r\n\r\nOK\r\n");
	m.now += 1;
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:02+00\"\r\n\r\nOK\r\n");
}

static void test_zone_from_the_hal_or_cclk(void **state)
{
	uint8_t pkt[48];

	(void)state;
	boot_ntp();
	m.info[USRDTU_INFO_CLOCK] = "26/11/23,21:59:50+32"; /* the modem's network time */
	link_up();
	make_reply(pkt, NOV23_NTP, 0, 0);
	reply(pkt, sizeof pkt);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,22:00:00+32\"\r\n\r\nOK\r\n");

	/* a zone AT+CCLK gave stays; the time is NTP's */
	mock_send(&dev, &m, "AT+CCLK=26/11/23,09:00:00-20\r");
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,09:00:00-20\"\r\n\r\nOK\r\n");
	mock_send(&dev, &m, "AT+NTPTM=1\r");
	mock_send(&dev, &m, "AT+S\r");
	link_up();
	make_reply(pkt, NOV23_NTP + 3600u, 0, 0);
	reply(pkt, sizeof pkt);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,10:00:00-20\"\r\n\r\nOK\r\n");
	/* the clock was set before this sync: the offset is how far it was off
	 * (09:00 -20 is 14:00 UTC, an hour behind) */
	assert_int_equal(stats()->last_offset_ms, 3600000);
}

static void test_bad_replies_ignored_and_counted(void **state)
{
	uint8_t pkt[48], bad[48];

	(void)state;
	boot_ntp();
	link_up();
	make_reply(pkt, NOV23_NTP, 0, 0);

	memcpy(bad, pkt, sizeof bad);
	bad[31] ^= 1; /* not an answer to our request */
	reply(bad, sizeof bad);
	memcpy(bad, pkt, sizeof bad);
	bad[0] = 0xE4; /* LI 3: the server is not synchronised */
	reply(bad, sizeof bad);
	memcpy(bad, pkt, sizeof bad);
	bad[1] = 16;
	reply(bad, sizeof bad);
	reply(pkt, 47);
	memcpy(bad, pkt, sizeof bad);
	memset(bad + 40, 0, 8);
	reply(bad, sizeof bad);
	assert_int_equal(stats()->rejected, 5);
	assert_int_equal(stats()->syncs, 0);
	assert_string_equal(clock_reply(), "\r\n+CME ERROR:50\r\n");
	assert_int_equal(m.link[NTP_LINK].closes, 0); /* still waiting for the real one */

	reply(pkt, sizeof pkt);
	assert_int_equal(stats()->syncs, 1);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:00:00+00\"\r\n\r\nOK\r\n");
	/* a copy coming late finds nothing waiting for it */
	reply(pkt, sizeof pkt);
	assert_int_equal(stats()->rejected, 6);
	assert_int_equal(stats()->syncs, 1);
}

static void test_a_time_before_2000_is_refused(void **state)
{
	uint8_t pkt[48];

	(void)state;
	boot_ntp();
	link_up();
	make_reply(pkt, 0x80000000u, 0, 0); /* 1968 */
	reply(pkt, sizeof pkt);
	assert_int_equal(stats()->rejected, 1);
	assert_string_equal(clock_reply(), "\r\n+CME ERROR:50\r\n");
}

static void test_after_2036_the_era_wraps(void **state)
{
	uint8_t pkt[48];

	(void)state;
	boot_ntp();
	link_up();
	make_reply(pkt, 0x0754FD00u, 0, 0); /* 2040-01-01 00:00:00: era 1 */
	reply(pkt, sizeof pkt);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"40/01/01,00:00:00+00\"\r\n\r\nOK\r\n");
}

static void test_timeout_retries_the_next_server(void **state)
{
	(void)state;
	boot_ntp();
	link_up();
	mock_advance(&dev, &m, USRDTU_CFG_NTP_TIMEOUT_MS - 1);
	assert_int_equal(m.opens[MOCK_NTP], 1);
	mock_advance(&dev, &m, 1);
	assert_int_equal(stats()->timeouts, 1);
	assert_int_equal(m.link[NTP_LINK].closes, 1);
	assert_int_equal(m.opens[MOCK_NTP], 2);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp2.test");
	/* the look-up itself may time out too */
	mock_advance(&dev, &m, USRDTU_CFG_NTP_TIMEOUT_MS);
	assert_int_equal(stats()->timeouts, 2);
	assert_int_equal(m.opens[MOCK_NTP], 3);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp1.test");
}

static void test_a_sync_gives_up_and_retries_later(void **state)
{
	unsigned opens;

	(void)state;
	boot_ntp();
	/* every attempt times out */
	mock_advance(&dev, &m, USRDTU_CFG_NTP_ATTEMPTS * USRDTU_CFG_NTP_TIMEOUT_MS);
	assert_int_equal(stats()->timeouts, USRDTU_CFG_NTP_ATTEMPTS);
	assert_int_equal(stats()->failed_rounds, 1);
	opens = m.opens[MOCK_NTP];
	assert_int_equal(opens, USRDTU_CFG_NTP_ATTEMPTS);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_CFG_NTP_RETRY_MS);
	mock_advance(&dev, &m, USRDTU_CFG_NTP_RETRY_MS - 1);
	assert_int_equal(m.opens[MOCK_NTP], opens);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.opens[MOCK_NTP], opens + 1);
	assert_int_equal(stats()->rounds, 2);
}

static void test_link_failures_counted_and_bounded(void **state)
{
	(void)state;
	boot_ntp();
	/* the port fails the look-up */
	mock_sock_event(&dev, &m, NTP_LINK, USRDTU_SOCK_FAILED);
	assert_int_equal(stats()->link_failures, 1);
	usrdtu_poll(&dev, m.now);
	assert_int_equal(m.opens[MOCK_NTP], 2);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp2.test");
	/* the link breaks while the request is out */
	link_up();
	mock_sock_event(&dev, &m, NTP_LINK, USRDTU_SOCK_CLOSED);
	assert_int_equal(stats()->link_failures, 2);
	/* sock_open refuses: the remaining attempts run at once, then the sync waits */
	m.open_result = USRDTU_ERR_IO;
	usrdtu_poll(&dev, m.now);
	assert_int_equal(stats()->link_failures, USRDTU_CFG_NTP_ATTEMPTS);
	assert_int_equal(stats()->failed_rounds, 1);
	assert_int_equal(m.opens[MOCK_NTP], USRDTU_CFG_NTP_ATTEMPTS);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_CFG_NTP_RETRY_MS);
}

static void test_send_refused_is_a_link_failure(void **state)
{
	(void)state;
	boot_ntp();
	m.link[NTP_LINK].budget = 10; /* a datagram port takes all or nothing: this is a failure */
	mock_sock_event(&dev, &m, NTP_LINK, USRDTU_SOCK_CONNECTED);
	assert_int_equal(stats()->link_failures, 1);
	assert_int_equal(stats()->requests, 0);
	assert_int_equal(m.link[NTP_LINK].closes, 1);
}

static void test_periodic_resync(void **state)
{
	static const char *const lines[] = {"AT+NTPEN=ON\r", "AT+NTPSVR=ntp1.test\r", "AT+NTPTM=2\r", NULL};
	uint8_t pkt[48];

	(void)state;
	boot_with(lines);
	link_up();
	make_reply(pkt, NOV23_NTP, 0, 0);
	reply(pkt, sizeof pkt);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), 2 * MINUTE);
	mock_advance(&dev, &m, 2 * MINUTE - 1);
	assert_int_equal(m.opens[MOCK_NTP], 1);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.opens[MOCK_NTP], 2);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp1.test");
	link_up();
	/* the clock ran 2 minutes on our side: the server says 14:05 */
	make_reply(pkt, NOV23_NTP + 300u, 0, 0);
	reply(pkt, sizeof pkt);
	assert_int_equal(stats()->syncs, 2);
	assert_int_equal(stats()->last_offset_ms, 180000);
	assert_string_equal(clock_reply(), "\r\n+CCLK: \"26/11/23,14:05:00+00\"\r\n\r\nOK\r\n");
}

/* NTPTM's top, 65535 minutes (45.5 days), is past 2^31 ms. */
static void test_longest_period(void **state)
{
	static const char *const lines[] = {"AT+NTPEN=ON\r", "AT+NTPTM=65535\r", NULL};
	uint8_t pkt[48];
	unsigned day;

	(void)state;
	boot_with(lines);
	assert_string_equal(m.req[MOCK_NTP].host, "cn.ntp.org.cn"); /* the manual's default */
	link_up();
	make_reply(pkt, NOV23_NTP, 0, 0);
	reply(pkt, sizeof pkt);
	for (day = 0; day < 45; day++)
		mock_advance(&dev, &m, 24u * 60u * MINUTE);
	assert_int_equal(m.opens[MOCK_NTP], 1);
	mock_advance(&dev, &m, 65535u * MINUTE - 45u * 24u * 60u * MINUTE - 1u);
	assert_int_equal(m.opens[MOCK_NTP], 1);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.opens[MOCK_NTP], 2);
}

static void test_kiss_deny_drops_the_server(void **state)
{
	uint8_t pkt[48];

	(void)state;
	boot_ntp();
	link_up();
	kiss("DENY");
	assert_int_equal(stats()->kisses, 1);
	assert_int_equal(stats()->syncs, 0);
	assert_int_equal(m.link[NTP_LINK].closes, 1);
	usrdtu_poll(&dev, m.now);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp2.test");
	link_up();
	make_reply(pkt, NOV23_NTP, 0, 0);
	reply(pkt, sizeof pkt);
	assert_int_equal(stats()->syncs, 1);
	/* the next sync does not go back to the server that said DENY */
	mock_advance(&dev, &m, 60u * MINUTE);
	assert_int_equal(m.opens[MOCK_NTP], 3);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp2.test");
	mock_advance(&dev, &m, USRDTU_CFG_NTP_TIMEOUT_MS);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp2.test");
}

static void test_kiss_rate_tries_the_next(void **state)
{
	(void)state;
	boot_ntp();
	link_up();
	kiss("RATE");
	assert_int_equal(stats()->kisses, 1);
	usrdtu_poll(&dev, m.now);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp2.test");
	/* RATE does not ban: after a timeout the first server is asked again */
	mock_advance(&dev, &m, USRDTU_CFG_NTP_TIMEOUT_MS);
	assert_string_equal(m.req[MOCK_NTP].host, "ntp1.test");
}

static void test_restart_closes_the_link(void **state)
{
	(void)state;
	boot_ntp();
	link_up();
	mock_send(&dev, &m, "AT+Z\r");
	assert_int_equal(m.link[NTP_LINK].closes, 1);
	assert_int_equal(m.opens[MOCK_NTP], 2); /* and the new boot syncs again */
	/* an event for the old attempt is not mistaken for the new one */
	assert_int_equal(usrdtu_sock_event(&dev, NTP_LINK, USRDTU_SOCK_WRITABLE, m.now), 0);
	assert_int_equal(stats()->link_failures, 0);
}

static void test_ntpen_off_sends_nothing(void **state)
{
	static const char *const lines[] = {"AT+NTPSVR=ntp1.test\r", NULL};

	(void)state;
	boot_with(lines);
	assert_string_equal(mock_send(&dev, &m, "AT+NTPEN?\r"), "\r\n+NTPEN:OFF\r\n\r\nOK\r\n");
	mock_advance(&dev, &m, 120u * MINUTE);
	assert_int_equal(m.opens[MOCK_NTP], 0);
	assert_int_equal(m.link[NTP_LINK].sends, 0);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_NO_DEADLINE);
	assert_int_equal(stats()->rounds, 0);
	/* a datagram on the link is counted, not taken */
	assert_int_equal(usrdtu_sock_rx(&dev, NTP_LINK, (const uint8_t *)"x", 1, m.now), 0);
	assert_int_equal(stats()->rejected, 1);
	/* NTPEN=ON takes effect at the restart AT+S makes */
	mock_send(&dev, &m, "AT+NTPEN=ON\r");
	mock_advance(&dev, &m, MINUTE);
	assert_int_equal(m.opens[MOCK_NTP], 0);
	mock_send(&dev, &m, "AT+S\r");
	assert_int_equal(m.opens[MOCK_NTP], 1);
}

static void test_no_network_hal_no_ntp(void **state)
{
	(void)state;
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, &mock_hal_ops, &m), 0);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+NTPEN=ON\r");
	mock_send(&dev, &m, "AT+S\r");
	mock_advance(&dev, &m, 10u * MINUTE);
	assert_int_equal(usrdtu_get_ntp_stats(&dev)->rounds, 0);
}

static void test_other_profiles_have_no_ntp(void **state)
{
	static const char *const profiles[] = {"gprs232", "g781", "m0"};
	unsigned i;

	(void)state;
	for (i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
		boot_profile(profiles[i]);
		mock_enter_command(&dev, &m);
		mock_clear(&m);
		mock_send(&dev, &m, "AT+NTPEN=ON\r");
		assert_null(strstr((const char *)m.out, "OK"));
		assert_int_equal(usrdtu_active_settings(&dev)->ntp_enabled, 0);
		mock_advance(&dev, &m, 120u * MINUTE);
		assert_int_equal(m.opens[MOCK_NTP], 0);
		assert_int_equal(stats()->rounds, 0);
		assert_int_equal(stats()->requests, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_goes_to_the_first_server),
		cmocka_unit_test(test_reply_sets_the_clock),
		cmocka_unit_test(test_millisecond_rounding_carries),
		cmocka_unit_test(test_zone_from_the_hal_or_cclk),
		cmocka_unit_test(test_bad_replies_ignored_and_counted),
		cmocka_unit_test(test_a_time_before_2000_is_refused),
		cmocka_unit_test(test_after_2036_the_era_wraps),
		cmocka_unit_test(test_timeout_retries_the_next_server),
		cmocka_unit_test(test_a_sync_gives_up_and_retries_later),
		cmocka_unit_test(test_link_failures_counted_and_bounded),
		cmocka_unit_test(test_send_refused_is_a_link_failure),
		cmocka_unit_test(test_periodic_resync),
		cmocka_unit_test(test_longest_period),
		cmocka_unit_test(test_kiss_deny_drops_the_server),
		cmocka_unit_test(test_kiss_rate_tries_the_next),
		cmocka_unit_test(test_restart_closes_the_link),
		cmocka_unit_test(test_ntpen_off_sends_nothing),
		cmocka_unit_test(test_no_network_hal_no_ntp),
		cmocka_unit_test(test_other_profiles_have_no_ntp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
