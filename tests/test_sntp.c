/*
 * The SNTP codec (src/sntp.c) against packets written out by hand from
 * RFC 4330: section 3 (timestamp format, eras), section 4 (the 48-byte
 * header: LI, VN, Mode, Stratum, Poll, Precision, Root Delay, Root
 * Dispersion, Reference Identifier, four timestamps), section 5 (client
 * operation: the request's fields, the checks on a reply, offset and delay)
 * and section 8 (kiss-o'-death). The vectors are byte arrays, so the test
 * checks the byte order on any host (CI runs it on big-endian s390x too).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "usrdtu/sntp.h"

/* 2026-11-23 14:00:00 UTC: Unix 1795442400, NTP 4004431200 = 0xEEAEC560. */
#define NOV23_NTP 0xEEAEC560u
#define NOV23_UNIX 1795442400

static const struct usrdtu_ntp_time sent = {NOV23_NTP, 0x80000000u}; /* 14:00:00.5 */

/* RFC 4330 section 4 and 5: a unicast request is LI 0, VN 4, Mode 3
 * (0x23), every other field 0 but the transmit timestamp. */
static const uint8_t request_vector[48] = {
	0x23, 0, 0, 0, /* LI 0 | VN 4 | Mode 3, stratum, poll, precision */
	0, 0, 0, 0,    /* root delay */
	0, 0, 0, 0,    /* root dispersion */
	0, 0, 0, 0,    /* reference identifier */
	0, 0, 0, 0, 0, 0, 0, 0, /* reference timestamp */
	0, 0, 0, 0, 0, 0, 0, 0, /* originate */
	0, 0, 0, 0, 0, 0, 0, 0, /* receive */
	0xEE, 0xAE, 0xC5, 0x60, 0x80, 0x00, 0x00, 0x00, /* transmit: 14:00:00.5 */
};

/* A server's answer to it: LI 0, VN 4, Mode 4 (0x24), stratum 2, poll 6,
 * precision -20, root delay 0x0D2E/65536 s, root dispersion 0x0A1B/65536
 * s, reference id 192.168.1.1, originate = our transmit, receive
 * 14:00:10.25, transmit 14:00:10.5. */
static const uint8_t reply_vector[48] = {
	0x24, 0x02, 0x06, 0xEC,
	0x00, 0x00, 0x0D, 0x2E,
	0x00, 0x00, 0x0A, 0x1B,
	0xC0, 0xA8, 0x01, 0x01,
	0xEE, 0xAE, 0xC5, 0x50, 0x00, 0x00, 0x00, 0x00, /* reference: 13:59:44 */
	0xEE, 0xAE, 0xC5, 0x60, 0x80, 0x00, 0x00, 0x00, /* originate */
	0xEE, 0xAE, 0xC5, 0x6A, 0x40, 0x00, 0x00, 0x00, /* receive */
	0xEE, 0xAE, 0xC5, 0x6A, 0x80, 0x00, 0x00, 0x00, /* transmit */
};

static void copy_reply(uint8_t *pkt)
{
	memcpy(pkt, reply_vector, sizeof reply_vector);
}

static void test_request_bytes(void **state)
{
	uint8_t buf[64];

	(void)state;
	memset(buf, 0xA5, sizeof buf);
	assert_int_equal(usrdtu_sntp_request(buf, sizeof buf, &sent), 48);
	assert_memory_equal(buf, request_vector, 48);
	assert_int_equal(buf[48], 0xA5); /* nothing past the packet */
}

static void test_request_needs_room(void **state)
{
	uint8_t buf[48];

	(void)state;
	memset(buf, 0xA5, sizeof buf);
	assert_int_equal(usrdtu_sntp_request(buf, 47, &sent), 0);
	assert_int_equal(buf[0], 0xA5);
	assert_int_equal(usrdtu_sntp_request(NULL, 48, &sent), 0);
	assert_int_equal(usrdtu_sntp_request(buf, 48, NULL), 0);
}

static void test_reply_fields(void **state)
{
	struct usrdtu_sntp_reply r;

	(void)state;
	assert_int_equal(usrdtu_sntp_parse(reply_vector, 48, &sent, &r), USRDTU_SNTP_OK);
	assert_int_equal(r.leap, 0);
	assert_int_equal(r.version, 4);
	assert_int_equal(r.mode, 4);
	assert_int_equal(r.stratum, 2);
	assert_int_equal(r.poll, 6);
	assert_int_equal(r.precision, -20);
	assert_int_equal(r.root_delay, 0x0D2Eu);
	assert_int_equal(r.root_dispersion, 0x0A1Bu);
	assert_memory_equal(r.ref_id, "\xC0\xA8\x01\x01", 4);
	assert_int_equal(r.reference.seconds, NOV23_NTP - 16u);
	assert_int_equal(r.reference.fraction, 0);
	assert_int_equal(r.originate.seconds, NOV23_NTP);
	assert_int_equal(r.originate.fraction, 0x80000000u);
	assert_int_equal(r.receive.seconds, NOV23_NTP + 10u);
	assert_int_equal(r.receive.fraction, 0x40000000u);
	assert_int_equal(r.transmit.seconds, NOV23_NTP + 10u);
	assert_int_equal(r.transmit.fraction, 0x80000000u);
}

