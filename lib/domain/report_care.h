/*
 * report_care.h — the monthly report's sections on owner contacts
 * ("complaints") and maintenance ("maintenance"): figures of
 * lib/mech/figure.h, computed per period (the month, the month before,
 * the month a year before) as set-based SQL.
 *
 * complaints: the contacts received in [start, end) (at the site, when
 * the report has one), every kind; their state at asof is read from
 * their timeline events, not from their status now, so a contact
 * reopened or resolved after the period leaves the period's figures as
 * they were:
 *
 *	received          contacts received
 *	open              of them neither resolved nor rejected/duplicate at asof
 *	response          DIST minutes (rounded up) received -> first response,
 *	                  over those with a first response by asof
 *	resolve           DIST minutes received -> the resolution in force at
 *	                  asof (the last resolve after the last reopen)
 *	in_time           resolved at asof by the resolution due time in force
 *	                  when that resolution was made / resolved at asof, or
 *	                  due by asof by the due time in force at asof
 *	                  (rejected and duplicate ones are left out)
 *	repeat            repeat contacts / received
 *	satisfaction      visited by asof with a score >= complaint.satisfied_min
 *	                  / visited by asof (the contact's latest score)
 *	satisfaction_mean the mean of those scores
 *	visit_coverage    closed at asof with a visit since their last reopen /
 *	                  closed at asof
 *	tables by_kind, by_channel, by_category (count; "-" unclassified),
 *	top_problems (count; key "category|SITE/BUILDING", "category|SITE"
 *	for a place with no building; label "building · category")
 *
 * maintenance: faults are the work orders not from a plan reported in
 * [start, end); planned jobs are those whose occurrence date lies in
 * the month (workorder_stats.h's rule); done/cancelled at asof from the
 * timeline (the last of done, fail/reopen, cancel):
 *
 *	planned_due       planned jobs not cancelled, done or past their fix
 *	                  due time (the one in force at asof) at asof
 *	planned_on_time   of them done by the fix due time in force when they
 *	                  were done / planned_due
 *	faults            faults not cancelled at asof
 *	onsite            DIST minutes reported -> on site (first start), faults
 *	fix               DIST minutes reported -> done less the time paused,
 *	                  faults done at asof
 *	cost_fen          the cost recorded at done of the faults and planned
 *	                  jobs done at asof
 *	table top_equipment: per equipment ("SITE/CODE") its faults and their
 *	cost
 *
 * The due time in force at a moment is the due of the record's last
 * event with one up to then (timeline.h, pm_lifecycle_limit: made,
 * classified before any reopen, reopened; a job made, resumed,
 * reopened): a reopen after the period sets a new one but leaves the
 * period's.  A resolution in force at asof was made after the last due
 * time set by asof (nothing sets one while a record is resolved or
 * done), so that one is the due time it was made against.  Events from
 * before schema 28 keep none: such a record is judged by its column, the
 * due time as it is now.
 *
 * What the schema keeps only as it is now: a contact's latest visit
 * score, a job's paused seconds and cost (a job reopened and done again
 * after asof shows its later values).
 */
#ifndef PM_REPORT_CARE_H
#define PM_REPORT_CARE_H

#include "buf.h"
#include "ctx.h"
#include "figure.h"

extern const pm_fig_section pm_report_complaints_section;
extern const pm_fig_section pm_report_maintenance_section;

/* The query plan of section s's statement for period p (EXPLAIN QUERY
 * PLAN lines into plan): the tests hold it to the indexes. */
int pm_report_care_plan(pm_ctx *ctx, const pm_fig_section *s, const pm_fig_period *p,
	pm_buf *plan, pm_err *err);

#endif
