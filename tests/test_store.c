/*
 * Settings persistence at unit level: the record format, the two slots,
 * power lost at every byte, corrupted bits, foreign records, sequence wrap,
 * slots too small and HALs without flash. docs/storage.md describes what is
 * checked here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "mock_hal.h"

/* The worst-case record sizes docs/storage.md states, per profile. */
#define DOC_RECORD_MAX_GPRS232 3120u
#define DOC_RECORD_MAX_CAT1 6224u
#define DOC_RECORD_MAX_G781 3360u
#define DOC_RECORD_MAX_M0 1552u

static struct mock_hal m;
static struct usrdtu dev;

static void setup(const struct usrdtu_profile *profile, const struct usrdtu_hal *hal)
{
	mock_init(&m);
	memset(&dev, 0, sizeof dev);
	dev.profile = profile;
	dev.hal = hal;
	dev.ctx = &m;
}

/* Switches the instance to another profile on the same flash, as a
 * re-flashed device would boot. */
static void reboot_as(const struct usrdtu_profile *profile)
{
	dev.profile = profile;
	dev.store_valid = 0;
	dev.store_seq = 0;
	dev.store_slot = 0;
}

static void set_text(char *field, size_t size, const char *text, size_t len)
{
	assert_true(len < size);
	memset(field, 0, size);
	memcpy(field, text, len);
}
#define SET_TEXT(field, lit) set_text((field), sizeof(field), (lit), sizeof(lit) - 1)

static void set_hex(uint8_t *field, size_t size, size_t len, unsigned seed)
{
	size_t i;

	assert_true(len + 2 <= size);
	memset(field, 0, size);
	field[0] = (uint8_t)len;
	field[1] = (uint8_t)(len >> 8);
	for (i = 0; i < len; i++)
		field[2 + i] = (uint8_t)(i * 151u + seed * 29u); /* 0x00 and 0xFF included */
}

/* Many non-default values of every type gprs232 has; seed varies them. */
static void values_gprs232(struct usrdtu_settings *s, unsigned seed)
{
	settings_factory(&usrdtu_profile_gprs232, s);
	s->echo = 0;
	s->work_mode = seed & 1 ? USRDTU_MODE_SMS : USRDTU_MODE_HTTPD;
	s->call_enabled = 1;
	s->net_at = 0;
	s->serial_at = 1;
	s->cache_enabled = 0;
	s->rfc2217 = 1;
	s->socket_id = 1;
	s->no_data_restart_s = (uint16_t)(seed & 1 ? 0 : 65535);
	SET_TEXT(s->cmd_password, "a\x80\xFF\r\n");
	s->cmd_password[0] = (char)('a' + seed);
	SET_TEXT(s->start_message, "Hi\r\n\xC3\xA9\x7F\x01 ready");
	s->uart.baud = seed & 1 ? 921600u : 2400u;
	s->uart.parity = USRDTU_PARITY_EVEN;
	s->uart.data_bits = 7;
	s->uart.stop_bits = 2;
	s->uart.flow = (uint8_t)(seed & 1 ? USRDTU_FLOW_CRTS : USRDTU_FLOW_NONE);
	SET_TEXT(s->apn, "internet.example,\"x\"");
	SET_TEXT(s->apn_user, "user\x01\x80");
	SET_TEXT(s->apn_pass, "");
	s->apn_pass[0] = (char)('p' + seed);
	s->sock[0].proto = USRDTU_PROTO_UDPC;
	SET_TEXT(s->sock[0].host, "example.com");
	s->sock[0].host[0] = (char)('a' + seed);
	s->sock[0].port = 65535;
	s->sock[1].enabled = 1;
	SET_TEXT(s->sock[1].host, "10.0.0.1");
	s->sock[1].port = (uint16_t)(1 + seed);
	s->sock[2].enabled = 1;
	s->sock[2].short_connection = 1;
	s->sock[3].short_connection = 1;
	SET_TEXT(s->sock[3].host, "a-very-long-host-name.with_underscores.example.org");
	s->link_down_restart_s = (uint16_t)(65535 - seed);
	s->short_timeout_s = 1;
	s->reg_enabled = 1;
	s->reg_content = USRDTU_CONTENT_REGID;
	s->reg_id = 65536u - seed; /* needs the top half of a uint32 */
	set_hex(s->reg_data, sizeof s->reg_data, 80, seed); /* the most REGDT takes */
	s->reg_send = USRDTU_REGSND_LINK_DATA;
	s->heart_enabled = 0;
	set_hex(s->heart_data, sizeof s->heart_data, 40, seed + 7);
	s->heart_dir = USRDTU_HEART_COM;
	s->heart_interval_s = (uint16_t)(65535 - seed);
	s->http_method = USRDTU_HTTP_POST;
	s->http_filter = 0;
	SET_TEXT(s->http_url, "/x?y=\x80\xFE");
	SET_TEXT(s->http_host, "h-1.example");
	s->http_port = 8080;
	s->http_timeout_s = 300;
	memset(s->http_header, 0, sizeof s->http_header);
	{
		size_t i;

		for (i = 0; i < 200; i++)
			s->http_header[i] = (char)(i % 3 == 0 ? '\r' : i % 3 == 1 ? '\n' : 0x80 + (int)((i + seed) % 127));
	}
	SET_TEXT(s->sms_number, "+8613800138000");
	s->cloud_enabled = 1;
	SET_TEXT(s->cloud_id, "12345678901234567890");
	SET_TEXT(s->cloud_pass, "p\xA0\r\n,\"x");
	SET_TEXT(s->sim_pin, "12345678");
	s->sim_pin[0] = (char)('0' + seed % 10);
}

