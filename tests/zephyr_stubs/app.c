/*
 * The application side of the Zephyr glue check (scripts/zephyr_check.sh):
 * compiled with the same CONFIG_ macros and glue definitions as the
 * library, it must see the options Kconfig set, and it links and runs a
 * DTU against the library to show both agree on struct usrdtu.
 */
#include <stdio.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

#if !defined(CONFIG_USRDTU) || !defined(USRDTU_CFG_OPTS_FILE)
#error "the glue did not give the application the Kconfig options file"
#endif
#if USRDTU_CFG_LINE_MAX != CONFIG_USRDTU_LINE_MAX || USRDTU_CFG_NTP_PORT != CONFIG_USRDTU_NTP_PORT
#error "the Kconfig options did not reach usrdtu/config.h"
#endif

static struct usrdtu dtu;
static char out[512];
static size_t out_len;

static int serial_write(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	if (len > sizeof out - 1 - out_len)
		len = sizeof out - 1 - out_len;
	memcpy(out + out_len, data, len);
	out_len += len;
	return (int)len;
}

static uint32_t clock_ms = 1000;

static uint32_t now_ms(void *ctx)
{
	(void)ctx;
	return clock_ms;
}

/* Serial input at the virtual time `at`, timers run up to it first. */
static void feed(const char *bytes, uint32_t at)
{
	clock_ms = at;
	usrdtu_poll(&dtu, clock_ms);
	usrdtu_serial_rx(&dtu, (const uint8_t *)bytes, strlen(bytes), clock_ms);
}

int main(void)
{
	struct usrdtu_hal hal;

	memset(&hal, 0, sizeof hal);
	hal.serial_write = serial_write;
	hal.now_ms = now_ms;
	if (usrdtu_init(&dtu, &usrdtu_profile_m0, &hal, NULL) != 0) {
		fputs("zephyr glue: usrdtu_init failed\n", stderr);
		return 1;
	}
	/* m0 starts in its data mode: +++ and a enter command mode */
	feed("+++", 1500);
	feed("a", 1600);
	feed("AT+UART\r", 1700);
	out[out_len] = '\0';
	if (strstr(out, "+ok=") == NULL) {
		fprintf(stderr, "zephyr glue: AT+UART answered \"%s\"\n", out);
		return 1;
	}
	printf("zephyr glue: m0 DTU from the Zephyr-built library answers AT+UART (struct usrdtu %u bytes)\n",
	       (unsigned)sizeof dtu);
	return 0;
}
