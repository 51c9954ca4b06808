/*
 * SMS work mode, SMS AT and AT+SMSEND (SPEC section 8, src/sms_mode.c):
 * frames become SMS-SUBMIT PDUs for DSTNUM (GSM 7-bit or UCS2, concatenated
 * when long), received SMS-DELIVER PDUs become serial text or run as SMS AT,
 * and every PDU the port could not send, or message with no room, is
 * counted. The modem is played by the test: it records the PDUs the engine
 * hands to sms_send() and reports outcomes with usrdtu_sms_event().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "mock_hal.h"
#include "usrdtu/sms_pdu.h"

#define SENT_MAX 64

static struct usrdtu dev;
static struct mock_hal m;
static struct usrdtu_hal hal;

/* What the scripted modem took. */
static struct {
	uint8_t pdu[SENT_MAX][USRDTU_SMS_PDU_MAX];
	size_t len[SENT_MAX];
	size_t tpdu_len[SENT_MAX];
	unsigned count;
	int result; /* what sms_send returns */
} modem;

static int modem_send(void *ctx, const uint8_t *pdu, size_t len, size_t tpdu_len)
{
	(void)ctx;
	assert_true(len <= USRDTU_SMS_PDU_MAX);
	if (modem.count < SENT_MAX) {
		memcpy(modem.pdu[modem.count], pdu, len);
		modem.len[modem.count] = len;
		modem.tpdu_len[modem.count] = tpdu_len;
	}
	modem.count++;
	return modem.result;
}

/* The i-th PDU sent, decoded; returns its text in buf (NUL-terminated). */
static struct usrdtu_sms_deliver sent(unsigned i, char *buf, size_t cap)
{
	struct usrdtu_sms_deliver d;
	int n;

	assert_true(i < modem.count);
	assert_int_equal(usrdtu_sms_submit_decode(modem.pdu[i], modem.len[i], &d), 0);
	assert_int_equal(modem.tpdu_len[i], modem.len[i] - 1 - modem.pdu[i][0]);
	n = usrdtu_sms_deliver_text(&d, (uint8_t *)buf, cap - 1);
	assert_true(n >= 0);
	buf[n] = 0;
	return d;
}

static void start(const struct usrdtu_profile *profile, int with_modem)
{
	memset(&modem, 0, sizeof modem);
	hal = mock_hal_ops;
	hal.sms_send = with_modem ? modem_send : NULL;
	mock_init(&m);
	assert_int_equal(usrdtu_init(&dev, profile, &hal, &m), 0);
	mock_clear(&m);
}

/* gprs232 in SMS mode with DSTNUM 13800138000. */
static void gprs232_sms_mode(int with_modem)
{
	start(&usrdtu_profile_gprs232, with_modem);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=\"off\"\r");
	assert_string_equal(mock_send(&dev, &m, "AT+WKMOD=\"SMS\"\r"), "\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+DSTNUM=\"13800138000\"\r"), "\r\nOK\r\n");
	mock_send(&dev, &m, "AT+S\r");
	assert_false(usrdtu_in_command_mode(&dev));
	mock_clear(&m);
}

static void cat1_sms_mode(void)
{
	start(&usrdtu_profile_cat1, 1);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=OFF\r");
	assert_string_equal(mock_send(&dev, &m, "AT+WKMOD=SMS\r"), "\r\nOK\r\n");
	assert_string_equal(mock_send(&dev, &m, "AT+DSTNUM=13800138000\r"), "\r\nOK\r\n");
	mock_send(&dev, &m, "AT+S\r");
	assert_false(usrdtu_in_command_mode(&dev));
	mock_clear(&m);
}

static void report(enum usrdtu_sms_result r)
{
	assert_int_equal(usrdtu_sms_event(&dev, r, m.now), 0);
}

/*
 * An SMS-DELIVER from `from` with `text`, made from the codec's SMS-SUBMIT
 * (the two differ only in the first octet, TP-MR, the validity period and the
 * time stamp). part 0: the whole text as one message (or the first part).
 */