/* Every saved parameter of the profile must hold a valid value. */
static void assert_all_valid(const struct usrdtu_profile *profile, const struct usrdtu_settings *s)
{
	uint16_t r;
	uint8_t i;

	for (r = 0; r < profile->ncmds; r++) {
		const struct at_cmd *c = &profile->cmds[r];

		if ((c->flags & AT_CF_ALIAS) || at_cmd_args(c))
			continue;
		for (i = 0; i < c->nparams; i++) {
			if (c->params[i].size == 0)
				continue;
			if (!param_is_valid(profile, &c->params[i], s))
				fail_msg("%s param %u holds an invalid value", c->name, (unsigned)i);
		}
	}
}

static void assert_settings_equal(const struct usrdtu_settings *a, const struct usrdtu_settings *b)
{
	if (memcmp(a, b, sizeof *a) != 0) {
		size_t i;

		for (i = 0; i < sizeof *a; i++) {
			if (((const uint8_t *)a)[i] != ((const uint8_t *)b)[i])
				fail_msg("settings differ first at byte %u", (unsigned)i);
		}
	}
}

static uint32_t record_length(unsigned slot)
{
	const uint8_t *h = m.flash[slot];

	return STORE_HEADER_SIZE + (uint32_t)(h[8] | h[9] << 8) + (uint32_t)(h[10] | h[11] << 8);
}

