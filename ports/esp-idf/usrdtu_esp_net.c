/*
 * Sockets of the ESP-IDF port on lwIP's BSD API, non-blocking throughout.
 *
 * The lwip_* names are used rather than socket(), connect() ...: lwIP
 * always declares them, whatever LWIP_COMPAT_SOCKETS the sdkconfig
 * selects, and they take the same descriptors ESP-IDF's VFS hands out.
 * IPv4 only: the USR modules this emulates have no IPv6 either.
 *
 * Every outcome is reported to the engine from the DTU task's loop
 * (esp_net_deliver, esp_net_wait), never from inside a HAL call: sock_open
 * and sock_close run inside the engine and only record what is due.
 */
#include "usrdtu_esp_net.h"

#include <errno.h>
#include <string.h>

#include "lwip/netdb.h"
#include "lwip/sockets.h"
#include "sdkconfig.h"

/* Bytes read per recv(): the DTU task's stack holds this buffer. */
#define NET_READ_CHUNK 512
/* Connections accepted per listening socket and loop turn. */
#define NET_ACCEPT_BURST 4
#define NET_LISTEN_BACKLOG 4

static int is_tcp(uint8_t proto)
{
	return proto == USRDTU_PROTO_TCPC || proto == USRDTU_PROTO_TCPS;
}

static int is_server(uint8_t proto)
{
	return proto == USRDTU_PROTO_TCPS || proto == USRDTU_PROTO_UDPS;
}

static int would_block(int err)
{
	return err == EAGAIN || err == EWOULDBLOCK || err == ENOMEM;
}

/* Port numbers into network byte order whatever the CPU's. */
static uint16_t net_port(uint16_t port)
{
	uint16_t out;
	uint8_t bytes[2];

	bytes[0] = (uint8_t)(port >> 8);
	bytes[1] = (uint8_t)port;
	memcpy(&out, bytes, sizeof out);
	return out;
}

static void ipv4_address(struct sockaddr_in *sa, uint32_t addr, uint16_t port)
{
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = net_port(port);
	sa->sin_addr.s_addr = addr;
}

static void link_clear(struct usrdtu_esp_link *l)
{
	uint32_t generation = l->generation;

	memset(l, 0, sizeof *l);
	l->fd = -1;
	l->generation = generation + 1u;
}

/* Closes the descriptor and forgets the link; late answers are dropped. */
static void link_drop(struct usrdtu_esp_link *l)
{
	if (l->fd >= 0)
		lwip_close(l->fd);
	link_clear(l);
}

/* The link broke under us: gone now, the engine hears it from the loop. */
static void link_lost(struct usrdtu_esp_link *l, uint8_t event)
{
	uint8_t link = l->link;

	link_drop(l);
	l->link = link;
	l->event_due = 1;
	l->event = event;
}

void esp_net_init(struct usrdtu_esp *esp)
{
	unsigned i;

	for (i = 0; i < USRDTU_ESP_LINKS; i++) {
		esp->links[i].generation = 0;
		link_clear(&esp->links[i]);
	}
}

static struct usrdtu_esp_link *find_link(struct usrdtu_esp *esp, unsigned link)
{
	unsigned i;

	if (link < USRDTU_SOCKETS)
		return &esp->links[link];
	if (link == USRDTU_LINK_NTP)
		return &esp->links[USRDTU_ESP_NTP_SLOT];
	/* A lost client whose CLOSED is not reported yet still counts: if the
	 * engine closes it first, the stale event must go, or it would hit
	 * the next client given the same link number. */
	for (i = USRDTU_SOCKETS; i < USRDTU_ESP_CLIENTS_END; i++) {
		const struct usrdtu_esp_link *l = &esp->links[i];

		if ((l->state != USRDTU_ESP_FREE || l->event_due) && l->link == link)
			return &esp->links[i];
	}
	return NULL;
}

