/* posix_openpt and ptsname are XSI; CRTSCTS, CMSPAR and the RS485 ioctl
 * are outside POSIX. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif

#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#if defined(__linux__)
#include <linux/serial.h>
#endif

#include "fd.h"
#include "log.h"
#include "usrdtu/rfc2217.h"
#include "usrdtu/usrdtu.h"

static void transport_reset(struct transport *t, enum transport_kind kind, const char *name)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->name = name;
	t->in_fd = -1;
	t->out_fd = -1;
	t->termios_fd = -1;
	t->dev_fd = -1;
}

static int alloc_output(struct transport *t)
{
	if (bytebuf_init(&t->out, TRANSPORT_OUT_CAP) != 0) {
		log_error("%s: out of memory", t->name);
		return -1;
	}
	return 0;
}

int transport_open_stdio(struct transport *t)
{
	transport_reset(t, TRANSPORT_STDIO, "stdio");
	/* stdin and stdout keep their blocking mode: they are shared with
	 * whoever started the program, and O_NONBLOCK would leak to them */
	t->in_fd = STDIN_FILENO;
	t->out_fd = STDOUT_FILENO;
	return alloc_output(t);
}

/* Raw bytes: no line editing, no echo, no signals, no CR/LF mapping, reads
 * return whatever has arrived. What cfmakeraw does, in POSIX terms. */
static void make_raw(struct termios *tio)
{
	tio->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
				     IXOFF | IXANY | INPCK);
	tio->c_oflag &= ~(tcflag_t)OPOST;
	tio->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	tio->c_cflag |= CREAD | CLOCAL;
	tio->c_cc[VMIN] = 1;
	tio->c_cc[VTIME] = 0;
}

int transport_open_serial(struct transport *t, const char *path)
{
	struct termios tio;
	int fd;

	transport_reset(t, TRANSPORT_SERIAL, path);
	do
		fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		log_error("serial port %s: %s", path, strerror(errno));
		return -1;
	}
	if (!isatty(fd) || tcgetattr(fd, &tio) != 0) {
		log_error("serial port %s: not a terminal device", path);
		close(fd);
		return -1;
	}
	/* Raw at once: until the engine applies the UART setting at boot the
	 * line must not echo or translate what the host sends. */
	make_raw(&tio);
	if (tcsetattr(fd, TCSANOW, &tio) != 0)
		log_error("serial port %s: cannot set raw mode: %s", path, strerror(errno));
	tcflush(fd, TCIOFLUSH); /* whatever was waiting belonged to no one */
	t->in_fd = fd;
	t->out_fd = fd;
	t->termios_fd = fd;
	t->dev_fd = fd;
	return alloc_output(t);
}

/* Replaces a stale symlink from an earlier run; refuses to replace anything
 * else. */
static int place_link(const char *link_path, const char *target)
{
	struct stat st;

	if (lstat(link_path, &st) == 0) {
		if (!S_ISLNK(st.st_mode)) {
			log_error("--pty-link %s: exists and is not a symlink; not replacing it",
				  link_path);
			return -1;
		}
		if (unlink(link_path) != 0) {
			log_error("--pty-link %s: cannot remove the old link: %s", link_path,
				  strerror(errno));
			return -1;
		}
	}
	if (symlink(target, link_path) != 0) {
		log_error("--pty-link %s: %s", link_path, strerror(errno));
		return -1;
	}
	return 0;
}

int transport_open_pty(struct transport *t, const char *link_path)
{
	struct termios tio;
	const char *slave_name;
	int master, slave;

	transport_reset(t, TRANSPORT_PTY, "pty");
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 ||
	    (slave_name = ptsname(master)) == NULL || strlen(slave_name) >= sizeof t->pty_name) {
		log_error("cannot create a pseudo-terminal: %s", strerror(errno));
		if (master >= 0)
			close(master);
		return -1;
	}
	memcpy(t->pty_name, slave_name, strlen(slave_name) + 1);
	t->name = t->pty_name;
	/* The program keeps the slave open itself: the master then never sees
	 * a hang-up when the host program closes its end and opens it again,
	 * and the line settings stay put in between. */
	do
		slave = open(t->pty_name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	while (slave < 0 && errno == EINTR);
	if (slave < 0 || fd_nonblock_cloexec(master) != 0 || tcgetattr(slave, &tio) != 0) {
		log_error("pseudo-terminal %s: %s", t->pty_name, strerror(errno));
		if (slave >= 0)
			close(slave);
		close(master);
		return -1;
	}
	make_raw(&tio);
	if (tcsetattr(slave, TCSANOW, &tio) != 0)
		log_error("pseudo-terminal %s: cannot set raw mode: %s", t->pty_name, strerror(errno));
	if (place_link(link_path, t->pty_name) != 0) {
		close(slave);
		close(master);
		return -1;
	}
	t->link_path = link_path;
	t->in_fd = master;
	t->out_fd = master;
	t->termios_fd = slave;
	t->dev_fd = master;
	return alloc_output(t);
}