static uint32_t record_seq(unsigned slot)
{
	const uint8_t *h = m.flash[slot];

	return (uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24;
}

/* Rewrites a slot's sequence number with a CRC to match, as if the device
 * had saved that many times. */
static void patch_seq(unsigned slot, uint32_t seq)
{
	uint8_t *h = m.flash[slot];
	uint32_t crc, len = record_length(slot);

	h[4] = (uint8_t)seq;
	h[5] = (uint8_t)(seq >> 8);
	h[6] = (uint8_t)(seq >> 16);
	h[7] = (uint8_t)(seq >> 24);
	crc = store_crc32(0, h, 12);
	crc = store_crc32(crc, h + STORE_HEADER_SIZE, len - STORE_HEADER_SIZE);
	h[12] = (uint8_t)crc;
	h[13] = (uint8_t)(crc >> 8);
	h[14] = (uint8_t)(crc >> 16);
	h[15] = (uint8_t)(crc >> 24);
}

/* Writes a hand-made record into a slot, as another firmware might have. */
static void write_raw(unsigned slot, uint8_t version, uint8_t profile_id, uint32_t seq,
		      const uint8_t *s0, uint16_t len0, const uint8_t *s1, uint16_t len1)
{
	uint8_t *h = m.flash[slot];

	memset(h, 0xFF, MOCK_SLOT_SIZE);
	h[0] = 0x55;
	h[1] = 0x44;
	h[2] = version;
	h[3] = profile_id;
	h[8] = (uint8_t)len0;
	h[9] = (uint8_t)(len0 >> 8);
	h[10] = (uint8_t)len1;
	h[11] = (uint8_t)(len1 >> 8);
	if (len0 > 0)
		memcpy(h + STORE_HEADER_SIZE, s0, len0);
	if (len1 > 0)
		memcpy(h + STORE_HEADER_SIZE + len0, s1, len1);
	patch_seq(slot, seq);
}

static const struct at_param *find(const struct usrdtu_profile *profile, const char *name)
{
	uint16_t r;

	for (r = 0; r < profile->ncmds; r++) {
		if (strcmp(profile->cmds[r].name, name) == 0)
			return profile->cmds[r].params;
	}
	fail_msg("no row %s", name);
	return NULL;
}

/* ---- generated values: the longest valid non-default value of every
 * parameter, for any profile ---- */

static void gen_text(const struct at_param *p, struct usrdtu_settings *s, unsigned variant)
{
	uint8_t *f = (uint8_t *)s + p->offset;
	uint32_t n = at_param_max(p) < (uint32_t)p->size - 1u ? at_param_max(p) : (uint32_t)p->size - 1u;
	uint32_t i;

	memset(f, 0, p->size);
	for (i = 0; i < n; i++) {
		uint8_t c;

		if (p->type == AT_T_HOST) {
			c = (uint8_t)('a' + (i + variant) % 26u);
		} else {
			switch (p->flags & AT_PF_CS_MASK) {
			case AT_PF_CS_WORD:
				c = (uint8_t)('A' + (i + variant) % 26u);
				break;
			case AT_PF_CS_DIGITS:
				c = (uint8_t)('0' + (i + variant) % 10u);
				break;
			case AT_PF_CS_PHONE:
				c = i == 0 ? '+' : (uint8_t)('0' + (i + variant) % 10u);
				break;
			default:
				/* every byte value but NUL, CR and LF among them */
				c = (uint8_t)((i * 53u + variant * 7u) % 255u + 1u);
				break;
			}
		}
		f[i] = c;
	}
	if ((p->flags & AT_PF_SLASH) && n > 0)
		f[0] = '/';
}

static void gen_value(const struct usrdtu_profile *profile, const struct at_param *p,
		      struct usrdtu_settings *s, unsigned variant)
{
	uint8_t *f = (uint8_t *)s + p->offset;
	unsigned k;

	switch (p->type) {
	case AT_T_ENUM: {
		const struct at_words *w = p->aux;

		for (k = 0; k < w->count; k++) {
			uint8_t v = w->list[(k + variant) % w->count].value;

			if (v != (uint8_t)at_param_def(p)) {
				*f = v;
				break;
			}
		}
		break;
	}
	case AT_T_UINT:
		if (p->aux != NULL && !(p->flags & AT_PF_WIDE)) {
			const struct at_uint_set *set = p->aux;

			for (k = 0; k < set->count; k++) {
				uint32_t v = set->values[(k + variant) % set->count];

				if (v != at_param_def(p)) {
					param_set_uint(p, s, v);
					break;
				}
			}
		} else {
			uint32_t pick[3];

			pick[0] = at_param_max(p);
			pick[1] = at_param_min(p);
			pick[2] = at_param_min(p) + (at_param_max(p) - at_param_min(p)) / 2u;
			for (k = 0; k < 3; k++) {
				if (pick[(k + variant) % 3] != at_param_def(p)) {
					param_set_uint(p, s, pick[(k + variant) % 3]);
					break;
				}
			}
		}
		break;
	case AT_T_IPV4:
		f[0] = (uint8_t)(10 + variant);
		f[1] = 0x80;
		f[2] = 0xFF;
		f[3] = (uint8_t)(1 + variant);
		break;
	case AT_T_HEX: {
		uint32_t n = at_param_max(p) < (uint32_t)p->size - 2u ? at_param_max(p) : (uint32_t)p->size - 2u;

		set_hex(f, p->size, n, variant);
		break;
	}
	default:
		gen_text(p, s, variant);
		break;
	}
	(void)profile;
}

/* Fills every saved parameter; returns the section length expected. */
static uint32_t values_max(const struct usrdtu_profile *profile, struct usrdtu_settings *s,
			   unsigned variant)
{
	uint32_t section = 0;
	uint16_t r;
	uint8_t i;

	settings_factory(profile, s);
	for (r = 0; r < profile->ncmds; r++) {
		const struct at_cmd *c = &profile->cmds[r];

		if ((c->flags & AT_CF_ALIAS) || at_cmd_args(c))
			continue;
		for (i = 0; i < c->nparams; i++) {
			if (c->params[i].size != 0)
				gen_value(profile, &c->params[i], s, variant);
		}
	}
	assert_all_valid(profile, s);
	for (r = 0; r < profile->ncmds; r++) {
		const struct at_cmd *c = &profile->cmds[r];

		if ((c->flags & AT_CF_ALIAS) || at_cmd_args(c))
			continue;
		for (i = 0; i < c->nparams; i++) {
			const struct at_param *p = &c->params[i];
			uint32_t len;

			if (p->size == 0 || param_is_default(p, s))
				continue;
			switch (p->type) {
			case AT_T_ENUM:
				len = 1;
				break;
			case AT_T_UINT:
			case AT_T_IPV4:
				len = 4;
				break;
			case AT_T_HEX:
				len = usrdtu_hex_len((const uint8_t *)s + p->offset);
				break;
			default:
				len = (uint32_t)strlen((const char *)s + p->offset);
				break;
			}
			section += 5u + len;
		}
	}
	return section;
}

/* ---- the tests ---- */

static void test_crc32_check_value(void **state)
{
	const uint8_t check[] = "123456789";

	(void)state;
	assert_int_equal(store_crc32(0, check, 9), 0xCBF43926u);
	/* in pieces, as the writer computes it */
	assert_int_equal(store_crc32(store_crc32(0, check, 4), check + 4, 5), 0xCBF43926u);
	assert_int_equal(store_crc32(0, check, 0), 0);
}

static const struct usrdtu_profile *const profiles[] = {
	&usrdtu_profile_gprs232, &usrdtu_profile_cat1, &usrdtu_profile_g781, &usrdtu_profile_m0};

/* Two rows of one profile under one key would load each other's values. */
static void test_keys_unique(void **state)
{
	unsigned k;

	(void)state;
	assert_int_equal(settings_key(""), (uint16_t)(2166136261u >> 16 ^ 2166136261u));
	for (k = 0; k < 4; k++) {
		const struct usrdtu_profile *pr = profiles[k];
		uint16_t a, b;

		for (a = 0; a < pr->ncmds; a++) {
			if (pr->cmds[a].nparams == 0 || (pr->cmds[a].flags & AT_CF_ALIAS) ||
			    at_cmd_args(&pr->cmds[a]))
				continue;
			for (b = (uint16_t)(a + 1); b < pr->ncmds; b++) {
				if (pr->cmds[b].nparams == 0 ||
				    (pr->cmds[b].flags & AT_CF_ALIAS) || at_cmd_args(&pr->cmds[b]))
					continue;
				if (settings_key(pr->cmds[a].name) == settings_key(pr->cmds[b].name))
					fail_msg("%s: %s and %s share a key", pr->name, pr->cmds[a].name,
						 pr->cmds[b].name);
			}
		}
	}
}

static int saved_row(const struct at_cmd *c)
{
	return c->nparams > 0 && ((c->flags & AT_CF_ALIAS) || at_cmd_args(c)) == 0;
}

/* Each field is saved under one parameter only, so the record sizes the
 * tests and docs/storage.md compute are what the tables give. */
static void test_fields_saved_once(void **state)
{
	unsigned k;

	(void)state;
	for (k = 0; k < 4; k++) {
		const struct usrdtu_profile *pr = profiles[k];
		uint16_t a, b;
		uint8_t i, j;

		for (a = 0; a < pr->ncmds; a++) {
			if (!saved_row(&pr->cmds[a]))
				continue;
			for (i = 0; i < pr->cmds[a].nparams; i++) {
				const struct at_param *p = &pr->cmds[a].params[i];

				for (b = a; b < pr->ncmds; b++) {
					if (!saved_row(&pr->cmds[b]))
						continue;
					for (j = (uint8_t)(b == a ? i + 1 : 0); j < pr->cmds[b].nparams; j++) {
						const struct at_param *q = &pr->cmds[b].params[j];

						if (p->size != 0 && q->size != 0 &&
						    q->offset < p->offset + p->size &&
						    p->offset < q->offset + q->size)
							fail_msg("%s: %s and %s share a field", pr->name,
								 pr->cmds[a].name, pr->cmds[b].name);
					}
				}
			}
		}
	}
}

static void test_factory(void **state)
{
	struct usrdtu_settings s;
	unsigned k;

	(void)state;
	for (k = 0; k < 4; k++) {
		uint16_t r;
		uint8_t i;

		memset(&s, 0xA5, sizeof s);
		settings_factory(profiles[k], &s);
		for (r = 0; r < profiles[k]->ncmds; r++) {
			const struct at_cmd *c = &profiles[k]->cmds[r];

			if ((c->flags & AT_CF_ALIAS) || at_cmd_args(c))
				continue;
			for (i = 0; i < c->nparams; i++) {
				if (c->params[i].size != 0)
					assert_true(param_is_default(&c->params[i], &s));
			}
		}
	}
	settings_factory(&usrdtu_profile_m0, &s);
	assert_int_equal(s.work_mode, USRDTU_MODE_NET); /* factory_extra */
	assert_int_equal(s.sock[0].enabled, 1);
	settings_factory(&usrdtu_profile_gprs232, &s);
	assert_int_equal(s.uart.baud, 115200);
	assert_string_equal(s.cmd_password, "usr.cn");
	assert_int_equal(s.reg_id, 100);
	assert_int_equal(usrdtu_hex_len(s.reg_data), 10);
	assert_memory_equal(s.reg_data + 2, "www.usr.cn", 10);
}

static void test_empty_flash_gives_factory(void **state)
{
	struct usrdtu_settings out, factory;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	settings_factory(&usrdtu_profile_gprs232, &factory);
	memset(&out, 0x5A, sizeof out);
	assert_int_equal(settings_load_saved(&dev, &out), USRDTU_ERR_NOENT);
	assert_settings_equal(&out, &factory);
	memset(&out, 0x5A, sizeof out);
	assert_int_equal(settings_load_user(&dev, &out), USRDTU_ERR_NOENT);
	assert_settings_equal(&out, &factory);
	assert_int_equal(dev.store_valid, 0);
	assert_int_equal(m.erases + m.writes, 0);
}

/* (a) Saved and user sections keep every value of every type. */
static void test_round_trip_gprs232(void **state)
{
	struct usrdtu_settings a, b, out;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	values_gprs232(&a, 1);
	values_gprs232(&b, 2);
	assert_all_valid(&usrdtu_profile_gprs232, &a);
	assert_all_valid(&usrdtu_profile_gprs232, &b);
	assert_int_equal(a.reg_id, 65535);
	values_gprs232(&a, 0);
	assert_int_equal(a.reg_id, 65536);

	assert_int_equal(settings_save(&dev, &a, &b), 0);
	assert_int_equal(dev.stats.store_writes, 1);
	assert_int_equal(dev.store_valid, 1);
	assert_int_equal(dev.store_seq, 1);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &a);
	assert_int_equal(settings_load_user(&dev, &out), 0);
	assert_settings_equal(&out, &b);

	/* a NULL section keeps what is stored, in both directions */
	assert_int_equal(settings_save(&dev, &b, NULL), 0);
	assert_int_equal(dev.store_seq, 2);
	assert_int_equal(dev.store_slot, 1);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &b);
	assert_int_equal(settings_load_user(&dev, &out), 0);
	assert_settings_equal(&out, &b);
	assert_int_equal(settings_save(&dev, NULL, &a), 0);
	assert_int_equal(dev.store_slot, 0);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &b);
	assert_int_equal(settings_load_user(&dev, &out), 0);
	assert_settings_equal(&out, &a);
	assert_int_equal(dev.stats.store_writes, 3);
	assert_int_equal(dev.stats.store_failures, 0);

	/* AT+CLEAR: both factory, and the record holds no entry at all */
	settings_factory(&usrdtu_profile_gprs232, &a);
	assert_int_equal(settings_save(&dev, &a, &a), 0);
	assert_int_equal(record_length(dev.store_slot), STORE_HEADER_SIZE);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &a);
	assert_int_equal(settings_load_user(&dev, &out), 0);
	assert_settings_equal(&out, &a);
}

