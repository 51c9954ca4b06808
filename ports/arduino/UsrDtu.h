/*
 * usrdtu on Arduino: one emulated DTU on a HardwareSerial port, with its
 * settings in EEPROM and its sockets on the core's Client (TCP) and UDP
 * interfaces (EthernetClient, WiFiClient, EthernetUDP, WiFiUDP ...).
 *
 *     EthernetClient tcp;
 *     EthernetUDP udp;
 *     UsrDtu dtu(Serial);
 *
 *     void setup() {
 *         Ethernet.begin(mac);
 *         dtu.attachTcp(0, tcp);        // socket A connects over tcp
 *         dtu.attachUdp(0, udp);        // ... or sends datagrams over udp
 *         dtu.begin(usrdtu_profile_m0);
 *     }
 *     void loop() { dtu.loop(); }
 *
 * The object holds `struct usrdtu` (see docs/porting.md for its size):
 * make it a global, never a local of setup() or loop().
 *
 * What the Arduino interfaces cannot do, and what the port does instead:
 * - Client::connect() blocks: the engine's sock_open only marks the socket,
 *   and loop() connects (blocking for the Client's own time-out) and then
 *   reports the outcome, outside any engine call.
 * - Client and UDP have no listening side: TCPS and UDPS sockets fail to
 *   open (the engine counts the failure and retries at its interval).
 * - HardwareSerial has no mark/space parity, RTS/CTS or RS485 control:
 *   uart_config refuses those (a network request is then counted in
 *   rfc_refused and the port stays as it was; at boot the port opens at the
 *   stored baud rate, 8N1, so that the host can reach the DTU).
 */
#ifndef USRDTU_ARDUINO_H
#define USRDTU_ARDUINO_H

#include <Arduino.h>
#include <Client.h>
#include <Udp.h>

#include "usrdtu/usrdtu.h"

class UsrDtu {
public:
	/* serial: the port the host talks AT and data on. eepromBase: first
	 * EEPROM byte of the two settings slots, which take eepromBytes bytes
	 * (0 = the rest of the EEPROM), split in halves. */
	explicit UsrDtu(HardwareSerial &serial, uint16_t eepromBase = 0, uint16_t eepromBytes = 0);

	/* Socket 0-3 (A-D) uses this Client for TCP client connections and
	 * this UDP for UDP client sockets. Attach before begin(); a socket with
	 * neither fails to open when its settings enable it. */
	void attachTcp(unsigned socket, Client &client);
	void attachUdp(unsigned socket, UDP &udp);

	/* Optional device facts: the text AT+SN?, AT+MAC? ... report. NULL
	 * (the default) makes those commands answer the profile's error. */
	void setSerialNumber(const char *sn) { sn_ = sn; }
	void setMac(const char *mac12hex) { mac_ = mac12hex; }
	void setImei(const char *imei) { imei_ = imei; }

	/* Binds the DTU to a profile, loads the saved settings from EEPROM (the
	 * factory defaults when none are stored) and boots: the serial port is
	 * opened with the stored line settings and the start message printed.
	 * Returns 0 or a negative enum usrdtu_err. */
	int begin(const struct usrdtu_profile &profile);

	/* Call from loop(), as often as possible: reads the serial port and
	 * the sockets, connects sockets that asked to, runs the engine's timers. */
	void loop();

	struct usrdtu &engine() { return dtu_; }
	const struct usrdtu_stats &stats() const { return *usrdtu_get_stats(&dtu_); }

private:
	enum LinkState : uint8_t {
		LINK_IDLE = 0,       /* closed, or never opened */
		LINK_CONNECT_DUE,    /* sock_open asked; loop() connects */
		LINK_UP_UNREPORTED,  /* opened (UDP); loop() reports CONNECTED */
		LINK_UP              /* connected and reported */
	};
	struct Link {
		Client *tcp;
		UDP *udp;
		char host[USRDTU_HOST_LEN + 1]; /* copied: the request's text lives in the engine */
		uint16_t port;
		uint8_t proto;       /* enum usrdtu_proto of the open request */
		uint8_t state;       /* enum LinkState */
	};

	static int halSerialWrite(void *ctx, const uint8_t *data, size_t len);
	static uint32_t halNow(void *ctx);
	static int halFlashRead(void *ctx, unsigned slot, uint32_t offset, uint8_t *buf, size_t len);
	static int halFlashErase(void *ctx, unsigned slot);
	static int halFlashWrite(void *ctx, unsigned slot, uint32_t offset, const uint8_t *data,
				 size_t len);
	static int halInfo(void *ctx, enum usrdtu_info item, unsigned index, char *buf, size_t cap);
	static int halUartConfig(void *ctx, const struct usrdtu_uart_config *cfg);
	static int halSockOpen(void *ctx, unsigned socket, const struct usrdtu_sock_request *req);
	static int halSockSend(void *ctx, unsigned link, const uint8_t *data, size_t len);
	static void halSockClose(void *ctx, unsigned link);


	bool slotRange(unsigned slot, uint32_t offset, size_t len, uint16_t *addr) const;
	void pollSerial();
	void pollLink(unsigned socket);

	HardwareSerial &serial_;
	uint16_t eepromBase_;
	uint16_t eepromBytes_;
	uint16_t slotSize_;
	const char *sn_;
	const char *mac_;
	const char *imei_;
	bool serialOpen_;     /* uart_config opened the serial port */
	struct usrdtu_hal hal_;
	Link links_[USRDTU_SOCKETS];
	struct usrdtu dtu_;
};

#endif /* USRDTU_ARDUINO_H */
