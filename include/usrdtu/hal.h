/*
 * The hardware abstraction layer a port implements.
 *
 * The engine never blocks and never touches hardware: it calls these
 * functions, each with the `ctx` pointer given to usrdtu_init(). One const
 * struct serves any number of instances. Functions marked optional may be
 * NULL; the engine then answers the commands that need them with the
 * profile's execution-failed error, or skips the feature, as documented.
 *
 * Return values: 0 or a positive count on success, a negative
 * enum usrdtu_err on failure.
 *
 * The engine is not re-entrant: a callback must not call usrdtu_serial_rx,
 * usrdtu_poll or usrdtu_restart on the same instance (they answer
 * USRDTU_ERR_BUSY); queue the bytes and feed them after the call returns.
 */
#ifndef USRDTU_HAL_H
#define USRDTU_HAL_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/settings.h"

/* Device facts the information commands report. The port returns text. */
enum usrdtu_info {
	USRDTU_INFO_VERSION,   /* VER */
	USRDTU_INFO_BUILD,     /* cat1 BUILD */
	USRDTU_INFO_SN,
	USRDTU_INFO_IMEI,
	USRDTU_INFO_ICCID,
	USRDTU_INFO_NUMBER,    /* CNUM: own phone number */
	USRDTU_INFO_CSQ,       /* "rssi,ber" */
	USRDTU_INFO_LOCAL_IP,  /* CIP */
	USRDTU_INFO_LAC,       /* LBS: location or tracking area code */
	USRDTU_INFO_CELL_ID,   /* LBS: cell id */
	USRDTU_INFO_LONGITUDE, /* cat1 LBS=1 */
	USRDTU_INFO_LATITUDE,
	USRDTU_INFO_LOCATION_TIME,
	USRDTU_INFO_ADDRESS,   /* cat1 LBS=2 */
	USRDTU_INFO_NEIGHBOR_LAC,  /* cat1 LBSN, index = neighbour 0, 1, ... */
	USRDTU_INFO_NEIGHBOR_CELL, /* cat1 LBSN */
	USRDTU_INFO_NET_TYPE,  /* cat1 SYSINFO: "0", "2" or "4"; g781 NETMODE: "0".."8" */
	USRDTU_INFO_CLOCK,     /* "yy/MM/dd,hh:mm:ss+zz" when the engine's clock is unset */
	USRDTU_INFO_PIN_STATE, /* g781 CPIN query, e.g. "READY" */
	USRDTU_INFO_MAC,       /* m0 MAC, 12 hex digits */
	USRDTU_INFO_PRODUCTION_TIME /* m0 PDTIME */
};

/* Things the engine asks the port to do at once. */
enum usrdtu_action {
	USRDTU_ACTION_PING,    /* arg: host name or address; 0 = reachable */
	USRDTU_ACTION_SET_PIN  /* g781 CPIN=<code>: arg: the PIN to give the SIM */
};

/* Serial line settings, as AT+UART stores them. */
struct usrdtu_uart_config {
	uint32_t baud;
	uint8_t data_bits;  /* 5..8 */
	uint8_t stop_bits;  /* 1 or 2 */
	uint8_t parity;     /* enum usrdtu_parity */
	uint8_t flow;       /* enum usrdtu_flow */
};

/*
 * The network. The engine keeps up to four sockets (A-D = 0-3). A link is
 * one connection: links 0-3 are the sockets themselves (a client, or a UDP
 * server that answers its latest peer); the clients a TCP server socket
 * accepted are links USRDTU_LINK(socket, n), n = 0, 1, ... (always >= 4).
 * The port never resolves names or blocks inside these calls: it starts the
 * work and reports the outcome later through usrdtu_sock_event(),
 * usrdtu_sock_accept() and usrdtu_sock_rx().
 */
#define USRDTU_LINK(socket, client) ((unsigned)(socket) + 4u * ((unsigned)(client) + 1u))
#define USRDTU_LINK_SOCKET(link) ((unsigned)(link) & 3u)
/* The client number of a server's link; -1 for links 0-3. */
#define USRDTU_LINK_CLIENT(link) ((int)((unsigned)(link) >> 2) - 1)

