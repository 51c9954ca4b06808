/*
 * Host simulation of the ESP-IDF functions the port uses, written against
 * the stand-in headers and carried out by posix.c: FreeRTOS tasks are
 * threads, queues are locked rings, the UART is a pair of byte rings the
 * test feeds and reads, the partition is RAM, lwIP is the host's sockets.
 * It lets the port's own code run on the host; it is not ESP-IDF, and
 * only shows that the port drives this API the way its documentation
 * describes.
 */
#include <stdlib.h>
#include <string.h>

#include "driver/uart.h"
#include "esp_mac.h"
#include "esp_partition.h"
#include "esp_random.h"
#include "esp_timer.h"
#include "freertos/queue.h"
#include "freertos/task.h"
#include "lwip/netdb.h"
#include "lwip/sockets.h"

#include "posix.h"
#include "sim.h"

struct QueueDefinition {
	void *lock;
	size_t item, cap, head, count;
	unsigned char *buf;
};

QueueHandle_t xQueueCreate(UBaseType_t length, UBaseType_t item_size)
{
	QueueHandle_t q = calloc(1, sizeof *q);

	if (q == NULL)
		return NULL;
	q->lock = sim_lock_new();
	q->item = item_size;
	q->cap = length;
	q->buf = calloc(length, item_size);
	return q;
}

static long ticks_ms(TickType_t ticks)
{
	return ticks == portMAX_DELAY ? -1 : (long)ticks * 1000L / configTICK_RATE_HZ;
}

static int wait_until(QueueHandle_t q, int for_room, TickType_t ticks)
{
	int64_t end = sim_now_us() + (int64_t)ticks_ms(ticks) * 1000;

	while (for_room ? q->count == q->cap : q->count == 0) {
		long left;

		if (ticks == 0)
			return 0;
		left = ticks == portMAX_DELAY ? -1 : (long)((end - sim_now_us()) / 1000);
		if (ticks != portMAX_DELAY && left <= 0)
			return 0;
		sim_wait(q->lock, left);
	}
	return 1;
}

BaseType_t xQueueSend(QueueHandle_t q, const void *item, TickType_t ticks)
{
	int ok;

	sim_lock(q->lock);
	ok = wait_until(q, 1, ticks);
	if (ok) {
		memcpy(q->buf + (q->head + q->count) % q->cap * q->item, item, q->item);
		q->count++;
		sim_wake(q->lock);
	}
	sim_unlock(q->lock);
	return ok ? pdTRUE : pdFALSE;
}

BaseType_t xQueueReceive(QueueHandle_t q, void *const item, TickType_t ticks)
{
	int ok;

	sim_lock(q->lock);
	ok = wait_until(q, 0, ticks);
	if (ok) {
		memcpy(item, q->buf + q->head * q->item, q->item);
		q->head = (q->head + 1) % q->cap;
		q->count--;
		sim_wake(q->lock);
	}
	sim_unlock(q->lock);
	return ok ? pdTRUE : pdFALSE;
}

UBaseType_t uxQueueMessagesWaiting(const QueueHandle_t q)
{
	UBaseType_t n;

	sim_lock(q->lock);
	n = (UBaseType_t)q->count;
	sim_unlock(q->lock);
	return n;
}

BaseType_t xTaskCreate(TaskFunction_t fn, const char *const name, const uint32_t stack, void *const arg,
		       UBaseType_t priority, TaskHandle_t *const handle)
{
	(void)name;
	(void)stack;
	(void)priority;
	if (handle != NULL)
		*handle = NULL;
	return sim_thread(fn, arg) == 0 ? pdPASS : pdFALSE;
}

void vTaskDelay(const TickType_t ticks)
{
	sim_sleep_ms((unsigned)ticks_ms(ticks));
}

int64_t esp_timer_get_time(void)
{
	return sim_now_us();
}

uint32_t esp_random(void)
{
	return (uint32_t)rand();
}

