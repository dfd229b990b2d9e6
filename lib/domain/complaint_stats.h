/*
 * complaint_stats.h — statistics of owner contacts (投诉总结与分析): `pm-complaint
 * stats`.
 *
 * The contacts received in a period [since, until) are grouped by one
 * key; per group, one row:
 *
 *	count           contacts received in the period (any status)
 *	share_pct       count / all contacts of the period
 *	prev            contacts of the same group received in the previous
 *	                period [prev_since, since)
 *	change          count - prev
 *	response_p50_s  median of first_response_at - received_at, seconds,
 *	response_p90_s  and its 90th percentile (contacts with a response)
 *	resolve_p50_s   the same for resolved_at - received_at (contacts
 *	resolve_p90_s   resolved now; a reopened one counts its last resolution)
 *	in_time_pct     resolved by resolve_due / contacts that are resolved or
 *	                whose resolve_due has passed (rejected and duplicate
 *	                contacts are left out)
 *	repeat_pct      repeat contacts (is_repeat) / count
 *	satisfaction    mean visit satisfaction (1-5), hundredths
 *	visit_pct       closed contacts with a visit / closed contacts
 *
 * Percentiles are nearest-rank and shares and means integers rounded
 * half up (lib/mech/stat.h): the median of 4 values is the 2nd, p90 of
 * 10 values the 9th; shares are hundredths of a percent (8333 = 83.33 %)
 * and the mean in hundredths.  A share or mean with nothing to divide
 * by is NULL.
 *
 * Groups are every key seen in the period or the previous one (so a
 * category that went to zero shows count 0 and a negative change),
 * ordered by count descending, then by key; --top N keeps the first N.
 * A contact without the key (no category yet, not assigned, a public
 * place with no building) is counted in a group whose key is NULL,
 * printed "-" in tables and null in JSON; it sorts after named keys.
 *
 * Everything is SQL aggregates streamed row by row: GROUP BY for counts
 * and sums, stat.h's rank windows per group for the percentiles.
 * The period is one range read of the contact_received index.
 */
#ifndef PM_COMPLAINT_STATS_H
#define PM_COMPLAINT_STATS_H

#include <stdint.h>
#include "ctx.h"
#include "out.h"

typedef enum pm_complaint_stats_by {
	PM_CS_CATEGORY = 0,     /* the category path ("维修/漏水") */
	PM_CS_BUILDING,         /* "site/building" codes */
	PM_CS_SITE,             /* site code */
	PM_CS_CHANNEL,
	PM_CS_DEPT,             /* department code */
	PM_CS_ASSIGNEE,         /* staff login */
	PM_CS_KIND,
	PM_CS_ALL,              /* one row for the whole period, key "all" */
	PM_CS_NBY
} pm_complaint_stats_by;

#define PM_COMPLAINT_STATS_BY "category|building|site|channel|dept|assignee|kind|all"

/* "category" -> PM_CS_CATEGORY ...; -1 when unknown. */
int pm_complaint_stats_by_parse(const char *s);
const char *pm_complaint_stats_by_name(pm_complaint_stats_by by);

enum {
	PM_CS_KEY = 0, PM_CS_COUNT, PM_CS_SHARE, PM_CS_PREV, PM_CS_CHANGE,
	PM_CS_RESP_P50, PM_CS_RESP_P90, PM_CS_RESOLVE_P50, PM_CS_RESOLVE_P90,
	PM_CS_IN_TIME, PM_CS_REPEAT, PM_CS_SATISFACTION, PM_CS_VISIT, PM_CS_NCOL
};

/* The columns; the key column is named "key" here — a verb names it
 * after the grouping (pm_complaint_stats_by_name) in its own copy. */
extern const pm_col pm_complaint_stats_cols[PM_CS_NCOL];

typedef struct pm_complaint_stats_q {
	pm_complaint_stats_by by;
	pm_time since, until;   /* [since, until) */
	pm_time prev_since;     /* the previous period is [prev_since, since) */
	int64_t top;            /* 0 = every group */
} pm_complaint_stats_q;

/* A row: a cell per column, text (the key) or integer.  Valid until
 * the next call. */
typedef struct pm_complaint_stats_row {
	pm_cell c[PM_CS_NCOL];
} pm_complaint_stats_row;

typedef struct pm_complaint_stats_iter pm_complaint_stats_iter;

/* Start the statistics (until <= since, or prev_since > since, is
 * PM_EX_USAGE).  "In time" is judged at ctx->now. */
int pm_complaint_stats(pm_ctx *ctx, const pm_complaint_stats_q *q, pm_complaint_stats_iter **out, pm_err *err);
/* 1 and *row filled, 0 at the end, -1 on error. */
int pm_complaint_stats_next(pm_complaint_stats_iter *it, pm_complaint_stats_row *row, pm_err *err);
void pm_complaint_stats_iter_free(pm_complaint_stats_iter *it);

#endif
