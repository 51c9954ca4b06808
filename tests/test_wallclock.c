/*
 * cat1 AT+CCLK: the calendar clock set by the host (later by NTP) keeps
 * running on the monotonic clock.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

static void boot(const struct usrdtu_hal *hal)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, hal, &m), 0);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=OFF\r");
}

static void test_unset_clock_asks_the_hal(void **state)
{
	(void)state;
	boot(&mock_hal_ops);
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"), "\r\n+CME ERROR:50\r\n");
	m.info[USRDTU_INFO_CLOCK] = "20/06/19,20:05:19+32";
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"),
			    "\r\n+CCLK: \"20/06/19,20:05:19+32\"\r\n\r\nOK\r\n");
}

static void test_set_clock_runs(void **state)
{
	(void)state;
	boot(&mock_hal_ops);
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=20/12/01,10:47:46+32\r"), "\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"),
			    "\r\n+CCLK: \"20/12/01,10:47:46+32\"\r\n\r\nOK\r\n");
	m.now += 61500;
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK\r"),
			    "\r\n+CCLK: \"20/12/01,10:48:47+32\"\r\n\r\nOK\r\n");
	/* across midnight, a month end and a leap day */
	mock_send(&dev, &m, "AT+CCLK=24/02/28,23:59:59-08\r");
	m.now += 1000;
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"),
			    "\r\n+CCLK: \"24/02/29,00:00:00-08\"\r\n\r\nOK\r\n");
	m.now += 86400000u;
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"),
			    "\r\n+CCLK: \"24/03/01,00:00:00-08\"\r\n\r\nOK\r\n");
}

static void test_bad_clock_values_are_refused(void **state)
{
	(void)state;
	boot(&mock_hal_ops);
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=20/02/30,10:00:00+00\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=21/02/29,10:00:00+00\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=20/13/01,10:00:00+00\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=20/12/01,24:00:00+00\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=20-12-01,10:00:00+00\r"), "\r\n+CME ERROR:3\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK=20/12/01\r"), "\r\n+CME ERROR:53\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"), "\r\n+CME ERROR:50\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unset_clock_asks_the_hal),
		cmocka_unit_test(test_set_clock_runs),
		cmocka_unit_test(test_bad_clock_values_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