static int set_nonblocking(int fd)
{
	int flags = lwip_fcntl(fd, F_GETFL, 0);

	if (flags < 0)
		return -1;
	return lwip_fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static void set_int_option(int fd, int level, int name, int value)
{
	/* Best effort: a stack built without an option still carries data. */
	(void)lwip_setsockopt(fd, level, name, &value, (socklen_t)sizeof value);
}

static void tcp_options(int fd, const struct usrdtu_esp_link *l)
{
	set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, 1);
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

static int bind_any(int fd, uint16_t port)
{
	struct sockaddr_in sa;

	ipv4_address(&sa, 0, port);
	return lwip_bind(fd, (const struct sockaddr *)&sa, (socklen_t)sizeof sa);
}

static int open_server(struct usrdtu_esp_link *l)
{
	int tcp = l->proto == USRDTU_PROTO_TCPS;
	int fd = lwip_socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, tcp ? IPPROTO_TCP : IPPROTO_UDP);

	if (fd < 0)
		return USRDTU_ERR_IO;
	set_int_option(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (set_nonblocking(fd) != 0 || bind_any(fd, l->remote_port) != 0 ||
	    (tcp && lwip_listen(fd, NET_LISTEN_BACKLOG) != 0)) {
		lwip_close(fd);
		return USRDTU_ERR_IO;
	}
	l->fd = fd;
	l->state = USRDTU_ESP_LISTENING;
	l->event_due = 1;
	l->event = USRDTU_SOCK_CONNECTED;
	return 0;
}

int esp_net_open(struct usrdtu_esp *esp, unsigned socket, const struct usrdtu_sock_request *req)
{
	struct usrdtu_esp_link *l;
	struct usrdtu_esp_lookup lookup;
	size_t host_len;
	unsigned slot = socket == USRDTU_LINK_NTP ? USRDTU_ESP_NTP_SLOT : socket;

	/* By link number: the NTP slot's index is a client's link number. */
	if (socket >= USRDTU_SOCKETS && socket != USRDTU_LINK_NTP)
		return USRDTU_ERR_INVAL;
	if (req == NULL || req->host == NULL || req->proto > USRDTU_PROTO_UDPS)
		return USRDTU_ERR_INVAL;
	if (slot == USRDTU_ESP_NTP_SLOT && req->proto != USRDTU_PROTO_UDPC)
		return USRDTU_ERR_NOTSUP; /* the engine asks it for UDP only */
	esp_net_close(esp, socket);
	l = &esp->links[slot];
	l->link = (uint8_t)socket;
	l->proto = req->proto;
	l->remote_port = req->port;
	l->local_port = req->local_port;
	l->keepalive = req->keepalive;
	l->keepalive_idle_s = req->keepalive_idle_s;
	l->keepalive_interval_s = req->keepalive_interval_s;
	l->keepalive_count = req->keepalive_count;
	if (is_server(req->proto)) {
		int r = open_server(l);

		if (r != 0)
			link_clear(l);
		return r;
	}

	host_len = strlen(req->host);
	if (host_len == 0 || host_len >= sizeof lookup.host)
		return USRDTU_ERR_INVAL;
	memset(&lookup, 0, sizeof lookup);
	memcpy(lookup.host, req->host, host_len);
	lookup.socket = (uint8_t)slot;
	lookup.generation = l->generation;
	/* Never wait here: a full queue is a failure now, retried later. */
	if (xQueueSend(esp->lookups, &lookup, 0) != pdTRUE) {
		link_clear(l);
		return USRDTU_ERR_IO;
	}
	l->state = USRDTU_ESP_RESOLVING;
	return 0;
}

/* The resolver found `addr`: start the non-blocking connect. */
static void begin_connect(struct usrdtu_esp_link *l, uint32_t addr)
{
	int tcp = is_tcp(l->proto);
	struct sockaddr_in sa;
	int fd = lwip_socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, tcp ? IPPROTO_TCP : IPPROTO_UDP);

	if (fd < 0) {
		link_lost(l, USRDTU_SOCK_FAILED);
		return;
	}
	if (set_nonblocking(fd) != 0 || (l->local_port != 0 && bind_any(fd, l->local_port) != 0)) {
		lwip_close(fd);
		link_lost(l, USRDTU_SOCK_FAILED);
		return;
	}
	if (tcp)
		tcp_options(fd, l);
	l->fd = fd;
	ipv4_address(&sa, addr, l->remote_port);
	if (lwip_connect(fd, (const struct sockaddr *)&sa, (socklen_t)sizeof sa) == 0) {
		/* UDP "connects" at once; so may TCP to the local host. */
		l->state = USRDTU_ESP_UP;
		l->event_due = 1;
		l->event = USRDTU_SOCK_CONNECTED;
	} else if (errno == EINPROGRESS) {
		l->state = USRDTU_ESP_CONNECTING;
	} else {
		link_lost(l, USRDTU_SOCK_FAILED);
	}
}

