/*
 * The SMS PDU codec (include/usrdtu/sms_pdu.h): published PDUs decode and
 * encode byte for byte, septet packing at every length and behind headers
 * of every size, the extension table, 8-bit data, UCS2 with surrogate
 * pairs, addresses, time stamps, concatenation both ways, splitting,
 * reassembly, and every class of malformed input. docs/sms.md describes
 * what is checked here.
 *
 * Where the published vectors come from (each test names its own):
 *
 *  [DF]  The "SMS and the PDU format" tutorial (dreamfabric.com), as
 *        mirrored at http://subnets.ru/saved/sms_pdu_format.html,
 *        http://www.turbocontrol.com/CoolStuff/SMS%20messages%20and%20the%20PDU%20format.htm
 *        and https://www.luteus.biz/Download/LoriotPro_Doc/SMS_Manager_Documentation/R01-SMS_PDU_EN.htm:
 *        the SMS-DELIVER and SMS-SUBMIT "hellohello", and the national
 *        form 0A81 7080523185 of the same number.
 *  [OF]  oFono's unit tests, unit/test-sms.c (e.g. github.com/VolvoGroup/ofono):
 *        simple_deliver ("How are you?", time zone -4), alnum_sender
 *        ("sipgate"), test_prepare_7bit ("This is testing !"),
 *        sms_charset_default and sms_charset_default_ext (the whole default
 *        alphabet and the extension table), ems_udh_test_1 and _2 (7-bit
 *        text behind long headers), assembly_pdu1-3 (a UCS2 message in
 *        three parts, 8-bit reference).
 *  [NK]  Nokia developer forum, "how to send UCS character":
 *        http://www.developer.nokia.com/Community/Discussion/showthread.php?13037-how-to-send-UCS-character&goto=nextnewest
 *        (a UCS2 SMS-DELIVER, two Arabic letters).
 *  [CS]  "SMS短信解码举例", https://www.csdndocs.com/article/9085087 (UCS2 "你好";
 *        the page prints the time as 155745, the bytes 51 75 45 say 15:57:54).
 *  [EC]  https://e-com-net.com/article/5337788.htm (+CMT: ,24 and a UCS2
 *        "你好" with first octet 24).
 *  [PP]  http://ppmy.cn/news/172198.html, also
 *        http://inextera.com/forum.php?mod=viewthread&ordertype=1&tid=1263
 *        (SMS-SUBMIT "工作愉快！" with the SMSC +8613800100500).
 *  [AV]  https://accessvba.blogsky.com/1402/03/22/post-763/ (8-bit data with
 *        a 16-bit-reference concatenation header, "Hi dude!").
 *  [VS]  http://archive.visualstudiomagazine.com/2004_09/magazine/columns/gettingstarted/Table2.aspx
 *        (SMS-SUBMIT with SMSC, MR E5, PID 20, VP AD).
 *  [9C]  https://9cbs.com/read-66701.html, example 02 (a DELIVER stamped +32
 *        quarters, China).
 *  [GW]  http://gsmworld.it/smspdu_scts.htm (time stamp 99 20 21 50 75 03 21 =
 *        12 Feb 1999 05:57:30 GMT+3).
 *  [NS]  alt.cellular.gsm, https://alt.cellular.gsm.narkive.com/GpcO5NkM/change-sms-id
 *        (user data 19 0A22080B912143658709F1 80B2CBE17919242FC3D979: a
 *        reply-address header, fill bits, "Please reply").
 *  [NO]  http://www.nokians.net/forum/gsm-usenet-discussions/9122-erorr-compile-pdu-2.html
 *        (alphanumeric originator 14 D0 32584C4683DD7239580C = "20124079901").
 *  [SPEC] Values built here from the text of TS 23.040 / 23.038 where no
 *        published PDU shows the case (negative zones other than -4, bad
 *        fields); marked as such.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "usrdtu/sms_pdu.h"

/* --- helpers ---------------------------------------------------------- */

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	int n = usrdtu_sms_hex_decode(hex, strlen(hex), out, cap);

	assert_true(n >= 0);
	return (size_t)n;
}

static void deliver_hex(const char *hex, struct usrdtu_sms_deliver *m)
{
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8];
	size_t n = unhex(hex, pdu, sizeof pdu);

	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, m), 0);
}

static void submit_hex(const char *hex, struct usrdtu_sms_deliver *m)
{
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8];
	size_t n = unhex(hex, pdu, sizeof pdu);

	assert_int_equal(usrdtu_sms_submit_decode(pdu, n, m), 0);
}

static int deliver_hex_rc(const char *hex)
{
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8];
	struct usrdtu_sms_deliver m;
	size_t n = unhex(hex, pdu, sizeof pdu);

	return usrdtu_sms_deliver_decode(pdu, n, &m);
}

static int submit_hex_rc(const char *hex)
{
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8];
	struct usrdtu_sms_deliver m;
	size_t n = unhex(hex, pdu, sizeof pdu);

	return usrdtu_sms_submit_decode(pdu, n, &m);
}

