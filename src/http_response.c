/*
 * HTTPD mode: the response filter (SPEC section 7).
 *
 * A streaming parser of one HTTP/1.x response. It keeps no copy of what it
 * reads: the status line and header fields are parsed byte by byte by small
 * state machines (a field name is matched against the three names that
 * matter while it arrives, a value is parsed while it arrives), and body
 * bytes are handed to the sink as spans of the caller's own buffer. So the
 * struct is a few dozen bytes whatever the limits, and a byte costs the same
 * whether the response comes in one read or one byte per read.
 *
 * Filter on: only the body reaches the sink, de-chunked, bounded by
 * Content-Length, or up to the close. Filter off: every byte of the
 * response reaches the sink unchanged. Either way the response is parsed, so
 * that its end is known. docs/http.md lists the states and error classes.
 */
#include "engine.h"
#include "usrdtu/http.h"

#include <string.h>

#if USRDTU_CFG_HTTP_HEADER_LINE_MAX < 1 || USRDTU_CFG_HTTP_HEADER_LINE_MAX > 65534
#error "USRDTU_CFG_HTTP_HEADER_LINE_MAX must be 1..65534"
#endif
#if USRDTU_CFG_HTTP_HEADER_TOTAL_MAX < 1 || USRDTU_CFG_HTTP_HEADER_TOTAL_MAX > 0x7FFFFFFF
#error "USRDTU_CFG_HTTP_HEADER_TOTAL_MAX must be 1..2^31-1"
#endif

#define CR 0x0D
#define LF 0x0A

/* Internal states. The head states come first (see step()). */
enum {
	ST_STATUS = 0,  /* status line; pos: the part being read */
	ST_LINE,        /* first byte of a field line or of the blank line */
	ST_NAME,        /* field name */
	ST_VALUE,       /* field value */
	ST_LF,          /* a CR was read: an LF must follow; line_kind says which line */
	ST_CHUNK_SIZE,  /* hex size; pos 0 no digit yet, 1 digits, 2 blanks after them */
	ST_CHUNK_EXT,   /* ";ext" after the size, up to the line end: ignored */
	ST_CHUNK_END,   /* the CR LF after chunk data */
	ST_CHUNK_DATA,
	ST_BODY_LENGTH, /* Content-Length body */
	ST_BODY_CLOSE,  /* body up to the close */
	ST_DONE,
	ST_FAILED
};

/* The line an LF ends. The head lines come first (see step()). */
enum {
	LINE_STATUS = 0,
	LINE_FIELD,
	LINE_BLANK,      /* end of the header (or trailer) section */
	LINE_CHUNK_SIZE,
	LINE_CHUNK_END
};

/* Header fields that matter; names[k] is field k + 1. */
enum { FIELD_NONE = 0, FIELD_LENGTH, FIELD_TE, FIELD_CONNECTION };
static const char names[3][18] = {"CONTENT-LENGTH", "TRANSFER-ENCODING", "CONNECTION"};
#define NAMES_ALL 7u

/* Words of list values that matter; bit k of match is words[k]. */
enum { WORD_CHUNKED = 0, WORD_CLOSE, WORD_KEEP_ALIVE, WORD_NONE };
static const char words[3][11] = {"CHUNKED", "CLOSE", "KEEP-ALIVE"};
#define WORDS_TE 1u
#define WORDS_CONNECTION 6u

/* flags */
#define F_LENGTH 0x01u     /* Content-Length seen: content_length holds it */
#define F_TE 0x02u         /* Transfer-Encoding with at least one coding seen */
#define F_CHUNKED 0x04u    /* ... and its last coding is chunked */
#define F_CLOSE 0x08u      /* Connection: close */
#define F_KEEP_ALIVE 0x10u /* Connection: keep-alive */
#define F_HTTP10 0x20u     /* HTTP/1.0 (or 0.x): no persistent connection by default */
#define F_FIELD 0x40u      /* a field line was read in this section: a fold may follow */
#define F_TRAILERS 0x80u   /* the trailer section after the last chunk */

