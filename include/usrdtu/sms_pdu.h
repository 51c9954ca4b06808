/*
 * SMS PDUs (3GPP TS 23.040, alphabets TS 23.038) as AT+CMGS sends them and
 * +CMT / +CMGR report them in PDU mode (TS 27.005): SMS-SUBMIT encoding,
 * SMS-DELIVER decoding, concatenated messages both ways, reassembly, and the
 * hex text the AT commands carry. docs/sms.md has the decisions and limits.
 *
 * A pure codec: no HAL, no heap, no global state. Every function writes only
 * into memory the caller passes with its capacity and returns a length (or 0)
 * on success, or a negative enum usrdtu_err:
 *
 *   USRDTU_ERR_INVAL   malformed input (a truncated PDU, a length past the
 *                      end, a bad semi-octet, a UDL above the maximum, text
 *                      that is not UTF-8 or has a character the coding
 *                      cannot carry) or a NULL argument
 *   USRDTU_ERR_NOSPC   the result does not fit the caller's buffer, or the
 *                      text needs more than 255 parts
 *   USRDTU_ERR_NOTSUP  a well-formed PDU of another type (SMS-STATUS-REPORT,
 *                      SMS-SUBMIT-REPORT, or SUBMIT given to the DELIVER
 *                      decoder and the other way round)
 *
 * Text is UTF-8 in and out. GSM 7-bit covers the default alphabet and its
 * extension table (ESC 0x1B: FF ^ { } \ [ ~ ] | and the euro sign); UCS2
 * carries any Unicode character, those outside the BMP as UTF-16 surrogate
 * pairs (as phones send emoji); 8-bit data passes raw octets both ways.
 *
 * Sending a long text:
 *
 *     struct usrdtu_sms_submit m = {0};
 *     m.to = "+8613800000000";
 *     m.text = (const uint8_t *)utf8;
 *     m.text_len = strlen(utf8);
 *     m.coding = USRDTU_SMS_AUTO;     (GSM 7-bit when it fits, else UCS2)
 *     m.concat_ref = next_ref++;
 *     n = usrdtu_sms_submit_parts(&m);
 *     for (i = 1; i <= n; i++) {
 *         len = usrdtu_sms_submit_encode(&m, i, pdu, sizeof pdu);
 *         usrdtu_sms_hex_encode(pdu, len, hex, sizeof hex);
 *         send "AT+CMGS=<usrdtu_sms_tpdu_length(pdu, len)>\r", then hex, then Ctrl-Z
 *     }
 *
 * Receiving:
 *
 *     len = usrdtu_sms_hex_decode(hex, hex_len, pdu, sizeof pdu);
 *     if (usrdtu_sms_deliver_decode(pdu, len, &msg) == 0 &&
 *         usrdtu_sms_reassembly_add(&reasm, &msg, now_ms, text, sizeof text,
 *                                   &text_len) == USRDTU_SMS_COMPLETE)
 *         the whole message is text[0..text_len), from msg.address.text
 */
#ifndef USRDTU_SMS_PDU_H
#define USRDTU_SMS_PDU_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/config.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Concatenated messages the reassembly table follows at once. */
#ifndef USRDTU_CFG_SMS_REASM_MESSAGES
#define USRDTU_CFG_SMS_REASM_MESSAGES 4
#endif
/* Parts it holds in all (shared by those messages); each takes
 * USRDTU_SMS_PART_BODY_MAX bytes. A message of more parts than this is
 * dropped (and counted) at its first part. */
#ifndef USRDTU_CFG_SMS_REASM_PARTS
#define USRDTU_CFG_SMS_REASM_PARTS 8
#endif
/* A message whose next part has not come this long after the last one is
 * dropped, when usrdtu_sms_reassembly_init() is given 0. */
#ifndef USRDTU_CFG_SMS_REASM_TIMEOUT_MS
#define USRDTU_CFG_SMS_REASM_TIMEOUT_MS 600000ul
#endif

