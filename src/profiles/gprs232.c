/*
 * Profile gprs232: USR-GPRS232-730/732, 2G DTU.
 * Sources: seeds/000 (AT command set V1.0.0) and seeds/001 (software design
 * manual, section 3.1.7 and AT+UCPIN). Where they disagree SPEC.md decides:
 * sockets B-D default off; the baud list is the union of both manuals;
 * SOCKRSTIM (001) and SOCKRSTM (000) are one setting.
 */
#include "../engine.h"

#if USRDTU_CFG_PROFILE_GPRS232

AT_WORDS(w_onoff, AT_WORD("on", 1), AT_WORD("off", 0));
AT_WORDS(w_mode, AT_WORD("CMD", USRDTU_MODE_CMD), AT_WORD("SMS", USRDTU_MODE_SMS), AT_WORD("NET", USRDTU_MODE_NET),
	 AT_WORD("HTTPD", USRDTU_MODE_HTTPD), AT_WORD("UDC", USRDTU_MODE_UDC));
AT_WORDS(w_proto, AT_WORD("TCP", USRDTU_PROTO_TCPC), AT_WORD("UDP", USRDTU_PROTO_UDPC));
AT_WORDS(w_link, AT_WORD("short", 1), AT_WORD("long", 0));
AT_WORDS(w_regtp, AT_WORD("ICCID", USRDTU_CONTENT_ICCID), AT_WORD("IMEI", USRDTU_CONTENT_IMEI),
	 AT_WORD("REGID", USRDTU_CONTENT_REGID), AT_WORD("REGDT", USRDTU_CONTENT_USER), AT_WORD("UDC", USRDTU_CONTENT_UDC));
AT_WORDS(w_regsnd, AT_WORD("link", USRDTU_REGSND_LINK), AT_WORD("data", USRDTU_REGSND_DATA),
	 AT_WORD("link&data", USRDTU_REGSND_LINK_DATA));
AT_WORDS(w_heart, AT_WORD("COM", USRDTU_HEART_COM), AT_WORD("NET", USRDTU_HEART_NET));
AT_WORDS(w_method, AT_WORD("GET", USRDTU_HTTP_GET), AT_WORD("POST", USRDTU_HTTP_POST));
AT_WORDS(w_parity, AT_WORD("NONE", USRDTU_PARITY_NONE), AT_WORD("ODD", USRDTU_PARITY_ODD),
	 AT_WORD("EVEN", USRDTU_PARITY_EVEN));
AT_WORDS(w_flow, AT_WORD("NONE", USRDTU_FLOW_NONE), AT_WORD("CRTS", USRDTU_FLOW_CRTS), AT_WORD("RS485", USRDTU_FLOW_RS485));
AT_UINTS(u_baud, 115200, 2400, 4800, 9600, 14400, 19200, 28800, 33600, 38400, 57600, 115200, 128000, 230400,
	 460800, 921600);

#define ONOFF(field, def) AT_ENUM(field, w_onoff, def)
/* The default of REGDT and HEARTDT, hex 7777772E7573722E636E: a hex
 * default is given as its bytes. */
#define WWW_USR_CN "www.usr.cn"
#define TEXT_DIGITS(field, min, max, def) \
	AT_PARAM(AT_T_TEXT, field, def, min, max, 0, AT_PF_CS_DIGITS)

static const struct at_param p_echo[] = {ONOFF(echo, 1)};
static const struct at_param p_wkmod[] = {AT_ENUM(work_mode, w_mode, USRDTU_MODE_NET)};
static const struct at_param p_calen[] = {ONOFF(call_enabled, 0)};
static const struct at_param p_naten[] = {ONOFF(net_at, 1)};
static const struct at_param p_uaten[] = {ONOFF(serial_at, 0)};
static const struct at_param p_cmdpw[] = {AT_TEXT(cmd_password, 1, 6, "usr.cn")};
static const struct at_param p_cachen[] = {ONOFF(cache_enabled, 1)};
static const struct at_param p_stmsg[] = {AT_TEXT(start_message, 0, 17, "USR-GM3 V3.0.0")};
static const struct at_param p_rstim[] = {AT_UINT(no_data_restart_s, 0, 65535, 1800)};
static const struct at_param p_uart[] = {
	AT_UINT_IN(uart.baud, u_baud), AT_ENUM(uart.parity, w_parity, USRDTU_PARITY_NONE),
	AT_UINT(uart.data_bits, 7, 8, 8),     AT_UINT(uart.stop_bits, 1, 2, 1),
	AT_ENUM(uart.flow, w_flow, USRDTU_FLOW_RS485)};