/* The body as a NUL-terminated string. */
static const char *text_of(const struct usrdtu_sms_deliver *m)
{
	static char buf[USRDTU_SMS_TEXT_MAX + 1];
	int n = usrdtu_sms_deliver_text(m, (uint8_t *)buf, USRDTU_SMS_TEXT_MAX);

	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

static void assert_time(const struct usrdtu_sms_time *t, int y, int mo, int d, int h, int mi, int s,
			int tz)
{
	assert_int_equal(t->year, y);
	assert_int_equal(t->month, mo);
	assert_int_equal(t->day, d);
	assert_int_equal(t->hour, h);
	assert_int_equal(t->minute, mi);
	assert_int_equal(t->second, s);
	assert_int_equal(t->tz_quarters, tz);
}

/* Encodes part `part` of m and compares its hex with `hex`. */
static void assert_encodes(const struct usrdtu_sms_submit *m, unsigned part, const char *hex)
{
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	char out[USRDTU_SMS_HEX_MAX + 1];
	int n = usrdtu_sms_submit_encode(m, part, pdu, sizeof pdu);

	assert_true(n > 0);
	assert_int_equal(usrdtu_sms_hex_encode(pdu, (size_t)n, out, sizeof out), 2 * n);
	assert_string_equal(out, hex);
}

static void submit_text(struct usrdtu_sms_submit *m, const char *to, const char *text, uint8_t coding)
{
	memset(m, 0, sizeof *m);
	m->to = to;
	m->text = (const uint8_t *)text;
	m->text_len = strlen(text);
	m->coding = coding;
}

/* Reference septet packer, one bit at a time (TS 23.038 6.1.2.1.1: septet
 * bits fill octets from bit 0 up), starting `first` septets into ud. */
static void ref_pack(const uint8_t *septets, size_t n, size_t first, uint8_t *ud)
{
	size_t i, b;

	for (i = 0; i < n; i++) {
		for (b = 0; b < 7; b++) {
			size_t bit = (first + i) * 7 + b;

			if ((septets[i] >> b) & 1u)
				ud[bit / 8] = (uint8_t)(ud[bit / 8] | (1u << (bit % 8)));
		}
	}
}

/* A time stamp for the DELIVER PDUs built here: [DF]'s 99-03-29 15:16:59 +8. */
static const uint8_t scts_df[7] = {0x99, 0x30, 0x92, 0x51, 0x61, 0x95, 0x80};

/* An SMS-DELIVER, no SMSC, from +8613752141860 ([EC]'s number), with the
 * given DCS, first octet, UDL and user data. */
static size_t build_deliver(uint8_t fo, uint8_t dcs, uint8_t udl, const uint8_t *ud, size_t ud_len,
			    uint8_t *pdu)
{
	static const uint8_t oa[9] = {0x0D, 0x91, 0x68, 0x31, 0x57, 0x12, 0x14, 0x68, 0xF0};
	size_t w = 0;

	pdu[w++] = 0x00;
	pdu[w++] = fo;
	memcpy(pdu + w, oa, sizeof oa);
	w += sizeof oa;
	pdu[w++] = 0x00; /* PID */
	pdu[w++] = dcs;
	memcpy(pdu + w, scts_df, sizeof scts_df);
	w += sizeof scts_df;
	pdu[w++] = udl;
	if (ud_len > 0)
		memcpy(pdu + w, ud, ud_len);
	return w + ud_len;
}

/* Rewrites an SMS-SUBMIT PDU (SMSC field first) as the SMS-DELIVER its
 * recipient would read: the destination becomes the originator, the user
 * data stays byte for byte. */
static size_t deliver_from_submit(const uint8_t *s, size_t n, uint8_t *d)
{
	size_t i = 1u + s[0], w = 0, addr;
	uint8_t fo = s[i++];

	d[w++] = 0x00;
	d[w++] = (uint8_t)(0x04u | (fo & 0x40u));
	i++; /* MR */
	addr = 2u + (s[i] + 1u) / 2u;
	memcpy(d + w, s + i, addr);
	w += addr;
	i += addr;
	d[w++] = s[i++]; /* PID */
	d[w++] = s[i++]; /* DCS */
	memcpy(d + w, scts_df, sizeof scts_df);
	w += sizeof scts_df;
	if ((fo & 0x18u) == 0x10u)
		i += 1;
	else if (fo & 0x18u)
		i += 7;
	memcpy(d + w, s + i, n - i);
	return w + n - i;
}

/* --- hex ------------------------------------------------------------- */

static void test_hex(void **state)
{
	uint8_t bin[4] = {0x00, 0xAB, 0x7F, 0xFF};
	uint8_t back[4] = {0};
	char hex[9];

	(void)state;
	assert_int_equal(usrdtu_sms_hex_encode(bin, 4, hex, sizeof hex), 8);
	assert_string_equal(hex, "00AB7FFF");
	assert_int_equal(usrdtu_sms_hex_encode(bin, 4, hex, 8), USRDTU_ERR_NOSPC);
	assert_int_equal(usrdtu_sms_hex_encode(NULL, 0, hex, 1), 0);
	assert_string_equal(hex, "");
	assert_int_equal(usrdtu_sms_hex_decode("00ab7Fff", 8, back, sizeof back), 4);
	assert_memory_equal(back, bin, 4);
	assert_int_equal(usrdtu_sms_hex_decode("00A", 3, back, sizeof back), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_hex_decode("0G", 2, back, sizeof back), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_hex_decode("0 ", 2, back, sizeof back), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_hex_decode("0x", 2, back, sizeof back), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_hex_decode("0011223344", 10, back, 4), USRDTU_ERR_NOSPC);
	assert_int_equal(usrdtu_sms_hex_decode("", 0, back, 0), 0);
	assert_int_equal(usrdtu_sms_hex_decode(NULL, 2, back, 4), USRDTU_ERR_INVAL);
}

/* --- published SMS-DELIVER PDUs ---------------------------------------- */

/* [DF]: SMSC +27381000015, sender 27838890001 (type C8), 99-03-29 15:16:59
 * +2 h (8 quarters), "hellohello". */
static void test_deliver_hellohello(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	deliver_hex("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37", &m);
	assert_int_equal(m.smsc.toa, 0x91);
	assert_string_equal(m.smsc.text, "+27381000015");
	assert_int_equal(m.address.toa, 0xC8);
	assert_string_equal(m.address.text, "27838890001"); /* TON 4: no '+' */
	assert_int_equal(m.address.len, 11);
	assert_int_equal(m.first_octet, 0x04);
	assert_int_equal(m.pid, 0);
	assert_int_equal(m.dcs, 0);
	assert_int_equal(m.coding, USRDTU_SMS_GSM7);
	assert_int_equal(m.msg_class, -1);
	assert_time(&m.scts, 99, 3, 29, 15, 16, 59, 8);
	assert_int_equal(m.udh_len, 0);
	assert_int_equal(m.concat.total, 0);
	assert_int_equal(m.body_len, 10);
	assert_string_equal(text_of(&m), "hellohello");
}

/* [OF] simple_deliver: negative zone (-4 quarters = UTC-1). */
static void test_deliver_negative_zone(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	deliver_hex("07911326040000F0040B911346610089F60000208062917314480CC8F71D14969741F977FD07", &m);
	assert_string_equal(m.smsc.text, "+31624000000");
	assert_string_equal(m.address.text, "+31641600986");
	assert_time(&m.scts, 2, 8, 26, 19, 37, 41, -4);
	assert_string_equal(text_of(&m), "How are you?");
}

/* [OF] alnum_sender: TON 5 originator "sipgate", zone +4. */
static void test_deliver_alphanumeric(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	deliver_hex("0791447758100650040DD0F334FC1CA6970100008080312170224008D4F29CDE0EA7D9", &m);
	assert_string_equal(m.smsc.text, "+447785016005");
	assert_int_equal(m.address.toa, 0xD0);
	assert_int_equal(USRDTU_SMS_TON(m.address.toa), USRDTU_SMS_TON_ALPHANUMERIC);
	assert_string_equal(m.address.text, "sipgate");
	assert_time(&m.scts, 8, 8, 13, 12, 7, 22, 4);
	assert_string_equal(text_of(&m), "Testmail");
}

/* [NO]: the alphanumeric address 14 D0 32584C4683DD7239580C, 20 semi-octets
 * holding 11 septets, in a DELIVER built around it. */
static void test_deliver_alphanumeric_11(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	deliver_hex("000414D032584C4683DD7239580C" "0000" "99309251619580" "00", &m);
	assert_string_equal(m.address.text, "20124079901");
	assert_int_equal(m.address.len, 11);
	assert_int_equal(m.body_len, 0);
}

/* [NK]: UCS2 DELIVER, two Arabic letters, 02-12-19 03:25:51 +2 h. */
static void test_deliver_ucs2_arabic(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	deliver_hex("07910201956905F0040B910201014160F3000820219130521580040628062A", &m);
	assert_string_equal(m.smsc.text, "+20105996500");
	assert_string_equal(m.address.text, "+20101014063");
	assert_int_equal(m.coding, USRDTU_SMS_UCS2);
	assert_time(&m.scts, 2, 12, 19, 3, 25, 51, 8);
	assert_int_equal(m.body_len, 4);
	assert_string_equal(text_of(&m), "\xD8\xA8\xD8\xAA"); /* U+0628 U+062A */
}

/* [CS] and [EC]: UCS2 Chinese "你好". [EC]'s first octet 24 also has
 * TP-SRI, and its +CMT length 24 is the TPDU length. */
static void test_deliver_ucs2_chinese(void **state)
{
	static const char ec[] = "0891683108200205F0240D91683157121468F0000860800331220000044F60597D";
	uint8_t pdu[64];
	struct usrdtu_sms_deliver m;
	size_t n;

	(void)state;
	deliver_hex("0891683108200505F0040D91683105155694F5000850208151754500044F60597D", &m);
	assert_string_equal(m.smsc.text, "+8613800250500");
	assert_string_equal(m.address.text, "+8613505165495");
	assert_int_equal(m.dcs, 0x08);
	assert_int_equal(m.coding, USRDTU_SMS_UCS2);
	assert_time(&m.scts, 5, 2, 18, 15, 57, 54, 0);
	assert_string_equal(text_of(&m), "你好");

	n = unhex(ec, pdu, sizeof pdu);
	assert_int_equal(usrdtu_sms_tpdu_length(pdu, n), 24);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
	assert_int_equal(m.first_octet, 0x24);
	assert_true(m.first_octet & USRDTU_SMS_FO_SRI);
	assert_true(m.first_octet & USRDTU_SMS_FO_MMS);
	assert_string_equal(m.address.text, "+8613752141860");
	assert_time(&m.scts, 6, 8, 30, 13, 22, 0, 0);
	assert_string_equal(text_of(&m), "你好");
}

/* Time stamps and zones: [9C] +32 (UTC+8); [GW]'s stamp 99 20 21 50 75 03 21
 * (+12, UTC+3) in a DELIVER built around it; [SPEC] -20 (UTC-5: tens digit
 * 2 with the sign bit, 0x0A), -48 (0x8C) and +56 (0x65). */
static void test_timestamps(void **state)
{
	static const struct {
		uint8_t zone;
		int quarters;
	} zones[] = {{0x00, 0}, {0x80, 8}, {0x23, 32}, {0x0A, -20}, {0x8C, -48}, {0x65, 56},
		     {0x48, -4}, {0x97, 79}, {0x9F, -79}, {0x08, 0}};
	uint8_t pdu[64], gw[64];
	struct usrdtu_sms_deliver m;
	size_t i, n;

	(void)state;
	deliver_hex("0891683108100005F0040D91683119111797F6000040609260452223037ABD19", &m);
	assert_string_equal(m.address.text, "+8613911171796");
	assert_time(&m.scts, 4, 6, 29, 6, 54, 22, 32);
	assert_string_equal(text_of(&m), "zzf");

	n = build_deliver(0x04, 0x00, 0, NULL, 0, gw);
	memcpy(gw + 13, "\x99\x20\x21\x50\x75\x03\x21", 7);
	assert_int_equal(usrdtu_sms_deliver_decode(gw, n, &m), 0);
	assert_time(&m.scts, 99, 2, 12, 5, 57, 30, 12);

	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		n = build_deliver(0x04, 0x00, 0, NULL, 0, pdu);
		pdu[19] = zones[i].zone;
		assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
		assert_int_equal(m.scts.tz_quarters, zones[i].quarters);
	}
}

/* [NS]: 25 septets of user data behind an 11-octet header (a reply-address
 * element, which the codec skips): 88 header bits, 3 fill bits, then
 * "Please reply" from septet 13. */
static void test_deliver_fill_bits(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	deliver_hex("00440D91683157121468F000009930925161958019"
		    "0A22080B912143658709F180B2CBE17919242FC3D979",
		    &m);
	assert_int_equal(m.udh_len, 11);
	assert_int_equal(m.concat.total, 0);
	assert_int_equal(m.body_len, 12);
	assert_string_equal(text_of(&m), "Please reply");
}

/* [OF] ems_udh_test_1 and _2: SMS-SUBMITs whose 7-bit text follows headers
 * of 27 and 36 octets (1 and 6 fill bits). */
static void test_submit_decode_long_headers(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	submit_hex("0041000B915121551532F40000631A0A031906200A032104100A03270504"
		   "0A032E05080A043807002B8ACD29A85D9ECFC3E7F21C340EBB41E3B79B1"
		   "E4EBB41697A989D1EB340E2379BCC02B1C3F27399059AB7C36C3628EC26"
		   "83C66FF65B5E2683E8653C1D",
		   &m);
	assert_string_equal(m.address.text, "+15125551234");
	assert_int_equal(m.vp_format, 0);
	assert_int_equal(m.udh_len, 27);
	assert_string_equal(text_of(&m),
			    "EMS messages can contain italic, bold, large, small and colored text");

	submit_hex("079194712272303351030B915121340195F60000FF80230A030F07230A031"
		   "806130A031E0A430A032E0D830A033D14020A035104F60A0355010600159"
		   "D9E83D2735018442FCFE98A243DCC4E97C92C90F8CD26B3407537B92C67A"
		   "7DD65320B1476934173BA3CBD2ED3D1F277FD8C76299CEF3B280C92A7CF6"
		   "83A28CC4E9FDD6532E8FE96935D",
		   &m);
	assert_string_equal(m.smsc.text, "+491722270333");
	assert_int_equal(m.mr, 3);
	assert_int_equal(m.vp_format, 2);
	assert_int_equal(m.vp, 0xFF);
	assert_int_equal(m.udh_len, 36);
	assert_string_equal(text_of(&m), "This is a test\nItalied, bold, underlined, and "
					 "strikethrough.\nNow a right aligned word.");
}

/* [VS]: SMSC +6596845999, MR E5, PID 20, VP AD, 12 septets. */
static void test_submit_decode_fields(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	submit_hex("0691566948959911E50A9156692904562000AD0CC939E8FA7693CB72739D0D", &m);
	assert_string_equal(m.smsc.text, "+6596845999");
	assert_int_equal(m.mr, 0xE5);
	assert_string_equal(m.address.text, "+6596924065");
	assert_int_equal(m.pid, 0x20);
	assert_int_equal(m.vp, 0xAD);
	assert_string_equal(text_of(&m), "Is Wonderful");
}

/* --- the GSM 7-bit alphabet ------------------------------------------------ */

/* [OF] sms_charset_default: the 128 septets in order, except that septet 27
 * (the escape) is sent as a space (0x20); the expected text is oFono's. */
