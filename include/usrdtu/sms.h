/*
 * SMS work mode, SMS AT and AT+SMSEND (SPEC section 8): the engine's side of
 * the modem. Include usrdtu/usrdtu.h; this header is part of it.
 *
 * The port moves PDUs, the engine builds and reads them (usrdtu/sms_pdu.h):
 *  - out: the HAL's sms_send() gets one SMS-SUBMIT PDU at a time (binary,
 *    SMSC field first) and reports the outcome later with
 *    usrdtu_sms_event(USRDTU_SMS_SENT or USRDTU_SMS_FAILED);
 *  - in: the port gives every received SMS-DELIVER PDU (SMSC field first, as
 *    AT+CMGR and +CMT show it in PDU mode, hex already decoded) to
 *    usrdtu_sms_rx().
 * Messages wait in a bounded queue (USRDTU_CFG_SMS_TX_BYTES); what cannot be
 * queued or sent is counted in struct usrdtu_sms_stats.
 */

/* Outside the guard on purpose: whichever of sms_pdu.h, sms.h and usrdtu.h
 * is included first, the types below are complete before struct usrdtu. */
#include "usrdtu/sms_pdu.h"

#ifndef USRDTU_SMS_H
#define USRDTU_SMS_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/config.h"

#ifdef __cplusplus
extern "C" {
#endif

struct usrdtu;

/* What the port reports about the PDU sms_send() took. */
enum usrdtu_sms_result {
	USRDTU_SMS_SENT = 0,  /* the modem answered +CMGS */
	USRDTU_SMS_FAILED = 1 /* ERROR, +CMS ERROR, or the port's own time-out */
};

/* Counters: with these nothing is lost silently. Messages are frames of the
 * SMS work mode, AT+SMSEND texts and SMS AT replies. */
struct usrdtu_sms_stats {
	uint32_t tx_messages;      /* messages queued */
	uint32_t tx_parts;         /* PDUs the port reported sent */
	uint32_t tx_failed_parts;  /* PDUs given up after USRDTU_CFG_SMS_SEND_ATTEMPTS tries */
	uint32_t tx_retries;       /* PDUs sent again after a failure */
	uint32_t tx_timeouts;      /* PDUs the port never reported (counted as failures) */
	uint32_t tx_dropped;       /* messages not queued: queue full, no modem, no number */
	uint32_t tx_dropped_bytes;
	uint32_t rx_pdus;          /* PDUs given to usrdtu_sms_rx() */
	uint32_t rx_bad;           /* ... that were no valid SMS-DELIVER */
	uint32_t rx_messages;      /* whole messages (after reassembly) */
	uint32_t rx_to_serial;     /* messages written to the serial port */
	uint32_t rx_filtered;      /* cat1 SMSFLT: from another number than DSTNUM */
	uint32_t rx_dropped;       /* not in the SMS work mode, or in command mode */
	uint32_t at_messages;      /* SMS AT messages run */
	uint32_t at_reply_cut;     /* SMS AT replies longer than USRDTU_CFG_SMS_REPLY_MAX */
};

/* Bytes a queued message needs besides its text. */
#define USRDTU_SMS_RECORD_HEAD (7 + USRDTU_SMS_ADDRESS_MAX)
#if USRDTU_CFG_SMS_TX_BYTES < 256 || USRDTU_CFG_SMS_TX_BYTES > 65535
#error "USRDTU_CFG_SMS_TX_BYTES must be 256..65535"
#endif
#if USRDTU_CFG_SMS_REPLY_MAX < 16 || USRDTU_CFG_SMS_REPLY_MAX > 65535
#error "USRDTU_CFG_SMS_REPLY_MAX must be 16..65535"
#endif
#if USRDTU_CFG_SMS_RX_TEXT_MAX != 0
#define USRDTU_SMS_RX_TEXT_BYTES USRDTU_CFG_SMS_RX_TEXT_MAX
#else
#define USRDTU_SMS_RX_TEXT_BYTES USRDTU_SMS_REASM_TEXT_MAX
#endif

#if USRDTU_CFG_SMS
/* The engine's SMS state (src/sms_mode.c). Private: use the functions below. */
struct usrdtu_sms {
	struct usrdtu_sms_stats stats;
	struct usrdtu_sms_reassembly reasm;
	uint32_t sent_ms;    /* when the PDU in flight went to the port */
	uint32_t retry_ms;   /* when a failed PDU may go again */
	uint32_t q_len;      /* bytes used in queue */
	uint16_t reply_len;
	uint16_t next_ref;   /* concatenation reference of the next message */
	uint8_t part;        /* part of the oldest message to send next, from 1 */
	uint8_t in_flight;   /* 1: the port has a PDU and has not reported */
	uint8_t retry_due;   /* 1: the current part failed and waits for retry_ms */
	uint8_t attempts;    /* tries of the current part so far */
	uint8_t reply_over;  /* the reply being collected did not fit */
	uint8_t ready;       /* reasm is initialised */
	uint8_t queue[USRDTU_CFG_SMS_TX_BYTES];
	uint8_t reply[USRDTU_CFG_SMS_REPLY_MAX];
	uint8_t rx_text[USRDTU_SMS_RX_TEXT_BYTES];
};
#else
/* SMS left out (USRDTU_CFG_SMS 0): nothing to keep; no counters (SMS-mode
 * frames are counted in usrdtu_stats.frames_dropped). */
struct usrdtu_sms {
	uint8_t unused;
};
#endif

/*
 * A received SMS-DELIVER PDU (SMSC field first). Concatenated parts are held
 * until the message is whole. A whole message that starts with the command
 * password runs as SMS AT (its replies go back by SMS to the sender); else,
 * in the SMS work mode's data mode, its text goes to the serial port as
 * UTF-8 (8-bit data as its raw octets), subject to cat1 SMSFLT. 0,
 * USRDTU_ERR_INVAL for a PDU that does not decode (counted), USRDTU_ERR_BUSY
 * from inside a HAL callback, USRDTU_ERR_NOTSUP in a profile without SMS
 * (g781, m0: no AT+DSTNUM) or with SMS compiled out.
 */
int usrdtu_sms_rx(struct usrdtu *dev, const uint8_t *pdu, size_t len, uint32_t now_ms);

/*
 * The outcome of the PDU the latest sms_send() took. The next PDU goes out
 * from inside this call. USRDTU_ERR_NOENT when no PDU is in flight,
 * USRDTU_ERR_BUSY from inside a HAL callback (report after it returned).
 */
int usrdtu_sms_event(struct usrdtu *dev, enum usrdtu_sms_result result, uint32_t now_ms);

/* The SMS counters, and those of the reassembly table; NULL when SMS is
 * compiled out (USRDTU_CFG_SMS 0) or dev is NULL. */
const struct usrdtu_sms_stats *usrdtu_get_sms_stats(const struct usrdtu *dev);
const struct usrdtu_sms_reassembly_stats *usrdtu_get_sms_reassembly_stats(const struct usrdtu *dev);
/* Messages waiting to be sent (the one in flight included). */
unsigned usrdtu_sms_queued(const struct usrdtu *dev);

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_SMS_H */
