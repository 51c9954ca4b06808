#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "bytebuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int bytebuf_init(struct bytebuf *b, size_t cap)
{
	b->data = malloc(cap);
	b->cap = b->data != NULL ? cap : 0;
	b->head = 0;
	b->len = 0;
	return b->data != NULL ? 0 : -1;
}

void bytebuf_free(struct bytebuf *b)
{
	free(b->data);
	b->data = NULL;
	b->cap = 0;
	b->head = 0;
	b->len = 0;
}

size_t bytebuf_push(struct bytebuf *b, const uint8_t *data, size_t len)
{
	size_t take = len < bytebuf_space(b) ? len : bytebuf_space(b);
	size_t tail, first;

	if (take == 0)
		return 0;
	tail = (b->head + b->len) % b->cap;
	first = b->cap - tail < take ? b->cap - tail : take;
	memcpy(b->data + tail, data, first);
	memcpy(b->data, data + first, take - first);
	b->len += take;
	return take;
}

size_t bytebuf_peek(const struct bytebuf *b, const uint8_t **data)
{
	size_t run = b->cap - b->head;

	*data = b->data + b->head;
	return b->len < run ? b->len : run;
}

void bytebuf_consume(struct bytebuf *b, size_t n)
{
	if (n > b->len)
		n = b->len;
	b->len -= n;
	/* an empty ring starts over at 0: the next writes stay contiguous */
	b->head = b->len == 0 ? 0 : (b->head + n) % b->cap;
}

long bytebuf_write_fd(struct bytebuf *b, int fd)
{
	long total = 0;

	while (b->len > 0) {
		struct iovec iov[2];
		size_t first = b->cap - b->head < b->len ? b->cap - b->head : b->len;
		int cnt = 1;
		ssize_t n;

		/* both halves of a wrapped ring in one call */
		iov[0].iov_base = b->data + b->head;
		iov[0].iov_len = first;
		if (first < b->len) {
			iov[1].iov_base = b->data;
			iov[1].iov_len = b->len - first;
			cnt = 2;
		}
		n = writev(fd, iov, cnt);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		bytebuf_consume(b, (size_t)n);
		total += (long)n;
		/* a short write means the descriptor is full: asking again
		 * would only hear EAGAIN, one system call more per flush */
		if ((size_t)n < (cnt == 2 ? first + iov[1].iov_len : first))
			break;
	}
	return total;
}
