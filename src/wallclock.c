/*
 * The module's calendar clock (cat1 AT+CCLK, later set by NTP): a point in
 * time, seconds since 2000-01-01 00:00 UTC, tied to the monotonic clock.
 * Before anything sets it the HAL's clock is asked, if it has one.
 */
#include "engine.h"

#define SECONDS_PER_DAY 86400u

static int is_leap(unsigned year)
{
	return year % 4u == 0; /* 2000..2099: every fourth year, 2000 included */
}

static const uint8_t month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static unsigned days_in_month(unsigned year, unsigned month)
{
	return month_days[month - 1] + (month == 2 && is_leap(year) ? 1u : 0u);
}

/* Two decimal digits at t, or -1. */
static int two_digits(const uint8_t *t)
{
	if (!text_is_digit(t[0]) || !text_is_digit(t[1]))
		return -1;
	return (t[0] - '0') * 10 + (t[1] - '0');
}

/* "yy/MM/dd" and "hh:mm:ss+zz" (zz: quarter hours, sign + or -). */
static int parse_clock(const struct at_arg *date, const struct at_arg *time, uint32_t *seconds,
		       int8_t *tz)
{
	int yy, mo, dd, hh, mi, ss, zz;
	uint32_t days = 0;
	unsigned y, m;

	if (date->len != 8 || time->len != 11 || date->text[2] != '/' || date->text[5] != '/' ||
	    time->text[2] != ':' || time->text[5] != ':' ||
	    (time->text[8] != '+' && time->text[8] != '-'))
		return -AT_E_TYPE;
	yy = two_digits(date->text);
	mo = two_digits(date->text + 3);
	dd = two_digits(date->text + 6);
	hh = two_digits(time->text);
	mi = two_digits(time->text + 3);
	ss = two_digits(time->text + 6);
	zz = two_digits(time->text + 9);
	if (yy < 0 || mo < 1 || mo > 12 || dd < 1 || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 ||
	    ss > 59 || zz < 0 || zz > 56)
		return -AT_E_RANGE;
	if ((unsigned)dd > days_in_month(2000u + (unsigned)yy, (unsigned)mo))
		return -AT_E_RANGE;
	for (y = 2000; y < 2000u + (unsigned)yy; y++)
		days += is_leap(y) ? 366u : 365u;
	for (m = 1; m < (unsigned)mo; m++)
		days += days_in_month(2000u + (unsigned)yy, m);
	days += (uint32_t)dd - 1u;
	*tz = (int8_t)(time->text[8] == '-' ? -zz : zz);
	/* the text is local time: keep UTC inside */
	*seconds = days * SECONDS_PER_DAY + (uint32_t)hh * 3600u + (uint32_t)mi * 60u + (uint32_t)ss -
		   (uint32_t)((int32_t)*tz * 900);
	return 0;
}

static void out_two(struct usrdtu *dev, unsigned v)
{
	uint8_t d[2];

	d[0] = (uint8_t)('0' + v / 10u % 10u);
	d[1] = (uint8_t)('0' + v % 10u);
	out_bytes(dev, d, 2);
}

static void print_clock(struct usrdtu *dev)
{
	int32_t tz_s = (int32_t)dev->clock_tz * 900;
	uint32_t t = dev->clock_base_s + (dev->now_ms - dev->clock_base_ms) / 1000u + (uint32_t)tz_s;
	uint32_t days = t / SECONDS_PER_DAY, rest = t % SECONDS_PER_DAY;
	unsigned year = 2000, month = 1;
	unsigned tz = (unsigned)(dev->clock_tz < 0 ? -dev->clock_tz : dev->clock_tz);

	while (days >= (is_leap(year) ? 366u : 365u) && year < 2099u) {
		days -= is_leap(year) ? 366u : 365u;
		year++;
	}
	while (month < 12u && days >= days_in_month(year, month)) {
		days -= days_in_month(year, month);
		month++;
	}
	out_two(dev, year - 2000u);
	out_str(dev, "/");
	out_two(dev, month);
	out_str(dev, "/");
	out_two(dev, (unsigned)days + 1u);
	out_str(dev, ",");
	out_two(dev, (unsigned)(rest / 3600u));
	out_str(dev, ":");
	out_two(dev, (unsigned)(rest / 60u % 60u));
	out_str(dev, ":");
	out_two(dev, (unsigned)(rest % 60u));
	out_str(dev, dev->clock_tz < 0 ? "-" : "+");
	out_two(dev, tz);
}

void wallclock_tick(struct usrdtu *dev, uint32_t now_ms)
{
	uint32_t whole;

	if (!dev->clock_set)
		return;
	/* keep (now - base) far from 2^32 ms: move the base by whole seconds */
	whole = (now_ms - dev->clock_base_ms) / 1000u;
	if (whole >= 0x100000u) {
		dev->clock_base_s += whole;
		dev->clock_base_ms += whole * 1000u;
	}
}

int cmd_clock(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	if (call->form == AT_FORM_SET) {
		uint32_t seconds;
		int8_t tz;
		int r;

		if (call->argc != 2)
			return -AT_E_COUNT;
		r = parse_clock(&call->argv[0], &call->argv[1], &seconds, &tz);
		if (r != 0)
			return r;
		dev->clock_base_s = seconds;
		dev->clock_base_ms = dev->now_ms;
		dev->clock_tz = tz;
		dev->clock_set = 1;
		return AT_R_OK;
	}
	if (call->form != AT_FORM_QUERY)
		return AT_R_DEFAULT;
	if (dev->clock_set) {
		reply_value_open(dev, cmd);
		out_str(dev, "\"");
		print_clock(dev);
		out_str(dev, "\"");
		reply_value_close(dev, cmd);
		return AT_R_DONE;
	}
	{
		char text[32];
		int len = info_get(dev, USRDTU_INFO_CLOCK, 0, text, sizeof text);

		if (len < 0)
			return -AT_E_EXEC;
		reply_value_open(dev, cmd);
		out_str(dev, "\"");
		out_bytes(dev, text, (size_t)len);
		out_str(dev, "\"");
		reply_value_close(dev, cmd);
	}
	return AT_R_DONE;
}

/* The zone at the end of the HAL's clock text "yy/MM/dd,hh:mm:ss+zz". */
static int hal_zone(struct usrdtu *dev, int8_t *tz)
{
	char text[32];
	int len = info_get(dev, USRDTU_INFO_CLOCK, 0, text, sizeof text);
	int zz;

	if (len < 3 || (text[len - 3] != '+' && text[len - 3] != '-'))
		return -1;
	zz = two_digits((const uint8_t *)text + len - 2);
	if (zz < 0 || zz > 56)
		return -1;
	*tz = (int8_t)(text[len - 3] == '-' ? -zz : zz);
	return 0;
}

void wallclock_set_utc(struct usrdtu *dev, uint32_t seconds, uint32_t ms, uint32_t now_ms)
{
	if (!dev->clock_set) {
		int8_t tz = (int8_t)USRDTU_CFG_CLOCK_TZ;

		(void)hal_zone(dev, &tz);
		dev->clock_tz = tz;
	}
	/* the base is a whole second: move it back by the milliseconds */
	dev->clock_base_s = seconds;
	dev->clock_base_ms = now_ms - ms % 1000u;
	dev->clock_set = 1;
}

int wallclock_utc(const struct usrdtu *dev, uint32_t now_ms, uint32_t *seconds, uint32_t *ms)
{
	uint32_t since = now_ms - dev->clock_base_ms;

	if (!dev->clock_set)
		return 0;
	*seconds = dev->clock_base_s + since / 1000u;
	*ms = since % 1000u;
	return 1;
}
