/*
 * libFuzzer target over the HTTPD mode's two pure modules: the response
 * filter (src/http_response.c) and the request builder
 * (src/http_request.c). docs/http.md describes both.
 *
 * Input format (docs/security.md has it too):
 *
 *   byte 0     bit 0     filter on
 *              bits 3:1  how the response is cut into reads:
 *                          0 one read          1 one byte per read
 *                          2 two reads, cut at byte 1 (modulo the length)
 *                          3 reads of 2 + (byte 1 & 7) bytes
 *                          4 random sizes 1..16   5 random sizes 1..256
 *                          6 random sizes 1..4    7 random sizes 0..8 (empty reads too)
 *              bit 4     finish() after the last read (the connection closes)
 *              bit 5     reset, then the same bytes again as a second response
 *              bit 6     builder: POST (else GET)
 *              bit 7     builder: port 8080 (else 80)
 *   byte 1     a parameter of the cutting patterns, and of the builder:
 *              bits 3:0  URL length (1..16 bytes of the data, or "/")
 *              bits 6:4  header length (0..7 times 9 bytes of the data)
 *              bit 7     the host is 3 bytes of the data (else test.usr.cn)
 *   the rest   the response bytes; the same bytes give the builder its URL,
 *              header and frame
 *
 * Checks, besides the sanitizers: the response parsed in the chosen reads
 * gives exactly what one read gives (output, bytes taken, state, error,
 * status, counters); the sink only ever gets spans of the bytes being fed;
 * taken + ignored is every byte; with the filter off the output is exactly
 * the bytes taken; a failed response has an error and counts one.
 * The builder's request equals one built here by a plain reference
 * encoder, its length is what usrdtu_http_request_len() said, and one byte
 * less of room gives USRDTU_ERR_NOSPC with nothing written. A violation
 * aborts. fuzz_replay.c gives it a main() that replays files and
 * directories (any compiler, no libFuzzer).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/http.h"
#include "usrdtu/usrdtu.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_MAX 16384u /* longer inputs are cut here */
#define REQ_MAX (3u * INPUT_MAX + 512u)

#define FLAG_FILTER 0x01
#define FLAG_FINISH 0x10
#define FLAG_AGAIN 0x20
#define FLAG_POST 0x40
#define FLAG_PORT 0x80

/* ---- response filter ---- */

struct capture {
	uint8_t out[2 * INPUT_MAX];
	size_t len;
	const uint8_t *lo; /* the read being fed */
	const uint8_t *hi;
};

static struct capture cap_one, cap_cut;

static void sink(void *ctx, const uint8_t *data, size_t len)
{
	struct capture *c = ctx;

	if (c != &cap_one && c != &cap_cut)
		fuzz_fail("sink: wrong ctx");
	if (len == 0)
		fuzz_fail("sink: empty span");
	if (data < c->lo || data > c->hi || len > (size_t)(c->hi - data))
		fuzz_fail("sink: span outside the bytes fed");
	if (len > sizeof c->out - c->len)
		fuzz_fail("sink: more output than input");
	memcpy(c->out + c->len, data, len);
	c->len += len;
}

static size_t feed(struct usrdtu_http_resp *r, struct capture *c, const uint8_t *data, size_t len)
{
	size_t before = c->len;
	uint32_t ignored = usrdtu_http_resp_ignored_bytes(r);
	size_t n;

	c->lo = data;
	c->hi = data + len;
	n = usrdtu_http_resp_feed(r, data, len);
	c->lo = c->hi = NULL;
	if (n > len)
		fuzz_fail("feed: took more than it was given");
	if (usrdtu_http_resp_ignored_bytes(r) - ignored != (uint32_t)(len - n))
		fuzz_fail("feed: bytes neither taken nor ignored");
	if (!r->filter && (c->len - before != n || memcmp(c->out + before, data, n) != 0))
		fuzz_fail("feed: filter off, the output is not the bytes taken");
	if (r->filter && c->len - before > n)
		fuzz_fail("feed: more body than bytes taken");
	return n;
}

static uint32_t rng_state;

static uint32_t rng_next(void)
{
	uint32_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	rng_state = x;
	return x;
}

