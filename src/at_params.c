/*
 * Typed parameters: splitting a parameter list, validating and decoding each
 * argument in place, storing, defaults.
 *
 * Decoding happens inside the line buffer: an escape is never shorter than
 * the byte it stands for and quotes are dropped, so the decoded value always
 * fits where its text was.
 */
#include "engine.h"

#include <string.h>

static uint8_t *field_of(const struct at_param *p, struct usrdtu_settings *s)
{
	return (uint8_t *)s + p->offset;
}

uint32_t param_get_uint(const struct at_param *p, const struct usrdtu_settings *s)
{
	const uint8_t *f = (const uint8_t *)s + p->offset;
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;

	switch (p->size) {
	case 1:
		v8 = *f;
		return v8;
	case 2:
		memcpy(&v16, f, 2);
		return v16;
	default:
		memcpy(&v32, f, 4);
		return v32;
	}
}

void param_set_uint(const struct at_param *p, struct usrdtu_settings *s, uint32_t v)
{
	uint8_t *f = field_of(p, s);
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;

	switch (p->size) {
	case 1:
		*f = v8;
		break;
	case 2:
		memcpy(f, &v16, 2);
		break;
	default:
		memcpy(f, &v, 4);
		break;
	}
}

/* ---- splitting ---- */

/* Length of a quote mark at t (ASCII or U+201C/U+201D in UTF-8), else 0. */
static size_t quote_at(const uint8_t *t, size_t i, size_t len)
{
	if (t[i] == '"')
		return 1;
	if (t[i] == 0xE2 && i + 2 < len && t[i + 1] == 0x80 && (t[i + 2] == 0x9C || t[i + 2] == 0x9D))
		return 3;
	return 0;
}

/* ---- validation ---- */

/* 1 when t (len bytes) is word in any case; word has len bytes. */
static int word_is(const uint8_t *t, const char *word, size_t len)
{
	size_t k;

	for (k = 0; k < len; k++) {
		uint8_t c = t[k], w = (uint8_t)word[k];

		/* equal, or the same letter in the other case */
		if (c != w && ((c ^ w) != 0x20 || (uint8_t)((c | 0x20) - 'a') > 'z' - 'a'))
			return 0;
	}
	return 1;
}

/* A dotted quad, first octet on top; 0 or -enum at_error. */
static int ipv4_parse(const uint8_t *t, size_t len, uint32_t *out)
{
	uint32_t addr = 0, part = 0;
	unsigned dots = 0, digits = 0;
	size_t i;

	if (len == 0)
		return -AT_E_MISSING;
	for (i = 0; i < len; i++) {
		uint8_t c = t[i];

		if (c == '.') {
			if (digits == 0 || dots == 3)
				return -AT_E_TYPE;
			addr = addr << 8 | part;
			part = 0;
			digits = 0;
			dots++;
		} else if (text_is_digit(c)) {
			if (++digits > 3)
				return -AT_E_RANGE;
			part = part * 10u + (uint32_t)(c - '0');
		} else {
			return -AT_E_TYPE;
		}
		if (part > 255)
			return -AT_E_RANGE;
	}
	if (dots != 3 || digits == 0)
		return -AT_E_TYPE;
	*out = addr << 8 | part;
	return 0;
}

/* A byte a host name may hold: letters (the usual bytes, tested first),
 * digits, '.', '-', '_'. */
static int host_byte(uint8_t c)
{
	return (uint8_t)((c | 0x20) - 'a') <= 'z' - 'a' || text_is_digit(c) || c == '.' || c == '-' ||
	       c == '_';
}

/* A name of digits and dots only must be a valid IPv4 address. */
static int host_ok(const uint8_t *t, size_t len)
{
	uint32_t addr;
	size_t i = 0;

	while (i < len && host_byte(t[i]))
		i++;
	if (i < len)
		return 0;
	for (i = 0; i < len && (text_is_digit(t[i]) || t[i] == '.'); i++)
		;
	return i < len || len == 0 || ipv4_parse(t, len, &addr) == 0;
}

