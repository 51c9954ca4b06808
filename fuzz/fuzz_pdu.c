/*
 * libFuzzer target over the SMS codec (include/usrdtu/sms_pdu.h): the
 * SMS-DELIVER and SMS-SUBMIT decoders, the hex reader, the text conversion,
 * the SMS-SUBMIT encoder with its splitting, and the reassembly table.
 *
 * Input format (docs/sms.md has the long version):
 *
 *   byte 0     bits 1:0  mode:
 *     0  the rest is one PDU (binary): both decoders, the text of what
 *        decodes, and that message given to a reassembly table
 *     1  the rest is hex text: read, decoded as SMS-DELIVER, the bytes written
 *        back as hex must equal the input in upper case
 *     2  the rest is a stream of parts for one reassembly table, each
 *          dt   clock += dt * 128 ms (dt 0xFF: only expire and check deadlines)
 *          kind bits 1:0 sender (of 4), bits 3:2 coding (3 = AUTO, refused),
 *               bit 4 16-bit reference
 *          ref  total  seq  len (body length; above 153 is refused)
 *          len body bytes (fewer when the input ends)
 *     3  byte 1 options (bits 1:0 coding, bits 5:2 USRDTU_SMS_F_* flags,
 *        bits 7:6 vp_mode modulo 3), byte 2 the concatenation reference,
 *        the rest the text: every part is encoded, decoded again with the
 *        SMS-SUBMIT decoder and turned back into text; the texts of the parts
 *        put together must equal the input
 *
 * What is checked beyond memory safety (AddressSanitizer, UBSan): lengths
 * stay within the documented maxima, addresses are NUL-terminated at their
 * length, text conversion never runs out of a USRDTU_SMS_TEXT_MAX buffer,
 * encoded PDUs decode, encoding and decoding give the text back, and the
 * reassembly counters account for every part: parts given = parts delivered
 * + held + duplicates + too long + mismatched + dropped. Anything else
 * aborts. fuzz_replay.c gives it a main() that replays files and
 * directories (any compiler, no libFuzzer).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/sms_pdu.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MODE_PDU 0
#define MODE_HEX 1
#define MODE_REASSEMBLY 2
#define MODE_ENCODE 3

#define REASM_TIMEOUT_MS 10000u
#define CLOCK_STEP_MS 128u

static struct usrdtu_sms_reassembly reasm;
static uint32_t delivered_parts; /* parts of concatenated messages completed */
static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
static uint8_t joined[USRDTU_SMS_PARTS_MAX * USRDTU_SMS_TEXT_MAX];

static void check_address(const struct usrdtu_sms_address *a)
{
	if (a->len > USRDTU_SMS_ADDRESS_MAX || a->text[a->len] != '\0' ||
	    strlen(a->text) != a->len)
		fuzz_fail("address text not NUL-terminated at its length");
}

/* What must hold for every decoded message. */
static void check_message(const struct usrdtu_sms_deliver *m)
{
	int n;

	check_address(&m->smsc);
	check_address(&m->address);
	if (m->body_len > USRDTU_SMS_BODY_MAX || m->coding > USRDTU_SMS_UCS2)
		fuzz_fail("body length or coding out of range");
	if (m->msg_class < -1 || m->msg_class > 3)
		fuzz_fail("message class out of range");
	if (m->concat.total != 0 && (m->concat.seq < 1 || m->concat.seq > m->concat.total))
		fuzz_fail("concatenation element kept with an impossible number");
	if (m->coding == USRDTU_SMS_UCS2 && m->body_len % 2u != 0)
		fuzz_fail("UCS2 body of an odd length");
	n = usrdtu_sms_deliver_text(m, text, USRDTU_SMS_TEXT_MAX);
	if (n < 0 || n > USRDTU_SMS_TEXT_MAX)
		fuzz_fail("text of one body did not fit USRDTU_SMS_TEXT_MAX");
}

static void check_accounts(void)
{
	const struct usrdtu_sms_reassembly_stats *st = &reasm.stats;
	uint32_t held = 0;
	size_t i;

	for (i = 0; i < USRDTU_CFG_SMS_REASM_MESSAGES; i++) {
		if (reasm.entry[i].total == 0 && reasm.entry[i].held != 0)
			fuzz_fail("a free message slot holds parts");
		if (reasm.entry[i].held >= reasm.entry[i].total && reasm.entry[i].total != 0)
			fuzz_fail("a complete message was left in the table");
		held += reasm.entry[i].held;
	}
	if (st->parts != delivered_parts + held + st->duplicates + st->too_long + st->mismatched +
				 st->dropped_parts)
		fuzz_fail("reassembly counters do not account for every part");
}

