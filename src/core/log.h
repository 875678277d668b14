/*
 * log.h - tiny logging to stderr.
 *
 * A message is written as one line, "lika: <level>: <message>\n", with a
 * single stdio call, so lines from different threads never interleave.
 * Messages are lower case, carry no full stop and are already translated
 * by the caller (pass _()-wrapped formats); the level word is translated
 * here.  A message longer than LK_LOG_MAX bytes is truncated.
 *
 * The threshold defaults to LK_LOG_WARN.  On first use it is taken from the
 * environment variable LIKA_LOG ("error", "warn", "info", "debug" or
 * 0..3), unless lk_log_set_level() was called before.  An invalid LIKA_LOG
 * is ignored.  Level reads and writes are atomic; every function here is
 * thread safe and cannot fail.
 */
#ifndef LK_LOG_H
#define LK_LOG_H

#include <stdarg.h>

#define LK_LOG_MAX 2048

enum lk_log_level {
	LK_LOG_ERROR = 0,
	LK_LOG_WARN = 1,
	LK_LOG_INFO = 2,
	LK_LOG_DEBUG = 3,
};

/* Parses "error", "warn"/"warning", "info", "debug" (any case) or a
 * digit 0..3.  0 and *out set, or LK_EINVAL. */
int lk_log_parse_level(const char *s, enum lk_log_level *out);

void lk_log_set_level(enum lk_log_level l);
enum lk_log_level lk_log_get_level(void);
/* 1 if messages of level l are written. */
int lk_log_enabled(enum lk_log_level l);

void lk_log(enum lk_log_level l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void lk_logv(enum lk_log_level l, const char *fmt, va_list ap);

#endif
