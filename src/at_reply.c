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

void out_send(struct usrdtu *dev, const uint8_t *data, size_t len)
{
	if (dev->at_source == AT_SOURCE_NETWORK) /* the reply goes back to that link only */
		net_reply(dev, dev->at_link, data, len);
	else if (dev->at_source == AT_SOURCE_SMS) /* collected for the reply SMS */
		sms_reply_collect(dev, data, len);
	else
		serial_out(dev, data, len);
}

void out_flush(struct usrdtu *dev)
{
	if (dev->out_len == 0)
		return;
	out_send(dev, dev->out, dev->out_len);
	dev->out_len = 0;
}

/* Not inline: no line the engine answers most often writes single bytes,
 * and each inline copy costs flash. */
void out_byte(struct usrdtu *dev, uint8_t c)
{
	dev->out[dev->out_len++] = c;
	if (dev->out_len == sizeof dev->out)
		out_flush(dev);
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

void out_str(struct usrdtu *dev, const char *s)
{
	out_bytes(dev, s, strlen(s));
}

void out_u32(struct usrdtu *dev, uint32_t v)
{
	uint8_t digits[10];

	out_bytes(dev, digits, text_u32(digits, v));
}

static void out_i32(struct usrdtu *dev, int32_t v)
{
	if (v < 0) {
		out_byte(dev, '-');
		out_u32(dev, (uint32_t)(-(v + 1)) + 1u);
	} else {
		out_u32(dev, (uint32_t)v);
	}
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

	if (err <= AT_E_NONE || err >= AT_E__COUNT)
		err = AT_E_FORMAT;
	dev->stats.errors++;
	out_str(dev, d->error_open);
	out_i32(dev, d->error_code[err]);
	out_str(dev, d->error_close);
}

/* Room for n more bytes in the staging buffer (n <= its size): flushes
 * first if needed and returns where to write; out_commit() takes them. */
static uint8_t *out_reserve(struct usrdtu *dev, size_t n)
{
	if (sizeof dev->out - dev->out_len < n)
		out_flush(dev);
	return dev->out + dev->out_len;
}

static void out_commit(struct usrdtu *dev, const uint8_t *end)
{
	dev->out_len = (uint8_t)(end - dev->out);
	if (dev->out_len == sizeof dev->out)
		out_flush(dev);
}

void reply_value_open(struct usrdtu *dev, const struct at_cmd *cmd)
{
	const struct at_dialect *d = dev->profile->dialect;
	size_t need = (size_t)d->value_open_len + cmd->name_len + 2;
	uint8_t *o;

	if (!(d->style & AT_S_NAMED) || need > sizeof dev->out) { /* or a reply buffer of a few bytes */
		out_bytes(dev, d->value_open, d->value_open_len);
		if (d->style & AT_S_NAMED) {
			out_bytes(dev, cmd->name, cmd->name_len);
			out_bytes(dev, ": ", (cmd->flags & AT_CF_SPACE) ? 2u : 1u);
		}
		return;
	}
	/* the usual case in one copy: "\r\n+NAME:" */
	o = out_reserve(dev, need);
	memcpy(o, d->value_open, d->value_open_len);
	o += d->value_open_len;
	memcpy(o, cmd->name, cmd->name_len);
	o += cmd->name_len;
	*o++ = ':';
	if (cmd->flags & AT_CF_SPACE)
		*o++ = ' ';
	out_commit(dev, o);
}

void reply_value_close(struct usrdtu *dev, const struct at_cmd *cmd)
{
	const struct at_dialect *d = dev->profile->dialect;
	const char *close = d->value_close;
	uint8_t n = d->value_close_len;

	if (cmd->flags & AT_CF_TIGHT) {
		close = d->tight_close;
		n = d->tight_close_len;
	}
	out_bytes(dev, close, n);
}

static void out_hex_byte(struct usrdtu *dev, uint8_t b)
{
	static const char digits[] = "0123456789ABCDEF";
	uint8_t two[2];

	two[0] = (uint8_t)digits[b >> 4];
	two[1] = (uint8_t)digits[b & 15];
	out_bytes(dev, two, 2);
}

/* Bytes an unquoted value cannot start or end with and still be typed
 * back: the parser trims spaces, takes a leading quote for a quoted value,
 * and reads a lone "?" after '=' as the test form. */
static int unquoted_edge(const uint8_t *t, size_t i, size_t len)
{
	uint8_t c = t[i];

	if (c == ' ' && (i == 0 || i == len - 1))
		return 1;
	if (i == 0 && text_quote_at(t, i, len) != 0)
		return 1;
	return len == 1 && c == '?';
}

static int needs_escape(uint8_t style, uint8_t quote, const uint8_t *t, size_t i, size_t len)
{
	uint8_t c = t[i];

	if (c < 0x20 || c == 0x7F)
		return 1;
	if (c == '[' && text_escape_at(t, i, len) >= 0) /* would read back as one byte */
		return 1;
	if (quote)
		return text_quote_at(t, i, len) != 0;
	if (c == ',' || unquoted_edge(t, i, len))
		return 1;
	return c == '?' && (style & AT_S_ESC_QMARK);
}

/* m0 has no [XX]: quotes are its only way to keep such values whole. */
static int m0_needs_quotes(const uint8_t *text, size_t len)
{
	return len > 0 && (memchr(text, ',', len) != NULL || unquoted_edge(text, 0, len) ||
			   unquoted_edge(text, len - 1, len));
}

void reply_text(struct usrdtu *dev, const uint8_t *text, size_t len, uint8_t quote)
{
	uint8_t style = dev->profile->dialect->style;
	size_t run = 0, i;

	if (!quote && !(style & AT_S_ESC_BRACKET) && m0_needs_quotes(text, len))
		quote = 1;
	if (quote)
		out_byte(dev, '"');
	for (i = 0; i < len; i++) {
		if (style & AT_S_ESC_CRLF) {
			/* m0 has one escape: <<CRLF>>; nothing else can be typed back */
			if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') {
				out_bytes(dev, text + run, i - run);
				out_str(dev, "<<CRLF>>");
				run = i + 2;
				i++;
			}
			continue;
		}
		if (!(style & AT_S_ESC_BRACKET) || !needs_escape(style, quote, text, i, len))
			continue;
		out_bytes(dev, text + run, i - run);
		out_byte(dev, '[');
		out_hex_byte(dev, text[i]);
		out_byte(dev, ']');
		run = i + 1;
	}
	out_bytes(dev, text + run, len - run);
	if (quote)
		out_byte(dev, '"');
}

