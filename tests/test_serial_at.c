/*
 * Serial AT in a data mode (SPEC section 4): a frame that starts with the
 * command password and an AT command runs it; anything else is data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

#define VER_REPLY "\r\n+VER:V1.0.0\r\n\r\nOK\r\n"

static void boot(const struct usrdtu_profile *profile)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, profile, &mock_hal_ops, &m), 0);
	mock_clear(&m);
}

static void gprs232_with_serial_at(void)
{
	boot(&usrdtu_profile_gprs232);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=\"off\"\r");
	assert_string_equal(mock_send(&dev, &m, "AT+UATEN=\"on\"\r"), "\r\nOK\r\n");
	mock_send(&dev, &m, "AT+S\r");
	assert_false(usrdtu_in_command_mode(&dev));
}

static void test_off_by_default_on_gprs232(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER"), "");
	assert_int_equal(m.frame_count, 1);
	assert_memory_equal(m.frames, "usr.cn#AT+VER", 13);
}

static void test_password_then_command_runs_it(void **state)
{
	(void)state;
	gprs232_with_serial_at();
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER"), VER_REPLY);
	assert_int_equal(m.frame_count, 0);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER\r\n"), VER_REPLY);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cnAT+VER"), VER_REPLY); /* without the '#' */
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#at+ver\r"), VER_REPLY);
	assert_int_equal(m.frame_count, 0);
	assert_int_equal(usrdtu_get_stats(&dev)->serial_at, 4);
	assert_false(usrdtu_in_command_mode(&dev));
}

static void test_several_commands_after_one_password(void **state)
{
	(void)state;
	gprs232_with_serial_at();
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER\rAT+HEARTTM=45\r\nAT+HEARTTM?\r"),
			    VER_REPLY "\r\nOK\r\n\r\n+HEARTTM:45\r\n\r\nOK\r\n");
}

static void test_anything_else_is_data(void **state)
{
	(void)state;
	gprs232_with_serial_at();
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cx#AT+VER"), "");
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#hello"), "");
	assert_string_equal(mock_send_frame(&dev, &m, "usr.c"), "");
	assert_string_equal(mock_send_frame(&dev, &m, "xusr.cn#AT+VER"), "");
	assert_int_equal(m.frame_count, 1);
	assert_memory_equal(m.frames, "xusr.cn#AT+VER", 14);
}

static void test_errors_and_restarts_through_serial_at(void **state)
{
	(void)state;
	gprs232_with_serial_at();
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+NOPE"), "\r\n+CME ERROR:58\r\n");
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+HEARTTM=77"), "\r\nOK\r\n");
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+S"), "\r\nOK\r\nUSR-GM3 V3.0.0\r\n");
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 77);
	assert_false(usrdtu_in_command_mode(&dev));
}

static void test_cat1_on_by_default_with_hash_in_password(void **state)
{
	(void)state;
	boot(&usrdtu_profile_cat1);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER"), VER_REPLY);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cnAT+VER"), VER_REPLY);
	assert_int_equal(m.frame_count, 0);
}

static void test_g781_always_on_with_its_password(void **state)
{
	(void)state;
	boot(&usrdtu_profile_g781);
	assert_string_equal(mock_send_frame(&dev, &m, "www.usr.cn#AT+VER"), VER_REPLY);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER"), "");
	assert_int_equal(m.frame_count, 1);
}

static void test_m0_has_no_serial_at(void **state)
{
	(void)state;
	boot(&usrdtu_profile_m0);
	assert_string_equal(mock_send_frame(&dev, &m, "usr.cn#AT+VER"), "");
	assert_int_equal(m.frame_count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_off_by_default_on_gprs232),
		cmocka_unit_test(test_password_then_command_runs_it),
		cmocka_unit_test(test_several_commands_after_one_password),
		cmocka_unit_test(test_anything_else_is_data),
		cmocka_unit_test(test_errors_and_restarts_through_serial_at),
		cmocka_unit_test(test_cat1_on_by_default_with_hash_in_password),
		cmocka_unit_test(test_g781_always_on_with_its_password),
		cmocka_unit_test(test_m0_has_no_serial_at),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
