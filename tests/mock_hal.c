#include "mock_hal.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <string.h>

static int mock_serial_write(void *ctx, const uint8_t *data, size_t len)
{
	struct mock_hal *m = ctx;
	size_t room = MOCK_OUT_MAX - m->out_len;

	if (m->serial_refuse_after != SIZE_MAX) {
		size_t allowed = m->serial_refuse_after;

		if (len > allowed)
			len = allowed;
		m->serial_refuse_after -= len;
	}
	if (len > room)
		len = room;
	memcpy(m->out + m->out_len, data, len);
	m->out_len += len;
	m->out[m->out_len] = 0;
	return (int)len;
}

static uint32_t mock_now(void *ctx)
{
	const struct mock_hal *m = ctx;

	return m->now;
}

static int mock_spend(struct mock_hal *m)
{
	if (m->power_cut)
		return 0;
	if (m->power_budget < 0)
		return 1;
	if (m->power_budget == 0) {
		m->power_cut = 1;
		return 0;
	}
	m->power_budget--;
	return 1;
}

static int mock_flash_read(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	struct mock_hal *m = ctx;

	if (slot > 1 || offset > MOCK_SLOT_SIZE || len > MOCK_SLOT_SIZE - offset)
		return USRDTU_ERR_INVAL;
	if (m->power_cut)
		return USRDTU_ERR_IO;
	memcpy(buf, m->flash[slot] + offset, len);
	return 0;
}

static int mock_flash_erase(void *ctx, unsigned slot)
{
	struct mock_hal *m = ctx;
	size_t i;

	if (slot > 1)
		return USRDTU_ERR_INVAL;
	if (!mock_spend(m)) {
		/* a cut erase leaves the first half erased, the rest as it was */
		if (m->power_budget == 0 && m->power_cut == 1) {
			for (i = 0; i < MOCK_SLOT_SIZE / 2; i++)
				m->flash[slot][i] = 0xFF;
			m->power_cut = 2;
		}
		return USRDTU_ERR_IO;
	}
	memset(m->flash[slot], 0xFF, MOCK_SLOT_SIZE);
	m->erases++;
	return 0;
}

static int mock_flash_write(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	struct mock_hal *m = ctx;
	size_t i;

	if (slot > 1 || offset > MOCK_SLOT_SIZE || len > MOCK_SLOT_SIZE - offset)
		return USRDTU_ERR_INVAL;
	for (i = 0; i < len; i++) {
		if (!mock_spend(m)) {
			/* the byte being programmed when power went keeps half its bits */
			if (m->power_cut == 1) {
				m->flash[slot][offset + i] &= (uint8_t)(data[i] | 0x0F);
				m->power_cut = 2;
			}
			return USRDTU_ERR_IO;
		}
		/* NOR flash: programming only clears bits */
		m->flash[slot][offset + i] &= data[i];
	}
	m->writes++;
	return 0;
}

static int mock_info(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	struct mock_hal *m = ctx;
	const char *text;
	size_t len;

	if ((unsigned)item >= sizeof m->info / sizeof m->info[0])
		return USRDTU_ERR_NOENT;
	text = m->info[item];
	if (text == NULL)
		return USRDTU_ERR_NOENT;
	/* list items (LBSN neighbours) are separated by '|' in the canned text */
	while (index > 0) {
		text = strchr(text, '|');
		if (text == NULL)
			return USRDTU_ERR_NOENT;
		text++;
		index--;
	}
	len = strcspn(text, "|");
	if (len > cap)
		len = cap;
	memcpy(buf, text, len);
	return (int)len;
}

static int mock_action(void *ctx, enum usrdtu_action what, const char *arg)
{
	struct mock_hal *m = ctx;

	m->action_calls++;
	m->last_action = (int)what;
	strncpy(m->last_action_arg, arg ? arg : "", sizeof m->last_action_arg - 1);
	m->last_action_arg[sizeof m->last_action_arg - 1] = 0;
	return what == USRDTU_ACTION_PING ? m->ping_result : 0;
}

