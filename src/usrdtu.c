/*
 * The instance: boot and restart, the command/data mode switch, and routing
 * of serial input and time to the modules.
 */
#include "engine.h"

#include <string.h>

#define BREAK_RESTART 0x01
#define BREAK_MODE 0x02

/* Lengths live in uint16_t and the reply staging length in uint8_t. */
typedef char usrdtu_check_line_max[(USRDTU_CFG_LINE_MAX >= 512 && USRDTU_CFG_LINE_MAX <= 65535) ? 1 : -1];
typedef char usrdtu_check_frame_max[(USRDTU_CFG_FRAME_MAX >= 1 && USRDTU_CFG_FRAME_MAX <= 65535) ? 1 : -1];
typedef char usrdtu_check_reply_chunk[(USRDTU_CFG_REPLY_CHUNK >= 8 && USRDTU_CFG_REPLY_CHUNK <= 255) ? 1 : -1];

static const struct usrdtu_profile *const profiles[] = {
#if USRDTU_CFG_PROFILE_GPRS232
	&usrdtu_profile_gprs232,
#endif
#if USRDTU_CFG_PROFILE_CAT1
	&usrdtu_profile_cat1,
#endif
#if USRDTU_CFG_PROFILE_G781
	&usrdtu_profile_g781,
#endif
#if USRDTU_CFG_PROFILE_M0
	&usrdtu_profile_m0,
#endif
	NULL,
};

const struct usrdtu_profile *usrdtu_profile_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; profiles[i] != NULL; i++) {
		if (strcmp(profiles[i]->name, name) == 0)
			return profiles[i];
	}
	return NULL;
}

unsigned usrdtu_profile_count(void)
{
	return (unsigned)(sizeof profiles / sizeof profiles[0]) - 1u;
}

const struct usrdtu_profile *usrdtu_profile_at(unsigned index)
{
	return index < usrdtu_profile_count() ? profiles[index] : NULL;
}

const char *usrdtu_profile_name(const struct usrdtu_profile *profile)
{
	return profile != NULL ? profile->name : NULL;
}

void engine_request_restart(struct usrdtu *dev)
{
	dev->input_break |= BREAK_RESTART;
}

int engine_interrupted(const struct usrdtu *dev)
{
	return dev->input_break != 0;
}

void engine_enter_command(struct usrdtu *dev, uint32_t now_ms)
{
	(void)now_ms;
	dev->in_command = 1;
	dev->input_break |= BREAK_MODE;
	escape_reset(dev);
	lexer_reset(dev);
}

void engine_enter_data(struct usrdtu *dev, uint32_t now_ms)
{
	(void)now_ms;
	login_reset(dev);
	/* CMD is a work mode without a data mode: stay in command mode */
	if (dev->active.work_mode == USRDTU_MODE_CMD)
		return;
	dev->in_command = 0;
	dev->input_break |= BREAK_MODE;
	lexer_reset(dev);
	framer_reset(dev);
	escape_reset(dev);
}

void engine_uart_config(const struct usrdtu *dev, struct usrdtu_uart_config *cfg)
{
	cfg->baud = dev->active.uart.baud;
	cfg->data_bits = dev->active.uart.data_bits;
	cfg->stop_bits = dev->active.uart.stop_bits;
	cfg->parity = dev->active.uart.parity;
	cfg->flow = dev->active.uart.flow;
}

static void apply_uart(struct usrdtu *dev)
{
	struct usrdtu_uart_config cfg;

	if (dev->hal->uart_config == NULL)
		return;
	engine_uart_config(dev, &cfg);
	dev->hal->uart_config(dev->ctx, &cfg);
}

void engine_restart(struct usrdtu *dev, uint32_t now_ms)
{
	const char *msg;
	size_t msg_len;
	int loaded;

	dev->now_ms = now_ms;
	dev->stats.restarts++;
	/* a line or frame not finished, and held `+`, have no place after it */
	dev->stats.serial_rx_lost += (uint32_t)dev->work_len + dev->escape_held;
	dev->work_len = 0;
	dev->escape_held = 0;
	net_stop(dev, now_ms);
	ntp_stop(dev);
	/* Without flash the running copy is what was saved; with flash the
	 * stored record is, or the factory defaults when there is none. */
	loaded = settings_load_saved(dev, &dev->active);
	if (loaded == USRDTU_ERR_NOTSUP) {
		if (dev->stats.restarts == 1)
			settings_factory(dev->profile, &dev->active);
		else if (dev->profile->flags & AT_P_SAVE_AT_ONCE)
			dev->active = dev->pending; /* what every set "saved" */
	} else if (loaded != 0 && loaded != USRDTU_ERR_NOENT) {
		dev->stats.store_failures++; /* running on factory defaults */
	}
	dev->pending = dev->active;

	dev->input_break = 0;
	dev->out_len = 0;
	dev->has_rx = 0;
	dev->logged_in = 0;
	dev->login_failures = 0;
	dev->at_source = AT_SOURCE_COMMAND;
	sim_lock_restart(dev);
	lexer_reset(dev);
	framer_reset(dev);
	escape_reset(dev);
	dev->in_command = dev->active.work_mode == USRDTU_MODE_CMD;

	apply_uart(dev);
	msg = dev->active.start_message;
	msg_len = text_length(msg, sizeof dev->active.start_message);
	if (msg_len > 0) {
		out_bytes(dev, msg, msg_len);
		out_str(dev, "\r\n");
	}
	out_flush(dev);
	if (dev->hal->restarted != NULL)
		dev->hal->restarted(dev->ctx);
	net_start(dev, now_ms);
	ntp_start(dev, now_ms);
	sms_restart(dev, now_ms);
}

