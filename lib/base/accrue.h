/*
 * accrue.h — simple daily accrual: a rate per day on a balance that
 * changes over time, never compounded, rounded once.
 *
 * The balance is a starting balance and changes: from change i's day on
 * (a day number, pm_date_days) the balance is larger by its delta (a
 * repayment is a negative delta effective from the day after it is
 * made, if that is the day count wanted).  Changes may come in any
 * order.  The accrual over the days first..last, both included, is
 *
 *     round(rate / PM_ACCRUE_PER * sum over those days of balance(day))
 *
 * rounded once, at the end, in the mode given: no day is rounded on its
 * own, and nothing accrues on what has accrued (the balance is the
 * caller's, and only it).  The rate is in parts per million per day:
 * 500 is 0.05 % a day.  Nothing is allocated; the time is linear in the
 * number of changes.
 */
#ifndef PM_ACCRUE_H
#define PM_ACCRUE_H

#include <stddef.h>
#include <stdint.h>
#include "money.h"

#define PM_ACCRUE_PER INT64_C(1000000)  /* rates are per million per day */
#define PM_ACCRUE_DAYS_MAX INT64_C(4000000)   /* longer than 0001..9999 */

typedef struct pm_accrue_change {
	int64_t day;            /* first day the balance is changed */
	int64_t delta;          /* fen, either sign */
} pm_accrue_change;

/*
 * The sum over the days first..last of the balance, in fen-days (the
 * exact quantity the rate applies to); a negative balance counts
 * negatively (keeping it from going below zero is the caller's rule).
 * first > last is an empty range: 0.  Returns 0, or -1 when the range
 * is longer than PM_ACCRUE_DAYS_MAX days, the balance or a delta is
 * beyond PM_MONEY_MAX, changes is NULL with n > 0, or the sum is beyond
 * PM_MONEY_MAX.  *out is set only on success.
 */
int pm_accrue_sum(int64_t balance, const pm_accrue_change *changes, size_t n,
    int64_t first, int64_t last, int64_t *out);

/*
 * The accrual over the days first..last at `rate` parts per million per
 * day: pm_money_muldiv(sum, rate, PM_ACCRUE_PER, mode).  0 <= rate <=
 * PM_ACCRUE_PER.  Returns 0, or -1 as pm_accrue_sum, for a bad rate or
 * mode, or on overflow.
 */
int pm_accrue_daily(int64_t balance, const pm_accrue_change *changes,
    size_t n, int64_t first, int64_t last, int64_t rate, pm_round mode,
    int64_t *out);

#endif
