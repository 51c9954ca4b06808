/*
 * A stand-in for the few parts of the Arduino core that ports/arduino uses,
 * written for tests/arduino/test_arduino_port.cpp: a virtual clock for
 * millis() and a HardwareSerial with scripted input and captured output.
 * Not the Arduino API: only what UsrDtu.cpp calls, with the same
 * signatures. The real core compiles the port in scripts/arduino_build.sh.
 */
#ifndef FAKE_ARDUINO_H
#define FAKE_ARDUINO_H

#include <stddef.h>
#include <stdint.h>
#include <string>

typedef uint8_t byte;

extern uint32_t fake_millis; /* the virtual clock, in ms */
unsigned long millis(void);

/* Frame formats: the values are the AVR core's (UCSRnC bits). */
#define SERIAL_5N1 0x00
#define SERIAL_6N1 0x02
#define SERIAL_7N1 0x04
#define SERIAL_8N1 0x06
#define SERIAL_5N2 0x08
#define SERIAL_6N2 0x0A
#define SERIAL_7N2 0x0C
#define SERIAL_8N2 0x0E
#define SERIAL_5E1 0x20
#define SERIAL_6E1 0x22
#define SERIAL_7E1 0x24
#define SERIAL_8E1 0x26
#define SERIAL_5E2 0x28
#define SERIAL_6E2 0x2A
#define SERIAL_7E2 0x2C
#define SERIAL_8E2 0x2E
#define SERIAL_5O1 0x30
#define SERIAL_6O1 0x32
#define SERIAL_7O1 0x34
#define SERIAL_8O1 0x36
#define SERIAL_5O2 0x38
#define SERIAL_6O2 0x3A
#define SERIAL_7O2 0x3C
#define SERIAL_8O2 0x3E

class HardwareSerial {
public:
	void begin(unsigned long baud) { begin(baud, SERIAL_8N1); }
	void begin(unsigned long baud, uint8_t config)
	{
		began++;
		this->baud = baud;
		this->config = config;
	}
	int available() { return (int)(rx.size() - rx_pos); }
	int read() { return rx_pos < rx.size() ? (uint8_t)rx[rx_pos++] : -1; }
	size_t write(const uint8_t *data, size_t len)
	{
		tx.append((const char *)data, len);
		return len;
	}
	void flush() { flushes++; }

	/* test side */
	void push(const std::string &bytes) { rx += bytes; }
	std::string rx;
	size_t rx_pos = 0;
	std::string tx;
	unsigned began = 0;
	unsigned long baud = 0;
	uint8_t config = 0xFF;
	unsigned flushes = 0;
};

#endif /* FAKE_ARDUINO_H */