/* Feeds resp in the reads pattern p asks for; returns the bytes taken. */
static size_t feed_cut(struct usrdtu_http_resp *r, const uint8_t *resp, size_t len, unsigned p,
		       uint8_t param)
{
	size_t off = 0, taken = 0;
	unsigned guard = 0;

	if (p == 2) {
		size_t cut = len > 0 ? param % (len + 1) : 0;

		taken = feed(r, &cap_cut, resp, cut);
		return taken + feed(r, &cap_cut, resp + cut, len - cut);
	}
	while (off < len) {
		size_t n;

		switch (p) {
		case 0: n = len; break;
		case 1: n = 1; break;
		case 3: n = 2u + (param & 7u); break;
		case 4: n = 1u + rng_next() % 16u; break;
		case 5: n = 1u + rng_next() % 256u; break;
		case 6: n = 1u + rng_next() % 4u; break;
		default: n = rng_next() % 9u; break;
		}
		if (n > len - off)
			n = len - off;
		taken += feed(r, &cap_cut, resp + off, n);
		off += n;
		if (++guard > 8u * INPUT_MAX)
			fuzz_fail("feed_cut: no progress");
	}
	return taken;
}

static void check_consistent(const struct usrdtu_http_resp *r, uint32_t errors_before)
{
	enum usrdtu_http_resp_state st = usrdtu_http_resp_state(r);
	enum usrdtu_http_error err = usrdtu_http_resp_error(r);

	if (st > USRDTU_HTTP_RESP_FAILED || err > USRDTU_HTTP_ERR_NO_RESPONSE)
		fuzz_fail("state or error out of range");
	if ((st == USRDTU_HTTP_RESP_FAILED) != (err != USRDTU_HTTP_ERR_NONE))
		fuzz_fail("failed without an error, or an error without failing");
	if (usrdtu_http_resp_done(r) != (st >= USRDTU_HTTP_RESP_DONE))
		fuzz_fail("done() disagrees with the state");
	if (usrdtu_http_resp_errors(r) - errors_before != (st == USRDTU_HTTP_RESP_FAILED ? 1u : 0u))
		fuzz_fail("a failure not counted once");
	if (r->filter && usrdtu_http_resp_sent_bytes(r) != usrdtu_http_resp_body_bytes(r))
		fuzz_fail("filter on: bytes sent differ from body bytes");
	if (usrdtu_http_resp_keep_alive(r) && st != USRDTU_HTTP_RESP_DONE)
		fuzz_fail("keep-alive before the end");
	if (r->line_len > USRDTU_CFG_HTTP_HEADER_LINE_MAX ||
	    r->head_bytes > USRDTU_CFG_HTTP_HEADER_TOTAL_MAX)
		fuzz_fail("a limit was passed");
}

static int same(const struct usrdtu_http_resp *a, const struct usrdtu_http_resp *b)
{
	return usrdtu_http_resp_state(a) == usrdtu_http_resp_state(b) &&
	       usrdtu_http_resp_error(a) == usrdtu_http_resp_error(b) &&
	       usrdtu_http_resp_status(a) == usrdtu_http_resp_status(b) &&
	       usrdtu_http_resp_body_bytes(a) == usrdtu_http_resp_body_bytes(b) &&
	       usrdtu_http_resp_sent_bytes(a) == usrdtu_http_resp_sent_bytes(b) &&
	       usrdtu_http_resp_errors(a) == usrdtu_http_resp_errors(b) &&
	       usrdtu_http_resp_ignored_bytes(a) == usrdtu_http_resp_ignored_bytes(b) &&
	       usrdtu_http_resp_keep_alive(a) == usrdtu_http_resp_keep_alive(b);
}

