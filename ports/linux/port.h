/*
 * One emulated device as the Linux program runs it: the engine instance and
 * everything its HAL reaches (the serial transport, the flash file, the
 * facts from the command line). The HAL's ctx pointer is a struct port.
 */
#ifndef USRDTU_LINUX_PORT_H
#define USRDTU_LINUX_PORT_H

#include <stdint.h>

#include "options.h"
#include "state_file.h"
#include "transport.h"
#include "usrdtu/usrdtu.h"

struct port {
	const struct options *opt;
	struct usrdtu dtu;
	struct transport serial;
	struct state_file flash;

	/* data-mode frames with nowhere to go (--stdio has no network side) */
	uint32_t frames_dropped;
	uint64_t frame_bytes_dropped;
	uint32_t restarts;
};

/* The HAL over struct port (hal_linux.c). */
extern const struct usrdtu_hal port_hal;

#endif /* USRDTU_LINUX_PORT_H */
