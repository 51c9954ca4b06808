/*
 * Profile cat1: USR Cat-1 DTUs (DR502, G771, WH-LTE-7S1).
 * Source: seeds/002 (AT command manual V1.0.0). Parameters are unquoted and
 * words print in upper case, as the manual's examples show. Where an example
 * contradicts its own "Default:" line (NATEN, UATEN, CACHEN, SOCKCEN) the
 * Default line wins (SPEC section 10).
 */
#include "../engine.h"

#if USRDTU_CFG_PROFILE_CAT1

AT_WORDS(w_onoff, AT_WORD("ON", 1), AT_WORD("OFF", 0));
AT_WORDS(w_mode, AT_WORD("CMD", USRDTU_MODE_CMD), AT_WORD("NET", USRDTU_MODE_NET), AT_WORD("HTTPD", USRDTU_MODE_HTTPD),
	 AT_WORD("SMS", USRDTU_MODE_SMS));
AT_WORDS(w_proto, AT_WORD("TCP", USRDTU_PROTO_TCPC), AT_WORD("UDP", USRDTU_PROTO_UDPC));
AT_WORDS(w_link, AT_WORD("LONG", 0), AT_WORD("SHORT", 1));
AT_WORDS(w_regtp, AT_WORD("ICCID", USRDTU_CONTENT_ICCID), AT_WORD("IMEI", USRDTU_CONTENT_IMEI),
	 AT_WORD("SN", USRDTU_CONTENT_SN), AT_WORD("USER", USRDTU_CONTENT_USER), AT_WORD("CLOUD", USRDTU_CONTENT_CLOUD));
AT_WORDS(w_regsnd, AT_WORD("LINK", USRDTU_REGSND_LINK), AT_WORD("DATA", USRDTU_REGSND_DATA),
	 AT_WORD("LINK&DATA", USRDTU_REGSND_LINK_DATA));
/* 002 describes COM as "to network" and NET as "to serial port"; the other
 * three manuals and the words themselves say the opposite, and SPEC section
 * 10 follows them: NET is the network, COM the serial port. */
AT_WORDS(w_heart, AT_WORD("COM", USRDTU_HEART_COM), AT_WORD("NET", USRDTU_HEART_NET));
AT_WORDS(w_heartsort, AT_WORD("ICCID", USRDTU_CONTENT_ICCID), AT_WORD("IMEI", USRDTU_CONTENT_IMEI),
	 AT_WORD("SN", USRDTU_CONTENT_SN), AT_WORD("USER", USRDTU_CONTENT_USER), AT_WORD("LBS", USRDTU_CONTENT_LBS));
AT_WORDS(w_method, AT_WORD("GET", USRDTU_HTTP_GET), AT_WORD("POST", USRDTU_HTTP_POST));
AT_WORDS(w_parity, AT_WORD("NONE", USRDTU_PARITY_NONE), AT_WORD("ODD", USRDTU_PARITY_ODD),
	 AT_WORD("EVEN", USRDTU_PARITY_EVEN));
/* 002 offers no flow control at all: NONE is the only word it lists. */
AT_WORDS(w_flow, AT_WORD("NONE", USRDTU_FLOW_NONE));

#define ONOFF(field, def) AT_ENUM(field, w_onoff, def)
#define OPTIONAL(type, field, aux, min, max, def) AT_PARAM(type, field, aux, min, max, def, AT_PF_OPTIONAL)

static const struct at_param p_echo[] = {ONOFF(echo, 1)};
static const struct at_param p_wkmod[] = {AT_ENUM(work_mode, w_mode, USRDTU_MODE_NET)};
static const struct at_param p_cmdpw[] = {AT_TEXT(cmd_password, 1, 10, "usr.cn#")};
static const struct at_param p_stmsg[] = {AT_TEXT(start_message, 1, 20, "WH-LTE-7S1")};
/* 0 switches the restart off; otherwise at least a minute. */
static const struct at_param p_rstim[] = {
	AT_PARAM(AT_T_UINT, no_data_restart_s, NULL, 60, 65535, 1800, AT_PF_ZERO)};
static const struct at_param p_sdpen[] = {ONOFF(sdp_enabled, 0)};
static const struct at_param p_naten[] = {ONOFF(net_at, 1)};
static const struct at_param p_uaten[] = {ONOFF(serial_at, 1)};
static const struct at_param p_cachen[] = {ONOFF(cache_enabled, 1)};
static const struct at_param p_safeaten[] = {ONOFF(login_required, 0)};
/* 002 4.28: letters, digits and underscores, up to 10 bytes. */
static const struct at_param p_signinat[] = {
	AT_PARAM(AT_T_TEXT, login_password, "usr_cn", 1, 10, 0, AT_PF_CS_WORD | AT_PF_NOLOGIN)};
