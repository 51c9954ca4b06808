/*
 * usrdtu on ESP-IDF: the HAL on the UART driver, esp_timer and a data
 * partition, and the DTU task's loop. The sockets are usrdtu_esp_net.c.
 *
 * Settings storage: the two slots are the two halves of a raw data
 * partition, read, erased and written with esp_partition_*. The engine's
 * records (docs/storage.md) are made for NOR flash: a slot is erased, then
 * written once in 16-byte blocks, header last, so that power lost at any
 * byte leaves the old settings or the new ones. A raw partition is exactly
 * that medium. NVS is not used for the slots: it stores a blob whole, so
 * each 16-byte block written at an offset would rewrite the whole blob
 * (or need a RAM copy of both slots), and it would journal what the
 * engine already journals. (The example still initialises NVS, which the
 * Wi-Fi driver needs.)
 */
#include "usrdtu_esp.h"

#include <string.h>

#include "driver/uart.h"
#include "esp_mac.h"
#include "esp_partition.h"
#include "esp_random.h"
#include "esp_timer.h"
#include "sdkconfig.h"

#include "usrdtu_esp_net.h"

/* Flash erases in sectors of 4 KB; each slot is a whole number of them so
 * that erasing one never touches the other. */
#define ESP_SECTOR 4096u
/* The largest record of any profile fits 8 KB (docs/storage.md). */
#define ESP_SLOT_MIN 8192u
#define ESP_UART_EVENTS 16
#define ESP_LOOKUPS 4
#define ESP_READ_CHUNK 128

uint32_t esp_now_ms(void)
{
	/* Microseconds since boot, 64 bits: wraps after 292 000 years; the
	 * engine wants the low 32 bits of the milliseconds. */
	return (uint32_t)(esp_timer_get_time() / 1000);
}

static uint32_t hal_now_ms(void *ctx)
{
	(void)ctx;
	return esp_now_ms();
}

static int hal_serial_write(void *ctx, const uint8_t *data, size_t len)
{
	struct usrdtu_esp *esp = ctx;
	size_t room = 0;
	int n;

	/* uart_write_bytes waits when the ring buffer is full; the engine must
	 * not. Take what fits now; the engine counts the rest as lost. */
	if (uart_get_tx_buffer_free_size((uart_port_t)esp->cfg.uart, &room) != ESP_OK)
		return USRDTU_ERR_IO;
	if (len > room)
		len = room;
	if (len == 0)
		return 0;
	n = uart_write_bytes((uart_port_t)esp->cfg.uart, data, len);
	return n < 0 ? USRDTU_ERR_IO : n;
}

static const esp_partition_t *partition(const struct usrdtu_esp *esp)
{
	return esp->partition;
}

static uint32_t slot_size(const esp_partition_t *part)
{
	return (uint32_t)(part->size / 2u) / ESP_SECTOR * ESP_SECTOR;
}

/* Offset of [offset, offset + len) of a slot in the partition, or -1. */
static long slot_offset(unsigned slot, uint32_t offset, size_t len)
{
	uint32_t size = ESP_SLOT_MIN;

	if (slot > 1 || offset > size || len > size - offset)
		return -1;
	return (long)(slot * size + offset);
}

static int hal_flash_read(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	struct usrdtu_esp *esp = ctx;
	long at = slot_offset(slot, offset, len);

	if (at < 0)
		return USRDTU_ERR_INVAL;
	return esp_partition_read(partition(esp), (size_t)at, buf, len) == ESP_OK ? 0 : USRDTU_ERR_IO;
}

static int hal_flash_erase(void *ctx, unsigned slot)
{
	struct usrdtu_esp *esp = ctx;
	uint32_t size = ESP_SLOT_MIN;
	long at = slot_offset(slot, 0, size);

	if (at < 0)
		return USRDTU_ERR_INVAL;
	return esp_partition_erase_range(partition(esp), (size_t)at, size) == ESP_OK ? 0 : USRDTU_ERR_IO;
}

static int hal_flash_write(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	struct usrdtu_esp *esp = ctx;
	long at = slot_offset(slot, offset, len);

	if (at < 0)
		return USRDTU_ERR_INVAL;
	/* Returns once the flash is programmed: writes are durable in order. */
	return esp_partition_write(partition(esp), (size_t)at, data, len) == ESP_OK ? 0 : USRDTU_ERR_IO;
}

static int put_text(char *buf, size_t cap, const char *text)
{
	size_t len = strlen(text);

	if (len > cap)
		len = cap;
	memcpy(buf, text, len);
	return (int)len;
}

static int put_mac(char *buf, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	uint8_t mac[6];
	char text[13];
	unsigned i;

	if (esp_efuse_mac_get_default(mac) != ESP_OK)
		return USRDTU_ERR_IO;
	for (i = 0; i < sizeof mac; i++) {
		text[2 * i] = hex[mac[i] >> 4];
		text[2 * i + 1] = hex[mac[i] & 15];
	}
	text[12] = '\0';
	return put_text(buf, cap, text);
}

