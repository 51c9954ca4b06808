/*
 * Facts about this host's network interfaces that the information commands
 * report (AT+CIP, m0 AT+MAC).
 */
#ifndef USRDTU_LINUX_NETINFO_H
#define USRDTU_LINUX_NETINFO_H

#include <stddef.h>

/* The first non-loopback IPv4 address, dotted. Returns its length, or -1
 * when there is none or it does not fit in cap. */
int netinfo_local_ipv4(char *buf, size_t cap);

/* The hardware address of the first non-loopback interface that has one, as
 * 12 upper-case hex digits. Returns 12, or -1. */
int netinfo_mac(char *buf, size_t cap);

#endif /* USRDTU_LINUX_NETINFO_H */
