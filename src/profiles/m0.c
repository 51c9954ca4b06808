/*
 * Profile m0: USR-M0 series Ethernet serial servers (W610-style command set).
 * Source: seeds/003 (AT command set 1.0.0). Replies are "+ok" and "+ok=value"
 * with no command name; parameters are unquoted; the HTTP header writes CR LF
 * as <<CRLF>>. There is no AT+S: every accepted set is saved at once and
 * takes effect at the next restart (003 section 2, SPEC section 10). The
 * module always runs a data mode; AT+SOCK=HTPC,... makes it an HTTP client.
 *
 * 003 gives no default for several settings and no test form (=?) at all;
 * each choice is noted at its row, and the ranges of =? are generated from
 * the parameters.
 */
#include "../engine.h"

#if USRDTU_CFG_PROFILE_M0

/* 003 prints echo replies in capitals, unlike every other reply of the
 * manual (5.1); host programs match these bytes. */
#define M0_ECHO_VALUE_OPEN "\r\n+OK="
#define M0_ECHO_CLOSE "\r\n"
#define M0_ECHO_OK "\r\n+OK\r\n"
/* 5.5: the value printed by AT+RELD before the module restarts. */
#define M0_RELOAD_TEXT "rebooting..."

AT_WORDS(w_onoff, AT_WORD("on", 1), AT_WORD("off", 0));
AT_WORDS(w_wann, AT_WORD("STATIC", 0), AT_WORD("DHCP", 1));
/* 003 5.11 spells mark parity "MASK"; it is printed as the manual does. */
AT_WORDS(w_parity, AT_WORD("NONE", USRDTU_PARITY_NONE), AT_WORD("EVEN", USRDTU_PARITY_EVEN),
	 AT_WORD("ODD", USRDTU_PARITY_ODD), AT_WORD("MASK", USRDTU_PARITY_MARK), AT_WORD("SPACE", USRDTU_PARITY_SPACE));
/* 003 offers no flow control: "NFC" is the only word. */
AT_WORDS(w_flow, AT_WORD("NFC", USRDTU_FLOW_NONE));
AT_WORDS(w_proto, AT_WORD("TCPC", USRDTU_PROTO_TCPC), AT_WORD("TCPS", USRDTU_PROTO_TCPS), AT_WORD("UDPC", USRDTU_PROTO_UDPC),
	 AT_WORD("UDPS", USRDTU_PROTO_UDPS), AT_WORD("HTPC", USRDTU_PROTO_HTPC));
AT_WORDS(w_tcpse, AT_WORD("KEEP", 0), AT_WORD("KICK", 1));
AT_WORDS(w_regen, AT_WORD("off", USRDTU_REGEN_OFF), AT_WORD("mac", USRDTU_REGEN_MAC), AT_WORD("usr", USRDTU_REGEN_USER));
/* "first" is sent once after each connect, before any data; "every" goes in
 * front of every packet: the link and data modes of the other profiles. */
AT_WORDS(w_regtcp, AT_WORD("first", USRDTU_REGSND_LINK), AT_WORD("every", USRDTU_REGSND_DATA));
AT_WORDS(w_method, AT_WORD("GET", USRDTU_HTTP_GET), AT_WORD("POST", USRDTU_HTTP_POST));
AT_WORDS(w_heart, AT_WORD("NET", USRDTU_HEART_NET), AT_WORD("COM", USRDTU_HEART_COM));

#define ONOFF(field, def) AT_ENUM(field, w_onoff, def)
/* The default of REGDT and HEARTDT, hex 7777772E7573722E636E: a hex
 * default is given as its bytes. */
#define WWW_USR_CN "www.usr.cn"

static const struct at_param p_echo[] = {ONOFF(echo, 1)};
/* "Less than 16 bytes" each. An empty name is not forbidden by 003. */
static const struct at_param p_webu[] = {AT_TEXT(web_user, 0, 15, "admin"),
					 AT_TEXT(web_pass, 0, 15, "admin")};
/* 003 5.8 gives STATIC and 0.0.0.0 for all three addresses. */
static const struct at_param p_wann[] = {AT_ENUM(wan_dhcp, w_wann, 0), AT_IPV4(wan_ip, 0, 0, 0, 0),
					 AT_IPV4(wan_mask, 0, 0, 0, 0), AT_IPV4(wan_gateway, 0, 0, 0, 0)};
