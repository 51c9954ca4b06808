/*
 * Functions the engine's modules share. Not part of the public API.
 */
#ifndef USRDTU_ENGINE_H
#define USRDTU_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "at_table.h"
#include "usrdtu/usrdtu.h"

/* Keeps a rarely taken path out of its caller, so that the usual path does
 * not save and restore the registers only the rare one needs. Compilers
 * without the attribute get the same code, only slower. */
#if defined(__GNUC__) || defined(__clang__)
#define ENGINE_COLD_PATH __attribute__((noinline))
#else
#define ENGINE_COLD_PATH
#endif

/* Milliseconds from since to now; a now slightly before since (a port that
 * stamped a read after taking its poll time) counts as 0, not 49 days. */
static inline uint32_t elapsed_ms(uint32_t now_ms, uint32_t since_ms)
{
	uint32_t d = now_ms - since_ms;

	return (int32_t)d < 0 ? 0 : d;
}

/* ---- text.c: byte helpers that do not depend on the C library's locale */
static inline uint8_t text_upper(uint8_t c)
{
	return (uint8_t)(c - 'a') <= 'z' - 'a' ? (uint8_t)(c - ('a' - 'A')) : c;
}
static inline int text_is_digit(uint8_t c)
{
	return (uint8_t)(c - '0') <= 9;
}
/* Character classes of text parameters, one bit per byte value. */
#define TEXT_CLASS_HOST 0  /* letters, digits, '.', '-', '_' */
#define TEXT_CLASS_WORD 1  /* letters, digits, '_' */
#define TEXT_CLASS_DIGIT 2 /* digits */
extern const uint8_t text_classes[3][16];
static inline int text_in_class(unsigned cls, uint8_t c)
{
	return c < 0x80 && (text_classes[cls][c >> 3] >> (c & 7)) & 1;
}
int text_hex_value(uint8_t c); /* 0..15, or -1 */
/* Length of the quote mark at t[i]: 1 for '"', 3 for U+201C or U+201D in
 * UTF-8 (typographic quotes), else 0. */
size_t text_quote_at(const uint8_t *t, size_t i, size_t len);
/* The byte a "[XX]" escape at t[i] stands for, or -1. */
int text_escape_at(const uint8_t *t, size_t i, size_t len);
size_t text_length(const char *s, size_t cap);
void text_copy(char *dst, size_t cap, const uint8_t *src, size_t len);
/* Decimal digits of v into buf (at least 10 bytes); returns their count. */
size_t text_u32(uint8_t *buf, uint32_t v);

/* ---- at_reply.c: everything written to the serial port goes through here */
void out_bytes(struct usrdtu *dev, const void *data, size_t len);
void out_str(struct usrdtu *dev, const char *s);
void out_u32(struct usrdtu *dev, uint32_t v);
void out_flush(struct usrdtu *dev);
/* Writes straight to the HAL (after out_flush), counting what it refused. */
void serial_out(struct usrdtu *dev, const uint8_t *data, size_t len);
void out_byte(struct usrdtu *dev, uint8_t c);
void reply_ok(struct usrdtu *dev);
void reply_error(struct usrdtu *dev, enum at_error err);
/* "\r\n+NAME:" (or the dialect's own opening) and the matching close. */
void reply_value_open(struct usrdtu *dev, const struct at_cmd *cmd);
void reply_value_close(struct usrdtu *dev, const struct at_cmd *cmd);
/* The value of one parameter as a query prints it. */
void reply_param(struct usrdtu *dev, const struct at_param *p, const struct usrdtu_settings *s);
/* All parameters of a row, comma-separated. */
void reply_params(struct usrdtu *dev, const struct at_cmd *cmd, const struct usrdtu_settings *s);
/* The AT+X=? range of a row: its text, or one generated from its params. */
void reply_range(struct usrdtu *dev, const struct at_cmd *cmd);

/* ---- at_params.c: typed parameters */
/* Splits the text after '=' into arguments (quotes, spaces) and validates
 * them against the row's parameters, decoding them in place; sets argc,
 * argv and value of call. 0 or -enum at_error. */
int params_parse(struct usrdtu *dev, const struct at_cmd *cmd, uint8_t *text, size_t len,
		 struct at_call *call);