/* Date "yy/MM/dd" and time "hh:mm:ss+zz"; cmd_clock checks their shape. The
 * query prints both in one quoted string, and SPEC section 1 wants what a
 * query prints to be accepted back: the first argument may also be the
 * whole "yy/MM/dd,hh:mm:ss+zz" (20 bytes), the time then left out. */
static const struct at_param p_cclk[] = {AT_ARG(AT_T_TEXT, NULL, 1, 20, 0),
					 AT_ARG(AT_T_TEXT, NULL, 1, 11, AT_PF_OPTIONAL)};
/* AT+LBS=1 (position and time) and AT+LBS=2 (with the address). */
static const struct at_param p_lbs[] = {AT_ARG(AT_T_UINT, NULL, 1, 2, 0)};
/* 002 lists any baud rate from 1200 to 921600 and 8 data bits only. */
static const struct at_param p_uart[] = {
	AT_UINT_WIDE(uart.baud, 1200, 921600, 115200), AT_UINT(uart.data_bits, 8, 8, 8),
	AT_UINT(uart.stop_bits, 1, 2, 1), AT_ENUM(uart.parity, w_parity, USRDTU_PARITY_NONE),
	AT_ENUM(uart.flow, w_flow, USRDTU_FLOW_NONE)};
static const struct at_param p_uartfl[] = {AT_UINT(pack_len, 5, 4096, 1024)};
static const struct at_param p_uartft[] = {AT_UINT(pack_time_ms, 10, 500, 50)};
/* AT+APN=CMNET,,,0: user and password may be empty or left out. */
static const struct at_param p_apn[] = {
	AT_TEXT(apn, 0, 50, "CMNET"), OPTIONAL(AT_T_TEXT, apn_user, "", 0, 50, 0),
	OPTIONAL(AT_T_TEXT, apn_pass, "", 0, 50, 0), OPTIONAL(AT_T_UINT, apn_auth, NULL, 0, 2, 0)};

/* Sockets B-D default off (002's Default lines; its SOCKCEN example shows ON).
 * The backup server defaults to "null" in 002: an empty host, port 1. */
#define SOCKET_PARAMS(i, on)                                                                       \
	static const struct at_param p_sock##i[] = {                                               \
		AT_ENUM(sock[i].proto, w_proto, USRDTU_PROTO_TCPC),                               \
		AT_HOST(sock[i].host, 1, 100, "test.usr.cn"), AT_UINT(sock[i].port, 1, 65535, 2317)}; \
	static const struct at_param p_sock##i##_en[] = {ONOFF(sock[i].enabled, on)};                \
	static const struct at_param p_sock##i##_bk[] = {                                          \
		AT_HOST(sock[i].backup_host, 0, 100, ""), AT_UINT(sock[i].backup_port, 1, 65535, 1)}; \
	static const struct at_param p_sock##i##_bken[] = {ONOFF(sock[i].backup_enabled, 0)};       \
	static const struct at_param p_keepalive##i[] = {                                          \
		AT_UINT(sock[i].keepalive_enabled, 0, 1, 1),                                      \
		AT_UINT(sock[i].keepalive_idle_s, 1, 65535, 60),                                  \
		AT_UINT(sock[i].keepalive_interval_s, 1, 100, 15),                                \
		AT_UINT(sock[i].keepalive_count, 1, 10, 3)}
SOCKET_PARAMS(0, 1);
SOCKET_PARAMS(1, 0);
SOCKET_PARAMS(2, 0);
SOCKET_PARAMS(3, 0);
/* Only socket A can use short connections (002 has SOCKASL and nothing else). */
static const struct at_param p_socka_sl[] = {AT_ENUM(sock[0].short_connection, w_link, 0)};
static const struct at_param p_shortatm[] = {AT_UINT(short_timeout_s, 1, 600, 10)};
static const struct at_param p_sockrsnum[] = {AT_UINT(reconnect_limit, 1, 65535, 60)};
static const struct at_param p_sockrstim[] = {AT_UINT(reconnect_interval_s, 10, 65535, 10)};

/* The default of REGDT and HEARTDT, hex 7777772E7573722E636E: a hex
 * default is given as its bytes. */
