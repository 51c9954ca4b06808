/*
 * A ring of bytes waiting to be written to a file descriptor: the serial
 * output and every socket's output go through one, so that many small
 * writes from the engine (64-byte reply pieces, one frame at a time) leave
 * in few system calls, and a descriptor that would block keeps its bytes
 * in order until poll() says it can take more.
 */
#ifndef USRDTU_LINUX_BYTEBUF_H
#define USRDTU_LINUX_BYTEBUF_H

#include <stddef.h>
#include <stdint.h>

struct bytebuf {
	uint8_t *data; /* NULL until bytebuf_init succeeded */
	size_t cap;
	size_t head;   /* offset of the oldest byte */
	size_t len;    /* bytes held */
};

/* Allocates cap bytes. 0, or -1 when out of memory. */
int bytebuf_init(struct bytebuf *b, size_t cap);
void bytebuf_free(struct bytebuf *b);

static inline size_t bytebuf_space(const struct bytebuf *b)
{
	return b->cap - b->len;
}

/* Appends as much of data as fits; returns how much that was. */
size_t bytebuf_push(struct bytebuf *b, const uint8_t *data, size_t len);

/* The oldest bytes that are contiguous in memory, and their count. */
size_t bytebuf_peek(const struct bytebuf *b, const uint8_t **data);

void bytebuf_consume(struct bytebuf *b, size_t n);

static inline void bytebuf_clear(struct bytebuf *b)
{
	b->head = 0;
	b->len = 0;
}

/* Writes what it can to fd without blocking for more than fd's own mode
 * allows. Returns the bytes written (0 if fd would block), or -1 with
 * errno set when fd failed. EINTR is retried. */
long bytebuf_write_fd(struct bytebuf *b, int fd);

#endif /* USRDTU_LINUX_BYTEBUF_H */
