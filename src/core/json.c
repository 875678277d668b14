#include "core/json.h"

#include <stdio.h>

int lk_json_str(struct lk_buf *out, const char *s)
{
	const unsigned char *p;
	int rc;

	if (!s)
		return lk_buf_adds(out, "null");
	if ((rc = lk_buf_addc(out, '"')))
		return rc;
	for (p = (const unsigned char *)s; *p; p++) {
		const char *esc = NULL;
		char u[8];
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			if (*p < 0x20) {
				snprintf(u, sizeof u, "\\u%04x", *p);
				esc = u;
			}
		}
		rc = esc ? lk_buf_adds(out, esc) : lk_buf_addc(out, (char)*p);
		if (rc)
			return rc;
	}
	return lk_buf_addc(out, '"');
}

