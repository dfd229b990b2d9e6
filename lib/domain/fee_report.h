/*
 * fee_report.h — what finance reads out of the journal: a unit's
 * statement (对账单), the collection figures of a period (收缴率), the
 * journal for ledger-cli and hledger, and the invariants of pm-fee's
 * money that pm-admin check verifies.  Read only: nothing here posts.
 *
 * Everything is derived from the journal (lib/mech/ledger.h) in the
 * shape the payments contract gives it (fee.h's accounts; a bill B12's
 * lines post ref "B12.n", a fixed late fee ref "B12.L", a payment P12's
 * entries ref "P12") and from the bill and payment tables; a reversed
 * payment counts as never made because its entries are negated in the
 * journal, not because anyone changed a flag.
 *
 * ---- Statement ----------------------------------------------------------
 *
 * pm_fee_statement: a unit's two accounts, Assets:Receivable:SITE:UNIT
 * (what it owes) and Liabilities:Credit:SITE:UNIT (money it paid that
 * is not applied yet), from one day to another.  Rows, in (date, entry)
 * order:
 *
 *	opening     date from; balance and credit as of the day before
 *	one per entry touching either account in [from, to]: charge,
 *	            payment, allocation, accrual (a late fee fixed),
 *	            waiver, refund, reversal (of any of them), and any
 *	            other kind that posts there (credit); amount the change
 *	            of what the unit owes (+ charged, - settled), credit the
 *	            change of its credit (+ paid in, - applied or refunded),
 *	            each with its running balance; lines the refs of the
 *	            receivable postings (B12.1,B12.L), receipt a payment's
 *	            number (SITE-YEAR-NNNNNN)
 *	closing     date to; balance and credit as of to
 *
 * The unit owes balance - credit on the whole.  Read as two ranges of
 * the posting index (account, date), one per account, then sorted by
 * date and entry: the unit's own postings of the period, however long
 * the journal; rows are handed out as they are read.
 *
 * ---- Collection figures -------------------------------------------------
 *
 * pm_fee_stats: the bills of one period (bill.period) dated up to the
 * as-of date, grouped (PM_FS_*); per group:
 *
 *	billed_fen      应收: the sum of their lines (one-off charges of the
 *	                period included; a negative line lowers it)
 *	collected_fen   实收: what allocations applied to those lines up to
 *	                as-of, a reversed allocation netted out (a
 *	                reversed payment collected nothing)
 *	waived_fen      what waivers took off those lines
 *	arrears_fen     what is left of them as of as-of: billed - collected
 *	                - waived
 *	collection_pct  collected / billed, hundredths of a percent, half up
 *	                (NULL when nothing was billed)
 *	units_billed    households billed: units with a line of the period
 *	                whose amount is above 0
 *	units_paid      of them, the units whose every such line stands at 0
 *	                as of as-of (settled in full; a waived part counts as
 *	                settled)
 *	household_pct   units_paid / units_billed, hundredths of a percent
 *
 * Late fees are in none of the figures: they are not the period's
 * charges.  By item, a household is the unit's lines of that item.  One
 * statement, set-based: the period's bills by the bill_period index,
 * each line's postings by the posting ref index; rows streamed.
 *
 * ---- The journal for the independent judge -----------------------------
 *
 * pm_fee_export_ledger: pm_ledger_journal up to asof with a balance
 * assertion for each unit's receivable, credit and maintenance fund
 * account: `ledger -f FILE --strict --pedantic balance` and `hledger -f
 * FILE check` then verify every entry and that the accounts stand where
 * pm says.  Account names carry site and unit codes only; no person.
 *
 * ---- The invariants (pm_fee_check, check "fee") --------------------------
 *
 *	charge      every bill line is posted once, its amount to its unit's
 *	            receivable with its ref, by the bill's charge entry
 *	line        what is left of a line lies between 0 and its amount
 *	            (never over-allocated, never below 0)
 *	receivable  a unit's receivable balance = what is left of its bills'
 *	            lines and fixed late fees: no posting there names
 *	            anything else; and every posting there is a charge,
 *	            accrual, allocation, waiver or a reversal
 *	source      (with the payment tables) every allocation and accrual
 *	            entry is a payment's (payment_entry) of that unit, every
 *	            waiver entry a fee_waiver row of a bill of that unit and
 *	            of its amount
 *	payment     a payment's entry posts its amount from its method's
 *	            cash account to its unit's credit and carries a receipt
 *	            number; what is left of it as credit lies between 0 and
 *	            its amount (its allocations and refunds never exceed it)
 *	credit      a unit's credit = what is left of its payments (no
 *	            posting names anything else), never below 0
 *	void        a voided payment has every entry of it reversed and
 *	            nothing left
 *	settled     (from schema 0027) every bill's opened and settled days
 *	            are what its receivable postings say (the cache the
 *	            report's arrears read, report_fee.h), and the trigger
 *	            that keeps them (bill_settled_track) is there
 *
 * Receipt numbers without gaps are pm_ledger_check's (check "ledger").
 * fn(arg, "fee", detail) per problem; *problems counts them (added
 * to).  A database without bills has nothing to check; without the
 * payment tables (before schema 0018) the payment checks are skipped.
 */
