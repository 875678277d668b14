/* lika user: accounts of the web application (account/account.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "account/account.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "view/view.h"

static const char usage[] = N_(
	"usage: lika user add NAME --role ROLE [--region CODE]\n"
	"                     [--cadre ID_NUMBER|NAME] [--password-stdin]\n"
	"       lika user passwd NAME [--password-stdin]\n"
	"       lika user disable NAME\n"
	"       lika user list\n"
	"\n"
	"ROLE is admin, county, town, village, helper or viewer.  county,\n"
	"town and village accounts need a region of that level; an admin\n"
	"without --region reaches the whole ledger.  A helper account is\n"
	"linked to the cadre with that ID number or name (--cadre) and\n"
	"reaches only the households paired with it.  The password is asked\n"
	"for on a terminal (twice, not shown); otherwise, or with\n"
	"--password-stdin, it is the first line of standard input.\n");

/* Reads one line into buf without its newline.  1 on success. */
static int read_line(FILE *fp, char *buf, size_t n)
{
	size_t len;

	if (!fgets(buf, (int)n, fp))
		return 0;
	len = strlen(buf);
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(fp)) /* longer than the buffer: refuse */
		return 0;
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 1;
}

static int prompt(const char *what, char *buf, size_t n)
{
	struct termios old, quiet;
	int ok;

	fputs(what, stderr);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return 0;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ok = read_line(stdin, buf, n);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* The new password: from a terminal (asked twice) or a stdin line. */
static int get_password(struct cli *c, int from_stdin, char *pw, size_t n)
{
	char again[LK_PASSWORD_MAX + 2];
	int rc = 0;

	if (!from_stdin && isatty(STDIN_FILENO)) {
		if (!prompt(_("new password: "), pw, n) ||
		    !prompt(_("again: "), again, sizeof again))
			rc = lk_err_set(&c->ctx.err, LK_EUSAGE,
					_("no password given"));
		else if (strcmp(pw, again) != 0)
			rc = lk_err_set(&c->ctx.err, LK_EUSAGE,
					_("the passwords differ"));
	} else if (!read_line(stdin, pw, n)) {
		rc = lk_err_set(&c->ctx.err, LK_EUSAGE,
				_("no password on standard input (one line "
				  "of at most %d characters)"),
				LK_PASSWORD_MAX);
	}
	sodium_memzero(again, sizeof again);
	return rc;
}

static int list_text(void *arg, const struct lk_account *a)
{
	(void)arg;
	printf("%-20s %-8s %-15s %s%s%s\n", a->name, lk_role_name(a->role),
	       a->region[0] ? a->region : "-", a->region_name,
	       a->cadre_name[0] ? "  " : "", a->cadre_name);
	if (a->disabled)
		printf("  (%s)\n", _("disabled"));
	return 0;
}

int cmd_user(struct cli *c, int argc, char **argv)
{
	static const struct option lo[] = {
		{"role", 1, 0, 'r'},	       {"region", 1, 0, 'g'},
		{"cadre", 1, 0, 'c'},	       {"password-stdin", 0, 0, 'p'},
		{"help", 0, 0, 'h'},	       {0, 0, 0, 0}};
	const char *sub, *role = NULL, *region = NULL, *cadre = NULL;
	char pw[LK_PASSWORD_MAX + 2];
	struct lk_buf b = LK_BUF_INIT(16u << 20);
	int ch, rc = 0, from_stdin = 0, ro, n;

	memset(pw, 0, sizeof pw);
	if (argc < 2)
		return cli_usage(c, usage, _("user needs a sub-command"));
	sub = argv[1];
	if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0)
		return cli_help(usage);
	cli_getopt_reset();
	while ((ch = getopt_long(argc - 1, argv + 1, "", lo, NULL)) != -1) {
		switch (ch) {
		case 'r': role = optarg; break;
		case 'g': region = optarg; break;
		case 'c': cadre = optarg; break;
		case 'p': from_stdin = 1; break;
		case 'h': return cli_help(usage);
		default:
			return cli_usage(c, usage, _("unknown option %s"),
					 argv[optind]);
		}
	}
	argv += optind + 1;
	n = argc - 1 - optind;
	if ((rc = cli_open(c, 0)))
		return rc;
	if (strcmp(sub, "add") == 0 && n == 1) {
		if (!role)
			return cli_usage(c, usage, _("user add needs --role"));
		if ((rc = lk_role_parse(&c->ctx, role, &ro)) ||
		    (rc = get_password(c, from_stdin, pw, sizeof pw)) ||
		    (rc = lk_account_add(&c->ctx, argv[0], ro, region, cadre,
					 pw)))
			goto fail;
		if (c->json) {
			struct lk_account a;
			if ((rc = lk_account_get(&c->ctx, argv[0], &a)) ||
			    (rc = lk_buf_adds(&b, "{\"user\":")) ||
			    (rc = lk_view_account(&a, &b)) ||
			    (rc = lk_buf_adds(&b, "}\n")))
				goto fail;
			fputs(lk_buf_str(&b), stdout);
		} else {
			printf(_("account %s added\n"), argv[0]);
		}
	} else if (strcmp(sub, "passwd") == 0 && n == 1) {
		if ((rc = get_password(c, from_stdin, pw, sizeof pw)) ||
		    (rc = lk_account_passwd(&c->ctx, argv[0], pw)))
			goto fail;
		if (!c->json)
			printf(_("password of %s changed\n"), argv[0]);
		else
			printf("{\"name\":\"%s\",\"password_changed\":true}\n",
			       argv[0]);
	} else if (strcmp(sub, "disable") == 0 && n == 1) {
		if ((rc = lk_account_disable(&c->ctx, argv[0])))
			goto fail;
		if (!c->json)
			printf(_("account %s disabled\n"), argv[0]);
		else
			printf("{\"name\":\"%s\",\"disabled\":true}\n",
			       argv[0]);
	} else if (strcmp(sub, "list") == 0 && n == 0) {
		if (c->json) {
			if ((rc = lk_view_accounts(&c->ctx, &b)) ||
			    (rc = lk_buf_addc(&b, '\n')))
				goto fail;
			fputs(lk_buf_str(&b), stdout);
		} else if ((rc = lk_account_list(&c->ctx, list_text, NULL))) {
			goto fail;
		}
	} else {
		rc = cli_usage(c, usage, _("wrong use of user %s"), sub);
	}
	sodium_memzero(pw, sizeof pw);
	lk_buf_free(&b);
	return rc;
fail:
	sodium_memzero(pw, sizeof pw);
	lk_buf_free(&b);
	return cli_fail(c, rc);
}
