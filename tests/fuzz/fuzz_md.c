/*
 * fuzz_md.c - libFuzzer target for the markdown subset (report/doc.h),
 * built by tests/fuzz/run_md.sh, not by CMake.
 *
 * The first input byte picks the check; the rest is the text.  Beyond
 * "no crash, no leak, no sanitizer report":
 *   - parse: every span's text is valid UTF-8, every table has rows x
 *     cols cells, headings have levels 1-4;
 *   - html / docx: the converters succeed exactly when the parser does;
 *   - escape: for a text without line breaks, "x " + lk_md_escape(text)
 *     parses back to one paragraph whose plain text is "x " + the text
 *     (trailing blanks trimmed), with no style and no link.
 */
#include "report/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef LK_FUZZ_I18N_STUB
const char *lk_gettext(const char *msgid)
{
	return msgid;
}
/* the DOCX dates: a fixed clock */
int64_t lk_now_unix(void);
int64_t lk_now_unix(void)
{
	return 1530000000;
}
#endif

static int valid_utf8(const unsigned char *s)
{
	while (*s) {
		size_t n = *s < 0x80 ? 1 : (*s >> 5) == 6 ? 2 : (*s >> 4) == 14 ? 3
			 : (*s >> 3) == 30 ? 4 : 0;
		size_t i;
		if (!n)
			return 0;
		for (i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				return 0;
		s += n;
	}
	return 1;
}

static void check_inl(const struct lk_md_inl *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (!in->s[i].text || !valid_utf8((const unsigned char *)in->s[i].text))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lk_arena a = LK_ARENA_INIT(0);
	struct lk_buf b = LK_BUF_INIT(1u << 26);
	struct lk_md_doc d;
	struct lk_err e;
	const char *md;
	size_t n, i, k;
	int rc, rc2;

	if (!size)
		return 0;
	md = (const char *)data + 1;
	n = size - 1;
	memset(&e, 0, sizeof e);
	switch (data[0] % 4) {
	case 0:
		rc = lk_md_parse(md, n, &a, &d, &e);
		if (rc && rc != LK_EINVAL)
			abort();
		for (i = 0; !rc && i < d.n; i++) {
			const struct lk_md_block *bl = &d.b[i];
			check_inl(&bl->inl);
			if (bl->kind == LK_MD_HEADING &&
			    (bl->level < 1 || bl->level > 4))
				abort();
			if (bl->kind == LK_MD_TABLE &&
			    bl->nitems != bl->rows * bl->cols)
				abort();
			for (k = 0; k < bl->nitems; k++)
				check_inl(&bl->items[k]);
		}
		break;
	case 1:
	case 2:
		rc = lk_md_parse(md, n, &a, &d, &e);
		rc2 = data[0] % 4 == 1
			      ? lk_md_to_html(md, n, NULL, &b, &e)
			      : lk_md_to_docx(md, n, NULL, &b, &e);
		if ((rc == 0) != (rc2 == 0))
			abort();
		break;
	case 3: {
		struct lk_buf want = LK_BUF_INIT(1u << 20);
		char *s = malloc(n + 1);
		if (!s)
			abort();
		memcpy(s, md, n);
		s[n] = '\0';
		/* only texts the parser accepts, on one line */
		if (strlen(s) != n || memchr(s, '\n', n) || memchr(s, '\r', n) ||
		    lk_md_parse(s, n, &a, &d, &e)) {
			free(s);
			break;
		}
		if (lk_buf_adds(&b, "x ") || lk_md_escape(&b, s) ||
		    lk_buf_adds(&want, "x ") || lk_buf_adds(&want, s))
			abort();
		while (want.len && (want.ptr[want.len - 1] == ' ' ||
				    want.ptr[want.len - 1] == '\t'))
			lk_buf_truncate(&want, want.len - 1);
		lk_arena_free(&a);
		if (lk_md_parse(b.ptr, b.len, &a, &d, &e) || d.n != 1 ||
		    d.b[0].kind != LK_MD_PARA)
			abort();
		lk_buf_reset(&b);
		for (i = 0; i < d.b[0].inl.n; i++)
			if (d.b[0].inl.s[i].style || d.b[0].inl.s[i].link)
				abort();
		if (lk_md_plain(&d.b[0].inl, &b) ||
		    strcmp(lk_buf_str(&b), lk_buf_str(&want)) != 0)
			abort();
		lk_buf_free(&want);
		free(s);
		break;
	}
	}
	lk_buf_free(&b);
	lk_arena_free(&a);
	return 0;
}