static const uint8_t *field_of(const struct at_param *p, const struct usrdtu_settings *s)
{
	return (const uint8_t *)s + p->offset;
}

static const struct at_word *word_of(const struct at_param *p, uint8_t value)
{
	const struct at_words *w = p->aux;
	uint8_t i;

	for (i = 0; i < w->count; i++) {
		if (w->list[i].value == value)
			return &w->list[i];
	}
	return &w->list[0];
}

/* The longest number or word put_short() writes: ten digits or a word of
 * up to AT_WORD_MAX bytes in quotes, and the comma before it. */
#define PIECE_MAX (AT_WORD_MAX + 3u)

/* A number or a word (quoted when the dialect quotes words) at o, which
 * has room for PIECE_MAX bytes; returns its end. */
static inline uint8_t *put_short(uint8_t *o, const struct at_param *p, const struct usrdtu_settings *s,
			  uint8_t quote)
{
	const struct at_word *word;

	if (p->type == AT_T_UINT) {
		/* most numbers are bytes: read without a call */
		uint32_t v = p->size == 1 ? *field_of(p, s) : param_get_uint(p, s);

		if (v < 10)
			*o++ = (uint8_t)('0' + v);
		else
			o += text_u32(o, v);
		return o;
	}
	word = word_of(p, *field_of(p, s));
	*o = '"';
	o += quote;
	memcpy(o, word->text, word->len);
	o += word->len;
	*o = '"';
	return o + quote;
}

/* One parameter's value; quote: the dialect quotes texts and words. */
static void put_param(struct usrdtu *dev, const struct at_param *p, const struct usrdtu_settings *s,
		      uint8_t quote)
{
	const uint8_t *f = field_of(p, s);
	uint8_t piece[PIECE_MAX];
	size_t i;

	switch (p->type) {
	case AT_T_ENUM:
	case AT_T_UINT:
		out_bytes(dev, piece, (size_t)(put_short(piece, p, s, quote) - piece));
		break;
	case AT_T_TEXT:
	case AT_T_HOST:
		reply_text(dev, f, text_length((const char *)f, p->size), quote);
		break;
	case AT_T_HEX: {
		uint16_t n = usrdtu_hex_len(f);

		if (quote)
			out_byte(dev, '"');
		for (i = 0; i < n; i++)
			out_hex_byte(dev, f[2 + i]);
		if (quote)
			out_byte(dev, '"');
		break;
	}
	case AT_T_IPV4:
		for (i = 0; i < 4; i++) {
			if (i > 0)
				out_byte(dev, '.');
			out_u32(dev, f[i]);
		}
		break;
	default:
		break;
	}
}

