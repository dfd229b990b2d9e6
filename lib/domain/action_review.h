/*
 * action_review.h — the month's written report for management review
 * (书面报告, 提交管理层审核): what pm-action review puts in its document.
 *
 * The figures of a month M ([start, end) in the business zone):
 *
 *	meetings   held in M            issues     raised at them
 *	opened     actions made in M    done       done in M
 *	verified   accepted in M        cancelled  cancelled in M
 *	pending    still open or in progress now, made before the end of M
 *	overdue    of those, past their due time by the end of M (or now,
 *	           when M has not ended)
 *
 * The issues listed: those raised at M's meetings, each with the
 * actions made from it (source G3#2).
 *
 * The actions listed: those made in M, and those made before it that
 * were still in play when it began (not yet accepted or cancelled then),
 * each with its state now — the report is written after the month, for
 * a meeting that decides what happens next.
 *
 * The targets missed.  pm-report's `kpi` writes one line per KPI; with
 * `-o tsv` its columns are kpi, value, target and met (1 or 0), and
 * review --kpi FILE lists the lines whose met is 0.  The reader is
 * pm_action_kpi_read: a malformed line is PM_EX_DATAERR "FILE:LINE:
 * why"; a missing file PM_EX_NOINPUT.
 */
#ifndef PM_ACTION_REVIEW_H
#define PM_ACTION_REVIEW_H

#include <stdint.h>
#include "ctx.h"
#include "pmtime.h"

typedef struct pm_review_counts {
	int64_t meetings, issues, opened, done, verified, cancelled, pending, overdue;
} pm_review_counts;

/* The figures of month m at site (code, NULL: every site and the
 * company-wide records). */
int pm_action_review_counts(pm_ctx *ctx, pm_month m, const char *site, pm_review_counts *out,
	pm_err *err);

/* One action of the month's list; strings valid during the callback. */
typedef struct pm_review_action {
	const char *id;         /* "A3" */
	const char *text;
	const char *owner;      /* login */
	const char *owner_name;
	const char *dept;       /* code, or NULL */
	const char *source;     /* "G3", "G3#2", "C12", "report:2026-11" */
	const char *status;
	pm_time created, due, done;     /* done 0: not done */
	int overdue;            /* pending and past its due time at the month's end */
} pm_review_action;

/* Call fn for each action of month m (see above), by due time.  fn
 * returning nonzero stops; that value is returned. */
int pm_action_review_actions(pm_ctx *ctx, pm_month m, const char *site,
	int (*fn)(void *arg, const pm_review_action *a), void *arg, pm_err *err);

/* One issue raised at a meeting of the month; strings valid during the
 * callback. */
typedef struct pm_review_issue {
	const char *ref;        /* "G3#2" */
	pm_time held;
	const char *dept;       /* the meeting's department code */
	const char *text;
	const char *actions;    /* the actions made from it, "A3,A7"; "" for none */
} pm_review_issue;

/* Call fn for each issue raised at the meetings held in month m at site
 * (NULL: all), in meeting then issue order. */
int pm_action_review_issues(pm_ctx *ctx, pm_month m, const char *site,
	int (*fn)(void *arg, const pm_review_issue *i), void *arg, pm_err *err);

/* One KPI line as pm-report kpi writes it; label is the figure's label
 * (a msgid, untranslated: the reader's _() shows it) when kpi is a
 * figure of pm-report's monthly report, else NULL. */
typedef struct pm_kpi_line {
	const char *kpi, *value, *target;
	const char *label;
	int met;
	long line;
} pm_kpi_line;

/* Read path (pm-report kpi -o tsv), calling fn for every line.  Blank
 * lines and a header line (first field "kpi") are skipped. */
int pm_action_kpi_read(const char *path, int (*fn)(void *arg, const pm_kpi_line *k),
	void *arg, pm_err *err);

/* The same over text in memory (tests, fuzzing); name is for messages. */
int pm_action_kpi_parse(const char *text, size_t n, const char *name,
	int (*fn)(void *arg, const pm_kpi_line *k), void *arg, pm_err *err);

#endif
