/*
 * usrdtu: a USR IoT DTU on a Linux host. The serial side is stdin/stdout
 * (--stdio), a real tty (--serial) or a pseudo-terminal (--pty-link); the
 * network side is POSIX sockets; settings persist in a flash image file.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdlib.h>

#include "log.h"
#include "loop.h"
#include "options.h"
#include "port.h"

/* Static: the instance holds the line and frame buffers and the socket
 * queues, tens of KiB. */
static struct port port;

static void log_summary(const struct port *p)
{
	const struct usrdtu_stats *st = usrdtu_get_stats(&p->dtu);
	unsigned i;

	log_info("serial: %lu bytes in, %lu bytes out, %lu bytes lost on output",
		 (unsigned long)p->serial.rx_bytes, (unsigned long)p->serial.tx_bytes,
		 (unsigned long)p->serial.tx_lost);
	log_info("engine: %lu lines, %lu errors, %lu escapes, %lu serial AT, %lu restarts",
		 (unsigned long)st->lines, (unsigned long)st->errors, (unsigned long)st->escapes,
		 (unsigned long)st->serial_at, (unsigned long)st->restarts);
	if (p->frames_dropped > 0)
		log_info("frames: %lu dropped (%lu bytes) with no network side",
			 (unsigned long)p->frames_dropped, (unsigned long)p->frame_bytes_dropped);
	if (p->modem.path != NULL && usrdtu_get_sms_stats(&p->dtu) != NULL) {
		const struct usrdtu_sms_stats *sms = usrdtu_get_sms_stats(&p->dtu);

		log_info("sms: %lu PDUs sent, %lu failed, %lu messages dropped; %lu PDUs received, "
			 "%lu lost before the engine",
			 (unsigned long)sms->tx_parts, (unsigned long)sms->tx_failed_parts,
			 (unsigned long)sms->tx_dropped, (unsigned long)sms->rx_pdus,
			 (unsigned long)p->modem.rx_dropped);
	}
	if (p->modem.path != NULL)
		log_info("sim: %lu PIN attempts, %lu locks reported to the engine",
			 (unsigned long)p->modem.sim_pin_attempts,
			 (unsigned long)p->modem.sim_lock_reports);
	for (i = 0; i < USRDTU_SOCKETS && p->net.enabled; i++) {
		const struct usrdtu_sock_stats *ss = usrdtu_get_sock_stats(&p->dtu, i);

		if (ss->connects == 0 && ss->failures == 0 && ss->dropped_frames == 0)
			continue;
		log_info("socket %c: %lu bytes out, %lu in, %lu connects, %lu failures, "
			 "%lu frames dropped",
			 'A' + (int)i, (unsigned long)ss->tx_bytes, (unsigned long)ss->rx_bytes,
			 (unsigned long)ss->connects, (unsigned long)ss->failures,
			 (unsigned long)ss->dropped_frames);
	}
	log_info("flash: %lu erases, %lu writes, %lu writes over unerased bytes",
		 (unsigned long)p->flash.erases, (unsigned long)p->flash.writes,
		 (unsigned long)p->flash.unerased_writes);
}

static int open_serial_side(struct port *p, const struct options *opt)
{
	switch (opt->transport) {
	case TRANSPORT_SERIAL:
		return transport_open_serial(&p->serial, opt->serial_path);
	case TRANSPORT_PTY:
		if (transport_open_pty(&p->serial, opt->pty_link) != 0)
			return -1;
		/* always said, -v or not: it is how a user finds the port */
		log_msg(LOG_ERROR, "serial port: %s (linked at %s)", p->serial.pty_name, opt->pty_link);
		return 0;
	case TRANSPORT_STDIO:
		break;
	}
	return transport_open_stdio(&p->serial);
}

int main(int argc, char **argv)
{
	static struct options opt;
	int err;
	int status;

	switch (options_parse(&opt, argc, argv)) {
	case OPTIONS_RUN:
		break;
	case OPTIONS_EXIT_OK:
		return EXIT_SUCCESS;
	case OPTIONS_EXIT_USAGE:
		return EXIT_USAGE;
	}
	log_set_verbosity(opt.verbose);
	port.opt = &opt;

	if (loop_install_signals() != 0)
		return EXIT_FAILURE;
	if (state_file_open(&port.flash, opt.state_path, STATE_SLOT_SIZE) != 0)
		return EXIT_FAILURE;
	if (open_serial_side(&port, &opt) != 0) {
		state_file_close(&port.flash);
		return EXIT_FAILURE;
	}
	if (!opt.no_net && sockets_start(&port.net) != 0) {
		transport_close(&port.serial);
		state_file_close(&port.flash);
		return EXIT_FAILURE;
	}
	modem_none(&port.modem);
	if (opt.modem_path != NULL && modem_open(&port.modem, opt.modem_path, port_now_ms(&port)) != 0) {
		if (port.net.enabled)
			sockets_stop(&port.net);
		transport_close(&port.serial);
		state_file_close(&port.flash);
		return EXIT_FAILURE;
	}
	port_seed_random(&port);
	log_info("profile %s, serial on %s, state file %s%s", usrdtu_profile_name(opt.profile),
		 port.serial.name, opt.state_path, opt.no_net ? ", no network" : "");

	port.hal = opt.no_net ? port_hal_offline : port_hal;
	if (opt.modem_path != NULL)
		port.hal.sms_send = port_sms_send;
	err = usrdtu_init(&port.dtu, opt.profile, &port.hal, &port);
	if (err < 0) {
		log_error("engine start failed (error %d)", err);
		status = EXIT_FAILURE;
	} else {
		status = loop_run(&port);
		if (log_enabled(LOG_INFO))
			log_summary(&port);
	}
	if (port.net.enabled)
		sockets_stop(&port.net);
	modem_close(&port.modem);
	transport_close(&port.serial);
	state_file_close(&port.flash);
	return status;
}
