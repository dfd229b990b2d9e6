/*
 * fee_fund.h — the maintenance fund (维修资金): owners' money the
 * company holds in custody, per unit, never company revenue
 * (schema/0017-meter.sql, fund_move; DOMAIN.md § Money).
 *
 * Every movement is a "custody" entry of the ledger (ledger.h) between
 * the unit's fund account and the site's fund bank account, the
 * custody account (专户) that holds it (fee.h's names, pm_fee_account):
 *
 *	deposit   Assets:Fund:<SITE>               +amount
 *	          Liabilities:Fund:<SITE>:<UNIT>   -amount
 *	withdraw  the same with the signs turned
 *
 * so the fund never touches Income, and the fund account of a site
 * always equals what its units' fund accounts hold.  A unit's balance is
 * what its fund account owes the owners (the liability's credit,
 * shown positive), derived from the journal, never stored.
 *
 * A withdrawal needs an approval (the owners' vote or the authority's
 * decision: its reference and text), never takes a unit below zero, and
 * is not dated before the unit's latest movement (so no balance on any
 * earlier date can turn negative either).  The check runs inside the
 * command's write transaction (BEGIN IMMEDIATE): two withdrawals at once
 * are one after the other, the second sees the first.
 *
 * ref (a bank transaction number, 1-64 characters) makes a movement
 * idempotent within the site: the same ref again with the same unit,
 * kind and amount records nothing new (res->existed); with anything
 * else it is refused (PM_EX_DATAERR).  Posted movements are never
 * changed (triggers); a mistake is a movement the other way.
 */
#ifndef PM_FEE_FUND_H
#define PM_FEE_FUND_H

#include <stdint.h>
#include "ctx.h"
#include "perm.h"
#include "pmtime.h"

typedef struct pm_fund_in {
	const char *site;       /* site code, NULL: the only active site */
	const char *unit;       /* unit code */
	int64_t amount;         /* fen, > 0 */
	pm_time at;             /* the accounting date is its business-zone date */
	int has_at;             /* else ctx->now */
	const char *ref;        /* external reference, or NULL */
	const char *approval;   /* withdraw: required (1-500 characters) */
} pm_fund_in;

typedef struct pm_fund_result {
	int64_t id;             /* the movement */
	int64_t entry;          /* its ledger entry */
	int64_t balance;        /* the unit's balance after it, fen */
	int existed;            /* 1: ref recorded it before; nothing written */
} pm_fund_result;

/* Refusals are PM_EX_DATAERR (amount not above 0, beyond the balance,
 * dated before the latest movement, a ref of another movement) or
 * PM_EX_NOINPUT (no such site or unit). */
int pm_fee_fund_deposit(pm_ctx *ctx, const pm_fund_in *in, pm_fund_result *res, pm_err *err);
int pm_fee_fund_withdraw(pm_ctx *ctx, const pm_fund_in *in, pm_fund_result *res,
	pm_err *err);

typedef struct pm_fund_balance {
	const char *site, *unit;
	int64_t balance;        /* fen */
} pm_fund_balance;

/*
 * Balances as of asof (NULL: everything posted): one unit's (unit, in
 * site or the only site; 0 when it never had a movement), every unit
 * with a fund account in site, or with both NULL every unit of every
 * site; in (site, unit) order, streaming.
 */
int pm_fee_fund_balance(pm_ctx *ctx, const char *site, const char *unit, const pm_date *asof,
	int (*fn)(void *arg, const pm_fund_balance *b), void *arg, pm_err *err);

/* fee.fund (deposits), fee.fund.withdraw (approved withdrawals). */
extern const pm_perm_name pm_fee_fund_perm_names[];

#endif
