/*
 * HTTPD mode, the two pure modules (docs/http.md):
 *   the request builder: exact GET and POST bytes, Host with and without a
 *   port, the header's line end, each percent-encoding class, empty frames,
 *   buffers that fit exactly or are one byte short, invalid targets;
 *   the response filter: filter on and off, Content-Length, chunked with
 *   extensions and trailers, close-delimited bodies, 1xx/204/304, every way
 *   of splitting a response into reads, each malformed class, bytes after
 *   the end, the line and head limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "usrdtu/http.h"

#define LINE_MAX_ USRDTU_CFG_HTTP_HEADER_LINE_MAX
#define TOTAL_MAX_ USRDTU_CFG_HTTP_HEADER_TOTAL_MAX

/* ------------------------------------------------------------------ */
/* request builder                                                     */
/* ------------------------------------------------------------------ */

static struct usrdtu_http_target target(uint8_t method, const char *host, uint16_t port,
					const char *url, const char *header)
{
	struct usrdtu_http_target t;

	memset(&t, 0, sizeof t);
	t.method = method;
	t.host = host;
	t.host_len = host ? strlen(host) : 0;
	t.port = port;
	t.url = url;
	t.url_len = url ? strlen(url) : 0;
	t.header = header;
	t.header_len = header ? strlen(header) : 0;
	return t;
}

static uint8_t req[4096];

/* usrdtu_http_request_piece() in pieces of every size from 1 to 70 and
 * the whole: the pieces put together are the request, byte for byte, and
 * no piece writes past its size. */
static void expect_pieces(const struct usrdtu_http_target *t, const void *frame, size_t frame_len,
			  const char *want, size_t want_len)
{
	static uint8_t joined[4096 + 80];
	size_t size;

	for (size = 1; size <= 71; size++) {
		size_t cap = size == 71 ? want_len + 5 : size;
		uint32_t off = 0;
		unsigned guard;

		for (guard = 0; guard <= want_len + 1; guard++) {
			int32_t n;

			joined[off + cap] = 0x55;
			n = usrdtu_http_request_piece(t, frame, frame_len, off, joined + off, cap);
			assert_true(n >= 0 && (size_t)n <= cap);
			assert_int_equal(joined[off + cap], 0x55);
			if (n == 0)
				break;
			off += (uint32_t)n;
		}
		assert_int_equal(off, want_len);
		assert_memory_equal(joined, want, want_len);
	}
}

/* Builds the request and checks it against the expected bytes, and that
 * usrdtu_http_request_len() agrees. */
static void expect_request(const struct usrdtu_http_target *t, const void *frame, size_t frame_len,
			   const char *want, size_t want_len)
{
	int32_t len = usrdtu_http_request_len(t, frame, frame_len);
	int32_t n;

	memset(req, 0xAA, sizeof req);
	n = usrdtu_http_request_build(t, frame, frame_len, req, sizeof req);
	if (n != (int32_t)want_len || memcmp(req, want, want_len) != 0) {
		fprintf(stderr, "got %ld bytes: ", (long)n);
		if (n > 0)
			fwrite(req, 1, (size_t)n, stderr);
		fprintf(stderr, "\nwant %lu bytes: ", (unsigned long)want_len);
		fwrite(want, 1, want_len, stderr);
		fprintf(stderr, "\n");
	}
	assert_int_equal(len, (int32_t)want_len);
	assert_int_equal(n, (int32_t)want_len);
	assert_memory_equal(req, want, want_len);
	assert_int_equal(req[want_len], 0xAA); /* nothing written past it */
	expect_pieces(t, frame, frame_len, want, want_len);
}
#define EXPECT_REQ(t, frame, lit) \
	expect_request((t), (frame), sizeof(frame) - 1, (lit), sizeof(lit) - 1)

/* 001's example: GET, port 80, the default header. */
static void test_get_port_80(void **state)
{
	struct usrdtu_http_target t =
		target(USRDTU_HTTP_GET, "test.usr.cn", 80, "/1.php?", "Accept:text/html\r\n");

	(void)state;
	EXPECT_REQ(&t, "data=www.usr.cn",
		   "GET /1.php?data=www.usr.cn HTTP/1.1\r\n"
		   "Host: test.usr.cn\r\n"
		   "Accept:text/html\r\n"
		   "\r\n");
}

static void test_get_other_port(void **state)
{
	struct usrdtu_http_target t =
		target(USRDTU_HTTP_GET, "10.0.0.7", 8080, "/1.php?", "Accept:text/html\r\n");

	(void)state;
	EXPECT_REQ(&t, "a=1&b=2",
		   "GET /1.php?a=1&b=2 HTTP/1.1\r\n"
		   "Host: 10.0.0.7:8080\r\n"
		   "Accept:text/html\r\n"
		   "\r\n");
	t.port = 1;
	EXPECT_REQ(&t, "x", "GET /1.php?x HTTP/1.1\r\nHost: 10.0.0.7:1\r\nAccept:text/html\r\n\r\n");
	t.port = 65535;
	EXPECT_REQ(&t, "x",
		   "GET /1.php?x HTTP/1.1\r\nHost: 10.0.0.7:65535\r\nAccept:text/html\r\n\r\n");
	t.port = 443; /* only 80 is left out */
	EXPECT_REQ(&t, "x",
		   "GET /1.php?x HTTP/1.1\r\nHost: 10.0.0.7:443\r\nAccept:text/html\r\n\r\n");
}

/* POST: the frame is the body, raw: nothing in it is encoded. */
static void test_post_port_80(void **state)
{
	struct usrdtu_http_target t =
		target(USRDTU_HTTP_POST, "test.usr.cn", 80, "/2.php", "Accept:text/html\r\n");

	(void)state;
	EXPECT_REQ(&t, "data=www.usr.cn",
		   "POST /2.php HTTP/1.1\r\n"
		   "Host: test.usr.cn\r\n"
		   "Accept:text/html\r\n"
		   "Content-Length: 15\r\n"
		   "\r\n"
		   "data=www.usr.cn");
	EXPECT_REQ(&t, "a b\r\n\x00\x80\xFF%#",
		   "POST /2.php HTTP/1.1\r\n"
		   "Host: test.usr.cn\r\n"
		   "Accept:text/html\r\n"
		   "Content-Length: 10\r\n"
		   "\r\n"
		   "a b\r\n\x00\x80\xFF%#");
}

static void test_post_other_port(void **state)
{
	struct usrdtu_http_target t = target(USRDTU_HTTP_POST, "h.example", 8000, "/p?q=1",
					     "Connection: close\r\n");
	static uint8_t frame[1234];
	static char want[2048];
	int head;

	(void)state;
	EXPECT_REQ(&t, "{\"t\":21.5}",
		   "POST /p?q=1 HTTP/1.1\r\n"
		   "Host: h.example:8000\r\n"
		   "Connection: close\r\n"
		   "Content-Length: 10\r\n"
		   "\r\n"
		   "{\"t\":21.5}");
	/* a four-digit length */
	memset(frame, 'z', sizeof frame);
	head = snprintf(want, sizeof want,
			"POST /p?q=1 HTTP/1.1\r\nHost: h.example:8000\r\nConnection: close\r\n"
			"Content-Length: 1234\r\n\r\n");
	memcpy(want + head, frame, sizeof frame);
	expect_request(&t, frame, sizeof frame, want, (size_t)head + sizeof frame);
}

