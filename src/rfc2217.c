/*
 * The RFC2217-like frame and the RS485 turnaround table (SPEC section 6;
 * layout and decisions in include/usrdtu/rfc2217.h and docs/decisions.md).
 *
 * Pure functions over caller memory; the only data is const. Every value is
 * built in fixed-width types: int is 16 bits on some targets.
 */
#include "usrdtu/rfc2217.h"

static const uint8_t rfc_header[3] = {0x55u, 0xAAu, 0x55u};

/* Parameter byte fields. */
#define P_DATA_MASK 0x03u
#define P_STOP_TWO 0x04u
#define P_PARITY_ON 0x08u
#define P_PARITY_SHIFT 4
#define P_PARITY_MASK 0x30u
#define P_ENCODE_SET 0x80u /* bit 7, as in both of the manual's examples */

/* Parity types in bits 5:4 when enabled. 11 is this library's reading. */
#define P_TYPE_ODD 0u
#define P_TYPE_EVEN 1u
#define P_TYPE_MARK 2u
#define P_TYPE_SPACE 3u

/* Low byte of the sum of the baud bytes and the parameter byte. */
static uint8_t rfc_sum(const uint8_t *frame)
{
	uint8_t sum = 0;
	unsigned i;

	for (i = 3; i < 7; i++)
		sum = (uint8_t)(sum + frame[i]);
	return sum;
}

static int header_ok(const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < sizeof rfc_header; i++)
		if (data[i] != rfc_header[i])
			return 0;
	return 1;
}

int usrdtu_rfc2217_prefix(const uint8_t *data, size_t len)
{
	if (len >= USRDTU_RFC2217_FRAME_LEN)
		return 0;
	if (len == 0)
		return 1;
	if (data == NULL)
		return 0;
	return header_ok(data, len);
}

int usrdtu_rfc2217_decode(const uint8_t frame[USRDTU_RFC2217_FRAME_LEN],
			  struct usrdtu_uart_config *cfg)
{
	uint32_t baud;
	uint8_t p;
	uint8_t parity = USRDTU_PARITY_NONE;

	if (frame == NULL || cfg == NULL || !header_ok(frame, sizeof rfc_header))
		return USRDTU_ERR_INVAL;
	if (rfc_sum(frame) != frame[7])
		return USRDTU_ERR_CORRUPT;
	baud = ((uint32_t)frame[3] << 16) | ((uint32_t)frame[4] << 8) | (uint32_t)frame[5];
	if (baud == 0)
		return USRDTU_ERR_INVAL;

	p = frame[6]; /* bits 7:6 are not looked at */
	if (p & P_PARITY_ON) {
		switch ((p & P_PARITY_MASK) >> P_PARITY_SHIFT) {
		case P_TYPE_ODD:
			parity = USRDTU_PARITY_ODD;
			break;
		case P_TYPE_EVEN:
			parity = USRDTU_PARITY_EVEN;
			break;
		case P_TYPE_MARK:
			parity = USRDTU_PARITY_MARK;
			break;
		default: /* P_TYPE_SPACE */
			parity = USRDTU_PARITY_SPACE;
			break;
		}
	}
	cfg->baud = baud;
	cfg->data_bits = (uint8_t)(5u + (p & P_DATA_MASK));
	cfg->stop_bits = (p & P_STOP_TWO) ? 2u : 1u;
	cfg->parity = parity;
	return USRDTU_OK;
}

int usrdtu_rfc2217_encode(const struct usrdtu_uart_config *cfg,
			  uint8_t frame[USRDTU_RFC2217_FRAME_LEN])
{
	uint8_t p = P_ENCODE_SET;
	unsigned type;

	if (cfg == NULL || frame == NULL)
		return USRDTU_ERR_INVAL;
	if (cfg->baud == 0 || cfg->baud > USRDTU_RFC2217_BAUD_MAX)
		return USRDTU_ERR_INVAL;
	if (cfg->data_bits < 5 || cfg->data_bits > 8)
		return USRDTU_ERR_INVAL;
	if (cfg->stop_bits != 1 && cfg->stop_bits != 2)
		return USRDTU_ERR_INVAL;
	switch (cfg->parity) {
	case USRDTU_PARITY_NONE:
		type = 0;
		break;
	case USRDTU_PARITY_ODD:
		type = P_TYPE_ODD;
		break;
	case USRDTU_PARITY_EVEN:
		type = P_TYPE_EVEN;
		break;
	case USRDTU_PARITY_MARK:
		type = P_TYPE_MARK;
		break;
	case USRDTU_PARITY_SPACE:
		type = P_TYPE_SPACE;
		break;
	default:
		return USRDTU_ERR_INVAL;
	}

	p = (uint8_t)(p | (uint8_t)(cfg->data_bits - 5u));
	if (cfg->stop_bits == 2)
		p |= P_STOP_TWO;
	if (cfg->parity != USRDTU_PARITY_NONE)
		p = (uint8_t)(p | P_PARITY_ON | (uint8_t)(type << P_PARITY_SHIFT));

	frame[0] = rfc_header[0];
	frame[1] = rfc_header[1];
	frame[2] = rfc_header[2];
	frame[3] = (uint8_t)(cfg->baud >> 16);
	frame[4] = (uint8_t)(cfg->baud >> 8);
	frame[5] = (uint8_t)cfg->baud;
	frame[6] = p;
	frame[7] = rfc_sum(frame);
	return USRDTU_OK;
}

/* 001 section 2.2.3, table 3 "switch time", milliseconds. */
const struct usrdtu_rs485_turnaround usrdtu_rs485_table[] = {
	{2400ul, 100u},
	{4800ul, 40u},
	{9600ul, 20u},
	{19200ul, 15u},
	{28800ul, 15u},
	{33600ul, 15u},
	{38400ul, 15u},
	{57600ul, 15u},
	{115200ul, 2u},
	{230400ul, 2u},
	{460800ul, 2u},
	{921600ul, 2u},
};

const size_t usrdtu_rs485_table_len = sizeof usrdtu_rs485_table / sizeof usrdtu_rs485_table[0];

uint32_t usrdtu_rs485_turnaround_ms(uint32_t baud)
{
	size_t i;
	uint32_t delay = usrdtu_rs485_table[0].delay_ms; /* below the first row */

	for (i = 0; i < sizeof usrdtu_rs485_table / sizeof usrdtu_rs485_table[0]; i++) {
		if (usrdtu_rs485_table[i].baud > baud)
			break;
		delay = usrdtu_rs485_table[i].delay_ms;
	}
	return delay;
}
