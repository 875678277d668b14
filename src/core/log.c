/*
 * log.c - logging to stderr (see log.h).
 */
#include "core/log.h"
#include "core/err.h"
#include "core/i18n.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static atomic_int log_level = LK_LOG_WARN;
static atomic_int log_level_set; /* set explicitly: ignore LIKA_LOG */
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

int lk_log_parse_level(const char *s, enum lk_log_level *out)
{
	static const struct {
		const char *name;
		enum lk_log_level level;
	} names[] = {
	    {"error", LK_LOG_ERROR},  {"warn", LK_LOG_WARN},
	    {"warning", LK_LOG_WARN}, {"info", LK_LOG_INFO},
	    {"debug", LK_LOG_DEBUG},  {"0", LK_LOG_ERROR},
	    {"1", LK_LOG_WARN},	      {"2", LK_LOG_INFO},
	    {"3", LK_LOG_DEBUG},
	};
	size_t i;
	int rc = LK_EINVAL;

	if (!s)
		goto out;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcasecmp(s, names[i].name) == 0) {
			*out = names[i].level;
			rc = 0;
			goto out;
		}
	}
out:
	return rc;
}

static void log_init(void)
{
	enum lk_log_level l;

	if (atomic_load(&log_level_set))
		return;
	if (lk_log_parse_level(getenv("LIKA_LOG"), &l) == 0)
		atomic_store(&log_level, (int)l);
}

void lk_log_set_level(enum lk_log_level l)
{
	int v = (int)l;

	if (v < LK_LOG_ERROR)
		v = LK_LOG_ERROR;
	if (v > LK_LOG_DEBUG)
		v = LK_LOG_DEBUG;
	atomic_store(&log_level_set, 1);
	pthread_once(&log_once, log_init);
	atomic_store(&log_level, v);
}

enum lk_log_level lk_log_get_level(void)
{
	pthread_once(&log_once, log_init);
	return (enum lk_log_level)atomic_load(&log_level);
}

int lk_log_enabled(enum lk_log_level l)
{
	return (int)l <= (int)lk_log_get_level();
}

static const char *level_name(enum lk_log_level l)
{
	switch (l) {
	case LK_LOG_ERROR: return _("error");
	case LK_LOG_WARN: return _("warning");
	case LK_LOG_INFO: return _("info");
	case LK_LOG_DEBUG: return _("debug");
	}
	return _("debug");
}

void lk_logv(enum lk_log_level l, const char *fmt, va_list ap)
{
	char msg[LK_LOG_MAX];

	if (!lk_log_enabled(l))
		return;
	if (vsnprintf(msg, sizeof msg, fmt, ap) < 0)
		strcpy(msg, "?");
	/* one call per line: stdio locks the stream for its duration */
	fprintf(stderr, "lika: %s: %s\n", level_name(l), msg);
}

void lk_log(enum lk_log_level l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lk_logv(l, fmt, ap);
	va_end(ap);
}
