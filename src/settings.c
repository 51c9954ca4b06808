/*
 * The three copies of the settings: factory defaults from the command
 * table, and the saved settings and user defaults kept by store.c.
 *
 * A stored section is a delta against the factory defaults: one entry per
 * parameter whose value differs, named by a hash of its row's name and its
 * position in the row rather than by a field offset, so that a record
 * survives a firmware whose struct or table order changed. Values are
 * encoded byte by byte, never as native integers: a record reads the same
 * on any byte order. docs/storage.md describes the format.
 */
#include "engine.h"

#include <string.h>

#define ENTRY_HEAD 5 /* key (2), parameter index (1), value length (2) */

static const uint8_t section_ids[STORE_SECTIONS] = {0, 1};

/* Rows whose parameters are settings of their own: an alias shares another
 * row's fields. (An action's arguments have no field, size 0, and are
 * passed over parameter by parameter.) */
static int row_saved(const struct at_cmd *c)
{
	return !(c->flags & AT_CF_ALIAS);
}

/* Texts, host names and hex data: a run of bytes, their default given
 * as those bytes (hex data too, not as digits). */
static int is_bytes(const struct at_param *p)
{
	return p->type == AT_T_TEXT || p->type == AT_T_HOST || p->type == AT_T_HEX;
}

static const char *default_bytes(const struct at_param *p)
{
	return p->aux != NULL ? p->aux : "";
}

/* The most bytes a record holds for a value of p. */
static uint16_t value_room(const struct at_param *p)
{
	switch (p->type) {
	case AT_T_UINT:
		return 4;
	case AT_T_HEX:
		return (uint16_t)(p->size - 2u); /* after the length */
	case AT_T_TEXT:
	case AT_T_HOST:
		return (uint16_t)(p->size - 1u); /* before the NUL */
	default:
		return p->size; /* ENUM one byte, IPV4 four */
	}
}

/* The bytes a record holds for p's value in s. A number is always four
 * bytes, least significant first, whatever the field's width (a later
 * firmware may widen the field); an IPv4 address is its field, already in
 * network order; hex data goes without its length. */
static uint16_t value_of(const struct at_param *p, const struct usrdtu_settings *s, uint8_t num[4],
			 const uint8_t **value)
{
	const uint8_t *f = (const uint8_t *)s + p->offset;
	uint32_t v;

	*value = f;
	switch (p->type) {
	case AT_T_UINT:
		v = param_get_uint(p, s);
		num[0] = (uint8_t)v;
		num[1] = (uint8_t)(v >> 8);
		num[2] = (uint8_t)(v >> 16);
		num[3] = (uint8_t)(v >> 24);
		*value = num;
		return 4;
	case AT_T_HEX:
		*value = f + 2;
		return usrdtu_hex_len(f);
	case AT_T_TEXT:
	case AT_T_HOST:
		return (uint16_t)text_length((const char *)f, p->size);
	default:
		return p->size;
	}
}

void param_default(const struct at_param *p, struct usrdtu_settings *s)
{
	const char *def = is_bytes(p) ? default_bytes(p) : "";
	struct at_arg arg;

	/* param_store only reads the text */
	arg.text = (uint8_t *)def;
	arg.len = (uint16_t)strlen(def);
	arg.kind = 0;
	param_store(p, s, &arg, at_param_def(p));
}

int param_is_default(const struct at_param *p, const struct usrdtu_settings *s)
{
	const uint8_t *value;
	uint8_t num[4];
	uint16_t len = value_of(p, s, num, &value);

	if (is_bytes(p)) {
		const char *def = default_bytes(p);

		return len == strlen(def) && memcmp(value, def, len) == 0;
	}
	if (p->type == AT_T_IPV4)
		return ((uint32_t)value[0] << 24 | (uint32_t)value[1] << 16 | (uint32_t)value[2] << 8 |
			value[3]) == at_param_def(p);
	/* an enum's field is one byte, read as a number */
	return param_get_uint(p, s) == at_param_def(p);
}

/* A walk over the saved parameters of a profile, in table order. */
struct saved_walk {
	uint16_t row;
	uint8_t index; /* of the next parameter in the row */
};

