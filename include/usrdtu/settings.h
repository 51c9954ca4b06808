/*
 * The settings of a DTU, shared by every profile.
 *
 * One struct holds the union of what the four dialects can configure; a
 * profile's command table says which fields it uses, their ranges and their
 * factory defaults. Text fields are NUL-terminated; hex fields keep their
 * decoded length in the first two bytes (little-endian) followed by the bytes.
 * Array sizes follow the longest value any compiled-in profile accepts, so a
 * build with one profile carries only what that profile needs.
 *
 * Enumerated settings hold the semantic values below, whatever words a
 * dialect uses for them (gprs232 "TCP" and g781 "TCPC" are both
 * USRDTU_PROTO_TCPC).
 */
#ifndef USRDTU_SETTINGS_H
#define USRDTU_SETTINGS_H

#include <stdint.h>

#include "usrdtu/config.h"

/* Sockets the settings and the engine keep: A-D (0-3) with gprs232, cat1
 * or g781 built in; m0 has one (AT+SOCK), so an m0-only build keeps one.
 * Link numbers do not change with it (hal.h: links 0-3 are the sockets,
 * server clients from 4 on). */
#if USRDTU_CFG_PROFILE_GPRS232 || USRDTU_CFG_PROFILE_CAT1 || USRDTU_CFG_PROFILE_G781
#define USRDTU_SOCKETS 4
#else
#define USRDTU_SOCKETS 1
#endif

enum usrdtu_mode {
	USRDTU_MODE_CMD = 0,
	USRDTU_MODE_NET = 1,
	USRDTU_MODE_HTTPD = 2,
	USRDTU_MODE_SMS = 3,
	USRDTU_MODE_UDC = 4 /* gprs232 only; runs as NET (SPEC section 4) */
};

enum usrdtu_proto {
	USRDTU_PROTO_TCPC = 0,
	USRDTU_PROTO_UDPC = 1,
	USRDTU_PROTO_TCPS = 2,
	USRDTU_PROTO_UDPS = 3,
	USRDTU_PROTO_HTPC = 4 /* m0: HTTP client instead of a socket */
};

enum usrdtu_parity {
	USRDTU_PARITY_NONE = 0,
	USRDTU_PARITY_ODD = 1,
	USRDTU_PARITY_EVEN = 2,
	USRDTU_PARITY_MARK = 3,
	USRDTU_PARITY_SPACE = 4
};

enum usrdtu_flow {
	USRDTU_FLOW_NONE = 0,
	USRDTU_FLOW_CRTS = 1,
	USRDTU_FLOW_RS485 = 2
};

/* What a registration packet (or cat1 heartbeat, HEARTSORT) carries. */
enum usrdtu_content {
	USRDTU_CONTENT_USER = 0, /* REGDT / HEARTDT bytes */
	USRDTU_CONTENT_ICCID = 1,
	USRDTU_CONTENT_IMEI = 2,
	USRDTU_CONTENT_SN = 3,
	USRDTU_CONTENT_REGID = 4,
	USRDTU_CONTENT_CLOUD = 5,
	USRDTU_CONTENT_UDC = 6,
	USRDTU_CONTENT_MAC = 7,
	USRDTU_CONTENT_LBS = 8
};

/* m0's REGEN chooses both "on" and the content in one word. */
enum usrdtu_regen {
	USRDTU_REGEN_OFF = 0,
	USRDTU_REGEN_ON = 1,
	USRDTU_REGEN_MAC = 2,
	USRDTU_REGEN_USER = 3
};

enum usrdtu_regsnd {
	USRDTU_REGSND_LINK = 0,
	USRDTU_REGSND_DATA = 1,
	USRDTU_REGSND_LINK_DATA = 2
};

enum usrdtu_heart_dir {
	USRDTU_HEART_NET = 0,
	USRDTU_HEART_COM = 1
};

enum usrdtu_http_method {
	USRDTU_HTTP_GET = 0,
	USRDTU_HTTP_POST = 1
};

#define USRDTU__MAX2(a, b) ((a) > (b) ? (a) : (b))
#define USRDTU__MAX4(a, b, c, d) USRDTU__MAX2(USRDTU__MAX2(a, b), USRDTU__MAX2(c, d))
#define USRDTU__IF(profile, n) ((USRDTU_CFG_PROFILE_##profile) ? (n) : 0)
#define USRDTU__LONGEST(g, c, s7, m) \
	USRDTU__MAX4(USRDTU__IF(GPRS232, g), USRDTU__IF(CAT1, c), USRDTU__IF(G781, s7), USRDTU__IF(M0, m))

