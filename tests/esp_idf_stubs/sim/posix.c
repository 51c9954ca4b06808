/* The POSIX half of the host simulation of the ESP-IDF API: real sockets,
 * clocks, threads and locks behind posix.h. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include "posix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int sim_socket(int stream)
{
	return socket(AF_INET, stream ? SOCK_STREAM : SOCK_DGRAM, 0);
}

static struct sockaddr_in ipv4(uint32_t addr_be, uint16_t port_be)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = addr_be;
	sa.sin_port = port_be;
	return sa;
}

int sim_bind_any(int fd, uint16_t port)
{
	struct sockaddr_in sa = ipv4(htonl(INADDR_ANY), htons(port));

	return bind(fd, (struct sockaddr *)&sa, sizeof sa);
}

int sim_listen(int fd, int backlog)
{
	return listen(fd, backlog);
}

int sim_accept(int fd)
{
	return accept(fd, NULL, NULL);
}

int sim_connect_ipv4(int fd, uint32_t addr_be, uint16_t port_be)
{
	struct sockaddr_in sa = ipv4(addr_be, port_be);

	return connect(fd, (struct sockaddr *)&sa, sizeof sa);
}

long sim_send(int fd, const void *data, size_t len, int dontwait)
{
	return (long)send(fd, data, len, MSG_NOSIGNAL | (dontwait ? MSG_DONTWAIT : 0));
}

long sim_sendto_ipv4(int fd, const void *data, size_t len, uint32_t addr_be, uint16_t port_be)
{
	struct sockaddr_in sa = ipv4(addr_be, port_be);

	return (long)sendto(fd, data, len, MSG_DONTWAIT, (struct sockaddr *)&sa, sizeof sa);
}

long sim_recv(int fd, void *buf, size_t len, int dontwait)
{
	return (long)recv(fd, buf, len, dontwait ? MSG_DONTWAIT : 0);
}

long sim_recvfrom_ipv4(int fd, void *buf, size_t len, uint32_t *addr_be, uint16_t *port_be)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof sa;
	long n;

	memset(&sa, 0, sizeof sa);
	n = (long)recvfrom(fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&sa, &sl);
	*addr_be = sa.sin_addr.s_addr;
	*port_be = sa.sin_port;
	return n;
}

int sim_so_error(int fd, int *err)
{
	socklen_t len = sizeof *err;

	return getsockopt(fd, SOL_SOCKET, SO_ERROR, err, &len);
}

int sim_set_option(int fd, int stub_level, int stub_name, int value)
{
	int level, name;

	/* lwIP's numbers (the stand-in header) to Linux's */
	if (stub_level == 0xfff) {
		level = SOL_SOCKET;
		name = stub_name == 0x0004 ? SO_REUSEADDR : stub_name == 0x0008 ? SO_KEEPALIVE : -1;
	} else {
		level = IPPROTO_TCP;
		name = stub_name == 0x01   ? TCP_NODELAY
		       : stub_name == 0x03 ? TCP_KEEPIDLE
		       : stub_name == 0x04 ? TCP_KEEPINTVL
		       : stub_name == 0x05 ? TCP_KEEPCNT
					   : -1;
	}
	if (name < 0) {
		errno = ENOPROTOOPT;
		return -1;
	}
	return setsockopt(fd, level, name, &value, sizeof value);
}

int sim_close(int fd)
{
	return close(fd);
}

int sim_get_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags < 0 ? -1 : (flags & O_NONBLOCK) != 0;
}

int sim_set_nonblocking(int fd, int on)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0)
		return -1;
	return fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
}

int sim_select(int nfds, uint64_t *readable, uint64_t *writable, long usec)
{
	fd_set r, w;
	struct timeval tv;
	int i, n;

	FD_ZERO(&r);
	FD_ZERO(&w);
	for (i = 0; i < nfds && i < 64; i++) {
		if (*readable >> i & 1u)
			FD_SET(i, &r);
		if (*writable >> i & 1u)
			FD_SET(i, &w);
	}
	tv.tv_sec = usec / 1000000;
	tv.tv_usec = usec % 1000000;
	n = select(nfds, &r, &w, NULL, &tv);
	*readable = 0;
	*writable = 0;
	for (i = 0; n > 0 && i < nfds && i < 64; i++) {
		if (FD_ISSET(i, &r))
			*readable |= (uint64_t)1 << i;
		if (FD_ISSET(i, &w))
			*writable |= (uint64_t)1 << i;
	}
	return n;
}

int sim_lookup_ipv4(const char *host, uint32_t *addr_be)
{
	struct in_addr a;

	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &a) != 1)
		return -1;
	*addr_be = a.s_addr;
	return 0;
}

int64_t sim_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void sim_sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

struct thread_start {
	void (*fn)(void *);
	void *arg;
};

static void *thread_main(void *p)
{
	struct thread_start s = *(struct thread_start *)p;

	free(p);
	s.fn(s.arg);
	return NULL;
}

int sim_thread(void (*fn)(void *), void *arg)
{
	pthread_t t;
	struct thread_start *s = malloc(sizeof *s);

	if (s == NULL)
		return -1;
	s->fn = fn;
	s->arg = arg;
	if (pthread_create(&t, NULL, thread_main, s) != 0) {
		free(s);
		return -1;
	}
	pthread_detach(t);
	return 0;
}

struct sim_lock {
	pthread_mutex_t mutex;
	pthread_cond_t cond;
};

void *sim_lock_new(void)
{
	struct sim_lock *l = malloc(sizeof *l);

	if (l != NULL) {
		pthread_mutex_init(&l->mutex, NULL);
		pthread_cond_init(&l->cond, NULL);
	}
	return l;
}

void sim_lock(void *l)
{
	pthread_mutex_lock(&((struct sim_lock *)l)->mutex);
}

void sim_unlock(void *l)
{
	pthread_mutex_unlock(&((struct sim_lock *)l)->mutex);
}

int sim_wait(void *p, long ms)
{
	struct sim_lock *l = p;
	struct timespec ts;

	if (ms < 0)
		return pthread_cond_wait(&l->cond, &l->mutex) == 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_cond_timedwait(&l->cond, &l->mutex, &ts) == 0;
}

void sim_wake(void *l)
{
	pthread_cond_broadcast(&((struct sim_lock *)l)->cond);
}

int sim_server(uint16_t *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	sa = ipv4(htonl(INADDR_LOOPBACK), 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sa.sin_port);
	return fd;
}
