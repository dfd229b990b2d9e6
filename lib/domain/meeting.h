/*
 * meeting.h — department work meetings (工作总结会议): the periodic
 * meeting where a department collects problems and suggestions, which
 * management turns into improvement actions (action.h).
 *
 * A meeting is G3 (typed ID letter G: the issue's "MT3").  It is held
 * by a department on a date, at a site or company-wide, with a title,
 * its attendees (staff) and its minutes (纪要, free text).  Issues raised
 * at it are numbered within it (G3#1, G3#2).  A meeting has no states:
 * every change is one timeline event ("new", "issue") and one audit row,
 * and so a hook event "meeting.<event>" (hooks.h).
 *
 * Errors: an unknown meeting, department, site or staff member is
 * PM_EX_NOINPUT; a deactivated department, an attendee who is not an
 * active member, an empty or too long text, a meeting in the future, is
 * PM_EX_DATAERR or PM_EX_USAGE naming the field.
 */
#ifndef PM_MEETING_H
#define PM_MEETING_H

#include <stdint.h>
#include "ctx.h"
#include "hooks.h"
#include "id.h"
#include "out.h"
#include "perm.h"

/* What `meeting new` records; NULL / 0 = not given. */
typedef struct pm_meeting_in {
	const char *title;      /* required, 1-200 characters */
	const char *dept;       /* the department holding it: required */
	const char *site;       /* site code; NULL: company-wide */
	const char *minutes;    /* the minutes, up to text.max_chars characters */
	const char *const *attendees;   /* logins, each once */
	int nattendees;
	pm_time held;           /* when it was held (has_held; default now) */
	int has_held;
} pm_meeting_in;

/* Record a meeting (action.meeting); *id receives G<n>. */
int pm_meeting_new(pm_ctx *ctx, const pm_meeting_in *in, pm_id *id, pm_err *err);

/* Record an issue raised at meeting id (action.meeting); *n receives its
 * number within the meeting. */
int pm_meeting_issue(pm_ctx *ctx, pm_id id, const char *text, int64_t *n, pm_err *err);

/* Does meeting id exist?  0, or PM_EX_NOINPUT "meeting G9: no such
 * meeting" (what action.h's source table asks). */
int pm_meeting_exists(pm_ctx *ctx, pm_id id, pm_err *err);

/* Does meeting id have issue n?  0, or PM_EX_NOINPUT "meeting G3 has no
 * issue #5" (or no such meeting). */
int pm_meeting_issue_exists(pm_ctx *ctx, pm_id id, int64_t n, pm_err *err);

/* ---- reading --------------------------------------------------------- */

enum {
	PM_MC_ID = 0, PM_MC_HELD, PM_MC_SITE, PM_MC_DEPT, PM_MC_TITLE, PM_MC_ATTENDEES,
	PM_MC_NATTENDEES, PM_MC_ISSUES, PM_MC_MINUTES, PM_MC_N
};

/* Name, type and flags of each column (held is the ics start, title
 * the summary). */
extern const pm_col pm_meeting_cols[PM_MC_N];

typedef struct pm_meeting_row {
	pm_cell c[PM_MC_N];
} pm_meeting_row;

/* Meetings held in [from, to) (to 0: no end), of a department and
 * site when given; one: just that meeting.  Newest first, or oldest
 * first with asc (the month's review).  limit 0: all.  (The issues
 * raised are a meeting's timeline; the month's review lists them with
 * the actions made from each: action_review.h.) */
typedef struct pm_meeting_filter {
	pm_time from, to;
	const char *dept;
	const char *site;
	int64_t one;
	int64_t limit;
	int asc;
} pm_meeting_filter;

typedef struct pm_meeting_iter pm_meeting_iter;
int pm_meeting_list(pm_ctx *ctx, const pm_meeting_filter *f, pm_meeting_iter **out,
	pm_err *err);
/* 1 and *row filled (valid until the next call), 0 at the end, -1 on error. */
int pm_meeting_next(pm_meeting_iter *it, pm_meeting_row *row, pm_err *err);
void pm_meeting_iter_free(pm_meeting_iter *it);

/* What hooks see of a meeting: G3 and its fields. */
extern const pm_hook_kind pm_meeting_hook_kind;

/* The permission the meeting verbs ask for (action.meeting). */
extern const pm_perm_name pm_meeting_perm_names[];

#endif
