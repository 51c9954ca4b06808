/*
 * SMS PDUs: SMS-SUBMIT encoding, SMS-DELIVER (and SMS-SUBMIT) decoding,
 * hex text (TS 23.040, TS 23.038, TS 27.005). The API and its decisions are
 * in include/usrdtu/sms_pdu.h and docs/sms.md.
 *
 * Pure functions over caller memory. Every read of a PDU goes through a
 * bounds check against its length first; every write is sized before the
 * first byte is written. Counts are built in size_t and fixed-width types:
 * int and unsigned are 16 bits on some targets.
 */
#include <string.h>

#include "sms_text.h"

/* First-octet fields (TS 23.040 9.2.3). */
#define FO_MTI_MASK 0x03u
#define MTI_DELIVER 0x00u
#define MTI_SUBMIT 0x01u
#define MTI_RESERVED 0x03u /* read as DELIVER by a mobile (9.2.3.1) */
#define FO_RD 0x04u
#define FO_VPF_SHIFT 3
#define FO_VPF_MASK 0x18u
#define FO_SRR 0x20u
#define FO_UDHI 0x40u

#define VPF_NONE 0u
#define VPF_ENHANCED 1u
#define VPF_RELATIVE 2u
#define VPF_ABSOLUTE 3u

#define VP_DEFAULT 167u /* 24 hours, TS 27.005 AT+CSMP's default <vp> */

#define TOA_INTERNATIONAL 0x91u /* TON 1, NPI 1 (ISDN/E.164) */
#define TOA_UNKNOWN 0x81u       /* TON 0, NPI 1: 27.005's 129 */

#define ADDR_DIGITS_MAX 20u  /* 10 octets of semi-octets */
#define SMSC_OCTETS_MAX 11u  /* type-of-address and 10 octets of digits */
#define SCTS_OCTETS 7u
#define VP_LONG_OCTETS 7u    /* absolute and enhanced formats */

#define UD_SEPTETS_MAX 160u
#define UD_OCTETS_MAX 140u

/* Concatenation information elements (9.2.3.24.1, 9.2.3.24.8). */
#define IEI_CONCAT8 0x00u
#define IEI_CONCAT16 0x08u

/* --- hex -------------------------------------------------------------- */

