#include "core/json.h"

#include <stdio.h>

int lk_json_str(struct lk_buf *out, const char *s)
{
	const unsigned char *p, *run;
	int rc;

	if (!s)
		return lk_buf_adds(out, "null");
	if ((rc = lk_buf_addc(out, '"')))
		return rc;
	/* copy runs of characters that need no escape in one go */
	for (run = p = (const unsigned char *)s;; p++) {
		const char *esc = NULL;
		char u[8];

		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		if (p > run && (rc = lk_buf_add(out, run, (size_t)(p - run))))
			return rc;
		if (!*p)
			break;
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(u, sizeof u, "\\u%04x", *p);
			esc = u;
		}
		if ((rc = lk_buf_adds(out, esc)))
			return rc;
		run = p + 1;
	}
	return lk_buf_addc(out, '"');
}