/* The header setting must end in CR LF; what lacks one gets it. */
static void test_header_line_end(void **state)
{
	struct usrdtu_http_target t = target(USRDTU_HTTP_GET, "h", 80, "/", "");

	(void)state;
	/* m0's manual prints its default without the final CR LF */
	t = target(USRDTU_HTTP_GET, "h", 80, "/", "User_Agent: Mozilla/4.0\r\nConnection: close");
	EXPECT_REQ(&t, "d",
		   "GET /d HTTP/1.1\r\nHost: h\r\n"
		   "User_Agent: Mozilla/4.0\r\nConnection: close\r\n\r\n");
	t = target(USRDTU_HTTP_GET, "h", 80, "/", "User_Agent: Mozilla/4.0\r\nConnection: close\r\n");
	EXPECT_REQ(&t, "d",
		   "GET /d HTTP/1.1\r\nHost: h\r\n"
		   "User_Agent: Mozilla/4.0\r\nConnection: close\r\n\r\n");
	/* ends in CR: only the LF is added */
	t = target(USRDTU_HTTP_GET, "h", 80, "/", "A: 1\r");
	EXPECT_REQ(&t, "d", "GET /d HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n");
	/* ends in a bare LF: already a line end, nothing added */
	t = target(USRDTU_HTTP_GET, "h", 80, "/", "A: 1\n");
	EXPECT_REQ(&t, "d", "GET /d HTTP/1.1\r\nHost: h\r\nA: 1\n\r\n");
	/* empty: no header line at all (a lone CR LF would end the head) */
	t = target(USRDTU_HTTP_GET, "h", 80, "/", "");
	EXPECT_REQ(&t, "d", "GET /d HTTP/1.1\r\nHost: h\r\n\r\n");
	t = target(USRDTU_HTTP_GET, "h", 80, "/", NULL);
	EXPECT_REQ(&t, "d", "GET /d HTTP/1.1\r\nHost: h\r\n\r\n");
	/* POST: the header then Content-Length */
	t = target(USRDTU_HTTP_POST, "h", 80, "/", "A: 1");
	EXPECT_REQ(&t, "d", "POST / HTTP/1.1\r\nHost: h\r\nA: 1\r\nContent-Length: 1\r\n\r\nd");
	t = target(USRDTU_HTTP_POST, "h", 81, "/", "");
	EXPECT_REQ(&t, "d", "POST / HTTP/1.1\r\nHost: h:81\r\nContent-Length: 1\r\n\r\nd");
}

/* The rule of docs/http.md, written out independently of the library. */
static int rule_encodes(const uint8_t *p, size_t len, size_t i)
{
	static const char hex[] = "0123456789abcdefABCDEF";

	if (p[i] < 0x21 || p[i] > 0x7E || p[i] == '#')
		return 1;
	if (p[i] != '%')
		return 0;
	return !(i + 2 < len && p[i + 1] != 0 && strchr(hex, p[i + 1]) != NULL && p[i + 2] != 0 &&
		 strchr(hex, p[i + 2]) != NULL);
}

/* Every byte value alone as a frame: encoded exactly when the rule says. */
static void test_percent_every_byte(void **state)
{
	struct usrdtu_http_target t = target(USRDTU_HTTP_GET, "h", 80, "/?", "");
	unsigned c;
	unsigned encoded = 0;

	(void)state;
	for (c = 0; c < 256; c++) {
		uint8_t frame[1];
		char want[64];
		int n;

		frame[0] = (uint8_t)c;
		if (rule_encodes(frame, 1, 0)) {
			n = snprintf(want, sizeof want, "GET /?%%%02X HTTP/1.1\r\nHost: h\r\n\r\n", c);
			encoded++;
		} else {
			n = snprintf(want, sizeof want, "GET /?%c HTTP/1.1\r\nHost: h\r\n\r\n", (int)c);
		}
		expect_request(&t, frame, 1, want, (size_t)n);
	}
	/* 0x00-0x20 (33), 0x7F-0xFF (129), '#' and the lone '%' */
	assert_int_equal(encoded, 33 + 129 + 2);
}

/* Each class by name, in context. */
static void test_percent_classes(void **state)
{
	struct usrdtu_http_target t = target(USRDTU_HTTP_GET, "h", 80, "/1.php?", "");

	(void)state;
	/* space */
	EXPECT_REQ(&t, "d=a b", "GET /1.php?d=a%20b HTTP/1.1\r\nHost: h\r\n\r\n");
	/* CR, LF, TAB, NUL, DEL */
	EXPECT_REQ(&t, "\r\n\t\x00\x7F", "GET /1.php?%0D%0A%09%00%7F HTTP/1.1\r\nHost: h\r\n\r\n");
	/* bytes >= 0x80, upper-case hex */
	EXPECT_REQ(&t, "\x80\xC3\xA9\xFF", "GET /1.php?%80%C3%A9%FF HTTP/1.1\r\nHost: h\r\n\r\n");
	/* '#' would end the target */
	EXPECT_REQ(&t, "a#b", "GET /1.php?a%23b HTTP/1.1\r\nHost: h\r\n\r\n");
	/* '%': a %XX escape passes as written (either case), a lone '%' is encoded */
	EXPECT_REQ(&t, "%41%2f%e9", "GET /1.php?%41%2f%e9 HTTP/1.1\r\nHost: h\r\n\r\n");
	EXPECT_REQ(&t, "100%", "GET /1.php?100%25 HTTP/1.1\r\nHost: h\r\n\r\n");
	EXPECT_REQ(&t, "%4", "GET /1.php?%254 HTTP/1.1\r\nHost: h\r\n\r\n");
	EXPECT_REQ(&t, "%zz%4g%g4", "GET /1.php?%25zz%254g%25g4 HTTP/1.1\r\nHost: h\r\n\r\n");
	EXPECT_REQ(&t, "%%41", "GET /1.php?%25%41 HTTP/1.1\r\nHost: h\r\n\r\n");
	/* everything else printable goes raw */
	EXPECT_REQ(&t, "az09-._~!$&'()*+,;=:@/?\"<>\\^`{|}[]",
		   "GET /1.php?az09-._~!$&'()*+,;=:@/?\"<>\\^`{|}[] HTTP/1.1\r\nHost: h\r\n\r\n");
}

/* The URL follows the same rule (a setting may hold any byte), in GET and
 * POST; a '%' escape is judged within the URL, not across into the frame. */
static void test_percent_url(void **state)
{
	struct usrdtu_http_target t = target(USRDTU_HTTP_GET, "h", 80, "/a b/%7e\r#?x=%", "");

	(void)state;
	EXPECT_REQ(&t, "41", "GET /a%20b/%7e%0D%23?x=%2541 HTTP/1.1\r\nHost: h\r\n\r\n");
	t.method = USRDTU_HTTP_POST;
	EXPECT_REQ(&t, "41",
		   "POST /a%20b/%7e%0D%23?x=%25 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n41");
}

