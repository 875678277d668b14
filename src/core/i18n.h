/*
 * i18n.h - in-process translation catalogs.
 *
 * The machines have only the C.UTF-8 locale, so glibc's gettext would
 * silently fall back to English.  lika therefore loads GNU .mo catalogs
 * itself.  The catalogs are compiled by msgfmt from po/<lang>.po at build
 * time and embedded in the binary (see core/resource.h); English is the
 * msgid itself.
 *
 * The current language is per thread (the HTTP server chooses it per
 * request).  _(s) translates s into the thread's language; N_(s) marks a
 * string for extraction without translating it (for static tables, which
 * are translated at use with _()).
 */
#ifndef LK_I18N_H
#define LK_I18N_H

#include <stddef.h>

enum lk_lang { LK_LANG_EN = 0, LK_LANG_ZH = 1 };

/* Parses "en", "en_US", "zh", "zh_CN", "zh-CN", "zh_CN.UTF-8" ...;
 * returns 0 and sets *out, or LK_EINVAL. */
int lk_lang_parse(const char *s, enum lk_lang *out);
const char *lk_lang_name(enum lk_lang l); /* "en" or "zh_CN" */

/* Sets the calling thread's language.  Cannot fail. */
void lk_i18n_set(enum lk_lang l);
enum lk_lang lk_i18n_get(void);

/* Translation of msgid in the thread's language; msgid itself when the
 * language is English or the catalog lacks it.  Never NULL.  The result
 * is static (valid for the life of the process). */
const char *lk_gettext(const char *msgid);
/* Same, for an explicit language. */
const char *lk_gettext_lang(enum lk_lang l, const char *msgid);

/* Loads a .mo image for a language (replacing the built-in one); the
 * memory must stay valid.  LK_EINVAL if the image is malformed. */
int lk_i18n_load_mo(enum lk_lang l, const void *mo, size_t len);

#define _(s) lk_gettext(s)
#define N_(s) (s)

#endif
