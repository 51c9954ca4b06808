/*
 * ports/arduino (UsrDtu) on the host: the port's C++ compiled against
 * stand-ins for the Arduino core (tests/arduino/fake/: a virtual millis(),
 * a HardwareSerial with scripted input, EEPROM cells, Client and UDP
 * doubles written here) and the library as the tests build it (all
 * profiles, default options). The AVR build of the same file against the
 * real core is scripts/arduino_build.sh.
 *
 * What is checked: the serial port is opened with the stored line settings,
 * or at the stored baud rate 8N1 when the UART cannot do them;
 * +++/a and AT commands over the serial port; settings saved in EEPROM
 * survive a new instance (power cycle); a TCP client connects from loop(),
 * carries serial frames out and network bytes in, and reconnects after the
 * peer closed; a UDP client socket; sockets the port cannot open (a TCP
 * server, a client without a Client attached) fail and are counted.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
extern "C" { /* cmocka.h does not say it is C */
#include <cmocka.h>
}

#include <string>
#include <vector>

#include "UsrDtu.h"
#include <EEPROM.h>

uint32_t fake_millis;
FakeEeprom EEPROM;

unsigned long millis(void)
{
	return fake_millis;
}

class FakeClient : public Client {
public:
	int connect(const char *host, uint16_t port) override
	{
		connects++;
		lastHost = host;
		lastPort = port;
		up = acceptConnect;
		return up ? 1 : 0;
	}
	size_t write(const uint8_t *buf, size_t size) override
	{
		sent.append((const char *)buf, size);
		return size;
	}
	int available() override { return (int)(inbound.size() - readPos); }
	int read(uint8_t *buf, size_t size) override
	{
		size_t n = inbound.size() - readPos;

		if (n > size)
			n = size;
		memcpy(buf, inbound.data() + readPos, n);
		readPos += n;
		return (int)n;
	}
	void stop() override
	{
		stops++;
		up = false;
	}
	uint8_t connected() override { return up ? 1 : 0; }

	bool acceptConnect = true;
	bool up = false;
	unsigned connects = 0;
	unsigned stops = 0;
	std::string lastHost;
	uint16_t lastPort = 0;
	std::string sent;
	std::string inbound;
	size_t readPos = 0;
};

class FakeUdp : public UDP {
public:
	uint8_t begin(uint16_t port) override
	{
		localPort = port;
		open = true;
		return 1;
	}
	void stop() override { open = false; }
	int beginPacket(const char *host, uint16_t port) override
	{
		packetHost = host;
		packetPort = port;
		building.clear();
		return 1;
	}
	int endPacket() override
	{
		datagrams.push_back(building);
		return 1;
	}
	size_t write(const uint8_t *buffer, size_t size) override
	{
		building.append((const char *)buffer, size);
		return size;
	}
	int parsePacket() override
	{
		if (pending.empty())
			return 0;
		current = pending.front();
		pending.erase(pending.begin());
		currentPos = 0;
		return (int)current.size();
	}
	int read(unsigned char *buffer, size_t len) override
	{
		size_t n = current.size() - currentPos;

		if (n > len)
			n = len;
		memcpy(buffer, current.data() + currentPos, n);
		currentPos += n;
		return (int)n;
	}

	bool open = false;
	uint16_t localPort = 0;
	std::string packetHost;
	uint16_t packetPort = 0;
	std::string building;
	std::vector<std::string> datagrams;
	std::vector<std::string> pending;
	std::string current;
	size_t currentPos = 0;
};

/* Large (struct usrdtu inside): static, as on the board. */
static HardwareSerial serial;
static FakeClient tcp;
static FakeUdp udp;
static UsrDtu *dtu;
static UsrDtu dtuA(serial);
static UsrDtu dtuB(serial);

static void advance(uint32_t ms)
{
	/* loop() at least every 10 ms, as a sketch's loop() runs */
	while (ms > 0) {
		uint32_t step = ms < 10 ? ms : 10;

		fake_millis += step;
		ms -= step;
		dtu->loop();
	}
}

/* Bytes arrive on the serial port; the sketch loops for a while. */
static void type(const std::string &bytes, uint32_t then_ms = 100)
{
	serial.push(bytes);
	dtu->loop();
	advance(then_ms);
}