/* Writes a validated argument into the settings. */
void param_store(const struct at_param *p, struct usrdtu_settings *s, const struct at_arg *arg,
		 uint32_t value);
/* Writes the factory default of p into the settings. */
void param_default(const struct at_param *p, struct usrdtu_settings *s);
/* 1 when the stored value equals the factory default. */
int param_is_default(const struct at_param *p, const struct usrdtu_settings *s);
/* 1 when the stored value satisfies the parameter's rules. */
int param_is_valid(const struct usrdtu_profile *profile, const struct at_param *p,
		   const struct usrdtu_settings *s);
uint32_t param_get_uint(const struct at_param *p, const struct usrdtu_settings *s);
void param_set_uint(const struct at_param *p, struct usrdtu_settings *s, uint32_t v);

/* ---- at_dispatch.c */
/* Where the command being run came from (dev->at_source). */
#define AT_SOURCE_COMMAND 0 /* command mode on the serial port */
#define AT_SOURCE_SERIAL 1  /* password-prefixed frame in a data mode */
#define AT_SOURCE_NETWORK 2
#define AT_SOURCE_SMS 3
const struct at_cmd *dispatch_find(const struct usrdtu_profile *profile, const uint8_t *name,
				   size_t len);
/* Runs one command line (without terminator) and writes its reply. The
 * work buffer from spare on holds nothing still needed: a set may use it
 * to keep the old values while it saves (NULL: no such room). */
void dispatch_line(struct usrdtu *dev, uint8_t *line, size_t len, uint8_t *spare, uint32_t now_ms);

/* ---- at_lexer.c: command-mode line assembly */
#define LX_AFTER_CR 0x01 /* line_state: the last terminator was CR or NUL: a LF next is part of it */
#define LX_OVERFLOW 0x02 /* line_state: the current line did not fit */
/* 1 while bytes wait for a time-out: a line, a frame, a "+++" being decided. */
static inline int input_held(const struct usrdtu *dev)
{
	return dev->work_len != 0 || (dev->line_state & LX_OVERFLOW) || dev->escape_state != 0;
}
void lexer_reset(struct usrdtu *dev);
/* Consumes command-mode bytes; returns how many it took (it stops early
 * when a command leaves command mode, so the caller hands on the rest). */
size_t lexer_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms);
void lexer_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t lexer_deadline(const struct usrdtu *dev, uint32_t now_ms);
/* In a data mode: 1 if first is the LF of the CR that ended the last
 * command, which must not become data. */
int lexer_swallow_lf(struct usrdtu *dev, uint8_t first);

/* ---- escape.c: +++ / a command-mode entry */
void escape_reset(struct usrdtu *dev);
/* Data-mode bytes; returns how many were consumed before entering command
 * mode or a restart (the rest is input for the new state). frame_start: the
 * first byte begins a new serial frame (the line was idle long enough). */
size_t escape_rx(struct usrdtu *dev, const uint8_t *data, size_t len, int frame_start,
		 uint32_t now_ms);
void escape_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t escape_deadline(const struct usrdtu *dev, uint32_t now_ms);

/* ---- framer.c: data-mode frames by idle time and length */
void framer_reset(struct usrdtu *dev);
/* Returns how many bytes it took: all, unless a frame it finished ran a
 * command that restarts or leaves the data mode. */
size_t framer_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms);
void framer_poll(struct usrdtu *dev, uint32_t now_ms);
void framer_flush(struct usrdtu *dev, uint32_t now_ms);
uint32_t framer_deadline(const struct usrdtu *dev, uint32_t now_ms);
uint16_t framer_gap_ms(const struct usrdtu *dev);

/* ---- serial_at.c: password-prefixed commands in a data mode */
/* 1 if the frame was a password + AT command (it was run), 0 to forward. */
int serial_at_frame(struct usrdtu *dev, uint8_t *frame, size_t len, uint32_t now_ms);