/* (a) IPv4 addresses and the m0 table; the same through the AT engine's
 * own parser, so the struct holds what a command would store. */
static void test_round_trip_m0_ipv4(void **state)
{
	struct usrdtu_settings a, out;
	const struct at_param *wann = find(&usrdtu_profile_m0, "WANN");
	const struct at_param *dns = find(&usrdtu_profile_m0, "DNS");
	const struct at_cmd *wann_row = dispatch_find(&usrdtu_profile_m0, (const uint8_t *)"WANN", 4);
	uint8_t text[] = "DHCP,192.168.1.254,0.0.0.0,0.0.0.0";
	struct at_call call;

	(void)state;
	setup(&usrdtu_profile_m0, &mock_hal_ops);
	settings_factory(&usrdtu_profile_m0, &a);
	a.wan_dhcp = 1;
	assert_int_equal(params_parse(&dev, wann_row, text, sizeof text - 1, &call), 0);
	param_store(&wann[1], &a, &call.argv[1], call.value[1]);
	a.wan_mask[0] = 255;
	a.wan_mask[1] = 255;
	a.wan_mask[2] = 254;
	a.wan_gateway[0] = 192;
	a.wan_gateway[3] = 1;
	a.dns[0] = 1;
	a.dns[1] = 0;
	a.dns[2] = 0;
	a.dns[3] = 1;
	assert_false(param_is_default(&dns[0], &a));
	a.reg_enabled = USRDTU_REGEN_MAC;
	SET_TEXT(a.module_name, "M0-\x80\xFF");
	SET_TEXT(a.http_header, "A: b\r\nC: d\r\n");
	a.uart.baud = 600;
	a.uart.data_bits = 5;
	a.uart.parity = USRDTU_PARITY_SPACE;
	a.max_clients = 1;
	a.kick_oldest = 0;
	set_hex(a.reg_data, sizeof a.reg_data, 39, 3);
	assert_all_valid(&usrdtu_profile_m0, &a);
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &a);
	assert_memory_equal(out.wan_ip, "\xC0\xA8\x01\xFE", 4);
	/* the user section stayed empty: factory */
	assert_int_equal(settings_load_user(&dev, &out), 0);
	settings_factory(&usrdtu_profile_m0, &a);
	assert_settings_equal(&out, &a);
}

/* The longest value of every parameter of every profile: round trip, and
 * the record is exactly as long as the format says. */
