/*
 * fee_limit.h — the limitation period (诉讼时效) of a debt.
 *
 * Three years (Civil Code art. 188) for each period's debt, counted from
 * the day after its due date (art. 201: the day it starts is not
 * counted): the last day of the period is the same date three years
 * later (art. 202: "the corresponding day of the month it ends in"; if
 * that month has no such day, its last day — 29 February 2024 gives 28
 * February 2027, 28 February 2025 gives 28 February 2028).  The claim
 * is time-barred from the day after the last day.
 *
 * The period restarts (art. 195) from a restart event, again counted
 * from the day after it:
 *
 *   demand     a documented demand for payment, from the day it was
 *              delivered;
 *   payment    a partial payment (the debtor acknowledges the debt);
 *   agreement  a repayment agreement, or any other written consent to
 *              pay.
 *
 * A demand or payment restarts the period only while it runs (on or
 * before its last day): once a debt is time-barred, a demand does not
 * revive it, and neither does a partial payment (cautiously: the courts
 * differ on whether paying a part waives the defence for the rest).  A
 * repayment agreement made after the period ended revives it all the
 * same: the debtor who agreed to pay may not plead the limitation
 * afterwards (SPC Provisions on limitation, art. 19).  Events before
 * the due date change nothing (the period they would start ends
 * earlier).  Suspension (art. 194: force majeure in the last six
 * months) is not modelled.
 *
 * If the last day is a rest day (art. 203: a public holiday, or a
 * weekend), the period ends on the first day after it that is not;
 * pass a predicate to apply that, or NULL to count calendar days only.
 *
 * Worked example: due 2022-01-31, a written demand delivered 2024-06-01
 * → the period runs from 2024-06-02 and its last day is 2027-06-01:
 * not time-barred on 2027-06-01, time-barred on 2027-06-02.  Without
 * the demand the last day would have been 2025-01-31.
 */
#ifndef PM_FEE_LIMIT_H
#define PM_FEE_LIMIT_H

#include <stddef.h>
#include "pmtime.h"

#define PM_FEE_LIMIT_YEARS 3

typedef enum pm_fee_restart_kind {
	PM_FEE_RESTART_DEMAND = 0,
	PM_FEE_RESTART_PAYMENT,
	PM_FEE_RESTART_AGREEMENT
} pm_fee_restart_kind;

typedef struct pm_fee_restart {
	pm_date date;           /* delivered, paid, or agreed */
	pm_fee_restart_kind kind;
} pm_fee_restart;

/* Whether a day is a rest day (art. 203); arg is the caller's. */
typedef int pm_fee_rest_day(pm_date day, void *arg);

/*
 * The last day of the limitation period of a debt due on `due`, given
 * its restart events in any order (rest_day may be NULL).  Returns 0,
 * or -1 for an invalid date or kind, a NULL array with n > 0, or a
 * last day past 9999-12-31.  *last is set only on success.  Never
 * allocates (quadratic in the number of events, a handful per debt).
 */
int pm_fee_limit_last_day(pm_date due, const pm_fee_restart *events, size_t n,
    pm_fee_rest_day *rest_day, void *arg, pm_date *last);

/* Whether a debt whose period ends on `last` is time-barred on `day`:
 * day after last. */
int pm_fee_limit_barred(pm_date last, pm_date day);

#endif
