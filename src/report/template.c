/* Report templates (see template.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/template.h"

enum node_type { N_TEXT, N_VAR, N_IF, N_EACH, N_ITEM, N_INDEX };
enum op { OP_TRUE, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

struct node {
	enum node_type type;
	const char *text; /* N_TEXT: into the template's copy */
	size_t len;
	const struct lk_ind *d; /* N_VAR, N_IF, N_EACH */
	char fmt[8];
	enum op op;
	const struct lk_ind *rhs; /* or NULL: rhs_int */
	long long rhs_int;
	size_t else_at, end_at; /* N_IF: first node of the else part (or
				   end_at), first node after the block */
};

struct lk_tpl {
	char *text;
	struct node *n;
	size_t nn, cap;
	const char **names;
	size_t nnames;
};

#define MAX_NODES 100000
#define MAX_DEPTH 32

static int push(struct lk_tpl *t, struct node **out)
{
	struct node *n;

	if (t->nn == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;

		if (cap > MAX_NODES)
			return LK_ETOOBIG;
		n = realloc(t->n, cap * sizeof *n);
		if (!n)
			return LK_ENOMEM;
		t->n = n;
		t->cap = cap;
	}
	*out = &t->n[t->nn++];
	memset(*out, 0, sizeof **out);
	return 0;
}

static int note_name(struct lk_tpl *t, const char *name)
{
	const char **v;
	size_t i;

	for (i = 0; i < t->nnames; i++)
		if (strcmp(t->names[i], name) == 0)
			return 0;
	v = realloc(t->names, (t->nnames + 1) * sizeof *v);
	if (!v)
		return LK_ENOMEM;
	v[t->nnames++] = name;
	t->names = v;
	return 0;
}

struct parse {
	struct lk_ctx *ctx;
	struct lk_tpl *t;
	const char *name;
	int line;
};

static int fail(struct parse *p, const char *msg, const char *arg)
{
	return lk_err_set(&p->ctx->err, LK_EINVAL, _("%s, line %d: %s%s%s"),
			  p->name, p->line, msg, arg ? ": " : "",
			  arg ? arg : "");
}

/* An indicator by name (the name is registered as used). */
static int lookup(struct parse *p, const char *name, const struct lk_ind **d)
{
	if (!(*d = lk_ind_find(name)))
		return fail(p, _("unknown indicator"), name);
	return note_name(p->t, (*d)->name) ? LK_ENOMEM : 0;
}

static int parse_cond(struct parse *p, char *s, struct node *n)
{
	static const struct {
		const char *s;
		enum op op;
	} ops[] = {{"<=", OP_LE}, {">=", OP_GE}, {"==", OP_EQ},
		   {"!=", OP_NE}, {"<", OP_LT},	 {">", OP_GT}};
	char *save = NULL, *name = strtok_r(s, " \t", &save),
	     *op = strtok_r(NULL, " \t", &save),
	     *rhs = strtok_r(NULL, " \t", &save), *end;
	size_t i;
	int rc;

	if (!name)
		return fail(p, _("#if needs an indicator"), NULL);
	if ((rc = lookup(p, name, &n->d)))
		return rc;
	if (!op) {
		n->op = OP_TRUE;
		return 0;
	}
	for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (strcmp(op, ops[i].s) == 0)
			break;
	if (i == sizeof ops / sizeof ops[0] || !rhs ||
	    strtok_r(NULL, " \t", &save))
		return fail(p, _("malformed condition"), op);
	n->op = ops[i].op;
	if (n->d->flags & LK_IND_LIST)
		return fail(p, _("a list cannot be compared"), n->d->name);
	if (isdigit((unsigned char)rhs[0]) || rhs[0] == '-') {
		n->rhs_int = strtoll(rhs, &end, 10);
		if (*end)
			return fail(p, _("malformed number"), rhs);
		return 0;
	}
	if ((rc = lookup(p, rhs, &n->rhs)))
		return rc;
	if (n->rhs->flags & LK_IND_LIST)
		return fail(p, _("a list cannot be compared"), rhs);
	return 0;
}

/* Parses the tag s (without the braces) into a node; *block is set to 1
 * for block tags (which may take their line away). */
