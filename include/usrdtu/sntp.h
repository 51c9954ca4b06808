/*
 * usrdtu SNTP codec (RFC 4330): the client request and the checks a client
 * makes on a server's reply. Pure functions, no state; the engine's NTP
 * client (src/ntp.c, docs/ntp.md) drives them.
 *
 *     struct usrdtu_ntp_time t1 = ...;          // our clock, when sending
 *     uint8_t pkt[USRDTU_SNTP_PACKET_LEN];
 *     usrdtu_sntp_request(pkt, sizeof pkt, &t1);
 *     ... send pkt over UDP to port 123, receive reply ...
 *     struct usrdtu_sntp_reply r;
 *     if (usrdtu_sntp_parse(reply, len, &t1, &r) == USRDTU_SNTP_OK)
 *         usrdtu_sntp_offset_delay(&t1, &r, &t4, &offset, &delay);
 *
 * Packets are read and written byte by byte in network order (no struct
 * overlay), so the codec is the same on any byte order.
 */
#ifndef USRDTU_SNTP_H
#define USRDTU_SNTP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define USRDTU_SNTP_PACKET_LEN 48 /* RFC 4330 section 4, without key id and digest */
#define USRDTU_NTP_PORT 123

/* Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 and to 2000-01-01. */
#define USRDTU_NTP_UNIX_EPOCH 2208988800u
#define USRDTU_NTP_Y2000 3155673600u

/* An NTP timestamp (RFC 4330 section 3): seconds and 2^-32 fractions of a
 * second. The seconds wrap every 2^32 s (the era); see usrdtu_ntp_to_unix. */
struct usrdtu_ntp_time {
	uint32_t seconds;
	uint32_t fraction;
};

/* Why a reply was refused (0: taken), in the order of the checks: a reply
 * that is not an answer to our request is refused before its contents
 * count, so that a forged kiss-o'-death cannot silence a server. */
enum usrdtu_sntp_status {
	USRDTU_SNTP_OK = 0,
	USRDTU_SNTP_SHORT = 1,          /* fewer than 48 bytes */
	USRDTU_SNTP_BAD_MODE = 2,       /* mode is not 4 (server) */
	USRDTU_SNTP_BAD_VERSION = 3,    /* VN 0, or above 4 */
	USRDTU_SNTP_NOT_OURS = 4,      /* originate timestamp differs from what we sent */
	USRDTU_SNTP_KISS = 5,          /* stratum 0: kiss-o'-death, code in ref_id */
	USRDTU_SNTP_BAD_STRATUM = 6,   /* stratum 16..255: unsynchronised or reserved */
	USRDTU_SNTP_UNSYNCHRONISED = 7, /* leap indicator 3: the server's clock is not set */
	USRDTU_SNTP_NO_TIME = 8        /* transmit timestamp 0 */
};

/* A reply's fields (RFC 4330 section 4). */
struct usrdtu_sntp_reply {
	uint8_t leap;       /* 0..3 */
	uint8_t version;    /* 0..7 */
	uint8_t mode;       /* 0..7 */
	uint8_t stratum;
	int8_t poll;
	int8_t precision;
	uint32_t root_delay;      /* 16.16 seconds */
	uint32_t root_dispersion; /* 16.16 seconds */
	uint8_t ref_id[4];        /* stratum 0: the kiss code, four ASCII letters ("DENY", "RATE") */
	struct usrdtu_ntp_time reference;
	struct usrdtu_ntp_time originate; /* T1: our transmit time, echoed */
	struct usrdtu_ntp_time receive;   /* T2: when the server received the request */
	struct usrdtu_ntp_time transmit;  /* T3: when the server sent the reply */
};

/* Writes a client request (LI 0, VN 4, mode 3, every field zero but the
 * transmit timestamp) into buf. Returns USRDTU_SNTP_PACKET_LEN, or 0 when
 * cap is too small or an argument is NULL (nothing written). */
size_t usrdtu_sntp_request(uint8_t *buf, size_t cap, const struct usrdtu_ntp_time *transmit);

/* Reads a server reply and checks it as RFC 4330 section 5 asks of a
 * client; sent is the transmit timestamp of our request. Bytes past 48 (an
 * extension or a MAC) are ignored. Fills *out whenever len >= 48, even for a
 * refused reply (a kiss code is in out->ref_id). Returns enum
 * usrdtu_sntp_status. */
int usrdtu_sntp_parse(const uint8_t *data, size_t len, const struct usrdtu_ntp_time *sent,
		      struct usrdtu_sntp_reply *out);

/* Unix seconds of an NTP seconds value, by RFC 4330 section 3's era rule:
 * with the top bit set the value counts from 1900 (1968..2036), without it
 * from 2036-02-07 06:28:16 UTC (2036..2104). */
int64_t usrdtu_ntp_to_unix(uint32_t ntp_seconds);
/* The NTP seconds value of Unix time (1968..2104; others wrap). */
uint32_t usrdtu_ntp_from_unix(int64_t unix_seconds);

/* a - b in 32.32 fixed point seconds (signed). Right across an era
 * boundary as long as the two are less than 68 years apart. */
int64_t usrdtu_ntp_diff(const struct usrdtu_ntp_time *a, const struct usrdtu_ntp_time *b);
/* A 32.32 fixed point value in milliseconds, rounded to the nearest
 * (halves away from zero). */
int64_t usrdtu_ntp_fixed_to_ms(int64_t fixed);
/* An NTP time plus a 32.32 fixed point span (wraps with the era). */
struct usrdtu_ntp_time usrdtu_ntp_add(const struct usrdtu_ntp_time *t, int64_t fixed);

/* The clock offset and round-trip delay of an exchange (RFC 4330 section
 * 5), in 32.32 fixed point seconds, from T1 = r->originate, T2 =
 * r->receive, T3 = r->transmit and T4 = *received (our clock when the
 * reply came):
 *     offset = ((T2 - T1) + (T3 - T4)) / 2,  delay = (T4 - T1) - (T3 - T2).
 * Our clock plus offset is the server's clock. Either out pointer may be
 * NULL. */
void usrdtu_sntp_offset_delay(const struct usrdtu_sntp_reply *r, const struct usrdtu_ntp_time *received,
			      int64_t *offset, int64_t *delay);

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_SNTP_H */