static int text_charset_ok(uint8_t flags, uint8_t type, const uint8_t *t, size_t len)
{
	unsigned cls;
	size_t i;

	if (type == AT_T_HOST)
		return host_ok(t, len);
	if ((flags & AT_PF_CS_MASK) == AT_PF_CS_WORD)
		cls = TEXT_CLASS_WORD;
	else if ((flags & AT_PF_CS_MASK) != AT_PF_CS_ANY)
		cls = TEXT_CLASS_DIGIT;
	else
		return memchr(t, 0, len) == NULL;
	i = ((flags & AT_PF_CS_MASK) == AT_PF_CS_PHONE && len > 0 && t[0] == '+');
	for (; i < len; i++) {
		if (!text_in_class(cls, t[i]))
			return 0;
	}
	return 1;
}

/* v within the limits of p, or 0 where 0 is allowed besides them. */
static inline int in_limits(const struct at_param *p, uint32_t v)
{
	if (v == 0 && (p->flags & AT_PF_ZERO))
		return 1;
	return v >= at_param_min(p) && v <= at_param_max(p);
}

/* A length of a text or hex value; an empty list member is allowed. */
static inline int length_ok(const struct at_param *p, size_t len)
{
	return (len == 0 && (p->flags & AT_PF_LIST)) || in_limits(p, (uint32_t)len);
}

/* The length and the leading '/' of a text whose bytes are good. */
static inline int text_limits(const struct at_param *p, const uint8_t *t, size_t len)
{
	if (!length_ok(p, len))
		return -AT_E_RANGE;
	if ((p->flags & AT_PF_SLASH) && len > 0 && t[0] != '/')
		return -AT_E_TYPE;
	return 0;
}

/* Checks a decoded text value; 0 or -enum at_error. */
static int text_check(const struct at_param *p, const uint8_t *t, size_t len)
{
	if (!text_charset_ok(p->flags, p->type, t, len))
		return -AT_E_TYPE;
	return text_limits(p, t, len);
}

static inline int uint_ok(const struct at_param *p, uint32_t v)
{
	uint8_t i;

	if (p->aux != NULL && !(p->flags & AT_PF_WIDE)) {
		const struct at_uint_set *set = p->aux;

		for (i = 0; i < set->count; i++) {
			if (set->values[i] == v)
				return 1;
		}
		return 0;
	}
	return in_limits(p, v);
}

static int parse_uint(const struct at_arg *arg, uint32_t *out)
{
	uint32_t v = 0;
	int too_big = 0;
	uint16_t i;

	if (arg->quoted)
		return -AT_E_TYPE;
	if (arg->len == 0)
		return -AT_E_MISSING;
	for (i = 0; i < arg->len; i++) {
		uint8_t c = arg->text[i];
		uint32_t d;

		if (!text_is_digit(c))
			return -AT_E_TYPE;
		d = (uint32_t)(c - '0');
		/* keep scanning after an overflow so a letter is still a type error
		 * (UINT32_MAX is 4294967295) */
		if (v > 429496729u || (v == 429496729u && d > 5u))
			too_big = 1;
		else
			v = v * 10u + d;
	}
	if (too_big)
		return -AT_E_RANGE;
	*out = v;
	return 0;
}

/* Decodes [XX] (or m0's <<CRLF>>) in place; returns the new length. */
static uint16_t unescape(uint8_t style, uint8_t *t, uint16_t len)
{
	const uint8_t *first = memchr(t, (style & AT_S_ESC_CRLF) ? '<' : '[', len);
	uint16_t r, w;

	if (first == NULL || !(style & (AT_S_ESC_BRACKET | AT_S_ESC_CRLF)))
		return len; /* nothing to decode: the common case */
	r = w = (uint16_t)(first - t);

	while (r < len) {
		int byte = (style & AT_S_ESC_BRACKET) ? text_escape_at(t, r, len) : -1;

		if (byte >= 0) {
			t[w++] = (uint8_t)byte;
			r = (uint16_t)(r + 4);
			continue;
		}
		if ((style & AT_S_ESC_CRLF) && t[r] == '<' && r + 7 < len &&
		    word_is(t + r, "<<CRLF>>", 8)) {
			t[w++] = '\r';
			t[w++] = '\n';
			r = (uint16_t)(r + 8);
			continue;
		}
		t[w++] = t[r++];
	}
	return w;
}