/* ---- login.c: cat1 SAFEATEN / SIGNINAT */
/* Compares passwords without revealing where they differ: 1 when equal. */
int text_equal_ct(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
int login_allows(const struct usrdtu *dev, const struct at_cmd *cmd);
void login_reset(struct usrdtu *dev);

/* ---- settings.c: the copies and their persistence */
void settings_factory(const struct usrdtu_profile *profile, struct usrdtu_settings *s);
/* Loads the saved settings (factory defaults if none); 0 or -err. */
int settings_load_saved(struct usrdtu *dev, struct usrdtu_settings *out);
int settings_load_user(struct usrdtu *dev, struct usrdtu_settings *out);
/* ---- wallclock.c */
/* Moves the clock's base forward before the millisecond counter wraps. */
void wallclock_tick(struct usrdtu *dev, uint32_t now_ms);

/* ---- ntp.c: the cat1 NTP client (NTPEN, NTPSVR, NTPTM) */
void ntp_start(struct usrdtu *dev, uint32_t now_ms);
void ntp_stop(struct usrdtu *dev);
void ntp_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t ntp_deadline(const struct usrdtu *dev, uint32_t now_ms);

/* sim_lock.c: gprs232 UCPIN, the restart after a SIM the port could not unlock */
void sim_lock_restart(struct usrdtu *dev);
void sim_lock_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t sim_lock_deadline(const struct usrdtu *dev, uint32_t now_ms);
/* What the port reports on USRDTU_LINK_NTP. */
void ntp_event(struct usrdtu *dev, enum usrdtu_sock_event ev, uint32_t now_ms);
void ntp_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms);
/* wallclock.c: sets the calendar clock to seconds since 2000-01-01 UTC
 * plus ms, as of now_ms; a clock never set takes its zone from the HAL's
 * clock text, else USRDTU_CFG_CLOCK_TZ. */
void wallclock_set_utc(struct usrdtu *dev, uint32_t seconds, uint32_t ms, uint32_t now_ms);
/* The clock's UTC time at now_ms; 0 when it is unset. */
int wallclock_utc(const struct usrdtu *dev, uint32_t now_ms, uint32_t *seconds, uint32_t *ms);

/* Stores a validated set into the pending copy (and the running one for
 * AT_CF_NOW rows); profiles without AT+S save it at once and undo it when
 * that fails. AT_R_OK or -AT_E_EXEC. */
int settings_apply_set(struct usrdtu *dev, const struct at_cmd *cmd, const struct at_call *call);

/* saved := the stored user defaults (factory when none); pending untouched. */
int settings_save_user_as_saved(struct usrdtu *dev);
/* Both sections back to the factory defaults. */
int settings_save_factory(struct usrdtu *dev);
/* Writes saved and user settings; NULL keeps what is stored. */
int settings_save(struct usrdtu *dev, const struct usrdtu_settings *saved,
		  const struct usrdtu_settings *user);

/* ---- store.c: two flash slots with sequence number and CRC (docs/storage.md) */
#define STORE_SECTIONS 2     /* 0: saved settings, 1: user defaults */
#define STORE_HEADER_SIZE 16 /* magic, version, profile, sequence, lengths, CRC */
#define STORE_CHUNK 16       /* flash is programmed in aligned blocks of this size */
/* A section being produced: counted on the first pass, written on the second. */
struct store_writer {
	struct usrdtu *dev;
	uint32_t pos; /* record offset of the next byte */
	uint32_t crc;
	int err;      /* first failure; later puts do nothing */
	uint8_t slot;
	uint8_t dry;  /* 1: only count */
	uint8_t fill;
	uint8_t buf[STORE_CHUNK];
};
/* A section of the newest record being read. */
struct store_reader {
	uint32_t pos; /* slot offset of the next byte */
	uint32_t end;
};
/* Puts a section's bytes with store_put(); must give the same bytes twice. */
typedef void (*store_section_fn)(struct store_writer *w, const void *arg);
/* Finds the newest valid record (dev->store_slot, _valid, _seq): 0, or
 * USRDTU_ERR_NOENT (none), USRDTU_ERR_NOTSUP (no flash). */
int store_open(struct usrdtu *dev);
/* Opens a section of the record store_open() found. */
int store_section(struct usrdtu *dev, unsigned section, struct store_reader *r);
/* Next len bytes of the section (buf NULL: skips them): 0, USRDTU_ERR_CORRUPT
 * past its end, or an I/O error. */
int store_get(struct usrdtu *dev, struct store_reader *r, void *buf, size_t len);
void store_put(struct store_writer *w, const void *data, size_t len);
/* Writes a new record from the sections' producers into the slot that does
 * not hold the newest record, then verifies it: 0 or -err. */
