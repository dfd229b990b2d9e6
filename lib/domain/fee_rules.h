/*
 * fee_rules.h — the money rules a fee is computed by, in one place:
 * rounding, proration of partial months, the late-fee rule and the
 * order a payment is allocated in (DOMAIN.md § Money).
 *
 * Amounts are fen; areas are in 0.01 m2 (100.50 m2 = 10050); rates per
 * m2 and month in 0.0001 yuan (1.85 yuan = 18500).  A bill line is
 * rounded once, to the fen, in the rules' mode: area x rate is 10^-4
 * fen exactly (10050 x 18500 = 185,925,000 = 18,592.5 fen), so the
 * whole month is 185.93 half-up and 185.92 half-even, and a partial
 * month is prorated from that exact amount (base/prorate.h), never from
 * a rounded one.
 */
#ifndef PM_FEE_RULES_H
#define PM_FEE_RULES_H

#include <stdint.h>
#include "fee_alloc.h"
#include "fee_late.h"
#include "money.h"
#include "pmtime.h"
#include "prorate.h"

#define PM_FEE_AREA_SCALE 2     /* areas in 0.01 m2 */
#define PM_FEE_RATE_SCALE 4     /* rates in 0.0001 yuan */
#define PM_FEE_AREA_DEN INT64_C(10000)  /* area x rate per fen */

typedef struct pm_fee_rules {
	pm_round round;                 /* half-up */
	pm_prorate prorate;             /* actual days */
	pm_fee_late_rule late;          /* none: rate 0, cap the principal */
	pm_fee_order order;             /* civil (arts. 560-561) */
} pm_fee_rules;

/* The defaults above. */
void pm_fee_rules_default(pm_fee_rules *rules);

/*
 * area x rate (+ surcharge fen, each month) as the exact fraction num /
 * PM_FEE_AREA_DEN fen, for pm_fee_rules_month_part.  area, rate and
 * surcharge >= 0.  Returns 0, or -1 on a negative input or overflow.
 */
int pm_fee_rules_area_num(int64_t area, int64_t rate, int64_t surcharge,
    int64_t *num);

/*
 * The amount of month m of a charge of num / den fen a month that runs
 * from `from` to `to` (both included; any dates, clipped to the month;
 * 0 when the range misses the month): the part of the days it covers,
 * by the rules' proration and rounding, so the parts of one month add
 * up to the month (prorate.h).  The month in full: from on or before
 * its 1st and to on or after its last day.  Returns 0, or -1 for bad
 * rules, dates (from after to) or amounts, or on overflow.
 */
int pm_fee_rules_month_part(const pm_fee_rules *rules, pm_month m,
    int64_t num, int64_t den, pm_date from, pm_date to, int64_t *fen);

#endif
