/*
 * The program every consumer project under tests/consumers/ builds: it
 * includes the installed or fetched headers, links the library and boots
 * one DTU on a HAL with only the two required functions (settings then
 * live in RAM). Exits 0 when usrdtu_init() returns 0 and the DTU printed
 * something on its serial port.
 */
#include <stdint.h>
#include <stdio.h>

#include "usrdtu/usrdtu.h"
#include "usrdtu/version.h"

static size_t serial_bytes;

static int serial_write(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	(void)data;
	serial_bytes += len;
	return (int)len;
}

static uint32_t now_ms(void *ctx)
{
	(void)ctx;
	return 0;
}

int main(void)
{
	static struct usrdtu dtu;
	struct usrdtu_hal hal = {0};
	int rc;

	hal.serial_write = serial_write;
	hal.now_ms = now_ms;
	rc = usrdtu_init(&dtu, &usrdtu_profile_gprs232, &hal, NULL);
	printf("usrdtu %s: usrdtu_init returned %d, %u bytes on the serial port\n",
	       USRDTU_VERSION_STRING, rc, (unsigned)serial_bytes);
	return rc == 0 ? 0 : 1;
}
