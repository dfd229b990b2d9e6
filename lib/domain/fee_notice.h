/*
 * fee_notice.h — the written reminder (催缴通知书) and the events that
 * restart the limitation period: documented demands and repayment
 * agreements (schema/0019-demand.sql; fee_limit.h says what each does).
 *
 * A demand is a notice delivered (the day it reached the owner, and
 * how: post, hand, email, sms, notary — keep the proof: the post's
 * receipt, a signature, the notary's certificate); an agreement is the
 * owner's written consent to pay (a repayment plan).  Either covers
 * every debt of the unit due before it.  Both are append-only evidence,
 * audited, and never dated after today.
 *
 * The notice itself lists a unit's debts as of a date (fee_arrears.h):
 * per bill line with principal left its period, item, amount left and
 * due date, each bill's late fee owed, and the total; headed by the
 * company's name (company.name) when configured, addressed to the owner
 * of the unit (by the unit, not by name: a notice may lie on a desk).
 * Polite, and nothing in it threatens anything: the provider may remind,
 * demand and sue, never cut water, power, gas or heating (DOMAIN.md), and
 * the wording says neither.  Text, or one self-contained HTML file (no
 * scripts, no external resources) that prints on A4.
 */
#ifndef PM_FEE_NOTICE_H
#define PM_FEE_NOTICE_H

#include <stdint.h>
#include <stdio.h>
#include "ctx.h"
#include "fee.h"
#include "hooks.h"
#include "perm.h"
#include "pmtime.h"

typedef struct pm_demand_in {
	const char *site;       /* site code, NULL: the only active site */
	const char *unit;       /* unit code */
	int agreement;          /* 1: a repayment agreement; 0: a demand */
	pm_date date;           /* delivered, or agreed */
	const char *method;     /* demand: post|hand|email|sms|notary */
	const char *text;       /* agreement: its terms (optional, 1-500) */
} pm_demand_in;

/*
 * Record a demand or an agreement, its audit row and its timeline event
 * (entity "demand", event "new": the hooks' demand.new); *id the new row.
 * PM_EX_NOINPUT: no such site or unit; PM_EX_DATAERR: a date after
 * today, a bad method (field "method") or text.
 */
int pm_fee_demand_add(pm_ctx *ctx, const pm_demand_in *in, int64_t *id, pm_err *err);

/* One demand or agreement, for the list. */
typedef struct pm_demand_info {
	int64_t id;
	const char *site, *unit, *kind, *date, *method, *text, *actor;
	pm_time at;
} pm_demand_info;

/* A unit's demands and agreements (site as above), oldest first. */
int pm_fee_demand_list(pm_ctx *ctx, const char *site, const char *unit,
	int (*fn)(void *arg, const pm_demand_info *d), void *arg, pm_err *err);

enum { PM_NOTICE_TEXT = 0, PM_NOTICE_HTML };

/*
 * Write the notice for one unit as of asof on fp, in format fmt
 * (PM_NOTICE_*), and audit that it was issued (entity "notice").
 * *total what it lists (fen); a unit that owes nothing gets no notice:
 * PM_EX_DATAERR "owes nothing".  A write error is PM_EX_IOERR.
 */
int pm_fee_notice_write(pm_ctx *ctx, const pm_fee_conf *c, const char *site,
	const char *unit, pm_date asof, int fmt, FILE *fp, int64_t *total, pm_err *err);

/* The demand's hook record: site, unit, kind, date, method. */
extern const pm_hook_kind pm_fee_demand_hook_kind;

/* fee.notice: record demands and agreements. */
extern const pm_perm_name pm_fee_notice_perm_names[];

#endif
