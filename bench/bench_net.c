/*
 * Instructions per byte of the transparent path, counted by callgrind
 * around the engine's entry points: gprs232 in NET mode, socket A up.
 *
 *   serial to socket: frames of SIZE bytes through usrdtu_serial_rx (and
 *   usrdtu_poll, which ends a frame shorter than the packing length);
 *   socket to serial: chunks of SIZE bytes through usrdtu_sock_rx.
 *
 *   valgrind --tool=callgrind --toggle-collect=usrdtu_serial_rx \
 *       --toggle-collect=usrdtu_poll --toggle-collect=usrdtu_sock_rx \
 *       ./bench_net tx|rx SIZE COUNT
 *
 * bench/run_bench.sh runs COUNT 1 and COUNT 1001 and divides the difference.
 * The HAL stubs take every byte and do nothing else.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

static uint32_t clock_ms = 1000;
static uint64_t to_serial, to_socket;

static int serial_write(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	to_serial += len;
	return (int)len;
}

static uint32_t now_ms(void *ctx)
{
	(void)ctx;
	return clock_ms;
}

static int sock_open(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	(void)ctx;
	(void)socket;
	(void)req;
	return 0;
}

static int sock_send(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)link;
	(void)data;
	to_socket += len;
	return (int)len;
}

static void sock_close(void *ctx, unsigned link)
{
	(void)ctx;
	(void)link;
}

static const struct usrdtu_hal hal = {
	.serial_write = serial_write,
	.now_ms = now_ms,
	.sock_open = sock_open,
	.sock_send = sock_send,
	.sock_close = sock_close,
};

static struct usrdtu dev;
static uint8_t payload[4096];

int main(int argc, char **argv)
{
	long size, n, i;
	int tx;

	if (argc < 4 || (strcmp(argv[1], "tx") != 0 && strcmp(argv[1], "rx") != 0)) {
		fprintf(stderr, "usage: bench_net tx|rx SIZE COUNT\n");
		return 2;
	}
	tx = strcmp(argv[1], "tx") == 0;
	size = strtol(argv[2], NULL, 10);
	n = strtol(argv[3], NULL, 10);
	if (size < 1 || size > (long)sizeof payload || n < 1)
		return 2;
	memset(payload, 'x', sizeof payload);
	usrdtu_init(&dev, usrdtu_profile_find("gprs232"), &hal, NULL);
	usrdtu_sock_event(&dev, 0, USRDTU_SOCK_CONNECTED, clock_ms);
	for (i = 0; i < n; i++) {
		/* the line idles between frames, as it does between host writes */
		clock_ms += 1000;
		if (tx) {
			usrdtu_serial_rx(&dev, payload, (size_t)size, clock_ms);
			clock_ms += 1000;
			usrdtu_poll(&dev, clock_ms);
		} else {
			usrdtu_sock_rx(&dev, 0, payload, (size_t)size, clock_ms);
		}
	}
	printf("%s: %llu bytes to the socket, %llu to the serial port\n", argv[1],
	       (unsigned long long)to_socket, (unsigned long long)to_serial);
	return 0;
}