static void test_round_trip_every_profile_max(void **state)
{
	struct usrdtu_settings a, b, out;
	unsigned k;

	(void)state;
	for (k = 0; k < 4; k++) {
		uint32_t len_a, len_b;

		setup(profiles[k], &mock_hal_ops);
		len_a = values_max(profiles[k], &a, 0);
		len_b = values_max(profiles[k], &b, 1);
		assert_int_equal(settings_save(&dev, &a, &b), 0);
		assert_int_equal(record_length(dev.store_slot), STORE_HEADER_SIZE + len_a + len_b);
		assert_true(store_record_size(len_a + len_b) <= settings_record_max(profiles[k]));
		assert_int_equal(settings_load_saved(&dev, &out), 0);
		assert_settings_equal(&out, &a);
		assert_int_equal(settings_load_user(&dev, &out), 0);
		assert_settings_equal(&out, &b);
	}
}

/* docs/storage.md states these; a table change that breaks them must
 * update the document. */
static void test_record_max_matches_docs(void **state)
{
	(void)state;
	assert_int_equal(settings_record_max(&usrdtu_profile_gprs232), DOC_RECORD_MAX_GPRS232);
	assert_int_equal(settings_record_max(&usrdtu_profile_cat1), DOC_RECORD_MAX_CAT1);
	assert_int_equal(settings_record_max(&usrdtu_profile_g781), DOC_RECORD_MAX_G781);
	assert_int_equal(settings_record_max(&usrdtu_profile_m0), DOC_RECORD_MAX_M0);
	assert_true(settings_record_max(&usrdtu_profile_cat1) <= MOCK_SLOT_SIZE);
}

/* The bytes themselves: the same on any host byte order. */
static void test_encoding_is_fixed(void **state)
{
	struct usrdtu_settings a;
	uint16_t key = settings_key("REGID");
	uint16_t key_uart = settings_key("UART");
	const uint8_t *h = m.flash[0];
	uint32_t crc;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	settings_factory(&usrdtu_profile_gprs232, &a);
	a.reg_id = 0x00010000u;
	a.uart.data_bits = 7;
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	assert_int_equal(dev.store_slot, 0);
	assert_memory_equal(h, "\x55\x44\x01\x01\x01\x00\x00\x00\x12\x00\x00\x00", 12);
	/* in table order: REGID, then UART, whose data bits are parameter 2 */
	assert_int_equal(h[16], (uint8_t)key);
	assert_int_equal(h[17], (uint8_t)(key >> 8));
	assert_memory_equal(h + 18, "\x00\x04\x00\x00\x00\x01\x00", 7);
	assert_int_equal(h[25], (uint8_t)key_uart);
	assert_int_equal(h[26], (uint8_t)(key_uart >> 8));
	assert_memory_equal(h + 27, "\x02\x04\x00\x07\x00\x00\x00", 7);
	crc = store_crc32(store_crc32(0, h, 12), h + 16, 18);
	assert_int_equal(h[12] | h[13] << 8 | h[14] << 16 | (uint32_t)h[15] << 24, crc);
	/* the rest of the last 16-byte block is left erased */
	assert_int_equal(h[34], 0xFF);
	assert_int_equal(h[47], 0xFF);
}

/* Loading defends against CRC-valid records another firmware wrote. */
static void test_foreign_entries(void **state)
{
	struct usrdtu_settings out, factory;
	uint8_t body[256];
	uint16_t n = 0, k;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	settings_factory(&usrdtu_profile_gprs232, &factory);
#define ENTRY(name, index, len)                      \
	do {                                         \
		k = settings_key(name);              \
		body[n++] = (uint8_t)k;              \
		body[n++] = (uint8_t)(k >> 8);       \
		body[n++] = (index);                 \
		body[n++] = (uint8_t)(len);          \
		body[n++] = (uint8_t)((len) >> 8);   \
	} while (0)
#define BYTES(...)                                                  \
	do {                                                        \
		const uint8_t b_[] = {__VA_ARGS__};                 \
		memcpy(body + n, b_, sizeof b_);                    \
		n = (uint16_t)(n + sizeof b_);                      \
	} while (0)
	ENTRY("NOSUCHROW", 0, 3);
	BYTES(1, 2, 3);
	ENTRY("REGID", 0, 4); /* 70000 > 65536 */
	BYTES(0x70, 0x11, 0x01, 0x00);
	ENTRY("WKMOD", 0, 1); /* no such mode */
	BYTES(9);
	ENTRY("E", 0, 2); /* an enum is one byte */
	BYTES(0, 0);
	ENTRY("STMSG", 0, 3); /* a NUL inside */
	BYTES('a', 0, 'b');
	ENTRY("SOCKA", 2, 4); /* a port wider than its field */
	BYTES(0x00, 0x00, 0x01, 0x00);
	ENTRY("SOCKA", 7, 1); /* no such parameter */
	BYTES(1);
	ENTRY("UART", 0, 4); /* 600 baud is not in gprs232's list */
	BYTES(0x58, 0x02, 0, 0);
	ENTRY("HEARTDT", 0, 41); /* one byte over the limit */
	memset(body + n, 0xAB, 41);
	n = (uint16_t)(n + 41);
	ENTRY("CMDPW", 0, 3); /* good */
	BYTES('a', 'b', 'c');
	ENTRY("RSTIM", 0, 2); /* a shorter integer is fine */
	BYTES(77, 0);
	ENTRY("SOCKB", 2, 1); /* and so is a one-byte port */
	BYTES(99);
	ENTRY("SOCKRSTIM", 0, 4); /* an alias row is not where it is stored */
	BYTES(5, 0, 0, 0);
	ENTRY("PING", 0, 2); /* nor an action's argument */
	BYTES('x', 'y');
	ENTRY("DSTNUM", 0, 3); /* good, after all of the above */
	BYTES('+', '1', '2');
	assert_true(n <= sizeof body);
	write_raw(0, 1, 1, 5, body, n, NULL, 0);

	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_string_equal(out.cmd_password, "abc");
	assert_int_equal(out.no_data_restart_s, 77);
	assert_int_equal(out.sock[1].port, 99);
	assert_string_equal(out.sms_number, "+12");
	factory.no_data_restart_s = 77;
	factory.sock[1].port = 99;
	SET_TEXT(factory.cmd_password, "abc");
	SET_TEXT(factory.sms_number, "+12");
	assert_settings_equal(&out, &factory);

	/* a uint8 field must not take a value that only its low byte fits */
	n = 0;
	ENTRY("UART", 2, 4);
	BYTES(8, 1, 0, 0);
	write_raw(0, 1, 1, 6, body, n, body, n);
	assert_int_equal(settings_load_user(&dev, &out), 0);
	assert_int_equal(out.uart.data_bits, 8);

	/* an entry running past its section: the record's author is broken,
	 * nothing of it is used */
	n = 0;
	ENTRY("CMDPW", 0, 3);
	BYTES('x', 'y', 'z');
	ENTRY("STMSG", 0, 10);
	BYTES('a', 'b');
	write_raw(0, 1, 1, 7, body, n, NULL, 0);
	memset(&out, 0x77, sizeof out);
	assert_int_equal(settings_load_saved(&dev, &out), USRDTU_ERR_CORRUPT);
	settings_factory(&usrdtu_profile_gprs232, &factory);
	assert_settings_equal(&out, &factory);

	/* another format version is not read at all */
	n = 0;
	ENTRY("CMDPW", 0, 3);
	BYTES('x', 'y', 'z');
	write_raw(0, 2, 1, 8, body, n, NULL, 0);
	assert_int_equal(settings_load_saved(&dev, &out), USRDTU_ERR_NOENT);
	assert_settings_equal(&out, &factory);
#undef ENTRY
#undef BYTES
}

