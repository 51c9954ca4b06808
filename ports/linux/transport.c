#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "transport.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* How long a write may wait for a reader that does not drain its end (a
 * non-blocking stdout, a full pipe) before the bytes count as lost. The
 * device must not hang forever on a stuck host. */
#define WRITE_STALL_MS 2000

int transport_open_stdio(struct transport *t)
{
	memset(t, 0, sizeof *t);
	t->name = "stdio";
	t->in_fd = STDIN_FILENO;
	t->out_fd = STDOUT_FILENO;
	return 0;
}

ssize_t transport_read(struct transport *t, uint8_t *buf, size_t cap)
{
	ssize_t n;

	if (t->in_fd < 0)
		return 0;
	n = read(t->in_fd, buf, cap);
	if (n > 0) {
		t->rx_bytes += (uint64_t)n;
		return n;
	}
	if (n == 0)
		return 0;
	if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
		return TRANSPORT_READ_AGAIN;
	log_error("%s: read failed: %s", t->name, strerror(errno));
	return TRANSPORT_READ_ERROR;
}

static void mark_broken(struct transport *t, const char *why)
{
	if (!t->out_broken)
		log_error("%s: output failed (%s); later serial output is discarded", t->name, why);
	t->out_broken = 1;
}

size_t transport_write(struct transport *t, const uint8_t *data, size_t len)
{
	size_t done = 0;
	int stalled_ms = 0;

	while (done < len && !t->out_broken) {
		ssize_t n = write(t->out_fd, data + done, len - done);

		if (n > 0) {
			done += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd;
			int r;

			if (stalled_ms >= WRITE_STALL_MS)
				break;
			pfd.fd = t->out_fd;
			pfd.events = POLLOUT;
			pfd.revents = 0;
			r = poll(&pfd, 1, 100);
			if (r == 0)
				stalled_ms += 100;
			continue;
		}
		mark_broken(t, n < 0 ? strerror(errno) : "wrote nothing");
	}
	t->tx_bytes += done;
	t->tx_lost += len - done;
	return done;
}

void transport_close(struct transport *t)
{
	/* stdin and stdout belong to whoever started the program */
	t->in_fd = -1;
}