static size_t deliver_pdu(uint8_t *out, const char *from, const void *text, size_t len, uint8_t coding,
			  unsigned part, uint16_t ref)
{
	struct usrdtu_sms_submit s;
	uint8_t submit[USRDTU_SMS_PDU_MAX];
	static const uint8_t scts[7] = {0x62, 0x11, 0x32, 0x41, 0x00, 0x00, 0x23};
	size_t i = 0, o = 0, addr_octets;
	int n;

	memset(&s, 0, sizeof s);
	s.to = from;
	s.text = text;
	s.text_len = len;
	s.coding = coding;
	s.vp_mode = USRDTU_SMS_VP_NONE;
	s.concat_ref = ref;
	n = usrdtu_sms_submit_encode(&s, part == 0 ? 1 : part, submit, sizeof submit);
	assert_true(n > 0);
	out[o++] = submit[i++];                           /* SMSC field: 00 */
	out[o++] = (uint8_t)(submit[i++] & 0x40);         /* DELIVER, UDHI kept */
	i++;                                              /* TP-MR */
	addr_octets = 2 + (submit[i] + 1u) / 2u;          /* length, type, digits */
	memcpy(out + o, submit + i, addr_octets + 2);     /* address, PID, DCS */
	o += addr_octets + 2;
	i += addr_octets + 2;
	memcpy(out + o, scts, sizeof scts);
	o += sizeof scts;
	memcpy(out + o, submit + i, (size_t)n - i);        /* UDL, UD */
	return o + (size_t)n - i;
}

/* Every part of text from `from`, in order. */
static int receive(const char *from, const char *text)
{
	struct usrdtu_sms_submit s;
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8];
	int parts, part, r = 0;

	memset(&s, 0, sizeof s);
	s.to = from;
	s.text = (const uint8_t *)text;
	s.text_len = strlen(text);
	s.coding = USRDTU_SMS_AUTO;
	parts = usrdtu_sms_submit_parts(&s);
	assert_true(parts >= 1);
	mock_clear(&m);
	for (part = 1; part <= parts && r == 0; part++) {
		size_t len = deliver_pdu(pdu, from, text, strlen(text), USRDTU_SMS_AUTO,
					 parts == 1 ? 0 : (unsigned)part, 5);

		r = usrdtu_sms_rx(&dev, pdu, len, m.now);
	}
	return r;
}

static const struct usrdtu_sms_stats *stats(void)
{
	return usrdtu_get_sms_stats(&dev);
}

/* ---- sending frames */

static void test_frame_goes_to_dstnum_as_gsm7(void **state)
{
	char text[400];
	struct usrdtu_sms_deliver d;

	(void)state;
	gprs232_sms_mode(1);
	mock_send_frame(&dev, &m, "Temp 21.5 C @home {ok}");
	assert_int_equal(modem.count, 1);
	d = sent(0, text, sizeof text);
	assert_string_equal(d.address.text, "13800138000");
	assert_int_equal(d.address.toa, 0x81);
	assert_int_equal(d.coding, USRDTU_SMS_GSM7);
	assert_int_equal(d.concat.total, 0);
	assert_string_equal(text, "Temp 21.5 C @home {ok}");
	assert_int_equal(m.frame_count, 0); /* not handed to frame_out */
	assert_int_equal(usrdtu_get_stats(&dev)->frames_out, 1);
	assert_int_equal(stats()->tx_messages, 1);
}

static void test_frame_outside_gsm7_goes_as_ucs2(void **state)
{
	char text[400];
	struct usrdtu_sms_deliver d;

	(void)state;
	gprs232_sms_mode(1);
	mock_send_frame(&dev, &m, "\xe6\xb8\xa9\xe5\xba\xa6 25"); /* "温度 25" */
	d = sent(0, text, sizeof text);
	assert_int_equal(d.coding, USRDTU_SMS_UCS2);
	assert_string_equal(text, "\xe6\xb8\xa9\xe5\xba\xa6 25");
}

static void test_frame_not_utf8_goes_as_8bit(void **state)
{
	static const uint8_t binary[] = {0x01, 0xFF, 0xFE, 0x00, 0x80};
	struct usrdtu_sms_deliver d;
	char text[400];

	(void)state;
	gprs232_sms_mode(1);
	mock_advance(&dev, &m, 300);
	usrdtu_serial_rx(&dev, binary, sizeof binary, m.now);
	mock_advance(&dev, &m, 300);
	d = sent(0, text, sizeof text);
	assert_int_equal(d.coding, USRDTU_SMS_8BIT);
	assert_int_equal(d.body_len, sizeof binary);
	assert_memory_equal(d.body, binary, sizeof binary);
}

