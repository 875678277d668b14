/*
 * buf.h - a bounded growable byte buffer (after curl's dynbuf and git's
 * strbuf).
 *
 * Invariants: b->ptr is either NULL (len 0, nothing allocated) or points
 * to b->cap bytes of which b->len are used and b->ptr[b->len] == '\0'.
 * b->len never exceeds b->max.  Every append that would exceed max, or
 * that fails to allocate, FREES the buffer (ptr NULL, len 0) and returns
 * LK_ETOOBIG or LK_ENOMEM, so no caller holds half a string.
 *
 * A buffer is initialised by lk_buf_init(&b, max) or by
 * struct lk_buf b = LK_BUF_INIT(max).  lk_buf_free() accepts any
 * initialised buffer and leaves it initialised and empty.
 */
#ifndef LK_BUF_H
#define LK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct lk_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max; /* hard upper bound on len */
};

#define LK_BUF_INIT(m) {NULL, 0, 0, (m)}

void lk_buf_init(struct lk_buf *b, size_t max);
void lk_buf_free(struct lk_buf *b);
/* Sets len to 0, keeps the allocation.  Cannot fail. */
void lk_buf_reset(struct lk_buf *b);
int lk_buf_add(struct lk_buf *b, const void *mem, size_t len);
int lk_buf_adds(struct lk_buf *b, const char *s);
int lk_buf_addc(struct lk_buf *b, char c);
int lk_buf_printf(struct lk_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int lk_buf_vprintf(struct lk_buf *b, const char *fmt, va_list ap);
/* Shortens to len (<= b->len).  Cannot fail. */
void lk_buf_truncate(struct lk_buf *b, size_t len);
/* Returns the contents ("" when empty; never NULL).  Borrowed. */
const char *lk_buf_str(const struct lk_buf *b);
/* Hands the allocation to the caller (NULL-terminated; an empty buffer
 * yields a freshly allocated ""), leaves b empty.  NULL on OOM. */
char *lk_buf_take(struct lk_buf *b);

#endif
