/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/network/esp_wifi.html
 * WIFI_INIT_CONFIG_DEFAULT() is a long initializer in ESP-IDF; here it
 * only has the same shape of use. */
#ifndef STUB_ESP_WIFI_H
#define STUB_ESP_WIFI_H
#include <stdint.h>
#include "esp_err.h"
#include "esp_event.h"
extern esp_event_base_t const WIFI_EVENT;
typedef enum { WIFI_EVENT_WIFI_READY = 0, WIFI_EVENT_SCAN_DONE, WIFI_EVENT_STA_START,
	       WIFI_EVENT_STA_STOP, WIFI_EVENT_STA_CONNECTED, WIFI_EVENT_STA_DISCONNECTED } wifi_event_t;
typedef enum { WIFI_MODE_NULL = 0, WIFI_MODE_STA, WIFI_MODE_AP, WIFI_MODE_APSTA } wifi_mode_t;
typedef enum { WIFI_IF_STA = 0, WIFI_IF_AP = 1 } wifi_interface_t;
typedef struct { int magic; } wifi_init_config_t;
#define WIFI_INIT_CONFIG_DEFAULT() { 0x1F2F3F4F }
typedef struct {
	uint8_t ssid[32];
	uint8_t password[64];
} wifi_sta_config_t;
typedef union {
	wifi_sta_config_t sta;
} wifi_config_t;
esp_err_t esp_wifi_init(const wifi_init_config_t *config);
esp_err_t esp_wifi_set_mode(wifi_mode_t mode);
esp_err_t esp_wifi_set_config(wifi_interface_t interface, wifi_config_t *conf);
esp_err_t esp_wifi_start(void);
esp_err_t esp_wifi_connect(void);
#endif
