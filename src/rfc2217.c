/* TEMPORARY stand-in until the rfc2217 branch lands. */
#include "usrdtu/rfc2217.h"
#include "usrdtu/usrdtu.h"
int usrdtu_rfc2217_prefix(const uint8_t *data, size_t len)
{
	static const uint8_t magic[3] = {0x55, 0xAA, 0x55};
	size_t i;
	for (i = 0; i < len && i < 3; i++)
		if (data[i] != magic[i])
			return 0;
	return len < 8;
}
int usrdtu_rfc2217_decode(const uint8_t f[USRDTU_RFC2217_FRAME_LEN], struct usrdtu_uart_config *cfg)
{
	static const uint8_t parity[4] = {USRDTU_PARITY_ODD, USRDTU_PARITY_EVEN, USRDTU_PARITY_MARK, USRDTU_PARITY_SPACE};
	uint32_t baud = (uint32_t)f[3] << 16 | (uint32_t)f[4] << 8 | f[5];
	if (f[0] != 0x55 || f[1] != 0xAA || f[2] != 0x55 || baud == 0)
		return USRDTU_ERR_INVAL;
	if ((uint8_t)(f[3] + f[4] + f[5] + f[6]) != f[7])
		return USRDTU_ERR_CORRUPT;
	cfg->baud = baud;
	cfg->data_bits = (uint8_t)(5 + (f[6] & 3));
	cfg->stop_bits = (f[6] & 4) ? 2 : 1;
	cfg->parity = (f[6] & 8) ? parity[(f[6] >> 4) & 3] : USRDTU_PARITY_NONE;
	return 0;
}
