/*
 * libFuzzer target over the whole serial input path of usrdtu: escape
 * (+++/a), line assembly, the AT lexer, dispatch, parameter parsing, replies,
 * the settings store (two flash slots in RAM), data-mode framing and serial
 * AT, for every compiled-in profile.
 *
 * Input format (docs/security.md has the long version):
 *
 *   byte 0     bits 1:0  profile: 0 gprs232, 1 cat1, 2 g781, 3 m0 (modulo the
 *                        profiles compiled in)
 *              bit 2     no flash in the HAL (settings in RAM only)
 *              bit 3     small flash slots (a record with user defaults does
 *                        not fit)
 *              bit 4     no info and no action in the HAL
 *              bit 5     serial_write takes at most 7 bytes per call
 *              bit 6     uart_config refuses every setting
 *              bit 7     the virtual clock starts 4 s before it wraps at 2^32
 *   then a stream:
 *     FE d       (d != FE) advance the virtual clock by d * 8 ms, usrdtu_poll
 *     FE FE      the serial byte FE
 *     FD c       (c != FD) a control event:
 *                  c & 3 == 0  power cycle: usrdtu_init again, flash kept
 *                  c & 3 == 1  cut the flash power after (c >> 2) more
 *                              written bytes (until the next power cycle)
 *                  c & 3 == 2  usrdtu_restart
 *                  c & 3 == 3  usrdtu_next_poll_ms, then poll exactly then
 *     FD FD      the serial byte FD
 *     other      serial bytes, handed to usrdtu_serial_rx in chunks whose
 *                sizes (1..64) come from a generator seeded by the input
 *   At the end the clock runs on, deadline by deadline, so that pending
 *   lines, frames and +++ decisions finish.
 *
 * The HAL here checks what the engine hands it (pointers, lengths, ranges)
 * and aborts on anything out of bounds, so a sanitizer or an abort reports
 * it. Linked with fuzz_replay.c it has a main() that replays
 * files and directories given on the command line (gcc, no libFuzzer).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MARK_CLOCK 0xFE
#define MARK_CONTROL 0xFD
#define CLOCK_STEP_MS 8u

#define SLOT_SIZE 8192u
#define SLOT_SIZE_SMALL 3000u /* fits the saved settings, not saved + user */
#define RUN_MAX 1024u
#define SHORT_WRITE 7u
#define FINAL_POLLS 32

#define FLAG_NO_FLASH 0x04
#define FLAG_SMALL_FLASH 0x08
#define FLAG_NO_INFO 0x10
#define FLAG_SHORT_WRITES 0x20
#define FLAG_UART_REFUSES 0x40
#define FLAG_CLOCK_WRAP 0x80

struct fuzz_board {
	uint32_t now;
	uint8_t flags;
	uint32_t slot_size;
	uint8_t flash[2][SLOT_SIZE];
	int power_cut;
	long write_budget; /* bytes until the power is cut; < 0: unlimited */
	uint32_t fed;      /* serial bytes given since the last usrdtu_init */
	uint32_t restarted;
};

static struct usrdtu dtu;
static struct fuzz_board board;
static volatile uint8_t sink;

/* Reads every byte, so that AddressSanitizer sees a bad pointer or length. */
static void touch(const uint8_t *data, size_t len)
{
	uint8_t acc = 0;
	size_t i;

	if (len > 0 && data == NULL)
		fuzz_fail("NULL buffer with a length");
	for (i = 0; i < len; i++)
		acc ^= data[i];
	sink ^= acc;
}

static int hal_serial_write(void *ctx, const uint8_t *data, size_t len)
{
	struct fuzz_board *b = ctx;

	if (b != &board)
		fuzz_fail("serial_write: wrong ctx");
	if (len > 65536u)
		fuzz_fail("serial_write: implausible length");
	touch(data, len);
	if ((b->flags & FLAG_SHORT_WRITES) && len > SHORT_WRITE)
		len = SHORT_WRITE;
	if (fuzz_show_output && len > 0)
		fwrite(data, 1, len, stdout);
	return (int)len;
}

static uint32_t hal_now_ms(void *ctx)
{
	const struct fuzz_board *b = ctx;

	return b->now;
}

static void check_flash_args(const struct fuzz_board *b, unsigned slot, uint32_t offset, size_t len)
{
	if (slot > 1)
		fuzz_fail("flash: slot out of range");
	if (offset > b->slot_size || len > b->slot_size - offset)
		fuzz_fail("flash: access past the slot");
}

