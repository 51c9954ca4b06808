/*
 * The RFC2217-like frame codec and the RS485 turnaround table (SPEC section
 * 6, 001 sections 2.2.3 and 2.2.4). Expected values come from the manual's
 * tables written out here, not from the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "usrdtu/rfc2217.h"

/* 001 table 4, the two examples. */
static const uint8_t ex_115200[8] = {0x55, 0xAA, 0x55, 0x01, 0xC2, 0x00, 0x83, 0x46};
static const uint8_t ex_9600[8] = {0x55, 0xAA, 0x55, 0x00, 0x25, 0x80, 0x83, 0x28};

/* 001 table 5, field by field. */
static const uint8_t data_bits_of[4] = {5, 6, 7, 8};         /* bits 1:0 */
static const uint8_t stop_bits_of[2] = {1, 2};               /* bit 2 */
static const uint8_t parity_type_of[4] = {                   /* bits 5:4 */
	USRDTU_PARITY_ODD, USRDTU_PARITY_EVEN, USRDTU_PARITY_MARK,
	USRDTU_PARITY_SPACE /* 11: not in the manual, this library's reading */
};

/* 001 table 3: baud rate, switch time in ms. */
static const uint32_t manual_rs485[12][2] = {
	{2400, 100}, {4800, 40}, {9600, 20}, {19200, 15}, {28800, 15}, {33600, 15},
	{38400, 15}, {57600, 15}, {115200, 2}, {230400, 2}, {460800, 2}, {921600, 2},
};

/* A frame built by hand: header, baud big-endian, parameter, sum. */
static void make_frame(uint8_t f[8], uint32_t baud, uint8_t param)
{
	f[0] = 0x55;
	f[1] = 0xAA;
	f[2] = 0x55;
	f[3] = (uint8_t)(baud >> 16);
	f[4] = (uint8_t)(baud >> 8);
	f[5] = (uint8_t)baud;
	f[6] = param;
	f[7] = (uint8_t)((f[3] + f[4] + f[5] + f[6]) & 0xFF);
}

/* A config filled with values no decode produces, to see what it touched. */
static void sentinel(struct usrdtu_uart_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->baud = 0xDEADBEEFul;
	cfg->data_bits = 0xA1;
	cfg->stop_bits = 0xA2;
	cfg->parity = 0xA3;
	cfg->flow = 0xA4;
}

static void assert_untouched(const struct usrdtu_uart_config *cfg)
{
	assert_int_equal(cfg->baud, 0xDEADBEEFul);
	assert_int_equal(cfg->data_bits, 0xA1);
	assert_int_equal(cfg->stop_bits, 0xA2);
	assert_int_equal(cfg->parity, 0xA3);
	assert_int_equal(cfg->flow, 0xA4);
}

static void test_manual_examples_decode(void **state)
{
	struct usrdtu_uart_config cfg;

	(void)state;
	sentinel(&cfg);
	assert_int_equal(usrdtu_rfc2217_decode(ex_115200, &cfg), USRDTU_OK);
	assert_int_equal(cfg.baud, 115200);
	assert_int_equal(cfg.data_bits, 8);
	assert_int_equal(cfg.stop_bits, 1);
	assert_int_equal(cfg.parity, USRDTU_PARITY_NONE);
	assert_int_equal(cfg.flow, 0xA4); /* flow is left alone */

	sentinel(&cfg);
	assert_int_equal(usrdtu_rfc2217_decode(ex_9600, &cfg), USRDTU_OK);
	assert_int_equal(cfg.baud, 9600);
	assert_int_equal(cfg.data_bits, 8);
	assert_int_equal(cfg.stop_bits, 1);
	assert_int_equal(cfg.parity, USRDTU_PARITY_NONE);
	assert_int_equal(cfg.flow, 0xA4);
}

static void test_manual_examples_encode(void **state)
{
	struct usrdtu_uart_config cfg = {115200, 8, 1, USRDTU_PARITY_NONE, USRDTU_FLOW_NONE};
	uint8_t f[8];

	(void)state;
	assert_int_equal(usrdtu_rfc2217_encode(&cfg, f), USRDTU_OK);
	assert_memory_equal(f, ex_115200, 8);
	cfg.baud = 9600;
	cfg.flow = 0x77; /* ignored */
	assert_int_equal(usrdtu_rfc2217_encode(&cfg, f), USRDTU_OK);
	assert_memory_equal(f, ex_9600, 8);
}

