/*
 * idcard.h - resident ID numbers (GB 11643-1999) and disability
 * certificate numbers.
 *
 * An ID number has 18 characters: a 6-digit region code (the county of
 * household registration), the birth date YYYYMMDD, a 3-digit sequence
 * whose last digit is odd for men and even for women, and a check
 * character.  The check is ISO 7064 MOD 11-2: S = sum of digit[i] *
 * weight[i] over the first 17 digits, weights 7 9 10 5 8 4 2 1 6 3 7 9 10
 * 5 8 4 2; S mod 11 = 0..10 gives "10X98765432"[S mod 11].  The canonical
 * form has an upper-case X; lk_id_validate() also accepts a lower-case x
 * and says so (info.lower_x), lk_id_normalize() converts it.
 *
 * Old 15-digit numbers (YYMMDD births, all in the 1900s, no check
 * character) are upgraded by inserting "19" before the birth date and
 * appending the check character.
 *
 * A disability certificate number (残疾人证号) has 20 characters: a valid
 * 18-character ID number, the category digit 1..7 (visual, hearing,
 * speech, physical, intellectual, mental, multiple) and the grade digit
 * 1..4 (1 most severe).
 *
 * Validation reports *why* a number fails, as an enum that maps onto the
 * data-quality rule ids (lk_id_reason_rule): id.length, id.checksum,
 * id.birth, id.disability.  Checks are independent where they can be:
 * once the shape is right (18 characters, 17 digits + digit or X), the
 * checksum and the birth date are both judged and reported separately
 * in the info (checksum_ok, birth), so "440524188001010014" is seen as
 * checksum-valid but born before 1900.  The return value and info.reason
 * give the first failure in the order length, characters, checksum,
 * birth.
 *
 * None of these functions allocates.  Messages put in struct lk_err are
 * translated and never contain the ID number itself (callers add the
 * record's context; ID numbers are personal data).
 */
#ifndef LK_IDCARD_H
#define LK_IDCARD_H

#include "core/date.h"
#include "core/err.h"

#define LK_ID_LEN 18
#define LK_ID15_LEN 15
#define LK_DIS_LEN 20
#define LK_ID_MASK_BUFSZ 24

enum lk_id_reason {
	LK_ID_OK = 0,
	LK_ID_LENGTH,	     /* not 18 characters (id.length) */
	LK_ID_CHARS,	     /* a non-digit among the first 17, or a last
				character other than a digit or X
				(id.length: wrong shape) */
	LK_ID_CHECKSUM,	     /* wrong check character (id.checksum) */
	LK_ID_BIRTH_INVALID, /* birth date does not exist (id.birth) */
	LK_ID_BIRTH_EARLY,   /* born before 1900-01-01 (id.birth) */
	LK_ID_BIRTH_FUTURE,  /* born after today (id.birth) */
};

enum lk_dis_reason {
	LK_DIS_OK = 0,
	LK_DIS_LENGTH,	 /* not 20 characters */
	LK_DIS_ID,	 /* the 18-character ID part is invalid (see id) */
	LK_DIS_CATEGORY, /* category not 1..7 */
	LK_DIS_GRADE,	 /* grade not 1..4 */
};

enum { LK_SEX_MALE = 1, LK_SEX_FEMALE = 2 }; /* GB/T 2261.1 codes */

struct lk_id_info {
	enum lk_id_reason reason; /* first failure, LK_ID_OK if valid */
	/* The fields below are set once the shape is right (reason is OK,
	 * CHECKSUM or BIRTH_*); otherwise they are zero / empty. */
	int checksum_ok;	       /* 1 if the check character matches */
	int lower_x;		       /* 1 if the check character was 'x' */
	char check;		       /* the expected check character */
	enum lk_id_reason birth;       /* LK_ID_OK or a LK_ID_BIRTH_* reason */
	struct lk_date birth_date;     /* valid unless birth == BIRTH_INVALID */
	int sex;		       /* LK_SEX_MALE or LK_SEX_FEMALE */
	char region[7];		       /* first 6 digits */
	char canonical[LK_ID_LEN + 1]; /* the number with an upper-case X */
};

