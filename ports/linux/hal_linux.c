#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

uint32_t port_now_ms(void *ctx)
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
	int err;

	if (p->serial.termios_fd < 0) {
		/* stdin and stdout are byte streams without a line speed: any
		 * setting is as good as another, so all are accepted. */
		log_info("uart: %lu %u%s%u, flow %s (%s has no UART: nothing to set)",
			 (unsigned long)cfg->baud, (unsigned)cfg->data_bits,
			 parity_letter(cfg->parity), (unsigned)cfg->stop_bits, flow_name(cfg->flow),
			 p->serial.name);
		return 0;
	}
	err = transport_configure(&p->serial, cfg);
	log_info("uart: %lu %u%s%u, flow %s on %s: %s", (unsigned long)cfg->baud,
		 (unsigned)cfg->data_bits, parity_letter(cfg->parity), (unsigned)cfg->stop_bits,
		 flow_name(cfg->flow), p->serial.name, err == 0 ? "set" : "refused");
	return err;
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
	log_info("frame: %s %lu bytes (dropped: %s; %lu so far)", mode_name(work_mode),
		 (unsigned long)len,
		 p->opt->no_net ? "--no-net" : "this mode has no network side here",
		 (unsigned long)p->frames_dropped);
}

static void hal_restarted(void *ctx)
{
	struct port *p = ctx;

	p->restarts++;
	log_info("restarted: profile %s, %s mode", usrdtu_profile_name(p->opt->profile),
		 usrdtu_in_command_mode(&p->dtu) ? "command" : "data");
	/* the SIM gets the PIN the settings now hold (gprs232 UCPIN) */
	if (p->modem.fd >= 0)
		modem_engine_restarted(&p->modem, usrdtu_active_settings(&p->dtu)->sim_pin);
}

static int hal_sock_open(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	struct port *p = ctx;

	if (socket == USRDTU_LINK_NTP && req != NULL && p->opt->ntp_port != 0) {
		struct usrdtu_sock_request moved = *req;

		moved.port = p->opt->ntp_port;
		return sockets_sock_open(&p->net, socket, &moved);
	}
	return sockets_sock_open(&p->net, socket, req);
}

static int hal_sock_send(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	struct port *p = ctx;

	return sockets_sock_send(&p->net, link, data, len, port_now_ms(ctx));
}

static void hal_sock_close(void *ctx, unsigned link)
{
	struct port *p = ctx;

	sockets_sock_close(&p->net, link);
}

static uint32_t hal_random(void *ctx)
{
	struct port *p = ctx;
	uint32_t x = p->random_state != 0 ? p->random_state : 0x6D2B79F5u;

	/* xorshift32: the jitter only has to differ between devices */
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	p->random_state = x;
	return x;
}

void port_seed_random(struct port *p)
{
	uint32_t seed = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &seed, sizeof seed) != (ssize_t)sizeof seed)
			seed = 0;
		close(fd);
	}
	/* without /dev/urandom the clock and the pid still tell devices apart */
	if (seed == 0)
		seed = port_now_ms(p) ^ ((uint32_t)getpid() << 16);
	p->random_state = seed != 0 ? seed : 1u;
}

int port_sms_send(void *ctx, const uint8_t *pdu, size_t len, size_t tpdu_len)
{
	struct port *p = ctx;

	return modem_submit(&p->modem, pdu, len, tpdu_len);
}

/* What both HALs have: the serial port, the clock, the state file, the
 * host's identity and the UART; the offline one lacks only the sockets. */
#define PORT_HAL_COMMON                                                         \
	.serial_write = hal_serial_write, .now_ms = port_now_ms,                 \
	.flash_read = hal_flash_read, .flash_erase = hal_flash_erase,            \
	.flash_write = hal_flash_write, .flash_slot_size = STATE_SLOT_SIZE,      \
	.info = hal_info, .action = hal_action, .uart_config = hal_uart_config,  \
	.frame_out = hal_frame_out, .restarted = hal_restarted

const struct usrdtu_hal port_hal = {
	PORT_HAL_COMMON,
	.sock_open = hal_sock_open,
	.sock_send = hal_sock_send,
	.sock_close = hal_sock_close,
	.random = hal_random,
};

const struct usrdtu_hal port_hal_offline = {
	PORT_HAL_COMMON,
};
