/*
 * i18n.c - GNU .mo catalogs and per-thread language (see i18n.h).
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * header of 32-bit words in the writer's byte order,
 *
 *   0  magic 0x950412de (0xde120495 when read with the other order)
 *   4  file format revision (major in the high 16 bits: 0 or 1)
 *   8  N, number of strings
 *   12 O, offset of the table of original strings
 *   16 T, offset of the table of translations
 *   20 S, size of the hashing table
 *   24 H, offset of the hashing table
 *
 * and two tables of N (length, offset) pairs.  Each string has a NUL after
 * its length bytes (plural entries hold "singular\0plural" within their
 * length).  The originals are sorted by strcmp; we bisect them and ignore
 * the hash table.
 *
 * Robustness.  lk_i18n_load_mo() checks everything a lookup relies on
 * before publishing a catalog: table bounds, every string's bounds and
 * its terminating NUL, and the sort order.  A malformed image gives
 * LK_EINVAL and changes nothing.  Words are read with memcpy, so the
 * image needs no alignment (embedded resources are byte arrays).
 *
 * Concurrency.  A catalog is an immutable struct published through an
 * atomic pointer per language.  The built-in catalogs are parsed at most
 * once (pthread_once) on first use.  A replaced catalog struct is kept
 * on a list, never freed, since another thread may still be bisecting
 * it; replacements are rare (start-up, tests).
 */
#include "core/i18n.h"
#include "core/err.h"
#include "core/resource.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MO_MAGIC 0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_HEADER_SIZE 28
#define LK_LANG_COUNT 2

struct mo_cat {
	const unsigned char *data;
	size_t len;
	uint32_t n;	      /* strings */
	uint32_t orig;	      /* offset of the originals table */
	uint32_t trans;	      /* offset of the translations table */
	int swapped;	      /* words are in the other byte order */
	struct mo_cat *older; /* replaced catalogs, kept alive */
};

static _Atomic(struct mo_cat *) cats[LK_LANG_COUNT];
static struct mo_cat builtin_zh;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local enum lk_lang cur_lang = LK_LANG_EN;

static uint32_t mo_word(const struct mo_cat *c, size_t off)
{
	uint32_t w;

	memcpy(&w, c->data + off, 4);
	if (c->swapped)
		w = (w >> 24) | ((w >> 8) & 0xff00U) | ((w << 8) & 0xff0000U) |
		    (w << 24);
	return w;
}

/* String i of the table at tab: pointer (NUL-terminated) and length. */
static const char *mo_str(const struct mo_cat *c, uint32_t tab, uint32_t i,
			  uint32_t *len)
{
	size_t e = (size_t)tab + (size_t)i * 8;

	*len = mo_word(c, e);
	return (const char *)c->data + mo_word(c, e + 4);
}

/* Checks entry i of the table at tab: in bounds and NUL-terminated. */
static int mo_check_str(const struct mo_cat *c, uint32_t tab, uint32_t i)
{
	size_t e = (size_t)tab + (size_t)i * 8;
	uint64_t len = mo_word(c, e), off = mo_word(c, e + 4);

	if (off + len >= c->len) /* the NUL must be inside too */
		return -1;
	if (c->data[off + len] != '\0')
		return -1;
	return 0;
}

/* Parses and checks an image into c (not yet published). */
static int mo_parse(struct mo_cat *c, const void *mo, size_t len)
{
	uint32_t magic, rev, i;
	uint64_t tabsz;
	int rc = LK_EINVAL;

	memset(c, 0, sizeof *c);
	if (!mo || len < MO_HEADER_SIZE)
		goto out;
	c->data = mo;
	c->len = len;
	memcpy(&magic, c->data, 4);
	if (magic == MO_MAGIC)
		c->swapped = 0;
	else if (magic == MO_MAGIC_SWAPPED)
		c->swapped = 1;
	else
		goto out;
	rev = mo_word(c, 4);
	if ((rev >> 16) > 1)
		goto out;
	c->n = mo_word(c, 8);
	c->orig = mo_word(c, 12);
	c->trans = mo_word(c, 16);
	tabsz = (uint64_t)c->n * 8;
	if ((uint64_t)c->orig + tabsz > len || (uint64_t)c->trans + tabsz > len)
		goto out;
	for (i = 0; i < c->n; i++) {
		if (mo_check_str(c, c->orig, i) < 0 ||
		    mo_check_str(c, c->trans, i) < 0)
			goto out;
	}
	/* bisecting needs strictly increasing originals */
	for (i = 1; i < c->n; i++) {
		uint32_t l1, l2;
		const char *a = mo_str(c, c->orig, i - 1, &l1);
		const char *b = mo_str(c, c->orig, i, &l2);
		if (strcmp(a, b) >= 0)
			goto out;
	}
	rc = 0;
out:
	return rc;
}