static void fuzz_response(uint8_t flags, uint8_t param, const uint8_t *resp, size_t len)
{
	static struct usrdtu_http_resp one, cut;
	int filter = flags & FLAG_FILTER;
	unsigned pattern = (flags >> 1) & 7u;
	int round;

	cap_one.len = 0;
	cap_cut.len = 0;
	usrdtu_http_resp_init(&one, filter, sink, &cap_one);
	usrdtu_http_resp_init(&cut, filter, sink, &cap_cut);
	for (round = 0; round < ((flags & FLAG_AGAIN) ? 2 : 1); round++) {
		uint32_t errors_one = usrdtu_http_resp_errors(&one);
		uint32_t errors_cut = usrdtu_http_resp_errors(&cut);
		size_t taken_one, taken_cut;

		if (round > 0) {
			usrdtu_http_resp_reset(&one);
			usrdtu_http_resp_reset(&cut);
		}
		taken_one = feed(&one, &cap_one, resp, len);
		taken_cut = feed_cut(&cut, resp, len, pattern, param);
		if (flags & FLAG_FINISH) {
			usrdtu_http_resp_finish(&one);
			usrdtu_http_resp_finish(&cut);
			if (!usrdtu_http_resp_done(&one))
				fuzz_fail("not done after finish()");
		}
		check_consistent(&one, errors_one);
		check_consistent(&cut, errors_cut);
		if (taken_one != taken_cut || !same(&one, &cut))
			fuzz_fail("the reads changed the result");
		if (cap_one.len != cap_cut.len || memcmp(cap_one.out, cap_cut.out, cap_one.len) != 0)
			fuzz_fail("the reads changed the output");
	}
}

/* ---- request builder ---- */

static int ref_encodes(const uint8_t *p, size_t len, size_t i)
{
	static const char hex[] = "0123456789abcdefABCDEF";

	if (p[i] <= 0x20 || p[i] >= 0x7F || p[i] == '#')
		return 1;
	if (p[i] != '%')
		return 0;
	if (len - i < 3)
		return 1;
	return p[i + 1] == 0 || strchr(hex, p[i + 1]) == NULL || p[i + 2] == 0 ||
	       strchr(hex, p[i + 2]) == NULL;
}

static size_t ref_put(uint8_t *out, size_t n, const void *data, size_t len)
{
	memcpy(out + n, data, len);
	return n + len;
}

static size_t ref_encoded(uint8_t *out, size_t n, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (ref_encodes(p, len, i)) {
			char esc[4];

			snprintf(esc, sizeof esc, "%%%02X", p[i]);
			n = ref_put(out, n, esc, 3);
		} else {
			out[n++] = p[i];
		}
	}
	return n;
}

/* The request written out plainly from the format in docs/http.md. */
static size_t ref_request(uint8_t *out, const struct usrdtu_http_target *t, const uint8_t *frame,
			  size_t frame_len)
{
	size_t n = 0;
	char num[48];
	const char *end = "\r\n";

	n = ref_put(out, n, t->method == USRDTU_HTTP_GET ? "GET " : "POST ",
		    t->method == USRDTU_HTTP_GET ? 4 : 5);
	n = ref_encoded(out, n, (const uint8_t *)t->url, t->url_len);
	if (t->method == USRDTU_HTTP_GET)
		n = ref_encoded(out, n, frame, frame_len);
	n = ref_put(out, n, " HTTP/1.1\r\nHost: ", 17);
	n = ref_put(out, n, t->host, t->host_len);
	if (t->port != 80)
		n = ref_put(out, n, num, (size_t)snprintf(num, sizeof num, ":%u", (unsigned)t->port));
	n = ref_put(out, n, "\r\n", 2);
	n = ref_put(out, n, t->header, t->header_len);
	if (t->header_len == 0 || t->header[t->header_len - 1] == '\n')
		end = "";
	else if (t->header[t->header_len - 1] == '\r')
		end = "\n";
	n = ref_put(out, n, end, strlen(end));
	if (t->method == USRDTU_HTTP_POST) {
		n = ref_put(out, n, num,
			    (size_t)snprintf(num, sizeof num, "Content-Length: %lu\r\n\r\n",
					     (unsigned long)frame_len));
		n = ref_put(out, n, frame, frame_len);
	} else {
		n = ref_put(out, n, "\r\n", 2);
	}
	return n;
}

static int host_ok(const char *h, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((uint8_t)h[i] <= 0x20 || (uint8_t)h[i] >= 0x7F)
			return 0;
	}
	return len > 0;
}

