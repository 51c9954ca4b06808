/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/system/misc_system_api.html (MAC Address) */
#ifndef STUB_ESP_MAC_H
#define STUB_ESP_MAC_H
#include <stdint.h>
#include "esp_err.h"
esp_err_t esp_efuse_mac_get_default(uint8_t *mac);
#endif
