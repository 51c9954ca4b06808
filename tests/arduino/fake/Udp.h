/* Stand-in for the Arduino core's UDP interface: the members UsrDtu.cpp
 * calls, with the core's signatures (see fake/Arduino.h). */
#ifndef FAKE_UDP_H
#define FAKE_UDP_H

#include "Arduino.h"

class UDP {
public:
	virtual ~UDP() {}
	virtual uint8_t begin(uint16_t port) = 0;
	virtual void stop() = 0;
	virtual int beginPacket(const char *host, uint16_t port) = 0;
	virtual int endPacket() = 0;
	virtual size_t write(const uint8_t *buffer, size_t size) = 0;
	virtual int parsePacket() = 0;
	virtual int read(unsigned char *buffer, size_t len) = 0;
};

#endif /* FAKE_UDP_H */
