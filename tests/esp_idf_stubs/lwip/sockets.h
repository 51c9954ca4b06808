/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-guides/lwip.html
 * (BSD Sockets API; the lwip_* functions of lwip/sockets.h). Constant
 * values are lwIP's defaults, placeholders for a type check. */
#ifndef STUB_LWIP_SOCKETS_H
#define STUB_LWIP_SOCKETS_H
#include <stddef.h>
#include <stdint.h>
typedef uint32_t socklen_t;
typedef uint8_t sa_family_t;
typedef uint16_t in_port_t;
typedef long ssize_t; /* ESP-IDF: newlib sys/types.h */
struct in_addr { uint32_t s_addr; };
struct sockaddr { uint8_t sa_len; sa_family_t sa_family; char sa_data[14]; };
struct sockaddr_in {
	uint8_t sin_len;
	sa_family_t sin_family;
	in_port_t sin_port;
	struct in_addr sin_addr;
	char sin_zero[8];
};
struct timeval { long tv_sec; long tv_usec; };
#define FD_SETSIZE 64
typedef struct { unsigned char fd_bits[(FD_SETSIZE + 7) / 8]; } fd_set;
#define FD_SET(n, p) ((p)->fd_bits[(n) / 8] = (unsigned char)((p)->fd_bits[(n) / 8] | (1u << ((n) & 7))))
#define FD_ISSET(n, p) ((p)->fd_bits[(n) / 8] & (1u << ((n) & 7)))
#define FD_ZERO(p) memset((void *)(p), 0, sizeof(*(p)))
#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define SOL_SOCKET 0xfff
#define SO_REUSEADDR 0x0004
#define SO_KEEPALIVE 0x0008
#define SO_ERROR 0x1007
#define TCP_NODELAY 0x01
#define TCP_KEEPIDLE 0x03
#define TCP_KEEPINTVL 0x04
#define TCP_KEEPCNT 0x05
#define MSG_DONTWAIT 0x08
#define F_GETFL 3
#define F_SETFL 4
#define O_NONBLOCK 1
int lwip_socket(int domain, int type, int protocol);
int lwip_bind(int s, const struct sockaddr *name, socklen_t namelen);
int lwip_listen(int s, int backlog);
int lwip_accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen);
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags);
ssize_t lwip_sendto(int s, const void *dataptr, size_t size, int flags, const struct sockaddr *to,
			 socklen_t tolen);
ssize_t lwip_recv(int s, void *mem, size_t len, int flags);
ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags, struct sockaddr *from,
			   socklen_t *fromlen);
int lwip_getsockopt(int s, int level, int optname, void *optval, socklen_t *optlen);
int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen);
int lwip_close(int s);
int lwip_fcntl(int s, int cmd, int val);
int lwip_select(int maxfdp1, fd_set *readset, fd_set *writeset, fd_set *exceptset,
		struct timeval *timeout);
#endif
