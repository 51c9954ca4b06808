/*
 * HTTPD mode: one serial frame becomes one HTTP request (SPEC section 7).
 *
 *   GET <url><frame> HTTP/1.1\r\n             POST <url> HTTP/1.1\r\n
 *   Host: <host>[:<port>]\r\n                 Host: <host>[:<port>]\r\n
 *   <header>                                  <header>Content-Length: <n>\r\n
 *   \r\n                                      \r\n<frame>
 *
 * The URL and (GET) the frame are percent-encoded where a byte would break
 * the request line; nothing else is (docs/http.md has the exact rule). The
 * length is computed first, so a request that does not fit is refused
 * before a byte is written.
 */
#include "engine.h"
#include "usrdtu/http.h"

#include <string.h>

/* Longest request reported: lengths are returned as int32_t. */
#define REQ_LIMIT 0x7FFFFFFFu
/* A length that cannot be added up in 32 bits (never, where size_t is
 * narrower: the test would only draw a warning there). */
#if SIZE_MAX > 0x7FFFFFFF
#define TOO_LONG(n) ((n) > REQ_LIMIT)
#else
#define TOO_LONG(n) 0
#endif

static const char hex_digits[] = "0123456789ABCDEF";

/* 1 when byte i of p must go as %XX: controls, space, DEL, bytes >= 0x80,
 * '#' (it would end the request target), and a '%' that does not start a
 * %XX escape (one that does is passed on as the sender wrote it). */
static int must_encode(const uint8_t *p, size_t len, size_t i)
{
	uint8_t c = p[i];

	if (c <= 0x20 || c >= 0x7F || c == '#')
		return 1;
	if (c != '%')
		return 0;
	return len - i < 3 || text_hex_value(p[i + 1]) < 0 || text_hex_value(p[i + 2]) < 0;
}

/* Bytes that need %XX in p. */
static uint32_t count_encoded(const uint8_t *p, size_t len)
{
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += (uint32_t)must_encode(p, len, i);
	return n;
}

/* Adds n to *total; 0, or -1 past REQ_LIMIT. */
static int add_len(uint32_t *total, uint32_t n)
{
	if (n > REQ_LIMIT - *total)
		return -1;
	*total += n;
	return 0;
}

/* Encoded length of p: len bytes and two more per encoded one. */
static int add_encoded(uint32_t *total, const uint8_t *p, size_t len)
{
	uint32_t enc;

	if (TOO_LONG(len))
		return -1;
	enc = count_encoded(p, len);
	if (add_len(total, (uint32_t)len) < 0 || add_len(total, enc) < 0 || add_len(total, enc) < 0)
		return -1;
	return 0;
}

/* What follows the header setting so that it ends a line: "" when it is
 * empty or ends in LF, "\n" when it ends in CR, else "\r\n". */
static const char *header_end(const struct usrdtu_http_target *t)
{
	uint8_t last;

	if (t->header_len == 0)
		return "";
	last = (uint8_t)t->header[t->header_len - 1];
	if (last == '\n')
		return "";
	return last == '\r' ? "\n" : "\r\n";
}

static int target_valid(const struct usrdtu_http_target *t, const uint8_t *frame, size_t frame_len)
{
	size_t i;

	if (t == NULL || t->host == NULL || t->url == NULL || t->host_len == 0 || t->url_len == 0)
		return 0;
	if (t->header == NULL && t->header_len > 0)
		return 0;
	if (frame == NULL && frame_len > 0)
		return 0;
	if (t->port == 0 || t->method > USRDTU_HTTP_POST)
		return 0;
	/* A host byte that would end or split the Host line cannot be escaped. */
	for (i = 0; i < t->host_len; i++) {
		uint8_t c = (uint8_t)t->host[i];

		if (c <= 0x20 || c >= 0x7F)
			return 0;
	}
	return 1;
}

void usrdtu_http_target_from_settings(struct usrdtu_http_target *t,
				      const struct usrdtu_settings *s)
{
	if (s->sock[0].proto == USRDTU_PROTO_HTPC) {
		/* m0 has no HTPSV: AT+SOCK=HTPC,<host>,<port> names the server. */
		t->host = s->sock[0].host;
		t->host_len = text_length(s->sock[0].host, sizeof s->sock[0].host);
		t->port = s->sock[0].port;
	} else {
		t->host = s->http_host;
		t->host_len = text_length(s->http_host, sizeof s->http_host);
		t->port = s->http_port;
	}
	t->url = s->http_url;
	t->url_len = text_length(s->http_url, sizeof s->http_url);
	t->header = s->http_header;
	t->header_len = text_length(s->http_header, sizeof s->http_header);
	t->method = s->http_method;
}