#define WWW_USR_CN "www.usr.cn"
static const struct at_param p_regen[] = {ONOFF(reg_enabled, USRDTU_REGEN_OFF)};
static const struct at_param p_regtp[] = {AT_ENUM(reg_content, w_regtp, USRDTU_CONTENT_USER)};
static const struct at_param p_regdt[] = {AT_HEX(reg_data, 1, 300, WWW_USR_CN)};
static const struct at_param p_regsnd[] = {AT_ENUM(reg_send, w_regsnd, USRDTU_REGSND_LINK)};
/* PUSR cloud device IDs are 20-digit numbers (the example sets
 * 12345678901234567890); empty, the default, means no cloud account. */
static const struct at_param p_cloud[] = {
	AT_PARAM(AT_T_TEXT, cloud_id, "", 0, 20, 0, AT_PF_CS_DIGITS), AT_TEXT(cloud_pass, 0, 8, "")};

static const struct at_param p_hearten[] = {ONOFF(heart_enabled, 1)};
static const struct at_param p_hearttp[] = {AT_ENUM(heart_dir, w_heart, USRDTU_HEART_NET)};
static const struct at_param p_heartdt[] = {AT_HEX(heart_data, 1, 300, WWW_USR_CN)};
static const struct at_param p_hearttm[] = {AT_UINT(heart_interval_s, 1, 65535, 30)};
static const struct at_param p_heartsort[] = {AT_ENUM(heart_content, w_heartsort, USRDTU_CONTENT_USER)};
/* AT+HEART sets the five heartbeat settings in one line, in this order;
 * everything after the switch may be left out and keeps its value. */
static const struct at_param p_heart[] = {
	ONOFF(heart_enabled, 1),
	OPTIONAL(AT_T_ENUM, heart_dir, &w_heart, 0, 0, USRDTU_HEART_NET),
	OPTIONAL(AT_T_ENUM, heart_content, &w_heartsort, 0, 0, USRDTU_CONTENT_USER),
	OPTIONAL(AT_T_UINT, heart_interval_s, NULL, 1, 65535, 30),
	OPTIONAL(AT_T_HEX, heart_data, WWW_USR_CN, 1, 300, 0)};

static const struct at_param p_htptp[] = {AT_ENUM(http_method, w_method, USRDTU_HTTP_GET)};
static const struct at_param p_htpurl[] = {AT_TEXT(http_url, 1, 100, "/1.php?")};
static const struct at_param p_htphd[] = {AT_TEXT(http_header, 1, 200, "Accept:text/html\r\n")};
static const struct at_param p_htpsv[] = {AT_HOST(http_host, 1, 100, "test.usr.cn"),
					  AT_UINT(http_port, 1, 65535, 80)};
static const struct at_param p_htppk[] = {ONOFF(http_filter, 1)};
static const struct at_param p_htptim[] = {AT_UINT(http_timeout_s, 1, 65535, 10)};
static const struct at_param p_dstnum[] = {
	AT_PARAM(AT_T_TEXT, sms_number, "1008610010", 1, 20, 0, AT_PF_CS_PHONE)};
static const struct at_param p_smsflt[] = {ONOFF(sms_filter, 1)};
/* The first server is required; servers 2-4 left out of a set are removed
 * and a query prints only the servers that are set. */
static const struct at_param p_ntpsvr[] = {
	AT_HOST(ntp_server[0], 1, 100, "cn.ntp.org.cn"),
	AT_PARAM(AT_T_HOST, ntp_server[1], "us.ntp.org.cn", 1, 100, 0, AT_PF_LIST),
	AT_PARAM(AT_T_HOST, ntp_server[2], "", 1, 100, 0, AT_PF_LIST),
	AT_PARAM(AT_T_HOST, ntp_server[3], "", 1, 100, 0, AT_PF_LIST)};
static const struct at_param p_ntpen[] = {ONOFF(ntp_enabled, 0)};
static const struct at_param p_ntptm[] = {AT_UINT(ntp_period_min, 1, 65535, 60)};

/* 002 describes no parameters for the GPS commands: a set with up to four
 * arguments reaches cmd_unsupported (and fails there with "execution
 * failed") instead of failing a parameter count nobody documented. Four of
 * 60 bytes keep the longest such line inside the 1024-byte line buffer. */
#define ANY_ARG AT_ARG(AT_T_TEXT, NULL, 0, 60, AT_PF_OPTIONAL)
static const struct at_param p_gps[] = {ANY_ARG, ANY_ARG, ANY_ARG, ANY_ARG};