static void test_longer_reply_taken(void **state)
{
	uint8_t pkt[68]; /* RFC 4330 section 4: key identifier and digest may follow */
	struct usrdtu_sntp_reply r;

	(void)state;
	memset(pkt, 0x77, sizeof pkt);
	copy_reply(pkt);
	assert_int_equal(usrdtu_sntp_parse(pkt, sizeof pkt, &sent, &r), USRDTU_SNTP_OK);
	assert_int_equal(r.transmit.seconds, NOV23_NTP + 10u);
}

static void test_leap_warnings_taken(void **state)
{
	uint8_t pkt[48];

	(void)state;
	copy_reply(pkt);
	pkt[0] = 0x64; /* LI 1: last minute has 61 seconds */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_OK);
	pkt[0] = 0xA4; /* LI 2: 59 seconds */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_OK);
	pkt[0] = 0x1C; /* VN 3 servers answer too */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_OK);
	pkt[1] = 15; /* the highest valid stratum */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_OK);
}

/* Each rule of RFC 4330 section 5, one field changed at a time. */
static void test_rejections(void **state)
{
	uint8_t pkt[48];

	(void)state;
	assert_int_equal(usrdtu_sntp_parse(reply_vector, 47, &sent, NULL), USRDTU_SNTP_SHORT);
	assert_int_equal(usrdtu_sntp_parse(NULL, 48, &sent, NULL), USRDTU_SNTP_SHORT);

	copy_reply(pkt);
	pkt[0] = 0x23; /* mode 3: a client's request (our own echoed back) */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_BAD_MODE);
	pkt[0] = 0x25; /* mode 5: broadcast, not an answer */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_BAD_MODE);

	copy_reply(pkt);
	pkt[0] = 0x04; /* VN 0 */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_BAD_VERSION);
	pkt[0] = 0x2C; /* VN 5 */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_BAD_VERSION);

	copy_reply(pkt);
	pkt[31] ^= 0x01; /* originate: one bit of the fraction */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_NOT_OURS);
	copy_reply(pkt);
	pkt[24] ^= 0x80; /* originate: the top bit of the seconds */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_NOT_OURS);
	copy_reply(pkt);
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, NULL, NULL), USRDTU_SNTP_NOT_OURS);

	copy_reply(pkt);
	pkt[1] = 16; /* unsynchronised */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_BAD_STRATUM);
	pkt[1] = 255; /* reserved */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_BAD_STRATUM);

	copy_reply(pkt);
	pkt[0] = 0xE4; /* LI 3: alarm, the server's clock is not synchronised */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_UNSYNCHRONISED);

	copy_reply(pkt);
	memset(pkt + 40, 0, 8); /* transmit timestamp 0 */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_NO_TIME);
	pkt[47] = 1; /* a non-zero fraction alone is a time */
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, NULL), USRDTU_SNTP_OK);
}

/* RFC 4330 section 8: stratum 0 carries a kiss code in the reference id. */
static void test_kiss_of_death(void **state)
{
	uint8_t pkt[48];
	struct usrdtu_sntp_reply r;

	(void)state;
	copy_reply(pkt);
	pkt[0] = 0xE4; /* kisses usually come with LI 3: the kiss is what counts */
	pkt[1] = 0;
	memcpy(pkt + 12, "DENY", 4);
	memset(&r, 0, sizeof r);
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, &r), USRDTU_SNTP_KISS);
	assert_memory_equal(r.ref_id, "DENY", 4);
	/* a kiss that is not an answer to our request is a forgery */
	pkt[30] ^= 0x10;
	assert_int_equal(usrdtu_sntp_parse(pkt, 48, &sent, &r), USRDTU_SNTP_NOT_OURS);
}

/* RFC 4330 section 3: seconds with the top bit set count from 1900, the
 * others from 2036-02-07 06:28:16 UTC (era 1). */
static void test_eras(void **state)
{
	(void)state;
	assert_true(usrdtu_ntp_to_unix(NOV23_NTP) == NOV23_UNIX);
	assert_true(usrdtu_ntp_to_unix(0x80000000u) == -61505152); /* 1968-01-20 03:14:08 */
	assert_true(usrdtu_ntp_to_unix(0xFFFFFFFFu) == 2085978495);
	assert_true(usrdtu_ntp_to_unix(0x00000000u) == 2085978496); /* the wrap */
	assert_true(usrdtu_ntp_to_unix(0x0754FD00u) == 2208988800); /* 2040-01-01 */
	assert_true(usrdtu_ntp_to_unix(0x7FFFFFFFu) == 4233462143); /* 2104-02-26 09:42:23, the end of era 1 in this rule */
	assert_int_equal(usrdtu_ntp_from_unix(NOV23_UNIX), NOV23_NTP);
	assert_int_equal(usrdtu_ntp_from_unix(2085978496), 0);
	assert_int_equal(usrdtu_ntp_from_unix(2208988800), 0x0754FD00u);
	assert_int_equal(usrdtu_ntp_from_unix(0), 2208988800u);
	assert_int_equal(usrdtu_ntp_from_unix(-61505152), 0x80000000u);
}

