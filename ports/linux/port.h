/*
 * One emulated device as the Linux program runs it: the engine instance and
 * everything its HAL reaches (the serial transport, the flash file, the
 * facts from the command line). The HAL's ctx pointer is a struct port.
 */
#ifndef USRDTU_LINUX_PORT_H
#define USRDTU_LINUX_PORT_H

#include <stdint.h>

#include "modem.h"
#include "sockets.h"
#include "options.h"
#include "state_file.h"
#include "transport.h"
#include "usrdtu/usrdtu.h"

struct port {
	const struct options *opt;
	struct usrdtu dtu;
	struct transport serial;
	struct state_file flash;
	struct sockets net;
	struct modem modem;       /* --modem; fd -1 without */
	struct usrdtu_hal hal;    /* port_hal or port_hal_offline, with sms_send when there is a modem */
	uint32_t random_state; /* reconnect jitter, seeded from /dev/urandom */
	uint8_t serial_in[64 * 1024]; /* one read from the serial side */
	int serial_burst;      /* the last serial read was a burst's (loop.c) */

	/* data-mode frames with nowhere to go (HTTPD, SMS, or --no-net) */
	uint32_t frames_dropped;
	uint64_t frame_bytes_dropped;
	uint32_t restarts;
};

/* The HAL over struct port (hal_linux.c): with the network, and without
 * (--no-net: the engine then sees no sock_open and hands every data-mode
 * frame to frame_out). */
extern const struct usrdtu_hal port_hal;
extern const struct usrdtu_hal port_hal_offline;

/* The HAL's sms_send over the --modem dialogue (modem.c). */
int port_sms_send(void *ctx, const uint8_t *pdu, size_t len, size_t tpdu_len);

/* Monotonic milliseconds, the engine's clock. */
uint32_t port_now_ms(void *ctx);

/* Seeds the jitter generator. */
void port_seed_random(struct port *p);

#endif /* USRDTU_LINUX_PORT_H */
