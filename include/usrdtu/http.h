/*
 * usrdtu HTTP client pieces for the HTTPD work mode (SPEC section 7).
 *
 * Pure functions with no state of their own.
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
 * valid as long as s is. */
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

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_HTTP_H */