/* What the engine asks sock_open() for. */
struct usrdtu_sock_request {
	const char *host;      /* name or dotted address, NUL-terminated; "" for a server */
	uint16_t port;         /* remote port (client), or the port to listen on (server) */
	uint16_t local_port;   /* client: bind to this local port, 0 = any */
	uint8_t proto;         /* enum usrdtu_proto: TCPC, UDPC, TCPS or UDPS */
	uint8_t max_clients;   /* TCPS: the engine refuses or kicks beyond this many */
	uint8_t keepalive;     /* TCP: 1 = enable keepalive with the values below */
	uint8_t keepalive_interval_s;
	uint8_t keepalive_count;
	uint16_t keepalive_idle_s;
};

struct usrdtu_hal {
	/* Required: write bytes to the serial port. Returns bytes taken or a
	 * negative error; bytes not taken are counted as lost. */
	int (*serial_write)(void *ctx, const uint8_t *data, size_t len);

	/* Required: monotonic milliseconds (wraps at 2^32). */
	uint32_t (*now_ms)(void *ctx);

	/* Settings storage: two slots of flash_slot_size bytes each. Optional
	 * as a group: without them settings live in RAM only and AT+S still
	 * restarts. A write may be cut by power loss at any byte. */
	int (*flash_read)(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len);
	int (*flash_erase)(void *ctx, unsigned slot);
	int (*flash_write)(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len);
	uint32_t flash_slot_size;

	/* Optional: device facts. Writes at most cap bytes of text (no NUL
	 * needed) and returns the length, or a negative error if unknown. */
	int (*info)(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap);

	/* Optional: actions the port performs. Returns 0 on success. */
	int (*action)(void *ctx, enum usrdtu_action what, const char *arg);

	/* Optional: apply serial line settings (at boot, after each restart,
	 * and when the network asks through the RFC2217-like frame). Returns 0,
	 * or a negative error if the UART cannot do them. */
	int (*uart_config)(void *ctx, const struct usrdtu_uart_config *cfg);

	/* Optional: a finished serial frame in a data mode. */
	void (*frame_out)(void *ctx, uint8_t work_mode, const uint8_t *frame, size_t len);

	/* Network, optional as a group (without sock_open sockets stay down
	 * and frames are cached or dropped as if the network were away).
	 *
	 * sock_open: start connecting (client), or listening (server) for
	 * socket 0-3, or a UDPC link for the cat1 NTP client with socket =
	 * USRDTU_LINK_NTP (usrdtu.h; a port may refuse it: NTP failures are
	 * then counted). Returns 0 when under way; the outcome comes later as
	 * USRDTU_SOCK_CONNECTED or USRDTU_SOCK_FAILED. A negative return is a
	 * failure now (counted, retried after the reconnect interval).
	 *
	 * sock_send: send on a link. Returns the bytes taken, 0..len; fewer
	 * than len means "would block": the engine keeps the rest, in order,
	 * and tries again after USRDTU_SOCK_WRITABLE (or its next poll). A
	 * datagram link takes all or nothing. A negative return means the link
	 * is broken: the engine closes it and reconnects.
	 *
	 * sock_close: close a link (for a socket, also its server's clients).
	 * No event is reported for a close the engine asked for, nor any
	 * later event of the attempt it ended (a connect that was still
	 * under way). */
	int (*sock_open)(void *ctx, unsigned socket, const struct usrdtu_sock_request *req);
	int (*sock_send)(void *ctx, unsigned link, const uint8_t *data, size_t len);
	void (*sock_close)(void *ctx, unsigned link);

	/* Optional: 32 random bits for the reconnect jitter. Without it the
	 * engine uses its own generator seeded from the SN or IMEI. */
	uint32_t (*random)(void *ctx);

	/* Optional: told after every restart of the engine (AT+S, AT+Z ...),
	 * after the start message; a port may reset hardware here. */
	void (*restarted)(void *ctx);

	/* Optional: the modem sends one SMS-SUBMIT PDU: `pdu` is binary, SMSC
	 * field first (usrdtu_sms_hex_encode() makes the hex AT+CMGS wants),
	 * tpdu_len is the <length> of AT+CMGS=<length>. The bytes are valid
	 * during the call only. Returns 0 when under way: the outcome comes
	 * later through usrdtu_sms_event() (not from inside this call); a
	 * negative return is a failure now. One PDU at a time: the engine
	 * waits for the outcome before the next. NULL: no modem (SMS mode
	 * frames are dropped and counted, AT+SMSEND answers the
	 * execution-failed error). Received SMS come in through usrdtu_sms_rx(). */
	int (*sms_send)(void *ctx, const uint8_t *pdu, size_t len, size_t tpdu_len);
};

#endif /* USRDTU_HAL_H */
