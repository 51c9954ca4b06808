/*
 * Typed parameters across dialects (SPEC sections 1 and 2): the reject
 * classes of each type, quotes and escapes, and that whatever a query
 * prints can be typed back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

static void boot(const struct usrdtu_profile *profile, const struct usrdtu_hal *hal, const char *echo_off)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, profile, hal, &m), 0);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, echo_off);
	mock_clear(&m);
}

#define OK "\r\nOK\r\n"
#define E3 "\r\n+CME ERROR:3\r\n"
#define E58 "\r\n+CME ERROR:58\r\n"
#define E3C E3 /* cat1: type or missing */
#define E53 "\r\n+CME ERROR:53\r\n" /* cat1: out of range */

static void test_numeric_host_must_be_an_ipv4_address(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232, &mock_hal_ops, "AT+E=\"off\"\r");
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"256.1.1.1\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"1.2.3\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"1.2.3.4.5\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"1..3.4\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"10.0.0.1\",80\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"1.2.3.example\",80\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"bad host\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA?\r"),
			    "\r\n+SOCKA:\"TCP\",\"1.2.3.example\",80\r\n\r\nOK\r\n");
}

static void test_quotes_and_separators(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232, &mock_hal_ops, "AT+E=\"off\"\r");
	/* a quoted value may hold commas; spaces outside quotes are not part of it */
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG = \"a, b\" \r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG?\r"), "\r\n+STMSG:\"a, b\"\r\n\r\nOK\r\n");
	/* unterminated quote, text after the closing quote */
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG=\"abc\r"), E58);
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG=\"abc\"x\r"), E58);
	/* typographic quotes as sent by 001's examples, mixed */
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG=\xE2\x80\x9Chi\xE2\x80\x9D\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG?\r"), "\r\n+STMSG:\"hi\"\r\n\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG=\xE2\x80\x9Dyo\"\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG?\r"), "\r\n+STMSG:\"yo\"\r\n\r\nOK\r\n");
	/* too many parameters, too few */
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=30,1\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"a.b\"\r"), E3);
	/* =? is the test form only when nothing follows */
	assert_string_equal(mock_send(&dev, &m, "AT+HTPURL=/x.php?\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+HTPURL?\r"), "\r\n+HTPURL:\"/x.php?\"\r\n\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPURL=?\r"), "\r\n+HTPURL:<\"URL\">\r\n\r\nOK\r\n");
}

static void test_numbers_never_wrap(void **state)
{
	static const char *const too_big[] = {
		"65536", "65537", "4294967296", "4294967297", "4294967298", "18446744073709551616",
		"18446744073709551617", "340282366920938463463374607431768211456",
		"0000000000000000000000000000000000000000065536", "99999999999999999999999999999999999999",
	};
	char line[128];
	size_t i;

	(void)state;
	boot(&usrdtu_profile_gprs232, &mock_hal_ops, "AT+E=\"off\"\r");
	for (i = 0; i < sizeof too_big / sizeof too_big[0]; i++) {
		snprintf(line, sizeof line, "AT+HEARTTM=%s\r", too_big[i]);
		assert_string_equal(mock_send(&dev, &m, line), E3);
		snprintf(line, sizeof line, "AT+REGID=%s1\r", too_big[i]);
		assert_string_equal(mock_send(&dev, &m, line), E3);
	}
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=0065535\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=0\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=-1\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=+1\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=1e3\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=\"30\"\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM?\r"), "\r\n+HEARTTM:65535\r\n\r\nOK\r\n");
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 65535);
}

static void test_escapes_round_trip_in_each_dialect(void **state)
{
	(void)state;
	/* gprs232 quotes: '"' and controls are escaped, commas are not */
	boot(&usrdtu_profile_gprs232, &mock_hal_ops, "AT+E=\"off\"\r");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD=\"a[22]b,c[0D][0A][5B]41]\"\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD?\r"),
			    "\r\n+HTPHD:\"a[22]b,c[0D][0A][5B]41]\"\r\n\r\nOK\r\n");
	assert_memory_equal(usrdtu_pending_settings(&dev)->http_header, "a\"b,c\r\n[41]", 12);
	/* '[' that is not an escape stays as it is */
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD=\"[x][0][GG]\"\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD?\r"), "\r\n+HTPHD:\"[x][0][GG]\"\r\n\r\nOK\r\n");

	/* cat1 does not quote: ',' is escaped; '?' is not */
	boot(&usrdtu_profile_cat1, &mock_hal_ops, "AT+E=OFF\r");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD=\"x,y?\"\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD?\r"), "\r\n+HTPHD:x[2C]y?\r\n\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHD=x[2C]y?\r"), OK);
	assert_string_equal(usrdtu_pending_settings(&dev)->http_header, "x,y?");

	/* g781 also escapes '?' (its manual prints /1.php[3F]) */
	boot(&usrdtu_profile_g781, &mock_hal_ops, "AT+E=OFF\r");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPURL?\r"), "\r\n+HTPURL:/1.php[3F]\r\n\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPURL=/1.php[3F]\r"), OK);
	assert_string_equal(usrdtu_pending_settings(&dev)->http_url, "/1.php?");

	/* m0 has only <<CRLF>>: a comma can be typed back inside quotes */
	boot(&usrdtu_profile_m0, &mock_hal_ops, "AT+E=off\r");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHEAD=\"a,b\"\r"), "\r\n+ok\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHEAD\r"), "\r\n+ok=\"a,b\"\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+HTPHEAD=\"a,b\"\r"), "\r\n+ok\r\n");
	assert_string_equal(usrdtu_pending_settings(&dev)->http_header, "a,b");
}

