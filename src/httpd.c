/*
 * The HTTPD work mode (SPEC section 7): every serial frame becomes one HTTP
 * request to the HTPSV server (m0: AT+SOCK=HTPC,<host>,<port>), and the
 * answer goes back to the serial port through the response filter.
 *
 * One request at a time on socket A's link (link 0): sockets do not run in
 * this mode, so the link, its counters and its queue are free. Frames that
 * arrive while a request is under way wait in socket A's queue
 * (net_queue.c), in order; a full queue drops the oldest, counted, as the
 * NET mode's cache does. A request ends at the end of its response
 * (Content-Length, last chunk, close), at a malformed response, or when
 * HTPTIM / HTPTO runs out; the connection is kept for the next request when
 * the server allows it. docs/http.md, "The mode in the engine".
 *
 * Nothing here calls back into itself: the functions that end a request
 * only clear in_flight, and pump() at the end of every entry point starts
 * the next one.
 */
#include "engine.h"

#include <string.h>

typedef char httpd_check_send_chunk[(USRDTU_CFG_HTTP_SEND_CHUNK >= 16 && USRDTU_CFG_HTTP_SEND_CHUNK <= 65535) ? 1 : -1];

enum {
	LINK_OFF = 0,
	LINK_CONNECTING = 1,
	LINK_UP = 2
};

static uint32_t timeout_ms(const struct usrdtu *dev)
{
	return dev->active.http_timeout_s != 0 ? (uint32_t)dev->active.http_timeout_s * 1000u
					       : (uint32_t)USRDTU_CFG_HTTP_TIMEOUT_MS;
}

static void set_link(struct usrdtu *dev, uint8_t state)
{
	static const uint8_t sock_state[] = {USRDTU_SOCK_OFF, USRDTU_SOCK_CONNECTING, USRDTU_SOCK_UP};

	dev->httpd.link = state;
	dev->sock[0].state = sock_state[state]; /* usrdtu_sock_state(dev, 0) shows the link */
}

static void close_link(struct usrdtu *dev)
{
	if (dev->httpd.link != LINK_OFF && dev->hal->sock_close != NULL)
		dev->hal->sock_close(dev->ctx, 0);
	set_link(dev, LINK_OFF);
}

/* The response filter's output: body (filter on) or raw response. */
static void to_serial(void *ctx, const uint8_t *data, size_t len)
{
	struct usrdtu *dev = ctx;

	if (dev->in_command) {
		/* the host is typing commands: data would corrupt the replies */
		dev->httpd.stats.serial_dropped += (uint32_t)len;
		return;
	}
	dev->httpd.stats.serial_bytes += (uint32_t)len;
	out_flush(dev);
	serial_out(dev, data, len);
}

/* The request in flight ends without reaching the server whole: its frame,
 * still at the head of the queue, is dropped and counted. */
static void abandon_request(struct usrdtu *dev)
{
	struct usrdtu_httpd *h = &dev->httpd;

	if (h->in_flight && h->req_sent < h->req_len)
		queue_drop_oldest(&dev->sock[0]);
	h->in_flight = 0;
}

static void connect_failed(struct usrdtu *dev)
{
	dev->httpd.stats.connect_failures++;
	dev->sock[0].stats.failures++;
	close_link(dev);
	abandon_request(dev);
}

static void open_link(struct usrdtu *dev)
{
	struct usrdtu_http_target t;
	struct usrdtu_sock_request req;

	usrdtu_http_target_from_settings(&t, &dev->active);
	memset(&req, 0, sizeof req);
	req.proto = USRDTU_PROTO_TCPC;
	req.host = t.host; /* a settings string: NUL-terminated */
	req.port = t.port;
	set_link(dev, LINK_CONNECTING);
	if (dev->hal->sock_open(dev->ctx, 0, &req) < 0) {
		set_link(dev, LINK_OFF); /* nothing was opened */
		connect_failed(dev);
	}
}

/* The response is complete or failed: count it and free the link. */
static void finish_request(struct usrdtu *dev, int closed)
{
	struct usrdtu_httpd *h = &dev->httpd;

	if (usrdtu_http_resp_state(&h->resp) == USRDTU_HTTP_RESP_DONE) {
		h->stats.responses++;
		/* a link with half a request on it can carry no other */
		if (closed || !usrdtu_http_resp_keep_alive(&h->resp) || h->req_sent < h->req_len)
			close_link(dev);
	} else {
		enum usrdtu_http_error e = usrdtu_http_resp_error(&h->resp);

		if (e == USRDTU_HTTP_ERR_TRUNCATED || e == USRDTU_HTTP_ERR_NO_RESPONSE)
			h->stats.truncated++;
		else
			h->stats.malformed++;
		close_link(dev);
	}
	abandon_request(dev); /* an early answer can come before the whole request went */
}

