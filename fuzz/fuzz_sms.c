/*
 * libFuzzer target over the SMS side of the engine (src/sms_mode.c):
 * received PDUs (raw, and well-formed 8-bit ones whose text the input
 * chooses, so that SMS AT runs), send outcomes, serial frames in the SMS work
 * mode, and the retry, time-out and reassembly timers.
 *
 * Input format:
 *   byte 0     bit 0  profile: gprs232 or cat1
 *              bit 1  boot into the SMS work mode (else the factory mode)
 *              bit 2  sms_send fails at once from the start
 *   then operations, each an opcode byte (low 3 bits) and its operands:
 *     0 n bytes          serial bytes (n % 64 + 1 of them)
 *     1 n bytes          a raw PDU for usrdtu_sms_rx (n % 200 + 1 bytes)
 *     2 n bytes          an 8-bit SMS-DELIVER from +8613800138000 (or, with
 *                        bit 3 of the opcode, from 1008610010) carrying
 *                        those bytes (n % 140 + 1), e.g. "usr.cn#AT+..."
 *     3                  the port reports the PDU in flight sent
 *     4                  ... failed
 *     5 d                the clock moves d * 997 ms, then usrdtu_poll
 *     6                  poll exactly at usrdtu_next_poll_ms
 *     7                  sms_send from now fails at once / works (toggle)
 *
 * The HAL checks the contract: one PDU in flight at a time, PDUs within
 * USRDTU_SMS_PDU_MAX that decode as SMS-SUBMIT with the TPDU length given,
 * and the counters never report more outcomes than sends.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "usrdtu/usrdtu.h"

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OPS_MAX 2048u

static struct {
	uint32_t now;
	int in_flight;
	int fail_now;
	uint32_t sends;
	uint32_t sent_at; /* when the PDU in flight went */
} port;
static struct usrdtu dtu;

static uint32_t hal_now_ms(void *ctx)
{
	(void)ctx;
	return port.now;
}

static int hal_sms_send(void *ctx, const uint8_t *pdu, size_t len, size_t tpdu_len)
{
	struct usrdtu_sms_deliver d;

	(void)ctx;
	/* the engine gives a silent port up after its time-out only */
	if (port.in_flight && port.now - port.sent_at < USRDTU_CFG_SMS_SEND_TIMEOUT_MS)
		fuzz_fail("sms_send with a PDU in flight");
	if (pdu == NULL || len == 0 || len > USRDTU_SMS_PDU_MAX)
		fuzz_fail("sms_send with a bad PDU length");
	if ((int)tpdu_len != usrdtu_sms_tpdu_length(pdu, len))
		fuzz_fail("sms_send with a wrong TPDU length");
	if (usrdtu_sms_submit_decode(pdu, len, &d) != 0)
		fuzz_fail("sms_send with a PDU that does not decode");
	port.sends++;
	if (port.fail_now)
		return USRDTU_ERR_IO;
	port.in_flight = 1;
	port.sent_at = port.now;
	return 0;
}

static const struct usrdtu_hal hal = {
	.serial_write = fuzz_serial_write,
	.now_ms = hal_now_ms,
	.sms_send = hal_sms_send,
};

static void serial(const void *bytes, size_t len)
{
	if (usrdtu_serial_rx(&dtu, bytes, len, port.now) != USRDTU_OK)
		fuzz_fail("usrdtu_serial_rx failed");
}

static void advance(uint32_t ms)
{
	port.now += ms;
	usrdtu_poll(&dtu, port.now);
}

static void boot(uint8_t flags)
{
	memset(&port, 0, sizeof port);
	port.now = 1000;
	port.fail_now = (flags & 4u) != 0;
	if (usrdtu_init(&dtu, usrdtu_profile_find((flags & 1u) ? "cat1" : "gprs232"), &hal, &port) !=
	    USRDTU_OK)
		fuzz_fail("usrdtu_init failed");
	if (!(flags & 2u))
		return;
	advance(1000);
	serial("+++", 3);
	advance(10);
	serial("a", 1);
	advance(10);
	if (flags & 1u)
		serial("AT+WKMOD=SMS\rAT+DSTNUM=13800138000\rAT+S\r", 40);
	else
		serial("AT+WKMOD=\"SMS\"\rAT+DSTNUM=\"13800138000\"\rAT+S\r", 44);
}

