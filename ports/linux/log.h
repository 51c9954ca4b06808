/*
 * Diagnostics on stderr: one line per message, prefixed "usrdtu: ", so that
 * stdout carries nothing but the emulated serial port's bytes.
 */
#ifndef USRDTU_LINUX_LOG_H
#define USRDTU_LINUX_LOG_H

enum log_level {
	LOG_ERROR = 0, /* always shown */
	LOG_INFO = 1,  /* -v */
	LOG_DEBUG = 2  /* -vv */
};

#if defined(__GNUC__)
#define LOG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define LOG_PRINTF(f, a)
#endif

void log_set_verbosity(int level);
int log_enabled(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) LOG_PRINTF(2, 3);

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif /* USRDTU_LINUX_LOG_H */