static void test_long_frame_goes_as_concatenated_parts_one_at_a_time(void **state)
{
	char frame[401], text[400], joined[401] = "";
	struct usrdtu_sms_deliver d;
	unsigned i;

	(void)state;
	gprs232_sms_mode(1);
	for (i = 0; i < 400; i++)
		frame[i] = (char)('a' + i % 26);
	frame[400] = 0;
	mock_send_frame(&dev, &m, frame);
	/* one PDU in flight until the modem answers */
	assert_int_equal(modem.count, 1);
	assert_int_equal(usrdtu_sms_queued(&dev), 1);
	report(USRDTU_SMS_SENT);
	assert_int_equal(modem.count, 2);
	report(USRDTU_SMS_SENT);
	assert_int_equal(modem.count, 3);
	report(USRDTU_SMS_SENT);
	assert_int_equal(modem.count, 3);
	assert_int_equal(usrdtu_sms_queued(&dev), 0);
	for (i = 0; i < 3; i++) {
		d = sent(i, text, sizeof text);
		assert_int_equal(d.coding, USRDTU_SMS_GSM7);
		assert_int_equal(d.concat.total, 3);
		assert_int_equal(d.concat.seq, i + 1);
		assert_int_equal(d.concat.ref, sent(0, text, sizeof text).concat.ref);
		d = sent(i, text, sizeof text);
		strcat(joined, text);
	}
	assert_string_equal(joined, frame);
	assert_int_equal(stats()->tx_parts, 3);
	assert_int_equal(usrdtu_sms_event(&dev, USRDTU_SMS_SENT, m.now), USRDTU_ERR_NOENT);
}

static void test_next_message_gets_a_new_reference(void **state)
{
	char frame[201], text[400];
	uint16_t first;

	(void)state;
	gprs232_sms_mode(1);
	memset(frame, 'x', 200);
	frame[200] = 0;
	mock_send_frame(&dev, &m, frame);
	report(USRDTU_SMS_SENT);
	report(USRDTU_SMS_SENT);
	first = sent(0, text, sizeof text).concat.ref;
	mock_send_frame(&dev, &m, frame);
	assert_int_equal(modem.count, 3);
	assert_int_not_equal(sent(2, text, sizeof text).concat.ref, first);
}

static void test_failed_part_is_retried_then_counted(void **state)
{
	char text[400];

	(void)state;
	gprs232_sms_mode(1);
	mock_send_frame(&dev, &m, "one");
	mock_send_frame(&dev, &m, "two");
	assert_int_equal(modem.count, 1);
	report(USRDTU_SMS_FAILED);
	assert_int_equal(modem.count, 1); /* waits before the retry */
	mock_advance(&dev, &m, USRDTU_CFG_SMS_RETRY_MS - 1);
	assert_int_equal(modem.count, 1);
	mock_advance(&dev, &m, 1);
	assert_int_equal(modem.count, 2);
	sent(1, text, sizeof text);
	assert_string_equal(text, "one");
	report(USRDTU_SMS_FAILED);
	mock_advance(&dev, &m, USRDTU_CFG_SMS_RETRY_MS);
	assert_int_equal(modem.count, 3);
	report(USRDTU_SMS_FAILED); /* third try: given up, the next message goes */
	assert_int_equal(modem.count, 4);
	sent(3, text, sizeof text);
	assert_string_equal(text, "two");
	assert_int_equal(stats()->tx_failed_parts, 1);
	assert_int_equal(stats()->tx_retries, 2);
	report(USRDTU_SMS_SENT);
	assert_int_equal(stats()->tx_parts, 1);
}

static void test_port_refusing_at_once_counts_as_failure(void **state)
{
	(void)state;
	gprs232_sms_mode(1);
	modem.result = USRDTU_ERR_IO;
	mock_send_frame(&dev, &m, "lost");
	mock_advance(&dev, &m, 3 * USRDTU_CFG_SMS_RETRY_MS);
	assert_int_equal(modem.count, USRDTU_CFG_SMS_SEND_ATTEMPTS);
	assert_int_equal(stats()->tx_failed_parts, 1);
	assert_int_equal(usrdtu_sms_queued(&dev), 0);
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_NO_DEADLINE);
}

static void test_silent_port_times_out(void **state)
{
	(void)state;
	gprs232_sms_mode(1);
	mock_send_frame(&dev, &m, "hello");
	/* the frame ended a little before mock_send_frame returned */
	assert_true(usrdtu_next_poll_ms(&dev, m.now) <= USRDTU_CFG_SMS_SEND_TIMEOUT_MS);
	assert_true(usrdtu_next_poll_ms(&dev, m.now) > USRDTU_CFG_SMS_SEND_TIMEOUT_MS - 1000u);
	mock_advance(&dev, &m, USRDTU_CFG_SMS_SEND_TIMEOUT_MS);
	assert_int_equal(stats()->tx_timeouts, 1);
	mock_advance(&dev, &m, USRDTU_CFG_SMS_RETRY_MS);
	assert_int_equal(modem.count, 2);
}

