/*
 * usrdtu build options.
 *
 * Every option is a macro named USRDTU_CFG_* with a default below. Override
 * any of them without editing the library: define it on the compiler command
 * line (-DUSRDTU_CFG_FRAME_MAX=1024) or put your overrides in a header and
 * pass its name as -DUSRDTU_CFG_OPTS_FILE='"my_usrdtu_opts.h"'.
 * docs/config.md describes each option.
 */
#ifndef USRDTU_CONFIG_H
#define USRDTU_CONFIG_H

#ifdef USRDTU_CFG_OPTS_FILE
#include USRDTU_CFG_OPTS_FILE
#endif

/* Which device dialects are compiled in (1 = yes). Leaving one out removes
 * its command table and shrinks the settings that only it needs. */
#ifndef USRDTU_CFG_PROFILE_GPRS232
#define USRDTU_CFG_PROFILE_GPRS232 1
#endif
#ifndef USRDTU_CFG_PROFILE_CAT1
#define USRDTU_CFG_PROFILE_CAT1 1
#endif
#ifndef USRDTU_CFG_PROFILE_G781
#define USRDTU_CFG_PROFILE_G781 1
#endif
#ifndef USRDTU_CFG_PROFILE_M0
#define USRDTU_CFG_PROFILE_M0 1
#endif

/* Longest command line kept, in bytes. SPEC asks for at least 512 and for
 * the longest valid line of every profile (a cat1 HTPHD of 200 bytes written
 * entirely as [XX] escapes is 812 bytes); tests/test_tables.c checks it. */
#ifndef USRDTU_CFG_LINE_MAX
#define USRDTU_CFG_LINE_MAX 1024
#endif

/* Longest serial frame in a data mode. The profiles with a settable packing
 * length allow 4096 bytes; a smaller value caps the frame length on targets
 * with little RAM (frames are then split, never dropped). */
#ifndef USRDTU_CFG_FRAME_MAX
#if USRDTU_CFG_PROFILE_CAT1 || USRDTU_CFG_PROFILE_G781
#define USRDTU_CFG_FRAME_MAX 4096
#else
#define USRDTU_CFG_FRAME_MAX 1024
#endif
#endif

/* `+++` must start a new serial frame: the line was idle at least this long. */
#ifndef USRDTU_CFG_ESCAPE_GUARD_MS
#define USRDTU_CFG_ESCAPE_GUARD_MS 50
#endif
/* Each `+` of `+++` must follow the previous one within this time. */
#ifndef USRDTU_CFG_ESCAPE_GAP_MS
#define USRDTU_CFG_ESCAPE_GAP_MS 50
#endif
/* Time the host has to answer the module's `a` with its own `a`. */
#ifndef USRDTU_CFG_ESCAPE_CONFIRM_MS
#define USRDTU_CFG_ESCAPE_CONFIRM_MS 3000
#endif

/* m0 has no packing settings: its frames end after this idle time or length. */
#ifndef USRDTU_CFG_M0_FRAME_GAP_MS
#define USRDTU_CFG_M0_FRAME_GAP_MS 20
#endif
#ifndef USRDTU_CFG_M0_FRAME_LEN
#define USRDTU_CFG_M0_FRAME_LEN 1024
#endif
/* gprs232 packs with a fixed time and length (001 section 2.2.2). */
#ifndef USRDTU_CFG_GPRS232_FRAME_GAP_MS
#define USRDTU_CFG_GPRS232_FRAME_GAP_MS 200
#endif
#ifndef USRDTU_CFG_GPRS232_FRAME_LEN
#define USRDTU_CFG_GPRS232_FRAME_LEN 1024
#endif

/* In command mode a line without terminator ends after the serial line has
 * been idle this long. 0 = use the profile's framing gap, as USR modules do
 * (they take one command per serial frame). */
#ifndef USRDTU_CFG_CMD_IDLE_MS
#define USRDTU_CFG_CMD_IDLE_MS 0
#endif

/* Replies are staged in a buffer of this size and written to the HAL in
 * pieces of at most this length. */
#ifndef USRDTU_CFG_REPLY_CHUNK
#define USRDTU_CFG_REPLY_CHUNK 64
#endif

