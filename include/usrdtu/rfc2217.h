/*
 * The RFC2217-like frame (SPEC section 6, 001 section 2.2.4) and the RS485
 * turnaround table (001 section 2.2.3).
 *
 * A pure codec: no state, no HAL. The engine uses it on network input when
 * RFCEN is on; a port or a host tool may use it too, e.g. to build the frame
 * that reconfigures a DTU from the network side.
 *
 * The frame is 8 bytes:
 *
 *     55 AA 55  BB BB BB  PP  CC
 *     header    baud rate parameter checksum
 *               (big-endian)
 *
 * CC is the low byte of BB + BB + BB + PP (the manual: "the sum of the four
 * before it, carry ignored"). The parameter byte:
 *
 *     bits 1:0  data bits: 00 = 5, 01 = 6, 10 = 7, 11 = 8
 *     bit  2    stop bits: 0 = 1, 1 = 2
 *     bit  3    parity enable
 *     bits 5:4  parity type when enabled: 00 odd, 01 even, 10 mark,
 *               11 space (not in the manual: this library's reading)
 *     bits 7:6  "write 0" says the manual, yet both its examples set bit 7:
 *               ignored when decoding, bit 7 set when encoding
 *
 * The manual's examples, which encode and decode byte for byte:
 *
 *     55 AA 55 01 C2 00 83 46   115200 8N1
 *     55 AA 55 00 25 80 83 28   9600 8N1
 */
#ifndef USRDTU_RFC2217_H
#define USRDTU_RFC2217_H

#include <stddef.h>
#include <stdint.h>

#include "usrdtu/hal.h"    /* struct usrdtu_uart_config */
#include "usrdtu/usrdtu.h" /* enum usrdtu_err */

#ifdef __cplusplus
extern "C" {
#endif

#define USRDTU_RFC2217_FRAME_LEN 8

/* The highest baud rate the frame's three bytes can carry. */
#define USRDTU_RFC2217_BAUD_MAX 0xFFFFFFul

/*
 * 1 if `len` bytes could still be the start of a frame: len is below
 * USRDTU_RFC2217_FRAME_LEN and the bytes are a prefix of 55 AA 55 followed
 * by anything (len 0 counts: nothing has ruled a frame out). 0 otherwise,
 * including for len >= USRDTU_RFC2217_FRAME_LEN: a whole frame is no longer
 * a start, usrdtu_rfc2217_decode() judges it. Only the header is looked at;
 * whether the rest is valid is known once all 8 bytes are there. `data` may
 * be NULL when len is 0.
 */
int usrdtu_rfc2217_prefix(const uint8_t *data, size_t len);

/*
 * Decodes 8 bytes. Returns 0 and fills cfg->baud, data_bits, stop_bits and
 * parity (enum usrdtu_parity); cfg->flow is left untouched, the frame has no
 * such field. Errors, checked in this order, leave *cfg untouched:
 *   USRDTU_ERR_INVAL    a NULL argument, or the header is not 55 AA 55
 *   USRDTU_ERR_CORRUPT  the checksum does not match
 *   USRDTU_ERR_INVAL    the baud rate is 0
 * Any single flipped bit in a valid frame is an error: in the header it
 * breaks the header; anywhere else it changes the sum of the four checked
 * bytes, or the checksum itself, by a power of two below 256.
 */
int usrdtu_rfc2217_decode(const uint8_t frame[USRDTU_RFC2217_FRAME_LEN],
			  struct usrdtu_uart_config *cfg);

/*
 * Encodes cfg (its flow field is ignored) into 8 bytes, bit 7 of the
 * parameter byte set and bits 5:4 zero when parity is NONE. Returns 0, or
 * USRDTU_ERR_INVAL, with `frame` untouched, for a NULL argument, a baud rate
 * of 0 or above USRDTU_RFC2217_BAUD_MAX, data bits outside 5..8, stop bits
 * other than 1 or 2, or a parity that is no enum usrdtu_parity value.
 */
int usrdtu_rfc2217_encode(const struct usrdtu_uart_config *cfg,
			  uint8_t frame[USRDTU_RFC2217_FRAME_LEN]);

/*
 * RS485 turnaround: how long the manual's table (001 section 2.2.3, "switch
 * time") gives the transceiver at each baud rate, in milliseconds as the
 * manual prints them:
 *
 *     2400: 100   4800: 40   9600: 20
 *     19200, 28800, 33600, 38400, 57600: 15
 *     115200, 230400, 460800, 921600: 2
 *
 * usrdtu_rs485_table holds these rows, usrdtu_rs485_table_len of them, in
 * ascending baud order.
 */
struct usrdtu_rs485_turnaround {
	uint32_t baud;
	uint16_t delay_ms;
};

extern const struct usrdtu_rs485_turnaround usrdtu_rs485_table[];
extern const size_t usrdtu_rs485_table_len;

/*
 * The turnaround in milliseconds for `baud`: the delay of the table's row
 * for the highest rate not above `baud` (14400, which AT+UART accepts but
 * the table lacks, gets 9600's 20 ms; rates above 921600 get 2 ms). A rate
 * below the first row (2400) gets the first row's delay, 100 ms: a slower
 * line needs at least as long, and waiting too long only costs time where
 * too short a wait cuts the reply.
 */
uint32_t usrdtu_rs485_turnaround_ms(uint32_t baud);

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_RFC2217_H */
