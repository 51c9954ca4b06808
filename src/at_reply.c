/*
 * Replies: a small staging buffer in front of the HAL's serial_write, and the
 * shapes of every reply in a profile's dialect.
 */
#include "engine.h"

#include <string.h>

void serial_out(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	int taken = dev->hal->serial_write(dev->ctx, data, len);

	if (taken < 0)
		taken = 0;
	if ((size_t)taken < len)
		dev->stats.serial_tx_lost += (uint32_t)(len - (size_t)taken);
}

/* A reply piece straight to where the command came from, unstaged. */
static void out_send(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	if (dev->at_source < AT_SOURCE_NETWORK) /* command mode or a serial frame */
		serial_out(dev, data, len);
	else if (dev->at_source == AT_SOURCE_NETWORK) /* the reply goes back to that link only */
		net_reply(dev, dev->at_link, data, len);
	else /* AT_SOURCE_SMS: collected for the reply SMS */
		sms_reply_collect(dev, data, len);
}

void out_flush(struct usrdtu *dev)
{
	if (dev->out_len == 0)
		return;
	out_send(dev, dev->out, dev->out_len);
	dev->out_len = 0;
}

void out_bytes(struct usrdtu *dev, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t room = sizeof dev->out - dev->out_len;
	uint8_t used;

	while (len >= room) { /* what fills the buffer goes out */
		memcpy(dev->out + dev->out_len, p, room);
		dev->out_len = sizeof dev->out;
		out_flush(dev);
		p += room;
		len -= room;
		room = sizeof dev->out;
	}
	used = dev->out_len;
	dev->out_len = (uint8_t)(used + len);
	memcpy(dev->out + used, p, len); /* the copy last: nothing to keep after it */
}

/* out_bytes() for the pieces of a query reply: most fit the room left,
 * and are staged without its loop (where the compiler inlines it: the
 * pieces of the lines answered most often then cost no call). */
static inline void out_piece(struct usrdtu *dev, const void *data, size_t len)
{
	uint8_t used = dev->out_len;

	if (len < sizeof dev->out - used) {
		dev->out_len = (uint8_t)(used + len);
		memcpy(dev->out + used, data, len);
	} else {
		out_bytes(dev, data, len);
	}
}

/* Through out_bytes(): no line the engine answers most often writes
 * single bytes. */
void out_byte(struct usrdtu *dev, uint8_t c)
{
	out_bytes(dev, &c, 1);
}

void out_str(struct usrdtu *dev, const char *s)
{
	out_bytes(dev, s, strlen(s));
}

void out_u32(struct usrdtu *dev, uint32_t v)
{
	uint8_t digits[10];
	size_t len = text_u32(digits, v);

	out_bytes(dev, digits, len);
}

void reply_ok(struct usrdtu *dev)
{
	const struct at_dialect *d = dev->profile->dialect;

	/* the usual case, a set answered with nothing before it: written
	 * straight from the dialect, as one write like a staged reply */
	if (dev->out_len == 0)
		out_send(dev, (const uint8_t *)d->ok, d->ok_len);
	else
		out_bytes(dev, d->ok, d->ok_len);
}

void reply_error(struct usrdtu *dev, enum at_error err)
{
	const struct at_dialect *d = dev->profile->dialect;
	int code;

	if (err <= AT_E_NONE || err >= AT_E__COUNT)
		err = AT_E_FORMAT;
	dev->stats.errors++;
	code = d->error_code[err];
	out_str(dev, d->error_open);
	if (code < 0) { /* m0's codes are negative: "+ERR=-4" */
		out_byte(dev, '-');
		code = -code;
	}
	out_u32(dev, (uint32_t)code);
	out_str(dev, d->error_close);
}

void reply_value_open(struct usrdtu *dev, const struct at_cmd *cmd)
{
	const struct at_dialect *d = dev->profile->dialect;

	out_piece(dev, d->value_open, d->value_open_len);
	if (d->style & AT_S_NAMED) {
		out_piece(dev, cmd->name, cmd->name_len);
		out_piece(dev, ":", 1); /* a constant length: copied without a call */
		if (cmd->flags & AT_CF_SPACE)
			out_piece(dev, " ", 1);
	}
}

