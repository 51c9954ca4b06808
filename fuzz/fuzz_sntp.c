/*
 * libFuzzer target over NTP: the SNTP codec (src/sntp.c) and the cat1 NTP
 * client (src/ntp.c) driven through a port that plays the network.
 *
 * Input format:
 *
 *   byte 0     bit 0     codec: the packet's originate timestamp is taken
 *                        as what we sent (the checks after it are reached)
 *              bit 1     engine: the HAL has no random()
 *              bit 2     engine: the clock was set by AT+CCLK before NTP
 *              bit 3     engine: the virtual clock starts 60 s before it wraps
 *   bytes 1-48 the codec's packet (fewer: a short packet), also the source
 *              of the timestamps the arithmetic checks use
 *   then operations on the engine, an opcode byte (low 3 bits) and operands:
 *     0              the port reports the NTP link connected (if it is opening)
 *     1 ev           the port reports it closed (ev even) or failed
 *     2 n bytes      a datagram of n % 96 bytes on the NTP link; with the
 *                    opcode's bit 3 the bytes 24..31 become the request's
 *                    transmit timestamp (an answer to it)
 *     3 d            the clock moves d * 97 ms, then usrdtu_poll
 *     4              poll exactly at usrdtu_next_poll_ms
 *     5              AT+CCLK? (the reply is checked)
 *     6 flags        bit 0: sock_open fails; bit 1: sock_send takes nothing
 *     7 d            the clock moves d minutes
 *
 * Checks, besides the sanitizers: the codec's fields equal a plain
 * reference decoding, a taken reply obeys every rule, the request is the
 * reference bytes; era and fixed-point arithmetic round-trips; the port
 * sees a send only on a connected NTP link, always a 48-byte request; the
 * counters stay consistent; AT+CCLK? answers in the manual's format.
 * fuzz_replay.c gives it a main() that replays files and directories.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/sntp.h"
#include "usrdtu/usrdtu.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OPS_MAX 2048u

/* ---- codec ---- */

static uint32_t ref32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void check_codec(const uint8_t *pkt, size_t len, int echo)
{
	struct usrdtu_ntp_time sent = {0x01020304u, 0x05060708u};
	struct usrdtu_sntp_reply r;
	uint8_t req[USRDTU_SNTP_PACKET_LEN + 1];
	int st;
	unsigned i;

	if (echo && len >= 32) {
		sent.seconds = ref32(pkt + 24);
		sent.fraction = ref32(pkt + 28);
	}
	memset(&r, 0, sizeof r);
	st = usrdtu_sntp_parse(pkt, len, &sent, &r);
	if (st < USRDTU_SNTP_OK || st > USRDTU_SNTP_NO_TIME)
		fuzz_fail("parse: status out of range");
	if (len < USRDTU_SNTP_PACKET_LEN) {
		if (st != USRDTU_SNTP_SHORT)
			fuzz_fail("parse: a short packet was not SHORT");
		return;
	}
	if (r.leap != pkt[0] >> 6 || r.version != (pkt[0] >> 3 & 7) || r.mode != (pkt[0] & 7) ||
	    r.stratum != pkt[1] || (uint8_t)r.poll != pkt[2] || (uint8_t)r.precision != pkt[3] ||
	    r.root_delay != ref32(pkt + 4) || r.root_dispersion != ref32(pkt + 8) ||
	    memcmp(r.ref_id, pkt + 12, 4) != 0 || r.reference.seconds != ref32(pkt + 16) ||
	    r.reference.fraction != ref32(pkt + 20) || r.originate.seconds != ref32(pkt + 24) ||
	    r.originate.fraction != ref32(pkt + 28) || r.receive.seconds != ref32(pkt + 32) ||
	    r.receive.fraction != ref32(pkt + 36) || r.transmit.seconds != ref32(pkt + 40) ||
	    r.transmit.fraction != ref32(pkt + 44))
		fuzz_fail("parse: a field differs from the reference decoding");
	if (st == USRDTU_SNTP_OK &&
	    (r.mode != 4 || r.version < 1 || r.version > 4 || r.stratum < 1 || r.stratum > 15 ||
	     r.leap == 3 || r.originate.seconds != sent.seconds || r.originate.fraction != sent.fraction ||
	     (r.transmit.seconds == 0 && r.transmit.fraction == 0)))
		fuzz_fail("parse: a reply breaking a rule was taken");
	if (st == USRDTU_SNTP_KISS && r.stratum != 0)
		fuzz_fail("parse: a kiss without stratum 0");

	memset(req, 0xA5, sizeof req);
	if (usrdtu_sntp_request(req, sizeof req, &r.transmit) != USRDTU_SNTP_PACKET_LEN)
		fuzz_fail("request: wrong length");
	if (req[0] != 0x23 || ref32(req + 40) != r.transmit.seconds || ref32(req + 44) != r.transmit.fraction ||
	    req[48] != 0xA5)
		fuzz_fail("request: wrong bytes");
	for (i = 1; i < 40; i++) {
		if (req[i] != 0)
			fuzz_fail("request: a field that must be 0 is not");
	}
	/* our own request is not a reply */
	if (usrdtu_sntp_parse(req, USRDTU_SNTP_PACKET_LEN, &r.transmit, NULL) != USRDTU_SNTP_BAD_MODE)
		fuzz_fail("request: taken as a reply");
}

