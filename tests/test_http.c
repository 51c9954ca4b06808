/*
 * HTTPD mode, the request builder: exact GET and POST bytes, Host with and
 * without a port, the header's line end, each percent-encoding class, empty
 * frames, buffers that fit exactly or are one byte short, invalid targets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "usrdtu/http.h"


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

/* The target taken from each profile's factory settings. */
static void check_factory(const struct usrdtu_profile *p, const char *want)
{
	static struct usrdtu_settings s;
	struct usrdtu_http_target t;

	settings_factory(p, &s);
	usrdtu_http_target_from_settings(&t, &s);
	assert_int_equal(t.host_len, strlen(s.http_host));
	assert_int_equal(t.url_len, strlen(s.http_url));
	assert_int_equal(t.header_len, strlen(s.http_header));
	expect_request(&t, "d=1", 3, want, strlen(want));
	/* a POST and another port follow the settings too */
	s.http_method = USRDTU_HTTP_POST;
	s.http_port = 8080;
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
		cmocka_unit_test(test_from_settings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
