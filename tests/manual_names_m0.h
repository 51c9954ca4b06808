/*
 * Every command of seeds/003's command list (section 4, "AT command set"),
 * which is also every AT+NAME of its section 5 but one: 5.12's set line
 * writes "AT+NETP=", the W610 name of AT+SOCK, which the list does not
 * have (the m0 table accepts it as an alias, so it is left out here).
 * Extracted with: grep -o 'AT+[A-Z]*' 003_2a766077a499c2d2.txt | sort -u
 * ("AT" alone, the test command, is not in the manual). Kept literal so
 * that a test compares the command table against the manual, not against
 * itself.
 */
#ifndef USRDTU_MANUAL_NAMES_M0_H
#define USRDTU_MANUAL_NAMES_M0_H

static const char *const manual_names_m0[] = {
	"CLIENTRST",
	"DNS",
	"E",
	"ENTM",
	"H",
	"HEARTDT",
	"HEARTEN",
	"HEARTTM",
	"HEARTTP",
	"HTPCHD",
	"HTPHEAD",
	"HTPTP",
	"HTPURL",
	"INDEXEN",
	"MAC",
	"MAXSK",
	"MID",
	"PDTIME",
	"REGCLOUD",
	"REGEN",
	"REGTCP",
	"REGUSR",
	"RELD",
	"RFCEN",
	"RSTIM",
	"SCSLINK",
	"SHORTO",
	"SOCK",
	"SOCKLK",
	"SOCKPORT",
	"SOCKSL",
	"TCPSE",
	"UART",
	"UARTCLBUF",
	"VER",
	"WANN",
	"WEBPORT",
	"WEBU",
	"Z",
};

#define MANUAL_NAMES_M0_COUNT (sizeof manual_names_m0 / sizeof manual_names_m0[0])

#endif /* USRDTU_MANUAL_NAMES_M0_H */
