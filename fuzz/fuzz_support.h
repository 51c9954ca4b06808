/*
 * What every fuzz target shares (fuzz_support.c): the replay main's output
 * switch, the way a target reports a broken rule, a serial port that
 * checks what the engine writes, and a reproducible random generator.
 */
#ifndef USRDTU_FUZZ_SUPPORT_H
#define USRDTU_FUZZ_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/* 1 when the replay main was run with USRDTU_FUZZ_SHOW=1: a target may
 * print what the device said. Always 0 under libFuzzer. */
extern int fuzz_show_output;

/* A rule the target checks was broken: says which and aborts, so that
 * libFuzzer keeps the input as a crash. */
void fuzz_fail(const char *why);

/* A serial_write HAL callback for targets that need no more: aborts on a
 * NULL or empty buffer or an implausible length, prints the bytes when
 * fuzz_show_output is set, and takes everything. */
int fuzz_serial_write(void *ctx, const uint8_t *data, size_t len);

/* The next value of a linear congruential generator kept in *state: the
 * same input always gets the same numbers. */
uint32_t fuzz_lcg_next(uint32_t *state);

#endif /* USRDTU_FUZZ_SUPPORT_H */
