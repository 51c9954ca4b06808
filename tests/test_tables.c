/*
 * The command tables themselves: every name of every manual is there and
 * nothing else, rows are sorted for the binary search, every factory default
 * passes its own validation, every field is big enough for its longest
 * value, and the line buffer holds the longest valid line of each profile.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "manual_names_cat1.h"
#include "manual_names_g781.h"
#include "manual_names_gprs232.h"
#include "manual_names_m0.h"

struct manual {
	const struct usrdtu_profile *profile;
	const char *const *names;
	size_t count;
	const char *const *extra; /* rows that are documented aliases, not manual names */
};

static const char *const no_extra[] = {NULL};
static const char *const m0_extra[] = {"NETP", NULL}; /* 003's SOCK format line says AT+NETP */

static const struct manual manuals[] = {
	{&usrdtu_profile_gprs232, manual_names_gprs232, MANUAL_NAMES_GPRS232_COUNT, no_extra},
	{&usrdtu_profile_cat1, manual_names_cat1, MANUAL_NAMES_CAT1_COUNT, no_extra},
	{&usrdtu_profile_g781, manual_names_g781, MANUAL_NAMES_G781_COUNT, no_extra},
	{&usrdtu_profile_m0, manual_names_m0, MANUAL_NAMES_M0_COUNT, m0_extra},
};

#define PROFILES (sizeof manuals / sizeof manuals[0])

/* Every row of every profile, one at a time:
 *	struct row_walk w = {0};
 *	while (next_row(&w))
 *		... w.prof, w.cmd ... */
struct row_walk {
	size_t profile; /* index in manuals[] */
	uint16_t row;   /* the next row's index */
	const struct usrdtu_profile *prof;
	const struct at_cmd *cmd;
};

static int next_row(struct row_walk *w)
{
	for (; w->profile < PROFILES; w->profile++, w->row = 0) {
		const struct usrdtu_profile *prof = manuals[w->profile].profile;

		if (w->row < prof->ncmds) {
			w->prof = prof;
			w->cmd = &prof->cmds[w->row++];
			return 1;
		}
	}
	return 0;
}

static void test_rows_sorted(void **state)
{
	size_t p;
	uint16_t i;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;

		for (i = 1; i < prof->ncmds; i++) {
			if (strcmp(prof->cmds[i - 1].name, prof->cmds[i].name) >= 0)
				fail_msg("%s: %s before %s", prof->name, prof->cmds[i - 1].name,
					 prof->cmds[i].name);
		}
	}
}

static void test_every_manual_name_is_a_row(void **state)
{
	size_t p, n;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct manual *m = &manuals[p];

		assert_true(m->count > 10);
		for (n = 0; n < m->count; n++) {
			const char *name = m->names[n];

			if (dispatch_find(m->profile, (const uint8_t *)name, strlen(name)) == NULL)
				fail_msg("%s: AT+%s of the manual has no row", m->profile->name, name);
		}
	}
}

static int listed(const char *const *list, size_t count, const char *name)
{
	size_t i;

	for (i = 0; i < count && list[i] != NULL; i++) {
		if (strcmp(list[i], name) == 0)
			return 1;
	}
	return 0;
}

static void test_every_row_is_in_the_manual(void **state)
{
	size_t p;
	uint16_t i;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct manual *m = &manuals[p];

		for (i = 0; i < m->profile->ncmds; i++) {
			const char *name = m->profile->cmds[i].name;

			if (!listed(m->names, m->count, name) && !listed(m->extra, 8, name))
				fail_msg("%s: row AT+%s is not in the manual", m->profile->name, name);
		}
	}
}

static void test_factory_defaults_are_valid(void **state)
{
	static struct usrdtu_settings s;
	size_t p;
	uint16_t i;
	uint8_t k;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;

		settings_factory(prof, &s);
		for (i = 0; i < prof->ncmds; i++) {
			const struct at_cmd *cmd = &prof->cmds[i];

			if (at_cmd_args(cmd))
				continue;
			for (k = 0; k < cmd->nparams; k++) {
				if (!param_is_valid(prof, &cmd->params[k], &s))
					fail_msg("%s: default of AT+%s parameter %u is invalid", prof->name,
						 cmd->name, k + 1);
				if (!param_is_default(&cmd->params[k], &s))
					fail_msg("%s: AT+%s parameter %u: two rows give the field different defaults",
						 prof->name, cmd->name, k + 1);
			}
		}
	}
}