static int parse_hex(const struct at_param *p, struct at_arg *arg)
{
	uint16_t i;

	if (arg->len % 2 != 0)
		return -AT_E_TYPE;
	for (i = 0; i < arg->len; i += 2) {
		int hi = text_hex_value(arg->text[i]);
		int lo = text_hex_value(arg->text[i + 1]);

		if (hi < 0 || lo < 0)
			return -AT_E_TYPE;
		arg->text[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	arg->len = (uint16_t)(arg->len / 2);
	if (!length_ok(p, arg->len))
		return -AT_E_RANGE;
	return 0;
}

/* Validates one argument against p and decodes it in place; 0 or -enum
 * at_error. Only params_parse() calls it, so the compiler can inline it. */
static int parse_arg(const struct usrdtu_profile *profile, const struct at_param *p, struct at_arg *arg,
		     uint32_t *value)
{
	*value = 0;
	switch (p->type) {
	case AT_T_ENUM: {
		const struct at_words *w = p->aux;
		uint8_t i;

		if (arg->len == 0)
			return -AT_E_MISSING;
		for (i = 0; i < w->count; i++) {
			if (w->list[i].len == arg->len && word_is(arg->text, w->list[i].text, arg->len)) {
				*value = w->list[i].value;
				return 0;
			}
		}
		return -AT_E_RANGE;
	}
	case AT_T_UINT: {
		int r = parse_uint(arg, value);

		if (r != 0)
			return r;
		return uint_ok(p, *value) ? 0 : -AT_E_RANGE;
	}
	case AT_T_TEXT:
		arg->len = unescape(profile->dialect->style, arg->text, arg->len);
		return text_check(p, arg->text, arg->len);
	case AT_T_HOST: /* no escapes: a host name has no byte that needs one */
		return text_check(p, arg->text, arg->len);
	case AT_T_HEX:
		return parse_hex(p, arg);
	case AT_T_IPV4:
		return ipv4_parse(arg->text, arg->len, value);
	default:
		return -AT_E_TYPE;
	}
}

/* ---- splitting and validating a set ---- */

/* Finds the closing quote (either kind) from i on; returns its position,
 * or len when there is none, and its length in *close. */
static size_t closing_quote(const uint8_t *t, size_t i, size_t len, size_t *close)
{
	for (; i < len; i++) {
		if (t[i] == '"' || (t[i] == 0xE2 && quote_at(t, i, len) != 0)) {
			*close = quote_at(t, i, len);
			return i;
		}
	}
	return len;
}

/* The next comma from i on, or len. */
static size_t next_comma(const uint8_t *t, size_t i, size_t len)
{
	while (i < len && t[i] != ',')
		i++;
	return i;
}

static uint8_t required_params(const struct at_cmd *cmd)
{
	uint8_t n = 0;

	while (n < cmd->nparams && !(cmd->params[n].flags & (AT_PF_OPTIONAL | AT_PF_LIST)))
		n++;
	return n;
}

int params_parse(struct usrdtu *dev, const struct at_cmd *cmd, uint8_t *text, size_t len,
		 struct at_call *call)
{
	const struct usrdtu_profile *profile = dev->profile;
	size_t i = 0;
	int bad = 0; /* the first argument that failed validation */
	uint8_t n = 0;

	/* One pass: each argument is validated as soon as it is split off.
	 * A malformed list still outranks a wrong count, and that a bad
	 * argument, as when the whole list was split first. */
	for (;;) {
		struct at_arg *arg;
		/* the row's parameter for this argument while all are valid */
		const struct at_param *p = bad == 0 && n < cmd->nparams ? &cmd->params[n] : NULL;
		/* scanned: where the scan of a number's digits or a quoted host
		 * name's bytes stopped; the value is that and nothing more when
		 * it is the value's end */
		size_t q, start, end, scanned;
		uint32_t number = 0;

		if (n == AT_MAX_PARAMS)
			return -AT_E_COUNT;
		arg = &call->argv[n];
		while (i < len && text[i] == ' ')
			i++;
		q = i < len ? quote_at(text, i, len) : 0;
		start = i + q;
		if (q != 0) {
			size_t close = 0;

			/* a host name, the longest usual value, is checked as its
			 * closing quote is looked for: no quote is a host byte */
			i = start;
			if (p != NULL && p->type == AT_T_HOST)
				while (i < len && host_byte(text[i]))
					i++;
			scanned = i;
			i = closing_quote(text, i, len, &close);
			if (i == len)
				return -AT_E_FORMAT; /* unterminated quote */
			end = i;
			i += close;
			while (i < len && text[i] == ' ')
				i++;
			if (i < len && text[i] != ',')
				return -AT_E_FORMAT; /* text after the closing quote */
		} else {
			/* Numbers, most unquoted values, are read while their end
			 * is looked for: up to 9 digits cannot overflow. */
			while (i < len && text_is_digit(text[i]) && i - start < 9) {
				number = number * 10u + (uint32_t)(text[i] - '0');
				i++;
			}
			scanned = i;
			if (i < len && text[i] != ',')
				i = next_comma(text, i, len);
			end = i;
			while (end > start && text[end - 1] == ' ')
				end--;
		}
		arg->text = text + start;
		arg->len = (uint16_t)(end - start);
		arg->quoted = (uint8_t)(q != 0);
		if (p != NULL) {
			if (p->type == AT_T_UINT && scanned == end && end > start) {
				call->value[n] = number;
				bad = uint_ok(p, number) ? 0 : -AT_E_RANGE;
			} else if (p->type == AT_T_HOST && scanned == end && end > start &&
				   !text_is_digit(text[start]) && text[start] != '.') {
				/* host bytes, not a number: the scan was the check */
				call->value[n] = 0;
				bad = text_limits(p, arg->text, arg->len);
			} else {
				bad = parse_arg(profile, p, arg, &call->value[n]);
			}
		}
		n++;
		if (i >= len)
			break;
		i++; /* the comma */
	}
	call->argc = n;
	if (n > cmd->nparams || (n < cmd->nparams && n < required_params(cmd)))
		return -AT_E_COUNT;
	return bad;
}

/* ---- storing ---- */

static void store_bytes(const struct at_param *p, struct usrdtu_settings *s, const uint8_t *data,
			size_t len)
{
	uint8_t *f = field_of(p, s);

	if (p->type == AT_T_HEX) {
		if (len > (size_t)p->size - 2)
			len = (size_t)p->size - 2;
		f[0] = (uint8_t)(len & 0xFF);
		f[1] = (uint8_t)(len >> 8);
		if (len > 0)
			memcpy(f + 2, data, len);
		memset(f + 2 + len, 0, (size_t)p->size - 2 - len);
	} else {
		text_copy((char *)f, p->size, data, len);
	}
}

static void store_ipv4(uint8_t *f, uint32_t addr)
{
	f[0] = (uint8_t)(addr >> 24);
	f[1] = (uint8_t)(addr >> 16);
	f[2] = (uint8_t)(addr >> 8);
	f[3] = (uint8_t)addr;
}

void param_store(const struct at_param *p, struct usrdtu_settings *s, const struct at_arg *arg,
		 uint32_t value)
{
	if (p->size == 0)
		return; /* an action's argument */
	if (p->type <= AT_T_UINT) /* an enum's field is one byte (tests/test_tables.c) */
		param_set_uint(p, s, value);
	else if (p->type == AT_T_IPV4)
		store_ipv4(field_of(p, s), value);
	else
		store_bytes(p, s, arg->text, arg->len);
}

int param_is_valid(const struct usrdtu_profile *profile, const struct at_param *p,
		   const struct usrdtu_settings *s)
{
	const uint8_t *f = (const uint8_t *)s + p->offset;

	(void)profile;
	switch (p->type) {
	case AT_T_ENUM: {
		const struct at_words *w = p->aux;
		uint8_t i;

		for (i = 0; i < w->count; i++) {
			if (w->list[i].value == *f)
				return 1;
		}
		return 0;
	}
	case AT_T_UINT:
		return uint_ok(p, param_get_uint(p, s));
	case AT_T_IPV4:
		return 1;
	case AT_T_HEX: {
		uint16_t n = usrdtu_hex_len(f);

		return n <= p->size - 2 && length_ok(p, n);
	}
	default: {
		size_t n = text_length((const char *)f, p->size);

		return n < p->size && text_check(p, f, n) == 0;
	}
	}
}
