/*
 * drill.h — fire and emergency drills (消防演练, 应急演练: D12), planned
 * per site and kind, recorded as held with their findings, and the
 * frequency rules that say which site is due for which kind.
 *
 * A drill moves through the lifecycle below (lifecycle.h); every step
 * is one timeline event, one audit row and a hook event "drill.<verb>":
 *
 *	planned -> done          (record: held date, participants, minutes,
 *	        \-> cancelled     findings; cancel: why)
 *
 * Kinds are the keys of the frequency rules (config drill.rules, else
 * the built-in ones: fire every year and every 6 months at key sites,
 * evacuation, flood, power-outage and lift-rescue every year).  A rule
 * gives the longest interval between two drills of its kind at a site
 * (`every`), and optionally a shorter one for the key sites (`key`),
 * named in drill.key_sites.  A site is due for a kind when its last
 * held drill of that kind plus the interval falls within drill.due_within
 * of the day asked about, overdue once that date has passed, and never
 * drilled when it has held none.
 *
 * Findings are rows of their own, numbered within the drill (D12 #2), so
 * an improvement action can name the drill and the finding.
 *
 * Errors: an unknown drill or site is PM_EX_NOINPUT; an unknown kind, a
 * held date in the future, a transition the lifecycle refuses is
 * PM_EX_DATAERR; a missing field PM_EX_USAGE; a broken rule PM_EX_CONFIG.
 */
#ifndef PM_DRILL_H
#define PM_DRILL_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "hooks.h"
#include "id.h"
#include "lifecycle.h"
#include "out.h"
#include "perm.h"
#include "pmtime.h"

extern const pm_lifecycle pm_drill_lifecycle;
extern const pm_cfg_slice pm_drill_config;
extern const pm_hook_kind pm_drill_hook_kind;
extern const pm_perm_name pm_drill_perm_names[];

/* ---- frequency rules (drill.rules) ---------------------------------- */

typedef struct pm_drill_rule {
	char kind[33];          /* fire, lift-rescue: letters, digits, - and _ */
	char name[65];          /* 消防演练 ("" when none) */
	char every_text[16];    /* as written: "1y" */
	char key_text[16];      /* "6mo"; "" when key sites have no rule of their own */
	pm_span every, key;     /* months and whole days only */
} pm_drill_rule;

#define PM_DRILL_RULES_MAX 32

/* The rules in effect (the file's, else the built-in ones); *n their
 * number.  PM_EX_CONFIG at the node that is wrong. */
int pm_drill_rules(const pm_config *cfg, pm_drill_rule *rules, size_t *n, pm_err *err);

/* The rule of kind, or NULL. */
const pm_drill_rule *pm_drill_rule_of(const pm_drill_rule *rules, size_t n, const char *kind);

/* 1 when site code is one of drill.key_sites (a comma-separated list). */
int pm_drill_key_site(const pm_config *cfg, const char *code);

/* The date an interval after last: last + span's months, then its days
 * (-1 when out of range). */
int pm_drill_next(pm_date last, pm_span every, pm_date *out);

/* ---- planning and recording ----------------------------------------- */

typedef struct pm_drill_in {
	const char *site;       /* code; NULL: the only active site */
	const char *kind;       /* required: a rule's kind */
	pm_date date;           /* required: the planned day */
	const char *text;       /* the scenario, who organises it; optional */
} pm_drill_in;

/* Plan a drill; *id gets its ID.  Any date: a drill held before pm was
 * installed is planned on its day and recorded. */
int pm_drill_plan(pm_ctx *ctx, const pm_drill_in *in, pm_id *id, pm_err *err);

typedef struct pm_drill_act {
	pm_date date;           /* record: the day it was held (default its planned
	                         * day, or today when that is still to come) */
	int has_date;
	int64_t participants;   /* record: required (has_participants) */
	int has_participants;
	int64_t minutes;        /* record: required, 1.. (has_minutes) */
	int has_minutes;
	const char *const *findings;    /* record: one text each (may be none) */
	int nfindings;
	const char *text;       /* cancel: why (required) */
} pm_drill_act;

/* Apply verb (record, cancel) to drill id. */
int pm_drill_apply(pm_ctx *ctx, const char *verb, pm_id id, const pm_drill_act *a, pm_err *err);

/* ---- reading ---------------------------------------------------------- */

enum {
	PM_DC_ID = 0, PM_DC_PLANNED, PM_DC_STATUS, PM_DC_KIND, PM_DC_SITE, PM_DC_HELD,
	PM_DC_PARTICIPANTS, PM_DC_MINUTES, PM_DC_NFINDINGS, PM_DC_TEXT, PM_DC_CREATED,
	PM_DC_RECORDED, PM_DC_CANCELLED, PM_DC_REASON, PM_DC_FINDINGS, PM_DC_N
};
#define PM_DC_BIT(c) (UINT64_C(1) << (c))

/* Name, output type and class of each column; findings is a JSON array
 * of {n, text}, read only for one drill (show). */
extern const pm_col pm_drill_cols[PM_DC_N];

typedef struct pm_drill_row {
	pm_cell c[PM_DC_N];
} pm_drill_row;

typedef struct pm_drill_filter {
	const char *status;     /* one state; NULL: planned ones */
	int all;                /* every state */
	const char *site;       /* code */
	const char *kind;
	int64_t limit;          /* 0 = no limit */
	int64_t one;            /* show: just this drill */
	uint64_t cols;          /* PM_DC_BIT of the columns read; 0: all but findings */
} pm_drill_filter;

typedef struct pm_drill_iter pm_drill_iter;

/* List drills, streaming, by planned date (soonest first; with all or a
 * final status, newest first). */
int pm_drill_list(pm_ctx *ctx, const pm_drill_filter *f, pm_drill_iter **out, pm_err *err);
int pm_drill_next_row(pm_drill_iter *it, pm_drill_row *row, pm_err *err);
void pm_drill_iter_free(pm_drill_iter *it);

/* ---- due -------------------------------------------------------------- */

enum {
	PM_DD_SITE = 0, PM_DD_KIND, PM_DD_KEY, PM_DD_LAST, PM_DD_LAST_ID, PM_DD_EVERY, PM_DD_DUE,
	PM_DD_DAYS, PM_DD_STATE, PM_DD_PLANNED, PM_DD_PLANNED_ID, PM_DD_N
};
extern const pm_col pm_drill_due_cols[PM_DD_N];

typedef struct pm_drill_due_q {
	const char *site;       /* only this site */
	const char *kind;       /* only this kind */
	pm_date as_of;          /* the day asked about */
	int all;                /* every active site and kind, due or not */
} pm_drill_due_q;

/*
 * For each active site (by code) and each rule (in rule order): the
 * last held drill of the kind, the interval that applies (key or not),
 * the date it falls due, the days from as_of to it (negative: overdue),
 * state overdue, due (within drill.due_within), never (no drill held)
 * or ok, and the next drill planned of that kind.  fn sees the rows that
 * are overdue, due or never (all: every row); its nonzero return stops
 * the walk and is returned.
 */
int pm_drill_due(pm_ctx *ctx, const pm_drill_due_q *q,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

/* The query plan of pm_drill_due's one statement (every rule's kind,
 * every active site) into plan: tests hold it to its indexes. */
int pm_drill_due_plan(pm_ctx *ctx, struct pm_buf *plan, pm_err *err);

#endif