static void check_arithmetic(const struct usrdtu_ntp_time *a, const struct usrdtu_ntp_time *b)
{
	int64_t d = usrdtu_ntp_diff(a, b), ms;
	struct usrdtu_ntp_time t = usrdtu_ntp_add(b, d);

	if (usrdtu_ntp_from_unix(usrdtu_ntp_to_unix(a->seconds)) != a->seconds)
		fuzz_fail("era: seconds do not round-trip");
	if (usrdtu_ntp_to_unix(a->seconds) < -61505152 || usrdtu_ntp_to_unix(a->seconds) > 4233462143)
		fuzz_fail("era: outside 1968..2104");
	if (t.seconds != a->seconds || t.fraction != a->fraction)
		fuzz_fail("diff/add: b + (a - b) != a");
	if (d != INT64_MIN && usrdtu_ntp_diff(b, a) != -d)
		fuzz_fail("diff: not antisymmetric");
	ms = usrdtu_ntp_fixed_to_ms(d);
	if (ms > 2147483648000 || ms < -2147483648000 || (d > 0 && ms < 0) || (d < 0 && ms > 0))
		fuzz_fail("fixed_to_ms: out of range or sign");
}

/* ---- engine ---- */

struct fuzz_port {
	uint32_t now;
	int opening;
	int connected;
	int open_fails;
	int send_refuses;
	unsigned opens, sends;
	uint8_t sent[USRDTU_SNTP_PACKET_LEN];
	uint32_t random;
	char out[256];
	size_t out_len;
};

static struct fuzz_port port;
static struct usrdtu dtu;

static int hal_serial_write(void *ctx, const uint8_t *data, size_t len)
{
	size_t room = sizeof port.out - port.out_len;

	(void)ctx;
	memcpy(port.out + port.out_len, data, len < room ? len : room);
	port.out_len += len < room ? len : room;
	return (int)len;
}

static uint32_t hal_now_ms(void *ctx)
{
	(void)ctx;
	return port.now;
}

static int hal_sock_open(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	(void)ctx;
	if (socket < USRDTU_SOCKETS)
		return USRDTU_ERR_IO; /* NET mode's sockets before the switch to CMD */
	if (socket != USRDTU_LINK_NTP)
		fuzz_fail("sock_open of a link that is neither a socket nor NTP");
	if (req == NULL || req->host == NULL || memchr(req->host, 0, 128) == NULL || req->host[0] == 0 ||
	    req->proto != USRDTU_PROTO_UDPC || req->port != USRDTU_CFG_NTP_PORT)
		fuzz_fail("sock_open: a bad NTP request");
	port.opens++;
	if (port.open_fails)
		return USRDTU_ERR_IO;
	port.opening = 1;
	port.connected = 0;
	return 0;
}

