/*
 * HTTPD work mode in the engine (SPEC section 7, docs/http.md "The mode in
 * the engine"): each serial frame becomes one request on socket A's link of
 * the scripted network (mock_hal.c), on the virtual clock. The test plays
 * the server: it answers sock_open with usrdtu_sock_event(), reads the
 * request bytes the engine sent and feeds the response with usrdtu_sock_rx().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "mock_hal.h"

static struct usrdtu dev;
static struct mock_hal m;

static void boot_with(const char *profile, const struct usrdtu_hal *hal)
{
	mock_boot(&dev, &m, profile, hal);
}

/* Runs commands in command mode; the last one restarts (AT+S, AT+Z). */
static void configure(const char *const *lines)
{
	mock_configure(&dev, &m, lines);
	assert_int_equal(usrdtu_in_command_mode(&dev), 0);
	memset(m.opens, 0, sizeof m.opens); /* count from this boot on */
}

/* cat1 in HTTPD mode against 10.0.0.1:8080; extra settings before AT+S. */
static void boot_cat1(const char *extra1, const char *extra2)
{
	const char *lines[] = {"AT+WKMOD=HTTPD\r", "AT+HTPSV=10.0.0.1,8080\r", "AT+HTPURL=/in?\r",
			       extra1 != NULL ? extra1 : "AT\r", extra2 != NULL ? extra2 : "AT\r",
			       "AT+S\r", NULL};

	boot_with("cat1", &mock_hal_net_ops);
	configure(lines);
	assert_int_equal(m.opens[0], 0); /* nothing connects before a frame */
}

static const struct usrdtu_http_stats *hs(void)
{
	return usrdtu_get_http_stats(&dev);
}

static const struct usrdtu_sock_stats *ss(void)
{
	return usrdtu_get_sock_stats(&dev, 0);
}

static void frame(const char *text)
{
	mock_send_frame(&dev, &m, text);
}

static void connected(void)
{
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_CONNECTING);
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CONNECTED);
}

static const char *server_says(const char *text)
{
	return mock_sock_rx(&dev, &m, 0, text, strlen(text));
}

static void assert_sent(const char *expected)
{
	size_t len = strlen(expected);

	assert_int_equal(m.link[0].len, len);
	assert_memory_equal(m.link[0].data, expected, len);
}

#define OK_5 "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
#define GET_IN(frame) "GET /in?" frame " HTTP/1.1\r\nHost: 10.0.0.1:8080\r\nAccept:text/html\r\n\r\n"

/* ---- the request on the wire */

static void test_get_exact_bytes_and_target(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("a b#");
	assert_int_equal(m.opens[0], 1);
	assert_int_equal(m.req[0].proto, USRDTU_PROTO_TCPC);
	assert_string_equal(m.req[0].host, "10.0.0.1");
	assert_int_equal(m.req[0].port, 8080);
	assert_int_equal(m.link[0].len, 0); /* nothing before the connection is up */
	connected();
	assert_sent(GET_IN("a%20b%23"));
	assert_int_equal(hs()->requests, 1);
	assert_int_equal(ss()->tx_bytes, strlen(GET_IN("a%20b%23")));
	assert_int_equal(ss()->connects, 1);
}

static void test_post_exact_bytes_port_80(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTP=POST\r", "AT+HTPSV=h.example,80\r");
	frame("a b\r\n");
	connected();
	assert_sent("POST /in? HTTP/1.1\r\nHost: h.example\r\nAccept:text/html\r\n"
		    "Content-Length: 5\r\n\r\na b\r\n");
}

static void test_header_setting_without_line_end(void **state)
{
	(void)state;
	boot_cat1("AT+HTPHD=X-Key: 7\r", NULL);
	frame("x");
	connected();
	assert_sent("GET /in?x HTTP/1.1\r\nHost: 10.0.0.1:8080\r\nX-Key: 7\r\n\r\n");
}

/* ---- responses */

static void test_content_length_body_only(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	connected();
	assert_string_equal(server_says(OK_5), "hello");
	assert_int_equal(hs()->responses, 1);
	assert_int_equal(hs()->serial_bytes, 5);
	/* HTTP/1.1 without Connection: close: the link stays for the next */
	assert_int_equal(m.link[0].closes, 0);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_UP);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_NO_DEADLINE);
}

static void test_chunked_dechunked(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	connected();
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
					"3;ext=1\r\nabc\r\n"),
			    "abc");
	assert_string_equal(server_says("2\r\nde\r\n0\r\nX-Trailer: 1\r\n\r\n"), "de");
	assert_int_equal(hs()->responses, 1);
	assert_int_equal(m.link[0].closes, 0);
}

