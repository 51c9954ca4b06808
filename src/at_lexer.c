/*
 * Command-mode line assembly.
 *
 * CR, LF and NUL end a line; a LF right after a CR (or NUL) belongs to the
 * same terminator. A line also ends when the serial line has been idle for
 * the framing gap, as USR modules take one command per serial frame. A line
 * longer than the buffer is answered with the format error once it ends;
 * nothing past the buffer is written.
 *
 * Echo is written as the bytes arrive (one write per received chunk) and the
 * terminator is echoed as received, before the reply.
 */
#include "engine.h"

#include <string.h>


void lexer_reset(struct usrdtu *dev)
{
	/* A LF may still come for the CR that ended the last command (AT+ENTM,
	 * AT+S ...): that flag outlives the line, the rest does not. */
	dev->work_len = 0;
	dev->line_state &= LX_AFTER_CR;
}

int lexer_swallow_lf(struct usrdtu *dev, uint8_t first)
{
	int swallow = (dev->line_state & LX_AFTER_CR) && first == '\n';

	dev->line_state &= (uint8_t)~LX_AFTER_CR;
	return swallow;
}

/* How long the serial line must be idle to end a line. */
static uint32_t idle_limit_ms(const struct usrdtu *dev)
{
	uint32_t idle = USRDTU_CFG_CMD_IDLE_MS != 0 ? USRDTU_CFG_CMD_IDLE_MS : framer_gap_ms(dev);

	/* "+++" in command mode tells a host it is already there: answer it
	 * within the 100 ms hosts wait, whatever the packing time */
	if (dev->work_len == 3 && memcmp(dev->work, "+++", 3) == 0 && idle > USRDTU_CFG_ESCAPE_GUARD_MS)
		idle = USRDTU_CFG_ESCAPE_GUARD_MS;
	return idle;
}

static int line_open(const struct usrdtu *dev)
{
	return dev->work_len > 0 || (dev->line_state & LX_OVERFLOW);
}

static void end_line(struct usrdtu *dev, uint32_t now_ms)
{
	size_t len = dev->work_len;

	dev->work_len = 0;
	dev->at_source = AT_SOURCE_COMMAND;
	if (dev->line_state & LX_OVERFLOW) {
		dev->line_state &= (uint8_t)~LX_OVERFLOW;
		dev->stats.line_overflows++;
		dev->stats.lines++;
		reply_error(dev, AT_E_FORMAT);
		out_flush(dev);
		return;
	}
	dispatch_line(dev, dev->work, len, dev->work + len, now_ms);
}

static int is_terminator(uint8_t c)
{
	return c <= '\r' && (c == '\r' || c == '\n' || c == 0);
}

/* Position of the first CR, LF or NUL in data[i..len), or len. Whole
 * machine words are passed over while none of their bytes is below 14 (CR
 * is 13, LF 10, NUL 0), with the "has a byte less than n" test, exact for
 * n <= 128: one test per word instead of three scans of the line. From the
 * first word that holds such a byte (a tab, say) on, bytes are looked at
 * one by one. */
static const uint8_t *find_terminator(const uint8_t *p, const uint8_t *end)
{
	const size_t ones = (size_t)-1 / 0xFFu; /* 0x01 in every byte */

	for (; (size_t)(end - p) >= sizeof(size_t); p += sizeof(size_t)) {
		size_t word;

		memcpy(&word, p, sizeof word);
		if (((word - ones * 14u) & ~word & ones * 0x80u) != 0)
			break;
	}
	for (; p < end; p++) {
		if (is_terminator(*p))
			break;
	}
	return p;
}

/* Appends ordinary bytes to the line; what does not fit marks overflow. */
static void append(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	size_t room = USRDTU_CFG_LINE_MAX - dev->work_len;

	if (len > room) {
		len = room;
		dev->line_state |= LX_OVERFLOW;
	}
	memcpy(dev->work + dev->work_len, data, len);
	dev->work_len = (uint16_t)(dev->work_len + len);
}

size_t lexer_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms)
{
	const uint8_t *p = data, *end = data + len;

	/* The LF of a CR LF split across reads ends an empty line below, which
	 * is nothing: the line the CR ended is answered already. */
	dev->line_state &= (uint8_t)~LX_AFTER_CR;
	while (p < end) {
		const uint8_t *start = p, *term = find_terminator(p, end);

		append(dev, p, (size_t)(term - p));
		p = term;
		if (term < end) {
			p++;
			/* a LF right after a CR or NUL belongs to it */
			if (*term != '\n') {
				if (p == end)
					dev->line_state |= LX_AFTER_CR; /* its LF may come in the next read */
				else if (*p == '\n')
					p++;
			}
		}
		/* the echo is every byte as received (at least one here), the
		 * terminator before the reply */
		if (dev->active.echo)
			out_bytes(dev, start, (size_t)(p - start));
		if (term == end)
			break;
		if (line_open(dev))
			end_line(dev, now_ms);
		if (dev->input_break != 0) /* a mode change or restart: the caller goes on */
			break;
	}
	if (dev->out_len != 0) /* the echo: a reply is flushed already */
		out_flush(dev);
	return (size_t)(p - data);
}

uint32_t lexer_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t idle = idle_limit_ms(dev), elapsed;

	if (dev->work_len == 0) /* no line open (one that did not fit filled the buffer) */
		return USRDTU_NO_DEADLINE;
	elapsed = elapsed_ms(now_ms, dev->last_rx_ms);
	return elapsed >= idle ? 0 : idle - elapsed;
}

void lexer_poll(struct usrdtu *dev, uint32_t now_ms)
{
	if (lexer_deadline(dev, now_ms) == 0) /* never for a line not open */
		end_line(dev, now_ms);
}
