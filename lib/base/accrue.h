/*
 * accrue.h — simple daily accrual: a rate per day on a balance that
 * changes over time, never compounded, rounded once.
 *
 * The balance is given as steps over day numbers (pm_date_days): from
 * steps[i].day on it is steps[i].balance, up to the day before
 * steps[i + 1].day; before steps[0].day it is 0.  The accrual over the
 * days first..last, both included, is
 *
 *     round(rate / PM_ACCRUE_PER * sum over those days of balance(day))
 *
 * rounded once, at the end, in the mode given: no day is rounded on its
 * own, and nothing accrues on what has accrued (the balance is the
 * caller's, and only it).  The rate is in parts per million per day:
 * 500 is 0.05 % a day.
 */
#ifndef PM_ACCRUE_H
#define PM_ACCRUE_H

#include <stddef.h>
#include <stdint.h>
#include "money.h"

#define PM_ACCRUE_PER INT64_C(1000000)  /* rates are per million per day */

typedef struct pm_accrue_step {
	int64_t day;            /* first day of this balance (a day number) */
	int64_t balance;        /* fen, >= 0 */
} pm_accrue_step;

/*
 * The sum over the days first..last of the balance, in fen-days (the
 * exact quantity the rate applies to).  first > last is an empty range:
 * 0.  Returns 0, or -1 when the steps are not strictly increasing by
 * day, a balance is negative or above PM_MONEY_MAX, steps is NULL with
 * n > 0, or the sum exceeds PM_MONEY_MAX.
 */
int pm_accrue_sum(const pm_accrue_step *steps, size_t n, int64_t first,
    int64_t last, int64_t *out);

/*
 * The accrual over the days first..last at rate parts per million per
 * day: pm_money_muldiv(sum, rate, PM_ACCRUE_PER, mode).  0 <= rate <=
 * PM_ACCRUE_PER.  Returns 0, or -1 as pm_accrue_sum, for a bad rate or
 * mode, or on overflow.
 */
int pm_accrue_daily(const pm_accrue_step *steps, size_t n, int64_t first,
    int64_t last, int64_t rate, pm_round mode, int64_t *out);

#endif
