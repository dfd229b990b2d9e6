/*
 * workorder.h — the maintenance department's jobs (W7), from a plan
 * occurrence, an owner's contact, a patrol hazard or a fault reported by
 * staff, to the acceptance of the work.
 *
 * A job moves through the lifecycle below (lifecycle.h); every step is
 * one timeline event and one audit row, written in the caller's
 * transaction, and a hook event "workorder.<verb>" (hooks.h):
 *
 *	new -> assigned -> in_progress <-> paused
 *	                       |
 *	                      done -> verified
 *	  (assign/dispatch again on new, assigned, reopened; verify --fail
 *	  sends a done job to reopened; cancel from any open state; reopen
 *	  from verified and cancelled; log on any state)
 *
 * Limits.  Two due times from the `workorder.limits` policy
 * (deadline.h), by priority and fault type, counted from the reported
 * time in the rule's clock: on_site (someone is there: start) and fixed
 * (done).  due_at is the one the job waits on: on_site_due until it is
 * started, then fix_due; none while paused and once no longer open.
 * Paused time does not count against the fix limit: resume moves
 * fix_due by the pause, in the limit's clock (calendar seconds, or the
 * working seconds the pause covered, added as working time).  The
 * on-site limit is not moved: a job is paused only once someone is there.
 *
 * Sources.  A job records where it came from: a plan occurrence (plan
 * item, equipment, occurrence key: unique together), a record of
 * another kind named by its typed ID (C12, H3: a registered source
 * handler links both ends and is told when the job is done), a checklist
 * item of another job (W: the follow-up), or nothing (a fault reported
 * by staff).
 *
 * Errors: an unknown job, site, unit, equipment, department or staff
 * member is PM_EX_NOINPUT; a bad value, a transition the lifecycle
 * refuses, a time before the job was reported (or in the future), an
 * acceptance by the job's own worker, is PM_EX_DATAERR; a broken config
 * PM_EX_CONFIG.
 */
#ifndef PM_WORKORDER_H
#define PM_WORKORDER_H

#include <stdint.h>
#include "buf.h"
#include "category.h"
#include "config.h"
#include "ctx.h"
#include "escalate.h"
#include "hooks.h"
#include "id.h"
#include "lifecycle.h"
#include "out.h"
#include "perm.h"

/* The job lifecycle (for the man page, tests and pm-admin check). */
extern const pm_lifecycle pm_workorder_lifecycle;

/* The fault-type tree: config `workorder.types`, else the built-in one;
 * the attribute is the default priority. */
extern const pm_cat_spec pm_workorder_types;

/*
 * What a source kind does (lib/domain/registry.c registers one per ID
 * letter: 'C' contacts through complaint.h, the patrol tool's 'H').
 * link: record that job w handles record src (idempotent; a missing src
 * is PM_EX_NOINPUT).  done: job w is done at `at` with result; the
 * source moves on as its kind decides (*changed 0 when it was left
 * alone).  A letter with no handler is refused as a source.
 */
typedef struct pm_wo_source {
	char idtype;
	int (*link)(pm_ctx *ctx, pm_id src, pm_id w, pm_err *err);
	int (*done)(pm_ctx *ctx, pm_id src, pm_id w, pm_time at, const char *result,
		int *changed, pm_err *err);
} pm_wo_source;

/* Add a handler; -1 when the table is full or the letter is taken. */
#define PM_WO_SOURCES_MAX PM_IDREG_MAX
int pm_workorder_source_register(const pm_wo_source *s);

/* What `new` records; NULL / 0 = not given. */
typedef struct pm_wo_in {
	const char *title;      /* required */
	const char *text;       /* a longer description */
	const char *site;       /* site code; NULL: the equipment's, else the only site */
	const char *equip;      /* equipment code within the site, or */
	int64_t equip_id;       /* its row id (a plan generator knows it) */
	const char *unit;       /* unit code within the site, or */
	const char *place;      /* a public place (free text); with equip: where on it */
	const char *type;       /* fault type path; default 其他 (the tree's last top level) */
	const char *priority;   /* default: the type's */
	const char *dept;       /* default: the equipment's, else workorder.dept */
	pm_id from;             /* the source record (C12, H3); type 0 = none */
	int64_t plan_item;      /* a plan occurrence: the plan item, with occurrence */
	const char *occurrence; /* its key, recur.h pm_recur_key: the nominal date
	                         * "YYYY-MM-DD" of a date rule, "YYYY-MM-DD HH:MM"
	                         * of an hourly one */
	int64_t plan_version;   /* the item's version it is made from (default 1) */
	pm_time due;            /* a plan occurrence: when it is due (has_due); both */
	int has_due;            /* limits are then this time, workorder.limits unused */
	int64_t est_minutes;    /* estimated minutes, 0 = not given */
	const char *assignee;   /* a login: assigned at once (an "assign" event, as
	                         * pm_workorder_act's, needing workorder.assign) */
	const char *const *checklist;   /* items to check at done */
	int nchecklist;
	int64_t charge;         /* 有偿维修: the amount in fen, when has_charge */
	int has_charge;
	pm_time reported;       /* default ctx->now */
	int has_reported;
} pm_wo_in;