static void test_default_alphabet(void **state)
{
	static const char expected[] =
		"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
		"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
	struct usrdtu_sms_deliver m;

	(void)state;
	submit_hex("0001000B91" "5310101010" "1000008080" "8060402818" "0E888462C1"
		   "68381E9088" "6442A9582E" "988C06C4E9" "783EA09068" "442A994EA8"
		   "946AC56AB9" "5EB0986C46" "ABD96EB89C" "6EC7EBF97E" "C0A070482C"
		   "1A8FC8A472" "C96C3A9FD0" "A8744AAD5A" "AFD8AC76CB" "ED7ABFE0B0"
		   "784C2E9BCF" "E8B47ACD6E" "BBDFF0B87C" "4EAFDBEFF8" "BC7ECFEFFB"
		   "FF",
		   &m);
	assert_int_equal(m.body_len, 128);
	assert_string_equal(text_of(&m), expected);
}

/* [OF] sms_charset_default_ext: FF ^ space { } \ [ ~ ] | euro. */
static void test_extension_table_decode(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	submit_hex("0001000B915310101010100000151BC58602DAA036A9CD6BC3DBF436BE0D705306", &m);
	assert_int_equal(m.body_len, 21);
	assert_string_equal(text_of(&m), "\f^ {}\\[~]|€");
}

/* Every extension character costs two septets, ESC first, and comes back. */
static void test_extension_table_encode(void **state)
{
	static const char text[] = "€[]{}~\\^|\f";
	static const uint8_t septets[] = {0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29,
					  0x1B, 0x3D, 0x1B, 0x2F, 0x1B, 0x14, 0x1B, 0x40, 0x1B, 0x0A};
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	uint8_t pdu[USRDTU_SMS_PDU_MAX], ud[32] = {0};
	int n;

	(void)state;
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)text, strlen(text)), 20);
	submit_text(&s, "+46708251358", text, USRDTU_SMS_GSM7);
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	/* 00 11 00 0B 91 6407281553F8 00 00 A7 | UDL 14 | 18 octets */
	assert_int_equal(n, 15 + 18);
	assert_int_equal(pdu[14], 20);
	ref_pack(septets, sizeof septets, 0, ud);
	assert_memory_equal(pdu + 15, ud, 18);
	assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)n, &m), 0);
	assert_memory_equal(m.body, septets, sizeof septets);
	assert_string_equal(text_of(&m), text);
}

/* An escape the table lacks gives the default character; ESC ESC and an
 * escape at the end give a space [SPEC 23.038 6.2.1.1]. */
static void test_unknown_escapes(void **state)
{
	static const struct {
		uint8_t septets[4];
		uint8_t n;
		const char *text;
	} cases[] = {
		{{0x1B, 0x41}, 2, "A"},
		{{0x41, 0x1B}, 2, "A "},
		{{0x1B, 0x1B, 0x42}, 3, " B"},
		{{0x1B, 0x00, 0x1B, 0x65}, 4, "@€"},
		{{0x1B, 0x0D}, 2, "\r"}, /* CR2 is no character */
	};
	struct usrdtu_sms_deliver m;
	uint8_t ud[8], pdu[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(ud, 0, sizeof ud);
		ref_pack(cases[i].septets, cases[i].n, 0, ud);
		n = build_deliver(0x04, 0x00, cases[i].n, ud, (cases[i].n * 7u + 7u) / 8u, pdu);
		assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
		assert_string_equal(text_of(&m), cases[i].text);
	}
}

/* Characters the alphabet lacks are refused for GSM7 and make AUTO pick
 * UCS2; bad UTF-8 is refused everywhere. */
static void test_gsm7_length(void **state)
{
	static const char *const bad_utf8[] = {
		"\xC0\x80",         /* overlong NUL */
		"\xE0\x80\xAF",     /* overlong */
		"\x80",             /* lone continuation */
		"\xED\xA0\x80",     /* a surrogate */
		"\xF4\x90\x80\x80", /* above U+10FFFF */
		"\xE4\xBD",         /* cut off */
		"\xFF",
	};
	size_t i;

	(void)state;
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"hello", 5), 5);
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"", 0), 0);
	assert_int_equal(usrdtu_sms_gsm7_length(NULL, 0), 0);
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"é€", 5), 3);
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"你", 3), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"`", 1), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"\x1B", 1), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)"\t", 1), USRDTU_ERR_INVAL);
	for (i = 0; i < sizeof bad_utf8 / sizeof bad_utf8[0]; i++) {
		struct usrdtu_sms_submit s;

		assert_int_equal(usrdtu_sms_gsm7_length((const uint8_t *)bad_utf8[i], strlen(bad_utf8[i])),
				 USRDTU_ERR_INVAL);
		submit_text(&s, "123", bad_utf8[i], USRDTU_SMS_UCS2);
		assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_INVAL);
		s.coding = USRDTU_SMS_AUTO;
		assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_INVAL);
	}
}

/* 1..160 septets: the encoder's packing matches the one-bit-at-a-time
 * reference, the length is 7n/8 rounded up, and decoding gives the text back.
 * The characters cycle through one- and two-byte UTF-8 ones. */
static void test_gsm7_every_length(void **state)
{
	static const char *const chars[] = {"A", "é", "@", "£", "Δ", "0", " ", "z", "\n", "à", "_", "?"};
	static const uint8_t septet_of[] = {0x41, 0x05, 0x00, 0x01, 0x10, 0x30, 0x20, 0x7A, 0x0A, 0x7F,
					    0x11, 0x3F};
	char text[160 * 2 + 1];
	uint8_t septets[160], ud[140], pdu[USRDTU_SMS_PDU_MAX];
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	size_t n;

	(void)state;
	for (n = 1; n <= 160; n++) {
		size_t i, len = 0, octets = (n * 7 + 7) / 8;
		int r;

		for (i = 0; i < n; i++) {
			const char *c = chars[(i * 7 + n) % 12];

			memcpy(text + len, c, strlen(c));
			len += strlen(c);
			septets[i] = septet_of[(i * 7 + n) % 12];
		}
		text[len] = '\0';
		submit_text(&s, "+46708251358", text, USRDTU_SMS_GSM7);
		assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
		r = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
		assert_int_equal(r, 15 + (int)octets);
		assert_int_equal(pdu[14], n);
		memset(ud, 0, sizeof ud);
		ref_pack(septets, n, 0, ud);
		assert_memory_equal(pdu + 15, ud, octets);
		assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)r, &m), 0);
		assert_int_equal(m.body_len, n);
		assert_memory_equal(m.body, septets, n);
		assert_string_equal(text_of(&m), text);
	}
}

/* Fill bits: behind a header of every length (3..40 octets, an unknown
 * element that is skipped) the text starts on the next septet boundary and
 * unpacks right, for text of several lengths. */
static void test_fill_bits_every_header(void **state)
{
	uint8_t septets[160], ud[140], pdu[USRDTU_SMS_PDU_MAX + 8];
	struct usrdtu_sms_deliver m;
	size_t h, k;

	(void)state;
	for (h = 3; h <= 40; h++) {
		size_t first = (h * 8 + 6) / 7;

		for (k = 0; first + k <= 160; k += 17) {
			size_t udl = first + k, octets = (udl * 7 + 7) / 8, i, n;

			memset(ud, 0, sizeof ud);
			ud[0] = (uint8_t)(h - 1);   /* UDHL */
			ud[1] = 0x70;               /* an element nobody knows */
			ud[2] = (uint8_t)(h - 3);   /* its length */
			for (i = 3; i < h; i++)
				ud[i] = 0xFF;       /* must not leak into the text */
			for (i = 0; i < k; i++)
				septets[i] = (uint8_t)(0x41 + (i + h) % 26);
			ref_pack(septets, k, first, ud);
			n = build_deliver(0x44, 0x00, (uint8_t)udl, ud, octets, pdu);
			assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
			assert_int_equal(m.udh_len, h);
			assert_int_equal(m.body_len, k);
			assert_memory_equal(m.body, septets, k);
		}
	}
}

/* --- published SMS-SUBMIT PDUs, encoded byte for byte ------------------ */

/* [DF]: "hellohello" to +46708251358, SMSC field 00, VP AA (4 days); the
 * same number in the unknown format gives 0A81 7080523185 ([DF] again). */
static void test_encode_hellohello(void **state)
{
	struct usrdtu_sms_submit s;

	(void)state;
	submit_text(&s, "+46708251358", "hellohello", USRDTU_SMS_GSM7);
	s.vp_mode = USRDTU_SMS_VP_RELATIVE;
	s.vp = 0xAA;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
	assert_encodes(&s, 1, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37");
	s.to = "0708251358";
	assert_encodes(&s, 1, "0011000A8170805231850000AA0AE8329BFD4697D9EC37");
}

/* [OF] test_prepare_7bit: explicit SMSC, the default VP A7 (24 hours). */
static void test_encode_with_smsc_default_vp(void **state)
{
	struct usrdtu_sms_submit s;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	int n;

	(void)state;
	submit_text(&s, "+358478400241", "This is testing !", USRDTU_SMS_GSM7);
	s.smsc = "+358405202090";
	assert_encodes(&s, 1, "079153485002020911000C915348870420140000A71154747A0E4ACF41F4F29C9E769F4121");
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	assert_int_equal(usrdtu_sms_tpdu_length(pdu, (size_t)n), n - 8);
	/* AUTO picks GSM7 for this text: the same bytes */
	s.coding = USRDTU_SMS_AUTO;
	assert_encodes(&s, 1, "079153485002020911000C915348870420140000A71154747A0E4ACF41F4F29C9E769F4121");
}

/* [PP]: UCS2 "工作愉快！" to +8613902433649 via +8613800100500, VP 00. */
static void test_encode_ucs2_chinese(void **state)
{
	struct usrdtu_sms_submit s;

	(void)state;
	submit_text(&s, "+8613902433649", "工作愉快！", USRDTU_SMS_UCS2);
	s.smsc = "+8613800100500";
	s.vp_mode = USRDTU_SMS_VP_RELATIVE;
	s.vp = 0;
	assert_encodes(&s, 1,
		       "0891683108100005F011000D91683109423346F90008000A5DE54F5C61095FEBFF01");
	s.coding = USRDTU_SMS_AUTO; /* Chinese does not fit GSM7 */
	assert_encodes(&s, 1,
		       "0891683108100005F011000D91683109423346F90008000A5DE54F5C61095FEBFF01");
}

/* [AV]: 8-bit "Hi dude!" behind a 16-bit-reference header of one part. */
static void test_8bit_ref16_single(void **state)
{
	struct usrdtu_sms_deliver m;
	struct usrdtu_sms_reassembly r;
	uint8_t text[64];
	size_t len = 0;

	(void)state;
	submit_hex("0051000C912943524295050004AA0F060804112F01014869206475646521", &m);
	assert_string_equal(m.address.text, "+923425245950");
	assert_int_equal(m.coding, USRDTU_SMS_8BIT);
	assert_int_equal(m.vp, 0xAA);
	assert_int_equal(m.udh_len, 7);
	assert_int_equal(m.concat.ref16, 1);
	assert_int_equal(m.concat.ref, 0x112F);
	assert_int_equal(m.concat.total, 1);
	assert_int_equal(m.concat.seq, 1);
	assert_string_equal(text_of(&m), "Hi dude!");
	/* a "concatenated" message of one part needs no reassembly */
	usrdtu_sms_reassembly_init(&r, 0);
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, text, sizeof text, &len), USRDTU_SMS_COMPLETE);
	assert_int_equal(len, 8);
	assert_memory_equal(text, "Hi dude!", 8);
	assert_int_equal(r.stats.singles, 1);
}

