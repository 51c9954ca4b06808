/*
 * The usrdtu HAL on Arduino's HardwareSerial, millis(), EEPROM, Client and
 * UDP. See UsrDtu.h for what it does and does not do, docs/porting.md
 * ("Arduino") for how it is built.
 */
#include "UsrDtu.h"

#include <EEPROM.h>
#include <string.h>

/* Bytes read from the serial port, or from a socket, per engine call. A
 * datagram or TCP read longer than this reaches the engine in several calls:
 * a network AT command (NATEN) must fit in one. */
#ifndef USRDTU_ARDUINO_RX_CHUNK
#define USRDTU_ARDUINO_RX_CHUNK 64
#endif

/* Local UDP port of socket n when its settings ask for none: 49152 + n
 * (the start of the dynamic range), so that every socket has its own. */
#define USRDTU_ARDUINO_UDP_BASE_PORT 49152u


UsrDtu::UsrDtu(HardwareSerial &serial, uint16_t eepromBase, uint16_t eepromBytes)
	: serial_(serial), eepromBase_(eepromBase), eepromBytes_(eepromBytes), slotSize_(0),
	  sn_(NULL), mac_(NULL), imei_(NULL), serialOpen_(false)
{
	memset(links_, 0, sizeof links_);
	memset(&hal_, 0, sizeof hal_);
}

void UsrDtu::attachTcp(unsigned socket, Client &client)
{
	if (socket < USRDTU_SOCKETS)
		links_[socket].tcp = &client;
}

void UsrDtu::attachUdp(unsigned socket, UDP &udp)
{
	if (socket < USRDTU_SOCKETS)
		links_[socket].udp = &udp;
}

int UsrDtu::begin(const struct usrdtu_profile &profile)
{
	uint32_t total = EEPROM.length();
	uint32_t bytes = eepromBytes_;

	if (eepromBase_ < total) {
		if (bytes == 0 || bytes > total - eepromBase_)
			bytes = total - eepromBase_;
	} else {
		bytes = 0;
	}
	slotSize_ = (uint16_t)(bytes / 2u);
	/* The HAL is per instance: the slot size is a member of it. Members
	 * left NULL: action (no PING, no SIM), frame_out (frames go to the
	 * sockets), random (the engine seeds its own), restarted. */
	memset(&hal_, 0, sizeof hal_);
	hal_.serial_write = halSerialWrite;
	hal_.now_ms = halNow;
	if (slotSize_ > 0) {
		/* Without EEPROM the settings live in RAM only (AT+S still
		 * restarts with them). */
		hal_.flash_read = halFlashRead;
		hal_.flash_erase = halFlashErase;
		hal_.flash_write = halFlashWrite;
		hal_.flash_slot_size = slotSize_;
	}
	hal_.info = halInfo;
	hal_.uart_config = halUartConfig;
	hal_.sock_open = halSockOpen;
	hal_.sock_send = halSockSend;
	hal_.sock_close = halSockClose;
	serialOpen_ = false;
	int rc = usrdtu_init(&dtu_, &profile, &hal_, this);
	if (!serialOpen_) {
		/* The stored line settings were refused (mark/space parity,
		 * hardware flow control): open the port at the stored baud rate,
		 * 8N1, so that the host can still reach the DTU to change them. */
		serial_.begin(usrdtu_active_settings(&dtu_)->uart.baud);
		serialOpen_ = true;
	}
	return rc;
}

void UsrDtu::loop()
{
	unsigned socket;

	pollSerial();
	for (socket = 0; socket < USRDTU_SOCKETS; socket++)
		pollLink(socket);
	usrdtu_poll(&dtu_, millis());
}

void UsrDtu::pollSerial()
{
	uint8_t buf[USRDTU_ARDUINO_RX_CHUNK];
	size_t n = 0;

	/* What has arrived by now, at most one buffer: bytes of one call are
	 * taken to have arrived together (framing and +++ use the time). */
	while (n < sizeof buf && serial_.available() > 0) {
		int c = serial_.read();

		if (c < 0)
			break;
		buf[n++] = (uint8_t)c;
	}
	if (n > 0)
		usrdtu_serial_rx(&dtu_, buf, n, millis());
}

