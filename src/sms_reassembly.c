/*
 * Reassembly of concatenated SMS (TS 23.040 9.2.3.24.1 and .8) in a table
 * the caller owns: USRDTU_CFG_SMS_REASM_MESSAGES messages sharing
 * USRDTU_CFG_SMS_REASM_PARTS part buffers. No heap, no global state; every
 * loop runs over one of those fixed arrays. Parts are kept as the decoder's
 * units (septets, octets) and turned into text only when the message is
 * whole, so a character split between two parts still decodes.
 */
#include <string.h>

#include "sms_text.h"

#define N_ENTRY USRDTU_CFG_SMS_REASM_MESSAGES
#define N_PART USRDTU_CFG_SMS_REASM_PARTS

int usrdtu_sms_reassembly_init(struct usrdtu_sms_reassembly *r, uint32_t timeout_ms)
{
	if (r == NULL)
		return USRDTU_ERR_INVAL;
	memset(r, 0, sizeof *r);
	r->timeout_ms = timeout_ms ? timeout_ms : (uint32_t)USRDTU_CFG_SMS_REASM_TIMEOUT_MS;
	return 0;
}

/* Frees message e (an index) and its parts; the parts count as dropped
 * unless the message was delivered. */
static void entry_free(struct usrdtu_sms_reassembly *r, uint8_t e, int delivered)
{
	uint8_t i;

	for (i = 0; i < N_PART; i++) {
		if (r->part[i].entry == (uint8_t)(e + 1u)) {
			r->part[i].entry = 0;
			if (!delivered)
				r->stats.dropped_parts++;
		}
	}
	r->entry[e].total = 0;
	r->entry[e].held = 0;
}

int usrdtu_sms_reassembly_expire(struct usrdtu_sms_reassembly *r, uint32_t now_ms)
{
	uint8_t e;
	int n = 0;

	if (r == NULL)
		return USRDTU_ERR_INVAL;
	for (e = 0; e < N_ENTRY; e++) {
		if (r->entry[e].total != 0 && (uint32_t)(now_ms - r->entry[e].last_ms) >= r->timeout_ms) {
			entry_free(r, e, 0);
			r->stats.timed_out++;
			n++;
		}
	}
	return n;
}

uint32_t usrdtu_sms_reassembly_next_ms(const struct usrdtu_sms_reassembly *r, uint32_t now_ms)
{
	uint32_t next = USRDTU_NO_DEADLINE;
	uint8_t e;

	if (r == NULL)
		return USRDTU_NO_DEADLINE;
	for (e = 0; e < N_ENTRY; e++) {
		uint32_t age, left;

		if (r->entry[e].total == 0)
			continue;
		age = (uint32_t)(now_ms - r->entry[e].last_ms);
		left = age >= r->timeout_ms ? 0u : r->timeout_ms - age;
		if (left < next)
			next = left;
	}
	return next;
}

unsigned usrdtu_sms_reassembly_pending(const struct usrdtu_sms_reassembly *r)
{
	unsigned n = 0;
	uint8_t e;

	if (r == NULL)
		return 0;
	for (e = 0; e < N_ENTRY; e++) {
		if (r->entry[e].total != 0)
			n++;
	}
	return n;
}

