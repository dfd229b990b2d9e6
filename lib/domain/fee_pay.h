/*
 * fee_pay.h — payments, their receipts, credit, reversals, refunds and
 * waivers (schema/0018-payment.sql; DOMAIN.md § Money).
 *
 * The contract the arrears and report modules read (/work/fee-contract.md,
 * kept here as the reference; fee.h names the accounts):
 *
 *   payment P12   one entry, kind "payment", ref "P12", dated the
 *                 payment's business date, numbered in the sequence of
 *                 its site's code (the receipt: SITE-YEAR-NNNNNN), two
 *                 postings ref "P12": +amount Assets:Cash:METHOD,
 *                 -amount Liabilities:Credit:SITE:UNIT — the money first
 *                 lands as the unit's credit.
 *   allocation    kind "allocation", ref "P12" (the payment whose money
 *                 it uses), dated the day it is applied: +total
 *                 Liabilities:Credit:SITE:UNIT ref "P12", and -x
 *                 Assets:Receivable:SITE:UNIT ref "B12.n" (principal of
 *                 line n) or ref "B12.L" (late fee of bill 12).  A
 *                 payment settles the bills dated on or before its date in
 *                 one allocation entry; a bill dated later, and credit
 *                 applied to a new bill, get one entry per bill and
 *                 payment drawn (oldest payment first), dated the latest
 *                 of the day of application, the bill's date and the
 *                 payment's date.
 *   accrual       kind "accrual", ref "B12", dated as the allocation:
 *                 +x Receivable ref "B12.L", -x Income:LateFee ref
 *                 "B12.L", posted when money is allocated to B12 and its
 *                 late fee as of that day (fee_late.h, the rule of
 *                 fee.late_*) exceeds what is fixed already: the
 *                 difference.  Also posted by a late-fee waiver (below).
 *   waiver        kind "waiver", ref "B12": +x Income:Fee:ITEM ref
 *                 "B12.n" (or Income:LateFee ref "B12.L"), -x Receivable,
 *                 same ref.  A late waiver fixes the fee as of its day,
 *                 waives what is unpaid of it, and freezes it: the bill's
 *                 late fee is computed as of the waiver's day from then
 *                 on.  An amount waiver waives principal over the lines
 *                 in line order.
 *   refund        kind "refund", ref "P12", one entry per payment drawn
 *                 (oldest with credit left first): +x Credit ref "P12",
 *                 -x Assets:Cash:METHOD ref "P12".  Never beyond the
 *                 unit's credit.
 *   reversal      of P12: every entry in payment_entry for P12 not
 *                 reversed yet, newest first, each by pm_ledger_reverse,
 *                 dated the day of the reversal (or the latest entry's
 *                 date, when that is later).  Refused when a refund drew
 *                 on P12, and when a bill P12 paid had its late fee
 *                 waived since (the waiver settled what the reversal
 *                 would bring back).  The receipt number stays with the
 *                 voided payment (payment_void).
 *
 * Derived, never stored: what is left of line B12.n is
 * pm_ledger_balance_ref(Receivable, "B12.n"); the fixed late fee unpaid
 * is the same for "B12.L"; a bill is paid when every line's and B12.L's
 * balance is 0 or less; a unit's credit is -pm_ledger_balance(Credit),
 * one payment's -pm_ledger_balance_ref(Credit, "P12"); the principal
 * paid of a bill (what late fees accrue on) is the postings to the
 * receivable with ref "B12.n" (n a number) and amount < 0 of entries of
 * kind allocation or waiver that are not reversed.  A reversed payment
 * counts as never made.  Late fees: fee_late.h's rule on the bill's
 * principal (its positive lines), due date and those payments;
 * outstanding = fixed unpaid + (computed as of the day - fixed).
 *
 * Tables (0018): payment, pay_import, payment_entry (every entry posted
 * for a payment: payment, allocation, accrual, refund), payment_void,
 * fee_waiver, refund.  All append-only.  Deviations from the contract
 * text: fee_waiver.entry_id is NULL for a late waiver that found nothing
 * unpaid (it still freezes the fee); payment and payment_entry name
 * their import and payment with deferred references (pay_import is
 * written when its file is done).
 *
 * Every function runs in the caller's write transaction (BEGIN
 * IMMEDIATE): receipt numbers are taken inside it, so two payers never
 * share or skip one.  Writers audit and write a timeline event (the
 * hook events payment.new, payment.reverse, refund.new, bill.waive).
 */
#ifndef PM_FEE_PAY_H
#define PM_FEE_PAY_H

#include <stddef.h>
#include <stdint.h>
#include "ctx.h"
#include "fee.h"
#include "hooks.h"
#include "id.h"
#include "import.h"
#include "out.h"
#include "perm.h"
#include "pmtime.h"

