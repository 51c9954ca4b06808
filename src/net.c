/*
 * The network side of NET mode: four sockets that connect, heal and carry
 * serial frames, registration and heartbeat packets (SPEC section 5).
 *
 * The engine never blocks: it asks the port to open, send and close
 * (hal->sock_*) and the port reports back (usrdtu_sock_event, _rx,
 * _accept). Every frame for a socket goes through its queue (net_queue.c),
 * so frames cached while the link was down, and bytes a busy port did not
 * take, always leave before newer ones.
 */
#include "engine.h"

#include <string.h>

#define HEARTBEAT_FAILS_BROKEN 3 /* more than this many in a row: the link is broken */
#define CLIENTRST_FAILS 30       /* m0 CLIENTRST (SPEC section 10) */

/* Milliseconds until since + span, 0 when passed. */
static uint32_t until(uint32_t now_ms, uint32_t since_ms, uint32_t span_ms)
{
	uint32_t e = elapsed_ms(now_ms, since_ms);

	return e >= span_ms ? 0 : span_ms - e;
}

static uint32_t earliest(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static int is_server(uint8_t proto)
{
	return proto == USRDTU_PROTO_TCPS || proto == USRDTU_PROTO_UDPS;
}

/* Socket i runs in this boot. */
static int sock_configured(const struct usrdtu *dev, unsigned i)
{
	const struct usrdtu_socket_settings *ss = &dev->active.sock[i];

	return dev->net_running && ss->enabled && ss->proto != USRDTU_PROTO_HTPC;
}

static int sock_short(const struct usrdtu *dev, unsigned i)
{
	const struct usrdtu_socket_settings *ss = &dev->active.sock[i];

	return ss->short_connection && !is_server(ss->proto);
}

static int tcp_server(const struct usrdtu *dev, unsigned i)
{
	return dev->active.sock[i].proto == USRDTU_PROTO_TCPS;
}

static uint32_t next_random(struct usrdtu *dev)
{
	uint32_t x;

	if (dev->hal->random != NULL)
		return dev->hal->random(dev->ctx);
	/* xorshift32: enough to spread a fleet's reconnects */
	x = dev->random_state != 0 ? dev->random_state : 0x9E3779B9u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	dev->random_state = x;
	return x;
}

/* The reconnect interval plus up to a quarter of it at random. */
static uint32_t reconnect_delay(struct usrdtu *dev)
{
	uint32_t base = dev->active.reconnect_interval_s != 0
				? (uint32_t)dev->active.reconnect_interval_s * 1000u
				: (uint32_t)USRDTU_CFG_RECONNECT_MS;

	return base + next_random(dev) % (base / 4u + 1u);
}

static void wait_reconnect(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];

	s->state = USRDTU_SOCK_WAITING;
	s->timer_ms = now_ms + reconnect_delay(dev);
}

/* ---- server clients */

static unsigned client_count(const struct usrdtu *dev, unsigned i)
{
	unsigned k, n = 0;

	for (k = 0; k < USRDTU_CLIENTS_MAX; k++)
		n += dev->clients[k].link != 0 && USRDTU_LINK_SOCKET(dev->clients[k].link) == i;
	return n;
}

static struct usrdtu_client *client_of(struct usrdtu *dev, unsigned link)
{
	unsigned k;

	for (k = 0; k < USRDTU_CLIENTS_MAX; k++) {
		if (dev->clients[k].link == link)
			return &dev->clients[k];
	}
	return NULL;
}

static void client_close(struct usrdtu *dev, struct usrdtu_client *c)
{
	if (dev->hal->sock_close != NULL)
		dev->hal->sock_close(dev->ctx, c->link);
	c->link = 0;
}

static void clients_close(struct usrdtu *dev, unsigned i)
{
	unsigned k;

	for (k = 0; k < USRDTU_CLIENTS_MAX; k++) {
		if (dev->clients[k].link != 0 && USRDTU_LINK_SOCKET(dev->clients[k].link) == i)
			client_close(dev, &dev->clients[k]);
	}
}

/* ---- link up and down */

static void link_failed(struct usrdtu *dev, unsigned i, uint32_t now_ms);

