/* IFF_LOOPBACK and the AF_PACKET address layout are outside POSIX. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "netinfo.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#ifdef AF_PACKET
#include <netpacket/packet.h>
#endif

int netinfo_local_ipv4(char *buf, size_t cap)
{
	struct ifaddrs *list, *ifa;
	char text[INET_ADDRSTRLEN];
	int len = -1;

	if (getifaddrs(&list) != 0)
		return -1;
	for (ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
		const struct sockaddr_in *sin;

		if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_INET)
			continue;
		if (ifa->ifa_flags & IFF_LOOPBACK)
			continue;
		sin = (const struct sockaddr_in *)(const void *)ifa->ifa_addr;
		if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text) == NULL)
			continue;
		if (strlen(text) <= cap) {
			len = (int)strlen(text);
			memcpy(buf, text, (size_t)len);
		}
		break;
	}
	freeifaddrs(list);
	return len;
}

int netinfo_mac(char *buf, size_t cap)
{
#ifdef AF_PACKET
	static const char hex[] = "0123456789ABCDEF";
	struct ifaddrs *list, *ifa;
	int len = -1;

	if (cap < 12 || getifaddrs(&list) != 0)
		return -1;
	for (ifa = list; ifa != NULL; ifa = ifa->ifa_next) {
		const struct sockaddr_ll *sll;
		unsigned i, any = 0;

		if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != AF_PACKET)
			continue;
		if (ifa->ifa_flags & IFF_LOOPBACK)
			continue;
		sll = (const struct sockaddr_ll *)(const void *)ifa->ifa_addr;
		/* tunnels and the like have no 6-byte address, or an all-zero one:
		 * a MAC nobody could have assigned */
		if (sll->sll_halen != 6)
			continue;
		for (i = 0; i < 6; i++)
			any |= sll->sll_addr[i];
		if (!any)
			continue;
		for (i = 0; i < 6; i++) {
			buf[2 * i] = hex[sll->sll_addr[i] >> 4];
			buf[2 * i + 1] = hex[sll->sll_addr[i] & 0x0F];
		}
		len = 12;
		break;
	}
	freeifaddrs(list);
	return len;
#else
	(void)buf;
	(void)cap;
	return -1;
#endif
}