/* The link closed or broke while it was up. A request the server has
 * whole is not sent again, even when a kept-alive connection closed before
 * any answer: the server may have run it, and a second POST could do
 * twice what the host asked for once. */
static void link_lost(struct usrdtu *dev)
{
	struct usrdtu_httpd *h = &dev->httpd;

	close_link(dev);
	if (!h->in_flight)
		return;
	if (!h->got_bytes && h->req_sent < h->req_len) {
		h->stats.send_failures++;
		dev->sock[0].stats.failures++;
		abandon_request(dev);
		return;
	}
	usrdtu_http_resp_finish(&h->resp);
	finish_request(dev, 1);
}

/* Hands the port what it has not taken of the request yet, produced a
 * piece at a time from the frame at the head of the queue. Once the port
 * has it all, the frame leaves the queue. */
static void send_request(struct usrdtu *dev)
{
	struct usrdtu_httpd *h = &dev->httpd;
	struct usrdtu_sock *s = &dev->sock[0];
	struct usrdtu_http_target t;
	uint32_t guard, pieces;

	if (!h->in_flight || h->link != LINK_UP || h->req_sent >= h->req_len)
		return;
	usrdtu_http_target_from_settings(&t, &dev->active);
	pieces = h->req_len / (uint32_t)sizeof h->piece + 1u;
	for (guard = 0; guard < pieces && h->req_sent < h->req_len; guard++) {
		const uint8_t *frame;
		size_t len = queue_peek(s, &frame);
		int32_t piece = usrdtu_http_request_piece(&t, frame, len, h->req_sent, h->piece,
							  sizeof h->piece);
		int n;

		if (piece <= 0) {
			link_lost(dev); /* never: the frame and settings are those of the start */
			return;
		}
		n = dev->hal->sock_send(dev->ctx, 0, h->piece, (size_t)piece);
		if (n < 0) {
			link_lost(dev);
			return;
		}
		if (n > piece)
			n = piece;
		h->req_sent += (uint32_t)n;
		s->stats.tx_bytes += (uint32_t)n;
		s->traffic_ms = dev->now_ms;
		if (n < piece)
			return; /* would block: WRITABLE or the next poll resumes */
	}
	if (h->req_sent >= h->req_len)
		queue_consume(s, h->frame_len);
}

/* Starts the request of the oldest queued frame; the frame stays at the
 * head of the queue until the port has taken the whole request. */
static void begin_request(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_httpd *h = &dev->httpd;
	struct usrdtu_sock *s = &dev->sock[0];
	struct usrdtu_http_target t;
	const uint8_t *frame;
	size_t len = queue_peek(s, &frame);
	int32_t n;

	usrdtu_http_target_from_settings(&t, &dev->active);
	n = usrdtu_http_request_len(&t, frame, len);
	if (n < 0) {
		/* the settings name no server a request can go to (the AT
		 * commands refuse such values, a port's own settings may not) */
		h->stats.connect_failures++;
		queue_drop_oldest(s);
		return;
	}
	h->frame_len = (uint16_t)len;
	h->req_len = (uint32_t)n;
	h->req_sent = 0;
	h->in_flight = 1;
	h->got_bytes = 0;
	h->started_ms = now_ms;
	h->stats.requests++;
	usrdtu_http_resp_reset(&h->resp);
	if (h->link == LINK_UP) {
		h->stats.reused++;
		send_request(dev);
	} else {
		open_link(dev);
	}
}

/* Starts queued requests while the link is free (a request that fails at
 * once lets the next one start). */
static void pump(struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t guard;

	for (guard = 0; guard <= USRDTU_CFG_CACHE_FRAMES && !dev->httpd.in_flight &&
			dev->sock[0].stats.queued_frames > 0 && !engine_interrupted(dev);
	     guard++)
		begin_request(dev, now_ms);
}

