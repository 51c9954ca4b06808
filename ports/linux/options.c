#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static const char usage_text[] =
	"usage: usrdtu [--profile gprs232|cat1|g781|m0]\n"
	"              [--stdio | --serial DEV | --pty-link PATH] [--state FILE]\n"
	"              [--imei N] [--iccid N] [--sn N] [--no-net] [--ntp-port N]\n"
	"              [--modem DEV]\n"
	"              [-v] [--help] [--version]\n"
	"\n"
	"Behaves like a USR IoT DTU on its serial port, speaking USR's AT protocol.\n"
	"\n"
	"  --profile NAME  device dialect to speak (default " OPTIONS_DEFAULT_PROFILE ")\n"
	"  --stdio         serial port = stdin (input) and stdout (output) (default)\n"
	"  --serial DEV    serial port = the tty DEV (a USB-serial adapter ...)\n"
	"  --pty-link PATH serial port = a new pseudo-terminal, symlinked at PATH\n"
	"                  (its name is printed on stderr; the link is removed at exit)\n"
	"  --state FILE    settings flash image, created if missing\n"
	"                  (default ./" OPTIONS_DEFAULT_STATE ")\n"
	"  --imei N        IMEI that AT+IMEI reports (15 digits)\n"
	"  --iccid N       ICCID that AT+ICCID reports (18 to 20 digits)\n"
	"  --sn N          serial number that AT+SN reports (1 to 32 letters, digits, - or _)\n"
	"  --no-net        no network: sockets never connect (frames are cached or dropped)\n"
	"  --modem DEV     AT modem (TS 27.005, PDU mode) on the tty DEV carries SMS:\n"
	"                  SMS work mode, SMS AT, AT+SMSEND (without it they fail)\n"
	"  --ntp-port N    send the NTP client's requests (cat1 NTPEN) to UDP port N\n"
	"                  instead of 123 (a test server without privileges)\n"
	"  -v              log more on stderr (repeat for more)\n"
	"  --help          show this help\n"
	"  --version       show the version\n"
	"\n"
	"Facts not given (IMEI, ICCID, SN) are answered with the profile's\n"
	"execution-failed error; nothing is made up.\n";

static int is_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	size_t i;

	if (n < min || n > max)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Letters, digits, '-' and '_': the reply prints the value as it is, so a
 * comma, quote or control byte would break the reply line. */
static int is_serial_number(const char *s)
{
	size_t n = strlen(s);
	size_t i;

	if (n < 1 || n > 32)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* Logs "SUBJECT: PROBLEM" and the usage. */
static enum options_result usage_error(const char *subject, const char *problem)
{
	log_error("%s: %s", subject, problem);
	fputs(usage_text, stderr);
	return OPTIONS_EXIT_USAGE;
}

/* Matches "--name" (value in the next argument) and "--name=value". */
static int match_valued(const char *arg, const char *name, int argc, char **argv, int *i,
			const char **value)
{
	size_t n = strlen(name);

	if (strncmp(arg, name, n) != 0)
		return 0;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return 1;
	}
	if (arg[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		*value = NULL;
		return 1;
	}
	*i += 1;
	*value = argv[*i];
	return 1;
}

enum options_result options_parse(struct options *opt, int argc, char **argv)
{
	int transports = 0;
	int i;

	memset(opt, 0, sizeof *opt);
	opt->profile_name = OPTIONS_DEFAULT_PROFILE;
	opt->transport = TRANSPORT_STDIO;
	opt->state_path = OPTIONS_DEFAULT_STATE;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *value;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			fputs(usage_text, stdout);
			return OPTIONS_EXIT_OK;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("usrdtu %s\n", USRDTU_VERSION_STRING);
			return OPTIONS_EXIT_OK;
		}
		if (strcmp(arg, "--stdio") == 0) {
			if (++transports > 1)
				return usage_error(arg, "only one of --stdio, --serial, --pty-link");
			opt->transport = TRANSPORT_STDIO;
			continue;
		}
		if (match_valued(arg, "--serial", argc, argv, &i, &value)) {
			if (value == NULL || value[0] == '\0')
				return usage_error("--serial", "needs a device, e.g. /dev/ttyUSB0");
			if (++transports > 1)
				return usage_error(arg, "only one of --stdio, --serial, --pty-link");
			opt->transport = TRANSPORT_SERIAL;
			opt->serial_path = value;
			continue;
		}
		if (match_valued(arg, "--pty-link", argc, argv, &i, &value)) {
			if (value == NULL || value[0] == '\0')
				return usage_error("--pty-link", "needs a path for the symlink");
			if (++transports > 1)
				return usage_error(arg, "only one of --stdio, --serial, --pty-link");
			opt->transport = TRANSPORT_PTY;
			opt->pty_link = value;
			continue;
		}
		if (match_valued(arg, "--modem", argc, argv, &i, &value)) {
			if (value == NULL || value[0] == '\0')
				return usage_error("--modem", "needs a device, e.g. /dev/ttyUSB2");
			opt->modem_path = value;
			continue;
		}
		if (strcmp(arg, "--no-net") == 0) {
			opt->no_net = 1;
			continue;
		}
		if (arg[0] == '-' && arg[1] == 'v' && strspn(arg + 1, "v") == strlen(arg + 1)) {
			opt->verbose += (int)strlen(arg + 1);
			continue;
		}
		if (strcmp(arg, "--verbose") == 0) {
			opt->verbose++;
			continue;
		}
		if (match_valued(arg, "--profile", argc, argv, &i, &value)) {
			if (value == NULL)
				return usage_error("--profile", "needs a profile name");
			opt->profile_name = value;
			continue;
		}
		if (match_valued(arg, "--state", argc, argv, &i, &value)) {
			if (value == NULL || value[0] == '\0')
				return usage_error("--state", "needs a file name");
			opt->state_path = value;
			continue;
		}
		if (match_valued(arg, "--imei", argc, argv, &i, &value)) {
			if (value == NULL || !is_digits(value, 15, 15))
				return usage_error("--imei", "needs 15 digits");
			opt->imei = value;
			continue;
		}
		if (match_valued(arg, "--iccid", argc, argv, &i, &value)) {
			if (value == NULL || !is_digits(value, 18, 20))
				return usage_error("--iccid", "needs 18 to 20 digits");
			opt->iccid = value;
			continue;
		}
		if (match_valued(arg, "--ntp-port", argc, argv, &i, &value)) {
			if (value == NULL || !is_digits(value, 1, 5) || strtoul(value, NULL, 10) < 1 ||
			    strtoul(value, NULL, 10) > 65535)
				return usage_error("--ntp-port", "needs a port number 1 to 65535");
			opt->ntp_port = (uint16_t)strtoul(value, NULL, 10);
			continue;
		}
		if (match_valued(arg, "--sn", argc, argv, &i, &value)) {
			if (value == NULL || !is_serial_number(value))
				return usage_error("--sn", "needs 1 to 32 letters, digits, - or _");
			opt->sn = value;
			continue;
		}
		if (arg[0] == '-')
			return usage_error(arg, "unknown option");
		return usage_error(arg, "unexpected argument");
	}

	opt->profile = usrdtu_profile_find(opt->profile_name);
	if (opt->profile == NULL)
		return usage_error(opt->profile_name, "unknown profile (gprs232, cat1, g781, m0)");
	return OPTIONS_RUN;
}