static void open_socket(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	const struct usrdtu_socket_settings *ss = &dev->active.sock[i];
	struct usrdtu_sock *s = &dev->sock[i];
	struct usrdtu_sock_request req;

	if (dev->hal->sock_open == NULL) {
		s->state = USRDTU_SOCK_WAITING; /* no network: nothing ever connects */
		s->timer_ms = now_ms;
		return;
	}
	memset(&req, 0, sizeof req);
	req.proto = ss->proto;
	req.host = ss->host;
	req.port = ss->port;
	if (s->backup && ss->backup_host[0] != 0) {
		req.host = ss->backup_host;
		req.port = ss->backup_port;
	}
	if (is_server(ss->proto)) {
		/* m0 listens on SOCKPORT when it is set, else on the SOCK port */
		req.host = "";
		if (dev->active.local_port != 0)
			req.port = dev->active.local_port;
		req.max_clients = dev->active.max_clients != 0 ? dev->active.max_clients
							       : (uint8_t)USRDTU_CLIENTS_MAX;
	} else {
		req.local_port = dev->active.local_port;
	}
	req.keepalive = ss->keepalive_enabled;
	req.keepalive_idle_s = ss->keepalive_idle_s;
	req.keepalive_interval_s = ss->keepalive_interval_s;
	req.keepalive_count = ss->keepalive_count;
	s->state = USRDTU_SOCK_CONNECTING;
	s->timer_ms = now_ms;
	if (dev->hal->sock_open(dev->ctx, i, &req) < 0)
		link_failed(dev, i, now_ms);
}

static void close_link(struct usrdtu *dev, unsigned i)
{
	if (dev->sock[i].state >= USRDTU_SOCK_CONNECTING && dev->hal->sock_close != NULL)
		dev->hal->sock_close(dev->ctx, i);
	clients_close(dev, i);
}

/* A connect failed or a link broke: count it, maybe restart, retry later. */
static void link_failed(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	const struct usrdtu_settings *a = &dev->active;
	struct usrdtu_sock *s = &dev->sock[i];

	if (s->state == USRDTU_SOCK_UP)
		s->down_ms = now_ms;
	s->stats.failures++;
	/* the peer of the broken link got part of the oldest frame: the next
	 * connection gets all of it, not an orphan tail */
	queue_rewind(s);
	if (s->fails < UINT16_MAX)
		s->fails++;
	if (dev->connect_fails < UINT16_MAX)
		dev->connect_fails++;
	s->reg_due = 0;
	/* cat1: the next attempt goes to the other server of the pair */
	if (a->sock[i].backup_enabled && a->sock[i].backup_host[0] != 0)
		s->backup ^= 1;
	if ((a->reconnect_limit != 0 && s->fails >= a->reconnect_limit) ||
	    (a->client_restart && !is_server(a->sock[i].proto) && dev->connect_fails >= CLIENTRST_FAILS))
		engine_request_restart(dev);
	if (sock_short(dev, i) && s->stats.queued_frames == 0)
		s->state = USRDTU_SOCK_OFF; /* nothing to send: stay at rest */
	else
		wait_reconnect(dev, i, now_ms);
}

/* The engine gives up on a link it holds (heartbeats failed, send error). */
static void link_broken(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	close_link(dev, i);
	link_failed(dev, i, now_ms);
}

/* ---- sending */

static int send_some(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len)
{
	int n = dev->hal->sock_send(dev->ctx, link, data, len);

	return n > (int)len ? (int)len : n;
}

/* The registration packet due on a fresh connection, or what is left of it.
 * 1 when it is out, 0 when the port would block, -1 when the link broke. */
static int send_registration(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];
	uint8_t buf[NET_PACKET_BUF];
	const uint8_t *p;
	size_t len = net_registration(dev, buf, &p);
	int n;

	if (s->reg_off >= len) {
		s->reg_due = 0;
		return 1;
	}
	n = send_some(dev, i, p + s->reg_off, len - s->reg_off);
	if (n < 0)
		return -1;
	s->stats.tx_bytes += (uint32_t)n;
	if (n > 0)
		s->traffic_ms = now_ms;
	s->reg_off = (uint16_t)(s->reg_off + n);
	if (s->reg_off < len)
		return 0;
	s->reg_due = 0;
	return 1;
}

/* Frames of a TCP server go to every client; a client that takes less
 * loses the rest (counted): one slow client must not stall the others. */