static void test_empty_frame(void **state)
{
	struct usrdtu_http_target t =
		target(USRDTU_HTTP_GET, "test.usr.cn", 80, "/1.php?", "Accept:text/html\r\n");

	(void)state;
	expect_request(&t, NULL, 0, "GET /1.php? HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n\r\n",
		       sizeof "GET /1.php? HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n\r\n" - 1);
	t.method = USRDTU_HTTP_POST;
	EXPECT_REQ(&t, "",
		   "POST /1.php? HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n"
		   "Content-Length: 0\r\n\r\n");
}

/* Exactly fitting works; one byte short is NOSPC and writes nothing. */
static void check_fit(const struct usrdtu_http_target *t, const uint8_t *frame, size_t frame_len)
{
	static uint8_t buf[512];
	static uint8_t full[512];
	int32_t len = usrdtu_http_request_len(t, frame, frame_len);
	size_t i;

	assert_true(len > 0 && (size_t)len < sizeof buf);
	assert_int_equal(usrdtu_http_request_build(t, frame, frame_len, full, sizeof full), len);

	memset(buf, 0xAA, sizeof buf);
	assert_int_equal(usrdtu_http_request_build(t, frame, frame_len, buf, (size_t)len), len);
	assert_memory_equal(buf, full, (size_t)len);

	memset(buf, 0xAA, sizeof buf);
	assert_int_equal(usrdtu_http_request_build(t, frame, frame_len, buf, (size_t)len - 1),
			 USRDTU_ERR_NOSPC);
	for (i = 0; i < sizeof buf; i++)
		assert_int_equal(buf[i], 0xAA);

	assert_int_equal(usrdtu_http_request_build(t, frame, frame_len, NULL, 0), USRDTU_ERR_NOSPC);
}

static void test_exact_fit(void **state)
{
	static const uint8_t frame[] = "d=1 2\r\n\x80";
	struct usrdtu_http_target t =
		target(USRDTU_HTTP_GET, "test.usr.cn", 8080, "/1.php?", "Accept:text/html");

	(void)state;
	check_fit(&t, frame, sizeof frame - 1);
	check_fit(&t, NULL, 0);
	t.method = USRDTU_HTTP_POST;
	check_fit(&t, frame, sizeof frame - 1);
	check_fit(&t, NULL, 0);
}

static void test_invalid_target(void **state)
{
	static const uint8_t frame[] = "x";
	uint8_t buf[256];
	struct usrdtu_http_target good = target(USRDTU_HTTP_GET, "h", 80, "/", "");
	struct usrdtu_http_target t;
	static const char *const bad_hosts[] = {"a b", "a\rb", "a\nb", "\x7F", "\x80", "h\t"};
	size_t i;

	(void)state;
	assert_true(usrdtu_http_request_build(&good, frame, 1, buf, sizeof buf) > 0);
	assert_int_equal(usrdtu_http_request_len(NULL, frame, 1), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_http_request_build(NULL, frame, 1, buf, sizeof buf), USRDTU_ERR_INVAL);
	t = good;
	t.host_len = 0;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	t = good;
	t.host = NULL;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	for (i = 0; i < sizeof bad_hosts / sizeof bad_hosts[0]; i++) {
		t = good;
		t.host = bad_hosts[i];
		t.host_len = strlen(bad_hosts[i]);
		assert_int_equal(usrdtu_http_request_build(&t, frame, 1, buf, sizeof buf),
				 USRDTU_ERR_INVAL);
	}
	t = good;
	t.url_len = 0;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	t = good;
	t.url = NULL;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	t = good;
	t.port = 0;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	t = good;
	t.method = 2;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	t = good;
	t.header = NULL;
	t.header_len = 3;
	assert_int_equal(usrdtu_http_request_len(&t, frame, 1), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_http_request_len(&good, NULL, 1), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_http_request_build(&good, frame, 1, NULL, 10), USRDTU_ERR_INVAL);
}

/* Lengths past INT32_MAX are refused before a byte of the frame is read. */
static void test_too_long(void **state)
{
	(void)state;
#if SIZE_MAX > 0x7FFFFFFF
	{
		static const uint8_t frame[1] = {'x'};
		struct usrdtu_http_target t = target(USRDTU_HTTP_POST, "h", 80, "/", "");

		assert_int_equal(usrdtu_http_request_len(&t, frame, (size_t)0x80000000u),
				 USRDTU_ERR_NOSPC);
		t.method = USRDTU_HTTP_GET;
		assert_int_equal(usrdtu_http_request_len(&t, frame, (size_t)0x80000000u),
				 USRDTU_ERR_NOSPC);
	}
#else
	skip();
#endif
}

/* The target taken from each profile's factory settings (m0: with AT+SOCK
 * set to HTPC, its HTTP client). */
static void check_factory(const struct usrdtu_profile *p, const char *want)
{
	static struct usrdtu_settings s;
	struct usrdtu_http_target t;

	settings_factory(p, &s);
	if (s.sock[0].proto == USRDTU_PROTO_TCPC && s.http_host[0] == 0)
		s.sock[0].proto = USRDTU_PROTO_HTPC;
	usrdtu_http_target_from_settings(&t, &s);
	if (s.sock[0].proto == USRDTU_PROTO_HTPC)
		assert_int_equal(t.host_len, strlen(s.sock[0].host));
	else
		assert_int_equal(t.host_len, strlen(s.http_host));
	assert_int_equal(t.url_len, strlen(s.http_url));
	assert_int_equal(t.header_len, strlen(s.http_header));
	expect_request(&t, "d=1", 3, want, strlen(want));
	/* a POST and another port follow the settings too */
	s.http_method = USRDTU_HTTP_POST;
	s.http_port = 8080;
	s.sock[0].port = 8080;
	usrdtu_http_target_from_settings(&t, &s);
	assert_int_equal(t.method, USRDTU_HTTP_POST);
	assert_int_equal(t.port, 8080);
}

static void test_from_settings(void **state)
{
	(void)state;
#if USRDTU_CFG_PROFILE_GPRS232
	check_factory(&usrdtu_profile_gprs232,
		      "GET /1.php?d=1 HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n\r\n");
#endif
#if USRDTU_CFG_PROFILE_CAT1
	check_factory(&usrdtu_profile_cat1,
		      "GET /1.php?d=1 HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n\r\n");
#endif
#if USRDTU_CFG_PROFILE_G781
	check_factory(&usrdtu_profile_g781,
		      "GET /1.php?d=1 HTTP/1.1\r\nHost: test.usr.cn\r\nConnection: close\r\n\r\n");
#endif
#if USRDTU_CFG_PROFILE_M0
	check_factory(&usrdtu_profile_m0,
		      "GET /2.php?d=1 HTTP/1.1\r\nHost: 192.168.0.201:8234\r\n"
		      "User_Agent: Mozilla/4.0\r\nConnection: close\r\n\r\n");
#endif
	{
		/* without HTPC, the HTPSV fields, even where socket A has a host */
		static struct usrdtu_settings s;
		struct usrdtu_http_target t;

		memset(&s, 0, sizeof s);
		memcpy(s.http_host, "h1", 2);
		s.http_port = 81;
		memcpy(s.sock[0].host, "h2", 2);
		s.sock[0].port = 82;
		s.sock[0].proto = USRDTU_PROTO_TCPC;
		usrdtu_http_target_from_settings(&t, &s);
		assert_memory_equal(t.host, "h1", 3);
		assert_int_equal(t.port, 81);
		s.sock[0].proto = USRDTU_PROTO_HTPC;
		usrdtu_http_target_from_settings(&t, &s);
		assert_memory_equal(t.host, "h2", 3);
		assert_int_equal(t.port, 82);
	}
}

