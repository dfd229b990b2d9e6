/* accrue.c — simple daily accrual on a changing balance; see accrue.h. */
#include "accrue.h"

int
pm_accrue_sum(const pm_accrue_step *steps, size_t n, int64_t first,
    int64_t last, int64_t *out)
{
	int64_t sum = 0, from, to, t;
	size_t i;

	if (steps == NULL && n > 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (steps[i].balance < 0 || steps[i].balance > PM_MONEY_MAX)
			return -1;
		if (i > 0 && steps[i].day <= steps[i - 1].day)
			return -1;
	}
	for (i = 0; i < n && first <= last; i++) {
		/* the days of step i that lie in first..last */
		from = steps[i].day > first ? steps[i].day : first;
		to = i + 1 < n && steps[i + 1].day - 1 < last ?
		    steps[i + 1].day - 1 : last;
		if (from > to || steps[i].balance == 0)
			continue;
		if (__builtin_sub_overflow(to, from, &t) ||
		    __builtin_add_overflow(t, 1, &t) ||
		    __builtin_mul_overflow(t, steps[i].balance, &t) ||
		    pm_money_add(sum, t, &sum) != 0)
			return -1;
	}
	*out = sum;
	return 0;
}

int
pm_accrue_daily(const pm_accrue_step *steps, size_t n, int64_t first,
    int64_t last, int64_t rate, pm_round mode, int64_t *out)
{
	int64_t sum;

	if (rate < 0 || rate > PM_ACCRUE_PER)
		return -1;
	if (pm_accrue_sum(steps, n, first, last, &sum) != 0)
		return -1;
	return pm_money_muldiv(sum, rate, PM_ACCRUE_PER, mode, out);
}