static void drain_server(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];
	uint32_t guard;

	for (guard = 0; guard <= USRDTU_CFG_CACHE_FRAMES && s->stats.queued_frames > 0; guard++) {
		const uint8_t *p;
		size_t len = queue_peek(s, &p);
		unsigned k;

		if (client_count(dev, i) == 0)
			return;
		for (k = 0; k < USRDTU_CLIENTS_MAX; k++) {
			struct usrdtu_client *c = &dev->clients[k];
			int n;

			if (c->link == 0 || USRDTU_LINK_SOCKET(c->link) != i)
				continue;
			n = send_some(dev, c->link, p, len);
			if (n < 0) {
				client_close(dev, c);
				n = 0;
			}
			if ((size_t)n < len) {
				s->stats.dropped_frames++;
				s->stats.dropped_bytes += (uint32_t)(len - (size_t)n);
			}
			if (n > 0)
				c->traffic_ms = now_ms;
			s->stats.tx_bytes += (uint32_t)n;
		}
		s->traffic_ms = now_ms;
		queue_consume(s, len);
	}
}

/* Sends what the queue holds until it is empty or the port would block. */
static void drain(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];
	uint32_t guard;

	if (s->state != USRDTU_SOCK_UP || dev->hal->sock_send == NULL)
		return;
	if (tcp_server(dev, i)) {
		drain_server(dev, i, now_ms);
		return;
	}
	/* g781 LINK and m0 "first": the registration waits for the first data */
	if (s->reg_due && (!(dev->profile->flags & AT_P_REG_FIRST_DATA) || s->stats.queued_frames > 0)) {
		int r = send_registration(dev, i, now_ms);

		if (r < 0) {
			link_broken(dev, i, now_ms);
			return;
		}
		if (r == 0)
			return;
	}
	for (guard = 0; guard <= USRDTU_CFG_CACHE_FRAMES && s->stats.queued_frames > 0; guard++) {
		const uint8_t *p;
		size_t len = queue_peek(s, &p);
		int n = send_some(dev, i, p, len);

		if (n < 0) {
			link_broken(dev, i, now_ms);
			return;
		}
		if (n > 0) {
			s->traffic_ms = now_ms;
			s->stats.tx_bytes += (uint32_t)n;
			queue_consume(s, (size_t)n);
		}
		if ((size_t)n < len)
			return; /* would block: WRITABLE or the next poll resumes */
	}
}

/* Queues a frame for socket i, with the registration in front when
 * REGSND asks for it with every frame. */
static void enqueue(struct usrdtu *dev, unsigned i, const uint8_t *frame, size_t len)
{
	struct usrdtu_sock *s = &dev->sock[i];
	uint8_t buf[NET_PACKET_BUF];
	const uint8_t *reg = NULL;
	size_t reg_len = 0;

	if (dev->active.reg_send != USRDTU_REGSND_LINK && !tcp_server(dev, i))
		reg_len = net_registration(dev, buf, &reg);
	queue_push(s, reg, reg_len, frame, len);
}

static int profile_has_cache_setting(const struct usrdtu *dev)
{
	return dispatch_find(dev->profile, (const uint8_t *)"CACHEN", 6) != NULL;
}

/* Frames for a socket that is down wait for it: CACHEN; m0 has no CACHEN
 * but UARTCLBUF, which clears what the serial port sent before the
 * connection is up when on, and keeps it when off. */
static int keeps_offline_frames(const struct usrdtu *dev)
{
	if (dispatch_find(dev->profile, (const uint8_t *)"UARTCLBUF", 9) != NULL)
		return !dev->active.clear_uart_on_connect;
	return dev->active.cache_enabled;
}

static void drop_frame(struct usrdtu_sock *s, size_t len)
{
	s->stats.dropped_frames++;
	s->stats.dropped_bytes += (uint32_t)len;
}

