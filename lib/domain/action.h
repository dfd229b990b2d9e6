/*
 * action.h — improvement actions (整改措施, A3): what management decides
 * to change after a meeting, a complaint, a fault, a hazard, a drill,
 * an incident or a monthly report, each with one responsible person who
 * follows it up (专人负责跟进落实) until management accepts the result.
 *
 * An action moves through the lifecycle below (lifecycle.h); every step
 * is one timeline event and one audit row, written in the caller's
 * transaction, and a hook event "action.<verb>" (hooks.h):
 *
 *	open -> in_progress -> done -> verified
 *	  (progress on open and in_progress; done from open or in_progress;
 *	  verify by anyone but the owner; reopen from done, verified and
 *	  cancelled back to in_progress; cancel from open, in_progress and
 *	  done; assign (a new owner) on open and in_progress; escalate on
 *	  open and in_progress)
 *
 * The due time.  --due DATE is the end of that day in the business zone
 * (a time is taken as given); without it the `action.limits` policy
 * (deadline.h) gives one limit, "due", per source kind (meeting, contact,
 * workorder, hazard, incident, drill, report), counted from the time the
 * action is made in the rule's clock.  due_at is that limit while the
 * action is open or in progress, NULL once it is done (awaiting
 * acceptance) or out of play; reopen counts it again from the reopening
 * when the old one has passed.  A late action climbs the levels of
 * action.escalate_levels above its owner (escalate.h), the head of the
 * owner's department first.
 *
 * Sources.  An action names what it answers: a meeting (meeting:G3, or
 * G3; G3#2 one issue raised at it), a record of a registered kind by its typed ID (C12, W7; H7, I4
 * and D2 once the patrol tool registers them: lib/domain/registry.c,
 * one line per letter), or a month's report (report:2026-11).  A record
 * source must exist, and is linked to the action ("action"), so its
 * show lists the action with its state.
 *
 * Errors: an unknown action, owner, site or source record is
 * PM_EX_NOINPUT; a bad value or source, a transition the lifecycle
 * refuses, an acceptance by the owner, a time in the future, is
 * PM_EX_DATAERR (PM_EX_USAGE for what is malformed); a broken config
 * PM_EX_CONFIG.
 */
#ifndef PM_ACTION_H
#define PM_ACTION_H

#include <stdint.h>
#include "buf.h"
#include "config.h"
#include "ctx.h"
#include "escalate.h"
#include "hooks.h"
#include "id.h"
#include "lifecycle.h"
#include "out.h"
#include "perm.h"
#include "pmtime.h"

/* The action lifecycle (for the man page, tests and pm-admin check). */
extern const pm_lifecycle pm_action_lifecycle;

/*
 * What a source kind is (lib/domain/registry.c registers one per ID
 * letter: G meetings, C contacts, W work orders; H, I, D next).  A
 * record of it must exist: lc's table holds it (pm_lifecycle_status),
 * or, for a kind without a lifecycle, exists says so (PM_EX_NOINPUT
 * when not).  name is the kind's word in action.limits.  table is the
 * record's table (a constant): an action made from a record without
 * --site takes its site_id (a company-wide meeting's is NULL).
 */
typedef struct pm_action_source {
	char idtype;
	const char *name;
	const pm_lifecycle *lc;
	int (*exists)(pm_ctx *ctx, pm_id id, pm_err *err);
	const char *table;
} pm_action_source;

/* Add a kind; -1 when the table is full or the letter is taken. */
#define PM_ACTION_SOURCES_MAX PM_IDREG_MAX
int pm_action_source_register(const pm_action_source *s);

/* A source as read: a record (id; issue, a meeting's issue number, or
 * 0) or a month's report (id.type 0, month). */
typedef struct pm_action_src {
	pm_id id;
	int64_t issue;
	pm_month month;
} pm_action_src;

/*
 * A source as written: "meeting:G3" or "meeting:3" (also "meeting:MT3",
 * the form the meeting minutes use), "G3#2" or "meeting:G3#2" (the
 * meeting's second issue), a typed ID "C12", or "report:YYYY-MM".
 * Malformed: PM_EX_USAGE naming "source".  Whether the record exists
 * is pm_action_new's.
 */
int pm_action_source_parse(const char *s, pm_action_src *out, pm_err *err);

/* A due date as written: a date (the end of that day), else any time
 * pm_time_parse takes, relative to now.  PM_EX_USAGE naming "due". */
int pm_action_due_parse(const char *s, pm_time now, pm_time *out, pm_err *err);

