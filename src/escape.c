/*
 * Command-mode entry from a data mode: "+++", the module's "a", the host's
 * "a", the module's "+ok".
 *
 * The sequence must start a new serial frame (the line was idle for the
 * guard time); each '+' must follow the previous one within the gap; the
 * host has the confirm time to send its 'a'. Hosts in the field send "+++a"
 * in one write, or their 'a' before ours: all of that works. If the sequence
 * breaks anywhere, the held bytes go on as ordinary data, in order.
 */
#include "engine.h"

#define ESC_IDLE 0
#define ESC_PLUS 1   /* holding escape_held '+' bytes */
#define ESC_WAIT_A 2 /* "+++" held, our 'a' sent */

static const uint8_t plus3[3] = {'+', '+', '+'};

void escape_reset(struct usrdtu *dev)
{
	dev->escape_state = ESC_IDLE;
	dev->escape_held = 0;
}

/* The sequence broke: what was held becomes data. */
static size_t give_back(struct usrdtu *dev)
{
	uint8_t held = dev->escape_held;
	size_t taken;

	dev->escape_state = ESC_IDLE;
	dev->escape_held = 0;
	dev->stats.escape_aborts++;
	/* the held bytes came in by escape_ms: framed as of then, so that the
	 * packing time before and after them counts as for any other byte */
	taken = framer_rx(dev, plus3, held, dev->escape_ms);
	/* a frame that ran a restart cannot take the rest: counted, not hidden */
	dev->stats.serial_rx_lost += (uint32_t)(held - taken);
	return taken == held;
}

size_t escape_rx(struct usrdtu *dev, const uint8_t *data, size_t len, int frame_start,
		 uint32_t now_ms)
{
	size_t i = 0;

	while (i < len) {
		uint8_t c = data[i];

		switch (dev->escape_state) {
		case ESC_IDLE:
			if (i == 0 && frame_start && c == '+') {
				dev->escape_state = ESC_PLUS;
				dev->escape_held = 1;
				dev->escape_ms = now_ms;
				i++;
				continue;
			}
			/* no escape can begin inside a burst: the rest is data */
			return i + framer_rx(dev, data + i, len - i, now_ms);
		case ESC_PLUS:
			if (c == '+' && elapsed_ms(now_ms, dev->escape_ms) < USRDTU_CFG_ESCAPE_GAP_MS) {
				dev->escape_ms = now_ms;
				i++;
				if (++dev->escape_held == 3) {
					out_bytes(dev, "a", 1);
					out_flush(dev);
					dev->escape_state = ESC_WAIT_A;
				}
				continue;
			}
			if (!give_back(dev))
				return i;
			return i + framer_rx(dev, data + i, len - i, now_ms);
		default: /* ESC_WAIT_A */
			if (c == 'a' && elapsed_ms(now_ms, dev->escape_ms) < USRDTU_CFG_ESCAPE_CONFIRM_MS) {
				escape_reset(dev);
				out_str(dev, "+ok\r\n");
				out_flush(dev);
				dev->stats.escapes++;
				/* the frame begun before "+++" still goes out, whole */
				framer_flush(dev, now_ms);
				engine_enter_command(dev, now_ms);
				return i + 1;
			}
			if (!give_back(dev))
				return i;
			return i + framer_rx(dev, data + i, len - i, now_ms);
		}
	}
	return len;
}

uint32_t escape_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t limit, elapsed;

	if (dev->escape_state == ESC_IDLE)
		return USRDTU_NO_DEADLINE;
	limit = dev->escape_state == ESC_PLUS ? USRDTU_CFG_ESCAPE_GAP_MS : USRDTU_CFG_ESCAPE_CONFIRM_MS;
	elapsed = elapsed_ms(now_ms, dev->escape_ms);
	return elapsed >= limit ? 0 : limit - elapsed;
}

void escape_poll(struct usrdtu *dev, uint32_t now_ms)
{
	if (dev->escape_state != ESC_IDLE && escape_deadline(dev, now_ms) == 0)
		give_back(dev);
}
