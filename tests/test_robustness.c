/*
 * Paths where a failure or an odd input must leave everything as it was,
 * found by review and fuzzing: failed saves, commands sharing a frame with a
 * save, values that must survive a query and a retype, clocks that step
 * back, re-entry from a HAL callback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

static void boot(const struct usrdtu_profile *profile, const char *echo_off)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, profile, &mock_hal_ops, &m), 0);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, echo_off);
	mock_clear(&m);
}

static void test_save_at_once_leaves_the_rest_of_a_frame_alone(void **state)
{
	(void)state;
	boot(&usrdtu_profile_g781, "AT+E=OFF\r");
	mock_send(&dev, &m, "AT+ENTM\r");
	assert_string_equal(mock_send_frame(&dev, &m, "www.usr.cn#AT+STMSG=abc\rAT+VER\rAT+STMSG?\r"),
			    "\r\nOK\r\n\r\n+VER:V1.0.0\r\n\r\nOK\r\n\r\n+STMSG:abc\r\n\r\nOK\r\n");
	/* an old value that looks like a command is never run */
	assert_string_equal(mock_send_frame(&dev, &m, "www.usr.cn#AT+STMSG=xAT+CLEAR[0D]"), "\r\nOK\r\n");
	assert_string_equal(mock_send_frame(&dev, &m, "www.usr.cn#AT+STMSG=hello\rAT+HEARTTM?\r"),
			    "\r\nOK\r\n\r\n+HEARTTM:30\r\n\r\nOK\r\n");
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, 1);
}

static void test_failed_reload_and_clear_keep_pending(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232, "AT+E=\"off\"\r");
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG=\"mine\"\r"), "\r\nOK\r\n");
	m.power_budget = 0;
	assert_string_equal(mock_send(&dev, &m, "AT+RELD\r"), "\r\n+CME ERROR:50\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+CLEAR\r"), "\r\n+CME ERROR:50\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG?\r"), "\r\n+STMSG:\"mine\"\r\n\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+E?\r"), "\r\n+E:\"off\"\r\n\r\nOK\r\n");
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, 1);
}

static void test_clear_and_reload_through_flash(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232, "AT+E=\"off\"\r");
	mock_send(&dev, &m, "AT+HEARTTM=11\r");
	mock_send(&dev, &m, "AT+CFGTF\r");
	mock_send(&dev, &m, "AT+HEARTTM=22\r");
	mock_send(&dev, &m, "AT+S\r");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 22);
	mock_enter_command(&dev, &m);
	assert_string_equal(mock_send(&dev, &m, "AT+RELD\r"), "\r\nOK\r\nUSR-GM3 V3.0.0\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 11);
	mock_enter_command(&dev, &m);
	/* the user defaults kept echo off */
	assert_string_equal(mock_send(&dev, &m, "AT+CLEAR\r"), "\r\nOK\r\nUSR-GM3 V3.0.0\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 30);
	/* the user defaults are the factory ones again */
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+RELD\r");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 30);
}

static void test_signin_password_is_kept_by_save_only(void **state)
{
	(void)state;
	boot(&usrdtu_profile_cat1, "AT+E=OFF\r");
	/* E acts at once but is not saved; a new password must not save it */
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=newpw\r"), "\r\nOK\r\n");
	assert_string_equal(usrdtu_active_settings(&dev)->login_password, "newpw");
	mock_send(&dev, &m, "AT+Z\r");
	assert_int_equal(usrdtu_active_settings(&dev)->echo, 1);
	assert_string_equal(usrdtu_active_settings(&dev)->login_password, "usr_cn");
}

static void test_list_parameters_left_out(void **state)
{
	(void)state;
	boot(&usrdtu_profile_cat1, "AT+E=OFF\r");
	assert_string_equal(mock_send(&dev, &m, "AT+NTPSVR=pool.ntp.org\r"), "\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+NTPSVR?\r"), "\r\n+NTPSVR:pool.ntp.org\r\n\r\nOK\r\n");
	assert_string_equal(usrdtu_pending_settings(&dev)->ntp_server[1], "");
}

