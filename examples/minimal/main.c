/*
 * The smallest complete use of usrdtu: a HAL over in-memory flash and
 * stdout, one scripted serial session. It shows what a port supplies and
 * in which order the entry points are called; a firmware does the same
 * with its UART, its tick counter and two flash pages.
 *
 * Build: part of the CMake build (target usrdtu_example_minimal); run it to
 * see the bytes a host program would receive.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

#define SLOT_SIZE 8192

struct board {
	uint32_t ms;                     /* a tick counter the example advances */
	uint8_t flash[2][SLOT_SIZE];     /* two erase blocks */
};

static int serial_write(void *ctx, const uint8_t *data, size_t len)
{
	size_t i;

	(void)ctx;
	/* show control bytes so CR LF framing is visible */
	for (i = 0; i < len; i++) {
		if (data[i] == '\r')
			fputs("\\r", stdout);
		else if (data[i] == '\n')
			fputs("\\n\n", stdout);
		else
			putchar(data[i]);
	}
	return (int)len;
}

static uint32_t now_ms(void *ctx)
{
	return ((struct board *)ctx)->ms;
}

static int flash_read(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	struct board *b = ctx;

	if (slot > 1 || offset > SLOT_SIZE || len > SLOT_SIZE - offset)
		return USRDTU_ERR_INVAL;
	memcpy(buf, b->flash[slot] + offset, len);
	return 0;
}

static int flash_erase(void *ctx, unsigned slot)
{
	struct board *b = ctx;

	if (slot > 1)
		return USRDTU_ERR_INVAL;
	memset(b->flash[slot], 0xFF, SLOT_SIZE);
	return 0;
}

static int flash_write(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	struct board *b = ctx;
	size_t i;

	if (slot > 1 || offset > SLOT_SIZE || len > SLOT_SIZE - offset)
		return USRDTU_ERR_INVAL;
	for (i = 0; i < len; i++)
		b->flash[slot][offset + i] &= data[i]; /* NOR flash only clears bits */
	return 0;
}

static int info(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	const char *text = NULL;
	size_t len;

	(void)ctx;
	if (index != 0)
		return USRDTU_ERR_NOENT;
	if (item == USRDTU_INFO_VERSION)
		text = "V1.0.0";
	else if (item == USRDTU_INFO_IMEI)
		text = "864333040712457";
	if (text == NULL)
		return USRDTU_ERR_NOENT;
	len = strlen(text) < cap ? strlen(text) : cap;
	memcpy(buf, text, len);
	return (int)len;
}

static void frame_out(void *ctx, uint8_t mode, const uint8_t *frame, size_t len)
{
	(void)ctx;
	printf("[frame for work mode %u: %.*s]\n", mode, (int)len, (const char *)frame);
}

static const struct usrdtu_hal hal = {
	.serial_write = serial_write,
	.now_ms = now_ms,
	.flash_read = flash_read,
	.flash_erase = flash_erase,
	.flash_write = flash_write,
	.flash_slot_size = SLOT_SIZE,
	.info = info,
	.frame_out = frame_out,
};

static struct board board;
static struct usrdtu dtu;

/* What a UART interrupt would hand over, then time passing. */
static void host_sends(const char *text, uint32_t then_wait_ms)
{
	uint32_t end;

	usrdtu_serial_rx(&dtu, (const uint8_t *)text, strlen(text), board.ms);
	end = board.ms + then_wait_ms;
	while (board.ms != end) {
		uint32_t wait = usrdtu_next_poll_ms(&dtu, board.ms);

		board.ms = (wait == USRDTU_NO_DEADLINE || wait > end - board.ms) ? end : board.ms + wait;
		usrdtu_poll(&dtu, board.ms);
	}
}

int main(void)
{
	memset(board.flash, 0xFF, sizeof board.flash);
	board.ms = 0;
	usrdtu_init(&dtu, &usrdtu_profile_cat1, &hal, &board); /* prints the start message */
	host_sends("hello", 1000);                            /* data mode: one frame */
	host_sends("+++", 100);                               /* the module answers "a" */
	host_sends("a", 100);                                 /* then "+ok": command mode */
	host_sends("AT+E=OFF\r", 10);
	host_sends("AT+VER\r", 10);
	host_sends("AT+HEARTTM=45\r", 10);
	host_sends("AT+S\r", 10);                             /* saved, restart, start message */
	host_sends("usr.cn#AT+HEARTTM?", 1000);               /* serial AT from the data mode */
	return 0;
}
