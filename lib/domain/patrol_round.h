/*
 * patrol_round.h — patrol rounds: planned from the routes' schedules
 * (patrol.h, recur.h), walked point by point, judged against their
 * windows.
 *
 * Planning.  A round is (route, occurrence), the occurrence the nominal
 * local date and time of one of the route's rules ("2026-12-01 22:00";
 * two rules falling at one time make one round).  pm_round_plan makes
 * every round falling from the route's start through the end of the
 * day `through`, each once (UNIQUE (route_id, occurrence)): a rerun, or
 * two at once, make nothing more.  A route's greatest planned time is
 * its watermark: a run goes on from there, so a daily run costs what
 * the day adds.  The same run notes the rounds whose windows closed
 * without a start: one "missed" event each (the round.missed hook).
 *
 * Windows.  A round is due at its planned time P; it may be started
 * from P - patrol.start_early until it closes at P + the route's window
 * W.  Each point i of the route has an offset O and a window V: its
 * check-in is due in [P + O, P + O + V]; before that it is early, after
 * it late, in it on time (judged against the planned time, not the
 * start: the schedule is what the guards are held to).  A point without
 * a check-in is skipped once the round is finished or has closed; while
 * the round is walked and open it is pending.
 *
 * Missed is derived, never stored as a state: a round still planned
 * once its window has closed is missed (lists, show, missed and due
 * say so from the clock, PM_NOW in tests).
 *
 * Walking.  start (planned -> walking) names the walkers, one or more
 * logins (joint inspections: security and management together); only a
 * walker checks in; handover gives the round to others (流转) while it
 * is walked; finish (walking -> done).  A check-in is one per point and
 * round; --at (default now) may not be in the future nor before the
 * start.  After finish, or once the window has closed, a skipped point
 * may still be checked within patrol.recheck_within of the round's end
 * (补检): the row is marked recheck.  A method qr or nfc needs the
 * scanned tag, which must be the checkpoint's.  Answers are checked
 * against the checkpoint's checklist (patrol.h): an ok check-in answers
 * every item normally; an abnormal answer needs an issue.  An issue is
 * kept on the check-in (text, severity: config hazard.default_severity
 * unless given), written as the round's "issue" event (the round.issue hook),
 * and opens a hazard (hazard.h) in the same transaction.
 *
 * Check-ins carry no audit row each (14,000 a month per community): the
 * check-in row is itself append-only and names who, when and how; the
 * round's transitions are audited and on its timeline.
 */
#ifndef PM_PATROL_ROUND_H
#define PM_PATROL_ROUND_H

#include <stdint.h>
#include "ctx.h"
#include "hooks.h"
#include "id.h"
#include "out.h"
#include "patrol.h"

/* One round made by pm_round_plan. */
typedef struct pm_round_made {
	int64_t id;
	const char *route, *site, *occurrence;
	pm_time planned, closes;
} pm_round_made;

/*
 * Make the rounds through the end of through's day, and note the
 * missed ones (above).  fn (may be NULL) sees each round made; *made
 * and *missed count.  In the caller's (write) transaction.
 */
int pm_round_plan(pm_ctx *ctx, pm_time through,
	int (*fn)(void *arg, const pm_round_made *m), void *arg, int64_t *made, int64_t *missed,
	pm_err *err);

/* start: walkers is "li" or "li,wang" (active staff). */
int pm_round_start(pm_ctx *ctx, int64_t id, const char *walkers, pm_err *err);
int pm_round_finish(pm_ctx *ctx, int64_t id, pm_err *err);
/* handover: the round's walkers become to ("wang" or "wang,zhao"). */
int pm_round_handover(pm_ctx *ctx, int64_t id, const char *to, pm_err *err);

/* A check-in as given. */
typedef struct pm_checkin_in {
	const char *point;      /* checkpoint code on the round's route */
	const char *issue;      /* NULL: ok */
	const char *severity;   /* NULL: hazard.default_severity */
	const char *method;     /* qr, nfc, manual; NULL: qr with a tag, else manual */
	const char *tag;        /* the scanned tag, or NULL */
	pm_time at;
	int has_at;             /* else now */
	const char *const *answers;     /* "KEY=VALUE" */
	int nanswers;
} pm_checkin_in;

