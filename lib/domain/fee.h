/*
 * fee.h — what pm-fee's modules share: the ledger accounts, the fee
 * items and rates of the configuration, and the rules (DOMAIN.md
 * § Money).
 *
 * Ledger accounts.  Every amount pm-fee posts goes to the journal
 * (lib/mech/ledger.h) under these names, and only these; SITE is the
 * site's code, UNIT the unit's code within it, ITEM a fee item's code
 * (fee.items), METHOD a payment method, DEPT a department's code,
 * CATEGORY a cost category:
 *
 *	Assets:Receivable:SITE:UNIT   what the unit owes (debit: a charge)
 *	Income:Fee:ITEM               the company's fee income (credit)
 *	Income:LateFee                late fees, when fixed
 *	Assets:Cash:METHOD            money received: cash, wechat, alipay, bank, card
 *	Liabilities:Credit:SITE:UNIT  an overpayment held for the unit
 *	Assets:Fund:SITE              the maintenance fund's money (维修资金), a
 *	                              bank account of its own
 *	Liabilities:Fund:SITE:UNIT    the owners' share of it, held in custody
 *	                              (never company revenue)
 *	Expenses:DEPT:CATEGORY        costs
 *	Liabilities:Payable:DEPT      what a cost is owed to until finance
 *	                              pays it
 *
 * Every name is a valid ledger account (no component empty; codes of
 * sites, units and items are [A-Za-z0-9_-]); pm_fee_account builds and
 * checks one.  A charge (a bill) is one entry, ref "B12", of two
 * postings per line, both with the line's ref "B12.1": debit the unit's
 * receivable, credit the item's income.  What is left of a line is
 * pm_ledger_balance_ref(receivable, "B12.1"); a bill is paid when every
 * line's balance is 0 — derived from the journal, so a reversed payment
 * makes it unpaid again without anyone updating a flag.  (bill.opened
 * and bill.settled, schema 0027, cache the days between which a bill's
 * refs are not nil, for the report's arrears; a trigger on the journal
 * keeps them, pm-admin check holds them to it.)
 *
 * Fee items (fee.items in pm-config(5)): a map of item code to
 *
 *	name    what bills call it (物业费)
 *	basis   area     unit area x rate (yuan per m2 and month), prorated
 *	        fixed    rate per unit and month, prorated
 *	        parking  rate per parking space (a unit of kind parking) and
 *	                 month, prorated
 *	        metered  the period's consumption of the unit's meters of
 *	                 its kind (meter, below) x rate (yuan per unit of
 *	                 consumption), optional tiers
 *	        shared   rate is the month's total, split over the units the
 *	                 rate applies to, by area or by household (split),
 *	                 largest remainder so the shares add up (公摊)
 *	        oneoff   no rates: charged by `pm-fee charge` only
 *	split   shared only: area (default) or household
 *	meter   metered only, required: the kind of meter it charges, one
 *	        of water, power, gas, heat (fee_meter.h)
 *	rates   a list, each: from (YYYY-MM, in force from that month on),
 *	        rate (yuan, up to four decimals; shared: whole fen), and
 *	        optional site, building (needs site) and kind (a unit kind)
 *	        that narrow whom it applies to; metered: tiers, a list of
 *	        {upto: QTY, rate: R} (each tier's rate applies to the
 *	        consumption up to QTY; the last tier's upto may be left out)
 *
 * Which rate applies to a unit in a month: of the item's rates whose
 * site, building and kind all match the unit (a rate naming none of them
 * matches every unit; area and fixed rates that name no kind leave
 * parking spaces out, parking rates apply to parking spaces only), the
 * most specific (building, then site, then kind given), and among equally
 * specific ones the latest `from` not after the month.  A rate of 0
 * stops the charge.  Bills record the rate they used: a new rate from
 * 2027-01 changes no bill of 2026-12, made or yet to be made.
 *
 * Metered consumption is the meter readings' (fee_meter.h): a unit's
 * consumption of a kind in a period is what its own meters of that kind
 * measured in the period plus its shares of the shared meters of that
 * kind (split exactly, pm_fee_meter_usage), in 0.01 of the meter's unit;
 * the tiers apply to that sum.  A unit with no reading of the kind in
 * the period has no line (a reading of zero use neither).
 */
#ifndef PM_FEE_H
#define PM_FEE_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "config.h"
#include "ctx.h"
#include "fee_rules.h"
#include "out.h"
#include "perm.h"
#include "pmtime.h"

#define PM_FEE_ACC_RECEIVABLE "Assets:Receivable"
#define PM_FEE_ACC_INCOME "Income:Fee"
#define PM_FEE_ACC_LATE "Income:LateFee"
#define PM_FEE_ACC_CASH "Assets:Cash"
#define PM_FEE_ACC_CREDIT "Liabilities:Credit"
#define PM_FEE_ACC_FUND_CASH "Assets:Fund"
#define PM_FEE_ACC_FUND "Liabilities:Fund"
#define PM_FEE_ACC_EXPENSE "Expenses"
#define PM_FEE_ACC_PAYABLE "Liabilities:Payable"