static const char hex_digits[16] = {'0', '1', '2', '3', '4', '5', '6', '7',
				    '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

int usrdtu_sms_hex_encode(const uint8_t *bin, size_t len, char *hex, size_t cap)
{
	size_t i;

	if (hex == NULL || (bin == NULL && len > 0))
		return USRDTU_ERR_INVAL;
	if (len > (SMS_INT_MAX - 1u) / 2u || cap < 2u * len + 1u)
		return USRDTU_ERR_NOSPC;
	for (i = 0; i < len; i++) {
		hex[2u * i] = hex_digits[bin[i] >> 4];
		hex[2u * i + 1u] = hex_digits[bin[i] & 0x0Fu];
	}
	hex[2u * len] = '\0';
	return (int)(2u * len);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int usrdtu_sms_hex_decode(const char *hex, size_t hex_len, uint8_t *bin, size_t cap)
{
	size_t i;

	if ((hex == NULL && hex_len > 0) || (bin == NULL && hex_len > 0))
		return USRDTU_ERR_INVAL;
	if (hex_len % 2u != 0)
		return USRDTU_ERR_INVAL;
	for (i = 0; i < hex_len; i++) {
		if (hex_value(hex[i]) < 0)
			return USRDTU_ERR_INVAL;
	}
	if (hex_len / 2u > cap || hex_len / 2u > SMS_INT_MAX)
		return USRDTU_ERR_NOSPC;
	for (i = 0; i < hex_len / 2u; i++)
		bin[i] = (uint8_t)((hex_value(hex[2u * i]) << 4) | hex_value(hex[2u * i + 1u]));
	return (int)(hex_len / 2u);
}

/* --- septet packing (TS 23.038 6.1.2.1.1) ------------------------------ */

/* Septet number idx of packed data: bits 7*idx .. 7*idx+6, least significant
 * bit first. The caller makes sure those bits lie inside p. */
static uint8_t septet_get(const uint8_t *p, size_t idx)
{
	size_t bit = idx * 7u;
	size_t byte = bit / 8u;
	uint8_t shift = (uint8_t)(bit % 8u);
	uint16_t v = (uint16_t)(p[byte] >> shift);

	if (shift > 1u)
		v = (uint16_t)(v | ((uint16_t)p[byte + 1u] << (8u - shift)));
	return (uint8_t)(v & 0x7Fu);
}

/* Writes septet s as number idx into zeroed packed data. */
static void septet_put(uint8_t *p, size_t idx, uint8_t s)
{
	size_t bit = idx * 7u;
	size_t byte = bit / 8u;
	uint8_t shift = (uint8_t)(bit % 8u);

	p[byte] = (uint8_t)(p[byte] | (uint8_t)(s << shift));
	if (shift > 1u)
		p[byte + 1u] = (uint8_t)(p[byte + 1u] | (uint8_t)(s >> (8u - shift)));
}

/* Octets n septets take. */
static size_t septet_octets(size_t n)
{
	return (n * 7u + 7u) / 8u;
}

/* Septets a user data header of udh_octets takes, fill bits included: the
 * text after it starts on a septet boundary (TS 23.040 9.2.3.24). */
static size_t header_septets(size_t udh_octets)
{
	return (udh_octets * 8u + 6u) / 7u;
}

/* --- addresses --------------------------------------------------------- */

/* A number as semi-octet values. */
struct addr_enc {
	uint8_t toa;
	uint8_t n;
	uint8_t digit[ADDR_DIGITS_MAX];
};

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	switch (c) {
	case '*': return 0x0A;
	case '#': return 0x0B;
	case 'a': case 'A': return 0x0C;
	case 'b': case 'B': return 0x0D;
	case 'c': case 'C': return 0x0E;
	default: return -1;
	}
}

static const char semi_chars[15] = {'0', '1', '2', '3', '4', '5', '6', '7',
				    '8', '9', '*', '#', 'a', 'b', 'c'};

/* "+<digits>" or "<digits>", 1-20 digits, NUL-terminated. Reads no further
 * than the NUL or the longest valid text. */
static int addr_parse(const char *s, struct addr_enc *a)
{
	size_t i;

	a->toa = TOA_UNKNOWN;
	a->n = 0;
	if (s[0] == '+') {
		a->toa = TOA_INTERNATIONAL;
		s++;
	}
	for (i = 0; i <= ADDR_DIGITS_MAX; i++) {
		int v;

		if (s[i] == '\0')
			return i == 0 ? USRDTU_ERR_INVAL : 0;
		v = digit_value(s[i]);
		if (v < 0 || i == ADDR_DIGITS_MAX)
			return USRDTU_ERR_INVAL;
		a->digit[a->n++] = (uint8_t)v;
	}
	return USRDTU_ERR_INVAL; /* not reached */
}

static size_t addr_octets(const struct addr_enc *a)
{
	return ((size_t)a->n + 1u) / 2u;
}

/* Semi-octets, first digit in the low nibble, F fill. */
static void addr_put(uint8_t *p, const struct addr_enc *a)
{
	size_t i;

	for (i = 0; i < addr_octets(a); i++) {
		uint8_t lo = a->digit[2u * i];
		uint8_t hi = (2u * i + 1u < a->n) ? a->digit[2u * i + 1u] : 0x0Fu;

		p[i] = (uint8_t)(lo | (hi << 4));
	}
}

static int text_put(struct usrdtu_sms_address *a, char c)
{
	if (a->len >= USRDTU_SMS_ADDRESS_MAX)
		return USRDTU_ERR_INVAL;
	a->text[a->len++] = c;
	a->text[a->len] = '\0';
	return 0;
}

/* Decodes the address value at p: `semi` semi-octets of digits, or for
 * TON 5 the septets those semi-octets hold. p holds (semi + 1) / 2 octets. */
static int addr_decode(uint8_t toa, const uint8_t *p, size_t semi, struct usrdtu_sms_address *a)
{
	size_t i;

	a->toa = toa;
	a->len = 0;
	a->text[0] = '\0';
	if (USRDTU_SMS_TON(toa) == USRDTU_SMS_TON_ALPHANUMERIC) {
		uint8_t septets[(ADDR_DIGITS_MAX * 4u) / 7u];
		size_t n = semi * 4u / 7u;
		struct sms_text_state st = {0, 0};
		struct sms_out out;

		if (n > sizeof septets)
			return USRDTU_ERR_INVAL;
		for (i = 0; i < n; i++)
			septets[i] = septet_get(p, i);
		out.buf = (uint8_t *)a->text;
		out.cap = USRDTU_SMS_ADDRESS_MAX;
		out.len = 0;
		if (sms_text_feed(&st, USRDTU_SMS_GSM7, septets, n, &out) != 0 ||
		    sms_text_flush(&st, USRDTU_SMS_GSM7, &out) != 0)
			return USRDTU_ERR_INVAL;
		a->len = (uint8_t)out.len;
		a->text[a->len] = '\0';
		return 0;
	}
	/* The fill nibble of an odd count is not looked at: the length says
	 * where the number ends, and some encoders leave it other than F. */
	if (USRDTU_SMS_TON(toa) == USRDTU_SMS_TON_INTERNATIONAL && text_put(a, '+') != 0)
		return USRDTU_ERR_INVAL;
	for (i = 0; i < semi; i++) {
		uint8_t v = (uint8_t)((i % 2u) ? (p[i / 2u] >> 4) : (p[i / 2u] & 0x0Fu));

		if (v == 0x0Fu || text_put(a, semi_chars[v]) != 0)
			return USRDTU_ERR_INVAL;
	}
	return 0;
}

/* --- reading a PDU ------------------------------------------------------ */

struct rd {
	const uint8_t *p;
	size_t len;
	size_t pos;
};

static size_t rd_left(const struct rd *r)
{
	return r->len - r->pos;
}

static int rd_u8(struct rd *r, uint8_t *v)
{
	if (r->pos >= r->len)
		return USRDTU_ERR_INVAL;
	*v = r->p[r->pos++];
	return 0;
}

/* The SMSC field: a length in octets, then type and digits. */
static int rd_smsc(struct rd *r, struct usrdtu_sms_address *a)
{
	uint8_t l;
	size_t octets, semi;
	const uint8_t *v;

	if (rd_u8(r, &l) != 0 || l > SMSC_OCTETS_MAX || l > rd_left(r))
		return USRDTU_ERR_INVAL;
	if (l == 0) {
		a->toa = 0;
		a->len = 0;
		a->text[0] = '\0';
		return 0;
	}
	v = r->p + r->pos + 1u;
	octets = (size_t)l - 1u;
	semi = 2u * octets; /* for TON 5: as many septets as the octets hold */
	if (USRDTU_SMS_TON(r->p[r->pos]) != USRDTU_SMS_TON_ALPHANUMERIC && octets > 0 &&
	    (v[octets - 1u] >> 4) == 0x0Fu)
		semi--;
	if (addr_decode(r->p[r->pos], v, semi, a) != 0)
		return USRDTU_ERR_INVAL;
	r->pos += l;
	return 0;
}

/* TP-OA or TP-DA: a length in semi-octets, type, value. */
static int rd_addr(struct rd *r, struct usrdtu_sms_address *a)
{
	uint8_t semi, toa;
	size_t octets;

	if (rd_u8(r, &semi) != 0 || semi > ADDR_DIGITS_MAX || rd_u8(r, &toa) != 0)
		return USRDTU_ERR_INVAL;
	octets = ((size_t)semi + 1u) / 2u;
	if (octets > rd_left(r) || addr_decode(toa, r->p + r->pos, semi, a) != 0)
		return USRDTU_ERR_INVAL;
	r->pos += octets;
	return 0;
}

/* Two swapped semi-octets as a decimal number, or -1. */
static int bcd_swapped(uint8_t b)
{
	uint8_t tens = (uint8_t)(b & 0x0Fu), units = (uint8_t)(b >> 4);

	if (tens > 9u || units > 9u)
		return -1;
	return tens * 10 + units;
}

/* TP-SCTS (9.2.3.11): year, month, day, hour, minute, second, zone; the
 * zone's first semi-octet carries the sign in its bit 3. */
static int rd_scts(struct rd *r, struct usrdtu_sms_time *t)
{
	const uint8_t *p = r->p + r->pos;
	int v[6];
	uint8_t i, zone;
	int z;

	if (rd_left(r) < SCTS_OCTETS)
		return USRDTU_ERR_INVAL;
	for (i = 0; i < 6u; i++) {
		v[i] = bcd_swapped(p[i]);
		if (v[i] < 0)
			return USRDTU_ERR_INVAL;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return USRDTU_ERR_INVAL;
	zone = p[6];
	z = bcd_swapped((uint8_t)(zone & 0xF7u));
	if (z < 0)
		return USRDTU_ERR_INVAL;
	t->year = (uint8_t)v[0];
	t->month = (uint8_t)v[1];
	t->day = (uint8_t)v[2];
	t->hour = (uint8_t)v[3];
	t->minute = (uint8_t)v[4];
	t->second = (uint8_t)v[5];
	t->tz_quarters = (int8_t)((zone & 0x08u) ? -z : z);
	r->pos += SCTS_OCTETS;
	return 0;
}

/* TS 23.038 section 4: the alphabet and the class a DCS gives. Reserved
 * alphabets and groups read as the default alphabet, as the spec asks of a
 * receiver; compressed text is left as octets (its UDL counts octets). */
static void dcs_decode(uint8_t dcs, uint8_t *coding, int8_t *cls)
{
	uint8_t group = (uint8_t)(dcs >> 4);

	*cls = -1;
	*coding = USRDTU_SMS_GSM7;
	if (group <= 7u) { /* general data coding, with or without auto-deletion */
		uint8_t alphabet = (uint8_t)((dcs >> 2) & 3u);

		if (dcs & 0x20u)
			*coding = USRDTU_SMS_8BIT;
		else if (alphabet == 1u)
			*coding = USRDTU_SMS_8BIT;
		else if (alphabet == 2u)
			*coding = USRDTU_SMS_UCS2;
		if (dcs & 0x10u)
			*cls = (int8_t)(dcs & 3u);
	} else if (group == 0x0Eu) { /* message waiting, store, UCS2 */
		*coding = USRDTU_SMS_UCS2;
	} else if (group == 0x0Fu) { /* data coding / message class */
		if (dcs & 0x04u)
			*coding = USRDTU_SMS_8BIT;
		*cls = (int8_t)(dcs & 3u);
	}
}

/* The information elements of a user data header of n octets (the length
 * octet included). Elements that run past it make the PDU malformed; a
 * concatenation element with a count or number of 0, or a number above the
 * count, is ignored (9.2.3.24.1); the last valid one counts. */
static int udh_parse(const uint8_t *h, size_t n, struct usrdtu_sms_concat *c)
{
	size_t pos = 1;

	while (pos < n) {
		uint8_t iei, iel;
		const uint8_t *d;

		if (n - pos < 2u)
			return USRDTU_ERR_INVAL;
		iei = h[pos];
		iel = h[pos + 1u];
		pos += 2u;
		if (iel > n - pos)
			return USRDTU_ERR_INVAL;
		d = h + pos;
		if (iei == IEI_CONCAT8 && iel == 3u && d[1] != 0 && d[2] != 0 && d[2] <= d[1]) {
			c->ref = d[0];
			c->total = d[1];
			c->seq = d[2];
			c->ref16 = 0;
		} else if (iei == IEI_CONCAT16 && iel == 4u && d[2] != 0 && d[3] != 0 && d[3] <= d[2]) {
			c->ref = (uint16_t)(((uint16_t)d[0] << 8) | d[1]);
			c->total = d[2];
			c->seq = d[3];
			c->ref16 = 1;
		}
		pos += iel;
	}
	return 0;
}

/* TP-UDL and TP-UD. */
static int rd_user_data(struct rd *r, struct usrdtu_sms_deliver *m)
{
	const uint8_t *ud;
	uint8_t udl;
	size_t i, udh = 0;
	int has_udh = (m->first_octet & FO_UDHI) != 0;

	if (rd_u8(r, &udl) != 0)
		return USRDTU_ERR_INVAL;
	ud = r->p + r->pos;
	if (m->coding == USRDTU_SMS_GSM7) {
		size_t octets = septet_octets(udl), first = 0;

		if (udl > UD_SEPTETS_MAX || octets > rd_left(r))
			return USRDTU_ERR_INVAL;
		if (has_udh) {
			if (octets < 1u)
				return USRDTU_ERR_INVAL;
			udh = (size_t)ud[0] + 1u;
			if (udh > octets || udh_parse(ud, udh, &m->concat) != 0)
				return USRDTU_ERR_INVAL;
			first = header_septets(udh);
			if (first > udl)
				return USRDTU_ERR_INVAL;
		}
		m->body_len = (uint8_t)(udl - first);
		for (i = 0; i < m->body_len; i++)
			m->body[i] = septet_get(ud, first + i);
		r->pos += octets;
	} else {
		if (udl > UD_OCTETS_MAX || udl > rd_left(r))
			return USRDTU_ERR_INVAL;
		if (has_udh) {
			if (udl < 1u)
				return USRDTU_ERR_INVAL;
			udh = (size_t)ud[0] + 1u;
			if (udh > udl || udh_parse(ud, udh, &m->concat) != 0)
				return USRDTU_ERR_INVAL;
		}
		m->body_len = (uint8_t)(udl - udh);
		if (m->coding == USRDTU_SMS_UCS2 && m->body_len % 2u != 0)
			return USRDTU_ERR_INVAL;
		for (i = 0; i < m->body_len; i++)
			m->body[i] = ud[udh + i];
		r->pos += udl;
	}
	m->udh_len = (uint8_t)udh;
	return 0;
}

static int decode(const uint8_t *pdu, size_t len, int submit, struct usrdtu_sms_deliver *m)
{
	struct rd r;
	uint8_t mti;

	if (pdu == NULL || m == NULL)
		return USRDTU_ERR_INVAL;
	memset(m, 0, sizeof *m);
	m->msg_class = -1;
	r.p = pdu;
	r.len = len;
	r.pos = 0;
	if (rd_smsc(&r, &m->smsc) != 0 || rd_u8(&r, &m->first_octet) != 0)
		return USRDTU_ERR_INVAL;
	mti = (uint8_t)(m->first_octet & FO_MTI_MASK);
	if (submit ? mti != MTI_SUBMIT : (mti != MTI_DELIVER && mti != MTI_RESERVED))
		return USRDTU_ERR_NOTSUP;
	if (submit && rd_u8(&r, &m->mr) != 0)
		return USRDTU_ERR_INVAL;
	if (rd_addr(&r, &m->address) != 0 || rd_u8(&r, &m->pid) != 0 || rd_u8(&r, &m->dcs) != 0)
		return USRDTU_ERR_INVAL;
	dcs_decode(m->dcs, &m->coding, &m->msg_class);
	if (!submit) {
		if (rd_scts(&r, &m->scts) != 0)
			return USRDTU_ERR_INVAL;
	} else {
		m->vp_format = (uint8_t)((m->first_octet & FO_VPF_MASK) >> FO_VPF_SHIFT);
		if (m->vp_format == VPF_RELATIVE) {
			if (rd_u8(&r, &m->vp) != 0)
				return USRDTU_ERR_INVAL;
		} else if (m->vp_format != VPF_NONE) {
			if (rd_left(&r) < VP_LONG_OCTETS)
				return USRDTU_ERR_INVAL;
			m->vp = pdu[r.pos];
			r.pos += VP_LONG_OCTETS;
		}
	}
	return rd_user_data(&r, m);
}

int usrdtu_sms_deliver_decode(const uint8_t *pdu, size_t len, struct usrdtu_sms_deliver *out)
{
	return decode(pdu, len, 0, out);
}

int usrdtu_sms_submit_decode(const uint8_t *pdu, size_t len, struct usrdtu_sms_deliver *out)
{
	return decode(pdu, len, 1, out);
}

int usrdtu_sms_deliver_text(const struct usrdtu_sms_deliver *msg, uint8_t *out, size_t cap)
{
	struct sms_text_state st = {0, 0};
	struct sms_out o;

	if (msg == NULL || (out == NULL && cap > 0) || msg->coding > USRDTU_SMS_UCS2 ||
	    msg->body_len > USRDTU_SMS_BODY_MAX)
		return USRDTU_ERR_INVAL;
	o.buf = out;
	o.cap = cap > SMS_INT_MAX ? SMS_INT_MAX : cap;
	o.len = 0;
	if (sms_text_feed(&st, msg->coding, msg->body, msg->body_len, &o) != 0 ||
	    sms_text_flush(&st, msg->coding, &o) != 0)
		return USRDTU_ERR_NOSPC;
	return (int)o.len;
}

int usrdtu_sms_tpdu_length(const uint8_t *pdu, size_t len)
{
	if (pdu == NULL || len < 1u || (size_t)pdu[0] + 1u >= len || len > SMS_INT_MAX)
		return USRDTU_ERR_INVAL;
	return (int)(len - 1u - pdu[0]);
}

/* --- SMS-SUBMIT ------------------------------------------------------ */

/* The encoded units of the character at text[*pos]: GSM7 septets (1 or 2),
 * UCS2 code units (1 or 2, as 2 or 4 octets in u), or one octet. Returns
 * the unit count, 0 for a valid character GSM7 lacks, or -1 for bad UTF-8. */
static int next_units(uint8_t coding, const uint8_t *text, size_t len, size_t *pos, uint8_t u[4])
{
	uint32_t cp;

	if (coding == USRDTU_SMS_8BIT) {
		u[0] = text[(*pos)++];
		return 1;
	}
	if (utf8_next(text, len, pos, &cp) != 0)
		return -1;
	if (coding == USRDTU_SMS_GSM7)
		return (int)gsm7_from_ucs(cp, u);
	if (cp < 0x10000ul) {
		u[0] = (uint8_t)(cp >> 8);
		u[1] = (uint8_t)cp;
		return 1;
	}
	cp -= 0x10000ul;
	u[0] = (uint8_t)(0xD8u | ((cp >> 18) & 0x03u));
	u[1] = (uint8_t)(cp >> 10);
	u[2] = (uint8_t)(0xDCu | ((cp >> 8) & 0x03u));
	u[3] = (uint8_t)cp;
	return 2;
}

int usrdtu_sms_gsm7_length(const uint8_t *utf8, size_t len)
{
	size_t pos = 0, n = 0;
	uint8_t u[4];

	if (utf8 == NULL && len > 0)
		return USRDTU_ERR_INVAL;
	while (pos < len) {
		int k = next_units(USRDTU_SMS_GSM7, utf8, len, &pos, u);

		if (k <= 0)
			return USRDTU_ERR_INVAL;
		n += (size_t)k;
	}
	return n > SMS_INT_MAX ? USRDTU_ERR_NOSPC : (int)n;
}

/* Where part `want` lies in the text. */
struct plan {
	uint8_t coding;  /* GSM7, 8BIT or UCS2 */
	uint16_t parts;  /* 1..255 */
	size_t start;    /* byte range of the wanted part in msg->text */
	size_t end;
	size_t units;    /* its septets, octets or UCS2 units */
};

static int check_submit(const struct usrdtu_sms_submit *msg, struct addr_enc *smsc,
			struct addr_enc *to)
{
	if (msg == NULL || msg->to == NULL || (msg->text == NULL && msg->text_len > 0) ||
	    msg->coding > USRDTU_SMS_AUTO || msg->vp_mode > USRDTU_SMS_VP_RELATIVE)
		return USRDTU_ERR_INVAL;
	smsc->n = 0;
	if (msg->smsc != NULL && msg->smsc[0] != '\0' && addr_parse(msg->smsc, smsc) != 0)
		return USRDTU_ERR_INVAL;
	return addr_parse(msg->to, to);
}

/* Splits msg's text (9.2.3.24.1: parts fill up to the room a concatenation
 * header leaves, no character split) and finds part `want` (0: none). */
static int plan_parts(const struct usrdtu_sms_submit *msg, unsigned want, struct plan *p)
{
	static const uint8_t single[3] = {160, 140, 70};
	static const uint8_t with_ref8[3] = {153, 134, 67};
	static const uint8_t with_ref16[3] = {152, 133, 66};
	const uint8_t *t = msg->text;
	size_t len = msg->text_len, pos = 0, total = 0, per, cur, start;
	uint8_t u[4];
	int k;

	p->coding = msg->coding;
	if (p->coding == USRDTU_SMS_AUTO) {
		p->coding = USRDTU_SMS_GSM7;
		while (pos < len) {
			k = next_units(USRDTU_SMS_GSM7, t, len, &pos, u);
			if (k < 0)
				return USRDTU_ERR_INVAL;
			if (k == 0) {
				p->coding = USRDTU_SMS_UCS2;
				break;
			}
		}
		pos = 0;
	}
	while (pos < len) {
		k = next_units(p->coding, t, len, &pos, u);
		if (k <= 0)
			return USRDTU_ERR_INVAL;
		total += (size_t)k;
	}
	p->parts = 1;
	p->start = 0;
	p->end = len;
	p->units = total;
	if (total <= single[p->coding])
		return 1;

	per = (msg->flags & USRDTU_SMS_F_REF16) ? with_ref16[p->coding] : with_ref8[p->coding];
	cur = 0;
	start = 0;
	pos = 0;
	while (pos < len) {
		size_t here = pos;

		k = next_units(p->coding, t, len, &pos, u);
		if (cur + (size_t)k > per) {
			if (p->parts == want) {
				p->start = start;
				p->end = here;
				p->units = cur;
			}
			if (p->parts == USRDTU_SMS_PARTS_MAX)
				return USRDTU_ERR_NOSPC;
			p->parts++;
			start = here;
			cur = 0;
		}
		cur += (size_t)k;
	}
	if (p->parts == want) {
		p->start = start;
		p->end = len;
		p->units = cur;
	}
	return p->parts;
}

int usrdtu_sms_submit_parts(const struct usrdtu_sms_submit *msg)
{
	struct addr_enc smsc, to;
	struct plan p;

	if (check_submit(msg, &smsc, &to) != 0)
		return USRDTU_ERR_INVAL;
	return plan_parts(msg, 0, &p);
}

int usrdtu_sms_submit_encode(const struct usrdtu_sms_submit *msg, unsigned part, uint8_t *pdu,
			     size_t cap)
{
	struct addr_enc smsc, to;
	struct plan p;
	size_t udh = 0, udl, ud_octets, total, w, pos, k;
	uint8_t fo, dcs;
	int parts;

	if (pdu == NULL || check_submit(msg, &smsc, &to) != 0)
		return USRDTU_ERR_INVAL;
	parts = plan_parts(msg, part, &p);
	if (parts < 0)
		return parts;
	if (part < 1u || part > (unsigned)parts)
		return USRDTU_ERR_INVAL;
	if (parts > 1)
		udh = (msg->flags & USRDTU_SMS_F_REF16) ? 7u : 6u;
	if (p.coding == USRDTU_SMS_GSM7) {
		udl = (udh ? header_septets(udh) : 0u) + p.units;
		ud_octets = septet_octets(udl);
	} else {
		udl = udh + (p.coding == USRDTU_SMS_UCS2 ? 2u * p.units : p.units);
		ud_octets = udl;
	}
	total = 1u + (smsc.n ? 1u + addr_octets(&smsc) : 0u) /* SMSC field */
		+ 2u                                        /* first octet, MR */
		+ 2u + addr_octets(&to)                     /* TP-DA */
		+ 2u                                        /* PID, DCS */
		+ (msg->vp_mode == USRDTU_SMS_VP_NONE ? 0u : 1u) + 1u + ud_octets;
	if (total > cap)
		return USRDTU_ERR_NOSPC;

	w = 0;
	if (smsc.n) {
		pdu[w++] = (uint8_t)(1u + addr_octets(&smsc));
		pdu[w++] = smsc.toa;
		addr_put(pdu + w, &smsc);
		w += addr_octets(&smsc);
	} else {
		pdu[w++] = 0; /* the phone's stored SMSC */
	}
	fo = MTI_SUBMIT;
	if (msg->vp_mode != USRDTU_SMS_VP_NONE)
		fo |= (uint8_t)(VPF_RELATIVE << FO_VPF_SHIFT);
	if (msg->flags & USRDTU_SMS_F_REJECT_DUP)
		fo |= FO_RD;
	if (msg->flags & USRDTU_SMS_F_STATUS_REPORT)
		fo |= FO_SRR;
	if (udh)
		fo |= FO_UDHI;
	pdu[w++] = fo;
	pdu[w++] = msg->mr;
	pdu[w++] = to.n;
	pdu[w++] = to.toa;
	addr_put(pdu + w, &to);
	w += addr_octets(&to);
	pdu[w++] = msg->pid;
	dcs = p.coding == USRDTU_SMS_GSM7 ? 0x00u : p.coding == USRDTU_SMS_8BIT ? 0x04u : 0x08u;
	if (msg->flags & USRDTU_SMS_F_FLASH)
		dcs |= 0x10u; /* message class 0 */
	pdu[w++] = dcs;
	if (msg->vp_mode == USRDTU_SMS_VP_DEFAULT)
		pdu[w++] = VP_DEFAULT;
	else if (msg->vp_mode == USRDTU_SMS_VP_RELATIVE)
		pdu[w++] = msg->vp;
	pdu[w++] = (uint8_t)udl;

	memset(pdu + w, 0, ud_octets);
	if (udh == 6u) {
		pdu[w] = 5;
		pdu[w + 1u] = IEI_CONCAT8;
		pdu[w + 2u] = 3;
		pdu[w + 3u] = (uint8_t)msg->concat_ref;
		pdu[w + 4u] = (uint8_t)parts;
		pdu[w + 5u] = (uint8_t)part;
	} else if (udh == 7u) {
		pdu[w] = 6;
		pdu[w + 1u] = IEI_CONCAT16;
		pdu[w + 2u] = 4;
		pdu[w + 3u] = (uint8_t)(msg->concat_ref >> 8);
		pdu[w + 4u] = (uint8_t)msg->concat_ref;
		pdu[w + 5u] = (uint8_t)parts;
		pdu[w + 6u] = (uint8_t)part;
	}
	pos = p.start;
	k = p.coding == USRDTU_SMS_GSM7 ? (udh ? header_septets(udh) : 0u) : udh;
	while (pos < p.end) {
		uint8_t u[4];
		int n = next_units(p.coding, msg->text, msg->text_len, &pos, u);
		int i;

		if (p.coding == USRDTU_SMS_GSM7) {
			for (i = 0; i < n; i++)
				septet_put(pdu + w, k++, u[i]);
		} else {
			if (p.coding == USRDTU_SMS_UCS2)
				n *= 2;
			for (i = 0; i < n; i++)
				pdu[w + k++] = u[i];
		}
	}
	return (int)(w + ud_octets);
}
