/*
 * usrdtu HTTP client pieces for the HTTPD work mode (SPEC section 7).
 *
 * Two pure modules with no state of their own; docs/http.md gives the exact
 * formats.
 *
 * The request builder turns one serial frame into one GET or POST request:
 *
 *     struct usrdtu_http_target t;
 *     int32_t n;
 *
 *     usrdtu_http_target_from_settings(&t, settings);
 *     n = usrdtu_http_request_build(&t, frame, frame_len, buf, sizeof buf);
 *     if (n >= 0)
 *         send(buf, (size_t)n);   // n bytes, the whole request
 *
 * usrdtu_http_request_len() gives the same length without writing, so a
 * caller can size its buffer or refuse the frame first.
 *
 * The response filter is a streaming parser in a caller-owned struct. Feed
 * it what the socket delivers, in pieces of any size; it hands the body (filter
 * on) or the raw response (filter off) to a sink as spans of the bytes fed:
 *
 *     usrdtu_http_resp_init(&r, settings->http_filter, to_serial, dev);
 *     ... on every read:       usrdtu_http_resp_feed(&r, data, len);
 *     ... on close or timeout: usrdtu_http_resp_finish(&r);
 *     ... next request:        usrdtu_http_resp_reset(&r);
 */
#ifndef USRDTU_HTTP_H
#define USRDTU_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/config.h"
#include "usrdtu/settings.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- request builder (src/http_request.c) ---- */

/* Where a request goes and what it carries besides the frame. The strings
 * are bytes with a length (no NUL needed); header holds real CR LF bytes. */
struct usrdtu_http_target {
	const char *host;   /* name or address, 1 or more bytes, no controls or spaces */
	const char *url;    /* 1 or more bytes, e.g. "/1.php?" */
	const char *header; /* may be empty; CR LF is added when it lacks a line end */
	size_t host_len;
	size_t url_len;
	size_t header_len;
	uint16_t port;      /* 1..65535; 80 leaves ":port" out of Host */
	uint8_t method;     /* enum usrdtu_http_method */
};

/* Points t at the HTTP settings of s (HTPTP, HTPSV, HTPURL, HTPHD); t is
 * valid as long as s is. When socket A's protocol is USRDTU_PROTO_HTPC
 * (m0's AT+SOCK=HTPC,<host>,<port>; m0 has no HTPSV) host and port are
 * socket A's. */
void usrdtu_http_target_from_settings(struct usrdtu_http_target *t,
				      const struct usrdtu_settings *s);

/* Exact length of the request for this frame, or USRDTU_ERR_INVAL (NULL
 * where bytes are needed, empty host or URL, a host byte that would break
 * the Host line, port 0, unknown method), or USRDTU_ERR_NOSPC (longer than
 * INT32_MAX). */
int32_t usrdtu_http_request_len(const struct usrdtu_http_target *t, const uint8_t *frame,
				size_t frame_len);

/* Writes the request into buf and returns its length (as
 * usrdtu_http_request_len), or a negative enum usrdtu_err. USRDTU_ERR_NOSPC
 * when it does not fit in cap bytes; then nothing is written. */
int32_t usrdtu_http_request_build(const struct usrdtu_http_target *t, const uint8_t *frame,
				  size_t frame_len, uint8_t *buf, size_t cap);

/* Writes the bytes [offset, offset + cap) of the request that
 * usrdtu_http_request_build() would write (fewer at its end; 0 at or past
 * the end) and returns how many, or a negative enum usrdtu_err as
 * usrdtu_http_request_len(). For sending a request larger than any buffer
 * at hand, a piece at a time: each call walks the request from its start
 * up to offset + cap, so the pieces of a request of n bytes cost about
 * n * n / (2 * cap) steps in all. */
int32_t usrdtu_http_request_piece(const struct usrdtu_http_target *t, const uint8_t *frame,
				  size_t frame_len, uint32_t offset, uint8_t *buf, size_t cap);

/* ---- response filter (src/http_response.c) ---- */

/* Where a response stands (usrdtu_http_resp_state). */
enum usrdtu_http_resp_state {
	USRDTU_HTTP_RESP_HEAD = 0,  /* status line and header fields */
	USRDTU_HTTP_RESP_BODY = 1,
	USRDTU_HTTP_RESP_DONE = 2,  /* complete; later bytes are ignored */
	USRDTU_HTTP_RESP_FAILED = 3 /* malformed or cut short: usrdtu_http_resp_error */
};