/* What `new` records; NULL = not given. */
typedef struct pm_action_in {
	const char *text;       /* the measure: required */
	const char *owner;      /* the responsible person's login: required */
	const char *source;     /* as pm_action_source_parse reads it: required */
	const char *site;       /* site code; default: the meeting's site, else none */
	pm_time due;            /* has_due; else action.limits */
	int has_due;
} pm_action_in;

/* Record a new action (action.create); *id receives A<n>. */
int pm_action_new(pm_ctx *ctx, const pm_action_in *in, pm_id *id, pm_err *err);

/* Arguments of the other verbs; each verb reads what it needs. */
typedef struct pm_action_act {
	const char *text;       /* progress: the note; done: the result; reopen,
	                         * cancel: the reason; verify: a remark (optional) */
	const char *owner;      /* assign: the new owner's login */
	pm_time at;             /* when it happened (has_at; default now) */
	int has_at;
} pm_action_args;

/*
 * Apply verb (progress, done, verify, reopen, cancel, assign) to action
 * id (progress and done by the owner, or with action.work).  A required text missing is PM_EX_USAGE naming "text" (progress:
 * note, done: result, reopen and cancel: reason).  verify by the owner
 * is PM_EX_DATAERR: acceptance is management's, not the owner's word on
 * their own work.
 */
int pm_action_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_action_args *a,
	pm_err *err);

/*
 * The permission the actor needs for verb on action id beyond the
 * verb's own, into *perm (NULL: none): the owner follows their own
 * action up (progress, done) as any active member may; anyone else
 * needs "action.work".  pm_action_act checks it too; the front asks
 * first so that a refusal is audited as one.  No such action:
 * PM_EX_NOINPUT.
 */
int pm_action_perm(pm_ctx *ctx, const char *verb, pm_id id, const char **perm, pm_err *err);

/* Escalate a late action (escalate.h): levels from action.escalate_levels. */
int pm_action_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);

/* ---- reading --------------------------------------------------------- */

enum {
	PM_AC_ID = 0, PM_AC_CREATED, PM_AC_STATUS, PM_AC_OWNER, PM_AC_DEPT, PM_AC_SITE,
	PM_AC_SOURCE, PM_AC_DUE, PM_AC_DUE_END, PM_AC_LEVEL, PM_AC_ESCALATED, PM_AC_PROGRESS,
	PM_AC_PROGRESS_N, PM_AC_DONE, PM_AC_RESULT, PM_AC_VERIFIED, PM_AC_VERIFIER,
	PM_AC_CANCELLED, PM_AC_REASON, PM_AC_REOPENED, PM_AC_TEXT, PM_AC_N
};
#define PM_AC_BIT(c) (UINT64_C(1) << (c))

/* Name, output type and flags of each column: due_end is the ics start,
 * the text the summary. */
extern const pm_col pm_action_cols[PM_AC_N];

typedef struct pm_action_row {
	pm_cell c[PM_AC_N];
} pm_action_row;

/* Filters for listing; NULL / 0 do not filter. */
typedef struct pm_action_filter {
	const char *status;     /* one state, or "open" (the default: not verified
	                         * or cancelled) */
	int all;                /* every state */
	int pending;            /* only open and in_progress (work pending) */
	int overdue;            /* due_at <= now */
	int64_t due_within;     /* seconds: now < due_at <= now + this */
	const char *owner;      /* login */
	const char *site;       /* code */
	const char *source;     /* a kind letter (C), a typed ID (C12, G3), a
	                         * meeting's issue (G3#2), "report", or
	                         * report:YYYY-MM */
	int64_t limit;          /* 0 = no limit */
	int64_t one;            /* show: just this action */
	uint64_t cols;          /* PM_AC_BIT of the columns read; 0: all */
} pm_action_filter;

typedef struct pm_action_iter pm_action_iter;

/* List actions, streaming: newest made first; --overdue / --due-within
 * by due time. */
int pm_action_list(pm_ctx *ctx, const pm_action_filter *f, pm_action_iter **out,
	pm_err *err);
/* 1 and *row filled (valid until the next call), 0 at the end, -1 on error. */
int pm_action_next(pm_action_iter *it, pm_action_row *row, pm_err *err);
void pm_action_iter_free(pm_action_iter *it);

/* The query plan of the listing f would run (one detail a line). */
int pm_action_list_plan(pm_ctx *ctx, const pm_action_filter *f, pm_buf *plan, pm_err *err);

/* The settings of the actions (action.*), with their check. */
extern const pm_cfg_slice pm_action_config;

/* What hooks see of an action: A3 and its fields. */
extern const pm_hook_kind pm_action_hook_kind;

/* The permissions the verbs on actions ask for. */
extern const pm_perm_name pm_action_perm_names[];

#endif