/* The next saved parameter, or NULL after the last; it is parameter
 * w->index - 1 of row w->row. */
static const struct at_param *next_saved(const struct usrdtu_profile *profile, struct saved_walk *w)
{
	while (w->row < profile->ncmds) {
		const struct at_cmd *c = &profile->cmds[w->row];

		if (row_saved(c) && w->index < c->nparams) {
			const struct at_param *p = &c->params[w->index++];

			if (p->size != 0)
				return p;
		} else {
			w->row++;
			w->index = 0;
		}
	}
	return NULL;
}

void settings_factory(const struct usrdtu_profile *profile, struct usrdtu_settings *s)
{
	struct saved_walk w = {0, 0};
	const struct at_param *p;

	/* Zeroed first so that padding and unused tails compare equal. */
	memset(s, 0, sizeof *s);
	while ((p = next_saved(profile, &w)) != NULL)
		param_default(p, s);
	if (profile->factory_extra != NULL)
		profile->factory_extra(s);
}

/* 16-bit FNV-1a (the 32-bit hash folded): stable across builds and byte
 * orders, and tests/test_store.c checks it is unique in every table. */
uint16_t settings_key(const char *name)
{
	uint32_t h = 2166136261u;

	while (*name != 0) {
		h ^= (uint8_t)*name++;
		h *= 16777619u;
	}
	return (uint16_t)((h >> 16) ^ h);
}

/* The longest value a valid setting of p encodes to. */
static uint32_t value_max(const struct at_param *p)
{
	uint32_t room = value_room(p);

	return is_bytes(p) && at_param_max(p) < room ? at_param_max(p) : room;
}

uint32_t settings_record_max(const struct usrdtu_profile *profile)
{
	struct saved_walk w = {0, 0};
	const struct at_param *p;
	uint32_t section = 0;

	while ((p = next_saved(profile, &w)) != NULL)
		section += ENTRY_HEAD + value_max(p);
	return store_record_size(STORE_SECTIONS * section);
}

/* ---- writing ---- */

static void put_entry(struct store_writer *w, uint16_t key, uint8_t index, const struct at_param *p,
		      const struct usrdtu_settings *s)
{
	uint8_t head[ENTRY_HEAD], num[4];
	const uint8_t *value;
	uint16_t len = value_of(p, s, num, &value);

	head[0] = (uint8_t)key;
	head[1] = (uint8_t)(key >> 8);
	head[2] = index;
	head[3] = (uint8_t)len;
	head[4] = (uint8_t)(len >> 8);
	store_put(w, head, sizeof head);
	store_put(w, value, len);
}

/* An invalid value is left out like a default one: loading would replace
 * it by the default anyway, and leaving it out keeps every record within
 * settings_record_max(). */
static void put_section(struct store_writer *w, const void *arg)
{
	const struct usrdtu_settings *s = arg;
	const struct usrdtu_profile *profile = w->dev->profile;
	struct saved_walk walk = {0, 0};
	const struct at_param *p;

	while ((p = next_saved(profile, &walk)) != NULL) {
		if (!param_is_default(p, s) && param_is_valid(profile, p, s))
			put_entry(w, settings_key(profile->cmds[walk.row].name), (uint8_t)(walk.index - 1u), p, s);
	}
}

/* Copies a section of the newest record byte for byte, entries this
 * firmware does not know included; nothing if there is no record. */
static void copy_section(struct store_writer *w, const void *arg)
{
	struct store_reader rd;
	uint8_t buf[32];

	if (store_section(w->dev, *(const uint8_t *)arg, &rd) < 0)
		return;
	while (rd.pos < rd.end && w->err == 0) {
		uint32_t left = rd.end - rd.pos;
		size_t n = left < sizeof buf ? (size_t)left : sizeof buf;
		int r = store_get(w->dev, &rd, buf, n);

		if (r < 0) {
			w->err = r;
			return;
		}
		store_put(w, buf, n);
	}
}

/* A section with no entries: every value at its factory default. */
static void empty_section(struct store_writer *w, const void *arg)
{
	(void)w;
	(void)arg;
}