void esp_net_deliver(struct usrdtu_esp *esp, uint32_t now_ms)
{
	struct usrdtu_esp_lookup answer;
	unsigned i;

	while (xQueueReceive(esp->answers, &answer, 0) == pdTRUE) {
		struct usrdtu_esp_link *l;

		if (answer.socket >= USRDTU_SOCKETS && answer.socket != USRDTU_ESP_NTP_SLOT)
			continue;
		l = &esp->links[answer.socket];
		if (l->state != USRDTU_ESP_RESOLVING || l->generation != answer.generation)
			continue; /* closed or reopened since it was asked */
		if (answer.addr == 0)
			link_lost(l, USRDTU_SOCK_FAILED);
		else
			begin_connect(l, answer.addr);
	}
	for (i = 0; i < USRDTU_ESP_LINKS; i++) {
		struct usrdtu_esp_link *l = &esp->links[i];

		if (!l->event_due)
			continue;
		l->event_due = 0;
		(void)usrdtu_sock_event(&esp->dtu, l->link, (enum usrdtu_sock_event)l->event, now_ms);
	}
}

int esp_net_resolving(const struct usrdtu_esp *esp)
{
	unsigned i;

	for (i = 0; i < USRDTU_SOCKETS; i++)
		if (esp->links[i].state == USRDTU_ESP_RESOLVING)
			return 1;
	return esp->links[USRDTU_ESP_NTP_SLOT].state == USRDTU_ESP_RESOLVING;
}

int esp_net_events_due(const struct usrdtu_esp *esp)
{
	unsigned i;

	if (uxQueueMessagesWaiting(esp->answers) > 0)
		return 1;
	for (i = 0; i < USRDTU_ESP_LINKS; i++)
		if (esp->links[i].event_due)
			return 1;
	return 0;
}

int esp_net_send(struct usrdtu_esp *esp, unsigned link, const uint8_t *data, size_t len)
{
	struct usrdtu_esp_link *l = find_link(esp, link);
	int n;

	if (l == NULL || l->fd < 0 || (l->state != USRDTU_ESP_UP && l->state != USRDTU_ESP_LISTENING))
		return USRDTU_ERR_IO;
	if (l->proto == USRDTU_PROTO_TCPS && link < USRDTU_SOCKETS)
		return USRDTU_ERR_INVAL; /* a listening socket carries no data */
	if (l->proto == USRDTU_PROTO_UDPS) {
		struct sockaddr_in peer;

		if (l->peer_port == 0) {
			l->want_writable = 1; /* nobody to answer yet */
			return 0;
		}
		memset(&peer, 0, sizeof peer);
		peer.sin_family = AF_INET;
		peer.sin_port = l->peer_port;
		peer.sin_addr.s_addr = l->peer_addr;
		n = (int)lwip_sendto(l->fd, data, len, MSG_DONTWAIT, (const struct sockaddr *)&peer,
				(socklen_t)sizeof peer);
	} else {
		n = (int)lwip_send(l->fd, data, len, MSG_DONTWAIT);
	}
	if (n < 0) {
		if (would_block(errno)) {
			l->want_writable = 1;
			return 0;
		}
		if (!is_tcp(l->proto))
			return 0; /* an ICMP error on UDP is no broken link: drop the datagram */
		return USRDTU_ERR_IO;
	}
	if ((size_t)n < len)
		l->want_writable = 1;
	return n;
}

