/* realpath() is an XSI function */
#define _XOPEN_SOURCE 700

#include "http/static.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *http_content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".mjs", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".json", "application/json"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".jpg", "image/jpeg"},
		{".ico", "image/x-icon"},
		{".woff2", "font/woff2"},
		{".txt", "text/plain; charset=utf-8"},
		{".map", "application/json"},
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	for (i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* 1 if path is a clean absolute URL path: no "..", "//", backslash,
 * control character or hidden segment. */
static int clean(const char *path)
{
	const char *p;

	if (path[0] != '/' || strlen(path) > 1024)
		return 0;
	for (p = path; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == '\\' || *p == 0x7f)
			return 0;
		if (*p == '/' && (p[1] == '/' || p[1] == '.'))
			return 0;
	}
	return 1;
}

void http_static_open(const char *root, const char *vendor_dir,
		      const char *path, const char *if_none_match,
		      struct http_file *f)
{
	char want[PATH_MAX], real[PATH_MAX], rroot[PATH_MAX];
	struct stat sb;
	struct tm tm;
	const char *base = root, *rel = path;
	size_t n;

	memset(f, 0, sizeof *f);
	f->fd = -1;
	f->status = 404;
	if (!clean(path))
		return;
	if (strcmp(path, "/vendor/echarts.min.js") == 0) {
		base = vendor_dir;
		rel = "/echarts.min.js";
	}
	if (!base || !realpath(base, rroot))
		return;
	if (snprintf(want, sizeof want, "%s%s%s", rroot, rel,
		     rel[strlen(rel) - 1] == '/' ? "index.html" : "") >=
	    (int)sizeof want)
		return;
	if (!realpath(want, real))
		return;
	n = strlen(rroot);
	if (strncmp(real, rroot, n) != 0 || (real[n] != '/' && real[n]))
		return;
	if (stat(real, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (strlen(real) + sizeof "/index.html" > sizeof real)
			return;
		strcat(real, "/index.html");
	}
	if ((f->fd = open(real, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(f->fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(f->fd);
		f->fd = -1;
		return;
	}
	f->size = sb.st_size;
	f->type = http_content_type(real);
	snprintf(f->etag, sizeof f->etag, "\"%llx-%llx\"",
		 (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtime);
	gmtime_r(&sb.st_mtime, &tm);
	strftime(f->last_modified, sizeof f->last_modified,
		 "%a, %d %b %Y %H:%M:%S GMT", &tm);
	f->status = 200;
	if (if_none_match && strstr(if_none_match, f->etag)) {
		close(f->fd);
		f->fd = -1;
		f->status = 304;
	}
}