void UsrDtu::pollLink(unsigned socket)
{
	Link &link = links_[socket];
	uint8_t buf[USRDTU_ARDUINO_RX_CHUNK];

	switch (link.state) {
	case LINK_CONNECT_DUE:
		/* Client::connect() blocks: done here, outside the engine. */
		if (link.tcp->connect(link.host, link.port) == 1) {
			link.state = LINK_UP;
			usrdtu_sock_event(&dtu_, socket, USRDTU_SOCK_CONNECTED, millis());
		} else {
			link.tcp->stop();
			link.state = LINK_IDLE;
			usrdtu_sock_event(&dtu_, socket, USRDTU_SOCK_FAILED, millis());
		}
		break;
	case LINK_UP_UNREPORTED:
		link.state = LINK_UP;
		usrdtu_sock_event(&dtu_, socket, USRDTU_SOCK_CONNECTED, millis());
		break;
	case LINK_UP:
		if (link.proto == USRDTU_PROTO_UDPC) {
			int size = link.udp->parsePacket();
			int left = size;

			/* Bounded by the datagram's size: read() takes at least one
			 * byte per round or the loop ends. */
			while (left > 0) {
				int n = link.udp->read(buf, (size_t)left < sizeof buf ? (size_t)left : sizeof buf);

				if (n <= 0)
					break;
				left -= n;
				usrdtu_sock_rx(&dtu_, socket, buf, (size_t)n, millis());
				if (link.state != LINK_UP)
					break; /* the engine closed it while handling the bytes */
			}
		} else {
			int avail = link.tcp->available();

			if (avail > 0) {
				int n = link.tcp->read(buf, (size_t)avail < sizeof buf ? (size_t)avail : sizeof buf);

				if (n > 0)
					usrdtu_sock_rx(&dtu_, socket, buf, (size_t)n, millis());
			} else if (!link.tcp->connected()) {
				link.tcp->stop();
				link.state = LINK_IDLE;
				usrdtu_sock_event(&dtu_, socket, USRDTU_SOCK_CLOSED, millis());
			}
		}
		break;
	default:
		break;
	}
}

int UsrDtu::halSerialWrite(void *ctx, const uint8_t *data, size_t len)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);

	/* HardwareSerial::write waits for room in its buffer: all is taken. */
	return (int)self->serial_.write(data, len);
}

uint32_t UsrDtu::halNow(void *ctx)
{
	(void)ctx;
	return millis();
}

bool UsrDtu::slotRange(unsigned slot, uint32_t offset, size_t len, uint16_t *addr) const
{
	if (slot > 1u || offset > slotSize_ || len > slotSize_ - offset)
		return false;
	*addr = (uint16_t)(eepromBase_ + slot * slotSize_ + offset);
	return true;
}

int UsrDtu::halFlashRead(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);
	uint16_t addr;
	size_t i;

	if (!self->slotRange(slot, offset, len, &addr))
		return USRDTU_ERR_INVAL;
	for (i = 0; i < len; i++)
		buf[i] = EEPROM.read((int)(addr + i));
	return (int)len;
}

int UsrDtu::halFlashErase(void *ctx, unsigned slot)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);
	uint16_t addr;
	uint16_t i;

	if (!self->slotRange(slot, 0, self->slotSize_, &addr))
		return USRDTU_ERR_INVAL;
	/* update() skips cells that already hold 0xFF: no wear for those. */
	for (i = 0; i < self->slotSize_; i++)
		EEPROM.update((int)(addr + i), 0xFF);
	return 0;
}

int UsrDtu::halFlashWrite(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data, size_t len)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);
	uint16_t addr;
	size_t i;

	if (!self->slotRange(slot, offset, len, &addr))
		return USRDTU_ERR_INVAL;
	for (i = 0; i < len; i++)
		EEPROM.update((int)(addr + i), data[i]);
	return (int)len;
}

/* Copies text into buf (no NUL needed): its length, or an error if unknown. */
static int putText(const char *text, char *buf, size_t cap)
{
	size_t len;

	if (text == NULL)
		return USRDTU_ERR_NOENT;
	len = strlen(text);
	if (len > cap)
		return USRDTU_ERR_NOSPC;
	memcpy(buf, text, len);
	return (int)len;
}

int UsrDtu::halInfo(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);

	(void)index;
	switch (item) {
	case USRDTU_INFO_VERSION:
		return putText("usrdtu-arduino-" USRDTU_VERSION_STRING, buf, cap);
	case USRDTU_INFO_SN:
		return putText(self->sn_, buf, cap);
	case USRDTU_INFO_IMEI:
		return putText(self->imei_, buf, cap);
	case USRDTU_INFO_MAC:
		return putText(self->mac_, buf, cap);
	default:
		return USRDTU_ERR_NOENT;
	}
}

