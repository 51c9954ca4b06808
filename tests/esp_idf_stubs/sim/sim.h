/* What the simulation (idf.c) offers the test (test_port.c). */
#ifndef SIM_H
#define SIM_H
#include <stddef.h>
void sim_uart_feed(const char *text);
size_t sim_uart_take(char *buf, size_t cap);
int sim_uart_mode(void);
int sim_uart_baud(void);
void sim_flash_erase_all(void);
const unsigned char *sim_flash(void);
#endif
