/* multipart.c - multipart/form-data bodies (RFC 7578), for uploads (see
 * api.h).  The body is already in memory and bounded by the server's
 * upload limit; parts point into it. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "http/api.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define PART_HEAD_MAX 4096

static const char *find(const char *h, size_t hl, const char *n, size_t nl)
{
	size_t i;

	if (nl == 0 || hl < nl)
		return NULL;
	for (i = 0; i + nl <= hl; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

/* The value of parameter key in a header value (name="x"), copied into
 * the arena; NULL if absent. */
static const char *param(struct http_req *r, const char *v, size_t vl,
			 const char *key)
{
	size_t kl = strlen(key), i;

	for (i = 0; i + kl + 1 < vl; i++) {
		const char *p = v + i, *e;
		char *out;

		if ((i > 0 && v[i - 1] != ' ' && v[i - 1] != ';') ||
		    strncasecmp(p, key, kl) != 0 || p[kl] != '=')
			continue;
		p += kl + 1;
		if (*p == '"') {
			p++;
			e = memchr(p, '"', vl - (size_t)(p - v));
		} else {
			for (e = p; e < v + vl && *e != ';' && *e != ' '; e++)
				;
		}
		if (!e)
			return NULL;
		out = lk_arena_alloc(r->arena, (size_t)(e - p) + 1);
		if (!out)
			return NULL;
		memcpy(out, p, (size_t)(e - p));
		out[e - p] = '\0';
		return out;
	}
	return NULL;
}

static int bad(struct http_req *r, const char *what)
{
	return lk_err_set(&r->ctx->err, LK_EUSAGE,
			  _("malformed multipart/form-data body: %s"), what);
}

int http_multipart(struct http_req *r, struct http_part *parts, size_t *n)
{
	const char *ct = r->header ? r->header(r->conn, "Content-Type") : NULL;
	const char *b, *p, *end = r->body + r->body_len;
	char delim[BOUNDARY_MAX + 5];
	size_t bl;

	*n = 0;
	if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("the body must be multipart/form-data"));
	b = param(r, ct, strlen(ct), "boundary");
	if (!b || !*b || strlen(b) > BOUNDARY_MAX)
		return bad(r, _("no boundary"));
	bl = (size_t)snprintf(delim, sizeof delim, "\r\n--%s", b);
	if (!r->body || r->body_len < bl ||
	    memcmp(r->body, delim + 2, bl - 2) != 0)
		return bad(r, _("it does not start with the boundary"));
	p = r->body + bl - 2;
	for (;;) {
		const char *he, *next, *disp = NULL, *h;
		size_t dl = 0;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return bad(r, _("a boundary line is not ended"));
		p += 2;
		he = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!he || he - p > PART_HEAD_MAX)
			return bad(r, _("a part has no header end"));
		for (h = p; h < he;) {
			const char *le = find(h, (size_t)(he - h) + 2, "\r\n", 2);

			if (!le)
				le = he;
			if ((size_t)(le - h) > 20 &&
			    strncasecmp(h, "Content-Disposition:", 20) == 0) {
				disp = h + 20;
				dl = (size_t)(le - disp);
			}
			h = le + 2;
		}
		if (!disp)
			return bad(r, _("a part has no Content-Disposition"));
		next = find(he + 4, (size_t)(end - (he + 4)), delim, bl);
		if (!next)
			return bad(r, _("a part is not closed by the boundary"));
		if (*n == HTTP_MAX_PARTS)
			return lk_err_set(&r->ctx->err, LK_EUSAGE,
					  _("more than %d parts"),
					  HTTP_MAX_PARTS);
		parts[*n].name = param(r, disp, dl, "name");
		parts[*n].filename = param(r, disp, dl, "filename");
		parts[*n].data = he + 4;
		parts[*n].len = (size_t)(next - (he + 4));
		if (!parts[*n].name)
			return bad(r, _("a part has no name"));
		++*n;
		p = next + bl;
	}
}

void http_download(struct http_req *r, const char *type, const char *filename)
{
	char safe[200];
	size_t i;

	for (i = 0; filename[i] && i < sizeof safe - 1; i++)
		safe[i] = isalnum((unsigned char)filename[i]) ||
					  strchr(".-_", filename[i])
				  ? filename[i]
				  : '_';
	safe[i] = '\0';
	r->content_type = type;
	snprintf(r->disposition, sizeof r->disposition,
		 "attachment; filename=\"%s\"", safe);
}