/* 1: AT+H prints a description per command; 0: names only (saves flash). */
#ifndef USRDTU_CFG_HELP_TEXT
#define USRDTU_CFG_HELP_TEXT 1
#endif

/* cat1 login security: after the Nth wrong password in a row further
 * attempts are refused for USRDTU_CFG_LOGIN_DELAY_MS << (N - 1), capped. */
#ifndef USRDTU_CFG_LOGIN_DELAY_MS
#define USRDTU_CFG_LOGIN_DELAY_MS 1000
#endif
#ifndef USRDTU_CFG_LOGIN_DELAY_MAX_MS
#define USRDTU_CFG_LOGIN_DELAY_MAX_MS 60000
#endif

/* Bytes each socket can keep queued: the offline cache (CACHEN) and what a
 * port that would block has not taken yet. Frames are kept whole, with a
 * 2-byte length each; the oldest are dropped (and counted) to make room.
 * Must hold the longest frame plus the longest registration packet. */
#ifndef USRDTU_CFG_CACHE_BYTES
#define USRDTU_CFG_CACHE_BYTES 4096
#endif
/* Frames each socket can keep queued at most (cat1: 20). */
#ifndef USRDTU_CFG_CACHE_FRAMES
#define USRDTU_CFG_CACHE_FRAMES 20
#endif

/* gprs232: restart this long after the port reports a SIM it could not
 * unlock with the UCPIN PIN (usrdtu_sim_locked; 001: 5 minutes). */
#ifndef USRDTU_CFG_SIM_LOCK_RESTART_MS
#define USRDTU_CFG_SIM_LOCK_RESTART_MS 300000
#endif

/* Reconnect interval of profiles without a setting for it (gprs232, g781,
 * m0). Every retry waits this long plus a random part of up to a quarter
 * of it, so that a fleet does not reconnect in step. */
#ifndef USRDTU_CFG_RECONNECT_MS
#define USRDTU_CFG_RECONNECT_MS 5000
#endif
/* A connect the port has not answered after this long counts as failed. */
#ifndef USRDTU_CFG_CONNECT_TIMEOUT_MS
#define USRDTU_CFG_CONNECT_TIMEOUT_MS 30000
#endif
/* Clients a TCP server socket keeps (m0 MAXSK allows up to 8). */
#ifndef USRDTU_CFG_SERVER_CLIENTS
#define USRDTU_CFG_SERVER_CLIENTS 8
#endif
/* cat1 NTP client (docs/ntp.md): the server's UDP port, how long one
 * attempt (name look-up, request, reply) may take, attempts per sync (each
 * to the next server of NTPSVR), and the wait after a sync that failed
 * (at most NTPTM). */
#ifndef USRDTU_CFG_NTP_PORT
#define USRDTU_CFG_NTP_PORT 123
#endif
#ifndef USRDTU_CFG_NTP_TIMEOUT_MS
#define USRDTU_CFG_NTP_TIMEOUT_MS 5000
#endif
#ifndef USRDTU_CFG_NTP_ATTEMPTS
#define USRDTU_CFG_NTP_ATTEMPTS 4
#endif
#ifndef USRDTU_CFG_NTP_RETRY_MS
#define USRDTU_CFG_NTP_RETRY_MS 60000
#endif
/* Time zone of the calendar clock, in quarter hours east of UTC (-56..56),
 * when NTP sets a clock that AT+CCLK never set and whose HAL clock text
 * (USRDTU_INFO_CLOCK) gives no zone. */
#ifndef USRDTU_CFG_CLOCK_TZ
#define USRDTU_CFG_CLOCK_TZ 0
#endif
/* Bytes that may start an RFC2217-like frame at the end of a network read
 * wait this long for the rest before they are passed on as data. */
#ifndef USRDTU_CFG_RFC_HOLD_MS
#define USRDTU_CFG_RFC_HOLD_MS 100
#endif

/* HTTPD mode, response filter (src/http_response.c): the longest line of a
 * response head (status line, header field, trailer field, chunk-size line)
 * without its CR LF, and the most header bytes one response may carry
 * (interim 1xx heads and trailers included). Longer is a malformed response.
 * Nothing is buffered: these are counters, they cost no RAM. */