/* Unknown entries of a section a save keeps (NULL) are kept too: a newer
 * firmware's settings survive a round through an older one. */
static void test_null_section_copies_bytes(void **state)
{
	struct usrdtu_settings a;
	uint8_t body[] = {0x34, 0x12, 0, 3, 0, 'n', 'e', 'w'};

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	write_raw(0, 1, 1, 41, NULL, 0, body, sizeof body);
	values_gprs232(&a, 3);
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	assert_int_equal(dev.store_slot, 1);
	assert_int_equal(record_seq(1), 42);
	assert_int_equal(m.flash[1][10], sizeof body);
	assert_int_equal(m.flash[1][11], 0);
	assert_memory_equal(m.flash[1] + record_length(1) - sizeof body, body, sizeof body);
}

static uint32_t new_record_length;

/* Writes the old state, snapshots the flash, then cuts the power at every
 * unit of a save of new_saved; returns the number of cuts. */
static unsigned cut_everywhere(const struct usrdtu_settings *old_saved,
			       const struct usrdtu_settings *old_user,
			       const struct usrdtu_settings *new_saved,
			       const struct usrdtu_settings *third)
{
	static uint8_t snapshot[2][MOCK_SLOT_SIZE];
	struct usrdtu_settings out;
	unsigned cuts = 0;
	int seen_new = 0;
	long budget;

	memcpy(snapshot, m.flash, sizeof snapshot);
	for (budget = 0;; budget++) {
		int r, done;

		memcpy(m.flash, snapshot, sizeof snapshot);
		m.power_cut = 0;
		m.power_budget = budget;
		r = settings_save(&dev, new_saved, NULL);
		done = r == 0 && m.power_budget > 0;
		if (!done)
			cuts++;
		m.power_cut = 0;
		m.power_budget = -1;

		/* the reboot */
		dev.store_valid = 0;
		assert_int_equal(settings_load_saved(&dev, &out), 0);
		if (memcmp(&out, new_saved, sizeof out) == 0) {
			seen_new = 1;
		} else {
			if (memcmp(&out, old_saved, sizeof out) != 0)
				fail_msg("budget %ld: neither old nor new", budget);
			/* once committed, a record stays committed */
			assert_false(seen_new);
			/* the mock's reads cost nothing: a failed save never committed */
			assert_int_not_equal(r, 0);
		}
		if (r == 0)
			assert_true(seen_new);
		if (done)
			new_record_length = record_length(dev.store_slot);
		assert_int_equal(settings_load_user(&dev, &out), 0);
		assert_settings_equal(&out, old_user);

		/* and the device goes on saving after the cut */
		assert_int_equal(settings_save(&dev, third, NULL), 0);
		assert_int_equal(settings_load_saved(&dev, &out), 0);
		assert_settings_equal(&out, third);
		assert_int_equal(settings_load_user(&dev, &out), 0);
		assert_settings_equal(&out, old_user);
		if (done)
			break;
	}
	assert_true(seen_new);
	return cuts;
}

/* (b) Power lost at every byte of every write and at the erase. */
static void test_power_cut_everywhere(void **state)
{
	static struct usrdtu_settings old_saved, old_user, new_saved, third, factory;
	unsigned cuts1, cuts2;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	settings_factory(&usrdtu_profile_gprs232, &factory);
	values_gprs232(&old_saved, 4);
	values_gprs232(&old_user, 5);
	values_gprs232(&new_saved, 6);
	/* new differs from old in many places, including lengths */
	SET_TEXT(new_saved.start_message, "x");
	set_hex(new_saved.reg_data, sizeof new_saved.reg_data, 3, 9);
	new_saved.sock[2].enabled = 0;
	values_gprs232(&third, 8);
	assert_all_valid(&usrdtu_profile_gprs232, &new_saved);
	assert_true(memcmp(&old_saved, &factory, sizeof factory) != 0);
	assert_true(memcmp(&old_saved, &new_saved, sizeof factory) != 0);

	/* one valid slot: the save goes to the empty one */
	assert_int_equal(settings_save(&dev, &old_saved, &old_user), 0);
	cuts1 = cut_everywhere(&old_saved, &old_user, &new_saved, &third);

	/* both slots valid: the save overwrites the older one */
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	assert_int_equal(settings_save(&dev, &third, &old_user), 0);
	assert_int_equal(settings_save(&dev, &old_saved, NULL), 0);
	assert_int_equal(dev.store_slot, 1);
	cuts2 = cut_everywhere(&old_saved, &old_user, &new_saved, &third);

	print_message("power cuts: %u from one valid slot, %u from two (record %u bytes)\n", cuts1,
		      cuts2, (unsigned)new_record_length);
	assert_true(cuts1 > 1000);
}