esp_err_t esp_efuse_mac_get_default(uint8_t *mac)
{
	static const uint8_t fixed[6] = {0x24, 0x0A, 0xC4, 0x12, 0x34, 0x56};

	memcpy(mac, fixed, sizeof fixed);
	return ESP_OK;
}

/* ---- UART: one port ---- */
#define RING 8192
static struct {
	void *lock;
	QueueHandle_t events;
	unsigned char rx[RING], tx[RING];
	size_t rx_len, tx_len;
	uart_config_t config;
	uart_mode_t mode;
	unsigned configs;
} uart;

esp_err_t uart_driver_install(uart_port_t port, int rx_size, int tx_size, int queue_size,
			      QueueHandle_t *queue, int flags)
{
	(void)port;
	(void)rx_size;
	(void)tx_size;
	(void)flags;
	uart.lock = sim_lock_new();
	uart.events = xQueueCreate((UBaseType_t)queue_size, sizeof(uart_event_t));
	*queue = uart.events;
	return ESP_OK;
}

esp_err_t uart_param_config(uart_port_t port, const uart_config_t *config)
{
	(void)port;
	sim_lock(uart.lock);
	uart.config = *config;
	uart.configs++;
	sim_unlock(uart.lock);
	return ESP_OK;
}

esp_err_t uart_set_pin(uart_port_t port, int tx, int rx, int rts, int cts)
{
	(void)port;
	(void)tx;
	(void)rx;
	(void)rts;
	(void)cts;
	return ESP_OK;
}

esp_err_t uart_set_mode(uart_port_t port, uart_mode_t mode)
{
	(void)port;
	sim_lock(uart.lock);
	uart.mode = mode;
	sim_unlock(uart.lock);
	return ESP_OK;
}

int uart_read_bytes(uart_port_t port, void *buf, uint32_t length, TickType_t ticks)
{
	size_t n;

	(void)port;
	(void)ticks; /* the port only reads what is buffered */
	sim_lock(uart.lock);
	n = length < uart.rx_len ? length : uart.rx_len;
	memcpy(buf, uart.rx, n);
	memmove(uart.rx, uart.rx + n, uart.rx_len - n);
	uart.rx_len -= n;
	sim_unlock(uart.lock);
	return (int)n;
}

int uart_write_bytes(uart_port_t port, const void *src, size_t size)
{
	size_t n;

	(void)port;
	sim_lock(uart.lock);
	n = size < RING - uart.tx_len ? size : RING - uart.tx_len;
	memcpy(uart.tx + uart.tx_len, src, n);
	uart.tx_len += n;
	sim_unlock(uart.lock);
	return (int)n;
}

esp_err_t uart_get_buffered_data_len(uart_port_t port, size_t *size)
{
	(void)port;
	sim_lock(uart.lock);
	*size = uart.rx_len;
	sim_unlock(uart.lock);
	return ESP_OK;
}

esp_err_t uart_get_tx_buffer_free_size(uart_port_t port, size_t *size)
{
	(void)port;
	sim_lock(uart.lock);
	*size = RING - uart.tx_len;
	sim_unlock(uart.lock);
	return ESP_OK;
}

void sim_uart_feed(const char *text)
{
	uart_event_t event;
	size_t len = strlen(text);

	sim_lock(uart.lock);
	if (len > RING - uart.rx_len)
		len = RING - uart.rx_len;
	memcpy(uart.rx + uart.rx_len, text, len);
	uart.rx_len += len;
	sim_unlock(uart.lock);
	memset(&event, 0, sizeof event);
	event.type = UART_DATA;
	event.size = len;
	(void)xQueueSend(uart.events, &event, 0);
}

