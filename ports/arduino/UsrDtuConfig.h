/*
 * usrdtu options for the Arduino library (the IDE passes no -D flags to
 * libraries: config.h reads this file). Edit it in the installed library, or
 * give the whole build -DUSRDTU_CFG_OPTS_FILE='"other.h"' where the build
 * system allows flags. docs/config.md describes each option; docs/porting.md
 * ("Arduino") why these values.
 */
#ifndef USRDTU_ARDUINO_CONFIG_H
#define USRDTU_ARDUINO_CONFIG_H

/* One dialect: m0 (Ethernet DTU) is the one whose settings and tables are
 * the smallest, and an Arduino with a shield is an Ethernet device. */
#define USRDTU_CFG_PROFILE_GPRS232 0
#define USRDTU_CFG_PROFILE_CAT1 0
#define USRDTU_CFG_PROFILE_G781 0
#define USRDTU_CFG_PROFILE_M0 1

/* AT+H lists the command names only: the descriptions would sit in RAM
 * (avr-gcc copies const data to RAM unless it is marked PROGMEM). */
#define USRDTU_CFG_HELP_TEXT 0

/* Command lines of up to 512 bytes, the least SPEC allows (the library
 * does not compile with less): every m0 command with its values written
 * plainly fits; only AT+HTPHEAD with a header of more than about 120 bytes
 * written entirely as <<CRLF>>-style escapes does not (such a line gets the
 * error reply and is counted in line_overflows). */
#define USRDTU_CFG_LINE_MAX 512

/* Serial frames of at most 128 bytes (longer ones are split, never
 * dropped), and per socket a queue of 170 bytes: one such frame behind the
 * m0 registration packet (40 bytes) fits; the offline cache keeps what
 * fits in the rest, the oldest frames are dropped and counted. */
#define USRDTU_CFG_FRAME_MAX 128
#define USRDTU_CFG_CACHE_BYTES 170
#define USRDTU_CFG_CACHE_FRAMES 8

/* m0's HTTP client (AT+SOCK=HTPC) hands its requests to the Client in
 * pieces of this many bytes: 64 instead of 256 saves 192 bytes of RAM. */
#define USRDTU_CFG_HTTP_SEND_CHUNK 64

/* The Arduino port has no TCP server (Client and UDP cannot listen). */
#define USRDTU_CFG_SERVER_CLIENTS 1

/* The port's own option (UsrDtu.cpp): bytes read from the serial port or a
 * socket per engine call, on the stack of loop(). A network AT command
 * (NATEN) must fit in one read. */
#define USRDTU_ARDUINO_RX_CHUNK 64

#endif /* USRDTU_ARDUINO_CONFIG_H */
