/*
 * report_safety.h — the monthly report's safety sections (figure.h):
 * "patrols" (rounds, checkpoint coverage, hazards, drills, incidents) and
 * "actions" (the improvement measures).
 *
 * Every figure counts the period [start, end) of pm_fig_period and
 * judges states at its asof from the records' timestamps, so last month
 * and a year ago read as they stood then and a re-run gives the same
 * figures.  "By asof" is: before end when asof is the period's end, at
 * or before asof when it is now (the month still running).
 *
 *	rounds_planned   rounds planned in the period, by asof
 *	rounds_walked    of those, started (a round is started only in its
 *	                 window, so this is its settled outcome)
 *	rounds_missed    of those, never started and closed (judged at the
 *	                 time of the run: a round that closed after the
 *	                 period's end is missed once it has closed)
 *	coverage         check-ins of those rounds / the points on their
 *	                 routes (the route version each was planned with);
 *	                 rechecks (补检) count; table coverage_by_site
 *	hazards_found    found in the period, not cancelled by asof
 *	hazards_rectified  rectified in the period
 *	hazards_in_time  of those, rectified by their rectify limit
 *	hazards_overdue  found by asof, neither rectified nor cancelled by
 *	                 asof, rectify limit reached by asof
 *	drills_held      drills held (their held date) in the period
 *	drills_due       sites × drill kinds due, overdue or never drilled on
 *	                 asof's day (pm_drill_due as of that day)
 *	incidents        incidents that happened in the period; table
 *	                 incidents_by_level (severity)
 *	incident_response  minutes from happened to resolved, of those
 *	                 resolved by asof (DIST)
 *
 *	actions.opened, .done, .verified   made, done, accepted in the period
 *	                 (pm_action_review_counts)
 *	actions.pending  made by asof, neither done nor cancelled by asof
 *	actions.overdue  of those, due by asof
 *
 * What the schema cannot tell: a hazard sent back by a failed
 * re-inspection or reopened, and a reopened action, keep only their
 * latest cycle's times (the earlier rectification or completion is on
 * the timeline, not in the columns).
 */
#ifndef PM_REPORT_SAFETY_H
#define PM_REPORT_SAFETY_H

#include "buf.h"
#include "ctx.h"
#include "figure.h"

extern const pm_fig_section pm_report_patrols_section;
extern const pm_fig_section pm_report_actions_section;

/* The query plans of the sections' statements, each headed "-- name",
 * into plan (tests hold them to their indexes). */
int pm_report_safety_plan(pm_ctx *ctx, pm_buf *plan, pm_err *err);

#endif
