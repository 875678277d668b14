/* api_io.c - the ledger book download and uploads of interchange files
 * (io/interchange.h, io/xlsx.h).  Uploaded files are written to a
 * private temporary directory, imported by the same lk_import as
 * `lika import`, and removed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/api.h"
#include "io/interchange.h"
#include "io/xlsx.h"
#include "view/view.h"

#define ISSUES_MAX 1000

/* Creates a private temporary directory $TMPDIR/lika-WHAT.?????? into
 * dir: mkdtemp(3) replaces the six trailing 'X' of its template. */
static int make_tmpdir(struct http_req *r, const char *what, char *dir,
		       size_t size)
{
	const char *t = getenv("TMPDIR");
	int n = snprintf(dir, size, "%s/lika-%s.", t && *t ? t : "/tmp", what);

	if (n < 0 || (size_t)n + 7 > size)
		return lk_err_set(&r->ctx->err, LK_ETOOBIG,
				  _("cannot create a temporary directory: %s"),
				  strerror(ENAMETOOLONG));
	memset(dir + n, 'X', 6);
	dir[n + 6] = '\0';
	if (!mkdtemp(dir))
		return lk_err_set(&r->ctx->err, LK_EIO,
				  _("cannot create a temporary directory: %s"),
				  strerror(errno));
	return 0;
}

/* Reads path whole into out. */
static int slurp(struct http_req *r, const char *path)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return lk_err_set(&r->ctx->err, LK_EIO, _("cannot read %s: %s"),
				  path, strerror(errno));
	while (!rc && (n = read(fd, chunk, sizeof chunk)) > 0)
		rc = lk_buf_add(r->out, chunk, (size_t)n);
	if (!rc && n < 0)
		rc = lk_err_set(&r->ctx->err, LK_EIO, _("cannot read %s: %s"),
				path, strerror(errno));
	close(fd);
	return rc;
}

int api_export(struct http_req *r)
{
	const char *f = http_query(r, "format"), *region = http_query(r, "region");
	struct lk_export_stats st;
	char dir[512], path[600], name[80];
	int rc;

	if (f && *f && strcmp(f, "xlsx") != 0)
		return lk_err_set(&r->ctx->err, LK_EUSAGE,
				  _("unknown format %s (xlsx)"), f);
	if (region && !*region)
		region = NULL;
	if ((rc = make_tmpdir(r, "export", dir, sizeof dir)))
		return rc;
	snprintf(path, sizeof path, "%s/book.xlsx", dir);
	rc = lk_export_xlsx(r->ctx, path, region, r->lang, &st);
	if (!rc)
		rc = slurp(r, path);
	unlink(path);
	rmdir(dir);
	if (rc)
		return rc;
	snprintf(name, sizeof name, "ledger-%s.xlsx",
		 region ? region : "all");
	http_download(r,
		      "application/vnd.openxmlformats-officedocument."
		      "spreadsheetml.sheet",
		      name);
	return 0;
}

struct up {
	struct http_req *r;
	struct lk_buf issues;
	size_t n;
	const char *dir; /* the temporary directory, not shown */
};

static void on_issue(void *arg, const struct lk_issue *is)
{
	struct up *u = arg;
	struct lk_issue shown = *is;
	size_t dl = strlen(u->dir);

	if (u->n++ >= ISSUES_MAX)
		return;
	/* name the file as uploaded, not where it was put */
	if (strncmp(is->file, u->dir, dl) == 0 && is->file[dl] == '/')
		shown.file = is->file + dl + 1;
	if (u->n > 1)
		lk_buf_addc(&u->issues, ',');
	lk_view_import_issue(&u->issues, &shown);
}

/* The name to give an upload: its file name without directories (so
 * the error report names the user's file), else the default. */
static const char *upload_name(struct http_req *r, const struct http_part *p,
			       const char *def)
{
	const char *f = p->filename, *slash;
	char *name;
	size_t i;

	if (!f || !*f)
		return def;
	if ((slash = strrchr(f, '/')) || (slash = strrchr(f, '\\')))
		f = slash + 1;
	if (!*f || strlen(f) > 120 || !strcmp(f, ".") || !strcmp(f, ".."))
		return def;
	if (!(name = lk_arena_strdup(r->arena, f)))
		return def;
	for (i = 0; name[i]; i++)
		if ((unsigned char)name[i] < 0x20)
			name[i] = '_';
	return name;
}