static void test_close_delimited(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	connected();
	assert_string_equal(server_says("HTTP/1.0 200 OK\r\n\r\nuntil "), "until ");
	assert_string_equal(server_says("close"), "close");
	assert_int_equal(hs()->responses, 0);
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	assert_int_equal(hs()->responses, 1);
	assert_int_equal(hs()->truncated, 0);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
	/* the next frame opens a new connection */
	frame("y");
	assert_int_equal(m.opens[0], 2);
}

static void test_filter_off_raw_response(void **state)
{
	(void)state;
	boot_cat1("AT+HTPPK=OFF\r", NULL);
	frame("x");
	connected();
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n"),
			    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n");
	assert_int_equal(hs()->responses, 1);
}

static void test_connection_close_header_closes(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	connected();
	server_says("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nz");
	assert_int_equal(hs()->responses, 1);
	assert_int_equal(m.link[0].closes, 1);
	frame("y");
	assert_int_equal(m.opens[0], 2);
	assert_int_equal(hs()->reused, 0);
}

static void test_timeout(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTIM=5\r", NULL);
	mock_advance(&dev, &m, 1000);
	usrdtu_serial_rx(&dev, (const uint8_t *)"x", 1, m.now);
	mock_advance(&dev, &m, 200); /* the frame ends, the request starts */
	assert_int_equal(m.opens[0], 1);
	connected();
	server_says("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab");
	assert_in_range(usrdtu_next_poll_ms(&dev, m.now), 4000, 5000);
	mock_advance(&dev, &m, usrdtu_next_poll_ms(&dev, m.now) - 1);
	assert_int_equal(hs()->timeouts, 0);
	assert_int_equal(m.link[0].closes, 0);
	mock_advance(&dev, &m, 1);
	assert_int_equal(hs()->timeouts, 1);
	assert_int_equal(m.link[0].closes, 1);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
	assert_int_equal(ss()->dropped_frames, 0); /* the server had the request */
	/* late bytes of the ended request do not reach the serial port */
	assert_string_equal(server_says("cdefghij"), "");
	assert_int_equal(ss()->rx_dropped_bytes, 8);
}

static void test_timeout_while_connecting_drops_frame(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTIM=3\r", NULL);
	frame("x"); /* mock_send_frame lets 1 s pass after the frame */
	assert_int_equal(hs()->timeouts, 0);
	mock_advance(&dev, &m, 3000);
	assert_int_equal(hs()->timeouts, 1);
	assert_int_equal(ss()->dropped_frames, 1);
	assert_int_equal(ss()->dropped_bytes, 1);
	/* a stale CONNECTED for the closed attempt changes nothing */
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CONNECTED);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
	assert_int_equal(m.link[0].len, 0);
}

static void test_malformed_counted_and_next_request_runs(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTIM=600\r", NULL);
	frame("1");
	connected();
	frame("2"); /* waits */
	assert_string_equal(server_says("HTTP/1.1 abc\r\n\r\nbody"), "");
	assert_int_equal(hs()->malformed, 1);
	assert_int_equal(m.link[0].closes, 1);
	/* the queued frame goes out on a new connection */
	assert_int_equal(m.opens[0], 2);
	mock_net_clear(&m);
	connected();
	assert_sent(GET_IN("2"));
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"), "");
	assert_int_equal(hs()->malformed, 2);
}

static void test_server_closes_mid_body(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	connected();
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd"), "abcd");
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	assert_int_equal(hs()->truncated, 1);
	assert_int_equal(hs()->responses, 0);
	assert_int_equal(m.link[0].closes, 0); /* the port closed it already */
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_NO_DEADLINE);
}

static void test_connect_failure_drops_frame_and_goes_on(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTIM=600\r", NULL);
	frame("first");
	frame("second");
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_FAILED);
	assert_int_equal(hs()->connect_failures, 1);
	assert_int_equal(ss()->failures, 1);
	assert_int_equal(ss()->dropped_frames, 1);
	assert_int_equal(ss()->dropped_bytes, 5);
	/* the next frame's request starts at once */
	assert_int_equal(m.opens[0], 2);
	connected();
	assert_sent(GET_IN("second"));
	/* the port refuses to open at all */
	m.open_result = USRDTU_ERR_IO;
	server_says(OK_5);
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	frame("third");
	assert_int_equal(hs()->connect_failures, 2);
	assert_int_equal(ss()->dropped_frames, 2);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
}

static void test_close_while_connecting_is_connect_failure(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED);
	assert_int_equal(hs()->connect_failures, 1);
	assert_int_equal(hs()->send_failures, 0);
	assert_int_equal(ss()->dropped_frames, 1);
	assert_int_equal(m.link[0].closes, 0); /* the port closed it already */
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
}