static void add(const struct usrdtu_sms_deliver *m, uint32_t now)
{
	size_t len = 0;
	int rc = usrdtu_sms_reassembly_add(&reasm, m, now, text, sizeof text, &len);

	if (rc == USRDTU_SMS_COMPLETE) {
		if (len > sizeof text)
			fuzz_fail("reassembled text longer than its buffer");
		if (m->concat.total > 1)
			delivered_parts += m->concat.total;
	} else if (rc != USRDTU_SMS_STORED && rc != USRDTU_SMS_DUPLICATE && rc != USRDTU_ERR_INVAL &&
		   rc != USRDTU_ERR_NOSPC) {
		fuzz_fail("unexpected result from usrdtu_sms_reassembly_add");
	}
	check_accounts();
	if (usrdtu_sms_reassembly_expire(&reasm, now) < 0)
		fuzz_fail("expire failed");
	check_accounts();
	if (usrdtu_sms_reassembly_next_ms(&reasm, now) == 0)
		fuzz_fail("a message is overdue right after expire");
}

static void run_pdu(const uint8_t *p, size_t n)
{
	struct usrdtu_sms_deliver m;
	int rc;

	rc = usrdtu_sms_deliver_decode(p, n, &m);
	if (rc == 0) {
		check_message(&m);
		add(&m, 0);
	} else if (rc != USRDTU_ERR_INVAL && rc != USRDTU_ERR_NOTSUP) {
		fuzz_fail("unexpected result from usrdtu_sms_deliver_decode");
	}
	rc = usrdtu_sms_submit_decode(p, n, &m);
	if (rc == 0)
		check_message(&m);
	else if (rc != USRDTU_ERR_INVAL && rc != USRDTU_ERR_NOTSUP)
		fuzz_fail("unexpected result from usrdtu_sms_submit_decode");
	rc = usrdtu_sms_tpdu_length(p, n);
	if (rc >= 0 && (size_t)rc >= n)
		fuzz_fail("TPDU length not below the PDU length");
}

static void run_hex(const uint8_t *p, size_t n)
{
	static uint8_t bin[4096];
	static char hex[2 * sizeof bin + 1];
	int len;
	size_t i;

	len = usrdtu_sms_hex_decode((const char *)p, n, bin, sizeof bin);
	if (len < 0)
		return;
	if ((size_t)len != n / 2u)
		fuzz_fail("hex decode length");
	if (usrdtu_sms_hex_encode(bin, (size_t)len, hex, sizeof hex) != 2 * len)
		fuzz_fail("hex encode length");
	for (i = 0; i < n; i++) {
		char c = (char)p[i];

		if (c >= 'a' && c <= 'f')
			c = (char)(c - 'a' + 'A');
		if (hex[i] != c)
			fuzz_fail("hex does not round trip");
	}
	run_pdu(bin, (size_t)len);
}

static void run_reassembly(const uint8_t *p, size_t n)
{
	static const char *const senders[4] = {"+8613800000000", "10086", "+8613800000001", "Bank"};
	uint32_t now = 0;
	size_t i = 0;

	while (n - i >= 6u) {
		struct usrdtu_sms_deliver m;
		uint8_t dt = p[i], kind = p[i + 1u], len = p[i + 5u];
		size_t k;

		now += (uint32_t)dt * CLOCK_STEP_MS;
		if (dt == 0xFF) {
			if (usrdtu_sms_reassembly_expire(&reasm, now) < 0)
				fuzz_fail("expire failed");
			check_accounts();
			if (usrdtu_sms_reassembly_next_ms(&reasm, now) == 0)
				fuzz_fail("a message is overdue right after expire");
			i += 1;
			continue;
		}
		memset(&m, 0, sizeof m);
		m.address.toa = (kind & 3u) == 3u ? 0xD0 : 0x91;
		m.address.len = (uint8_t)strlen(senders[kind & 3u]);
		memcpy(m.address.text, senders[kind & 3u], m.address.len + 1u);
		m.coding = (uint8_t)((kind >> 2) & 3u);
		m.msg_class = -1;
		m.concat.ref16 = (uint8_t)((kind >> 4) & 1u);
		m.concat.ref = m.concat.ref16 ? (uint16_t)(p[i + 2u] * 257u) : p[i + 2u];
		m.concat.total = p[i + 3u];
		m.concat.seq = p[i + 4u];
		i += 6u;
		if (len > USRDTU_SMS_BODY_MAX)
			len = USRDTU_SMS_BODY_MAX;
		for (k = 0; k < len && i < n; k++)
			m.body[k] = p[i++];
		m.body_len = (uint8_t)k;
		add(&m, now);
	}
	now += 100u * REASM_TIMEOUT_MS;
	usrdtu_sms_reassembly_expire(&reasm, now);
	check_accounts();
	if (usrdtu_sms_reassembly_pending(&reasm) != 0)
		fuzz_fail("messages left after every timeout passed");
}