/* Why a response failed (usrdtu_http_resp_error). */
enum usrdtu_http_error {
	USRDTU_HTTP_ERR_NONE = 0,
	USRDTU_HTTP_ERR_STATUS = 1,       /* not "HTTP/d.d ddd ..." or a code below 100 */
	USRDTU_HTTP_ERR_HEADER = 2,       /* a field line without name or colon, a CR without LF */
	USRDTU_HTTP_ERR_LINE_LONG = 3,    /* a line over USRDTU_CFG_HTTP_HEADER_LINE_MAX */
	USRDTU_HTTP_ERR_HEAD_LONG = 4,    /* header bytes over USRDTU_CFG_HTTP_HEADER_TOTAL_MAX */
	USRDTU_HTTP_ERR_LENGTH = 5,       /* Content-Length not a number, over 2^32-1, or two different */
	USRDTU_HTTP_ERR_CHUNK_SIZE = 6,   /* a chunk-size line without hex size, or junk in it */
	USRDTU_HTTP_ERR_CHUNK_RANGE = 7,  /* a chunk size over 2^32-1 */
	USRDTU_HTTP_ERR_CHUNK_END = 8,    /* chunk data not followed by CR LF */
	USRDTU_HTTP_ERR_TRUNCATED = 9,    /* finish() before the end of the message */
	USRDTU_HTTP_ERR_NO_RESPONSE = 10  /* finish() before any byte arrived */
};

/* Receives output: body bytes (filter on) or raw response bytes (filter
 * off). data points into the bytes given to usrdtu_http_resp_feed(); len is
 * never 0. It must not call back into the same parser. */
typedef void (*usrdtu_http_sink)(void *ctx, const uint8_t *data, size_t len);

/* One response being parsed. Owned by the caller; private: read it
 * through the functions below. */
struct usrdtu_http_resp {
	usrdtu_http_sink sink;
	void *ctx;
	uint32_t remaining;     /* body or chunk bytes still to come */
	uint32_t value;         /* number being read: Content-Length, chunk size */
	uint32_t content_length;
	uint32_t body_bytes;    /* body bytes of this response (de-chunked) */
	uint32_t sent_bytes;    /* bytes handed to the sink for this response */
	uint32_t head_bytes;    /* header bytes of this response, interim ones and trailers included */
	uint32_t errors;        /* failed responses since init */
	uint32_t ignored_bytes; /* bytes fed after the end of a response, since init */
	uint16_t status;
	uint16_t line_len;      /* bytes of the current line */
	uint8_t filter;         /* 1: body only; 0: raw response */
	uint8_t state;          /* internal state */
	uint8_t error;          /* enum usrdtu_http_error */
	uint8_t flags;
	uint8_t field;          /* header field being read */
	uint8_t line_kind;      /* the line a CR ends */
	uint8_t pos;            /* position in the status line, name or token */
	uint8_t match;          /* names or words still matching */
	uint8_t vstate;         /* value parser state */
	uint8_t framing;        /* how the body is delimited */
};

/* Starts with filter on (non-zero) or off, sink may be NULL (output
 * dropped). Clears every counter. */
void usrdtu_http_resp_init(struct usrdtu_http_resp *r, int filter, usrdtu_http_sink sink,
			   void *ctx);
/* Ready for the next response: keeps filter, sink, errors and
 * ignored_bytes; clears the rest. */
void usrdtu_http_resp_reset(struct usrdtu_http_resp *r);
/* Parses len bytes. Returns how many of them belong to the response; the
 * rest came after its end (or after the byte that made it fail) and are
 * counted in usrdtu_http_resp_ignored_bytes(). */
size_t usrdtu_http_resp_feed(struct usrdtu_http_resp *r, const uint8_t *data, size_t len);
/* The connection closed (or the engine's request timeout ran out): a body
 * delimited by the close is complete; any other unfinished response fails
 * with USRDTU_HTTP_ERR_TRUNCATED (USRDTU_HTTP_ERR_NO_RESPONSE if nothing
 * came). Nothing changes once the response is done or failed. */
void usrdtu_http_resp_finish(struct usrdtu_http_resp *r);

enum usrdtu_http_resp_state usrdtu_http_resp_state(const struct usrdtu_http_resp *r);
/* 1 when the response is complete or failed, else 0. */
int usrdtu_http_resp_done(const struct usrdtu_http_resp *r);
enum usrdtu_http_error usrdtu_http_resp_error(const struct usrdtu_http_resp *r);
/* Status code of the response (of the latest interim one until the final
 * one arrives); 0 before the status line is complete. */
uint16_t usrdtu_http_resp_status(const struct usrdtu_http_resp *r);
/* Body bytes of this response so far, after de-chunking (counted with the
 * filter off too, though then the raw bytes are what the sink gets). */
uint32_t usrdtu_http_resp_body_bytes(const struct usrdtu_http_resp *r);
/* Bytes handed to the sink for this response. */
uint32_t usrdtu_http_resp_sent_bytes(const struct usrdtu_http_resp *r);
/* Failed responses since init. */
uint32_t usrdtu_http_resp_errors(const struct usrdtu_http_resp *r);
/* Bytes fed after the end (or the failure) of a response, since init. */
uint32_t usrdtu_http_resp_ignored_bytes(const struct usrdtu_http_resp *r);
/* 1 when the response is complete and the server lets the connection be
 * used again (HTTP/1.1 without "Connection: close", or HTTP/1.0 with
 * "Connection: keep-alive", and a body of known length); else 0. */
int usrdtu_http_resp_keep_alive(const struct usrdtu_http_resp *r);

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_HTTP_H */
