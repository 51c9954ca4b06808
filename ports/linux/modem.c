/*
 * The --modem dialogue (modem.h). Lines from the modem end with CR and/or
 * LF; the only thing that does not is AT+CMGS's "> " prompt, recognised as
 * a line of its own while a send waits for it.
 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* cfmakeraw */
#endif

#include "modem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "log.h"

#define INIT_TIMEOUT_MS 5000u
#define PROMPT_TIMEOUT_MS 10000u
/* Below the engine's USRDTU_CFG_SMS_SEND_TIMEOUT_MS, so that the engine
 * always hears the outcome from here first. */
#define SEND_TIMEOUT_MS 60000u
#define READ_TIMEOUT_MS 10000u
#define CTRL_Z "\x1A"
#define ESC "\x1B"

static const char *const init_commands[] = {
	"ATE0\r",              /* no echo: replies only */
	"AT+CPIN?\r",          /* the SIM: READY, or the code it waits for */
	"AT+CMGF=0\r",         /* PDU mode */
	"AT+CNMI=2,1,0,0,0\r", /* +CMTI: "SM",<index> for each new message */
	"AT+CMGL=4\r",         /* messages already stored: each is read and deleted */
};
#define INIT_COUNT (sizeof init_commands / sizeof init_commands[0])
/* The SIM step: before the SMS commands, which a locked SIM refuses. */
#define INIT_SIM 1u

static void out_append(struct modem *m, const char *s, size_t len)
{
	if (len > sizeof m->out - m->out_len) {
		log_error("modem: output buffer full, %lu bytes dropped", (unsigned long)len);
		return;
	}
	memcpy(m->out + m->out_len, s, len);
	m->out_len += len;
}

static void out_text(struct modem *m, const char *s)
{
	out_append(m, s, strlen(s));
}

static void command(struct modem *m, enum modem_step step, const char *text, uint32_t timeout_ms,
		    uint32_t now_ms)
{
	if (step == MODEM_CPIN_ENTER)
		log_debug("modem: > AT+CPIN=<the stored PIN>"); /* the PIN stays out of logs */
	else
		log_debug("modem: > %.*s", (int)strcspn(text, "\r"), text);
	out_text(m, text);
	m->step = step;
	m->failed = 0;
	m->deadline_ms = now_ms + timeout_ms;
}

void modem_none(struct modem *m)
{
	memset(m, 0, sizeof *m);
	m->fd = -1;
	m->send_outcome = -1;
}

int modem_open(struct modem *m, const char *path, uint32_t now_ms)
{
	struct termios tio;

	modem_none(m);
	m->path = path;
	m->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (m->fd < 0) {
		log_error("modem %s: %s", path, strerror(errno));
		return -1;
	}
	if (tcgetattr(m->fd, &tio) == 0) {
		cfmakeraw(&tio);
		cfsetispeed(&tio, B115200);
		cfsetospeed(&tio, B115200);
		tio.c_cflag |= CLOCAL | CREAD;
		if (tcsetattr(m->fd, TCSANOW, &tio) != 0)
			log_error("modem %s: cannot set the line: %s", path, strerror(errno));
	}
	m->step = MODEM_IDLE;
	m->init_index = 0;
	modem_step(m, now_ms);
	return 0;
}

void modem_close(struct modem *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
}

int modem_submit(struct modem *m, const uint8_t *pdu, size_t len, size_t tpdu_len)
{
	if (m->fd < 0)
		return USRDTU_ERR_IO;
	if (m->send_waiting || m->step == MODEM_CMGS || m->step == MODEM_CMGS_BODY)
		return USRDTU_ERR_BUSY; /* the engine sends one at a time: not expected */
	if (usrdtu_sms_hex_encode(pdu, len, m->send_hex, sizeof m->send_hex) < 0)
		return USRDTU_ERR_INVAL;
	m->send_tpdu_len = tpdu_len;
	m->send_waiting = 1;
	return 0;
}

static void send_done(struct modem *m, enum usrdtu_sms_result result)
{
	m->send_outcome = (int)result;
	if (result == USRDTU_SMS_SENT)
		m->sent++;
	else
		m->failures++;
	m->step = MODEM_IDLE;
}

void modem_engine_restarted(struct modem *m, const char *pin)
{
	size_t len = strlen(pin);

	if (len >= sizeof m->sim_pin)
		len = 0; /* the engine never holds one that long: treated as none */
	memcpy(m->sim_pin, pin, len);
	m->sim_pin[len] = '\0';
	m->sim_pin_known = 1;
	m->sim_recheck = 1;
}