static int hal_sock_send(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	(void)ctx;
	if (link < USRDTU_SOCKETS)
		return USRDTU_ERR_IO;
	if (link != USRDTU_LINK_NTP || !port.connected)
		fuzz_fail("sock_send on a link that is not a connected NTP link");
	if (len != USRDTU_SNTP_PACKET_LEN || data[0] != 0x23)
		fuzz_fail("sock_send: not an SNTP request");
	port.sends++;
	if (port.send_refuses)
		return 0;
	memcpy(port.sent, data, len);
	return (int)len;
}

static void hal_sock_close(void *ctx, unsigned link)
{
	(void)ctx;
	if (link < USRDTU_SOCKETS)
		return;
	if (link != USRDTU_LINK_NTP)
		fuzz_fail("sock_close of a link that is neither a socket nor NTP");
	port.opening = 0;
	port.connected = 0;
}

static uint32_t hal_random(void *ctx)
{
	(void)ctx;
	return fuzz_lcg_next(&port.random);
}

static const struct usrdtu_hal hal_with_random = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.sock_open = hal_sock_open,
	.sock_send = hal_sock_send,
	.sock_close = hal_sock_close,
	.random = hal_random,
};

static struct usrdtu_hal hal_own_random;

static void check(void)
{
	const struct usrdtu_ntp_stats *st = usrdtu_get_ntp_stats(&dtu);

	if (st->syncs > st->requests || st->requests > port.sends || st->rounds > port.opens ||
	    st->failed_rounds > st->rounds)
		fuzz_fail("NTP counters inconsistent");
}

static void serial(const char *text)
{
	if (usrdtu_serial_rx(&dtu, (const uint8_t *)text, strlen(text), port.now) != USRDTU_OK)
		fuzz_fail("usrdtu_serial_rx failed");
}

static void advance(uint32_t ms)
{
	port.now += ms;
	if (usrdtu_poll(&dtu, port.now) != USRDTU_OK)
		fuzz_fail("usrdtu_poll failed");
	check();
}

static int boot(uint8_t flags)
{
	const struct usrdtu_profile *cat1 = usrdtu_profile_find("cat1");

	if (cat1 == NULL)
		return 0;
	hal_own_random = hal_with_random;
	hal_own_random.random = NULL;
	memset(&port, 0, sizeof port);
	port.now = (flags & 8u) ? UINT32_MAX - 60000u : 1000u;
	if (usrdtu_init(&dtu, cat1, (flags & 2u) ? &hal_own_random : &hal_with_random, &port) != USRDTU_OK)
		fuzz_fail("usrdtu_init failed");
	advance(1000);
	serial("+++");
	advance(10);
	serial("a");
	advance(10);
	serial("AT+E=OFF\rAT+WKMOD=CMD\rAT+NTPEN=ON\rAT+NTPSVR=a.test,b.test,c.test\rAT+NTPTM=1\r");
	if (flags & 4u)
		serial("AT+CCLK=35/12/31,23:59:00+32\r");
	serial("AT+S\r");
	advance(300);
	return 1;
}

static int digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
	}
	return 1;
}

static void check_clock(void)
{
	static const char head[] = "\r\n+CCLK: \"";
	const char *p = port.out;

	port.out_len = 0;
	serial("AT+CCLK?\r");
	if (port.out_len == 17 && memcmp(p, "\r\n+CME ERROR:50\r\n", 17) == 0)
		return; /* never set */
	/* \r\n+CCLK: "yy/MM/dd,hh:mm:ss+zz"\r\n\r\nOK\r\n */
	if (port.out_len != 39 || memcmp(p, head, 10) != 0 || !digits(p + 10, 2) || p[12] != '/' ||
	    !digits(p + 13, 2) || p[15] != '/' || !digits(p + 16, 2) || p[18] != ',' ||
	    !digits(p + 19, 2) || p[21] != ':' || !digits(p + 22, 2) || p[24] != ':' ||
	    !digits(p + 25, 2) || (p[27] != '+' && p[27] != '-') || !digits(p + 28, 2) ||
	    memcmp(p + 30, "\"\r\n\r\nOK\r\n", 9) != 0)
		fuzz_fail("AT+CCLK? reply is not in the manual's format");
}