int store_write(struct usrdtu *dev, const store_section_fn fn[STORE_SECTIONS],
		const void *const arg[STORE_SECTIONS]);
/* Slot bytes a record with this many body bytes needs. */
uint32_t store_record_size(uint32_t body);
uint32_t store_crc32(uint32_t crc, const uint8_t *data, size_t len);
/* settings.c: the key a row's parameters are stored under. */
uint16_t settings_key(const char *name);
/* settings.c: the largest record the profile can write (size a slot with it). */
uint32_t settings_record_max(const struct usrdtu_profile *profile);

/* ---- usrdtu.c: the instance */
void engine_restart(struct usrdtu *dev, uint32_t now_ms);
/* The running serial line settings as the HAL's uart_config takes them. */
void engine_uart_config(const struct usrdtu *dev, struct usrdtu_uart_config *cfg);
void engine_enter_command(struct usrdtu *dev, uint32_t now_ms);
void engine_enter_data(struct usrdtu *dev, uint32_t now_ms);
/* Restarts once the current reply is out (AT+S, AT+Z ...). */
void engine_request_restart(struct usrdtu *dev);
/* 1 when input processing must stop: a restart is due or the mode changed. */
int engine_interrupted(const struct usrdtu *dev);
/* Runs a restart a command asked for, and forgets a mode change. */
void engine_settle(struct usrdtu *dev, uint32_t now_ms);
int engine_socket_connected(const struct usrdtu *dev, unsigned socket);

/* ---- net_queue.c: a socket's queue of outgoing frames */
void queue_reset(struct usrdtu_sock *s);
/* Appends one frame made of head and body, dropping (and counting) the
 * oldest frames to make room; -1 (counted as dropped) if it can never fit. */
int queue_push(struct usrdtu_sock *s, const uint8_t *head, size_t head_len, const uint8_t *body,
	       size_t body_len);
/* 1 when a frame of len bytes fits without dropping any. */
int queue_room(const struct usrdtu_sock *s, size_t len);
/* The unsent bytes of the oldest frame; 0 when the queue is empty. */
size_t queue_peek(const struct usrdtu_sock *s, const uint8_t **data);
/* The port took this many bytes of the oldest frame. */
void queue_consume(struct usrdtu_sock *s, size_t taken);
void queue_drop_oldest(struct usrdtu_sock *s);
void queue_drop_all(struct usrdtu_sock *s);
/* The oldest frame is to be sent again from its start (a new connection). */
void queue_rewind(struct usrdtu_sock *s);

/* ---- net_packets.c: registration and heartbeat contents */
#define NET_PACKET_BUF 48
/* The packet's bytes, in buf or in the settings (*out); 0 when off or unknown. */
size_t net_registration(struct usrdtu *dev, uint8_t buf[NET_PACKET_BUF], const uint8_t **out);
size_t net_heartbeat(struct usrdtu *dev, uint8_t buf[NET_PACKET_BUF], const uint8_t **out);

/* ---- net.c: sockets */
/* Closes every link (restart) and opens what the active settings ask for. */
void net_stop(struct usrdtu *dev, uint32_t now_ms);
void net_start(struct usrdtu *dev, uint32_t now_ms);
/* 1 when frames of the work mode go to the sockets. */
static inline int net_running(const struct usrdtu *dev)
{
	return dev->net_running;
}
/* A finished serial frame for every socket. */
void net_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms);
void net_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t net_deadline(const struct usrdtu *dev, uint32_t now_ms);
/* A network AT reply for link (out_flush routes here). */
void net_reply(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len);

/* ---- httpd.c: the HTTPD work mode (one request per frame, socket A's link) */
void httpd_start(struct usrdtu *dev, uint32_t now_ms);
/* Closes the link; the request in flight is lost (counted). */
void httpd_stop(struct usrdtu *dev);
/* 1 when frames of the work mode become HTTP requests. */
static inline int httpd_running(const struct usrdtu *dev)
{
	return dev->httpd.running;
}
void httpd_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms);
void httpd_event(struct usrdtu *dev, unsigned link, enum usrdtu_sock_event ev, uint32_t now_ms);
void httpd_rx(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms);
void httpd_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t httpd_deadline(const struct usrdtu *dev, uint32_t now_ms);

