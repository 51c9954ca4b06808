/*
 * usrdtu: a USR IoT DTU on a Linux host. The serial side is stdin/stdout
 * (--stdio); settings persist in a flash image file.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <stdlib.h>

#include "log.h"
#include "loop.h"
#include "options.h"
#include "port.h"

/* Static: the instance holds the line and frame buffers, several KiB. */
static struct port port;

static void log_summary(const struct port *p)
{
	const struct usrdtu_stats *st = usrdtu_get_stats(&p->dtu);

	log_info("serial: %lu bytes in, %lu bytes out, %lu bytes lost on output",
		 (unsigned long)p->serial.rx_bytes, (unsigned long)p->serial.tx_bytes,
		 (unsigned long)p->serial.tx_lost);
	log_info("engine: %lu lines, %lu errors, %lu escapes, %lu serial AT, %lu restarts",
		 (unsigned long)st->lines, (unsigned long)st->errors, (unsigned long)st->escapes,
		 (unsigned long)st->serial_at, (unsigned long)st->restarts);
	log_info("frames: %lu dropped (%lu bytes): --stdio has no network side",
		 (unsigned long)p->frames_dropped, (unsigned long)p->frame_bytes_dropped);
	log_info("flash: %lu erases, %lu writes, %lu writes over unerased bytes",
		 (unsigned long)p->flash.erases, (unsigned long)p->flash.writes,
		 (unsigned long)p->flash.unerased_writes);
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
	/* Only stdio exists so far (options.h); the others will branch here. */
	transport_open_stdio(&port.serial);
	log_info("profile %s, serial on %s, state file %s", usrdtu_profile_name(opt.profile),
		 port.serial.name, opt.state_path);

	err = usrdtu_init(&port.dtu, opt.profile, &port_hal, &port);
	if (err < 0) {
		log_error("engine start failed (error %d)", err);
		state_file_close(&port.flash);
		return EXIT_FAILURE;
	}
	status = loop_run(&port);
	if (log_enabled(LOG_INFO))
		log_summary(&port);
	transport_close(&port.serial);
	state_file_close(&port.flash);
	return status;
}
