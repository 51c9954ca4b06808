/*
 * SMS (SPEC section 8): the SMS work mode, SMS AT and AT+SMSEND on top of
 * the PDU codec (sms_pdu.c, sms_reassembly.c). The port only moves PDUs
 * (hal->sms_send out, usrdtu_sms_rx in); docs/sms.md has the decisions.
 *
 * Outgoing messages wait in one byte queue, oldest first, each a record
 *   len (2, little endian) coding ref (2) to_len parts-unused to[to_len] text[len]
 * and go out one PDU at a time: a part is encoded when it is due (the codec
 * keeps no state between parts), handed to the port, and the next one waits
 * for usrdtu_sms_event(). A message either fits the queue whole or is
 * dropped whole (counted): half a concatenated message is of no use.
 */
#include "engine.h"
#include "sms_text.h"

#include <string.h>

/* Digits of a number as compared: without '+', an international "00"
 * prefix or a national trunk '0'. */
static const char *number_core(const char *n, size_t *len)
{
	size_t i = 0, end = 0;

	while (end < USRDTU_SMS_ADDRESS_MAX && n[end] != 0)
		end++;
	if (i < end && n[i] == '+')
		i++;
	else if (end - i > 2 && n[i] == '0' && n[i + 1] == '0')
		i += 2;
	if (end - i > 1 && n[i] == '0')
		i++;
	*len = end - i;
	return n + i;
}

/* Minimum digits two numbers must share at their end when one is written
 * with its country code and the other without. */
#define NUMBER_MATCH_MIN 7

int sms_number_match(const char *a, const char *b)
{
	size_t alen, blen, n;
	const char *ca = number_core(a, &alen);
	const char *cb = number_core(b, &blen);

	if (alen == 0 || blen == 0)
		return 0;
	if (alen == blen)
		return memcmp(ca, cb, alen) == 0;
	n = alen < blen ? alen : blen;
	if (n < NUMBER_MATCH_MIN)
		return 0;
	return memcmp(ca + alen - n, cb + blen - n, n) == 0;
}

#if USRDTU_CFG_SMS

#define REC_LEN 0
#define REC_CODING 2
#define REC_REF 3
#define REC_TO_LEN 5
#define REC_TO 7

/* The profile's manual has SMS (gprs232, cat1: they have AT+DSTNUM). */
static int sms_available(const struct usrdtu *dev)
{
	return dispatch_find(dev->profile, (const uint8_t *)"DSTNUM", 6) != NULL;
}

int sms_running(const struct usrdtu *dev)
{
	return dev->active.work_mode == USRDTU_MODE_SMS && sms_available(dev);
}

void sms_restart(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;

	(void)now_ms;
	/* the queue and the parts held survive a restart: the reply to an SMS
	 * "AT+S" is queued just before the restart it causes */
	if (!s->ready) {
		usrdtu_sms_reassembly_init(&s->reasm, 0);
		s->ready = 1;
	}
	s->reply_len = 0;
	s->reply_over = 0;
}

/* ---- the queue */

static size_t rec_text_len(const uint8_t *rec)
{
	return (size_t)rec[REC_LEN] | (size_t)rec[REC_LEN + 1] << 8;
}

static size_t rec_size(const uint8_t *rec)
{
	return REC_TO + rec[REC_TO_LEN] + rec_text_len(rec);
}

/* The oldest message as the codec takes it; to holds its NUL-terminated number. */
static void rec_message(const uint8_t *rec, struct usrdtu_sms_submit *m, char to[USRDTU_SMS_ADDRESS_MAX + 1])
{
	size_t to_len = rec[REC_TO_LEN];

	memcpy(to, rec + REC_TO, to_len);
	to[to_len] = 0;
	memset(m, 0, sizeof *m);
	m->to = to;
	m->coding = rec[REC_CODING];
	m->concat_ref = (uint16_t)(rec[REC_REF] | rec[REC_REF + 1] << 8);
	m->text = rec + REC_TO + to_len;
	m->text_len = rec_text_len(rec);
}

unsigned usrdtu_sms_queued(const struct usrdtu *dev)
{
	size_t off = 0;
	unsigned n = 0;

	if (dev == NULL)
		return 0;
	while (off < dev->sms.q_len) {
		off += rec_size(dev->sms.queue + off);
		n++;
	}
	return n;
}