#ifndef USRDTU_CFG_HTTP_HEADER_LINE_MAX
#define USRDTU_CFG_HTTP_HEADER_LINE_MAX 512
#endif
#ifndef USRDTU_CFG_HTTP_HEADER_TOTAL_MAX
#define USRDTU_CFG_HTTP_HEADER_TOTAL_MAX 8192
#endif

/* SMS (src/sms_mode.c, docs/sms.md): the SMS work mode, SMS AT and
 * AT+SMSEND. Only gprs232 and cat1 have them; 0 leaves them out (their
 * state then takes a few bytes, received PDUs are refused). */
#ifndef USRDTU_CFG_SMS
#define USRDTU_CFG_SMS (USRDTU_CFG_PROFILE_GPRS232 || USRDTU_CFG_PROFILE_CAT1)
#endif
/* An object of 8-bit AVR cannot exceed 32 KB: smaller SMS buffers there. */
#if defined(__AVR__)
#define USRDTU__SMS_SMALL 1
#else
#define USRDTU__SMS_SMALL 0
#endif
/* Bytes of the queue of messages waiting for the modem; a message that
 * does not fit (a frame longer than the queue, or no room left) is dropped
 * and counted. Default: one longest frame and some, at least 2048. */
#ifndef USRDTU_CFG_SMS_TX_BYTES
#if USRDTU__SMS_SMALL
#define USRDTU_CFG_SMS_TX_BYTES 512
#else
#define USRDTU_CFG_SMS_TX_BYTES \
	(USRDTU_CFG_FRAME_MAX + 64 > 2048 ? USRDTU_CFG_FRAME_MAX + 64 : 2048)
#endif
#endif
/* Bytes of SMS AT replies collected for one reply SMS (longer: cut, counted). */
#ifndef USRDTU_CFG_SMS_REPLY_MAX
#if USRDTU__SMS_SMALL
#define USRDTU_CFG_SMS_REPLY_MAX 160
#else
#define USRDTU_CFG_SMS_REPLY_MAX 480
#endif
#endif
/* Bytes of one received message's text (all its parts as UTF-8); a longer
 * message is dropped and counted. Default: what the reassembly table can
 * hold (USRDTU_SMS_REASM_TEXT_MAX). */
#ifndef USRDTU_CFG_SMS_RX_TEXT_MAX
#if USRDTU__SMS_SMALL
#define USRDTU_CFG_SMS_RX_TEXT_MAX 640
#else
#define USRDTU_CFG_SMS_RX_TEXT_MAX 0 /* 0: USRDTU_SMS_REASM_TEXT_MAX */
#endif
#endif
/* Tries per PDU before it is given up (counted). */
#ifndef USRDTU_CFG_SMS_SEND_ATTEMPTS
#define USRDTU_CFG_SMS_SEND_ATTEMPTS 3
#endif
/* Wait before a failed PDU goes again. */
#ifndef USRDTU_CFG_SMS_RETRY_MS
#define USRDTU_CFG_SMS_RETRY_MS 5000
#endif
/* A PDU the port has not reported on after this long counts as failed. */
#ifndef USRDTU_CFG_SMS_SEND_TIMEOUT_MS
#define USRDTU_CFG_SMS_SEND_TIMEOUT_MS 120000
#endif

/* HTTPD mode in the engine (src/httpd.c): a request is never held whole
 * (a GET of a 4096-byte frame can be 13 KB); it is produced and handed to
 * sock_send in pieces of at most this many bytes, from the frame kept in
 * socket A's queue. Bigger pieces cost RAM, smaller ones more calls and
 * CPU (each piece walks the request from its start). 16-65535. */
#ifndef USRDTU_CFG_HTTP_SEND_CHUNK
#define USRDTU_CFG_HTTP_SEND_CHUNK 256
#endif
/* The request timeout when the profile has no HTPTIM / HTPTO (m0), in ms. */
#ifndef USRDTU_CFG_HTTP_TIMEOUT_MS
#define USRDTU_CFG_HTTP_TIMEOUT_MS 10000
#endif

#endif /* USRDTU_CONFIG_H */
