/*
 * usrdtu options from ESP-IDF's menuconfig.
 *
 * The top-level CMakeLists.txt, when ESP-IDF builds it as a component,
 * passes -DUSRDTU_CFG_OPTS_FILE="usrdtu_idf_config.h" to the component and
 * to everything that links it, so include/usrdtu/config.h reads this file
 * first and the library and the application agree on struct usrdtu.
 * sdkconfig.h defines CONFIG_USRDTU_<X>; usrdtu/config_kconfig.h, shared
 * with Zephyr, maps them to USRDTU_CFG_<X>. The port's own options
 * (CONFIG_USRDTU_ESP_*) are read by ports/esp-idf/ directly.
 */
#ifndef USRDTU_IDF_CONFIG_H
#define USRDTU_IDF_CONFIG_H

#include "sdkconfig.h"
#include "usrdtu/config_kconfig.h"

#endif /* USRDTU_IDF_CONFIG_H */