/* Every parameter byte, bits 7:6 included, decodes as table 5 says. */
static void test_every_parameter_byte_decodes_by_the_table(void **state)
{
	unsigned p;

	(void)state;
	for (p = 0; p < 256; p++) {
		struct usrdtu_uart_config cfg;
		uint8_t f[8];
		uint8_t want_parity = (p & 0x08) ? parity_type_of[(p >> 4) & 3] : USRDTU_PARITY_NONE;

		make_frame(f, 38400, (uint8_t)p);
		sentinel(&cfg);
		assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_OK);
		assert_int_equal(cfg.baud, 38400);
		assert_int_equal(cfg.data_bits, data_bits_of[p & 3]);
		assert_int_equal(cfg.stop_bits, stop_bits_of[(p >> 2) & 1]);
		assert_int_equal(cfg.parity, want_parity);
		assert_int_equal(cfg.flow, 0xA4);
	}
}

static void test_bits_7_6_are_ignored_on_decode(void **state)
{
	unsigned p, high;

	(void)state;
	for (p = 0; p < 64; p++) {
		struct usrdtu_uart_config base, cfg;
		uint8_t f[8];

		make_frame(f, 19200, (uint8_t)p);
		sentinel(&base);
		assert_int_equal(usrdtu_rfc2217_decode(f, &base), USRDTU_OK);
		for (high = 0x40; high <= 0xC0; high += 0x40) {
			make_frame(f, 19200, (uint8_t)(p | high));
			memcpy(&cfg, &base, sizeof cfg);
			cfg.baud = 1;
			cfg.data_bits = cfg.stop_bits = cfg.parity = 0xEE;
			assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_OK);
			assert_memory_equal(&cfg, &base, sizeof cfg);
		}
	}
}

static void test_parity_type_11_is_space(void **state)
{
	struct usrdtu_uart_config cfg;
	uint8_t f[8];
	/* 8 data bits, 1 stop bit, parity on, type 11, bit 7 as the manual */
	static const uint8_t want[8] = {0x55, 0xAA, 0x55, 0x00, 0x25, 0x80, 0xBB, 0x60};

	(void)state;
	sentinel(&cfg);
	assert_int_equal(usrdtu_rfc2217_decode(want, &cfg), USRDTU_OK);
	assert_int_equal(cfg.parity, USRDTU_PARITY_SPACE);
	assert_int_equal(cfg.data_bits, 8);
	assert_int_equal(cfg.stop_bits, 1);
	assert_int_equal(cfg.baud, 9600);
	assert_int_equal(usrdtu_rfc2217_encode(&cfg, f), USRDTU_OK);
	assert_memory_equal(f, want, 8);
}

/* Parity enable off: the type bits mean nothing. */
static void test_parity_type_ignored_when_disabled(void **state)
{
	unsigned type;

	(void)state;
	for (type = 0; type < 4; type++) {
		struct usrdtu_uart_config cfg;
		uint8_t f[8];

		make_frame(f, 9600, (uint8_t)(0x83 | (type << 4)));
		assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_OK);
		assert_int_equal(cfg.parity, USRDTU_PARITY_NONE);
		/* and encoding NONE writes them as zero */
		assert_int_equal(usrdtu_rfc2217_encode(&cfg, f), USRDTU_OK);
		assert_memory_equal(f, ex_9600, 8);
	}
}

/* Every data/stop/parity combination at several rates: the exact bytes
 * table 5 gives, then back to the same settings. */
