#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int verbosity;

void log_set_verbosity(int level)
{
	verbosity = level;
}

int log_enabled(enum log_level level)
{
	return (int)level <= verbosity;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const char prefix[] = "usrdtu: ";
	char line[512];
	size_t len = sizeof prefix - 1;
	size_t done, i;
	va_list ap;
	int n;
	int saved_errno = errno;

	if (!log_enabled(level))
		return;
	memcpy(line, prefix, len);
	va_start(ap, fmt);
	n = vsnprintf(line + len, sizeof line - len - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	len += (size_t)n < sizeof line - len - 1 ? (size_t)n : sizeof line - len - 2;
	/* A control byte in a message (a file name, a value) must not start a
	 * second line or reach the terminal as a command. */
	for (i = sizeof prefix - 1; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7F)
			line[i] = '?';
	line[len++] = '\n';
	/* One write per line keeps lines whole when stderr is shared. */
	done = 0;
	while (done < len) {
		ssize_t w = write(STDERR_FILENO, line + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	errno = saved_errno;
}