/* params_parse() takes a set with fewer arguments than parameters only
 * where the first one left out is optional, so every one after an optional
 * parameter must be optional too. */
static void test_optional_parameters_come_last(void **state)
{
	const uint8_t optional = AT_PF_OPTIONAL | AT_PF_LIST;
	struct row_walk w = {0};
	uint8_t k;

	(void)state;
	while (next_row(&w)) {
		for (k = 1; k < w.cmd->nparams; k++) {
			if ((w.cmd->params[k - 1].flags & optional) && !(w.cmd->params[k].flags & optional))
				fail_msg("%s: AT+%s parameter %u is required after an optional one", w.prof->name,
					 w.cmd->name, k + 1);
		}
	}
}

/* The validator reads a number of ten digits or more (leading zeros aside)
 * as UINT32_MAX instead of checking each digit for an overflow: no
 * parameter may allow a value of ten digits. */
static void test_numbers_allowed_have_at_most_nine_digits(void **state)
{
	const uint32_t limit = 999999999u;
	struct row_walk w = {0};
	uint8_t k, v;

	(void)state;
	while (next_row(&w)) {
		for (k = 0; k < w.cmd->nparams; k++) {
			const struct at_param *pa = &w.cmd->params[k];
			int ok = 1;

			if (pa->type != AT_T_UINT)
				continue;
			if (pa->aux != NULL && !(pa->flags & AT_PF_WIDE)) {
				const struct at_uint_set *set = pa->aux;

				for (v = 0; v < set->count; v++)
					ok = ok && set->values[v] <= limit;
			} else {
				ok = at_param_max(pa) <= limit;
			}
			if (!ok)
				fail_msg("%s: AT+%s parameter %u allows a ten-digit number", w.prof->name,
					 w.cmd->name, k + 1);
		}
	}
}

/* The validator tests a number or a length against its limits with one
 * unsigned compare, v - min <= max - min, which needs min <= max. */
static void test_limits_are_ordered(void **state)
{
	struct row_walk w = {0};
	uint8_t k;

	(void)state;
	while (next_row(&w)) {
		for (k = 0; k < w.cmd->nparams; k++) {
			const struct at_param *pa = &w.cmd->params[k];
			int ranged = pa->type == AT_T_TEXT || pa->type == AT_T_HOST || pa->type == AT_T_HEX ||
				     (pa->type == AT_T_UINT && (pa->aux == NULL || (pa->flags & AT_PF_WIDE)));

			if (ranged && at_param_min(pa) > at_param_max(pa))
				fail_msg("%s: AT+%s parameter %u has min > max", w.prof->name, w.cmd->name, k + 1);
		}
	}
}

static void test_fields_hold_their_longest_value(void **state)
{
	struct row_walk w = {0};
	uint8_t k;

	(void)state;
	while (next_row(&w)) {
		const struct usrdtu_profile *prof = w.prof;
		const struct at_cmd *cmd = w.cmd;

		assert_true(cmd->nparams <= AT_MAX_PARAMS);
		for (k = 0; k < cmd->nparams; k++) {
			const struct at_param *pa = &cmd->params[k];
			int ok = 1;

			if (at_cmd_args(cmd)) {
				assert_int_equal(pa->size, 0);
				continue;
			}
			assert_true((size_t)pa->offset + pa->size <= sizeof(struct usrdtu_settings));
			switch (pa->type) {
			case AT_T_TEXT:
			case AT_T_HOST:
				ok = at_param_max(pa) < pa->size;
				break;
			case AT_T_HEX:
				ok = at_param_max(pa) + 2 <= pa->size;
				break;
			case AT_T_UINT:
				ok = (pa->size == 1 || pa->size == 2 || pa->size == 4) &&
				     (pa->size == 4 || at_param_max(pa) < (1ul << (8 * pa->size)));
				if (pa->aux != NULL && !(pa->flags & AT_PF_WIDE)) {
					const struct at_uint_set *set = pa->aux;
					uint8_t v;

					for (v = 0; v < set->count; v++)
						ok = ok && (pa->size == 4 || set->values[v] < (1ul << (8 * pa->size)));
				}
				break;
			case AT_T_ENUM:
				ok = pa->size == 1;
				break;
			case AT_T_IPV4:
				ok = pa->size == 4;
				break;
			default:
				ok = 0;
			}
			if (!ok)
				fail_msg("%s: AT+%s parameter %u does not fit its field", prof->name, cmd->name,
					 k + 1);
		}
	}
}