/* Longest value of each kind over the compiled-in profiles, in bytes. */
#define USRDTU_HOST_LEN 100
#define USRDTU_BACKUP_HOST_LEN USRDTU__LONGEST(0, 100, 0, 0)
#define USRDTU_CMDPW_LEN USRDTU__LONGEST(6, 10, 11, 0)
#define USRDTU_STMSG_LEN USRDTU__LONGEST(17, 20, 20, 0)
#define USRDTU_APN_LEN USRDTU__LONGEST(50, 50, 50, 0)
#define USRDTU_REGDT_LEN USRDTU__LONGEST(80, 300, 255, 39)
#define USRDTU_HEARTDT_LEN USRDTU__LONGEST(40, 300, 80, 39)
#define USRDTU_URL_LEN USRDTU__LONGEST(100, 100, 100, 29)
#define USRDTU_HTTP_HEADER_LEN USRDTU__LONGEST(200, 200, 200, 200)
#define USRDTU_PHONE_LEN USRDTU__LONGEST(20, 20, 0, 0)
#define USRDTU_CLOUD_ID_LEN 20
#define USRDTU_CLOUD_PASS_LEN 8
#define USRDTU_PIN_LEN USRDTU__LONGEST(8, 0, 0, 0)
#define USRDTU_LOGIN_LEN USRDTU__LONGEST(0, 10, 0, 0)
#define USRDTU_NTP_HOST_LEN USRDTU__LONGEST(0, 100, 0, 0)
#define USRDTU_WEB_TEXT_LEN USRDTU__LONGEST(0, 0, 0, 15)
#define USRDTU_NTP_SERVERS 4

/* Storage size of a text field of at most n bytes (NUL, and never 0). */
#define USRDTU_TEXT(n) ((n) + 1)
/* Storage size of a hex field of at most n decoded bytes. */
#define USRDTU_HEX(n) ((n) + 2)

struct usrdtu_uart_settings {
	uint32_t baud;
	uint8_t data_bits;
	uint8_t stop_bits;
	uint8_t parity; /* enum usrdtu_parity */
	uint8_t flow;   /* enum usrdtu_flow */
};

struct usrdtu_socket_settings {
	uint16_t port;
	uint16_t backup_port;
	uint16_t keepalive_idle_s;
	uint8_t proto;           /* enum usrdtu_proto */
	uint8_t enabled;
	uint8_t short_connection; /* 1: connect per frame, close when idle */
	uint8_t backup_enabled;
	uint8_t keepalive_enabled;
	uint8_t keepalive_interval_s;
	uint8_t keepalive_count;
	char host[USRDTU_TEXT(USRDTU_HOST_LEN)];
	char backup_host[USRDTU_TEXT(USRDTU_BACKUP_HOST_LEN)];
};

struct usrdtu_settings {
	struct usrdtu_uart_settings uart;

	/* management */
	uint8_t echo;
	uint8_t work_mode;       /* enum usrdtu_mode */
	uint8_t call_enabled;    /* gprs232 CALEN: stored only */
	uint8_t net_at;          /* NATEN */
	uint8_t serial_at;       /* UATEN */
	uint8_t cache_enabled;   /* CACHEN */
	uint8_t rfc2217;         /* RFCEN */
	uint8_t socket_id;       /* SOCKIDEN / SOCKIND / m0 INDEXEN */
	uint8_t sdp_enabled;     /* cat1 SDPEN: stored only (002 does not say what it does) */
	uint8_t login_required;  /* cat1 SAFEATEN */
	uint16_t no_data_restart_s; /* RSTIM, 0 = off */

	/* serial framing */
	uint16_t pack_time_ms;   /* UARTFT */
	uint16_t pack_len;       /* UARTFL */

