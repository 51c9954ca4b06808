/*
 * Data-mode framing: a frame ends when the serial line has been idle for the
 * packing time or when it reaches the packing length, whichever comes first.
 * gprs232 and m0 pack with fixed values; cat1 and g781 take UARTFT/UARTFL.
 * A finished frame is either a password-prefixed command (serial AT) or data
 * for the work mode: the sockets in NET mode (net.c), else the HAL's
 * frame_out.
 */
#include "engine.h"

#include <string.h>

uint16_t framer_gap_ms(const struct usrdtu *dev)
{
	if (dev->profile->frame_gap_ms != 0)
		return dev->profile->frame_gap_ms;
	return dev->active.pack_time_ms != 0 ? dev->active.pack_time_ms : 1;
}

static size_t frame_limit(const struct usrdtu *dev)
{
	size_t len = dev->profile->frame_len != 0 ? dev->profile->frame_len : dev->active.pack_len;

	if (len == 0 || len > USRDTU_CFG_FRAME_MAX)
		len = USRDTU_CFG_FRAME_MAX;
	return len;
}

void framer_reset(struct usrdtu *dev)
{
	dev->work_len = 0;
}

static void emit(struct usrdtu *dev, uint32_t now_ms)
{
	size_t len = dev->work_len;

	dev->work_len = 0;
	if (len == 0)
		return;
	if (serial_at_frame(dev, dev->work, len, now_ms))
		return;
	if (httpd_running(dev)) {
		dev->stats.frames_out++;
		dev->stats.frame_bytes_out += (uint32_t)len;
		httpd_frame(dev, dev->work, len, now_ms);
		return;
	}
	if (net_running(dev)) {
		dev->stats.frames_out++;
		dev->stats.frame_bytes_out += (uint32_t)len;
		net_frame(dev, dev->work, len, now_ms);
		return;
	}
	if (sms_running(dev)) {
		sms_frame(dev, dev->work, len, now_ms);
		return;
	}
	if (dev->hal->frame_out == NULL) {
		dev->stats.frames_dropped++;
		return;
	}
	dev->stats.frames_out++;
	dev->stats.frame_bytes_out += (uint32_t)len;
	/* UDC's own framing is not documented: it runs as NET (SPEC section 4) */
	dev->hal->frame_out(dev->ctx,
			    dev->active.work_mode == USRDTU_MODE_UDC ? (uint8_t)USRDTU_MODE_NET
								    : dev->active.work_mode,
			    dev->work, len);
}

size_t framer_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms)
{
	size_t limit = frame_limit(dev), done = 0;

	if (dev->work_len > 0 && elapsed_ms(now_ms, dev->frame_ms) >= framer_gap_ms(dev))
		emit(dev, now_ms);
	while (done < len) {
		size_t take = limit - dev->work_len;

		if (engine_interrupted(dev))
			return done;
		if (take > len - done)
			take = len - done;
		memcpy(dev->work + dev->work_len, data + done, take);
		dev->work_len = (uint16_t)(dev->work_len + take);
		done += take;
		dev->frame_ms = now_ms;
		if (dev->work_len >= limit)
			emit(dev, now_ms);
	}
	return done;
}

void framer_flush(struct usrdtu *dev, uint32_t now_ms)
{
	emit(dev, now_ms);
}

uint32_t framer_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t gap = framer_gap_ms(dev), elapsed;

	if (dev->work_len == 0)
		return USRDTU_NO_DEADLINE;
	elapsed = elapsed_ms(now_ms, dev->frame_ms);
	return elapsed >= gap ? 0 : gap - elapsed;
}

void framer_poll(struct usrdtu *dev, uint32_t now_ms)
{
	if (dev->work_len > 0 && framer_deadline(dev, now_ms) == 0)
		emit(dev, now_ms);
}