static void test_send_error_drops_frame(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	m.link[0].broken = 1;
	connected();
	assert_int_equal(hs()->send_failures, 1);
	assert_int_equal(ss()->dropped_frames, 1);
	assert_int_equal(m.link[0].closes, 1);
}

static void test_partial_send_resumes_on_writable(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	m.link[0].budget = 10;
	connected();
	assert_int_equal(m.link[0].len, 10);
	m.link[0].budget = -1;
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_WRITABLE);
	assert_sent(GET_IN("x"));
}

/* ---- one at a time */

static void test_queue_keeps_order_and_reuses_connection(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTIM=600\r", NULL);
	frame("1");
	frame("2");
	frame("3");
	assert_int_equal(ss()->queued_frames, 3); /* 1 heads the queue until its request is out */
	connected();
	assert_sent(GET_IN("1"));
	mock_net_clear(&m);
	assert_string_equal(server_says(OK_5), "hello");
	assert_sent(GET_IN("2"));
	assert_int_equal(ss()->queued_frames, 1);
	mock_net_clear(&m);
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo"), "two");
	assert_sent(GET_IN("3"));
	server_says("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nthree");
	assert_int_equal(m.opens[0], 1);
	assert_int_equal(hs()->reused, 2);
	assert_int_equal(hs()->responses, 3);
	assert_int_equal(ss()->queued_frames, 0);
}

static void test_queue_overflow_drops_oldest_counted(void **state)
{
	char text[8];
	int i;

	(void)state;
	boot_cat1("AT+HTPTIM=600\r", NULL);
	frame("f0");
	connected(); /* f0's request is out: f0 has left the queue */
	for (i = 1; i <= USRDTU_CFG_CACHE_FRAMES + 2; i++) {
		snprintf(text, sizeof text, "f%d", i);
		frame(text);
	}
	assert_int_equal(ss()->queued_frames, USRDTU_CFG_CACHE_FRAMES);
	assert_int_equal(hs()->queue_dropped, 2);
	assert_int_equal(ss()->dropped_frames, 2);
	mock_net_clear(&m);
	server_says(OK_5);
	assert_sent(GET_IN("f3")); /* f1 and f2 were the oldest waiting */
	/* AT+DTU_CACHE? shows the HTTP queue in socket A's row */
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+DTU_CACHE?\r");
	snprintf(text, sizeof text, "A,%d,", USRDTU_CFG_CACHE_FRAMES - 1);
	assert_non_null(strstr((const char *)m.out, text));
}

static void test_queue_overflow_while_connecting_drops_newest(void **state)
{
	char text[8];
	int i;

	(void)state;
	boot_cat1("AT+HTPTIM=600\r", NULL);
	/* f0 is being sent (not connected yet): it heads the queue and stays */
	for (i = 0; i <= USRDTU_CFG_CACHE_FRAMES + 1; i++) {
		snprintf(text, sizeof text, "f%d", i);
		frame(text);
	}
	assert_int_equal(ss()->queued_frames, USRDTU_CFG_CACHE_FRAMES);
	assert_int_equal(hs()->queue_dropped, 2);
	assert_int_equal(ss()->dropped_frames, 2);
	connected();
	assert_sent(GET_IN("f0"));
	mock_net_clear(&m);
	server_says(OK_5);
	assert_sent(GET_IN("f1"));
}

static void test_keepalive_server_closes_idle_connection(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("1");
	connected();
	server_says(OK_5);
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED); /* idle link ends: no request lost */
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
	assert_int_equal(hs()->truncated, 0);
	assert_int_equal(ss()->failures, 0);
	frame("2");
	assert_int_equal(m.opens[0], 2);
}

static void test_keepalive_close_before_answer_not_resent(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("1");
	connected();
	server_says(OK_5);
	mock_net_clear(&m);
	frame("2"); /* sent on the kept connection ... */
	assert_sent(GET_IN("2"));
	assert_int_equal(hs()->reused, 1);
	assert_int_equal(ss()->queued_frames, 0); /* the port has it all */
	mock_sock_event(&dev, &m, 0, USRDTU_SOCK_CLOSED); /* ... that the server closed */
	/* the server may have run it: counted, not sent twice */
	assert_int_equal(hs()->truncated, 1);
	assert_int_equal(m.opens[0], 1);
	assert_int_equal(ss()->dropped_frames, 0);
	frame("3");
	assert_int_equal(m.opens[0], 2);
}