void reply_value_close(struct usrdtu *dev, const struct at_cmd *cmd)
{
	const struct at_dialect *d = dev->profile->dialect;

	if (cmd->flags & AT_CF_TIGHT)
		out_piece(dev, d->tight_close, d->tight_close_len);
	else
		out_piece(dev, d->value_close, d->value_close_len);
}

/* In the mode byte of needs_escape(): the value is printed in quotes. */
#define IN_QUOTES 0x80

/* 1 when byte i of a text would not read back as itself (mode: the
 * dialect's style bits, and IN_QUOTES): with [XX] escapes, control bytes
 * and what reads as an escape; in quotes, a quote mark; else a comma,
 * which ends the value, a space at either end (the parser trims them), a
 * leading quote mark, and a lone '?' (the test form; g781 escapes every '?'). */
static int needs_escape(unsigned mode, const uint8_t *t, size_t i, size_t len)
{
	uint8_t c = t[i];

	if (mode & AT_S_ESC_BRACKET) {
		if (c < 0x20 || c == 0x7F)
			return 1;
		if (c == '[')
			return text_escape_at(t, i, len) >= 0;
	}
	if (text_quote_at(t, i, len) != 0)
		return (mode & IN_QUOTES) || i == 0;
	if (mode & IN_QUOTES)
		return 0;
	if (c == ',')
		return 1;
	if (c == ' ')
		return i == 0 || i == len - 1;
	return c == '?' && (len == 1 || (mode & AT_S_ESC_QMARK));
}

static uint8_t hex_digit(uint8_t v)
{
	return (uint8_t)(v + (v < 10 ? '0' : 'A' - 10));
}

/* A text, or with hex its bytes as hex digits, in the dialect's style, so
 * that it can be typed back: [XX] escapes, or (m0) <<CRLF>> for CR LF and
 * quotes around a text that would not read back whole without them, m0
 * having no other escape. */
static void put_text(struct usrdtu *dev, const uint8_t *text, size_t len, unsigned quote, unsigned hex)
{
	unsigned mode = dev->profile->dialect->style;
	size_t i;

	if (hex)
		mode = 0;
	for (i = 0; i < len && !hex && !(mode & AT_S_ESC_BRACKET); i++)
		quote |= (unsigned)needs_escape(mode, text, i, len);
	if (quote) {
		out_byte(dev, '"');
		mode |= IN_QUOTES;
	}
	for (i = 0; i < len; i++) {
		uint8_t c = text[i];
		uint8_t escape[4] = {'[', hex_digit(c >> 4), hex_digit(c & 15), ']'};
		const uint8_t *from = escape + hex; /* hex: the digits alone */
		size_t n = hex ? 2u : 4u;

		if (!hex && !((mode & AT_S_ESC_BRACKET) && needs_escape(mode, text, i, len))) {
			from = text + i;
			n = 1;
			if ((mode & AT_S_ESC_CRLF) && c == '\r' && i + 1 < len && text[i + 1] == '\n') {
				from = (const uint8_t *)"<<CRLF>>";
				n = 8;
				i++;
			}
		}
		out_bytes(dev, from, n);
	}
	if (quote)
		out_byte(dev, '"');
}

/* The longest piece written in place: a comma and a word of up to
 * AT_WORD_MAX bytes in quotes (numbers are shorter). */
#define PIECE_MAX (AT_WORD_MAX + 3u)

/* A word of a list, in quotes when the dialect quotes words. */
static uint8_t *put_word(uint8_t *o, const struct at_word *word, unsigned quote)
{
	*o = '"';
	o += quote;
	memcpy(o, word->text, word->len);
	o += word->len;
	*o = '"';
	return o + quote;
}

static uint8_t *put_u32(uint8_t *o, uint32_t v)
{
	if (v < 10) { /* most numbers of a query */
		*o = (uint8_t)('0' + v);
		return o + 1;
	}
	return o + text_u32(o, v);
}

/* Parameters first to last, comma-separated; list members after the last
 * one set are not printed. */
