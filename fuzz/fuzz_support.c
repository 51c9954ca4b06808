#include "fuzz_support.h"

#include <stdio.h>
#include <stdlib.h>

int fuzz_show_output;

void fuzz_fail(const char *why)
{
	fprintf(stderr, "fuzz target: %s\n", why);
	abort();
}

int fuzz_serial_write(void *ctx, const uint8_t *data, size_t len)
{
	(void)ctx;
	if (data == NULL || len == 0 || len > 65536)
		fuzz_fail("serial_write with a bad buffer");
	if (fuzz_show_output)
		fwrite(data, 1, len, stdout);
	return (int)len;
}

uint32_t fuzz_lcg_next(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state;
}
