/*
 * plan_gen.h — the plan generator: the occurrences of the active plan
 * items (plan.h) on the equipment they cover, turned into work orders
 * (workorder.h) as they fall due, and listed ahead (due, calendar).
 *
 * The series of one item on one piece of equipment.  The item's rule
 * and anchor (recur.h) from the item's start — or from the equipment's
 * install date when that is later, so a lift added to a covered kind in
 * June is not handed the jobs of January — moved off non-working days
 * by the item's shift and the working calendar.  Equipment covered:
 * pm_plan_targets_each (retired equipment drops out; equipment added
 * later to a covered kind comes in).  Deactivated items make nothing.
 *
 * Identity.  A job is (item id, equipment id, occurrence key), the key
 * being pm_recur_key of the occurrence: the nominal date of a date rule
 * ("2027-03-15", whatever its "at"), the nominal date and time of an
 * hourly rule ("2027-03-15 08:00").  The work order's occurrence column
 * holds it under a UNIQUE index (schema/0014-workorder.sql), so a job
 * is made once however often, or however many at once, the generator
 * runs.  Keys of one item sort as their nominal times, and the greatest
 * key made for an item and equipment is its watermark: a run goes on
 * from there (an index seek) rather than from the item's start, so a
 * daily run costs what the day adds, and a changed item (plan load, a
 * new version) changes only the occurrences after it.  A due time moved
 * by a calendar imported later moves jobs not yet made, never their
 * identity.  (The generator looks back 31 days before the watermark for
 * occurrences a shift moved; a shift that moves one further than that
 * is not supported — the longest Chinese holiday is 9 days.)
 *
 * Completion anchoring.  Only one job of an item and equipment is
 * outstanding at a time: while the last one made is not done, verified
 * or cancelled, nothing more is made.  Then the next occurrence is the
 * rule's next after the last job's, counted from the last completion
 * (the latest done_at of a done or verified job of the item and
 * equipment): one period after it (recur.h).  due and calendar project
 * the later ones as if each were done on time.
 *
 * Due time.  A job is due when its occurrence is: for a date rule
 * without "at" by the end of its due date (00:00 of the next day), for
 * a rule with a time of day at that time.  Both of the job's limits
 * (on site and fixed) are that time: workorder.limits, the fault
 * response policy, does not apply to planned work (workorder.h,
 * pm_wo_in.due).  A job is made once the time its occurrence falls (at:
 * 00:00 of its day for an all-day one) is within the item's lead of the
 * end of the day run through: with lead 3d, a run through 12 March
 * makes the jobs falling on 15 March and before.
 *
 * What a job carries: the item's title, its task (the text), checklist,
 * department, estimated minutes, version (plan_version) and person (the
 * job is assigned to them at once: an "assign" event); type the
 * equipment kind's top level when it is a fault type (电梯, 消防,
 * 给排水 ...), else the default; priority normal.
 */
#ifndef PM_PLAN_GEN_H
#define PM_PLAN_GEN_H

#include <stdint.h>
#include "ctx.h"
#include "id.h"
#include "perm.h"
#include "plan.h"

/* One occurrence of an item on a piece of equipment. */
typedef struct pm_plan_occ {
	const pm_plan_item *it;
	int64_t equip_id;
	const char *equip, *kind;       /* the equipment's code and kind */
	char key[24];                   /* pm_recur_key */
	char uid[64];                   /* "M3-E7-20270315" (hourly "...T0800"): stable */
	pm_time nominal;                /* where the rule puts it */
	pm_time at;                     /* when it falls (moved by the shift) */
	pm_time due;                    /* the job's due time (above) */
	int timed;                      /* the rule has a time of day (else all-day) */
	pm_id w;                        /* the job, when made (type 0: not yet) */
	const char *status;             /* its status, or NULL */
} pm_plan_occ;

typedef int (*pm_plan_occ_fn)(void *arg, const pm_plan_occ *o);

/*
 * Make the jobs that fall due through the end of the day of `through`
 * plus each item's lead (above), in the caller's transaction (a
 * writer's: BEGIN IMMEDIATE).  fn (may be NULL) sees each job made,
 * with w set; *made counts them.  Needs plan.run, and workorder.new
 * (and workorder.assign for items naming a person).
 */
int pm_plan_gen_run(pm_ctx *ctx, pm_time through, pm_plan_occ_fn fn, void *arg, int64_t *made,
	pm_err *err);

/* What due and calendar cover: NULL for every plan / site. */
typedef struct pm_plan_gen_filter {
	const char *plan;
	const char *site;
} pm_plan_gen_filter;

/*
 * The jobs due in [from, to]: the open jobs made from plans (w and
 * status set) and the occurrences not made yet, by due time (then item
 * and equipment).  The rows of the window are held and sorted: memory
 * is the window's, not the plans'.
 */
int pm_plan_gen_due(pm_ctx *ctx, const pm_plan_gen_filter *f, pm_time from, pm_time to,
	pm_plan_occ_fn fn, void *arg, pm_err *err);

/*
 * Every occurrence of year (all of them, made or not, computed: w is
 * not set) per item and equipment, streaming: items by plan and key,
 * equipment by code, occurrences in order.
 */
int pm_plan_gen_calendar(pm_ctx *ctx, const pm_plan_gen_filter *f, int year, pm_plan_occ_fn fn,
	void *arg, pm_err *err);

#endif
