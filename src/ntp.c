/*
 * The cat1 NTP client (NTPEN, NTPSVR, NTPTM; docs/ntp.md): with NTPEN on it
 * asks an NTPSVR server for the time at every restart and then every NTPTM
 * minutes, over a UDP link of its own (USRDTU_LINK_NTP), and sets the
 * calendar clock AT+CCLK reports. An attempt that fails (no link, no answer
 * in time, a kiss-o'-death) goes on to the next server, a bounded number of
 * times; a sync that runs out of attempts waits USRDTU_CFG_NTP_RETRY_MS (at
 * most NTPTM) for the next. Everything is counted (usrdtu_get_ntp_stats).
 */
#include "engine.h"
#include "usrdtu/sntp.h"

#include <string.h>

#if USRDTU_CFG_PROFILE_CAT1

typedef char ntp_check_attempts[(USRDTU_CFG_NTP_ATTEMPTS >= 1 && USRDTU_CFG_NTP_ATTEMPTS <= 255) ? 1 : -1];
typedef char ntp_check_tz[(USRDTU_CFG_CLOCK_TZ >= -56 && USRDTU_CFG_CLOCK_TZ <= 56) ? 1 : -1];
typedef char ntp_check_port[(USRDTU_CFG_NTP_PORT >= 1 && USRDTU_CFG_NTP_PORT <= 65535) ? 1 : -1];
/* A zero wait would make the next deadline "now" for ever while a port keeps failing. */
typedef char ntp_check_waits[(USRDTU_CFG_NTP_TIMEOUT_MS >= 1 && USRDTU_CFG_NTP_RETRY_MS >= 1) ? 1 : -1];
typedef char ntp_check_servers[(USRDTU_NTP_SERVERS <= 8) ? 1 : -1]; /* one bit each in banned */

enum ntp_state {
	NTP_OFF = 0,  /* NTPEN off, no network HAL, or no server left */
	NTP_IDLE,     /* waiting for the next attempt */
	NTP_OPENING,  /* sock_open asked, CONNECTED not yet */
	NTP_WAITING   /* request sent, waiting for the reply */
};

#define MS_PER_MINUTE 60000u
/* Random low bits of our transmit timestamp (about 0.24 ms): a reply must
 * echo them, which an off-path forger has to guess. */
#define NONCE_MASK 0xFFFFFu

/* Milliseconds left of the current wait. The waits run to NTPTM's 45 days,
 * past elapsed_ms()'s range: the span is read unsigned, and a now a little
 * before the start (a port's stamping) counts as the start. */
static uint32_t wait_left(const struct usrdtu_ntp *n, uint32_t now_ms)
{
	uint32_t e = now_ms - n->timer_ms;

	if (e > 0xF0000000u)
		e = 0;
	return e >= n->wait_ms ? 0 : n->wait_ms - e;
}

static void wait_for(struct usrdtu_ntp *n, uint8_t state, uint32_t ms, uint32_t now_ms)
{
	n->state = state;
	n->timer_ms = now_ms;
	n->wait_ms = ms;
}

static uint32_t period_ms(const struct usrdtu *dev)
{
	uint32_t min = dev->active.ntp_period_min != 0 ? dev->active.ntp_period_min : 1u;

	return min * MS_PER_MINUTE;
}

static int network_hal(const struct usrdtu *dev)
{
	const struct usrdtu_hal *h = dev->hal;

	return h->sock_open != NULL && h->sock_send != NULL && h->sock_close != NULL;
}

static int server_usable(const struct usrdtu *dev, unsigned i)
{
	return dev->active.ntp_server[i][0] != 0 && !(dev->ntp.banned & (1u << i));
}

static uint32_t next_nonce(struct usrdtu *dev)
{
	struct usrdtu_ntp *n = &dev->ntp;
	uint32_t x;

	if (dev->hal->random != NULL)
		return dev->hal->random(dev->ctx);
	x = n->nonce != 0 ? n->nonce : (dev->random_state ^ dev->now_ms) | 1u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	n->nonce = x;
	return x;
}

/* Our clock as an NTP timestamp: the calendar clock when it is set, else
 * the monotonic clock (the new time comes from the server's timestamps
 * and our round trip alone, so any base works). */
static struct usrdtu_ntp_time our_time(const struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_ntp_time t;
	uint32_t s, ms;

	if (wallclock_utc(dev, now_ms, &s, &ms)) {
		t.seconds = s + USRDTU_NTP_Y2000; /* modulo 2^32: the era wraps in 2036 */
	} else {
		t.seconds = now_ms / 1000u;
		ms = now_ms % 1000u;
	}
	t.fraction = (uint32_t)(((uint64_t)ms << 32) / 1000u);
	return t;
}

