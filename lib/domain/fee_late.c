/* fee_late.c — late fees on an overdue bill; see fee_late.h. */
#include "accrue.h"
#include "fee_late.h"

#define GRACE_MAX 3660

static int
rule_ok(const pm_fee_late_rule *rule)
{
	return rule != NULL && rule->rate_ppm >= 0 &&
	    rule->rate_ppm <= PM_FEE_LATE_PER && rule->grace_days >= 0 &&
	    rule->grace_days <= GRACE_MAX &&
	    (rule->cap_ppm == PM_FEE_LATE_NO_CAP || rule->cap_ppm >= 0);
}

int
pm_fee_late_start(const pm_fee_late_rule *rule, pm_date due, pm_date *first)
{
	if (!rule_ok(rule) || !pm_date_valid(due.year, due.month, due.day))
		return -1;
	return pm_date_add_days(due, (int64_t)rule->grace_days + 1, first);
}

/*
 * At most 16 payments are turned into accrual changes per pass, on the
 * stack: a bill with more is summed in several passes, which add up
 * exactly (the sum is linear in the changes).
 */
#define CHUNK 16

int
pm_fee_late_fee(const pm_fee_late_rule *rule, pm_round mode, pm_date due,
    int64_t principal, const pm_fee_late_paid *paid, size_t n, pm_date as_of,
    int64_t *fee)
{
	pm_accrue_change ch[CHUNK];
	pm_date start;
	int64_t first, last, total = 0, sum, part, cap, v;
	size_t i, k;

	if (pm_fee_late_start(rule, due, &start) != 0 ||
	    !pm_date_valid(as_of.year, as_of.month, as_of.day) ||
	    principal < 0 || principal > PM_MONEY_MAX || (paid == NULL && n > 0))
		return -1;
	for (i = 0; i < n; i++) {
		if (paid[i].principal <= 0 ||
		    !pm_date_valid(paid[i].date.year, paid[i].date.month,
		    paid[i].date.day) ||
		    pm_money_add(total, paid[i].principal, &total) != 0 ||
		    total > principal)
			return -1;
	}
	first = pm_date_days(start);
	last = pm_date_days(as_of);
	/* the whole principal over the whole period, then each payment takes
	 * its amount off from the day after it was made */
	if (pm_accrue_sum(principal, NULL, 0, first, last, &sum) != 0)
		return -1;
	for (i = 0; i < n; i += k) {
		for (k = 0; k < CHUNK && i + k < n; k++) {
			ch[k].day = pm_date_days(paid[i + k].date) + 1;
			ch[k].delta = -paid[i + k].principal;
		}
		if (pm_accrue_sum(0, ch, k, first, last, &part) != 0)
			return -1;
		sum += part;    /* |part| <= sum: the result stays >= 0 */
	}
	if (pm_money_muldiv(sum, rule->rate_ppm, PM_FEE_LATE_PER, mode, &v) != 0)
		return -1;
	if (rule->cap_ppm != PM_FEE_LATE_NO_CAP) {
		if (pm_money_muldiv(principal, rule->cap_ppm, PM_FEE_LATE_PER,
		    PM_ROUND_DOWN, &cap) != 0)
			return -1;
		if (v > cap)
			v = cap;
	}
	*fee = v;
	return 0;
}