/* How the body is delimited (framing). */
enum { FRAMING_NONE = 0, FRAMING_LENGTH, FRAMING_CHUNKED, FRAMING_CLOSE };

static void fail(struct usrdtu_http_resp *r, enum usrdtu_http_error why)
{
	r->state = ST_FAILED;
	r->error = (uint8_t)why;
	r->errors++;
}

static void finish_ok(struct usrdtu_http_resp *r)
{
	r->state = ST_DONE;
}

static int is_blank(uint8_t c)
{
	return c == ' ' || c == '\t';
}

/* RFC 9110 tchar: the bytes a field name is made of. */
static int is_tchar(uint8_t c)
{
	return c > 0x20 && c < 0x7F && memchr("\"(),/:;<=>?@[\\]{}", c, 17) == NULL;
}

/* Drops from r->match every entry of table (rows of width w) that does not
 * have c at r->pos, then moves on. */
static void match_char(struct usrdtu_http_resp *r, const char *table, size_t w, unsigned rows,
		       uint8_t c)
{
	unsigned k;

	c = text_upper(c);
	for (k = 0; k < rows; k++) {
		const char *entry = table + k * w;

		if ((r->match >> k & 1u) &&
		    (r->pos >= w || entry[r->pos] == 0 || (uint8_t)entry[r->pos] != c))
			r->match &= (uint8_t)~(1u << k);
	}
	if (r->pos < 255)
		r->pos++;
}

/* The entry of table that r->match and r->pos name completely, or rows. */
static unsigned match_result(const struct usrdtu_http_resp *r, const char *table, size_t w,
			     unsigned rows)
{
	unsigned k;

	for (k = 0; k < rows; k++) {
		if ((r->match >> k & 1u) && r->pos < w && table[k * w + r->pos] == 0)
			return k;
	}
	return rows;
}

static void emit(struct usrdtu_http_resp *r, const uint8_t *data, size_t len)
{
	if (len == 0)
		return;
	r->sent_bytes += (uint32_t)len;
	if (r->sink != NULL)
		r->sink(r->ctx, data, len);
}

/* ---- field values ---- */

/* Content-Length: 1*DIGIT, or a list of equal ones ("42, 42"). */
static void length_commit(struct usrdtu_http_resp *r)
{
	if ((r->flags & F_LENGTH) && r->content_length != r->value) {
		fail(r, USRDTU_HTTP_ERR_LENGTH);
		return;
	}
	r->content_length = r->value;
	r->flags |= F_LENGTH;
	r->pos = 1; /* this field had a number */
	r->value = 0;
	r->vstate = 0;
}

static void length_char(struct usrdtu_http_resp *r, uint8_t c)
{
	if (text_is_digit(c)) {
		uint32_t d = (uint32_t)(c - '0');

		if (r->vstate == 2 || r->value > (0xFFFFFFFFu - d) / 10u) {
			fail(r, USRDTU_HTTP_ERR_LENGTH);
			return;
		}
		r->value = r->value * 10u + d;
		r->vstate = 1;
	} else if (is_blank(c)) {
		if (r->vstate == 1)
			r->vstate = 2;
	} else if (c == ',') {
		if (r->vstate != 0)
			length_commit(r);
	} else {
		fail(r, USRDTU_HTTP_ERR_LENGTH);
	}
}

/* A list element of Transfer-Encoding or Connection has ended. */
static void token_end(struct usrdtu_http_resp *r)
{
	unsigned w;

	if (r->pos == 0)
		return; /* empty element */
	w = match_result(r, &words[0][0], sizeof words[0], 3);
	if (r->field == FIELD_TE) {
		r->flags |= F_TE;
		if (w == WORD_CHUNKED)
			r->flags |= F_CHUNKED;
		else
			r->flags &= (uint8_t)~F_CHUNKED;
	} else if (w == WORD_CLOSE) {
		r->flags |= F_CLOSE;
	} else if (w == WORD_KEEP_ALIVE) {
		r->flags |= F_KEEP_ALIVE;
	}
}

