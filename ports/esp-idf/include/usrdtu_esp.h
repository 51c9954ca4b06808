/*
 * usrdtu on ESP-IDF: a DTU on one UART, with its settings in a data
 * partition and its sockets on lwIP.
 *
 *   static struct usrdtu_esp dtu;      // large: holds struct usrdtu
 *   struct usrdtu_esp_config cfg = USRDTU_ESP_CONFIG_DEFAULT;
 *   cfg.profile = &usrdtu_profile_cat1;
 *   cfg.uart = 1; cfg.tx_pin = 17; cfg.rx_pin = 16;
 *   usrdtu_esp_start(&dtu, &cfg);      // creates the DTU task
 *
 * The DTU task owns the engine: it is the only caller of usrdtu_*() on
 * this instance. A second task resolves host names, so that the DTU task
 * never blocks in getaddrinfo(). The network (Wi-Fi or Ethernet and its
 * netif) is the application's; sockets simply fail and are retried until
 * it is up. examples/esp-idf/ is a complete application.
 */
#ifndef USRDTU_ESP_H
#define USRDTU_ESP_H

#include <stddef.h>
#include <stdint.h>

#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"
#include "freertos/task.h"

#include "usrdtu/usrdtu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the port asks of the board. */
struct usrdtu_esp_config {
	const struct usrdtu_profile *profile;
	int uart;            /* UART port number; not the console's */
	int tx_pin;          /* GPIO numbers; -1 = leave as configured */
	int rx_pin;
	int rts_pin;         /* RTS drives the RS485 transceiver's DE in RS485 mode */
	int cts_pin;
	int rx_buffer;       /* UART driver ring buffers (bytes) */
	int tx_buffer;
	/* Label of a data partition of at least 2 x 8 KB for the settings;
	 * NULL keeps the settings in RAM only. */
	const char *partition_label;
	const char *version; /* AT+VER text */
	/* Optional: device facts the port does not know (IMEI, ICCID,
	 * signal ...); return the length or a negative error. */
	int (*info)(void *user, enum usrdtu_info item, unsigned index, char *buf, size_t cap);
	void *user;
	UBaseType_t priority; /* of the DTU task */
};

#define USRDTU_ESP_CONFIG_DEFAULT                                                          \
	{                                                                                  \
		NULL, 1, -1, -1, -1, -1, 2048, 2048, "usrdtu", "V1.0.0", NULL, NULL, 5     \
	}

enum usrdtu_esp_link_state {
	USRDTU_ESP_FREE = 0,
	USRDTU_ESP_RESOLVING, /* waiting for the resolver task */
	USRDTU_ESP_CONNECTING,
	USRDTU_ESP_UP,        /* connected client, or a server's client */
	USRDTU_ESP_LISTENING  /* TCP or UDP server */
};

/* One lwIP socket: the sockets 0-3 first, then the servers' clients,
 * then the NTP link (cat1's time sync, USRDTU_LINK_NTP). */
struct usrdtu_esp_link {
	uint32_t generation;   /* bumped at every close: late results are dropped */
	uint32_t select_generation;
	uint32_t peer_addr;    /* UDP server: latest peer, network byte order */
	uint16_t peer_port;    /* network byte order; 0 = no peer yet */
	uint16_t remote_port;
	uint16_t local_port;
	uint16_t keepalive_idle_s;
	int fd;                /* -1: none */
	uint8_t link;          /* engine link number */
	uint8_t state;         /* enum usrdtu_esp_link_state */
	uint8_t proto;         /* enum usrdtu_proto */
	uint8_t want_writable; /* a send was short: report WRITABLE */
	uint8_t event_due;     /* 1: report `event` from the loop */
	uint8_t event;         /* enum usrdtu_sock_event */
	uint8_t keepalive;
	uint8_t keepalive_interval_s;
	uint8_t keepalive_count;
};

#define USRDTU_ESP_CLIENTS_END (USRDTU_SOCKETS + USRDTU_CLIENTS_MAX)
#define USRDTU_ESP_NTP_SLOT USRDTU_ESP_CLIENTS_END
#define USRDTU_ESP_LINKS (USRDTU_ESP_NTP_SLOT + 1)

/* A name for the resolver task, and its answer. */
struct usrdtu_esp_lookup {
	uint32_t generation;
	uint32_t addr;          /* network byte order; 0 = not found */
	uint8_t socket;
	char host[USRDTU_HOST_LEN + 1];
};

struct usrdtu_esp {
	struct usrdtu dtu;
	struct usrdtu_esp_config cfg;
	const void *partition;  /* const esp_partition_t *, NULL = RAM only */
	QueueHandle_t uart_events;
	QueueHandle_t lookups;  /* to the resolver task */
	QueueHandle_t answers;  /* from it */
	TaskHandle_t task;
	TaskHandle_t resolver;
	struct usrdtu_esp_link links[USRDTU_ESP_LINKS];
};

/* Installs the UART driver, finds the settings partition, starts the
 * resolver and the DTU task. Returns 0, or a negative enum usrdtu_err
 * (USRDTU_ERR_IO when an ESP-IDF call failed, USRDTU_ERR_INVAL for a bad
 * configuration). `esp` must live as long as the tasks: make it static. */
int usrdtu_esp_start(struct usrdtu_esp *esp, const struct usrdtu_esp_config *cfg);

#ifdef __cplusplus
}
#endif

#endif /* USRDTU_ESP_H */
