/*
 * fee_late.h — late fees (违约金, often called 滞纳金) on an overdue bill.
 *
 * Only where the contract says so: a late-fee rule with a rate of 0 (the
 * default) charges nothing.  The rule:
 *
 *   - a daily rate in parts per million of the principal outstanding
 *     (500 = 0.05 % a day = 万分之五; DOMAIN.md: typically 300..3000);
 *   - grace days after the due date that cost nothing;
 *   - the day count: the fee accrues for every day from the day after
 *     due + grace up to and including the as-of date — or the payment
 *     date: a payment made on a day still counts that day at the
 *     principal outstanding before it, and the smaller principal from
 *     the next day on.  Due 2026-11-30, 15 days' grace: the first day
 *     that costs is 2026-12-16; paid on 2027-01-14, 30 days are charged
 *     (16 in December, 14 in January);
 *   - never compounded: it accrues on the principal only, never on late
 *     fees or costs;
 *   - capped: at most cap_ppm parts per million of the bill's principal
 *     (the amount billed, not what is left of it), rounded down to the
 *     fen; the default, 1,000,000, caps it at the principal;
 *     PM_FEE_LATE_NO_CAP removes the cap;
 *   - rounded once, at the end: the fen-days of the whole period times
 *     the rate, in the bill's rounding mode (half-up unless configured),
 *     then the cap.
 *
 * The worked example (tests/unit/test_fee_late.c): a bill of 1,859.25
 * due 2026-11-30, 15 days' grace, 0.05 % a day, 1,000.00 of it paid on
 * 2026-12-31 and the rest on 2027-01-14: 16 days on 1,859.25 and 14 on
 * 859.25 are 4,177,750 fen-days; x 0.0005 = 2,088.875 fen -> 20.89.
 */
#ifndef PM_FEE_LATE_H
#define PM_FEE_LATE_H

#include <stddef.h>
#include <stdint.h>
#include "money.h"
#include "pmtime.h"

#define PM_FEE_LATE_NO_CAP INT64_C(-1)
#define PM_FEE_LATE_PER INT64_C(1000000)        /* rates and caps per million */

typedef struct pm_fee_late_rule {
	int64_t rate_ppm;       /* per day, 0..1,000,000; 0: no late fee */
	int grace_days;         /* 0..3660 */
	int64_t cap_ppm;        /* of the principal; PM_FEE_LATE_NO_CAP */
} pm_fee_late_rule;

/* The default: no late fee (rate 0), no grace, capped at the principal. */
#define PM_FEE_LATE_RULE_DEFAULT { 0, 0, PM_FEE_LATE_PER }

/* What was paid of a bill's principal on a day (late fees and costs paid
 * do not change what accrues). */
typedef struct pm_fee_late_paid {
	pm_date date;
	int64_t principal;      /* fen, > 0 */
} pm_fee_late_paid;

/* The first day that costs a late fee: due + grace + 1.  0, or -1 for a
 * bad rule or date. */
int pm_fee_late_start(const pm_fee_late_rule *rule, pm_date due,
    pm_date *first);

/*
 * The late fee of a bill of `principal` fen due on `due`, as of the
 * day `as_of` (included), given what was paid of its principal, in
 * any order: payments dated after as_of are not counted (the fee as it
 * stood that day).  0 when as_of is before the first day that costs.
 * Returns 0, or -1 for a bad rule, mode or date, a negative principal,
 * payments that are not positive or add up to more than the principal
 * (dated before as_of or not), or
 * overflow.  *fee is set only on success.  Never allocates; linear in
 * the number of payments (base/accrue does the sum).
 */
int pm_fee_late_fee(const pm_fee_late_rule *rule, pm_round mode, pm_date due,
    int64_t principal, const pm_fee_late_paid *paid, size_t n, pm_date as_of,
    int64_t *fee);

#endif