/* vstate: 0 in the token (or before it), 1 blanks after it. */
static void token_char(struct usrdtu_http_resp *r, uint8_t c)
{
	if (c == ',') {
		token_end(r);
		r->pos = 0;
		r->vstate = 0;
		r->match = r->field == FIELD_TE ? WORDS_TE : WORDS_CONNECTION;
	} else if (is_blank(c)) {
		if (r->pos > 0)
			r->vstate = 1;
	} else if (r->vstate == 1) {
		r->match = 0; /* "chun ked": no word */
	} else {
		match_char(r, &words[0][0], sizeof words[0], 3, c);
	}
}

static void value_char(struct usrdtu_http_resp *r, uint8_t c)
{
	if (r->field == FIELD_LENGTH)
		length_char(r, c);
	else if (r->field != FIELD_NONE)
		token_char(r, c);
}

/* The field read last is complete (the next line is not a fold of it). */
static void field_end(struct usrdtu_http_resp *r)
{
	if (r->field == FIELD_LENGTH) {
		if (r->vstate != 0)
			length_commit(r);
		else if (r->pos == 0)
			fail(r, USRDTU_HTTP_ERR_LENGTH); /* "Content-Length:" and nothing */
	} else if (r->field != FIELD_NONE) {
		token_end(r);
	}
	r->field = FIELD_NONE;
}

/* ---- lines ---- */

/* A new line starts. A field line keeps pos, value, vstate and match: the
 * field read last may go on in it (a fold) and is only complete when it
 * does not. A status or chunk-size line starts its number afresh. */
static void start_line(struct usrdtu_http_resp *r, uint8_t state)
{
	r->state = state;
	r->line_len = 0;
	if (state != ST_LINE) {
		r->pos = 0;
		r->value = 0;
	}
}

/* The blank line after the header fields. */
static void head_end(struct usrdtu_http_resp *r)
{
	uint16_t s = r->status;

	if (s < 200) {
		/* Interim response (100 Continue ...): the real one follows. Its
		 * head counts towards the same limit, so 1xx cannot go on forever. */
		r->flags = 0;
		r->content_length = 0;
		start_line(r, ST_STATUS);
		return;
	}
	if (s == 204 || s == 304) {
		finish_ok(r);
	} else if (r->flags & F_TE) {
		if (r->flags & F_CHUNKED) {
			r->framing = FRAMING_CHUNKED;
			start_line(r, ST_CHUNK_SIZE);
		} else {
			/* A coding the library does not undo ends with the close. */
			r->framing = FRAMING_CLOSE;
			r->state = ST_BODY_CLOSE;
		}
	} else if (r->flags & F_LENGTH) {
		r->framing = FRAMING_LENGTH;
		r->remaining = r->content_length;
		if (r->remaining == 0)
			finish_ok(r);
		else
			r->state = ST_BODY_LENGTH;
	} else {
		r->framing = FRAMING_CLOSE;
		r->state = ST_BODY_CLOSE;
	}
}

static void chunk_size_end(struct usrdtu_http_resp *r)
{
	if (r->value == 0) {
		/* The last chunk: trailer fields follow, then a blank line. */
		r->flags = (uint8_t)((r->flags | F_TRAILERS) & ~F_FIELD);
		start_line(r, ST_LINE);
	} else {
		r->remaining = r->value;
		r->state = ST_CHUNK_DATA;
	}
}

/* An LF ended a line of kind k. */
static void line_end(struct usrdtu_http_resp *r, uint8_t k)
{
	switch (k) {
	case LINE_STATUS:
		if (r->value < 100) {
			fail(r, USRDTU_HTTP_ERR_STATUS);
			return;
		}
		r->status = (uint16_t)r->value;
		r->flags &= (uint8_t)~F_FIELD;
		start_line(r, ST_LINE);
		break;
	case LINE_FIELD:
		start_line(r, ST_LINE);
		break;
	case LINE_BLANK:
		if (r->flags & F_TRAILERS)
			finish_ok(r);
		else
			head_end(r);
		break;
	case LINE_CHUNK_SIZE:
		chunk_size_end(r);
		break;
	default: /* LINE_CHUNK_END */
		start_line(r, ST_CHUNK_SIZE);
		break;
	}
}

