/*
 * A socket's queue of outgoing frames: the offline cache (CACHEN) and what
 * a port that would block has not taken yet, in one structure so that
 * cached frames always leave before newer ones.
 *
 * Records are [length, 2 bytes little-endian][bytes] and never wrap around
 * the end of the buffer (a datagram must leave in one piece): when a record
 * does not fit after the newest one, it starts again at offset 0 and
 * q_wrap remembers where the older records end. Making room drops the
 * oldest records, counted as dropped; a record that has started to leave is
 * dropped only with the bytes it has left.
 */
#include "engine.h"

#include <string.h>

#define RECORD_HEADER 2

static uint32_t record_len(const struct usrdtu_sock *s, uint32_t at)
{
	return (uint32_t)s->queue[at] | (uint32_t)s->queue[at + 1] << 8;
}

void queue_reset(struct usrdtu_sock *s)
{
	s->q_head = 0;
	s->q_tail = 0;
	s->q_wrap = 0;
	s->q_sent = 0;
	s->stats.queued_frames = 0;
	s->stats.queued_bytes = 0;
}

/* Removes the oldest record; the bytes it had left are counted as lost when
 * dropped is set. */
static void pop_oldest(struct usrdtu_sock *s, int dropped)
{
	uint32_t len = record_len(s, s->q_head);
	uint32_t left = len - s->q_sent;

	if (dropped) {
		s->stats.dropped_frames++;
		s->stats.dropped_bytes += left;
	}
	s->stats.queued_bytes -= left;
	s->stats.queued_frames--;
	s->q_sent = 0;
	s->q_head += RECORD_HEADER + len;
	if (s->stats.queued_frames == 0) {
		queue_reset(s);
	} else if (s->q_wrap != 0 && s->q_head >= s->q_wrap) {
		s->q_head = 0;
		s->q_wrap = 0;
	}
}

void queue_drop_all(struct usrdtu_sock *s)
{
	uint32_t guard;

	for (guard = 0; guard <= USRDTU_CFG_CACHE_FRAMES && s->stats.queued_frames > 0; guard++)
		pop_oldest(s, 1);
	queue_reset(s);
}

/* Offset where a record of size bytes can go now, or -1 if none. */
static int32_t free_place(const struct usrdtu_sock *s, uint32_t size)
{
	if (s->stats.queued_frames == 0)
		return size <= sizeof s->queue ? 0 : -1;
	if (s->stats.queued_frames >= USRDTU_CFG_CACHE_FRAMES)
		return -1;
	if (s->q_wrap != 0) /* free space lies between tail and head */
		return s->q_head - s->q_tail >= size ? (int32_t)s->q_tail : -1;
	if (sizeof s->queue - s->q_tail >= size)
		return (int32_t)s->q_tail;
	return s->q_head >= size ? -2 : -1; /* -2: at 0, after wrapping */
}

int queue_push(struct usrdtu_sock *s, const uint8_t *head, size_t head_len, const uint8_t *body,
	       size_t body_len)
{
	uint32_t len = (uint32_t)(head_len + body_len), size = RECORD_HEADER + len, guard;
	int32_t at = -1;

	if (len == 0)
		return 0;
	if (len > 0xFFFFu || size > sizeof s->queue) {
		s->stats.dropped_frames++;
		s->stats.dropped_bytes += len;
		return -1;
	}
	for (guard = 0; guard <= USRDTU_CFG_CACHE_FRAMES; guard++) {
		at = free_place(s, size);
		if (at != -1)
			break;
		pop_oldest(s, 1);
	}
	if (at == -2) {
		s->q_wrap = s->q_tail;
		at = 0;
	}
	s->queue[at] = (uint8_t)len;
	s->queue[at + 1] = (uint8_t)(len >> 8);
	if (head_len > 0)
		memcpy(s->queue + at + RECORD_HEADER, head, head_len);
	if (body_len > 0)
		memcpy(s->queue + at + RECORD_HEADER + head_len, body, body_len);
	s->q_tail = (uint32_t)at + size;
	s->stats.queued_frames++;
	s->stats.queued_bytes += len;
	return 0;
}

int queue_room(const struct usrdtu_sock *s, size_t len)
{
	return len <= 0xFFFFu && free_place(s, (uint32_t)(RECORD_HEADER + len)) != -1;
}

size_t queue_peek(const struct usrdtu_sock *s, const uint8_t **data)
{
	if (s->stats.queued_frames == 0)
		return 0;
	*data = s->queue + s->q_head + RECORD_HEADER + s->q_sent;
	return record_len(s, s->q_head) - s->q_sent;
}

void queue_consume(struct usrdtu_sock *s, size_t taken)
{
	uint32_t left;

	if (s->stats.queued_frames == 0)
		return;
	left = record_len(s, s->q_head) - s->q_sent;
	if (taken >= left) {
		pop_oldest(s, 0);
		return;
	}
	s->q_sent += (uint32_t)taken;
	s->stats.queued_bytes -= (uint32_t)taken;
}

void queue_drop_oldest(struct usrdtu_sock *s)
{
	if (s->stats.queued_frames > 0)
		pop_oldest(s, 1);
}

void queue_rewind(struct usrdtu_sock *s)
{
	s->stats.queued_bytes += s->q_sent;
	s->q_sent = 0;
}