/* Room for one HAL fact; longer answers are cut, never overrun. */
#define FACT_LEN 64
/* ADDINFO is a UTF-8 street address. */
#define ADDRESS_LEN 200
/* A cell sees a handful of neighbours; the cap only guards against a HAL
 * that never says "no more". */
#define NEIGHBOURS_MAX 32

/* AT+CCLK="20/12/01,10:47:46+32" (3GPP's form, and what the query prints)
 * is AT+CCLK=20/12/01,10:47:46+32 with the comma inside the quotes. */
static int cmd_cclk(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	if (call->form == AT_FORM_SET && call->argc == 1) {
		struct at_arg *both = &call->argv[0];
		uint16_t i;

		for (i = 0; i < both->len && both->text[i] != ','; i++)
			;
		if (i == both->len)
			return -AT_E_COUNT;
		call->argv[1].text = both->text + i + 1;
		call->argv[1].len = (uint16_t)(both->len - i - 1);
		call->argv[1].kind = AT_ARG_QUOTED;
		both->len = i;
		call->argc = 2;
	}
	return cmd_clock(dev, cmd, call);
}

/* The query of STMSG has a space after the colon (see its row); the test
 * form's example, "+STMSG:<1~20 bytes>", has none. */
static int cmd_stmsg(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	struct at_cmd plain;

	if (call->form != AT_FORM_TEST)
		return AT_R_DEFAULT;
	plain = *cmd;
	plain.flags = (uint8_t)(plain.flags & ~AT_CF_SPACE);
	reply_value_open(dev, &plain);
	reply_range(dev, &plain);
	reply_value_close(dev, &plain);
	return AT_R_DONE;
}

/* AT+NTPSVR=a,,c: an empty server in the middle would be stored, yet a
 * query prints the list only up to the first empty member, so "a" would be
 * shown while "c" is used. The servers are a list in order of preference:
 * empty members are dropped and the rest move up ("a,c"), so that what the
 * query prints is what is in force. */
static int cmd_ntpsvr(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	uint8_t i, n = 1;

	(void)dev;
	(void)cmd;
	if (call->form != AT_FORM_SET)
		return AT_R_DEFAULT;
	for (i = 1; i < call->argc; i++) {
		if (call->argv[i].len == 0)
			continue;
		call->argv[n] = call->argv[i];
		call->value[n] = call->value[i];
		n++;
	}
	call->argc = n;
	return AT_R_DEFAULT;
}

/* 002 4.22's format line writes "+CIP: <IP>", its example "+CIP:10.1.167.22":
 * the example is what a device prints, so no AT_CF_SPACE on this row. */
static int cmd_cip(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_info(dev, cmd, USRDTU_INFO_LOCAL_IP, 0);
}

/* The row's AT_CF_SPACE gives "+CSQ: 27,99", as 002 4.15 prints it. */
static int cmd_csq(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_info(dev, cmd, USRDTU_INFO_CSQ, 0);
}

/* 002 4.23: '+CNUM: "","15112341234",129', the 3GPP +CNUM line: an empty
 * alpha tag, the number and its type (145 international, 129 otherwise). */
