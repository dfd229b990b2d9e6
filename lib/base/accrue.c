/* accrue.c — simple daily accrual on a changing balance; see accrue.h. */
#include "accrue.h"

__extension__ typedef __int128 i128;

static int
in_range(int64_t v)
{
	return v >= -PM_MONEY_MAX && v <= PM_MONEY_MAX;
}

/*
 * Each change counts on the days of first..last from its own day on, so
 * the sum is balance x days + each delta x its days: no sorting, and no
 * running balance to keep.  Every term is below 2^63 x 2^22 and there
 * are at most 2^31 of them: the 128-bit sum cannot overflow.
 */
int
pm_accrue_sum(int64_t balance, const pm_accrue_change *changes, size_t n,
    int64_t first, int64_t last, int64_t *out)
{
	i128 sum;
	int64_t days, from;
	size_t i;

	if ((changes == NULL && n > 0) || n > INT32_MAX || !in_range(balance))
		return -1;
	for (i = 0; i < n; i++)
		if (!in_range(changes[i].delta))
			return -1;
	if (first > last) {
		*out = 0;
		return 0;
	}
	if (__builtin_sub_overflow(last, first, &days) ||
	    days >= PM_ACCRUE_DAYS_MAX)
		return -1;
	sum = (i128)balance * (days + 1);
	for (i = 0; i < n; i++) {
		from = changes[i].day > first ? changes[i].day : first;
		if (from <= last)
			sum += (i128)changes[i].delta * (last - from + 1);
	}
	if (sum < -(i128)PM_MONEY_MAX || sum > (i128)PM_MONEY_MAX)
		return -1;
	*out = (int64_t)sum;
	return 0;
}

int
pm_accrue_daily(int64_t balance, const pm_accrue_change *changes, size_t n,
    int64_t first, int64_t last, int64_t rate, pm_round mode, int64_t *out)
{
	int64_t sum;

	if (rate < 0 || rate > PM_ACCRUE_PER)
		return -1;
	if (pm_accrue_sum(balance, changes, n, first, last, &sum) != 0)
		return -1;
	return pm_money_muldiv(sum, rate, PM_ACCRUE_PER, mode, out);
}