/* ------------------------------------------------------------------ */
/* response filter                                                     */
/* ------------------------------------------------------------------ */

#define OUT_MAX 65536

struct collect {
	uint8_t out[OUT_MAX];
	size_t len;
	unsigned calls;
	const uint8_t *lo; /* the buffer being fed: spans must point into it */
	const uint8_t *hi;
};

static struct collect col;

static void sink(void *ctx, const uint8_t *data, size_t len)
{
	struct collect *c = ctx;

	assert_ptr_equal(c, &col);
	assert_true(len > 0);
	if (c->lo != NULL) {
		assert_true(data >= c->lo && data + len <= c->hi);
	}
	assert_true(len <= sizeof c->out - c->len);
	memcpy(c->out + c->len, data, len);
	c->len += len;
	c->calls++;
}

static void start(struct usrdtu_http_resp *r, int filter)
{
	memset(&col, 0, sizeof col);
	usrdtu_http_resp_init(r, filter, sink, &col);
}

static size_t feed(struct usrdtu_http_resp *r, const void *data, size_t len)
{
	size_t n;

	col.lo = data;
	col.hi = (const uint8_t *)data + len;
	n = usrdtu_http_resp_feed(r, data, len);
	col.lo = col.hi = NULL;
	return n;
}
#define FEED(r, lit) feed((r), (lit), sizeof(lit) - 1)

#define ASSERT_OUT(lit)                                         \
	do {                                                    \
		assert_int_equal(col.len, sizeof(lit) - 1);     \
		assert_memory_equal(col.out, (lit), col.len);   \
	} while (0)

static void test_content_length(void **state)
{
	static const char resp[] = "HTTP/1.1 200 OK\r\n"
				   "Content-Type: text/plain\r\n"
				   "Content-Length: 11\r\n"
				   "\r\n"
				   "www.usr.cnXTRA";
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_HEAD);
	assert_int_equal(usrdtu_http_resp_status(&r), 0);
	assert_int_equal(FEED(&r, resp), sizeof resp - 1 - 3);
	ASSERT_OUT("www.usr.cnX");
	assert_int_equal(col.calls, 1); /* one span, not byte by byte */
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_DONE);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	assert_int_equal(usrdtu_http_resp_status(&r), 200);
	assert_int_equal(usrdtu_http_resp_body_bytes(&r), 11);
	assert_int_equal(usrdtu_http_resp_sent_bytes(&r), 11);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 3);
	assert_int_equal(usrdtu_http_resp_errors(&r), 0);
	assert_int_equal(usrdtu_http_resp_keep_alive(&r), 1);
}

/* Filter off: the raw response, every byte of it, and nothing after it. */
static void test_filter_off(void **state)
{
#define RESP5 "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
	static const char resp[] = RESP5;
	static const char chunked[] = "HTTP/1.1 200 OK\r\n"
				      "Transfer-Encoding: chunked\r\n"
				      "\r\n"
				      "5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n";
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 0);
	assert_int_equal(feed(&r, RESP5 "NEXT", sizeof resp - 1 + 4), sizeof resp - 1);
	ASSERT_OUT(resp);
	assert_int_equal(col.calls, 1);
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_body_bytes(&r), 5);
	assert_int_equal(usrdtu_http_resp_sent_bytes(&r), sizeof resp - 1);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 4);

	start(&r, 0);
	assert_int_equal(FEED(&r, chunked), sizeof chunked - 1);
	ASSERT_OUT(chunked); /* chunk framing and trailers included */
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_body_bytes(&r), 5);

	/* a filter given as any non-zero value is on */
	memset(&col, 0, sizeof col);
	usrdtu_http_resp_init(&r, 2, sink, &col);
	FEED(&r, resp);
	ASSERT_OUT("hello");
}

#define CHUNKED_RESP                                 \
	"HTTP/1.1 200 OK\r\n"                        \
	"transfer-encoding: CHUNKED\r\n"              \
	"Content-Length: 3\r\n" /* chunked wins */    \
	"\r\n"                                        \
	"5;name=value\r\n"                            \
	"hello\r\n"                                   \
	"6 ; a=\"b;c\" ;d\r\n"                        \
	" world\r\n"                                  \
	"000a\r\n"                                    \
	"0123456789\r\n"                              \
	"1F\r\n"                                      \
	"abcdefghijklmnopqrstuvwxyz01234\r\n"         \
	"0;last=1\r\n"                                \
	"X-Checksum: 1234\r\n"                        \
	"Content-Length: 999\r\n"                     \
	"\r\n"
static const char chunked_resp[] = CHUNKED_RESP;
#define CHUNKED_BODY "hello world0123456789abcdefghijklmnopqrstuvwxyz01234"

static void test_chunked(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	assert_int_equal(feed(&r, CHUNKED_RESP "junk", sizeof chunked_resp - 1 + 4),
			 sizeof chunked_resp - 1);
	ASSERT_OUT(CHUNKED_BODY);
	assert_int_equal(col.calls, 4); /* one span per chunk */
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	assert_int_equal(usrdtu_http_resp_body_bytes(&r), sizeof CHUNKED_BODY - 1);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 4);
	assert_int_equal(usrdtu_http_resp_keep_alive(&r), 1);
}

/* The states a response goes through. */
static void test_states(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_HEAD);
	assert_int_equal(usrdtu_http_resp_status(&r), 200);
	FEED(&r, "\r\n");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_BODY);
	FEED(&r, "2\r\nab\r\n0\r\n");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_BODY); /* trailers */
	assert_false(usrdtu_http_resp_done(&r));
	FEED(&r, "X: y\r\n");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_BODY);
	FEED(&r, "\r\n");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_DONE);
	ASSERT_OUT("ab");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 2x");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_FAILED);
	assert_true(usrdtu_http_resp_done(&r));
}