/* The split reads an unquoted number's digits (ten or more, leading zeros
 * aside, read as too big) and checks a quoted value's host-name bytes while
 * it looks for the value's end; everything else goes the general way. Both
 * ways must give the same answers: cat1 tells the reject classes apart (3
 * type or missing, 53 range). */
static void test_fast_paths_agree_with_the_general_one(void **state)
{
	(void)state;
	boot(&usrdtu_profile_cat1, &mock_hal_ops, "AT+E=OFF\r");
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=000000030\r"), OK); /* 9 digits */
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 30);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=0000000031\r"), OK); /* 10 digits */
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 31);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM= 32 \r"), OK);
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 32);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=65536\r"), E53);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=999999999\r"), E53);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=0001000000000\r"), E53);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=1234567890\r"), E53);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=42949672950\r"), E53);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=4294967296a\r"), E3C);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=12a\r"), E3C);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=3 0\r"), E3C);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=\"30\"\r"), E3C);
	assert_string_equal(mock_send(&dev, &m, "AT+HEARTTM=\r"), E3C);
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 32);

	boot(&usrdtu_profile_gprs232, &mock_hal_ops, "AT+E=\"off\"\r");
	/* host bytes, a leading digit or dot: the general check decides */
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"9abc\",80\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\".abc\",80\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"-x_y.z\",81\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"a b\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\"\",80\r"), E3);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA?\r"),
			    "\r\n+SOCKA:\"TCP\",\"-x_y.z\",81\r\n\r\nOK\r\n");
	/* spaces around the quotes, typographic quotes */
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\", \"spaced.host\" ,82\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=\"TCP\",\xE2\x80\x9Ctypo.host\xE2\x80\x9D,83\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA?\r"),
			    "\r\n+SOCKA:\"TCP\",\"typo.host\",83\r\n\r\nOK\r\n");
}

/* Digits are counted two at a time: every length, each side of a power of
 * ten, prints as the C library prints it. */
static void test_numbers_print_at_every_length(void **state)
{
	uint32_t power = 1;
	uint8_t buf[10];
	char want[16];
	int k;

	(void)state;
	for (k = 0; k < 10; k++) {
		const uint32_t around[3] = {power - 1u, power, power + 1u};
		int j;

		for (j = 0; j < 3; j++) {
			size_t n = text_u32(buf, around[j]);

			snprintf(want, sizeof want, "%lu", (unsigned long)around[j]);
			assert_int_equal(n, strlen(want));
			assert_memory_equal(buf, want, n);
		}
		if (k < 9)
			power *= 10u;
	}
	assert_int_equal(text_u32(buf, UINT32_MAX), 10);
	assert_memory_equal(buf, "4294967295", 10);
}

static void test_m0_reload_without_flash_gives_factory(void **state)
{
	(void)state;
	boot(&usrdtu_profile_m0, &mock_hal_bare_ops, "AT+E=off\r");
	assert_string_equal(mock_send(&dev, &m, "AT+MAXSK=3\r"), "\r\n+ok\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+RELD\r"), "\r\n+ok=rebooting...\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->max_clients, 8);
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 1);
}

static void test_rejected_set_changes_nothing(void **state)
{
	static struct usrdtu_settings before;

	(void)state;
	boot(&usrdtu_profile_cat1, &mock_hal_ops, "AT+E=OFF\r");
	before = *usrdtu_pending_settings(&dev);
	/* the first parameters are valid, the last is not */
	assert_string_equal(mock_send(&dev, &m, "AT+SOCKA=UDP,example.org,70000\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+UART=9600,8,1,EVEN,RTS\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+KEEPALIVEA=0,10,10,11\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+HEART=OFF,COM,SN,10,7G\r"), "\r\n+CME ERROR:3\r\n");
	assert_memory_equal(usrdtu_pending_settings(&dev), &before, sizeof before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numeric_host_must_be_an_ipv4_address),
		cmocka_unit_test(test_quotes_and_separators),
		cmocka_unit_test(test_numbers_never_wrap),
		cmocka_unit_test(test_escapes_round_trip_in_each_dialect),
		cmocka_unit_test(test_fast_paths_agree_with_the_general_one),
		cmocka_unit_test(test_numbers_print_at_every_length),
		cmocka_unit_test(test_m0_reload_without_flash_gives_factory),
		cmocka_unit_test(test_rejected_set_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