	/* network */
	uint8_t apn_auth;
	uint8_t max_clients;     /* m0 MAXSK */
	uint8_t kick_oldest;     /* m0 TCPSE: 1 = KICK */
	uint8_t client_restart;  /* m0 CLIENTRST */
	uint8_t link_indicator;  /* m0 SCSLINK: for a port with a connection LED */
	uint8_t clear_uart_on_connect; /* m0 UARTCLBUF: 0 = frames wait for the connection (as CACHEN) */
	uint16_t local_port;     /* m0 SOCKPORT, 0 = any */
	uint16_t link_down_restart_s; /* gprs232 SOCKRSTM/SOCKRSTIM */
	uint16_t short_timeout_s;     /* SHORTIM / SHORTATM / SHORTO */
	uint16_t reconnect_interval_s; /* cat1 SOCKRSTIM */
	uint16_t reconnect_limit;     /* cat1 SOCKRSNUM */

	/* registration packet */
	uint8_t reg_enabled;     /* enum usrdtu_regen */
	uint8_t reg_content;     /* enum usrdtu_content */
	uint8_t reg_send;        /* enum usrdtu_regsnd */
	uint32_t reg_id;         /* gprs232 REGID */

	/* cloud */
	uint8_t cloud_enabled;   /* gprs232 CLOUDEN */

	/* heartbeat */
	uint8_t heart_enabled;
	uint8_t heart_dir;       /* enum usrdtu_heart_dir */
	uint8_t heart_content;   /* enum usrdtu_content (cat1 HEARTSORT) */
	uint16_t heart_interval_s;

	/* HTTPD */
	uint8_t http_method;     /* enum usrdtu_http_method */
	uint8_t http_filter;     /* HTPPK / HTPFLT / HTPCHD */
	uint16_t http_port;
	uint16_t http_timeout_s;

	/* SMS */
	uint8_t sms_filter;      /* cat1 SMSFLT */

	/* NTP (cat1) */
	uint8_t ntp_enabled;
	uint16_t ntp_period_min;

	/* m0 Ethernet and web settings */
	uint8_t wan_dhcp;
	uint16_t web_port;

	/* Sockets, texts, hex data and addresses come after the numbers and
	 * switches, so that on Cortex-M0+ most of those stay within reach of
	 * one load instruction from the start of the struct. */
	struct usrdtu_socket_settings sock[USRDTU_SOCKETS];

	/* management */
	char cmd_password[USRDTU_TEXT(USRDTU_CMDPW_LEN)];
	char start_message[USRDTU_TEXT(USRDTU_STMSG_LEN)];
	char login_password[USRDTU_TEXT(USRDTU_LOGIN_LEN)];

	/* network */
	char apn[USRDTU_TEXT(USRDTU_APN_LEN)];
	char apn_user[USRDTU_TEXT(USRDTU_APN_LEN)];
	char apn_pass[USRDTU_TEXT(USRDTU_APN_LEN)];

	/* registration packet, cloud, heartbeat */
	uint8_t reg_data[USRDTU_HEX(USRDTU_REGDT_LEN)];
	char cloud_id[USRDTU_TEXT(USRDTU_CLOUD_ID_LEN)];
	char cloud_pass[USRDTU_TEXT(USRDTU_CLOUD_PASS_LEN)];
	uint8_t heart_data[USRDTU_HEX(USRDTU_HEARTDT_LEN)];

	/* HTTPD */
	char http_url[USRDTU_TEXT(USRDTU_URL_LEN)];
	char http_host[USRDTU_TEXT(USRDTU_HOST_LEN)];
	char http_header[USRDTU_TEXT(USRDTU_HTTP_HEADER_LEN)];

	/* SMS */
	char sms_number[USRDTU_TEXT(USRDTU_PHONE_LEN)];
	char sim_pin[USRDTU_TEXT(USRDTU_PIN_LEN)]; /* gprs232 UCPIN */

	/* NTP (cat1) */
	char ntp_server[USRDTU_NTP_SERVERS][USRDTU_TEXT(USRDTU_NTP_HOST_LEN)];

	/* m0 Ethernet and web settings */
	uint8_t wan_ip[4];
	uint8_t wan_mask[4];
	uint8_t wan_gateway[4];
	uint8_t dns[4];
	char web_user[USRDTU_TEXT(USRDTU_WEB_TEXT_LEN)];
	char web_pass[USRDTU_TEXT(USRDTU_WEB_TEXT_LEN)];
	char module_name[USRDTU_TEXT(USRDTU_WEB_TEXT_LEN)];
};

/* Bytes of a hex setting field (the length prefix is little-endian). */
static inline uint16_t usrdtu_hex_len(const uint8_t *field)
{
	return (uint16_t)((uint16_t)field[1] << 8 | field[0]);
}

#endif /* USRDTU_SETTINGS_H */
