/*
 * Command-line assembly (SPEC section 1): terminators of every kind seen in
 * the field, idle end of line, the overflow error and resync, echo.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

#define OK "\r\nOK\r\n"
#define ERR58 "\r\n+CME ERROR:58\r\n"

/* gprs232 in command mode with echo on (the factory default). */
static void boot(void)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, &usrdtu_profile_gprs232, &mock_hal_ops, &m), 0);
	mock_enter_command(&dev, &m);
	assert_true(usrdtu_in_command_mode(&dev));
}

static void boot_quiet(void)
{
	boot();
	assert_string_equal(mock_send(&dev, &m, "AT+E=\"off\"\r"), "AT+E=\"off\"\r" OK);
}

static void test_each_terminator_ends_one_line(void **state)
{
	(void)state;
	boot_quiet();
	assert_string_equal(mock_send(&dev, &m, "AT\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT\n"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT\r\n"), OK);
	/* LF CR: the CR is an empty line, which gets no reply */
	assert_string_equal(mock_send(&dev, &m, "AT\n\r"), OK);
	/* CR CR LF: one reply */
	assert_string_equal(mock_send(&dev, &m, "AT\r\r\n"), OK);
	/* a C string's NUL after the line */
	assert_string_equal(mock_send_bytes(&dev, &m, "AT\r\n\0", 5), OK);
	assert_string_equal(mock_send_bytes(&dev, &m, "AT\0", 3), OK);
	/* two lines in one read */
	assert_string_equal(mock_send(&dev, &m, "AT\r\nAT\r\n"), OK OK);
}

static void test_crlf_split_across_reads_is_one_terminator(void **state)
{
	(void)state;
	boot_quiet();
	assert_string_equal(mock_send(&dev, &m, "AT\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "\n"), "");
	assert_string_equal(mock_send(&dev, &m, "AT\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "\nAT\r"), OK);
}

static void test_empty_lines_and_stray_bytes_get_no_reply(void **state)
{
	(void)state;
	boot_quiet();
	assert_string_equal(mock_send(&dev, &m, "\r\n\r\n\n\n\r\r"), "");
	assert_string_equal(mock_send_bytes(&dev, &m, "\0\0\0", 3), "");
	mock_advance(&dev, &m, 1000);
	assert_int_equal(m.out_len, 0);
}

static void test_line_without_terminator_ends_when_idle(void **state)
{
	(void)state;
	boot_quiet();
	assert_string_equal(mock_send(&dev, &m, "AT+VER"), "");
	mock_advance(&dev, &m, 199); /* gprs232 frames after 200 ms */
	assert_string_equal((const char *)m.out, "");
	assert_true(usrdtu_input_pending(&dev));
	mock_advance(&dev, &m, 1);
	assert_string_equal((const char *)m.out, "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	assert_false(usrdtu_input_pending(&dev));
}

static void test_bytes_in_two_reads_within_the_gap_are_one_line(void **state)
{
	(void)state;
	boot_quiet();
	assert_string_equal(mock_send(&dev, &m, "AT+V"), "");
	m.now += 150;
	assert_string_equal(mock_send(&dev, &m, "ER\r"), "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
}

static void test_overflow_is_a_format_error_then_resync(void **state)
{
	static char line[USRDTU_CFG_LINE_MAX + 64];

	(void)state;
	boot_quiet();
	memset(line, 'A', sizeof line);
	memcpy(line, "AT+STMSG=\"", 10);
	line[sizeof line - 1] = 0;
	assert_string_equal(mock_send(&dev, &m, line), "");
	assert_string_equal(mock_send(&dev, &m, "\"\r"), ERR58);
	assert_int_equal(usrdtu_get_stats(&dev)->line_overflows, 1);
	/* nothing of it was applied, and the next line works */
	assert_string_equal(mock_send(&dev, &m, "AT+STMSG?\r"), "\r\n+STMSG:\"USR-GM3 V3.0.0\"\r\n\r\nOK\r\n");
	/* an overflowing line ended by idle time, too */
	assert_string_equal(mock_send(&dev, &m, line), "");
	mock_advance(&dev, &m, 300);
	assert_string_equal((const char *)m.out, ERR58);
}

static void test_a_line_of_exactly_the_buffer_size_is_accepted(void **state)
{
	static char line[USRDTU_CFG_LINE_MAX + 2];

	(void)state;
	boot_quiet();
	memset(line, ' ', sizeof line);
	memcpy(line, "AT", 2); /* "AT" followed by spaces is the test command */
	line[USRDTU_CFG_LINE_MAX] = '\r';
	line[USRDTU_CFG_LINE_MAX + 1] = 0;
	assert_string_equal(mock_send(&dev, &m, line), OK);
}

static void test_echo_is_byte_for_byte_with_terminator(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "at\r\n"), "at\r\n" OK);
	assert_string_equal(mock_send(&dev, &m, "aT\n"), "aT\n" OK);
	/* echo as bytes arrive: part of a line is echoed before its end */
	assert_string_equal(mock_send(&dev, &m, "A"), "A");
	assert_string_equal(mock_send(&dev, &m, "T\r"), "T\r" OK);
	/* every byte is echoed: the LF of a split CR LF too, with no reply */
	assert_string_equal(mock_send(&dev, &m, "\n"), "\n");
	/* CR CR LF: the line, its CR, then the empty line's CR LF */
	assert_string_equal(mock_send(&dev, &m, "at\r\r\n"), "at\r" "\r\nOK\r\n" "\r\n");
	assert_string_equal(mock_send(&dev, &m, "at\n\r"), "at\n" "\r\nOK\r\n" "\r");
}

static void test_echo_off_acts_at_once_and_on_again(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "AT+E=\"off\"\r"), "AT+E=\"off\"\r" OK);
	assert_string_equal(mock_send(&dev, &m, "AT\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT+E=\"on\"\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "AT\r"), "AT\r" OK);
}

static void test_plus_plus_plus_in_command_mode_is_echoed_and_refused(void **state)
{
	(void)state;
	boot();
	assert_string_equal(mock_send(&dev, &m, "+++"), "+++");
	mock_advance(&dev, &m, 300);
	assert_string_equal((const char *)m.out, "+++" ERR58);
	assert_true(usrdtu_in_command_mode(&dev));
}

static void test_leading_blanks_and_case(void **state)
{
	(void)state;
	boot_quiet();
	assert_string_equal(mock_send(&dev, &m, "  at\r"), OK);
	assert_string_equal(mock_send(&dev, &m, "At+VeR\r"), "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "ATI\r"), ERR58);
	assert_string_equal(mock_send(&dev, &m, "hello\r"), ERR58);
	assert_string_equal(mock_send(&dev, &m, "AT+\r"), ERR58);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_terminator_ends_one_line),
		cmocka_unit_test(test_crlf_split_across_reads_is_one_terminator),
		cmocka_unit_test(test_empty_lines_and_stray_bytes_get_no_reply),
		cmocka_unit_test(test_line_without_terminator_ends_when_idle),
		cmocka_unit_test(test_bytes_in_two_reads_within_the_gap_are_one_line),
		cmocka_unit_test(test_overflow_is_a_format_error_then_resync),
		cmocka_unit_test(test_a_line_of_exactly_the_buffer_size_is_accepted),
		cmocka_unit_test(test_echo_is_byte_for_byte_with_terminator),
		cmocka_unit_test(test_echo_off_acts_at_once_and_on_again),
		cmocka_unit_test(test_plus_plus_plus_in_command_mode_is_echoed_and_refused),
		cmocka_unit_test(test_leading_blanks_and_case),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