/* Every octet value round trips as 8-bit data. */
static void test_8bit_round_trip(void **state)
{
	uint8_t data[140], pdu[USRDTU_SMS_PDU_MAX], text[140];
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	size_t i;
	int n;

	(void)state;
	for (i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i * 73u + 255u);
	memset(&s, 0, sizeof s);
	s.to = "10086";
	s.text = data;
	s.text_len = sizeof data;
	s.coding = USRDTU_SMS_8BIT;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	assert_true(n > 0);
	assert_int_equal(pdu[9], 0x04); /* DCS */
	assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)n, &m), 0);
	assert_string_equal(m.address.text, "10086");
	assert_int_equal(m.address.toa, 0x81);
	assert_int_equal(usrdtu_sms_deliver_text(&m, text, sizeof text), 140);
	assert_memory_equal(text, data, 140);
	assert_int_equal(usrdtu_sms_deliver_text(&m, text, 139), USRDTU_ERR_NOSPC);
}

/* UCS2 beyond the BMP: surrogate pairs both ways; a lone surrogate in a
 * received PDU gives U+FFFD. */
static void test_ucs2_surrogates(void **state)
{
	static const uint8_t units[] = {0xD8, 0x3D, 0xDE, 0x00, /* U+1F600 */
					0xDC, 0x00,             /* lone low */
					0xD8, 0x00, 0x00, 0x41, /* high, then 'A' */
					0xD8, 0x01};            /* high at the end */
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	size_t n;
	int r;

	(void)state;
	submit_text(&s, "+8613800000000", "a\xF0\x9F\x98\x80z", USRDTU_SMS_AUTO);
	r = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	assert_true(r > 0);
	assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)r, &m), 0);
	assert_int_equal(m.coding, USRDTU_SMS_UCS2);
	assert_int_equal(m.body_len, 8);
	assert_memory_equal(m.body, "\x00\x61\xD8\x3D\xDE\x00\x00\x7A", 8);
	assert_string_equal(text_of(&m), "a\xF0\x9F\x98\x80z");

	n = build_deliver(0x04, 0x08, sizeof units, units, sizeof units, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
	assert_string_equal(text_of(&m),
			    "\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD" "A\xEF\xBF\xBD");
}

/* The DCS: classes, the 8-bit and UCS2 groups, reserved codings read as the
 * default alphabet, compressed text left as octets (TS 23.038 section 4). */
static void test_dcs(void **state)
{
	static const struct {
		uint8_t dcs;
		uint8_t coding;
		int8_t cls;
	} cases[] = {
		{0x00, USRDTU_SMS_GSM7, -1}, {0x04, USRDTU_SMS_8BIT, -1}, {0x08, USRDTU_SMS_UCS2, -1},
		{0x0C, USRDTU_SMS_GSM7, -1}, {0x10, USRDTU_SMS_GSM7, 0},  {0x19, USRDTU_SMS_UCS2, 1},
		{0x16, USRDTU_SMS_8BIT, 2},  {0x24, USRDTU_SMS_8BIT, -1}, {0x20, USRDTU_SMS_8BIT, -1},
		{0x48, USRDTU_SMS_UCS2, -1}, {0x84, USRDTU_SMS_GSM7, -1}, {0xC0, USRDTU_SMS_GSM7, -1},
		{0xD8, USRDTU_SMS_GSM7, -1}, {0xE0, USRDTU_SMS_UCS2, -1}, {0xF0, USRDTU_SMS_GSM7, 0},
		{0xF1, USRDTU_SMS_GSM7, 1},  {0xF6, USRDTU_SMS_8BIT, 2},  {0xF7, USRDTU_SMS_8BIT, 3},
	};
	struct usrdtu_sms_deliver m;
	uint8_t pdu[64];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = build_deliver(0x04, cases[i].dcs, 0, NULL, 0, pdu);
		assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
		assert_int_equal(m.dcs, cases[i].dcs);
		assert_int_equal(m.coding, cases[i].coding);
		assert_int_equal(m.msg_class, cases[i].cls);
	}
}

/* Flags, VP choices and PID land in the right bits. */
static void test_encode_options(void **state)
{
	struct usrdtu_sms_submit s;

	(void)state;
	submit_text(&s, "123", "A", USRDTU_SMS_GSM7);
	assert_encodes(&s, 1, "001100038121F30000A70141");
	s.vp_mode = USRDTU_SMS_VP_NONE;
	assert_encodes(&s, 1, "000100038121F300000141");
	s.flags = USRDTU_SMS_F_STATUS_REPORT | USRDTU_SMS_F_REJECT_DUP | USRDTU_SMS_F_FLASH;
	s.mr = 0x7F;
	s.pid = 0x41;
	assert_encodes(&s, 1, "00257F038121F341100141");
	s.coding = USRDTU_SMS_UCS2;
	s.flags = USRDTU_SMS_F_FLASH;
	s.mr = 0;
	s.pid = 0;
	assert_encodes(&s, 1, "000100038121F3001802" "0041");
	s.coding = USRDTU_SMS_8BIT;
	assert_encodes(&s, 1, "000100038121F300140141");
	/* an empty text is one empty part */
	submit_text(&s, "123", "", USRDTU_SMS_GSM7);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
	assert_encodes(&s, 1, "001100038121F30000A700");
}


/* Addresses on the way out and back: both types, odd and even lengths,
 * * # a b c, the 20-digit maximum; what is refused. */
static void test_addresses_encode(void **state)
{
	static const char *const bad[] = {"", "+", "+12 34", "12-34", "123456789012345678901",
					  "+123456789012345678901", "1d", "++1", "1+"};
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	size_t i;
	int n;

	(void)state;
	submit_text(&s, "*#abc1", "x", USRDTU_SMS_GSM7);
	s.vp_mode = USRDTU_SMS_VP_NONE;
	assert_encodes(&s, 1, "0001000681BADC1E00000178");
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)n, &m), 0);
	assert_string_equal(m.address.text, "*#abc1");

	s.to = "+12345678901234567890"; /* 20 digits: the most */
	s.smsc = "12345678901234567890";
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	assert_true(n > 0);
	assert_int_equal(pdu[0], 11);
	assert_int_equal(pdu[1], 0x81);
	assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)n, &m), 0);
	assert_string_equal(m.address.text, "+12345678901234567890");
	assert_int_equal(m.address.len, 21);
	assert_string_equal(m.smsc.text, "12345678901234567890");

	s.to = "+1234567"; /* odd: F fill */
	s.smsc = "+861380010050";
	assert_encodes(&s, 1, "0791683108100005" "0100" "0791214365F7" "0000" "0178");

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		s.to = bad[i];
		s.smsc = NULL;
		assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_INVAL);
		assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
		s.to = "123";
		s.smsc = bad[i][0] ? bad[i] : "12-3"; /* "" is the stored SMSC */
		assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_INVAL);
	}
	s.to = "123";
	s.smsc = "";
	assert_encodes(&s, 1, "000100038121F300000178");
}

/* Addresses read: types other than international carry no '+', an SMSC of
 * a type octet only is empty, an SMSC of length 00 is absent. */
static void test_addresses_decode(void **state)
{
	struct usrdtu_sms_deliver m;

	(void)state;
	/* SMSC 01 81: no digits; originator national (A1), 4 digits */
	deliver_hex("01810004A12143000099309251619580" "00", &m);
	assert_int_equal(m.smsc.toa, 0x81);
	assert_int_equal(m.smsc.len, 0);
	assert_string_equal(m.address.text, "1234");
	assert_int_equal(USRDTU_SMS_TON(m.address.toa), USRDTU_SMS_TON_NATIONAL);
	/* originator of length 0 */
	deliver_hex("0004" "0081" "0000" "99309251619580" "00", &m);
	assert_int_equal(m.smsc.toa, 0);
	assert_string_equal(m.smsc.text, "");
	assert_string_equal(m.address.text, "");
	/* odd length, fill nibble not F: the length decides [OF] */
	deliver_hex("0004" "03811230" "0000" "99309251619580" "00", &m);
	assert_string_equal(m.address.text, "210");
}

/* --- splitting --------------------------------------------------------- */

static char big[255 * 153 + 8];

static void fill(char *buf, const char *unit, size_t count)
{
	size_t i, n = strlen(unit);

	for (i = 0; i < count; i++)
		memcpy(buf + i * n, unit, n);
	buf[count * n] = '\0';
}

/* Decodes part `part` of s with the SMS-SUBMIT decoder. */
static void part_of(const struct usrdtu_sms_submit *s, unsigned part, struct usrdtu_sms_deliver *m)
{
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	int n = usrdtu_sms_submit_encode(s, part, pdu, sizeof pdu);

	assert_true(n > 0);
	assert_int_equal(usrdtu_sms_submit_decode(pdu, (size_t)n, m), 0);
}