void net_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms)
{
	unsigned i, takers = 0;

	for (i = 0; i < USRDTU_SOCKETS; i++) {
		struct usrdtu_sock *s = &dev->sock[i];
		int up;

		if (!sock_configured(dev, i))
			continue;
		takers++;
		up = s->state == USRDTU_SOCK_UP && (!tcp_server(dev, i) || client_count(dev, i) > 0);
		if (up || keeps_offline_frames(dev)) {
			enqueue(dev, i, frame, len);
		} else if (sock_short(dev, i) && s->state != USRDTU_SOCK_UP &&
			   (s->stats.queued_frames == 0 || !profile_has_cache_setting(dev))) {
			/* a short connection keeps what arrives while it connects; with
			 * CACHEN off only the frame that opens it (gprs232, 001) */
			enqueue(dev, i, frame, len);
		} else {
			drop_frame(s, len);
			continue;
		}
		if (s->state == USRDTU_SOCK_OFF && sock_short(dev, i))
			open_socket(dev, i, now_ms);
		else
			drain(dev, i, now_ms);
	}
	if (takers == 0)
		dev->stats.frames_dropped++;
}

void net_reply(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len)
{
	unsigned i = USRDTU_LINK_SOCKET(link);
	int n;

	if (link < USRDTU_SOCKETS && !tcp_server(dev, i)) {
		queue_push(&dev->sock[i], NULL, 0, data, len);
		drain(dev, i, dev->now_ms);
		return;
	}
	n = client_of(dev, link) != NULL ? send_some(dev, link, data, len) : 0;
	if (n < 0)
		n = 0;
	dev->sock[i].stats.tx_bytes += (uint32_t)n;
	if ((size_t)n < len) {
		dev->sock[i].stats.dropped_frames++;
		dev->sock[i].stats.dropped_bytes += (uint32_t)(len - (size_t)n);
	}
}

/* ---- heartbeats */

/* Returns 1 when the heartbeat went out whole. */
static int send_heartbeat(struct usrdtu *dev, unsigned link, struct usrdtu_sock *s)
{
	uint8_t buf[NET_PACKET_BUF];
	const uint8_t *p;
	size_t len = net_heartbeat(dev, buf, &p);
	int n;

	if (len == 0 || dev->hal->sock_send == NULL)
		return 1;
	/* the port has not taken what it got: that is a failure too (a
	 * registration that waits for the first data is not pending yet) */
	if (link < USRDTU_SOCKETS &&
	    (s->stats.queued_frames > 0 ||
	     (s->reg_due && (s->reg_off > 0 || !(dev->profile->flags & AT_P_REG_FIRST_DATA))))) {
		s->stats.heartbeat_failures++;
		return 0;
	}
	n = send_some(dev, link, p, len);
	if (n < 0)
		n = 0;
	s->stats.tx_bytes += (uint32_t)n;
	if ((size_t)n == len) {
		s->stats.heartbeats++;
		return 1;
	}
	/* keep the byte stream whole: the rest follows */
	if (n > 0 && link < USRDTU_SOCKETS)
		queue_push(s, NULL, 0, p + n, len - (size_t)n);
	s->stats.heartbeat_failures++;
	return 0;
}

static int heartbeat_to_net(const struct usrdtu *dev)
{
	return dev->active.heart_enabled && dev->active.heart_dir == USRDTU_HEART_NET &&
	       dev->active.heart_interval_s != 0;
}

static int heartbeat_to_serial_on(const struct usrdtu *dev)
{
	return dev->active.heart_enabled && dev->active.heart_dir == USRDTU_HEART_COM &&
	       dev->active.heart_interval_s != 0;
}

static uint32_t heart_interval_ms(const struct usrdtu *dev)
{
	return (uint32_t)dev->active.heart_interval_s * 1000u;
}

static void heartbeat_link(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];

	if (elapsed_ms(now_ms, s->traffic_ms) < heart_interval_ms(dev))
		return;
	s->traffic_ms = now_ms;
	if (send_heartbeat(dev, i, s)) {
		s->heart_fails = 0;
		return;
	}
	/* a UDP server has nobody to send to until a peer has spoken: that
	 * is no sign of a broken link */
	if (dev->active.sock[i].proto == USRDTU_PROTO_UDPS)
		return;
	if (++s->heart_fails > HEARTBEAT_FAILS_BROKEN) {
		s->heart_fails = 0;
		link_broken(dev, i, now_ms);
	}
}

