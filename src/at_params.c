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
		unsigned d = (unsigned)t[i] - '0';

		if (d <= 9u) {
			part = part * 10u + d;
			if (++digits > 3 || part > 255)
				return -AT_E_RANGE;
		} else if (t[i] != '.' || digits == 0 || dots == 3) {
			return -AT_E_TYPE;
		} else {
			addr = addr << 8 | part;
			part = 0;
			digits = 0;
			dots++;
		}
	}
	if (dots != 3 || digits == 0)
		return -AT_E_TYPE;
	*out = addr << 8 | part;
	return 0;
}

/* v within the limits of p, or 0 where one of zero_flags of p allows it
 * besides them. One unsigned compare: min <= max in every table
 * (tests/test_tables.c). */
static int in_limits(const struct at_param *p, uint32_t v, unsigned zero_flags)
{
	uint32_t min = p->min, max = p->max;

	if (p->flags & AT_PF_WIDE) {
		const struct at_wide *wide = p->aux;

		min = wide->min;
		max = wide->max;
	}
	return (v == 0 && (p->flags & zero_flags)) || v - min <= max - min;
}

/* A length of a text or hex value; an empty list member is allowed. */
static int length_ok(const struct at_param *p, size_t len)
{
	return in_limits(p, (uint32_t)len, AT_PF_ZERO | AT_PF_LIST);
}

/* Checks a decoded text or host value whose first `checked` bytes are
 * known to be host bytes (which only a host name uses); 0 or -enum
 * at_error. */
static int text_check(const struct at_param *p, const uint8_t *t, size_t len, size_t checked)
{
	/* the class of each AT_PF_CS_*: any byte is checked by memchr, a
	 * phone number's leading '+' is skipped */
	static const uint8_t charset_class[4] = {TEXT_CLASS_DIGIT, TEXT_CLASS_WORD, TEXT_CLASS_DIGIT,
						 TEXT_CLASS_DIGIT};
	unsigned charset = p->flags & AT_PF_CS_MASK;
	unsigned cls = TEXT_CLASS_HOST;
	size_t i = checked;
	uint32_t addr;

	if (p->type != AT_T_HOST) {
		cls = charset_class[charset >> 4];
		i = charset == AT_PF_CS_PHONE && len > 0 && t[0] == '+';
		/* any byte but NUL: a NUL fails the digit class where the
		 * check begins at 0, anything else is not checked at all */
		if (charset == AT_PF_CS_ANY)
			i = memchr(t, 0, len) != NULL ? 0 : len;
	}
	while (i < len && text_in_class(cls, t[i]))
		i++;
	if (i < len)
		return -AT_E_TYPE;
	if (p->type == AT_T_HOST) {
		/* a name of digits and dots only (no host byte lies between
		 * '.' and '9' but those) must be an IPv4 address */
		for (i = 0; i < len && (uint8_t)(t[i] - '.') <= '9' - '.'; i++)
			;
		if (i == len && len > 0 && ipv4_parse(t, len, &addr) != 0)
			return -AT_E_TYPE;
	}
	if (!length_ok(p, len))
		return -AT_E_RANGE;
	if ((p->flags & AT_PF_SLASH) && len > 0 && t[0] != '/')
		return -AT_E_TYPE;
	return 0;
}

static inline int uint_ok(const struct at_param *p, uint32_t v)
{
	const struct at_uint_set *set = p->aux;
	const uint32_t *allowed, *last;

	if (set == NULL || (p->flags & AT_PF_WIDE))
		return in_limits(p, v, AT_PF_ZERO);
	for (allowed = set->values, last = allowed + set->count; allowed < last; allowed++) {
		if (*allowed == v)
			return 1;
	}
	return 0;
}

/* Decodes [XX] (or m0's <<CRLF>>) in place; returns the new length. */
static size_t unescape(uint8_t style, uint8_t *t, size_t len)
{
	size_t r = 0, w = 0;

	while (r < len) {
		int byte = (style & AT_S_ESC_BRACKET) ? text_escape_at(t, r, len) : -1;

		if (byte >= 0) {
			r += 4;
		} else {
			/* <<CRLF>> ends in the two bytes it stands for, which
			 * are then copied as they are */
			if ((style & AT_S_ESC_CRLF) && r + 8 <= len && word_is(t + r, "<<CRLF>>", 8)) {
				t[r + 6] = '\r';
				t[r + 7] = '\n';
				r += 6;
			}
			byte = t[r++];
		}
		t[w++] = (uint8_t)byte;
	}
	return w;
}