static int hal_info(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	struct usrdtu_esp *esp = ctx;

	if (esp->cfg.info != NULL) {
		int r = esp->cfg.info(esp->cfg.user, item, index, buf, cap);

		if (r >= 0)
			return r;
	}
	if (index != 0)
		return USRDTU_ERR_NOENT;
	switch (item) {
	case USRDTU_INFO_VERSION:
		return esp->cfg.version != NULL ? put_text(buf, cap, esp->cfg.version) : USRDTU_ERR_NOENT;
	case USRDTU_INFO_SN: /* the factory MAC is unique per chip */
	case USRDTU_INFO_MAC:
		return put_mac(buf, cap);
	default:
		return USRDTU_ERR_NOENT;
	}
}

static int hal_uart_config(void *ctx, const struct usrdtu_uart_config *cfg)
{
	struct usrdtu_esp *esp = ctx;
	uart_port_t port = (uart_port_t)esp->cfg.uart;
	uart_config_t uc;

	memset(&uc, 0, sizeof uc);
	if (cfg->data_bits < 5 || cfg->data_bits > 8 || cfg->stop_bits < 1 || cfg->stop_bits > 2 ||
	    cfg->baud == 0 || cfg->baud > (uint32_t)INT32_MAX)
		return USRDTU_ERR_INVAL;
	uc.baud_rate = (int)cfg->baud;
	uc.data_bits = (uart_word_length_t)(UART_DATA_5_BITS + (cfg->data_bits - 5));
	uc.stop_bits = cfg->stop_bits == 2 ? UART_STOP_BITS_2 : UART_STOP_BITS_1;
	switch (cfg->parity) {
	case USRDTU_PARITY_NONE:
		uc.parity = UART_PARITY_DISABLE;
		break;
	case USRDTU_PARITY_ODD:
		uc.parity = UART_PARITY_ODD;
		break;
	case USRDTU_PARITY_EVEN:
		uc.parity = UART_PARITY_EVEN;
		break;
	default:
		/* The ESP32 UARTs have no mark or space parity: refuse it
		 * rather than run with another. */
		return USRDTU_ERR_NOTSUP;
	}
	uc.flow_ctrl = cfg->flow == USRDTU_FLOW_CRTS ? UART_HW_FLOWCTRL_CTS_RTS : UART_HW_FLOWCTRL_DISABLE;
	uc.rx_flow_ctrl_thresh = 100;
	uc.source_clk = UART_SCLK_DEFAULT;
	if (cfg->flow > USRDTU_FLOW_RS485)
		return USRDTU_ERR_INVAL;
	if (uart_param_config(port, &uc) != ESP_OK)
		return USRDTU_ERR_IO;
	/* RS485: the driver drives the transceiver's DE from RTS while it sends. */
	if (uart_set_mode(port, cfg->flow == USRDTU_FLOW_RS485 ? UART_MODE_RS485_HALF_DUPLEX
								: UART_MODE_UART) != ESP_OK)
		return USRDTU_ERR_IO;
	return 0;
}

static uint32_t hal_random(void *ctx)
{
	(void)ctx;
	return esp_random();
}

static int hal_sock_open(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	return esp_net_open(ctx, socket, req);
}

static int hal_sock_send(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	return esp_net_send(ctx, link, data, len);
}

static void hal_sock_close(void *ctx, unsigned link)
{
	esp_net_close(ctx, link);
}

/* Two HALs: with and without the settings partition. PING and the SIM PIN
 * (action) have nothing to act on here, so the engine answers them with
 * the execution-failed error; frames of modes without sockets (HTTPD,
 * SMS) need a modem and are not handed anywhere (frame_out is NULL). */
#define ESP_HAL_REST                                                                       \
	hal_info, NULL, hal_uart_config, NULL, hal_sock_open, hal_sock_send, hal_sock_close,   \
		hal_random, NULL, NULL

static const struct usrdtu_hal hal_flash = {
	hal_serial_write, hal_now_ms, hal_flash_read, hal_flash_erase, hal_flash_write,
	ESP_SLOT_MIN, ESP_HAL_REST
};

static const struct usrdtu_hal hal_ram = {
	hal_serial_write, hal_now_ms, NULL, NULL, NULL, 0, ESP_HAL_REST
};

/* Waits for the UART driver's next event (data, overflow ...) for up to
 * wait_ms; used when no socket is open, so that serial bytes wake the task
 * at once. */
static void wait_uart(struct usrdtu_esp *esp, uint32_t wait_ms)
{
	uart_event_t event;
	TickType_t ticks;

	if (wait_ms == USRDTU_NO_DEADLINE) {
		ticks = portMAX_DELAY;
	} else {
		ticks = pdMS_TO_TICKS(wait_ms);
		if (ticks == 0 && wait_ms > 0)
			ticks = 1;
	}
	if (xQueueReceive(esp->uart_events, &event, ticks) == pdTRUE)
		(void)event; /* its kind does not matter: the buffer is read next */
}