static int hal_flash_read(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	struct fuzz_board *b = ctx;

	check_flash_args(b, slot, offset, len);
	if (len > 0 && buf == NULL)
		fuzz_fail("flash_read: NULL buffer");
	if (b->power_cut)
		return USRDTU_ERR_IO;
	memcpy(buf, b->flash[slot] + offset, len);
	return 0;
}

static int hal_flash_erase(void *ctx, unsigned slot)
{
	struct fuzz_board *b = ctx;

	check_flash_args(b, slot, 0, 0);
	if (b->power_cut)
		return USRDTU_ERR_IO;
	memset(b->flash[slot], 0xFF, sizeof b->flash[slot]);
	return 0;
}

static int hal_flash_write(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	struct fuzz_board *b = ctx;
	size_t i;

	check_flash_args(b, slot, offset, len);
	touch(data, len);
	if (b->power_cut)
		return USRDTU_ERR_IO;
	for (i = 0; i < len; i++) {
		if (b->write_budget == 0) {
			/* power lost in the middle of this byte: half programmed */
			b->flash[slot][offset + i] &= (uint8_t)(data[i] | 0xF0);
			b->power_cut = 1;
			return USRDTU_ERR_IO;
		}
		if (b->write_budget > 0)
			b->write_budget--;
		/* NOR flash: programming only clears bits */
		b->flash[slot][offset + i] &= data[i];
	}
	return 0;
}

/* Some items are known, some are not, one fills the buffer to the brim. */
static int hal_info(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	const char *text = NULL;
	size_t len;

	(void)ctx;
	if (buf == NULL)
		fuzz_fail("info: NULL buffer");
	if (cap > 65536u)
		fuzz_fail("info: implausible capacity");
	switch (item) {
	case USRDTU_INFO_VERSION: text = "V1.0.7"; break;
	case USRDTU_INFO_BUILD: text = "20240523"; break;
	case USRDTU_INFO_SN: text = "01201123050700012345"; break;
	case USRDTU_INFO_IMEI: text = "868323023456789"; break;
	case USRDTU_INFO_ICCID: text = "89860117838009934120"; break;
	case USRDTU_INFO_NUMBER: return USRDTU_ERR_NOENT;
	case USRDTU_INFO_CSQ: text = "27,99"; break;
	case USRDTU_INFO_LOCAL_IP: text = "10.64.12.7"; break;
	case USRDTU_INFO_LAC: text = "5E8C"; break;
	case USRDTU_INFO_CELL_ID: text = "0B2A3C4D"; break;
	case USRDTU_INFO_LONGITUDE: text = "120.38"; break;
	case USRDTU_INFO_LATITUDE: text = "36.07"; break;
	case USRDTU_INFO_LOCATION_TIME: return USRDTU_ERR_NOENT;
	case USRDTU_INFO_ADDRESS:
		/* exactly cap bytes, no NUL: the engine must not read past them */
		memset(buf, 'x', cap);
		return (int)cap;
	case USRDTU_INFO_NEIGHBOR_LAC:
		if (index >= 2)
			return USRDTU_ERR_NOENT;
		text = index == 0 ? "5E8D" : "5E8E";
		break;
	case USRDTU_INFO_NEIGHBOR_CELL:
		if (index >= 2)
			return USRDTU_ERR_NOENT;
		text = "0B2A3C4E";
		break;
	case USRDTU_INFO_NET_TYPE: text = "4"; break;
	case USRDTU_INFO_CLOCK: text = "24/05/23,10:47:46+32"; break;
	case USRDTU_INFO_PIN_STATE: return USRDTU_ERR_IO;
	case USRDTU_INFO_MAC: text = "D8B04CFC0102"; break;
	case USRDTU_INFO_PRODUCTION_TIME: return USRDTU_ERR_NOTSUP;
	default: return USRDTU_ERR_NOENT;
	}
	len = strlen(text);
	if (len > cap)
		len = cap;
	memcpy(buf, text, len);
	return (int)len;
}

static int hal_action(void *ctx, enum usrdtu_action what, const char *arg)
{
	(void)ctx;
	if (arg == NULL)
		fuzz_fail("action: NULL argument");
	touch((const uint8_t *)arg, strlen(arg) + 1);
	switch (what) {
	case USRDTU_ACTION_PING: return strcmp(arg, "test.usr.cn") == 0 ? 0 : USRDTU_ERR_IO;
	case USRDTU_ACTION_SET_PIN: return arg[0] == '1' ? 0 : USRDTU_ERR_IO;
	default: return USRDTU_ERR_NOTSUP;
	}
}