static void heartbeat_clients(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	unsigned k;

	for (k = 0; k < USRDTU_CLIENTS_MAX; k++) {
		struct usrdtu_client *c = &dev->clients[k];

		if (c->link == 0 || USRDTU_LINK_SOCKET(c->link) != i ||
		    elapsed_ms(now_ms, c->traffic_ms) < heart_interval_ms(dev))
			continue;
		c->traffic_ms = now_ms;
		if (send_heartbeat(dev, c->link, &dev->sock[i])) {
			c->heart_fails = 0;
		} else if (++c->heart_fails > HEARTBEAT_FAILS_BROKEN) {
			dev->sock[i].stats.failures++;
			client_close(dev, c);
		}
	}
}

static void heartbeat_to_serial(struct usrdtu *dev, uint32_t now_ms)
{
	uint8_t buf[NET_PACKET_BUF];
	const uint8_t *p;
	size_t len;

	if (elapsed_ms(now_ms, dev->heart_com_ms) < heart_interval_ms(dev))
		return;
	dev->heart_com_ms = now_ms;
	if (dev->in_command)
		return; /* it would land in the middle of AT replies */
	len = net_heartbeat(dev, buf, &p);
	out_flush(dev);
	if (len > 0)
		out_bytes(dev, p, len);
	out_flush(dev);
}

/* ---- start, stop, timers */

void net_stop(struct usrdtu *dev, uint32_t now_ms)
{
	unsigned i;

	(void)now_ms;
	httpd_stop(dev);
	for (i = 0; i < USRDTU_SOCKETS; i++) {
		struct usrdtu_sock *s = &dev->sock[i];

		close_link(dev, i);
		queue_drop_all(s); /* RAM does not survive a restart: counted */
		s->state = USRDTU_SOCK_OFF;
		if (s->rfc_len > 0)
			rfc_release(dev, i); /* no frame after all: data */
	}
	memset(dev->clients, 0, sizeof dev->clients);
	dev->net_running = 0;
}

static void seed_random(struct usrdtu *dev, uint32_t now_ms)
{
	char id[24];
	int len = info_get(dev, USRDTU_INFO_SN, 0, id, sizeof id);
	uint32_t h = store_crc32(now_ms, (const uint8_t *)&now_ms, sizeof now_ms);

	if (len <= 0)
		len = info_get(dev, USRDTU_INFO_IMEI, 0, id, sizeof id);
	if (len > 0)
		h = store_crc32(h, (const uint8_t *)id, (size_t)len);
	dev->random_state = h != 0 ? h : 1;
}

void net_start(struct usrdtu *dev, uint32_t now_ms)
{
	uint8_t mode = dev->active.work_mode;
	unsigned i;

	dev->net_running = (mode == USRDTU_MODE_NET || mode == USRDTU_MODE_UDC) &&
			   dev->hal->sock_open != NULL && dev->hal->sock_send != NULL &&
			   dev->hal->sock_close != NULL && dev->active.sock[0].proto != USRDTU_PROTO_HTPC;
	dev->net_rx_ms = now_ms;
	dev->heart_com_ms = now_ms;
	dev->connect_fails = 0;
	if (dev->random_state == 0)
		seed_random(dev, now_ms);
	for (i = 0; i < USRDTU_SOCKETS; i++) {
		struct usrdtu_sock *s = &dev->sock[i];

		s->fails = 0;
		s->backup = 0;
		s->heart_fails = 0;
		s->reg_due = 0;
		s->down_ms = now_ms;
		s->traffic_ms = now_ms;
		if (sock_configured(dev, i) && !sock_short(dev, i))
			open_socket(dev, i, now_ms);
	}
	httpd_start(dev, now_ms);
}

/* Milliseconds until a whole-module restart is due (0: now), or
 * USRDTU_NO_DEADLINE: gprs232 SOCKRSTM (a long link down too long) and
 * RSTIM (nothing received from the network for too long). */
static uint32_t restart_wait(const struct usrdtu *dev, uint32_t now_ms)
{
	const struct usrdtu_settings *a = &dev->active;
	uint32_t t = USRDTU_NO_DEADLINE;
	unsigned i, configured = 0;

	for (i = 0; i < USRDTU_SOCKETS; i++) {
		if (!sock_configured(dev, i))
			continue;
		configured++;
		if (a->link_down_restart_s != 0 && !sock_short(dev, i) &&
		    dev->sock[i].state != USRDTU_SOCK_UP)
			t = earliest(t, until(now_ms, dev->sock[i].down_ms,
					      (uint32_t)a->link_down_restart_s * 1000u));
	}
	if (configured > 0 && a->no_data_restart_s != 0)
		t = earliest(t, until(now_ms, dev->net_rx_ms, (uint32_t)a->no_data_restart_s * 1000u));
	return t;
}

