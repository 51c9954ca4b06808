/*
 * The shape of a profile: command rows, typed parameters, reply dialect.
 *
 * A profile is data. A command that only stores values is one row whose
 * parameters point at fields of struct usrdtu_settings; the engine parses,
 * validates, stores, prints and saves it without code of its own. Actions
 * and information commands add a handler.
 *
 * Rows of a table are sorted by name (AT+H lists them in that order;
 * tests/test_tables.c checks the order).
 */
#ifndef USRDTU_AT_TABLE_H
#define USRDTU_AT_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/usrdtu.h"

/* Most parameters any command takes (cat1 AT+HEART has five, m0 UART five). */
#define AT_MAX_PARAMS 6

enum at_type {
	AT_T_ENUM, /* one word of a list; stores its value in a uint8_t */
	AT_T_UINT, /* decimal number; stores in a uint8_t, uint16_t or uint32_t */
	AT_T_TEXT, /* text; stores NUL-terminated */
	AT_T_HOST, /* domain name or IPv4 address; stores as text */
	AT_T_HEX,  /* hex digits; stores the bytes behind a 2-byte length */
	AT_T_IPV4  /* dotted quad; stores 4 bytes */
};

/* Parameter flags. */
#define AT_PF_OPTIONAL 0x01  /* may be left out at the end of a set; keeps its value */
#define AT_PF_LIST 0x02      /* list member: left out = emptied; printed only when set */
#define AT_PF_ZERO 0x04      /* UINT: 0 is allowed besides min..max (RSTIM 0 = off) */
#define AT_PF_SLASH 0x08     /* TEXT: must begin with '/' (m0 URL) */
#define AT_PF_CS_MASK 0x30   /* TEXT: which bytes are allowed */
#define AT_PF_CS_ANY 0x00    /* any byte but NUL */
#define AT_PF_CS_WORD 0x10   /* letters, digits, underscore */
#define AT_PF_CS_DIGITS 0x20 /* digits */
#define AT_PF_CS_PHONE 0x30  /* digits, '+' first */
#define AT_PF_WIDE 0x40      /* UINT, IPV4: limits and default in a struct at_wide */
#define AT_PF_NOLOGIN 0x80   /* on a row's first parameter: the row is allowed before cat1
				login (SIGNINAT) */

struct at_word {
	const char *text; /* as the dialect prints it; input matches any case */
	uint8_t value;    /* the semantic value stored */
	uint8_t len;      /* of text */
};
/* Longest word (replies reserve room for one). */
#define AT_WORD_MAX 16u
/* A word; one longer than AT_WORD_MAX does not compile (negative array). */
#define AT_WORD(text, value) \
	{ text, (value), (uint8_t)(sizeof(text) - 1 + 0 * sizeof(char[sizeof(text) <= AT_WORD_MAX + 1 ? 1 : -1])) }

struct at_words {
	const struct at_word *list;
	uint8_t count;
};

struct at_uint_set {
	const uint32_t *values;
	uint32_t def; /* one of values */
	uint8_t count;
};

/* Limits and default of a parameter whose values do not fit 16 bits
 * (baud rates, REGID 65536, an IPv4 default). Few parameters need it, so
 * the common descriptor stays at 16 bytes. */
struct at_wide {
	uint32_t min;
	uint32_t max;
	uint32_t def; /* IPV4: address, first octet on top */
};

struct at_param {
	/* ENUM: const struct at_words *; UINT: const struct at_uint_set * of the
	 * allowed values, a const struct at_wide * (AT_PF_WIDE), or NULL for
	 * the range min..max; IPV4: const struct at_wide *; TEXT, HOST: default
	 * text; HEX: default as the bytes themselves (no NUL among them). */
	const void *aux;
	uint16_t min; /* UINT: value; TEXT, HOST: length; HEX: decoded bytes */
	uint16_t max;
	uint16_t def; /* UINT, ENUM: default */
	uint16_t offset; /* of the field in struct usrdtu_settings */
	uint16_t size;   /* of that field */
	uint8_t type;    /* enum at_type */
	uint8_t flags;   /* AT_PF_* */
};

/* The limits and default of p, wherever the descriptor keeps them. */
static inline uint32_t at_param_min(const struct at_param *p)
{
	return (p->flags & AT_PF_WIDE) ? ((const struct at_wide *)p->aux)->min : p->min;
}
static inline uint32_t at_param_max(const struct at_param *p)
{
	return (p->flags & AT_PF_WIDE) ? ((const struct at_wide *)p->aux)->max : p->max;
}
static inline uint32_t at_param_def(const struct at_param *p)
{
	if (p->flags & AT_PF_WIDE)
		return ((const struct at_wide *)p->aux)->def;
	if (p->type == AT_T_UINT && p->aux != NULL)
		return ((const struct at_uint_set *)p->aux)->def;
	return p->def;
}