void httpd_start(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_httpd *h = &dev->httpd;
	uint8_t mode = dev->active.work_mode;
	int http_client = mode == USRDTU_MODE_HTTPD ||
			  ((mode == USRDTU_MODE_NET || mode == USRDTU_MODE_UDC) &&
			   dev->active.sock[0].proto == USRDTU_PROTO_HTPC);

	(void)now_ms;
	h->running = http_client && dev->hal->sock_open != NULL && dev->hal->sock_send != NULL &&
		     dev->hal->sock_close != NULL;
	h->in_flight = 0;
	h->link = LINK_OFF; /* socket A is the NET mode's when this mode does not run */
	usrdtu_http_resp_init(&h->resp, dev->active.http_filter, to_serial, dev);
}

void httpd_stop(struct usrdtu *dev)
{
	struct usrdtu_httpd *h = &dev->httpd;

	if (!h->running)
		return;
	/* a frame still queued is counted by net_stop's queue_drop_all() */
	close_link(dev);
	h->in_flight = 0;
	h->running = 0;
}

void httpd_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms)
{
	struct usrdtu_httpd *h = &dev->httpd;
	struct usrdtu_sock *s = &dev->sock[0];
	uint32_t dropped = s->stats.dropped_frames;

	if (h->in_flight && h->req_sent < h->req_len && !queue_room(s, len)) {
		/* making room would drop the oldest frame, the one whose request
		 * is being sent: the new frame goes instead */
		s->stats.dropped_frames++;
		s->stats.dropped_bytes += (uint32_t)len;
		h->stats.queue_dropped++;
		return;
	}
	queue_push(s, NULL, 0, frame, len);
	dev->httpd.stats.queue_dropped += s->stats.dropped_frames - dropped;
	pump(dev, now_ms);
}

void httpd_event(struct usrdtu *dev, unsigned link, enum usrdtu_sock_event ev, uint32_t now_ms)
{
	struct usrdtu_httpd *h = &dev->httpd;

	if (link != 0)
		return;
	switch (ev) {
	case USRDTU_SOCK_CONNECTED:
		if (h->link != LINK_CONNECTING)
			return; /* stale: the engine has moved on */
		set_link(dev, LINK_UP);
		dev->sock[0].stats.connects++;
		send_request(dev);
		break;
	case USRDTU_SOCK_FAILED:
	case USRDTU_SOCK_CLOSED: {
		uint8_t was = h->link;

		set_link(dev, LINK_OFF); /* the port has closed it: no sock_close */
		if (was == LINK_CONNECTING)
			connect_failed(dev);
		else if (was == LINK_UP)
			link_lost(dev); /* closed, or a link that was up broke */
		break;
	}
	default: /* WRITABLE */
		send_request(dev);
		break;
	}
	pump(dev, now_ms);
}

void httpd_rx(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms)
{
	struct usrdtu_httpd *h = &dev->httpd;
	struct usrdtu_sock_stats *st = &dev->sock[0].stats;

	st->rx_bytes += (uint32_t)len;
	dev->net_rx_ms = now_ms;
	if (link != 0 || !h->in_flight || h->link != LINK_UP) {
		st->rx_dropped_bytes += (uint32_t)len; /* nobody asked: no response to put it in */
		return;
	}
	if (len == 0)
		return;
	h->got_bytes = 1;
	usrdtu_http_resp_feed(&h->resp, data, len);
	if (usrdtu_http_resp_done(&h->resp))
		finish_request(dev, 0);
	pump(dev, now_ms);
}

void httpd_poll(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_httpd *h = &dev->httpd;

	if (!h->running)
		return;
	if (h->in_flight && elapsed_ms(now_ms, h->started_ms) >= timeout_ms(dev)) {
		h->stats.timeouts++;
		close_link(dev);
		abandon_request(dev);
	}
	send_request(dev); /* a port that would block may take more now */
	pump(dev, now_ms);
}

uint32_t httpd_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	const struct usrdtu_httpd *h = &dev->httpd;
	uint32_t e;

	if (!h->running || !h->in_flight)
		return USRDTU_NO_DEADLINE;
	e = elapsed_ms(now_ms, h->started_ms);
	return e >= timeout_ms(dev) ? 0 : timeout_ms(dev) - e;
}

const struct usrdtu_http_stats *usrdtu_get_http_stats(const struct usrdtu *dev)
{
	return dev != NULL ? &dev->httpd.stats : NULL;
}

int usrdtu_http_client_running(const struct usrdtu *dev)
{
	return dev != NULL && httpd_running(dev);
}