static void drop_message(struct usrdtu *dev, size_t len)
{
	dev->sms.stats.tx_dropped++;
	dev->sms.stats.tx_dropped_bytes += (uint32_t)len;
}

static void pump(struct usrdtu *dev, uint32_t now_ms);

/*
 * Queues text for `to`. coding: GSM7, 8BIT, UCS2 or AUTO; AUTO falls back to
 * 8-bit data for bytes that are not UTF-8, so that nothing is refused.
 * max_parts: 1 for AT+SMSEND (one SMS), 255 otherwise. 0, or
 * USRDTU_ERR_INVAL (bad number or text), USRDTU_ERR_NOSPC (queue full, too
 * many parts), USRDTU_ERR_NOTSUP (no modem); every refusal is counted.
 */
static int enqueue(struct usrdtu *dev, const char *to, size_t to_len, uint8_t coding,
		   const uint8_t *text, size_t len, unsigned max_parts, uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;
	struct usrdtu_sms_submit m;
	char number[USRDTU_SMS_ADDRESS_MAX + 1];
	uint8_t *rec;
	int parts;

	if (dev->hal->sms_send == NULL) {
		drop_message(dev, len);
		return USRDTU_ERR_NOTSUP;
	}
	if (to_len == 0 || to_len > USRDTU_SMS_ADDRESS_MAX || len > 0xFFFFu) {
		drop_message(dev, len);
		return USRDTU_ERR_INVAL;
	}
	memcpy(number, to, to_len);
	number[to_len] = 0;
	memset(&m, 0, sizeof m);
	m.to = number;
	m.text = text;
	m.text_len = len;
	m.coding = coding;
	parts = usrdtu_sms_submit_parts(&m);
	if (parts == USRDTU_ERR_INVAL && coding == USRDTU_SMS_AUTO) {
		m.coding = USRDTU_SMS_8BIT; /* not UTF-8: the octets as they are */
		parts = usrdtu_sms_submit_parts(&m);
	}
	if (parts < 0 || (unsigned)parts > max_parts) {
		drop_message(dev, len);
		return parts < 0 ? parts : USRDTU_ERR_NOSPC;
	}
	if (REC_TO + to_len + len > sizeof s->queue - s->q_len) {
		drop_message(dev, len);
		return USRDTU_ERR_NOSPC;
	}
	/* the codec picks the alphabet once per message: store the outcome so
	 * that every part is cut from the same encoding */
	if (m.coding == USRDTU_SMS_AUTO)
		m.coding = usrdtu_sms_gsm7_length(text, len) >= 0 ? USRDTU_SMS_GSM7 : USRDTU_SMS_UCS2;
	rec = s->queue + s->q_len;
	rec[REC_LEN] = (uint8_t)len;
	rec[REC_LEN + 1] = (uint8_t)(len >> 8);
	rec[REC_CODING] = m.coding;
	rec[REC_REF] = (uint8_t)s->next_ref;
	rec[REC_REF + 1] = (uint8_t)(s->next_ref >> 8);
	rec[REC_TO_LEN] = (uint8_t)to_len;
	rec[REC_TO_LEN + 1] = 0;
	memcpy(rec + REC_TO, to, to_len);
	if (len > 0)
		memcpy(rec + REC_TO + to_len, text, len);
	s->q_len += (uint32_t)(REC_TO + to_len + len);
	s->next_ref++;
	s->stats.tx_messages++;
	if (s->q_len == REC_TO + to_len + len) { /* it is the oldest: start it */
		s->part = 1;
		s->attempts = 0;
		s->retry_due = 0;
	}
	pump(dev, now_ms);
	return 0;
}

/* The oldest message is done (sent or given up): the next one moves up. */
static void pop_message(struct usrdtu *dev)
{
	struct usrdtu_sms *s = &dev->sms;
	size_t size = rec_size(s->queue);

	memmove(s->queue, s->queue + size, s->q_len - size);
	s->q_len -= (uint32_t)size;
	s->part = 1;
	s->attempts = 0;
	s->retry_due = 0;
}

/* The current part is done; the next part, or the next message. */
static void advance(struct usrdtu *dev)
{
	struct usrdtu_sms *s = &dev->sms;
	struct usrdtu_sms_submit m;
	char to[USRDTU_SMS_ADDRESS_MAX + 1];
	int parts;

	s->attempts = 0;
	s->retry_due = 0;
	rec_message(s->queue, &m, to);
	parts = usrdtu_sms_submit_parts(&m);
	if (parts > 0 && s->part < (unsigned)parts)
		s->part++;
	else
		pop_message(dev);
}

