/*
 * SerialDtu: the Arduino becomes a USR DTU on Serial.
 *
 * The host on Serial types `+++`, `a` and AT commands (the m0 dialect here:
 * AT+SOCKA="TCPC",host,port, AT+WKMOD="NET", AT+S ...) and, in NET mode,
 * sends data that goes out over socket A. Settings are kept in EEPROM and
 * survive a power cut at any byte.
 *
 * The network: with the Ethernet library (W5100/W5500 shield) socket A is an
 * EthernetClient for TCP and an EthernetUDP for UDP; with the WiFi library
 * (WiFi shield) a WiFiClient and WiFiUDP. Without either the DTU still
 * answers AT commands and keeps its settings, and its sockets fail to open
 * (counted, and retried at the reconnect interval).
 *
 * Needs a board with 8 KB of RAM or more (Arduino Mega 2560): the engine
 * keeps two copies of the settings and a frame buffer, see docs/porting.md.
 */
#include <UsrDtu.h>

#if defined(__has_include)
#if __has_include(<Ethernet.h>)
#include <SPI.h>
#include <Ethernet.h>
#define SERIALDTU_ETHERNET 1
#elif __has_include(<WiFi.h>)
#include <WiFi.h>
#define SERIALDTU_WIFI 1
#endif
#endif

UsrDtu dtu(Serial);

#if defined(SERIALDTU_ETHERNET)
/* Put the MAC printed on your shield here. */
byte mac[] = { 0x02, 0x55, 0x53, 0x52, 0x00, 0x01 };
EthernetClient tcp;
EthernetUDP udp;
#elif defined(SERIALDTU_WIFI)
const char ssid[] = "your-network";
const char pass[] = "your-password";
WiFiClient tcp;
WiFiUDP udp;
#endif

void setup()
{
#if defined(SERIALDTU_ETHERNET)
	Ethernet.begin(mac); /* DHCP */
	dtu.attachTcp(0, tcp);
	dtu.attachUdp(0, udp);
	dtu.setMac("025553520001");
#elif defined(SERIALDTU_WIFI)
	WiFi.begin(ssid, pass);
	dtu.attachTcp(0, tcp);
	dtu.attachUdp(0, udp);
#endif
	dtu.setSerialNumber("ARDUINO0001");
	/* Opens Serial with the stored baud rate (115200 from the factory),
	 * prints the start message and enters the stored work mode. */
	dtu.begin(usrdtu_profile_m0);
}

void loop()
{
	dtu.loop();
}
