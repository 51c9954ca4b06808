/*
 * Handlers shared by the profiles: restarts and the settings copies, mode
 * changes, help, and the information commands that ask the HAL.
 */
#include "engine.h"

#include <string.h>

static int has_flash(const struct usrdtu *dev)
{
	return dev->hal->flash_read != NULL && dev->hal->flash_write != NULL &&
	       dev->hal->flash_erase != NULL;
}

int cmd_save(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)cmd;
	(void)call;
	if (has_flash(dev)) {
		if (settings_save(dev, &dev->pending, NULL) != 0)
			return -AT_E_EXEC;
	} else {
		/* without flash the running copy is the saved one */
		dev->active = dev->pending;
	}
	engine_request_restart(dev);
	return AT_R_OK;
}

int cmd_restart(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)cmd;
	(void)call;
	engine_request_restart(dev);
	return AT_R_OK;
}

int engine_reload_user_defaults(struct usrdtu *dev)
{
	int r;

	if (!has_flash(dev)) {
		/* no flash, no user defaults: they are the factory ones */
		settings_factory(dev->profile, &dev->pending);
		dev->active = dev->pending;
		engine_request_restart(dev);
		return 0;
	}
	r = settings_save_user_as_saved(dev);
	if (r != 0)
		return -AT_E_EXEC;
	engine_request_restart(dev);
	return 0;
}

int cmd_reload(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	int r = engine_reload_user_defaults(dev);

	(void)cmd;
	(void)call;
	return r != 0 ? r : AT_R_OK;
}

int cmd_clear(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)cmd;
	(void)call;
	if (has_flash(dev)) {
		if (settings_save_factory(dev) != 0)
			return -AT_E_EXEC;
	} else {
		settings_factory(dev->profile, &dev->pending);
		dev->active = dev->pending;
	}
	engine_request_restart(dev);
	return AT_R_OK;
}

int cmd_user_defaults(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)cmd;
	(void)call;
	if (!has_flash(dev) || settings_save(dev, NULL, &dev->pending) != 0)
		return -AT_E_EXEC;
	return AT_R_OK;
}

int cmd_entm(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)cmd;
	(void)call;
	reply_ok(dev);
	engine_enter_data(dev, dev->now_ms);
	return AT_R_DONE;
}

/* ": " and a help line, each word code spelled out from the profile's
 * help_words (see at_cmd_help). */
static void out_help(struct usrdtu *dev, const char *help)
{
	if (*help == 0)
		return;
	out_str(dev, ": ");
	for (; *help != 0; help++) {
		uint8_t code = (uint8_t)*help;
		const char *word = dev->profile->help_words;

		if (code >= AT_HELP_CODES) {
			out_byte(dev, code);
			continue;
		}
		/* a code past the list (tests/test_tables.c allows none) prints
		 * its empty last word */
		while (--code > 0 && *word != 0)
			word += strlen(word) + 1;
		out_str(dev, word);
	}
}

int cmd_help(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	const struct usrdtu_profile *profile = dev->profile;
	const struct at_dialect *d = profile->dialect;
	uint16_t i;

	(void)call;
	/* 000: "\r\n" help lines "\r\n\r\nOK\r\n"; m0: "+ok=" help lines */
	if (d->style & AT_S_NAMED)
		out_str(dev, "\r\n");
	else
		out_str(dev, d->value_open);
	for (i = 0; i < profile->ncmds; i++) {
		const struct at_cmd *row = &profile->cmds[i];

		if (i > 0)
			out_str(dev, "\r\n");
		out_str(dev, "AT+");
		out_str(dev, row->name);
		out_help(dev, at_cmd_help(row));
	}
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

int cmd_unsupported(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)dev;
	(void)cmd;
	(void)call;
	return -AT_E_EXEC;
}

int cmd_ping(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char host[USRDTU_HOST_LEN + 1];

	(void)cmd;
	if (call->form != AT_FORM_SET)
		return AT_R_DEFAULT;
	if (dev->hal->action == NULL)
		return -AT_E_EXEC;
	text_copy(host, sizeof host, call->argv[0].text, call->argv[0].len);
	return dev->hal->action(dev->ctx, USRDTU_ACTION_PING, host) == 0 ? AT_R_OK : -AT_E_EXEC;
}

static int reply_link(struct usrdtu *dev, const struct at_cmd *cmd, unsigned socket)
{
	const struct at_dialect *d = dev->profile->dialect;

	reply_value_open(dev, cmd);
	out_str(dev, engine_socket_connected(dev, socket) ? d->link_up : d->link_down);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

int cmd_link_0(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_link(dev, cmd, 0);
}

int cmd_link_1(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_link(dev, cmd, 1);
}

int cmd_link_2(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_link(dev, cmd, 2);
}

int cmd_link_3(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_link(dev, cmd, 3);
}

/* "+DTU_CACHE:A,<queued frames>,<queued bytes>,<dropped frames>,<dropped
 * bytes>" and the same for B, C, D, in the profile's reply style. */
int cmd_cache_stats(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	unsigned i;

	(void)call;
	reply_value_open(dev, cmd);
	for (i = 0; i < USRDTU_SOCKETS; i++) {
		const struct usrdtu_sock_stats *st = &dev->sock[i].stats;

		if (i > 0 && (dev->profile->dialect->style & AT_S_NAMED)) {
			out_str(dev, "\r\n+");
			out_str(dev, cmd->name);
			out_byte(dev, ':');
		} else if (i > 0) {
			out_str(dev, "\r\n");
		}
		out_byte(dev, (uint8_t)('A' + i));
		out_byte(dev, ',');
		out_u32(dev, st->queued_frames);
		out_byte(dev, ',');
		out_u32(dev, st->queued_bytes);
		out_byte(dev, ',');
		out_u32(dev, st->dropped_frames);
		out_byte(dev, ',');
		out_u32(dev, st->dropped_bytes);
	}
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

int info_get(struct usrdtu *dev, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	int len;

	if (dev->hal->info == NULL)
		return -1;
	len = dev->hal->info(dev->ctx, item, index, buf, cap);
	if (len < 0)
		return -1;
	return (size_t)len > cap ? (int)cap : len;
}

int reply_info(struct usrdtu *dev, const struct at_cmd *cmd, enum usrdtu_info item, unsigned index)
{
	char text[96];
	int len = info_get(dev, item, index, text, sizeof text);

	if (len < 0)
		return -AT_E_EXEC;
	reply_value_open(dev, cmd);
	out_bytes(dev, text, (size_t)len);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

#define INFO_HANDLER(fn, item)                                                        \
	int fn(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)    \
	{                                                                             \
		(void)call;                                                           \
		return reply_info(dev, cmd, item, 0);                                 \
	}

INFO_HANDLER(cmd_info_version, USRDTU_INFO_VERSION)
INFO_HANDLER(cmd_info_build, USRDTU_INFO_BUILD)
INFO_HANDLER(cmd_info_sn, USRDTU_INFO_SN)
INFO_HANDLER(cmd_info_imei, USRDTU_INFO_IMEI)
INFO_HANDLER(cmd_info_iccid, USRDTU_INFO_ICCID)
INFO_HANDLER(cmd_info_number, USRDTU_INFO_NUMBER)
INFO_HANDLER(cmd_info_csq, USRDTU_INFO_CSQ)
INFO_HANDLER(cmd_info_mac, USRDTU_INFO_MAC)
INFO_HANDLER(cmd_info_production_time, USRDTU_INFO_PRODUCTION_TIME)
