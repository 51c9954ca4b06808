/*
 * Runs the ESP-IDF port (ports/esp-idf/) on the host simulation: a cat1
 * DTU is started with usrdtu_esp_start(), driven over the simulated UART
 * and pointed at a TCP server of this test on 127.0.0.1. Checks:
 *   - the start message comes out of the UART;
 *   - +++ / a enters command mode, AT+SOCKA and AT+UART are taken, AT+S
 *     saves into the partition (a record with the "UD" magic) and restarts;
 *   - the restart applies the UART settings (9600 baud; cat1 has no RS485
 *     flow setting, so the RS485 mode is not exercised here);
 *   - the socket connects to the server (resolver task, non-blocking
 *     connect), serial data reaches the server and server data the UART;
 *   - the server closing is noticed and the DTU reconnects;
 *   - NTP (cat1 NTPEN): at the restart the DTU asks this test's SNTP server
 *     on 127.0.0.1 (the sim's sdkconfig sets CONFIG_USRDTU_NTP_PORT, see
 *     sim/sdkconfig.defaults) over the port's NTP link, and AT+CCLK? then
 *     shows the server's time.
 * Real time, generous time-outs: this runs the port's threads as they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/uart.h"
#include "usrdtu_esp.h"
#include "usrdtu_esp_net.h"

#include "posix.h"
#include "sim.h"

static struct usrdtu_esp dtu;
static char serial[16384];
static size_t serial_len;

static void fail(const char *what)
{
	fprintf(stderr, "esp port on host: FAIL: %s\n", what);
	fprintf(stderr, "serial output so far (%u bytes): %.*s\n", (unsigned)serial_len,
		(int)serial_len, serial);
	exit(1);
}

/* Collects UART output until `text` appears after `from`; 1 if it did. */
static int serial_wait(size_t from, const char *text, unsigned ms)
{
	int64_t end = sim_now_us() + (int64_t)ms * 1000;

	for (;;) {
		serial_len += sim_uart_take(serial + serial_len, sizeof serial - 1 - serial_len);
		serial[serial_len] = '\0';
		if (from <= serial_len && strstr(serial + from, text) != NULL)
			return 1;
		if (sim_now_us() > end)
			return 0;
		sim_sleep_ms(5);
	}
}

static int readable(int fd, unsigned ms)
{
	uint64_t r = (uint64_t)1 << fd, w = 0;

	return sim_select(fd + 1, &r, &w, (long)ms * 1000L) > 0 && (r >> fd & 1u);
}

/* Reads from fd until `text` was received; 1 if it was. */
static int peer_wait(int fd, const char *text, unsigned ms)
{
	char got[2048];
	size_t len = 0;
	int64_t end = sim_now_us() + (int64_t)ms * 1000;

	while (sim_now_us() < end) {
		long n;

		if (!readable(fd, 50))
			continue;
		n = sim_recv(fd, got + len, sizeof got - 1 - len, 0);
		if (n <= 0)
			return 0;
		len += (size_t)n;
		got[len] = '\0';
		if (strstr(got, text) != NULL)
			return 1;
	}
	return 0;
}

/* 2031-05-06 07:08:09 UTC in NTP seconds (era 0): a time the host's own
 * clock cannot be showing. */
#define SERVER_NTP_SECONDS (1935817689u + 2208988800u)

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Answers one SNTP request on fd as a stratum-1 server (RFC 4330 section
 * 5); 1 if a 48-byte request came and was answered. */
static int sntp_answer_one(int fd, unsigned ms)
{
	uint8_t req[128], reply[48];
	uint32_t addr;
	uint16_t port;
	long n;

	if (!readable(fd, ms))
		return 0;
	n = sim_recvfrom_ipv4(fd, req, sizeof req, &addr, &port);
	if (n != 48 || req[0] != 0x23) /* LI 0, VN 4, mode 3 (client) */
		return 0;
	memset(reply, 0, sizeof reply);
	reply[0] = 0x24; /* LI 0, VN 4, mode 4 (server) */
	reply[1] = 1;    /* stratum */
	reply[2] = 6;
	reply[3] = 0xEC; /* precision 2^-20 */
	memcpy(reply + 12, "GPS", 4);
	put_be32(reply + 16, SERVER_NTP_SECONDS - 10u);
	memcpy(reply + 24, req + 40, 8); /* originate = the request's transmit */
	put_be32(reply + 32, SERVER_NTP_SECONDS);
	put_be32(reply + 40, SERVER_NTP_SECONDS);
	return sim_sendto_ipv4(fd, reply, sizeof reply, addr, port) == (long)sizeof reply;
}

/* sock_open takes link numbers: the sockets and USRDTU_LINK_NTP. The NTP
 * link's slot index (after the clients' slots) is a client's link number,
 * never a link that can be opened. A port that is not started: the call is
 * made from this thread alone. */