/* 160 septets go whole; 161 need two parts of 153 and 8 behind a 6-octet
 * header (UDL 160 and 15, one fill bit); an extension character that would
 * straddle the 153rd septet moves to the next part. */
static void test_split_gsm7(void **state)
{
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	int n;

	(void)state;
	fill(big, "a", 160);
	submit_text(&s, "+8613800000000", big, USRDTU_SMS_GSM7);
	s.concat_ref = 0x1A5;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
	part_of(&s, 1, &m);
	assert_int_equal(m.udh_len, 0);
	assert_int_equal(m.body_len, 160);

	fill(big, "a", 161);
	s.text_len = 161;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 2);
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	/* 00 51 00 0D 91 (7 octets) 00 00 A7 | UDL | 05 00 03 A5 02 01, fill */
	assert_int_equal(pdu[1], 0x51);
	assert_int_equal(pdu[15], 160);
	assert_memory_equal(pdu + 16, "\x05\x00\x03\xA5\x02\x01", 6);
	assert_int_equal(pdu[22] & 1u, 0); /* the fill bit */
	assert_int_equal(n, 16 + 140);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 153);
	assert_int_equal(m.concat.ref, 0xA5); /* 8-bit reference: the low byte */
	assert_int_equal(m.concat.total, 2);
	assert_int_equal(m.concat.seq, 1);
	part_of(&s, 2, &m);
	assert_int_equal(m.body_len, 8);
	assert_int_equal(m.concat.seq, 2);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 3, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 0, pdu, sizeof pdu), USRDTU_ERR_INVAL);

	fill(big, "a", 152);
	strcat(big, "€bbbbbbbbbb");
	submit_text(&s, "+8613800000000", big, USRDTU_SMS_GSM7);
	assert_int_equal(usrdtu_sms_gsm7_length(s.text, s.text_len), 164);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 2);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 152);
	assert_int_not_equal(m.body[151], 0x1B);
	part_of(&s, 2, &m);
	assert_int_equal(m.body_len, 12);
	assert_memory_equal(m.body, "\x1B\x65", 2);

	fill(big, "a", 306);
	s.text_len = 306;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 2);
	fill(big, "a", 307);
	s.text_len = 307;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 3);

	/* 16-bit reference: a 7-octet header, 152 septets, no fill */
	fill(big, "a", 161);
	s.text_len = 161;
	s.flags = USRDTU_SMS_F_REF16;
	s.concat_ref = 0xBEEF;
	n = usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu);
	assert_int_equal(pdu[15], 160);
	assert_memory_equal(pdu + 16, "\x06\x08\x04\xBE\xEF\x02\x01", 7);
	assert_int_equal(n, 16 + 140);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 152);
	assert_int_equal(m.concat.ref, 0xBEEF);
	assert_int_equal(m.concat.ref16, 1);
}

/* UCS2: 70 units whole, 71 in parts of 67; a surrogate pair that would
 * straddle the 67th unit moves on; 66 units with a 16-bit reference. */
static void test_split_ucs2(void **state)
{
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;

	(void)state;
	fill(big, "你", 70);
	submit_text(&s, "10086", big, USRDTU_SMS_UCS2);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
	fill(big, "你", 71);
	s.text_len = strlen(big);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 2);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 134);
	part_of(&s, 2, &m);
	assert_int_equal(m.body_len, 8);

	fill(big, "你", 66);
	strcat(big, "\xF0\x9F\x98\x80");
	submit_text(&s, "10086", big, USRDTU_SMS_UCS2);
	fill(big + strlen(big), "好", 3);
	s.text_len = strlen(big);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 2);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 132); /* 66 units: the pair did not fit */
	part_of(&s, 2, &m);
	assert_int_equal(m.body_len, 10);
	assert_memory_equal(m.body, "\xD8\x3D\xDE\x00", 4);

	fill(big, "你", 65);
	strcat(big, "\xF0\x9F\x98\x80");
	fill(big + strlen(big), "好", 10);
	s.text_len = strlen(big);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 134); /* 65 + the pair: exactly 67 */

	fill(big, "你", 71);
	s.text_len = strlen(big);
	s.flags = USRDTU_SMS_F_REF16;
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 132);
	assert_int_equal(m.udh_len, 7);
}

/* 8-bit: 140 whole, 141 in parts of 134 (133 with a 16-bit reference). */
static void test_split_8bit(void **state)
{
	struct usrdtu_sms_submit s;
	struct usrdtu_sms_deliver m;

	(void)state;
	fill(big, "\xFF", 140);
	submit_text(&s, "10086", big, USRDTU_SMS_8BIT);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 1);
	s.text_len = 141;
	big[140] = '\x00';
	assert_int_equal(usrdtu_sms_submit_parts(&s), 2);
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 134);
	part_of(&s, 2, &m);
	assert_int_equal(m.body_len, 7);
	s.flags = USRDTU_SMS_F_REF16;
	part_of(&s, 1, &m);
	assert_int_equal(m.body_len, 133);
}

/* 255 parts at most. */
static void test_split_limit(void **state)
{
	struct usrdtu_sms_submit s;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];

	(void)state;
	fill(big, "a", 255 * 153);
	submit_text(&s, "10086", big, USRDTU_SMS_GSM7);
	assert_int_equal(usrdtu_sms_submit_parts(&s), 255);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 255, pdu, sizeof pdu), 12 + 140);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 256, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	strcat(big, "a");
	s.text_len++;
	assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_NOSPC);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_NOSPC);
	s.flags = USRDTU_SMS_F_REF16;
	s.text_len = 255 * 152;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 255);
	s.text_len++;
	assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_NOSPC);
}

/* --- concatenation both ways and reassembly ----------------------------- */

/* Encodes every part of s, turns each into the SMS-DELIVER its recipient
 * reads, decodes that, and feeds the parts to a reassembly table in the
 * order `order` gives (1-based). Returns the completed text's length. */
static size_t send_and_reassemble(const struct usrdtu_sms_submit *s, const unsigned *order,
				  uint8_t *text, size_t cap)
{
	struct usrdtu_sms_reassembly r;
	int parts = usrdtu_sms_submit_parts(s), i;
	size_t len = 0;

	assert_true(parts > 1);
	usrdtu_sms_reassembly_init(&r, 0);
	for (i = 0; i < parts; i++) {
		uint8_t sub[USRDTU_SMS_PDU_MAX], del[USRDTU_SMS_PDU_MAX + 8];
		struct usrdtu_sms_deliver m;
		int n = usrdtu_sms_submit_encode(s, order[i], sub, sizeof sub);
		size_t dn;
		int rc;

		assert_true(n > 0);
		dn = deliver_from_submit(sub, (size_t)n, del);
		assert_int_equal(usrdtu_sms_deliver_decode(del, dn, &m), 0);
		assert_int_equal(m.concat.total, parts);
		assert_int_equal(m.concat.seq, order[i]);
		assert_int_equal(m.concat.ref16, (s->flags & USRDTU_SMS_F_REF16) ? 1 : 0);
		rc = usrdtu_sms_reassembly_add(&r, &m, 1000u * (uint32_t)i, text, cap, &len);
		assert_int_equal(rc, i + 1 < parts ? USRDTU_SMS_STORED : USRDTU_SMS_COMPLETE);
	}
	assert_int_equal(r.stats.completed, 1);
	assert_int_equal(r.stats.parts, parts);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 0);
	return len;
}

/* 7-bit with 8-bit reference, parts in reverse order; escape pairs at part
 * boundaries included. */
static void test_concat_gsm7_ref8(void **state)
{
	static const unsigned order[] = {3, 2, 1};
	static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
	struct usrdtu_sms_submit s;
	size_t i, len;

	(void)state;
	big[0] = '\0';
	for (i = 0; i < 12; i++) /* 30 septets each */
		strcat(big, "Zeile {x} [€] ~ | ^\\ ");
	submit_text(&s, "+491701234567", big, USRDTU_SMS_AUTO);
	s.concat_ref = 0x42;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 3);
	len = send_and_reassemble(&s, order, text, sizeof text);
	assert_int_equal(len, strlen(big));
	assert_memory_equal(text, big, len);
}

/* UCS2 (Chinese with an emoji) with a 16-bit reference, shuffled. */
static void test_concat_ucs2_ref16(void **state)
{
	static const unsigned order[] = {2, 4, 1, 3};
	static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
	struct usrdtu_sms_submit s;
	size_t i, len;

	(void)state;
	big[0] = '\0';
	for (i = 0; i < 25; i++)
		strcat(big, "工作愉快，\xF0\x9F\x98\x80 ok");
	submit_text(&s, "+8613800000000", big, USRDTU_SMS_AUTO);
	s.flags = USRDTU_SMS_F_REF16;
	s.concat_ref = 0xBEEF;
	assert_int_equal(usrdtu_sms_submit_parts(&s), 4);
	len = send_and_reassemble(&s, order, text, sizeof text);
	assert_int_equal(len, strlen(big));
	assert_memory_equal(text, big, len);
}

/* 8-bit data in parts. */
static void test_concat_8bit(void **state)
{
	static const unsigned order[] = {2, 1};
	static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
	uint8_t data[200];
	struct usrdtu_sms_submit s;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof data; i++)
		data[i] = (uint8_t)(i ^ 0x5A);
	memset(&s, 0, sizeof s);
	s.to = "10086";
	s.text = data;
	s.text_len = sizeof data;
	s.coding = USRDTU_SMS_8BIT;
	len = send_and_reassemble(&s, order, text, sizeof text);
	assert_int_equal(len, sizeof data);
	assert_memory_equal(text, data, len);
}

/* [OF] assembly_pdu1-3: a UCS2 message (DCS 19: class 1) in three parts,
 * reference 0x1E, delivered 3, 1, 2. */
static const char *const of_parts[3] = {
	"038121F340048155550119906041001222048C0500"
	"031E0301041804420430043A002C002004100"
	"43B0435043A04410430043D04340440002000"
	"200441043B044304480430043B00200437043"
	"000200434043204350440044C044E00200020"
	"04380020002004320441043500200431043E0"
	"43B044C044804350020043F04400435043804"
	"41043F043E043B043D044F043B0441044F002"
	"000200433043D0435",
	"038121F340048155550119906041001222048C0500"
	"031E03020432043E043C002E000A041D04300"
	"43A043E043D04350446002C0020043D043500"
	"200432002004410438043B043004450020043"
	"40430043B043504350020044204350440043F"
	"04350442044C002C0020043E043D002004410"
	"44204400435043C043804420435043B044C04"
	"3D043E002004320431043504360430043B002"
	"004320020043A043E",
	"038121F340048155550119906041001222044A0500"
	"031E0303043C043D043004420443002C00200"
	"43F043E043704300431044B0432000A043404"
	"3004360435002C002004470442043E0020002"
	"00431044B043B0020043D04300433002E",
};