static void test_queue_overflow_is_counted(void **state)
{
	char frame[1001];
	unsigned i, sent_frames = 0;

	(void)state;
	gprs232_sms_mode(1);
	memset(frame, 'q', 1000);
	frame[1000] = 0;
	for (i = 0; i < 10; i++)
		mock_send_frame(&dev, &m, frame);
	/* the queue holds what fits whole; the rest is counted, not lost silently */
	sent_frames = usrdtu_sms_queued(&dev);
	assert_true(sent_frames >= 1 && sent_frames < 10);
	assert_int_equal(stats()->tx_dropped, 10 - sent_frames);
	assert_int_equal(stats()->tx_dropped_bytes, (10 - sent_frames) * 1000);
	assert_int_equal(usrdtu_get_stats(&dev)->frames_dropped, 10 - sent_frames);
	assert_int_equal(stats()->tx_messages, sent_frames);
}

static void test_without_modem_frames_are_dropped_and_counted(void **state)
{
	(void)state;
	gprs232_sms_mode(0);
	mock_send_frame(&dev, &m, "hello");
	assert_int_equal(usrdtu_get_stats(&dev)->frames_dropped, 1);
	assert_int_equal(stats()->tx_dropped, 1);
	assert_int_equal(m.frame_count, 0);
}

/* ---- receiving */

static void test_received_sms_goes_to_serial(void **state)
{
	(void)state;
	gprs232_sms_mode(1);
	assert_int_equal(receive("+8613912345678", "Set temp 20 @ 5"), 0);
	assert_string_equal((char *)m.out, "Set temp 20 @ 5");
	/* UCS2 arrives as UTF-8 */
	assert_int_equal(receive("13912345678", "\xe5\xbc\x80\xe7\x81\xaf"), 0);
	assert_string_equal((char *)m.out, "\xe5\xbc\x80\xe7\x81\xaf");
	assert_int_equal(stats()->rx_to_serial, 2);
	assert_int_equal(modem.count, 0); /* no reply */
	/* an empty SMS writes nothing (found by fuzz_sms: no zero-length write) */
	assert_int_equal(receive("13912345678", ""), 0);
	assert_int_equal(m.out_len, 0);
	assert_int_equal(stats()->rx_messages, 3);
}

static void test_8bit_sms_reaches_serial_as_octets(void **state)
{
	static const uint8_t data[] = {0x00, 0xFF, 0x10, 0x80};
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8];
	size_t len;

	(void)state;
	gprs232_sms_mode(1);
	len = deliver_pdu(pdu, "13912345678", data, sizeof data, USRDTU_SMS_8BIT, 0, 0);
	mock_clear(&m);
	assert_int_equal(usrdtu_sms_rx(&dev, pdu, len, m.now), 0);
	assert_int_equal(m.out_len, sizeof data);
	assert_memory_equal(m.out, data, sizeof data);
}

static void test_concatenated_sms_is_reassembled(void **state)
{
	char text[321];
	uint8_t p1[USRDTU_SMS_PDU_MAX + 8], p2[USRDTU_SMS_PDU_MAX + 8];
	size_t l1, l2;

	(void)state;
	gprs232_sms_mode(1);
	memset(text, 'z', 200);
	memcpy(text + 190, "THE END", 7);
	text[200] = 0;
	l1 = deliver_pdu(p1, "13912345678", text, 200, USRDTU_SMS_GSM7, 1, 77);
	l2 = deliver_pdu(p2, "13912345678", text, 200, USRDTU_SMS_GSM7, 2, 77);
	mock_clear(&m);
	usrdtu_sms_rx(&dev, p2, l2, m.now); /* out of order */
	assert_int_equal(m.out_len, 0);
	usrdtu_sms_rx(&dev, p1, l1, m.now);
	assert_int_equal(m.out_len, 200);
	assert_memory_equal(m.out, text, 200);
	assert_int_equal(stats()->rx_pdus, 2);
	assert_int_equal(stats()->rx_messages, 1);
}