/*
 * prefix, then each of a and b that is not NULL, joined by ':', into
 * out (reset first).  PM_EX_DATAERR (field "account") when a or b holds
 * a ':' or the name is no valid account (ledger.h).  The one builder of
 * pm-fee's account names: billing, payments, meters, costs and the fund
 * all call it.
 */
int pm_fee_account(pm_buf *out, const char *prefix, const char *a, const char *b,
	pm_err *err);

#define PM_FEE_CODE_MAX 32      /* bytes of an item code */
#define PM_FEE_RATE_MAX INT64_C(100000000)      /* 10,000 yuan, in 0.0001 yuan */
#define PM_FEE_AREA_RATE_MAX INT64_C(10000000)  /* 1,000 yuan per m2 */
#define PM_FEE_SHARED_MAX INT64_C(1000000000000) /* 100,000,000 yuan */
#define PM_FEE_TIERS_MAX 8

typedef enum pm_fee_basis {
	PM_FEE_AREA = 0, PM_FEE_FIXED, PM_FEE_PARKING, PM_FEE_METERED, PM_FEE_SHARED,
	PM_FEE_ONEOFF
} pm_fee_basis;

const char *pm_fee_basis_name(pm_fee_basis b);

typedef struct pm_fee_tier {
	int64_t upto;           /* consumption in 0.01 units; 0: no upper bound */
	int64_t rate;           /* 0.0001 yuan per unit */
} pm_fee_tier;

typedef struct pm_fee_rate {
	pm_month from;
	const char *site, *building, *kind;     /* NULL: any */
	int64_t rate;           /* 0.0001 yuan */
	pm_fee_tier tiers[PM_FEE_TIERS_MAX];
	int ntiers;
	int line;               /* where the config says it */
} pm_fee_rate;

typedef struct pm_fee_item {
	const char *code, *name;
	pm_fee_basis basis;
	int by_household;       /* shared: split equally between households */
	const char *meter;      /* metered: the meter kind it charges */
	pm_fee_rate *rates;
	size_t nrates;
} pm_fee_item;

/* A vacant-unit rule (fee.vacant): from .. to (months, both included),
 * vacant units (state vacant) pay percent of the item's charge. */
typedef struct pm_fee_vacant {
	const char *item;       /* NULL: every prorated item */
	const char *site;       /* NULL: every site */
	pm_month from, to;
	int percent;            /* 0..100 */
} pm_fee_vacant;

typedef struct pm_fee_conf {
	pm_fee_rules rules;     /* money.rounding, fee.proration, fee.late_*,
	                         * fee.allocation */
	int due_day;            /* fee.due_day: 0 the period's last day, else
	                         * that day of the next month */
	int credit_auto;        /* fee.credit: credit settles later bills by itself */
	pm_fee_item *items;
	size_t nitems;
	pm_fee_vacant *vacant;
	size_t nvacant;
} pm_fee_conf;

/* Read and check the fee settings; PM_EX_CONFIG with file:line:col.
 * Strings point into cfg, which must outlive *out. */
int pm_fee_conf_load(const pm_config *cfg, pm_fee_conf **out, pm_err *err);
void pm_fee_conf_free(pm_fee_conf *c);

/* The item of that code, or NULL. */
const pm_fee_item *pm_fee_item_find(const pm_fee_conf *c, const char *code);

/* Whether rate r of item it is the one in force in month m for its own
 * scope (no later rate of the same site, building and kind from on or
 * before m, and its own from not after m). */
int pm_fee_rate_in_force(const pm_fee_item *it, const pm_fee_rate *r, pm_month m);

/* The due date of a bill for period m. */
pm_date pm_fee_due(const pm_fee_conf *c, pm_month m);

/* ---- reading the items and rates ------------------------------------------- */

enum { PM_FI_CODE = 0, PM_FI_NAME, PM_FI_BASIS, PM_FI_SPLIT, PM_FI_RATES, PM_FI_RATE,
	PM_FI_N };
extern const pm_col pm_fee_item_cols[PM_FI_N];

enum { PM_FR_ITEM = 0, PM_FR_FROM, PM_FR_SITE, PM_FR_BUILDING, PM_FR_KIND, PM_FR_RATE,
	PM_FR_TIERS, PM_FR_IN_FORCE, PM_FR_N };
extern const pm_col pm_fee_rate_cols[PM_FR_N];

/*
 * Rows of items (code NULL: every item; else just it, PM_EX_NOINPUT
 * when there is none) with the number of rates and, in rate, the
 * rate the item's broadest scope has in force in month m ("" when
 * none), and rows of rates (item NULL: every item's), each flagged
 * whether it is in force in m; only_in_force: only those.  fn(arg,
 * cells) per row (cells valid during the call).
 */
int pm_fee_items(const pm_fee_conf *c, const char *code, pm_month m,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);
int pm_fee_rates(const pm_fee_conf *c, const char *item, pm_month m, int only_in_force,
	int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err);

/* The settings pm-fee owns (fee.*), with their check. */
extern const pm_cfg_slice pm_fee_config;

/* The permissions pm-fee's verbs ask for. */
extern const pm_perm_name pm_fee_perm_names[];

#endif
