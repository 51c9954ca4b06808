/*
 * Serial and network AT: a serial frame (or a network packet) that starts
 * with the command password and an AT command runs that command instead of
 * being forwarded.
 *
 * gprs232 writes "usr.cn#AT+VER" with the password "usr.cn"; cat1 and g781
 * store the '#' inside the password ("usr.cn#"). Hosts in the field also
 * send "usr.cnAT+VER": a trailing '#' of the password is optional either
 * way. The rest of the frame may hold several lines; the password comes
 * once.
 */
#include "engine.h"

static int serial_at_enabled(const struct usrdtu *dev)
{
	uint8_t flags = dev->profile->flags;

	if (flags & AT_P_SERIAL_AT_ON)
		return 1;
	return (flags & AT_P_SERIAL_AT) && dev->active.serial_at;
}

size_t remote_at_prefix(const struct usrdtu *dev, const uint8_t *frame, size_t len)
{
	const char *pw = dev->active.cmd_password;
	size_t pw_len = text_length(pw, sizeof dev->active.cmd_password);
	size_t at;

	if (pw_len > 0 && pw[pw_len - 1] == '#')
		pw_len--;
	if (pw_len == 0 || len < pw_len + 2)
		return 0;
	if (!text_equal_ct(frame, pw_len, (const uint8_t *)pw, pw_len))
		return 0;
	at = pw_len;
	if (frame[at] == '#')
		at++;
	if (at + 2 > len || text_upper(frame[at]) != 'A' || text_upper(frame[at + 1]) != 'T')
		return 0;
	return at;
}

void remote_at_run(struct usrdtu *dev, uint8_t source, uint8_t *text, size_t start, size_t len,
		   uint32_t now_ms)
{
	size_t i;

	for (i = start; i <= len; i++) {
		if (i < len && text[i] != '\r' && text[i] != '\n')
			continue;
		if (i > start) {
			dev->at_source = source;
			/* the rest of the text is still to be run: no spare room in it */
			dispatch_line(dev, text + start, i - start, text + len, now_ms);
			dev->at_source = AT_SOURCE_COMMAND;
			if (dev->input_break)
				break;
		}
		start = i + 1;
	}
}

int serial_at_frame(struct usrdtu *dev, uint8_t *frame, size_t len, uint32_t now_ms)
{
	size_t start;

	if (!serial_at_enabled(dev))
		return 0;
	start = remote_at_prefix(dev, frame, len);
	if (start == 0)
		return 0;
	dev->stats.serial_at++;
	remote_at_run(dev, AT_SOURCE_SERIAL, frame, start, len, now_ms);
	return 1;
}