static void test_every_combination_round_trips(void **state)
{
	static const uint32_t bauds[] = {1, 300, 2400, 9600, 14400, 115200, 921600, 0x123456,
					 0xFFFFFF};
	static const uint8_t parities[5] = {USRDTU_PARITY_NONE, USRDTU_PARITY_ODD,
					    USRDTU_PARITY_EVEN, USRDTU_PARITY_MARK,
					    USRDTU_PARITY_SPACE};
	/* bits 5:3 for each of the parities above */
	static const uint8_t parity_bits[5] = {0x00, 0x08, 0x18, 0x28, 0x38};
	size_t b;
	unsigned d, s, p;
	unsigned count = 0;

	(void)state;
	for (b = 0; b < sizeof bauds / sizeof bauds[0]; b++)
		for (d = 5; d <= 8; d++)
			for (s = 1; s <= 2; s++)
				for (p = 0; p < 5; p++) {
					struct usrdtu_uart_config in = {0, 0, 0, 0, USRDTU_FLOW_NONE};
					struct usrdtu_uart_config out;
					uint8_t f[8], want[8];
					uint8_t param;

					in.baud = bauds[b];
					in.data_bits = (uint8_t)d;
					in.stop_bits = (uint8_t)s;
					in.parity = parities[p];
					param = (uint8_t)(0x80 | (d - 5) | ((s - 1) << 2) | parity_bits[p]);
					make_frame(want, bauds[b], param);
					assert_int_equal(usrdtu_rfc2217_encode(&in, f), USRDTU_OK);
					assert_memory_equal(f, want, 8);

					sentinel(&out);
					assert_int_equal(usrdtu_rfc2217_decode(f, &out), USRDTU_OK);
					assert_int_equal(out.baud, in.baud);
					assert_int_equal(out.data_bits, in.data_bits);
					assert_int_equal(out.stop_bits, in.stop_bits);
					assert_int_equal(out.parity, in.parity);
					assert_int_equal(out.flow, 0xA4);
					count++;
				}
	assert_int_equal(count, 9 * 4 * 2 * 5);
}

/* The checksum ignores the carry: 0xFF + 0xFF + 0xFF + 0xBF = 0x3BC. */
static void test_checksum_ignores_the_carry(void **state)
{
	static const uint8_t want[8] = {0x55, 0xAA, 0x55, 0xFF, 0xFF, 0xFF, 0xBF, 0xBC};
	struct usrdtu_uart_config cfg = {0xFFFFFF, 8, 2, USRDTU_PARITY_SPACE, 0};
	uint8_t f[8];

	(void)state;
	assert_int_equal(usrdtu_rfc2217_encode(&cfg, f), USRDTU_OK);
	assert_memory_equal(f, want, 8);
	sentinel(&cfg);
	assert_int_equal(usrdtu_rfc2217_decode(want, &cfg), USRDTU_OK);
	assert_int_equal(cfg.baud, 0xFFFFFF);
}

static void test_bad_header(void **state)
{
	unsigned i, v;

	(void)state;
	for (i = 0; i < 3; i++)
		for (v = 0; v < 256; v++) {
			struct usrdtu_uart_config cfg;
			uint8_t f[8];

			if (v == ex_115200[i])
				continue;
			memcpy(f, ex_115200, 8);
			f[i] = (uint8_t)v;
			sentinel(&cfg);
			assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_ERR_INVAL);
			assert_untouched(&cfg);
			/* the header is judged before the checksum */
			f[7] ^= 0x01;
			assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_ERR_INVAL);
			assert_untouched(&cfg);
		}
}

static void test_bad_checksum(void **state)
{
	unsigned v;

	(void)state;
	for (v = 0; v < 256; v++) {
		struct usrdtu_uart_config cfg;
		uint8_t f[8];

		memcpy(f, ex_9600, 8);
		f[7] = (uint8_t)v;
		sentinel(&cfg);
		if (v == 0x28) {
			assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_OK);
			continue;
		}
		assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_ERR_CORRUPT);
		assert_untouched(&cfg);
	}
}

/*
 * Any one flipped bit of either example is refused. In the header it breaks
 * the header (INVAL). In bytes 3-6 it moves the sum of the checked bytes by
 * +-2^k, k < 8, which is never 0 modulo 256; in byte 7 it moves the checksum
 * itself by the same: a mismatch either way (CORRUPT). None decodes.
 */
static void test_every_single_bit_flip_is_refused(void **state)
{
	const uint8_t *frames[2] = {ex_115200, ex_9600};
	unsigned which, bit;

	(void)state;
	for (which = 0; which < 2; which++)
		for (bit = 0; bit < 64; bit++) {
			struct usrdtu_uart_config cfg;
			uint8_t f[8];

			memcpy(f, frames[which], 8);
			f[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			sentinel(&cfg);
			assert_int_equal(usrdtu_rfc2217_decode(f, &cfg),
					 bit < 24 ? USRDTU_ERR_INVAL : USRDTU_ERR_CORRUPT);
			assert_untouched(&cfg);
		}
}

static void test_baud_zero_is_refused(void **state)
{
	struct usrdtu_uart_config cfg;
	uint8_t f[8];

	(void)state;
	make_frame(f, 0, 0x83);
	assert_int_equal(f[7], 0x83);
	sentinel(&cfg);
	assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_ERR_INVAL);
	assert_untouched(&cfg);
	/* the checksum is judged first */
	f[7] = 0x84;
	assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_ERR_CORRUPT);
	/* the smallest rate is fine */
	make_frame(f, 1, 0x83);
	assert_int_equal(usrdtu_rfc2217_decode(f, &cfg), USRDTU_OK);
	assert_int_equal(cfg.baud, 1);
}

