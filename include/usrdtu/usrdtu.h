/*
 * usrdtu: a USR IoT DTU in a library.
 *
 * A caller owns one `struct usrdtu` per emulated device (no heap, no global
 * state). Bind it to a profile (the device family whose AT dialect it speaks)
 * and a HAL (include/usrdtu/hal.h), then push input into it:
 *
 *     static struct usrdtu dtu;
 *     usrdtu_init(&dtu, &usrdtu_profile_gprs232, &my_hal, &my_board);
 *     for (;;) {
 *         n = read_uart(buf, sizeof buf);
 *         usrdtu_serial_rx(&dtu, buf, n, millis());
 *         usrdtu_poll(&dtu, millis());
 *         sleep_at_most(usrdtu_next_poll_ms(&dtu, millis()));
 *     }
 *
 * Everything the device says goes out through the HAL. Every function
 * returns 0 (or a count) on success and a negative enum usrdtu_err on error.
 */
#ifndef USRDTU_USRDTU_H
#define USRDTU_USRDTU_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/config.h"
#include "usrdtu/hal.h"
#include "usrdtu/http.h"
#include "usrdtu/settings.h"
#include "usrdtu/version.h"

#ifdef __cplusplus
extern "C" {
#endif

enum usrdtu_err {
	USRDTU_OK = 0,
	USRDTU_ERR_INVAL = -1,   /* bad argument */
	USRDTU_ERR_NOSPC = -2,   /* does not fit (settings record, buffer) */
	USRDTU_ERR_IO = -3,      /* the HAL reported a failure */
	USRDTU_ERR_CORRUPT = -4, /* stored data failed its check */
	USRDTU_ERR_NOTSUP = -5,  /* the HAL lacks what this needs */
	USRDTU_ERR_NOENT = -6,   /* nothing stored / no such item */
	USRDTU_ERR_BUSY = -7     /* called from inside one of its own HAL callbacks */
};

/* A device family's AT dialect: command table, reply strings, defaults. */
struct usrdtu_profile;

#if USRDTU_CFG_PROFILE_GPRS232
extern const struct usrdtu_profile usrdtu_profile_gprs232;
#endif
#if USRDTU_CFG_PROFILE_CAT1
extern const struct usrdtu_profile usrdtu_profile_cat1;
#endif
#if USRDTU_CFG_PROFILE_G781
extern const struct usrdtu_profile usrdtu_profile_g781;
#endif
#if USRDTU_CFG_PROFILE_M0
extern const struct usrdtu_profile usrdtu_profile_m0;
#endif

/* Looks a compiled-in profile up by name ("gprs232", "cat1", "g781",
 * "m0"); NULL if there is none. */
const struct usrdtu_profile *usrdtu_profile_find(const char *name);
const char *usrdtu_profile_name(const struct usrdtu_profile *profile);
/* The compiled-in profiles, in the order gprs232, cat1, g781, m0 (those
 * left out by USRDTU_CFG_PROFILE_* skipped): index 0 to count - 1; NULL
 * past the end. */
unsigned usrdtu_profile_count(void);
const struct usrdtu_profile *usrdtu_profile_at(unsigned index);

/* Counters a host can read to see that nothing was lost silently. */
struct usrdtu_stats {
	uint32_t serial_rx_bytes;
	uint32_t serial_rx_lost;   /* received bytes a restart left no place for */
	uint32_t serial_tx_lost;   /* bytes the HAL's serial_write did not take */
	uint32_t frames_out;       /* data-mode frames handed on */
	uint32_t frames_dropped;   /* frames with nowhere to go (no frame_out) */
	uint32_t frame_bytes_out;
	uint32_t lines;            /* command lines processed */
	uint32_t line_overflows;   /* lines longer than the line buffer */
	uint32_t errors;           /* error replies sent */
	uint32_t escapes;          /* successful +++/a entries */
	uint32_t escape_aborts;    /* broken +++ sequences given back as data */
	uint32_t serial_at;        /* password-prefixed commands run from data mode */
	uint32_t login_failures;
	uint32_t store_writes;
	uint32_t store_failures;   /* writes that failed, and stored records that could not be read */
	uint32_t restarts;
};

/* Per-socket counters (usrdtu_get_sock_stats, AT+DTU_CACHE?). */
struct usrdtu_sock_stats {
	uint32_t tx_bytes;         /* bytes the port took */
	uint32_t rx_bytes;         /* bytes received on the socket's links */
	uint32_t connects;         /* successful connects (clients accepted, for a server) */
	uint32_t failures;         /* failed connects and broken links */
	uint32_t queued_frames;    /* frames waiting now (cache and backpressure) */
	uint32_t queued_bytes;
	uint32_t dropped_frames;   /* frames lost: cache full, CACHEN off, refused */
	uint32_t dropped_bytes;
	uint32_t heartbeats;       /* heartbeats the port took */
	uint32_t heartbeat_failures;
	uint32_t rfc_frames;       /* RFC2217-like frames applied */
	uint32_t rfc_refused;      /* ... that the UART could not do */
	uint32_t net_at;           /* network AT packets run */
	uint32_t rx_dropped_bytes; /* received while the serial port was in command mode */
	uint32_t clients_refused;  /* TCP server at its limit (m0 TCPSE KEEP) */
	uint32_t clients_kicked;   /* ... oldest client closed for a new one (KICK) */
};

/* A socket's state as the engine sees it. */
enum usrdtu_sock_state {
	USRDTU_SOCK_OFF = 0,      /* disabled, not in NET mode, or a short connection at rest */
	USRDTU_SOCK_WAITING = 1,  /* waiting to (re)connect */
	USRDTU_SOCK_CONNECTING = 2,
	USRDTU_SOCK_UP = 3        /* connected (client) or listening (server) */
};

/* What a port reports about a link (usrdtu_sock_event). */
enum usrdtu_sock_event {
	USRDTU_SOCK_CONNECTED = 0, /* socket: connected or listening */
	USRDTU_SOCK_CLOSED = 1,    /* the peer closed or the link broke */
	USRDTU_SOCK_FAILED = 2,    /* socket: the connect (or listen) failed */
	USRDTU_SOCK_WRITABLE = 3   /* a link that would block can take bytes again */
};

/* A socket's queue holds at least the longest frame with the longest
 * registration packet in front of it. */
#define USRDTU_QUEUE_BYTES \
	USRDTU__MAX2(USRDTU_CFG_CACHE_BYTES, USRDTU_CFG_FRAME_MAX + USRDTU_REGDT_LEN + 2)

/* Server clients kept at most, over all server sockets. Link numbers are
 * kept in 8 bits: the last client link, USRDTU_LINK(3, max - 1), and the
 * NTP link after it, USRDTU_LINK(0, max), must fit. */
#define USRDTU_CLIENTS_MAX USRDTU_CFG_SERVER_CLIENTS
#if USRDTU_CFG_SERVER_CLIENTS < 1 || USRDTU_CFG_SERVER_CLIENTS > 62
#error "USRDTU_CFG_SERVER_CLIENTS must be 1..62 (link numbers are 8-bit)"
#endif

/* The engine's view of one socket. Private: use the functions below. */
struct usrdtu_sock {
	struct usrdtu_sock_stats stats;
	uint32_t timer_ms;      /* reconnect due (WAITING), connect started (CONNECTING) */
	uint32_t traffic_ms;    /* newest byte either way */
	uint32_t down_ms;       /* since when the socket is not up */
	uint32_t heart_ms;      /* newest heartbeat to the serial port */
	uint32_t rfc_ms;        /* when rfc_held started */
	uint32_t q_head;        /* queue: offset of the oldest record */
	uint32_t q_tail;        /* offset after the newest record */
	uint32_t q_wrap;        /* 0, or the end of the records before the tail wrapped */
	uint32_t q_sent;        /* bytes of the oldest record the port took */
	uint16_t fails;         /* connects failed in a row */
	uint8_t state;          /* enum usrdtu_sock_state */
	uint8_t backup;         /* 1: the current attempt is to the backup server */
	uint8_t heart_fails;    /* heartbeat sends failed in a row */
	uint8_t reg_due;        /* the registration goes before the next data */
	uint16_t reg_off;       /* bytes of it the port took so far */
	uint8_t rfc_link;       /* link the held bytes came from */
	uint8_t rfc_len;        /* bytes held: maybe the start of an RFC2217-like frame */
	uint8_t rfc_held[7];
	uint8_t queue[USRDTU_QUEUE_BYTES];
};

/* A client a TCP server socket accepted. */
struct usrdtu_client {
	uint32_t since_ms;      /* accepted at */
	uint32_t traffic_ms;
	uint8_t link;           /* 0: slot free */
	uint8_t heart_fails;
	uint8_t reg_due;
};

/* The link of the cat1 NTP client's UDP socket (docs/ntp.md): the first
 * number past every server client link, so it never names a socket or a
 * client. The engine opens it with sock_open(ctx, USRDTU_LINK_NTP, req). */
#define USRDTU_LINK_NTP USRDTU_LINK(0, USRDTU_CLIENTS_MAX)

/* NTP client counters (usrdtu_get_ntp_stats). */
struct usrdtu_ntp_stats {
	uint32_t rounds;          /* syncs started (at restart, then every NTPTM) */
	uint32_t requests;        /* requests the port took */
	uint32_t syncs;           /* replies that set the clock */
	uint32_t failed_rounds;   /* syncs that ran out of attempts */
	uint32_t timeouts;        /* attempts without an answer in time */
	uint32_t link_failures;   /* opens, sends or links the port failed */
	uint32_t rejected;        /* replies refused by the checks, and stray datagrams */
	uint32_t kisses;          /* kiss-o'-death replies */
	int32_t last_offset_ms;   /* newest sync: how far the clock was off (0 if unset before) */
	uint32_t last_delay_ms;   /* newest sync: round-trip delay */
};

/* The NTP client's state. Private. */
struct usrdtu_ntp {
	struct usrdtu_ntp_stats stats;
	uint32_t timer_ms;     /* start of the current wait */
	uint32_t wait_ms;      /* its length */
	uint32_t sent_ms;      /* when the request went */
	uint32_t sent_s;       /* its transmit timestamp */
	uint32_t sent_frac;
	uint32_t nonce;        /* random bits for the timestamp when the HAL has none */
	uint8_t state;
	uint8_t server;        /* NTPSVR entry asked now (0-3) */
	uint8_t attempts;      /* attempts in the current sync */
	uint8_t banned;        /* bit per server: it answered DENY or RSTR */
};

/* HTTPD mode counters (usrdtu_get_http_stats). The request queue itself
 * is socket A's: its queued and dropped frames are in socket A's
 * usrdtu_sock_stats (and AT+DTU_CACHE?), as are the link's connects,
 * failures and bytes. docs/http.md, "The mode in the engine". */
struct usrdtu_http_stats {
	uint32_t requests;         /* requests started (one per frame) */
	uint32_t responses;        /* complete responses */
	uint32_t malformed;        /* responses that broke HTTP's rules (ended there) */
	uint32_t truncated;        /* the server closed before the end of the response */
	uint32_t timeouts;         /* HTPTIM / HTPTO ran out before the end */
	uint32_t connect_failures; /* the connection could not be made: frame dropped */
	uint32_t send_failures;    /* the link broke while the request went out: frame dropped */
	uint32_t queue_dropped;    /* frames the full queue dropped (docs/http.md: which ones) */
	uint32_t reused;           /* requests sent on a kept-alive connection */
	uint32_t serial_bytes;     /* response bytes handed to the serial port */
	uint32_t serial_dropped;   /* response bytes dropped: the port was in command mode */
};

/* The HTTPD mode's request in flight (src/httpd.c). Private. */
struct usrdtu_httpd {
	struct usrdtu_http_stats stats;
	struct usrdtu_http_resp resp;
	uint32_t started_ms;   /* the request in flight began */
	uint32_t req_len;      /* bytes of the request in flight */
	uint32_t req_sent;     /* ... the port took; until all, its frame heads socket A's queue */
	uint16_t frame_len;    /* the frame the request carries */
	uint8_t running;       /* the work mode is HTTPD (or m0 HTPC) and the HAL has sockets */
	uint8_t link;          /* off, connecting, up (httpd.c) */
	uint8_t in_flight;     /* a request is under way */
	uint8_t got_bytes;     /* ... and the server has answered something */
	uint8_t piece[USRDTU_CFG_HTTP_SEND_CHUNK]; /* the part of the request being sent */
};

#define USRDTU_WORK_MAX USRDTU__MAX2(USRDTU_CFG_LINE_MAX, USRDTU_CFG_FRAME_MAX)

#include "usrdtu/sms.h" /* SMS mode state and API */

/* The instance. Its fields are private: use the functions below. */
struct usrdtu {
	const struct usrdtu_profile *profile;
	const struct usrdtu_hal *hal;
	void *ctx;

	/* The small fields first, the buffers after them: on Thumb-1 (Cortex-M0+)
	 * a load reaches a byte field at offsets below 32, a word below 128, in
	 * one instruction; past that each access needs its offset from a literal
	 * pool, about 4 bytes more of code per access. */
	uint8_t out_len;
	uint8_t in_command;    /* 1: command mode, 0: the work mode's data mode */
	uint8_t line_state;    /* at_lexer.c */
	uint8_t escape_state;  /* escape.c */
	uint8_t escape_held;   /* `+` bytes held while deciding */
	uint8_t logged_in;     /* cat1 login security */
	uint8_t login_failures;
	uint8_t store_slot;    /* slot holding the newest settings record */
	uint8_t store_valid;   /* 1: store_slot holds a valid record */
	uint8_t has_rx;        /* a byte has been received since restart */
	uint8_t clock_set;     /* the wall clock was set (AT+CCLK or NTP) */
	int8_t clock_tz;       /* quarter hours east of UTC */
	uint8_t input_break;   /* stop feeding input: a restart is due or the mode changed */
	uint8_t at_source;     /* where the command being run came from */
	uint8_t busy;          /* inside an entry point: HAL callbacks may not re-enter */
	uint8_t at_link;       /* link a network AT reply goes to */
	uint8_t net_running;   /* the work mode runs sockets */
	uint16_t work_len;     /* bytes in work */
	uint16_t connect_fails; /* m0 CLIENTRST: failed connects in a row, all sockets */

	uint32_t now_ms;         /* time of the input being processed */
	uint32_t last_rx_ms;     /* time of the newest serial byte */
	uint32_t frame_ms;       /* time of the newest byte of the open frame */
	uint32_t escape_ms;      /* time of the newest `+`, or of the `a` sent */
	uint32_t login_until_ms; /* wrong passwords: refused until then */
	uint32_t store_seq;      /* sequence number of the newest record */
	uint32_t clock_base_s;   /* seconds since 2000-01-01 at clock_base_ms */
	uint32_t clock_base_ms;
	uint32_t net_rx_ms;      /* newest byte from the network (RSTIM) */
	uint32_t heart_com_ms;   /* newest heartbeat to the serial port */
	uint32_t random_state;   /* jitter generator when the HAL has none */

	struct usrdtu_stats stats;

	uint8_t out[USRDTU_CFG_REPLY_CHUNK]; /* replies staged for one write */

	struct usrdtu_settings active;  /* what runs: loaded at restart */
	struct usrdtu_settings pending; /* what commands edit and queries show */

	/* The command line in command mode, the frame in a data mode. */
	uint8_t work[USRDTU_WORK_MAX];

	/* network side (net.c) */
	struct usrdtu_client clients[USRDTU_CLIENTS_MAX];
	struct usrdtu_sock sock[USRDTU_SOCKETS];

	struct usrdtu_ntp ntp;    /* ntp.c */

	struct usrdtu_httpd httpd; /* HTTPD work mode (httpd.c) */

	struct usrdtu_sms sms; /* sms_mode.c */

	/* gprs232 UCPIN: the port reported a SIM it could not unlock (sim_lock.c) */
	uint32_t sim_locked_ms;
	uint8_t sim_locked;
};

/* Binds dev to a profile and a HAL, loads the saved settings (factory
 * defaults when none are stored) and boots: applies the UART settings,
 * prints the start message and enters the saved work mode. */
int usrdtu_init(struct usrdtu *dev, const struct usrdtu_profile *profile,
		const struct usrdtu_hal *hal, void *ctx);

/* Restarts as the module does after AT+Z: unsaved changes are lost. */
int usrdtu_restart(struct usrdtu *dev, uint32_t now_ms);

/* Feeds bytes received on the serial port. All bytes are consumed. */
int usrdtu_serial_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms);

