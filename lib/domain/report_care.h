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
 *	in_time           resolved at asof by their resolution due time /
 *	                  resolved at asof, or due by asof (rejected and
 *	                  duplicate ones are left out)
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
 *	                  due time at asof
 *	planned_on_time   of them done by their due time / planned_due
 *	faults            faults not cancelled at asof
 *	onsite            DIST minutes reported -> on site (first start), faults
 *	fix               DIST minutes reported -> done less the time paused,
 *	                  faults done at asof
 *	cost_fen          the cost recorded at done of the faults and planned
 *	                  jobs done at asof
 *	table top_equipment: per equipment ("SITE/CODE") its faults and their
 *	cost
 *
 * What the schema keeps only as it is now: a contact's latest visit
 * score and its resolution due time (a reopen moves it), a job's fix due
 * time, paused seconds and cost (a job reopened and done again after
 * asof shows its later values).
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
