/*
 * cat1 login security (SPEC section 9): error 73 until AT+SIGNINAT gives
 * the password; wrong passwords are refused for a time that grows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

#define OK "\r\nOK\r\n"
#define ERR73 "\r\n+CME ERROR:73\r\n"

/* cat1 with SAFEATEN on, back in command mode after the restart. */
static void boot_locked(void)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_cat1, &mock_hal_ops, &m), 0);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=OFF\r");
	mock_send(&dev, &m, "AT+SAFEATEN=ON\r");
	mock_send(&dev, &m, "AT+S\r");
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r");
	mock_send(&dev, &m, "AT+E=OFF\r");
	mock_send(&dev, &m, "AT+ENTM\r");
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
}

static void test_everything_but_signin_is_refused(void **state)
{
	(void)state;
	boot_locked();
	assert_string_equal(mock_send(&dev, &m, "AT\r"), ERR73);
	assert_string_equal(mock_send(&dev, &m, "AT+VER\r"), ERR73);
	assert_string_equal(mock_send(&dev, &m, "AT+SAFEATEN=OFF\r"), ERR73);
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+VER\r"), "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
}

static void test_leaving_command_mode_logs_out(void **state)
{
	(void)state;
	boot_locked();
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+ENTM\r"), OK);
	mock_enter_command(&dev, &m);
	assert_string_equal(mock_send(&dev, &m, "AT\r"), ERR73);
}

static void test_wrong_passwords_are_slowed_down(void **state)
{
	(void)state;
	boot_locked();
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cm\r"), ERR73);
	/* refused for a second even with the right password */
	m.now += 999;
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), ERR73);
	m.now += 1;
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=wrong\r"), ERR73);
	/* the second failure doubles the refusal */
	m.now += 1999;
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), ERR73);
	m.now += 1;
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), OK);
	assert_int_equal(usrdtu_get_stats(&dev)->login_failures, 2);
}

static void test_refusal_is_capped(void **state)
{
	int i;

	(void)state;
	boot_locked();
	for (i = 0; i < 20; i++) {
		assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=nope\r"), ERR73);
		m.now += USRDTU_CFG_LOGIN_DELAY_MAX_MS;
	}
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), OK);
}

static void test_new_password_after_login(void **state)
{
	(void)state;
	boot_locked();
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=new_pw9\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=bad-chars\r"), "\r\n+CME ERROR:3\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=elevenchars\r"), "\r\n+CME ERROR:53\r\n");
	/* in force at once, kept by AT+S: the restart wants the new one */
	mock_send(&dev, &m, "AT+S\r");
	mock_enter_command(&dev, &m);
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r"), ERR73);
	m.now += 1000;
	assert_string_equal(mock_send(&dev, &m, "AT+SIGNINAT=new_pw9\r"), OK);
}

static void test_serial_at_carries_its_own_password(void **state)
{
	(void)state;
	boot_locked();
	mock_send(&dev, &m, "AT+SIGNINAT=usr_cn\r");
	mock_send(&dev, &m, "AT+ENTM\r");
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
	usrdtu_serial_rx(&dev, (const uint8_t *)"usr.cn#AT+VER", 13, m.now);
	mock_advance(&dev, &m, 100);
	assert_string_equal((const char *)m.out, "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
}

static void test_constant_time_compare_is_a_compare(void **state)
{
	(void)state;
	assert_true(text_equal_ct((const uint8_t *)"abc", 3, (const uint8_t *)"abc", 3));
	assert_false(text_equal_ct((const uint8_t *)"abc", 3, (const uint8_t *)"abd", 3));
	assert_false(text_equal_ct((const uint8_t *)"abc", 3, (const uint8_t *)"abcd", 4));
	assert_false(text_equal_ct((const uint8_t *)"", 0, (const uint8_t *)"a", 1));
	assert_true(text_equal_ct((const uint8_t *)"", 0, (const uint8_t *)"", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everything_but_signin_is_refused),
		cmocka_unit_test(test_leaving_command_mode_logs_out),
		cmocka_unit_test(test_wrong_passwords_are_slowed_down),
		cmocka_unit_test(test_refusal_is_capped),
		cmocka_unit_test(test_new_password_after_login),
		cmocka_unit_test(test_serial_at_carries_its_own_password),
		cmocka_unit_test(test_constant_time_compare_is_a_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