size_t sim_uart_take(char *buf, size_t cap)
{
	size_t n;

	sim_lock(uart.lock);
	n = cap < uart.tx_len ? cap : uart.tx_len;
	memcpy(buf, uart.tx, n);
	memmove(uart.tx, uart.tx + n, uart.tx_len - n);
	uart.tx_len -= n;
	sim_unlock(uart.lock);
	return n;
}

int sim_uart_mode(void)
{
	int mode;

	sim_lock(uart.lock);
	mode = (int)uart.mode;
	sim_unlock(uart.lock);
	return mode;
}

int sim_uart_baud(void)
{
	int baud;

	sim_lock(uart.lock);
	baud = uart.config.baud_rate;
	sim_unlock(uart.lock);
	return baud;
}

/* ---- partition: RAM, NOR semantics (writes only clear bits) ---- */
static unsigned char flash[16384];
static esp_partition_t part = {NULL, ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_ANY, 0x110000,
			       sizeof flash, 4096, "usrdtu", false, false};

void sim_flash_erase_all(void)
{
	memset(flash, 0xFF, sizeof flash);
}

const unsigned char *sim_flash(void)
{
	return flash;
}

const esp_partition_t *esp_partition_find_first(esp_partition_type_t type, esp_partition_subtype_t subtype,
						 const char *label)
{
	(void)subtype;
	if (type != ESP_PARTITION_TYPE_DATA || label == NULL || strcmp(label, part.label) != 0)
		return NULL;
	return &part;
}

esp_err_t esp_partition_read(const esp_partition_t *p, size_t offset, void *dst, size_t size)
{
	if (p != &part || offset > sizeof flash || size > sizeof flash - offset)
		return ESP_FAIL;
	memcpy(dst, flash + offset, size);
	return ESP_OK;
}

esp_err_t esp_partition_write(const esp_partition_t *p, size_t offset, const void *src, size_t size)
{
	const unsigned char *s = src;
	size_t i;

	if (p != &part || offset > sizeof flash || size > sizeof flash - offset)
		return ESP_FAIL;
	for (i = 0; i < size; i++)
		flash[offset + i] &= s[i];
	return ESP_OK;
}

esp_err_t esp_partition_erase_range(const esp_partition_t *p, size_t offset, size_t size)
{
	/* ESP-IDF wants both aligned to the sector size */
	if (p != &part || offset % 4096 != 0 || size % 4096 != 0 || offset > sizeof flash ||
	    size > sizeof flash - offset)
		return ESP_FAIL;
	memset(flash + offset, 0xFF, size);
	return ESP_OK;
}

/* ---- lwIP on the host's sockets ---- */
int lwip_socket(int domain, int type, int protocol)
{
	(void)protocol;
	if (domain != AF_INET)
		return -1;
	return sim_socket(type == SOCK_STREAM);
}

int lwip_bind(int s, const struct sockaddr *name, socklen_t namelen)
{
	struct sockaddr_in sa;

	if (namelen < sizeof sa)
		return -1;
	memcpy(&sa, name, sizeof sa);
	return sim_bind_any(s, (uint16_t)((((const uint8_t *)&sa.sin_port)[0] << 8) |
					   ((const uint8_t *)&sa.sin_port)[1]));
}

int lwip_listen(int s, int backlog)
{
	return sim_listen(s, backlog);
}

int lwip_accept(int s, struct sockaddr *addr, socklen_t *addrlen)
{
	(void)addr;
	(void)addrlen;
	return sim_accept(s);
}

int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen)
{
	struct sockaddr_in sa;

	if (namelen < sizeof sa)
		return -1;
	memcpy(&sa, name, sizeof sa);
	return sim_connect_ipv4(s, sa.sin_addr.s_addr, sa.sin_port);
}

ssize_t lwip_send(int s, const void *data, size_t size, int flags)
{
	return sim_send(s, data, size, (flags & MSG_DONTWAIT) != 0);
}