static void part_failed(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;

	s->in_flight = 0;
	if (s->attempts >= USRDTU_CFG_SMS_SEND_ATTEMPTS) {
		s->stats.tx_failed_parts++;
		advance(dev);
		return;
	}
	s->retry_due = 1;
	s->retry_ms = now_ms;
}

/* Hands the next PDU to the port when none is in flight. */
static void pump(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;
	unsigned guard;

	/* each pass ends with a PDU in flight, a retry wait, or one part
	 * fewer: bounded by the parts queued */
	for (guard = 0; guard < sizeof s->queue; guard++) {
		struct usrdtu_sms_submit m;
		char to[USRDTU_SMS_ADDRESS_MAX + 1];
		uint8_t pdu[USRDTU_SMS_PDU_MAX];
		int len, tpdu, r;

		if (s->in_flight || s->q_len == 0 || dev->hal->sms_send == NULL)
			return;
		if (s->retry_due) {
			if (elapsed_ms(now_ms, s->retry_ms) < USRDTU_CFG_SMS_RETRY_MS)
				return;
			s->retry_due = 0;
			s->stats.tx_retries++;
		}
		rec_message(s->queue, &m, to);
		len = usrdtu_sms_submit_encode(&m, s->part, pdu, sizeof pdu);
		tpdu = len > 0 ? usrdtu_sms_tpdu_length(pdu, (size_t)len) : -1;
		if (len <= 0 || tpdu <= 0) {
			/* checked when queued: cannot happen, but never spin on it */
			s->stats.tx_failed_parts++;
			pop_message(dev);
			continue;
		}
		s->attempts++;
		s->in_flight = 1;
		s->sent_ms = now_ms;
		r = dev->hal->sms_send(dev->ctx, pdu, (size_t)len, (size_t)tpdu);
		if (r < 0)
			part_failed(dev, now_ms);
	}
}

int usrdtu_sms_event(struct usrdtu *dev, enum usrdtu_sms_result result, uint32_t now_ms)
{
	struct usrdtu_sms *s;

	if (dev == NULL || dev->profile == NULL)
		return USRDTU_ERR_INVAL;
	if (dev->busy)
		return USRDTU_ERR_BUSY;
	s = &dev->sms;
	if (!s->in_flight)
		return USRDTU_ERR_NOENT;
	dev->busy = 1;
	dev->now_ms = now_ms;
	if (result == USRDTU_SMS_SENT) {
		s->in_flight = 0;
		s->stats.tx_parts++;
		advance(dev);
	} else {
		part_failed(dev, now_ms);
	}
	pump(dev, now_ms);
	dev->busy = 0;
	return USRDTU_OK;
}

void sms_poll(struct usrdtu *dev, uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;

	if (s->in_flight && elapsed_ms(now_ms, s->sent_ms) >= USRDTU_CFG_SMS_SEND_TIMEOUT_MS) {
		s->stats.tx_timeouts++;
		part_failed(dev, now_ms);
	}
	pump(dev, now_ms);
	if (s->ready)
		usrdtu_sms_reassembly_expire(&s->reasm, now_ms);
}

static uint32_t until(uint32_t now_ms, uint32_t since_ms, uint32_t span_ms)
{
	uint32_t e = elapsed_ms(now_ms, since_ms);

	return e >= span_ms ? 0 : span_ms - e;
}

uint32_t sms_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	const struct usrdtu_sms *s = &dev->sms;
	uint32_t next = s->ready ? usrdtu_sms_reassembly_next_ms(&s->reasm, now_ms) : USRDTU_NO_DEADLINE;
	uint32_t d = USRDTU_NO_DEADLINE;

	if (s->in_flight)
		d = until(now_ms, s->sent_ms, USRDTU_CFG_SMS_SEND_TIMEOUT_MS);
	else if (s->q_len > 0 && s->retry_due && dev->hal->sms_send != NULL)
		d = until(now_ms, s->retry_ms, USRDTU_CFG_SMS_RETRY_MS);
	return d < next ? d : next;
}

/* ---- sending: the work mode and AT+SMSEND */