static void close_link(struct usrdtu *dev)
{
	if (dev->ntp.state == NTP_OPENING || dev->ntp.state == NTP_WAITING)
		dev->hal->sock_close(dev->ctx, USRDTU_LINK_NTP);
}

static void round_over(struct usrdtu *dev, uint32_t wait_ms, uint32_t now_ms)
{
	dev->ntp.attempts = 0;
	wait_for(&dev->ntp, NTP_IDLE, wait_ms, now_ms);
}

static void attempt_failed(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;
	uint32_t retry = USRDTU_CFG_NTP_RETRY_MS;

	close_link(dev);
	n->server = (uint8_t)((n->server + 1u) % USRDTU_NTP_SERVERS);
	if (n->attempts < USRDTU_CFG_NTP_ATTEMPTS) {
		wait_for(n, NTP_IDLE, 0, now_ms); /* the next server, due at once */
		return;
	}
	n->stats.failed_rounds++;
	if (retry > period_ms(dev))
		retry = period_ms(dev);
	round_over(dev, retry, now_ms);
}

static void attempt(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;
	struct usrdtu_sock_request req;
	unsigned k, i = n->server;

	for (k = 0; k < USRDTU_NTP_SERVERS && !server_usable(dev, i); k++)
		i = (i + 1u) % USRDTU_NTP_SERVERS;
	if (k == USRDTU_NTP_SERVERS) {
		/* every server is empty or told us to stop (RFC 4330 section 8):
		 * nothing to ask until the next restart */
		n->state = NTP_OFF;
		return;
	}
	if (n->attempts == 0)
		n->stats.rounds++;
	n->attempts++;
	n->server = (uint8_t)i;
	memset(&req, 0, sizeof req);
	req.host = dev->active.ntp_server[i];
	req.port = USRDTU_CFG_NTP_PORT;
	req.proto = USRDTU_PROTO_UDPC;
	wait_for(n, NTP_OPENING, USRDTU_CFG_NTP_TIMEOUT_MS, now_ms);
	if (dev->hal->sock_open(dev->ctx, USRDTU_LINK_NTP, &req) < 0) {
		n->stats.link_failures++;
		n->state = NTP_IDLE; /* nothing to close */
		attempt_failed(dev, now_ms);
	}
}

static void send_request(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;
	struct usrdtu_ntp_time t1 = our_time(dev, now_ms);
	uint8_t pkt[USRDTU_SNTP_PACKET_LEN];

	t1.fraction = (t1.fraction & ~(uint32_t)NONCE_MASK) | (next_nonce(dev) & NONCE_MASK);
	(void)usrdtu_sntp_request(pkt, sizeof pkt, &t1);
	n->sent_s = t1.seconds;
	n->sent_frac = t1.fraction;
	n->sent_ms = now_ms;
	if (dev->hal->sock_send(dev->ctx, USRDTU_LINK_NTP, pkt, sizeof pkt) != (int)sizeof pkt) {
		n->stats.link_failures++;
		attempt_failed(dev, now_ms);
		return;
	}
	n->stats.requests++;
	/* the reply gets a whole timeout of its own, after the look-up */
	wait_for(n, NTP_WAITING, USRDTU_CFG_NTP_TIMEOUT_MS, now_ms);
}

/* A reply that passed the checks: set the clock to the server's transmit
 * time plus half the round trip. */
static int apply_reply(struct usrdtu *dev, const struct usrdtu_sntp_reply *r, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;
	struct usrdtu_ntp_time t4, now_utc;
	int64_t offset, delay, unix_s, since_2000;
	uint32_t ms;
	int was_set = dev->clock_set;

	/* T4 on the same base as T1, whatever AT+CCLK did meanwhile */
	t4.seconds = n->sent_s;
	t4.fraction = n->sent_frac;
	t4 = usrdtu_ntp_add(&t4, (int64_t)(((uint64_t)elapsed_ms(now_ms, n->sent_ms) << 32) / 1000u));
	usrdtu_sntp_offset_delay(r, &t4, &offset, &delay);
	if (delay < 0)
		delay = 0; /* the server's own clock ran faster than ours: no time in flight */
	now_utc = usrdtu_ntp_add(&r->transmit, delay / 2);
	/* to the nearest millisecond: 1000 carries into the seconds */
	ms = (uint32_t)(((uint64_t)now_utc.fraction * 1000u + 0x80000000u) >> 32);
	unix_s = usrdtu_ntp_to_unix(now_utc.seconds) + ms / 1000u;
	since_2000 = unix_s - ((int64_t)USRDTU_NTP_Y2000 - (int64_t)USRDTU_NTP_UNIX_EPOCH);
	if (since_2000 < 0 || since_2000 > (int64_t)UINT32_MAX)
		return 0; /* a time the calendar clock cannot hold */
	wallclock_set_utc(dev, (uint32_t)since_2000, ms % 1000u, now_ms);
	n->stats.syncs++;
	n->stats.last_delay_ms = (uint32_t)usrdtu_ntp_fixed_to_ms(delay);
	offset = was_set ? usrdtu_ntp_fixed_to_ms(offset) : 0;
	if (offset > INT32_MAX)
		offset = INT32_MAX;
	if (offset < INT32_MIN)
		offset = INT32_MIN;
	n->stats.last_offset_ms = (int32_t)offset;
	return 1;
}

