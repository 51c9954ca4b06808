/*
 * Instructions per command line, counted by callgrind around
 * usrdtu_serial_rx only: gprs232 with its full table, echo off, CR LF.
 *
 *   valgrind --tool=callgrind --toggle-collect=usrdtu_serial_rx ./bench_at LINE N
 *
 * runs LINE (with CR LF appended) N times; bench/run_bench.sh divides.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

static uint32_t clock_ms = 1000;
static size_t written;

static int serial_write(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	written += len;
	return (int)len;
}

static uint32_t now_ms(void *ctx)
{
	(void)ctx;
	return clock_ms;
}

static const struct usrdtu_hal hal = {
	.serial_write = serial_write,
	.now_ms = now_ms,
	.flash_slot_size = 0,
};

static struct usrdtu dev;

static void feed(const char *text)
{
	usrdtu_serial_rx(&dev, (const uint8_t *)text, strlen(text), clock_ms);
}

int main(int argc, char **argv)
{
	char line[600];
	long n, i;
	const struct usrdtu_profile *profile = usrdtu_profile_find(argc > 3 ? argv[3] : "gprs232");

	if (argc < 3 || profile == NULL || strlen(argv[1]) + 3 > sizeof line) {
		fprintf(stderr, "usage: bench_at LINE COUNT [PROFILE]\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	snprintf(line, sizeof line, "%s\r\n", argv[1]);
	usrdtu_init(&dev, profile, &hal, NULL);
	clock_ms += 1000;
	feed("+++a");
	feed("AT+E=\"off\"\r\n");
	written = 0;
	for (i = 0; i < n; i++)
		feed(line);
	printf("%ld lines, %zu reply bytes\n", n, written);
	return 0;
}