static void read_uart(struct usrdtu_esp *esp)
{
	uart_port_t port = (uart_port_t)esp->cfg.uart;
	uint8_t buf[ESP_READ_CHUNK];
	uart_event_t event;
	unsigned turns;

	/* Events we did not wait on: drop them, the ring buffer is what counts. */
	while (xQueueReceive(esp->uart_events, &event, 0) == pdTRUE)
		(void)event;
	/* Bounded: a line that never stops must not starve the sockets. */
	for (turns = 0; turns < 16; turns++) {
		size_t ready = 0;
		int n;

		if (uart_get_buffered_data_len(port, &ready) != ESP_OK || ready == 0)
			return;
		if (ready > sizeof buf)
			ready = sizeof buf;
		n = uart_read_bytes(port, buf, (uint32_t)ready, 0);
		if (n <= 0)
			return;
		(void)usrdtu_serial_rx(&esp->dtu, buf, (size_t)n, esp_now_ms());
	}
}

static int uart_has_data(const struct usrdtu_esp *esp)
{
	size_t ready = 0;

	return uart_get_buffered_data_len((uart_port_t)esp->cfg.uart, &ready) == ESP_OK && ready > 0;
}

static void dtu_task(void *arg)
{
	struct usrdtu_esp *esp = arg;

	for (;;) {
		uint32_t now = esp_now_ms();
		uint32_t wait;

		esp_net_deliver(esp, now);
		wait = usrdtu_next_poll_ms(&esp->dtu, now);
		if (esp_net_events_due(esp) || uart_has_data(esp))
			wait = 0;
		if (!esp_net_wait(esp, wait)) {
			if (esp_net_resolving(esp) && wait > (uint32_t)CONFIG_USRDTU_ESP_POLL_MS)
				wait = (uint32_t)CONFIG_USRDTU_ESP_POLL_MS;
			wait_uart(esp, wait);
		}
		read_uart(esp);
		(void)usrdtu_poll(&esp->dtu, esp_now_ms());
	}
}

static int find_partition(struct usrdtu_esp *esp)
{
	const esp_partition_t *part;

	esp->partition = NULL;
	if (esp->cfg.partition_label == NULL)
		return 0;
	part = esp_partition_find_first(ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_ANY,
					esp->cfg.partition_label);
	if (part == NULL || slot_size(part) < ESP_SLOT_MIN)
		return USRDTU_ERR_INVAL;
	esp->partition = part;
	return 0;
}

static int start_uart(struct usrdtu_esp *esp)
{
	uart_port_t port = (uart_port_t)esp->cfg.uart;

	if (uart_driver_install(port, esp->cfg.rx_buffer, esp->cfg.tx_buffer, ESP_UART_EVENTS,
				&esp->uart_events, 0) != ESP_OK)
		return USRDTU_ERR_IO;
	/* UART_PIN_NO_CHANGE is -1, the config's "leave as configured". */
	if (uart_set_pin(port, esp->cfg.tx_pin, esp->cfg.rx_pin, esp->cfg.rts_pin,
			 esp->cfg.cts_pin) != ESP_OK)
		return USRDTU_ERR_IO;
	return 0;
}

int usrdtu_esp_start(struct usrdtu_esp *esp, const struct usrdtu_esp_config *cfg)
{
	const struct usrdtu_hal *hal;
	int r;

	if (esp == NULL || cfg == NULL || cfg->profile == NULL || cfg->uart < 0 ||
	    cfg->uart >= UART_NUM_MAX || cfg->rx_buffer <= 0 || cfg->tx_buffer < 0)
		return USRDTU_ERR_INVAL;
	memset(esp, 0, sizeof *esp);
	esp->cfg = *cfg;
	esp_net_init(esp);
	r = find_partition(esp);
	if (r != 0)
		return r;
	/* The slot size is a constant of the HAL: slots of 8 KB fit every
	 * profile's largest record; a bigger partition leaves the rest unused. */
	hal = esp->partition != NULL ? &hal_flash : &hal_ram;
	r = start_uart(esp);
	if (r != 0)
		return r;
	esp->lookups = xQueueCreate(ESP_LOOKUPS, sizeof(struct usrdtu_esp_lookup));
	esp->answers = xQueueCreate(ESP_LOOKUPS, sizeof(struct usrdtu_esp_lookup));
	if (esp->lookups == NULL || esp->answers == NULL)
		return USRDTU_ERR_IO;
	/* Boots the engine: loads the settings, applies the UART settings,
	 * opens the sockets (their lookups queue up for the resolver). */
	r = usrdtu_init(&esp->dtu, cfg->profile, hal, esp);
	if (r != 0)
		return r;
	if (xTaskCreate(esp_net_resolver_task, "usrdtu_dns", CONFIG_USRDTU_ESP_RESOLVER_STACK, esp,
			cfg->priority > 0 ? cfg->priority - 1 : 0, &esp->resolver) != pdPASS)
		return USRDTU_ERR_IO;
	if (xTaskCreate(dtu_task, "usrdtu", CONFIG_USRDTU_ESP_TASK_STACK, esp, cfg->priority,
			&esp->task) != pdPASS)
		return USRDTU_ERR_IO;
	return 0;
}
