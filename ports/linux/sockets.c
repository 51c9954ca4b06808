/* getaddrinfo, struct addrinfo and the TCP keepalive options need more
 * than C99; TCP_KEEPIDLE and friends are outside POSIX. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fd.h"
#include "log.h"

/* A server's client whose output has not moved for this long no longer
 * holds the serial side back: one stuck client must not stall the others
 * (the engine then drops what it cannot take, and counts it). */
#define NET_STALL_MS 2000u
/* A link the engine was refused bytes on hears WRITABLE once this much
 * room is free (or the output is empty). */
#define NET_WRITABLE_ROOM (32u * 1024u)
/* Connections taken per listening socket and loop turn. */
#define NET_ACCEPT_BURST 16
#define NET_LISTEN_BACKLOG 16

static int is_tcp(uint8_t proto)
{
	return proto == USRDTU_PROTO_TCPC || proto == USRDTU_PROTO_TCPS;
}

/* "A", or "A client 2" (clients count from 1, as the +RECV prefix does). */
static const char *link_name(unsigned link, char *buf, size_t cap)
{
	if (link == USRDTU_LINK_NTP)
		snprintf(buf, cap, "NTP");
	else if (link < USRDTU_SOCKETS)
		snprintf(buf, cap, "socket %c", 'A' + (int)link);
	else
		snprintf(buf, cap, "socket %c client %d", 'A' + (int)USRDTU_LINK_SOCKET(link),
			 USRDTU_LINK_CLIENT(link) + 1);
	return buf;
}

static const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case USRDTU_PROTO_TCPC:
		return "TCP";
	case USRDTU_PROTO_UDPC:
		return "UDP";
	case USRDTU_PROTO_TCPS:
		return "TCP server";
	case USRDTU_PROTO_UDPS:
		return "UDP server";
	}
	return "?";
}

static void set_int_option(int fd, int level, int name, int value)
{
	if (setsockopt(fd, level, name, &value, sizeof value) != 0)
		log_debug("setsockopt %d/%d: %s", level, name, strerror(errno));
}

/* Nagle on or off for one link. Off (TCP_NODELAY) is the rule: the engine
 * hands over whole frames, and holding one back for an acknowledgement
 * only adds latency. Turning it off again sends what Nagle held. */
static void set_coalescing(int fd, struct net_link *l, int on)
{
	set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, !on);
	l->coalescing = (uint8_t)(on != 0);
}

/* TCP options every link gets: no coalescing until sockets_coalesce asks
 * for it, and the keepalive the settings ask for (cat1 KEEPALIVEx). */
static void tcp_options(int fd, struct net_link *l)
{
	set_coalescing(fd, l, 0);
	if (!l->keepalive)
		return;
	set_int_option(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
#ifdef TCP_KEEPIDLE
	if (l->keepalive_idle_s != 0)
		set_int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE, l->keepalive_idle_s);
#endif
#ifdef TCP_KEEPINTVL
	if (l->keepalive_interval_s != 0)
		set_int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL, l->keepalive_interval_s);
#endif
#ifdef TCP_KEEPCNT
	if (l->keepalive_count != 0)
		set_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT, l->keepalive_count);
#endif
}

static void link_init(struct net_link *l)
{
	memset(l, 0, sizeof *l);
	l->fd = -1;
}

/* Back to FREE: descriptor, addresses and output go; events too. */
static void link_reset(struct net_link *l)
{
	unsigned generation = l->generation;

	if (l->fd >= 0)
		close(l->fd);
	if (l->addrs != NULL)
		freeaddrinfo(l->addrs);
	bytebuf_free(&l->out);
	link_init(l);
	l->generation = generation + 1u;
}

/* The link broke under us: gone now, the engine hears it at delivery. */
static void link_lost(struct net_link *l, uint8_t event)
{
	link_reset(l);
	l->events = event;
}