void sms_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms)
{
	const char *to = dev->active.sms_number;

	if (enqueue(dev, to, text_length(to, sizeof dev->active.sms_number), USRDTU_SMS_AUTO, frame,
		    len, USRDTU_SMS_PARTS_MAX, now_ms) == 0) {
		dev->stats.frames_out++;
		dev->stats.frame_bytes_out += (uint32_t)len;
	} else {
		dev->stats.frames_dropped++;
	}
}

/* UTF-16 units of UTF-8 text, or -1 when it is not UTF-8. */
static long utf16_units(const uint8_t *text, size_t len)
{
	size_t pos = 0;
	long units = 0;

	while (pos < len) {
		uint32_t cp;

		if (utf8_next(text, len, &pos, &cp) != 0)
			return -1;
		units += cp > 0xFFFFu ? 2 : 1;
	}
	return units;
}

int sms_command_send(struct usrdtu *dev, const uint8_t *to, size_t to_len, unsigned type,
		     const uint8_t *text, size_t len, uint32_t now_ms)
{
	uint8_t coding;
	int r;

	/* 000 1.2.63: one SMS of at most 160 7-bit characters, 140 octets or
	 * 70 UCS2 characters; a text beyond, or one the alphabet cannot
	 * carry, is a parameter out of range */
	if (type == 1) {
		long septets = usrdtu_sms_gsm7_length(text, len);

		if (septets < 0 || septets > USRDTU_SMS_BODY_MAX)
			return -AT_E_RANGE;
		coding = USRDTU_SMS_GSM7;
	} else if (type == 2) {
		if (len > 140)
			return -AT_E_RANGE;
		coding = USRDTU_SMS_8BIT;
	} else {
		long units = utf16_units(text, len);

		if (units < 0 || units > 70)
			return -AT_E_RANGE;
		coding = USRDTU_SMS_UCS2;
	}
	r = enqueue(dev, (const char *)to, to_len, coding, text, len, 1, now_ms);
	if (r == USRDTU_ERR_INVAL)
		return -AT_E_RANGE;
	return r == 0 ? AT_R_OK : -AT_E_EXEC;
}

/* ---- receiving */

void sms_reply_collect(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	struct usrdtu_sms *s = &dev->sms;
	size_t room = sizeof s->reply - s->reply_len;

	if (len > room) {
		s->reply_over = 1;
		len = room;
	}
	memcpy(s->reply + s->reply_len, data, len);
	s->reply_len = (uint16_t)(s->reply_len + len);
}

/* ';' outside quotes ends a command (001 3.1.5): turned into CR for the
 * line splitter. */
static void split_commands(uint8_t *text, size_t start, size_t len)
{
	int quoted = 0;
	size_t i;

	for (i = start; i < len; i++) {
		if (text[i] == '"')
			quoted = !quoted;
		else if (text[i] == ';' && !quoted)
			text[i] = '\r';
	}
}

static void sms_at_run(struct usrdtu *dev, const char *from, size_t start, size_t len,
		       uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;

	s->stats.at_messages++;
	split_commands(s->rx_text, start, len);
	out_flush(dev);
	s->reply_len = 0;
	s->reply_over = 0;
	remote_at_run(dev, AT_SOURCE_SMS, s->rx_text, start, len, now_ms);
	if (s->reply_over)
		s->stats.at_reply_cut++;
	if (s->reply_len > 0)
		enqueue(dev, from, text_length(from, USRDTU_SMS_ADDRESS_MAX + 1), USRDTU_SMS_AUTO,
			s->reply, s->reply_len, USRDTU_SMS_PARTS_MAX, now_ms);
	s->reply_len = 0;
}

static void deliver(struct usrdtu *dev, const char *from, size_t len, uint32_t now_ms)
{
	struct usrdtu_sms *s = &dev->sms;
	size_t start;

	s->stats.rx_messages++;
	start = remote_at_prefix(dev, s->rx_text, len);
	if (start != 0) {
		sms_at_run(dev, from, start, len, now_ms);
		return;
	}
	if (!sms_running(dev) || dev->in_command) {
		/* no place for it: the host may be typing commands */
		s->stats.rx_dropped++;
		return;
	}
	/* SPEC 10: SMSFLT on = only SMS from DSTNUM reach the serial port */
	if (dev->active.sms_filter && !sms_number_match(from, dev->active.sms_number)) {
		s->stats.rx_filtered++;
		return;
	}
	s->stats.rx_to_serial++;
	if (len == 0)
		return; /* an empty SMS: nothing to write, and the HAL is never asked to write nothing */
	out_flush(dev);
	serial_out(dev, s->rx_text, len);
}