int UsrDtu::halUartConfig(void *ctx, const struct usrdtu_uart_config *cfg)
{
	/* HardwareSerial's frame formats, by [parity][stop bits - 1][data bits - 5].
	 * AVR's are bytes (and const data sits in RAM there); other cores'
	 * are wider. */
#if defined(ARDUINO_ARCH_AVR)
	typedef uint8_t SerialFormat;
#else
	typedef uint32_t SerialFormat;
#endif
	static const SerialFormat formats[3][2][4] = {
		{ { SERIAL_5N1, SERIAL_6N1, SERIAL_7N1, SERIAL_8N1 },
		  { SERIAL_5N2, SERIAL_6N2, SERIAL_7N2, SERIAL_8N2 } },
		{ { SERIAL_5O1, SERIAL_6O1, SERIAL_7O1, SERIAL_8O1 },
		  { SERIAL_5O2, SERIAL_6O2, SERIAL_7O2, SERIAL_8O2 } },
		{ { SERIAL_5E1, SERIAL_6E1, SERIAL_7E1, SERIAL_8E1 },
		  { SERIAL_5E2, SERIAL_6E2, SERIAL_7E2, SERIAL_8E2 } },
	};
	UsrDtu *self = static_cast<UsrDtu *>(ctx);

	if (cfg->data_bits < 5 || cfg->data_bits > 8 || cfg->stop_bits < 1 || cfg->stop_bits > 2 ||
	    cfg->parity > USRDTU_PARITY_EVEN || cfg->flow != USRDTU_FLOW_NONE || cfg->baud == 0)
		return USRDTU_ERR_NOTSUP;
	self->serial_.flush(); /* the reply in flight leaves at the old settings */
	self->serial_.begin(cfg->baud, formats[cfg->parity][cfg->stop_bits - 1][cfg->data_bits - 5]);
	self->serialOpen_ = true;
	return 0;
}

int UsrDtu::halSockOpen(void *ctx, unsigned socket, const struct usrdtu_sock_request *req)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);
	size_t hostLen;

	if (socket >= USRDTU_SOCKETS)
		return USRDTU_ERR_INVAL;
	Link &link = self->links_[socket];
	hostLen = strlen(req->host);
	if (hostLen >= sizeof link.host)
		return USRDTU_ERR_INVAL;
	memcpy(link.host, req->host, hostLen + 1);
	link.port = req->port;
	link.proto = req->proto;
	switch (req->proto) {
	case USRDTU_PROTO_TCPC:
		if (link.tcp == NULL)
			return USRDTU_ERR_NOTSUP;
		link.state = LINK_CONNECT_DUE;
		return 0;
	case USRDTU_PROTO_UDPC: {
		uint16_t local = req->local_port != 0 ? req->local_port
						      : (uint16_t)(USRDTU_ARDUINO_UDP_BASE_PORT + socket);

		if (link.udp == NULL)
			return USRDTU_ERR_NOTSUP;
		if (link.udp->begin(local) != 1)
			return USRDTU_ERR_IO;
		link.state = LINK_UP_UNREPORTED;
		return 0;
	}
	default:
		/* TCPS, UDPS, HTPC: Arduino's Client and UDP cannot listen. */
		return USRDTU_ERR_NOTSUP;
	}
}

int UsrDtu::halSockSend(void *ctx, unsigned link, const uint8_t *data, size_t len)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);
	Link *l;

	if (link >= USRDTU_SOCKETS)
		return USRDTU_ERR_INVAL; /* no server clients on this port */
	l = &self->links_[link];
	if (l->state != LINK_UP && l->state != LINK_UP_UNREPORTED)
		return USRDTU_ERR_IO;
	if (l->proto == USRDTU_PROTO_UDPC) {
		/* One datagram per call: all or nothing. */
		if (l->udp->beginPacket(l->host, l->port) != 1 || l->udp->write(data, len) != len ||
		    l->udp->endPacket() != 1)
			return USRDTU_ERR_IO;
		return (int)len;
	}
	if (!l->tcp->connected())
		return USRDTU_ERR_IO;
	/* Fewer bytes than len (0 too) is "would block": the engine keeps the
	 * rest and tries again on its next poll. */
	return (int)l->tcp->write(data, len);
}

void UsrDtu::halSockClose(void *ctx, unsigned link)
{
	UsrDtu *self = static_cast<UsrDtu *>(ctx);
	Link *l;

	if (link >= USRDTU_SOCKETS)
		return;
	l = &self->links_[link];
	if (l->state != LINK_IDLE) {
		if (l->proto == USRDTU_PROTO_UDPC)
			l->udp->stop();
		else if (l->state != LINK_CONNECT_DUE)
			l->tcp->stop();
	}
	l->state = LINK_IDLE;
}