int sockets_start(struct sockets *n)
{
	unsigned i;

	for (i = 0; i < NET_LINKS; i++)
		link_init(&n->link[i]);
	if (resolver_start(&n->resolver) != 0)
		return -1;
	n->enabled = 1;
	return 0;
}

void sockets_stop(struct sockets *n)
{
	unsigned i;

	for (i = 0; i < NET_LINKS; i++)
		link_reset(&n->link[i]);
	resolver_stop(&n->resolver);
	n->enabled = 0;
}

/* ---- clients */

static int bind_local_port(int fd, int family, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;

	memset(&ss, 0, sizeof ss);
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)(void *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_addr = in6addr_any;
		a->sin6_port = htons(port);
		len = sizeof *a;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)(void *)&ss;

		a->sin_family = AF_INET;
		a->sin_addr.s_addr = htonl(INADDR_ANY);
		a->sin_port = htons(port);
		len = sizeof *a;
	}
	/* the module reconnects from the same port at once: TIME_WAIT must
	 * not refuse it */
	set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	return bind(fd, (struct sockaddr *)(void *)&ss, len);
}

/* Tries the resolved addresses in turn until a connect is under way or
 * done. Ends with CONNECTED, CONNECTING, or FAILED when none is left. */
static void begin_connect(struct net_link *l, unsigned link)
{
	char name[32];

	while (l->next_addr != NULL) {
		struct addrinfo *ai = l->next_addr;
		int fd;

		l->next_addr = ai->ai_next;
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0 || fd_nonblock_cloexec(fd) != 0) {
			log_info("%s: socket: %s", link_name(link, name, sizeof name), strerror(errno));
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (is_tcp(l->proto))
			tcp_options(fd, l);
		if (l->local_port != 0 && bind_local_port(fd, ai->ai_family, l->local_port) != 0) {
			log_info("%s: cannot use local port %u: %s", link_name(link, name, sizeof name),
				 (unsigned)l->local_port, strerror(errno));
			close(fd);
			continue;
		}
		l->fd = fd;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			/* UDP, and loopback TCP at times */
			if (is_tcp(l->proto) && bytebuf_init(&l->out, NET_OUT_CAP) != 0) {
				log_error("%s: out of memory", link_name(link, name, sizeof name));
				link_lost(l, NET_EV_FAILED);
				return;
			}
			log_info("%s: connected", link_name(link, name, sizeof name));
			l->state = NET_LINK_UP;
			l->events |= NET_EV_CONNECTED;
			return;
		}
		if (errno == EINPROGRESS || errno == EINTR) {
			l->state = NET_LINK_CONNECTING;
			return;
		}
		log_info("%s: connect: %s", link_name(link, name, sizeof name), strerror(errno));
		close(fd);
		l->fd = -1;
	}
	log_info("%s: no address could be reached", link_name(link, name, sizeof name));
	link_lost(l, NET_EV_FAILED);
}

/* A numeric host needs no look-up: getaddrinfo answers it at once without
 * touching the network. NULL when host is a name. */
static struct addrinfo *numeric_address(const char *host, uint16_t port, int socktype)
{
	struct addrinfo hints, *res = NULL;
	char service[8];

	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(service, sizeof service, "%u", (unsigned)port);
	if (getaddrinfo(host, service, &hints, &res) != 0)
		return NULL;
	return res;
}

/* Sockets look names up in slots 0-3, the NTP link in its own. */
static unsigned resolver_slot(unsigned link)
{
	return link < USRDTU_SOCKETS ? link : NET_RESOLVER_NTP;
}

static unsigned slot_link(unsigned slot)
{
	return slot < USRDTU_SOCKETS ? slot : USRDTU_LINK_NTP;
}

