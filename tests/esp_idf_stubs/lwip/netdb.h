/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-guides/lwip.html
 * (lwip/netdb.h: getaddrinfo as lwip_getaddrinfo). */
#ifndef STUB_LWIP_NETDB_H
#define STUB_LWIP_NETDB_H
#include "lwip/sockets.h"
struct addrinfo {
	int ai_flags;
	int ai_family;
	int ai_socktype;
	int ai_protocol;
	socklen_t ai_addrlen;
	struct sockaddr *ai_addr;
	char *ai_canonname;
	struct addrinfo *ai_next;
};
int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints,
		     struct addrinfo **res);
void lwip_freeaddrinfo(struct addrinfo *ai);
#endif