static void poll_socket(struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];

	if (s->rfc_len > 0 && elapsed_ms(now_ms, s->rfc_ms) >= USRDTU_CFG_RFC_HOLD_MS)
		rfc_release(dev, i);
	switch (s->state) {
	case USRDTU_SOCK_WAITING:
		if (dev->hal->sock_open != NULL && (int32_t)(now_ms - s->timer_ms) >= 0)
			open_socket(dev, i, now_ms);
		break;
	case USRDTU_SOCK_CONNECTING:
		if (elapsed_ms(now_ms, s->timer_ms) >= USRDTU_CFG_CONNECT_TIMEOUT_MS) {
			close_link(dev, i);
			link_failed(dev, i, now_ms);
		}
		break;
	case USRDTU_SOCK_UP:
		drain(dev, i, now_ms);
		if (s->state != USRDTU_SOCK_UP)
			break;
		if (sock_short(dev, i) &&
		    elapsed_ms(now_ms, s->traffic_ms) >= (uint32_t)dev->active.short_timeout_s * 1000u) {
			close_link(dev, i);
			s->down_ms = now_ms;
			s->reg_due = 0;
			queue_rewind(s);
			if (s->stats.queued_frames > 0)
				wait_reconnect(dev, i, now_ms);
			else
				s->state = USRDTU_SOCK_OFF;
			break;
		}
		/* a short connection closes when idle: no heartbeat keeps it up */
		if (heartbeat_to_net(dev) && !sock_short(dev, i)) {
			if (tcp_server(dev, i))
				heartbeat_clients(dev, i, now_ms);
			else
				heartbeat_link(dev, i, now_ms);
		}
		break;
	default:
		break;
	}
}

void net_poll(struct usrdtu *dev, uint32_t now_ms)
{
	unsigned i;

	httpd_poll(dev, now_ms);
	if (!dev->net_running)
		return;
	for (i = 0; i < USRDTU_SOCKETS && !engine_interrupted(dev); i++)
		poll_socket(dev, i, now_ms);
	if (heartbeat_to_serial_on(dev))
		heartbeat_to_serial(dev, now_ms);
	if (restart_wait(dev, now_ms) == 0)
		engine_request_restart(dev);
}

static uint32_t socket_deadline(const struct usrdtu *dev, unsigned i, uint32_t now_ms)
{
	const struct usrdtu_sock *s = &dev->sock[i];
	uint32_t t = USRDTU_NO_DEADLINE;
	unsigned k;

	if (s->rfc_len > 0)
		t = until(now_ms, s->rfc_ms, USRDTU_CFG_RFC_HOLD_MS);
	switch (s->state) {
	case USRDTU_SOCK_WAITING:
		if (dev->hal->sock_open != NULL)
			t = earliest(t, (int32_t)(s->timer_ms - now_ms) <= 0 ? 0 : s->timer_ms - now_ms);
		break;
	case USRDTU_SOCK_CONNECTING:
		t = earliest(t, until(now_ms, s->timer_ms, USRDTU_CFG_CONNECT_TIMEOUT_MS));
		break;
	case USRDTU_SOCK_UP:
		if (tcp_server(dev, i) && s->stats.queued_frames > 0 && client_count(dev, i) > 0)
			return 0;
		if (sock_short(dev, i))
			t = earliest(t, until(now_ms, s->traffic_ms, (uint32_t)dev->active.short_timeout_s * 1000u));
		if (!heartbeat_to_net(dev) || sock_short(dev, i))
			break;
		if (!tcp_server(dev, i)) {
			t = earliest(t, until(now_ms, s->traffic_ms, heart_interval_ms(dev)));
			break;
		}
		for (k = 0; k < USRDTU_CLIENTS_MAX; k++) {
			const struct usrdtu_client *c = &dev->clients[k];

			if (c->link != 0 && USRDTU_LINK_SOCKET(c->link) == i)
				t = earliest(t, until(now_ms, c->traffic_ms, heart_interval_ms(dev)));
		}
		break;
	default:
		break;
	}
	return t;
}