/* An 8-bit SMS-DELIVER carrying text. */
static size_t deliver(uint8_t *pdu, int short_sender, const uint8_t *text, size_t len)
{
	static const uint8_t intl[] = {0x00, 0x04, 0x0D, 0x91, 0x68, 0x31, 0x08, 0x10, 0x83, 0x00, 0xF0};
	static const uint8_t local[] = {0x00, 0x04, 0x0A, 0x81, 0x01, 0x80, 0x16, 0x08, 0x01};
	static const uint8_t tail[] = {0x00, 0x04, 0x62, 0x11, 0x32, 0x41, 0x00, 0x00, 0x23};
	size_t n = short_sender ? sizeof local : sizeof intl;

	memcpy(pdu, short_sender ? local : intl, n);
	memcpy(pdu + n, tail, sizeof tail);
	n += sizeof tail;
	pdu[n++] = (uint8_t)len;
	memcpy(pdu + n, text, len);
	return n + len;
}

static void check_counts(void)
{
	const struct usrdtu_sms_stats *st = usrdtu_get_sms_stats(&dtu);

	if (st->tx_parts + st->tx_failed_parts > port.sends)
		fuzz_fail("more outcomes counted than PDUs sent");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 1;
	unsigned ops;

	if (size == 0)
		return 0;
	boot(data[0]);
	for (ops = 0; ops < OPS_MAX && pos < size; ops++) {
		uint8_t op = data[pos++];
		size_t n;
		int r;

		switch (op & 7u) {
		case 0:
			if (pos >= size)
				break;
			n = data[pos++] % 64u + 1u;
			if (n > size - pos)
				n = size - pos;
			serial(data + pos, n);
			pos += n;
			break;
		case 1:
			if (pos >= size)
				break;
			n = data[pos++] % 200u + 1u;
			if (n > size - pos)
				n = size - pos;
			r = usrdtu_sms_rx(&dtu, data + pos, n, port.now);
			if (r != USRDTU_OK && r != USRDTU_ERR_INVAL)
				fuzz_fail("usrdtu_sms_rx: unexpected result");
			pos += n;
			break;
		case 2: {
			uint8_t pdu[USRDTU_SMS_PDU_MAX];

			if (pos >= size)
				break;
			n = data[pos++] % 140u + 1u;
			if (n > size - pos)
				n = size - pos;
			if (usrdtu_sms_rx(&dtu, pdu, deliver(pdu, (op & 8u) != 0, data + pos, n), port.now) !=
			    USRDTU_OK)
				fuzz_fail("a valid PDU was refused");
			pos += n;
			break;
		}
		case 3:
		case 4: {
			int was = port.in_flight;
			int expired = was && port.now - port.sent_at >= USRDTU_CFG_SMS_SEND_TIMEOUT_MS;

			/* the next PDU may go out inside the call */
			port.in_flight = 0;
			r = usrdtu_sms_event(&dtu, (op & 7u) == 3 ? USRDTU_SMS_SENT : USRDTU_SMS_FAILED,
					     port.now);
			if (r != USRDTU_OK && r != USRDTU_ERR_NOENT)
				fuzz_fail("usrdtu_sms_event: unexpected result");
			if (!expired && was != (r == USRDTU_OK))
				fuzz_fail("usrdtu_sms_event disagrees about the PDU in flight");
			break;
		}
		case 5:
			if (pos >= size)
				break;
			advance((uint32_t)data[pos++] * 997u);
			break;
		case 6: {
			uint32_t wait = usrdtu_next_poll_ms(&dtu, port.now);

			if (wait != USRDTU_NO_DEADLINE)
				advance(wait);
			break;
		}
		default:
			port.fail_now = !port.fail_now;
			break;
		}
		check_counts();
	}
	return 0;
}
