/*
 * The emulated serial port as file descriptors. --stdio reads stdin and
 * writes stdout; a tty or a pty link will fill the same struct, so the
 * event loop and the HAL do not care which one it is.
 */
#ifndef USRDTU_LINUX_TRANSPORT_H
#define USRDTU_LINUX_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct transport {
	const char *name; /* for log lines */
	int in_fd;        /* -1 once the input has ended */
	int out_fd;
	int out_broken;   /* the output failed for good: later bytes are lost */
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint64_t tx_lost; /* bytes that could not be written */
};

#define TRANSPORT_READ_AGAIN (-1) /* nothing to read now */
#define TRANSPORT_READ_ERROR (-2)

int transport_open_stdio(struct transport *t);

/* Bytes read (> 0), 0 at end of input, or TRANSPORT_READ_*. */
ssize_t transport_read(struct transport *t, uint8_t *buf, size_t cap);

/* Writes everything it can, riding out EINTR and short writes; returns how
 * many bytes went out. The rest is counted in tx_lost. */
size_t transport_write(struct transport *t, const uint8_t *data, size_t len);

void transport_close(struct transport *t);

#endif /* USRDTU_LINUX_TRANSPORT_H */