/* (c) Any single bit flipped in the newest record: the other slot wins. */
static void test_bit_flips(void **state)
{
	static struct usrdtu_settings old_saved, old_user, new_saved, new_user, out;
	uint32_t len, bit;
	unsigned newest, older;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	values_gprs232(&old_saved, 10);
	values_gprs232(&old_user, 11);
	values_gprs232(&new_saved, 12);
	values_gprs232(&new_user, 13);
	assert_int_equal(settings_save(&dev, &old_saved, &old_user), 0);
	assert_int_equal(settings_save(&dev, &new_saved, &new_user), 0);
	newest = dev.store_slot;
	older = newest ^ 1u;
	len = record_length(newest);
	for (bit = 0; bit < len * 8u; bit++) {
		m.flash[newest][bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
		assert_int_equal(settings_load_saved(&dev, &out), 0);
		if (memcmp(&out, &old_saved, sizeof out) != 0)
			fail_msg("bit %u of the newest record went unnoticed", (unsigned)bit);
		assert_int_equal(dev.store_slot, older);
		assert_int_equal(settings_load_user(&dev, &out), 0);
		assert_settings_equal(&out, &old_user);
		m.flash[newest][bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
	}
	/* bits of the older record do not matter while the newest is good */
	len = record_length(older);
	for (bit = 0; bit < len * 8u; bit += 7u) {
		m.flash[older][bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
		assert_int_equal(settings_load_saved(&dev, &out), 0);
		assert_settings_equal(&out, &new_saved);
		m.flash[older][bit / 8u] ^= (uint8_t)(1u << (bit % 8u));
	}
	/* both broken: factory */
	m.flash[0][20] ^= 1;
	m.flash[1][20] ^= 1;
	assert_int_equal(settings_load_saved(&dev, &out), USRDTU_ERR_NOENT);
	settings_factory(&usrdtu_profile_gprs232, &old_saved);
	assert_settings_equal(&out, &old_saved);
	assert_int_equal(dev.store_valid, 0);
}

/* (d) A record of another profile is not ours, whatever its sequence. */
static void test_other_profile_ignored(void **state)
{
	struct usrdtu_settings g, z, out, factory;

	(void)state;
	setup(&usrdtu_profile_m0, &mock_hal_ops);
	settings_factory(&usrdtu_profile_m0, &z);
	z.dns[0] = 9;
	SET_TEXT(z.module_name, "other");
	assert_int_equal(settings_save(&dev, &z, &z), 0);
	assert_int_equal(settings_save(&dev, &z, &z), 0);
	assert_int_equal(dev.store_slot, 1);
	patch_seq(1, 1000);

	reboot_as(&usrdtu_profile_gprs232);
	settings_factory(&usrdtu_profile_gprs232, &factory);
	assert_int_equal(settings_load_saved(&dev, &out), USRDTU_ERR_NOENT);
	assert_settings_equal(&out, &factory);
	assert_int_equal(settings_load_user(&dev, &out), USRDTU_ERR_NOENT);
	assert_settings_equal(&out, &factory);

	/* its own record beside the foreign one wins despite a lower sequence */
	values_gprs232(&g, 1);
	assert_int_equal(settings_save(&dev, &g, NULL), 0);
	assert_int_equal(dev.store_slot, 0);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &g);
	assert_int_equal(settings_load_user(&dev, &out), 0); /* NULL kept nothing: factory */
	assert_settings_equal(&out, &factory);

	/* and the m0 finds its own record again */
	reboot_as(&usrdtu_profile_m0);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &z);
	assert_int_equal(dev.store_seq, 1000);
}

/* (e) The sequence number wraps from 0xFFFFFFFF to 0 and 0 is newer. */
static void test_sequence_wrap(void **state)
{
	struct usrdtu_settings a, b, c, out;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	values_gprs232(&a, 1);
	values_gprs232(&b, 2);
	values_gprs232(&c, 3);
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	patch_seq(0, 0xFFFFFFFEu);
	assert_int_equal(settings_save(&dev, &b, NULL), 0);
	assert_int_equal(dev.store_slot, 1);
	assert_int_equal(record_seq(1), 0xFFFFFFFFu);
	assert_int_equal(settings_save(&dev, &c, NULL), 0);
	assert_int_equal(dev.store_slot, 0);
	assert_int_equal(record_seq(0), 0);
	dev.store_valid = 0;
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &c);
	assert_int_equal(dev.store_seq, 0);
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	assert_int_equal(dev.store_slot, 1);
	assert_int_equal(record_seq(1), 1);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &a);

	/* order does not depend on the slot: 0xFFFFFFFF in slot 1, 0 in slot 0 */
	patch_seq(1, 0xFFFFFFFFu);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &c);
	assert_int_equal(dev.store_slot, 0);
	/* a power cut right after the wrap still finds the older record */
	m.power_budget = 40;
	assert_true(settings_save(&dev, &b, NULL) < 0);
	m.power_cut = 0;
	m.power_budget = -1;
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &c);
}