#ifndef PM_FEE_REPORT_H
#define PM_FEE_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include "buf.h"
#include "ctx.h"
#include "out.h"
#include "perm.h"
#include "pmtime.h"

/* One row of a statement; strings valid during the call. */
typedef struct pm_fee_stmt_row {
	const char *kind;       /* opening, closing, or the entry's kind */
	pm_date date;
	int64_t entry;          /* the ledger entry; 0 for opening and closing */
	int64_t reverses;       /* a reversal: the entry it negates, else 0 */
	const char *ref;        /* B12, P12, or NULL */
	const char *receipt;    /* a payment's receipt number, or NULL */
	const char *lines;      /* the receivable postings' refs, "" when none */
	int64_t amount;         /* change of what the unit owes, fen */
	int64_t balance;        /* what it owes after the row */
	int64_t credit;         /* change of its credit */
	int64_t credit_balance; /* its credit after the row */
} pm_fee_stmt_row;

/*
 * The statement of unit (code) of site (code; NULL: the only active
 * site) from from to to (both included).  fn(arg, row) per row; fn's
 * nonzero return stops and is returned.  PM_EX_NOINPUT: no such site or
 * unit; PM_EX_USAGE: from after to (field "from").
 */
int pm_fee_statement(pm_ctx *ctx, const char *site, const char *unit, pm_date from,
	pm_date to, int (*fn)(void *arg, const pm_fee_stmt_row *row), void *arg, pm_err *err);

typedef enum pm_fee_stats_by {
	PM_FS_ALL = 0, PM_FS_SITE, PM_FS_BUILDING, PM_FS_ITEM
} pm_fee_stats_by;

#define PM_FEE_STATS_BY "all|site|building|item"

/* "site" -> PM_FS_SITE ...; -1 when unknown. */
int pm_fee_stats_by_parse(const char *s);

enum {
	PM_FS_PERIOD = 0, PM_FS_BY, PM_FS_SITE_C, PM_FS_BUILDING_C, PM_FS_ITEM_C, PM_FS_BILLED,
	PM_FS_COLLECTED, PM_FS_WAIVED, PM_FS_ARREARS, PM_FS_RATE, PM_FS_UNITS_BILLED,
	PM_FS_UNITS_PAID, PM_FS_UNITS_RATE, PM_FS_NCOL
};

/* period by site building item billed_fen collected_fen waived_fen
 * arrears_fen collection_pct units_billed units_paid household_pct:
 * every column in every grouping (NULL where the grouping has none), so
 * a reader's keys never change. */
extern const pm_col pm_fee_stats_cols[PM_FS_NCOL];

/*
 * The figures of period m as of asof, for site (code; NULL: every
 * site), grouped by; fn(arg, cells) per group (cells as
 * pm_fee_stats_cols), in key order; the all grouping is one row, also
 * when nothing was billed.  PM_EX_NOINPUT: no such site.
 */
int pm_fee_stats(pm_ctx *ctx, pm_month m, pm_fee_stats_by by, const char *site, pm_date asof,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

/* The query plan of a grouping's statement (for the tests that hold it
 * to its indexes). */
int pm_fee_stats_plan(pm_ctx *ctx, pm_fee_stats_by by, pm_buf *plan, pm_err *err);

/* The journal up to asof (NULL: today) on fp, with the assertions
 * above.  PM_EX_IOERR on a write error. */
int pm_fee_export_ledger(pm_ctx *ctx, const pm_date *asof, FILE *fp, pm_err *err);

/* The invariants above; returns 0 when the checks ran. */
int pm_fee_check(pm_ctx *ctx, int (*fn)(void *arg, const char *check, const char *detail),
	void *arg, long *problems, pm_err *err);

/* fee.export: the whole journal (the company's books). */
extern const pm_perm_name pm_fee_report_perm_names[];

#endif
