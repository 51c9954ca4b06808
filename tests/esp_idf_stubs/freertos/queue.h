/* Stand-in. https://docs.espressif.com/projects/esp-idf/en/stable/esp32/api-reference/system/freertos_idf.html (Queue API) */
#ifndef STUB_FREERTOS_QUEUE_H
#define STUB_FREERTOS_QUEUE_H
#include "freertos/FreeRTOS.h"
struct QueueDefinition;
typedef struct QueueDefinition *QueueHandle_t;
/* Macros in FreeRTOS (over xQueueGenericCreate / xQueueGenericSend). */
QueueHandle_t xQueueCreate(UBaseType_t uxQueueLength, UBaseType_t uxItemSize);
BaseType_t xQueueSend(QueueHandle_t xQueue, const void *pvItemToQueue, TickType_t xTicksToWait);
BaseType_t xQueueReceive(QueueHandle_t xQueue, void *const pvBuffer, TickType_t xTicksToWait);
UBaseType_t uxQueueMessagesWaiting(const QueueHandle_t xQueue);
#endif
