/*
 * incident.h — incidents (突发事件: I4) handled by the emergency plan of
 * their kind, escalated while not handled, closed with the analysis of
 * their cause and the measures taken.
 *
 * An incident moves through the lifecycle below (lifecycle.h); every
 * step is one timeline event, one audit row and a hook event
 * "incident.<verb>":
 *
 *	open -> resolved -> closed      (log on any state; close from open
 *	   \________________/            too, which resolves it at once)
 *
 * The emergency plans (config incident.plans, else the built-in ones for
 * fire, flood, theft, injury, lift-entrapment and power) are keyed by
 * kind: the plan's name, numbered steps, the numbers to call, the
 * respond limit (how long the people on duty have to bring it under
 * control: resolve it) and the escalation levels, each a rule of who
 * takes over (escalate.h, org's resolver: head, role:NAME, staff:LOGIN),
 * the contact as the plan prints it, and the time that level has before
 * the next one is called.  An incident not resolved within its respond
 * limit climbs to level 1, and from there one level each time a level's
 * own limit runs out (the escalate mechanism with stepped levels); a
 * resolved or closed one climbs no more.  Escalating by hand raises one
 * level at once.
 *
 * Errors: an unknown incident or site is PM_EX_NOINPUT; an unknown kind,
 * a time in the future, closing without cause or measures, a transition
 * the lifecycle refuses is PM_EX_DATAERR; a broken plan PM_EX_CONFIG.
 */
#ifndef PM_INCIDENT_H
#define PM_INCIDENT_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "escalate.h"
#include "hooks.h"
#include "id.h"
#include "lifecycle.h"
#include "out.h"
#include "perm.h"
#include "pmtime.h"

extern const pm_lifecycle pm_incident_lifecycle;
extern const pm_cfg_slice pm_incident_config;
extern const pm_hook_kind pm_incident_hook_kind;
extern const pm_perm_name pm_incident_perm_names[];

#define PM_INCIDENT_SEVERITIES "general|serious|major|critical"

/* ---- emergency plans (incident.plans) ----------------------------------- */

#define PM_INC_STEPS_MAX 20
#define PM_INC_CALLS_MAX 10
#define PM_INC_PLANS_MAX 32

typedef struct pm_inc_level {
	char who[48];           /* the escalate rule: "head", "role:manager" */
	char contact[201];      /* as the plan prints it: 安保部主管 8801 */
	char within_text[16];   /* "15min" */
	int64_t within;         /* seconds this level has */
} pm_inc_level;

typedef struct pm_inc_plan {
	char kind[33];
	char name[65];                          /* 火警 ("" when none) */
	int nsteps;
	char steps[PM_INC_STEPS_MAX][401];
	int ncalls;
	char calls[PM_INC_CALLS_MAX][101];      /* "119 火警" */
	char respond_text[16];
	int64_t respond;                        /* seconds to resolve before level 1 */
	int nlevels;
	pm_inc_level levels[PM_ESC_MAX];
} pm_inc_plan;

/* The plan of kind in effect into out; an unknown kind is PM_EX_DATAERR
 * naming the kinds there are; a broken plan PM_EX_CONFIG at its node. */
int pm_incident_plan(const pm_config *cfg, const char *kind, pm_inc_plan *out, pm_err *err);

/* The kinds with a plan, comma-separated, into buf (n >= 2). */
void pm_incident_kinds(const pm_config *cfg, char *buf, size_t n);

/* The escalation of a plan: its levels' rules, stepped by their limits. */
int pm_incident_escalation(const pm_inc_plan *p, pm_escalation *out, pm_err *err);

/* ---- open and act ------------------------------------------------------- */

typedef struct pm_inc_in {
	const char *kind;       /* required: a plan's kind */
	const char *severity;   /* default general */
	const char *site;       /* code; NULL: the only active site */
	const char *place;      /* where: 3号楼地下车库 */
	const char *text;       /* required: what happened */
	pm_time at;             /* when it happened (default now) */
	int has_at;
} pm_inc_in;

/* Record an incident reported now; *id gets its ID and plan (may be
 * NULL) its emergency plan. */
int pm_incident_open(pm_ctx *ctx, const pm_inc_in *in, pm_id *id, pm_inc_plan *plan,
	pm_err *err);

typedef struct pm_inc_act {
	const char *text;       /* log: the note (required); resolve: a note */
	const char *cause;      /* close: the cause analysis (required) */
	const char *measures;   /* close: the measures taken (required) */
	pm_time at;             /* when (default now) */
	int has_at;
} pm_inc_act;

/* Apply verb (log, resolve, close) to incident id. */
int pm_incident_apply(pm_ctx *ctx, const char *verb, pm_id id, const pm_inc_act *a,
	pm_err *err);

/* Escalate as its lateness calls for (cron), or one level by hand. */
int pm_incident_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);
int pm_incident_raise(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);

/* ---- reading ------------------------------------------------------------ */

enum {
	PM_IC_ID = 0, PM_IC_OCCURRED, PM_IC_STATUS, PM_IC_KIND, PM_IC_SEVERITY, PM_IC_SITE,
	PM_IC_PLACE, PM_IC_LEVEL, PM_IC_DUE, PM_IC_ESCALATED, PM_IC_RESOLVED, PM_IC_CLOSED,
	PM_IC_RESPONSE, PM_IC_REPORTED, PM_IC_REPORTER, PM_IC_DEPT, PM_IC_TEXT, PM_IC_CAUSE,
	PM_IC_MEASURES, PM_IC_N
};
#define PM_IC_BIT(c) (UINT64_C(1) << (c))

extern const pm_col pm_incident_cols[PM_IC_N];

typedef struct pm_inc_row {
	pm_cell c[PM_IC_N];
} pm_inc_row;

typedef struct pm_inc_filter {
	const char *status;     /* one state, or "open" (the default: not closed) */
	int all;                /* every state */
	int overdue;            /* not resolved within the limit of its level */
	const char *site, *kind, *severity;
	int64_t limit;
	int64_t one;
	uint64_t cols;          /* 0: all */
} pm_inc_filter;

typedef struct pm_inc_iter pm_inc_iter;

/* List incidents, streaming, newest first (overdue: by due time). */
int pm_incident_list(pm_ctx *ctx, const pm_inc_filter *f, pm_inc_iter **out, pm_err *err);
int pm_incident_next(pm_inc_iter *it, pm_inc_row *row, pm_err *err);
void pm_incident_iter_free(pm_inc_iter *it);

/* ---- statistics ----------------------------------------------------------- */

enum {
	PM_IS_BY = 0, PM_IS_KEY, PM_IS_INCIDENTS, PM_IS_OPEN, PM_IS_RESOLVED, PM_IS_CLOSED,
	PM_IS_ESCALATED, PM_IS_P50, PM_IS_P90, PM_IS_N
};
extern const pm_col pm_incident_stats_cols[PM_IS_N];

/*
 * The year's incidents (by the time they happened) grouped by each of
 * by, a comma-separated list of kind, site, severity (NULL: all three):
 * counts by state, how many were escalated, and the response time —
 * from the time it happened to resolved — as nearest-rank median and
 * 90th percentile (stat.h).  fn sees each row; a bad grouping is
 * PM_EX_USAGE.
 */
int pm_incident_stats(pm_ctx *ctx, int year, const char *by,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

#endif