/* AT+CPIN="<pin>" takes the PIN inside quotes: only digits go there. */
static int sim_pin_usable(const char *pin)
{
	size_t i;

	for (i = 0; pin[i] != '\0'; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return 0;
	return i > 0;
}

/* The SIM stays locked until the engine restarts: the SMS commands, which
 * it would refuse, are skipped and the engine hears of it once. */
static void sim_stays_locked(struct modem *m, const char *why)
{
	log_error("modem: the SIM stays locked (%s)", why);
	m->sim_locked = 1;
	m->sim_report_due = 1;
	m->sim_pin_due = 0;
	m->init_index = INIT_COUNT;
}

static void sim_go_on(struct modem *m)
{
	m->sim_pin_due = 0;
	m->init_index = INIT_SIM + 1;
}

/* AT+CPIN? answered OK, with the code of its +CPIN: line in sim_code. */
static void sim_state_known(struct modem *m)
{
	if (m->sim_code[0] == '\0') {
		log_error("modem: AT+CPIN? gave no SIM state: going on");
		sim_go_on(m);
	} else if (strcmp(m->sim_code, "READY") == 0) {
		log_info("modem: SIM ready");
		sim_go_on(m);
	} else if (strcmp(m->sim_code, "SIM PIN") != 0) {
		char why[64];

		snprintf(why, sizeof why, "it asks for %s", m->sim_code);
		sim_stays_locked(m, why);
	} else if (m->sim_pin_tried) {
		sim_stays_locked(m, "it still asks for its PIN after the stored one");
	} else if (!sim_pin_usable(m->sim_pin)) {
		sim_stays_locked(m, "it asks for a PIN and none is stored");
	} else {
		m->sim_pin_due = 1;
	}
}

/* The modem answered the command out: OK (ok 1) or an error. */
static void command_done(struct modem *m, int ok, uint32_t now_ms)
{
	char buf[32];

	switch (m->step) {
	case MODEM_CPIN_QUERY:
		m->step = MODEM_IDLE;
		if (ok) {
			sim_state_known(m);
		} else {
			/* a modem without AT+CPIN, or no SIM at all: not a
			 * locked SIM, and nothing a PIN could change */
			log_error("modem: AT+CPIN? failed: the SIM state is unknown, going on");
			sim_go_on(m);
		}
		break;
	case MODEM_CPIN_ENTER:
		m->step = MODEM_IDLE;
		if (ok)
			log_info("modem: the SIM took the stored PIN");
		else
			sim_stays_locked(m, "it refused the stored PIN");
		/* else AT+CPIN? again, which tells whether it is READY now */
		break;
	case MODEM_INIT:
		if (!ok)
			log_error("modem: %.*s failed", (int)strcspn(init_commands[m->init_index], "\r"),
				  init_commands[m->init_index]);
		m->init_index++;
		m->step = MODEM_IDLE;
		break;
	case MODEM_CMGS:
	case MODEM_CMGS_BODY:
		send_done(m, ok ? USRDTU_SMS_SENT : USRDTU_SMS_FAILED);
		break;
	case MODEM_CMGR:
		/* read or not, the slot is freed: a message that cannot be read
		 * would otherwise fill the SIM */
		snprintf(buf, sizeof buf, "AT+CMGD=%u\r", m->reading);
		command(m, MODEM_CMGD, buf, READ_TIMEOUT_MS, now_ms);
		break;
	case MODEM_CMGD:
	case MODEM_IDLE:
		m->step = MODEM_IDLE;
		break;
	}
}

static void queue_read(struct modem *m, unsigned index)
{
	unsigned i;

	for (i = 0; i < m->read_count; i++)
		if (m->reads[i] == index)
			return;
	if (m->read_count == MODEM_READS_MAX) {
		/* left on the SIM: not lost, but not read until the next start */
		log_error("modem: too many messages announced, %u left on the SIM", index);
		return;
	}
	m->reads[m->read_count++] = index;
}

static void pdu_line(struct modem *m, const char *hex, size_t len)
{
	int n;

	if (m->rx_count == MODEM_RX_MAX) {
		m->rx_dropped++;
		log_error("modem: received PDU dropped, engine queue full");
		return;
	}
	n = usrdtu_sms_hex_decode(hex, len, m->rx[m->rx_count], sizeof m->rx[0]);
	if (n <= 0) {
		m->rx_dropped++;
		log_error("modem: a received PDU is no valid hex");
		return;
	}
	m->rx_len[m->rx_count++] = (size_t)n;
	m->received++;
}

static int starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(line, prefix, n) == 0;
}