static void open_refuses_the_ntp_slot_index(void)
{
	static struct usrdtu_esp probe;
	struct usrdtu_sock_request req;

	memset(&req, 0, sizeof req);
	req.proto = USRDTU_PROTO_UDPC;
	req.host = "127.0.0.1";
	req.port = 123;
	esp_net_init(&probe);
	probe.lookups = xQueueCreate(4, sizeof(struct usrdtu_esp_lookup));
	if (probe.lookups == NULL)
		fail("no queue for the probe");
	if (esp_net_open(&probe, USRDTU_ESP_NTP_SLOT, &req) != USRDTU_ERR_INVAL ||
	    uxQueueMessagesWaiting(probe.lookups) != 0)
		fail("sock_open took the NTP slot's index as a link number");
	if (esp_net_open(&probe, USRDTU_LINK_NTP, &req) != 0 || uxQueueMessagesWaiting(probe.lookups) != 1 ||
	    probe.links[USRDTU_ESP_NTP_SLOT].link != USRDTU_LINK_NTP)
		fail("sock_open refused the NTP link");
	puts("esp port on host: sock_open takes USRDTU_LINK_NTP, not the NTP slot's index: OK");
}

static void command(const char *line, const char *reply)
{
	size_t from = serial_len;

	sim_uart_feed(line);
	if (!serial_wait(from, reply, 2000))
		fail(line);
}

int main(void)
{
	struct usrdtu_esp_config cfg = USRDTU_ESP_CONFIG_DEFAULT;
	char line[80];
	uint16_t port;
	int server, peer, sntp;
	size_t from;

	open_refuses_the_ntp_slot_index();
	sim_flash_erase_all();
	server = sim_server(&port);
	if (server < 0)
		fail("no TCP server on 127.0.0.1");
	sntp = sim_socket(0);
	if (sntp < 0 || sim_bind_any(sntp, CONFIG_USRDTU_NTP_PORT) != 0)
		fail("no UDP socket for the SNTP server on CONFIG_USRDTU_NTP_PORT");

	cfg.profile = &usrdtu_profile_cat1;
	cfg.version = "V9.9.9";
	if (usrdtu_esp_start(&dtu, &cfg) != 0)
		fail("usrdtu_esp_start");
	if (!serial_wait(0, "WH-LTE-7S1", 2000))
		fail("no start message");

	sim_sleep_ms(150); /* the escape guard time */
	command("+++", "a");
	command("a", "+ok");
	command("AT+VER\r", "V9.9.9");
	snprintf(line, sizeof line, "AT+SOCKA=TCP,127.0.0.1,%u\r", (unsigned)port);
	command(line, "OK");
	command("AT+UART=9600,8,1,NONE,NONE\r", "OK");
	command("AT+NTPEN=ON\r", "OK");
	command("AT+NTPSVR=127.0.0.1\r", "OK");
	command("AT+S\r", "OK");
	if (sim_flash()[0] != 0x55 && sim_flash()[8192] != 0x55)
		fail("AT+S wrote no record into the partition");
	puts("esp port on host: +++a, AT+VER, AT+SOCKA, AT+UART, AT+S: OK, record in the partition");

	if (!readable(server, 5000))
		fail("the DTU did not connect to the server");
	peer = sim_accept(server);
	if (peer < 0)
		fail("accept");
	if (sim_uart_baud() != 9600 || sim_uart_mode() != UART_MODE_UART)
		fail("the restart did not apply AT+UART (9600 baud, plain UART mode)");
	puts("esp port on host: restart applied 9600 baud; socket A connected");
	/* NTPEN: the restart starts a sync over the NTP link at once; it waits
	 * CONFIG_USRDTU_NTP_TIMEOUT_MS (5 s) for the answer. */
	if (!sntp_answer_one(sntp, 4000))
		fail("no SNTP request from the DTU's NTP link after the restart");
	puts("esp port on host: SNTP request over the NTP link answered");

	sim_sleep_ms(100);
	sim_uart_feed("hello from the serial port");
	if (!peer_wait(peer, "hello from the serial port", 3000))
		fail("serial data did not reach the server");
	from = serial_len;
	if (sim_send(peer, "hello from the network", 22, 0) != 22)
		fail("send to the DTU");
	if (!serial_wait(from, "hello from the network", 3000))
		fail("network data did not reach the UART");
	puts("esp port on host: serial -> server and server -> serial: OK");

	sim_close(peer);
	/* cat1 reconnects after SOCKRSTIM (10 s by default) plus jitter. */
	if (!readable(server, 20000))
		fail("the DTU did not reconnect after the server closed");
	peer = sim_accept(server);
	sim_uart_feed("again");
	if (peer < 0 || !peer_wait(peer, "again", 3000))
		fail("no data after the reconnect");
	puts("esp port on host: server closed, DTU reconnected, data flows: OK");

	sim_sleep_ms(150); /* the escape guard time */
	command("+++", "a");
	command("a", "+ok");
	command("AT+CCLK?\r", "OK");
	if (strstr(serial, "+CCLK: \"31/05/06,") == NULL)
		fail("AT+CCLK? does not show the SNTP server's date");
	puts("esp port on host: NTP over the port's UDP link synced the clock (AT+CCLK?): OK");
	sim_close(sntp);
	return 0;
}