static int mock_uart_config(void *ctx, const struct usrdtu_uart_config *cfg)
{
	struct mock_hal *m = ctx;

	m->uart_calls++;
	if (m->uart_result == 0)
		m->uart = *cfg;
	return m->uart_result;
}

static void mock_frame_out(void *ctx, uint8_t mode, const uint8_t *frame, size_t len)
{
	struct mock_hal *m = ctx;
	size_t room = MOCK_FRAMES_MAX - m->frames_len;

	m->frame_count++;
	m->last_frame_mode = mode;
	m->last_frame_len = len;
	if (len > room)
		len = room;
	memcpy(m->frames + m->frames_len, frame, len);
	m->frames_len += len;
}

static void mock_restarted(void *ctx)
{
	struct mock_hal *m = ctx;

	m->restarted_calls++;
}

/* The members of mock_hal_ops that mock_hal_net_ops shares. */
#define MOCK_HAL_COMMON                                                          \
	.serial_write = mock_serial_write, .now_ms = mock_now,                    \
	.flash_read = mock_flash_read, .flash_erase = mock_flash_erase,           \
	.flash_write = mock_flash_write, .flash_slot_size = MOCK_SLOT_SIZE,       \
	.info = mock_info, .action = mock_action, .uart_config = mock_uart_config, \
	.frame_out = mock_frame_out, .restarted = mock_restarted

const struct usrdtu_hal mock_hal_ops = {
	MOCK_HAL_COMMON,
};

static int mock_sock_open(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	struct mock_hal *m = ctx;

	if (socket == USRDTU_LINK_NTP)
		socket = MOCK_NTP;
	else if (socket >= USRDTU_SOCKETS)
		return USRDTU_ERR_INVAL;
	m->opens[socket]++;
	m->opened_at[socket] = m->now;
	m->req[socket] = *req;
	strncpy(m->host[socket], req->host, sizeof m->host[socket] - 1);
	m->req[socket].host = m->host[socket];
	return m->open_result;
}

static int mock_sock_send(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	struct mock_hal *m = ctx;
	struct mock_link *l;

	if (link >= MOCK_LINKS)
		return USRDTU_ERR_INVAL;
	l = &m->link[link];
	l->sends++;
	if (l->broken)
		return USRDTU_ERR_IO;
	if (l->budget >= 0 && (long)len > l->budget)
		len = (size_t)l->budget;
	if (len > MOCK_LINK_MAX - l->len)
		len = MOCK_LINK_MAX - l->len;
	memcpy(l->data + l->len, data, len);
	l->len += len;
	if (l->budget >= 0)
		l->budget -= (long)len;
	return (int)len;
}

static void mock_sock_close(void *ctx, unsigned link)
{
	struct mock_hal *m = ctx;

	if (link < MOCK_LINKS)
		m->link[link].closes++;
}

static uint32_t mock_random(void *ctx)
{
	const struct mock_hal *m = ctx;

	return m->random_value;
}

const struct usrdtu_hal mock_hal_net_ops = {
	MOCK_HAL_COMMON,
	.sock_open = mock_sock_open,
	.sock_send = mock_sock_send,
	.sock_close = mock_sock_close,
	.random = mock_random,
};

const struct usrdtu_hal mock_hal_bare_ops = {
	.serial_write = mock_serial_write,
	.now_ms = mock_now,
	.flash_slot_size = 0,
	.frame_out = mock_frame_out,
};