static void handle_line(struct modem *m, const char *line, size_t len, uint32_t now_ms)
{
	log_debug("modem: < %.*s", (int)len, line);
	if (m->pdu_line_next) {
		m->pdu_line_next = 0;
		pdu_line(m, line, len);
		return;
	}
	if (m->skip_line_next) {
		m->skip_line_next = 0; /* a listed PDU: AT+CMGR reads it, then it is deleted */
		return;
	}
	if (starts(line, len, "AT"))
		return; /* echo, before ATE0 took effect */
	if (m->step == MODEM_CPIN_QUERY && starts(line, len, "+CPIN:")) {
		size_t from = 6, to = len, n;

		while (from < to && (line[from] == ' ' || line[from] == '"'))
			from++;
		while (to > from && (line[to - 1] == ' ' || line[to - 1] == '"'))
			to--;
		n = to - from < sizeof m->sim_code - 1 ? to - from : sizeof m->sim_code - 1;
		memcpy(m->sim_code, line + from, n);
		m->sim_code[n] = '\0';
		return;
	}
	if (starts(line, len, "+CMTI:")) {
		const char *comma = memchr(line, ',', len);

		if (comma != NULL)
			queue_read(m, (unsigned)strtoul(comma + 1, NULL, 10));
		return;
	}
	if (starts(line, len, "+CMGL:")) {
		queue_read(m, (unsigned)strtoul(line + 6, NULL, 10));
		m->skip_line_next = 1;
		return;
	}
	if (starts(line, len, "+CMT:") || starts(line, len, "+CMGR:")) {
		m->pdu_line_next = 1;
		return;
	}
	if (len == 2 && memcmp(line, "OK", 2) == 0) {
		command_done(m, 1, now_ms);
		return;
	}
	if ((len == 5 && memcmp(line, "ERROR", 5) == 0) || starts(line, len, "+CMS ERROR") ||
	    starts(line, len, "+CME ERROR"))
		command_done(m, 0, now_ms);
	/* +CMGS: <mr>, RING, unsolicited status: nothing to do */
}

void modem_read(struct modem *m, uint32_t now_ms)
{
	char buf[512];
	ssize_t n;
	int rounds;

	for (rounds = 0; rounds < 64 && m->fd >= 0; rounds++) {
		ssize_t i;

		n = read(m->fd, buf, sizeof buf);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
			log_error("modem %s: gone (%s)", m->path, n == 0 ? "end of file" : strerror(errno));
			modem_close(m);
			return;
		}
		if (n < 0)
			return;
		for (i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\r' || c == '\n') {
				if (m->line_len > 0 && !m->line_over)
					handle_line(m, m->line, m->line_len, now_ms);
				m->line_len = 0;
				m->line_over = 0;
				continue;
			}
			if (m->line_len == sizeof m->line) {
				m->line_over = 1; /* longer than any PDU: ignored */
				continue;
			}
			m->line[m->line_len++] = c;
			if (m->step == MODEM_CMGS && m->line_len == 2 && memcmp(m->line, "> ", 2) == 0) {
				m->line_len = 0;
				out_text(m, m->send_hex);
				out_text(m, CTRL_Z);
				m->step = MODEM_CMGS_BODY;
				m->deadline_ms = now_ms + SEND_TIMEOUT_MS;
			}
		}
	}
}

static void flush_out(struct modem *m)
{
	while (m->fd >= 0 && m->out_len > 0) {
		ssize_t n = write(m->fd, m->out, m->out_len);

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				log_error("modem %s: write failed: %s", m->path, strerror(errno));
				modem_close(m);
			}
			return;
		}
		memmove(m->out, m->out + n, m->out_len - (size_t)n);
		m->out_len -= (size_t)n;
	}
}

static int passed(uint32_t now_ms, uint32_t deadline_ms)
{
	return (int32_t)(now_ms - deadline_ms) >= 0;
}