static int parse_tag(struct parse *p, char *s, size_t stack[], int *depth,
		     int *block)
{
	struct lk_tpl *t = p->t;
	struct node *n;
	char *fmt;
	int rc;

	while (*s == ' ')
		s++;
	*block = 1;
	if (s[0] == '!')
		return 0;
	if (strncmp(s, "#if ", 4) == 0 || strncmp(s, "#each ", 6) == 0) {
		int each = s[1] == 'e';

		if (*depth == MAX_DEPTH)
			return fail(p, _("blocks nested too deep"), NULL);
		if ((rc = push(t, &n)))
			return rc;
		n->type = each ? N_EACH : N_IF;
		stack[(*depth)++] = t->nn - 1;
		s += each ? 6 : 4;
		if (!each)
			return parse_cond(p, s, n);
		{
			char *save = NULL;

			s = strtok_r(s, " \t", &save);
			if (s && strtok_r(NULL, " \t", &save))
				s = NULL;
		}
		if (!s)
			return fail(p, _("#each needs one list indicator"),
				    NULL);
		if ((rc = lookup(p, s, &n->d)))
			return rc;
		if (!(n->d->flags & LK_IND_LIST))
			return fail(p, _("not a list indicator"), s);
		return 0;
	}
	if (strcmp(s, "else") == 0) {
		if (!*depth || t->n[stack[*depth - 1]].type != N_IF ||
		    t->n[stack[*depth - 1]].else_at)
			return fail(p, _("{{else}} outside {{#if}}"), NULL);
		t->n[stack[*depth - 1]].else_at = t->nn;
		return 0;
	}
	if (strcmp(s, "/if") == 0 || strcmp(s, "/each") == 0) {
		enum node_type want = s[1] == 'i' ? N_IF : N_EACH;
		struct node *open;

		if (!*depth || t->n[stack[*depth - 1]].type != want)
			return fail(p, _("closing tag without its opening"), s);
		open = &t->n[stack[--*depth]];
		open->end_at = t->nn;
		if (!open->else_at)
			open->else_at = t->nn;
		return 0;
	}
	*block = 0;
	if ((rc = push(t, &n)))
		return rc;
	if (strcmp(s, "@item") == 0 || strcmp(s, "@n") == 0) {
		int i;

		for (i = *depth - 1; i >= 0; i--)
			if (t->n[stack[i]].type == N_EACH)
				break;
		if (i < 0)
			return fail(p, _("used outside {{#each}}"), s);
		n->type = s[1] == 'i' ? N_ITEM : N_INDEX;
		n->d = t->n[stack[i]].d;
		return 0;
	}
	n->type = N_VAR;
	if ((fmt = strchr(s, ':')) != NULL)
		*fmt++ = '\0';
	if (!*s || strpbrk(s, " \t#/{}"))
		return fail(p, _("malformed placeholder"), s);
	if ((rc = lookup(p, s, &n->d)))
		return rc;
	if (n->d->flags & LK_IND_LIST)
		return fail(p, _("a list needs {{#each}}"), s);
	if (fmt && (strlen(fmt) >= sizeof n->fmt ||
		    !lk_ind_format_ok(n->d, fmt)))
		return fail(p, _("format does not fit the indicator"), fmt);
	if (fmt)
		snprintf(n->fmt, sizeof n->fmt, "%s", fmt);
	return 0;
}

static int add_text(struct lk_tpl *t, const char *s, size_t len)
{
	struct node *n;
	int rc;

	if (!len)
		return 0;
	if ((rc = push(t, &n)))
		return rc;
	n->type = N_TEXT;
	n->text = s;
	n->len = len;
	return 0;
}

static int count_lines(const char *s, const char *e)
{
	int n = 0;

	for (; s < e; s++)
		n += *s == '\n';
	return n;
}