/* Bytes of the longest line a host may validly send for a row. */
static size_t longest_line(const struct usrdtu_profile *prof, const struct at_cmd *cmd)
{
	size_t len = 3 + strlen(cmd->name) + 1 + 2; /* AT+ NAME = ... CR LF */
	uint8_t k, i;

	for (k = 0; k < cmd->nparams; k++) {
		const struct at_param *pa = &cmd->params[k];

		len += 1; /* comma */
		switch (pa->type) {
		case AT_T_HOST:
			len += 2 + at_param_max(pa);
			break;
		case AT_T_TEXT:
			/* every byte written as an escape: [XX], or <<CRLF>> per two bytes */
			len += 2 + at_param_max(pa) * ((prof->dialect->style & (AT_S_ESC_BRACKET | AT_S_ESC_CRLF)) ? 4 : 1);
			break;
		case AT_T_HEX:
			len += 2 + at_param_max(pa) * 2;
			break;
		case AT_T_ENUM: {
			const struct at_words *w = pa->aux;
			size_t longest = 0;

			for (i = 0; i < w->count; i++) {
				if (strlen(w->list[i].text) > longest)
					longest = strlen(w->list[i].text);
			}
			len += 2 + longest;
			break;
		}
		case AT_T_IPV4:
			len += 15;
			break;
		default:
			len += 10;
			break;
		}
	}
	return len;
}

static void test_line_buffer_holds_longest_valid_line(void **state)
{
	struct row_walk w = {0};
	size_t rows = 0, p;

	(void)state;
	assert_true(USRDTU_CFG_LINE_MAX >= 512);
	while (next_row(&w)) {
		size_t need = longest_line(w.prof, w.cmd);

		if (need > USRDTU_CFG_LINE_MAX)
			fail_msg("%s: AT+%s may need %zu bytes, line buffer has %d", w.prof->name, w.cmd->name,
				 need, USRDTU_CFG_LINE_MAX);
		rows++;
	}
	/* the walk the table tests share saw every row */
	for (p = 0; p < PROFILES; p++)
		rows -= manuals[p].profile->ncmds;
	assert_int_equal(rows, 0);
}

/* 1 when x and y are the same word in any case (ASCII). */
static int same_word_any_case(const char *x, const char *y)
{
	for (; *x != 0 && *y != 0; x++, y++) {
		if (tolower((unsigned char)*x) != tolower((unsigned char)*y))
			return 0;
	}
	return *x == *y;
}

static void test_enum_words_are_distinct(void **state)
{
	struct row_walk w = {0};
	uint8_t k, a, b;

	(void)state;
	while (next_row(&w)) {
		for (k = 0; k < w.cmd->nparams; k++) {
			const struct at_param *pa = &w.cmd->params[k];
			const struct at_words *words;

			if (pa->type != AT_T_ENUM)
				continue;
			words = pa->aux;
			for (a = 0; a < words->count; a++) {
				/* replies reserve room for AT_WORD_MAX bytes */
				assert_int_equal(words->list[a].len, strlen(words->list[a].text));
				assert_true(words->list[a].len <= AT_WORD_MAX);
				for (b = (uint8_t)(a + 1); b < words->count; b++) {
					const char *x = words->list[a].text;

					if (same_word_any_case(x, words->list[b].text))
						fail_msg("%s: AT+%s: word %s twice", w.prof->name, w.cmd->name, x);
				}
			}
		}
	}
}

