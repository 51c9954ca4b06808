/*
 * The GSM 7-bit default alphabet and its extension table (TS 23.038 6.2.1
 * and 6.2.1.1), UTF-8, and the text decoder of the SMS codec.
 *
 * The default alphabet is kept as one byte per septet: the low byte of the
 * character's code point. Every character is in Latin-1 except the ten Greek
 * capitals of septets 0x10 and 0x12-0x1A, which are U+03xx; gsm7_to_ucs()
 * adds the 0x0300 for those positions.
 */
#include "sms_text.h"

static const uint8_t gsm7_main[128] = {
	/* 0x00 @ £ $ ¥ è é ù ì ò Ç LF Ø ø CR Å å */
	0x40, 0xA3, 0x24, 0xA5, 0xE8, 0xE9, 0xF9, 0xEC, 0xF2, 0xC7, 0x0A, 0xD8, 0xF8, 0x0D, 0xC5, 0xE5,
	/* 0x10 Δ _ Φ Γ Λ Ω Π Ψ Σ Θ Ξ (ESC: space) Æ æ ß É */
	0x94, 0x5F, 0xA6, 0x93, 0x9B, 0xA9, 0xA0, 0xA8, 0xA3, 0x98, 0x9E, 0x20, 0xC6, 0xE6, 0xDF, 0xC9,
	/* 0x20 space ! " # ¤ % & ' ( ) * + , - . / */
	0x20, 0x21, 0x22, 0x23, 0xA4, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F,
	/* 0x30 0-9 : ; < = > ? */
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F,
	/* 0x40 ¡ A-O */
	0xA1, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F,
	/* 0x50 P-Z Ä Ö Ñ Ü § */
	0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0xC4, 0xD6, 0xD1, 0xDC, 0xA7,
	/* 0x60 ¿ a-o */
	0xBF, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F,
	/* 0x70 p-z ä ö ñ ü à */
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0xE4, 0xF6, 0xF1, 0xFC, 0xE0,
};

/* The extension table: ESC followed by ext_septet[i] is ext_ucs[i]. */
#define EXT_COUNT 10
static const uint8_t ext_septet[EXT_COUNT] = {0x0A, 0x14, 0x28, 0x29, 0x2F,
					      0x3C, 0x3D, 0x3E, 0x40, 0x65};
static const uint16_t ext_ucs[EXT_COUNT] = {
	0x000C, /* form feed (page break) */
	0x005E, /* ^ */
	0x007B, /* { */
	0x007D, /* } */
	0x005C, /* \ */
	0x005B, /* [ */
	0x007E, /* ~ */
	0x005D, /* ] */
	0x007C, /* | */
	0x20AC, /* euro sign */
};

static int is_greek(uint8_t septet)
{
	return septet == 0x10u || (septet >= 0x12u && septet <= 0x1Au);
}

uint16_t gsm7_to_ucs(uint8_t septet)
{
	uint16_t cp;

	septet &= 0x7Fu;
	cp = gsm7_main[septet];
	if (is_greek(septet))
		cp = (uint16_t)(cp | 0x0300u);
	return cp;
}

uint16_t gsm7_ext_to_ucs(uint8_t septet)
{
	uint8_t i;

	for (i = 0; i < EXT_COUNT; i++) {
		if (ext_septet[i] == septet)
			return ext_ucs[i];
	}
	return 0;
}

unsigned gsm7_from_ucs(uint32_t cp, uint8_t out[2])
{
	uint8_t i;

	/* Most text is letters, digits and punctuation that map to themselves. */
	if (cp >= 0x20u && cp < 0x80u && gsm7_main[cp] == cp) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	for (i = 0; i < 128u; i++) {
		if (i != GSM7_ESC && gsm7_to_ucs(i) == cp) {
			out[0] = i;
			return 1;
		}
	}
	for (i = 0; i < EXT_COUNT; i++) {
		if (ext_ucs[i] == cp) {
			out[0] = GSM7_ESC;
			out[1] = ext_septet[i];
			return 2;
		}
	}
	return 0;
}

int utf8_next(const uint8_t *s, size_t len, size_t *pos, uint32_t *cp)
{
	size_t i = *pos;
	uint8_t b = s[i];
	uint32_t c, min;
	uint8_t n, k;

	if (b < 0x80u) {
		*cp = b;
		*pos = i + 1u;
		return 0;
	}
	if (b >= 0xC2u && b <= 0xDFu) {
		n = 1;
		c = b & 0x1Fu;
		min = 0x80u;
	} else if (b >= 0xE0u && b <= 0xEFu) {
		n = 2;
		c = b & 0x0Fu;
		min = 0x800u;
	} else if (b >= 0xF0u && b <= 0xF4u) {
		n = 3;
		c = b & 0x07u;
		min = 0x10000ul;
	} else {
		return -1; /* a continuation byte, C0/C1 (always overlong), F5-FF */
	}
	if (len - i - 1u < n)
		return -1;
	for (k = 1; k <= n; k++) {
		uint8_t t = s[i + k];

		if ((t & 0xC0u) != 0x80u)
			return -1;
		c = (c << 6) | (uint32_t)(t & 0x3Fu);
	}
	if (c < min || c > 0x10FFFFul || (c >= 0xD800u && c <= 0xDFFFu))
		return -1;
	*cp = c;
	*pos = i + 1u + n;
	return 0;
}