static void test_command_mode_drops_response_counted(void **state)
{
	(void)state;
	boot_cat1(NULL, NULL);
	frame("x");
	connected();
	mock_enter_command(&dev, &m);
	assert_string_equal(server_says(OK_5), "");
	assert_int_equal(hs()->serial_dropped, 5);
	assert_int_equal(hs()->responses, 1);
}

static void test_restart_loses_request_counted(void **state)
{
	(void)state;
	boot_cat1("AT+HTPTIM=600\r", NULL);
	frame("a");
	frame("bc");
	assert_int_equal(usrdtu_restart(&dev, m.now), 0);
	assert_int_equal(m.link[0].closes, 1);
	assert_int_equal(ss()->dropped_frames, 2);
	assert_int_equal(ss()->dropped_bytes, 3);
	assert_int_equal(usrdtu_sock_state(&dev, 0), USRDTU_SOCK_OFF);
}

static void test_long_get_sent_in_pieces(void **state)
{
	static char big[1025];
	static uint8_t expected[4096];
	struct usrdtu_http_target t;
	int32_t n;
	unsigned guard;

	(void)state;
	boot_cat1("AT+UARTFL=1024\r", NULL);
	memset(big, ' ', 1024); /* every byte becomes %20: 3 KB of request */
	big[1024] = 0;
	usrdtu_http_target_from_settings(&t, usrdtu_active_settings(&dev));
	n = usrdtu_http_request_build(&t, (const uint8_t *)big, 1024, expected, sizeof expected);
	assert_int_equal(n, strlen(GET_IN("")) + 3 * 1024);
	frame(big);
	m.link[0].budget = 100; /* a port that takes 100 bytes at a time */
	connected();
	assert_int_equal(m.link[0].len, 100);
	assert_int_equal(ss()->queued_frames, 1); /* the frame waits until all is out */
	for (guard = 0; guard < 100 && m.link[0].len < (size_t)n; guard++) {
		m.link[0].budget = 100;
		mock_sock_event(&dev, &m, 0, USRDTU_SOCK_WRITABLE);
	}
	assert_int_equal(m.link[0].len, n);
	assert_memory_equal(m.link[0].data, expected, (size_t)n);
	assert_int_equal(ss()->queued_frames, 0);
	assert_int_equal(ss()->dropped_frames, 0);
}

static void test_without_network_frames_go_to_frame_out(void **state)
{
	(void)state;
	boot_with("cat1", &mock_hal_ops);
	{
		const char *lines[] = {"AT+WKMOD=HTTPD\r", "AT+S\r", NULL};

		configure(lines);
	}
	assert_int_equal(usrdtu_http_client_running(&dev), 0); /* no sockets to run it on */
	frame("data");
	assert_int_equal(m.frame_count, 1);
	assert_int_equal(m.last_frame_mode, USRDTU_MODE_HTTPD);
	assert_int_equal(hs()->requests, 0);
}

/* ---- the profiles */

static void test_gprs232_defaults(void **state)
{
	const char *lines[] = {"AT+WKMOD=\"HTTPD\"\r", "AT+S\r", NULL};

	(void)state;
	boot_with("gprs232", &mock_hal_net_ops);
	configure(lines);
	frame("data=www.usr.cn");
	assert_string_equal(m.req[0].host, "test.usr.cn");
	assert_int_equal(m.req[0].port, 80);
	connected();
	/* 001 section 2.1.2's example */
	assert_sent("GET /1.php?data=www.usr.cn HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n\r\n");
	assert_string_equal(server_says(OK_5), "hello"); /* HTPPK default on */
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_NO_DEADLINE);
	frame("x");
	assert_in_range(usrdtu_next_poll_ms(&dev, m.now), 8000, 10000); /* HTPTIM 10 s */
}

static void test_cat1_defaults(void **state)
{
	const char *lines[] = {"AT+WKMOD=HTTPD\r", "AT+S\r", NULL};

	(void)state;
	boot_with("cat1", &mock_hal_net_ops);
	configure(lines);
	frame("v=1");
	connected();
	assert_sent("GET /1.php?v=1 HTTP/1.1\r\nHost: test.usr.cn\r\nAccept:text/html\r\n\r\n");
	assert_string_equal(server_says(OK_5), "hello"); /* HTPPK default on */
}