/* Runs what is due at now_ms: frame and line idle ends, escape timeouts. */
int usrdtu_poll(struct usrdtu *dev, uint32_t now_ms);

#define USRDTU_NO_DEADLINE UINT32_MAX
/* Milliseconds from now_ms until usrdtu_poll() has work, 0 if overdue,
 * USRDTU_NO_DEADLINE if nothing is scheduled. */
uint32_t usrdtu_next_poll_ms(const struct usrdtu *dev, uint32_t now_ms);

/* 1 while received bytes are held waiting for a time-out (a line without
 * terminator, an unfinished frame, a `+++` being decided). */
int usrdtu_input_pending(const struct usrdtu *dev);

/* 1 in command mode, 0 in the data mode of the work mode. */
int usrdtu_in_command_mode(const struct usrdtu *dev);

/* gprs232 UCPIN (001 3.1.7.68): the port, which unlocks the SIM with the
 * stored PIN (usrdtu_active_settings()->sim_pin, "" for none) after each
 * restart, reports with this that the SIM stays locked (the PIN it needs is
 * missing or wrong). The engine then restarts USRDTU_CFG_SIM_LOCK_RESTART_MS
 * (5 minutes) after the first report, as the module does; a restart forgets
 * the report. USRDTU_ERR_NOTSUP in profiles without UCPIN. */
