/*
 * fields.h - the one description of every registry field.
 *
 * The interchange format (interchange.md), the database columns, the CLI
 * (`household edit --set key=value`), the JSON shapes and the export all
 * come from these tables, so a field is described once.  Each field has
 * its interchange key (also its column name unless noted), its Chinese
 * header, an English label, a type, the code list it draws on, bounds,
 * and flags.
 *
 * Values travel as "canonical text": a code for coded fields, "1"/"0" for
 * yes/no, decimal digits for integers (money in fen, areas and distances
 * in hundredths), ISO dates, multiple codes joined with ';'.  NULL means
 * unknown.  lk_field_parse() turns user input into canonical text;
 * lk_field_show() turns canonical text into what a user reads.
 *
 * Parse problems carry the data-quality rule id they correspond to
 * (domain.md section 7) and whether they are "value errors" that
 * `import --accept-invalid` may keep as given (bad check characters,
 * impossible dates, codes outside a list) or structural errors that
 * always reject.
 */
#ifndef LK_FIELDS_H
#define LK_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/i18n.h"

struct lk_codes;

enum lk_ftype {
	LK_F_TEXT,   /* free text */
	LK_F_CODE,   /* one code of list */
	LK_F_CODES,  /* up to max codes of list, ';' '、' ',' separated */
	LK_F_BOOL,   /* yes/no */
	LK_F_INT,    /* integer in [min, max] */
	LK_F_YEAR,   /* year 1949..2100 */
	LK_F_DATE,   /* YYYY-MM-DD */
	LK_F_DATEY,  /* date or year */
	LK_F_MONEY,  /* yuan, 2 decimals -> fen */
	LK_F_DEC2,   /* decimal with up to 2 decimals -> hundredths */
	LK_F_IDNUM,  /* resident ID (15 upgraded, 18) or 20-digit cert */
	LK_F_CERT,   /* 20-digit disability certificate */
	LK_F_REGION, /* 12-digit village code */
	LK_F_PHONE,  /* 11-digit mobile or fixed number */
	LK_F_DIGITS, /* digits only */
};

enum {
	LK_FF_REQUIRED = 1, /* required in every row */
	LK_FF_KEY = 2,      /* natural key */
	LK_FF_NOCOL = 4,    /* not stored (verified then dropped) */
	LK_FF_SENSITIVE = 8, /* ID, phone, bank: masked for most roles */
	LK_FF_INCOME = 16    /* income columns of the households table */
};

struct lk_field {
	const char *key;  /* interchange key and column name */
	const char *zh;   /* Chinese header */
	const char *en;   /* English label (translated with _()) */
	enum lk_ftype type;
	const char *list; /* code list, for CODE / CODES */
	int64_t min, max; /* INT, MONEY, DEC2 bounds; CODES max items */
	unsigned flags;
	const char *col;  /* column name when it differs from key */
};

/* The column a field is stored in. */
#define LK_FIELD_COL(f) ((f)->col ? (f)->col : (f)->key)

struct lk_table {
	const char *name;     /* "households", "members", "incomes" */
	const char *sheet_zh; /* "农户", "家庭成员", "收入" */
	const struct lk_field *f;
	size_t n;
};

extern const struct lk_table lk_households;
extern const struct lk_table lk_members;
extern const struct lk_table lk_incomes;

/* Index of the field with this key or Chinese header (trimmed,
 * case-insensitive for keys), or -1. */
int lk_field_find(const struct lk_table *t, const char *name);

/* The problem found in a value. */
struct lk_problem {
	const char *rule; /* rule id of domain.md section 7, e.g. "code.invalid" */
	int value_error;  /* 1 = may be kept with --accept-invalid */
	char msg[256];    /* translated reason */
};

/* Parses input (NULL or "" = unknown) into canonical text appended to out
 * (out is reset first; *isnull set when unknown).  Returns 0, or LK_EINVAL
 * with p filled, or LK_ENOMEM.  codes is needed for coded fields. */
int lk_field_parse(const struct lk_field *f, const struct lk_codes *codes,
		   const char *input, struct lk_buf *out, int *isnull,
		   struct lk_problem *p);

/* Appends the display form of canonical text to out: labels in lang for
 * coded fields (joined with '、' in Chinese, ';' in English), 是/否 or
 * yes/no, yuan with 2 decimals, decimals trimmed.  Unknown codes are
 * shown as stored. */
int lk_field_show(const struct lk_field *f, const struct lk_codes *codes,
		  const char *canon, enum lk_lang lang, struct lk_buf *out);
/* 1 if lk_field_show() (and lk_work_show()) would append canon
 * unchanged, in any language: a field with no code list whose type has
 * no display form of its own (text, integer, year, date ...).  Cannot
 * fail. */
int lk_field_shown_as_is(const struct lk_field *f);

/* Whether the field binds as an integer column. */
int lk_field_is_int(const struct lk_field *f);

/* Whether v is an 11-digit mobile (1[3-9]...) or a fixed number with its
 * area code (0xx[x]-nnnnnnn[n], dash optional). */
int lk_phone_valid(const char *v);

/* Parses yes/no words (是/否, Y/N, yes/no, 1/0, true/false); -1 if none. */
int lk_parse_bool(const char *s);

#endif