/* Sets value with set_fmt, queries it, types the printed value back, and
 * checks the stored bytes are the same. */
static void round_trip(const char *name, const char *set_line, const char *stored,
		       const char *(*field)(void))
{
	char line[256];
	const char *out, *value, *end;

	assert_string_equal(mock_send(&dev, &m, set_line), "\r\nOK\r\n");
	assert_string_equal(field(), stored);
	snprintf(line, sizeof line, "AT+%s?\r", name);
	out = mock_send(&dev, &m, line);
	value = strchr(out, ':') + 1;
	end = strstr(value, "\r\n");
	assert_non_null(end);
	snprintf(line, sizeof line, "AT+%s=%.*s\r", name, (int)(end - value), value);
	assert_string_equal(mock_send(&dev, &m, line), "\r\nOK\r\n");
	assert_string_equal(field(), stored);
}

static const char *stmsg(void)
{
	return usrdtu_pending_settings(&dev)->start_message;
}

static const char *url(void)
{
	return usrdtu_pending_settings(&dev)->http_url;
}

static void test_whatever_a_query_prints_can_be_typed_back(void **state)
{
	(void)state;
	boot(&usrdtu_profile_cat1, "AT+E=OFF\r");
	round_trip("STMSG", "AT+STMSG=\"  hi  \"\r", "  hi  ", stmsg);
	round_trip("STMSG", "AT+STMSG=[22]quoted\r", "\"quoted", stmsg);
	round_trip("STMSG", "AT+STMSG=[E2][80][9C]x\r", "\xE2\x80\x9Cx", stmsg);
	round_trip("STMSG", "AT+STMSG=a[2C][2C]b\r", "a,,b", stmsg);
	round_trip("HTPURL", "AT+HTPURL=\"?\"\r", "?", url);
	boot(&usrdtu_profile_gprs232, "AT+E=\"off\"\r");
	round_trip("STMSG", "AT+STMSG=\"a[E2][80][9D]b\"\r", "a\xE2\x80\x9D" "b", stmsg);
	round_trip("STMSG", "AT+STMSG=\" x \"\r", " x ", stmsg);
}

static void test_lf_of_the_last_command_is_not_data(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232, "AT+E=\"off\"\r");
	mock_send(&dev, &m, "AT+ENTM\r");
	mock_send(&dev, &m, "\n");
	mock_advance(&dev, &m, 1000);
	assert_int_equal(m.frame_count, 0);
	mock_send(&dev, &m, "\n");
	mock_advance(&dev, &m, 1000);
	assert_int_equal(m.frame_count, 1); /* a second LF is data */
}

static void test_many_lines_in_one_read(void **state)
{
	static char burst[3 * 2000 + 1];
	size_t i, oks = 0;
	const char *p;

	(void)state;
	boot(&usrdtu_profile_gprs232, "AT+E=\"off\"\r");
	for (i = 0; i < 2000; i++)
		memcpy(burst + 3 * i, "AT\n", 3);
	p = mock_send(&dev, &m, burst);
	while ((p = strstr(p, "OK")) != NULL) {
		oks++;
		p += 2;
	}
	assert_int_equal(oks, 2000);
}

static void test_a_clock_a_little_behind_is_not_a_timeout(void **state)
{
	(void)state;
	mock_init(&m);
	usrdtu_init(&dev, &usrdtu_profile_gprs232, &mock_hal_ops, &m);
	m.now += 1000;
	mock_send(&dev, &m, "+++");
	usrdtu_poll(&dev, m.now - 1);
	assert_int_equal(usrdtu_get_stats(&dev)->escape_aborts, 0);
	assert_string_equal(mock_send(&dev, &m, "a"), "+ok\r\n");
	mock_send(&dev, &m, "AT+VE");
	usrdtu_poll(&dev, m.now - 5);
	assert_string_equal((const char *)m.out, "AT+VE");
}