static uint8_t next(const uint8_t *data, size_t size, size_t *at)
{
	return *at < size ? data[(*at)++] : 0;
}

static void run_engine(const uint8_t *data, size_t size, size_t at)
{
	unsigned ops;

	if (!boot(data[0]))
		return;
	for (ops = 0; ops < OPS_MAX && at < size; ops++) {
		uint8_t op = next(data, size, &at);

		switch (op & 7u) {
		case 0:
			if (!port.opening)
				break; /* no port reports that */
			port.opening = 0;
			port.connected = 1;
			usrdtu_sock_event(&dtu, USRDTU_LINK_NTP, USRDTU_SOCK_CONNECTED, port.now);
			break;
		case 1: {
			int failed = next(data, size, &at) & 1;

			port.opening = 0;
			port.connected = 0;
			usrdtu_sock_event(&dtu, USRDTU_LINK_NTP, failed ? USRDTU_SOCK_FAILED : USRDTU_SOCK_CLOSED,
					  port.now);
			break;
		}
		case 2: {
			uint8_t pkt[96];
			size_t n = next(data, size, &at) % sizeof pkt;

			if (n > size - at)
				n = size - at;
			memcpy(pkt, data + at, n);
			at += n;
			if ((op & 8u) && n >= 32)
				memcpy(pkt + 24, port.sent + 40, 8);
			if (usrdtu_sock_rx(&dtu, USRDTU_LINK_NTP, pkt, n, port.now) != USRDTU_OK)
				fuzz_fail("usrdtu_sock_rx failed");
			break;
		}
		case 3:
			advance((uint32_t)next(data, size, &at) * 97u);
			break;
		case 4: {
			uint32_t wait = usrdtu_next_poll_ms(&dtu, port.now);

			if (wait == 0 && usrdtu_poll(&dtu, port.now) == USRDTU_OK &&
			    usrdtu_next_poll_ms(&dtu, port.now) == 0)
				fuzz_fail("a deadline that a poll does not move");
			advance(wait == USRDTU_NO_DEADLINE || wait > 7200000u ? 1u : wait);
			break;
		}
		case 5:
			check_clock();
			break;
		case 6: {
			uint8_t f = next(data, size, &at);

			port.open_fails = f & 1;
			port.send_refuses = (f >> 1) & 1;
			break;
		}
		default:
			advance((uint32_t)next(data, size, &at) * 60000u);
			break;
		}
		check();
	}
	check_clock();
	if (fuzz_show_output) {
		const struct usrdtu_ntp_stats *st = usrdtu_get_ntp_stats(&dtu);

		fprintf(stderr, "rounds %u requests %u syncs %u failed %u timeouts %u link %u rejected %u kisses %u; %.*s\n",
			(unsigned)st->rounds, (unsigned)st->requests, (unsigned)st->syncs,
			(unsigned)st->failed_rounds, (unsigned)st->timeouts, (unsigned)st->link_failures,
			(unsigned)st->rejected, (unsigned)st->kisses, (int)port.out_len, port.out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t plen;
	struct usrdtu_ntp_time a = {0, 0}, b = {0, 0};

	if (size == 0)
		return 0;
	plen = size - 1 < USRDTU_SNTP_PACKET_LEN ? size - 1 : USRDTU_SNTP_PACKET_LEN;
	check_codec(data + 1, plen, data[0] & 1u);
	if (plen >= 16) {
		a.seconds = ref32(data + 1);
		a.fraction = ref32(data + 5);
		b.seconds = ref32(data + 9);
		b.fraction = ref32(data + 13);
	}
	check_arithmetic(&a, &b);
	run_engine(data, size, 1 + plen);
	return 0;
}
