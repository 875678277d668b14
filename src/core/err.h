/*
 * err.h - the one error convention of lika.
 *
 * Every fallible function returns int: 0 (LK_OK) on success, a negative
 * LK_E* code on failure.  Results come back through out-parameters.  A
 * function that fails leaves its out-parameters untouched unless its own
 * header says otherwise.
 *
 * Human-readable detail travels beside the code in a struct lk_err, which
 * callers own (usually inside the service context).  Messages are lower
 * case, name what failed first and carry no full stop ("cannot open x").
 * They are already translated when set (the caller passes _()-wrapped
 * format strings).
 *
 * lk_exit_code() maps an error code to the CLI exit status documented in
 * the README: 0 ok, 1 usage, 2 invalid data, 3 not found, 4 conflict,
 * 5 internal.
 */
#ifndef LK_ERR_H
#define LK_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
	LK_OK = 0,
	LK_ENOMEM = -1,    /* out of memory */
	LK_EINVAL = -2,    /* invalid data (bad input) */
	LK_ENOTFOUND = -3, /* no such record / file */
	LK_ECONFLICT = -4, /* duplicate key, wrong state, locked */
	LK_EIO = -5,       /* read/write failure */
	LK_EINTERNAL = -6, /* a bug or an unexpected library failure */
	LK_ETOOBIG = -7,   /* an input exceeds its bound */
	LK_ERANGE = -8,    /* a number outside its range */
	LK_EUSAGE = -9,    /* wrong command-line usage */
	LK_ENOTSUP = -10,  /* feature not built in */
	LK_EBUSY = -11,    /* database busy beyond the timeout */
	LK_EPERM = -12,    /* not allowed for this user / scope */
	LK_EEOF = -13,     /* end of input (not an error for iterators) */
	LK_ECORRUPT = -14, /* stored data fails an integrity check */
	LK_E_LAST = -15
};

#define LK_ERR_MSG_MAX 1024

struct lk_err {
	int code;
	char msg[LK_ERR_MSG_MAX];
	/* The input field the failure is about (a static string such as
	 * "id_number"), or NULL.  lk_err_set clears it; set it after. */
	const char *field;
};

/* Short, translated, lower-case description of code; never NULL. */
const char *lk_strerror(int code);

/* Sets e->code and the formatted message; returns code so callers can
 * write "return lk_err_set(e, LK_EINVAL, ...)".  e may be NULL (then only
 * the code is returned).  Cannot fail: the message is truncated. */
int lk_err_set(struct lk_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int lk_err_setv(struct lk_err *e, int code, const char *fmt, va_list ap);

/* Clears e (code 0, empty message).  Accepts NULL. */
void lk_err_clear(struct lk_err *e);

/* e->msg if set, else lk_strerror(e->code). */
const char *lk_err_msg(const struct lk_err *e);

/* CLI exit status for an error code (see above). */
int lk_exit_code(int code);

#endif
