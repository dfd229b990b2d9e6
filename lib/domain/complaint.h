/*
 * complaint.h — owner contacts: complaints, repair requests,
 * suggestions, inquiries and praise, from intake to follow-up visit.
 *
 * A contact (C12) moves through the lifecycle below (lib/lifecycle.h);
 * every step is one timeline event and one audit row, written in the
 * caller's transaction:
 *
 *	new -> assigned -> in_progress -> resolved -> replied -> closed
 *	  (reject / duplicate-of from any open state; reopen from resolved,
 *	  replied, closed, rejected, duplicate; visit on replied)
 *
 * Due times come from the `complaint.limits` policy (lib/deadline.h)
 * counted from the received time; due_at is the deadline the contact
 * currently waits on (first response, then resolution).  Escalation
 * (lib/mech/escalate.h) moves a late contact up one level per `every` of
 * lateness, once per level.  A contact about the same unit and category
 * as another within `complaint.repeat_days` is flagged as a repeat.
 *
 * Errors: an unknown contact, site, unit, department or staff member is
 * PM_EX_NOINPUT; a bad value, a transition the lifecycle refuses, or a
 * time before the contact was received (or in the future) is
 * PM_EX_DATAERR; a broken config PM_EX_CONFIG.
 */
#ifndef PM_COMPLAINT_H
#define PM_COMPLAINT_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "escalate.h"
#include "hooks.h"
#include "id.h"
#include "category.h"
#include "lifecycle.h"
#include "perm.h"

/* The contact lifecycle (for the man page, tests and other tools). */
extern const pm_lifecycle pm_complaint_lifecycle;

/* The contact category tree: config `categories`, else the built-in one;
 * the attribute is the default priority. */
extern const pm_cat_spec pm_complaint_categories;

/* The vocabularies, "|"-separated (priorities: PM_PRIORITIES, shared). */
#define PM_CONTACT_KINDS "complaint|repair|suggestion|inquiry|praise"
#define PM_CONTACT_CHANNELS "phone|letter|online|walkin|wechat|email|meeting|survey"
#define PM_REPLY_CHANNELS "phone|letter|online|walkin|wechat|email|meeting|sms"

/* What intake records; NULL = not given. */
typedef struct pm_contact_in {
	const char *kind;       /* default complaint */
	const char *channel;    /* default phone */
	const char *site;       /* site code; NULL = the only site */
	const char *unit;       /* unit code within the site, or */
	const char *place;      /* a public place (free text) */
	const char *name;
	const char *phone;      /* normalised with pm_phone_normalize */
	const char *text;       /* required */
	const char *category;   /* path in the tree; may come later (classify) */
	const char *priority;   /* default: the category's */
	pm_time received;       /* used when has_received, else ctx->now */
	int has_received;
} pm_contact_in;

/* Record a new contact; *id receives its ID, *repeat_of the earlier
 * contact it repeats (0 when none). */
int pm_complaint_new(pm_ctx *ctx, const pm_contact_in *in, pm_id *id, int64_t *repeat_of,
	pm_err *err);

/* Arguments of the other verbs; each verb reads what it needs. */
typedef struct pm_contact_act {
	pm_time at;             /* when it happened (default ctx->now) */
	int has_at;
	const char *text;       /* note text, result, reply text, comment, reason */
	const char *channel;    /* reply: how the owner was told */
	int satisfaction;       /* visit: 1..5 */
	const char *dept;       /* assign: department code */
	const char *to;         /* assign: login */
	const char *category;   /* classify */
	const char *priority;   /* classify */
	const char *kind;       /* classify */
	pm_id of;               /* duplicate: the original */
} pm_contact_act;

/*
 * Apply verb (classify, assign, start, note, resolve, reply, visit,
 * close, reopen, reject, duplicate) to contact id.  Required arguments
 * missing are PM_EX_USAGE naming the option.
 */
int pm_complaint_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_contact_act *a,
	pm_err *err);

/* Escalate a late contact to the level its lateness calls for; a
 * contact not late, not open or already at that level is unchanged.
 * pm_escalate_apply with the contact's declaration: levels from
 * complaint.escalate_levels, the department head at level 0 when there
 * is no assignee, people from org's resolver. */
int pm_complaint_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);

/*
 * The hook for work orders.  link: record that work order w handles
 * contact c (idempotent; a timeline event on the contact).  done: the
 * linked work order w is finished — an open contact moves to resolved
 * with result (NULL: "work order W7 done"); one already resolved or
 * closed is left alone (*changed 0).
 */