static int same_sender(const struct usrdtu_sms_address *a, const struct usrdtu_sms_address *b)
{
	return a->toa == b->toa && a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* The message whose latest part is oldest, other than `keep`; N_ENTRY when
 * there is none. */
static uint8_t oldest(const struct usrdtu_sms_reassembly *r, uint32_t now_ms, uint8_t keep)
{
	uint8_t e, best = N_ENTRY;
	uint32_t best_age = 0;

	for (e = 0; e < N_ENTRY; e++) {
		uint32_t age;

		if (e == keep || r->entry[e].total == 0)
			continue;
		age = (uint32_t)(now_ms - r->entry[e].last_ms);
		if (best == N_ENTRY || age > best_age) {
			best = e;
			best_age = age;
		}
	}
	return best;
}

static uint8_t free_part(const struct usrdtu_sms_reassembly *r)
{
	uint8_t i;

	for (i = 0; i < N_PART; i++) {
		if (r->part[i].entry == 0)
			return i;
	}
	return N_PART;
}

/* Puts message e's parts in order through the text decoder into out. */
static int emit(struct usrdtu_sms_reassembly *r, uint8_t e, struct sms_out *out)
{
	struct sms_text_state st = {0, 0};
	uint8_t coding = r->entry[e].coding;
	uint16_t seq;
	uint8_t i;

	for (seq = 1; seq <= r->entry[e].total; seq++) {
		for (i = 0; i < N_PART; i++) {
			const struct usrdtu_sms_reassembly_part *p = &r->part[i];

			if (p->entry == (uint8_t)(e + 1u) && p->seq == seq) {
				if (sms_text_feed(&st, coding, r->data[i], p->len, out) != 0)
					return USRDTU_ERR_NOSPC;
				break;
			}
		}
	}
	return sms_text_flush(&st, coding, out);
}

int usrdtu_sms_reassembly_add(struct usrdtu_sms_reassembly *r, const struct usrdtu_sms_deliver *msg,
			      uint32_t now_ms, uint8_t *text, size_t cap, size_t *text_len)
{
	const struct usrdtu_sms_concat *c;
	struct sms_out out;
	uint8_t e, slot, i;

	if (r == NULL || msg == NULL || text_len == NULL || (text == NULL && cap > 0) ||
	    msg->coding > USRDTU_SMS_UCS2 || msg->body_len > USRDTU_SMS_BODY_MAX)
		return USRDTU_ERR_INVAL;
	usrdtu_sms_reassembly_expire(r, now_ms);
	out.buf = text;
	out.cap = cap;
	out.len = 0;
	c = &msg->concat;

	if (c->total <= 1u) { /* a message of its own */
		struct sms_text_state st = {0, 0};

		if (sms_text_feed(&st, msg->coding, msg->body, msg->body_len, &out) != 0 ||
		    sms_text_flush(&st, msg->coding, &out) != 0) {
			r->stats.no_space++;
			return USRDTU_ERR_NOSPC;
		}
		r->stats.singles++;
		*text_len = out.len;
		return USRDTU_SMS_COMPLETE;
	}

	if (c->seq < 1u || c->seq > c->total || msg->body_len > USRDTU_SMS_PART_BODY_MAX)
		return USRDTU_ERR_INVAL;
	r->stats.parts++;
	if (c->total > N_PART) {
		r->stats.too_long++;
		return USRDTU_ERR_NOSPC;
	}

	for (e = 0; e < N_ENTRY; e++) {
		const struct usrdtu_sms_reassembly_entry *x = &r->entry[e];

		if (x->total == c->total && x->ref == c->ref && x->ref16 == c->ref16 &&
		    same_sender(&x->from, &msg->address))
			break;
	}
	if (e < N_ENTRY) {
		if (r->entry[e].coding != msg->coding) {
			r->stats.mismatched++;
			return USRDTU_ERR_INVAL;
		}
		for (i = 0; i < N_PART; i++) {
			if (r->part[i].entry == (uint8_t)(e + 1u) && r->part[i].seq == c->seq) {
				r->stats.duplicates++;
				return USRDTU_SMS_DUPLICATE;
			}
		}
	} else {
		for (e = 0; e < N_ENTRY && r->entry[e].total != 0; e++)
			;
		if (e == N_ENTRY) {
			e = oldest(r, now_ms, N_ENTRY);
			entry_free(r, e, 0);
			r->stats.evicted++;
		}
		r->entry[e].from = msg->address;
		r->entry[e].ref = c->ref;
		r->entry[e].ref16 = c->ref16;
		r->entry[e].total = c->total;
		r->entry[e].held = 0;
		r->entry[e].coding = msg->coding;
	}

	/* A part buffer: take one from the stalest other message if need be.
	 * One always exists: this message holds fewer than total <= N_PART. */
	slot = free_part(r);
	while (slot == N_PART) {
		uint8_t victim = oldest(r, now_ms, e);

		if (victim == N_ENTRY)
			return USRDTU_ERR_NOSPC; /* not reached, see above */
		entry_free(r, victim, 0);
		r->stats.evicted++;
		slot = free_part(r);
	}
	r->part[slot].entry = (uint8_t)(e + 1u);
	r->part[slot].seq = c->seq;
	r->part[slot].len = msg->body_len;
	memcpy(r->data[slot], msg->body, msg->body_len);
	r->entry[e].held++;
	r->entry[e].last_ms = now_ms;
	if (r->entry[e].held < r->entry[e].total)
		return USRDTU_SMS_STORED;

	if (emit(r, e, &out) != 0) {
		entry_free(r, e, 0);
		r->stats.no_space++;
		return USRDTU_ERR_NOSPC;
	}
	entry_free(r, e, 1);
	r->stats.completed++;
	*text_len = out.len;
	return USRDTU_SMS_COMPLETE;
}
