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

#include "fd.h"
#include "log.h"

/* The longest sleep between two looks at the engine, whatever its deadline
 * says: a bound on the damage of a clock step or a missed wake-up. */
#define POLL_CAP_MS 1000u

/* After the input ends, how long held input may take to be answered. The
 * longest idle time any profile waits before it acts on held bytes is the
 * g781 packing time (UARTFT up to 60000 ms); a little more covers the
 * escape confirmation and scheduling. */
#define DRAIN_LIMIT_MS 65000u

/* At exit, how long queued output may take to leave. */
#define EXIT_FLUSH_MS 1000

/* An engine whose deadline stays at 0 without progress would spin a core;
 * after this many zero waits in a row the loop sleeps 1 ms each time. */
#define ZERO_WAIT_LIMIT 1000

/* Network bytes are read only while the serial output holds less than
 * this: a slow serial reader then slows the peers down (TCP flow control)
 * instead of losing their bytes. */
#define SERIAL_OUT_HIGH (128u * 1024u)

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

int loop_install_signals(void)
{
	struct sigaction sa;

	if (pipe(signal_pipe) != 0 || fd_nonblock_cloexec(signal_pipe[0]) != 0 || fd_nonblock_cloexec(signal_pipe[1]) != 0) {
		log_error("cannot create the signal pipe: %s", strerror(errno));
		return -1;
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
		return -1;
	/* A reader that went away shows as EPIPE on write, counted as lost
	 * output, and a peer that went away as a closed link, instead of
	 * killing the device. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		return -1;
	return 0;
}

static void drain_signal_pipe(void)
{
	unsigned char buf[16];

	while (read(signal_pipe[0], buf, sizeof buf) > 0) {
	}
}

static void add_fd(struct pollfd *fds, nfds_t *count, int fd, short events)
{
	fds[*count].fd = fd;
	fds[*count].events = events;
	fds[*count].revents = 0;
	(*count)++;
}

/* Hands everything the engine wrote to the descriptors it is meant for. */
static void flush_all(struct port *p)
{
	if (p->net.enabled) {
		/* During a burst the frames that leave one per read would each
		 * be a TCP segment (and a wake-up of the peer): let the kernel
		 * coalesce them while the engine holds more of the burst, and
		 * push at once when it holds nothing, so the last frame of a
		 * burst is not held back by Nagle. Never for HTTP requests:
		 * the next waits for the answer, so Nagle would only hold a
		 * request's last segment until the server acknowledges the rest. */
		if (!usrdtu_input_pending(&p->dtu) || usrdtu_http_client_running(&p->dtu))
			p->serial_burst = 0;
		sockets_coalesce(&p->net, p->serial_burst);
		sockets_flush(&p->net, port_now_ms(p));
	}
	transport_flush(&p->serial);
}

/* Reports what the network noted to the engine, then lets the engine run
 * its timers; each can make work for the other. */
static void settle(struct port *p)
{
	if (p->net.enabled)
		sockets_deliver(&p->net, &p->dtu, port_now_ms(p));
	modem_step(&p->modem, port_now_ms(p));
	modem_deliver(&p->modem, &p->dtu, port_now_ms(p));
	usrdtu_poll(&p->dtu, port_now_ms(p));
	/* a PDU the engine handed over meanwhile goes out now */
	modem_step(&p->modem, port_now_ms(p));
	modem_deliver(&p->modem, &p->dtu, port_now_ms(p));
	if (p->net.enabled)
		sockets_deliver(&p->net, &p->dtu, port_now_ms(p));
	flush_all(p);
}

/* How many serial bytes may be read now: none while a connected link's
 * output is too full to take the frames they would make. */
static size_t serial_read_size(struct port *p)
{
	if (!p->net.enabled)
		return sizeof p->serial_in;
	return sockets_serial_room(&p->net, port_now_ms(p), sizeof p->serial_in);
}

/* Minimum worth a read: below this the loop waits for the links to drain. */
#define SERIAL_READ_MIN 256u

/* A serial read at least this long means the serial side is delivering a
 * burst (a pty, a fast USB adapter) rather than a device's frames. */
#define SERIAL_BURST_READ 2048u

/* During a burst the loop looks at the serial side at least this often:
 * a look that finds nothing ends the burst, so frames Nagle holds wait no
 * longer than this (plus an acknowledgement) when the engine's own wait,
 * a packing time of up to seconds, is longer. */
#define SERIAL_BURST_LOOK_MS 10u

int loop_run(struct port *p)
{
	struct usrdtu *dev = &p->dtu;
	uint32_t eof_ms = 0;
	int at_eof = 0;
	int zero_waits = 0;
	int status = EXIT_SUCCESS;

	for (;;) {
		struct pollfd fds[4 + NET_POLL_MAX];
		int tags[NET_POLL_MAX];
		nfds_t nfds = 0;
		unsigned net_count = 0;
		int sig_index = -1, in_index = -1, out_index = -1, modem_index = -1;
		uint32_t now = port_now_ms(p);
		uint32_t wait = usrdtu_next_poll_ms(dev, now);
		size_t read_size = 0;
		int r;

		if (stop_signal)
			break;
		if (at_eof) {
			uint32_t spent = now - eof_ms;

			if (!usrdtu_input_pending(dev) && transport_pending(&p->serial) == 0) {
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
		if (wait > modem_next_ms(&p->modem, now))
			wait = modem_next_ms(&p->modem, now);
		if (wait > POLL_CAP_MS)
			wait = POLL_CAP_MS;
		if (p->net.enabled && sockets_events_pending(&p->net))
			wait = 0;
		if (wait == 0) {
			if (++zero_waits > ZERO_WAIT_LIMIT)
				wait = 1;
		} else {
			zero_waits = 0;
		}

		if (signal_pipe[0] >= 0) {
			sig_index = (int)nfds;
			add_fd(fds, &nfds, signal_pipe[0], POLLIN);
		}
		if (p->serial.in_fd >= 0) {
			read_size = serial_read_size(p);
			if (read_size >= SERIAL_READ_MIN) {
				in_index = (int)nfds;
				add_fd(fds, &nfds, p->serial.in_fd, POLLIN);
			}
		}
		if (transport_pending(&p->serial) > 0 && !p->serial.out_broken) {
			out_index = (int)nfds;
			add_fd(fds, &nfds, p->serial.out_fd, POLLOUT);
		}
		if (p->modem.fd >= 0) {
			modem_index = (int)nfds;
			add_fd(fds, &nfds, p->modem.fd, (short)(POLLIN | (modem_wants_write(&p->modem) ? POLLOUT : 0)));
		}
		if (p->net.enabled) {
			net_count = sockets_poll_fill(&p->net, fds + nfds, tags,
						  transport_pending(&p->serial) < SERIAL_OUT_HIGH);
		}

		if (p->serial_burst && in_index >= 0 && wait > SERIAL_BURST_LOOK_MS)
			wait = SERIAL_BURST_LOOK_MS;
		r = poll(fds, nfds + net_count, (int)wait);
		/* A look at the serial side that found nothing ends a burst (not
		 * a turn that did not read it because the links were full). */
		if (in_index >= 0 && (r <= 0 || !fds[in_index].revents))
			p->serial_burst = 0;
		if (r < 0 && errno != EINTR) {
			log_error("poll failed: %s", strerror(errno));
			return EXIT_FAILURE;
		}
		if (r <= 0) {
			settle(p);
			continue;
		}
		if (sig_index >= 0 && fds[sig_index].revents)
			drain_signal_pipe();
		if (out_index >= 0 && fds[out_index].revents)
			transport_flush(&p->serial);
		if (modem_index >= 0 && fds[modem_index].revents)
			modem_read(&p->modem, port_now_ms(p));
		if (net_count > 0)
			sockets_poll_handle(&p->net, dev, fds + nfds, tags, net_count, port_now_ms, p);
		if (in_index >= 0 && fds[in_index].revents) {
			ssize_t n;

			/* the network may have taken room since the poll began */
			if (p->net.enabled)
				sockets_deliver(&p->net, dev, port_now_ms(p));
			read_size = serial_read_size(p);
			n = read_size > 0 ? transport_read(&p->serial, p->serial_in, read_size)
					  : TRANSPORT_READ_AGAIN;
			if (n > 0) {
				log_debug("serial: %ld bytes in", (long)n);
				p->serial_burst = (size_t)n >= SERIAL_BURST_READ;
				usrdtu_serial_rx(dev, p->serial_in, (size_t)n, port_now_ms(p));
			} else if (n == 0 || n == TRANSPORT_READ_ERROR) {
				if (p->serial.kind != TRANSPORT_STDIO) {
					/* a tty that reads 0 or fails is gone (an adapter
					 * unplugged): a supervisor should restart us */
					log_error("%s: the serial port is gone", p->serial.name);
					status = EXIT_FAILURE;
					break;
				}
				log_info("end of input on %s", p->serial.name);
				p->serial.in_fd = -1;
				at_eof = 1;
				eof_ms = port_now_ms(p);
			}
		}
		settle(p);
	}
	if (stop_signal)
		log_info("stopped by signal %d", (int)stop_signal);
	/* a write in progress is finished: what the engine handed over leaves */
	transport_drain(&p->serial, EXIT_FLUSH_MS);
	if (p->net.enabled)
		sockets_drain(&p->net, EXIT_FLUSH_MS);
	return status;
}
