/*
 * hazard.h — hazards found on patrol or anywhere, and their
 * rectification (隐患排查整改): H7, from the finding to the
 * re-inspection that accepts the fix.
 *
 * A hazard moves through the lifecycle below (lifecycle.h); every step
 * is one timeline event and one audit row, written in the caller's
 * transaction, and a hook event "hazard.<verb>" (hooks.h):
 *
 *	pending -> rectified -> verified
 *	   ^           |
 *	   +-----------+  verify --fail (the re-inspection failed: back)
 *	  (assign on pending; cancel from pending and rectified; reopen
 *	  from verified and cancelled; log on any state; escalate on
 *	  pending and rectified: the open states)
 *
 * Severity.  An entry of the hazard.severity tree (category.h), by
 * default the three grades a Chinese property company reports hazards
 * in: 重大 (major), 较大 (serious), 一般 (general); the entry's
 * attribute is the priority a work order made from the hazard takes.
 * While the tree is the built-in one, its grades may be named in English
 * as well: major, serious, general.
 *
 * Limits.  Two from the hazard.limits policy (deadline.h) by severity:
 * rectify, counted from the time it was found, and reinspect, counted
 * from the time it was rectified, each in the rule's clock (calendar
 * time, or working time by the official calendar).  due_at is the one
 * the hazard waits on: rectify_due while pending, reinspect_due while
 * rectified, none once verified or cancelled.  A failed re-inspection
 * sends the hazard back to pending, where its rectification deadline
 * stands (it is late if that has passed).
 *
 * The fix and its acceptance.  fix records what was done and who did it
 * (the fixer); a work order made from the hazard (pm-workorder new
 * --from H7, the source handler below) does the same when it is done,
 * with its worker as the fixer.  verify is the re-inspection (复查): by
 * anyone but the fixer (PM_EX_DATAERR), or, with fail, a failed one
 * with a note saying why.  A failed re-inspection or a reopen clears the
 * rectification (its time, action and fixer) from the hazard: the row
 * holds the current one, the timeline every one.
 *
 * Errors: an unknown hazard, site, building, department or staff member
 * is PM_EX_NOINPUT; a bad value, a transition the lifecycle refuses, a
 * time before the hazard was found (or in the future), a re-inspection
 * by the fixer, is PM_EX_DATAERR; a broken config PM_EX_CONFIG.
 */
#ifndef PM_HAZARD_H
#define PM_HAZARD_H

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

/* The hazard lifecycle (for the man page, tests and pm-admin check). */
extern const pm_lifecycle pm_hazard_lifecycle;

/* The severity tree: config hazard.severity, else the built-in one; the
 * attribute is the priority of a work order made from the hazard. */
extern const pm_cat_spec pm_hazard_severities;

/* The severity of a hazard reported without one, as configured
 * (hazard.default_severity): a patrol check-in's issue takes it too. */
const char *pm_hazard_default_severity(const pm_config *cfg);

/* What `hazard new` records; NULL / 0 = not given. */
typedef struct pm_hazard_in {
	const char *severity;   /* a path in the tree; default hazard.default_severity */
	const char *site;       /* site code; NULL: the only active site */
	int64_t site_id;        /* or its row id (a patrol check-in knows it) */
	const char *building;   /* building code within the site */
	const char *place;      /* where, in free text */
	const char *point;      /* a patrol checkpoint's code */
	const char *text;       /* the description; required */
	const char *dept;       /* responsible department; default hazard.dept */
	const char *owner;      /* responsible person (a login): assigned at once */
	const char *found_by;   /* a login; default the actor */
	const char *reporter;   /* someone not on staff who reported it (a name) */
	const char *phone;      /* their phone, normalised (pii.h); needs reporter */
	pm_time found;          /* default ctx->now */
	int has_found;
} pm_hazard_in;

/* Record a hazard found anywhere (permission hazard.report); *id
 * receives its ID.  One of building, place or point is required: a
 * hazard is somewhere. */
int pm_hazard_new(pm_ctx *ctx, const pm_hazard_in *in, pm_id *id, pm_err *err);

/*
 * What a patrol check-in with an issue hands over: the hazard it
 * opens.  The patrol tool calls pm_hazard_from_checkin in its check-in's
 * transaction, after writing the check-in; its own verb checked its
 * permission, so this checks none (the round's walker reports what the
 * round finds).
 */
typedef struct pm_hazard_checkin {
	int64_t checkin_id;     /* the check-in's row id, > 0: one hazard each */
	int64_t round_id;       /* the round's row id (R), 0 when none */
	int64_t site_id;        /* the checkpoint's site */
	const char *point;      /* the checkpoint's code */
	const char *place;      /* its name (北门岗), or NULL */
	const char *text;       /* the issue; required */
	const char *severity;   /* NULL: hazard.default_severity */
	const char *found_by;   /* the walker's login; NULL: the actor */
	pm_time at;             /* the check-in's time */
} pm_hazard_checkin;

/*
 * Open the hazard of a check-in; *id receives it.  Idempotent by
 * check-in: a check-in that opened one already gets that one back
 * (*existed 1, nothing written), so a retried check-in never makes two.
 */
int pm_hazard_from_checkin(pm_ctx *ctx, const pm_hazard_checkin *c, pm_id *id, int *existed,
	pm_err *err);