static int open_client(struct sockets *n, unsigned socket, const struct usrdtu_sock_request *req)
{
	struct net_link *l = &n->link[socket];
	int socktype = req->proto == USRDTU_PROTO_UDPC ? SOCK_DGRAM : SOCK_STREAM;
	char name[32];

	link_name(socket, name, sizeof name);
	if (req->host == NULL || req->host[0] == '\0' || req->port == 0) {
		log_error("%s: no server address set", name);
		return USRDTU_ERR_INVAL;
	}
	log_info("%s: %s to %s port %u", name, proto_name(req->proto), req->host, (unsigned)req->port);
	l->addrs = numeric_address(req->host, req->port, socktype);
	if (l->addrs != NULL) {
		l->next_addr = l->addrs;
		begin_connect(l, socket);
		return 0;
	}
	if (resolver_submit(&n->resolver, resolver_slot(socket), req->host, req->port, socktype) != 0) {
		log_error("%s: cannot look up %s", name, req->host);
		return USRDTU_ERR_INVAL;
	}
	l->state = NET_LINK_RESOLVING;
	return 0;
}

/* ---- servers */

/* Binds a server socket on every address: IPv6 with IPv4 mapped when the
 * host has IPv6, else IPv4. The descriptor, or -1 with errno set. */
static int server_socket(int socktype, uint16_t port)
{
	int fd;

	fd = socket(AF_INET6, socktype, 0);
	if (fd >= 0) {
		set_int_option(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
		if (fd_nonblock_cloexec(fd) == 0 && bind_local_port(fd, AF_INET6, port) == 0)
			return fd;
		close(fd);
	}
	fd = socket(AF_INET, socktype, 0);
	if (fd < 0)
		return -1;
	if (fd_nonblock_cloexec(fd) == 0 && bind_local_port(fd, AF_INET, port) == 0)
		return fd;
	{
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return -1;
}

static int open_server(struct sockets *n, unsigned socket, const struct usrdtu_sock_request *req)
{
	struct net_link *l = &n->link[socket];
	int tcp = req->proto == USRDTU_PROTO_TCPS;
	char name[32];
	int fd;

	link_name(socket, name, sizeof name);
	fd = server_socket(tcp ? SOCK_STREAM : SOCK_DGRAM, req->port);
	if (fd < 0 || (tcp && listen(fd, NET_LISTEN_BACKLOG) != 0)) {
		log_error("%s: cannot %s on port %u: %s", name, tcp ? "listen" : "bind",
			  (unsigned)req->port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return USRDTU_ERR_IO;
	}
	log_info("%s: %s on port %u%s", name, proto_name(req->proto), (unsigned)req->port,
		 tcp ? "" : ", answering the latest peer");
	l->fd = fd;
	l->state = tcp ? NET_LINK_LISTENING : NET_LINK_UP;
	l->events |= NET_EV_CONNECTED;
	return 0;
}

/* ---- HAL entry points */

int sockets_sock_open(struct sockets *n, unsigned socket, const struct usrdtu_sock_request *req)
{
	struct net_link *l;

	if (!n->enabled || req == NULL || (socket >= USRDTU_SOCKETS && socket != USRDTU_LINK_NTP))
		return USRDTU_ERR_INVAL;
	if (socket == USRDTU_LINK_NTP && req->proto != USRDTU_PROTO_UDPC)
		return USRDTU_ERR_NOTSUP;
	sockets_sock_close(n, socket); /* whatever was left of an earlier attempt */
	l = &n->link[socket];
	l->proto = req->proto;
	l->port = req->port;
	l->local_port = req->local_port;
	l->keepalive = req->keepalive;
	l->keepalive_idle_s = req->keepalive_idle_s;
	l->keepalive_interval_s = req->keepalive_interval_s;
	l->keepalive_count = req->keepalive_count;
	switch (req->proto) {
	case USRDTU_PROTO_TCPC:
	case USRDTU_PROTO_UDPC:
		return open_client(n, socket, req);
	case USRDTU_PROTO_TCPS:
	case USRDTU_PROTO_UDPS:
		return open_server(n, socket, req);
	default:
		return USRDTU_ERR_NOTSUP;
	}
}

static int send_datagram(struct net_link *l, const uint8_t *data, size_t len)
{
	int attempt;

	if (l->proto == USRDTU_PROTO_UDPS && !l->has_peer) {
		l->want_writable = 1; /* nobody to answer yet: WRITABLE once someone speaks */
		return 0;
	}
	for (attempt = 0; attempt < 3; attempt++) {
		ssize_t r;

		if (l->proto == USRDTU_PROTO_UDPS)
			r = sendto(l->fd, data, len, 0, (const struct sockaddr *)(const void *)&l->peer,
				   l->peer_len);
		else
			r = send(l->fd, data, len, 0);
		if (r >= 0) {
			l->tx_bytes += (uint64_t)r;
			return (int)len;
		}
		if (errno == EINTR || errno == ECONNREFUSED)
			continue; /* ECONNREFUSED: an ICMP error about an earlier datagram */
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
			l->want_writable = 1;
			return 0;
		}
		break;
	}
	/* UDP promises nothing: a datagram the network refused is lost, as
	 * it would be on the air, and the link stays. */
	l->udp_dropped++;
	log_debug("datagram of %lu bytes lost: %s", (unsigned long)len, strerror(errno));
	return (int)len;
}

int sockets_sock_send(struct sockets *n, unsigned link, const uint8_t *data, size_t len, uint32_t now_ms)
{
	struct net_link *l;
	size_t taken;

	if (link >= NET_LINKS)
		return USRDTU_ERR_INVAL;
	l = &n->link[link];
	if (l->state != NET_LINK_UP)
		return USRDTU_ERR_IO; /* it broke; the engine hears CLOSED too */
	if (len > 0x7FFFFFFFu)
		len = 0x7FFFFFFFu;
	if (!is_tcp(l->proto))
		return send_datagram(l, data, len);
	if (l->out.len == 0)
		l->progress_ms = now_ms;
	taken = bytebuf_push(&l->out, data, len);
	if (taken < len)
		l->want_writable = 1;
	return (int)taken;
}

void sockets_sock_close(struct sockets *n, unsigned link)
{
	unsigned k;

	if (link >= NET_LINKS)
		return;
	if (link < USRDTU_SOCKETS) {
		/* a server socket takes its clients with it (not the NTP link) */
		for (k = 0; k < USRDTU_CLIENTS_MAX; k++)
			link_reset(&n->link[USRDTU_LINK(link, k)]);
	}
	if (link < USRDTU_SOCKETS || link == USRDTU_LINK_NTP)
		resolver_cancel(&n->resolver, resolver_slot(link));
	link_reset(&n->link[link]);
}

/* ---- the loop's side */

int sockets_events_pending(const struct sockets *n)
{
	unsigned i;

	for (i = 0; i < NET_LINKS; i++) {
		if (n->link[i].events != 0)
			return 1;
	}
	return 0;
}

size_t sockets_serial_room(const struct sockets *n, uint32_t now_ms, size_t cap)
{
	size_t room = cap;
	unsigned i;

	for (i = 0; i < NET_LINKS; i++) {
		const struct net_link *l = &n->link[i];

		if (l->state != NET_LINK_UP || !is_tcp(l->proto) || l->out.data == NULL)
			continue;
		if (i >= USRDTU_SOCKETS && l->out.len > 0 && now_ms - l->progress_ms >= NET_STALL_MS)
			continue;
		if (l->want_writable)
			return 0;
		/* half: a frame can carry a registration packet in front */
		if (bytebuf_space(&l->out) / 2 < room)
			room = bytebuf_space(&l->out) / 2;
	}
	return room;
}

#define TAG_RESOLVER (-1)

unsigned sockets_poll_fill(struct sockets *n, struct pollfd *fds, int *tags, int read_ok)
{
	unsigned i, count = 0;

	if (!n->enabled)
		return 0;
	if (resolver_fd(&n->resolver) >= 0) {
		fds[count].fd = resolver_fd(&n->resolver);
		fds[count].events = POLLIN;
		fds[count].revents = 0;
		tags[count++] = TAG_RESOLVER;
	}
	for (i = 0; i < NET_LINKS; i++) {
		const struct net_link *l = &n->link[i];
		short events = 0;

		switch (l->state) {
		case NET_LINK_CONNECTING:
			events = POLLOUT;
			break;
		case NET_LINK_LISTENING:
			events = POLLIN;
			break;
		case NET_LINK_UP:
			if (read_ok)
				events |= POLLIN;
			if (l->out.len > 0 || (!is_tcp(l->proto) && l->want_writable && l->has_peer) ||
			    (l->proto == USRDTU_PROTO_UDPC && l->want_writable))
				events |= POLLOUT;
			break;
		default:
			break;
		}
		if (events == 0)
			continue;
		fds[count].fd = l->fd;
		fds[count].events = events;
		fds[count].revents = 0;
		tags[count++] = (int)i;
	}
	return count;
}

static void resolved(struct sockets *n)
{
	unsigned slot;

	resolver_clear_wakeups(&n->resolver);
	for (slot = 0; slot < RESOLVER_SLOTS; slot++) {
		unsigned i = slot_link(slot);
		struct net_link *l = &n->link[i];
		struct addrinfo *res = NULL;
		char name[32];
		int err = 0;

		if (!resolver_take(&n->resolver, slot, &res, &err))
			continue;
		if (l->state != NET_LINK_RESOLVING) {
			if (res != NULL)
				freeaddrinfo(res);
			continue;
		}
		if (res == NULL) {
			log_info("%s: name look-up failed: %s", link_name(i, name, sizeof name),
				 gai_strerror(err));
			link_lost(l, NET_EV_FAILED);
			continue;
		}
		l->addrs = res;
		l->next_addr = res;
		begin_connect(l, i);
	}
}

static void connect_done(struct net_link *l, unsigned link, uint32_t now_ms)
{
	int err = 0;
	socklen_t len = sizeof err;
	char name[32];

	if (getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err == EINPROGRESS || err == EALREADY)
		return;
	if (err != 0) {
		log_info("%s: connect: %s", link_name(link, name, sizeof name), strerror(err));
		close(l->fd);
		l->fd = -1;
		begin_connect(l, link); /* the next address, or FAILED */
		return;
	}
	if (bytebuf_init(&l->out, NET_OUT_CAP) != 0) {
		log_error("%s: out of memory", link_name(link, name, sizeof name));
		link_lost(l, NET_EV_FAILED);
		return;
	}
	log_info("%s: connected", link_name(link, name, sizeof name));
	l->state = NET_LINK_UP;
	l->progress_ms = now_ms;
	l->events |= NET_EV_CONNECTED;
}

static void accept_clients(struct sockets *n, struct usrdtu *dev, unsigned socket, uint32_t now_ms)
{
	struct net_link *server = &n->link[socket];
	int burst;

	for (burst = 0; burst < NET_ACCEPT_BURST && server->state == NET_LINK_LISTENING; burst++) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;
		char name[32], addr[INET6_ADDRSTRLEN] = "?";
		struct net_link *c;
		int fd, link;

		fd = accept(server->fd, (struct sockaddr *)(void *)&from, &from_len);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_error("%s: accept: %s", link_name(socket, name, sizeof name),
					  strerror(errno));
			return;
		}
		if (from.ss_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)&from)->sin6_addr, addr,
				  sizeof addr);
		else if (from.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&from)->sin_addr, addr,
				  sizeof addr);
		link = usrdtu_sock_accept(dev, socket, now_ms);
		if (link < 0 || (unsigned)link >= NET_LINKS || fd_nonblock_cloexec(fd) != 0) {
			log_info("%s: client from %s refused (limit reached)",
				 link_name(socket, name, sizeof name), addr);
			close(fd);
			continue;
		}
		c = &n->link[link];
		link_reset(c); /* the engine has let go of whoever had this link */
		if (bytebuf_init(&c->out, NET_OUT_CAP) != 0) {
			close(fd);
			link_lost(c, NET_EV_CLOSED);
			continue;
		}
		c->fd = fd;
		c->state = NET_LINK_UP;
		c->proto = USRDTU_PROTO_TCPC;
		c->progress_ms = now_ms;
		c->keepalive = server->keepalive;
		c->keepalive_idle_s = server->keepalive_idle_s;
		c->keepalive_interval_s = server->keepalive_interval_s;
		c->keepalive_count = server->keepalive_count;
		tcp_options(fd, c);
		log_info("%s: connected from %s", link_name((unsigned)link, name, sizeof name), addr);
	}
}