static void test_close_delimited(void **state)
{
	static const char resp[] = "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nfirst ";
	struct usrdtu_http_resp r;
	int filter;

	(void)state;
	for (filter = 0; filter <= 1; filter++) {
		start(&r, filter);
		assert_int_equal(FEED(&r, resp), sizeof resp - 1);
		assert_int_equal(FEED(&r, "second"), 6);
		assert_false(usrdtu_http_resp_done(&r));
		assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_BODY);
		usrdtu_http_resp_finish(&r);
		assert_true(usrdtu_http_resp_done(&r));
		assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
		assert_int_equal(usrdtu_http_resp_errors(&r), 0);
		assert_int_equal(usrdtu_http_resp_body_bytes(&r), 12);
		assert_int_equal(usrdtu_http_resp_keep_alive(&r), 0);
		if (filter)
			ASSERT_OUT("first second");
		else
			ASSERT_OUT("HTTP/1.0 200 OK\r\nServer: x\r\n\r\nfirst second");
		/* finish again, or more bytes: nothing changes */
		usrdtu_http_resp_finish(&r);
		assert_int_equal(FEED(&r, "more"), 0);
		assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 4);
		assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	}
	/* a transfer coding other than chunked (last) ends with the close too */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 2\r\n\r\n"
		 "2\r\nab\r\n0\r\n\r\n");
	assert_false(usrdtu_http_resp_done(&r));
	usrdtu_http_resp_finish(&r);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	ASSERT_OUT("2\r\nab\r\n0\r\n\r\n");
}

/* 1xx, 204 and 304 carry no body, whatever their fields say. */
static void test_no_body_status(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	assert_int_equal(FEED(&r, "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\nXYZ"),
			 sizeof "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n" - 1);
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	assert_int_equal(usrdtu_http_resp_status(&r), 204);
	assert_int_equal(col.len, 0);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 3);

	start(&r, 1);
	FEED(&r, "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n");
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_status(&r), 304);
	assert_int_equal(col.len, 0);

	/* interim responses, then the real one */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 100 Continue\r\n\r\n");
	assert_false(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_status(&r), 100);
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_HEAD);
	FEED(&r, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\nContent-Length: 4\r\n\r\n"
		 "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_status(&r), 200);
	ASSERT_OUT("ok");

	start(&r, 0);
	FEED(&r, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok!");
	ASSERT_OUT("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

	/* a zero Content-Length ends at the blank line */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
	assert_true(usrdtu_http_resp_done(&r));
	assert_int_equal(usrdtu_http_resp_keep_alive(&r), 1);
}

/* Header names in any case, values with blanks, folded lines, lists. */
static void test_fields(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\ncontent-LENGTH:   3  \r\n\r\nabcd");
	ASSERT_OUT("abc");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Length: 3, 3,\r\nContent-Length: 003\r\n\r\nabcd");
	ASSERT_OUT("abc");
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	/* a name that only starts like a known one is another field */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Lengthy: 2\r\nContent-Len: 2\r\n"
		 "X-Transfer-Encoding: chunked\r\n\r\nabc");
	assert_false(usrdtu_http_resp_done(&r));
	ASSERT_OUT("abc");
	/* a fold continues the value: here blanks after the number */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n \r\nX: y\r\n\r\nhello!");
	assert_true(usrdtu_http_resp_done(&r));
	ASSERT_OUT("hello");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Length:\r\n 2\r\n\r\nhello");
	ASSERT_OUT("he");
	/* folded Transfer-Encoding */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip,\r\n\tchunked\r\n\r\n1\r\nz\r\n0\r\n\r\n");
	assert_true(usrdtu_http_resp_done(&r));
	ASSERT_OUT("z");
	/* the last coding counts, across fields */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTRANSFER-ENCODING: Chunked \r\n\r\n"
		 "1\r\nz\r\n0\r\n\r\n");
	assert_true(usrdtu_http_resp_done(&r));
	ASSERT_OUT("z");
	/* "chunked" must be the whole word */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked2\r\n\r\n1\r\nz");
	assert_false(usrdtu_http_resp_done(&r));
	ASSERT_OUT("1\r\nz");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunk\r\n\r\n1\r\nz");
	ASSERT_OUT("1\r\nz");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chun ked\r\n\r\n1\r\nz");
	ASSERT_OUT("1\r\nz");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked x\r\n\r\n1\r\nz");
	ASSERT_OUT("1\r\nz");
	/* a NUL is no end of a word */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\0\r\n\r\n1\r\nz");
	ASSERT_OUT("1\r\nz");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nConnection: close\0\r\nContent-Length: 0\r\n\r\n");
	assert_int_equal(usrdtu_http_resp_keep_alive(&r), 1);
	/* bare LF line ends */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi!");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_DONE);
	ASSERT_OUT("hi");
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\n\n2\nhi\n0\n\n");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_DONE);
	ASSERT_OUT("hi");
	/* no reason phrase, extra spaces before the code, bytes >= 0x80 in it */
	start(&r, 1);
	FEED(&r, "HTTP/1.1 404\r\nContent-Length: 1\r\n\r\nx");
	assert_int_equal(usrdtu_http_resp_status(&r), 404);
	ASSERT_OUT("x");
	start(&r, 1);
	FEED(&r, "HTTP/1.1  500 \xE5\x86\x85\r\nContent-Length: 1\r\n\r\nx");
	assert_int_equal(usrdtu_http_resp_status(&r), 500);
	ASSERT_OUT("x");
}

static void test_keep_alive(void **state)
{
	static const struct {
		const char *resp;
		int keep;
	} cases[] = {
		{"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 1},
		{"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 0},
		{"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n", 0},
		{"HTTP/1.1 200 OK\r\nConnection: closed\r\nContent-Length: 0\r\n\r\n", 1},
		{"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 0},
		{"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", 1},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 1},
		{"HTTP/1.1 204 No Content\r\n\r\n", 1},
		{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 0}, /* not complete */
	};
	struct usrdtu_http_resp r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		start(&r, 1);
		feed(&r, cases[i].resp, strlen(cases[i].resp));
		assert_int_equal(usrdtu_http_resp_keep_alive(&r), cases[i].keep);
	}
}

/* The largest Content-Length and chunk size are taken; one more is not. */
static void test_limits_of_numbers(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Length: 4294967295\r\n\r\nabc");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_BODY);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	ASSERT_OUT("abc");
	usrdtu_http_resp_finish(&r);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_TRUNCATED);

	start(&r, 1);
	FEED(&r, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n000000000FFFFFFFF\r\nabc");
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_BODY);
	ASSERT_OUT("abc");
	assert_int_equal(r.remaining, 0xFFFFFFFFu - 3u);
}

struct bad_case {
	const char *resp;
	enum usrdtu_http_error why;
	size_t ok_len; /* bytes taken before the one that failed (SIZE_MAX: all, failed at finish) */
};

#define H200 "HTTP/1.1 200 OK\r\n"
#define CHK H200 "Transfer-Encoding: chunked\r\n\r\n"
#define LEN(lit) (sizeof(lit) - 1)

