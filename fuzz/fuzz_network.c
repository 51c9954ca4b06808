/*
 * libFuzzer target over the network side of usrdtu: socket events, socket
 * data (network AT, the RFC2217-like frame, the socket prefix), server
 * clients, the queues under backpressure, and the timers that heal links,
 * interleaved with serial frames, for every compiled-in profile.
 *
 * Input format (docs/security.md has the long version):
 *
 *   byte 0     bits 1:0  profile (modulo the profiles compiled in)
 *              bits 5:2  which groups of settings the boot script changes
 *                        (sockets B and identification; RFC frame and network
 *                        AT; short connections, no cache, fast heartbeat;
 *                        servers, registration, restarts)
 *              bit 6     the HAL has no random(): the engine's own generator
 *              bit 7     the virtual clock starts 60 s before it wraps
 *   then operations, each an opcode byte (low 3 bits) and its operands:
 *     0 n bytes          serial bytes (n % 64 + 1 of them)
 *     1 link event       a port event: CONNECTED only for a link the port is
 *                        opening (as a real port), the others for any link
 *     2 link n bytes     socket data on a link
 *     3 socket           a client knocks on a server socket
 *     4 d                the clock moves d * 37 ms, then usrdtu_poll
 *     5 link budget      what sock_send on the link takes from now (255: all,
 *                        254: it reports the link broken)
 *     6                  poll exactly at usrdtu_next_poll_ms
 *     7 flags            bit 0: sock_open fails; bit 1: uart_config refuses;
 *                        bit 2: switch to the HTTPD work mode (m0: SOCK HTPC)
 *                        through command mode and a restart
 *
 * The HAL checks every call: links in range, no send on a link that is not
 * connected, lengths within the queue, host names terminated. Linked with
 * fuzz_replay.c it replays files and directories (any compiler).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define LINKS (USRDTU_LINK_NTP + 1u) /* sockets, server clients, the cat1 NTP link */
#define OPS_MAX 4096u

enum link_state { LINK_CLOSED, LINK_OPENING, LINK_CONNECTED };

struct fuzz_port {
	uint32_t now;
	uint8_t state[LINKS];
	int budget[LINKS]; /* < 0: any */
	int broken[LINKS];
	int open_fails;
	int uart_refuses;
	uint32_t random;
};

static struct fuzz_port port;
static struct usrdtu dtu;

static uint32_t hal_now_ms(void *ctx)
{
	(void)ctx;
	return port.now;
}

static int hal_info(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	static const char *const facts[] = {"V1.0", "b", "00402420011300024522", "864333040712457",
					    "89860036151957131234"};

	(void)ctx;
	(void)index;
	if (item == USRDTU_INFO_MAC) {
		if (cap < 12)
			fuzz_fail("info buffer too small for a MAC");
		memcpy(buf, "D8B04CFC0001", 12);
		return 12;
	}
	if ((size_t)item >= sizeof facts / sizeof facts[0])
		return USRDTU_ERR_NOENT;
	if (strlen(facts[item]) > cap)
		return (int)cap;
	memcpy(buf, facts[item], strlen(facts[item]));
	return (int)strlen(facts[item]);
}

static int hal_uart_config(void *ctx, const struct usrdtu_uart_config *cfg)
{
	(void)ctx;
	if (cfg->baud == 0 || cfg->data_bits < 5 || cfg->data_bits > 8 || cfg->stop_bits < 1 ||
	    cfg->stop_bits > 2 || cfg->parity > USRDTU_PARITY_SPACE)
		fuzz_fail("uart_config with settings out of range");
	return port.uart_refuses ? USRDTU_ERR_NOTSUP : 0;
}

static int hal_sock_open(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	(void)ctx;
	if ((socket >= USRDTU_SOCKETS && socket != USRDTU_LINK_NTP) || req == NULL || req->host == NULL)
		fuzz_fail("sock_open with a bad socket or request");
	if (socket == USRDTU_LINK_NTP && req->proto != USRDTU_PROTO_UDPC)
		fuzz_fail("the NTP link is not UDP");
	if (memchr(req->host, 0, 128) == NULL)
		fuzz_fail("sock_open host is not terminated");
	if (req->proto > USRDTU_PROTO_UDPS)
		fuzz_fail("sock_open with a protocol a socket cannot have");
	if (port.open_fails)
		return USRDTU_ERR_IO;
	port.state[socket] = LINK_OPENING;
	return 0;
}