ssize_t transport_read(struct transport *t, uint8_t *buf, size_t cap)
{
	ssize_t n;

	if (t->in_fd < 0)
		return 0;
	n = read(t->in_fd, buf, cap);
	if (n > 0) {
		t->rx_bytes += (uint64_t)n;
		return n;
	}
	if (n == 0)
		return 0;
	if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
		return TRANSPORT_READ_AGAIN;
	log_error("%s: read failed: %s", t->name, strerror(errno));
	return TRANSPORT_READ_ERROR;
}

static void mark_broken(struct transport *t, const char *why)
{
	if (!t->out_broken)
		log_error("%s: output failed (%s); later serial output is discarded", t->name, why);
	t->out_broken = 1;
	t->tx_lost += t->out.len;
	bytebuf_clear(&t->out);
}

size_t transport_write(struct transport *t, const uint8_t *data, size_t len)
{
	size_t taken;

	if (t->out_broken) {
		t->tx_lost += len;
		return 0;
	}
	taken = bytebuf_push(&t->out, data, len);
	if (taken < len) {
		if (t->tx_lost == 0)
			log_error("%s: the reader does not keep up; serial output is lost", t->name);
		t->tx_lost += len - taken;
	}
	return taken;
}

int transport_flush(struct transport *t)
{
	long n;

	if (t->out.len == 0 || t->out_broken)
		return 0;
	n = bytebuf_write_fd(&t->out, t->out_fd);
	if (n < 0) {
		mark_broken(t, strerror(errno));
		return 0;
	}
	t->tx_bytes += (uint64_t)n;
	return t->out.len > 0;
}

void transport_drain(struct transport *t, int limit_ms)
{
	int waited = 0;

	while (transport_flush(t) && waited < limit_ms) {
		struct pollfd pfd;

		pfd.fd = t->out_fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 10) == 0)
			waited += 10;
	}
}

/* ---- line settings */

static int baud_constant(uint32_t baud, speed_t *out)
{
	static const struct {
		uint32_t rate;
		speed_t code;
	} rates[] = {
		{300, B300},	 {600, B600},	   {1200, B1200},     {2400, B2400},
		{4800, B4800},	 {9600, B9600},	   {19200, B19200},   {38400, B38400},
#ifdef B57600
		{57600, B57600}, {115200, B115200}, {230400, B230400},
#endif
#ifdef B460800
		{460800, B460800},
#endif
#ifdef B921600
		{921600, B921600},
#endif
	};
	size_t i;

	for (i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		if (rates[i].rate == baud) {
			*out = rates[i].code;
			return 0;
		}
	}
	return -1;
}

static int set_framing(struct termios *tio, const struct usrdtu_uart_config *cfg)
{
	static const tcflag_t sizes[4] = {CS5, CS6, CS7, CS8};

	if (cfg->data_bits < 5 || cfg->data_bits > 8)
		return -1;
	tio->c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB);
#ifdef CMSPAR
	tio->c_cflag &= ~(tcflag_t)CMSPAR;
#endif
	tio->c_cflag |= sizes[cfg->data_bits - 5];
	if (cfg->stop_bits == 2)
		tio->c_cflag |= CSTOPB;
	switch (cfg->parity) {
	case USRDTU_PARITY_NONE:
		break;
	case USRDTU_PARITY_ODD:
		tio->c_cflag |= PARENB | PARODD;
		break;
	case USRDTU_PARITY_EVEN:
		tio->c_cflag |= PARENB;
		break;
#ifdef CMSPAR
	/* "stick" parity: with CMSPAR, PARODD picks mark (1) over space (0) */
	case USRDTU_PARITY_MARK:
		tio->c_cflag |= PARENB | CMSPAR | PARODD;
		break;
	case USRDTU_PARITY_SPACE:
		tio->c_cflag |= PARENB | CMSPAR;
		break;
#endif
	default:
		return -1; /* mark or space on a system without CMSPAR */
	}
	/* The module does not check received parity (a wrong bit is data, as
	 * on the USR modules), so INPCK stays off: nothing is dropped. */