static const struct at_param p_rfcen[] = {ONOFF(rfc2217, 0)};
static const struct at_param p_apn[] = {AT_TEXT(apn, 0, 50, "CMNET"), AT_TEXT(apn_user, 0, 50, ""),
					AT_TEXT(apn_pass, 0, 50, "")};
/* Sockets B-D default off (001 and SPEC section 3; 000 says on). */
#define SOCKET_PARAMS(i, on)                                                         \
	static const struct at_param p_sock##i[] = {                                      \
		AT_ENUM(sock[i].proto, w_proto, USRDTU_PROTO_TCPC),                      \
		AT_HOST(sock[i].host, 1, 100, "test.usr.cn"), AT_UINT(sock[i].port, 1, 65535, 2317)}; \
	static const struct at_param p_sock##i##_en[] = {ONOFF(sock[i].enabled, on)};  \
	static const struct at_param p_sock##i##_sl[] = {AT_ENUM(sock[i].short_connection, w_link, 0)}
SOCKET_PARAMS(0, 1);
SOCKET_PARAMS(1, 0);
SOCKET_PARAMS(2, 0);
SOCKET_PARAMS(3, 0);
static const struct at_param p_sockrstm[] = {AT_UINT(link_down_restart_s, 1, 65535, 60)};
static const struct at_param p_shortim[] = {AT_UINT(short_timeout_s, 1, 65535, 10)};
static const struct at_param p_sockiden[] = {ONOFF(socket_id, 0)};
static const struct at_param p_ping[] = {AT_ARG(AT_T_HOST, NULL, 1, 100, 0)};
static const struct at_param p_regen[] = {ONOFF(reg_enabled, 0)};
static const struct at_param p_regtp[] = {AT_ENUM(reg_content, w_regtp, USRDTU_CONTENT_USER)};
static const struct at_param p_regid[] = {AT_UINT_WIDE(reg_id, 0, 65536, 100)};
static const struct at_param p_regdt[] = {AT_HEX(reg_data, 1, 80, WWW_USR_CN)};
static const struct at_param p_regsnd[] = {AT_ENUM(reg_send, w_regsnd, USRDTU_REGSND_LINK)};
static const struct at_param p_hearten[] = {ONOFF(heart_enabled, 1)};
static const struct at_param p_heartdt[] = {AT_HEX(heart_data, 1, 40, WWW_USR_CN)};
static const struct at_param p_hearttp[] = {AT_ENUM(heart_dir, w_heart, USRDTU_HEART_NET)};
static const struct at_param p_hearttm[] = {AT_UINT(heart_interval_s, 1, 65535, 30)};
static const struct at_param p_htptp[] = {AT_ENUM(http_method, w_method, USRDTU_HTTP_GET)};
static const struct at_param p_htpurl[] = {AT_TEXT(http_url, 1, 100, "/1.php?")};
static const struct at_param p_htpsv[] = {AT_HOST(http_host, 1, 100, "test.usr.cn"),
					  AT_UINT(http_port, 1, 65535, 80)};
static const struct at_param p_htphd[] = {AT_TEXT(http_header, 0, 200, "Accept:text/html\r\n")};
static const struct at_param p_htppk[] = {ONOFF(http_filter, 1)};
static const struct at_param p_htptim[] = {AT_UINT(http_timeout_s, 1, 65535, 10)};
static const struct at_param p_dstnum[] = {
	AT_PARAM(AT_T_TEXT, sms_number, "1008610010", 1, 20, 0, AT_PF_CS_PHONE)};
