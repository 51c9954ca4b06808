/*
 * "+++" / "a" command-mode entry (SPEC section 4) on a virtual clock: the
 * tolerant forms hosts use, and every way the sequence can break, after
 * which every held byte is delivered as data, in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

/* gprs232 in NET mode, the line idle for a second. */
static void boot(void)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_gprs232, &mock_hal_ops, &m), 0);
	assert_false(usrdtu_in_command_mode(&dev));
	mock_advance(&dev, &m, 1000);
	mock_clear(&m);
}

/* Lets the frame gap pass and checks the data that came out. */
static void expect_data(const char *data)
{
	mock_advance(&dev, &m, 500);
	assert_int_equal(m.frames_len, strlen(data));
	assert_memory_equal(m.frames, data, strlen(data));
}

static void test_plus_plus_plus_then_a(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "+++"), "a");
	m.now += 500;
	assert_string_equal(mock_send(&dev, &m, "a"), "+ok\r\n");
	assert_true(usrdtu_in_command_mode(&dev));
	assert_int_equal(usrdtu_get_stats(&dev)->escapes, 1);
	mock_clear(&m);
	expect_data("");
}

static void test_plus_one_at_a_time_within_the_gap(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "+"), "");
	m.now += 40;
	assert_string_equal(mock_send(&dev, &m, "+"), "");
	m.now += 49;
	assert_string_equal(mock_send(&dev, &m, "+"), "a");
	m.now += 2999;
	assert_string_equal(mock_send(&dev, &m, "a"), "+ok\r\n");
	assert_true(usrdtu_in_command_mode(&dev));
}

static void test_plus_plus_plus_a_in_one_write(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "+++a"), "a+ok\r\n");
	assert_true(usrdtu_in_command_mode(&dev));
	/* what follows in the same write is command-mode input (echo is on) */
	boot();
	assert_string_equal(mock_send(&dev, &m, "+++aAT\r"), "a+ok\r\nAT\r\r\nOK\r\n");
}

static void test_no_guard_no_escape(void **state)
{
	(void)state;
	boot();
	mock_send(&dev, &m, "x");
	m.now += 10;
	assert_string_equal(mock_send(&dev, &m, "+++"), "");
	m.now += 10;
	assert_string_equal(mock_send(&dev, &m, "a"), "");
	assert_false(usrdtu_in_command_mode(&dev));
	expect_data("x+++a");
}

static void test_plus_inside_a_burst_is_data(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "ab+++a"), "");
	assert_false(usrdtu_in_command_mode(&dev));
	expect_data("ab+++a");
}

static void test_late_plus_gives_the_held_bytes_back(void **state)
{
	(void)state;
	boot();
	mock_send(&dev, &m, "++");
	m.now += 50; /* the gap is under 50 ms: this one is late */
	assert_string_equal(mock_send(&dev, &m, "+"), "");
	assert_int_equal(usrdtu_get_stats(&dev)->escape_aborts, 1);
	expect_data("+++");
	assert_false(usrdtu_in_command_mode(&dev));
}

static void test_held_plus_times_out_as_data(void **state)
{
	(void)state;
	boot();
	mock_send(&dev, &m, "++");
	assert_true(usrdtu_input_pending(&dev));
	expect_data("++");
	assert_false(usrdtu_input_pending(&dev));
}

static void test_other_byte_breaks_the_sequence(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "++x"), "");
	expect_data("++x");
	boot();
	assert_string_equal(mock_send(&dev, &m, "+++"), "a");
	m.now += 100;
	assert_string_equal(mock_send(&dev, &m, "b"), "");
	expect_data("+++b");
	assert_false(usrdtu_in_command_mode(&dev));
}

static void test_no_confirmation_within_three_seconds(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "+++"), "a");
	mock_advance(&dev, &m, 2999);
	assert_int_equal(m.frames_len, 0);
	mock_advance(&dev, &m, 1);
	mock_advance(&dev, &m, 300);
	assert_int_equal(m.frames_len, 3);
	assert_memory_equal(m.frames, "+++", 3);
	mock_clear(&m);
	assert_string_equal(mock_send(&dev, &m, "a"), "");
	expect_data("a");
}

static void test_open_frame_goes_out_whole_before_command_mode(void **state)
{
	(void)state;
	boot();
	mock_send(&dev, &m, "hello");
	m.now += 100; /* idle for the guard, but the 200 ms frame is still open */
	assert_string_equal(mock_send(&dev, &m, "+++a"), "a+ok\r\n");
	assert_int_equal(m.frame_count, 1);
	assert_memory_equal(m.frames, "hello", 5);
}

static void test_entm_returns_to_the_data_mode(void **state)
{
	(void)state;
	boot();
	mock_enter_command(&dev, &m);
	assert_string_equal(mock_send(&dev, &m, "AT+ENTM\r"), "AT+ENTM\r\r\nOK\r\n");
	assert_false(usrdtu_in_command_mode(&dev));
	mock_clear(&m);
	mock_send(&dev, &m, "data");
	expect_data("data");
}

static void test_entm_in_cmd_work_mode_stays(void **state)
{
	(void)state;
	boot();
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=\"off\"\r");
	mock_send(&dev, &m, "AT+WKMOD=\"CMD\"\r");
	assert_string_equal(mock_send(&dev, &m, "AT+S\r"), "\r\nOK\r\nUSR-GM3 V3.0.0\r\n");
	assert_true(usrdtu_in_command_mode(&dev));
	assert_string_equal(mock_send(&dev, &m, "AT+ENTM\r"), "\r\nOK\r\n"); /* echo saved off */
	assert_true(usrdtu_in_command_mode(&dev));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plus_plus_plus_then_a),
		cmocka_unit_test(test_plus_one_at_a_time_within_the_gap),
		cmocka_unit_test(test_plus_plus_plus_a_in_one_write),
		cmocka_unit_test(test_no_guard_no_escape),
		cmocka_unit_test(test_plus_inside_a_burst_is_data),
		cmocka_unit_test(test_late_plus_gives_the_held_bytes_back),
		cmocka_unit_test(test_held_plus_times_out_as_data),
		cmocka_unit_test(test_other_byte_breaks_the_sequence),
		cmocka_unit_test(test_no_confirmation_within_three_seconds),
		cmocka_unit_test(test_open_frame_goes_out_whole_before_command_mode),
		cmocka_unit_test(test_entm_returns_to_the_data_mode),
		cmocka_unit_test(test_entm_in_cmd_work_mode_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
