#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <string.h>
#include <time.h>

#include "log.h"
#include "netinfo.h"
#include "port.h"

static int hal_serial_write(void *ctx, const uint8_t *data, size_t len)
{
	struct port *p = ctx;
	size_t done;

	if (len == 0)
		return 0;
	done = transport_write(&p->serial, data, len);
	/* The engine counts what is not taken as lost; the HAL's contract is
	 * an int, so a huge write reports at most INT_MAX taken. */
	if (done > 0x7FFFFFFFu)
		done = 0x7FFFFFFFu;
	return (int)done;
}

static uint32_t hal_now_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	/* Truncation to 32 bits is the wrap the engine expects. */
	return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

static int hal_flash_read(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	struct port *p = ctx;

	return state_file_read(&p->flash, slot, offset, buf, len);
}

static int hal_flash_erase(void *ctx, unsigned slot)
{
	struct port *p = ctx;

	return state_file_erase(&p->flash, slot);
}

static int hal_flash_write(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	struct port *p = ctx;

	return state_file_program(&p->flash, slot, offset, data, len);
}

/* Copies a known fact; a value that does not fit is an error rather than a
 * shortened value the device never had. */
static int put_text(char *buf, size_t cap, const char *text)
{
	size_t len;

	if (text == NULL)
		return USRDTU_ERR_NOENT;
	len = strlen(text);
	if (len > cap)
		return USRDTU_ERR_NOSPC;
	memcpy(buf, text, len);
	return (int)len;
}

static int hal_info(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	struct port *p = ctx;
	int len;

	if (index != 0)
		return USRDTU_ERR_NOENT;
	switch (item) {
	case USRDTU_INFO_VERSION:
		return put_text(buf, cap, "usrdtu-" USRDTU_VERSION_STRING);
	case USRDTU_INFO_SN:
		return put_text(buf, cap, p->opt->sn);
	case USRDTU_INFO_IMEI:
		return put_text(buf, cap, p->opt->imei);
	case USRDTU_INFO_ICCID:
		return put_text(buf, cap, p->opt->iccid);
	case USRDTU_INFO_LOCAL_IP:
		len = netinfo_local_ipv4(buf, cap);
		return len < 0 ? USRDTU_ERR_NOENT : len;
	case USRDTU_INFO_MAC:
		len = netinfo_mac(buf, cap);
		return len < 0 ? USRDTU_ERR_NOENT : len;
	default:
		/* No modem, no cell, no SIM, no clock of the device's own: every
		 * other fact is unknown, and the engine says so with its
		 * execution-failed error instead of a made-up value. */
		return USRDTU_ERR_NOENT;
	}
}

static int hal_action(void *ctx, enum usrdtu_action what, const char *arg)
{
	(void)ctx;
	switch (what) {
	case USRDTU_ACTION_PING:
		/* Sending ICMP echo needs a raw socket, which takes root or
		 * CAP_NET_RAW; the program must not ask for either. Running the
		 * system's ping(8) is planned for a later version. */
		log_info("ping %s: not supported (raw ICMP needs privileges)", arg ? arg : "");
		return USRDTU_ERR_NOTSUP;
	case USRDTU_ACTION_SET_PIN:
		log_info("SIM PIN: not supported (there is no SIM)");
		return USRDTU_ERR_NOTSUP;
	}
	return USRDTU_ERR_NOTSUP;
}

static const char *parity_letter(uint8_t parity)
{
	switch (parity) {
	case USRDTU_PARITY_NONE:
		return "N";
	case USRDTU_PARITY_ODD:
		return "O";
	case USRDTU_PARITY_EVEN:
		return "E";
	case USRDTU_PARITY_MARK:
		return "M";
	case USRDTU_PARITY_SPACE:
		return "S";
	}
	return "?";
}

static const char *flow_name(uint8_t flow)
{
	switch (flow) {
	case USRDTU_FLOW_NONE:
		return "none";
	case USRDTU_FLOW_CRTS:
		return "RTS/CTS";
	case USRDTU_FLOW_RS485:
		return "RS485";
	}
	return "?";
}

static int hal_uart_config(void *ctx, const struct usrdtu_uart_config *cfg)
{
	struct port *p = ctx;

	/* stdin and stdout are byte streams without a line speed: any setting
	 * is as good as another, so all are accepted. */
	log_info("uart: %lu %u%s%u, flow %s (%s has no UART: nothing to set)",
		 (unsigned long)cfg->baud, (unsigned)cfg->data_bits, parity_letter(cfg->parity),
		 (unsigned)cfg->stop_bits, flow_name(cfg->flow), p->serial.name);
	return 0;
}

static const char *mode_name(uint8_t mode)
{
	switch (mode) {
	case USRDTU_MODE_CMD:
		return "CMD";
	case USRDTU_MODE_NET:
		return "NET";
	case USRDTU_MODE_HTTPD:
		return "HTTPD";
	case USRDTU_MODE_SMS:
		return "SMS";
	case USRDTU_MODE_UDC:
		return "UDC";
	}
	return "?";
}

static void hal_frame_out(void *ctx, uint8_t work_mode, const uint8_t *frame, size_t len)
{
	struct port *p = ctx;

	(void)frame;
	p->frames_dropped++;
	p->frame_bytes_dropped += len;
	log_info("frame: %s %lu bytes (dropped: --stdio has no network side; %lu so far)",
		 mode_name(work_mode), (unsigned long)len, (unsigned long)p->frames_dropped);
}

static void hal_restarted(void *ctx)
{
	struct port *p = ctx;

	p->restarts++;
	log_info("restarted: profile %s, %s mode", usrdtu_profile_name(p->opt->profile),
		 usrdtu_in_command_mode(&p->dtu) ? "command" : "data");
}

const struct usrdtu_hal port_hal = {
	.serial_write = hal_serial_write,
	.now_ms = hal_now_ms,
	.flash_read = hal_flash_read,
	.flash_erase = hal_flash_erase,
	.flash_write = hal_flash_write,
	.flash_slot_size = STATE_SLOT_SIZE,
	.info = hal_info,
	.action = hal_action,
	.uart_config = hal_uart_config,
	.frame_out = hal_frame_out,
	.restarted = hal_restarted,
};