static int save_with(struct usrdtu *dev, store_section_fn saved_fn, const void *saved_arg,
		     store_section_fn user_fn, const void *user_arg)
{
	store_section_fn fn[STORE_SECTIONS];
	const void *arg[STORE_SECTIONS];
	int r;

	fn[0] = saved_fn;
	arg[0] = saved_arg;
	fn[1] = user_fn;
	arg[1] = user_arg;
	r = store_write(dev, fn, arg);
	if (r == 0)
		dev->stats.store_writes++;
	else if (r != USRDTU_ERR_NOTSUP)
		dev->stats.store_failures++;
	return r;
}

int settings_save_user_as_saved(struct usrdtu *dev)
{
	return save_with(dev, copy_section, &section_ids[1], copy_section, &section_ids[1]);
}

int settings_save_factory(struct usrdtu *dev)
{
	return save_with(dev, empty_section, NULL, empty_section, NULL);
}

int settings_save(struct usrdtu *dev, const struct usrdtu_settings *saved,
		  const struct usrdtu_settings *user)
{
	return save_with(dev, saved != NULL ? put_section : copy_section,
			 saved != NULL ? (const void *)saved : &section_ids[0],
			 user != NULL ? put_section : copy_section,
			 user != NULL ? (const void *)user : &section_ids[1]);
}

/* ---- applying a validated set ---- */

static void commit_set(const struct at_cmd *cmd, const struct at_call *call,
		       struct usrdtu_settings *s)
{
	uint8_t nothing = 0;
	const struct at_arg empty = {&nothing, 0, 0};
	uint8_t i;

	for (i = 0; i < cmd->nparams; i++) {
		const struct at_param *p = &cmd->params[i];

		if (i < call->argc)
			param_store(p, s, &call->argv[i], call->value[i]);
		else if (p->flags & AT_PF_LIST) /* list members left out are emptied */
			param_store(p, s, &empty, 0);
		/* other parameters left out keep their value */
	}
}

/* Copies the fields a set will write to spare (or back from it). */
static int stash_fields(const struct at_cmd *cmd, struct usrdtu_settings *s, uint8_t *spare,
			size_t room, int restore)
{
	size_t used = 0;
	uint8_t i;

	for (i = 0; i < cmd->nparams; i++) {
		const struct at_param *p = &cmd->params[i];
		uint8_t *field = (uint8_t *)s + p->offset;

		if (used + p->size > room)
			return 0;
		if (restore)
			memcpy(field, spare + used, p->size);
		else
			memcpy(spare + used, field, p->size);
		used += p->size;
	}
	return 1;
}

/* A set in a profile without AT+S: stored and saved at once; when the
 * save fails the set is undone and nothing changes. */
ENGINE_COLD_PATH static int commit_and_save(struct usrdtu *dev, const struct at_cmd *cmd, const struct at_call *call)
{
	int stashed = call->spare != NULL && stash_fields(cmd, &dev->pending, call->spare, call->spare_len, 0);
	int r;

	commit_set(cmd, call, &dev->pending);
	r = settings_save(dev, &dev->pending, NULL);
	if (r != 0 && r != USRDTU_ERR_NOTSUP) {
		if (stashed)
			stash_fields(cmd, &dev->pending, call->spare, call->spare_len, 1);
		else
			settings_load_saved(dev, &dev->pending); /* the record is the old one */
		return -AT_E_EXEC;
	}
	return 0;
}

/* Stores a validated set. The save-at-once path is a function of its own
 * so that the usual set does not pay for its registers. */
int settings_apply_set(struct usrdtu *dev, const struct at_cmd *cmd, const struct at_call *call)
{
	if (!(dev->profile->flags & AT_P_SAVE_AT_ONCE))
		commit_set(cmd, call, &dev->pending);
	else if (commit_and_save(dev, cmd, call) != 0)
		return -AT_E_EXEC;
	if (cmd->flags & AT_CF_NOW)
		commit_set(cmd, call, &dev->active);
	return AT_R_OK;
}

/* ---- reading ---- */