static int parse_hex(const struct at_param *p, struct at_arg *arg)
{
	uint8_t *t = arg->text;
	size_t i, len = arg->len;
	unsigned byte = 0;

	if (len % 2 != 0)
		return -AT_E_TYPE;
	for (i = 0; i < len; i++) {
		int nibble = text_hex_value(t[i]);

		if (nibble < 0)
			return -AT_E_TYPE;
		byte = byte << 4 | (unsigned)nibble;
		t[i / 2] = (uint8_t)byte; /* complete after the second nibble */
	}
	arg->len = (uint16_t)(len / 2);
	return length_ok(p, len / 2) ? 0 : -AT_E_RANGE;
}

/* Validates one argument against p and decodes it in place; 0 or -enum
 * at_error. *value holds the number the split read, if any. */
static int parse_arg(const struct usrdtu_profile *profile, const struct at_param *p, struct at_arg *arg,
		     uint32_t *value)
{
	if (p->type == AT_T_UINT) {
		if (arg->kind != AT_ARG_SIMPLE) /* not an unquoted number */
			return arg->len == 0 && arg->kind == 0 ? -AT_E_MISSING : -AT_E_TYPE;
		return uint_ok(p, *value) ? 0 : -AT_E_RANGE;
	}
	switch (p->type) {
	case AT_T_ENUM: {
		const struct at_words *words = p->aux;
		const struct at_word *w = words->list, *last = w + words->count;

		if (arg->len == 0)
			return -AT_E_MISSING;
		for (; w < last; w++) {
			if (w->len == arg->len && word_is(arg->text, w->text, arg->len)) {
				*value = w->value;
				return 0;
			}
		}
		return -AT_E_RANGE;
	}
	case AT_T_TEXT:
		arg->len = (uint16_t)unescape(profile->dialect->style, arg->text, arg->len);
		/* fall through */
	case AT_T_HOST: /* no escapes: a host name has no byte that needs one */
		return text_check(p, arg->text, arg->len, (arg->kind & AT_ARG_SIMPLE) ? arg->len : 0);
	case AT_T_HEX:
		return parse_hex(p, arg);
	default: /* AT_T_IPV4 */
		return ipv4_parse(arg->text, arg->len, value);
	}
}

/* ---- splitting and validating a set ---- */

/* A byte a host name may hold; letters and dots, the usual ones, are
 * tested first. */
static int host_byte(uint8_t c)
{
	return (uint8_t)((c | 0x20) - 'a') <= 'z' - 'a' || c == '.' || text_in_class(TEXT_CLASS_HOST, c);
}

/* Length of a quote mark (ASCII or U+201C/U+201D) at t, before stop;
 * else 0 (also at stop). */
static size_t quote_len(const uint8_t *t, const uint8_t *stop)
{
	if (t >= stop)
		return 0;
	if (*t == '"') /* the usual one, without a call */
		return 1;
	return *t == 0xE2 ? text_quote_at(t, 0, (size_t)(stop - t)) : 0;
}

/* What the split reads for a number of ten digits or more: no parameter
 * allows a value that large (tests/test_tables.c), and reading on would
 * need an overflow check per digit. */
#define NUMBER_TOO_BIG UINT32_MAX

/* Splits a parameter list into call->argv; the number of arguments,
 * -AT_E_FORMAT or -AT_E_COUNT (more than AT_MAX_PARAMS). On its way it
 * reads what the usual values are: a quoted one's host-name bytes, an
 * unquoted one's digits (into call->value), and says in the argument's
 * kind whether they were all of it. */