/* Writes part p to dir/name; *path gets an arena copy of the path. */
static int save(struct http_req *r, const char *dir, const char *name,
		const char *def, const struct http_part *p, const char **path)
{
	char buf[600];
	FILE *f;
	int rc = 0;

	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	f = fopen(buf, "wbx");
	if (!f && errno == EEXIST) { /* two uploads of the same name */
		snprintf(buf, sizeof buf, "%s/%s", dir, def);
		f = fopen(buf, "wbx");
	}
	if (!f)
		return lk_err_set(&r->ctx->err, LK_EIO, _("cannot write %s: %s"),
				  buf, strerror(errno));
	if (fwrite(p->data, 1, p->len, f) != p->len)
		rc = LK_EIO;
	if (fclose(f) != 0)
		rc = LK_EIO;
	if (rc)
		return lk_err_set(&r->ctx->err, rc, _("cannot write %s: %s"),
				  buf, strerror(errno));
	*path = lk_arena_strdup(r->arena, buf);
	return *path ? 0 : LK_ENOMEM;
}

int api_import(struct http_req *r)
{
	static const char *const keys[] = {"households", "members", "incomes",
					   "workbook"};
	static const char *const files[] = {"households.csv", "members.csv",
					    "incomes.csv", "workbook.xlsx"};
	struct http_part parts[HTTP_MAX_PARTS];
	const char *paths[4] = {NULL, NULL, NULL, NULL};
	struct lk_import_opts o;
	struct lk_import_stats st;
	struct up u = {r, LK_BUF_INIT(64u << 20), 0, NULL};
	char dir[512];
	size_t n, i, k;
	int rc, made = 0;

	memset(&o, 0, sizeof o);
	memset(&st, 0, sizeof st);
	if ((rc = http_multipart(r, parts, &n)))
		goto out;
	if ((rc = make_tmpdir(r, "import", dir, sizeof dir)))
		goto out;
	made = 1;
	u.dir = dir;
	for (i = 0; i < n; i++) {
		if (strcmp(parts[i].name, "dry_run") == 0) {
			o.dry_run = parts[i].len == 1 && parts[i].data[0] == '1';
			continue;
		}
		for (k = 0; k < 4 && strcmp(parts[i].name, keys[k]); k++)
			;
		if (k == 4) {
			rc = lk_err_set(&r->ctx->err, LK_EUSAGE,
					_("unknown form field %s (households, "
					  "members, incomes, workbook, "
					  "dry_run)"),
					parts[i].name);
			goto out;
		}
		if (paths[k]) {
			rc = lk_err_set(&r->ctx->err, LK_EUSAGE,
					_("form field %s given twice"),
					keys[k]);
			goto out;
		}
		if ((rc = save(r, dir, upload_name(r, &parts[i], files[k]),
			       files[k], &parts[i], &paths[k])))
			goto out;
	}
	if (!paths[0] && !paths[1] && !paths[2] && !paths[3]) {
		rc = lk_err_set(&r->ctx->err, LK_EUSAGE,
				_("no file: send households, members, incomes "
				  "(CSV) or workbook (XLSX)"));
		goto out;
	}
	if (paths[3] && (paths[0] || paths[1] || paths[2])) {
		rc = lk_err_set(&r->ctx->err, LK_EUSAGE,
				_("send either CSV files or one workbook"));
		goto out;
	}
	o.households = paths[0];
	o.members = paths[1];
	o.incomes = paths[2];
	o.workbook = paths[3];
	o.encoding = CSV_ENC_AUTO;
	o.issue = on_issue;
	o.arg = &u;
	rc = lk_import(r->ctx, &o, &st);
	if (rc == LK_EINVAL && st.errors) {
		struct lk_buf body = LK_BUF_INIT(128u << 20);

		if (!(rc = lk_buf_addc(&body, '[')) &&
		    !(rc = lk_buf_adds(&body, lk_buf_str(&u.issues))) &&
		    !(rc = lk_buf_addc(&body, ']')))
			http_error_with(r, LK_EINVAL, 422, "errors",
					lk_buf_str(&body));
		lk_buf_free(&body);
		goto out;
	}
	if (!rc)
		rc = lk_view_import(&st, !o.dry_run, o.dry_run,
				    lk_buf_str(&u.issues), r->out);
out:
	for (k = 0; k < 4; k++)
		if (paths[k])
			unlink(paths[k]);
	if (made)
		rmdir(dir);
	lk_buf_free(&u.issues);
	return rc;
}
