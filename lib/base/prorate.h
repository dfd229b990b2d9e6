/*
 * prorate.h — the part of a month's amount that falls on some of its days.
 *
 * A month of n days is split by a weight w(e) of its first e days,
 * w(0) = 0 .. w(n) = W, one rule per table below.  The amount of the
 * first e days is rounded once from the exact amount:
 *
 *     cum(e) = round(amount * w(e) / W)        (the mode given)
 *
 * and the part of days first..last is cum(last) - cum(first - 1).  So
 * the parts of any ranges that cover the month, each day once, add up
 * to cum(n) — the whole month's amount — exactly, by construction: the
 * sum telescopes.  A part depends on its own range only, so two parts
 * computed at different times by different runs (a move-out billed in
 * November, the next move-in billed in December) still add up.  Each
 * part is less than one fen from its exact share (at most one fen in
 * half-even, where both ends can be ties rounded opposite ways); one
 * that starts on the 1st is the exact share rounded once (cum itself).  Negative amounts are
 * split as the mirror image of positive ones.
 *
 * The amount is a fraction num / den (den >= 1) so that a line such as
 * area x rate, in 0.000001 yuan, is rounded once to the fen here and
 * not first to the fen and then again by the split: den = 1 for an
 * amount already in fen.
 *
 * The rules, for a range of days inside a month of n days (first..last):
 *
 *   actual  w(e) = e, W = n: days / days in the month (the default).
 *           Move-in on the 10th of a 30-day month: 21/30; of a 31-day
 *           month: 22/31; of February 2026: 19/28.
 *   days30  the month counts as 30 days whatever its length: w(e) =
 *           min(e, 30) for e < n, w(n) = 30, W = 30.  Each day is 1/30
 *           of the month, counted up to the 30th; the 31st weighs
 *           nothing (a range of the 31st alone is 0), and the last day
 *           of February weighs the days up to the 30th (3/30 in a
 *           28-day February, 2/30 in a 29-day one), so a whole month is
 *           always 30/30.  Move-in on the 10th: 21/30 in every month;
 *           the 1st to the 20th: 20/30 in every month.
 *   whole   w(e) = 0 for e < n, w(n) = 1: the month goes whole to the
 *           range that holds its last day.  Move-in on the 10th: the
 *           whole month; a range that ends before the last day (a
 *           move-out on the 20th): nothing.
 *   none    w(e) = 1 for e >= 1: the month goes whole to the range
 *           that holds its first day.  Move-in on the 10th: nothing (a
 *           partial first month is not prorated, it is free); a range
 *           from the 1st (a move-out on the 20th): the whole month.
 *
 * whole and none hand each month to exactly one range, so they add up
 * too: at a hand-over inside a month exactly one side owes it.
 */
#ifndef PM_PRORATE_H
#define PM_PRORATE_H

#include <stddef.h>
#include <stdint.h>
#include "money.h"
#include "pmtime.h"

typedef enum pm_prorate {
	PM_PRORATE_ACTUAL = 0,  /* days / days in the month (default) */
	PM_PRORATE_DAYS30,      /* days / 30 */
	PM_PRORATE_WHOLE,       /* to the range holding the last day */
	PM_PRORATE_NONE         /* to the range holding the first day */
} pm_prorate;

/* w(e) of a month of n days (28..31), 0 <= e <= n; W is w(n).  -1 for a
 * bad rule, n or e. */
int64_t pm_prorate_weight(pm_prorate rule, int n, int e);

/*
 * cum(e) of the month m for the amount num / den: the amount of days
 * 1..e (e = 0 gives 0; e = days in m gives the whole month, num / den
 * rounded once).  Returns 0, or -1 for a bad rule, mode or month, den
 * < 1, e outside 0..days in m, or a result beyond PM_MONEY_MAX.
 */
int pm_prorate_cum(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, int e, int64_t *out);

/*
 * The part of the amount num / den of month m that falls on days
 * first..last (1 <= first <= last <= days in m): cum(last) -
 * cum(first - 1).  Returns 0, or -1 as pm_prorate_cum or for a bad
 * range.  *out is set only on success.
 */
int pm_prorate_part(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, int first, int last, int64_t *out);

/*
 * The whole month cut into n consecutive ranges: range i runs from day
 * starts[i] to the day before starts[i + 1] (the last to the month's
 * end); starts[0] must be 1 and the starts strictly increasing within
 * the month.  parts[i] = pm_prorate_part of range i, so the parts add
 * up to cum(days in m).  Returns 0, or -1 (parts untouched) for bad
 * starts or as pm_prorate_cum.
 */
int pm_prorate_split(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, const int *starts, size_t n, int64_t *parts);

/*
 * pm_prorate_part as an SQL expression (money.h: pm_money_muldiv_sql),
 * for a statement that prorates a month for many rows at once: appended
 * to out, equal to pm_prorate_part(rule, mode, m, num, den, first,
 * last) where num (>= 0), den (>= 1), ndays (the days of the month),
 * first and last (1 <= first <= last <= ndays) are SQL expressions of
 * the caller's (never user text).  The caller keeps 62 * num below
 * 2^63.  test_prorate checks both forms agree over every month length,
 * range, rule and mode.  Returns 0, or -1 for a bad rule or mode.
 */
struct pm_buf;
int pm_prorate_part_sql(struct pm_buf *out, pm_prorate rule, pm_round mode, const char *num,
    const char *den, const char *ndays, const char *first, const char *last);

/* "actual", "days30", "whole", "none" (exactly); 0 or -1.
 * pm_prorate_name gives them back, "unknown" for others. */
int pm_prorate_parse(const char *s, pm_prorate *rule);
const char *pm_prorate_name(pm_prorate rule);

#endif