static void test_g781_defaults_and_settings(void **state)
{
	const char *lines[] = {"AT+WKMOD=HTTPD\r", "AT+Z\r", NULL};
	const char *lines2[] = {"AT+HTPFLT=ON\r", "AT+HTPTO=2\r", "AT+HTPTP=POST\r", "AT+Z\r", NULL};

	(void)state;
	boot_with("g781", &mock_hal_net_ops);
	configure(lines);
	frame("v=1");
	connected();
	assert_sent("GET /1.php?v=1 HTTP/1.1\r\nHost: test.usr.cn\r\nConnection: close\r\n\r\n");
	/* HTPFLT default off: the raw response */
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"),
			    "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
	assert_int_equal(m.link[0].closes, 1);
	configure(lines2);
	frame("v=2");
	connected();
	assert_sent("POST /1.php? HTTP/1.1\r\nHost: test.usr.cn\r\nConnection: close\r\n"
		    "Content-Length: 3\r\n\r\nv=2");
	assert_in_range(usrdtu_next_poll_ms(&dev, m.now), 1, 2000); /* HTPTO 2 s */
	assert_string_equal(server_says("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), "ok");
}

static void test_m0_htpc_target(void **state)
{
	const char *lines[] = {"AT+SOCK=HTPC,10.0.0.9,8081\r", "AT+Z\r", NULL};
	const char *lines2[] = {"AT+HTPCHD=on\r", "AT+Z\r", NULL};

	(void)state;
	boot_with("m0", &mock_hal_net_ops);
	configure(lines);
	assert_int_equal(usrdtu_http_client_running(&dev), 1);
	assert_int_equal(m.opens[0], 0); /* HTPC is no socket: nothing opens at boot */
	frame("x=1");
	assert_string_equal(m.req[0].host, "10.0.0.9");
	assert_int_equal(m.req[0].port, 8081);
	assert_int_equal(m.req[0].proto, USRDTU_PROTO_TCPC);
	connected();
	assert_sent("GET /2.php?x=1 HTTP/1.1\r\nHost: 10.0.0.9:8081\r\n"
		    "User_Agent: Mozilla/4.0\r\nConnection: close\r\n\r\n");
	/* HTPCHD default off: raw; no HTPTIM on m0: 10 s */
	assert_in_range(usrdtu_next_poll_ms(&dev, m.now), 8000, 10000);
	assert_string_equal(server_says(OK_5), OK_5);
	configure(lines2);
	frame("x=2");
	connected();
	assert_string_equal(server_says(OK_5), "hello");
}

static void test_m0_tcp_client_is_not_http(void **state)
{
	const char *lines[] = {"AT+SOCK=TCPC,10.0.0.9,8081\r", "AT+Z\r", NULL};

	(void)state;
	boot_with("m0", &mock_hal_net_ops);
	configure(lines);
	connected(); /* the NET socket connects at boot */
	assert_int_equal(usrdtu_http_client_running(&dev), 0);
	assert_int_equal(usrdtu_http_client_running(NULL), 0);
	frame("x=1");
	assert_sent("x=1");
	assert_int_equal(hs()->requests, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_exact_bytes_and_target),
		cmocka_unit_test(test_post_exact_bytes_port_80),
		cmocka_unit_test(test_header_setting_without_line_end),
		cmocka_unit_test(test_content_length_body_only),
		cmocka_unit_test(test_chunked_dechunked),
		cmocka_unit_test(test_close_delimited),
		cmocka_unit_test(test_filter_off_raw_response),
		cmocka_unit_test(test_connection_close_header_closes),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_timeout_while_connecting_drops_frame),
		cmocka_unit_test(test_malformed_counted_and_next_request_runs),
		cmocka_unit_test(test_server_closes_mid_body),
		cmocka_unit_test(test_connect_failure_drops_frame_and_goes_on),
		cmocka_unit_test(test_close_while_connecting_is_connect_failure),
		cmocka_unit_test(test_send_error_drops_frame),
		cmocka_unit_test(test_partial_send_resumes_on_writable),
		cmocka_unit_test(test_queue_keeps_order_and_reuses_connection),
		cmocka_unit_test(test_queue_overflow_drops_oldest_counted),
		cmocka_unit_test(test_queue_overflow_while_connecting_drops_newest),
		cmocka_unit_test(test_keepalive_server_closes_idle_connection),
		cmocka_unit_test(test_keepalive_close_before_answer_not_resent),
		cmocka_unit_test(test_command_mode_drops_response_counted),
		cmocka_unit_test(test_restart_loses_request_counted),
		cmocka_unit_test(test_long_get_sent_in_pieces),
		cmocka_unit_test(test_without_network_frames_go_to_frame_out),
		cmocka_unit_test(test_gprs232_defaults),
		cmocka_unit_test(test_cat1_defaults),
		cmocka_unit_test(test_g781_defaults_and_settings),
		cmocka_unit_test(test_m0_htpc_target),
		cmocka_unit_test(test_m0_tcp_client_is_not_http),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
