/*
 * arena.c - the region allocator of arena.h.
 *
 * Layout.  a->head is a singly linked list of chunks, the current chunk
 * first.  Small requests are carved from the current chunk (each start
 * rounded up to 16 bytes); when it is full a new standard chunk of
 * LK_ARENA_CHUNK bytes becomes the head.  A request larger than a quarter
 * of a chunk gets a chunk of its own, linked *behind* the head so the
 * head's free space is not wasted.
 *
 * Accounting.  a->used counts the bytes requested (n, or 1 for n == 0),
 * not the padding; the cap is checked against it before any allocation.
 *
 * Reset keeps one standard chunk (if any) for reuse and frees the rest.
 *
 * The allocator is LK_ARENA_MALLOC (malloc by default); tests that include
 * this file define it first to inject allocation failures.
 */
#include "core/arena.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

#ifndef LK_ARENA_MALLOC
#define LK_ARENA_MALLOC malloc
#endif

#define LK_ARENA_ALIGN 16
#define LK_ARENA_CHUNK 4096 /* bytes of data in a standard chunk */

struct lk_arena_chunk {
	struct lk_arena_chunk *next;
	size_t size; /* bytes usable in data[] (alignment slack excluded) */
	size_t off;  /* bytes of data[] consumed */
	unsigned char data[];
};

/* Offset of the first 16-byte aligned byte at or after data[off]. */
static size_t chunk_aligned_off(const struct lk_arena_chunk *c)
{
	uintptr_t p = (uintptr_t)(c->data + c->off);
	uintptr_t q =
	    (p + (LK_ARENA_ALIGN - 1)) & ~(uintptr_t)(LK_ARENA_ALIGN - 1);

	return c->off + (size_t)(q - p);
}

/* A new chunk with room for size bytes at any alignment, or NULL. */
static struct lk_arena_chunk *chunk_new(size_t size)
{
	struct lk_arena_chunk *c;

	if (size > SIZE_MAX - sizeof *c - LK_ARENA_ALIGN)
		return NULL;
	c = LK_ARENA_MALLOC(sizeof *c + size + LK_ARENA_ALIGN);
	if (!c)
		return NULL;
	c->next = NULL;
	c->size = size + LK_ARENA_ALIGN;
	c->off = 0;
	return c;
}

void *lk_arena_alloc(struct lk_arena *a, size_t n)
{
	struct lk_arena_chunk *c;
	size_t off;

	assert(a);
	if (n == 0)
		n = 1;
	if (a->cap && (n > a->cap || a->used > a->cap - n))
		return NULL;
	c = a->head;
	if (c) {
		off = chunk_aligned_off(c);
		if (off <= c->size && n <= c->size - off) {
			c->off = off + n;
			a->used += n;
			return c->data + off;
		}
	}
	if (n > LK_ARENA_CHUNK / 4) {
		c = chunk_new(n);
		if (!c)
			return NULL;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			a->head = c;
		}
	} else {
		c = chunk_new(LK_ARENA_CHUNK);
		if (!c)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	off = chunk_aligned_off(c);
	assert(off <= c->size && n <= c->size - off);
	c->off = off + n;
	a->used += n;
	return c->data + off;
}

void *lk_arena_calloc(struct lk_arena *a, size_t n)
{
	void *p = lk_arena_alloc(a, n);

	if (p)
		memset(p, 0, n);
	return p;
}

char *lk_arena_strndup(struct lk_arena *a, const char *s, size_t n)
{
	const char *end;
	char *p;

	assert(s);
	end = memchr(s, '\0', n);
	if (end)
		n = (size_t)(end - s);
	if (n == SIZE_MAX)
		return NULL;
	p = lk_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *lk_arena_strdup(struct lk_arena *a, const char *s)
{
	assert(s);
	return lk_arena_strndup(a, s, strlen(s));
}

char *lk_arena_int64(struct lk_arena *a, int64_t v)
{
	char d[LK_DECIMAL_BUFSZ];

	/* (cannot fail: the buffer fits any int64) */
	lk_format_decimal(v, 0, d, sizeof d);
	return lk_arena_strdup(a, d);
}

char *lk_arena_printf(struct lk_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p = NULL;
	int n;

	assert(a && fmt);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		goto out;
	p = lk_arena_alloc(a, (size_t)n + 1);
	if (!p)
		goto out;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
out:
	return p;
}

void lk_arena_reset(struct lk_arena *a)
{
	struct lk_arena_chunk *c, *next, *keep = NULL;

	assert(a);
	for (c = a->head; c; c = next) {
		next = c->next;
		if (!keep && c->size == LK_ARENA_CHUNK + LK_ARENA_ALIGN) {
			keep = c;
			continue;
		}
		free(c);
	}
	if (keep) {
		keep->next = NULL;
		keep->off = 0;
	}
	a->head = keep;
	a->used = 0;
}

void lk_arena_free(struct lk_arena *a)
{
	struct lk_arena_chunk *c, *next;

	assert(a);
	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->used = 0;
}