static void test_incomplete_message_times_out(void **state)
{
	char text[201];
	uint8_t p1[USRDTU_SMS_PDU_MAX + 8], p2[USRDTU_SMS_PDU_MAX + 8];
	size_t l1, l2;

	(void)state;
	gprs232_sms_mode(1);
	memset(text, 'k', 200);
	text[200] = 0;
	l1 = deliver_pdu(p1, "13912345678", text, 200, USRDTU_SMS_GSM7, 1, 9);
	l2 = deliver_pdu(p2, "13912345678", text, 200, USRDTU_SMS_GSM7, 2, 9);
	usrdtu_sms_rx(&dev, p1, l1, m.now);
	/* the engine's deadline includes the reassembly time-out */
	assert_int_equal(usrdtu_next_poll_ms(&dev, m.now), USRDTU_CFG_SMS_REASM_TIMEOUT_MS);
	mock_advance(&dev, &m, USRDTU_CFG_SMS_REASM_TIMEOUT_MS);
	assert_int_equal(usrdtu_get_sms_reassembly_stats(&dev)->timed_out, 1);
	assert_int_equal(usrdtu_get_sms_reassembly_stats(&dev)->dropped_parts, 1);
	mock_clear(&m);
	usrdtu_sms_rx(&dev, p2, l2, m.now); /* alone now: held, not delivered */
	assert_int_equal(m.out_len, 0);
	assert_int_equal(stats()->rx_messages, 0);
}

static void test_bad_pdu_is_counted(void **state)
{
	static const uint8_t junk[] = {0x00, 0x04, 0x0B};

	(void)state;
	gprs232_sms_mode(1);
	assert_int_equal(usrdtu_sms_rx(&dev, junk, sizeof junk, m.now), USRDTU_ERR_INVAL);
	assert_int_equal(stats()->rx_bad, 1);
	assert_int_equal(m.out_len, 0);
}

static void test_sms_outside_sms_mode_or_in_command_mode_is_counted(void **state)
{
	(void)state;
	gprs232_sms_mode(1);
	mock_enter_command(&dev, &m);
	assert_int_equal(receive("13912345678", "hello"), 0);
	assert_int_equal(m.out_len, 0);
	assert_int_equal(stats()->rx_dropped, 1);
	/* NET mode (gprs232 factory): no serial text either */
	start(&usrdtu_profile_gprs232, 1);
	assert_int_equal(receive("13912345678", "hello"), 0);
	assert_int_equal(m.out_len, 0);
	assert_int_equal(stats()->rx_dropped, 1);
}

static void test_smsflt_passes_only_dstnum_on_cat1(void **state)
{
	(void)state;
	cat1_sms_mode(); /* SMSFLT is on by default (002 4.79) */
	assert_int_equal(receive("+8613912345678", "stranger"), 0);
	assert_int_equal(m.out_len, 0);
	assert_int_equal(stats()->rx_filtered, 1);
	assert_int_equal(receive("+8613800138000", "with country code"), 0);
	assert_string_equal((char *)m.out, "with country code");
	assert_int_equal(receive("13800138000", "as stored"), 0);
	assert_string_equal((char *)m.out, "as stored");
	assert_int_equal(receive("008613800138000", "00 prefix"), 0);
	assert_string_equal((char *)m.out, "00 prefix");

	mock_enter_command(&dev, &m);
	assert_string_equal(mock_send(&dev, &m, "AT+SMSFLT=OFF\r"), "\r\nOK\r\n");
	mock_send(&dev, &m, "AT+S\r");
	assert_int_equal(receive("+8613912345678", "stranger"), 0);
	assert_string_equal((char *)m.out, "stranger");
}

static void test_number_match(void **state)
{
	(void)state;
	assert_true(sms_number_match("13800138000", "13800138000"));
	assert_true(sms_number_match("+8613800138000", "13800138000"));
	assert_true(sms_number_match("008613800138000", "+8613800138000"));
	assert_true(sms_number_match("+4917012345678", "017012345678")); /* trunk 0 */
	assert_false(sms_number_match("13800138001", "13800138000"));
	assert_false(sms_number_match("+8613912345678", "13800138000"));
	assert_false(sms_number_match("12345", "+4912345")); /* too short to match by its end */
	assert_false(sms_number_match("", "13800138000"));
	assert_false(sms_number_match("+", "+"));
}

/* ---- SMS AT */