static void test_concat_decode_published(void **state)
{
	static const unsigned order[] = {3, 1, 2};
	static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
	char expected[3 * USRDTU_SMS_TEXT_MAX + 1] = "";
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	size_t i, len = 0, n;

	(void)state;
	for (i = 0; i < 3; i++) {
		n = unhex(of_parts[i], pdu, sizeof pdu);
		assert_int_equal(usrdtu_sms_tpdu_length(pdu, n), i < 2 ? 155 : 89);
		assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
		assert_string_equal(m.smsc.text, "123");
		assert_string_equal(m.address.text, "5555");
		assert_int_equal(m.pid, 1);
		assert_int_equal(m.dcs, 0x19);
		assert_int_equal(m.coding, USRDTU_SMS_UCS2);
		assert_int_equal(m.msg_class, 1);
		assert_time(&m.scts, 9, 6, 14, 0, 21, 22, 40);
		assert_int_equal(m.udh_len, 6);
		assert_int_equal(m.concat.ref, 0x1E);
		assert_int_equal(m.concat.ref16, 0);
		assert_int_equal(m.concat.total, 3);
		assert_int_equal(m.concat.seq, i + 1);
		strcat(expected, text_of(&m));
	}
	assert_int_equal(strncmp(expected, "Итак, Александр", strlen("Итак, Александр")), 0);

	usrdtu_sms_reassembly_init(&r, 60000);
	for (i = 0; i < 3; i++) {
		n = unhex(of_parts[order[i] - 1], pdu, sizeof pdu);
		assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
		assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 5, text, sizeof text, &len),
				 i < 2 ? USRDTU_SMS_STORED : USRDTU_SMS_COMPLETE);
	}
	assert_int_equal(len, strlen(expected));
	assert_memory_equal(text, expected, len);
	assert_memory_equal(text + len - strlen("был наг."), "был наг.", strlen("был наг."));
}

/* A part made by hand: GSM7 body of ASCII letters (septet = ASCII). */
static void make_part(struct usrdtu_sms_deliver *m, const char *from, uint16_t ref, uint8_t total,
		      uint8_t seq, const char *body)
{
	memset(m, 0, sizeof *m);
	m->address.toa = from[0] == '+' ? 0x91 : 0x81;
	m->address.len = (uint8_t)strlen(from);
	strcpy(m->address.text, from);
	m->coding = USRDTU_SMS_GSM7;
	m->msg_class = -1;
	m->concat.ref = ref;
	m->concat.total = total;
	m->concat.seq = seq;
	m->body_len = (uint8_t)strlen(body);
	memcpy(m->body, body, m->body_len);
}

static int add(struct usrdtu_sms_reassembly *r, const struct usrdtu_sms_deliver *m, uint32_t now,
	       char *out)
{
	static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
	size_t len = 0;
	int rc = usrdtu_sms_reassembly_add(r, m, now, text, sizeof text, &len);

	if (rc == USRDTU_SMS_COMPLETE && out != NULL) {
		memcpy(out, text, len);
		out[len] = '\0';
	}
	return rc;
}

static void test_reasm_out_of_order_and_duplicates(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	char out[64];

	(void)state;
	assert_int_equal(usrdtu_sms_reassembly_init(&r, 0), 0);
	assert_int_equal(r.timeout_ms, USRDTU_CFG_SMS_REASM_TIMEOUT_MS);
	make_part(&m, "+111", 7, 3, 3, "CC");
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	assert_int_equal(add(&r, &m, 1, out), USRDTU_SMS_DUPLICATE);
	make_part(&m, "+111", 7, 3, 1, "AA");
	assert_int_equal(add(&r, &m, 2, out), USRDTU_SMS_STORED);
	assert_int_equal(add(&r, &m, 3, out), USRDTU_SMS_DUPLICATE);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 1);
	make_part(&m, "+111", 7, 3, 2, "BB");
	assert_int_equal(add(&r, &m, 4, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "AABBCC");
	assert_int_equal(r.stats.parts, 5);
	assert_int_equal(r.stats.duplicates, 2);
	assert_int_equal(r.stats.completed, 1);
	assert_int_equal(r.stats.dropped_parts, 0);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 0);
	/* the same reference again later is a new message */
	make_part(&m, "+111", 7, 3, 2, "bb");
	assert_int_equal(add(&r, &m, 5, out), USRDTU_SMS_STORED);
}

/* Messages are told apart by sender (type and text), reference, its width
 * and the part count. */
static void test_reasm_keys(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	char out[64];

	(void)state;
	usrdtu_sms_reassembly_init(&r, 0);
	make_part(&m, "+111", 7, 2, 1, "a1");
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	make_part(&m, "111", 7, 2, 1, "b1"); /* other type */
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	make_part(&m, "+112", 7, 2, 1, "c1");
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	make_part(&m, "+111", 7, 2, 1, "d1");
	m.concat.ref16 = 1;
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 4);
	make_part(&m, "111", 7, 2, 2, "b2");
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "b1b2");
	make_part(&m, "+111", 7, 2, 2, "d2");
	m.concat.ref16 = 1;
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "d1d2");
	make_part(&m, "+111", 7, 3, 2, "x"); /* another part count */
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 3);
	assert_int_equal(r.stats.evicted, 0);
}

/* Timeouts count from each message's latest part; the clock may wrap. */
static void test_reasm_timeout(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	char out[64];
	uint32_t t0 = 0xFFFFFF00u; /* 256 ms before the wrap */

	(void)state;
	usrdtu_sms_reassembly_init(&r, 1000);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(&r, 0), USRDTU_NO_DEADLINE);
	make_part(&m, "+111", 1, 3, 1, "A");
	assert_int_equal(add(&r, &m, t0, out), USRDTU_SMS_STORED);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(&r, t0), 1000);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(&r, t0 + 400u), 600);
	make_part(&m, "+111", 1, 3, 2, "B");
	assert_int_equal(add(&r, &m, t0 + 900u, out), USRDTU_SMS_STORED); /* after the wrap */
	assert_int_equal(usrdtu_sms_reassembly_expire(&r, t0 + 1100u), 0);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(&r, t0 + 1100u), 800);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(&r, t0 + 5000u), 0);
	/* the last part comes too late: the first two are gone */
	make_part(&m, "+111", 1, 3, 3, "C");
	assert_int_equal(add(&r, &m, t0 + 1900u, out), USRDTU_SMS_STORED);
	assert_int_equal(r.stats.timed_out, 1);
	assert_int_equal(r.stats.dropped_parts, 2);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 1);
	assert_int_equal(usrdtu_sms_reassembly_expire(&r, t0 + 2899u), 0);
	assert_int_equal(usrdtu_sms_reassembly_expire(&r, t0 + 2900u), 1);
	assert_int_equal(r.stats.timed_out, 2);
	assert_int_equal(r.stats.dropped_parts, 3);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 0);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(&r, t0), USRDTU_NO_DEADLINE);
}

/* All message slots taken: the one whose latest part is oldest goes. */
static void test_reasm_table_full(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	char out[64];
	uint16_t ref;

	(void)state;
	usrdtu_sms_reassembly_init(&r, 0);
	for (ref = 0; ref < USRDTU_CFG_SMS_REASM_MESSAGES; ref++) {
		make_part(&m, "+111", ref, 2, 1, "x");
		assert_int_equal(add(&r, &m, 100u + ref, out), USRDTU_SMS_STORED);
	}
	/* message 0 gets a newer part (a duplicate does not count as activity) */
	make_part(&m, "+111", 0, 2, 1, "x");
	assert_int_equal(add(&r, &m, 500, out), USRDTU_SMS_DUPLICATE);
	make_part(&m, "+222", 99, 2, 1, "new");
	assert_int_equal(add(&r, &m, 600, out), USRDTU_SMS_STORED);
	assert_int_equal(r.stats.evicted, 1);
	assert_int_equal(r.stats.dropped_parts, 1);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), USRDTU_CFG_SMS_REASM_MESSAGES);
	/* message 0 (latest part at 100) was the one dropped */
	make_part(&m, "+111", 0, 2, 2, "y");
	assert_int_equal(add(&r, &m, 700, out), USRDTU_SMS_STORED);
	assert_int_equal(r.stats.evicted, 2); /* and it pushed out message 1 */
	make_part(&m, "+222", 99, 2, 2, "!");
	assert_int_equal(add(&r, &m, 800, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "new!");
}

/* All part buffers taken while a message slot is free: the stalest other
 * message gives up its parts; a message longer than the table holds is
 * refused at once. */