/* A CR ends the line of kind k once its LF follows. */
static void expect_lf(struct usrdtu_http_resp *r, uint8_t k)
{
	r->line_kind = k;
	r->state = ST_LF;
}

/* "HTTP/" DIGIT "." DIGIT 1*SP 3DIGIT [ SP reason ] CRLF; pos is the part. */
static void status_char(struct usrdtu_http_resp *r, uint8_t c)
{
	uint8_t pos = r->pos;

	if (pos < 5) {
		if (c != (uint8_t)"HTTP/"[pos])
			goto bad;
	} else if (pos == 5 || pos == 7) {
		if (!text_is_digit(c))
			goto bad;
		if (pos == 5)
			r->value = (uint32_t)(c - '0');
		else if (r->value == 0 || (r->value == 1 && c == '0'))
			r->flags |= F_HTTP10;
	} else if (pos == 6 || pos == 8) {
		if (c != (pos == 6 ? '.' : ' '))
			goto bad;
	} else if (pos == 9) {
		if (c == ' ')
			return; /* more spaces before the code: tolerated */
		if (!text_is_digit(c))
			goto bad;
		r->value = (uint32_t)(c - '0');
	} else if (pos < 12) {
		if (!text_is_digit(c))
			goto bad;
		r->value = r->value * 10u + (uint32_t)(c - '0');
	} else {
		/* 12: after the code; 13: in the reason phrase */
		if (c == CR) {
			expect_lf(r, LINE_STATUS);
			return;
		}
		if (c == LF) {
			line_end(r, LINE_STATUS);
			return;
		}
		if (pos == 12 && !is_blank(c))
			goto bad; /* a fourth digit, or junk */
		if (pos == 13)
			return;
	}
	r->pos = (uint8_t)(pos + 1);
	return;
bad:
	fail(r, USRDTU_HTTP_ERR_STATUS);
}

/* The first byte of a line in a header or trailer section. */
static void line_start_char(struct usrdtu_http_resp *r, uint8_t c)
{
	if (is_blank(c)) {
		/* obs-fold: the previous field's value goes on, as one space */
		if (!(r->flags & F_FIELD)) {
			fail(r, USRDTU_HTTP_ERR_HEADER);
			return;
		}
		r->state = ST_VALUE;
		value_char(r, ' ');
		return;
	}
	field_end(r);
	if (r->state == ST_FAILED)
		return;
	if (c == CR) {
		expect_lf(r, LINE_BLANK);
	} else if (c == LF) {
		line_end(r, LINE_BLANK);
	} else if (is_tchar(c)) {
		r->pos = 0;
		r->match = NAMES_ALL;
		match_char(r, &names[0][0], sizeof names[0], 3, c);
		r->state = ST_NAME;
	} else {
		fail(r, USRDTU_HTTP_ERR_HEADER);
	}
}

static void name_char(struct usrdtu_http_resp *r, uint8_t c)
{
	if (c == ':') {
		unsigned k = match_result(r, &names[0][0], sizeof names[0], 3);

		/* Trailer fields are read and dropped: they change nothing. */
		r->field = (uint8_t)(k < 3 && !(r->flags & F_TRAILERS) ? k + 1 : FIELD_NONE);
		r->flags |= F_FIELD;
		r->pos = 0;
		r->value = 0;
		r->vstate = 0;
		r->match = (uint8_t)(r->field == FIELD_TE ? WORDS_TE : WORDS_CONNECTION);
		r->state = ST_VALUE;
	} else if (is_tchar(c)) {
		match_char(r, &names[0][0], sizeof names[0], 3, c);
	} else {
		fail(r, USRDTU_HTTP_ERR_HEADER); /* no colon, or a space before it */
	}
}