static void test_sms_at_replies_by_sms_to_the_sender(void **state)
{
	char text[400];
	struct usrdtu_sms_deliver d;

	(void)state;
	gprs232_sms_mode(1);
	assert_int_equal(receive("+8613912345678", "usr.cn#AT+VER;"), 0);
	assert_int_equal(m.out_len, 0); /* nothing on the serial port */
	assert_int_equal(modem.count, 1);
	d = sent(0, text, sizeof text);
	assert_string_equal(d.address.text, "+8613912345678");
	assert_int_equal(d.address.toa, 0x91);
	assert_string_equal(text, "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	assert_int_equal(stats()->at_messages, 1);
}

static void test_sms_at_runs_several_commands(void **state)
{
	char text[400];

	(void)state;
	gprs232_sms_mode(1);
	receive("13912345678", "usr.cn#AT+HEARTTM=45;AT+HEARTTM?;AT+STMSG=\"a;b\";AT+STMSG?");
	sent(0, text, sizeof text);
	assert_string_equal(text, "\r\nOK\r\n\r\n+HEARTTM:45\r\n\r\nOK\r\n\r\nOK\r\n\r\n+STMSG:\"a;b\"\r\n\r\nOK\r\n");
	assert_int_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 45);
	/* without ';' after a single command, and with CR */
	report(USRDTU_SMS_SENT);
	receive("13912345678", "usr.cnAT+VER");
	sent(1, text, sizeof text);
	assert_string_equal(text, "\r\n+VER:V1.0.0\r\n\r\nOK\r\n");
	report(USRDTU_SMS_SENT);
	receive("13912345678", "usr.cn#AT+NOPE;");
	sent(2, text, sizeof text);
	assert_string_equal(text, "\r\n+CME ERROR:58\r\n");
}

static void test_sms_at_wrong_password_is_data(void **state)
{
	(void)state;
	gprs232_sms_mode(1);
	assert_int_equal(receive("13912345678", "usr.cx#AT+VER;"), 0);
	assert_string_equal((char *)m.out, "usr.cx#AT+VER;");
	assert_int_equal(modem.count, 0);
	assert_int_equal(stats()->at_messages, 0);
	/* in NET mode it goes nowhere, and runs nothing */
	start(&usrdtu_profile_gprs232, 1);
	assert_int_equal(receive("13912345678", "usr.cx#AT+HEARTTM=45;"), 0);
	assert_int_equal(modem.count, 0);
	assert_int_not_equal(usrdtu_pending_settings(&dev)->heart_interval_s, 45);
}

static void test_sms_at_works_in_net_mode_and_survives_restart(void **state)
{
	char text[400];

	(void)state;
	start(&usrdtu_profile_gprs232, 1); /* factory: NET mode */
	receive("13912345678", "usr.cn#AT+HEARTTM=77;AT+S;");
	assert_int_equal(usrdtu_get_stats(&dev)->restarts, 2);
	assert_int_equal(usrdtu_active_settings(&dev)->heart_interval_s, 77);
	assert_int_equal(modem.count, 1);
	sent(0, text, sizeof text);
	assert_string_equal(text, "\r\nOK\r\n\r\nOK\r\n");
}

static void test_sms_at_on_cat1_with_hash_in_password(void **state)
{
	char text[400];

	(void)state;
	cat1_sms_mode();
	receive("+8613912345678", "usr.cn#AT+CSQ;"); /* SMSFLT does not apply to SMS AT */
	assert_int_equal(modem.count, 1);
	sent(0, text, sizeof text);
	assert_string_equal(text, "\r\n+CSQ: 27,99\r\n\r\nOK\r\n");
}

static void test_long_sms_at_reply_is_cut_and_counted(void **state)
{
	char cmd[600] = "usr.cn#";
	unsigned i;

	(void)state;
	gprs232_sms_mode(1);
	for (i = 0; i < 40; i++)
		strcat(cmd, "AT+VER;");
	/* 40 * 21 bytes of replies: more than one reply holds */
	receive("13912345678", cmd);
	assert_int_equal(stats()->at_reply_cut, 1);
	assert_int_equal(modem.count, 1);
	assert_int_equal(usrdtu_sms_queued(&dev), 1);
}

/* ---- AT+SMSEND */

static const char *command(const char *line)
{
	return mock_send(&dev, &m, line);
}

static void gprs232_command_mode(int with_modem)
{
	start(&usrdtu_profile_gprs232, with_modem);
	mock_enter_command(&dev, &m);
	mock_send(&dev, &m, "AT+E=\"off\"\r");
}

