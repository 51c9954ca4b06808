/*
 * Profile g781: USR-G781 4G router/DTU, firmware V1.1.05.
 * Source: seeds/004 (AT command set 1.0.0). Parameters are unquoted and
 * words print in upper case, as the manual writes them.
 *
 * The G781 has no AT+S: every accepted set is saved at once and takes effect
 * at the next restart (SPEC section 10), hence AT_P_SAVE_AT_ONCE. Its manual
 * has no UATEN either, so serial AT in a data mode is always on, behind the
 * CMDPW password.
 *
 * SPEC section 10 says g781 has no CLEAR or CFGTF, but 004 lists both (4.15,
 * 4.16) and the rule above that sentence, "each profile has exactly the
 * commands its manual lists", wins: both are here.
 */
#include "../engine.h"

#if USRDTU_CFG_PROFILE_G781

AT_WORDS(w_onoff, AT_WORD("ON", 1), AT_WORD("OFF", 0));
AT_WORDS(w_mode, AT_WORD("NET", USRDTU_MODE_NET), AT_WORD("HTTPD", USRDTU_MODE_HTTPD));
/* Only socket A can be a TCP server (004 4.25 against 4.26-4.28). */
AT_WORDS(w_proto_a, AT_WORD("TCPS", USRDTU_PROTO_TCPS), AT_WORD("TCPC", USRDTU_PROTO_TCPC),
	 AT_WORD("UDPS", USRDTU_PROTO_UDPS), AT_WORD("UDPC", USRDTU_PROTO_UDPC));
AT_WORDS(w_proto, AT_WORD("TCPC", USRDTU_PROTO_TCPC), AT_WORD("UDPS", USRDTU_PROTO_UDPS),
	 AT_WORD("UDPC", USRDTU_PROTO_UDPC));
AT_WORDS(w_parity, AT_WORD("NONE", USRDTU_PARITY_NONE), AT_WORD("EVEN", USRDTU_PARITY_EVEN),
	 AT_WORD("ODD", USRDTU_PARITY_ODD));
/* 004 4.21: NFC is no flow control, 485 drives UART_RTS for an RS485
 * transceiver. */
AT_WORDS(w_flow, AT_WORD("NFC", USRDTU_FLOW_NONE), AT_WORD("485", USRDTU_FLOW_RS485));
AT_WORDS(w_regtp, AT_WORD("ICCID", USRDTU_CONTENT_ICCID), AT_WORD("IMEI", USRDTU_CONTENT_IMEI),
	 AT_WORD("CLOUD", USRDTU_CONTENT_CLOUD), AT_WORD("USER", USRDTU_CONTENT_USER));
AT_WORDS(w_regsnd, AT_WORD("LINK", USRDTU_REGSND_LINK), AT_WORD("DATA", USRDTU_REGSND_DATA));
AT_WORDS(w_heart, AT_WORD("COM", USRDTU_HEART_COM), AT_WORD("NET", USRDTU_HEART_NET));
AT_WORDS(w_method, AT_WORD("GET", USRDTU_HTTP_GET), AT_WORD("POST", USRDTU_HTTP_POST));
AT_UINTS(u_baud, 115200, 300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800);

#define ONOFF(field, def) AT_ENUM(field, w_onoff, def)
/* The default of REGDT and HEARTDT, hex 7777772E7573722E636E: a hex
 * default is given as its bytes. */
#define WWW_USR_CN "www.usr.cn"

static const struct at_param p_echo[] = {ONOFF(echo, 1)};
static const struct at_param p_wkmod[] = {AT_ENUM(work_mode, w_mode, USRDTU_MODE_NET)};
/* 004 says 1-10 bytes, yet its default "www.usr.cn#" has 11: a limit that
 * rejected the factory default would make the default impossible to type
 * back, so the limit is 11 (SPEC section 10). */
static const struct at_param p_cmdpw[] = {AT_TEXT(cmd_password, 1, 11, "www.usr.cn#")};
static const struct at_param p_stmsg[] = {AT_TEXT(start_message, 0, 20, "USR_G781")};
/* 004 4.13 gives no lengths; 50 bytes each as in the other cellular
 * manuals. The format line lost its commas in the PDF; the four fields are
 * comma-separated like every other multi-value command, and all four are
 * required as the format line lists them (empty ones may be empty). */
