/*
 * Bytes from the network on their way to the serial port: network AT
 * (NATEN), the RFC2217-like baud frame (RFCEN) and the socket prefix
 * (SOCKIDEN / SOCKIND / INDEXEN).
 *
 * The prefix format is the library's (the manuals give none):
 * "+RECV:<id>,<length>\r\n" before each chunk, <id> the socket letter, and
 * for a TCP server's client the letter and the client number from 1
 * ("+RECV:A2,5\r\n"), so that a host can split the stream by the length.
 */
#include "engine.h"
#include "usrdtu/rfc2217.h"

#include <string.h>

static void write_serial(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	int taken = dev->hal->serial_write(dev->ctx, data, len);

	if (taken < 0)
		taken = 0;
	if ((size_t)taken < len)
		dev->stats.serial_tx_lost += (uint32_t)(len - (size_t)taken);
}

void net_to_serial(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len)
{
	if (len == 0)
		return;
	if (dev->in_command) {
		/* the host is typing commands: data would corrupt the replies */
		dev->sock[USRDTU_LINK_SOCKET(link)].stats.rx_dropped_bytes += (uint32_t)len;
		return;
	}
	if (dev->active.socket_id) {
		uint8_t letter = (uint8_t)('A' + USRDTU_LINK_SOCKET(link));

		out_str(dev, "+RECV:");
		out_byte(dev, letter);
		if (link >= USRDTU_SOCKETS)
			out_u32(dev, (uint32_t)USRDTU_LINK_CLIENT(link) + 1u);
		out_byte(dev, ',');
		out_u32(dev, (uint32_t)len);
		out_str(dev, "\r\n");
	}
	out_flush(dev);
	write_serial(dev, data, len);
}

void net_at_packet(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t start, size_t len,
		   uint32_t now_ms)
{
	uint8_t *text;

	/* The command is edited in place while it runs: copy it behind
	 * whatever the work buffer holds (a frame or a command line). */
	if (len > sizeof dev->work - dev->work_len && !dev->in_command)
		framer_flush(dev, now_ms);
	if (len > sizeof dev->work - dev->work_len) {
		net_to_serial(dev, link, data, len); /* too long to be a command */
		return;
	}
	text = dev->work + dev->work_len;
	memcpy(text, data, len);
	dev->sock[USRDTU_LINK_SOCKET(link)].stats.net_at++;
	dev->at_link = (uint8_t)link;
	remote_at_run(dev, AT_SOURCE_NETWORK, text, start, len, now_ms);
}

/* ---- the RFC2217-like frame */

static void current_uart(const struct usrdtu *dev, struct usrdtu_uart_config *cfg)
{
	cfg->baud = dev->active.uart.baud;
	cfg->data_bits = dev->active.uart.data_bits;
	cfg->stop_bits = dev->active.uart.stop_bits;
	cfg->parity = dev->active.uart.parity;
	cfg->flow = dev->active.uart.flow;
}

static void apply_frame(struct usrdtu *dev, unsigned socket, const struct usrdtu_uart_config *cfg)
{
	struct usrdtu_sock_stats *st = &dev->sock[socket].stats;

	if (dev->hal->uart_config == NULL || dev->hal->uart_config(dev->ctx, cfg) != 0) {
		st->rfc_refused++; /* the port stays as it was; the frame is still consumed */
		return;
	}
	/* until the next restart, as the module does */
	dev->active.uart.baud = cfg->baud;
	dev->active.uart.data_bits = cfg->data_bits;
	dev->active.uart.stop_bits = cfg->stop_bits;
	dev->active.uart.parity = cfg->parity;
	st->rfc_frames++;
}

void rfc_release(struct usrdtu *dev, unsigned socket)
{
	struct usrdtu_sock *s = &dev->sock[socket];
	uint8_t held[sizeof s->rfc_held];
	size_t len = s->rfc_len;

	memcpy(held, s->rfc_held, len);
	s->rfc_len = 0;
	net_to_serial(dev, s->rfc_link, held, len);
}

/* The stream is the held bytes followed by the new chunk. */
struct rfc_stream {
	const uint8_t *held;
	size_t held_len;
	const uint8_t *data;
	size_t len;
};

static uint8_t stream_at(const struct rfc_stream *st, size_t k)
{
	return k < st->held_len ? st->held[k] : st->data[k - st->held_len];
}

/* Passes stream bytes [from, to) on as data. */
static void stream_forward(struct usrdtu *dev, unsigned link, const struct rfc_stream *st, size_t from,
			   size_t to)
{
	if (from < st->held_len && from < to) {
		size_t end = to < st->held_len ? to : st->held_len;

		net_to_serial(dev, link, st->held + from, end - from);
		from = end;
	}
	if (from < to)
		net_to_serial(dev, link, st->data + (from - st->held_len), to - from);
}

/* Next 0x55 at or after k, or total. */
static size_t next_candidate(const struct rfc_stream *st, size_t k, size_t total)
{
	const uint8_t *hit;

	for (; k < st->held_len; k++) {
		if (st->held[k] == 0x55)
			return k;
	}
	if (k >= total)
		return total;
	hit = memchr(st->data + (k - st->held_len), 0x55, total - k);
	return hit != NULL ? (size_t)(hit - st->data) + st->held_len : total;
}

void rfc_scan(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms)
{
	unsigned socket = USRDTU_LINK_SOCKET(link);
	struct usrdtu_sock *s = &dev->sock[socket];
	uint8_t held[sizeof s->rfc_held];
	struct rfc_stream st;
	size_t total, start = 0, k = 0, guard;

	if (s->rfc_len > 0 && s->rfc_link != link)
		rfc_release(dev, socket); /* another client: those bytes were data */
	memcpy(held, s->rfc_held, s->rfc_len);
	st.held = held;
	st.held_len = s->rfc_len;
	st.data = data;
	st.len = len;
	s->rfc_len = 0;
	total = st.held_len + len;
	for (guard = 0; guard <= total; guard++) {
		uint8_t frame[USRDTU_RFC2217_FRAME_LEN];
		struct usrdtu_uart_config cfg;
		size_t n, avail;

		k = next_candidate(&st, k, total);
		if (k >= total)
			break;
		avail = total - k < sizeof frame ? total - k : sizeof frame;
		for (n = 0; n < avail; n++)
			frame[n] = stream_at(&st, k + n);
		if (avail < sizeof frame) {
			if (!usrdtu_rfc2217_prefix(frame, avail)) {
				k++;
				continue;
			}
			/* maybe a frame whose rest is still on its way: hold it */
			stream_forward(dev, link, &st, start, k);
			memcpy(s->rfc_held, frame, avail);
			s->rfc_len = (uint8_t)avail;
			s->rfc_link = (uint8_t)link;
			s->rfc_ms = now_ms;
			return;
		}
		current_uart(dev, &cfg);
		if (usrdtu_rfc2217_decode(frame, &cfg) != 0) {
			k++;
			continue;
		}
		stream_forward(dev, link, &st, start, k);
		apply_frame(dev, socket, &cfg);
		k += sizeof frame;
		start = k;
	}
	stream_forward(dev, link, &st, start, total);
}