/* Arguments of the other verbs; each verb reads what it needs. */
typedef struct pm_hz_act {
	pm_time at;             /* when it happened (default ctx->now) */
	int has_at;
	const char *text;       /* fix: the action taken; log: the note; verify --fail:
	                         * why; cancel, reopen: the reason */
	const char *to;         /* assign: a login */
	const char *dept;       /* assign: a department code */
	int fail;               /* verify: the re-inspection failed (text required) */
} pm_hz_act;

/*
 * Apply verb (assign, fix, verify, log, cancel, reopen) to hazard id.
 * Required arguments missing are PM_EX_USAGE naming the field.
 */
int pm_hazard_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_hz_act *a, pm_err *err);

/* Escalate a late hazard (escalate.h): levels from
 * hazard.escalate_levels, the responsible department's head at level 0
 * when nobody is assigned. */
int pm_hazard_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);

/*
 * The work-order source handler for 'H' (workorder.h pm_wo_source,
 * registered in registry.c).  link: job w rectifies hazard h (a link
 * both ways, a "workorder" event on the hazard; idempotent).  done: job
 * w is done — a pending hazard moves to rectified with the work as its
 * action and the job's worker (the actor) as the fixer; one in any
 * other state is left alone (*changed 0).  defaults: what a job made
 * from the hazard takes unless given: its site, place (else its
 * checkpoint or building), a title of its ID and the start of its
 * text, the severity's priority.
 */
int pm_hazard_link_workorder(pm_ctx *ctx, pm_id h, pm_id w, pm_err *err);
int pm_hazard_workorder_done(pm_ctx *ctx, pm_id h, pm_id w, pm_time at, const char *result,
	int *changed, pm_err *err);
struct pm_wo_defaults;
int pm_hazard_workorder_defaults(pm_ctx *ctx, pm_id h, struct pm_wo_defaults *d, pm_err *err);

/* ---- reading --------------------------------------------------------- */

enum {
	PM_HC_ID = 0, PM_HC_FOUND, PM_HC_STATUS, PM_HC_SEVERITY, PM_HC_SITE, PM_HC_BUILDING,
	PM_HC_POINT, PM_HC_PLACE, PM_HC_SOURCE, PM_HC_FOUND_BY, PM_HC_REPORTER, PM_HC_PHONE,
	PM_HC_DEPT, PM_HC_OWNER, PM_HC_DUE, PM_HC_RECTIFY_DUE, PM_HC_REINSPECT_DUE,
	PM_HC_CLOCK, PM_HC_RECTIFIED, PM_HC_FIXER, PM_HC_ACTION, PM_HC_VERIFIED,
	PM_HC_VERIFIER, PM_HC_FAILS, PM_HC_NOTE, PM_HC_CANCELLED, PM_HC_REASON,
	PM_HC_LEVEL, PM_HC_ESCALATED, PM_HC_REOPENED, PM_HC_TEXT, PM_HC_N
};
#define PM_HC_BIT(c) (UINT64_C(1) << (c))

/* Name, output type, personal-data class and event role of each column
 * (reporter and phone are classed: masked unless unmasked; -o ics: a
 * hazard is its deadline). */
extern const pm_col pm_hazard_cols[PM_HC_N];

/* A hazard as read, one pm_cell per column (out.h), raw; valid until
 * the next call.  Columns the filter's cols left out read as null. */
typedef struct pm_hazard_row {
	pm_cell c[PM_HC_N];
} pm_hazard_row;

/* Filters for listing; NULL / 0 do not filter. */
typedef struct pm_hazard_filter {
	const char *status;     /* one state, or "open" (the default: pending or
	                         * rectified, not verified or cancelled) */
	int all;                /* every state */
	int overdue;            /* due_at <= now */
	int64_t due_within;     /* seconds: now < due_at <= now + this */
	const char *site;       /* code */
	const char *severity;   /* a tree path or a top level (its subs too) */
	const char *dept;       /* code */
	const char *owner;      /* login */
	const char *point;      /* checkpoint code (history) */
	int history;            /* every state, newest found first (the 台账) */
	pm_time since, until;   /* found in [since, until) */
	int has_since, has_until;
	int64_t limit;          /* 0 = no limit */
	int64_t one;            /* show: just this hazard */
	uint64_t cols;          /* PM_HC_BIT of the columns read; 0: all */
} pm_hazard_filter;

typedef struct pm_hazard_iter pm_hazard_iter;

/* List hazards, streaming: newest found first; --overdue / --due-within
 * by due time. */
int pm_hazard_list(pm_ctx *ctx, const pm_hazard_filter *f, pm_hazard_iter **out, pm_err *err);
/* 1 and *row filled, 0 at the end, -1 on error. */
int pm_hazard_next(pm_hazard_iter *it, pm_hazard_row *row, pm_err *err);
void pm_hazard_iter_free(pm_hazard_iter *it);

/* The query plan of the listing f would run (one detail a line). */
int pm_hazard_list_plan(pm_ctx *ctx, const pm_hazard_filter *f, pm_buf *plan, pm_err *err);

/* The settings hazards own (hazard.*), with their check. */
extern const pm_cfg_slice pm_hazard_config;

/* What hooks see of a hazard: H7 and its fields, the reporter masked. */
extern const pm_hook_kind pm_hazard_hook_kind;

/* The permissions the verbs on hazards ask for. */
extern const pm_perm_name pm_hazard_perm_names[];

#endif