static void flush_link(struct net_link *l, unsigned link, uint32_t now_ms)
{
	char name[32];
	long w;

	if (l->out.len == 0) {
		l->progress_ms = now_ms;
	} else {
		w = bytebuf_write_fd(&l->out, l->fd);
		if (w < 0) {
			log_info("%s: send: %s", link_name(link, name, sizeof name), strerror(errno));
			link_lost(l, NET_EV_CLOSED);
			return;
		}
		if (w > 0) {
			l->tx_bytes += (uint64_t)w;
			l->progress_ms = now_ms;
		}
	}
	if (l->want_writable && (l->out.len == 0 || bytebuf_space(&l->out) >= NET_WRITABLE_ROOM)) {
		l->want_writable = 0;
		l->events |= NET_EV_WRITABLE;
	}
}

/* One read from an up link; its bytes go to the engine. */
static void receive(struct sockets *n, struct usrdtu *dev, unsigned link, uint32_t now_ms)
{
	struct net_link *l = &n->link[link];
	char name[32];
	ssize_t r;

	if (l->proto == USRDTU_PROTO_UDPS) {
		struct sockaddr_storage from;
		socklen_t from_len = sizeof from;

		r = recvfrom(l->fd, n->rx_buf, sizeof n->rx_buf, 0, (struct sockaddr *)(void *)&from,
			     &from_len);
		if (r >= 0) {
			/* answers go to whoever spoke last, as on the module */
			memcpy(&l->peer, &from, sizeof from);
			l->peer_len = from_len;
			if (!l->has_peer && l->want_writable) {
				l->want_writable = 0;
				l->events |= NET_EV_WRITABLE;
			}
			l->has_peer = 1;
		}
	} else {
		r = recv(l->fd, n->rx_buf, sizeof n->rx_buf, 0);
	}
	if (r > 0) {
		l->rx_bytes += (uint64_t)r;
		usrdtu_sock_rx(dev, link, n->rx_buf, (size_t)r, now_ms);
		return;
	}
	if (r == 0 && is_tcp(l->proto)) {
		log_info("%s: closed by the peer", link_name(link, name, sizeof name));
		link_lost(l, NET_EV_CLOSED);
		return;
	}
	if (r == 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return;
	if (!is_tcp(l->proto)) {
		/* ICMP errors about earlier datagrams: UDP has no link to lose */
		log_debug("%s: %s", link_name(link, name, sizeof name), strerror(errno));
		return;
	}
	log_info("%s: %s", link_name(link, name, sizeof name), strerror(errno));
	link_lost(l, NET_EV_CLOSED);
}

void sockets_poll_handle(struct sockets *n, struct usrdtu *dev, const struct pollfd *fds, const int *tags,
		     unsigned count, uint32_t (*now)(void *), void *now_ctx)
{
	unsigned i;

	for (i = 0; i < count; i++) {
		struct net_link *l;
		short rev = fds[i].revents;

		if (rev == 0)
			continue;
		if (tags[i] == TAG_RESOLVER) {
			resolved(n);
			continue;
		}
		l = &n->link[tags[i]];
		/* the engine may have closed or reopened it since poll() */
		if (l->fd != fds[i].fd)
			continue;
		switch (l->state) {
		case NET_LINK_CONNECTING:
			connect_done(l, (unsigned)tags[i], now(now_ctx));
			break;
		case NET_LINK_LISTENING:
			if (rev & POLLIN)
				accept_clients(n, dev, (unsigned)tags[i], now(now_ctx));
			break;
		case NET_LINK_UP:
			if (rev & POLLOUT) {
				if (is_tcp(l->proto)) {
					flush_link(l, (unsigned)tags[i], now(now_ctx));
				} else if (l->want_writable) {
					l->want_writable = 0;
					l->events |= NET_EV_WRITABLE;
				}
			}
			if (l->state == NET_LINK_UP && l->fd == fds[i].fd &&
			    (rev & (POLLIN | POLLHUP | POLLERR)) && (fds[i].events & POLLIN))
				receive(n, dev, (unsigned)tags[i], now(now_ctx));
			else if (l->state == NET_LINK_UP && (rev & (POLLHUP | POLLERR)) && !(fds[i].events & POLLIN))
				flush_link(l, (unsigned)tags[i], now(now_ctx)); /* shows the error */
			break;
		default:
			break;
		}
	}
}

void sockets_deliver(struct sockets *n, struct usrdtu *dev, uint32_t now_ms)
{
	unsigned pass, i;

	/* An event can lead to another (a failed connect whose retry fails at
	 * once); a few passes settle it, the rest waits for the next turn. */
	for (pass = 0; pass < 4; pass++) {
		int any = 0;

		for (i = 0; i < NET_LINKS; i++) {
			struct net_link *l = &n->link[i];
			uint8_t ev = l->events;
			unsigned generation;

			if (ev == 0)
				continue;
			any = 1;
			l->events = 0;
			generation = l->generation;
			if (ev & NET_EV_CONNECTED)
				usrdtu_sock_event(dev, i, USRDTU_SOCK_CONNECTED, now_ms);
			if ((ev & NET_EV_WRITABLE) && l->generation == generation)
				usrdtu_sock_event(dev, i, USRDTU_SOCK_WRITABLE, now_ms);
			if ((ev & NET_EV_FAILED) && l->generation == generation)
				usrdtu_sock_event(dev, i, USRDTU_SOCK_FAILED, now_ms);
			if ((ev & NET_EV_CLOSED) && l->generation == generation)
				usrdtu_sock_event(dev, i, USRDTU_SOCK_CLOSED, now_ms);
		}
		if (!any)
			break;
	}
}

void sockets_flush(struct sockets *n, uint32_t now_ms)
{
	unsigned i;

	for (i = 0; i < NET_LINKS; i++) {
		struct net_link *l = &n->link[i];

		if (l->state == NET_LINK_UP && is_tcp(l->proto))
			flush_link(l, i, now_ms);
	}
}

void sockets_coalesce(struct sockets *n, int on)
{
	unsigned i;

	on = on != 0;
	for (i = 0; i < NET_LINKS; i++) {
		struct net_link *l = &n->link[i];

		if (l->state == NET_LINK_UP && is_tcp(l->proto) && l->coalescing != on) {
			char name[32];

			set_coalescing(l->fd, l, on);
			log_debug("%s: %s", link_name(i, name, sizeof name),
				  on ? "serial burst: sends coalesce" : "sends go out at once");
		}
	}
}

void sockets_drain(struct sockets *n, int limit_ms)
{
	int waited = 0;

	while (waited < limit_ms) {
		struct pollfd fds[NET_LINKS];
		unsigned i, count = 0;

		for (i = 0; i < NET_LINKS; i++) {
			struct net_link *l = &n->link[i];

			if (l->state != NET_LINK_UP || !is_tcp(l->proto) || l->out.len == 0)
				continue;
			if (bytebuf_write_fd(&l->out, l->fd) < 0) {
				bytebuf_clear(&l->out);
				continue;
			}
			if (l->out.len == 0)
				continue;
			fds[count].fd = l->fd;
			fds[count].events = POLLOUT;
			fds[count].revents = 0;
			count++;
		}
		if (count == 0)
			return;
		if (poll(fds, count, 10) == 0)
			waited += 10;
	}
}