/* A check-in as written: what a hazard opened from it needs. */
typedef struct pm_checkin {
	int64_t id;             /* the check-in row */
	int64_t round_id;       /* R<round_id> */
	int64_t checkpoint_id, site_id, route_id;
	int64_t seq;            /* its place on the route */
	pm_time at;
	char point[40];         /* the checkpoint's code */
	char point_name[404];
	char route[40];
	const char *timing;     /* "on-time", "early", "late" */
	int recheck;
	const char *issue;      /* the text, or NULL */
	const char *severity;
	pm_id hazard;           /* the hazard the issue opened (type 0: none) */
} pm_checkin;

int pm_round_check(pm_ctx *ctx, int64_t round, const pm_checkin_in *in, pm_checkin *out,
	pm_err *err);

/* ---- reading ------------------------------------------------------------ */

/* The columns of a round (list, show, due); -o ics: planned to closes. */
enum {
	PM_RC_ID = 0, PM_RC_ROUTE, PM_RC_TITLE, PM_RC_SITE, PM_RC_DEPTS, PM_RC_PLANNED,
	PM_RC_CLOSES, PM_RC_REMIND, PM_RC_STATUS, PM_RC_WALKERS, PM_RC_STARTED, PM_RC_FINISHED,
	PM_RC_POINTS, PM_RC_CHECKED, PM_RC_SKIPPED, PM_RC_LATE, PM_RC_EARLY, PM_RC_ISSUES,
	PM_RC_RECHECKS, PM_RC_N
};
extern const pm_col pm_round_cols[PM_RC_N];

typedef struct pm_round_filter {
	const char *site, *route;
	const char *status;     /* planned, walking, done, missed; NULL all */
	pm_time from, to;       /* planned in [from, to) */
	int64_t one;            /* one round by id (from, to ignored) */
} pm_round_filter;

/* Rounds by planned time (then route), cells as pm_round_cols; the
 * cells are valid during the call. */
int pm_round_each(pm_ctx *ctx, const pm_round_filter *f,
	int (*fn)(void *arg, const pm_cell *c), void *arg, pm_err *err);

/* due --within: rounds not started whose reminder (planned - remind)
 * falls by now + within and whose window is still open. */
int pm_round_due(pm_ctx *ctx, const char *site, int64_t within,
	int (*fn)(void *arg, const pm_cell *c), void *arg, pm_err *err);

/* The points of a round, in route order (show). */
enum {
	PM_RP_SEQ = 0, PM_RP_POINT, PM_RP_NAME, PM_RP_KIND, PM_RP_DUE_FROM, PM_RP_DUE_TO,
	PM_RP_AT, PM_RP_TIMING, PM_RP_BY, PM_RP_METHOD, PM_RP_RESULT, PM_RP_SEVERITY,
	PM_RP_ISSUE, PM_RP_RECHECK, PM_RP_ANSWERS, PM_RP_N
};
extern const pm_col pm_round_point_cols[PM_RP_N];
int pm_round_points(pm_ctx *ctx, int64_t round, int (*fn)(void *arg, const pm_cell *c),
	void *arg, pm_err *err);

/* missed --since: the missed rounds and the skipped points of the
 * rounds planned in [since, until), by planned time, route and point. */
enum {
	PM_RM_WHAT = 0, PM_RM_ROUND, PM_RM_ROUTE, PM_RM_SITE, PM_RM_PLANNED, PM_RM_CLOSES,
	PM_RM_SEQ, PM_RM_POINT, PM_RM_NAME, PM_RM_WALKERS, PM_RM_N
};
extern const pm_col pm_round_missed_cols[PM_RM_N];
int pm_round_missed(pm_ctx *ctx, const char *site, pm_time since, pm_time until,
	int (*fn)(void *arg, const pm_cell *c), void *arg, pm_err *err);

/* The statement missed runs, for its query plan in the unit tests. */
extern const char pm_round_missed_sql[];

/* What round hooks see of a round (registry.c). */
extern const pm_hook_kind pm_round_hook_kind;

#endif
