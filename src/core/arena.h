/*
 * arena.h - a region allocator (after h2o's mem pool).
 *
 * Allocations come from chunks and are released all at once by
 * lk_arena_reset() or lk_arena_free().  Useful for request- or row-scoped
 * strings.  Memory is 16-byte aligned.  An arena has a byte cap (0 = no
 * cap); exceeding it makes allocation return NULL.
 *
 * struct lk_arena a = LK_ARENA_INIT(cap);  lk_arena_free(&a) accepts an
 * initialised arena and leaves it initialised and empty.
 */
#ifndef LK_ARENA_H
#define LK_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct lk_arena_chunk;

struct lk_arena {
	struct lk_arena_chunk *head;
	size_t used;  /* total bytes handed out */
	size_t cap;   /* 0 = unbounded */
};

#define LK_ARENA_INIT(c) {NULL, 0, (c)}

/* NULL on OOM or when the cap would be exceeded. */
void *lk_arena_alloc(struct lk_arena *a, size_t n);
void *lk_arena_calloc(struct lk_arena *a, size_t n);
char *lk_arena_strdup(struct lk_arena *a, const char *s);
char *lk_arena_strndup(struct lk_arena *a, const char *s, size_t n);
char *lk_arena_printf(struct lk_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The decimal text of v (no printf: hot row-reading paths).  NULL as
 * lk_arena_alloc(). */
char *lk_arena_int64(struct lk_arena *a, int64_t v);
/* Frees everything but the first chunk; cannot fail. */
void lk_arena_reset(struct lk_arena *a);
void lk_arena_free(struct lk_arena *a);

#endif