static const struct at_param p_smsend[] = {AT_ARG(AT_T_TEXT, NULL, 1, 20, AT_PF_CS_PHONE),
					   AT_ARG(AT_T_UINT, NULL, 1, 3, 0),
					   /* 70 UCS2 units: at most 3 UTF-8 bytes each */
					   AT_ARG(AT_T_TEXT, NULL, 1, 210, 0)};
static const struct at_param p_clouden[] = {ONOFF(cloud_enabled, 0)};
static const struct at_param p_cloudid[] = {TEXT_DIGITS(cloud_id, 0, 20, "")};
static const struct at_param p_cloudpa[] = {AT_TEXT(cloud_pass, 0, 8, "")};
/* 001: 4 to 8 digits; empty (the default) means the SIM has no PIN. */
static const struct at_param p_ucpin[] = {
	AT_PARAM(AT_T_TEXT, sim_pin, "", 4, 8, 0, AT_PF_CS_DIGITS | AT_PF_ZERO)};

/* 000 1.2.44: "+CIP:" then one "SOCKET:IP" line per connected link. */
static int cmd_cip(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char line[4 + 40]; /* "\r\nA:" and the address */
	int len = info_get(dev, USRDTU_INFO_LOCAL_IP, 0, line + 4, sizeof line - 4);
	unsigned i;

	(void)call;
	if (len < 0)
		return -AT_E_EXEC;
	line[0] = '\r';
	line[1] = '\n';
	line[3] = ':';
	reply_value_open(dev, cmd);
	for (i = 0; i < USRDTU_SOCKETS; i++) {
		line[2] = (char)('A' + i);
		if (engine_socket_connected(dev, i))
			out_bytes(dev, line, (size_t)len + 4);
	}
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* 000 1.2.67: "+LBS:LAC,CID". */
static int cmd_lbs(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char lac[16], cid[16];
	int lac_len = info_get(dev, USRDTU_INFO_LAC, 0, lac, sizeof lac);
	int cid_len = info_get(dev, USRDTU_INFO_CELL_ID, 0, cid, sizeof cid);

	(void)call;
	if (lac_len < 0 || cid_len < 0)
		return -AT_E_EXEC;
	reply_value_open(dev, cmd);
	out_bytes(dev, lac, (size_t)lac_len);
	out_str(dev, ",");
	out_bytes(dev, cid, (size_t)cid_len);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* 000 1.2.63: one SMS of at most 160 characters as 7-bit, 140 bytes as
 * 8-bit, 70 characters as UCS2 (data is UTF-8 text for types 1 and 3, the
 * octets themselves for type 2). "OK" means queued for the modem. */
static int cmd_sms_send(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)cmd;
	if (call->form != AT_FORM_SET)
		return AT_R_DEFAULT;
	return sms_command_send(dev, call->argv[0].text, call->argv[0].len, (unsigned)call->value[1],
				call->argv[2].text, call->argv[2].len, dev->now_ms);
}

/* Words of the help lines (at_cmd_help): "\003" is the third word of
 * gprs232_help_words, and so on. */
#define W_SOCKET "\003"          /* "socket " */
#define W_ENABLE "\004"          /* "enable " */
#define W_REGISTRATION "\005"    /* "registration " */
#define W_PARAMETERS "\006"      /* " parameters" */
#define W_CONN_STATE "\007"      /* " connection state" */
#define W_SHORT_CONN "\010"      /* "short connection" */
#define W_HEARTBEAT "\011"       /* "heartbeat " */
#define W_HTTP "\012"            /* "HTTP " */
#define W_RESTART_TIME "\013"    /* " restart time (s)" */
#define W_AND_RESTART "\014"     /* " and restart" */
#define W_CLOUD "\015"           /* "USR-Cloud" */
#define W_SETTINGS "\016"        /* "settings" */
#define W_MODE "\017"            /* " mode" */
#define W_TIMEOUT "\020"         /* "timeout (s)" */
#define W_USER_DEFAULTS "\021"   /* " user defaults" */
#define W_DATA_HEX "\022"        /* "data (hex)" */
#define W_PASSWORD "\023"        /* " password" */
#define W_LINK_DOWN "\024"       /* "link-down" */
#define W_COMMAND "\025"         /* "command" */
#define W_NUMBER "\026"          /* " number" */
#define W_RESTORE "\027"         /* "Restore" */
static const char gprs232_help_words[] = AT_HELP(AT_HELP_WORDS_FIRST "socket \0enable \0registration \0"
	" parameters\0 connection state\0short connection\0heartbeat \0HTTP \0 restart time (s)\0"
	" and restart\0USR-Cloud\0settings\0 mode\0timeout (s)\0 user defaults\0data (hex)\0 password\0"
	"link-down\0command\0 number\0Restore\0");

#define SOCK_RANGE "<protocol>,<\"address\">,<port>"
#define SET(name, params, range, help) AT_SETTING(name, params, range, help)
/* The handlers of the rows, named by index (see AT_HANDLERS). */
#define GPRS232_HANDLERS(X) \
	X(cmd_user_defaults) X(cmd_cip) X(cmd_clear) X(cmd_info_number) X(cmd_info_csq) \
	X(cmd_entm) X(cmd_help) X(cmd_info_iccid) X(cmd_info_imei) X(cmd_lbs) X(cmd_ping) \
	X(cmd_reload) X(cmd_save) X(cmd_sms_send) X(cmd_info_sn) X(cmd_link_0) X(cmd_link_1) \
	X(cmd_link_2) X(cmd_link_3) X(cmd_info_version) X(cmd_restart)
AT_HANDLERS(gprs232, GPRS232_HANDLERS);

#define SOCKET_ROWS(L, i)                                                                      \
	SET("SOCK" #L, p_sock##i, SOCK_RANGE, AT_HELP_QUERY_SET W_SOCKET #L W_PARAMETERS),            \
	SET("SOCK" #L "EN", p_sock##i##_en, "", AT_HELP_QUERY_SET W_ENABLE W_SOCKET #L),          \
	AT_INFO("SOCK" #L "LK", cmd_link_##i, AT_HELP_QUERY W_SOCKET #L W_CONN_STATE),           \
	SET("SOCK" #L "SL", p_sock##i##_sl, "", AT_HELP_QUERY_SET W_SOCKET #L " " W_SHORT_CONN)

static const struct at_cmd gprs232_cmds[] = {
	SET("APN", p_apn, "<\"code\">,<\"name\">,<\"pass\">", AT_HELP_QUERY_SET "APN information"),
	SET("CACHEN", p_cachen, "", AT_HELP_QUERY_SET "allow cache data"),
	SET("CALEN", p_calen, "", AT_HELP_QUERY_SET W_ENABLE "call function"),
	AT_ACTION("CFGTF", cmd_user_defaults, "Save current " W_SETTINGS " as" W_USER_DEFAULTS),
	AT_INFO("CIP", cmd_cip, AT_HELP_QUERY "local IP"),
	AT_ACTION("CLEAR", cmd_clear, W_RESTORE " factory " W_SETTINGS W_AND_RESTART),
	SET("CLOUDEN", p_clouden, "", AT_HELP_QUERY_SET W_ENABLE W_CLOUD),
	SET("CLOUDID", p_cloudid, "<\"id\">", AT_HELP_QUERY_SET W_CLOUD " 20 digit ID"),
	SET("CLOUDPA", p_cloudpa, "<\"pass\">", AT_HELP_QUERY_SET W_CLOUD " 8 byte" W_PASSWORD),
	SET("CMDPW", p_cmdpw, "<\"password\">", AT_HELP_QUERY_SET W_COMMAND W_PASSWORD),
	AT_INFO("CNUM", cmd_info_number, AT_HELP_QUERY "local phone" W_NUMBER),
	AT_INFO("CSQ", cmd_info_csq, AT_HELP_QUERY "signal strength"),
	SET("DSTNUM", p_dstnum, "<\"number\">", AT_HELP_QUERY_SET "SMS target" W_NUMBER),
	AT_CMD("E", p_echo, NULL, AT_FORMS_SETTING, AT_CF_NOW, "", AT_HELP_QUERY_SET "echo"),
	AT_ACTION("ENTM", cmd_entm, "Exit " W_COMMAND W_MODE),
	AT_ACTION("H", cmd_help, "Help"),
	SET("HEARTDT", p_heartdt, "<\"data\">", AT_HELP_QUERY_SET W_HEARTBEAT W_DATA_HEX),
	SET("HEARTEN", p_hearten, "", AT_HELP_QUERY_SET W_ENABLE "heartbeat"),
	SET("HEARTTM", p_hearttm, "<time>", AT_HELP_QUERY_SET W_HEARTBEAT "interval (s)"),
	SET("HEARTTP", p_hearttp, "", AT_HELP_QUERY_SET W_HEARTBEAT "direction"),
	SET("HTPHD", p_htphd, "<\"head\">", AT_HELP_QUERY_SET W_HTTP "header"),
	SET("HTPPK", p_htppk, "", AT_HELP_QUERY_SET W_HTTP "header filter"),
	SET("HTPSV", p_htpsv, "<\"address\">,<port>", AT_HELP_QUERY_SET W_HTTP "server"),
	SET("HTPTIM", p_htptim, "<\"time\">", AT_HELP_QUERY_SET W_HTTP W_TIMEOUT),
	SET("HTPTP", p_htptp, "", AT_HELP_QUERY_SET W_HTTP "method"),
	SET("HTPURL", p_htpurl, "<\"URL\">", AT_HELP_QUERY_SET W_HTTP "URL"),
	AT_INFO("ICCID", cmd_info_iccid, AT_HELP_QUERY "ICCID"),
	AT_INFO("IMEI", cmd_info_imei, AT_HELP_QUERY "IMEI"),
	AT_INFO("LBS", cmd_lbs, AT_HELP_QUERY "base station location"),
	SET("NATEN", p_naten, "", AT_HELP_QUERY_SET W_ENABLE "network AT"),
	AT_CMD("PING", p_ping, cmd_ping, AT_FORM_SET | AT_FORM_TEST, 0, "<\"DNS/IP address\">",
	       "Ping an address"),
	SET("REGDT", p_regdt, "<\"data\">", AT_HELP_QUERY_SET W_REGISTRATION W_DATA_HEX),
	SET("REGEN", p_regen, "", AT_HELP_QUERY_SET W_ENABLE W_REGISTRATION "packet"),
	SET("REGID", p_regid, "<id>", AT_HELP_QUERY_SET W_REGISTRATION "ID"),
	SET("REGSND", p_regsnd, "", AT_HELP_QUERY_SET W_REGISTRATION "send" W_MODE),
	SET("REGTP", p_regtp, "<\"ICCID\",\"IMEI\",\"REGID\",\"REGDT\">", AT_HELP_QUERY_SET W_REGISTRATION "type"),
	AT_ACTION("RELD", cmd_reload, W_RESTORE W_USER_DEFAULTS W_AND_RESTART),
	SET("RFCEN", p_rfcen, "", AT_HELP_QUERY_SET W_ENABLE "RFC2217-like frame"),
	SET("RSTIM", p_rstim, "<time>", AT_HELP_QUERY_SET "no-data" W_RESTART_TIME),
	AT_ACTION("S", cmd_save, "Save " W_SETTINGS W_AND_RESTART),
	SET("SHORTIM", p_shortim, "<time>", AT_HELP_QUERY_SET W_SHORT_CONN " " W_TIMEOUT),
	AT_CMD("SMSEND", p_smsend, cmd_sms_send, AT_FORM_SET | AT_FORM_TEST, 0,
	       "<\"number\">,<1,2,3>,<\"data\">", "Send an SMS"),
	AT_INFO("SN", cmd_info_sn, AT_HELP_QUERY "SN"),
	SOCKET_ROWS(A, 0),
	SOCKET_ROWS(B, 1),
	SOCKET_ROWS(C, 2),
	SOCKET_ROWS(D, 3),
	SET("SOCKIDEN", p_sockiden, "", AT_HELP_QUERY_SET "show socket ID"),
	AT_CMD("SOCKRSTIM", p_sockrstm, NULL, AT_FORMS_SETTING, AT_CF_ALIAS, "<time>",
	       AT_HELP_QUERY_SET W_LINK_DOWN W_RESTART_TIME),
	SET("SOCKRSTM", p_sockrstm, "<time>", AT_HELP_QUERY_SET W_LINK_DOWN W_RESTART_TIME),
	SET("STMSG", p_stmsg, "<\"welcome message\">", AT_HELP_QUERY_SET "start message"),
	SET("UART", p_uart,
	    "<2400,4800,9600,14400,19200,28800,33600,38400,57600,115200,230400,460800,921600>,"
	    "<\"NONE\",\"ODD\",\"EVEN\">,<7,8>,<1,2>,<\"NONE\",\"CRTS\",\"RS485\">",
	    AT_HELP_QUERY_SET "serial" W_PARAMETERS),
	SET("UATEN", p_uaten, "", AT_HELP_QUERY_SET W_ENABLE "serial AT in data" W_MODE),
	AT_CMD("UCPIN", p_ucpin, NULL, AT_FORMS_SETTING, AT_CF_TIGHT, "", AT_HELP_QUERY_SET "SIM PIN"),
	AT_INFO("VER", cmd_info_version, AT_HELP_QUERY "firmware version"),
	SET("WKMOD", p_wkmod, "<\"CMD\",\"SMS\",\"NET\",\"HTTPD\">",
	    AT_HELP_QUERY_SET "work" W_MODE " (UDC runs as NET)"),
	AT_ACTION("Z", cmd_restart, "Restart"),
};

static const struct at_dialect gprs232_dialect = {
	AT_REPLY(ok, "\r\nOK\r\n"),
	AT_REPLY(value_open, "\r\n+"),
	AT_REPLY(value_close, "\r\n\r\nOK\r\n"),
	AT_REPLY(tight_close, "\r\nOK\r\n"),
	.error_open = "\r\n+CME ERROR:",
	.error_close = "\r\n",
	.link_down = "Disconnected",
	.link_up = "Connected",
	/* none FORMAT UNKNOWN FORM COUNT TYPE RANGE MISSING EXEC LOGIN */
	.error_code = {0, 58, 58, 58, 3, 3, 3, 3, 50, 58},
	.style = AT_S_QUOTED | AT_S_NAMED | AT_S_ESC_BRACKET,
};

/* Hash index of the rows (see struct usrdtu_profile); tests/test_tables.c
 * prints a new one when the table changes. */
static const uint8_t gprs232_index[AT_INDEX_BUCKETS + 128] = {
	7, 1, 0, 0, 3, 1, 1, 3, 2, 3, 2, 0, 0, 0, 0, 6,
	2, 0, 5, 0, 2, 0, 3, 0, 4, 15, 0, 1, 1, 0, 2, 0,
	0, 0, 14, 5, 0, 35, 19, 0, 0, 7, 68, 49, 18, 55, 0, 13,
	0, 23, 58, 0, 0, 40, 0, 0, 2, 32, 0, 10, 48, 0, 0, 0,
	0, 53, 0, 0, 0, 0, 24, 36, 28, 0, 0, 9, 15, 0, 62, 30,
	17, 22, 21, 0, 0, 67, 29, 6, 3, 0, 69, 0, 27, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 34, 45, 38, 59, 20, 39, 0, 0, 0, 52,
	56, 54, 0, 12, 0, 51, 61, 63, 25, 50, 4, 57, 0, 65, 0, 26,
	42, 0, 0, 0, 0, 37, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0,
	16, 0, 64, 0, 0, 66, 0, 31, 47, 44, 41, 33, 43, 60, 46, 8,
};

const struct usrdtu_profile usrdtu_profile_gprs232 = {
	"gprs232",
	gprs232_cmds,
	&gprs232_dialect,
	NULL,
	AT_COUNT(gprs232_cmds),
	USRDTU_CFG_GPRS232_FRAME_GAP_MS,
	USRDTU_CFG_GPRS232_FRAME_LEN,
	1,
	AT_P_SERIAL_AT,
	gprs232_index,
	127,
	gprs232_help_words,
	gprs232_handlers,
};

#endif /* USRDTU_CFG_PROFILE_GPRS232 */