#if USRDTU_CFG_SMS_REASM_MESSAGES < 1 || USRDTU_CFG_SMS_REASM_MESSAGES > 254
#error "USRDTU_CFG_SMS_REASM_MESSAGES must be 1..254"
#endif
#if USRDTU_CFG_SMS_REASM_PARTS < 1 || USRDTU_CFG_SMS_REASM_PARTS > 255
#error "USRDTU_CFG_SMS_REASM_PARTS must be 1..255"
#endif

/* The longest PDU: SMSC field (12) plus an SMS-SUBMIT TPDU (164). */
#define USRDTU_SMS_PDU_MAX 176
/* Its hex text, without the NUL usrdtu_sms_hex_encode() adds. */
#define USRDTU_SMS_HEX_MAX (2 * USRDTU_SMS_PDU_MAX)
/* Bytes of an address's text: '+' and 20 digits, or 11 septets of an
 * alphanumeric originator as UTF-8 (at most 2 bytes each). */
#define USRDTU_SMS_ADDRESS_MAX 22
/* Units in one PDU's message body: septets (7-bit), octets otherwise. */
#define USRDTU_SMS_BODY_MAX 160
/* Units of a body that carries a concatenation header (the most a
 * reassembly slot stores): 160 septets less the 7 the header takes. */
#define USRDTU_SMS_PART_BODY_MAX 153
/* UTF-8 bytes one body can decode to (160 septets of 2 bytes each). */
#define USRDTU_SMS_TEXT_MAX 320
/* Parts a concatenated message can have. */
#define USRDTU_SMS_PARTS_MAX 255

/* Data codings (TS 23.038 section 4). */
enum usrdtu_sms_coding {
	USRDTU_SMS_GSM7 = 0, /* default alphabet, 160 septets */
	USRDTU_SMS_8BIT = 1, /* raw octets, 140 */
	USRDTU_SMS_UCS2 = 2, /* UTF-16BE, 70 units */
	USRDTU_SMS_AUTO = 3  /* encode only: GSM7 if every character fits, else UCS2 */
};

/* Validity period on SMS-SUBMIT (TP-VPF and TP-VP, TS 23.040 9.2.3.12). */
enum usrdtu_sms_vp {
	USRDTU_SMS_VP_DEFAULT = 0,  /* relative, 167 = 24 hours (TS 27.005 AT+CSMP default) */
	USRDTU_SMS_VP_NONE = 1,     /* no TP-VP field: the SMSC's own default */
	USRDTU_SMS_VP_RELATIVE = 2  /* relative, the value in vp: 0-143 (vp+1)*5 min,
	                               144-167 12 h + (vp-143)*30 min, 168-196 (vp-166)
	                               days, 197-255 (vp-192) weeks */
};

/* struct usrdtu_sms_submit.flags */
#define USRDTU_SMS_F_STATUS_REPORT 0x01u /* TP-SRR: ask for a status report */
#define USRDTU_SMS_F_REJECT_DUP 0x02u    /* TP-RD: SMSC rejects a duplicate MR */
#define USRDTU_SMS_F_FLASH 0x04u         /* message class 0 (shown, not stored) */
#define USRDTU_SMS_F_REF16 0x08u         /* 16-bit concatenation reference (IEI 08) */

/* What to send. Zero-initialise, then set `to` and the text; every zero
 * field has a sensible meaning. */
struct usrdtu_sms_submit {
	const char *smsc;    /* NULL or "": SMSC field 00, the phone's stored
	                        SMSC; else "+8613800100500" or national digits */
	const char *to;      /* "+<digits>" (TON international, 0x91) or
	                        "<digits>" (unknown/national, 0x81); 1-20 of
	                        0-9 * # a b c, NUL-terminated */
	const uint8_t *text; /* UTF-8 (GSM7, UCS2, AUTO) or raw octets (8BIT) */
	size_t text_len;
	uint8_t coding;      /* enum usrdtu_sms_coding */
	uint8_t vp_mode;     /* enum usrdtu_sms_vp */
	uint8_t vp;          /* TP-VP for USRDTU_SMS_VP_RELATIVE */
	uint8_t mr;          /* TP-MR, every part; 0 lets the phone choose */
	uint8_t pid;         /* TP-PID, 0 for an ordinary message */
	uint8_t flags;       /* USRDTU_SMS_F_* */
	uint16_t concat_ref; /* reference of a multi-part message (low 8 bits
	                        unless USRDTU_SMS_F_REF16); change it per message */
};