int usrdtu_init(struct usrdtu *dev, const struct usrdtu_profile *profile,
		const struct usrdtu_hal *hal, void *ctx)
{
	if (dev == NULL || profile == NULL || hal == NULL || hal->serial_write == NULL ||
	    hal->now_ms == NULL)
		return USRDTU_ERR_INVAL;
	memset(dev, 0, sizeof *dev);
	dev->profile = profile;
	dev->hal = hal;
	dev->ctx = ctx;
	dev->busy = 1;
	engine_restart(dev, hal->now_ms(ctx));
	dev->busy = 0;
	return USRDTU_OK;
}

int usrdtu_restart(struct usrdtu *dev, uint32_t now_ms)
{
	if (dev == NULL || dev->profile == NULL)
		return USRDTU_ERR_INVAL;
	if (dev->busy)
		return USRDTU_ERR_BUSY;
	dev->busy = 1;
	engine_restart(dev, now_ms);
	dev->busy = 0;
	return USRDTU_OK;
}

void engine_settle(struct usrdtu *dev, uint32_t now_ms)
{
	/* a restart that a restart asks for (a socket failing again at once)
	 * waits for the next call */
	if (dev->input_break & BREAK_RESTART) {
		dev->input_break = 0;
		engine_restart(dev, now_ms);
	}
	dev->input_break = 0;
}

static void run_timers(struct usrdtu *dev, uint32_t now_ms)
{
	if (dev->in_command) {
		lexer_poll(dev, now_ms);
	} else {
		escape_poll(dev, now_ms);
		framer_poll(dev, now_ms);
	}
	engine_settle(dev, now_ms);
	net_poll(dev, now_ms);
	engine_settle(dev, now_ms);
	ntp_poll(dev, now_ms);
	sms_poll(dev, now_ms);
	sim_lock_poll(dev, now_ms);
	engine_settle(dev, now_ms);
}

int usrdtu_serial_rx(struct usrdtu *dev, const uint8_t *data, size_t len, uint32_t now_ms)
{
	size_t done = 0;

	if (dev == NULL || dev->profile == NULL || (data == NULL && len > 0))
		return USRDTU_ERR_INVAL;
	if (dev->busy)
		return USRDTU_ERR_BUSY; /* called again from inside a HAL callback */
	dev->busy = 1;
	dev->now_ms = now_ms;
	dev->stats.serial_rx_bytes += (uint32_t)len;
	/* what timed out before these bytes came ends first */
	if (input_held(dev))
		run_timers(dev, now_ms);
	while (done < len) {
		size_t n;

		if (dev->in_command)
			n = lexer_rx(dev, data + done, len - done, now_ms);
		else if (lexer_swallow_lf(dev, data[done]))
			n = 1;
		else
			/* a frame starts after the guard time without input (asked
			 * here only: command lines never need it) */
			n = escape_rx(dev, data + done, len - done,
				      done == 0 && (!dev->has_rx || elapsed_ms(now_ms, dev->last_rx_ms) >=
									    USRDTU_CFG_ESCAPE_GUARD_MS),
				      now_ms);
		done += n;
		engine_settle(dev, now_ms);
	}
	dev->has_rx = 1;
	dev->last_rx_ms = now_ms;
	dev->busy = 0;
	return USRDTU_OK;
}

int usrdtu_poll(struct usrdtu *dev, uint32_t now_ms)
{
	if (dev == NULL || dev->profile == NULL)
		return USRDTU_ERR_INVAL;
	if (dev->busy)
		return USRDTU_ERR_BUSY;
	dev->busy = 1;
	dev->now_ms = now_ms;
	wallclock_tick(dev, now_ms);
	run_timers(dev, now_ms);
	dev->busy = 0;
	return USRDTU_OK;
}

static uint32_t earlier(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

uint32_t usrdtu_next_poll_ms(const struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t net;

	if (dev == NULL || dev->profile == NULL)
		return USRDTU_NO_DEADLINE;
	net = earlier(earlier(net_deadline(dev, now_ms), ntp_deadline(dev, now_ms)),
		      earlier(sms_deadline(dev, now_ms), sim_lock_deadline(dev, now_ms)));
	if (dev->in_command)
		return earlier(lexer_deadline(dev, now_ms), net);
	return earlier(earlier(escape_deadline(dev, now_ms), framer_deadline(dev, now_ms)), net);
}

int usrdtu_input_pending(const struct usrdtu *dev)
{
	return dev != NULL && input_held(dev);
}

int usrdtu_in_command_mode(const struct usrdtu *dev)
{
	return dev != NULL && dev->in_command;
}

const struct usrdtu_settings *usrdtu_active_settings(const struct usrdtu *dev)
{
	return &dev->active;
}

const struct usrdtu_settings *usrdtu_pending_settings(const struct usrdtu *dev)
{
	return &dev->pending;
}

const struct usrdtu_stats *usrdtu_get_stats(const struct usrdtu *dev)
{
	return &dev->stats;
}
