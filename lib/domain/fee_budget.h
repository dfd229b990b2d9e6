/*
 * fee_budget.h — budgets and costs by department and category
 * (schema/0017-meter.sql: budget, cost).
 *
 * A budget is a plan: the amount a department may spend on a category
 * in a year; setting it again replaces it (audited).  A cost is money
 * spent: it is posted to the ledger (ledger.h) as a "cost" entry,
 *
 *	Expenses:<DEPT>:<CATEGORY>    +amount
 *	Liabilities:Payable:<DEPT>    -amount   (owed until finance pays it)
 *
 * and recorded in the append-only cost table with its entry; posted
 * money is never edited (triggers refuse UPDATE and DELETE, also from
 * the sqlite3 shell).  A mistake is reversed (pm_fee_budget_cost_reverse):
 * a ledger reversal and a cost row of the negated amount naming the
 * cost it reverses; a cost is reversed once.
 *
 * A work order's cost (workorder.cost_fen: the job's total, its parts
 * unless the worker gave another cost) flows in once per job: the first
 * cost add for a done job posts its total; again, nothing (existed);
 * after the job was reopened and done again with another total, the
 * difference (a negative one too).  The job's department is the cost's
 * unless another is named; its date the day the job was done.
 *
 * The report: per department and category that has a budget or a cost
 * in the year, budget, actual (the costs dated in the year, reversals
 * included), remaining (budget - actual) and the share used in
 * per-mille, actual x 1000 / budget rounded half-up (pm_money_muldiv;
 * 85.25 % is 853 per mille; none when the budget is 0), then one total
 * line per department (category NULL) computed the same way.
 */
#ifndef PM_FEE_BUDGET_H
#define PM_FEE_BUDGET_H

#include <stdint.h>
#include "ctx.h"
#include "import.h"
#include "perm.h"
#include "pmtime.h"

/* Category: 1-32 characters, that can be an account name's component
 * (no ':' ; ( ) [ ] = @ ", no control characters, no leading or
 * trailing space).  PM_EX_DATAERR naming field "category". */
int pm_fee_budget_category_check(const char *category, pm_err *err);

/* Set year's budget of dept for category to amount fen (>= 0):
 * *change says whether it was new, changed or the same. */
int pm_fee_budget_set(pm_ctx *ctx, int year, const char *dept, const char *category,
	int64_t amount, pm_ichange *change, pm_err *err);

typedef struct pm_cost_in {
	const char *dept;       /* department code; with wo: default the job's */
	const char *category;   /* required */
	int64_t amount;         /* fen > 0 (has_amount); not with wo */
	int has_amount;
	pm_time date;           /* its business-zone date; default today, or the
	                         * day the job was done */
	int has_date;
	int64_t wo;             /* a work order's number, or 0 */
	const char *text;       /* what it was (1-500 characters), or NULL */
} pm_cost_in;

typedef struct pm_cost_result {
	int64_t id;             /* the cost row (0 when nothing was posted) */
	int64_t entry;          /* its ledger entry */
	int64_t amount;         /* what was posted (fen) */
	int existed;            /* wo: the job's total was taken already */
} pm_cost_result;

/* Refusals: PM_EX_DATAERR (a job not done, amount not above 0, a bad
 * category), PM_EX_NOINPUT (no such department or job), PM_EX_USAGE
 * (amount with wo, no amount, no department). */
int pm_fee_budget_cost(pm_ctx *ctx, const pm_cost_in *in, pm_cost_result *res, pm_err *err);

/* Reverse cost id (dated today) because of reason (required).
 * PM_EX_NOINPUT: no such cost; PM_EX_DATAERR: a reversal, or reversed. */
int pm_fee_budget_cost_reverse(pm_ctx *ctx, int64_t id, const char *reason,
	pm_cost_result *res, pm_err *err);

typedef struct pm_budget_line {
	const char *dept;
	const char *category;   /* NULL: the department's total */
	int64_t budget, actual, remaining;      /* fen */
	int64_t permille;       /* has_share: actual / budget in 0.1 % */
	int has_share;
} pm_budget_line;

/* The report of year (dept NULL: every department), in (department,
 * category) order, each department's total after its categories. */
int pm_fee_budget_report(pm_ctx *ctx, int year, const char *dept,
	int (*fn)(void *arg, const pm_budget_line *l), void *arg, pm_err *err);

/* The share used: actual x 1000 / budget, half-up; -1 when budget <= 0
 * or on overflow. */
int pm_fee_budget_permille(int64_t actual, int64_t budget, int64_t *permille);

/* fee.budget (set budgets), fee.cost (add and reverse costs). */
extern const pm_perm_name pm_fee_budget_perm_names[];

#endif