static void run_encode(const uint8_t *p, size_t n)
{
	static uint8_t pdu[USRDTU_SMS_PDU_MAX];
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	size_t at = 0;
	int parts, i, len;

	if (n < 2u)
		return;
	memset(&s, 0, sizeof s);
	s.to = (p[0] & 0x20u) ? "+8613800000000" : "10086";
	s.smsc = (p[0] & 0x10u) ? "+8613800100500" : NULL;
	s.coding = (uint8_t)(p[0] & 3u);
	s.flags = (uint8_t)((p[0] >> 2) & 0x0Fu);
	s.vp_mode = (uint8_t)((p[0] >> 6) % 3u);
	s.vp = p[1];
	s.concat_ref = (uint16_t)(p[1] * 255u);
	s.text = p + 2;
	s.text_len = n - 2u;

	parts = usrdtu_sms_submit_parts(&s);
	if (parts < 0) {
		if (usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu) != parts)
			fuzz_fail("encode and parts disagree on an error");
		return;
	}
	if (parts < 1 || parts > USRDTU_SMS_PARTS_MAX)
		fuzz_fail("part count out of range");
	for (i = 1; i <= parts; i++) {
		int t;

		len = usrdtu_sms_submit_encode(&s, (unsigned)i, pdu, sizeof pdu);
		if (len <= 0 || len > USRDTU_SMS_PDU_MAX)
			fuzz_fail("encoded PDU length");
		if (usrdtu_sms_submit_decode(pdu, (size_t)len, &m) != 0)
			fuzz_fail("an encoded PDU does not decode");
		check_message(&m);
		if (parts > 1 && (m.concat.total != parts || m.concat.seq != i))
			fuzz_fail("concatenation element does not match the part");
		if (parts == 1 && m.udh_len != 0)
			fuzz_fail("a single part carries a header");
		if (m.coding == USRDTU_SMS_UCS2 && m.body_len >= 2u &&
		    (m.body[m.body_len - 2u] & 0xFCu) == 0xD8u)
			fuzz_fail("a part ends in the middle of a surrogate pair");
		if (m.coding == USRDTU_SMS_GSM7 && m.body_len >= 1u &&
		    m.body[m.body_len - 1u] == 0x1Bu) {
			/* an escape at the end must be the second septet of a pair */
			size_t k = m.body_len;
			size_t run = 0;

			while (k > 0 && m.body[k - 1u] == 0x1Bu) {
				run++;
				k--;
			}
			if (run % 2u != 0)
				fuzz_fail("a part ends in the middle of an escape pair");
		}
		t = usrdtu_sms_deliver_text(&m, joined + at, sizeof joined - at);
		if (t < 0)
			fuzz_fail("text of an encoded part does not fit");
		at += (size_t)t;
	}
	if (at != s.text_len || memcmp(joined, s.text, at) != 0)
		fuzz_fail("encode then decode does not give the text back");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (usrdtu_sms_reassembly_init(&reasm, REASM_TIMEOUT_MS) != 0)
		fuzz_fail("init failed");
	delivered_parts = 0;
	switch (data[0] & 3u) {
	case MODE_PDU: run_pdu(data + 1, size - 1); break;
	case MODE_HEX: run_hex(data + 1, size - 1); break;
	case MODE_REASSEMBLY: run_reassembly(data + 1, size - 1); break;
	default: run_encode(data + 1, size - 1); break;
	}
	return 0;
}
