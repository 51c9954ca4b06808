/*
 * One command line: find the row, work out the form, validate every
 * argument, then store, print or run the handler.
 */
#include "engine.h"

#include <string.h>

/* The command of this library in every profile. Its name holds a '_',
 * which no USR command has, so it can never shadow one. */
static const struct at_cmd extension_cmds[] = {
	AT_INFO("DTU_CACHE", cmd_cache_stats, AT_HELP_QUERY "each socket's queue and dropped data"),
};

/* 1 when the row is named name (len bytes, upper case). */
static int row_named(const struct at_cmd *cmd, const uint8_t *name, size_t len)
{
	return cmd->name_len == len && memcmp(name, cmd->name, len) == 0;
}

/* The row of name, whose hash is hash: one probe of the perfect index. */
static inline const struct at_cmd *find_hashed(const struct usrdtu_profile *profile, const uint8_t *name,
					size_t len, uint32_t hash)
{
	uint8_t entry = profile->index[AT_INDEX_BUCKETS +
				       at_index_slot(profile->index, hash, profile->index_mask)];

	/* the profile's row in that slot, if any, then this library's row */
	if (entry != 0 && row_named(&profile->cmds[entry - 1], name, len))
		return &profile->cmds[entry - 1];
	return row_named(extension_cmds, name, len) ? extension_cmds : NULL;
}

const struct at_cmd *dispatch_find(const struct usrdtu_profile *profile, const uint8_t *name,
				   size_t len)
{
	uint32_t hash = AT_HASH_INIT;
	size_t i;

	for (i = 0; i < len; i++)
		hash = at_hash_step(hash, name[i]);
	return find_hashed(profile, name, len, hash);
}

/* The first byte from i on that is not a space, or len. */
static size_t skip_spaces(const uint8_t *line, size_t i, size_t len)
{
	while (i < len && line[i] == ' ')
		i++;
	return i;
}

/* Parses "AT+NAME<op>..." and runs it; returns the reply status. The line
 * neither begins nor ends with a space (dispatch_line trims it). */
static int run_line(struct usrdtu *dev, uint8_t *line, size_t len, uint8_t *spare)
{
	struct at_call call;
	const struct at_cmd *cmd;
	uint8_t *name;
	size_t i, name_len = 0;
	uint32_t hash = AT_HASH_INIT;
	int r;

	/* 'A' and 'a' differ in bit 5 only, as do 'T' and 't' */
	if (len < 2 || (line[0] | 0x20) != 'a' || (line[1] | 0x20) != 't')
		return -AT_E_UNKNOWN;
	if (len == 2) /* AT: the test command */
		return login_allows(dev, NULL) ? AT_R_OK : -AT_E_LOGIN;
	i = 2;
	while (line[i] == ' ') /* it stops in the line, which does not end with a space */
		i++;
	if (line[i] != '+')
		return -AT_E_UNKNOWN;
	/* The name as hosts usually type it: upper-case letters (the loop
	 * below takes the rest). */
	name = line + i + 1;
	for (i++; i < len && (uint8_t)(line[i] - 'A') <= 'Z' - 'A'; i++)
		hash = at_hash_step(hash, line[i]);
	name_len = (size_t)(line + i - name);
	/* Anything else in it is upper-cased, and spaces are dropped ("REG
	 * SND" is REGSND), into the bytes it came from. */
	for (; i < len; i++) {
		uint8_t c = line[i], upper = (uint8_t)(c & 0xDF);

		if ((uint8_t)(upper - 'A') <= 'Z' - 'A')
			c = upper;
		else if (c == '=' || c == '?')
			break;
		else if (c == ' ')
			continue;
		else if (!text_is_digit(c) && c != '_') /* '_': this library's own commands */
			return -AT_E_UNKNOWN;
		name[name_len++] = c;
		hash = at_hash_step(hash, c);
	}
	cmd = find_hashed(dev->profile, name, name_len, hash);
	if (cmd == NULL)
		return -AT_E_UNKNOWN;
	if ((dev->profile->flags & AT_P_LOGIN) && !login_allows(dev, cmd))
		return -AT_E_LOGIN;

	call.argc = 0;
	call.form = (cmd->flags & AT_FORM_EXEC) ? AT_FORM_EXEC : AT_FORM_QUERY;
	if (i < len) {
		call.form = AT_FORM_QUERY;
		if (line[i] == '=') {
			i = skip_spaces(line, i + 1, len);
			/* "=?" is the test where it ends the line */
			call.form = i + 1 == len && line[i] == '?' ? AT_FORM_TEST : AT_FORM_SET;
		} else if (i + 1 != len) { /* '?' is the query where it ends the line */
			return -AT_E_FORMAT;
		}
	}
	if (!(cmd->flags & call.form)) /* the forms are the flags' low bits */
		return -AT_E_FORM;
	if (call.form == AT_FORM_SET) {
		/* room a set may stash the fields it changes in (save at once):
		 * none when spare is outside the work buffer, which is why it is
		 * compared as a number (pointers into other objects may not be) */
		call.spare = spare;
		call.spare_len = (uintptr_t)(dev->work + sizeof dev->work) - (uintptr_t)spare;
		if (call.spare_len > sizeof dev->work)
			call.spare_len = 0;
		r = params_parse(dev, cmd, line + i, len - i, &call);
		if (r != 0)
			return r;
	}
	if (cmd->handler != AT_H_NULL) {
		r = dev->profile->handlers[cmd->handler](dev, cmd, &call);
		if (r != AT_R_DEFAULT)
			return r;
	}
	/* what a row without a handler does, and what AT_R_DEFAULT asks for */
	if (call.form == AT_FORM_SET)
		return settings_apply_set(dev, cmd, &call);
	if (call.form == AT_FORM_EXEC)
		return -AT_E_FORM;
	reply_value_open(dev, cmd);
	if (call.form == AT_FORM_QUERY)
		reply_params(dev, cmd, &dev->pending);
	else
		reply_range(dev, cmd);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

void dispatch_line(struct usrdtu *dev, uint8_t *line, size_t len, uint8_t *spare, uint32_t now_ms)
{
	int r;

	dev->now_ms = now_ms;
	dev->stats.lines++;
	/* leading blanks and stray NULs before "AT" carry no meaning */
	while (len > 0 && (line[0] == ' ' || line[0] == 0)) {
		line++;
		len--;
	}
	if (len == 0)
		return;
	/* nor do trailing blanks, after the name, an operator or a value (the
	 * loop stops at line[0] at the latest) */
	while (line[len - 1] == ' ')
		len--;
	r = run_line(dev, line, len, spare);
	if (r == AT_R_OK)
		reply_ok(dev);
	else if (r < 0)
		reply_error(dev, (enum at_error)(-r));
	if (dev->out_len != 0) /* an OK alone went out at once */
		out_flush(dev);
}