void ntp_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;
	struct usrdtu_ntp_time sent;
	struct usrdtu_sntp_reply r;
	int status;

	if (n->state != NTP_WAITING) {
		n->stats.rejected++; /* nothing asked: stray or late */
		return;
	}
	sent.seconds = n->sent_s;
	sent.fraction = n->sent_frac;
	status = usrdtu_sntp_parse(data, len, &sent, &r);
	if (status == USRDTU_SNTP_KISS) {
		n->stats.kisses++;
		/* DENY and RSTR: never ask this server again (RFC 4330 section 8);
		 * RATE and the others: on to the next server */
		if (memcmp(r.ref_id, "DENY", 4) == 0 || memcmp(r.ref_id, "RSTR", 4) == 0)
			n->banned |= (uint8_t)(1u << n->server);
		attempt_failed(dev, now_ms);
		return;
	}
	if (status != USRDTU_SNTP_OK || !apply_reply(dev, &r, now_ms)) {
		/* the real reply may still come: keep waiting */
		n->stats.rejected++;
		return;
	}
	close_link(dev);
	round_over(dev, period_ms(dev), now_ms);
}

void ntp_event(struct usrdtu *dev, enum usrdtu_sock_event ev, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;

	if (n->state != NTP_OPENING && n->state != NTP_WAITING)
		return; /* stale: the attempt it belongs to is over */
	switch (ev) {
	case USRDTU_SOCK_CONNECTED:
		if (n->state == NTP_OPENING)
			send_request(dev, now_ms);
		break;
	case USRDTU_SOCK_CLOSED:
	case USRDTU_SOCK_FAILED:
		n->stats.link_failures++;
		n->state = NTP_IDLE; /* the port has closed it */
		attempt_failed(dev, now_ms);
		break;
	default: /* WRITABLE: the one datagram went or failed already */
		break;
	}
}

void ntp_start(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;

	n->state = NTP_OFF;
	n->attempts = 0;
	n->server = 0;
	n->banned = 0;
	if (!dev->active.ntp_enabled || !network_hal(dev))
		return;
	wait_for(n, NTP_IDLE, 0, now_ms); /* the first sync at once */
	ntp_poll(dev, now_ms);
}

void ntp_stop(struct usrdtu *dev)
{
	close_link(dev);
	dev->ntp.state = NTP_OFF;
}

void ntp_poll(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_ntp *n = &dev->ntp;

	unsigned k;

	if (n->state == NTP_OFF || wait_left(n, now_ms) != 0)
		return;
	if (n->state != NTP_IDLE) {
		n->stats.timeouts++;
		attempt_failed(dev, now_ms);
	}
	/* attempts that fail at once (sock_open refused) go on here */
	for (k = 0; k < USRDTU_CFG_NTP_ATTEMPTS && n->state == NTP_IDLE && wait_left(n, now_ms) == 0; k++)
		attempt(dev, now_ms);
}

uint32_t ntp_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	if (dev->ntp.state == NTP_OFF)
		return USRDTU_NO_DEADLINE;
	return wait_left(&dev->ntp, now_ms);
}

#else /* no cat1: no NTP commands, nothing to run */

void ntp_start(struct usrdtu *dev, uint32_t now_ms)
{
	(void)dev;
	(void)now_ms;
}

void ntp_stop(struct usrdtu *dev)
{
	(void)dev;
}

void ntp_poll(struct usrdtu *dev, uint32_t now_ms)
{
	(void)dev;
	(void)now_ms;
}

uint32_t ntp_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	(void)dev;
	(void)now_ms;
	return USRDTU_NO_DEADLINE;
}

void ntp_event(struct usrdtu *dev, enum usrdtu_sock_event ev, uint32_t now_ms)
{
	(void)dev;
	(void)ev;
	(void)now_ms;
}

void ntp_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms)
{
	(void)data;
	(void)len;
	(void)now_ms;
	dev->ntp.stats.rejected++; /* nothing asked */
}

#endif /* USRDTU_CFG_PROFILE_CAT1 */

const struct usrdtu_ntp_stats *usrdtu_get_ntp_stats(const struct usrdtu *dev)
{
	return dev != NULL ? &dev->ntp.stats : NULL;
}
