#include "io/demo.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/resource.h"
#include "io/csv.h"
#include "io/gen.h"
#include "io/interchange.h"
#include "policy/policy.h"
#include "procedure/procedure.h"
#include "work/work.h"
#include "registry/codes.h"
#include "registry/household.h"
#include "registry/region.h"

/* Removes the generated files and the directory. */
static void remove_dir(const char *dir)
{
	static const char *const files[] = {"households.csv", "members.csv",
					    "incomes.csv", "groups.csv",
					    "faults.csv"};
	char path[4200];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* groups.csv: village_code, group, attribute. */
static int apply_groups(struct lk_ctx *ctx, const char *dir)
{
	char path[4200], code[LK_REGION_CODE_MAX];
	struct csv_reader *r = NULL;
	char **f;
	size_t *lens, n;
	int rc;

	snprintf(path, sizeof path, "%s/groups.csv", dir);
	if ((rc = csv_open_file(path, CSV_ENC_UTF8, NULL, &r, &ctx->err)) ||
	    (rc = csv_next(r, &f, &lens, &n, &ctx->err)))
		goto out;
	while ((rc = csv_next(r, &f, &lens, &n, &ctx->err)) == 0) {
		if (n < 3) {
			rc = lk_err_set(&ctx->err, LK_EINTERNAL,
					_("%s: malformed row %zu"), path,
					csv_row(r));
			goto out;
		}
		if ((rc = lk_region_group_ensure(ctx, f[0], f[1], code)) ||
		    (rc = lk_region_set_attribute(ctx, code, f[2])))
			goto out;
	}
	if (rc == LK_EEOF)
		rc = 0;
out:
	csv_close(r);
	return rc;
}

static void count_issue(void *arg, const struct lk_issue *is)
{
	if (is->error && !*(const struct lk_issue **)arg)
		*(const struct lk_issue **)arg = is; /* first error only */
}

static int build(struct lk_ctx *ctx, const char *divisions, uint64_t seed,
		 int full);

int lk_demo_build(struct lk_ctx *ctx, const char *divisions, uint64_t seed)
{
	return build(ctx, divisions, seed, 1);
}

int lk_demo_build_registry(struct lk_ctx *ctx, const char *divisions,
			   uint64_t seed)
{
	return build(ctx, divisions, seed, 0);
}

static int build(struct lk_ctx *ctx, const char *divisions, uint64_t seed,
		 int full)
{
	char dir[1024], hh[1100], mb[1100], in[1100];
	const char *tmp = getenv("TMPDIR");
	size_t n;
	struct lk_gen_opts g;
	struct lk_gen_stats gs;
	struct lk_import_opts io;
	struct lk_import_stats is;
	const struct lk_issue *first = NULL;
	struct lk_codes *cl;
	struct lk_region village;
	char line[LK_POLICY_VALUE_MAX];
	struct lk_proc_demo_summary procs;
	struct lk_totals totals;
	size_t count;
	int rc, made = 0;

	/* code lists and policy values, unless the ledger has them */
	if ((rc = lk_codes_get(ctx, &cl)))
		goto out;
	if (!lk_code_has_list(cl, "relation") ||
	    lk_policy_get(ctx, "poverty_line", LK_GEN_DEMO_VILLAGE, 2018,
			  line) == LK_ENOTFOUND) {
		if ((rc = lk_policy_load(ctx, NULL)))
			goto out;
	}
	rc = lk_region_get(ctx, LK_GEN_DEMO_VILLAGE, &village);
	if (rc == LK_ENOTFOUND)
		rc = lk_region_load(ctx, divisions, "53", &count);
	if (rc)
		goto out;
	/* a ledger that holds the demo already keeps it as it is */
	if ((rc = lk_registry_totals(ctx, LK_GEN_DEMO_VILLAGE, &totals)))
		goto out;
	if (totals.households > 0)
		goto out;
	/* a private directory under $TMPDIR: mkdtemp's template ends in six
	 * 'X' the call replaces */
	snprintf(dir, sizeof dir - 7, "%s/lika-demo-",
		 tmp && *tmp ? tmp : "/tmp");
	n = strlen(dir);
	memset(dir + n, 'X', 6);
	dir[n + 6] = '\0';
	if (!mkdtemp(dir)) {
		rc = lk_err_set(&ctx->err, LK_EIO,
				_("cannot create a temporary directory"));
		goto out;
	}
	made = 1;
	memset(&g, 0, sizeof g);
	g.divisions = divisions;
	g.village = LK_GEN_DEMO_VILLAGE;
	g.seed = seed;
	g.demo = 1;
	g.out = dir;
	if ((rc = lk_gen(&g, &gs, &ctx->err)))
		goto out;
	snprintf(hh, sizeof hh, "%s/households.csv", dir);
	snprintf(mb, sizeof mb, "%s/members.csv", dir);
	snprintf(in, sizeof in, "%s/incomes.csv", dir);
	memset(&io, 0, sizeof io);
	io.households = hh;
	io.members = mb;
	io.incomes = in;
	io.encoding = CSV_ENC_UTF8;
	io.issue = count_issue;
	io.arg = &first;
	rc = lk_import(ctx, &io, &is);
	if (rc == LK_EINVAL)
		rc = lk_err_set(&ctx->err, LK_EINTERNAL,
				_("the generated demo data does not import "
				  "(%zu errors)"),
				is.errors);
	if (rc)
		goto out;
	if ((rc = apply_groups(ctx, dir)) || !full)
		goto out;
	/* the procedures behind the statuses, then a year of work */
	if ((rc = lk_proc_demo_histories(ctx, LK_GEN_DEMO_VILLAGE, seed,
					 &procs)))
		goto out;
	rc = lk_work_demo(ctx, LK_GEN_DEMO_VILLAGE, NULL);
out:
	if (made)
		remove_dir(dir);
	return rc;
}
