#include "core/tsv.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"

int lk_tsv_open(struct lk_tsv *t, const char *text, size_t len)
{
	t->buf = malloc(len + 1);
	if (!t->buf)
		return LK_ENOMEM;
	memcpy(t->buf, text, len);
	t->buf[len] = '\0';
	t->next = t->buf;
	t->lineno = 0;
	return 0;
}

void lk_tsv_close(struct lk_tsv *t)
{
	free(t->buf);
	t->buf = t->next = NULL;
}

int lk_tsv_next(struct lk_tsv *t, char **f, size_t max, size_t *n)
{
	while (t->next && *t->next) {
		char *line = t->next, *end;
		size_t len;

		t->lineno++;
		end = strchr(line, '\n');
		t->next = end ? end + 1 : NULL;
		if (end)
			*end = '\0';
		len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		*n = 0;
		while (*n < max) {
			f[(*n)++] = line;
			if (*n == max || !(line = strchr(line, '\t')))
				break;
			*line++ = '\0';
		}
		return 1;
	}
	return 0;
}