int usrdtu_sms_rx(struct usrdtu *dev, const uint8_t *pdu, size_t len, uint32_t now_ms)
{
	struct usrdtu_sms_deliver msg;
	struct usrdtu_sms *s;
	size_t text_len = 0;
	int r;

	if (dev == NULL || dev->profile == NULL || (pdu == NULL && len > 0))
		return USRDTU_ERR_INVAL;
	if (!sms_available(dev))
		return USRDTU_ERR_NOTSUP; /* no SMS in this profile's manual: no SMS AT either */
	if (dev->busy)
		return USRDTU_ERR_BUSY;
	s = &dev->sms;
	dev->busy = 1;
	dev->now_ms = now_ms;
	s->stats.rx_pdus++;
	if (!s->ready || usrdtu_sms_deliver_decode(pdu, len, &msg) != 0) {
		s->stats.rx_bad++;
		dev->busy = 0;
		return USRDTU_ERR_INVAL;
	}
	r = usrdtu_sms_reassembly_add(&s->reasm, &msg, now_ms, s->rx_text, sizeof s->rx_text, &text_len);
	if (r == USRDTU_SMS_COMPLETE) {
		deliver(dev, msg.address.text, text_len, now_ms);
		engine_settle(dev, now_ms);
	}
	dev->busy = 0;
	return USRDTU_OK;
}

const struct usrdtu_sms_stats *usrdtu_get_sms_stats(const struct usrdtu *dev)
{
	return dev != NULL ? &dev->sms.stats : NULL;
}

const struct usrdtu_sms_reassembly_stats *usrdtu_get_sms_reassembly_stats(const struct usrdtu *dev)
{
	return dev != NULL ? &dev->sms.reasm.stats : NULL;
}

#else /* !USRDTU_CFG_SMS: the entry points stay, and say so */

void sms_restart(struct usrdtu *dev, uint32_t now_ms)
{
	(void)dev;
	(void)now_ms;
}

int sms_running(const struct usrdtu *dev)
{
	(void)dev;
	return 0;
}

void sms_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms)
{
	(void)frame;
	(void)now_ms;
	(void)len;
	dev->stats.frames_dropped++;
}

void sms_poll(struct usrdtu *dev, uint32_t now_ms)
{
	(void)dev;
	(void)now_ms;
}

uint32_t sms_deadline(const struct usrdtu *dev, uint32_t now_ms)
{
	(void)dev;
	(void)now_ms;
	return USRDTU_NO_DEADLINE;
}

void sms_reply_collect(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	(void)dev; /* never called: no command comes by SMS */
	(void)data;
	(void)len;
}

int sms_command_send(struct usrdtu *dev, const uint8_t *to, size_t to_len, unsigned type,
		     const uint8_t *text, size_t len, uint32_t now_ms)
{
	(void)to;
	(void)to_len;
	(void)type;
	(void)dev;
	(void)text;
	(void)len;
	(void)now_ms;
	return -AT_E_EXEC;
}

int usrdtu_sms_rx(struct usrdtu *dev, const uint8_t *pdu, size_t len, uint32_t now_ms)
{
	(void)pdu;
	(void)len;
	(void)now_ms;
	return dev == NULL ? USRDTU_ERR_INVAL : USRDTU_ERR_NOTSUP;
}

int usrdtu_sms_event(struct usrdtu *dev, enum usrdtu_sms_result result, uint32_t now_ms)
{
	(void)result;
	(void)now_ms;
	return dev == NULL ? USRDTU_ERR_INVAL : USRDTU_ERR_NOENT;
}

unsigned usrdtu_sms_queued(const struct usrdtu *dev)
{
	(void)dev;
	return 0;
}

/* No counters to show: NULL (documented in sms.h); a zeroed constant would
 * cost RAM on AVR. */
const struct usrdtu_sms_stats *usrdtu_get_sms_stats(const struct usrdtu *dev)
{
	(void)dev;
	return NULL;
}

const struct usrdtu_sms_reassembly_stats *usrdtu_get_sms_reassembly_stats(const struct usrdtu *dev)
{
	(void)dev;
	return NULL;
}

#endif /* USRDTU_CFG_SMS */