static int hal_uart_config(void *ctx, const struct usrdtu_uart_config *cfg)
{
	const struct fuzz_board *b = ctx;

	if (cfg == NULL)
		fuzz_fail("uart_config: NULL");
	if (cfg->baud == 0 || cfg->data_bits < 5 || cfg->data_bits > 8 || cfg->stop_bits < 1 ||
	    cfg->stop_bits > 2 || cfg->parity > USRDTU_PARITY_SPACE || cfg->flow > USRDTU_FLOW_RS485)
		fuzz_fail("uart_config: settings out of range");
	if (b->flags & FLAG_UART_REFUSES)
		return USRDTU_ERR_NOTSUP;
	return 0;
}

static void hal_frame_out(void *ctx, uint8_t work_mode, const uint8_t *frame, size_t len)
{
	(void)ctx;
	if (work_mode > USRDTU_MODE_UDC)
		fuzz_fail("frame_out: bad work mode");
	if (len == 0 || len > USRDTU_CFG_FRAME_MAX)
		fuzz_fail("frame_out: bad frame length");
	touch(frame, len);
}

static void hal_restarted(void *ctx)
{
	struct fuzz_board *b = ctx;

	b->restarted++;
}

static const struct usrdtu_hal hal_full = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_read = hal_flash_read,
	.flash_erase = hal_flash_erase,
	.flash_write = hal_flash_write,
	.flash_slot_size = SLOT_SIZE,
	.info = hal_info,
	.action = hal_action,
	.uart_config = hal_uart_config,
	.frame_out = hal_frame_out,
	.restarted = hal_restarted,
};

static const struct usrdtu_hal hal_small_flash = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_read = hal_flash_read,
	.flash_erase = hal_flash_erase,
	.flash_write = hal_flash_write,
	.flash_slot_size = SLOT_SIZE_SMALL,
	.info = hal_info,
	.action = hal_action,
	.uart_config = hal_uart_config,
	.frame_out = hal_frame_out,
	.restarted = hal_restarted,
};

static const struct usrdtu_hal hal_no_flash = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_slot_size = 0,
	.info = hal_info,
	.action = hal_action,
	.uart_config = hal_uart_config,
	.frame_out = hal_frame_out,
	.restarted = hal_restarted,
};

static const struct usrdtu_hal hal_small_flash_no_info = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_read = hal_flash_read,
	.flash_erase = hal_flash_erase,
	.flash_write = hal_flash_write,
	.flash_slot_size = SLOT_SIZE_SMALL,
	.uart_config = hal_uart_config,
	.frame_out = hal_frame_out,
	.restarted = hal_restarted,
};

static const struct usrdtu_hal hal_no_info = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_read = hal_flash_read,
	.flash_erase = hal_flash_erase,
	.flash_write = hal_flash_write,
	.flash_slot_size = SLOT_SIZE,
	.uart_config = hal_uart_config,
	.frame_out = hal_frame_out,
	.restarted = hal_restarted,
};

static const struct usrdtu_hal hal_bare = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_slot_size = 0,
};

static const struct usrdtu_hal *pick_hal(uint8_t flags)
{
	int no_info = (flags & FLAG_NO_INFO) != 0;

	if (flags & FLAG_NO_FLASH)
		return no_info ? &hal_bare : &hal_no_flash;
	if (flags & FLAG_SMALL_FLASH)
		return no_info ? &hal_small_flash_no_info : &hal_small_flash;
	return no_info ? &hal_no_info : &hal_full;
}

/* What must hold after every call into the engine. */
static void check(const struct usrdtu *dev)
{
	const struct usrdtu_stats *st = usrdtu_get_stats(dev);
	int cmd = usrdtu_in_command_mode(dev);
	int pending = usrdtu_input_pending(dev);

	if (cmd != 0 && cmd != 1)
		fuzz_fail("usrdtu_in_command_mode is not 0 or 1");
	if (pending != 0 && pending != 1)
		fuzz_fail("usrdtu_input_pending is not 0 or 1");
	if (dev->work_len > sizeof dev->work)
		fuzz_fail("work_len past the work buffer");
	if (dev->out_len > sizeof dev->out)
		fuzz_fail("out_len past the reply buffer");
	if (st == NULL || usrdtu_active_settings(dev) == NULL || usrdtu_pending_settings(dev) == NULL)
		fuzz_fail("NULL from a getter");
	if (st->serial_rx_bytes != board.fed)
		fuzz_fail("stats.serial_rx_bytes differs from the bytes fed");
}