void esp_net_close(struct usrdtu_esp *esp, unsigned link)
{
	struct usrdtu_esp_link *l = find_link(esp, link);
	unsigned i;

	if (l == NULL)
		return;
	if (link < USRDTU_SOCKETS) {
		for (i = USRDTU_SOCKETS; i < USRDTU_ESP_CLIENTS_END; i++) {
			struct usrdtu_esp_link *c = &esp->links[i];

			if (c->state != USRDTU_ESP_FREE && USRDTU_LINK_SOCKET(c->link) == link)
				link_drop(c);
		}
	}
	link_drop(l);
}

static void connect_done(struct usrdtu_esp_link *l)
{
	int err = 0;
	socklen_t err_len = (socklen_t)sizeof err;

	if (lwip_getsockopt(l->fd, SOL_SOCKET, SO_ERROR, &err, &err_len) != 0 || err != 0) {
		link_lost(l, USRDTU_SOCK_FAILED);
		return;
	}
	l->state = USRDTU_ESP_UP;
	l->event_due = 1;
	l->event = USRDTU_SOCK_CONNECTED;
}

static struct usrdtu_esp_link *free_client_slot(struct usrdtu_esp *esp)
{
	unsigned i;

	/* A slot whose CLOSED is still to be reported keeps its link number
	 * until then. */
	for (i = USRDTU_SOCKETS; i < USRDTU_ESP_CLIENTS_END; i++)
		if (esp->links[i].state == USRDTU_ESP_FREE && !esp->links[i].event_due)
			return &esp->links[i];
	return NULL;
}

static void accept_clients(struct usrdtu_esp *esp, struct usrdtu_esp_link *server)
{
	unsigned socket = server->link;
	int burst;

	for (burst = 0; burst < NET_ACCEPT_BURST && server->state == USRDTU_ESP_LISTENING; burst++) {
		struct usrdtu_esp_link *c;
		int fd = lwip_accept(server->fd, NULL, NULL);
		int link;

		if (fd < 0)
			return;
		/* The engine may close its oldest client (KICK) in here. */
		link = usrdtu_sock_accept(&esp->dtu, socket, esp_now_ms());
		c = free_client_slot(esp);
		if (link < USRDTU_SOCKETS || c == NULL || set_nonblocking(fd) != 0) {
			if (link >= USRDTU_SOCKETS)
				(void)usrdtu_sock_event(&esp->dtu, (unsigned)link, USRDTU_SOCK_CLOSED,
							esp_now_ms());
			lwip_close(fd);
			continue;
		}
		c->fd = fd;
		c->link = (uint8_t)link;
		c->proto = USRDTU_PROTO_TCPS;
		c->state = USRDTU_ESP_UP;
		c->keepalive = server->keepalive;
		c->keepalive_idle_s = server->keepalive_idle_s;
		c->keepalive_interval_s = server->keepalive_interval_s;
		c->keepalive_count = server->keepalive_count;
		tcp_options(fd, c);
	}
}

static void receive(struct usrdtu_esp *esp, struct usrdtu_esp_link *l)
{
	uint8_t buf[NET_READ_CHUNK];
	unsigned link = l->link;
	uint32_t generation = l->generation;
	int n;

	if (l->proto == USRDTU_PROTO_UDPS) {
		struct sockaddr_in from;
		socklen_t from_len = (socklen_t)sizeof from;

		memset(&from, 0, sizeof from);
		n = (int)lwip_recvfrom(l->fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *)&from,
				  &from_len);
		if (n >= 0 && from.sin_family == AF_INET) {
			int first = l->peer_port == 0;

			l->peer_addr = from.sin_addr.s_addr;
			l->peer_port = from.sin_port;
			if (first && l->want_writable) {
				l->want_writable = 0;
				(void)usrdtu_sock_event(&esp->dtu, link, USRDTU_SOCK_WRITABLE, esp_now_ms());
			}
		}
	} else {
		n = (int)lwip_recv(l->fd, buf, sizeof buf, MSG_DONTWAIT);
	}
	if (n < 0) {
		if (would_block(errno) || !is_tcp(l->proto))
			return;
		link_lost(l, USRDTU_SOCK_CLOSED);
		return;
	}
	if (n == 0 && is_tcp(l->proto)) {
		link_lost(l, USRDTU_SOCK_CLOSED);
		return;
	}
	if (l->generation == generation && n > 0)
		(void)usrdtu_sock_rx(&esp->dtu, link, buf, (size_t)n, esp_now_ms());
}