/* Every word code in a help line names a word of the profile's list, and
 * the words are plain text. */
static void test_help_codes_have_words(void **state)
{
	size_t p;
	uint16_t i;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;
		const char *word = prof->help_words;
		unsigned words = 0;

		assert_non_null(word);
		for (; *word != 0; word += strlen(word) + 1) {
			const char *c;

			for (c = word; *c != 0; c++) {
				if ((uint8_t)*c < AT_HELP_CODES)
					fail_msg("%s: help word %u has code %u", prof->name, words + 1,
						 (unsigned)(uint8_t)*c);
			}
			words++;
		}
		assert_true(words < AT_HELP_CODES);
		for (i = 0; i < prof->ncmds; i++) {
			const char *h;

			for (h = at_cmd_help(&prof->cmds[i]); *h != 0; h++) {
				uint8_t code = (uint8_t)*h;

				if (code < AT_HELP_CODES && code > words)
					fail_msg("%s: AT+%s: help code %u of %u words", prof->name,
						 prof->cmds[i].name, (unsigned)code, words);
			}
		}
	}
}

/* Rows name their handler by index into the profile's list: every index
 * has its function, the list begins with the extension rows' handler
 * (at_dispatch.c names it by the same index in every profile), and an
 * action's arguments (no field) never share a row with settings. */
static void test_handlers_and_arguments(void **state)
{
	size_t p;
	uint16_t i;
	uint8_t k;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;

		assert_null(prof->handlers[AT_H_NULL]);
		assert_ptr_equal(prof->handlers[AT_H_cmd_cache_stats], cmd_cache_stats);
		for (i = 0; i < prof->ncmds; i++) {
			const struct at_cmd *cmd = &prof->cmds[i];

			if (cmd->handler != AT_H_NULL && prof->handlers[cmd->handler] == NULL)
				fail_msg("%s: AT+%s: handler %u has no function", prof->name, cmd->name,
					 (unsigned)cmd->handler);
			for (k = 0; k < cmd->nparams; k++) {
				if ((cmd->params[k].size == 0) != at_cmd_args(cmd))
					fail_msg("%s: AT+%s mixes arguments and settings", prof->name,
						 cmd->name);
			}
		}
	}
}

static uint32_t name_hash(const char *name)
{
	uint32_t h = AT_HASH_INIT;

	while (*name != 0)
		h = at_hash_step(h, (uint8_t)*name++);
	return h;
}

/* The index a profile must carry (see struct usrdtu_profile): slots the
 * smallest power of two >= 1.5 x rows (doubled while no displacement
 * fits); buckets placed largest first, each with the smallest
 * displacement that puts its rows in free slots. Returns the index's
 * length in bytes, 0 when none was found. */
static unsigned build_index(const struct usrdtu_profile *prof, uint8_t *index, unsigned *mask)
{
	unsigned slots = 16;

	while (slots * 2 < prof->ncmds * 3u)
		slots *= 2;
	for (; AT_INDEX_BUCKETS + slots <= 1024; slots *= 2) {
		uint8_t *table = index + AT_INDEX_BUCKETS;
		unsigned size, b, placed = 0;

		*mask = slots - 1;
		memset(index, 0, AT_INDEX_BUCKETS + slots);
		for (size = prof->ncmds; size > 0; size--) {
			for (b = 0; b < AT_INDEX_BUCKETS; b++) {
				uint16_t rows[256], r;
				unsigned n = 0, d, k, j;

				for (r = 0; r < prof->ncmds; r++) {
					if ((name_hash(prof->cmds[r].name) * 2654435761u) >> 27 == b)
						rows[n++] = r;
				}
				if (n != size)
					continue;
				for (d = 0; d < 256; d++) {
					unsigned slot[256];
					int ok = 1;

					index[b] = (uint8_t)d;
					for (k = 0; k < n && ok; k++) {
						slot[k] = at_index_slot(index, name_hash(prof->cmds[rows[k]].name), *mask);
						ok = table[slot[k]] == 0;
						for (j = 0; j < k && ok; j++)
							ok = slot[j] != slot[k];
					}
					if (!ok)
						continue;
					for (k = 0; k < n; k++)
						table[slot[k]] = (uint8_t)(rows[k] + 1);
					placed += n;
					break;
				}
				if (d == 256)
					break;
			}
			if (b < AT_INDEX_BUCKETS)
				break;
		}
		if (placed == prof->ncmds)
			return AT_INDEX_BUCKETS + slots;
	}
	return 0;
}