void mock_init(struct mock_hal *m)
{
	unsigned i;

	memset(m, 0, sizeof *m);
	memset(m->flash, 0xFF, sizeof m->flash);
	m->power_budget = -1;
	m->serial_refuse_after = SIZE_MAX;
	m->now = 1000;
	m->info[USRDTU_INFO_VERSION] = "V1.0.0";
	m->info[USRDTU_INFO_BUILD] = "2020-3-16 18:22:25";
	m->info[USRDTU_INFO_SN] = "00402420011300024522";
	m->info[USRDTU_INFO_IMEI] = "864333040712457";
	m->info[USRDTU_INFO_ICCID] = "89860036151957131234";
	m->info[USRDTU_INFO_NUMBER] = "15112341234";
	m->info[USRDTU_INFO_CSQ] = "27,99";
	m->info[USRDTU_INFO_LOCAL_IP] = "10.1.167.22";
	m->info[USRDTU_INFO_LAC] = "333e";
	m->info[USRDTU_INFO_CELL_ID] = "3357906";
	m->info[USRDTU_INFO_MAC] = "D8B04CFC0001";
	for (i = 0; i < MOCK_LINKS; i++)
		m->link[i].budget = -1;
}

void mock_net_clear(struct mock_hal *m)
{
	unsigned i;

	for (i = 0; i < MOCK_LINKS; i++) {
		m->link[i].len = 0;
		m->link[i].sends = 0;
		m->link[i].closes = 0;
	}
}

void mock_sock_event(struct usrdtu *dev, struct mock_hal *m, unsigned link, enum usrdtu_sock_event ev)
{
	usrdtu_sock_event(dev, link, ev, m->now);
}

const char *mock_sock_rx(struct usrdtu *dev, struct mock_hal *m, unsigned link, const void *data,
			 size_t len)
{
	mock_clear(m);
	usrdtu_sock_rx(dev, link, data, len, m->now);
	return (const char *)m->out;
}

void mock_clear(struct mock_hal *m)
{
	m->out_len = 0;
	m->out[0] = 0;
	m->frames_len = 0;
	m->frame_count = 0;
	m->last_frame_len = 0;
}

const char *mock_send_bytes(struct usrdtu *dev, struct mock_hal *m, const void *data, size_t len)
{
	mock_clear(m);
	usrdtu_serial_rx(dev, data, len, m->now);
	return (const char *)m->out;
}

const char *mock_send(struct usrdtu *dev, struct mock_hal *m, const char *text)
{
	return mock_send_bytes(dev, m, text, strlen(text));
}

void mock_advance(struct usrdtu *dev, struct mock_hal *m, uint32_t ms)
{
	uint32_t end = m->now + ms;
	unsigned guard;

	for (guard = 0; guard < 100000; guard++) {
		uint32_t next = usrdtu_next_poll_ms(dev, m->now);
		uint32_t left = end - m->now;

		if (next == USRDTU_NO_DEADLINE || next > left)
			break;
		m->now += next;
		usrdtu_poll(dev, m->now);
		if (next == 0 && usrdtu_next_poll_ms(dev, m->now) == 0)
			break; /* a deadline that does not move would loop */
	}
	m->now = end;
	usrdtu_poll(dev, m->now);
}

const char *mock_send_frame(struct usrdtu *dev, struct mock_hal *m, const char *text)
{
	mock_advance(dev, m, 1000);
	mock_clear(m);
	usrdtu_serial_rx(dev, (const uint8_t *)text, strlen(text), m->now);
	mock_advance(dev, m, 1000);
	return (const char *)m->out;
}

void mock_enter_command(struct usrdtu *dev, struct mock_hal *m)
{
	mock_advance(dev, m, 1000);
	mock_send(dev, m, "+++");
	mock_send(dev, m, "a");
	mock_clear(m);
}

void mock_boot(struct usrdtu *dev, struct mock_hal *m, const char *profile, const struct usrdtu_hal *hal)
{
	const struct usrdtu_profile *p = usrdtu_profile_find(profile);

	if (p == NULL)
		skip(); /* a build without this dialect */
	mock_init(m);
	assert_int_equal(usrdtu_init(dev, p, hal, m), 0);
	mock_clear(m);
}

void mock_configure(struct usrdtu *dev, struct mock_hal *m, const char *const *lines)
{
	mock_enter_command(dev, m);
	for (; *lines != NULL; lines++) {
		mock_send(dev, m, *lines);
		assert_null(strstr((const char *)m->out, "ERR"));
	}
	mock_advance(dev, m, 10);
	mock_clear(m);
	mock_net_clear(m);
}