static void do_init(const struct usrdtu_profile *profile, const struct usrdtu_hal *hal)
{
	if (usrdtu_init(&dtu, profile, hal, &board) != USRDTU_OK)
		fuzz_fail("usrdtu_init failed");
	board.fed = 0;
	check(&dtu);
}

static void do_poll(void)
{
	uint32_t next;

	if (usrdtu_poll(&dtu, board.now) < 0)
		fuzz_fail("usrdtu_poll failed");
	check(&dtu);
	/* Right after a poll nothing may be overdue, or a port would spin. */
	next = usrdtu_next_poll_ms(&dtu, board.now);
	if (next == 0)
		fuzz_fail("usrdtu_next_poll_ms is 0 right after usrdtu_poll");
}

static uint32_t rng_state;

static uint32_t rng_next(void)
{
	/* xorshift32: deterministic per input, so a crash replays */
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x;
	return x;
}

static void feed(const uint8_t *run, size_t len)
{
	while (len > 0) {
		size_t chunk = 1u + rng_next() % 64u;
		int r;

		if (rng_next() % 8u == 0)
			chunk = len; /* now and then the whole run in one read */
		if (chunk > len)
			chunk = len;
		r = usrdtu_serial_rx(&dtu, run, chunk, board.now);
		if (r < 0)
			fuzz_fail("usrdtu_serial_rx failed");
		board.fed += (uint32_t)chunk;
		check(&dtu);
		run += chunk;
		len -= chunk;
	}
}

static void control(uint8_t c, const struct usrdtu_profile *profile, const struct usrdtu_hal *hal)
{
	uint32_t wait;

	switch (c & 3u) {
	case 0:
		board.power_cut = 0;
		board.write_budget = -1;
		do_init(profile, hal);
		break;
	case 1:
		board.write_budget = (long)(c >> 2);
		break;
	case 2:
		if (usrdtu_restart(&dtu, board.now) < 0)
			fuzz_fail("usrdtu_restart failed");
		check(&dtu);
		break;
	default:
		wait = usrdtu_next_poll_ms(&dtu, board.now);
		if (wait != USRDTU_NO_DEADLINE && wait <= 60000u)
			board.now += wait;
		do_poll();
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t run[RUN_MAX];
	const struct usrdtu_profile *profile;
	const struct usrdtu_hal *hal;
	size_t run_len = 0;
	size_t i;
	uint32_t seed = 2166136261u;
	int n;

	if (size < 1)
		return 0;

	memset(&board, 0, sizeof board);
	memset(board.flash, 0xFF, sizeof board.flash);
	board.flags = data[0];
	board.write_budget = -1;
	board.now = (data[0] & FLAG_CLOCK_WRAP) ? 0xFFFFFFFFu - 4000u : 1000u;
	hal = pick_hal(data[0]);
	board.slot_size = hal->flash_slot_size;
	profile = usrdtu_profile_at((data[0] & 3u) % usrdtu_profile_count());

	for (i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 16777619u; /* FNV-1a */
	rng_state = seed != 0 ? seed : 1u;

	do_init(profile, hal);

	i = 1;
	while (i < size) {
		uint8_t b = data[i];

		if ((b == MARK_CLOCK || b == MARK_CONTROL) && i + 1 < size) {
			uint8_t arg = data[i + 1];

			i += 2;
			if (arg == b) {
				run[run_len++] = b; /* the marker value as a serial byte */
			} else {
				feed(run, run_len);
				run_len = 0;
				if (b == MARK_CLOCK) {
					board.now += (uint32_t)arg * CLOCK_STEP_MS;
					do_poll();
				} else {
					control(arg, profile, hal);
				}
			}
		} else {
			run[run_len++] = b;
			i++;
		}
		if (run_len == RUN_MAX) {
			feed(run, run_len);
			run_len = 0;
		}
	}
	feed(run, run_len);

	/* Let time run so that pending lines, frames and +++ decisions end. */
	for (n = 0; n < FINAL_POLLS; n++) {
		uint32_t wait = usrdtu_next_poll_ms(&dtu, board.now);

		if (wait == USRDTU_NO_DEADLINE)
			break;
		if (wait > 600000u)
			wait = 600000u;
		board.now += wait;
		do_poll();
	}
	return 0;
}
