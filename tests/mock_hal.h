/*
 * A scripted HAL for the tests: serial output captured into a buffer, a
 * virtual clock the test advances, two flash slots that can lose power after
 * a chosen number of byte operations, and canned device facts.
 */
#ifndef USRDTU_MOCK_HAL_H
#define USRDTU_MOCK_HAL_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/usrdtu.h"

#define MOCK_OUT_MAX 65536
#define MOCK_SLOT_SIZE 8192
#define MOCK_FRAMES_MAX 65536
#define MOCK_LINKS (USRDTU_LINK_NTP + 1)
/* Where the NTP link's opens are recorded in opens[], req[], host[]. */
/* Per-socket records for the link numbers of sockets A-D, whatever
 * USRDTU_SOCKETS the build has (an m0-only build has one), then NTP. */
#define MOCK_SOCKETS 4
#define MOCK_NTP MOCK_SOCKETS
#define MOCK_LINK_MAX 16384

/* One link of the scripted network: what the engine sent on it. */
struct mock_link {
	uint8_t data[MOCK_LINK_MAX];
	size_t len;
	long budget;     /* bytes sock_send still takes; < 0: any number */
	int broken;      /* sock_send answers an error */
	unsigned sends;  /* calls to sock_send */
	unsigned closes; /* calls to sock_close */
};

struct mock_hal {
	uint32_t now; /* the virtual clock, in ms */

	uint8_t out[MOCK_OUT_MAX + 1]; /* serial output, NUL-terminated */
	size_t out_len;
	size_t serial_refuse_after; /* serial_write takes no more than this in total (SIZE_MAX: all) */

	/* frames handed to frame_out, concatenated; and the last one */
	uint8_t frames[MOCK_FRAMES_MAX];
	size_t frames_len;
	unsigned frame_count;
	uint8_t last_frame_mode;
	size_t last_frame_len;

	/* flash: two slots; each written byte and each erase costs one unit of
	 * power_budget; at 0 the power is cut and every later operation fails
	 * without effect (the written byte at the cut is half-programmed: it
	 * keeps the bits that were already 0). power_budget < 0: unlimited. */
	uint8_t flash[2][MOCK_SLOT_SIZE];
	int has_flash;
	long power_budget;
	int power_cut;
	unsigned erases;
	unsigned writes;

	/* device facts: NULL means the HAL does not know */
	const char *info[32];
	int has_info;

	int ping_result;
	char last_action_arg[256];
	int last_action;
	int action_calls;

	struct usrdtu_uart_config uart;
	int uart_calls;
	int uart_result;

	int restarted_calls;

	/* network (mock_hal_net_ops): requests are recorded, never answered
	 * by themselves: the test plays the port with usrdtu_sock_event() */
	struct mock_link link[MOCK_LINKS];
	unsigned opens[MOCK_SOCKETS + 1];
	uint32_t opened_at[MOCK_SOCKETS + 1];
	struct usrdtu_sock_request req[MOCK_SOCKETS + 1]; /* the latest; host points into host[] */
	char host[MOCK_SOCKETS + 1][128];
	int open_result;
	uint32_t random_value; /* what random() answers */
};

extern const struct usrdtu_hal mock_hal_ops;
/* mock_hal_ops plus the scripted network and random(). */
extern const struct usrdtu_hal mock_hal_net_ops;
/* The same HAL without flash, info or actions. */
extern const struct usrdtu_hal mock_hal_bare_ops;

void mock_init(struct mock_hal *m);
void mock_clear(struct mock_hal *m); /* forget captured output and frames */

/* Test helpers: feed text at the mock's clock and return what came out
 * since the last mock_clear (NUL-terminated, may hold binary). */
const char *mock_send(struct usrdtu *dev, struct mock_hal *m, const char *text);
const char *mock_send_bytes(struct usrdtu *dev, struct mock_hal *m, const void *data, size_t len);
/* Advances the clock by ms, polling on the way at every deadline. */
void mock_advance(struct usrdtu *dev, struct mock_hal *m, uint32_t ms);
/* In a data mode: lets the line go idle, sends text as one serial frame,
 * lets the frame end, and returns what came out meanwhile. */
const char *mock_send_frame(struct usrdtu *dev, struct mock_hal *m, const char *text);
/* Enters command mode with +++ / a from a data mode (guard time respected). */
void mock_enter_command(struct usrdtu *dev, struct mock_hal *m);

/* mock_init, then boots dev with the named profile on hal and clears the
 * output; skips the test (cmocka's skip()) when the build leaves that
 * profile out (the test_*_m0_only programs). */
void mock_boot(struct usrdtu *dev, struct mock_hal *m, const char *profile, const struct usrdtu_hal *hal);
/* Sends lines in command mode, none may answer an error; the last one
 * usually restarts (AT+S, AT+Z), which the 10 ms after it let happen.
 * Output and network records are cleared. */
void mock_configure(struct usrdtu *dev, struct mock_hal *m, const char *const *lines);

/* The port reports an event / data on a link at the mock's clock. */
void mock_sock_event(struct usrdtu *dev, struct mock_hal *m, unsigned link, enum usrdtu_sock_event ev);
const char *mock_sock_rx(struct usrdtu *dev, struct mock_hal *m, unsigned link, const void *data,
			 size_t len);
/* Forgets what was sent on every link. */
void mock_net_clear(struct mock_hal *m);

#endif /* USRDTU_MOCK_HAL_H */