static void test_encode_rejects_out_of_range(void **state)
{
	static const struct usrdtu_uart_config bad[] = {
		{0, 8, 1, USRDTU_PARITY_NONE, 0},
		{0x1000000ul, 8, 1, USRDTU_PARITY_NONE, 0},
		{0xFFFFFFFFul, 8, 1, USRDTU_PARITY_NONE, 0},
		{9600, 0, 1, USRDTU_PARITY_NONE, 0},
		{9600, 4, 1, USRDTU_PARITY_NONE, 0},
		{9600, 9, 1, USRDTU_PARITY_NONE, 0},
		{9600, 255, 1, USRDTU_PARITY_NONE, 0},
		{9600, 8, 0, USRDTU_PARITY_NONE, 0},
		{9600, 8, 3, USRDTU_PARITY_NONE, 0},
		{9600, 8, 255, USRDTU_PARITY_NONE, 0},
		{9600, 8, 1, USRDTU_PARITY_SPACE + 1, 0},
		{9600, 8, 1, 255, 0},
	};
	static const struct usrdtu_uart_config edge[] = {
		{1, 5, 1, USRDTU_PARITY_NONE, 0},
		{0xFFFFFFul, 8, 2, USRDTU_PARITY_SPACE, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint8_t f[8];

		memset(f, 0xEE, sizeof f);
		assert_int_equal(usrdtu_rfc2217_encode(&bad[i], f), USRDTU_ERR_INVAL);
		assert_memory_equal(f, "\xEE\xEE\xEE\xEE\xEE\xEE\xEE\xEE", 8);
	}
	for (i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		uint8_t f[8];

		assert_int_equal(usrdtu_rfc2217_encode(&edge[i], f), USRDTU_OK);
	}
}

static void test_null_arguments(void **state)
{
	struct usrdtu_uart_config cfg = {9600, 8, 1, USRDTU_PARITY_NONE, 0};
	uint8_t f[8];

	(void)state;
	assert_int_equal(usrdtu_rfc2217_decode(NULL, &cfg), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_rfc2217_decode(ex_9600, NULL), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_rfc2217_encode(NULL, f), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_rfc2217_encode(&cfg, NULL), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_rfc2217_prefix(NULL, 0), 1);
	assert_int_equal(usrdtu_rfc2217_prefix(NULL, 1), 0);
}

/* Every proper prefix of a valid frame may still be one; the whole frame
 * is no longer a prefix (decode judges it). */
static void test_prefix_of_valid_frames(void **state)
{
	size_t len;

	(void)state;
	for (len = 0; len < 8; len++) {
		assert_int_equal(usrdtu_rfc2217_prefix(ex_115200, len), 1);
		assert_int_equal(usrdtu_rfc2217_prefix(ex_9600, len), 1);
	}
	assert_int_equal(usrdtu_rfc2217_prefix(ex_115200, 8), 0);
	assert_int_equal(usrdtu_rfc2217_prefix(ex_9600, 9), 0);
}

/* After the header anything may follow, even what decode will refuse. */
static void test_prefix_header_then_anything(void **state)
{
	static const uint8_t zeros[7] = {0x55, 0xAA, 0x55, 0x00, 0x00, 0x00, 0x00};
	static const uint8_t ones[7] = {0x55, 0xAA, 0x55, 0xFF, 0xFF, 0xFF, 0xFF};
	static const uint8_t headers[7] = {0x55, 0xAA, 0x55, 0x55, 0xAA, 0x55, 0x55};
	size_t len;

	(void)state;
	for (len = 3; len < 8; len++) {
		assert_int_equal(usrdtu_rfc2217_prefix(zeros, len), 1);
		assert_int_equal(usrdtu_rfc2217_prefix(ones, len), 1);
		assert_int_equal(usrdtu_rfc2217_prefix(headers, len), 1);
	}
}

static void test_prefix_refuses_non_prefixes(void **state)
{
	static const uint8_t shifted[7] = {0x00, 0x55, 0xAA, 0x55, 0x01, 0xC2, 0x00};
	static const uint8_t swapped[3] = {0xAA, 0x55, 0x55};
	static const uint8_t twice[3] = {0x55, 0x55, 0xAA};
	unsigned i, v;
	size_t len;

	(void)state;
	/* a wrong byte anywhere in the header, at every length that shows it */
	for (i = 0; i < 3; i++)
		for (v = 0; v < 256; v++) {
			uint8_t f[8];

			if (v == ex_115200[i])
				continue;
			memcpy(f, ex_115200, 8);
			f[i] = (uint8_t)v;
			for (len = 1; len < 8; len++)
				assert_int_equal(usrdtu_rfc2217_prefix(f, len), len <= i ? 1 : 0);
		}
	for (len = 1; len < 8; len++)
		assert_int_equal(usrdtu_rfc2217_prefix(shifted, len), 0);
	assert_int_equal(usrdtu_rfc2217_prefix(swapped, 1), 0);
	assert_int_equal(usrdtu_rfc2217_prefix(twice, 1), 1);
	assert_int_equal(usrdtu_rfc2217_prefix(twice, 2), 0);
	assert_int_equal(usrdtu_rfc2217_prefix(twice, 3), 0);
}

static void test_rs485_table_is_the_manuals(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(usrdtu_rs485_table_len, 12);
	for (i = 0; i < 12; i++) {
		assert_int_equal(usrdtu_rs485_table[i].baud, manual_rs485[i][0]);
		assert_int_equal(usrdtu_rs485_table[i].delay_ms, manual_rs485[i][1]);
		assert_int_equal(usrdtu_rs485_turnaround_ms(manual_rs485[i][0]), manual_rs485[i][1]);
		if (i > 0) /* ascending, as the lookup and ports rely on */
			assert_true(usrdtu_rs485_table[i].baud > usrdtu_rs485_table[i - 1].baud);
	}
}

/* Between rows: the row of the highest rate not above; below the first
 * row: the first row's delay; above the last: the last's. */
static void test_rs485_lookup_rule(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i + 1 < 12; i++) {
		uint32_t lo = manual_rs485[i][0], hi = manual_rs485[i + 1][0];

		assert_int_equal(usrdtu_rs485_turnaround_ms(lo + 1), manual_rs485[i][1]);
		assert_int_equal(usrdtu_rs485_turnaround_ms(lo + (hi - lo) / 2), manual_rs485[i][1]);
		assert_int_equal(usrdtu_rs485_turnaround_ms(hi - 1), manual_rs485[i][1]);
		assert_int_equal(usrdtu_rs485_turnaround_ms(hi), manual_rs485[i + 1][1]);
	}
	/* AT+UART's 14400 has no row of its own: 9600's */
	assert_int_equal(usrdtu_rs485_turnaround_ms(14400), 20);
	assert_int_equal(usrdtu_rs485_turnaround_ms(0), 100);
	assert_int_equal(usrdtu_rs485_turnaround_ms(1), 100);
	assert_int_equal(usrdtu_rs485_turnaround_ms(1200), 100);
	assert_int_equal(usrdtu_rs485_turnaround_ms(2399), 100);
	assert_int_equal(usrdtu_rs485_turnaround_ms(921601), 2);
	assert_int_equal(usrdtu_rs485_turnaround_ms(0xFFFFFFul), 2);
	assert_int_equal(usrdtu_rs485_turnaround_ms(0xFFFFFFFFul), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manual_examples_decode),
		cmocka_unit_test(test_manual_examples_encode),
		cmocka_unit_test(test_every_parameter_byte_decodes_by_the_table),
		cmocka_unit_test(test_bits_7_6_are_ignored_on_decode),
		cmocka_unit_test(test_parity_type_11_is_space),
		cmocka_unit_test(test_parity_type_ignored_when_disabled),
		cmocka_unit_test(test_every_combination_round_trips),
		cmocka_unit_test(test_checksum_ignores_the_carry),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_checksum),
		cmocka_unit_test(test_every_single_bit_flip_is_refused),
		cmocka_unit_test(test_baud_zero_is_refused),
		cmocka_unit_test(test_encode_rejects_out_of_range),
		cmocka_unit_test(test_null_arguments),
		cmocka_unit_test(test_prefix_of_valid_frames),
		cmocka_unit_test(test_prefix_header_then_anything),
		cmocka_unit_test(test_prefix_refuses_non_prefixes),
		cmocka_unit_test(test_rs485_table_is_the_manuals),
		cmocka_unit_test(test_rs485_lookup_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