int32_t usrdtu_http_request_len(const struct usrdtu_http_target *t, const uint8_t *frame,
				size_t frame_len)
{
	uint8_t digits[10];
	uint32_t total = 0;
	int bad = 0;

	if (!target_valid(t, frame, frame_len))
		return USRDTU_ERR_INVAL;
	if (t->method == USRDTU_HTTP_GET) {
		total = sizeof "GET " - 1;
		bad |= add_encoded(&total, frame, frame_len);
	} else {
		if (TOO_LONG(frame_len))
			return USRDTU_ERR_NOSPC;
		total = sizeof "POST " - 1;
		bad |= add_len(&total, (uint32_t)(sizeof "Content-Length: \r\n" - 1));
		bad |= add_len(&total, (uint32_t)text_u32(digits, (uint32_t)frame_len));
		bad |= add_len(&total, (uint32_t)frame_len);
	}
	bad |= add_encoded(&total, (const uint8_t *)t->url, t->url_len);
	bad |= add_len(&total, (uint32_t)(sizeof " HTTP/1.1\r\nHost: \r\n\r\n" - 1));
	if (TOO_LONG(t->host_len) || TOO_LONG(t->header_len))
		return USRDTU_ERR_NOSPC;
	bad |= add_len(&total, (uint32_t)t->host_len);
	if (t->port != 80)
		bad |= add_len(&total, 1u + (uint32_t)text_u32(digits, t->port));
	bad |= add_len(&total, (uint32_t)t->header_len);
	bad |= add_len(&total, (uint32_t)strlen(header_end(t)));
	if (bad)
		return USRDTU_ERR_NOSPC;
	return (int32_t)total;
}

/* A bounded writer: every write checks the room left. It may also write
 * a window of the request only: the first skip bytes are passed over, and
 * with clip set the bytes past cap are cut off (full then means the window
 * is complete) instead of failing the whole request. */
struct writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	uint32_t skip;
	int clip;
	int full;
};

static void put(struct writer *w, const void *data, size_t n)
{
	const uint8_t *p = data;

	if (w->skip > 0) {
		size_t k = n < w->skip ? n : (size_t)w->skip;

		w->skip -= (uint32_t)k;
		p += k;
		n -= k;
	}
	if (w->full || n > w->cap - w->len) {
		if (!w->clip || w->full) {
			w->full = 1;
			return;
		}
		n = w->cap - w->len;
		w->full = 1;
	}
	if (n > 0)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_str(struct writer *w, const char *s)
{
	put(w, s, strlen(s));
}

/* p with the bytes must_encode() names as %XX; runs of plain bytes are
 * copied in one piece. */
static void put_encoded(struct writer *w, const uint8_t *p, size_t len)
{
	size_t i = 0;

	while (i < len && !w->full) {
		size_t run = i;

		while (run < len && !must_encode(p, len, run))
			run++;
		put(w, p + i, run - i);
		if (run < len) {
			uint8_t esc[3];

			esc[0] = '%';
			esc[1] = (uint8_t)hex_digits[p[run] >> 4];
			esc[2] = (uint8_t)hex_digits[p[run] & 15u];
			put(w, esc, sizeof esc);
			run++;
		}
		i = run;
	}
}

/* The request's bytes, in order, through the writer. */
static void put_request(struct writer *w, const struct usrdtu_http_target *t, const uint8_t *frame,
			size_t frame_len)
{
	uint8_t digits[10];

	if (t->method == USRDTU_HTTP_GET) {
		put_str(w, "GET ");
		put_encoded(w, (const uint8_t *)t->url, t->url_len);
		put_encoded(w, frame, frame_len);
	} else {
		put_str(w, "POST ");
		put_encoded(w, (const uint8_t *)t->url, t->url_len);
	}
	put_str(w, " HTTP/1.1\r\nHost: ");
	put(w, t->host, t->host_len);
	if (t->port != 80) {
		put_str(w, ":");
		put(w, digits, text_u32(digits, t->port));
	}
	put_str(w, "\r\n");
	put(w, t->header, t->header_len);
	put_str(w, header_end(t));
	if (t->method == USRDTU_HTTP_POST) {
		put_str(w, "Content-Length: ");
		put(w, digits, text_u32(digits, (uint32_t)frame_len));
		put_str(w, "\r\n\r\n");
		put(w, frame, frame_len);
	} else {
		put_str(w, "\r\n");
	}
}

int32_t usrdtu_http_request_build(const struct usrdtu_http_target *t, const uint8_t *frame,
				  size_t frame_len, uint8_t *buf, size_t cap)
{
	struct writer w;
	int32_t total = usrdtu_http_request_len(t, frame, frame_len);

	if (total < 0)
		return total;
	if (buf == NULL && cap > 0)
		return USRDTU_ERR_INVAL;
	if ((uint32_t)total > cap)
		return USRDTU_ERR_NOSPC;

	memset(&w, 0, sizeof w);
	w.buf = buf;
	w.cap = cap;
	put_request(&w, t, frame, frame_len);
	/* The two passes agree by construction; a request that came out any
	 * other length is never reported as built. */
	if (w.full || w.len != (size_t)total)
		return USRDTU_ERR_NOSPC;
	return total;
}

int32_t usrdtu_http_request_piece(const struct usrdtu_http_target *t, const uint8_t *frame,
				  size_t frame_len, uint32_t offset, uint8_t *buf, size_t cap)
{
	struct writer w;
	int32_t total = usrdtu_http_request_len(t, frame, frame_len);
	size_t want;

	if (total < 0)
		return total;
	if (buf == NULL && cap > 0)
		return USRDTU_ERR_INVAL;
	if (offset >= (uint32_t)total)
		return 0;
	want = (uint32_t)total - offset;
	if (want > cap)
		want = cap;
	memset(&w, 0, sizeof w);
	w.buf = buf;
	w.cap = want;
	w.skip = offset;
	w.clip = 1;
	put_request(&w, t, frame, frame_len);
	if (w.len != want)
		return USRDTU_ERR_NOSPC; /* never: both passes walk the same bytes */
	return (int32_t)want;
}
