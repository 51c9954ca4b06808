/*
 * Data-mode framing (SPEC section 4 and 10): a frame ends after the packing
 * time of silence or at the packing length, per profile.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

static void boot(const struct usrdtu_profile *profile)
{
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, profile, &mock_hal_ops, &m), 0);
	mock_clear(&m);
}

static void test_gprs232_frames_after_200ms_idle(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232);
	mock_send(&dev, &m, "abc");
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), 200);
	mock_advance(&dev, &m, 199);
	assert_int_equal(m.frame_count, 0);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_len, 3);
	assert_int_equal(m.last_frame_mode, USRDTU_MODE_NET);
	assert_memory_equal(m.frames, "abc", 3);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_NO_DEADLINE);
}

static void test_bytes_within_the_gap_join_the_frame(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232);
	mock_send(&dev, &m, "ab");
	m.now += 199;
	mock_send(&dev, &m, "cd");
	m.now += 199;
	mock_send(&dev, &m, "ef");
	mock_advance(&dev, &m, 200);
	assert_int_equal(m.frame_count, 1);
	assert_memory_equal(m.frames, "abcdef", 6);
}

static void test_a_late_read_starts_a_new_frame_even_without_poll(void **state)
{
	(void)state;
	boot(&usrdtu_profile_gprs232);
	mock_send(&dev, &m, "ab");
	m.now += 250; /* nobody polled in between */
	mock_send(&dev, &m, "cd");
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_len, 2);
	mock_advance(&dev, &m, 200);
	assert_int_equal(m.frame_count, 2);
	assert_memory_equal(m.frames, "abcd", 4);
}

static void test_gprs232_frames_at_1024_bytes(void **state)
{
	static uint8_t data[1500];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	boot(&usrdtu_profile_gprs232);
	mock_send_bytes(&dev, &m, data, sizeof data);
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_len, 1024);
	mock_advance(&dev, &m, 200);
	assert_int_equal(m.frame_count, 2);
	assert_int_equal(m.last_frame_len, 476);
	assert_int_equal(m.frames_len, sizeof data);
	assert_memory_equal(m.frames, data, sizeof data);
	assert_int_equal(usrdtu_get_stats(&dev)->frame_bytes_out, sizeof data);
}

static void test_cat1_packing_time_and_length_settings(void **state)
{
	(void)state;
	boot(&usrdtu_profile_cat1);
	/* defaults: 50 ms, 1024 bytes */
	mock_send(&dev, &m, "x");
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), 50);
	mock_advance(&dev, &m, 50);
	assert_int_equal(m.frame_count, 1);

	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=OFF\r");
	assert_string_equal(mock_send(&dev, &m, "AT+UARTFT=100\r"), "\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+UARTFL=10\r"), "\r\nOK\r\n");
	mock_send(&dev, &m, "AT+S\r");
	mock_clear(&m);
	mock_send(&dev, &m, "0123456789abcde");
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_len, 10);
	mock_advance(&dev, &m, 99);
	assert_int_equal(m.frame_count, 1);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.frame_count, 2);
	assert_int_equal(m.last_frame_len, 5);
}

static void test_m0_frames_after_20ms(void **state)
{
	(void)state;
	boot(&usrdtu_profile_m0);
	mock_send(&dev, &m, "hello");
	mock_advance(&dev, &m, 19);
	assert_int_equal(m.frame_count, 0);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.frame_count, 1);
}

/* A '+' held while the engine decides whether "+++" follows is data that
 * arrived when it arrived: the packing time runs from it, not from the
 * moment the sequence broke (SPEC 4: frames end after the packing time of
 * silence; a broken sequence is delivered as ordinary data). */
static void test_held_plus_frames_by_its_own_arrival(void **state)
{
	(void)state;
	boot(&usrdtu_profile_m0);
	mock_advance(&dev, &m, 100);
	mock_send(&dev, &m, "+");
	m.now += 30; /* 30 ms of silence: more than m0's 20 ms packing time */
	mock_send(&dev, &m, "x");
	mock_advance(&dev, &m, 100);
	assert_int_equal(m.frame_count, 2);
	assert_memory_equal(m.frames, "+x", 2);
	assert_int_equal(m.last_frame_len, 1);

	boot(&usrdtu_profile_gprs232);
	mock_advance(&dev, &m, 100);
	mock_send(&dev, &m, "+");
	mock_advance(&dev, &m, 199);
	assert_int_equal(m.frame_count, 0);
	mock_advance(&dev, &m, 1);
	assert_int_equal(m.frame_count, 1); /* 200 ms after the '+', as any byte */
	assert_memory_equal(m.frames, "+", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gprs232_frames_after_200ms_idle),
		cmocka_unit_test(test_bytes_within_the_gap_join_the_frame),
		cmocka_unit_test(test_a_late_read_starts_a_new_frame_even_without_poll),
		cmocka_unit_test(test_gprs232_frames_at_1024_bytes),
		cmocka_unit_test(test_cat1_packing_time_and_length_settings),
		cmocka_unit_test(test_m0_frames_after_20ms),
		cmocka_unit_test(test_held_plus_frames_by_its_own_arrival),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