uint32_t net_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t t;
	unsigned i;

	if (!dev->net_running)
		return httpd_deadline(dev, now_ms);
	t = restart_wait(dev, now_ms);
	for (i = 0; i < USRDTU_SOCKETS; i++)
		t = earliest(t, socket_deadline(dev, i, now_ms));
	if (heartbeat_to_serial_on(dev))
		t = earliest(t, until(now_ms, dev->heart_com_ms, heart_interval_ms(dev)));
	return t;
}

/* ---- what the port reports */

/* A link the engine can have handed out: one of its sockets, a server
 * client of one of them, or the NTP link. With fewer than four sockets
 * (an m0-only build) the link numbers of the missing ones are refused. */
static int link_valid(const struct usrdtu *dev, unsigned link)
{
	if (dev == NULL)
		return 0;
	if (link == USRDTU_LINK_NTP)
		return 1;
	if (USRDTU_LINK_SOCKET(link) >= USRDTU_SOCKETS)
		return 0;
	return link < 4u || USRDTU_LINK_CLIENT(link) < (int)USRDTU_CLIENTS_MAX;
}

static void socket_event(struct usrdtu *dev, unsigned i, enum usrdtu_sock_event ev, uint32_t now_ms)
{
	struct usrdtu_sock *s = &dev->sock[i];

	switch (ev) {
	case USRDTU_SOCK_CONNECTED:
		if (s->state != USRDTU_SOCK_CONNECTING)
			return; /* stale: the engine has moved on */
		s->state = USRDTU_SOCK_UP;
		s->stats.connects++;
		s->fails = 0;
		dev->connect_fails = 0;
		s->heart_fails = 0;
		s->traffic_ms = now_ms;
		s->reg_off = 0;
		s->reg_due = !is_server(dev->active.sock[i].proto) &&
			     dev->active.reg_send != USRDTU_REGSND_DATA;
		drain(dev, i, now_ms);
		break;
	case USRDTU_SOCK_CLOSED:
	case USRDTU_SOCK_FAILED:
		if (s->state != USRDTU_SOCK_CONNECTING && s->state != USRDTU_SOCK_UP)
			return;
		clients_close(dev, i);
		if (ev == USRDTU_SOCK_CLOSED && s->state == USRDTU_SOCK_UP && sock_short(dev, i) &&
		    s->stats.queued_frames == 0) {
			s->state = USRDTU_SOCK_OFF; /* the server ended a short connection */
			s->down_ms = now_ms;
			s->reg_due = 0;
			return;
		}
		link_failed(dev, i, now_ms);
		break;
	default: /* WRITABLE */
		drain(dev, i, now_ms);
		break;
	}
}

static int enter(struct usrdtu *dev, unsigned link, uint32_t now_ms)
{
	if (dev == NULL || dev->profile == NULL || !link_valid(dev, link))
		return USRDTU_ERR_INVAL;
	if (dev->busy)
		return USRDTU_ERR_BUSY;
	dev->busy = 1;
	dev->now_ms = now_ms;
	return USRDTU_OK;
}

int usrdtu_sock_event(struct usrdtu *dev, unsigned link, enum usrdtu_sock_event ev, uint32_t now_ms)
{
	int r = enter(dev, link, now_ms);

	if (r != USRDTU_OK)
		return r;
	if (link == USRDTU_LINK_NTP) {
		ntp_event(dev, ev, now_ms);
	} else if (httpd_running(dev)) {
		httpd_event(dev, link, ev, now_ms);
	} else if (dev->net_running) {
		if (link < USRDTU_SOCKETS) {
			socket_event(dev, link, ev, now_ms);
		} else {
			struct usrdtu_client *c = client_of(dev, link);

			if (c != NULL && (ev == USRDTU_SOCK_CLOSED || ev == USRDTU_SOCK_FAILED))
				c->link = 0; /* the port has closed it already */
		}
	}
	engine_settle(dev, now_ms);
	dev->busy = 0;
	return USRDTU_OK;
}

