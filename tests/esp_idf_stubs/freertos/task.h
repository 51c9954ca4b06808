/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/system/freertos_idf.html (Task API) */
#ifndef STUB_FREERTOS_TASK_H
#define STUB_FREERTOS_TASK_H
#include "freertos/FreeRTOS.h"
struct tskTaskControlBlock;
typedef struct tskTaskControlBlock *TaskHandle_t;
typedef void (*TaskFunction_t)(void *);
/* ESP-IDF: an inline wrapper over xTaskCreatePinnedToCore; the stack depth
 * is in bytes (configSTACK_DEPTH_TYPE is uint32_t). */
BaseType_t xTaskCreate(TaskFunction_t pxTaskCode, const char *const pcName,
		       const uint32_t usStackDepth, void *const pvParameters,
		       UBaseType_t uxPriority, TaskHandle_t *const pxCreatedTask);
void vTaskDelay(const TickType_t xTicksToDelay);
#endif