/* An address as decoded. */
struct usrdtu_sms_address {
	uint8_t toa; /* type-of-address octet as received: 0x91 international,
	                0x81 unknown, 0xA1 national, 0xD0 alphanumeric ...;
	                0 when absent (an SMSC field of length 00) */
	uint8_t len; /* bytes in text */
	char text[USRDTU_SMS_ADDRESS_MAX + 1]; /* NUL-terminated: "+<digits>" for
	                TON 1, the digits (and * # a b c) for other numbers,
	                UTF-8 for TON 5 (alphanumeric) */
};

/* Type of number: bits 6:4 of the type-of-address octet. */
#define USRDTU_SMS_TON(toa) (((toa) >> 4) & 7u)
#define USRDTU_SMS_TON_UNKNOWN 0u
#define USRDTU_SMS_TON_INTERNATIONAL 1u
#define USRDTU_SMS_TON_NATIONAL 2u
#define USRDTU_SMS_TON_ALPHANUMERIC 5u

/* Service-centre time stamp, the sender's local time. */
struct usrdtu_sms_time {
	uint8_t year;  /* 0-99: 2000 + year */
	uint8_t month; /* 1-12 */
	uint8_t day;   /* 1-31 */
	uint8_t hour;  /* 0-23 */
	uint8_t minute;
	uint8_t second;
	int8_t tz_quarters; /* offset from UTC in quarters of an hour, -79..79
	                       (+32 is UTC+8, -20 is UTC-5) */
};

/* A concatenation information element (TS 23.040 9.2.3.24.1 and .8). */
struct usrdtu_sms_concat {
	uint16_t ref;  /* reference number, the same in every part */
	uint8_t total; /* parts in the message; 0: the PDU has no (valid) element */
	uint8_t seq;   /* this part, 1..total */
	uint8_t ref16; /* 1: 16-bit reference (IEI 08), 0: 8-bit (IEI 00) */
};

/* struct usrdtu_sms_deliver.first_octet bits */
#define USRDTU_SMS_FO_MMS 0x04u  /* DELIVER: no more messages waiting (TP-MMS) */
#define USRDTU_SMS_FO_SRI 0x20u  /* DELIVER: a status report was asked for */
#define USRDTU_SMS_FO_UDHI 0x40u /* the user data starts with a header */
#define USRDTU_SMS_FO_RP 0x80u   /* reply path */

/* One decoded PDU. The body holds the message's units after any user data
 * header: one unpacked septet per byte for GSM7, octets for 8BIT and UCS2
 * (UTF-16BE). usrdtu_sms_deliver_text() turns it into UTF-8. The struct
 * keeps no pointer into the PDU. */
struct usrdtu_sms_deliver {
	struct usrdtu_sms_address smsc;    /* the SMSC field */
	struct usrdtu_sms_address address; /* TP-OA (DELIVER), TP-DA (SUBMIT) */
	struct usrdtu_sms_time scts;       /* DELIVER; zero for SUBMIT */
	struct usrdtu_sms_concat concat;
	uint8_t first_octet; /* as received: TP-MTI, MMS/VPF, SRI/SRR, UDHI, RP */
	uint8_t mr;          /* SUBMIT: TP-MR */
	uint8_t vp_format;   /* SUBMIT: TP-VPF, 0 none, 2 relative, 1 enhanced,
	                        3 absolute (the last two are skipped) */
	uint8_t vp;          /* SUBMIT: the relative TP-VP */
	uint8_t pid;
	uint8_t dcs;
	uint8_t coding;      /* enum usrdtu_sms_coding the DCS gives (never AUTO);
	                        compressed data is reported as 8BIT */
	int8_t msg_class;    /* 0-3, or -1 when the DCS gives no class */
	uint8_t udh_len;     /* octets of the user data header incl. its length
	                        octet; 0: none */
	uint8_t body_len;    /* units in body */
	uint8_t body[USRDTU_SMS_BODY_MAX];
};

