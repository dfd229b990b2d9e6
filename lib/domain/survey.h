/*
 * survey.h — owner surveys (问卷调查): a questionnaire per site, the
 * answers of each unit, and what they add up to.
 *
 * A questionnaire is a strict YAML file (yaml.h):
 *
 *	code: autumn-2026          # optional; starts with a letter
 *	title: 2026 秋季业主满意度调查
 *	site: sunny                # optional when there is only one site
 *	questions:
 *	  - text: 维修服务是否及时
 *	    kind: score            # 1-5 (the default), or text
 *	  - text: 其他意见和建议
 *	    kind: text
 *
 * Unknown keys, a missing title or question text, an empty question
 * list (or more than PM_SURVEY_MAXQ), a kind other than score or text
 * are refused as "file:line:col: why" with PM_EX_DATAERR.
 *
 * Answers are imported from CSV or JSON Lines (import.h), one row per
 * unit: columns unit (required), site (optional; must be the survey's
 * site), answered (optional date/time; default now), and q1..qN — a
 * score question takes 1..5 exactly as written, a text question any
 * text; empty or absent means no answer.  Each row replaces that unit's
 * answers (upsert by survey, unit and question), so the same file
 * imported twice changes nothing the second time; the first bad row
 * (unknown unit, a parking or storage unit, a score out of range, the
 * same unit twice) is "file:line: why" and nothing is written.
 *
 * Statistics count the units of the survey's site that can answer: all
 * but parking spaces and storage rooms.  No floating point: the mean
 * score is in hundredths (425 = 4.25) and the shares in hundredths of a
 * percent (8333 = 83.33 %), each rounded half up once, from integer
 * sums: mean = (sum * 100 + count / 2) / count.
 */
#ifndef PM_SURVEY_H
#define PM_SURVEY_H

#include <stddef.h>
#include <stdint.h>
#include "ctx.h"
#include "import.h"
#include "out.h"
#include "perm.h"
#include "yaml.h"

#define PM_SURVEY_MAXQ 100

typedef struct pm_survey_q {
	int score;              /* 1: a 1-5 score, 0: free text */
	const char *text;
	int line;               /* where it was written, for messages */
} pm_survey_q;

/* A questionnaire as parsed; the strings point into doc. */
typedef struct pm_survey_def {
	pm_ydoc *doc;
	const char *code;       /* NULL when not given */
	const char *title;
	const char *site;       /* NULL when not given */
	int nq;
	pm_survey_q q[PM_SURVEY_MAXQ];
} pm_survey_def;

/* Parse a questionnaire (file is the name for messages); free the
 * result with pm_survey_def_free. */
int pm_survey_parse(const char *file, const char *data, size_t len, pm_survey_def **out,
	pm_err *err);
/* Read and parse a file (a missing file is PM_EX_NOINPUT). */
int pm_survey_load(const char *path, pm_survey_def **out, pm_err *err);
void pm_survey_def_free(pm_survey_def *def);

/*
 * Create the survey def describes, with an audit row.  An existing code
 * is PM_EX_DATAERR, an unknown site PM_EX_NOINPUT.  name receives how
 * the survey is named from now on: its code, or its number.
 */
int pm_survey_new(pm_ctx *ctx, const pm_survey_def *def, int64_t *id, char *name,
	size_t namesz, pm_err *err);

/*
 * Import answers for survey (code or number; unknown: PM_EX_NOINPUT)
 * from path ("-" = stdin), all or nothing, one audit row per unit that
 * changed; res counts units (rows).  Through the import loop (import.h).
 */
int pm_survey_import(pm_ctx *ctx, const char *survey, const char *path, pm_ifmt fmt,
	pm_icounts *res, pm_err *err);

/* ---- reading --------------------------------------------------------- */

/* `survey stats`: one row per question. */
enum {
	PM_SQ_N = 0,            /* question number */
	PM_SQ_KIND,             /* score | text */
	PM_SQ_QUESTION,
	PM_SQ_RESPONSES,        /* units that answered it */
	PM_SQ_UNITS,            /* units of the site that can answer */
	PM_SQ_RATE,             /* responses / units, hundredths of a percent */
	PM_SQ_MEAN,             /* mean score, hundredths; NULL for text */
	PM_SQ_SATISFIED,        /* scores >= 4 / scores, hundredths of a percent */
	PM_SQ_NCOL
};
extern const pm_col pm_survey_stats_cols[PM_SQ_NCOL];

/* `survey list`: one row per survey, oldest first. */
enum {
	PM_SL_SURVEY = 0,       /* code, or the number */
	PM_SL_TITLE,
	PM_SL_SITE,
	PM_SL_CREATED,
	PM_SL_QUESTIONS,
	PM_SL_RESPONDENTS,      /* units with at least one answer */
	PM_SL_NCOL
};
extern const pm_col pm_survey_list_cols[PM_SL_NCOL];

/* A row of either listing: a cell per column (text and integer both
 * read; out.h's pm_out_cells takes the one the column's type names).
 * Valid until the next call. */
typedef struct pm_survey_row {
	pm_cell c[PM_SQ_NCOL];
} pm_survey_row;

typedef struct pm_survey_iter pm_survey_iter;

/* Stream the statistics of one survey (unknown: PM_EX_NOINPUT). */
int pm_survey_stats(pm_ctx *ctx, const char *survey, pm_survey_iter **out, pm_err *err);
/* Stream every survey. */
int pm_survey_list(pm_ctx *ctx, pm_survey_iter **out, pm_err *err);
/* 1 and *row filled, 0 at the end, -1 on error. */
int pm_survey_next(pm_survey_iter *it, pm_survey_row *row, pm_err *err);
void pm_survey_iter_free(pm_survey_iter *it);

/* The permissions the survey verbs ask for (perm.h). */
extern const pm_perm_name pm_survey_perm_names[];

#endif
