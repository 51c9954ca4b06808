/* The POSIX half of the host simulation (posix.c): plain types only, so
 * that idf.c, which sees the ESP-IDF stand-in headers, can call it. */
#ifndef SIM_POSIX_H
#define SIM_POSIX_H
#include <stddef.h>
#include <stdint.h>

/* sockets: the stand-in constants are translated here */
int sim_socket(int stream);
int sim_bind_any(int fd, uint16_t port);
int sim_listen(int fd, int backlog);
int sim_accept(int fd);
int sim_connect_ipv4(int fd, uint32_t addr_be, uint16_t port_be);
long sim_send(int fd, const void *data, size_t len, int dontwait);
long sim_sendto_ipv4(int fd, const void *data, size_t len, uint32_t addr_be, uint16_t port_be);
long sim_recv(int fd, void *buf, size_t len, int dontwait);
long sim_recvfrom_ipv4(int fd, void *buf, size_t len, uint32_t *addr_be, uint16_t *port_be);
int sim_so_error(int fd, int *err);
int sim_set_option(int fd, int stub_level, int stub_name, int value);
int sim_close(int fd);
int sim_get_nonblocking(int fd);
int sim_set_nonblocking(int fd, int on);
/* fds up to 63; each set is a 64-bit mask */
int sim_select(int nfds, uint64_t *readable, uint64_t *writable, long usec);
/* numeric addresses and "localhost" only: the simulation never uses DNS */
int sim_lookup_ipv4(const char *host, uint32_t *addr_be);

/* time, threads, locks */
int64_t sim_now_us(void);
void sim_sleep_ms(unsigned ms);
int sim_thread(void (*fn)(void *), void *arg);
void *sim_lock_new(void);
void sim_lock(void *l);
void sim_unlock(void *l);
/* waits on l's condition for up to ms (-1 = forever); returns 0 on timeout */
int sim_wait(void *l, long ms);
void sim_wake(void *l);

/* the test's TCP server on 127.0.0.1 */
int sim_server(uint16_t *port);
#endif
