/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/peripherals/uart.html
 * (API reference: driver/uart.h, hal/uart_types.h). */
#ifndef STUB_DRIVER_UART_H
#define STUB_DRIVER_UART_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "esp_err.h"
#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"

typedef int uart_port_t;
#define UART_NUM_MAX 3
#define UART_PIN_NO_CHANGE (-1)

typedef enum { UART_DATA_5_BITS = 0x0, UART_DATA_6_BITS = 0x1, UART_DATA_7_BITS = 0x2,
	       UART_DATA_8_BITS = 0x3, UART_DATA_BITS_MAX = 0x4 } uart_word_length_t;
typedef enum { UART_STOP_BITS_1 = 0x1, UART_STOP_BITS_1_5 = 0x2, UART_STOP_BITS_2 = 0x3,
	       UART_STOP_BITS_MAX = 0x4 } uart_stop_bits_t;
typedef enum { UART_PARITY_DISABLE = 0x0, UART_PARITY_EVEN = 0x2, UART_PARITY_ODD = 0x3 } uart_parity_t;
typedef enum { UART_HW_FLOWCTRL_DISABLE = 0x0, UART_HW_FLOWCTRL_RTS = 0x1, UART_HW_FLOWCTRL_CTS = 0x2,
	       UART_HW_FLOWCTRL_CTS_RTS = 0x3, UART_HW_FLOWCTRL_MAX = 0x4 } uart_hw_flowcontrol_t;
typedef enum { UART_MODE_UART = 0x00, UART_MODE_RS485_HALF_DUPLEX = 0x01, UART_MODE_IRDA = 0x02,
	       UART_MODE_RS485_COLLISION_DETECT = 0x03, UART_MODE_RS485_APP_CTRL = 0x04 } uart_mode_t;
typedef enum { UART_SCLK_DEFAULT = 0 } uart_sclk_t;

/* ESP-IDF puts source_clk in an anonymous union (C11); a plain member
 * here keeps -std=c99 -pedantic: `uc.source_clk = ...` reads the same. */
typedef struct {
	int baud_rate;
	uart_word_length_t data_bits;
	uart_parity_t parity;
	uart_stop_bits_t stop_bits;
	uart_hw_flowcontrol_t flow_ctrl;
	uint8_t rx_flow_ctrl_thresh;
	uart_sclk_t source_clk;
} uart_config_t;

typedef enum { UART_DATA, UART_BREAK, UART_BUFFER_FULL, UART_FIFO_OVF, UART_FRAME_ERR,
	       UART_PARITY_ERR, UART_DATA_BREAK, UART_PATTERN_DET, UART_EVENT_MAX } uart_event_type_t;
typedef struct {
	uart_event_type_t type;
	size_t size;
	bool timeout_flag;
} uart_event_t;

esp_err_t uart_driver_install(uart_port_t uart_num, int rx_buffer_size, int tx_buffer_size,
			      int queue_size, QueueHandle_t *uart_queue, int intr_alloc_flags);
esp_err_t uart_param_config(uart_port_t uart_num, const uart_config_t *uart_config);
esp_err_t uart_set_pin(uart_port_t uart_num, int tx_io_num, int rx_io_num, int rts_io_num,
		       int cts_io_num);
esp_err_t uart_set_mode(uart_port_t uart_num, uart_mode_t mode);
int uart_read_bytes(uart_port_t uart_num, void *buf, uint32_t length, TickType_t ticks_to_wait);
int uart_write_bytes(uart_port_t uart_num, const void *src, size_t size);
esp_err_t uart_get_buffered_data_len(uart_port_t uart_num, size_t *size);
esp_err_t uart_get_tx_buffer_free_size(uart_port_t uart_num, size_t *size);
#endif
