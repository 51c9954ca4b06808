/*
 * One command line: find the row, work out the form, validate every
 * argument, then store, print or run the handler.
 */
#include "engine.h"

#include <string.h>

/* 1 when the row is named name (len bytes, upper case). */
static int row_named(const struct at_cmd *cmd, const uint8_t *name, size_t len)
{
	return cmd->name_len == len && memcmp(name, cmd->name, len) == 0;
}

/* The row of name by its hash: one probe of the perfect index. */
static inline const struct at_cmd *find_hashed(const struct usrdtu_profile *profile,
					       const uint8_t *name, size_t len, uint32_t hash)
{
	unsigned slot = at_index_slot(profile->index, hash, profile->index_mask);
	uint8_t entry = profile->index[AT_INDEX_BUCKETS + slot];
	const struct at_cmd *cmd;

	if (entry == 0)
		return NULL;
	cmd = &profile->cmds[entry - 1];
	return row_named(cmd, name, len) ? cmd : NULL;
}

const struct at_cmd *dispatch_find(const struct usrdtu_profile *profile, const uint8_t *name,
				   size_t len)
{
	uint32_t hash = AT_HASH_INIT;
	size_t i;

	if (len == 0)
		return NULL;
	for (i = 0; i < len; i++)
		hash = at_hash_step(hash, name[i]);
	return find_hashed(profile, name, len, hash);
}

/* What a row without a handler does, and what AT_R_DEFAULT asks for. */
static int default_action(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	switch (call->form) {
	case AT_FORM_QUERY:
		reply_value_open(dev, cmd);
		reply_params(dev, cmd, &dev->pending);
		reply_value_close(dev, cmd);
		return AT_R_DONE;
	case AT_FORM_TEST:
		reply_value_open(dev, cmd);
		reply_range(dev, cmd);
		reply_value_close(dev, cmd);
		return AT_R_DONE;
	case AT_FORM_SET:
		return settings_apply_set(dev, cmd, call);
	default:
		return -AT_E_FORM;
	}
}

/* Commands of this library in every profile. Their names hold a '_', which
 * no USR command has, so they can never shadow one. */
static const struct at_cmd extension_cmds[] = {
	AT_INFO("DTU_CACHE", cmd_cache_stats, AT_HELP_QUERY "each socket's queue and dropped data"),
};

static const struct at_cmd *extension_find(const uint8_t *name, size_t len)
{
	size_t i;

	if (memchr(name, '_', len) == NULL)
		return NULL;
	for (i = 0; i < sizeof extension_cmds / sizeof extension_cmds[0]; i++) {
		if (row_named(&extension_cmds[i], name, len))
			return &extension_cmds[i];
	}
	return NULL;
}

/* The first byte from i on that is not a space, or len. */
static size_t skip_spaces(const uint8_t *line, size_t i, size_t len)
{
	while (i < len && line[i] == ' ')
		i++;
	return i;
}

/* Parses "AT+NAME<op>..." and runs it; returns the reply status. */
static int run_line(struct usrdtu *dev, uint8_t *line, size_t len, uint8_t *spare)
{
	struct at_call call;
	const struct at_cmd *cmd;
	uint8_t *name, *end;
	size_t i, name_len;
	uint32_t hash = AT_HASH_INIT;
	uint8_t forms;
	int r;

	/* 'A' and 'a' differ in bit 5 only, as do 'T' and 't' */
	if (len < 2 || (line[0] | 0x20) != 'a' || (line[1] | 0x20) != 't')
		return -AT_E_UNKNOWN;
	i = skip_spaces(line, 2, len);
	if (i == len) /* AT: the test command */
		return login_allows(dev, NULL) ? AT_R_OK : -AT_E_LOGIN;
	if (line[i] != '+')
		return -AT_E_UNKNOWN;
	/* The name as hosts usually type it: upper-case letters and digits. */
	name = line + i + 1;
	for (end = name; end < line + len; end++) {
		if ((uint8_t)(*end - 'A') > 'Z' - 'A' && !text_is_digit(*end))
			break;
		hash = at_hash_step(hash, *end);
	}
	i = (size_t)(end - line);
	name_len = (size_t)(end - name);
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
	if (name_len == 0)
		return -AT_E_UNKNOWN;
	cmd = find_hashed(dev->profile, name, name_len, hash);
	if (cmd == NULL)
		cmd = extension_find(name, name_len);
	if (cmd == NULL)
		return -AT_E_UNKNOWN;
	if ((dev->profile->flags & AT_P_LOGIN) && !login_allows(dev, cmd))
		return -AT_E_LOGIN;

	call.form = 0;
	call.argc = 0;
	call.spare = NULL;
	call.spare_len = 0;
	forms = cmd->flags; /* the forms, and flags no form meets */
	if (i == len) {
		call.form = (forms & AT_FORM_EXEC) ? AT_FORM_EXEC : AT_FORM_QUERY;
	} else if (line[i] == '?') {
		if (skip_spaces(line, i + 1, len) != len)
			return -AT_E_FORMAT;
		call.form = AT_FORM_QUERY;
	} else {
		size_t k = skip_spaces(line, ++i, len);

		/* "=?" is the test form only when nothing follows it */
		call.form = AT_FORM_SET;
		if (k < len && line[k] == '?' && skip_spaces(line, k + 1, len) == len)
			call.form = AT_FORM_TEST;
	}
	if (!(forms & call.form))
		return -AT_E_FORM;
	if (call.form == AT_FORM_SET) {
		/* room a set may stash the fields it changes in (save at once) */
		if (spare != NULL && spare >= dev->work && spare <= dev->work + sizeof dev->work) {
			call.spare = spare;
			call.spare_len = (size_t)(dev->work + sizeof dev->work - spare);
		}
		r = params_parse(dev, cmd, line + i, len - i, &call);
		if (r != 0)
			return r;
	}
	if (cmd->handler != AT_H_NULL) {
		r = dev->profile->handlers[cmd->handler](dev, cmd, &call);
		if (r != AT_R_DEFAULT)
			return r;
	}
	return default_action(dev, cmd, &call);
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
	r = run_line(dev, line, len, spare);
	if (r == AT_R_OK)
		reply_ok(dev);
	else if (r < 0)
		reply_error(dev, (enum at_error)(-r));
	if (dev->out_len != 0) /* an OK alone went out at once */
		out_flush(dev);
}