/* 003 gives no DNS default. 8.8.8.8 is a resolver reachable from any
 * network, so a host name in AT+SOCK resolves as soon as the WAN port has
 * an address; 0.0.0.0 would leave names unresolvable until the user
 * notices. */
static const struct at_param p_dns[] = {AT_IPV4(dns, 8, 8, 8, 8)};
static const struct at_param p_webport[] = {AT_UINT(web_port, 1, 65535, 80)};
/* 5.11: any baud rate from 600 to 460800, not a list. */
static const struct at_param p_uart[] = {
	AT_UINT_WIDE(uart.baud, 600, 460800, 115200), AT_UINT(uart.data_bits, 5, 8, 8),
	AT_UINT(uart.stop_bits, 1, 2, 1), AT_ENUM(uart.parity, w_parity, USRDTU_PARITY_NONE),
	AT_ENUM(uart.flow, w_flow, USRDTU_FLOW_NONE)};
/* 5.12 says the address is an IPv4 address, yet a client needs names as
 * much as on every other USR module: host names are accepted too. The port
 * range "less than 65535" is read as the whole port range, 1-65535, as for
 * the other USR modules (port 0 cannot be dialled). */
static const struct at_param p_sock[] = {AT_ENUM(sock[0].proto, w_proto, USRDTU_PROTO_TCPC),
					 AT_HOST(sock[0].host, 1, 100, "192.168.0.201"),
					 AT_UINT(sock[0].port, 1, 65535, 8234)};
/* No default in 003: KICK (SPEC section 10), a server keeps accepting the
 * newest client, which is what a host that reconnects after a fault needs. */
static const struct at_param p_tcpse[] = {AT_ENUM(kick_oldest, w_tcpse, 1)};
/* 0 asks for a random local port (5.15); 0 is the default so that clients
 * never collide with a stale connection of the previous boot. */
static const struct at_param p_sockport[] = {AT_UINT(local_port, 0, 65535, 0)};
/* No default in 003: off, as on the other USR modules (the frame would eat
 * data that happens to start with 55 AA 55). */
static const struct at_param p_rfcen[] = {ONOFF(rfc2217, 0)};
static const struct at_param p_regen[] = {AT_ENUM(reg_enabled, w_regen, USRDTU_REGEN_OFF)};
static const struct at_param p_regtcp[] = {AT_ENUM(reg_send, w_regtcp, USRDTU_REGSND_LINK)};
/* 5.20: a 20-byte ID and a password "less than 8 bytes". Every other USR
 * manual (000 CLOUDPA, 002 CLOUD) gives cloud passwords of 8 characters, and
 * the accounts are shared by all USR devices, so 8 is allowed here too.
 * USR cloud IDs are 20-digit numbers (000 CLOUDID, 002's example), and the
 * other profiles accept digits only. No default: empty, no cloud account. */
static const struct at_param p_regcloud[] = {
	AT_PARAM(AT_T_TEXT, cloud_id, "", 0, 20, 0, AT_PF_CS_DIGITS), AT_TEXT(cloud_pass, 0, 8, "")};
/* "Less than 40 bytes, HEX format": 39 decoded bytes at most. */
static const struct at_param p_regusr[] = {AT_HEX(reg_data, 1, 39, WWW_USR_CN)};
static const struct at_param p_htptp[] = {AT_ENUM(http_method, w_method, USRDTU_HTTP_GET)};
/* "Start with '/', less than 30 bytes". */
static const struct at_param p_htpurl[] = {
	AT_PARAM(AT_T_TEXT, http_url, "/2.php?", 1, 29, 0, AT_PF_SLASH)};
/* 5.24 prints the default on two lines: each line ends in CR LF, which a
 * query shows as <<CRLF>>. */
static const struct at_param p_htphead[] = {
	AT_TEXT(http_header, 0, 200, "User_Agent: Mozilla/4.0\r\nConnection: close\r\n")};
