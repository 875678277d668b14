#include "core/err.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

const char *lk_strerror(int code)
{
	switch (code) {
	case LK_OK: return _("success");
	case LK_ENOMEM: return _("out of memory");
	case LK_EINVAL: return _("invalid data");
	case LK_ENOTFOUND: return _("not found");
	case LK_ECONFLICT: return _("conflict");
	case LK_EIO: return _("input/output error");
	case LK_EINTERNAL: return _("internal error");
	case LK_ETOOBIG: return _("input too large");
	case LK_ERANGE: return _("number out of range");
	case LK_EUSAGE: return _("usage error");
	case LK_ENOTSUP: return _("not supported");
	case LK_EBUSY: return _("database busy");
	case LK_EPERM: return _("permission denied");
	case LK_EEOF: return _("end of input");
	case LK_ECORRUPT: return _("integrity check failed");
	default: return _("unknown error");
	}
}

int lk_err_setv(struct lk_err *e, int code, const char *fmt, va_list ap)
{
	if (!e)
		return code;
	e->code = code;
	e->field = NULL;
	if (fmt)
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	else
		e->msg[0] = '\0';
	return code;
}

int lk_err_set(struct lk_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lk_err_setv(e, code, fmt, ap);
	va_end(ap);
	return code;
}

void lk_err_clear(struct lk_err *e)
{
	if (!e)
		return;
	e->code = 0;
	e->msg[0] = '\0';
	e->field = NULL;
}

const char *lk_err_msg(const struct lk_err *e)
{
	if (e && e->msg[0])
		return e->msg;
	return lk_strerror(e ? e->code : LK_EINTERNAL);
}

int lk_exit_code(int code)
{
	switch (code) {
	case LK_OK: return 0;
	case LK_EUSAGE: return 1;
	case LK_EINVAL:
	case LK_ERANGE:
	case LK_ETOOBIG: return 2;
	case LK_ENOTFOUND: return 3;
	case LK_ECONFLICT:
	case LK_EPERM:
	case LK_EBUSY: return 4;
	default: return 5;
	}
}
