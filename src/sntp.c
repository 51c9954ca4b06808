/*
 * SNTP packets (RFC 4330): the request a client sends and the checks it
 * makes on the reply. Every field is read and written byte by byte in
 * network order.
 */
#include "usrdtu/sntp.h"

#include <string.h>

#define MODE_CLIENT 3u
#define MODE_SERVER 4u
#define VERSION 4u
#define LEAP_ALARM 3u
#define STRATUM_MAX 15u /* 16: unsynchronised; above: reserved (RFC 4330 section 4) */

/* Byte offsets in the 48-byte header (RFC 4330 section 4). */
#define OFF_FLAGS 0
#define OFF_STRATUM 1
#define OFF_POLL 2
#define OFF_PRECISION 3
#define OFF_ROOT_DELAY 4
#define OFF_ROOT_DISPERSION 8
#define OFF_REF_ID 12
#define OFF_REFERENCE 16
#define OFF_ORIGINATE 24
#define OFF_RECEIVE 32
#define OFF_TRANSMIT 40

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static struct usrdtu_ntp_time get_time(const uint8_t *p)
{
	struct usrdtu_ntp_time t;

	t.seconds = get32(p);
	t.fraction = get32(p + 4);
	return t;
}

static int8_t as_signed8(uint8_t v)
{
	return v < 0x80u ? (int8_t)v : (int8_t)(-(int)(uint8_t)(~v) - 1);
}

static uint64_t as_fixed(const struct usrdtu_ntp_time *t)
{
	return (uint64_t)t->seconds << 32 | t->fraction;
}

/* The two's complement reading of v, without an implementation-defined
 * conversion. */
static int64_t as_signed64(uint64_t v)
{
	if (v <= (uint64_t)INT64_MAX)
		return (int64_t)v;
	return -(int64_t)(~v) - 1;
}

size_t usrdtu_sntp_request(uint8_t *buf, size_t cap, const struct usrdtu_ntp_time *transmit)
{
	if (buf == NULL || transmit == NULL || cap < USRDTU_SNTP_PACKET_LEN)
		return 0;
	memset(buf, 0, USRDTU_SNTP_PACKET_LEN);
	buf[OFF_FLAGS] = (uint8_t)(0u << 6 | VERSION << 3 | MODE_CLIENT);
	put32(buf + OFF_TRANSMIT, transmit->seconds);
	put32(buf + OFF_TRANSMIT + 4, transmit->fraction);
	return USRDTU_SNTP_PACKET_LEN;
}

int usrdtu_sntp_parse(const uint8_t *data, size_t len, const struct usrdtu_ntp_time *sent,
		      struct usrdtu_sntp_reply *out)
{
	struct usrdtu_sntp_reply r;

	if (data == NULL || len < USRDTU_SNTP_PACKET_LEN)
		return USRDTU_SNTP_SHORT;
	r.leap = (uint8_t)(data[OFF_FLAGS] >> 6);
	r.version = (uint8_t)(data[OFF_FLAGS] >> 3 & 7u);
	r.mode = (uint8_t)(data[OFF_FLAGS] & 7u);
	r.stratum = data[OFF_STRATUM];
	r.poll = as_signed8(data[OFF_POLL]);
	r.precision = as_signed8(data[OFF_PRECISION]);
	r.root_delay = get32(data + OFF_ROOT_DELAY);
	r.root_dispersion = get32(data + OFF_ROOT_DISPERSION);
	memcpy(r.ref_id, data + OFF_REF_ID, sizeof r.ref_id);
	r.reference = get_time(data + OFF_REFERENCE);
	r.originate = get_time(data + OFF_ORIGINATE);
	r.receive = get_time(data + OFF_RECEIVE);
	r.transmit = get_time(data + OFF_TRANSMIT);
	if (out != NULL)
		*out = r;

	if (r.mode != MODE_SERVER)
		return USRDTU_SNTP_BAD_MODE;
	if (r.version == 0 || r.version > VERSION)
		return USRDTU_SNTP_BAD_VERSION;
	/* a reply to some other request, an old one, or a forgery */
	if (sent == NULL || r.originate.seconds != sent->seconds || r.originate.fraction != sent->fraction)
		return USRDTU_SNTP_NOT_OURS;
	if (r.stratum == 0)
		return USRDTU_SNTP_KISS;
	if (r.stratum > STRATUM_MAX)
		return USRDTU_SNTP_BAD_STRATUM;
	if (r.leap == LEAP_ALARM)
		return USRDTU_SNTP_UNSYNCHRONISED;
	if (r.transmit.seconds == 0 && r.transmit.fraction == 0)
		return USRDTU_SNTP_NO_TIME;
	return USRDTU_SNTP_OK;
}

int64_t usrdtu_ntp_to_unix(uint32_t ntp_seconds)
{
	if (ntp_seconds & 0x80000000u)
		return (int64_t)ntp_seconds - (int64_t)USRDTU_NTP_UNIX_EPOCH;
	return (int64_t)ntp_seconds + ((int64_t)1 << 32) - (int64_t)USRDTU_NTP_UNIX_EPOCH;
}

uint32_t usrdtu_ntp_from_unix(int64_t unix_seconds)
{
	/* conversions to unsigned are defined modulo 2^64: the era falls out */
	return (uint32_t)((uint64_t)unix_seconds + USRDTU_NTP_UNIX_EPOCH);
}

int64_t usrdtu_ntp_diff(const struct usrdtu_ntp_time *a, const struct usrdtu_ntp_time *b)
{
	return as_signed64(as_fixed(a) - as_fixed(b));
}

int64_t usrdtu_ntp_fixed_to_ms(int64_t fixed)
{
	uint64_t mag = fixed < 0 ? (uint64_t)(-(fixed + 1)) + 1u : (uint64_t)fixed;
	uint64_t ms = (mag >> 32) * 1000u + (((mag & 0xFFFFFFFFu) * 1000u + 0x80000000u) >> 32);

	return fixed < 0 ? -(int64_t)ms : (int64_t)ms;
}

struct usrdtu_ntp_time usrdtu_ntp_add(const struct usrdtu_ntp_time *t, int64_t fixed)
{
	uint64_t v = as_fixed(t) + (uint64_t)fixed;
	struct usrdtu_ntp_time r;

	r.seconds = (uint32_t)(v >> 32);
	r.fraction = (uint32_t)v;
	return r;
}

void usrdtu_sntp_offset_delay(const struct usrdtu_sntp_reply *r, const struct usrdtu_ntp_time *received,
			      int64_t *offset, int64_t *delay)
{
	uint64_t t1 = as_fixed(&r->originate), t2 = as_fixed(&r->receive);
	uint64_t t3 = as_fixed(&r->transmit), t4 = as_fixed(received);

	/* halves first: the sum of two differences may not fit */
	if (offset != NULL)
		*offset = as_signed64(t2 - t1) / 2 + as_signed64(t3 - t4) / 2;
	if (delay != NULL)
		*delay = as_signed64((t4 - t1) - (t3 - t2));
}
