/*
 * The network side of the port: the engine's sockets as POSIX sockets,
 * non-blocking, driven by the one poll() loop (loop.c).
 *
 * Links follow the engine's numbering (hal.h): 0-3 are sockets A-D (a
 * client, a UDP server, or a TCP server's listening socket), and the
 * clients a TCP server accepted are USRDTU_LINK(socket, n); the cat1 NTP
 * client's UDP link is USRDTU_LINK_NTP, the last of them. The engine
 * asks through the HAL (sockets_sock_open/send/close, never re-entered); what
 * happens later is noted on the link as pending events and reported by
 * sockets_deliver() from the loop, where calling the engine is allowed.
 */
#ifndef USRDTU_LINUX_SOCKETS_H
#define USRDTU_LINUX_SOCKETS_H

#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bytebuf.h"
#include "resolver.h"
#include "usrdtu/usrdtu.h"

#define NET_LINKS (USRDTU_LINK_NTP + 1u)
/* The resolver slot of the NTP link (sockets use slots 0-3). */
#define NET_RESOLVER_NTP USRDTU_SOCKETS
/* poll() entries the network may use: every link and the resolver. */
#define NET_POLL_MAX (NET_LINKS + 1u)

/* A TCP link's output waiting for the kernel. Big enough that the serial
 * side can hand over a whole read (loop.c reads at most half the room). */
#define NET_OUT_CAP (256u * 1024u)
/* One recv() per link and loop turn at most. */
#define NET_READ_CHUNK (64u * 1024u)

enum net_link_state {
	NET_LINK_FREE = 0,
	NET_LINK_RESOLVING,  /* waiting for the resolver */
	NET_LINK_CONNECTING, /* connect() under way: POLLOUT tells */
	NET_LINK_UP,         /* connected client, accepted client, bound UDP server */
	NET_LINK_LISTENING   /* TCP server socket */
};

/* Pending events (bits), reported by sockets_deliver. */
#define NET_EV_CONNECTED 0x01u
#define NET_EV_WRITABLE 0x02u
#define NET_EV_CLOSED 0x04u
#define NET_EV_FAILED 0x08u

struct net_link {
	int fd;
	uint8_t state;          /* enum net_link_state */
	uint8_t proto;          /* enum usrdtu_proto */
	uint8_t events;         /* NET_EV_* not yet reported */
	uint8_t want_writable;  /* the engine was refused bytes: tell it when there is room */
	uint8_t has_peer;       /* UDP server: a datagram has come in */
	uint8_t keepalive;
	uint8_t coalescing;     /* TCP: Nagle on for a serial burst (sockets_coalesce) */
	uint8_t keepalive_interval_s;
	unsigned generation;    /* bumped by every reset: tells stale events apart */
	uint8_t keepalive_count;
	uint16_t keepalive_idle_s;
	uint16_t port;          /* remote port (client), or the port listened on */
	uint16_t local_port;
	uint32_t progress_ms;   /* output last moved (or was empty) */
	struct sockaddr_storage peer; /* UDP server: the latest peer */
	socklen_t peer_len;
	struct addrinfo *addrs; /* client: the resolved addresses */
	struct addrinfo *next_addr; /* the next one to try if this connect fails */
	struct bytebuf out;     /* TCP: bytes the kernel has not taken yet */
	uint64_t rx_bytes;
	uint64_t tx_bytes;
	uint32_t udp_dropped;   /* datagrams the kernel refused for good */
};

struct sockets {
	int enabled;
	struct resolver resolver;
	struct net_link link[NET_LINKS];
	uint8_t rx_buf[NET_READ_CHUNK];
};

/* 0, or -1 when the resolver cannot start (logged). */
int sockets_start(struct sockets *n);
/* Closes every link; the resolver's threads are told to end. */
void sockets_stop(struct sockets *n);

/* HAL entry points (inside the engine: they never call it). */
int sockets_sock_open(struct sockets *n, unsigned socket, const struct usrdtu_sock_request *req);
int sockets_sock_send(struct sockets *n, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms);
void sockets_sock_close(struct sockets *n, unsigned link);

/* 1 when events wait for sockets_deliver (the loop must not sleep). */
int sockets_events_pending(const struct sockets *n);

/* Bytes the serial side may hand to the engine now without a connected
 * link's output overflowing (frames would be dropped): at most cap. */
size_t sockets_serial_room(const struct sockets *n, uint32_t now_ms, size_t cap);

/* Adds the network's descriptors to fds (at most NET_POLL_MAX entries);
 * read_ok 0 stops reading sockets (the serial output is backed up).
 * Returns how many were added; tags[i] remembers what each one is. */
unsigned sockets_poll_fill(struct sockets *n, struct pollfd *fds, int *tags, int read_ok);

/* Acts on what poll() reported: finished look-ups, connects, accepts,
 * received bytes (to the engine), room to write. */
void sockets_poll_handle(struct sockets *n, struct usrdtu *dev, const struct pollfd *fds, const int *tags,
		     unsigned count, uint32_t (*now)(void *), void *now_ctx);

/* Reports pending events to the engine. */
void sockets_deliver(struct sockets *n, struct usrdtu *dev, uint32_t now_ms);

/* Writes waiting TCP output; a link that fails is reported closed. */
void sockets_flush(struct sockets *n, uint32_t now_ms);
/* Lets the TCP links that are up coalesce small sends into full segments
 * (Nagle) while on is set, and sends what they hold at once when it is
 * cleared; a link that comes up later starts without. The loop sets it
 * while the serial side delivers a burst and clears it when the burst
 * ends; a system call only when a link's state changes. */
void sockets_coalesce(struct sockets *n, int on);

/* Flushes whatever can go within limit_ms (at exit). */
void sockets_drain(struct sockets *n, int limit_ms);

#endif /* USRDTU_LINUX_SOCKETS_H */