int esp_net_wait(struct usrdtu_esp *esp, uint32_t wait_ms)
{
	fd_set readable, writable;
	struct timeval tv;
	int max_fd = -1;
	unsigned i;

	FD_ZERO(&readable);
	FD_ZERO(&writable);
	for (i = 0; i < USRDTU_ESP_LINKS; i++) {
		struct usrdtu_esp_link *l = &esp->links[i];

		if (l->fd < 0)
			continue;
		l->select_generation = l->generation;
		if (l->state == USRDTU_ESP_CONNECTING || l->want_writable)
			FD_SET(l->fd, &writable);
		if (l->state == USRDTU_ESP_UP || l->state == USRDTU_ESP_LISTENING)
			FD_SET(l->fd, &readable);
		if (l->fd > max_fd)
			max_fd = l->fd;
	}
	if (max_fd < 0)
		return 0;
	if (wait_ms > (uint32_t)CONFIG_USRDTU_ESP_POLL_MS)
		wait_ms = (uint32_t)CONFIG_USRDTU_ESP_POLL_MS;
	tv.tv_sec = 0;
	tv.tv_usec = (long)wait_ms * 1000L;
	if (lwip_select(max_fd + 1, &readable, &writable, NULL, &tv) <= 0)
		return 1;

	for (i = 0; i < USRDTU_ESP_LINKS; i++) {
		struct usrdtu_esp_link *l = &esp->links[i];

		/* Closed or reopened by an engine call earlier in this pass:
		 * the readiness belonged to the old descriptor. */
		if (l->fd < 0 || l->generation != l->select_generation)
			continue;
		if (FD_ISSET(l->fd, &writable)) {
			if (l->state == USRDTU_ESP_CONNECTING) {
				connect_done(l);
			} else if (l->want_writable && (l->proto != USRDTU_PROTO_UDPS || l->peer_port != 0)) {
				l->want_writable = 0;
				(void)usrdtu_sock_event(&esp->dtu, l->link, USRDTU_SOCK_WRITABLE, esp_now_ms());
			}
		}
		if (l->fd < 0 || l->generation != l->select_generation || !FD_ISSET(l->fd, &readable))
			continue;
		if (l->state == USRDTU_ESP_LISTENING && l->proto == USRDTU_PROTO_TCPS)
			accept_clients(esp, l);
		else
			receive(esp, l);
	}
	return 1;
}

void esp_net_resolver_task(void *arg)
{
	struct usrdtu_esp *esp = arg;
	struct usrdtu_esp_lookup lookup;

	for (;;) {
		struct addrinfo hints;
		struct addrinfo *found = NULL;

		if (xQueueReceive(esp->lookups, &lookup, portMAX_DELAY) != pdTRUE)
			continue;
		memset(&hints, 0, sizeof hints);
		hints.ai_family = AF_INET;
		lookup.addr = 0;
		if (lwip_getaddrinfo(lookup.host, NULL, &hints, &found) == 0 && found != NULL) {
			if (found->ai_family == AF_INET && found->ai_addr != NULL) {
				struct sockaddr_in sa;

				memcpy(&sa, found->ai_addr, sizeof sa);
				lookup.addr = sa.sin_addr.s_addr;
			}
			lwip_freeaddrinfo(found);
		}
		/* The DTU task drains the answers every turn. */
		(void)xQueueSend(esp->answers, &lookup, portMAX_DELAY);
	}
}