static void put_params(struct usrdtu *dev, const struct at_param *p, const struct at_param *last,
		       const struct usrdtu_settings *s)
{
	unsigned comma = 0, quote = (dev->profile->dialect->style & AT_S_QUOTED) ? 1 : 0;
	uint8_t spare[PIECE_MAX], *o;
	const uint8_t *f;
	size_t i;

	for (; p < last; p++, comma = 1) {
		f = (const uint8_t *)s + p->offset;
		if (p->type > AT_T_UINT) { /* texts, hex and addresses */
			/* empty: a text's first byte, a hex string's length is 0 */
			if ((p->flags & AT_PF_LIST) && f[0] == 0 && (p->type != AT_T_HEX || f[1] == 0))
				break;
			if (comma)
				out_byte(dev, ',');
			for (i = 0; i < 4 && p->type == AT_T_IPV4; i++) {
				if (i > 0)
					out_byte(dev, '.');
				out_u32(dev, f[i]);
			}
			if (p->type == AT_T_HEX)
				put_text(dev, f + 2, usrdtu_hex_len(f), quote, 1);
			else if (p->type != AT_T_IPV4)
				put_text(dev, f, text_length((const char *)f, p->size), quote, 0);
			continue;
		}
		/* Numbers and words, most values, are written in place with
		 * their comma, after a flush unless more than the longest fits
		 * (so that they never fill the buffer); through spare if the
		 * buffer is smaller. */
		o = spare;
		if (sizeof dev->out > PIECE_MAX) {
			size_t used = dev->out_len;

			if (used >= sizeof dev->out - PIECE_MAX) {
				out_flush(dev);
				used = 0;
			}
			o = dev->out + used;
		}
		*o = ',';
		o += comma;
		if (p->type == AT_T_UINT) {
			/* most numbers are bytes: read without a call */
			o = put_u32(o, p->size == 1 ? f[0] : param_get_uint(p, s));
		} else {
			const struct at_words *words = p->aux;
			const struct at_word *word = words->list; /* an unknown value: the first word */

			for (i = 0; i < words->count; i++) {
				if (words->list[i].value == f[0]) {
					word = &words->list[i];
					break;
				}
			}
			o = put_word(o, word, quote);
		}
		if (sizeof dev->out > PIECE_MAX)
			dev->out_len = (uint8_t)(o - dev->out);
		else
			out_bytes(dev, spare, (size_t)(o - spare));
	}
}

void reply_param(struct usrdtu *dev, const struct at_param *p, const struct usrdtu_settings *s)
{
	put_params(dev, p, p + 1, s);
}

void reply_params(struct usrdtu *dev, const struct at_cmd *cmd, const struct usrdtu_settings *s)
{
	put_params(dev, cmd->params, cmd->params + cmd->nparams, s);
}

void reply_range(struct usrdtu *dev, const struct at_cmd *cmd)
{
	unsigned quote = (dev->profile->dialect->style & AT_S_QUOTED) ? 1 : 0;
	const struct at_param *p;

	if (*at_cmd_range(cmd) != 0) {
		out_str(dev, at_cmd_range(cmd));
		return;
	}
	/* Each parameter in <> ([] when it may be left out): its words or
	 * allowed numbers as a list, else its limits as "min~max" (texts and
	 * hex: their length). */
	for (p = cmd->params; p < cmd->params + cmd->nparams; p++) {
		unsigned optional = (p->flags & (AT_PF_OPTIONAL | AT_PF_LIST)) != 0;
		const struct at_words *words = p->aux;
		const struct at_uint_set *set = p->aux;
		unsigned i, n = 0;

		if (p > cmd->params)
			out_byte(dev, ',');
		out_byte(dev, optional ? '[' : '<');
		if (p->type == AT_T_ENUM)
			n = words->count;
		else if (p->type == AT_T_UINT && p->aux != NULL && !(p->flags & AT_PF_WIDE))
			n = set->count;
		for (i = 0; i < n; i++) {
			if (i > 0)
				out_byte(dev, ',');
			if (p->type == AT_T_UINT)
				out_u32(dev, set->values[i]);
			else /* a word has nothing to escape: it prints as a query shows it */
				put_text(dev, (const uint8_t *)words->list[i].text, words->list[i].len, quote, 0);
		}
		if (p->type == AT_T_IPV4) {
			out_str(dev, "0.0.0.0~255.255.255.255");
		} else if (n == 0) {
			if (p->type == AT_T_UINT && (p->flags & AT_PF_ZERO))
				out_str(dev, "0,");
			out_u32(dev, at_param_min(p));
			out_byte(dev, '~');
			out_u32(dev, at_param_max(p));
			if (p->type != AT_T_UINT)
				out_str(dev, " bytes");
		}
		out_byte(dev, optional ? ']' : '>');
	}
}
