/*
 * A real AT modem on a second serial device (--modem DEV) that carries the
 * engine's SMS: TS 27.005 in PDU mode. The engine builds and reads the
 * PDUs; this file only talks the modem's dialogue:
 *   init:    ATE0, the SIM (below), AT+CMGF=0 (PDU mode), AT+CNMI=2,1,0,0,0 (+CMTI for each
 *            new message; a modem that pushes +CMT: <alpha>,<len> and the PDU
 *            line instead is understood too), AT+CMGL=4 (messages stored
 *            before the start are read and deleted like new ones)
 *   send:    AT+CMGS=<tpdu length>, wait for "> ", PDU hex and Ctrl-Z, then
 *            +CMGS: <mr> / OK, or ERROR / +CMS ERROR
 *   receive: +CMTI: "SM",<index>  ->  AT+CMGR=<index> (+CMGR: ... and the
 *            PDU line), then AT+CMGD=<index> to free the SIM's slot
 *   SIM:     AT+CPIN? (TS 27.007). +CPIN: READY goes on; +CPIN: SIM PIN
 *            with a PIN stored (gprs232 UCPIN) sends AT+CPIN="<pin>" once
 *            and asks AT+CPIN? again. No PIN, a refused one, or any other
 *            code (SIM PUK ...) leaves the SIM locked: usrdtu_sim_locked()
 *            is called once, the SMS init is skipped and SMS fail at once
 *            until the engine restarts (it does 5 minutes later); each
 *            restart of the engine runs the SIM step again with the PIN
 *            the settings then hold. A refused PIN is never retried before
 *            that: a SIM blocks after three. An error or no answer to
 *            AT+CPIN? (a modem without it) is no locked SIM: the init goes on.
 * One command at a time, never blocking: the poll loop gives it the bytes
 * the modem sent and asks it for its deadline. Every wait is bounded.
 */
#ifndef USRDTU_LINUX_MODEM_H
#define USRDTU_LINUX_MODEM_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/usrdtu.h"

/* Message indexes waiting for AT+CMGR. */
#define MODEM_READS_MAX 16
/* Received PDUs waiting for the engine. */
#define MODEM_RX_MAX 8

enum modem_step {
	MODEM_IDLE = 0,
	MODEM_INIT,        /* an init command is out */
	MODEM_CMGS,        /* AT+CMGS sent: waiting for the "> " prompt */
	MODEM_CMGS_BODY,   /* the PDU sent: waiting for OK or an error */
	MODEM_CMGR,        /* AT+CMGR sent */
	MODEM_CMGD,        /* AT+CMGD sent */
	MODEM_CPIN_QUERY,  /* AT+CPIN? sent */
	MODEM_CPIN_ENTER   /* AT+CPIN="<pin>" sent */
};

struct modem {
	int fd;                /* -1: no modem */
	const char *path;
	enum modem_step step;
	unsigned init_index;   /* next init command */
	uint32_t deadline_ms;  /* the command out gives up then */
	int failed;            /* the command out answered an error */

	/* the PDU the engine handed over, as hex; sent when the modem is free */
	char send_hex[USRDTU_SMS_HEX_MAX + 1];
	size_t send_tpdu_len;
	int send_waiting;      /* 1: not yet written to the modem */
	int send_outcome;      /* -1 none, else enum usrdtu_sms_result for the engine */

	unsigned reads[MODEM_READS_MAX];
	unsigned read_count;
	unsigned reading;      /* index of the AT+CMGR / AT+CMGD out */
	int pdu_line_next;     /* the next line is a PDU (+CMT, +CMGR) */
	int skip_line_next;    /* the next line is a listed PDU (+CMGL), read later */
	int got_pdu;           /* AT+CMGR gave a PDU */

	uint8_t rx[MODEM_RX_MAX][USRDTU_SMS_PDU_MAX];
	size_t rx_len[MODEM_RX_MAX];
	unsigned rx_count;
	uint32_t rx_dropped;   /* PDUs lost: bad hex, too long, queue full */

	char line[USRDTU_SMS_HEX_MAX + 64]; /* the modem's line being read */
	size_t line_len;
	int line_over;
	char out[USRDTU_SMS_HEX_MAX + 64];  /* bytes for the modem not yet written */
	size_t out_len;

	uint32_t sent, failures, received;

	/* The SIM step of the init. The engine gives the PIN after each of
	 * its restarts (modem_engine_restarted). */
	char sim_pin[USRDTU_TEXT(USRDTU_PIN_LEN)];
	int sim_pin_known;     /* the engine gave the PIN once: the SIM step may run */
	int sim_recheck;       /* the engine restarted: the SIM step runs again */
	int sim_pin_due;       /* AT+CPIN="<pin>" is the next command */
	int sim_pin_tried;     /* the PIN went out since the last restart */
	char sim_code[24];     /* what the last +CPIN: said ("" none) */
	int sim_locked;        /* locked until the next restart: no SMS */
	int sim_report_due;    /* usrdtu_sim_locked() not yet called */
	uint32_t sim_pin_attempts, sim_lock_reports;
};

/* No modem: every call below does nothing. */
void modem_none(struct modem *m);
/* Opens the device (raw, 115200 8N1 when it is a tty) and starts the init
 * dialogue. 0, or -1 with the reason logged. */
int modem_open(struct modem *m, const char *path, uint32_t now_ms);
void modem_close(struct modem *m);

/* The engine (re)started (the HAL's restarted): `pin` is its active
 * settings' sim_pin ("" for none, and in profiles without UCPIN). The SIM
 * step runs again with it once the modem is free. */
void modem_engine_restarted(struct modem *m, const char *pin);

/* The HAL's sms_send: keeps the PDU until the modem is free. 0 or -err. */
int modem_submit(struct modem *m, const uint8_t *pdu, size_t len, size_t tpdu_len);

/* Reads what the modem sent and advances the dialogue. */
void modem_read(struct modem *m, uint32_t now_ms);
/* Writes what waits for the modem; starts the next command when it is free;
 * runs time-outs. */
void modem_step(struct modem *m, uint32_t now_ms);
/* Reports outcomes, received PDUs and a SIM that stays locked to the
 * engine. Not from a HAL call. */
void modem_deliver(struct modem *m, struct usrdtu *dev, uint32_t now_ms);
/* Milliseconds until modem_step has work (time-outs), UINT32_MAX if none. */
uint32_t modem_next_ms(const struct modem *m, uint32_t now_ms);
/* 1 when bytes wait to be written (poll for POLLOUT). */
static inline int modem_wants_write(const struct modem *m)
{
	return m->fd >= 0 && m->out_len > 0;
}

#endif /* USRDTU_LINUX_MODEM_H */