static int hal_sock_send(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	int take;

	(void)ctx;
	if (link >= LINKS || data == NULL || len == 0 || len > USRDTU_QUEUE_BYTES)
		fuzz_fail("sock_send with a bad link or buffer");
	if (port.state[link] != LINK_CONNECTED)
		fuzz_fail("sock_send on a link that is not connected");
	if (port.broken[link])
		return USRDTU_ERR_IO;
	take = port.budget[link] < 0 || (size_t)port.budget[link] >= len ? (int)len : port.budget[link];
	if (port.budget[link] >= 0)
		port.budget[link] -= take;
	return take;
}

static void hal_sock_close(void *ctx, unsigned link)
{
	(void)ctx;
	if (link >= LINKS)
		fuzz_fail("sock_close with a bad link");
	port.state[link] = LINK_CLOSED;
}

static uint32_t hal_random(void *ctx)
{
	(void)ctx;
	return fuzz_lcg_next(&port.random);
}

static const struct usrdtu_hal hal_with_random = {
	.serial_write = fuzz_serial_write,
	.now_ms = hal_now_ms,
	.info = hal_info,
	.uart_config = hal_uart_config,
	.sock_open = hal_sock_open,
	.sock_send = hal_sock_send,
	.sock_close = hal_sock_close,
	.random = hal_random,
};

/* The same HAL without random(): the engine's own generator. */
static struct usrdtu_hal hal_own_random;

/* Lines for every dialect: the ones a profile does not know just fail. */
static const char *const script_groups[4] = {
	"AT+SOCKBEN=\"on\"\rAT+SOCKBEN=ON\rAT+SOCKB=\"UDP\",\"1.2.3.4\",9\rAT+SOCKB=UDPC,1.2.3.4,9\r"
	"AT+SOCKIDEN=\"on\"\rAT+SOCKIND=ON\rAT+INDEXEN=on\r",
	"AT+RFCEN=\"on\"\rAT+RFCEN=ON\rAT+RFCEN=on\rAT+NATEN=\"on\"\rAT+NATEN=ON\r",
	"AT+SOCKASL=\"short\"\rAT+SOCKASL=SHORT\rAT+SOCKSL=on\rAT+SHORTIM=1\rAT+SHORTATM=1\r"
	"AT+SHORTO=2\rAT+CACHEN=\"off\"\rAT+HEARTTM=1\r",
	"AT+SOCKA=TCPS,0.0.0.0,7\rAT+SOCK=TCPS,0.0.0.0,7\rAT+MAXSK=2\rAT+TCPSE=KEEP\r"
	"AT+REGEN=\"on\"\rAT+REGEN=ON\rAT+REGEN=mac\rAT+REGSND=\"link&data\"\rAT+HEARTTP=\"COM\"\r"
	"AT+SOCKRSNUM=2\rAT+RSTIM=60\r",
};

static void check(void)
{
	unsigned i;

	for (i = 0; i < USRDTU_SOCKETS; i++) {
		const struct usrdtu_sock_stats *st = usrdtu_get_sock_stats(&dtu, i);
		int state = usrdtu_sock_state(&dtu, i);

		if (st == NULL || state < USRDTU_SOCK_OFF || state > USRDTU_SOCK_UP)
			fuzz_fail("socket state out of range");
		if (st->queued_bytes > USRDTU_QUEUE_BYTES || st->queued_frames > USRDTU_CFG_CACHE_FRAMES)
			fuzz_fail("a queue holds more than it can");
		if ((st->queued_frames == 0) != (st->queued_bytes == 0) && st->queued_bytes != 0)
			fuzz_fail("queued bytes without a queued frame");
	}
	if (dtu.work_len > sizeof dtu.work || dtu.out_len > sizeof dtu.out)
		fuzz_fail("a buffer length past its buffer");
}

static void serial(const void *text, size_t len)
{
	if (usrdtu_serial_rx(&dtu, text, len, port.now) != USRDTU_OK)
		fuzz_fail("usrdtu_serial_rx failed");
	check();
}

static void advance(uint32_t ms)
{
	port.now += ms;
	if (usrdtu_poll(&dtu, port.now) != USRDTU_OK)
		fuzz_fail("usrdtu_poll failed");
	check();
}