static void test_smsend_types(void **state)
{
	char text[400];
	struct usrdtu_sms_deliver d;

	(void)state;
	gprs232_command_mode(1);
	assert_string_equal(command("AT+SMSEND=\"1008610010\",1,\"ww.usr.cn\"\r"), "\r\nOK\r\n");
	d = sent(0, text, sizeof text);
	assert_string_equal(d.address.text, "1008610010");
	assert_int_equal(d.coding, USRDTU_SMS_GSM7);
	assert_string_equal(text, "ww.usr.cn");
	report(USRDTU_SMS_SENT);

	assert_string_equal(command("AT+SMSEND=\"+8613800138000\",2,\"ww.usr.cn\"\r"), "\r\nOK\r\n");
	d = sent(1, text, sizeof text);
	assert_string_equal(d.address.text, "+8613800138000");
	assert_int_equal(d.coding, USRDTU_SMS_8BIT);
	assert_string_equal(text, "ww.usr.cn");
	report(USRDTU_SMS_SENT);

	assert_string_equal(command("AT+SMSEND=\"1008610010\",3,\"\xe4\xbd\xa0\xe5\xa5\xbd usr\"\r"),
			    "\r\nOK\r\n");
	d = sent(2, text, sizeof text);
	assert_int_equal(d.coding, USRDTU_SMS_UCS2);
	assert_string_equal(text, "\xe4\xbd\xa0\xe5\xa5\xbd usr");
	/* ASCII as type 3 is UCS2 too */
	report(USRDTU_SMS_SENT);
	assert_string_equal(command("AT+SMSEND=\"1008610010\",3,\"ww.usr.cn\"\r"), "\r\nOK\r\n");
	assert_int_equal(sent(3, text, sizeof text).coding, USRDTU_SMS_UCS2);
}

static void smsend_repeat(char *line, size_t cap, int type, const char *unit, unsigned n)
{
	size_t len;
	unsigned i;

	len = (size_t)snprintf(line, cap, "AT+SMSEND=\"1008610010\",%d,\"", type);
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(line + len, cap - len, "%s", unit);
	snprintf(line + len, cap - len, "\"\r");
}

static void test_smsend_limits(void **state)
{
	static char line[1024];

	(void)state;
	gprs232_command_mode(1);
	modem.result = 0;
	smsend_repeat(line, sizeof line, 1, "a", 160);
	assert_string_equal(command(line), "\r\nOK\r\n");
	smsend_repeat(line, sizeof line, 1, "a", 161);
	assert_string_equal(command(line), "\r\n+CME ERROR:3\r\n");
	/* '{' takes two septets: 80 of them fill one SMS, 81 do not */
	smsend_repeat(line, sizeof line, 1, "{", 80);
	assert_string_equal(command(line), "\r\nOK\r\n");
	smsend_repeat(line, sizeof line, 1, "{", 81);
	assert_string_equal(command(line), "\r\n+CME ERROR:3\r\n");
	/* type 1 cannot carry Chinese */
	assert_string_equal(command("AT+SMSEND=\"1008610010\",1,\"\xe4\xbd\xa0\"\r"), "\r\n+CME ERROR:3\r\n");
	smsend_repeat(line, sizeof line, 2, "b", 140);
	assert_string_equal(command(line), "\r\nOK\r\n");
	smsend_repeat(line, sizeof line, 2, "b", 141);
	assert_string_equal(command(line), "\r\n+CME ERROR:3\r\n");
	smsend_repeat(line, sizeof line, 3, "\xe4\xbd\xa0", 70);
	assert_string_equal(command(line), "\r\nOK\r\n");
	smsend_repeat(line, sizeof line, 3, "\xe4\xbd\xa0", 71);
	assert_string_equal(command(line), "\r\n+CME ERROR:3\r\n");
	/* an emoji is two UCS2 units */
	smsend_repeat(line, sizeof line, 3, "\xf0\x9f\x98\x80", 35);
	assert_string_equal(command(line), "\r\nOK\r\n");
	smsend_repeat(line, sizeof line, 3, "\xf0\x9f\x98\x80\x41", 24);
	assert_string_equal(command(line), "\r\n+CME ERROR:3\r\n");
	assert_string_equal(command("AT+SMSEND=\"1008610010\",3,\"\xff\"\r"), "\r\n+CME ERROR:3\r\n");
	assert_int_equal(usrdtu_sms_queued(&dev), 5);
	/* one PDU each: every accepted text is a single SMS */
	while (usrdtu_sms_queued(&dev) > 0)
		report(USRDTU_SMS_SENT);
	assert_int_equal(stats()->tx_parts, 5);
	assert_int_equal(modem.count, 5);
}