int usrdtu_sock_accept(struct usrdtu *dev, unsigned socket, uint32_t now_ms)
{
	struct usrdtu_client *slot = NULL, *oldest = NULL;
	struct usrdtu_sock *s;
	unsigned k, limit, count = 0;
	int r = socket < USRDTU_SOCKETS ? enter(dev, socket, now_ms) : USRDTU_ERR_INVAL;

	if (r != USRDTU_OK)
		return r;
	s = &dev->sock[socket];
	limit = dev->active.max_clients != 0 ? dev->active.max_clients : USRDTU_CLIENTS_MAX;
	if (limit > USRDTU_CLIENTS_MAX)
		limit = USRDTU_CLIENTS_MAX;
	r = USRDTU_ERR_INVAL;
	if (!dev->net_running || !tcp_server(dev, socket) || s->state != USRDTU_SOCK_UP)
		goto out;
	for (k = 0; k < USRDTU_CLIENTS_MAX; k++) {
		struct usrdtu_client *c = &dev->clients[k];

		if (c->link == 0) {
			if (slot == NULL)
				slot = c;
			continue;
		}
		if (USRDTU_LINK_SOCKET(c->link) != socket)
			continue;
		count++;
		if (oldest == NULL || (int32_t)(c->since_ms - oldest->since_ms) < 0)
			oldest = c;
	}
	if (count >= limit || slot == NULL) {
		/* m0 TCPSE: KICK replaces the oldest client, KEEP refuses the
		 * new one; g781 has no setting and keeps the newest, as KICK */
		slot = oldest;
		if (slot == NULL || (dev->active.max_clients != 0 && !dev->active.kick_oldest)) {
			s->stats.clients_refused++;
			r = USRDTU_ERR_NOSPC;
			goto out;
		}
		client_close(dev, slot);
		s->stats.clients_kicked++;
	}
	memset(slot, 0, sizeof *slot);
	slot->link = (uint8_t)USRDTU_LINK(socket, (unsigned)(slot - dev->clients));
	slot->since_ms = now_ms;
	slot->traffic_ms = now_ms;
	s->stats.connects++;
	r = slot->link;
out:
	dev->busy = 0;
	return r;
}

int usrdtu_sock_rx(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms)
{
	unsigned i = USRDTU_LINK_SOCKET(link);
	struct usrdtu_sock *s;
	int r = enter(dev, link, now_ms);

	if (r != USRDTU_OK)
		return r;
	if (data == NULL && len > 0) {
		dev->busy = 0;
		return USRDTU_ERR_INVAL;
	}
	if (link == USRDTU_LINK_NTP) {
		ntp_rx(dev, data, len, now_ms);
		dev->busy = 0;
		return USRDTU_OK;
	}
	if (httpd_running(dev)) {
		httpd_rx(dev, link, data, len, now_ms);
		len = 0;
	}
	s = &dev->sock[i];
	s->stats.rx_bytes += (uint32_t)len;
	dev->net_rx_ms = now_ms;
	if (link < USRDTU_SOCKETS) {
		s->traffic_ms = now_ms;
	} else {
		struct usrdtu_client *c = client_of(dev, link);

		if (c != NULL)
			c->traffic_ms = now_ms;
	}
	if (len > 0 && dev->active.net_at && s->rfc_len == 0) {
		size_t start = remote_at_prefix(dev, data, len);

		if (start != 0) {
			net_at_packet(dev, link, data, start, len, now_ms);
			len = 0;
		}
	}
	if (len > 0) {
		if (dev->active.rfc2217)
			rfc_scan(dev, link, data, len, now_ms);
		else
			net_to_serial(dev, link, data, len);
	}
	engine_settle(dev, now_ms);
	dev->busy = 0;
	return USRDTU_OK;
}

int usrdtu_sock_state(const struct usrdtu *dev, unsigned socket)
{
	if (dev == NULL || socket >= USRDTU_SOCKETS)
		return USRDTU_ERR_INVAL;
	return dev->sock[socket].state;
}

const struct usrdtu_sock_stats *usrdtu_get_sock_stats(const struct usrdtu *dev, unsigned socket)
{
	if (dev == NULL || socket >= USRDTU_SOCKETS)
		return NULL;
	return &dev->sock[socket].stats;
}

int engine_socket_connected(const struct usrdtu *dev, unsigned socket)
{
	if (socket >= USRDTU_SOCKETS || dev->sock[socket].state != USRDTU_SOCK_UP)
		return 0;
	return !tcp_server(dev, socket) || client_count(dev, socket) > 0;
}