/* --- hex text --------------------------------------------------------- */

/*
 * Writes `len` bytes as uppercase hex and a NUL into `hex`. Returns 2 * len
 * (the NUL not counted); USRDTU_ERR_NOSPC when cap < 2 * len + 1 or len is
 * above 16383 (the count must fit a 16-bit int). `bin` may be NULL when len
 * is 0.
 */
int usrdtu_sms_hex_encode(const uint8_t *bin, size_t len, char *hex, size_t cap);

/*
 * Reads hex text (upper or lower case, nothing else: no spaces, no 0x) into
 * bytes. Returns the byte count (hex_len / 2); USRDTU_ERR_INVAL for an odd
 * length or a character that is no hex digit, USRDTU_ERR_NOSPC when the
 * bytes do not fit cap or are more than 32767. `bin` is written only when
 * the whole text is valid and fits.
 */
int usrdtu_sms_hex_decode(const char *hex, size_t hex_len, uint8_t *bin, size_t cap);

/* --- SMS-SUBMIT ------------------------------------------------------- */

/*
 * Septets `len` bytes of UTF-8 take in the GSM 7-bit default alphabet (an
 * extension-table character counts 2), or USRDTU_ERR_INVAL when the text is
 * not UTF-8 or has a character the alphabet lacks (the caller then sends
 * UCS2, SPEC section 8). `utf8` may be NULL when len is 0.
 */
int usrdtu_sms_gsm7_length(const uint8_t *utf8, size_t len);

/*
 * How many PDUs msg needs, 1..255. A text that fits one PDU (160 septets,
 * 140 octets, 70 UCS2 units) is sent whole without a header; a longer one
 * is split into parts of 153 septets, 134 octets or 67 units (152, 133, 66
 * with USRDTU_SMS_F_REF16), never between the two septets of an
 * extension-table character or the two units of a surrogate pair. Errors:
 * USRDTU_ERR_INVAL (NULL, bad address or SMSC, bad UTF-8, a character GSM7
 * cannot carry, an unknown coding or vp_mode), USRDTU_ERR_NOSPC (more than
 * 255 parts).
 */
int usrdtu_sms_submit_parts(const struct usrdtu_sms_submit *msg);

/*
 * Encodes part `part` (1..usrdtu_sms_submit_parts()) of msg: the SMSC field,
 * then the SMS-SUBMIT TPDU. Returns the PDU length (at most
 * USRDTU_SMS_PDU_MAX); AT+CMGS takes usrdtu_sms_tpdu_length() of it. Errors
 * as usrdtu_sms_submit_parts(), plus USRDTU_ERR_INVAL for a part number out
 * of range and USRDTU_ERR_NOSPC when the PDU does not fit cap; `pdu` is not
 * written on error. Each call walks the text from its start.
 */
int usrdtu_sms_submit_encode(const struct usrdtu_sms_submit *msg, unsigned part, uint8_t *pdu,
			     size_t cap);

/*
 * The TPDU length of a PDU that starts with its SMSC field (what AT+CMGS=n
 * wants): len - 1 - pdu[0]. USRDTU_ERR_INVAL when the SMSC field runs past
 * len or leaves no TPDU.
 */
int usrdtu_sms_tpdu_length(const uint8_t *pdu, size_t len);

/* --- decoding --------------------------------------------------------- */