/* Error classes; each dialect maps them to its own codes. */
enum at_error {
	AT_E_NONE = 0,
	AT_E_FORMAT,  /* malformed line, line too long */
	AT_E_UNKNOWN, /* no such command in this profile */
	AT_E_FORM,    /* the command has no such form (operator) */
	AT_E_COUNT,   /* wrong number of parameters */
	AT_E_TYPE,    /* a parameter of the wrong type, odd hex */
	AT_E_RANGE,   /* out of range, too long, not in the list */
	AT_E_MISSING, /* a required parameter is empty */
	AT_E_EXEC,    /* execution failed (the HAL could not) */
	AT_E_LOGIN,   /* cat1: not logged in */
	AT_E__COUNT
};

/* Forms of a command. */
#define AT_FORM_EXEC 0x01  /* AT+X   (for actions) */
#define AT_FORM_QUERY 0x02 /* AT+X? and, without EXEC, AT+X */
#define AT_FORM_SET 0x04   /* AT+X=... */
#define AT_FORM_TEST 0x08  /* AT+X=? */
#define AT_FORMS_SETTING (AT_FORM_QUERY | AT_FORM_SET | AT_FORM_TEST)

/* Command flags, above the forms in the same byte. Whether a row is
 * allowed before login is the flag AT_PF_NOLOGIN of its first parameter;
 * whether the parameters are an action's arguments is at_cmd_args(). */
#define AT_CF_SPACE 0x10 /* reply "+X: value" (a manual example shows the space) */
#define AT_CF_TIGHT 0x20 /* no blank line between value and OK (gprs232 UCPIN) */
#define AT_CF_NOW 0x40   /* a set acts at once: the running settings change too */
#define AT_CF_ALIAS 0x80 /* its fields belong to another row: not saved twice */
#define AT_FORMS_MASK 0x0F

/* One decoded command line. */
struct at_arg {
	uint8_t *text; /* in the line buffer, decoded in place */
	uint16_t len;
	uint8_t kind; /* AT_ARG_* bits: what the split found the value to be */
};
#define AT_ARG_QUOTED 1 /* was in quotes */
/* all of it is host-name bytes (quoted) or digits whose number the split
 * has put in the call's value (unquoted, at least one) */
#define AT_ARG_SIMPLE 2

struct at_call {
	uint8_t form;
	uint8_t argc;
	struct at_arg argv[AT_MAX_PARAMS];
	uint32_t value[AT_MAX_PARAMS]; /* numbers, enum values, IPv4 after validation */
	uint8_t *spare;   /* free bytes of the work buffer after the line */
	size_t spare_len;
};

struct at_cmd;

/* Handler results: AT_R_OK (engine prints OK), AT_R_DONE (the handler
 * printed the whole reply), AT_R_DEFAULT (do what a stored-value row does),
 * or -enum at_error. A set's arguments are validated against the row's
 * parameters before the handler runs. */
#define AT_R_OK 0
#define AT_R_DONE 1
#define AT_R_DEFAULT 2
typedef int (*at_handler)(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call);

/* A row is 12 bytes on 32-bit targets: two pointers, then four bytes. Its
 * forms are flags & AT_FORMS_MASK. */
struct at_cmd {
	/* "NAME\0range\0help": the canonical upper-case name, the AT+X=? text
	 * (empty: generated from the parameters) and the AT+H line (empty:
	 * none) in one string, so a row holds one pointer instead of three. */
	const char *name;
	const struct at_param *params;
	uint8_t nparams;
	uint8_t name_len;
	uint8_t handler; /* index in the profile's handlers; AT_H_NULL: stored values only */
	/* AT_FORM_* in the low four bits, AT_CF_* in the high four: a form
	 * (call->form) meets only the first, a flag test only the second. */
	uint8_t flags;
};

/* 1 when the row's parameters are arguments of an action (PING, SMSEND
 * ...), never stored: they have no field (AT_ARG). */
static inline int at_cmd_args(const struct at_cmd *cmd)
{
	return cmd->nparams > 0 && cmd->params[0].size == 0;
}

/* Handlers are named by an index into the profile's list (struct
 * usrdtu_profile handlers) rather than by a pointer, which keeps rows at 12
 * bytes. Every list begins with the handlers of the rows every profile
 * shares (at_dispatch.c's extension rows); AT_HANDLERS declares the rest. */
enum { AT_H_NULL, AT_H_cmd_cache_stats, AT_H__PROFILE };
#define AT_HANDLER_INDEX(fn) AT_H_##fn,
#define AT_HANDLER_ENTRY(fn) fn,
/* AT_HANDLERS(gprs232, LIST) with #define LIST(X) X(cmd_a) X(cmd_b) ...
 * defines gprs232_handlers[] and the index AT_H_cmd_a ... of each. */
