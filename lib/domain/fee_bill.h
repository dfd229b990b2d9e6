/*
 * fee_bill.h — billing a period, and one-off charges (schema/0016-fee.sql).
 *
 * Billing (pm_fee_bill) charges every unit of a site (or every site)
 * for every item whose rate applies to it in the period (fee.h), in a
 * fixed number of set-based statements in the caller's transaction:
 * the lines are computed by one INSERT ... SELECT (proration and
 * rounding are base/prorate's and base/money's SQL forms of the C
 * rules, tested equal), the bills and their lines by two more, and the
 * journal entries by pm_ledger_post_select.  Nothing is read into C per
 * unit, and memory does not grow with the number of units.
 *
 * Who pays from when.  A unit's fee runs from its handover date (交付:
 * the owner's obligation starts when the unit is handed over, the
 * industry norm, whether or not anyone moves in), or, for a unit
 * without one, its first owner's move-in; it stops at the move-out of
 * its last owner when no owner is current (the move-out day is not
 * charged: it is the next occupant's move-in day).  A unit with
 * neither a handover nor an owner is not billed.  A partial month is
 * prorated by fee.proration from the exact amount, rounded once
 * (money.rounding): a move-in on the 10th of a 30-day month pays 21/30.
 * Vacant units (state vacant) pay in full unless a fee.vacant rule
 * covers the month (it gives the percent they pay).  Metered items are
 * not prorated: the period's consumption of the item's meter kind (the
 * unit's own meters and its shares of shared ones, fee_meter.h) x the
 * rate, or by tiers; shared items split the month's total over the units the
 * rate applies to that are billed in the month, by area or household,
 * the remainder by largest remainder (as pm_money_allocate: ties to the
 * lower unit id).
 *
 * Idempotent: a unit is billed at most once for an item and a period
 * (the unique key of bill_line), so a second run bills only what the
 * first did not (an item added since, a unit handed over since) as new
 * bills; two runs at once queue on the write lock, and a killed run
 * left nothing (one transaction).
 *
 * A bill (B12) has the period, its accounting date (the period's first
 * day), its due date (fee.due_day) and lines B12.1, B12.2 ...; its
 * journal entry is described in fee.h.
 */
#ifndef PM_FEE_BILL_H
#define PM_FEE_BILL_H

#include <stdint.h>
#include "ctx.h"
#include "fee.h"
#include "id.h"
#include "pmtime.h"

/* What a run did (or, dry, would do) for one item. */
typedef struct pm_fee_sum {
	const char *item;
	int64_t lines;
	int64_t total;          /* fen */
} pm_fee_sum;

typedef struct pm_fee_run {
	int64_t run;            /* the run's id (0 when dry) */
	int64_t bills, lines, total;
} pm_fee_run;

/*
 * Bill period m for site (code; NULL: every site).  dry: compute the
 * lines only, write no bill (the caller rolls back).  fn(arg, sum) per
 * item billed, in item code order (fn may be NULL); *res the totals.
 * PM_EX_NOINPUT: no such site; PM_EX_CONFIG: a rate naming a site or
 * building the database does not have.
 */
int pm_fee_bill(pm_ctx *ctx, const pm_fee_conf *c, pm_month m, const char *site, int dry,
	int (*fn)(void *arg, const pm_fee_sum *sum), void *arg, pm_fee_run *res, pm_err *err);

/* A one-off charge. */
typedef struct pm_fee_charge_in {
	const char *site;       /* site code; NULL: the only site */
	const char *unit;       /* unit code */
	const char *item;       /* a configured item code */
	int64_t amount;         /* fen, > 0 (a work order's adjustment may be < 0) */
	const char *reason;     /* 1-500 bytes, required */
	pm_id source;           /* the record it comes from (W12), type 0: none */
	int64_t source_event;   /* with source: the event it comes from */
} pm_fee_charge_in;

/*
 * Charge a unit: a bill of one line (kind charge, period the month of
 * ctx->now, due per fee.due_day), its journal entry, an audit row.
 * *bill its ID.  PM_EX_NOINPUT: no such unit or item; PM_EX_DATAERR: a
 * bad amount or reason.
 */
int pm_fee_charge(pm_ctx *ctx, const pm_fee_conf *c, const pm_fee_charge_in *in, pm_id *bill,
	pm_err *err);

/*
 * A paid repair: work order w's latest "charge" event (workorder.h:
 * written when a chargeable job is done) becomes a charge of item on
 * the job's unit, the two linked both ways (W12 <-> B7, relation
 * "charge").  Idempotent per job and event: the same event is charged
 * once however often this runs; a job reopened and done again with the
 * same amount is not charged again, and with another amount the
 * difference is charged (a negative difference is a credit line), so
 * what the unit was charged for the job is always its last amount.
 * *bill the bill made (type 0 when nothing was due); reason: the
 * job's title is not copied (free text), the reason names the job.
 * PM_EX_NOINPUT: no such job; PM_EX_DATAERR: a job without a charge.
 */
int pm_fee_charge_workorder(pm_ctx *ctx, const pm_fee_conf *c, pm_id w, const char *item,
	pm_id *bill, pm_err *err);

#endif