/*
 * Decodes an SMSC field followed by an SMS-DELIVER TPDU (what +CMT and
 * +CMGR give in PDU mode) into *out. Returns 0. USRDTU_ERR_INVAL when the
 * PDU is malformed: shorter than its fields say, an SMSC field above 11
 * octets, an address above 20 semi-octets, a semi-octet that is no digit
 * (F only as the fill of an odd count), a time stamp that is no calendar
 * time, a UDL above 160 septets or 140 octets, a user data header longer
 * than the user data or whose elements run past it, UCS2 text of an odd
 * octet count. USRDTU_ERR_NOTSUP for another TPDU type (TP-MTI 01, 10; 11
 * is "reserved" and read as DELIVER, TS 23.040 9.2.3.1). Bytes after the
 * user data are ignored. *out is undefined after an error. Never reads
 * pdu[len] or beyond.
 */
int usrdtu_sms_deliver_decode(const uint8_t *pdu, size_t len, struct usrdtu_sms_deliver *out);

/*
 * The same for an SMSC field and an SMS-SUBMIT TPDU (a sent message read
 * back, or this library's own output): address is TP-DA, mr, vp_format and
 * vp are set, scts is zero. USRDTU_ERR_NOTSUP when TP-MTI is not 01.
 */
int usrdtu_sms_submit_decode(const uint8_t *pdu, size_t len, struct usrdtu_sms_deliver *out);

/*
 * The body of a decoded PDU as UTF-8 (GSM7, UCS2) or its raw octets (8BIT),
 * no NUL added. Returns the byte count (at most USRDTU_SMS_TEXT_MAX) or
 * USRDTU_ERR_NOSPC. A GSM7 escape followed by a code the extension table
 * lacks gives that code's default-alphabet character (TS 23.038 6.2.1.1);
 * an escape at the very end gives a space. A UCS2 surrogate without its
 * other half gives U+FFFD.
 */
int usrdtu_sms_deliver_text(const struct usrdtu_sms_deliver *msg, uint8_t *out, size_t cap);

/* --- reassembly ------------------------------------------------------- */

/* usrdtu_sms_reassembly_add() results (0 and above; errors are below 0) */
#define USRDTU_SMS_STORED 0    /* a part was kept; more are needed */
#define USRDTU_SMS_COMPLETE 1  /* the message is whole: its text is in `text` */
#define USRDTU_SMS_DUPLICATE 2 /* that part was already held: ignored */

/* Counters; every part that does not end up in a delivered message is in
 * one of them. */
struct usrdtu_sms_reassembly_stats {
	uint32_t parts;         /* concatenated parts given to _add, except calls
	                           refused for bad arguments (NULL, a coding out of
	                           range, a body too long, a number above the count) */
	uint32_t completed;     /* concatenated messages put together */
	uint32_t singles;       /* messages without concatenation passed through */
	uint32_t duplicates;    /* parts already held */
	uint32_t timed_out;     /* messages dropped: no part for timeout_ms */
	uint32_t evicted;       /* messages dropped to make room for newer ones */
	uint32_t too_long;      /* parts of messages longer than the table holds */
	uint32_t mismatched;    /* parts whose coding differs from their message's */
	uint32_t no_space;      /* messages whose text did not fit the caller's buffer */
	uint32_t dropped_parts; /* parts thrown away with timed-out, evicted and
	                           no-space messages */
};

struct usrdtu_sms_reassembly_entry {
	struct usrdtu_sms_address from;
	uint32_t last_ms; /* when its latest part came */
	uint16_t ref;
	uint8_t total;    /* 0: free */
	uint8_t held;
	uint8_t ref16;
	uint8_t coding;
};

struct usrdtu_sms_reassembly_part {
	uint8_t entry; /* index + 1 of its message; 0: free */
	uint8_t seq;
	uint8_t len;
};

/* The reassembly table, owned by the caller; treat the fields as private
 * except stats. Messages are told apart by originator (type and text),
 * reference, 8/16-bit reference and part count. */