int pm_complaint_link_workorder(pm_ctx *ctx, pm_id c, pm_id w, pm_err *err);
int pm_complaint_workorder_done(pm_ctx *ctx, pm_id c, pm_id w, pm_time at, const char *result,
	int *changed, pm_err *err);

/* ---- reading --------------------------------------------------------- */

/* The columns of a contact, in show order (list picks some). */
enum {
	PM_CC_ID = 0, PM_CC_RECEIVED, PM_CC_KIND, PM_CC_CHANNEL, PM_CC_STATUS, PM_CC_PRIORITY,
	PM_CC_CATEGORY, PM_CC_SITE, PM_CC_BUILDING, PM_CC_UNIT, PM_CC_PLACE, PM_CC_NAME,
	PM_CC_PHONE, PM_CC_DEPT, PM_CC_ASSIGNEE, PM_CC_DUE, PM_CC_RESPONSE_DUE,
	PM_CC_RESOLVE_DUE, PM_CC_FIRST_RESPONSE, PM_CC_RESOLVED, PM_CC_REPLIED, PM_CC_CLOSED,
	PM_CC_LEVEL, PM_CC_ESCALATED, PM_CC_REPEAT, PM_CC_REPEAT_OF, PM_CC_DUPLICATE_OF,
	PM_CC_REOPENED, PM_CC_SATISFACTION, PM_CC_VISITS, PM_CC_VISITED, PM_CC_VISIT_COMMENT,
	PM_CC_RESULT, PM_CC_REPLY_CHANNEL, PM_CC_REASON, PM_CC_TEXT, PM_CC_N
};

/* Name, output type and personal-data class of each column (out.h):
 * name and phone are classed, so every writer masks them unless the
 * front unmasks. */
extern const pm_col pm_complaint_cols[PM_CC_N];

/* A contact as read, one pm_cell per column: text (s) for text
 * columns, codes and typed IDs (the ID columns carry their number in i
 * too), the integer (i) for times, numbers and booleans.  Values are
 * raw — name and phone in clear: masking is the writer's (out.h).
 * Valid until the next call.  Columns the filter's cols left out read
 * as null. */
typedef struct pm_contact_row {
	pm_cell c[PM_CC_N];
} pm_contact_row;

/* Filters for listing; NULL / 0 do not filter. */
typedef struct pm_contact_filter {
	const char *status;     /* one state; default: the open ones */
	int all;                /* every state */
	int overdue;            /* due_at <= now */
	int64_t due_within;     /* seconds: now < due_at <= now + this (with overdue: <=) */
	const char *assignee;   /* login */
	const char *dept;       /* code */
	const char *category;   /* a path or a top level (its subs too) */
	const char *kind;
	const char *channel;
	const char *site;       /* code */
	pm_time since, until;   /* received in [since, until) */
	int has_since, has_until;
	int64_t limit;          /* 0 = no limit */
	int64_t one;            /* show: just this contact id */
	uint64_t cols;          /* PM_CC_BIT of each column the caller reads; 0: all.
	                         * Only these are selected (and joined for). */
} pm_contact_filter;

#define PM_CC_BIT(c) (UINT64_C(1) << (c))

typedef struct pm_contact_iter pm_contact_iter;

/* List contacts, streaming: open ones newest first by received time;
 * with --overdue / --due-within, by due time. */
int pm_complaint_list(pm_ctx *ctx, const pm_contact_filter *f, pm_contact_iter **out,
	pm_err *err);
/* 1 and *row filled, 0 at the end, -1 on error. */
int pm_complaint_next(pm_contact_iter *it, pm_contact_row *row, pm_err *err);
void pm_complaint_iter_free(pm_contact_iter *it);

/* The query plan of the listing f would run (EXPLAIN QUERY PLAN
 * details, one a line), so tests can check that an index serves it. */
int pm_complaint_list_plan(pm_ctx *ctx, const pm_contact_filter *f, pm_buf *plan, pm_err *err);

/* The settings pm-complaint owns (categories, complaint.*), with their check. */
extern const pm_cfg_slice pm_complaint_config;

/* What hooks see of a contact (hooks.h): C12, the contact's fields. */
extern const pm_hook_kind pm_complaint_hook_kind;

/* The permissions the verbs on contacts ask for (perm.h). */
extern const pm_perm_name pm_complaint_perm_names[];

#endif
