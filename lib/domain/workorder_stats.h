/*
 * workorder_stats.h — the maintenance department's monthly figures
 * (`pm-workorder stats`): jobs by source, fault type, department, site
 * and equipment; the plan's completion rate; on-site and fix times;
 * failures, downtime, MTBF and cost per equipment.
 *
 * The month's jobs are those reported in the calendar month (in the
 * business zone), at one site and of one department when
 * asked.  They are grouped by one key (a section, pm_wo_stats_by); per
 * group one row of the same columns, whatever the grouping:
 *
 *	by              the grouping: all source type dept site equip
 *	key             the group: "all"; plan, staff or the source record's
 *	                ID letter (C contact, H hazard, W a follow-up of
 *	                another job); the fault type path; the department
 *	                code; the site code; "site/code" of the equipment.
 *	                NULL (no department, no equipment) sorts last
 *	jobs            the month's jobs of the group, any state
 *	share_pct       jobs / all the month's jobs (hundredths of a percent)
 *	done            of them done or verified now
 *	cancelled       of them cancelled
 *	planned_due     planned jobs (from a plan occurrence) whose
 *	                occurrence date lies in the month, not cancelled,
 *	                and either done or past their due time (the job's
 *	                fix_due, as plan run set it: the end of the
 *	                occurrence's day, or of the working day a shift
 *	                moved it to).  Chosen
 *	                by occurrence, not by report: a job generated in
 *	                October for 1 November counts in November
 *	planned_on_time of them done (or verified) by their due time
 *	completion_pct  planned_on_time / planned_due: the plan's completion
 *	                rate; NULL when nothing fell due
 *	on_site_p50_s   nearest-rank median and 90th percentile (stat.h) of
 *	on_site_p90_s   started - reported, seconds, over the jobs started
 *	fix_p50_s       the same of done - reported - paused_s over the jobs
 *	fix_p90_s       done or verified: the fix time does not count the
 *	                time paused (waiting for parts), as the fix limit
 *	                does not
 *	failures        the month's jobs not from a plan (a fault report,
 *	                a contact, a hazard, a follow-up), not cancelled
 *	downtime_s      the failures' time out of service within the month:
 *	                from the report to done (pauses included: a lift
 *	                waiting for parts is still down), a failure not done
 *	                yet to now, each cut at the end of the month
 *	mtbf_s          equip only (NULL otherwise, and for jobs on no
 *	                equipment): mean time between failures over the
 *	                month, (the month up to now - downtime_s) /
 *	                failures, half up; NULL without a failure
 *	minutes         minutes worked (as recorded at done)
 *	parts_fen       the parts used, in fen
 *	cost_fen        the jobs' cost in fen, as recorded at done (its
 *	                default is the parts' total: parts are in it, not
 *	                added to it)
 *
 * Rows are ordered by jobs descending, then key; the all grouping is
 * always one row.  A group with no job reported in the month but a
 * planned job due in it (generated the month before) has jobs 0.
 *
 * Everything is SQL aggregates streamed row by row: the month's jobs
 * are one range read of an index by reported time (workorder_reported,
 * or with a site or department workorder_site / workorder_dept), the
 * planned jobs due one range of workorder_occurrence.  No row of
 * another month is read.
 */
#ifndef PM_WORKORDER_STATS_H
#define PM_WORKORDER_STATS_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "out.h"
#include "pmtime.h"

typedef enum pm_wo_stats_by {
	PM_WS_ALL = 0, PM_WS_SOURCE, PM_WS_TYPE, PM_WS_DEPT, PM_WS_SITE, PM_WS_EQUIP, PM_WS_NBY
} pm_wo_stats_by;

#define PM_WO_STATS_BY "all|source|type|dept|site|equip"

/* "type" -> PM_WS_TYPE ...; -1 when unknown. */
int pm_workorder_stats_by_parse(const char *s);
const char *pm_workorder_stats_by_name(pm_wo_stats_by by);

/* A comma-separated list of groupings ("source,equip") into by[0..*n)
 * (at most PM_WS_NBY, each once); NULL or "": the default sections all,
 * source, type, dept, equip.  A bad word is PM_EX_USAGE, field "by". */
int pm_workorder_stats_by_list(const char *s, pm_wo_stats_by *by, int *n, pm_err *err);

enum {
	PM_WS_BY = 0, PM_WS_KEY, PM_WS_JOBS, PM_WS_SHARE, PM_WS_DONE, PM_WS_CANCELLED,
	PM_WS_PLAN_DUE, PM_WS_PLAN_ON_TIME, PM_WS_COMPLETION, PM_WS_ON_SITE_P50,
	PM_WS_ON_SITE_P90, PM_WS_FIX_P50, PM_WS_FIX_P90, PM_WS_FAILURES, PM_WS_DOWNTIME,
	PM_WS_MTBF, PM_WS_MINUTES, PM_WS_PARTS, PM_WS_COST, PM_WS_NCOL
};

extern const pm_col pm_workorder_stats_cols[PM_WS_NCOL];

typedef struct pm_wo_stats_q {
	pm_month month;         /* [pm_month_start, pm_month_end) */
	const char *site;       /* site code, or NULL: every site */
	const char *dept;       /* department code, or NULL */
} pm_wo_stats_q;

typedef struct pm_wo_stats_row {
	pm_cell c[PM_WS_NCOL];
} pm_wo_stats_row;

typedef struct pm_wo_stats_iter pm_wo_stats_iter;

/*
 * Start one section (by out of range is PM_EX_USAGE); an unknown site
 * or department is PM_EX_NOINPUT.  Due times and open jobs are judged
 * at ctx->now.
 */
int pm_workorder_stats(pm_ctx *ctx, const pm_wo_stats_q *q, pm_wo_stats_by by,
	pm_wo_stats_iter **out, pm_err *err);
/* 1 and *row filled (valid until the next call), 0 at the end, -1 on error. */
int pm_workorder_stats_next(pm_wo_stats_iter *it, pm_wo_stats_row *row, pm_err *err);
void pm_workorder_stats_iter_free(pm_wo_stats_iter *it);

/* The query plan of one section (for the tests that hold it to its indexes). */
int pm_workorder_stats_plan(pm_ctx *ctx, const pm_wo_stats_q *q, pm_wo_stats_by by,
	pm_buf *plan, pm_err *err);

#endif