static const struct bad_case bad_cases[] = {
	/* status line */
	{"<html>", USRDTU_HTTP_ERR_STATUS, 0},
	{"HTTX/1.1 200 OK\r\n", USRDTU_HTTP_ERR_STATUS, 3},
	{"http/1.1 200 OK\r\n", USRDTU_HTTP_ERR_STATUS, 0},
	{"HTTP/1.1 20 OK\r\n", USRDTU_HTTP_ERR_STATUS, 11},
	{"HTTP/1.1 2000 OK\r\n", USRDTU_HTTP_ERR_STATUS, 12},
	{"HTTP/1.1 099 Low\r\n\r\n", USRDTU_HTTP_ERR_STATUS, 17},
	{"HTTP/1 200 OK\r\n", USRDTU_HTTP_ERR_STATUS, 6},
	{"HTTP/1.1200 OK\r\n", USRDTU_HTTP_ERR_STATUS, 8},
	{"HTTP/1.1 200 OK\rX", USRDTU_HTTP_ERR_STATUS, 16},
	{"\r\nHTTP/1.1 200 OK\r\n", USRDTU_HTTP_ERR_STATUS, 0},
	/* field lines */
	{H200 "NoColonHere\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(H200 "NoColonHere")},
	{H200 "Name : x\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(H200 "Name")},
	{H200 ": x\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(H200)},
	{H200 " folded-first: x\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(H200)},
	{H200 "A: b\rX: y\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(H200 "A: b\r")},
	{H200 "A: b\r\n\rX", USRDTU_HTTP_ERR_HEADER, LEN(H200 "A: b\r\n\r")},
	{H200 "\x01: b\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(H200)},
	/* Content-Length */
	{H200 "Content-Length: abc\r\n\r\n", USRDTU_HTTP_ERR_LENGTH, LEN(H200 "Content-Length: ")},
	{H200 "Content-Length: -1\r\n\r\n", USRDTU_HTTP_ERR_LENGTH, LEN(H200 "Content-Length: ")},
	{H200 "Content-Length: +1\r\n\r\n", USRDTU_HTTP_ERR_LENGTH, LEN(H200 "Content-Length: ")},
	{H200 "Content-Length: 4294967296\r\n\r\n", USRDTU_HTTP_ERR_LENGTH,
	 LEN(H200 "Content-Length: 429496729")},
	{H200 "Content-Length: 99999999999999999999\r\n\r\n", USRDTU_HTTP_ERR_LENGTH,
	 LEN(H200 "Content-Length: 999999999")},
	{H200 "Content-Length: 1 2\r\n\r\n", USRDTU_HTTP_ERR_LENGTH, LEN(H200 "Content-Length: 1 ")},
	{H200 "Content-Length: 0x10\r\n\r\n", USRDTU_HTTP_ERR_LENGTH, LEN(H200 "Content-Length: 0")},
	{H200 "Content-Length:\r\n\r\n", USRDTU_HTTP_ERR_LENGTH, LEN(H200 "Content-Length:\r\n")},
	{H200 "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", USRDTU_HTTP_ERR_LENGTH,
	 LEN(H200 "Content-Length: 5\r\nContent-Length: 6\r\n")},
	{H200 "Content-Length: 5, 6\r\n\r\n", USRDTU_HTTP_ERR_LENGTH,
	 LEN(H200 "Content-Length: 5, 6\r\n")},
	/* chunk-size lines */
	{CHK "Z\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK)},
	{CHK ";x\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK)},
	{CHK "\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK)},
	{CHK " 5\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK)},
	{CHK "5 5\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK "5 ")},
	{CHK "5g\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK "5")},
	{CHK "-5\r\n", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK)},
	{CHK "5\rX", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK "5\r")},
	{CHK "5;a\rhello", USRDTU_HTTP_ERR_CHUNK_SIZE, LEN(CHK "5;a\r")},
	/* chunk size past 32 bits */
	{CHK "100000000\r\n", USRDTU_HTTP_ERR_CHUNK_RANGE, LEN(CHK "10000000")},
	{CHK "FFFFFFFFFFFFFFFFF\r\n", USRDTU_HTTP_ERR_CHUNK_RANGE, LEN(CHK "FFFFFFFF")},
	/* no CR LF after chunk data */
	{CHK "5\r\nhelloX\r\n", USRDTU_HTTP_ERR_CHUNK_END, LEN(CHK "5\r\nhello")},
	{CHK "5\r\nhello\rX", USRDTU_HTTP_ERR_CHUNK_END, LEN(CHK "5\r\nhello\r")},
	{CHK "2\r\nhello\r\n", USRDTU_HTTP_ERR_CHUNK_END, LEN(CHK "2\r\nhe")},
	/* trailers are field lines too */
	{CHK "0\r\nbad trailer\r\n\r\n", USRDTU_HTTP_ERR_HEADER, LEN(CHK "0\r\nbad")},
	/* cut short: fails at finish() */
	{"HTTP/1.1 200", USRDTU_HTTP_ERR_TRUNCATED, SIZE_MAX},
	{H200 "Content-Length: 10\r\n\r\nshort", USRDTU_HTTP_ERR_TRUNCATED, SIZE_MAX},
	{CHK "5\r\nhel", USRDTU_HTTP_ERR_TRUNCATED, SIZE_MAX},
	{CHK "5\r\nhello\r\n", USRDTU_HTTP_ERR_TRUNCATED, SIZE_MAX},
	{CHK "0\r\nTrailer: x\r\n", USRDTU_HTTP_ERR_TRUNCATED, SIZE_MAX},
	{"HTTP/1.1 100 Continue\r\n\r\n", USRDTU_HTTP_ERR_TRUNCATED, SIZE_MAX},
	{"", USRDTU_HTTP_ERR_NO_RESPONSE, SIZE_MAX},
};

/* Feeds resp in pieces of `step` bytes (0: all at once); returns the bytes
 * the parser took. */
static size_t feed_in_steps(struct usrdtu_http_resp *r, const uint8_t *resp, size_t len, size_t step)
{
	size_t off = 0, taken = 0;

	if (step == 0)
		step = len;
	while (off < len) {
		size_t n = len - off < step ? len - off : step;

		taken += feed(r, resp + off, n);
		off += n;
	}
	return taken;
}

/* Each malformed class ends the response with its own error, is counted
 * once, and the bytes from the one that failed on are ignored and counted. */
static void test_malformed(void **state)
{
	struct usrdtu_http_resp r;
	size_t i;
	size_t step;
	static const char tail[] = "HTTP/1.1 200 OK\r\n\r\n";

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		size_t len = strlen(c->resp);

		for (step = 0; step <= 2; step++) {
			size_t taken;
			uint8_t buf[256];

			assert_true(len + LEN(tail) <= sizeof buf);
			memcpy(buf, c->resp, len);
			memcpy(buf + len, tail, LEN(tail)); /* what follows must not revive it */
			start(&r, 1);
			if (c->ok_len == SIZE_MAX) {
				taken = feed_in_steps(&r, buf, len, step);
				assert_int_equal(taken, len);
				assert_false(usrdtu_http_resp_done(&r));
				usrdtu_http_resp_finish(&r);
				taken = feed_in_steps(&r, buf + len, LEN(tail), step);
				assert_int_equal(taken, 0);
				assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), LEN(tail));
			} else {
				taken = feed_in_steps(&r, buf, len + LEN(tail), step);
				if (taken != c->ok_len)
					fprintf(stderr, "case %lu: took %lu, want %lu\n", (unsigned long)i,
						(unsigned long)taken, (unsigned long)c->ok_len);
				assert_int_equal(taken, c->ok_len);
				assert_int_equal(usrdtu_http_resp_ignored_bytes(&r),
						 len + LEN(tail) - c->ok_len);
			}
			if (usrdtu_http_resp_error(&r) != c->why)
				fprintf(stderr, "case %lu (%s): error %d, want %d\n", (unsigned long)i,
					c->resp, (int)usrdtu_http_resp_error(&r), (int)c->why);
			assert_int_equal(usrdtu_http_resp_error(&r), c->why);
			assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_FAILED);
			assert_true(usrdtu_http_resp_done(&r));
			assert_int_equal(usrdtu_http_resp_errors(&r), 1);
			/* finish after a failure changes nothing */
			usrdtu_http_resp_finish(&r);
			assert_int_equal(usrdtu_http_resp_errors(&r), 1);
			assert_int_equal(usrdtu_http_resp_error(&r), c->why);
		}
	}
}

/* Filter off, a malformed response passes on up to the byte that broke it. */
static void test_malformed_filter_off(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 0);
	assert_int_equal(FEED(&r, CHK "5\r\nhelloX\r\nmore"), LEN(CHK "5\r\nhello"));
	ASSERT_OUT(CHK "5\r\nhello");
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_CHUNK_END);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), LEN("X\r\nmore"));
}

/* Errors and ignored bytes add up over responses; reset keeps them and
 * clears everything else; a response after a reset parses normally. */
static void test_reset_and_counters(void **state)
{
	struct usrdtu_http_resp r;

	(void)state;
	start(&r, 1);
	FEED(&r, "garbage");
	assert_int_equal(usrdtu_http_resp_errors(&r), 1);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 7);
	usrdtu_http_resp_reset(&r);
	assert_int_equal(usrdtu_http_resp_state(&r), USRDTU_HTTP_RESP_HEAD);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	assert_int_equal(usrdtu_http_resp_errors(&r), 1);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 7);
	FEED(&r, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA");
	ASSERT_OUT("ok");
	assert_int_equal(usrdtu_http_resp_status(&r), 200);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 12);
	usrdtu_http_resp_reset(&r);
	assert_int_equal(usrdtu_http_resp_status(&r), 0);
	assert_int_equal(usrdtu_http_resp_body_bytes(&r), 0);
	assert_int_equal(usrdtu_http_resp_sent_bytes(&r), 0);
	usrdtu_http_resp_finish(&r);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NO_RESPONSE);
	assert_int_equal(usrdtu_http_resp_errors(&r), 2);
	/* reset keeps the filter setting */
	memset(&col, 0, sizeof col);
	usrdtu_http_resp_init(&r, 0, sink, &col);
	usrdtu_http_resp_reset(&r);
	FEED(&r, "HTTP/1.1 204 x\r\n\r\n");
	ASSERT_OUT("HTTP/1.1 204 x\r\n\r\n");
	/* init clears the counters */
	usrdtu_http_resp_init(&r, 1, sink, &col);
	assert_int_equal(usrdtu_http_resp_errors(&r), 0);
	assert_int_equal(usrdtu_http_resp_ignored_bytes(&r), 0);
	/* no sink: output dropped, counts kept */
	usrdtu_http_resp_init(&r, 1, NULL, NULL);
	assert_int_equal(usrdtu_http_resp_feed(&r, (const uint8_t *)"HTTP/1.1 200 OK\r\n\r\nab", 21), 21);
	assert_int_equal(usrdtu_http_resp_body_bytes(&r), 2);
	assert_int_equal(usrdtu_http_resp_feed(&r, NULL, 5), 0);
}