static int params_split(uint8_t *text, size_t len, struct at_call *call)
{
	uint8_t *at = text; /* where the scan is */
	uint8_t *const stop = text + len;
	unsigned n = 0;

	for (;;) {
		struct at_arg *arg = &call->argv[n];
		uint8_t *start, *end;
		size_t q, close = 0;
		unsigned kind;
		uint32_t number = 0;

		if (n == AT_MAX_PARAMS)
			return -AT_E_COUNT;
		while (at < stop && *at == ' ')
			at++;
		q = quote_len(at, stop);
		start = at += q;
		if (q != 0) {
			/* host bytes, the usual ones, first: no quote is one */
			kind = AT_ARG_QUOTED | AT_ARG_SIMPLE;
			for (; at < stop; at++) {
				if (host_byte(*at))
					continue;
				close = quote_len(at, stop);
				if (close != 0)
					break;
				kind = AT_ARG_QUOTED;
			}
			if (at == stop)
				return -AT_E_FORMAT; /* unterminated quote */
			end = at;
			at += close;
			while (at < stop && *at == ' ')
				at++;
			if (at < stop && *at != ',')
				return -AT_E_FORMAT; /* text after the closing quote */
		} else {
			/* a number of ten digits or more (leading zeros
			 * aside) stays at NUMBER_TOO_BIG */
			while (at < stop && text_is_digit(*at)) {
				uint32_t d = (uint32_t)(*at++ - '0');

				number = number < 100000000u ? number * 10u + d : NUMBER_TOO_BIG;
			}
			kind = at > start ? AT_ARG_SIMPLE : 0;
			/* the rest up to the comma, but trailing spaces */
			for (end = at; at < stop && *at != ','; at++) {
				if (*at != ' ') {
					end = at + 1;
					kind = 0;
				}
			}
		}
		arg->text = start;
		arg->len = (uint16_t)(end - start);
		arg->kind = (uint8_t)kind;
		call->value[n] = number;
		n++;
		if (at >= stop)
			break;
		at++; /* the comma */
	}
	return (int)n;
}

int params_parse(struct usrdtu *dev, const struct at_cmd *cmd, uint8_t *text, size_t len,
		 struct at_call *call)
{
	const struct usrdtu_profile *profile = dev->profile;
	const struct at_param *p = cmd->params;
	int r = params_split(text, len, call);
	unsigned n = (unsigned)r, i;

	if (r < 0)
		return r;
	call->argc = (uint8_t)n;
	/* a malformed list outranks a wrong count, and that a bad argument;
	 * the parameters left out must be optional ones, which are the last
	 * of a row (tests/test_tables.c) */
	if (n != cmd->nparams && (n > cmd->nparams || !(p[n].flags & (AT_PF_OPTIONAL | AT_PF_LIST))))
		return -AT_E_COUNT;
	for (i = 0; i < n; i++) {
		r = parse_arg(profile, &p[i], &call->argv[i], &call->value[i]);
		if (r != 0)
			return r;
	}
	return 0;
}

/* ---- storing ---- */

void param_store(const struct at_param *p, struct usrdtu_settings *s, const struct at_arg *arg,
		 uint32_t value)
{
	uint8_t *f = field_of(p, s);
	size_t len = arg->len;

	if (p->size == 0)
		return; /* an action's argument */
	if (p->type <= AT_T_UINT) { /* an enum's field is one byte (tests/test_tables.c) */
		param_set_uint(p, s, value);
	} else if (p->type == AT_T_IPV4) {
		f[0] = (uint8_t)(value >> 24);
		f[1] = (uint8_t)(value >> 16);
		f[2] = (uint8_t)(value >> 8);
		f[3] = (uint8_t)value;
	} else if (p->type == AT_T_HEX) {
		if (len > (size_t)p->size - 2)
			len = (size_t)p->size - 2;
		memset(f, 0, p->size);
		f[0] = (uint8_t)(len & 0xFF);
		f[1] = (uint8_t)(len >> 8);
		memcpy(f + 2, arg->text, len);
	} else {
		text_copy((char *)f, p->size, arg->text, len);
	}
}

int param_is_valid(const struct usrdtu_profile *profile, const struct at_param *p,
		   const struct usrdtu_settings *s)
{
	const uint8_t *f = (const uint8_t *)s + p->offset;
	size_t n;

	(void)profile;
	switch (p->type) {
	case AT_T_ENUM: {
		const struct at_words *words = p->aux;
		const struct at_word *w = words->list, *last = w + words->count;

		for (; w < last; w++) {
			if (w->value == *f)
				return 1;
		}
		return 0;
	}
	case AT_T_UINT:
		return uint_ok(p, param_get_uint(p, s));
	case AT_T_IPV4:
		return 1;
	/* a length within the limits fits the field, and a text's leaves
	 * room for its NUL (tests/test_tables.c) */
	case AT_T_HEX:
		return length_ok(p, usrdtu_hex_len(f));
	default:
		n = text_length((const char *)f, p->size);
		return text_check(p, f, n, 0) == 0;
	}
}