/* chunk-size [ BWS ] [ ";" ext ] CRLF */
static void chunk_size_char(struct usrdtu_http_resp *r, uint8_t c)
{
	int d = text_hex_value(c);

	if (d >= 0 && r->pos != 2) {
		if (r->value > 0x0FFFFFFFu) {
			fail(r, USRDTU_HTTP_ERR_CHUNK_RANGE);
			return;
		}
		r->value = r->value << 4 | (uint32_t)d;
		r->pos = 1;
		return;
	}
	if (r->pos == 0) {
		fail(r, USRDTU_HTTP_ERR_CHUNK_SIZE);
	} else if (is_blank(c)) {
		r->pos = 2;
	} else if (c == ';') {
		r->state = ST_CHUNK_EXT;
	} else if (c == CR) {
		expect_lf(r, LINE_CHUNK_SIZE);
	} else if (c == LF) {
		chunk_size_end(r);
	} else {
		fail(r, USRDTU_HTTP_ERR_CHUNK_SIZE);
	}
}

/* One byte outside a body span. */
static void step(struct usrdtu_http_resp *r, uint8_t c)
{
	uint8_t st = r->state;

	/* Header and trailer bytes, line ends included, count towards the
	 * head limit; the bytes of any line but its end towards the line
	 * limit. Nothing is stored, so these counters are all the limits
	 * cost. */
	if (st <= ST_VALUE || (st == ST_LF && r->line_kind <= LINE_BLANK)) {
		if (r->head_bytes >= USRDTU_CFG_HTTP_HEADER_TOTAL_MAX) {
			fail(r, USRDTU_HTTP_ERR_HEAD_LONG);
			return;
		}
		r->head_bytes++;
	}
	if (c != CR && c != LF && (st <= ST_VALUE || st == ST_CHUNK_SIZE || st == ST_CHUNK_EXT)) {
		if (r->line_len >= USRDTU_CFG_HTTP_HEADER_LINE_MAX) {
			fail(r, USRDTU_HTTP_ERR_LINE_LONG);
			return;
		}
		r->line_len++;
	}

	switch (st) {
	case ST_STATUS:
		status_char(r, c);
		break;
	case ST_LINE:
		line_start_char(r, c);
		break;
	case ST_NAME:
		name_char(r, c);
		break;
	case ST_VALUE:
		if (c == CR)
			expect_lf(r, LINE_FIELD);
		else if (c == LF)
			line_end(r, LINE_FIELD);
		else
			value_char(r, c);
		break;
	case ST_LF:
		if (c == LF) {
			line_end(r, r->line_kind);
		} else {
			static const uint8_t why[] = {USRDTU_HTTP_ERR_STATUS, USRDTU_HTTP_ERR_HEADER,
						      USRDTU_HTTP_ERR_HEADER, USRDTU_HTTP_ERR_CHUNK_SIZE,
						      USRDTU_HTTP_ERR_CHUNK_END};

			fail(r, (enum usrdtu_http_error)why[r->line_kind]);
		}
		break;
	case ST_CHUNK_SIZE:
		chunk_size_char(r, c);
		break;
	case ST_CHUNK_EXT:
		if (c == CR)
			expect_lf(r, LINE_CHUNK_SIZE);
		else if (c == LF)
			chunk_size_end(r);
		break;
	case ST_CHUNK_END:
		if (c == CR)
			expect_lf(r, LINE_CHUNK_END);
		else if (c == LF)
			line_end(r, LINE_CHUNK_END);
		else
			fail(r, USRDTU_HTTP_ERR_CHUNK_END);
		break;
	default:
		break; /* body states and the end are handled by the caller */
	}
}

void usrdtu_http_resp_init(struct usrdtu_http_resp *r, int filter, usrdtu_http_sink sink,
			   void *ctx)
{
	memset(r, 0, sizeof *r);
	r->filter = filter != 0;
	r->sink = sink;
	r->ctx = ctx;
	r->state = ST_STATUS;
}

