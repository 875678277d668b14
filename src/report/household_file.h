/*
 * household_file.h - the household file (扶贫手册): everything the ledger
 * knows about one registered household, as markdown (report/doc.h turns
 * it into HTML or DOCX).
 *
 * Sections, as the printed 扶贫手册 groups them:
 *   basic information (household number, village path and group, head,
 *   ID number as stored, phone, bank and account, attribute,
 *   identification standard, year identified, status and year lifted,
 *   monitoring, family flags); members (identity: name, ID number,
 *   relation, sex, age on the report date, ethnicity, political status;
 *   capacity: education, school status, health, labour, migrant work,
 *   insurance, dibao; members who died or moved out listed after);
 *   living conditions (land, housing, water, power, road, fuel, toilet,
 *   cooperative); causes of poverty (main, other, risk types); income by
 *   year (every item, net income, household size, per-capita income
 *   against the year's poverty line from policy); helpers (paired
 *   cadres with unit, post, phone and period); assistance measures by
 *   batch (the five batches 五个一批 always, other batches when
 *   present); visits (date, cadre, what was found, problems, measures,
 *   follow-up); procedures (kind, year, dates, state) and the status
 *   history; a signatures block (household head, helper, village, town)
 *   with blank lines to sign.
 *
 * Labels are in lang (field labels from registry/fields.h and
 * work/work.h, codes as labels of the chosen language); data values are
 * escaped with lk_md_escape so no name or note can change the layout.
 * The report date (ages, "as of") is today (core/date.h; LIKA_NOW pins
 * it).  Reads only, through the registry, status, work, procedure and
 * policy services; the region scope of ctx holds (a household outside
 * it is "not found").
 *
 * Errors: LK_ENOTFOUND (no such household in the scope; ctx->err names
 * it), LK_EINVAL (a malformed village code), LK_ETOOBIG (out's bound),
 * LK_ENOMEM, or a store error.  On failure out may hold part of the text:
 * callers write nothing then.  The thread's language is restored.
 */
#ifndef LK_HOUSEHOLD_FILE_H
#define LK_HOUSEHOLD_FILE_H

#include "core/buf.h"
#include "core/ctx.h"
#include "core/i18n.h"

#define LK_HHFILE_BATCH_MAX 20000 /* households of one batch document */

/* Appends the household file of household_no to out: a level-1 heading
 * (the title) and level-2 sections. */
int lk_household_file_md(struct lk_ctx *ctx, const char *household_no,
			 enum lk_lang lang, struct lk_buf *out);

/* Appends one document for the households of a village (12-digit code,
 * within the scope) in household-number order: a level-1 title naming
 * the village, then each household under a level-2 heading with level-3
 * sections, a page break (\newpage) between households.  By default the
 * registered households (status poor, lifted or returned); all != 0
 * takes every household.  *count (may be NULL) gets the number of
 * households.  LK_ENOTFOUND when the village is unknown or has no such
 * household; LK_ETOOBIG beyond LK_HHFILE_BATCH_MAX households. */
int lk_household_file_village_md(struct lk_ctx *ctx, const char *village,
				 int all, enum lk_lang lang,
				 struct lk_buf *out, size_t *count);

#endif
