/* TEMPORARY stand-in until the rfc2217 branch lands. */
#ifndef USRDTU_RFC2217_H
#define USRDTU_RFC2217_H
#include <stddef.h>
#include <stdint.h>
#include "usrdtu/hal.h"
#define USRDTU_RFC2217_FRAME_LEN 8
int usrdtu_rfc2217_prefix(const uint8_t *data, size_t len);
int usrdtu_rfc2217_decode(const uint8_t frame[USRDTU_RFC2217_FRAME_LEN], struct usrdtu_uart_config *cfg);
#endif
