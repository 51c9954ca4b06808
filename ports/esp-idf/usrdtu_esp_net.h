/* The lwIP side of the ESP-IDF port (usrdtu_esp_net.c), for usrdtu_esp.c. */
#ifndef USRDTU_ESP_NET_H
#define USRDTU_ESP_NET_H

#include "usrdtu_esp.h"

/* Milliseconds since boot from esp_timer (usrdtu_esp.c). */
uint32_t esp_now_ms(void);

/* Marks every link free. */
void esp_net_init(struct usrdtu_esp *esp);

/* The HAL's sock_open, sock_send and sock_close (hal.h has the contract). */
int esp_net_open(struct usrdtu_esp *esp, unsigned socket, const struct usrdtu_sock_request *req);
int esp_net_send(struct usrdtu_esp *esp, unsigned link, const uint8_t *data, size_t len);
void esp_net_close(struct usrdtu_esp *esp, unsigned link);

/* 1 when an event waits to be reported: the loop must not sleep. */
int esp_net_events_due(const struct usrdtu_esp *esp);

/* 1 while a name is being looked up: its answer comes through a queue
 * that the loop cannot wait on together with the UART's, so the loop must
 * come back within CONFIG_USRDTU_ESP_POLL_MS. */
int esp_net_resolving(const struct usrdtu_esp *esp);

/* Reports the events the HAL calls left behind and the resolver's
 * answers (starting the connects they allow). */
void esp_net_deliver(struct usrdtu_esp *esp, uint32_t now_ms);

/* Waits up to wait_ms in select() on every open socket and handles what
 * became ready. Returns 0 without waiting when no socket is open. */
int esp_net_wait(struct usrdtu_esp *esp, uint32_t wait_ms);

/* The resolver task: answers each lookup on esp->lookups with getaddrinfo. */
void esp_net_resolver_task(void *arg);

#endif /* USRDTU_ESP_NET_H */