static const struct at_param p_apn[] = {AT_TEXT(apn, 0, 50, "CMNET"), AT_TEXT(apn_user, 0, 50, ""),
					AT_TEXT(apn_pass, 0, 50, ""), AT_UINT(apn_auth, 0, 2, 0)};
/* 004 4.21's parameter table lists data bits before parity, but both of its
 * format lines put parity second: the format line is what is typed. */
static const struct at_param p_uart[] = {
	AT_UINT_IN(uart.baud, u_baud), AT_ENUM(uart.parity, w_parity, USRDTU_PARITY_NONE),
	AT_UINT(uart.data_bits, 7, 8, 8),     AT_UINT(uart.stop_bits, 1, 2, 1),
	AT_ENUM(uart.flow, w_flow, USRDTU_FLOW_NONE)};
static const struct at_param p_uartft[] = {AT_UINT(pack_time_ms, 10, 60000, 50)};
static const struct at_param p_uartfl[] = {AT_UINT(pack_len, 1, 4096, 1000)};
static const struct at_param p_rfcen[] = {ONOFF(rfc2217, 0)};
/* Only socket A is on by default (004 4.29-4.32). */
#define SOCKET_PARAMS(i, words, on)                                                               \
	static const struct at_param p_sock##i[] = {                                              \
		AT_ENUM(sock[i].proto, words, USRDTU_PROTO_TCPC),                                 \
		AT_HOST(sock[i].host, 1, 100, "test.usr.cn"), AT_UINT(sock[i].port, 1, 65535, 2317)}; \
	static const struct at_param p_sock##i##_en[] = {ONOFF(sock[i].enabled, on)}
SOCKET_PARAMS(0, w_proto_a, 1);
SOCKET_PARAMS(1, w_proto, 0);
SOCKET_PARAMS(2, w_proto, 0);
SOCKET_PARAMS(3, w_proto, 0);
static const struct at_param p_sockind[] = {ONOFF(socket_id, 0)};
static const struct at_param p_regen[] = {ONOFF(reg_enabled, USRDTU_REGEN_OFF)};
static const struct at_param p_regtp[] = {AT_ENUM(reg_content, w_regtp, USRDTU_CONTENT_USER)};
/* "Less than 256 bytes": at most 255 decoded bytes, and at least one, since
 * an empty packet would send nothing. */
static const struct at_param p_regdt[] = {AT_HEX(reg_data, 1, 255, WWW_USR_CN)};
static const struct at_param p_regsnd[] = {AT_ENUM(reg_send, w_regsnd, USRDTU_REGSND_DATA)};
/* 004 4.42 gives the sizes only ("20 bytes", "8 bytes") and no default: an
 * empty ID and password mean no cloud account, and "20 bytes" is read as a
 * maximum so that the empty default can be typed back. Unlike cat1, 004
 * does not say the ID is digits, so any byte is taken. */
static const struct at_param p_cloud[] = {AT_TEXT(cloud_id, 0, 20, ""), AT_TEXT(cloud_pass, 0, 8, "")};
static const struct at_param p_hearten[] = {ONOFF(heart_enabled, 0)};
/* "2-80 bytes even HEX": 2 to 80 decoded bytes (SPEC section 10); an odd
 * number of digits is rejected like in every hex setting. */
static const struct at_param p_heartdt[] = {AT_HEX(heart_data, 2, 80, WWW_USR_CN)};
static const struct at_param p_heartsnd[] = {AT_ENUM(heart_dir, w_heart, USRDTU_HEART_NET)};
static const struct at_param p_hearttm[] = {AT_UINT(heart_interval_s, 1, 6000, 30)};
static const struct at_param p_htptp[] = {AT_ENUM(http_method, w_method, USRDTU_HTTP_GET)};
/* 004 prints the default as "/1.php[3F]": the stored byte is '?', and the
 * dialect's AT_S_ESC_QMARK prints it that way. 004 gives no length; 100 as
 * in the other manuals. */
static const struct at_param p_htpurl[] = {AT_TEXT(http_url, 1, 100, "/1.php?")};
static const struct at_param p_htpsv[] = {AT_HOST(http_host, 1, 100, "test.usr.cn"),
					  AT_UINT(http_port, 1, 65535, 80)};
