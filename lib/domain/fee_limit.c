/* fee_limit.c — the limitation period of a debt; see fee_limit.h. */
#include "fee_limit.h"

/* The last day of a period started by an event on `from`: three years
 * on, clamped to the month's end, then past any rest days. */
static int
period_end(pm_date from, pm_fee_rest_day *rest_day, void *arg, pm_date *out)
{
	pm_date d;
	int i;

	if (pm_date_add_years(from, PM_FEE_LIMIT_YEARS, &d) != 0)
		return -1;
	/* a run of rest days is never longer than a few weeks; the bound
	 * keeps a predicate that says yes to everything from looping */
	for (i = 0; rest_day != NULL && rest_day(d, arg); i++)
		if (i > 366 || pm_date_add_days(d, 1, &d) != 0)
			return -1;
	*out = d;
	return 0;
}

static int
date_ok(pm_date d)
{
	return pm_date_valid(d.year, d.month, d.day);
}

/*
 * Apply events until none moves the last day: an event counts when it
 * falls within the period as it stands (or is an agreement), and the
 * period only grows, so the order events are applied in does not
 * matter and at most n passes are needed.
 */
int
pm_fee_limit_last_day(pm_date due, const pm_fee_restart *events, size_t n,
    pm_fee_rest_day *rest_day, void *arg, pm_date *last)
{
	pm_date end, e;
	size_t i, pass;
	int moved;

	if (!date_ok(due) || (events == NULL && n > 0))
		return -1;
	for (i = 0; i < n; i++)
		if (!date_ok(events[i].date) ||
		    (events[i].kind != PM_FEE_RESTART_DEMAND &&
		    events[i].kind != PM_FEE_RESTART_PAYMENT &&
		    events[i].kind != PM_FEE_RESTART_AGREEMENT))
			return -1;
	if (period_end(due, rest_day, arg, &end) != 0)
		return -1;
	for (pass = 0; pass <= n; pass++) {
		moved = 0;
		for (i = 0; i < n; i++) {
			if (events[i].kind != PM_FEE_RESTART_AGREEMENT &&
			    pm_date_cmp(events[i].date, end) > 0)
				continue;
			if (period_end(events[i].date, rest_day, arg, &e) != 0)
				return -1;
			if (pm_date_cmp(e, end) > 0) {
				end = e;
				moved = 1;
			}
		}
		if (!moved)
			break;
	}
	*last = end;
	return 0;
}

int
pm_fee_limit_barred(pm_date last, pm_date day)
{
	return pm_date_cmp(day, last) > 0;
}
