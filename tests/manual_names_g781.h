/*
 * Every AT+NAME that appears in seeds/004 (the USR-G781 AT command set), as
 * extracted with:
 *   grep -oE 'AT\+ ?[A-Z]+( (SND|TM))?' 004_06306da5f0fc4142.txt |
 *     sed -E 's/^AT\+ ?//; s/ //g' | LC_ALL=C sort -u
 * The spaces of "AT+ NETMODE", "AT+REG SND", "AT+HEART SND" and
 * "AT+HEART TM" are PDF artefacts and are removed; "AT" alone, the test
 * command, is left out. Kept literal so that a test compares the command
 * table against the manual, not against itself.
 */
#ifndef USRDTU_MANUAL_NAMES_G781_H
#define USRDTU_MANUAL_NAMES_G781_H

static const char *const manual_names_g781[] = {
	"APN",
	"CFGTF",
	"CLEAR",
	"CLOUD",
	"CMDPW",
	"CPIN",
	"CSQ",
	"E",
	"ENTM",
	"H",
	"HEARTDT",
	"HEARTEN",
	"HEARTSND",
	"HEARTTM",
	"HTPFLT",
	"HTPHD",
	"HTPSV",
	"HTPTO",
	"HTPTP",
	"HTPURL",
	"ICCID",
	"IMEI",
	"NETMODE",
	"R",
	"REGDT",
	"REGEN",
	"REGSND",
	"REGTP",
	"RELD",
	"RFCEN",
	"SN",
	"SOCKA",
	"SOCKAEN",
	"SOCKALK",
	"SOCKB",
	"SOCKBEN",
	"SOCKBLK",
	"SOCKC",
	"SOCKCEN",
	"SOCKCLK",
	"SOCKD",
	"SOCKDEN",
	"SOCKDLK",
	"SOCKIND",
	"STMSG",
	"UART",
	"UARTFL",
	"UARTFT",
	"VER",
	"WKMOD",
	"Z",
};

#define MANUAL_NAMES_G781_COUNT (sizeof manual_names_g781 / sizeof manual_names_g781[0])

#endif /* USRDTU_MANUAL_NAMES_G781_H */