static void fuzz_request(uint8_t flags, uint8_t param, const uint8_t *data, size_t len)
{
	static uint8_t got[REQ_MAX + 1];
	static uint8_t want[REQ_MAX + 1];
	struct usrdtu_http_target t;
	size_t url_len = 1u + (param & 15u);
	size_t header_len = 9u * ((param >> 4) & 7u);
	size_t want_len, i;
	int32_t len_said, built;

	memset(&t, 0, sizeof t);
	t.method = (flags & FLAG_POST) ? USRDTU_HTTP_POST : USRDTU_HTTP_GET;
	t.port = (flags & FLAG_PORT) ? 8080 : 80;
	t.host = "test.usr.cn";
	t.host_len = 11;
	if ((param & 0x80) && len >= 3) {
		t.host = (const char *)data;
		t.host_len = 3;
		data += 3;
		len -= 3;
	}
	if (url_len > len) {
		t.url = "/";
		t.url_len = 1;
	} else {
		t.url = (const char *)data;
		t.url_len = url_len;
		data += url_len;
		len -= url_len;
	}
	if (header_len > len)
		header_len = len;
	t.header = (const char *)data;
	t.header_len = header_len;
	data += header_len;
	len -= header_len;

	len_said = usrdtu_http_request_len(&t, data, len);
	if (!host_ok(t.host, t.host_len)) {
		if (len_said != USRDTU_ERR_INVAL)
			fuzz_fail("request: a bad host was taken");
		return;
	}
	want_len = ref_request(want, &t, data, len);
	if (len_said < 0 || (size_t)len_said != want_len)
		fuzz_fail("request: usrdtu_http_request_len differs from the reference");
	memset(got, 0xA5, want_len + 1);
	built = usrdtu_http_request_build(&t, data, len, got, want_len);
	if (built != len_said || memcmp(got, want, want_len) != 0)
		fuzz_fail("request: the bytes differ from the reference");
	if (got[want_len] != 0xA5)
		fuzz_fail("request: written past its length");
	memset(got, 0xA5, want_len);
	if (usrdtu_http_request_build(&t, data, len, got, want_len - 1) != USRDTU_ERR_NOSPC)
		fuzz_fail("request: one byte short was not NOSPC");
	for (i = 0; i < want_len; i++) {
		if (got[i] != 0xA5)
			fuzz_fail("request: NOSPC wrote into the buffer");
	}
	/* the engine's way: the same bytes in a few pieces of a size the input
	 * picks (each piece walks the request from its start: few keep it fast),
	 * and one small window anywhere */
	{
		size_t piece = 1u + ((size_t)param * 7u + len) % 97u, off = 0, guard;
		size_t at = want_len > 0 ? ((size_t)param * 131u + len * 7u) % want_len : 0;
		int32_t n;

		if (want_len / piece > 6)
			piece = want_len / 6 + 1;
		memset(got, 0xA5, want_len + 1);
		for (guard = 0; guard <= want_len; guard++) {
			n = usrdtu_http_request_piece(&t, data, len, (uint32_t)off, got + off,
						      want_len + 1 - off < piece ? want_len + 1 - off : piece);
			if (n < 0 || (size_t)n > piece)
				fuzz_fail("request: a piece failed or was too long");
			if (n == 0)
				break;
			off += (size_t)n;
		}
		if (off != want_len || memcmp(got, want, want_len) != 0 || got[want_len] != 0xA5)
			fuzz_fail("request: the pieces differ from the reference");
		memset(got, 0xA5, 8);
		n = usrdtu_http_request_piece(&t, data, len, (uint32_t)at, got, 7);
		if (n != (int32_t)(want_len - at < 7 ? want_len - at : 7) ||
		    memcmp(got, want + at, (size_t)n) != 0 || got[7] != 0xA5)
			fuzz_fail("request: a window differs from the reference");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t flags, param;
	uint32_t seed = 2166136261u;
	size_t i;

	if (size < 2)
		return 0;
	if (size > INPUT_MAX)
		size = INPUT_MAX;
	flags = data[0];
	param = data[1];
	for (i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 16777619u; /* FNV-1a: the same input cuts the same way */
	rng_state = seed != 0 ? seed : 1u;

	fuzz_response(flags, param, data + 2, size - 2);
	fuzz_request(flags, param, data + 2, size - 2);
	return 0;
}
