/*
 * The emulated serial port as file descriptors: stdin/stdout (--stdio), a
 * real tty (--serial) or a new pseudo-terminal (--pty-link). The event loop
 * and the HAL do not care which one it is.
 *
 * Output is buffered: the engine's writes are appended to a ring and leave
 * when the loop flushes it (once per turn, or when poll() says the
 * descriptor can take more), so many small writes become one system call
 * and a slow reader slows the network side down instead of losing bytes.
 */
#ifndef USRDTU_LINUX_TRANSPORT_H
#define USRDTU_LINUX_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bytebuf.h"
#include "options.h"
#include "usrdtu/hal.h"

/* Output the engine may have waiting: a few network reads' worth. */
#define TRANSPORT_OUT_CAP (512u * 1024u)

struct transport {
	enum transport_kind kind;
	const char *name;      /* for log lines: "stdio", the device, the pty */
	int in_fd;             /* -1 once the input has ended */
	int out_fd;
	int termios_fd;        /* where line settings go: the tty, the pty slave; -1 for stdio */
	int dev_fd;            /* the tty or the pty master, closed at the end; -1 for stdio */
	int out_broken;        /* the output failed for good: later bytes are lost */
	int rs485_on;          /* RS485 mode was switched on by us */
	const char *link_path; /* --pty-link: the symlink to remove at close */
	char pty_name[128];
	struct bytebuf out;
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint64_t tx_lost;      /* bytes that could not be written */
};

#define TRANSPORT_READ_AGAIN (-1) /* nothing to read now */
#define TRANSPORT_READ_ERROR (-2)

/* Each returns 0, or -1 with the reason logged. */
int transport_open_stdio(struct transport *t);
int transport_open_serial(struct transport *t, const char *path);
int transport_open_pty(struct transport *t, const char *link_path);

/* Bytes read (> 0), 0 at end of input, or TRANSPORT_READ_*. */
ssize_t transport_read(struct transport *t, uint8_t *buf, size_t cap);

/* Queues bytes for output; returns how many were taken (the rest is
 * counted in tx_lost: the reader has not kept up with TRANSPORT_OUT_CAP). */
size_t transport_write(struct transport *t, const uint8_t *data, size_t len);

/* Writes queued output without blocking longer than the descriptor's mode
 * asks (stdout may be blocking). 1 when output is still waiting (watch
 * POLLOUT), 0 when empty. */
int transport_flush(struct transport *t);

/* Waits up to limit_ms for queued output to leave (at exit, before a line
 * setting changes). */
void transport_drain(struct transport *t, int limit_ms);

static inline size_t transport_pending(const struct transport *t)
{
	return t->out.len;
}

/* Applies line settings to the tty (termios, RS485). 0, or a negative
 * enum usrdtu_err when the line cannot do them (it is left as it was). */
int transport_configure(struct transport *t, const struct usrdtu_uart_config *cfg);

void transport_close(struct transport *t);

#endif /* USRDTU_LINUX_TRANSPORT_H */