int lk_tpl_load(struct lk_ctx *ctx, const char *name, const char *text,
		size_t len, struct lk_tpl **out)
{
	struct lk_tpl *t;
	struct parse p = {ctx, NULL, name, 1};
	size_t stack[MAX_DEPTH];
	int depth = 0, rc = 0;
	char *s, *o, *c, tag[512];

	*out = NULL;
	if (len > LK_TPL_MAX)
		return lk_err_set(&ctx->err, LK_ETOOBIG,
				  _("%s: a template may hold at most %zu "
				    "bytes"),
				  name, LK_TPL_MAX);
	if (!(t = calloc(1, sizeof *t)) || !(t->text = malloc(len + 1))) {
		free(t);
		return lk_err_set(&ctx->err, LK_ENOMEM, _("out of memory"));
	}
	memcpy(t->text, text, len);
	t->text[len] = '\0';
	if (strlen(t->text) != len) {
		rc = lk_err_set(&ctx->err, LK_EINVAL,
				_("%s: the template contains a NUL byte"),
				name);
		goto out;
	}
	p.t = t;
	s = t->text;
	while (!rc && (o = strstr(s, "{{")) != NULL) {
		char *after, *ls = o, *le;
		int block;

		p.line += count_lines(s, o);
		c = strstr(o + 2, "}}");
		le = strchr(o, '\n');
		if (c && o[2] == '!') { /* a comment may span lines */
			after = c + 2;
			if ((rc = add_text(t, s, (size_t)(o - s))))
				break;
			p.line += count_lines(o, after);
			while (*after == ' ' || *after == '\t')
				after++;
			s = *after == '\n' ? after + 1 : after;
			p.line += *after == '\n';
			continue;
		}
		if (!c || (le && le < c))
			rc = fail(&p, _("unclosed {{"), NULL);
		else if ((size_t)(c - o - 2) >= sizeof tag)
			rc = fail(&p, _("tag too long"), NULL);
		if (rc)
			break;
		memcpy(tag, o + 2, (size_t)(c - o - 2));
		tag[c - o - 2] = '\0';
		after = c + 2;
		/* the text before, maybe without the indentation of a
		 * line that holds only a block tag */
		while (ls > s && (ls[-1] == ' ' || ls[-1] == '\t'))
			ls--;
		le = after;
		while (*le == ' ' || *le == '\t')
			le++;
		{
			size_t nn = t->nn;
			int alone = (ls == t->text || ls[-1] == '\n') &&
				    (*le == '\n' || *le == '\0');

			if ((rc = add_text(t, s, (size_t)(o - s))))
				break;
			if ((rc = parse_tag(&p, tag, stack, &depth, &block)))
				break;
			if (block && alone) {
				/* drop the indentation and the newline */
				if (nn < t->nn && t->n[nn].type == N_TEXT)
					t->n[nn].len -= (size_t)(o - ls);
				s = *le == '\n' ? le + 1 : le;
				p.line += *le == '\n';
				continue;
			}
		}
		s = after;
	}
	if (!rc && depth)
		rc = fail(&p, _("block not closed"),
			  t->n[stack[depth - 1]].d->name);
	if (!rc)
		rc = add_text(t, s, strlen(s));
	if (rc == LK_ENOMEM || rc == LK_ETOOBIG)
		rc = lk_err_set(&ctx->err, rc, _("%s: template too large"),
				name);
out:
	if (rc) {
		lk_tpl_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void lk_tpl_free(struct lk_tpl *t)
{
	if (!t)
		return;
	free(t->text);
	free(t->n);
	free(t->names);
	free(t);
}

size_t lk_tpl_names(const struct lk_tpl *t, const char *const **names)
{
	*names = t->names;
	return t->nnames;
}

/* ---- rendering ------------------------------------------------------ */

struct render {
	const struct lk_tpl *t;
	const struct lk_ind_set *s;
	int links;
	struct lk_buf *out;
	const char *item; /* of the innermost #each */
	size_t index;
};

static const struct lk_ind_value *value(const struct render *r,
					const struct lk_ind *d)
{
	return &r->s->v[d - lk_indicators];
}

static int truth(const struct render *r, const struct node *n)
{
	const struct lk_ind_value *a = value(r, n->d), *b;
	long long x, y;

	if (n->op == OP_TRUE)
		return a->known && ((n->d->flags & LK_IND_LIST)
					    ? a->nitems > 0
				    : (n->d->unit == LK_UNIT_TEXT ||
				       n->d->unit == LK_UNIT_DATE)
					    ? a->text[0] != '\0'
					    : a->v != 0);
	if (!a->known)
		return 0;
	x = a->v;
	if (n->rhs) {
		b = value(r, n->rhs);
		if (!b->known)
			return 0;
		y = b->v;
	} else {
		y = n->rhs_int;
	}
	switch (n->op) {
	case OP_LT: return x < y;
	case OP_LE: return x <= y;
	case OP_GT: return x > y;
	case OP_GE: return x >= y;
	case OP_EQ: return x == y;
	case OP_NE: return x != y;
	default: return 0;
	}
}

static int render_range(struct render *r, size_t i, size_t end)
{
	int rc = 0;

	while (!rc && i < end) {
		const struct node *n = &r->t->n[i];

		switch (n->type) {
		case N_TEXT:
			rc = lk_buf_add(r->out, n->text, n->len);
			i++;
			break;
		case N_VAR: {
			int link = r->links && lk_ind_drillable(n->d) &&
				   value(r, n->d)->known;

			if (link)
				rc = lk_buf_addc(r->out, '[');
			if (!rc)
				rc = lk_ind_format(n->d, value(r, n->d),
						   n->fmt, r->s->lang, r->out);
			if (!rc && link)
				rc = lk_buf_printf(r->out, "](drill:%s)",
						   n->d->name);
			i++;
			break;
		}
		case N_ITEM:
			rc = lk_buf_adds(r->out, r->item ? r->item : "");
			i++;
			break;
		case N_INDEX:
			rc = lk_buf_printf(r->out, "%zu", r->index);
			i++;
			break;
		case N_IF:
			rc = truth(r, n) ? render_range(r, i + 1, n->else_at)
					 : render_range(r, n->else_at,
							n->end_at);
			i = n->end_at;
			break;
		case N_EACH: {
			const struct lk_ind_value *v = value(r, n->d);
			const char *saved = r->item;
			size_t k, si = r->index;

			for (k = 0; !rc && k < v->nitems; k++) {
				r->item = v->items[k];
				r->index = k + 1;
				rc = render_range(r, i + 1, n->end_at);
			}
			r->item = saved;
			r->index = si;
			i = n->end_at;
			break;
		}
		}
	}
	return rc;
}

int lk_tpl_render(const struct lk_tpl *t, const struct lk_ind_set *s,
		  int links, struct lk_buf *out)
{
	struct render r = {t, s, links, out, NULL, 0};

	return render_range(&r, 0, t->nn);
}