void modem_step(struct modem *m, uint32_t now_ms)
{
	char buf[32];

	if (m->fd < 0) {
		if (m->send_waiting) { /* the modem went away: the engine hears it failed */
			m->send_waiting = 0;
			send_done(m, USRDTU_SMS_FAILED);
		}
		return;
	}
	if (m->step != MODEM_IDLE && passed(now_ms, m->deadline_ms)) {
		log_error("modem: no answer in time");
		if (m->step == MODEM_CMGS || m->step == MODEM_CMGS_BODY) {
			out_text(m, ESC); /* leaves the prompt, if the modem is still in it */
			send_done(m, USRDTU_SMS_FAILED);
		} else {
			if (m->step == MODEM_INIT)
				m->init_index++;
			else if (m->step == MODEM_CPIN_QUERY)
				sim_go_on(m); /* as for an error: not known to be locked */
			/* MODEM_CPIN_ENTER: AT+CPIN? tells whether the PIN was taken */
			m->step = MODEM_IDLE;
		}
		m->pdu_line_next = 0;
		m->skip_line_next = 0;
	}
	if (m->step == MODEM_IDLE && m->sim_recheck) {
		/* the engine restarted: it forgot any lock report, and its
		 * settings may hold another PIN */
		m->sim_recheck = 0;
		m->sim_locked = 0;
		m->sim_report_due = 0;
		m->sim_pin_due = 0;
		m->sim_pin_tried = 0;
		if (m->init_index > INIT_SIM)
			m->init_index = INIT_SIM;
	}
	if (m->step == MODEM_IDLE) {
		if (m->init_index < INIT_COUNT) {
			if (m->init_index != INIT_SIM) {
				command(m, MODEM_INIT, init_commands[m->init_index], INIT_TIMEOUT_MS, now_ms);
			} else if (m->sim_pin_due) {
				m->sim_pin_due = 0;
				m->sim_pin_tried = 1;
				m->sim_pin_attempts++;
				snprintf(buf, sizeof buf, "AT+CPIN=\"%s\"\r", m->sim_pin);
				command(m, MODEM_CPIN_ENTER, buf, INIT_TIMEOUT_MS, now_ms);
			} else if (m->sim_pin_known) {
				m->sim_code[0] = '\0';
				command(m, MODEM_CPIN_QUERY, init_commands[INIT_SIM], INIT_TIMEOUT_MS, now_ms);
			}
			/* else the engine has not started yet: it gives the PIN */
		} else if (m->send_waiting && m->sim_locked) {
			m->send_waiting = 0;
			log_error("modem: SMS not sent: the SIM is locked");
			send_done(m, USRDTU_SMS_FAILED);
		} else if (m->send_waiting) {
			m->send_waiting = 0;
			snprintf(buf, sizeof buf, "AT+CMGS=%lu\r", (unsigned long)m->send_tpdu_len);
			command(m, MODEM_CMGS, buf, PROMPT_TIMEOUT_MS, now_ms);
		} else if (m->read_count > 0) {
			m->reading = m->reads[0];
			memmove(m->reads, m->reads + 1, (m->read_count - 1) * sizeof m->reads[0]);
			m->read_count--;
			snprintf(buf, sizeof buf, "AT+CMGR=%u\r", m->reading);
			command(m, MODEM_CMGR, buf, READ_TIMEOUT_MS, now_ms);
		}
	}
	flush_out(m);
}

void modem_deliver(struct modem *m, struct usrdtu *dev, uint32_t now_ms)
{
	unsigned i;

	if (m->sim_report_due) {
		int err = usrdtu_sim_locked(dev, now_ms);

		if (err != USRDTU_ERR_BUSY)
			m->sim_report_due = 0;
		if (err == USRDTU_OK) {
			m->sim_lock_reports++;
			log_error("modem: SIM lock reported: the engine restarts in %lu s and tries again",
				  (unsigned long)(USRDTU_CFG_SIM_LOCK_RESTART_MS / 1000u));
		} else if (err == USRDTU_ERR_NOTSUP) {
			log_error("modem: this profile has no UCPIN: the SIM stays locked, no SMS");
		} else if (err != USRDTU_ERR_BUSY) {
			log_error("modem: the engine did not take the SIM lock report (error %d)", err);
		}
	}
	if (m->send_outcome >= 0) {
		enum usrdtu_sms_result r = (enum usrdtu_sms_result)m->send_outcome;

		m->send_outcome = -1;
		usrdtu_sms_event(dev, r, now_ms);
	}
	for (i = 0; i < m->rx_count; i++) {
		if (usrdtu_sms_rx(dev, m->rx[i], m->rx_len[i], now_ms) != 0)
			log_error("modem: a received PDU was not understood");
	}
	m->rx_count = 0;
}

uint32_t modem_next_ms(const struct modem *m, uint32_t now_ms)
{
	if (m->fd < 0)
		return UINT32_MAX;
	if (m->send_outcome >= 0 || m->rx_count > 0 || m->sim_report_due)
		return 0;
	if (m->step == MODEM_IDLE) {
		if (m->sim_recheck)
			return 0;
		if (m->init_index < INIT_COUNT) /* the SIM step waits for the engine's PIN */
			return (m->init_index != INIT_SIM || m->sim_pin_known) ? 0 : UINT32_MAX;
		return (m->send_waiting || m->read_count > 0) ? 0 : UINT32_MAX;
	}
	return passed(now_ms, m->deadline_ms) ? 0 : m->deadline_ms - now_ms;
}