struct usrdtu_sms_reassembly {
	uint32_t timeout_ms;
	struct usrdtu_sms_reassembly_stats stats;
	struct usrdtu_sms_reassembly_entry entry[USRDTU_CFG_SMS_REASM_MESSAGES];
	struct usrdtu_sms_reassembly_part part[USRDTU_CFG_SMS_REASM_PARTS];
	uint8_t data[USRDTU_CFG_SMS_REASM_PARTS][USRDTU_SMS_PART_BODY_MAX];
};

/* A text buffer of this size never makes usrdtu_sms_reassembly_add() fail
 * with USRDTU_ERR_NOSPC. */
#define USRDTU_SMS_REASM_TEXT_MAX                                                               \
	(USRDTU_CFG_SMS_REASM_PARTS * 2ul * USRDTU_SMS_PART_BODY_MAX > USRDTU_SMS_TEXT_MAX      \
		 ? USRDTU_CFG_SMS_REASM_PARTS * 2ul * USRDTU_SMS_PART_BODY_MAX                   \
		 : (unsigned long)USRDTU_SMS_TEXT_MAX)

/*
 * Empties the table and its counters. timeout_ms 0 means
 * USRDTU_CFG_SMS_REASM_TIMEOUT_MS. Returns 0, or USRDTU_ERR_INVAL for NULL.
 */
int usrdtu_sms_reassembly_init(struct usrdtu_sms_reassembly *r, uint32_t timeout_ms);

/*
 * Takes one decoded PDU. First drops messages whose latest part is
 * timeout_ms old or older at now_ms (the clock may wrap). Then:
 *  - a PDU without concatenation (or with a total of 1) is converted at
 *    once: USRDTU_SMS_COMPLETE;
 *  - a part already held: USRDTU_SMS_DUPLICATE, nothing changes;
 *  - a part that completes its message: the parts in order are converted
 *    into text (as usrdtu_sms_deliver_text(), across part boundaries, so an
 *    escape or surrogate pair split between parts still decodes), the
 *    message leaves the table, USRDTU_SMS_COMPLETE;
 *  - otherwise the part is kept: USRDTU_SMS_STORED. A new message takes a
 *    free slot; with none free, or no free part buffer, the message whose
 *    latest part is oldest is dropped to make room (stats.evicted).
 * *text_len is set on COMPLETE only. Errors: USRDTU_ERR_INVAL for NULL, a
 * body too long or a coding out of range, and for a part whose coding
 * differs from the parts held for its message (dropped, stats.mismatched);
 * USRDTU_ERR_NOSPC for a message of more parts than the table holds
 * (dropped, stats.too_long) and for a complete message whose text does not
 * fit cap (dropped, stats.no_space; USRDTU_SMS_REASM_TEXT_MAX always fits).
 */
int usrdtu_sms_reassembly_add(struct usrdtu_sms_reassembly *r, const struct usrdtu_sms_deliver *msg,
			      uint32_t now_ms, uint8_t *text, size_t cap, size_t *text_len);

/*
 * Drops the messages whose latest part is timeout_ms old or older at now_ms.
 * Returns how many it dropped (or USRDTU_ERR_INVAL for NULL).
 */
int usrdtu_sms_reassembly_expire(struct usrdtu_sms_reassembly *r, uint32_t now_ms);

/*
 * Milliseconds from now_ms until the next message would time out (0 when
 * one already has), USRDTU_NO_DEADLINE when the table is empty or r is NULL.
 */
uint32_t usrdtu_sms_reassembly_next_ms(const struct usrdtu_sms_reassembly *r, uint32_t now_ms);

/* Messages in the table now. */
unsigned usrdtu_sms_reassembly_pending(const struct usrdtu_sms_reassembly *r);

#ifdef __cplusplus
}
#endif

/* Last, so that struct usrdtu (which holds a reassembly table) sees the
 * types above whichever header comes first. */
#include "usrdtu/usrdtu.h" /* enum usrdtu_err, USRDTU_NO_DEADLINE */

#endif /* USRDTU_SMS_PDU_H */