static void test_hash_index_is_current(void **state)
{
	static char text[8192];
	uint8_t index[1024];
	unsigned mask = 0, bytes, i;
	size_t p, n;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;

		assert_true(prof->ncmds < 255);
		bytes = build_index(prof, index, &mask);
		assert_true(bytes > 0);
		if (prof->index != NULL && prof->index_mask == mask && memcmp(prof->index, index, bytes) == 0)
			continue;
		n = (size_t)snprintf(text, sizeof text, "%s: the row index is out of date; use (%u bytes)\n",
				     prof->name, bytes);
		for (i = 0; i < bytes && n < sizeof text - 16; i++)
			n += (size_t)snprintf(text + n, sizeof text - n, "%u,%s", index[i],
					      i % 16 == 15 ? "\n" : " ");
		fail_msg("%sand index_mask %u", text, mask);
	}
}

/* Every row is found by its name with one probe, and a name one letter
 * off finds nothing. */
static void test_every_row_is_one_probe(void **state)
{
	size_t p;
	uint16_t r;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;

		for (r = 0; r < prof->ncmds; r++) {
			const struct at_cmd *c = &prof->cmds[r];
			unsigned slot = at_index_slot(prof->index, name_hash(c->name), prof->index_mask);
			char other[32];

			assert_int_equal(prof->index[AT_INDEX_BUCKETS + slot], r + 1);
			assert_ptr_equal(dispatch_find(prof, (const uint8_t *)c->name, c->name_len), c);
			assert_true(c->name_len + 2u < sizeof other);
			memcpy(other, c->name, c->name_len);
			other[c->name_len] = 'Q';
			assert_null(dispatch_find(prof, (const uint8_t *)other, c->name_len + 1u));
		}
	}
}

static void test_profiles_are_found_by_name(void **state)
{
	size_t p;

	(void)state;
	for (p = 0; p < PROFILES; p++) {
		const struct usrdtu_profile *prof = manuals[p].profile;

		assert_ptr_equal(usrdtu_profile_find(usrdtu_profile_name(prof)), prof);
	}
	assert_null(usrdtu_profile_find("gprs233"));
	assert_null(usrdtu_profile_find(NULL));
}

static void test_profiles_by_index(void **state)
{
	static const char *const names[] = {"gprs232", "cat1", "g781", "m0"};
	unsigned i;

	(void)state;
	assert_int_equal(usrdtu_profile_count(), 4);
	for (i = 0; i < 4; i++) {
		assert_string_equal(usrdtu_profile_name(usrdtu_profile_at(i)), names[i]);
		assert_ptr_equal(usrdtu_profile_at(i), usrdtu_profile_find(names[i]));
	}
	assert_null(usrdtu_profile_at(4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles_by_index),
		cmocka_unit_test(test_rows_sorted),
		cmocka_unit_test(test_every_manual_name_is_a_row),
		cmocka_unit_test(test_every_row_is_in_the_manual),
		cmocka_unit_test(test_factory_defaults_are_valid),
		cmocka_unit_test(test_optional_parameters_come_last),
		cmocka_unit_test(test_numbers_allowed_have_at_most_nine_digits),
		cmocka_unit_test(test_limits_are_ordered),
		cmocka_unit_test(test_fields_hold_their_longest_value),
		cmocka_unit_test(test_line_buffer_holds_longest_valid_line),
		cmocka_unit_test(test_enum_words_are_distinct),
		cmocka_unit_test(test_help_codes_have_words),
		cmocka_unit_test(test_handlers_and_arguments),
		cmocka_unit_test(test_hash_index_is_current),
		cmocka_unit_test(test_every_row_is_one_probe),
		cmocka_unit_test(test_profiles_are_found_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