static void enterCommand()
{
	advance(1000);
	type("+++");
	type("a");
	assert_true(usrdtu_in_command_mode(&dtu->engine()));
	serial.tx.clear();
}

/* An AT command line with CR; returns what the DTU answered. */
static std::string at(const std::string &line)
{
	serial.tx.clear();
	type(line + "\r");
	return serial.tx;
}

static void resetWorld()
{
	serial = HardwareSerial();
	tcp = FakeClient();
	udp = FakeUdp();
	EEPROM.erase_all();
	EEPROM.writes = 0;
	fake_millis = 5000;
}

/* Power on: a fresh instance on what the EEPROM holds. */
static void powerOn(UsrDtu &instance)
{
	dtu = &instance;
	dtu->attachTcp(0, tcp);
	dtu->attachUdp(0, udp);
	assert_int_equal(dtu->begin(usrdtu_profile_m0), 0);
}

static void test_boot_opens_serial_with_factory_settings(void **state)
{
	(void)state;
	resetWorld();
	powerOn(dtuA);
	assert_true(serial.began >= 1);
	assert_int_equal(serial.baud, 115200);
	assert_int_equal(serial.config, SERIAL_8N1);
	assert_false(usrdtu_in_command_mode(&dtu->engine()));
}

static void test_settings_survive_power_cycle_in_eeprom(void **state)
{
	(void)state;
	resetWorld();
	powerOn(dtuA);
	enterCommand();
	assert_string_equal(at("AT+E=off").c_str(), "AT+E=off\r\r\n+OK\r\n");
	/* m0 saves each accepted setting at once; it applies after a restart */
	assert_string_equal(at("AT+UART=9600,8,1,EVEN,NFC").c_str(), "\r\n+ok\r\n");
	assert_true(EEPROM.writes > 0);
	assert_int_equal(serial.baud, 115200);

	/* power cycle: another instance, the same EEPROM */
	serial = HardwareSerial();
	powerOn(dtuB);
	assert_int_equal(serial.baud, 9600);
	assert_int_equal(serial.config, SERIAL_8E1);
	enterCommand();
	assert_string_equal(at("AT+UART").c_str(), "\r\n+ok=9600,8,1,EVEN,NFC\r\n");
}

/* The AVR USART has no mark parity: the stored settings are refused and
 * the port is opened at the stored baud rate, 8N1, so that the host can
 * still reach the DTU and change them. */
static void test_refused_line_settings_fall_back_to_8n1(void **state)
{
	(void)state;
	resetWorld();
	powerOn(dtuA);
	enterCommand();
	at("AT+E=off");
	assert_string_equal(at("AT+UART=19200,8,1,MASK,NFC").c_str(), "\r\n+ok\r\n");

	serial = HardwareSerial();
	powerOn(dtuB);
	assert_int_equal(serial.began, 1);
	assert_int_equal(serial.baud, 19200);
	assert_int_equal(serial.config, SERIAL_8N1);
	enterCommand();
	/* the setting itself is kept as stored */
	assert_string_equal(at("AT+UART").c_str(), "\r\n+ok=19200,8,1,MASK,NFC\r\n");
}

static void test_tcp_client_carries_data_both_ways_and_reconnects(void **state)
{
	const struct usrdtu_sock_stats *st;

	(void)state;
	resetWorld();
	powerOn(dtuA);
	/* factory: NET mode, TCPC to 192.168.0.201:8234; loop() connects */
	advance(50);
	assert_int_equal(tcp.connects, 1);
	assert_string_equal(tcp.lastHost.c_str(), "192.168.0.201");
	assert_int_equal(tcp.lastPort, 8234);
	assert_int_equal(usrdtu_sock_state(&dtu->engine(), 0), USRDTU_SOCK_UP);

	type("hello", 200); /* a frame ends after the serial line went idle */
	assert_string_equal(tcp.sent.c_str(), "hello");

	tcp.inbound = "world";
	advance(20);
	assert_string_equal(serial.tx.c_str(), "world");

	/* the server goes away: CLOSED is reported, the socket reconnects */
	tcp.up = false;
	advance(20);
	assert_int_not_equal(usrdtu_sock_state(&dtu->engine(), 0), USRDTU_SOCK_UP);
	advance(10000);
	assert_int_equal(tcp.connects, 2);
	assert_int_equal(usrdtu_sock_state(&dtu->engine(), 0), USRDTU_SOCK_UP);
	st = usrdtu_get_sock_stats(&dtu->engine(), 0);
	assert_int_equal(st->connects, 2);
	assert_int_equal(st->tx_bytes, 5);
	assert_int_equal(st->rx_bytes, 5);
}

