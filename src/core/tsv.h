/*
 * tsv.h - reading the tab-separated text files of policy/ (code lists,
 * policy values, rules): one record a line, fields split on tabs, lines
 * starting with '#' and empty lines skipped, CRLF or LF.  No quoting:
 * these files are written by hand and values never contain tabs.
 *
 * The reader works on its own copy of the text; fields are borrowed until
 * lk_tsv_close().
 */
#ifndef LK_TSV_H
#define LK_TSV_H

#include <stddef.h>

struct lk_tsv {
	char *buf;     /* the copy */
	char *next;    /* start of the next line */
	size_t lineno; /* line number of the record last returned */
};

/* Copies text (len bytes).  0 or LK_ENOMEM. */
int lk_tsv_open(struct lk_tsv *t, const char *text, size_t len);
void lk_tsv_close(struct lk_tsv *t); /* accepts a closed reader */

/* The next record: 1 with f[0..*n-1] set (at most max fields; a line with
 * more keeps the rest in the last field), 0 at the end.  Cannot fail. */
int lk_tsv_next(struct lk_tsv *t, char **f, size_t max, size_t *n);

#endif