int usrdtu_sim_locked(struct usrdtu *dev, uint32_t now_ms);

/* The settings in force since the last restart, and the edited copy. */
const struct usrdtu_settings *usrdtu_active_settings(const struct usrdtu *dev);
const struct usrdtu_settings *usrdtu_pending_settings(const struct usrdtu *dev);

const struct usrdtu_stats *usrdtu_get_stats(const struct usrdtu *dev);

/* ---- The network side (see the HAL's sock_* functions) ----
 * The port reports what happened on a link. These may not be called from
 * inside a HAL callback (USRDTU_ERR_BUSY): queue the event and report it
 * after the callback returned. */
int usrdtu_sock_event(struct usrdtu *dev, unsigned link, enum usrdtu_sock_event ev,
		      uint32_t now_ms);
/* Bytes received on a link: to the serial port, or a network AT command, or
 * an RFC2217-like frame. All bytes are consumed. */
int usrdtu_sock_rx(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len,
		   uint32_t now_ms);
/* A TCP server socket has a new client: returns the link to use for it
 * (>= 4), or USRDTU_ERR_NOSPC when it must be refused (close it). At the
 * client limit with the KICK policy the oldest client is closed first
 * (through sock_close) to make room. */
int usrdtu_sock_accept(struct usrdtu *dev, unsigned socket, uint32_t now_ms);
/* State of socket 0-3 (enum usrdtu_sock_state), and its counters. */
int usrdtu_sock_state(const struct usrdtu *dev, unsigned socket);
const struct usrdtu_sock_stats *usrdtu_get_sock_stats(const struct usrdtu *dev, unsigned socket);
/* HTTPD mode counters (they survive restarts, as the socket counters do);
 * NULL when dev is NULL. */
const struct usrdtu_http_stats *usrdtu_get_http_stats(const struct usrdtu *dev);
/* 1 while the engine runs as an HTTP client (HTTPD work mode, m0's socket
 * in HTPC): data-mode frames become requests on socket A's link, one at a
 * time, the next only after the answer; 0 otherwise or when dev is NULL. */
int usrdtu_http_client_running(const struct usrdtu *dev);

/* The cat1 NTP client's counters (all zero in other profiles or with
 * NTPEN off). */
const struct usrdtu_ntp_stats *usrdtu_get_ntp_stats(const struct usrdtu *dev);

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_USRDTU_H */