static const struct at_param p_htpchd[] = {ONOFF(http_filter, 0)};
static const struct at_param p_hearten[] = {ONOFF(heart_enabled, 0)};
static const struct at_param p_hearttp[] = {AT_ENUM(heart_dir, w_heart, USRDTU_HEART_NET)};
static const struct at_param p_hearttm[] = {AT_UINT(heart_interval_s, 1, 65535, 30)};
/* 5.29 says "ASCII" but its default is hex digits, like REGUSR: hex, at
 * most 39 decoded bytes ("less than 40"). */
static const struct at_param p_heartdt[] = {AT_HEX(heart_data, 1, 39, WWW_USR_CN)};
/* No default in 003: on, so the link LED (or pin) tells the user that the
 * socket is up, which is what the feature is for. */
static const struct at_param p_scslink[] = {ONOFF(link_indicator, 1)};
/* No default in 003: on (restart after 30 failed connects, 5.31), so a
 * module with a wedged network stack recovers by itself. */
static const struct at_param p_clientrst[] = {ONOFF(client_restart, 1)};
/* No default in 003: off, so the serial side sees the network bytes
 * unchanged unless the user asks for the socket index. */
static const struct at_param p_indexen[] = {ONOFF(socket_id, 0)};
/* No default in 003: off (a persistent connection), as on every USR module. */
static const struct at_param p_socksl[] = {ONOFF(sock[0].short_connection, 0)};
/* No default in 003: 10 s, the short-connection time of 000 and 002. */
static const struct at_param p_shorto[] = {AT_UINT(short_timeout_s, 2, 255, 10)};
/* No default in 003: off; clearing would drop serial bytes that arrived
 * while the link was coming up, and the default must not lose data. */
static const struct at_param p_uartclbuf[] = {ONOFF(clear_uart_on_connect, 0)};
/* 0 switches the restart off, otherwise at least a minute. No default in
 * 003: an hour, long enough for a quiet but healthy link not to restart. */
static const struct at_param p_rstim[] = {
	AT_PARAM(AT_T_UINT, no_data_restart_s, NULL, 60, 65535, 3600, AT_PF_ZERO)};
/* No default in 003: 8, the most it allows (SPEC section 10). */
static const struct at_param p_maxsk[] = {AT_UINT(max_clients, 1, 8, 8)};
/* "Less than 15 bytes and can not be none". No default in 003: the
 * product's name. */
static const struct at_param p_mid[] = {AT_TEXT(module_name, 1, 14, "USR-M0")};

/* 5.1: the query prints "+OK=on" and a set "+OK", in capitals; echo acts at
 * once (the row is AT_CF_NOW). */
static int cmd_echo(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	uint8_t old;
	int err;

	if (call->form == AT_FORM_QUERY) {
		out_str(dev, M0_ECHO_VALUE_OPEN);
		reply_param(dev, &cmd->params[0], &dev->pending);
		out_str(dev, M0_ECHO_CLOSE);
		return AT_R_DONE;
	}
	if (call->form != AT_FORM_SET)
		return AT_R_DEFAULT;
	/* The profile has no AT+S: the new value is saved before the reply,
	 * and a failed save changes nothing, as for every other set. The old
	 * value is put back from memory: the flash that refused the write may
	 * refuse the read too. A HAL without flash keeps settings in RAM: that
	 * is not a failure. */
	old = dev->pending.echo;
	param_store(&cmd->params[0], &dev->pending, &call->argv[0], call->value[0]);
	err = settings_save(dev, &dev->pending, NULL);
	if (err != 0 && err != USRDTU_ERR_NOTSUP) {
		dev->pending.echo = old;
		return -AT_E_EXEC;
	}
	param_store(&cmd->params[0], &dev->active, &call->argv[0], call->value[0]);
	out_str(dev, M0_ECHO_OK);
	return AT_R_DONE;
}

/* 5.5: "+ok=rebooting..." then the restart. m0 has no AT+CFGTF: nothing
 * writes user defaults, so they are the factory defaults and AT+RELD is the
 * m0's factory reset. */
static int cmd_reld(struct usrdtu *dev, const struct at_cmd *cmd, struct at_call *call)
{
	int err = engine_reload_user_defaults(dev);

	(void)call;
	if (err < 0)
		return err;
	reply_value_open(dev, cmd);
	out_str(dev, M0_RELOAD_TEXT);
	reply_value_close(dev, cmd);
	return AT_R_DONE;
}