/* A line of exactly the limit is read; one byte more fails, for the status
 * line, a field line, a trailer line and a chunk-size line. */
static void test_line_limit(void **state)
{
	static uint8_t buf[LINE_MAX_ + 256];
	struct usrdtu_http_resp r;
	size_t n;
	int extra;

	(void)state;
	for (extra = 0; extra <= 1; extra++) {
		size_t line = (size_t)LINE_MAX_ + (size_t)extra;

		/* status line */
		n = (size_t)sprintf((char *)buf, "HTTP/1.1 200 ");
		memset(buf + n, 'r', line - n);
		n = line;
		n += (size_t)sprintf((char *)buf + n, "\r\nContent-Length: 1\r\n\r\nx");
		start(&r, 1);
		feed(&r, buf, n);
		assert_int_equal(usrdtu_http_resp_error(&r),
				 extra ? USRDTU_HTTP_ERR_LINE_LONG : USRDTU_HTTP_ERR_NONE);
		assert_int_equal(usrdtu_http_resp_done(&r), 1);

		/* a field line */
		n = (size_t)sprintf((char *)buf, "HTTP/1.1 200 OK\r\nX: ");
		memset(buf + n, 'v', line - 3);
		n += line - 3;
		n += (size_t)sprintf((char *)buf + n, "\r\nContent-Length: 1\r\n\r\nx");
		start(&r, 1);
		feed(&r, buf, n);
		assert_int_equal(usrdtu_http_resp_error(&r),
				 extra ? USRDTU_HTTP_ERR_LINE_LONG : USRDTU_HTTP_ERR_NONE);
		if (!extra)
			ASSERT_OUT("x");

		/* a chunk-size line with a long extension */
		n = (size_t)sprintf((char *)buf, CHK "1;");
		memset(buf + n, 'e', line - 2);
		n += line - 2;
		n += (size_t)sprintf((char *)buf + n, "\r\nz\r\n0\r\n\r\n");
		start(&r, 1);
		feed(&r, buf, n);
		assert_int_equal(usrdtu_http_resp_error(&r),
				 extra ? USRDTU_HTTP_ERR_LINE_LONG : USRDTU_HTTP_ERR_NONE);
		assert_int_equal(usrdtu_http_resp_done(&r), 1);

		/* a trailer line */
		n = (size_t)sprintf((char *)buf, CHK "0\r\nT:");
		memset(buf + n, 't', line - 2);
		n += line - 2;
		n += (size_t)sprintf((char *)buf + n, "\r\n\r\n");
		start(&r, 1);
		feed(&r, buf, n);
		assert_int_equal(usrdtu_http_resp_error(&r),
				 extra ? USRDTU_HTTP_ERR_LINE_LONG : USRDTU_HTTP_ERR_NONE);
		assert_int_equal(usrdtu_http_resp_done(&r), 1);
	}
}

/* The whole head (interim heads and trailers included) is limited: many
 * short fields, or 1xx responses without end. */
