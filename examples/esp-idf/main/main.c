/*
 * A USR Cat-1 DTU on an ESP32: the AT engine on UART1, its sockets over
 * Wi-Fi, its settings in the "usrdtu" partition (partitions.csv).
 *
 * Wire a host's serial port to the pins of menuconfig ("usrdtu example"),
 * send +++ then a, and talk AT. The Wi-Fi station reconnects by itself;
 * until it is up the DTU's sockets fail and are retried.
 */
#include <string.h>

#include "esp_err.h"
#include "esp_event.h"
#include "esp_netif.h"
#include "esp_wifi.h"
#include "nvs_flash.h"
#include "sdkconfig.h"

#include "usrdtu_esp.h"

static struct usrdtu_esp dtu; /* static: it holds struct usrdtu, several KB */

static void wifi_event(void *arg, esp_event_base_t base, int32_t id, void *data)
{
	(void)arg;
	(void)data;
	if (base == WIFI_EVENT && (id == WIFI_EVENT_STA_START || id == WIFI_EVENT_STA_DISCONNECTED))
		(void)esp_wifi_connect();
}

static void start_wifi(void)
{
	wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
	wifi_config_t sta;

	ESP_ERROR_CHECK(esp_netif_init());
	ESP_ERROR_CHECK(esp_event_loop_create_default());
	(void)esp_netif_create_default_wifi_sta();
	ESP_ERROR_CHECK(esp_wifi_init(&init));
	ESP_ERROR_CHECK(esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID, wifi_event, NULL));

	memset(&sta, 0, sizeof sta);
	strncpy((char *)sta.sta.ssid, CONFIG_EXAMPLE_WIFI_SSID, sizeof sta.sta.ssid);
	strncpy((char *)sta.sta.password, CONFIG_EXAMPLE_WIFI_PASSWORD, sizeof sta.sta.password);
	ESP_ERROR_CHECK(esp_wifi_set_mode(WIFI_MODE_STA));
	ESP_ERROR_CHECK(esp_wifi_set_config(WIFI_IF_STA, &sta));
	ESP_ERROR_CHECK(esp_wifi_start());
}

void app_main(void)
{
	struct usrdtu_esp_config cfg = USRDTU_ESP_CONFIG_DEFAULT;
	esp_err_t err = nvs_flash_init();

	/* NVS holds the Wi-Fi driver's data (the DTU's settings are in their
	 * own partition); a full or newer-format NVS is erased and retried. */
	if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
		ESP_ERROR_CHECK(nvs_flash_erase());
		err = nvs_flash_init();
	}
	ESP_ERROR_CHECK(err);
	start_wifi();

	cfg.profile = usrdtu_profile_find(CONFIG_EXAMPLE_DTU_PROFILE);
	cfg.uart = CONFIG_EXAMPLE_DTU_UART;
	cfg.tx_pin = CONFIG_EXAMPLE_DTU_TX_PIN;
	cfg.rx_pin = CONFIG_EXAMPLE_DTU_RX_PIN;
	cfg.rts_pin = CONFIG_EXAMPLE_DTU_RTS_PIN;
	cfg.cts_pin = CONFIG_EXAMPLE_DTU_CTS_PIN;
	cfg.partition_label = "usrdtu";
	/* A profile left out of the build is not found: stop here, loudly. */
	ESP_ERROR_CHECK(cfg.profile != NULL ? ESP_OK : ESP_ERR_NOT_FOUND);
	ESP_ERROR_CHECK(usrdtu_esp_start(&dtu, &cfg) == 0 ? ESP_OK : ESP_FAIL);
}