/* (f) A record larger than the slot is refused before anything is erased. */
static void test_no_space(void **state)
{
	static uint8_t before[2][MOCK_SLOT_SIZE];
	struct usrdtu_hal small = mock_hal_ops;
	struct usrdtu_settings a, big, out;
	unsigned erases, writes;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_ops);
	small.flash_slot_size = 64;
	dev.hal = &small;
	settings_factory(&usrdtu_profile_gprs232, &a);
	SET_TEXT(a.cmd_password, "x");
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	SET_TEXT(a.cmd_password, "y");
	assert_int_equal(settings_save(&dev, &a, &a), 0);
	assert_int_equal(record_length(1), 16 + 2 * 6);
	memcpy(before, m.flash, sizeof before);
	erases = m.erases;
	writes = m.writes;

	values_gprs232(&big, 1);
	assert_int_equal(settings_save(&dev, &big, NULL), USRDTU_ERR_NOSPC);
	assert_int_equal(settings_save(&dev, NULL, &big), USRDTU_ERR_NOSPC);
	assert_int_equal(dev.stats.store_failures, 2);
	assert_int_equal(dev.stats.store_writes, 2);
	assert_memory_equal(m.flash, before, sizeof before);
	assert_int_equal(m.erases, erases);
	assert_int_equal(m.writes, writes);
	assert_int_equal(settings_load_saved(&dev, &out), 0);
	assert_settings_equal(&out, &a);

	/* one byte short of a padded record is too small as well */
	small.flash_slot_size = store_record_size(2 * 6) - 1;
	assert_int_equal(settings_save(&dev, &a, &a), USRDTU_ERR_NOSPC);
	small.flash_slot_size = store_record_size(2 * 6);
	assert_int_equal(settings_save(&dev, &a, &a), 0);
}

/* (g) Without flash functions nothing is read, written or counted. */
static void test_no_flash(void **state)
{
	struct usrdtu_settings out, pattern, a;

	(void)state;
	setup(&usrdtu_profile_gprs232, &mock_hal_bare_ops);
	memset(&out, 0xA5, sizeof out);
	pattern = out;
	assert_int_equal(settings_load_saved(&dev, &out), USRDTU_ERR_NOTSUP);
	assert_memory_equal(&out, &pattern, sizeof out);
	assert_int_equal(settings_load_user(&dev, &out), USRDTU_ERR_NOTSUP);
	assert_memory_equal(&out, &pattern, sizeof out);
	values_gprs232(&a, 1);
	assert_int_equal(settings_save(&dev, &a, NULL), USRDTU_ERR_NOTSUP);
	assert_int_equal(settings_save(&dev, NULL, NULL), USRDTU_ERR_NOTSUP);
	assert_int_equal(dev.stats.store_failures, 0);
	assert_int_equal(dev.stats.store_writes, 0);
	assert_int_equal(m.erases + m.writes, 0);
}

/* ---- a HAL that checks every write, or breaks one ---- */

static int bad_write_at = -1; /* the nth write loses a bit; -2: the header's */
static int writes_seen;

static int checking_write(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	uint8_t copy[STORE_CHUNK];

	assert_int_equal(offset % STORE_CHUNK, 0);
	assert_int_equal(len, STORE_CHUNK);
	memcpy(copy, data, len);
	if (writes_seen++ == bad_write_at || (bad_write_at == -2 && offset == 0))
		copy[5] = (uint8_t)(copy[5] ^ 0x10); /* a stuck bit */
	return mock_hal_ops.flash_write(ctx, slot, offset, copy, len);
}

/* Every write is one aligned 16-byte block (flash with ECC units). */
static void test_writes_are_aligned_blocks(void **state)
{
	struct usrdtu_hal hal = mock_hal_ops;
	struct usrdtu_settings a, out;

	(void)state;
	hal.flash_write = checking_write;
	setup(&usrdtu_profile_cat1, &hal);
	bad_write_at = -1;
	writes_seen = 0;
	values_max(&usrdtu_profile_cat1, &a, 2);
	assert_int_equal(settings_save(&dev, &a, NULL), 0);
	assert_int_equal(settings_save(&dev, NULL, &a), 0);
	assert_int_equal((unsigned)writes_seen * STORE_CHUNK,
			 store_record_size(record_length(0) - 16) + store_record_size(record_length(1) - 16));
	assert_int_equal(settings_load_user(&dev, &out), 0);
	assert_settings_equal(&out, &a);
}

/* A write the flash did not take is caught by the read-back. */
static void test_verify_catches_bad_write(void **state)
{
	struct usrdtu_hal hal = mock_hal_ops;
	struct usrdtu_settings a, b, out;
	int n;

	(void)state;
	hal.flash_write = checking_write;
	for (n = 0; n < 8; n++) {
		setup(&usrdtu_profile_gprs232, &hal);
		values_gprs232(&a, 1);
		values_gprs232(&b, 2);
		bad_write_at = -1;
		assert_int_equal(settings_save(&dev, &a, NULL), 0);
		writes_seen = 0;
		/* the body's blocks are written first, the header last */
		bad_write_at = n == 7 ? -2 : n * 5;
		assert_int_equal(settings_save(&dev, &b, NULL), USRDTU_ERR_IO);
		assert_int_equal(dev.stats.store_failures, 1);
		assert_int_equal(dev.store_slot, 0);
		bad_write_at = -1;
		assert_int_equal(settings_load_saved(&dev, &out), 0);
		assert_settings_equal(&out, &a);
	}
	bad_write_at = -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32_check_value),
		cmocka_unit_test(test_keys_unique),
		cmocka_unit_test(test_fields_saved_once),
		cmocka_unit_test(test_factory),
		cmocka_unit_test(test_empty_flash_gives_factory),
		cmocka_unit_test(test_round_trip_gprs232),
		cmocka_unit_test(test_round_trip_m0_ipv4),
		cmocka_unit_test(test_round_trip_every_profile_max),
		cmocka_unit_test(test_record_max_matches_docs),
		cmocka_unit_test(test_encoding_is_fixed),
		cmocka_unit_test(test_foreign_entries),
		cmocka_unit_test(test_null_section_copies_bytes),
		cmocka_unit_test(test_power_cut_everywhere),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_other_profile_ignored),
		cmocka_unit_test(test_sequence_wrap),
		cmocka_unit_test(test_no_space),
		cmocka_unit_test(test_no_flash),
		cmocka_unit_test(test_writes_are_aligned_blocks),
		cmocka_unit_test(test_verify_catches_bad_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