int utf8_put(struct sms_out *out, uint32_t cp)
{
	uint8_t b[4];
	size_t n, i;

	if (cp < 0x80u) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800u) {
		b[0] = (uint8_t)(0xC0u | (cp >> 6));
		b[1] = (uint8_t)(0x80u | (cp & 0x3Fu));
		n = 2;
	} else if (cp < 0x10000ul) {
		b[0] = (uint8_t)(0xE0u | (cp >> 12));
		b[1] = (uint8_t)(0x80u | ((cp >> 6) & 0x3Fu));
		b[2] = (uint8_t)(0x80u | (cp & 0x3Fu));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xF0u | (cp >> 18));
		b[1] = (uint8_t)(0x80u | ((cp >> 12) & 0x3Fu));
		b[2] = (uint8_t)(0x80u | ((cp >> 6) & 0x3Fu));
		b[3] = (uint8_t)(0x80u | (cp & 0x3Fu));
		n = 4;
	}
	if (out->len > out->cap || out->cap - out->len < n)
		return USRDTU_ERR_NOSPC;
	for (i = 0; i < n; i++)
		out->buf[out->len + i] = b[i];
	out->len += n;
	return 0;
}

#define REPLACEMENT 0xFFFDu

static int gsm7_feed(struct sms_text_state *st, const uint8_t *septets, size_t n, struct sms_out *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t s = (uint8_t)(septets[i] & 0x7Fu);
		uint16_t cp;

		if (st->esc) {
			st->esc = 0;
			cp = gsm7_ext_to_ucs(s);
			if (cp == 0) /* not in the table: the default character; ESC ESC: space */
				cp = gsm7_to_ucs(s);
		} else if (s == GSM7_ESC) {
			st->esc = 1;
			continue;
		} else {
			cp = gsm7_to_ucs(s);
		}
		if (utf8_put(out, cp) != 0)
			return USRDTU_ERR_NOSPC;
	}
	return 0;
}

static int ucs2_feed(struct sms_text_state *st, const uint8_t *octets, size_t n, struct sms_out *out)
{
	size_t i;

	for (i = 0; i + 1u < n; i += 2u) {
		uint16_t u = (uint16_t)(((uint16_t)octets[i] << 8) | octets[i + 1u]);
		uint32_t cp;

		if (st->high != 0) {
			if (u >= 0xDC00u && u <= 0xDFFFu) {
				cp = 0x10000ul + (((uint32_t)(st->high - 0xD800u)) << 10) +
				     (uint32_t)(u - 0xDC00u);
				st->high = 0;
				if (utf8_put(out, cp) != 0)
					return USRDTU_ERR_NOSPC;
				continue;
			}
			st->high = 0;
			if (utf8_put(out, REPLACEMENT) != 0)
				return USRDTU_ERR_NOSPC;
		}
		if (u >= 0xD800u && u <= 0xDBFFu) {
			st->high = u;
			continue;
		}
		cp = (u >= 0xDC00u && u <= 0xDFFFu) ? REPLACEMENT : u;
		if (utf8_put(out, cp) != 0)
			return USRDTU_ERR_NOSPC;
	}
	if (i < n && utf8_put(out, REPLACEMENT) != 0) /* half a unit */
		return USRDTU_ERR_NOSPC;
	return 0;
}

int sms_text_feed(struct sms_text_state *st, uint8_t coding, const uint8_t *units, size_t n,
		  struct sms_out *out)
{
	size_t i;

	if (coding == USRDTU_SMS_GSM7)
		return gsm7_feed(st, units, n, out);
	if (coding == USRDTU_SMS_UCS2)
		return ucs2_feed(st, units, n, out);
	if (out->len > out->cap || out->cap - out->len < n)
		return USRDTU_ERR_NOSPC;
	for (i = 0; i < n; i++)
		out->buf[out->len + i] = units[i];
	out->len += n;
	return 0;
}

int sms_text_flush(struct sms_text_state *st, uint8_t coding, struct sms_out *out)
{
	int r = 0;

	if (coding == USRDTU_SMS_GSM7 && st->esc)
		r = utf8_put(out, 0x20u);
	else if (coding == USRDTU_SMS_UCS2 && st->high != 0)
		r = utf8_put(out, REPLACEMENT);
	st->esc = 0;
	st->high = 0;
	return r;
}
