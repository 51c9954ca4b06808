/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/system/random.html */
#ifndef STUB_ESP_RANDOM_H
#define STUB_ESP_RANDOM_H
#include <stdint.h>
uint32_t esp_random(void);
#endif
