/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/network/esp_netif.html */
#ifndef STUB_ESP_NETIF_H
#define STUB_ESP_NETIF_H
#include "esp_err.h"
typedef struct esp_netif_obj esp_netif_t;
esp_err_t esp_netif_init(void);
esp_netif_t *esp_netif_create_default_wifi_sta(void);
#endif