#define PM_PAY_METHODS "cash|wechat|alipay|bank|card"
#define PM_PAY_RECEIPT_MAX 96

/* A payment to record. */
typedef struct pm_pay_in {
	const char *site;       /* site code; NULL: the only active site */
	const char *unit;       /* unit code */
	int64_t amount;         /* fen, > 0 */
	const char *method;     /* PM_PAY_METHODS */
	const char *ref;        /* the bank's / WeChat's transaction id, or NULL */
	const pm_id *bills;     /* the bills it settles (B12), or NULL: oldest due first */
	size_t nbills;
	pm_time at;             /* when it was paid; its date is the business date */
	int has_at;             /* else ctx->now */
	int64_t import_id;      /* 0, or the pay_import it comes from */
} pm_pay_in;

typedef struct pm_pay_result {
	pm_id payment;                  /* P12 */
	char receipt[PM_PAY_RECEIPT_MAX]; /* S1-2026-000012 */
	int64_t amount;                 /* fen */
	int64_t allocated;              /* of it, settled bills (now: after reversal 0) */
	int64_t credit;                 /* of it, left as credit */
	int existed;                    /* 1: the ref recorded it before, nothing written */
	int voided;                     /* 1: reversed */
} pm_pay_result;

/*
 * Record a payment: its entry and receipt number, then its allocation
 * over the bills named (each must be the unit's: PM_EX_DATAERR) or the
 * unit's unpaid bills, oldest due first, within a bill in fee.allocation
 * order, late fees fixed as they are settled; the rest is credit.  The
 * same ref (per method) again: with the same unit and amount nothing is
 * written and res describes the payment (existed); with another unit or
 * amount PM_EX_DATAERR.  PM_EX_DATAERR also for an amount not above 0,
 * an unknown method, a date after today; PM_EX_NOINPUT: no such unit
 * or bill.
 */
int pm_fee_pay(pm_ctx *ctx, const pm_fee_conf *c, const pm_pay_in *in, pm_pay_result *res,
	pm_err *err);

/*
 * pay --import: columns unit, amount, method, ref (required, and not
 * empty), at, for (bills: "B12 B13" or "B12,B13"), site (optional).
 * Through pm_import_run: all or nothing, "file:line: reason"; counts
 * inserted (new payments) and unchanged (a ref recorded before, the same
 * payment); a pay_import row records the file's run (its id into
 * *import_id, may be NULL).
 */
int pm_fee_pay_import(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *path,
	pm_ifmt fmt, pm_icounts *counts, int64_t *import_id, pm_err *err);

/*
 * Credit.  pm_fee_credit_apply settles unpaid bills from credit, the
 * oldest payment's first: one unit (unit, in site), or every unit that
 * holds credit (unit NULL; of site, or every site) — the loop runs over
 * the credit accounts, never over all units.  *applied (may be NULL)
 * is the fen it applied.  With fee.credit auto the front calls it
 * after bill and charge.
 */
int pm_fee_credit_apply(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *unit,
	int64_t *applied, pm_err *err);

/* The same for the unit of bill b (after a charge). */
int pm_fee_credit_apply_bill(pm_ctx *ctx, const pm_fee_conf *c, pm_id b, pm_err *err);

typedef struct pm_credit_row {
	const char *site, *unit;
	int64_t credit;         /* fen, > 0 */
	int64_t payments;       /* the payments it is left from */
} pm_credit_row;

/* Units holding credit (of site / of unit; NULL: all) in (site, unit)
 * order, streaming. */
int pm_fee_credit_list(pm_ctx *ctx, const char *site, const char *unit,
	int (*fn)(void *arg, const pm_credit_row *r), void *arg, pm_err *err);

/*
 * Reverse payment p (contract above) with reason (1-500 characters).
 * PM_EX_NOINPUT: no such payment; PM_EX_DATAERR: reversed already, a
 * refund drew on it, or a late fee it settled was waived since.
 */
int pm_fee_pay_reverse(pm_ctx *ctx, pm_id p, const char *reason, pm_err *err);

typedef struct pm_refund_in {
	const char *site, *unit;
	int64_t amount;         /* fen, > 0 */
	const char *method;
	const char *reason;     /* required */
} pm_refund_in;

/* Pay credit back: *id the refund.  PM_EX_DATAERR beyond the credit. */
int pm_fee_refund(pm_ctx *ctx, const pm_refund_in *in, int64_t *id, pm_err *err);

/*
 * Waive bill b's late fee (late: all of it unpaid, fixed as of today,
 * and frozen) or amount fen of its principal (spread over its lines in
 * line order; never beyond what is left).  *id the waiver, *waived what
 * it waived (a late waiver may find 0: it still freezes the fee).
 * PM_EX_DATAERR: a late fee waived already, an amount beyond the
 * principal left, or not above 0.
 */