void reply_param(struct usrdtu *dev, const struct at_param *p, const struct usrdtu_settings *s)
{
	put_param(dev, p, s, (dev->profile->dialect->style & AT_S_QUOTED) ? 1 : 0);
}

static int param_is_empty(const struct at_param *p, const struct usrdtu_settings *s)
{
	const uint8_t *f = field_of(p, s);

	if (p->type == AT_T_TEXT || p->type == AT_T_HOST)
		return f[0] == 0;
	if (p->type == AT_T_HEX)
		return usrdtu_hex_len(f) == 0;
	return 0;
}

void reply_params(struct usrdtu *dev, const struct at_cmd *cmd, const struct usrdtu_settings *s)
{
	uint8_t quote = (dev->profile->dialect->style & AT_S_QUOTED) ? 1 : 0;
	const struct at_param *p = cmd->params, *last = p + cmd->nparams;
	uint8_t *o = dev->out + dev->out_len;

	for (; p < last; p++) {
		/* Numbers and words, most values, are written straight into the
		 * staging buffer with their comma; the rest by put_param(). */
		if (p->type <= AT_T_UINT && sizeof dev->out >= PIECE_MAX) {
			if (o > dev->out + sizeof dev->out - PIECE_MAX) {
				out_commit(dev, o);
				o = out_reserve(dev, PIECE_MAX);
			}
			*o = ',';
			o = put_short(o + (p != cmd->params), p, s, quote);
			continue;
		}
		out_commit(dev, o);
		/* list members after the last one set are not printed */
		if ((p->flags & AT_PF_LIST) && param_is_empty(p, s))
			return;
		if (p != cmd->params)
			out_byte(dev, ',');
		put_param(dev, p, s, quote);
		o = dev->out + dev->out_len;
	}
	out_commit(dev, o);
}

/* The AT+X=? text of one parameter: its words or allowed numbers as a
 * list, else its limits as "min~max" (texts and hex: their length). */
static void range_of(struct usrdtu *dev, const struct at_param *p, uint8_t quote)
{
	const struct at_words *words = NULL;
	const struct at_uint_set *set = NULL;
	uint8_t i, n = 0;

	if (p->type == AT_T_IPV4) {
		out_str(dev, "0.0.0.0~255.255.255.255");
		return;
	}
	if (p->type == AT_T_ENUM) {
		words = p->aux;
		n = words->count;
	} else if (p->type == AT_T_UINT && p->aux != NULL && !(p->flags & AT_PF_WIDE)) {
		set = p->aux;
		n = set->count;
	}
	for (i = 0; i < n; i++) {
		if (i > 0)
			out_byte(dev, ',');
		if (set != NULL) {
			out_u32(dev, set->values[i]);
			continue;
		}
		if (quote)
			out_byte(dev, '"');
		out_bytes(dev, words->list[i].text, words->list[i].len);
		if (quote)
			out_byte(dev, '"');
	}
	if (n > 0)
		return;
	if (p->type == AT_T_UINT && (p->flags & AT_PF_ZERO))
		out_str(dev, "0,");
	out_u32(dev, at_param_min(p));
	out_byte(dev, '~');
	out_u32(dev, at_param_max(p));
	if (p->type != AT_T_UINT)
		out_str(dev, " bytes");
}

void reply_range(struct usrdtu *dev, const struct at_cmd *cmd)
{
	uint8_t quote = (dev->profile->dialect->style & AT_S_QUOTED) ? 1 : 0;
	uint8_t i;

	if (*at_cmd_range(cmd) != 0) {
		out_str(dev, at_cmd_range(cmd));
		return;
	}
	for (i = 0; i < cmd->nparams; i++) {
		const struct at_param *p = &cmd->params[i];
		uint8_t optional = (p->flags & (AT_PF_OPTIONAL | AT_PF_LIST)) != 0;

		if (i > 0)
			out_byte(dev, ',');
		out_byte(dev, optional ? '[' : '<');
		range_of(dev, p, quote);
		out_byte(dev, optional ? ']' : '>');
	}
}