static void test_failed_connect_is_reported_and_retried(void **state)
{
	(void)state;
	resetWorld();
	tcp.acceptConnect = false;
	powerOn(dtuA);
	advance(50);
	assert_int_equal(tcp.connects, 1);
	assert_int_not_equal(usrdtu_sock_state(&dtu->engine(), 0), USRDTU_SOCK_UP);
	assert_true(usrdtu_get_sock_stats(&dtu->engine(), 0)->failures >= 1);
	advance(10000);
	assert_true(tcp.connects >= 2);
}

static void test_udp_client_socket(void **state)
{
	(void)state;
	resetWorld();
	powerOn(dtuA);
	enterCommand();
	at("AT+E=off");
	assert_string_equal(at("AT+SOCK=UDPC,10.0.0.7,9000").c_str(), "\r\n+ok\r\n");
	at("AT+Z");
	advance(50);
	assert_true(udp.open);
	assert_int_equal(udp.localPort, 49152); /* SOCKPORT 0: the port picks */
	assert_int_equal(usrdtu_sock_state(&dtu->engine(), 0), USRDTU_SOCK_UP);

	serial.tx.clear();
	type("ping", 200);
	assert_int_equal(udp.datagrams.size(), 1);
	assert_string_equal(udp.datagrams[0].c_str(), "ping");
	assert_string_equal(udp.packetHost.c_str(), "10.0.0.7");
	assert_int_equal(udp.packetPort, 9000);

	udp.pending.push_back("pong");
	advance(20);
	assert_string_equal(serial.tx.c_str(), "pong");
}

static void test_tcp_server_is_refused_and_counted(void **state)
{
	(void)state;
	resetWorld();
	powerOn(dtuA);
	advance(50);
	enterCommand();
	at("AT+E=off");
	assert_string_equal(at("AT+SOCK=TCPS,0.0.0.0,8000").c_str(), "\r\n+ok\r\n");
	at("AT+Z");
	tcp.connects = 0;
	advance(50);
	assert_int_equal(tcp.connects, 0);
	assert_int_not_equal(usrdtu_sock_state(&dtu->engine(), 0), USRDTU_SOCK_UP);
	assert_true(usrdtu_get_sock_stats(&dtu->engine(), 0)->failures >= 1);
}

static void test_client_without_attached_client_fails(void **state)
{
	(void)state;
	resetWorld();
	static UsrDtu bare(serial); /* nothing attached */

	dtu = &bare;
	assert_int_equal(bare.begin(usrdtu_profile_m0), 0);
	advance(50);
	assert_int_equal(tcp.connects, 0);
	assert_true(usrdtu_get_sock_stats(&bare.engine(), 0)->failures >= 1);
}

static void test_info_reports_what_was_set(void **state)
{
	(void)state;
	resetWorld();
	dtuA.setMac("025553520001");
	powerOn(dtuA);
	enterCommand();
	at("AT+E=off");
	assert_string_equal(at("AT+MAC").c_str(), "\r\n+ok=025553520001\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_opens_serial_with_factory_settings),
		cmocka_unit_test(test_settings_survive_power_cycle_in_eeprom),
		cmocka_unit_test(test_refused_line_settings_fall_back_to_8n1),
		cmocka_unit_test(test_tcp_client_carries_data_both_ways_and_reconnects),
		cmocka_unit_test(test_failed_connect_is_reported_and_retried),
		cmocka_unit_test(test_udp_client_socket),
		cmocka_unit_test(test_tcp_server_is_refused_and_counted),
		cmocka_unit_test(test_client_without_attached_client_fails),
		cmocka_unit_test(test_info_reports_what_was_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