static void test_head_limit(void **state)
{
	struct usrdtu_http_resp r;
	static const char field[] = "X-Filler: 0123456789abcdef\r\n"; /* 28 bytes */
	uint32_t total;
	unsigned i;

	(void)state;
	/* exactly at the limit: fields fill it to the last byte with the blank line */
	start(&r, 1);
	total = (uint32_t)FEED(&r, "HTTP/1.1 200 OK\r\n");
	/* leave 6 to 33 bytes: a short field of 4 to 31 bytes and the blank line */
	while (total + LEN(field) + 6 <= TOTAL_MAX_)
		total += (uint32_t)FEED(&r, field);
	{
		static char pad[TOTAL_MAX_];
		size_t fill = TOTAL_MAX_ - total - 2;

		assert_true(fill >= 4 && fill < LEN(field) + 4);
		memset(pad, 'p', fill);
		memcpy(pad, "P:", 2);
		memcpy(pad + fill - 2, "\r\n", 2);
		total += (uint32_t)feed(&r, pad, fill);
	}
	assert_int_equal(total, TOTAL_MAX_ - 2);
	assert_int_equal(FEED(&r, "\r\nbody"), 6);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_NONE);
	ASSERT_OUT("body");

	/* one byte more fails */
	start(&r, 1);
	total = (uint32_t)FEED(&r, "HTTP/1.1 200 OK\r\n");
	for (i = 0; i < TOTAL_MAX_ / LEN(field) + 2; i++)
		FEED(&r, field);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_HEAD_LONG);
	assert_int_equal(r.head_bytes, TOTAL_MAX_);

	/* 100 Continue for ever */
	start(&r, 1);
	for (i = 0; i < TOTAL_MAX_ / 10u && !usrdtu_http_resp_done(&r); i++)
		FEED(&r, "HTTP/1.1 100 Continue\r\n\r\n");
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_HEAD_LONG);

	/* trailers count too */
	start(&r, 1);
	FEED(&r, CHK "0\r\n");
	for (i = 0; i < TOTAL_MAX_ / LEN(field) + 2; i++)
		FEED(&r, field);
	assert_int_equal(usrdtu_http_resp_error(&r), USRDTU_HTTP_ERR_HEAD_LONG);
}

/* What a parse produced, to compare two ways of feeding the same bytes. */
struct result {
	uint8_t out[1024];
	size_t out_len;
	size_t taken;
	int state;
	int error;
	unsigned status;
	uint32_t body, sent, ignored, errors;
};

static void snapshot(struct result *res, const struct usrdtu_http_resp *r, size_t taken)
{
	assert_true(col.len <= sizeof res->out);
	memcpy(res->out, col.out, col.len);
	res->out_len = col.len;
	res->taken = taken;
	res->state = (int)usrdtu_http_resp_state(r);
	res->error = (int)usrdtu_http_resp_error(r);
	res->status = usrdtu_http_resp_status(r);
	res->body = usrdtu_http_resp_body_bytes(r);
	res->sent = usrdtu_http_resp_sent_bytes(r);
	res->ignored = usrdtu_http_resp_ignored_bytes(r);
	res->errors = usrdtu_http_resp_errors(r);
}

static void assert_same(const struct result *a, const struct result *b)
{
	assert_int_equal(a->out_len, b->out_len);
	assert_memory_equal(a->out, b->out, a->out_len);
	assert_int_equal(a->taken, b->taken);
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->error, b->error);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->body, b->body);
	assert_int_equal(a->sent, b->sent);
	assert_int_equal(a->ignored, b->ignored);
	assert_int_equal(a->errors, b->errors);
}

static const char *const split_cases[] = {
	CHUNKED_RESP,
	CHUNKED_RESP "after the end",
	"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ncontentmore",
	"HTTP/1.0 200 OK\r\nConnection: close\r\n\r\nclose-delimited body",
	"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefgX\r\n",
	"HTTP/1.1 200 OK\nTransfer-Encoding:\n chunked\n\n3;e\nabc\n0\nT: x\n\nrest",
};

/* Every split of each response into two reads, and one byte per read,
 * give exactly what one read gives: output, state, counters. */
static void test_every_split(void **state)
{
	static struct result whole, part;
	struct usrdtu_http_resp r;
	size_t k, cut;
	int filter;

	(void)state;
	for (k = 0; k < sizeof split_cases / sizeof split_cases[0]; k++) {
		const uint8_t *resp = (const uint8_t *)split_cases[k];
		size_t len = strlen(split_cases[k]);

		for (filter = 0; filter <= 1; filter++) {
			size_t taken;

			start(&r, filter);
			taken = feed(&r, resp, len);
			usrdtu_http_resp_finish(&r);
			snapshot(&whole, &r, taken);
			if (k == 0 && filter)
				assert_int_equal(whole.out_len, sizeof CHUNKED_BODY - 1);

			for (cut = 0; cut <= len; cut++) {
				start(&r, filter);
				taken = feed(&r, resp, cut);
				taken += feed(&r, resp + cut, len - cut);
				usrdtu_http_resp_finish(&r);
				snapshot(&part, &r, taken);
				assert_same(&whole, &part);
			}
			start(&r, filter);
			taken = feed_in_steps(&r, resp, len, 1);
			usrdtu_http_resp_finish(&r);
			snapshot(&part, &r, taken);
			assert_same(&whole, &part);
			for (cut = 2; cut < 9; cut++) {
				start(&r, filter);
				taken = feed_in_steps(&r, resp, len, cut);
				usrdtu_http_resp_finish(&r);
				snapshot(&part, &r, taken);
				assert_same(&whole, &part);
			}
		}
	}
}

static void test_piece_edges(void **state)
{
	struct usrdtu_http_target t =
		target(USRDTU_HTTP_POST, "h", 8080, "/u", "");
	uint8_t buf[8];

	(void)state;
	/* past the end: nothing; a bad target: the same errors as _len */
	assert_int_equal(usrdtu_http_request_piece(&t, (const uint8_t *)"ab", 2, 1000, buf, sizeof buf), 0);
	assert_int_equal(usrdtu_http_request_piece(&t, (const uint8_t *)"ab", 2, 0, NULL, 4), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_http_request_piece(&t, (const uint8_t *)"ab", 2, 0, buf, 0), 0);
	t.port = 0;
	assert_int_equal(usrdtu_http_request_piece(&t, (const uint8_t *)"ab", 2, 0, buf, sizeof buf), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_http_request_piece(NULL, NULL, 0, 0, buf, sizeof buf), USRDTU_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_port_80),
		cmocka_unit_test(test_get_other_port),
		cmocka_unit_test(test_post_port_80),
		cmocka_unit_test(test_post_other_port),
		cmocka_unit_test(test_header_line_end),
		cmocka_unit_test(test_percent_every_byte),
		cmocka_unit_test(test_percent_classes),
		cmocka_unit_test(test_percent_url),
		cmocka_unit_test(test_empty_frame),
		cmocka_unit_test(test_exact_fit),
		cmocka_unit_test(test_invalid_target),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_piece_edges),
		cmocka_unit_test(test_from_settings),
		cmocka_unit_test(test_content_length),
		cmocka_unit_test(test_filter_off),
		cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_close_delimited),
		cmocka_unit_test(test_no_body_status),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_keep_alive),
		cmocka_unit_test(test_limits_of_numbers),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_malformed_filter_off),
		cmocka_unit_test(test_reset_and_counters),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_head_limit),
		cmocka_unit_test(test_every_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