static const char *mo_lookup(const struct mo_cat *c, const char *msgid)
{
	uint32_t lo = 0, hi = c->n, len;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = mo_str(c, c->orig, mid, &len);
		int cmp = strcmp(msgid, s);
		if (cmp == 0) {
			s = mo_str(c, c->trans, mid, &len);
			return len ? s : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void builtin_load(void)
{
	const struct lk_resource *r = lk_resource_find("po/zh_CN.mo");
	struct mo_cat *null = NULL;

	if (!r || mo_parse(&builtin_zh, r->data, r->len) < 0)
		return; /* no catalog: English msgids are shown */
	/* publish unless lk_i18n_load_mo() got there first */
	atomic_compare_exchange_strong(&cats[LK_LANG_ZH], &null, &builtin_zh);
}

static const struct mo_cat *cat_get(enum lk_lang l)
{
	if ((unsigned)l >= LK_LANG_COUNT)
		return NULL;
	pthread_once(&builtin_once, builtin_load);
	return atomic_load(&cats[l]);
}

int lk_i18n_load_mo(enum lk_lang l, const void *mo, size_t len)
{
	struct mo_cat *c = NULL;
	int rc = LK_EINTERNAL;

	if ((unsigned)l >= LK_LANG_COUNT) {
		rc = LK_EINVAL;
		goto out;
	}
	pthread_once(&builtin_once, builtin_load);
	c = malloc(sizeof *c);
	if (!c) {
		rc = LK_ENOMEM;
		goto out;
	}
	rc = mo_parse(c, mo, len);
	if (rc < 0)
		goto out;
	pthread_mutex_lock(&load_lock);
	c->older = atomic_exchange(&cats[l], c);
	pthread_mutex_unlock(&load_lock);
	c = NULL; /* published */
	rc = 0;
out:
	free(c);
	return rc;
}

const char *lk_gettext_lang(enum lk_lang l, const char *msgid)
{
	const struct mo_cat *c;
	const char *s;

	assert(msgid);
	if (l == LK_LANG_EN || msgid[0] == '\0')
		return msgid;
	c = cat_get(l);
	if (!c)
		return msgid;
	s = mo_lookup(c, msgid);
	return s ? s : msgid;
}

const char *lk_gettext(const char *msgid)
{
	return lk_gettext_lang(cur_lang, msgid);
}

void lk_i18n_set(enum lk_lang l)
{
	assert((unsigned)l < LK_LANG_COUNT);
	cur_lang = (unsigned)l < LK_LANG_COUNT ? l : LK_LANG_EN;
}

enum lk_lang lk_i18n_get(void)
{
	return cur_lang;
}

const char *lk_lang_name(enum lk_lang l)
{
	return l == LK_LANG_ZH ? "zh_CN" : "en";
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int lk_lang_parse(const char *s, enum lk_lang *out)
{
	char lang[4];
	size_t n = 0;
	int rc = LK_EINVAL;

	assert(out);
	if (!s)
		goto out;
	if (strcmp(s, "C") == 0 || strcmp(s, "POSIX") == 0 ||
	    strncmp(s, "C.", 2) == 0) {
		*out = LK_LANG_EN;
		rc = 0;
		goto out;
	}
	/* the language subtag: 2 or 3 letters, then the end or one of
	 * "_-.@" (region, encoding or modifier, not checked) */
	while (n < 3 &&
	       ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) {
		lang[n] = (char)ascii_lower(s[n]);
		n++;
	}
	lang[n] = '\0';
	if (n < 2 || (s[n] != '\0' && !strchr("_-.@", s[n])))
		goto out;
	if (strcmp(lang, "en") == 0) {
		*out = LK_LANG_EN;
	} else if (strcmp(lang, "zh") == 0) {
		*out = LK_LANG_ZH;
	} else {
		goto out;
	}
	rc = 0;
out:
	return rc;
}
