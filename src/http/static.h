/*
 * static.h - the web UI's static files.
 *
 * A URL path maps to a file under root ("/" -> index.html, a directory
 * -> its index.html); "/vendor/echarts.min.js" maps to vendor_dir.  Paths
 * with "..", "//", a backslash, a NUL or a segment starting with '.' are
 * refused (404), as is anything that does not resolve (realpath) inside
 * root.  Only regular files are served.  The content type comes from the
 * extension; the ETag is the size and modification time; a matching
 * If-None-Match answers 304 without a body.
 */
#ifndef LK_HTTP_STATIC_H
#define LK_HTTP_STATIC_H

#include <stddef.h>
#include <sys/types.h>

#define HTTP_ETAG_MAX 64

struct http_file {
	int fd;			 /* open file, -1 for 304/404 */
	off_t size;
	const char *type;	 /* content type (static string) */
	char etag[HTTP_ETAG_MAX];
	char last_modified[40];	 /* RFC 7231 date */
	int status;		 /* 200, 304 or 404 */
};

/* Resolves path (URL-decoded, no query) into f.  Cannot fail other than
 * by setting f->status 404.  The caller closes f->fd (>= 0). */
void http_static_open(const char *root, const char *vendor_dir,
		      const char *path, const char *if_none_match,
		      struct http_file *f);

/* The content type of a file name by its extension. */
const char *http_content_type(const char *name);

#endif