/* ---- rfc_frame.c: the RFC2217-like frame on the network input path */
/* Passes a network chunk on, taking out valid frames (applied through the
 * HAL) and holding a possible frame start at its end. */
void rfc_scan(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms);
/* Gives held bytes back as data (their wait is over, or another link spoke). */
void rfc_release(struct usrdtu *dev, unsigned socket);
/* Runs a password-prefixed network packet (command from start on). */
void net_at_packet(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t start, size_t len,
		   uint32_t now_ms);
/* Hands network bytes to the serial port (with the socket prefix when on). */
void net_to_serial(struct usrdtu *dev, unsigned link, const uint8_t *data, size_t len);

/* ---- serial_at.c: password + AT command from the serial port or the network */
/* Offset of the command after the password, or 0 if the bytes are data. */
size_t remote_at_prefix(const struct usrdtu *dev, const uint8_t *data, size_t len);
/* Runs the command lines in text[start, len) with replies for source. */
void remote_at_run(struct usrdtu *dev, uint8_t source, uint8_t *text, size_t start, size_t len,
		   uint32_t now_ms);

/* ---- commands.c: handlers shared by the profiles */
int cmd_save(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);     /* S */
int cmd_restart(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);  /* Z, R */
int cmd_reload(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);   /* RELD */
int cmd_clear(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);    /* CLEAR */
int cmd_user_defaults(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call); /* CFGTF */
int cmd_entm(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);     /* ENTM */
int cmd_help(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);     /* H */
int cmd_unsupported(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call); /* GPS ... */
int cmd_ping(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_link_0(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);   /* SOCKALK ... */
int cmd_link_1(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_link_2(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_link_3(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
/* AT+DTU_CACHE? (every profile): each socket's queue and drop counters. */
int cmd_cache_stats(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
/* Information commands: "+X:<text from the HAL>". */
int cmd_info_version(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_build(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_sn(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_imei(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_iccid(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_number(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_csq(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_mac(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
int cmd_info_production_time(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
/* cat1 AT+SIGNINAT=<password>: log in, or change the password once logged in. */
int cmd_signin(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
/* cat1 AT+CCLK: query '+CCLK: "yy/MM/dd,hh:mm:ss+zz"'; set AT+CCLK=yy/MM/dd,hh:mm:ss+zz
 * (the row takes two TEXT arguments: date and time). */
int cmd_clock(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);
/* saved := user defaults, then restart after the reply. 0 or -AT_E_EXEC. */
int engine_reload_user_defaults(struct usrdtu *dev);
/* Helper for handlers: prints "+X:" and the HAL's text for item. */
int reply_info(struct usrdtu *dev, const struct at_cmd *cmd, enum usrdtu_info item, unsigned index);
/* Reads a HAL fact into buf; returns its length or -1. */
int info_get(struct usrdtu *dev, enum usrdtu_info item, unsigned index, char *buf, size_t cap);

/* ---- sms_mode.c: SMS work mode, SMS AT, AT+SMSEND (docs/sms.md) */
void sms_restart(struct usrdtu *dev, uint32_t now_ms);
/* 1 when frames of the work mode go out as SMS to DSTNUM. */
int sms_running(const struct usrdtu *dev);
void sms_frame(struct usrdtu *dev, const uint8_t *frame, size_t len, uint32_t now_ms);
void sms_poll(struct usrdtu *dev, uint32_t now_ms);
uint32_t sms_deadline(const struct usrdtu *dev, uint32_t now_ms);
/* A reply of a command that came by SMS (out_flush routes here). */
void sms_reply_collect(struct usrdtu *dev, const uint8_t *data, size_t len);
/* AT+SMSEND: queues one SMS; type 1 GSM 7-bit, 2 8-bit, 3 UCS2. AT_R_OK,
 * -AT_E_RANGE (too long, not encodable, bad number), -AT_E_EXEC (no modem,
 * queue full). */
int sms_command_send(struct usrdtu *dev, const uint8_t *to, size_t to_len, unsigned type,
		     const uint8_t *text, size_t len, uint32_t now_ms);
/* SMSFLT: 1 when two numbers are the same subscriber (docs/sms.md). */
int sms_number_match(const char *a, const char *b);

#endif /* USRDTU_ENGINE_H */