/*
 * Record a new job; *id receives its ID.  For a plan occurrence
 * (plan_item and occurrence given, and the equipment) that already has
 * its job, nothing is written: *existed is 1 and *id is that job — so a
 * generator may offer every occurrence up to a date on every run, and
 * two runs (or two at once: writers queue on the write lock) create
 * each job exactly once.  *existed is 0 otherwise.  With from, the
 * source's handler links both ends.
 */
int pm_workorder_new(pm_ctx *ctx, const pm_wo_in *in, pm_id *id, int *existed, pm_err *err);

/*
 * The same for many jobs in one command (a plan generator): open checks
 * workorder.new once and loads the policy (limits, types, calendar)
 * once; batch_new is pm_workorder_new with it.  The batch borrows ctx.
 */
typedef struct pm_wo_batch pm_wo_batch;
int pm_workorder_batch_open(pm_ctx *ctx, pm_wo_batch **out, pm_err *err);
int pm_workorder_batch_new(pm_wo_batch *b, const pm_wo_in *in, pm_id *id, int *existed,
	pm_err *err);
void pm_workorder_batch_free(pm_wo_batch *b);

/* Arguments of the other verbs; each verb reads what it needs. */
typedef struct pm_wo_act {
	pm_time at;             /* when it happened (default ctx->now) */
	int has_at;
	const char *text;       /* log text, the work done, a reason */
	const char *to;         /* assign: login */
	const char *dept;       /* assign: department code */
	int64_t minutes;        /* done: minutes worked, when has_minutes */
	int has_minutes;
	const char *const *parts;       /* done: "NAME:QTY:PRICE" each */
	int nparts;
	const char *const *checks;      /* done: "ITEM=pass|flag|fail[:note]" each */
	int nchecks;
	int64_t cost;           /* done: the job's cost in fen (default: the parts') */
	int has_cost;
	int64_t charge;         /* done: chargeable with this amount in fen */
	int has_charge;
	int fail;               /* verify: the acceptance failed (text: why) */
	char who[33];           /* out: dispatch: who got it */
	int followups;          /* out: done: follow-up jobs made */
} pm_wo_act;

/*
 * Apply verb (assign, dispatch, start, pause, resume, log, done, verify,
 * reopen, cancel) to job id.  Required arguments missing are
 * PM_EX_USAGE naming the field.
 *
 * dispatch: to the least-loaded active member of the job's department
 * (else the equipment's, else workorder.dept) who serves the job's
 * site: the fewest jobs assigned and not yet done (new, assigned,
 * in_progress, paused, reopened), ties to the first login.  Nobody:
 * PM_EX_DATAERR.
 *
 * done: parts are "NAME:QTY:PRICE" (the last two colons split it: a
 * name may hold colons; QTY a whole number 1-1000000, PRICE the unit
 * price in yuan); checks "ITEM=RESULT[:NOTE]" (ITEM up to the first
 * '=').  A checklist item not named stays unchecked and refuses done;
 * an item not on the checklist is added.  Each flagged or failed item
 * makes a follow-up job (same site, equipment, unit or place, type and
 * department; linked "followup" to this one).  A job from a source
 * tells the source's handler (a contact moves to resolved with the
 * work as its result).  A chargeable job (has_charge, here or at new)
 * needs a unit, and writes a "charge" event for the fee tool's hook.
 *
 * verify: by anyone but the worker who did it (PM_EX_DATAERR);
 * with fail, text (why) is required and the job goes to reopened.
 */
int pm_workorder_act(pm_ctx *ctx, const char *verb, pm_id id, pm_wo_act *a, pm_err *err);

/* Escalate a late job as complaints are (escalate.h): levels from
 * workorder.escalate_levels, the department head at level 0 when there
 * is no assignee. */
int pm_workorder_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);