static void test_calendar_survives_the_millisecond_wrap(void **state)
{
	int i;

	(void)state;
	boot(&usrdtu_profile_cat1, "AT+E=OFF\r");
	mock_send(&dev, &m, "AT+CCLK=20/12/01,00:00:00+00\r");
	for (i = 0; i < 100; i++) { /* 100 days, polled daily */
		m.now += 86400000u;
		usrdtu_poll(&dev, m.now);
	}
	assert_string_equal(mock_send(&dev, &m, "AT+CCLK?\r"),
			    "\r\n+CCLK: \"21/03/11,00:00:00+00\"\r\n\r\nOK\r\n");
}

static void test_plus_in_command_mode_is_answered_fast(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232, "AT+E=\"off\"\r");
	mock_send(&dev, &m, "+++");
	mock_advance(&dev, &m, 60);
	assert_string_equal((const char *)m.out, "\r\n+CME ERROR:58\r\n");
}

static int reentered;
static struct mock_hal *reenter_mock;

static int reentering_write(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	reentered = usrdtu_serial_rx(&dev, (const uint8_t *)"AT\r", 3, reenter_mock->now);
	return (int)len;
}

static void test_a_callback_cannot_reenter(void **state)
{
	struct usrdtu_hal hal = mock_hal_ops;

	(void)state;
	mock_init(&m);
	reenter_mock = &m;
	hal.serial_write = reentering_write;
	usrdtu_init(&dev, &usrdtu_profile_gprs232, &hal, &m);
	assert_int_equal(reentered, USRDTU_ERR_BUSY);
	reentered = 0;
	m.now += 1000;
	usrdtu_serial_rx(&dev, (const uint8_t *)"+++a", 4, m.now);
	assert_int_equal(reentered, USRDTU_ERR_BUSY);
	assert_true(usrdtu_in_command_mode(&dev));
}

static void test_frames_without_a_consumer_are_counted(void **state)
{
	(void)state;
	mock_init(&m);
	usrdtu_init(&dev, &usrdtu_profile_m0, &mock_hal_bare_ops, &m);
	mock_send(&dev, &m, "data");
	mock_advance(&dev, &m, 100);
	/* the bare HAL has frame_out: a HAL without one drops and counts */
	assert_int_equal(usrdtu_get_stats(&dev)->frames_out, 1);
	{
		struct usrdtu_hal hal = mock_hal_bare_ops;

		hal.frame_out = NULL;
		usrdtu_init(&dev, &usrdtu_profile_m0, &hal, &m);
		mock_send(&dev, &m, "data");
		mock_advance(&dev, &m, 100);
		assert_int_equal(usrdtu_get_stats(&dev)->frames_dropped, 1);
		assert_int_equal(usrdtu_get_stats(&dev)->frames_out, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_at_once_leaves_the_rest_of_a_frame_alone),
		cmocka_unit_test(test_failed_reload_and_clear_keep_pending),
		cmocka_unit_test(test_clear_and_reload_through_flash),
		cmocka_unit_test(test_signin_password_is_kept_by_save_only),
		cmocka_unit_test(test_list_parameters_left_out),
		cmocka_unit_test(test_whatever_a_query_prints_can_be_typed_back),
		cmocka_unit_test(test_lf_of_the_last_command_is_not_data),
		cmocka_unit_test(test_many_lines_in_one_read),
		cmocka_unit_test(test_a_clock_a_little_behind_is_not_a_timeout),
		cmocka_unit_test(test_calendar_survives_the_millisecond_wrap),
		cmocka_unit_test(test_plus_in_command_mode_is_answered_fast),
		cmocka_unit_test(test_a_callback_cannot_reenter),
		cmocka_unit_test(test_frames_without_a_consumer_are_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