/* 004 prints the default as "Connection: close[0D][0A]". An empty header is
 * allowed: the request then carries Host only. */
static const struct at_param p_htphd[] = {AT_TEXT(http_header, 0, 200, "Connection: close\r\n")};
static const struct at_param p_htpto[] = {AT_UINT(http_timeout_s, 1, 600, 10)};
static const struct at_param p_htpflt[] = {ONOFF(http_filter, 0)};
/* AT+CPIN=<code> hands a SIM PIN (4 to 8 digits, as 3GPP allows) to the
 * modem at once; it is never stored. */
static const struct at_param p_cpin[] = {AT_ARG(AT_T_TEXT, NULL, 4, 8, AT_PF_CS_DIGITS)};

/* Room for a HAL fact; a longer answer is cut, never overrun. */
#define FACT_LEN 64

/* 004 4.10 shows one value, "+CSQ:<RSSI>", where the HAL gives the 3GPP
 * pair "rssi,ber": the bit error rate is left out. */
static int cmd_csq(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char fact[FACT_LEN];
	int len = info_get(dev, USRDTU_INFO_CSQ, 0, fact, sizeof fact);
	size_t rssi = 0;

	(void)call;
	if (len <= 0)
		return -AT_E_EXEC;
	while (rssi < (size_t)len && fact[rssi] != ',')
		rssi++;
	if (rssi == 0)
		return -AT_E_EXEC;
	reply_value_open(dev, cmd);
	out_bytes(dev, fact, rssi);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* 004 4.11: "+NETMODE:<0..8>". The manual's "+ NETMODE" has the same PDF
 * space as its "AT+ NETMODE"; no other reply of 004 has one. */
static int cmd_netmode(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	(void)call;
	return reply_info(dev, cmd, USRDTU_INFO_NET_TYPE, 0);
}

/* 004 4.12: the query reports the SIM's PIN state; a set gives the SIM its
 * PIN through the HAL at once and answers OK only if the HAL took it. */
static int cmd_cpin(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	char pin[16];

	if (call->form == AT_FORM_QUERY)
		return reply_info(dev, cmd, USRDTU_INFO_PIN_STATE, 0);
	if (call->form != AT_FORM_SET)
		return AT_R_DEFAULT;
	if (dev->hal->action == NULL || call->argc != 1)
		return -AT_E_EXEC;
	text_copy(pin, sizeof pin, call->argv[0].text, call->argv[0].len);
	if (dev->hal->action(dev->ctx, USRDTU_ACTION_SET_PIN, pin) != 0)
		return -AT_E_EXEC;
	return AT_R_OK;
}

#define SET(name, params, help) AT_SETTING(name, params, "", help)
/* Words of the help lines (at_cmd_help): "\003" is the third word of
 * g781_help_words, and so on. */
#define W_SOCKET "\003" /* "socket " */
#define W_PACKAGE "\004" /* " package" */
#define W_ON_OFF "\005" /* " ON/OFF" */
#define W_CONN_STATUS "\006" /* " connection status" */
#define W_SETTINGS "\007" /* " settings" */
#define W_PARAMETERS "\010" /* " parameters" */
#define W_HEARTBEAT "\011" /* "heartbeat" */
#define W_IDENTITY "\012" /* "identity" */
#define W_HTTP "\013" /* "HTTP " */
#define W_AT_COMMAND "\014" /* "AT command " */
static const char g781_help_words[] = AT_HELP(AT_HELP_WORDS_FIRST
	"socket \0 package\0 ON/OFF\0 connection status\0 settings\0"
	" parameters\0heartbeat\0identity\0HTTP \0AT command \0");

/* The handlers of the rows, named by index (see AT_HANDLERS). */
#define G781_HANDLERS(X) \
	X(cmd_clear) X(cmd_cpin) X(cmd_csq) X(cmd_entm) X(cmd_help) X(cmd_info_iccid) \
	X(cmd_info_imei) X(cmd_info_sn) X(cmd_info_version) X(cmd_link_0) X(cmd_link_1) \
	X(cmd_link_2) X(cmd_link_3) X(cmd_netmode) X(cmd_reload) X(cmd_restart) \
	X(cmd_user_defaults)
AT_HANDLERS(g781, G781_HANDLERS);

#define SOCKET_ROWS(L, i)                                                             \
	SET("SOCK" #L, p_sock##i, AT_HELP_QUERY_SET W_SOCKET #L W_PARAMETERS),               \
	SET("SOCK" #L "EN", p_sock##i##_en, AT_HELP_QUERY_SET W_SOCKET #L W_ON_OFF),           \
	AT_INFO("SOCK" #L "LK", cmd_link_##i, AT_HELP_QUERY W_SOCKET #L W_CONN_STATUS)

/* Sorted by name in strcmp order: the dispatcher binary-searches. */
static const struct at_cmd g781_cmds[] = {
	SET("APN", p_apn, AT_HELP_QUERY_SET "APN" W_SETTINGS),
	AT_ACTION("CFGTF", cmd_user_defaults, "Save current" W_SETTINGS " as user default" W_SETTINGS),
	AT_ACTION("CLEAR", cmd_clear, "Restore factory" W_SETTINGS),
	SET("CLOUD", p_cloud, AT_HELP_QUERY_SET "USR Cloud" W_SETTINGS),
	SET("CMDPW", p_cmdpw, AT_HELP_QUERY_SET "transparent " W_AT_COMMAND "password"),
	AT_CMD("CPIN", p_cpin, cmd_cpin, AT_FORM_QUERY | AT_FORM_SET | AT_FORM_TEST, 0, "",
	       AT_HELP_QUERY_SET "SIM card PIN code"),
	AT_INFO("CSQ", cmd_csq, AT_HELP_QUERY "RSSI"),
	/* E acts at once (SPEC section 3): the very next line is echoed or
	 * not. It is saved at once like every other set. */
	AT_CMD("E", p_echo, NULL, AT_FORMS_SETTING, AT_CF_NOW, "", AT_HELP_QUERY_SET W_AT_COMMAND "echo" W_ON_OFF),
	AT_ACTION("ENTM", cmd_entm, "Exit " W_AT_COMMAND "mode and enter work mode"),
	AT_ACTION("H", cmd_help, AT_HELP_QUERY "help message"),
	SET("HEARTDT", p_heartdt, AT_HELP_QUERY_SET W_HEARTBEAT W_PACKAGE " data (hex)"),
	SET("HEARTEN", p_hearten, AT_HELP_QUERY_SET W_HEARTBEAT W_PACKAGE W_ON_OFF),
	SET("HEARTSND", p_heartsnd, AT_HELP_QUERY_SET "sending method of " W_HEARTBEAT W_PACKAGE),
	SET("HEARTTM", p_hearttm, AT_HELP_QUERY_SET W_HEARTBEAT W_PACKAGE " interval (s)"),
	SET("HTPFLT", p_htpflt, AT_HELP_QUERY_SET "filtering " W_HTTP "header of response data" W_ON_OFF),
	SET("HTPHD", p_htphd, AT_HELP_QUERY_SET W_HTTP "header"),
	SET("HTPSV", p_htpsv, AT_HELP_QUERY_SET W_HTTP "server address and port"),
	SET("HTPTO", p_htpto, AT_HELP_QUERY_SET W_HTTP "timeout (s)"),
	SET("HTPTP", p_htptp, AT_HELP_QUERY_SET W_HTTP "method"),
	SET("HTPURL", p_htpurl, AT_HELP_QUERY_SET W_HTTP "URL"),
	AT_INFO("ICCID", cmd_info_iccid, AT_HELP_QUERY "ICCID code"),
	AT_INFO("IMEI", cmd_info_imei, AT_HELP_QUERY "IMEI code"),
	AT_INFO("NETMODE", cmd_netmode, AT_HELP_QUERY "network mode"),
	AT_ACTION("R", cmd_restart, "Hardware reset"),
	SET("REGDT", p_regdt, AT_HELP_QUERY_SET "user custom " W_IDENTITY W_PACKAGE " data (hex)"),
	SET("REGEN", p_regen, AT_HELP_QUERY_SET W_IDENTITY W_PACKAGE W_ON_OFF),
	SET("REGSND", p_regsnd, AT_HELP_QUERY_SET "sending method of " W_IDENTITY W_PACKAGE),
	SET("REGTP", p_regtp, AT_HELP_QUERY_SET W_IDENTITY W_PACKAGE " type"),
	AT_ACTION("RELD", cmd_reload, "Restore user default" W_SETTINGS),
	SET("RFCEN", p_rfcen, AT_HELP_QUERY_SET "baud rate synchronization" W_ON_OFF),
	AT_INFO("SN", cmd_info_sn, AT_HELP_QUERY "SN code"),
	SOCKET_ROWS(A, 0),
	SOCKET_ROWS(B, 1),
	SOCKET_ROWS(C, 2),
	SOCKET_ROWS(D, 3),
	SET("SOCKIND", p_sockind, AT_HELP_QUERY_SET W_SOCKET "indication of received data" W_ON_OFF),
	SET("STMSG", p_stmsg, AT_HELP_QUERY_SET "welcome message"),
	SET("UART", p_uart, AT_HELP_QUERY_SET "UART" W_PARAMETERS),
	SET("UARTFL", p_uartfl, AT_HELP_QUERY_SET "serial" W_PACKAGE " data length"),
	SET("UARTFT", p_uartft, AT_HELP_QUERY_SET "serial" W_PACKAGE " interval time (ms)"),
	AT_INFO("VER", cmd_info_version, AT_HELP_QUERY "firmware version"),
	SET("WKMOD", p_wkmod, AT_HELP_QUERY_SET "work mode"),
	AT_ACTION("Z", cmd_restart, "Software reset"),
};

static const struct at_dialect g781_dialect = {
	AT_REPLY(ok, "\r\nOK\r\n"),
	AT_REPLY(value_open, "\r\n+"),
	AT_REPLY(value_close, "\r\n\r\nOK\r\n"),
	AT_REPLY(tight_close, "\r\nOK\r\n"),
	.error_open = "\r\n+CME ERROR:",
	.error_close = "\r\n",
	/* 004 4.33-4.36 give the connection status range as ON/OFF. */
	.link_down = "OFF",
	.link_up = "ON",
	/* none FORMAT UNKNOWN FORM COUNT TYPE RANGE MISSING EXEC LOGIN */
	.error_code = {0, 58, 58, 58, 3, 3, 3, 3, 50, 58},
	/* '?' prints escaped: 004 shows the default URL as "/1.php[3F]". */
	.style = AT_S_NAMED | AT_S_ESC_BRACKET | AT_S_ESC_QMARK,
};

/* Hash index of the rows (see struct usrdtu_profile); tests/test_tables.c
 * prints a new one when the table changes. */
static const uint8_t g781_index[AT_INDEX_BUCKETS + 128] = {
	0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 2, 1, 0, 0, 0,
	3, 4, 0, 0, 5, 0, 0, 0, 0, 3, 2, 1, 1, 0, 3, 0,
	0, 0, 8, 0, 0, 0, 0, 0, 28, 0, 0, 36, 12, 0, 0, 0,
	0, 17, 16, 0, 0, 10, 0, 0, 0, 21, 0, 0, 0, 0, 0, 0,
	0, 24, 0, 0, 27, 0, 0, 0, 22, 0, 0, 0, 9, 0, 46, 0,
	0, 43, 0, 0, 7, 49, 0, 51, 15, 47, 5, 0, 35, 0, 0, 0,
	39, 13, 0, 0, 0, 0, 29, 1, 0, 50, 0, 0, 0, 41, 0, 38,
	48, 40, 0, 3, 0, 0, 0, 6, 19, 31, 2, 42, 44, 0, 0, 20,
	0, 0, 0, 0, 14, 0, 0, 30, 0, 0, 0, 0, 33, 0, 23, 0,
	18, 11, 26, 0, 0, 0, 0, 45, 37, 32, 25, 4, 0, 0, 34, 0,
};

const struct usrdtu_profile usrdtu_profile_g781 = {
	"g781",
	g781_cmds,
	&g781_dialect,
	NULL,
	AT_COUNT(g781_cmds),
	0, /* packing time: UARTFT */
	0, /* packing length: UARTFL */
	3,
	AT_P_SAVE_AT_ONCE | AT_P_SERIAL_AT_ON | AT_P_REG_FIRST_DATA,
	g781_index,
	127,
	g781_help_words,
	g781_handlers,
};

#endif /* USRDTU_CFG_PROFILE_G781 */
