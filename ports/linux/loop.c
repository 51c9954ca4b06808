#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* The longest sleep between two looks at the engine, whatever its deadline
 * says: a bound on the damage of a clock step or a missed wake-up. */
#define POLL_CAP_MS 1000u

/* After the input ends, how long held input may take to be answered. The
 * longest idle time any profile waits before it acts on held bytes is the
 * g781 packing time (UARTFT up to 60000 ms); a little more covers the
 * escape confirmation and scheduling. */
#define DRAIN_LIMIT_MS 65000u

/* An engine whose deadline stays at 0 without progress would spin a core;
 * after this many zero waits in a row the loop sleeps 1 ms each time. */
#define ZERO_WAIT_LIMIT 1000

#define READ_CHUNK 4096

/* Self-pipe: the handler only writes a byte, so poll() wakes up whatever
 * moment the signal arrives, and the loop stops between two steps (a write
 * in progress is finished first). */
static int signal_pipe[2] = {-1, -1};
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	int saved = errno;
	unsigned char b = 1;

	stop_signal = sig;
	if (signal_pipe[1] >= 0 && write(signal_pipe[1], &b, 1) < 0) {
		/* the pipe is full: a wake-up is pending already */
	}
	errno = saved;
}

static int set_flags(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	int fd_fl = fcntl(fd, F_GETFD);

	if (fl < 0 || fd_fl < 0)
		return -1;
	if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) < 0)
		return -1;
	return 0;
}

int loop_install_signals(void)
{
	struct sigaction sa;

	if (pipe(signal_pipe) != 0 || set_flags(signal_pipe[0]) != 0 || set_flags(signal_pipe[1]) != 0) {
		log_error("cannot create the signal pipe: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
		return -1;
	/* A reader that went away shows as EPIPE on write, counted as lost
	 * output, instead of killing the device. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		return -1;
	return 0;
}

static uint32_t now_ms(struct port *p)
{
	return port_hal.now_ms(p);
}

static void drain_signal_pipe(void)
{
	unsigned char buf[16];

	while (read(signal_pipe[0], buf, sizeof buf) > 0) {
	}
}

int loop_run(struct port *p)
{
	static uint8_t buf[READ_CHUNK];
	struct usrdtu *dev = &p->dtu;
	uint32_t eof_ms = 0;
	int at_eof = 0;
	int zero_waits = 0;

	for (;;) {
		struct pollfd fds[2];
		nfds_t nfds = 0;
		int sig_index = -1, in_index = -1;
		uint32_t now = now_ms(p);
		uint32_t wait = usrdtu_next_poll_ms(dev, now);
		int r;

		if (stop_signal)
			break;
		if (at_eof) {
			uint32_t spent = now - eof_ms;

			if (!usrdtu_input_pending(dev)) {
				log_info("end of input: nothing left to answer");
				break;
			}
			if (spent >= DRAIN_LIMIT_MS) {
				log_error("end of input: held input still pending after %u ms; giving up",
					  (unsigned)DRAIN_LIMIT_MS);
				break;
			}
			if (wait > DRAIN_LIMIT_MS - spent)
				wait = DRAIN_LIMIT_MS - spent;
		}
		if (wait > POLL_CAP_MS)
			wait = POLL_CAP_MS;
		if (wait == 0) {
			if (++zero_waits > ZERO_WAIT_LIMIT)
				wait = 1;
		} else {
			zero_waits = 0;
		}

		if (signal_pipe[0] >= 0) {
			sig_index = (int)nfds;
			fds[nfds].fd = signal_pipe[0];
			fds[nfds].events = POLLIN;
			fds[nfds].revents = 0;
			nfds++;
		}
		if (p->serial.in_fd >= 0) {
			in_index = (int)nfds;
			fds[nfds].fd = p->serial.in_fd;
			fds[nfds].events = POLLIN;
			fds[nfds].revents = 0;
			nfds++;
		}

		r = poll(fds, nfds, (int)wait);
		if (r < 0 && errno != EINTR) {
			log_error("poll failed: %s", strerror(errno));
			return EXIT_FAILURE;
		}
		if (r > 0 && sig_index >= 0 && fds[sig_index].revents)
			drain_signal_pipe();
		if (r > 0 && in_index >= 0 && fds[in_index].revents) {
			ssize_t n = transport_read(&p->serial, buf, sizeof buf);

			if (n > 0) {
				log_debug("serial: %ld bytes in", (long)n);
				usrdtu_serial_rx(dev, buf, (size_t)n, now_ms(p));
			} else if (n == 0 || n == TRANSPORT_READ_ERROR) {
				log_info("end of input on %s", p->serial.name);
				p->serial.in_fd = -1;
				at_eof = 1;
				eof_ms = now_ms(p);
			}
		}
		usrdtu_poll(dev, now_ms(p));
	}
	if (stop_signal)
		log_info("stopped by signal %d", (int)stop_signal);
	return EXIT_SUCCESS;
}