ssize_t lwip_sendto(int s, const void *data, size_t size, int flags, const struct sockaddr *to, socklen_t tolen)
{
	struct sockaddr_in sa;

	(void)flags;
	if (tolen < sizeof sa)
		return -1;
	memcpy(&sa, to, sizeof sa);
	return sim_sendto_ipv4(s, data, size, sa.sin_addr.s_addr, sa.sin_port);
}

ssize_t lwip_recv(int s, void *mem, size_t len, int flags)
{
	return sim_recv(s, mem, len, (flags & MSG_DONTWAIT) != 0);
}

ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
	struct sockaddr_in sa;
	long n;

	(void)flags;
	memset(&sa, 0, sizeof sa);
	n = sim_recvfrom_ipv4(s, mem, len, &sa.sin_addr.s_addr, &sa.sin_port);
	sa.sin_family = AF_INET;
	if (from != NULL && fromlen != NULL && *fromlen >= sizeof sa) {
		memcpy(from, &sa, sizeof sa);
		*fromlen = sizeof sa;
	}
	return n;
}

int lwip_getsockopt(int s, int level, int optname, void *optval, socklen_t *optlen)
{
	if (level != SOL_SOCKET || optname != SO_ERROR || *optlen < sizeof(int))
		return -1;
	return sim_so_error(s, optval);
}

int lwip_setsockopt(int s, int level, int optname, const void *optval, socklen_t optlen)
{
	int value;

	if (optlen != sizeof value)
		return -1;
	memcpy(&value, optval, sizeof value);
	return sim_set_option(s, level, optname, value);
}

int lwip_close(int s)
{
	return sim_close(s);
}

int lwip_fcntl(int s, int cmd, int val)
{
	if (cmd == F_GETFL) {
		int on = sim_get_nonblocking(s);

		return on < 0 ? -1 : on ? O_NONBLOCK : 0;
	}
	if (cmd == F_SETFL)
		return sim_set_nonblocking(s, (val & O_NONBLOCK) != 0);
	return -1;
}

static uint64_t to_mask(const fd_set *set, int nfds)
{
	uint64_t mask = 0;
	int i;

	for (i = 0; set != NULL && i < nfds && i < FD_SETSIZE; i++)
		if (FD_ISSET(i, set))
			mask |= (uint64_t)1 << i;
	return mask;
}

static void from_mask(fd_set *set, uint64_t mask, int nfds)
{
	int i;

	if (set == NULL)
		return;
	FD_ZERO(set);
	for (i = 0; i < nfds && i < FD_SETSIZE; i++)
		if (mask >> i & 1u)
			FD_SET(i, set);
}

int lwip_select(int nfds, fd_set *readset, fd_set *writeset, fd_set *exceptset, struct timeval *timeout)
{
	uint64_t r = to_mask(readset, nfds), w = to_mask(writeset, nfds);
	int n;

	(void)exceptset;
	n = sim_select(nfds, &r, &w, timeout == NULL ? 1000000L : timeout->tv_sec * 1000000L + timeout->tv_usec);
	from_mask(readset, r, nfds);
	from_mask(writeset, w, nfds);
	return n;
}

int lwip_getaddrinfo(const char *nodename, const char *servname, const struct addrinfo *hints,
		     struct addrinfo **res)
{
	struct {
		struct addrinfo ai;
		struct sockaddr_in sa;
	} *out;
	uint32_t addr;

	(void)servname;
	(void)hints;
	if (sim_lookup_ipv4(nodename, &addr) != 0)
		return -1;
	out = calloc(1, sizeof *out);
	if (out == NULL)
		return -1;
	out->sa.sin_family = AF_INET;
	out->sa.sin_addr.s_addr = addr;
	out->ai.ai_family = AF_INET;
	out->ai.ai_addrlen = sizeof out->sa;
	out->ai.ai_addr = (struct sockaddr *)&out->sa;
	*res = &out->ai;
	return 0;
}

void lwip_freeaddrinfo(struct addrinfo *ai)
{
	free(ai);
}