/* The parsers of done's values (exposed for tests and fuzzing).  part:
 * name into name (n >= 101), *qty, *price in fen.  check: item into
 * item (n >= 201), result word into result (n >= 8), note into note
 * (n >= 501, "" when none).  PM_EX_USAGE naming the field. */
int pm_workorder_part_parse(const char *s, char *name, size_t n, int64_t *qty, int64_t *price,
	pm_err *err);
int pm_workorder_check_parse(const char *s, char *item, size_t n, char *result, size_t rn,
	char *note, size_t nn, pm_err *err);

/* ---- reading --------------------------------------------------------- */

enum {
	PM_WC_ID = 0, PM_WC_REPORTED, PM_WC_STATUS, PM_WC_PRIORITY, PM_WC_TYPE, PM_WC_TITLE,
	PM_WC_SITE, PM_WC_BUILDING, PM_WC_UNIT, PM_WC_PLACE, PM_WC_EQUIP, PM_WC_SOURCE,
	PM_WC_DEPT, PM_WC_ASSIGNEE, PM_WC_DUE, PM_WC_ON_SITE_DUE, PM_WC_FIX_DUE, PM_WC_CLOCK,
	PM_WC_ASSIGNED, PM_WC_STARTED, PM_WC_PAUSED, PM_WC_PAUSED_S, PM_WC_DONE, PM_WC_WORKER,
	PM_WC_VERIFIED, PM_WC_VERIFIER, PM_WC_CANCELLED, PM_WC_LEVEL, PM_WC_ESCALATED,
	PM_WC_REOPENED, PM_WC_MINUTES, PM_WC_PARTS_FEN, PM_WC_COST_FEN, PM_WC_CHARGEABLE,
	PM_WC_CHARGE_FEN, PM_WC_PLAN_ITEM, PM_WC_OCCURRENCE, PM_WC_WORK, PM_WC_REASON,
	PM_WC_TEXT, PM_WC_CHECKLIST, PM_WC_PARTS, PM_WC_N
};
#define PM_WC_BIT(c) (UINT64_C(1) << (c))

/* Name, output type and class of each column; checklist and parts are
 * JSON arrays, read only for one job (show). */
extern const pm_col pm_workorder_cols[PM_WC_N];

/* A job as read, one pm_cell per column (out.h), raw; valid until the
 * next call.  Columns the filter's cols left out read as null. */
typedef struct pm_wo_row {
	pm_cell c[PM_WC_N];
} pm_wo_row;

/* Filters for listing; NULL / 0 do not filter. */
typedef struct pm_wo_filter {
	const char *status;     /* one state, or "open" (the default: not verified
	                         * or cancelled) */
	int all;                /* every state */
	int overdue;            /* due_at <= now */
	int64_t due_within;     /* seconds: now < due_at <= now + this */
	const char *assignee;   /* login */
	const char *dept;       /* code */
	const char *equip;      /* equipment code (within site, or the only site) */
	const char *site;       /* code */
	const char *source;     /* plan, staff, an ID letter (C), or a typed ID (C12) */
	const char *type;       /* a type path or a top level (its subs too) */
	int history;            /* done jobs (done, verified) of equip, newest done first */
	int64_t plan_item;      /* the jobs generated for this plan item (every state
	                         * unless status names one), newest reported first */
	int64_t limit;          /* 0 = no limit */
	int64_t one;            /* show: just this job */
	uint64_t cols;          /* PM_WC_BIT of the columns read; 0: all but the arrays */
} pm_wo_filter;

typedef struct pm_wo_iter pm_wo_iter;

/* List jobs, streaming: newest reported first; --overdue / --due-within
 * by due time; history by done time, newest first. */
int pm_workorder_list(pm_ctx *ctx, const pm_wo_filter *f, pm_wo_iter **out, pm_err *err);
/* 1 and *row filled, 0 at the end, -1 on error. */
int pm_workorder_next(pm_wo_iter *it, pm_wo_row *row, pm_err *err);
void pm_workorder_iter_free(pm_wo_iter *it);

/* The query plan of the listing f would run (one detail a line). */
int pm_workorder_list_plan(pm_ctx *ctx, const pm_wo_filter *f, pm_buf *plan, pm_err *err);

/* The settings pm-workorder's jobs own (workorder.*), with their check. */
extern const pm_cfg_slice pm_workorder_config;

/* What hooks see of a job: W7 and its fields. */
extern const pm_hook_kind pm_workorder_hook_kind;

/* The permissions the verbs on jobs ask for. */
extern const pm_perm_name pm_workorder_perm_names[];

#endif
