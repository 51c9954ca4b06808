/*
 * Internal to the SMS codec (src/gsm7.c, src/sms_pdu.c, src/sms_reassembly.c):
 * the GSM 7-bit alphabet, UTF-8, and a text decoder that can be fed a body in
 * pieces (the parts of a concatenated message) and keeps an escape or a high
 * surrogate that ends one piece for the next.
 */
#ifndef USRDTU_SMS_TEXT_H
#define USRDTU_SMS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/sms_pdu.h"

#define GSM7_ESC 0x1Bu

/* Where decoded text goes: buf[0..cap), len bytes written so far. */
struct sms_out {
	uint8_t *buf;
	size_t cap;
	size_t len;
};

/* Carried between pieces of one body. */
struct sms_text_state {
	uint8_t esc;   /* GSM7: the last septet was an unfinished escape */
	uint16_t high; /* UCS2: a high surrogate waiting for its low half, 0 none */
};

/* The code point of a default-alphabet septet (0..127; ESC gives a space). */
uint16_t gsm7_to_ucs(uint8_t septet);

/* The code point of ESC followed by `septet`, 0 when the extension table
 * has none. */
uint16_t gsm7_ext_to_ucs(uint8_t septet);

/* Septets for code point cp: writes 1 or 2 (ESC first) into out and returns
 * that count, or 0 when the alphabet has no such character. */
unsigned gsm7_from_ucs(uint32_t cp, uint8_t out[2]);

/* Reads one UTF-8 character at s[*pos] (*pos < len). Strict: no overlong
 * forms, no surrogates, nothing above U+10FFFF, nothing cut off. Returns 0
 * and advances *pos, or -1. */
int utf8_next(const uint8_t *s, size_t len, size_t *pos, uint32_t *cp);

/* Appends cp as UTF-8. 0 or USRDTU_ERR_NOSPC (nothing written then). */
int utf8_put(struct sms_out *out, uint32_t cp);

/* Decodes n units of `coding` (septets, one per byte; UCS2 octets, n even;
 * 8BIT octets) into out. 0 or USRDTU_ERR_NOSPC. */
int sms_text_feed(struct sms_text_state *st, uint8_t coding, const uint8_t *units, size_t n,
		  struct sms_out *out);

/* Ends the text: an escape or a high surrogate still waiting is written out
 * (space, U+FFFD). 0 or USRDTU_ERR_NOSPC. */
int sms_text_flush(struct sms_text_state *st, uint8_t coding, struct sms_out *out);

/* A length that fits in an int on every target (int is 16 bits on AVR). */
#define SMS_INT_MAX 32767u

#endif /* USRDTU_SMS_TEXT_H */
