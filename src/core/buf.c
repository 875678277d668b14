/*
 * buf.c - the bounded growable buffer of buf.h.
 *
 * Growth doubles the capacity (starting at LK_BUF_MIN_CAP) but never past
 * max + 1 bytes, so a buffer never holds more than its bound allows.  Every
 * append fails through buf_grow() or its own "out:" exit, both of which
 * free the buffer: callers never see a half-appended string.
 *
 * The allocator is LK_BUF_REALLOC (realloc by default); tests that include
 * this file define it first to inject allocation failures.
 */
#include "core/buf.h"
#include "core/err.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LK_BUF_REALLOC
#define LK_BUF_REALLOC realloc
#endif

#define LK_BUF_MIN_CAP 64

void lk_buf_init(struct lk_buf *b, size_t max)
{
	assert(b);
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void lk_buf_free(struct lk_buf *b)
{
	assert(b);
	free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
}

void lk_buf_reset(struct lk_buf *b)
{
	assert(b);
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

/* Makes room for extra more bytes plus the terminating NUL.  On failure
 * the buffer is freed. */
static int buf_grow(struct lk_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;
	int rc = LK_ETOOBIG;

	assert(b->len <= b->max);
	if (extra > b->max - b->len)
		goto out;
	need = b->len + extra + 1; /* cannot overflow unless max == SIZE_MAX */
	if (need == 0)
		goto out;
	rc = 0;
	if (need <= b->cap)
		goto out;
	cap = b->cap ? b->cap : LK_BUF_MIN_CAP;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	if (b->max < SIZE_MAX && cap > b->max + 1)
		cap = b->max + 1;
	p = LK_BUF_REALLOC(b->ptr, cap);
	if (!p) {
		rc = LK_ENOMEM;
		goto out;
	}
	if (!b->ptr)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
out:
	if (rc < 0)
		lk_buf_free(b);
	return rc;
}

int lk_buf_add(struct lk_buf *b, const void *mem, size_t len)
{
	int rc = 0;

	assert(b);
	assert(mem || len == 0);
	if (len == 0)
		goto out;
	if (len >= PTRDIFF_MAX) { /* no object is that large */
		lk_buf_free(b);
		rc = LK_ETOOBIG;
		goto out;
	}
	rc = buf_grow(b, len);
	if (rc < 0)
		goto out;
	memcpy(b->ptr + b->len, mem, len);
	b->len += len;
	b->ptr[b->len] = '\0';
out:
	return rc;
}

int lk_buf_adds(struct lk_buf *b, const char *s)
{
	assert(s);
	return lk_buf_add(b, s, strlen(s));
}

int lk_buf_addc(struct lk_buf *b, char c)
{
	if (b->len + 1 < b->cap) { /* room for c and the NUL */
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return lk_buf_add(b, &c, 1);
}

int lk_buf_vprintf(struct lk_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc = LK_EINTERNAL;

	assert(b && fmt);
	va_copy(ap2, ap);
	if (b->cap > b->len + 1) {
		n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	} else {
		char c;
		n = vsnprintf(&c, 1, fmt, ap);
	}
	if (n < 0) {
		rc = LK_EINVAL; /* an encoding error in the arguments */
		goto out;
	}
	if ((size_t)n < b->cap - b->len && b->ptr) {
		b->len += (size_t)n;
		rc = 0;
		goto out;
	}
	if (b->ptr)
		b->ptr[b->len] = '\0'; /* undo the partial output */
	rc = buf_grow(b, (size_t)n);
	if (rc < 0)
		goto out;
	if (vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap2) != n) {
		rc = LK_EINTERNAL;
		goto out;
	}
	b->len += (size_t)n;
	rc = 0;
out:
	va_end(ap2);
	if (rc < 0)
		lk_buf_free(b);
	return rc;
}

int lk_buf_printf(struct lk_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = lk_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void lk_buf_truncate(struct lk_buf *b, size_t len)
{
	assert(b);
	assert(len <= b->len);
	if (len > b->len)
		len = b->len;
	b->len = len;
	if (b->ptr)
		b->ptr[len] = '\0';
}

const char *lk_buf_str(const struct lk_buf *b)
{
	assert(b);
	return b->ptr ? b->ptr : "";
}

char *lk_buf_take(struct lk_buf *b)
{
	char *p;

	assert(b);
	p = b->ptr;
	if (!p) {
		p = LK_BUF_REALLOC(NULL, 1);
		if (p)
			p[0] = '\0';
	}
	b->ptr = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}