/* The saved parameter an entry names, searching on from the row of the
 * previous entry: entries come in table order, so this is one step. */
static const struct at_param *find_param(const struct usrdtu_profile *profile, uint16_t key,
					 uint8_t index, uint16_t *row)
{
	uint16_t n;

	for (n = 0; n < profile->ncmds; n++) {
		const struct at_cmd *c = &profile->cmds[*row];

		if (row_saved(c) && index < c->nparams && c->params[index].size != 0 &&
		    settings_key(c->name) == key)
			return &c->params[index];
		*row = (uint16_t)(*row + 1u < profile->ncmds ? *row + 1u : 0u);
	}
	return NULL;
}

/* Reads one value (len bytes) into its field. A value of the wrong length
 * is passed over; one that breaks the parameter's rules (a record from
 * another firmware version can pass its CRC) becomes the factory default. */
static int get_value(struct usrdtu *dev, struct store_reader *rd, const struct at_param *p,
		     uint16_t len, struct usrdtu_settings *out)
{
	uint8_t *f = (uint8_t *)out + p->offset;
	uint8_t num[4] = {0, 0, 0, 0};
	uint8_t *dst = f;
	uint32_t v;
	int ok = 1, r;

	/* enums and addresses have one length; numbers, texts and hex data
	 * may be shorter than the room */
	if (len > value_room(p) || (len != value_room(p) && (p->type == AT_T_ENUM || p->type == AT_T_IPV4)))
		return store_get(dev, rd, NULL, len); /* the default stays */
	memset(f, 0, p->size);
	if (p->type == AT_T_UINT)
		dst = num;
	if (p->type == AT_T_HEX) {
		f[0] = (uint8_t)len;
		f[1] = (uint8_t)(len >> 8);
		dst = f + 2;
	}
	r = store_get(dev, rd, dst, len);
	if (r < 0)
		return r;
	if (p->type == AT_T_UINT) {
		v = (uint32_t)num[3] << 24 | (uint32_t)num[2] << 16 | (uint32_t)num[1] << 8 | num[0];
		/* too wide for the field: truncating would invent a value */
		ok = p->size >= 4 || (v >> (8u * p->size)) == 0;
		param_set_uint(p, out, v);
	} else if (p->type == AT_T_TEXT || p->type == AT_T_HOST) {
		/* a NUL inside would hide the rest of the value */
		ok = text_length((const char *)f, p->size) == len;
	}
	if (!ok || !param_is_valid(dev->profile, p, out))
		param_default(p, out);
	return 0;
}

static int apply_section(struct usrdtu *dev, unsigned section, struct usrdtu_settings *out)
{
	struct store_reader rd;
	uint16_t row = 0;
	int r = store_section(dev, section, &rd);

	while (r == 0 && rd.pos < rd.end) {
		uint8_t head[ENTRY_HEAD];
		const struct at_param *p;
		uint16_t key, len;

		r = store_get(dev, &rd, head, sizeof head);
		if (r < 0)
			break;
		key = (uint16_t)((uint16_t)head[1] << 8 | head[0]);
		len = (uint16_t)((uint16_t)head[4] << 8 | head[3]);
		p = find_param(dev->profile, key, head[2], &row);
		/* an entry this firmware does not know: a newer one wrote it */
		r = p != NULL ? get_value(dev, &rd, p, len, out) : store_get(dev, &rd, NULL, len);
	}
	return r;
}

static int load(struct usrdtu *dev, unsigned section, struct usrdtu_settings *out)
{
	int r = store_open(dev);

	if (r == USRDTU_ERR_NOTSUP)
		return r;
	settings_factory(dev->profile, out);
	if (r < 0)
		return r;
	r = apply_section(dev, section, out);
	if (r < 0) {
		/* half a section applied would be a mix of two settings */
		settings_factory(dev->profile, out);
	}
	return r;
}

int settings_load_saved(struct usrdtu *dev, struct usrdtu_settings *out)
{
	return load(dev, 0, out);
}

int settings_load_user(struct usrdtu *dev, struct usrdtu_settings *out)
{
	return load(dev, 1, out);
}