void usrdtu_http_resp_reset(struct usrdtu_http_resp *r)
{
	usrdtu_http_sink sink = r->sink;
	void *ctx = r->ctx;
	uint32_t errors = r->errors;
	uint32_t ignored = r->ignored_bytes;

	usrdtu_http_resp_init(r, r->filter, sink, ctx);
	r->errors = errors;
	r->ignored_bytes = ignored;
}

size_t usrdtu_http_resp_feed(struct usrdtu_http_resp *r, const uint8_t *data, size_t len)
{
	size_t i = 0;

	if (data == NULL)
		len = 0;
	/* Every pass consumes at least one byte or leaves the loop. */
	while (i < len) {
		uint8_t st = r->state;

		if (st == ST_DONE || st == ST_FAILED)
			break;
		if (st >= ST_CHUNK_DATA) {
			/* A body span, passed on in one piece. */
			size_t n = len - i;

			if (st != ST_BODY_CLOSE && n > r->remaining)
				n = (size_t)r->remaining;
			r->body_bytes += (uint32_t)n;
			if (r->filter)
				emit(r, data + i, n);
			i += n;
			if (st != ST_BODY_CLOSE) {
				r->remaining -= (uint32_t)n;
				if (r->remaining == 0) {
					if (st == ST_CHUNK_DATA)
						r->state = ST_CHUNK_END;
					else
						finish_ok(r);
				}
			}
			continue;
		}
		step(r, data[i]);
		if (r->state == ST_FAILED)
			break; /* the byte that broke it is not part of the response */
		i++;
	}
	if (!r->filter)
		emit(r, data, i);
	r->ignored_bytes += (uint32_t)(len - i);
	return i;
}

void usrdtu_http_resp_finish(struct usrdtu_http_resp *r)
{
	if (r->state == ST_DONE || r->state == ST_FAILED)
		return;
	if (r->state == ST_BODY_CLOSE)
		finish_ok(r);
	else if (r->head_bytes == 0)
		fail(r, USRDTU_HTTP_ERR_NO_RESPONSE);
	else
		fail(r, USRDTU_HTTP_ERR_TRUNCATED);
}

enum usrdtu_http_resp_state usrdtu_http_resp_state(const struct usrdtu_http_resp *r)
{
	if (r->state == ST_DONE)
		return USRDTU_HTTP_RESP_DONE;
	if (r->state == ST_FAILED)
		return USRDTU_HTTP_RESP_FAILED;
	if (r->state >= ST_CHUNK_SIZE || (r->flags & F_TRAILERS))
		return USRDTU_HTTP_RESP_BODY;
	return USRDTU_HTTP_RESP_HEAD;
}

int usrdtu_http_resp_done(const struct usrdtu_http_resp *r)
{
	return r->state == ST_DONE || r->state == ST_FAILED;
}

enum usrdtu_http_error usrdtu_http_resp_error(const struct usrdtu_http_resp *r)
{
	return (enum usrdtu_http_error)r->error;
}

uint16_t usrdtu_http_resp_status(const struct usrdtu_http_resp *r)
{
	return r->status;
}

uint32_t usrdtu_http_resp_body_bytes(const struct usrdtu_http_resp *r)
{
	return r->body_bytes;
}

uint32_t usrdtu_http_resp_sent_bytes(const struct usrdtu_http_resp *r)
{
	return r->sent_bytes;
}

uint32_t usrdtu_http_resp_errors(const struct usrdtu_http_resp *r)
{
	return r->errors;
}

uint32_t usrdtu_http_resp_ignored_bytes(const struct usrdtu_http_resp *r)
{
	return r->ignored_bytes;
}

int usrdtu_http_resp_keep_alive(const struct usrdtu_http_resp *r)
{
	if (r->state != ST_DONE || r->framing == FRAMING_CLOSE || (r->flags & F_CLOSE))
		return 0;
	return !(r->flags & F_HTTP10) || (r->flags & F_KEEP_ALIVE) != 0;
}
