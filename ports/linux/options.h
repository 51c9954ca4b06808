/*
 * The command line of the Linux program.
 */
#ifndef USRDTU_LINUX_OPTIONS_H
#define USRDTU_LINUX_OPTIONS_H

#include "usrdtu/usrdtu.h"

#define OPTIONS_DEFAULT_PROFILE "gprs232"
#define OPTIONS_DEFAULT_STATE "usrdtu-state.bin"

/* Where the emulated serial port's bytes come from and go to. */
enum transport_kind {
	TRANSPORT_STDIO = 0, /* stdin and stdout */
	TRANSPORT_SERIAL,    /* a real tty (--serial DEV) */
	TRANSPORT_PTY        /* a new pseudo-terminal, symlinked (--pty-link PATH) */
};

struct options {
	const struct usrdtu_profile *profile;
	const char *profile_name;
	enum transport_kind transport;
	const char *serial_path; /* TRANSPORT_SERIAL: the device */
	const char *pty_link;    /* TRANSPORT_PTY: where the symlink goes */
	int no_net;              /* --no-net: sockets stay down, frames are dropped */
	const char *modem_path;  /* --modem DEV: the AT modem that carries SMS; NULL: none */
	const char *state_path;
	/* NULL: not given, and the program must not make one up */
	const char *imei;
	const char *iccid;
	const char *sn;
	int verbose;
	uint16_t ntp_port;       /* --ntp-port: where NTP requests go; 0 = the engine's (123) */
};

enum options_result {
	OPTIONS_RUN,      /* start the device */
	OPTIONS_EXIT_OK,  /* --help or --version was printed */
	OPTIONS_EXIT_USAGE /* bad command line: usage is on stderr */
};

#define EXIT_USAGE 2

enum options_result options_parse(struct options *opt, int argc, char **argv);

#endif /* USRDTU_LINUX_OPTIONS_H */