#ifdef CRTSCTS
	tio->c_cflag &= ~(tcflag_t)CRTSCTS;
	if (cfg->flow == USRDTU_FLOW_CRTS)
		tio->c_cflag |= CRTSCTS;
#else
	if (cfg->flow == USRDTU_FLOW_CRTS)
		return -1;
#endif
	return 0;
}

/* RS485: the driver switches the transceiver with RTS around each write,
 * holding it after the last byte for the manual's turnaround time at this
 * baud rate. A pty or an adapter without RS485 support says ENOTTY (or
 * EINVAL): the setting is then the adapter's business, and the rest still
 * applies. */
static void set_rs485(struct transport *t, int on, uint32_t baud)
{
#if defined(__linux__) && defined(TIOCSRS485)
	struct serial_rs485 rs;

	if (!on && !t->rs485_on)
		return; /* never switched on: leave the driver's own setting */
	memset(&rs, 0, sizeof rs);
	if (on) {
		rs.flags = SER_RS485_ENABLED | SER_RS485_RTS_ON_SEND;
		rs.delay_rts_after_send = usrdtu_rs485_turnaround_ms(baud);
	}
	if (ioctl(t->termios_fd, TIOCSRS485, &rs) == 0) {
		t->rs485_on = on;
		log_info("%s: RS485 mode %s", t->name, on ? "on" : "off");
	} else if (on) {
		log_info("%s: RS485 mode not available (%s); the adapter must switch direction itself",
			 t->name, strerror(errno));
	}
#else
	(void)t;
	(void)baud;
	if (on)
		log_info("RS485 mode is not supported on this system; the adapter must switch direction itself");
#endif
}

int transport_configure(struct transport *t, const struct usrdtu_uart_config *cfg)
{
	struct termios tio;
	speed_t speed;

	if (t->termios_fd < 0)
		return 0; /* stdin and stdout have no line to set: any setting will do */
	if (baud_constant(cfg->baud, &speed) != 0) {
		log_error("%s: %lu baud is not a rate this system can set", t->name,
			  (unsigned long)cfg->baud);
		return USRDTU_ERR_NOTSUP;
	}
	if (tcgetattr(t->termios_fd, &tio) != 0) {
		log_error("%s: cannot read the line settings: %s", t->name, strerror(errno));
		return USRDTU_ERR_IO;
	}
	make_raw(&tio);
	if (set_framing(&tio, cfg) != 0) {
		log_error("%s: %u data bits, parity %u, flow %u cannot be set here", t->name,
			  (unsigned)cfg->data_bits, (unsigned)cfg->parity, (unsigned)cfg->flow);
		return USRDTU_ERR_NOTSUP;
	}
	if (cfsetispeed(&tio, speed) != 0 || cfsetospeed(&tio, speed) != 0)
		return USRDTU_ERR_NOTSUP;
	/* Bytes already written (the OK before a restart) leave at the old
	 * settings, as on the module. A pty has no line to drain; a real
	 * line under hardware flow control could wait forever for CTS. */
	transport_drain(t, 1000);
	if (tcsetattr(t->termios_fd,
		      t->kind == TRANSPORT_SERIAL && cfg->flow != USRDTU_FLOW_CRTS ? TCSADRAIN : TCSANOW,
		      &tio) != 0) {
		log_error("%s: cannot set the line: %s", t->name, strerror(errno));
		return USRDTU_ERR_IO;
	}
	if (t->kind == TRANSPORT_SERIAL)
		set_rs485(t, cfg->flow == USRDTU_FLOW_RS485, cfg->baud);
	return 0;
}

static void remove_link(struct transport *t)
{
	char target[PATH_MAX];
	ssize_t n;

	if (t->link_path == NULL)
		return;
	/* only our own link: another program may have taken the name since */
	n = readlink(t->link_path, target, sizeof target - 1);
	if (n >= 0) {
		target[n] = '\0';
		if (strcmp(target, t->pty_name) == 0 && unlink(t->link_path) != 0)
			log_error("--pty-link %s: cannot remove: %s", t->link_path, strerror(errno));
	}
	t->link_path = NULL;
}

void transport_close(struct transport *t)
{
	/* stdin and stdout belong to whoever started the program: dev_fd and
	 * termios_fd are -1 for them */
	if (t->dev_fd >= 0)
		close(t->dev_fd);
	if (t->termios_fd >= 0 && t->termios_fd != t->dev_fd)
		close(t->termios_fd);
	t->dev_fd = -1;
	remove_link(t);
	t->in_fd = -1;
	t->out_fd = -1;
	t->termios_fd = -1;
	bytebuf_free(&t->out);
}
