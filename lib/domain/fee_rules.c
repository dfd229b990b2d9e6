/* fee_rules.c — the money rules a fee is computed by; see fee_rules.h. */
#include "fee_rules.h"

void
pm_fee_rules_default(pm_fee_rules *rules)
{
	static const pm_fee_late_rule late = PM_FEE_LATE_RULE_DEFAULT;

	rules->round = PM_ROUND_HALF_UP;
	rules->prorate = PM_PRORATE_ACTUAL;
	rules->late = late;
	rules->order = PM_FEE_ORDER_CIVIL;
}

int
pm_fee_rules_area_num(int64_t area, int64_t rate, int64_t surcharge,
    int64_t *num)
{
	int64_t v, s;

	if (area < 0 || rate < 0 || surcharge < 0 ||
	    pm_money_mul(area, rate, &v) != 0 ||
	    pm_money_mul(surcharge, PM_FEE_AREA_DEN, &s) != 0 ||
	    pm_money_add(v, s, &v) != 0)
		return -1;
	*num = v;
	return 0;
}

int
pm_fee_rules_month_part(const pm_fee_rules *rules, pm_month m, int64_t num,
    int64_t den, pm_date from, pm_date to, int64_t *fen)
{
	pm_date first, last;
	int n;

	if (rules == NULL || m.year < 1 || m.year > 9999 || m.month < 1 ||
	    m.month > 12 || !pm_date_valid(from.year, from.month, from.day) ||
	    !pm_date_valid(to.year, to.month, to.day) ||
	    pm_date_cmp(from, to) > 0)
		return -1;
	n = pm_days_in_month(m.year, m.month);
	first.year = last.year = m.year;
	first.month = last.month = m.month;
	first.day = 1;
	last.day = n;
	if (pm_date_cmp(from, first) > 0)
		first = from;
	if (pm_date_cmp(to, last) < 0)
		last = to;
	if (pm_date_cmp(first, last) > 0) {
		/* the range misses the month; still refuse bad rules */
		int64_t v;

		if (pm_prorate_cum(rules->prorate, rules->round, m, num, den, 0,
		    &v) != 0)
			return -1;
		*fen = 0;
		return 0;
	}
	return pm_prorate_part(rules->prorate, rules->round, m, num, den,
	    first.day, last.day, fen);
}