static int cmd_cnum(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char number[FACT_LEN];
	int len = info_get(dev, USRDTU_INFO_NUMBER, 0, number, sizeof number);

	(void)call;
	if (len < 0)
		return -AT_E_EXEC;
	reply_value_open(dev, cmd);
	out_str(dev, "\"\",\"");
	out_bytes(dev, number, (size_t)len);
	out_str(dev, len > 0 && number[0] == '+' ? "\",145" : "\",129");
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* 002 4.16: "+SYSINFO:4,LTE". Its format line puts a line break after the
 * colon; the example, which host programs match, has none. */
static int cmd_sysinfo(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char type[FACT_LEN];
	int len = info_get(dev, USRDTU_INFO_NET_TYPE, 0, type, sizeof type);
	const char *word;

	(void)call;
	if (len != 1)
		return -AT_E_EXEC;
	switch (type[0]) {
	case '0':
		word = "0,No Network";
		break;
	case '2':
		word = "2,GSM/GPRS";
		break;
	case '4':
		word = "4,LTE";
		break;
	default:
		/* a number 002 gives no word for: no answer is better than a wrong one */
		return -AT_E_EXEC;
	}
	reply_value_open(dev, cmd);
	out_str(dev, word);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* 002 4.24: the serving cell "+LBS: LAC = 333e, CID = 3357906"; AT+LBS=1 the
 * position "+LBS: LNG = <lng>, LAT = <lat>, TIME = <time>"; AT+LBS=2 adds
 * ", ADDINFO: <address>" (with a colon, not " = ", as the example prints). */
static int cmd_lbs(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char lac[FACT_LEN], cid[FACT_LEN], lng[FACT_LEN], lat[FACT_LEN], when[FACT_LEN];
	char address[ADDRESS_LEN];
	int lac_len, cid_len, lng_len, lat_len, when_len, address_len = 0;
	int with_address;

	if (call->form != AT_FORM_SET) {
		lac_len = info_get(dev, USRDTU_INFO_LAC, 0, lac, sizeof lac);
		cid_len = info_get(dev, USRDTU_INFO_CELL_ID, 0, cid, sizeof cid);
		if (lac_len < 0 || cid_len < 0)
			return -AT_E_EXEC;
		reply_value_open(dev, cmd);
		out_str(dev, "LAC = ");
		out_bytes(dev, lac, (size_t)lac_len);
		out_str(dev, ", CID = ");
		out_bytes(dev, cid, (size_t)cid_len);
		reply_value_close(dev, cmd);
		return AT_R_DONE;
	}
	/* Every fact is read before the first byte goes out, so a HAL that
	 * lacks one gives a clean error line, not half a reply. */
	with_address = call->value[0] == 2;
	lng_len = info_get(dev, USRDTU_INFO_LONGITUDE, 0, lng, sizeof lng);
	lat_len = info_get(dev, USRDTU_INFO_LATITUDE, 0, lat, sizeof lat);
	when_len = info_get(dev, USRDTU_INFO_LOCATION_TIME, 0, when, sizeof when);
	if (with_address)
		address_len = info_get(dev, USRDTU_INFO_ADDRESS, 0, address, sizeof address);
	if (lng_len < 0 || lat_len < 0 || when_len < 0 || address_len < 0)
		return -AT_E_EXEC;
	reply_value_open(dev, cmd);
	out_str(dev, "LNG = ");
	out_bytes(dev, lng, (size_t)lng_len);
	out_str(dev, ", LAT = ");
	out_bytes(dev, lat, (size_t)lat_len);
	out_str(dev, ", TIME = ");
	out_bytes(dev, when, (size_t)when_len);
	if (with_address) {
		out_str(dev, ", ADDINFO: ");
		out_bytes(dev, address, (size_t)address_len);
	}
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* 002 4.25: "+LBSN:" then one "TAC<n> = <tac>, CellID<n> = <cid>" line per
 * neighbour cell, numbered from 1, until the HAL has no more. */
static int cmd_lbsn(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char tac[FACT_LEN], cell[FACT_LEN];
	unsigned i;

	(void)call;
	for (i = 0; i < NEIGHBOURS_MAX; i++) {
		int tac_len = info_get(dev, USRDTU_INFO_NEIGHBOR_LAC, i, tac, sizeof tac);
		int cell_len = info_get(dev, USRDTU_INFO_NEIGHBOR_CELL, i, cell, sizeof cell);

		if (tac_len < 0 || cell_len < 0)
			break;
		if (i == 0)
			reply_value_open(dev, cmd);
		out_str(dev, "\r\nTAC");
		out_u32(dev, i + 1);
		out_str(dev, " = ");
		out_bytes(dev, tac, (size_t)tac_len);
		out_str(dev, ", CellID");
		out_u32(dev, i + 1);
		out_str(dev, " = ");
		out_bytes(dev, cell, (size_t)cell_len);
	}
	if (i == 0)
		return -AT_E_EXEC;
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

#define BK_RANGE "<1~100 bytes>,<1~65535>"
#define KEEPALIVE_RANGE "<0,1>,<1~65535>,<1~100>,<1~10>"
#define SET(name, params, range, help) AT_SETTING(name, params, range, help)
/* The cat1 manual has no AT+H and no cat1 command prints a help line: the
 * rows keep their descriptions here for the reader, the build drops them
 * (about 1.9 KB). */
#undef AT_HELP
#define AT_HELP(text) ""
#define INFO_SPACE(name, handler, help) AT_CMD0(name, handler, AT_FORM_QUERY, AT_CF_SPACE, "", help)
/* GPS is outside this library (SPEC section 9): every form fails. */
#define GPS_ROW(name, help) \
	AT_CMD(name, p_gps, cmd_unsupported, AT_FORMS_SETTING, 0, "", help)
/* The handlers of the rows, named by index (see AT_HANDLERS). */
#define CAT1_HANDLERS(X) \
	X(cmd_cclk) X(cmd_cip) X(cmd_clear) X(cmd_cnum) X(cmd_csq) X(cmd_entm) X(cmd_info_build) \
	X(cmd_info_iccid) X(cmd_info_imei) X(cmd_info_sn) X(cmd_info_version) X(cmd_lbs) \
	X(cmd_lbsn) X(cmd_link_0) X(cmd_link_1) X(cmd_link_2) X(cmd_link_3) X(cmd_ntpsvr) \
	X(cmd_restart) X(cmd_save) X(cmd_signin) X(cmd_stmsg) X(cmd_sysinfo) X(cmd_unsupported)
AT_HANDLERS(cat1, CAT1_HANDLERS);

#define SOCKET_ROWS(L, i)                                                                        \
	SET("SOCK" #L, p_sock##i, "", AT_HELP_QUERY_SET "socket " #L " parameters"),              \
	SET("SOCK" #L "BK", p_sock##i##_bk, BK_RANGE, AT_HELP_QUERY_SET "socket " #L " backup server"),     \
	SET("SOCK" #L "BKEN", p_sock##i##_bken, "", AT_HELP_QUERY_SET "socket " #L " backup status"), \
	SET("SOCK" #L "EN", p_sock##i##_en, "", AT_HELP_QUERY_SET "socket " #L " status"),           \
	AT_INFO("SOCK" #L "LK", cmd_link_##i, AT_HELP_QUERY "socket " #L " connection status")

static const struct at_cmd cat1_cmds[] = {
	SET("APN", p_apn, "<APN>,[USERNAME],[PASSWORD],[0,1,2]", AT_HELP_QUERY_SET "APN information"),
	AT_INFO("BUILD", cmd_info_build, "Request firmware building time"),
	SET("CACHEN", p_cachen, "", AT_HELP_QUERY_SET "serial data cache status"),
	/* 002 shows a query and a set, no test form; its format line prints
	 * '+CCLK: "date,time"' with a space. */
	AT_CMD("CCLK", p_cclk, cmd_cclk, AT_FORM_QUERY | AT_FORM_SET, AT_CF_SPACE, "",
	       AT_HELP_QUERY_SET "time"),
	AT_INFO("CIP", cmd_cip, AT_HELP_QUERY "local IP"),
	AT_ACTION("CLEAR", cmd_clear, "Reset all settings to factory settings"),
	SET("CLOUD", p_cloud, "<20 bytes>,<8 bytes>", AT_HELP_QUERY_SET "PUSR cloud device ID and password"),
	SET("CMDPW", p_cmdpw, "", AT_HELP_QUERY_SET "the command password"),
	INFO_SPACE("CNUM", cmd_cnum, AT_HELP_QUERY "SIM card number"),
	INFO_SPACE("CSQ", cmd_csq, AT_HELP_QUERY "signal quality"),
	SET("DSTNUM", p_dstnum, "<1~20bytes>", AT_HELP_QUERY_SET "the target phone number"),
	AT_CMD("E", p_echo, NULL, AT_FORMS_SETTING, AT_CF_NOW, "", AT_HELP_QUERY_SET "echo mode"),
	AT_ACTION("ENTM", cmd_entm, "Exit AT command mode"),
	GPS_ROW("GPS", "Set/query GPS enabled status (not supported)"),
	GPS_ROW("GPSDT", AT_HELP_QUERY "GPS location information (not supported)"),
	GPS_ROW("GPSOUT", AT_HELP_QUERY_SET "the GPS heartbeat content (not supported)"),
	AT_CMD("HEART", p_heart, NULL, AT_FORMS_SETTING, AT_CF_ALIAS,
	       "<ON,OFF>,<NET/COM>,<ICCID/IMEI/SN/LBS/USER>,<time>,[USER_DATA]",
	       AT_HELP_QUERY_SET "heartbeat packet parameters"),
	SET("HEARTDT", p_heartdt, "<1~300bytes>", AT_HELP_QUERY_SET "heartbeat packet data (hex)"),
	SET("HEARTEN", p_hearten, "", AT_HELP_QUERY_SET "heartbeat packet status"),
	SET("HEARTSORT", p_heartsort, "", AT_HELP_QUERY_SET "the heartbeat packet type"),
	SET("HEARTTM", p_hearttm, "<1~65535(s)>", AT_HELP_QUERY_SET "the heartbeat interval"),
	SET("HEARTTP", p_hearttp, "", AT_HELP_QUERY_SET "the heartbeat direction"),
	SET("HTPHD", p_htphd, "", AT_HELP_QUERY_SET "HTTP header"),
	SET("HTPPK", p_htppk, "", AT_HELP_QUERY_SET "HTTP response header filter"),
	SET("HTPSV", p_htpsv, "", AT_HELP_QUERY_SET "HTTP server"),
	SET("HTPTIM", p_htptim, "<1~65535(s)>", AT_HELP_QUERY_SET "HTTP request timeout"),
	SET("HTPTP", p_htptp, "", AT_HELP_QUERY_SET "HTTP request method"),
	SET("HTPURL", p_htpurl, "", AT_HELP_QUERY_SET "HTTP URL"),
	AT_INFO("ICCID", cmd_info_iccid, "Show ICCID"),
	AT_INFO("IMEI", cmd_info_imei, "Request IMEI"),
	SET("KEEPALIVEA", p_keepalive0, KEEPALIVE_RANGE, AT_HELP_QUERY_SET "socket A keepalive"),
	SET("KEEPALIVEB", p_keepalive1, KEEPALIVE_RANGE, AT_HELP_QUERY_SET "socket B keepalive"),
	SET("KEEPALIVEC", p_keepalive2, KEEPALIVE_RANGE, AT_HELP_QUERY_SET "socket C keepalive"),
	SET("KEEPALIVED", p_keepalive3, KEEPALIVE_RANGE, AT_HELP_QUERY_SET "socket D keepalive"),
	/* AT+LBS=1/2 act at once and store nothing. */
	AT_CMD("LBS", p_lbs, cmd_lbs, AT_FORM_QUERY | AT_FORM_SET, AT_CF_SPACE, "",
	       AT_HELP_QUERY "cell base station information"),
	AT_INFO("LBSN", cmd_lbsn, AT_HELP_QUERY "neighbour cell information"),
	SET("NATEN", p_naten, "", AT_HELP_QUERY_SET "network AT commands"),
	SET("NTPEN", p_ntpen, "", AT_HELP_QUERY_SET "NTP switch"),
	AT_CMD("NTPSVR", p_ntpsvr, cmd_ntpsvr, AT_FORMS_SETTING, 0, "<SVR1>,[<SVR2>,<SVR3>,<SVR4>]",
	       AT_HELP_QUERY_SET "NTP servers"),
	SET("NTPTM", p_ntptm, "<1~65535(m)>", AT_HELP_QUERY_SET "NTP period (minutes)"),
	SET("REGDT", p_regdt, "", AT_HELP_QUERY_SET "registration data (hex)"),
	SET("REGEN", p_regen, "", AT_HELP_QUERY_SET "registration packet status"),
	SET("REGSND", p_regsnd, "", AT_HELP_QUERY_SET "registration sending method"),
	SET("REGTP", p_regtp, "", AT_HELP_QUERY_SET "registration packet type"),
	SET("RSTIM", p_rstim, "<0,60~65535(s)>", AT_HELP_QUERY_SET "the no-data restart time"),
	AT_ACTION("S", cmd_save, "Save the configuration and restart"),
	SET("SAFEATEN", p_safeaten, "", AT_HELP_QUERY_SET "login security"),
	SET("SDPEN", p_sdpen, "", AT_HELP_QUERY_SET "socket distribution protocol"),
	SET("SHORTATM", p_shortatm, "<1~600(s)>", AT_HELP_QUERY_SET "socket A short connection timeout"),
	/* 002 4.28 has no query: the password is never printed. */
	AT_CMD("SIGNINAT", p_signinat, cmd_signin, AT_FORM_SET, AT_CF_NOW, "",
	       "Log in, or change the login password"),
	SET("SMSFLT", p_smsflt, "", AT_HELP_QUERY_SET "SMS filtering"),
	/* 002 4.19 prints "+SN: 00402420011300024522", with a space. */
	INFO_SPACE("SN", cmd_info_sn, "Request SN code"),
	SOCKET_ROWS(A, 0),
	SET("SOCKASL", p_socka_sl, "", AT_HELP_QUERY_SET "socket A connection mode"),
	SOCKET_ROWS(B, 1),
	SOCKET_ROWS(C, 2),
	SOCKET_ROWS(D, 3),
	SET("SOCKRSNUM", p_sockrsnum, "", AT_HELP_QUERY_SET "the maximum socket reconnections"),
	SET("SOCKRSTIM", p_sockrstim, "<10~65535(s)>", AT_HELP_QUERY_SET "the socket reconnect interval"),
	/* 002 4.9 prints "+STMSG: WH-LTE-7S1" and sets "AT+STMSG= WH-LTE-7S1".
	 * The space after '=' is not part of the value (SPEC section 1: spaces
	 * around '=' are accepted and dropped) and the Default line and the boot
	 * message say "WH-LTE-7S1", so the stored value has no space; the space
	 * in the query reply is the reply's, as in "+CSQ: " and "+SN: ", and is
	 * produced here because host programs match the manual's bytes. Its
	 * test form has no space in 002: cmd_stmsg prints that one. */
	AT_CMD("STMSG", p_stmsg, cmd_stmsg, AT_FORMS_SETTING, AT_CF_SPACE, "",
	       AT_HELP_QUERY_SET "startup message"),
	AT_CMD0("SYSINFO", cmd_sysinfo, AT_FORM_QUERY, 0, "", AT_HELP_QUERY "network registration status"),
	SET("UART", p_uart, "<1200~921600>,<8>,<1,2>,<NONE,ODD,EVEN>,<NONE>",
	    AT_HELP_QUERY_SET "serial port parameters"),
	SET("UARTFL", p_uartfl, "", AT_HELP_QUERY_SET "the serial packing length"),
	/* 002's format line says 50~500 while its example and parameter text
	 * say 10~500: the example is what a device prints. */
	SET("UARTFT", p_uartft, "<10~500(ms)>", AT_HELP_QUERY_SET "the serial packing time (ms)"),
	SET("UATEN", p_uaten, "", AT_HELP_QUERY_SET "serial AT commands in data mode"),
	AT_INFO("VER", cmd_info_version, "Request firmware version"),
	SET("WKMOD", p_wkmod, "", AT_HELP_QUERY_SET "working mode"),
	AT_ACTION("Z", cmd_restart, "Restart the module"),
};

static const struct at_dialect cat1_dialect = {
	AT_REPLY(ok, "\r\nOK\r\n"),
	AT_REPLY(value_open, "\r\n+"),
	AT_REPLY(value_close, "\r\n\r\nOK\r\n"),
	AT_REPLY(tight_close, "\r\nOK\r\n"),
	.error_open = "\r\n+CME ERROR:",
	.error_close = "\r\n",
	.link_down = "Disconnected",
	.link_up = "Connected",
	/* none FORMAT UNKNOWN FORM COUNT TYPE RANGE MISSING EXEC LOGIN */
	.error_code = {0, 58, 58, 58, 53, 3, 53, 3, 50, 73},
	.style = AT_S_NAMED | AT_S_ESC_BRACKET,
};

static const char cat1_help_words[] = AT_HELP(AT_HELP_WORDS_FIRST);

/* Hash index of the rows (see struct usrdtu_profile); tests/test_tables.c
 * prints a new one when the table changes. */
static const uint8_t cat1_index[AT_INDEX_BUCKETS + 128] = {
	4, 2, 0, 1, 4, 0, 1, 10, 7, 5, 2, 0, 3, 0, 0, 0,
	3, 1, 0, 8, 0, 0, 1, 4, 9, 3, 3, 1, 1, 0, 1, 4,
	0, 0, 0, 0, 70, 0, 0, 0, 15, 12, 0, 62, 19, 0, 0, 2,
	0, 25, 73, 0, 77, 46, 61, 16, 3, 41, 65, 75, 29, 0, 0, 0,
	66, 7, 5, 74, 43, 0, 26, 44, 30, 0, 0, 55, 13, 0, 78, 0,
	0, 69, 0, 79, 24, 82, 63, 58, 51, 35, 52, 71, 0, 0, 81, 0,
	8, 0, 33, 40, 47, 60, 38, 1, 0, 0, 22, 45, 31, 4, 17, 64,
	80, 68, 18, 10, 23, 72, 6, 0, 48, 20, 0, 27, 84, 0, 59, 28,
	0, 0, 34, 0, 0, 0, 0, 21, 83, 56, 32, 14, 49, 0, 9, 0,
	37, 36, 42, 11, 0, 50, 39, 76, 54, 53, 0, 0, 0, 0, 57, 67,
};

const struct usrdtu_profile usrdtu_profile_cat1 = {
	"cat1",
	cat1_cmds,
	&cat1_dialect,
	NULL,
	AT_COUNT(cat1_cmds),
	0, /* packing time: UARTFT */
	0, /* packing length: UARTFL */
	2,
	AT_P_SERIAL_AT | AT_P_LOGIN,
	cat1_index,
	127,
	cat1_help_words,
	cat1_handlers,
};

#endif /* USRDTU_CFG_PROFILE_CAT1 */
