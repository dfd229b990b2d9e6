/*
 * fee_arrears.h — what units owe as of a date: principal overdue, late
 * fees, the journal's receivable, the ageing of the debt and the
 * limitation period (DOMAIN.md § Money; fee_late.h, fee_limit.h).
 *
 * Everything is derived from the journal (fee.h's accounts, the
 * payment contract of issue 11) and the demands of 0019-demand, as of
 * the end of a day D; nothing here writes.
 *
 *   debt        a bill due before D (due < D: the due date itself is
 *               not overdue) with principal left: the postings of its
 *               lines' refs (B12.1, B12.2, ...) in the unit's
 *               receivable, lines with a positive amount only (a
 *               credit line counts as paid); or with a fixed late fee
 *               unpaid (B12.L).  A unit whose receivable is nil as of
 *               D has no debt (a credit line offsets what it would owe).
 *   late fee    pm_fee_bill_state (fee_pay.h: the one judge of a bill's
 *               late fee), that is fee_late.h over the bill's principal (its positive
 *               lines) and the principal paid of it by date (the
 *               allocations and waivers to its lines that are not
 *               reversed by D), as of D — or as of the day its late fee
 *               was waived, which freezes it; never less than what is
 *               fixed already (the accruals to B12.L not reversed).
 *               What is owed of it: the fixed part unpaid (the B12.L
 *               balance) plus what accrued since the last fixing.
 *   receivable  the unit's account balance as of D: principal left
 *               plus fixed late fee unpaid (what the ledger export
 *               asserts); the late fee accrued since the last fixing is
 *               not in the journal until a payment fixes it.
 *   ageing      a debt's days overdue are D - due: 1-30, 31-90,
 *               91-180, 181-365 days, then more than 365 days up to 3
 *               years (due + 3 years >= D, by the calendar: leap days
 *               count), and over 3 years.  The principal left is what
 *               is aged.
 *   limitation  fee_limit.h per debt: three years from the day after
 *               due, restarted by the unit's demands delivered and
 *               repayment agreements (fee_demand) and by the partial
 *               payments allocated to that bill, all up to D; calendar
 *               days (no rest-day shift: a debt is flagged at most a
 *               few days early, which errs on the safe side).  A debt
 *               past its period is time-barred: it stays owed (only a
 *               court may refuse it), it is flagged.
 *
 * Payments recorded through: late fees must not run ahead of the
 * payments pm knows about.  The date payments are recorded through is
 * the last_date of the newest payment import (pay_import, by the time
 * it was recorded), or, with no import, the date of the newest payment
 * in the journal that is not reversed.  When late fees are in force
 * (fee.late_rate > 0) and that date is before D (or no payment is
 * recorded at all), the caller warns: an owner who paid but whose
 * payment is not yet recorded would be shown a late fee.
 *
 * Rows stream: one statement over the bills of the units with a
 * receivable, in (site, unit, due, bill) order, and for each open bill
 * its partial payments' dates (the limitation's restarts) and, unless
 * no_late, pm_fee_bill_state; memory is one unit's demands.
 */
#ifndef PM_FEE_ARREARS_H
#define PM_FEE_ARREARS_H

#include <stdint.h>
#include "ctx.h"
#include "fee.h"
#include "pmtime.h"

enum {
	PM_AGE_30 = 0,          /* 1-30 days overdue */
	PM_AGE_90,              /* 31-90 */
	PM_AGE_180,             /* 91-180 */
	PM_AGE_365,             /* 181-365 */
	PM_AGE_3Y,              /* 366 days - 3 years */
	PM_AGE_OVER,            /* over 3 years */
	PM_AGE_N
};

/* The bucket of a debt due on due as of asof (due < asof). */
int pm_fee_age_bucket(pm_date due, pm_date asof);

typedef struct pm_arrears_filter {
	const char *site;       /* site code, or NULL */
	const char *building;   /* building code (of site, or the only site) */
	const char *unit;       /* one unit (of site, or the only site) */
	pm_date asof;
	int64_t older_than;     /* only debts more than this many days overdue */
	int no_late;            /* leave late fees out (late_fee is late_fixed) */
} pm_arrears_filter;

/* One open bill as of the date. */
typedef struct pm_arrears_debt {
	const char *site, *unit;
	int64_t unit_id, bill;
	int64_t account_id;     /* the unit's receivable account (ledger_account) */
	const char *period;     /* YYYY-MM */
	pm_date due;
	int64_t days;           /* overdue */
	int bucket;             /* PM_AGE_* */
	int64_t principal;      /* billed (positive lines) */
	int64_t left;           /* principal left */
	int64_t late_fixed;     /* fixed late fee not paid (the B12.L balance) */
	int64_t late_fee;       /* late fee owed: late_fixed + accrued since fixed */
	int late_frozen;        /* its late fee was waived */
	pm_date last_day;       /* of the limitation period */
	int barred;             /* time-barred as of the date */
} pm_arrears_debt;

/* One unit's arrears. */
typedef struct pm_arrears_row {
	const char *site, *unit;
	int64_t unit_id;
	int64_t bills;          /* open debts */
	int64_t principal;      /* left */
	int64_t late_fee;       /* owed */
	int64_t receivable;     /* the journal's, as of the date */
	int64_t age[PM_AGE_N];  /* principal left by age */
	int64_t barred;         /* principal left that is time-barred */
	pm_date oldest_due;
	pm_date next_barred;    /* the earliest last day of a debt not barred
	                         * yet (year 0 when none) */
} pm_arrears_row;

/*
 * The arrears as of f->asof: debt_fn per open bill (may be NULL), then
 * unit_fn per unit with one (may be NULL), in (site, unit) order, each
 * debt's rules applied by c.  A nonzero return of either stops and is
 * returned.  PM_EX_NOINPUT: no such site, building or unit.
 */
int pm_fee_arrears(pm_ctx *ctx, const pm_fee_conf *c, const pm_arrears_filter *f,
	int (*debt_fn)(void *arg, const pm_arrears_debt *d),
	int (*unit_fn)(void *arg, const pm_arrears_row *r), void *arg, pm_err *err);

/*
 * The date payments are recorded through (above) into *through; *has
 * 0 when no payment is recorded at all.  *warn 1 when late fees are in
 * force in c and *through is before asof (or there is none).
 */
int pm_fee_arrears_recorded(pm_ctx *ctx, const pm_fee_conf *c, pm_date asof,
	pm_date *through, int *has, int *warn, pm_err *err);

/*
 * The reminder list: per unit with a debt more than f->older_than days
 * overdue (f as pm_fee_arrears), its current owner's name and phone
 * (the earliest current owner; NULL when none) and what it owes in all
 * (every overdue debt, not only the old ones) without computing late
 * fees: principal left plus fixed late fee unpaid.  Personal data comes in clear: the writer masks it by the
 * column's class (out.h), unless --unmask.
 */
typedef struct pm_remind_row {
	const char *site, *unit;
	const char *name, *phone;
	int64_t owed;
	int64_t bills;
	pm_date oldest_due;
} pm_remind_row;

int pm_fee_remind(pm_ctx *ctx, const pm_fee_conf *c, const pm_arrears_filter *f,
	int (*fn)(void *arg, const pm_remind_row *r), void *arg, pm_err *err);

#endif