struct lk_dis_info {
	enum lk_dis_reason reason; /* first failure, LK_DIS_OK if valid */
	struct lk_id_info id;	   /* the ID part (when 20 characters) */
	int category;		   /* 1..7 when valid, else the digit or -1 */
	int grade;		   /* 1..4 when valid, else the digit or -1 */
};

/* Computes the check character of the first 17 characters of first17
 * (which may be longer; characters after the 17th are ignored).  0, or
 * LK_EINVAL when one of them is not a digit (or the string is shorter);
 * *out untouched then. */
int lk_id_check_char(const char *first17, char *out);

/* Validates an 18-character ID number against today (lk_today()).  Returns
 * 0 when valid, else LK_EINVAL with e set to a description.  info may be
 * NULL; when given it is always filled (see struct lk_id_info), on
 * failure too. */
int lk_id_validate(const char *s, struct lk_id_info *info, struct lk_err *e);

/* Same, judging "born in the future" against the date today. */
int lk_id_validate_at(const char *s, struct lk_date today,
		      struct lk_id_info *info, struct lk_err *e);

/* Sex (LK_SEX_MALE or LK_SEX_FEMALE) and birth date ("YYYY-MM-DD") of a
 * number lk_id_validate() accepted (or of a disability certificate whose
 * ID part it accepted), read off without checking it again.  Cannot
 * fail. */
void lk_id_facts(const char *valid, int *sex, char birth[11]);

/* Upgrades a 15-digit number to 18 characters.  LK_EINVAL unless id15 is
 * exactly 15 digits; out untouched then.  The birth date is not checked
 * (validate the result). */
int lk_id_upgrade15(const char *id15, char out[LK_ID_LEN + 1]);

/* Validates a 20-character disability certificate number (ID part against
 * lk_today()).  0 when valid, else LK_EINVAL with e set.  info may be
 * NULL; when given it is always filled. */
int lk_id_validate_disability(const char *s, struct lk_dis_info *info,
			      struct lk_err *e);
int lk_id_validate_disability_at(const char *s, struct lk_date today,
				 struct lk_dis_info *info, struct lk_err *e);

/* Normalizes an ID or certificate number as typed or imported: trims
 * ASCII white space and ideographic spaces (U+3000), turns full-width
 * digits and X (０-９, Ｘ, ｘ) into ASCII, upper-cases x, and upgrades a
 * 15-digit number (then *upgraded = 1, else 0; upgraded may be NULL).
 * The result is 18 or 20 characters of digits with at most one X (at
 * position 18); the checksum is not verified (use lk_id_validate).
 * LK_EINVAL (reason id.length) for any other shape, out untouched. */
int lk_id_normalize(const char *in, char out[LK_DIS_LEN + 1], int *upgraded,
		    struct lk_err *e);

/* Masks the middle of an ID for display: the first 4 and last 4
 * characters are kept and every one between becomes '*', preserving the
 * length: "5329**********1234".  Strings of 8 characters or fewer are
 * masked entirely; longer than 23 are shortened to 4 + 15 '*' + 4.  Non-
 * ASCII bytes are masked too.  Cannot fail. */
void lk_id_mask(const char *id, char out[LK_ID_MASK_BUFSZ]);

/* Stable data-quality rule id of a reason: "id.length", "id.checksum",
 * "id.birth", or NULL for LK_ID_OK.  lk_dis_reason_rule gives
 * "id.disability" for every failure, NULL for LK_DIS_OK. */
const char *lk_id_reason_rule(enum lk_id_reason r);
const char *lk_dis_reason_rule(enum lk_dis_reason r);

/* Translated short description of a reason ("wrong check character"). */
const char *lk_id_reason_str(enum lk_id_reason r);
const char *lk_dis_reason_str(enum lk_dis_reason r);

/* Age in full years on date on of a person whose info has a birth date
 * (info->birth != LK_ID_BIRTH_INVALID); see lk_age_on(). */
int lk_id_age_on(const struct lk_id_info *info, struct lk_date on);

#endif
