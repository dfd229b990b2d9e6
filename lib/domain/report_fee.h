/*
 * report_fee.h — the monthly report's fees section (pm-report(1)):
 * what finance reads out of a month — billed, collected, the collection
 * rates, the arrears and their ageing, late fees, the budget used, and
 * a year's trend of the collection rate (lib/mech/figure.h).
 *
 * Every figure is derived from the journal and the bill and cost
 * tables as of the period's as-of date A (the business-zone day of
 * p->asof: the month's last day for a month that is over, today for the
 * month under way), for p->site or every site:
 *
 *	billed_fen, collected_fen, waived_fen, collection_rate,
 *	household_rate   pm_fee_stats (fee_report.h) of the month's bills
 *	                 (bill.period) as of A, one row: the same figures
 *	                 as `pm-fee stats --period M --as-of A`
 *	arrears_fen      principal left as of A of the bills due before A
 *	                 (fee_arrears.h's debts: the due day itself is not
 *	                 overdue; a unit whose receivable is nil owes
 *	                 nothing): `pm-fee arrears --as-of A`'s principal
 *	fees.ageing      the same principal by days overdue, A - due, in
 *	                 pm_fee_age_bucket's buckets, with the bills open:
 *	                 `pm-fee arrears --aging --as-of A`
 *	late_fee_fen     late fees fixed in the month: the accrual entries
 *	                 (a payment that settles a bill fixes its late fee,
 *	                 fee_pay.h) dated from the first of the month to A
 *	                 in the receivables, a reversed one netted out.  A
 *	                 late fee that runs on but is not fixed is not in
 *	                 the journal; `pm-fee arrears` shows it per bill
 *	budget_fen       the budgets of the month's year (fee_budget.h),
 *	                 every department; none with a site (budgets are
 *	                 a department's, not a site's)
 *	spent_fen        costs of the year up to A (reversals netted), of
 *	                 the site's with a site
 *	budget_used      spent_fen / budget_fen (none with a site)
 *	fees.trend       the collection rate, billed and collected of the
 *	                 twelve months to the month, each as of its own
 *	                 last day (or A when earlier): what was collected
 *	                 within the month (current slot only)
 *
 * Cost: the month's figures are range reads of its bills (bill_period)
 * and its entries (ledger_txn_date, cost_date; the late fees of the
 * accrual and reversal entries only, 0027's partial indexes), the trend
 * twelve of them.  The arrears need the bills open at each of the three
 * as-of dates of the report, which may be ten years old, but never the
 * settled history: each bill carries the days its receivable refs are
 * not nil between (bill.opened, bill.settled: a cache of the journal
 * that a trigger keeps as entries post, schema 0027, checked by
 * pm-admin check), so one statement judges the three dates at once,
 * unit by unit: the unit's bills not settled by the earliest date (the
 * open ones and those settled since: two ranges of bill_unit_settled)
 * that may not be nil at a date (opened by it, not settled by it), and
 * those bills' postings only, bill by bill (a small range of
 * ledger_posting_unit_ref, 0026).  The rows of a unit come together and
 * are folded in C: its receivable as of each date (a unit at nil owes
 * nothing), then its bills due before the date with principal left into
 * the buckets; memory is one unit's open bills.  What it reads grows
 * with the bills open at the dates and those settled since the earliest
 * (a year back: the report's own span), not with the years before.  It
 * runs when the current slot is computed and stores all three slots.
 */
#ifndef PM_REPORT_FEE_H
#define PM_REPORT_FEE_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "figure.h"
#include "pmtime.h"

extern const pm_fig_section pm_report_fees_section;

#define PM_REPORT_FEE_DATES 3

/* One as-of date's arrears: principal left by age bucket (PM_AGE_*,
 * fee_arrears.h) and the open bills in each. */
typedef struct pm_report_fee_ageing {
	int64_t left[6];
	int64_t bills[6];
	int64_t total;
} pm_report_fee_ageing;

/*
 * The arrears as of n (1..3) dates at once for site (code; NULL: every
 * site), set-based (above), into out[i] for asof[i].  PM_EX_NOINPUT: no
 * such site.
 */
int pm_report_fee_arrears(pm_ctx *ctx, const char *site, const pm_date *asof, int n,
	pm_report_fee_ageing *out, pm_err *err);

/* The query plans of the section's statements (for the test that holds
 * them to their indexes), one after the other. */
int pm_report_fee_plan(pm_ctx *ctx, pm_buf *plan, pm_err *err);

#endif