static void test_reasm_parts_full(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	char out[64];
	uint8_t seq;

	(void)state;
	usrdtu_sms_reassembly_init(&r, 0);
	for (seq = 1; seq < USRDTU_CFG_SMS_REASM_PARTS; seq++) {
		make_part(&m, "+111", 1, USRDTU_CFG_SMS_REASM_PARTS, seq, "p");
		assert_int_equal(add(&r, &m, 10, out), USRDTU_SMS_STORED);
	}
	make_part(&m, "+222", 2, 2, 1, "q");
	assert_int_equal(add(&r, &m, 20, out), USRDTU_SMS_STORED); /* the last free buffer */
	make_part(&m, "+333", 3, 2, 1, "r");
	assert_int_equal(add(&r, &m, 30, out), USRDTU_SMS_STORED);
	assert_int_equal(r.stats.evicted, 1);
	assert_int_equal(r.stats.dropped_parts, USRDTU_CFG_SMS_REASM_PARTS - 1);
	make_part(&m, "+222", 2, 2, 2, "Q");
	assert_int_equal(add(&r, &m, 40, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "qQ");

	make_part(&m, "+444", 4, USRDTU_CFG_SMS_REASM_PARTS + 1, 1, "z");
	assert_int_equal(add(&r, &m, 50, out), USRDTU_ERR_NOSPC);
	assert_int_equal(r.stats.too_long, 1);
	make_part(&m, "+444", 4, 255, 255, "z");
	assert_int_equal(add(&r, &m, 50, out), USRDTU_ERR_NOSPC);
	assert_int_equal(r.stats.too_long, 2);
}

/* A part whose coding differs from its message's, a text buffer too small,
 * and calls that make no sense: each refused and counted where it drops. */
static void test_reasm_refusals(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	uint8_t small[3];
	size_t len = 99;

	(void)state;
	usrdtu_sms_reassembly_init(&r, 0);
	make_part(&m, "+111", 1, 2, 1, "ab");
	assert_int_equal(add(&r, &m, 0, NULL), USRDTU_SMS_STORED);
	make_part(&m, "+111", 1, 2, 2, "cd");
	m.coding = USRDTU_SMS_8BIT;
	assert_int_equal(add(&r, &m, 0, NULL), USRDTU_ERR_INVAL);
	assert_int_equal(r.stats.mismatched, 1);
	m.coding = USRDTU_SMS_GSM7;
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, small, sizeof small, &len),
			 USRDTU_ERR_NOSPC);
	assert_int_equal(len, 99);
	assert_int_equal(r.stats.no_space, 1);
	assert_int_equal(r.stats.dropped_parts, 2);
	assert_int_equal(usrdtu_sms_reassembly_pending(&r), 0);

	make_part(&m, "+111", 0, 0, 0, "abcd"); /* a single message */
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, small, sizeof small, &len),
			 USRDTU_ERR_NOSPC);
	assert_int_equal(r.stats.no_space, 2);

	assert_int_equal(usrdtu_sms_reassembly_add(NULL, &m, 0, small, 3, &len), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_reassembly_add(&r, NULL, 0, small, 3, &len), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, small, 3, NULL), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, NULL, 3, &len), USRDTU_ERR_INVAL);
	m.coding = USRDTU_SMS_AUTO;
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, small, 3, &len), USRDTU_ERR_INVAL);
	make_part(&m, "+111", 1, 2, 3, "x"); /* seq above total */
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, small, 3, &len), USRDTU_ERR_INVAL);
	make_part(&m, "+111", 1, 2, 1, "x");
	m.body_len = USRDTU_SMS_PART_BODY_MAX + 1;
	assert_int_equal(usrdtu_sms_reassembly_add(&r, &m, 0, small, 3, &len), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_reassembly_init(NULL, 0), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_reassembly_expire(NULL, 0), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_reassembly_next_ms(NULL, 0), USRDTU_NO_DEADLINE);
	assert_int_equal(usrdtu_sms_reassembly_pending(NULL), 0);
}

/* A sender that splits an escape pair or a surrogate pair between parts
 * (this encoder never does) still reassembles to the right character. */
static void test_reasm_split_characters(void **state)
{
	struct usrdtu_sms_reassembly r;
	struct usrdtu_sms_deliver m;
	char out[64];

	(void)state;
	usrdtu_sms_reassembly_init(&r, 0);
	make_part(&m, "+111", 1, 2, 1, "a\x1B");
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	make_part(&m, "+111", 1, 2, 2, "\x65z");
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "a€z");

	make_part(&m, "+111", 2, 2, 2, "");
	memcpy(m.body, "\xDE\x00\x00\x7A", 4); /* low half, 'z' */
	m.body_len = 4;
	m.coding = USRDTU_SMS_UCS2;
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_STORED);
	make_part(&m, "+111", 2, 2, 1, "");
	memcpy(m.body, "\x00\x61\xD8\x3D", 4); /* 'a', high half */
	m.body_len = 4;
	m.coding = USRDTU_SMS_UCS2;
	assert_int_equal(add(&r, &m, 0, out), USRDTU_SMS_COMPLETE);
	assert_string_equal(out, "a\xF0\x9F\x98\x80z");
}

/* --- malformed input ------------------------------------------------------- */

/* Each class of malformed SMS-DELIVER, built from [DF]'s PDU or around
 * build_deliver() [SPEC]. */