static void test_smsend_errors(void **state)
{
	char line[600];
	unsigned i, ok = 0;

	(void)state;
	gprs232_command_mode(0);
	assert_string_equal(command("AT+SMSEND=\"1008610010\",1,\"ww.usr.cn\"\r"), "\r\n+CME ERROR:50\r\n");
	assert_string_equal(command("AT+SMSEND=\"1008610010\",4,\"x\"\r"), "\r\n+CME ERROR:3\r\n");
	assert_string_equal(command("AT+SMSEND=\"10086a\",1,\"x\"\r"), "\r\n+CME ERROR:3\r\n");
	assert_string_equal(command("AT+SMSEND=?\r"), "\r\n+SMSEND:<\"number\">,<1,2,3>,<\"data\">\r\n\r\nOK\r\n");
	/* the queue full: execution failed */
	gprs232_command_mode(1);
	smsend_repeat(line, sizeof line, 2, "c", 140);
	for (i = 0; i < 40; i++) {
		if (strcmp(command(line), "\r\nOK\r\n") == 0)
			ok++;
		else
			assert_string_equal((char *)m.out, "\r\n+CME ERROR:50\r\n");
	}
	assert_true(ok > 1 && ok < 40);
	assert_int_equal(stats()->tx_dropped, 40 - ok);
	assert_int_equal(usrdtu_sms_queued(&dev), ok);
}

/* g781 and m0 have no SMS in their manuals (no AT+DSTNUM): a PDU a port
 * hands over anyway is refused, never run as SMS AT nor answered by SMS. */
static void test_profiles_without_sms_refuse_received_pdus(void **state)
{
	(void)state;
	start(&usrdtu_profile_g781, 1);
	assert_int_equal(receive("+8613912345678", "www.usr.cnAT+VER"), USRDTU_ERR_NOTSUP);
	assert_int_equal(modem.count, 0);
	assert_int_equal(stats()->at_messages, 0);
	assert_int_equal(m.out_len, 0);
	start(&usrdtu_profile_m0, 1);
	assert_int_equal(receive("+8613912345678", "hello"), USRDTU_ERR_NOTSUP);
	assert_int_equal(stats()->rx_messages, 0);
}

/* Bad input never crashes: the counters of no device are NULL, as
 * usrdtu_get_http_stats(NULL) and usrdtu_get_ntp_stats(NULL) are. */
static void test_stats_of_no_device_are_null(void **state)
{
	(void)state;
	assert_null(usrdtu_get_sms_stats(NULL));
	assert_null(usrdtu_get_sms_reassembly_stats(NULL));
	assert_int_equal(usrdtu_sms_queued(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_goes_to_dstnum_as_gsm7),
		cmocka_unit_test(test_frame_outside_gsm7_goes_as_ucs2),
		cmocka_unit_test(test_frame_not_utf8_goes_as_8bit),
		cmocka_unit_test(test_long_frame_goes_as_concatenated_parts_one_at_a_time),
		cmocka_unit_test(test_next_message_gets_a_new_reference),
		cmocka_unit_test(test_failed_part_is_retried_then_counted),
		cmocka_unit_test(test_port_refusing_at_once_counts_as_failure),
		cmocka_unit_test(test_silent_port_times_out),
		cmocka_unit_test(test_queue_overflow_is_counted),
		cmocka_unit_test(test_without_modem_frames_are_dropped_and_counted),
		cmocka_unit_test(test_received_sms_goes_to_serial),
		cmocka_unit_test(test_8bit_sms_reaches_serial_as_octets),
		cmocka_unit_test(test_concatenated_sms_is_reassembled),
		cmocka_unit_test(test_incomplete_message_times_out),
		cmocka_unit_test(test_bad_pdu_is_counted),
		cmocka_unit_test(test_sms_outside_sms_mode_or_in_command_mode_is_counted),
		cmocka_unit_test(test_smsflt_passes_only_dstnum_on_cat1),
		cmocka_unit_test(test_number_match),
		cmocka_unit_test(test_sms_at_replies_by_sms_to_the_sender),
		cmocka_unit_test(test_sms_at_runs_several_commands),
		cmocka_unit_test(test_sms_at_wrong_password_is_data),
		cmocka_unit_test(test_sms_at_works_in_net_mode_and_survives_restart),
		cmocka_unit_test(test_sms_at_on_cat1_with_hash_in_password),
		cmocka_unit_test(test_long_sms_at_reply_is_cut_and_counted),
		cmocka_unit_test(test_smsend_types),
		cmocka_unit_test(test_smsend_limits),
		cmocka_unit_test(test_smsend_errors),
		cmocka_unit_test(test_stats_of_no_device_are_null),
		cmocka_unit_test(test_profiles_without_sms_refuse_received_pdus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