#define AT_HANDLERS(profile, list)                                             \
	enum { profile##_h_before = AT_H__PROFILE - 1, list(AT_HANDLER_INDEX) };  \
	static const at_handler profile##_handlers[] = {NULL, cmd_cache_stats, list(AT_HANDLER_ENTRY)}

/* The AT+X=? text of a row; empty when it is generated. */
static inline const char *at_cmd_range(const struct at_cmd *cmd)
{
	return cmd->name + cmd->name_len + 1;
}

/* The AT+H line of a row (empty: none). Its bytes 1 to 31 stand for the
 * words of the profile's help_words: byte k for the k-th word. Every
 * profile's list begins with these two, the words most help lines begin
 * with; the rest are the profile's own (tests/test_tables.c checks each
 * code has its word). */
#define AT_HELP_QUERY_SET "\001" /* "Query/set " */
#define AT_HELP_QUERY "\002"     /* "Query " */
#define AT_HELP_WORDS_FIRST "Query/set \0Query \0"
#define AT_HELP_CODES 32u /* bytes below this are word codes */
static inline const char *at_cmd_help(const struct at_cmd *cmd)
{
	const char *range = at_cmd_range(cmd);

	while (*range != 0)
		range++;
	return range + 1;
}

/* Dialect style bits. */
#define AT_S_QUOTED 0x01      /* texts, hex and words print in double quotes */
#define AT_S_NAMED 0x02       /* value_open is followed by the command name and ':' */
#define AT_S_ESC_BRACKET 0x04 /* [XX] escapes in texts */
#define AT_S_ESC_CRLF 0x08    /* <<CRLF>> stands for CR LF in texts (m0) */
#define AT_S_ESC_QMARK 0x10   /* '?' prints as [3F] (g781) */

/* Every reply string of a profile, in one place. */
struct at_dialect {
	/* The bytes first: on Thumb-1 a byte field loads in one instruction
	 * only below offset 32. */
	uint8_t style; /* AT_S_* */
	/* Lengths of the replies most lines end with, measured by the compiler. */
	uint8_t ok_len;
	uint8_t value_open_len;
	uint8_t value_close_len;
	uint8_t tight_close_len;
	int8_t error_code[AT_E__COUNT];
	const char *ok;          /* reply to a set or an action */
	const char *value_open;  /* before a value: "\r\n+" */
	const char *value_close; /* after a value: "\r\n\r\nOK\r\n" */
	const char *tight_close; /* after a value with AT_CF_TIGHT */
	const char *error_open;  /* "\r\n+CME ERROR:" */
	const char *error_close; /* "\r\n" */
	const char *link_down;   /* socket status words: not connected */
	const char *link_up;     /* connected */
};
/* A reply string and its length (AT_REPLY(ok, "\r\nOK\r\n")). */
#define AT_REPLY(field, text) .field = text, .field##_len = (uint8_t)(sizeof(text) - 1)

/* Profile flags. */
#define AT_P_SAVE_AT_ONCE 0x01 /* no AT+S: each accepted set is saved at once */
#define AT_P_SERIAL_AT 0x02    /* serial AT in data mode follows UATEN */
#define AT_P_SERIAL_AT_ON 0x04 /* serial AT in data mode is always on (g781) */
#define AT_P_LOGIN 0x08        /* cat1 login security (SAFEATEN) */
#define AT_P_REG_FIRST_DATA 0x10 /* REGSND LINK: before the first data after connect (g781, m0) */

struct usrdtu_profile {
	const char *name;
	const struct at_cmd *cmds; /* sorted by name */
	const struct at_dialect *dialect;
	/* Defaults no command row sets (m0: always in a data mode). */
	void (*factory_extra)(struct usrdtu_settings *s);
	uint16_t ncmds;
	uint16_t frame_gap_ms; /* fixed packing time, 0: the UARTFT setting */
	uint16_t frame_len;    /* fixed packing length, 0: the UARTFL setting */
	uint8_t id;            /* stored with the settings */
	uint8_t flags;         /* AT_P_* */
	/* Hash index of the rows, perfect: AT_INDEX_BUCKETS displacement
	 * bytes, then index_mask + 1 slots; slot at_index_slot() of a row's
	 * name holds row + 1, so a name is looked up with one probe. Every
	 * profile has one; tests/test_tables.c checks it and prints the right
	 * one when a table changes, scripts/update_index.py pastes that in. */
	const uint8_t *index;
	uint16_t index_mask; /* slots - 1, slots a power of two */
	/* "word\0word\0...\0": the words the codes of help lines stand for
	 * (see at_cmd_help), beginning with AT_HELP_WORDS_FIRST and ending
	 * with an empty word. */
	const char *help_words;
	const at_handler *handlers; /* see AT_HANDLERS */
};

/* The hash of a command name, fed one upper-case byte at a time. */
#define AT_HASH_INIT 5381u
static inline uint32_t at_hash_step(uint32_t h, uint8_t c)
{
	return (h * 33u) ^ c;
}

/* Where a name whose hash is h lives in index (see struct usrdtu_profile):
 * the top bits of the mixed hash pick a bucket, the bucket's displacement
 * byte (chosen when the index is built so that no two rows meet) moves the
 * rows of that bucket apart. */
#define AT_INDEX_BUCKETS 32u
static inline unsigned at_index_slot(const uint8_t *index, uint32_t h, unsigned mask)
{
	uint32_t x = h * 2654435761u;
	uint32_t d = index[x >> 27];

	return (unsigned)(((x ^ (d << 8)) * 0x45D9F3Bu) >> 16) & mask;
}

/* Helpers to write tables. */
#define AT_FIELD_SIZE(field) ((uint16_t)sizeof(((struct usrdtu_settings *)0)->field))
#define AT_FIELD(field) (uint16_t) offsetof(struct usrdtu_settings, field), AT_FIELD_SIZE(field)
#define AT_COUNT(array) ((uint8_t)(sizeof(array) / sizeof((array)[0])))

#define AT_PARAM(type, field, aux, min, max, def, flags) \
	{ (aux), (min), (max), (def), AT_FIELD(field), (type), (flags) }
/* The wide form keeps its limits in a file-scope compound literal. */
#define AT_WIDE(min, max, def) (&(const struct at_wide){(min), (max), (def)})
#define AT_ENUM(field, words, def) AT_PARAM(AT_T_ENUM, field, &(words), 0, 0, (def), 0)
#define AT_UINT(field, min, max, def) AT_PARAM(AT_T_UINT, field, NULL, (min), (max), (def), 0)
#define AT_UINT_WIDE(field, min, max, def) \
	AT_PARAM(AT_T_UINT, field, AT_WIDE(min, max, def), 0, 0, 0, AT_PF_WIDE)
/* A number from a set; its default is the set's (AT_UINTS). */
#define AT_UINT_IN(field, set) AT_PARAM(AT_T_UINT, field, &(set), 0, 0, 0, 0)
#define AT_TEXT(field, min, max, def) AT_PARAM(AT_T_TEXT, field, (def), (min), (max), 0, 0)
#define AT_HOST(field, min, max, def) AT_PARAM(AT_T_HOST, field, (def), (min), (max), 0, 0)
#define AT_HEX(field, min, max, def) AT_PARAM(AT_T_HEX, field, (def), (min), (max), 0, 0)
#define AT_IPV4(field, a, b, c, d) \
	AT_PARAM(AT_T_IPV4, field, \
		 AT_WIDE(0, 0, (uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d)), \
		 0, 0, 0, AT_PF_WIDE)

/* A parameter of an action (PING, SMSEND ...): validated, never stored. */
#define AT_ARG(type, aux, min, max, flags) { (aux), (min), (max), 0, 0, 0, (type), (flags) }

#define AT_WORDS(name, ...)                                   \
	static const struct at_word name##_list[] = {__VA_ARGS__}; \
	static const struct at_words name = {name##_list, AT_COUNT(name##_list)}
#define AT_UINTS(name, def, ...)                                \
	static const uint32_t name##_values[] = {__VA_ARGS__};       \
	static const struct at_uint_set name = {name##_values, (def), AT_COUNT(name##_values)}

#if USRDTU_CFG_HELP_TEXT
#define AT_HELP(text) text
#else
#define AT_HELP(text) ""
#endif

/* name, range and help must be string literals ("" for none); handler a
 * function of the profile's AT_HANDLERS list, or NULL. */
#define AT_CMD(name, params, handler, forms, flags, range, help) \
	{ name "\0" range "\0" AT_HELP(help), (params), AT_COUNT(params), (uint8_t)(sizeof(name) - 1), \
	  AT_H_##handler, (uint8_t)((forms) | (flags)) }
#define AT_CMD0(name, handler, forms, flags, range, help) \
	{ name "\0" range "\0" AT_HELP(help), NULL, 0, (uint8_t)(sizeof(name) - 1), \
	  AT_H_##handler, (uint8_t)((forms) | (flags)) }
/* A command that stores values and nothing else. */
#define AT_SETTING(name, params, range, help) \
	AT_CMD(name, params, NULL, AT_FORMS_SETTING, 0, range, help)
/* An action without parameters: AT+X. */
#define AT_ACTION(name, handler, help) AT_CMD0(name, handler, AT_FORM_EXEC, 0, "", help)
/* A fact the device reports: AT+X and AT+X?. */
#define AT_INFO(name, handler, help) AT_CMD0(name, handler, AT_FORM_QUERY, 0, "", help)

#endif /* USRDTU_AT_TABLE_H */