static void test_malformed_deliver(void **state)
{
	static const char *const bad[] = {
		"",                                     /* nothing */
		"0C917283010010F5",                     /* SMSC field above 11 octets */
		"07917283010010",                       /* SMSC field past the end */
		"00",                                   /* no first octet */
		"0004",                                 /* no originator */
		"000415917283010010F5723888090000",      /* originator above 20 semi-octets */
		"00040B91723888",                       /* originator past the end */
		"00040B917238F80900F1000099309251619580" "00", /* F inside the digits */
	};
	static const char *const bad_scts[] = {
		"9A309251619580", /* a nibble that is no digit */
		"99009251619580", /* month 0 */
		"99319251619580", /* month 13 */
		"99300051619580", /* day 0 */
		"99302351619580", /* day 32 */
		"99309242619580", /* hour 24 */
		"99309251069580", /* minute 60 */
		"99309251610680", /* second 60 */
		"993092516195A0", /* zone units not a digit */
		"9930925161",     /* cut short */
	};
	char hex[128];
	uint8_t pdu[USRDTU_SMS_PDU_MAX + 8], ud[160];
	struct usrdtu_sms_deliver m;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(deliver_hex_rc(bad[i]), USRDTU_ERR_INVAL);
	/* the same with valid digits decodes */
	assert_int_equal(deliver_hex_rc("00040B917238880900F1000099309251619580" "00"), 0);
	for (i = 0; i < sizeof bad_scts / sizeof bad_scts[0]; i++) {
		strcpy(hex, "00040B91723888090000" "0000");
		strcat(hex, bad_scts[i]);
		strcat(hex, "00");
		assert_int_equal(deliver_hex_rc(hex), USRDTU_ERR_INVAL);
	}
	assert_int_equal(usrdtu_sms_deliver_decode(NULL, 4, &m), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, 4, NULL), USRDTU_ERR_INVAL);

	memset(ud, 0x41, sizeof ud);
	/* UDL above 160 septets, with the octets there */
	n = build_deliver(0x04, 0x00, 161, ud, 141, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	n = build_deliver(0x04, 0x00, 160, ud, 140, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
	/* UDL above 140 octets */
	n = build_deliver(0x04, 0x04, 141, ud, 141, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	n = build_deliver(0x04, 0x08, 142, ud, 142, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* user data shorter than the UDL says */
	n = build_deliver(0x04, 0x00, 10, ud, 8, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	n = build_deliver(0x04, 0x04, 10, ud, 9, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* a header longer than the user data */
	n = build_deliver(0x44, 0x04, 3, (const uint8_t *)"\x05\x00\x03", 3, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	n = build_deliver(0x44, 0x00, 3, (const uint8_t *)"\x05\x00\x03", 3, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* an element running past the header */
	n = build_deliver(0x44, 0x04, 6, (const uint8_t *)"\x05\x00\x04\x01\x02\x03", 6, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* an element header cut in half */
	n = build_deliver(0x44, 0x04, 3, (const uint8_t *)"\x01\x00\x41", 3, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* a header flag with no user data */
	n = build_deliver(0x44, 0x00, 0, NULL, 0, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	n = build_deliver(0x44, 0x04, 0, NULL, 0, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* 7-bit: a 6-octet header needs 7 septets, the UDL says 6 */
	n = build_deliver(0x44, 0x00, 6, (const uint8_t *)"\x05\x00\x03\x01\x02\x01", 6, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	/* UCS2 text of an odd octet count */
	n = build_deliver(0x04, 0x08, 3, (const uint8_t *)"\x00\x41\x00", 3, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
	n = build_deliver(0x44, 0x08, 9,
			  (const uint8_t *)"\x05\x00\x03\x01\x02\x01\x00\x41\x00", 9, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), USRDTU_ERR_INVAL);
}

/* Wrong message types, the reserved type, and SUBMIT-side faults. */
static void test_message_types(void **state)
{
	struct usrdtu_sms_deliver m;
	uint8_t pdu[64];
	size_t n;

	(void)state;
	/* a SUBMIT to the DELIVER decoder, a DELIVER to the SUBMIT decoder */
	assert_int_equal(deliver_hex_rc("0011000B916407281553F80000AA0AE8329BFD4697D9EC37"),
			 USRDTU_ERR_NOTSUP);
	assert_int_equal(submit_hex_rc("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"),
			 USRDTU_ERR_NOTSUP);
	/* STATUS-REPORT (MTI 10) to both */
	assert_int_equal(deliver_hex_rc("0006D70B911326880736F4"), USRDTU_ERR_NOTSUP);
	assert_int_equal(submit_hex_rc("0006D70B911326880736F4"), USRDTU_ERR_NOTSUP);
	/* MTI 11 is reserved: a mobile reads it as a DELIVER (23.040 9.2.3.1) */
	n = build_deliver(0x07, 0x00, 1, (const uint8_t *)"\x41", 1, pdu);
	assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
	assert_string_equal(text_of(&m), "A");
	/* SUBMIT: the relative VP or the 7 octets of an absolute one missing */
	assert_int_equal(submit_hex_rc("0011000B916407281553F80000"), USRDTU_ERR_INVAL);
	assert_int_equal(submit_hex_rc("0019000B916407281553F80000999999"), USRDTU_ERR_INVAL);
	/* absolute and enhanced VP are skipped */
	submit_hex("0019000B916407281553F800009930925161958001" "41", &m);
	assert_int_equal(m.vp_format, 3);
	assert_string_equal(text_of(&m), "A");
	submit_hex("0009000B916407281553F800000100000000000001" "41", &m);
	assert_int_equal(m.vp_format, 1);
	assert_string_equal(text_of(&m), "A");
	/* no MR */
	assert_int_equal(submit_hex_rc("0011"), USRDTU_ERR_INVAL);
}

/* Concatenation elements with impossible numbers are ignored, as 23.040
 * 9.2.3.24.1 asks; of two valid ones the last counts; others are skipped. */
static void test_concat_element_values(void **state)
{
	static const struct {
		const char *udh;
		size_t len;
		uint8_t total, seq;
		uint16_t ref;
	} cases[] = {
		{"\x05\x00\x03\x01\x00\x01", 6, 0, 0, 0},     /* total 0 */
		{"\x05\x00\x03\x01\x02\x00", 6, 0, 0, 0},     /* number 0 */
		{"\x05\x00\x03\x01\x02\x03", 6, 0, 0, 0},     /* number above total */
		{"\x06\x00\x04\x01\x02\x01\x00", 7, 0, 0, 0}, /* IEI 00 of length 4 */
		{"\x05\x08\x03\x01\x02\x01", 6, 0, 0, 0},     /* IEI 08 of length 3 */
		{"\x06\x08\x04\x00\x00\x02\x02", 7, 2, 2, 0}, /* 16-bit reference 0 */
		{"\x0A\x00\x03\x01\x02\x01\x00\x03\x09\x05\x04", 11, 5, 4, 9}, /* last wins */
		{"\x0A\x00\x03\x01\x02\x01\x00\x03\x09\x00\x04", 11, 2, 1, 1}, /* bad one ignored */
		{"\x07\x70\x00\x00\x03\x07\x03\x02", 8, 3, 2, 7}, /* empty element first */
	};
	struct usrdtu_sms_deliver m;
	uint8_t ud[32], pdu[80];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memcpy(ud, cases[i].udh, cases[i].len);
		ud[cases[i].len] = 0x42;
		n = build_deliver(0x44, 0x04, (uint8_t)(cases[i].len + 1), ud, cases[i].len + 1, pdu);
		assert_int_equal(usrdtu_sms_deliver_decode(pdu, n, &m), 0);
		assert_int_equal(m.concat.total, cases[i].total);
		assert_int_equal(m.concat.seq, cases[i].seq);
		assert_int_equal(m.concat.ref, cases[i].ref);
		assert_int_equal(m.body_len, 1);
		assert_int_equal(m.body[0], 0x42);
	}
}

/* Valid PDUs cut at every length are refused and never read past the cut
 * (each cut is copied into a buffer of exactly that size, so AddressSanitizer
 * sees any read beyond it); with a byte added they still decode the same. */
static void test_truncation(void **state)
{
	static const char *const deliver[] = {
		"07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37",
		"0791447758100650040DD0F334FC1CA6970100008080312170224008D4F29CDE0EA7D9",
		"0891683108200505F0040D91683105155694F5000850208151754500044F60597D",
		"00440D91683157121468F000009930925161958019"
		"0A22080B912143658709F180B2CBE17919242FC3D979",
		"000414D032584C4683DD7239580C" "0000" "99309251619580" "00",
	};
	static const char *const submit[] = {
		"0011000B916407281553F80000AA0AE8329BFD4697D9EC37",
		"0891683108100005F011000D91683109423346F90008000A5DE54F5C61095FEBFF01",
		"0051000C912943524295050004AA0F060804112F01014869206475646521",
		"0019000B916407281553F800009930925161958001" "41",
	};
	uint8_t full[USRDTU_SMS_PDU_MAX + 1];
	struct usrdtu_sms_deliver m, whole;
	size_t v, cut, n;

	(void)state;
	for (v = 0; v < sizeof deliver / sizeof deliver[0] + sizeof submit / sizeof submit[0]; v++) {
		int is_submit = v >= sizeof deliver / sizeof deliver[0];
		const char *hex = is_submit ? submit[v - sizeof deliver / sizeof deliver[0]] : deliver[v];
		int (*dec)(const uint8_t *, size_t, struct usrdtu_sms_deliver *) =
			is_submit ? usrdtu_sms_submit_decode : usrdtu_sms_deliver_decode;

		n = unhex(hex, full, sizeof full);
		assert_int_equal(dec(full, n, &whole), 0);
		for (cut = 0; cut < n; cut++) {
			uint8_t *p = malloc(cut ? cut : 1);

			assert_non_null(p);
			memcpy(p, full, cut);
			assert_int_equal(dec(p, cut, &m), USRDTU_ERR_INVAL);
			free(p);
		}
		full[n] = 0xFF;
		assert_int_equal(dec(full, n + 1, &m), 0);
		assert_memory_equal(&m, &whole, sizeof m);
	}
	assert_int_equal(usrdtu_sms_tpdu_length(full, 0), USRDTU_ERR_INVAL);
	full[0] = 0x07; /* an SMSC field of 7 octets */
	for (cut = 1; cut <= 8; cut++)
		assert_int_equal(usrdtu_sms_tpdu_length(full, cut), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_tpdu_length(full, 9), 1);
}

/* Every single-bit change of valid PDUs decodes or is refused; whatever
 * decodes converts within USRDTU_SMS_TEXT_MAX and reassembles without harm. */
static void test_bit_flips(void **state)
{
	static const char *const vectors[] = {
		"0791447758100650040DD0F334FC1CA6970100008080312170224008D4F29CDE0EA7D9",
		"00440D91683157121468F000009930925161958019"
		"0A22080B912143658709F180B2CBE17919242FC3D979",
	};
	static uint8_t text[USRDTU_SMS_REASM_TEXT_MAX];
	struct usrdtu_sms_reassembly r;
	uint8_t pdu[USRDTU_SMS_PDU_MAX];
	struct usrdtu_sms_deliver m;
	size_t v, i, n, len;
	int b, ok = 0;

	(void)state;
	usrdtu_sms_reassembly_init(&r, 0);
	for (v = 0; v < sizeof vectors / sizeof vectors[0]; v++) {
		n = unhex(vectors[v], pdu, sizeof pdu);
		for (i = 0; i < n; i++) {
			for (b = 0; b < 8; b++) {
				int rc;

				pdu[i] ^= (uint8_t)(1u << b);
				rc = usrdtu_sms_deliver_decode(pdu, n, &m);
				assert_true(rc == 0 || rc == USRDTU_ERR_INVAL || rc == USRDTU_ERR_NOTSUP);
				if (rc == 0) {
					ok++;
					assert_true(usrdtu_sms_deliver_text(&m, text, USRDTU_SMS_TEXT_MAX) >= 0);
					rc = usrdtu_sms_reassembly_add(&r, &m, (uint32_t)i, text, sizeof text, &len);
					assert_true(rc >= 0 || rc == USRDTU_ERR_NOSPC || rc == USRDTU_ERR_INVAL);
				}
				pdu[i] ^= (uint8_t)(1u << b);
			}
		}
	}
	assert_true(ok > 100);
}

/* The encoder's refusals; the PDU buffer is not written when it refuses. */
static void test_encode_refusals(void **state)
{
	struct usrdtu_sms_submit s;
	uint8_t pdu[USRDTU_SMS_PDU_MAX], ref[USRDTU_SMS_PDU_MAX];

	(void)state;
	memset(pdu, 0xEE, sizeof pdu);
	memcpy(ref, pdu, sizeof pdu);
	submit_text(&s, "+46708251358", "hellohello", USRDTU_SMS_GSM7);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, 23), USRDTU_ERR_NOSPC);
	assert_memory_equal(pdu, ref, sizeof pdu);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, 24), 24);
	memset(pdu, 0xEE, sizeof pdu);
	assert_int_equal(usrdtu_sms_submit_encode(NULL, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, NULL, sizeof pdu), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_submit_parts(NULL), USRDTU_ERR_INVAL);
	s.coding = 4;
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	s.coding = USRDTU_SMS_GSM7;
	s.vp_mode = 3;
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	s.vp_mode = 0;
	s.to = NULL;
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	s.to = "123";
	s.text = NULL;
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	submit_text(&s, "123", "中文", USRDTU_SMS_GSM7); /* GSM7 cannot carry it */
	assert_int_equal(usrdtu_sms_submit_parts(&s), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_submit_encode(&s, 1, pdu, sizeof pdu), USRDTU_ERR_INVAL);
	assert_memory_equal(pdu, ref, sizeof pdu);
	assert_int_equal(usrdtu_sms_tpdu_length(NULL, 4), USRDTU_ERR_INVAL);
	assert_int_equal(usrdtu_sms_deliver_text(NULL, pdu, 4), USRDTU_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_deliver_hellohello),
		cmocka_unit_test(test_deliver_negative_zone),
		cmocka_unit_test(test_deliver_alphanumeric),
		cmocka_unit_test(test_deliver_alphanumeric_11),
		cmocka_unit_test(test_deliver_ucs2_arabic),
		cmocka_unit_test(test_deliver_ucs2_chinese),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_deliver_fill_bits),
		cmocka_unit_test(test_submit_decode_long_headers),
		cmocka_unit_test(test_submit_decode_fields),
		cmocka_unit_test(test_default_alphabet),
		cmocka_unit_test(test_extension_table_decode),
		cmocka_unit_test(test_extension_table_encode),
		cmocka_unit_test(test_unknown_escapes),
		cmocka_unit_test(test_gsm7_length),
		cmocka_unit_test(test_gsm7_every_length),
		cmocka_unit_test(test_fill_bits_every_header),
		cmocka_unit_test(test_encode_hellohello),
		cmocka_unit_test(test_encode_with_smsc_default_vp),
		cmocka_unit_test(test_encode_ucs2_chinese),
		cmocka_unit_test(test_8bit_ref16_single),
		cmocka_unit_test(test_8bit_round_trip),
		cmocka_unit_test(test_ucs2_surrogates),
		cmocka_unit_test(test_dcs),
		cmocka_unit_test(test_encode_options),
		cmocka_unit_test(test_addresses_encode),
		cmocka_unit_test(test_addresses_decode),
		cmocka_unit_test(test_split_gsm7),
		cmocka_unit_test(test_split_ucs2),
		cmocka_unit_test(test_split_8bit),
		cmocka_unit_test(test_split_limit),
		cmocka_unit_test(test_concat_gsm7_ref8),
		cmocka_unit_test(test_concat_ucs2_ref16),
		cmocka_unit_test(test_concat_8bit),
		cmocka_unit_test(test_concat_decode_published),
		cmocka_unit_test(test_reasm_out_of_order_and_duplicates),
		cmocka_unit_test(test_reasm_keys),
		cmocka_unit_test(test_reasm_timeout),
		cmocka_unit_test(test_reasm_table_full),
		cmocka_unit_test(test_reasm_parts_full),
		cmocka_unit_test(test_reasm_refusals),
		cmocka_unit_test(test_reasm_split_characters),
		cmocka_unit_test(test_malformed_deliver),
		cmocka_unit_test(test_message_types),
		cmocka_unit_test(test_concat_element_values),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_bit_flips),
		cmocka_unit_test(test_encode_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