/* m0 always runs a data mode; the SOCK protocol says which (HTPC: the HTTP
 * client). Only socket A exists and it is always in use. */
static void m0_factory_extra(struct usrdtu_settings *s)
{
	s->work_mode = USRDTU_MODE_NET;
	s->sock[0].enabled = 1;
}

#define SET(name, params, help) AT_SETTING(name, params, "", help)

/* Words of the help lines (at_cmd_help): "\003" is the third word of
 * m0_help_words, and so on. */
#define W_SETTING_QUERY "\003" /* "Setting/query " */
#define W_REG_PACKET "\004" /* "registration packet" */
#define W_CONNECTION "\005" /* "connection" */
#define W_HEARTBEAT "\006" /* "heartbeat " */
#define W_HTTP "\007" /* "HTTP " */
#define W_PARAMETERS "\010" /* " parameters" */
#define W_TIME_S "\011" /* " time (s)" */
#define W_MODULE "\012" /* "module" */
#define W_AND_PASSWORD "\013" /* " and password" */
static const char m0_help_words[] = AT_HELP(AT_HELP_WORDS_FIRST
	"Setting/query \0registration packet\0connection\0heartbeat \0HTTP \0"
	" parameters\0 time (s)\0module\0 and password\0");

/* The handlers of the rows, named by index (see AT_HANDLERS). */
#define M0_HANDLERS(X) \
	X(cmd_echo) X(cmd_entm) X(cmd_help) X(cmd_info_mac) X(cmd_info_production_time) \
	X(cmd_info_version) X(cmd_link_0) X(cmd_reld) X(cmd_restart)
AT_HANDLERS(m0, M0_HANDLERS);

static const struct at_cmd m0_cmds[] = {
	SET("CLIENTRST", p_clientrst, W_SETTING_QUERY "TCP client restart after 30 failed connects"),
	SET("DNS", p_dns, W_SETTING_QUERY "DNS server address"),
	AT_CMD("E", p_echo, cmd_echo, AT_FORMS_SETTING, AT_CF_NOW, "", "Enable/disable echo"),
	AT_ACTION("ENTM", cmd_entm, "Exit AT command mode"),
	AT_ACTION("H", cmd_help, AT_HELP_QUERY "help message"),
	SET("HEARTDT", p_heartdt, W_SETTING_QUERY W_HEARTBEAT "packet data (hex)"),
	SET("HEARTEN", p_hearten, W_SETTING_QUERY W_HEARTBEAT "packet enable"),
	SET("HEARTTM", p_hearttm, W_SETTING_QUERY W_HEARTBEAT "interval (s)"),
	SET("HEARTTP", p_hearttp, W_SETTING_QUERY W_HEARTBEAT "direction"),
	SET("HTPCHD", p_htpchd, W_SETTING_QUERY W_HTTP "response header filter"),
	SET("HTPHEAD", p_htphead, W_SETTING_QUERY W_HTTP "header (<<CRLF>> for CR LF)"),
	SET("HTPTP", p_htptp, W_SETTING_QUERY W_HTTP "request method"),
	SET("HTPURL", p_htpurl, W_SETTING_QUERY W_HTTP "URL"),
	SET("INDEXEN", p_indexen, W_SETTING_QUERY "index function"),
	AT_INFO("MAC", cmd_info_mac, AT_HELP_QUERY W_MODULE " MAC address"),
	SET("MAXSK", p_maxsk, W_SETTING_QUERY "maximum TCP server clients"),
	SET("MID", p_mid, W_SETTING_QUERY W_MODULE " name"),
	/* 003 5.12's set line reads "AT+NETP=", the W610 name of AT+SOCK,
	 * while its query and command list say SOCK: both names are accepted
	 * and edit the same setting. */
	AT_CMD("NETP", p_sock, NULL, AT_FORMS_SETTING, AT_CF_ALIAS, "",
	       W_SETTING_QUERY "network protocol (as SOCK)"),
	AT_INFO("PDTIME", cmd_info_production_time, AT_HELP_QUERY "production time"),
	SET("REGCLOUD", p_regcloud, W_SETTING_QUERY "USR-Cloud ID" W_AND_PASSWORD),
	SET("REGEN", p_regen, W_SETTING_QUERY W_REG_PACKET),
	SET("REGTCP", p_regtcp, W_SETTING_QUERY W_REG_PACKET " sending"),
	SET("REGUSR", p_regusr, W_SETTING_QUERY "custom " W_REG_PACKET " (hex)"),
	AT_ACTION("RELD", cmd_reld, "Reset default settings and restart"),
	SET("RFCEN", p_rfcen, W_SETTING_QUERY "RFC2217 enable"),
	SET("RSTIM", p_rstim, W_SETTING_QUERY "no-data restart" W_TIME_S),
	SET("SCSLINK", p_scslink, W_SETTING_QUERY W_CONNECTION " status indication"),
	SET("SHORTO", p_shorto, W_SETTING_QUERY "short " W_CONNECTION W_TIME_S),
	SET("SOCK", p_sock, W_SETTING_QUERY "network protocol"),
	AT_INFO("SOCKLK", cmd_link_0, AT_HELP_QUERY "TCP " W_CONNECTION " status"),
	SET("SOCKPORT", p_sockport, W_SETTING_QUERY "source port (0: random)"),
	SET("SOCKSL", p_socksl, W_SETTING_QUERY "short " W_CONNECTION),
	SET("TCPSE", p_tcpse, W_SETTING_QUERY "kick off older " W_CONNECTION),
	SET("UART", p_uart, W_SETTING_QUERY "serial" W_PARAMETERS),
	SET("UARTCLBUF", p_uartclbuf, W_SETTING_QUERY "clear serial cache before connecting"),
	AT_INFO("VER", cmd_info_version, AT_HELP_QUERY "firmware version"),
	SET("WANN", p_wann, W_SETTING_QUERY "WAN port" W_PARAMETERS),
	SET("WEBPORT", p_webport, W_SETTING_QUERY "web server port"),
	SET("WEBU", p_webu, W_SETTING_QUERY "web username" W_AND_PASSWORD),
	AT_ACTION("Z", cmd_restart, "Restart " W_MODULE),
};