int pm_fee_waive(pm_ctx *ctx, const pm_fee_conf *c, pm_id b, int late, int64_t amount,
	const char *reason, int64_t *id, int64_t *waived, pm_err *err);

/* ---- reading ---------------------------------------------------------------- */

enum { PM_PC_PAYMENT = 0, PM_PC_RECEIPT, PM_PC_SITE, PM_PC_UNIT, PM_PC_DATE, PM_PC_METHOD,
	PM_PC_AMOUNT, PM_PC_ALLOCATED, PM_PC_CREDIT, PM_PC_REF, PM_PC_VOID, PM_PC_N };
extern const pm_col pm_fee_payment_cols[PM_PC_N];

typedef struct pm_pay_filter {
	const char *site, *unit;        /* NULL: all */
	const char *method;             /* NULL: all */
	pm_date since;                  /* has_since: dated on or after */
	int has_since;
	int64_t one;                    /* one payment's id, or 0 */
} pm_pay_filter;

/* Payments by date and id, streaming cells in pm_fee_payment_cols;
 * allocated and credit are now's (a voided payment: 0 and 0). */
int pm_fee_payment_list(pm_ctx *ctx, const pm_pay_filter *f,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

/* What a payment's money went to: one row per bill line or late fee
 * (target "B12.1", "B12.L"), date, amount, and whether the allocation is
 * reversed.  PM_EX_NOINPUT: no such payment. */
enum { PM_PA_TARGET = 0, PM_PA_DATE, PM_PA_AMOUNT, PM_PA_REVERSED, PM_PA_N };
extern const pm_col pm_fee_pay_alloc_cols[PM_PA_N];
int pm_fee_payment_allocs(pm_ctx *ctx, pm_id p, int (*fn)(void *arg, const pm_cell *cells),
	void *arg, pm_err *err);

/* Bills with what is left of them, derived from the journal: principal
 * left, the late fee (fixed unpaid + accrued as of today), paid. */
enum { PM_BC_BILL = 0, PM_BC_SITE, PM_BC_UNIT, PM_BC_PERIOD, PM_BC_DATE, PM_BC_DUE,
	PM_BC_AMOUNT, PM_BC_LEFT, PM_BC_LATE, PM_BC_PAID, PM_BC_N };
extern const pm_col pm_fee_bill_cols[PM_BC_N];

typedef struct pm_bill_filter {
	const char *site, *unit;
	int unpaid;             /* only bills not paid */
	int64_t one;            /* one bill, or 0 */
} pm_bill_filter;

int pm_fee_bill_list(pm_ctx *ctx, const pm_fee_conf *c, const pm_bill_filter *f,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

/* A bill's lines: n, item, amount, left (and the late-fee row "L"). */
enum { PM_BL_LINE = 0, PM_BL_ITEM, PM_BL_AMOUNT, PM_BL_LEFT, PM_BL_N };
extern const pm_col pm_fee_bill_line_cols[PM_BL_N];
int pm_fee_bill_lines(pm_ctx *ctx, const pm_fee_conf *c, pm_id b,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

/*
 * One bill as of a day, for the modules that judge bills (arrears,
 * statements): what is posted up to asof (NULL: everything, and the day
 * is today) — principal left, the late fee fixed and of it unpaid, and
 * the late fee owed as of the day (unpaid fixed + accrued since, by the
 * rule above: frozen by a late waiver).  Reversals count from their own
 * date.  PM_EX_NOINPUT: no such bill.
 */
typedef struct pm_bill_state {
	pm_date due, date;
	int64_t principal;      /* billed: its positive lines */
	int64_t left;           /* principal left */
	int64_t late_fixed;     /* late fee fixed (accruals not reversed) */
	int64_t late_unpaid;    /* of it unpaid: the balance of B12.L */
	int64_t late;           /* owed as of the day: unpaid fixed + accrued since */
	int paid;               /* every line and B12.L at 0 or less */
	int frozen;             /* a late waiver froze it at frozen_at */
	pm_date frozen_at;
} pm_bill_state;

int pm_fee_bill_state(pm_ctx *ctx, const pm_fee_conf *c, int64_t bill, const pm_date *asof,
	pm_bill_state *out, pm_err *err);

/* What hooks see of payments, refunds and bills (registry.c). */
extern const pm_hook_kind pm_fee_payment_hook_kind;
extern const pm_hook_kind pm_fee_refund_hook_kind;
extern const pm_hook_kind pm_fee_bill_hook_kind;

/* fee.pay, fee.reverse, fee.refund, fee.waive. */
extern const pm_perm_name pm_fee_pay_perm_names[];

#endif