static void boot(uint8_t flags)
{
	unsigned g;

	hal_own_random = hal_with_random;
	hal_own_random.random = NULL;
	memset(&port, 0, sizeof port);
	memset(port.budget, 0xFF, sizeof port.budget); /* -1: takes everything */
	port.now = (flags & 0x80) ? UINT32_MAX - 60000u : 1000u;
	if (usrdtu_init(&dtu, usrdtu_profile_at((flags & 3u) % usrdtu_profile_count()),
			(flags & 0x40) ? &hal_own_random : &hal_with_random, &port) != USRDTU_OK)
		fuzz_fail("usrdtu_init failed");
	if ((flags & 0x3C) == 0)
		return;
	/* to command mode the way a host does, then the chosen settings */
	advance(1000);
	serial("+++", 3);
	advance(10);
	serial("a", 1);
	advance(10);
	for (g = 0; g < 4; g++) {
		if (flags & (4u << g))
			serial(script_groups[g], strlen(script_groups[g]));
	}
	serial("AT+S\r", 5);
	serial("AT+Z\r", 5);
	advance(300);
}

/* HTTPD mode (m0: socket A as HTTP client), in every dialect. */
static void to_httpd(void)
{
	static const char lines[] = "AT+WKMOD=HTTPD\rAT+WKMOD=\"HTTPD\"\rAT+SOCK=HTPC,1.2.3.4,80\r"
				    "AT+HTPTIM=2\rAT+HTPTO=2\rAT+HTPPK=OFF\rAT+HTPFLT=ON\r"
				    "AT+S\rAT+Z\r";

	advance(1000);
	serial("+++", 3);
	advance(10);
	serial("a", 1);
	advance(10);
	serial(lines, sizeof lines - 1);
	advance(300);
}

static uint8_t next(const uint8_t *data, size_t size, size_t *at)
{
	return *at < size ? data[(*at)++] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t at = 1;
	unsigned ops;

	if (size == 0)
		return 0;
	boot(data[0]);
	for (ops = 0; ops < OPS_MAX && at < size; ops++) {
		uint8_t op = next(data, size, &at);
		unsigned link, n;

		switch (op & 7u) {
		case 0:
			n = next(data, size, &at) % 64u + 1u;
			if (n > size - at)
				n = (unsigned)(size - at);
			serial(data + at, n);
			at += n;
			break;
		case 1: {
			uint8_t ev;

			link = next(data, size, &at) % (LINKS + 2u);
			ev = next(data, size, &at) % 4u;
			if (ev == USRDTU_SOCK_CONNECTED && link < LINKS) {
				if (port.state[link] != LINK_OPENING)
					break; /* no port reports that */
				port.state[link] = LINK_CONNECTED;
			} else if ((ev == USRDTU_SOCK_CLOSED || ev == USRDTU_SOCK_FAILED) && link < LINKS) {
				port.state[link] = LINK_CLOSED;
			}
			if (usrdtu_sock_event(&dtu, link, (enum usrdtu_sock_event)ev, port.now) ==
			    USRDTU_ERR_BUSY)
				fuzz_fail("usrdtu_sock_event busy outside a callback");
			check();
			break;
		}
		case 2:
			link = next(data, size, &at) % (LINKS + 2u);
			n = next(data, size, &at) % 64u + 1u;
			if (n > size - at)
				n = (unsigned)(size - at);
			if (usrdtu_sock_rx(&dtu, link, data + at, n, port.now) == USRDTU_ERR_BUSY)
				fuzz_fail("usrdtu_sock_rx busy outside a callback");
			at += n;
			check();
			break;
		case 3: {
			int r = usrdtu_sock_accept(&dtu, next(data, size, &at) % 5u, port.now);

			if (r >= (int)LINKS || (r >= 0 && r < (int)USRDTU_SOCKETS))
				fuzz_fail("usrdtu_sock_accept returned a link out of range");
			if (r >= 0)
				port.state[r] = LINK_CONNECTED;
			check();
			break;
		}
		case 4:
			advance((uint32_t)next(data, size, &at) * 37u);
			break;
		case 5: {
			uint8_t budget;

			link = next(data, size, &at) % LINKS;
			budget = next(data, size, &at);
			port.broken[link] = budget == 254;
			port.budget[link] = budget == 255 ? -1 : budget;
			break;
		}
		case 6: {
			uint32_t wait = usrdtu_next_poll_ms(&dtu, port.now);

			advance(wait == USRDTU_NO_DEADLINE || wait > 600000u ? 1u : wait);
			break;
		}
		default: {
			uint8_t f = next(data, size, &at);

			port.open_fails = f & 1;
			port.uart_refuses = (f >> 1) & 1;
			if (f & 4)
				to_httpd();
			break;
		}
		}
	}
	/* let the timers run on: reconnects, heartbeats, held bytes */
	for (ops = 0; ops < 16; ops++) {
		uint32_t wait = usrdtu_next_poll_ms(&dtu, port.now);

		if (wait == USRDTU_NO_DEADLINE)
			break;
		advance(wait > 600000u ? 600000u : (wait == 0 ? 1u : wait));
	}
	return 0;
}
