/*
 * Every AT+NAME that appears in seeds/000 (USR-GPRS232 AT command set) or
 * seeds/001 (USR-GPRS232-732 software design manual), extracted with:
 *   grep -oh 'AT+ *[A-Za-z][A-Za-z0-9 ]*' 000_*.txt 001_*.txt
 * with spaces inside a name dropped ("AT+ SOCKRSTM ", "AT+REG SND" are
 * SOCKRSTM and REGSND) and "AT" alone, the test command, left out.
 * Both SOCKRSTIM (001; 000 names it so in its command list, without "AT+")
 * and SOCKRSTM (000 section 1.2.41) are here: SPEC section 10 accepts both.
 * UCPIN is in 001 only.
 * Kept literal, so that the tests hold the table against the manuals and
 * not against itself.
 */
#ifndef USRDTU_MANUAL_NAMES_GPRS232_H
#define USRDTU_MANUAL_NAMES_GPRS232_H

static const char *const manual_names_gprs232[] = {
	"APN",
	"CACHEN",
	"CALEN",
	"CFGTF",
	"CIP",
	"CLEAR",
	"CLOUDEN",
	"CLOUDID",
	"CLOUDPA",
	"CMDPW",
	"CNUM",
	"CSQ",
	"DSTNUM",
	"E",
	"ENTM",
	"H",
	"HEARTDT",
	"HEARTEN",
	"HEARTTM",
	"HEARTTP",
	"HTPHD",
	"HTPPK",
	"HTPSV",
	"HTPTIM",
	"HTPTP",
	"HTPURL",
	"ICCID",
	"IMEI",
	"LBS",
	"NATEN",
	"PING",
	"REGDT",
	"REGEN",
	"REGID",
	"REGSND",
	"REGTP",
	"RELD",
	"RFCEN",
	"RSTIM",
	"S",
	"SHORTIM",
	"SMSEND",
	"SN",
	"SOCKA",
	"SOCKAEN",
	"SOCKALK",
	"SOCKASL",
	"SOCKB",
	"SOCKBEN",
	"SOCKBLK",
	"SOCKBSL",
	"SOCKC",
	"SOCKCEN",
	"SOCKCLK",
	"SOCKCSL",
	"SOCKD",
	"SOCKDEN",
	"SOCKDLK",
	"SOCKDSL",
	"SOCKIDEN",
	"SOCKRSTIM",
	"SOCKRSTM",
	"STMSG",
	"UART",
	"UATEN",
	"UCPIN",
	"VER",
	"WKMOD",
	"Z",
};

#define MANUAL_NAMES_GPRS232_COUNT 69

#endif /* USRDTU_MANUAL_NAMES_GPRS232_H */
