/*
 * Byte helpers. The library never calls the C library's ctype functions:
 * their results depend on the locale and their argument must not be a
 * negative char, two traps that do not exist here.
 */
#include "engine.h"

#include <string.h>

/* Bit maps of the text classes: bit (c & 7) of byte (c >> 3). */
const uint8_t text_classes[3][16] = {
	/* HOST: - . 0-9 A-Z _ a-z */
	{0, 0, 0, 0, 0, 0x60, 0xFF, 0x03, 0xFE, 0xFF, 0xFF, 0x87, 0xFE, 0xFF, 0xFF, 0x07},
	/* WORD: 0-9 A-Z _ a-z */
	{0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0xFE, 0xFF, 0xFF, 0x87, 0xFE, 0xFF, 0xFF, 0x07},
	/* DIGIT: 0-9 */
	{0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0, 0, 0, 0, 0, 0, 0, 0},
};

int text_hex_value(uint8_t c)
{
	uint8_t letter = (uint8_t)((c | 0x20) - 'a'); /* a-f and A-F as 0-5 */

	if (text_is_digit(c))
		return c - '0';
	return letter < 6 ? letter + 10 : -1;
}

size_t text_quote_at(const uint8_t *t, size_t i, size_t len)
{
	if (t[i] == '"')
		return 1;
	if (t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] == 0x9C || t[i + 2] == 0x9D))
		return 3;
	return 0;
}

int text_escape_at(const uint8_t *t, size_t i, size_t len)
{
	int hi, lo;

	if (t[i] != '[' || i + 3 >= len || t[i + 3] != ']')
		return -1;
	hi = text_hex_value(t[i + 1]);
	lo = text_hex_value(t[i + 2]);
	return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
}

size_t text_length(const char *s, size_t cap)
{
	size_t n = 0;

	while (n < cap && s[n] != 0)
		n++;
	return n;
}

void text_copy(char *dst, size_t cap, const uint8_t *src, size_t len)
{
	if (cap == 0)
		return;
	if (len > cap - 1)
		len = cap - 1;
	if (len > 0)
		memcpy(dst, src, len);
	memset(dst + len, 0, cap - len);
}

size_t text_u32(uint8_t *buf, uint32_t v)
{
	size_t n = 1, i;
	uint32_t t;

	for (t = v; t >= 100u; t /= 100u) /* two digits a division */
		n += 2;
	n += t >= 10u;
	for (i = n - 1; i > 0; i--) {
		buf[i] = (uint8_t)('0' + v % 10u);
		v /= 10u;
	}
	buf[0] = (uint8_t)('0' + v);
	return n;
}