static void test_diff_across_the_wrap(void **state)
{
	struct usrdtu_ntp_time before = {0xFFFFFFFFu, 0xC0000000u}; /* 2036, 0.25 s before the wrap */
	struct usrdtu_ntp_time after = {0x00000001u, 0x40000000u};  /* 1.25 s after */
	struct usrdtu_ntp_time t;

	(void)state;
	assert_true(usrdtu_ntp_diff(&after, &before) == (int64_t)3 << 31); /* 1.5 s */
	assert_true(usrdtu_ntp_diff(&before, &after) == -((int64_t)3 << 31));
	t = usrdtu_ntp_add(&before, (int64_t)3 << 31);
	assert_int_equal(t.seconds, after.seconds);
	assert_int_equal(t.fraction, after.fraction);
	t = usrdtu_ntp_add(&after, -((int64_t)3 << 31));
	assert_int_equal(t.seconds, before.seconds);
	assert_int_equal(t.fraction, before.fraction);
}

static void test_fixed_to_ms(void **state)
{
	(void)state;
	assert_true(usrdtu_ntp_fixed_to_ms((int64_t)3 << 31) == 1500);
	assert_true(usrdtu_ntp_fixed_to_ms(-((int64_t)3 << 31)) == -1500);
	assert_true(usrdtu_ntp_fixed_to_ms(0) == 0);
	assert_true(usrdtu_ntp_fixed_to_ms(2147483) == 0);  /* just under 0.5 ms */
	assert_true(usrdtu_ntp_fixed_to_ms(2147484) == 1);  /* just over */
	assert_true(usrdtu_ntp_fixed_to_ms(-2147484) == -1);
	assert_true(usrdtu_ntp_fixed_to_ms(858993459) == 200); /* 200 ms as the engine makes it */
	assert_true(usrdtu_ntp_fixed_to_ms(INT64_MIN) == -2147483648000);
	assert_true(usrdtu_ntp_fixed_to_ms(INT64_MAX) == 2147483648000);
}

/* RFC 4330 section 5's formulas on the vector: T1 14:00:00.5, T2
 * 14:00:10.25, T3 14:00:10.5, and T4 14:00:01.5 on our clock. */
static void test_offset_and_delay(void **state)
{
	struct usrdtu_sntp_reply r;
	struct usrdtu_ntp_time t4 = {NOV23_NTP + 1u, 0x80000000u};
	int64_t offset = 0, delay = 0;

	(void)state;
	assert_int_equal(usrdtu_sntp_parse(reply_vector, 48, &sent, &r), USRDTU_SNTP_OK);
	usrdtu_sntp_offset_delay(&r, &t4, &offset, &delay);
	/* delay = (T4 - T1) - (T3 - T2) = 1 - 0.25 */
	assert_true(delay == (int64_t)3 << 30);
	/* offset = ((T2 - T1) + (T3 - T4)) / 2 = (9.75 + 9) / 2 = 9.375 */
	assert_true(offset == ((int64_t)75 << 32) / 8);
	assert_true(usrdtu_ntp_fixed_to_ms(offset) == 9375);
	usrdtu_sntp_offset_delay(&r, &t4, NULL, NULL); /* either may be left out */
}

/* The same exchange with every timestamp moved across the 2036 wrap. */
static void test_offset_across_the_wrap(void **state)
{
	struct usrdtu_sntp_reply r;
	struct usrdtu_ntp_time t4;
	int64_t offset, delay;

	(void)state;
	memset(&r, 0, sizeof r);
	r.originate.seconds = 0xFFFFFFFFu; /* T1: era 0's last second */
	r.receive.seconds = 8u;            /* T2: era 1, 9.75 s later */
	r.receive.fraction = 0xC0000000u;
	r.transmit.seconds = 9u;           /* T3: 0.25 s after T2 */
	r.transmit.fraction = 0u;
	t4.seconds = 0u;                   /* T4: 1 s after T1 */
	t4.fraction = 0u;
	usrdtu_sntp_offset_delay(&r, &t4, &offset, &delay);
	assert_true(delay == (int64_t)3 << 30);
	assert_true(offset == ((int64_t)75 << 32) / 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request_bytes),
		cmocka_unit_test(test_request_needs_room),
		cmocka_unit_test(test_reply_fields),
		cmocka_unit_test(test_longer_reply_taken),
		cmocka_unit_test(test_leap_warnings_taken),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_kiss_of_death),
		cmocka_unit_test(test_eras),
		cmocka_unit_test(test_diff_across_the_wrap),
		cmocka_unit_test(test_fixed_to_ms),
		cmocka_unit_test(test_offset_and_delay),
		cmocka_unit_test(test_offset_across_the_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