/* The error codes of the USR Ethernet family (SPEC's profile table; 003
 * prints none): -1 format, -2 command, -3 operator, -4 parameter, -5 not
 * permitted. */
static const struct at_dialect m0_dialect = {
	AT_REPLY(ok, "\r\n+ok\r\n"),
	AT_REPLY(value_open, "\r\n+ok="),
	AT_REPLY(value_close, "\r\n"),
	AT_REPLY(tight_close, "\r\n"),
	.error_open = "\r\n+ERR=",
	.error_close = "\r\n",
	.link_down = "disconnect",
	.link_up = "connect",
	/* none FORMAT UNKNOWN FORM COUNT TYPE RANGE MISSING EXEC LOGIN */
	.error_code = {0, -1, -2, -3, -4, -4, -4, -4, -5, -5},
	.style = AT_S_ESC_CRLF,
};

/* Hash index of the rows (see struct usrdtu_profile); tests/test_tables.c
 * prints a new one when the table changes. */
static const uint8_t m0_index[AT_INDEX_BUCKETS + 64] = {
	0, 0, 3, 2, 0, 0, 9, 0, 1, 11, 1, 0, 0, 1, 0, 0,
	0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 3, 3,
	20, 14, 3, 38, 37, 15, 24, 0, 32, 19, 0, 2, 7, 10, 0, 28,
	21, 6, 5, 0, 0, 0, 40, 0, 12, 0, 17, 0, 0, 11, 0, 13,
	27, 0, 1, 33, 8, 39, 29, 25, 18, 0, 26, 9, 4, 30, 34, 0,
	0, 22, 0, 0, 0, 36, 0, 35, 23, 0, 0, 0, 0, 16, 31, 0,
};

const struct usrdtu_profile usrdtu_profile_m0 = {
	"m0",
	m0_cmds,
	&m0_dialect,
	m0_factory_extra,
	AT_COUNT(m0_cmds),
	USRDTU_CFG_M0_FRAME_GAP_MS,
	USRDTU_CFG_M0_FRAME_LEN,
	4,
	AT_P_SAVE_AT_ONCE | AT_P_REG_FIRST_DATA,
	m0_index,
	63,
	m0_help_words,
	m0_handlers,
};

#endif /* USRDTU_CFG_PROFILE_M0 */
