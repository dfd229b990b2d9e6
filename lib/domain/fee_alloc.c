/* fee_alloc.c — a payment over the debts it settles; see fee_alloc.h. */
#include <stdint.h>

#include "fee_alloc.h"
#include "money.h"
#include "text.h"

/* Give up to *owed from *left to *got. */
static void
take(int64_t *left, int64_t owed, int64_t *got)
{
	int64_t t = *left < owed ? *left : owed;

	*got = t;
	*left -= t;
}

static void
pay_one(pm_fee_order order, const pm_fee_debt *d, int64_t *left,
    pm_fee_alloc *a)
{
	if (order == PM_FEE_ORDER_CIVIL) {
		take(left, d->costs, &a->costs);
		take(left, d->late_fee, &a->late_fee);
		take(left, d->principal, &a->principal);
	} else {
		take(left, d->principal, &a->principal);
		take(left, d->late_fee, &a->late_fee);
		take(left, d->costs, &a->costs);
	}
}

/*
 * The next debt to pay after `prev` (index n for none yet): the one
 * with the earliest (due, index) after (due of prev, prev).
 */
static size_t
next_debt(const pm_fee_debt *debts, size_t n, size_t prev)
{
	int64_t pd = prev < n ? pm_date_days(debts[prev].due) : INT64_MIN;
	int64_t best_d = INT64_MAX, d;
	size_t i, best = n;

	for (i = 0; i < n; i++) {
		d = pm_date_days(debts[i].due);
		if (prev < n && (d < pd || (d == pd && i <= prev)))
			continue;
		if (d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int
pm_fee_alloc_pay(pm_fee_order order, const pm_fee_debt *debts, size_t n,
    int64_t amount, pm_fee_alloc *alloc, int64_t *credit)
{
	int64_t owed = 0, left = amount;
	size_t i, k;
	int sorted = 1;

	if ((order != PM_FEE_ORDER_CIVIL && order != PM_FEE_ORDER_PRINCIPAL_FIRST) ||
	    amount < 0 || amount > PM_MONEY_MAX || credit == NULL ||
	    (n > 0 && (debts == NULL || alloc == NULL)))
		return -1;
	for (i = 0; i < n; i++) {
		const pm_fee_debt *d = &debts[i];

		if (!pm_date_valid(d->due.year, d->due.month, d->due.day) ||
		    d->costs < 0 || d->late_fee < 0 || d->principal < 0 ||
		    pm_money_add(owed, d->costs, &owed) != 0 ||
		    pm_money_add(owed, d->late_fee, &owed) != 0 ||
		    pm_money_add(owed, d->principal, &owed) != 0)
			return -1;
		if (i > 0 && pm_date_cmp(debts[i - 1].due, d->due) > 0)
			sorted = 0;
	}
	if (sorted) {
		for (i = 0; i < n; i++)
			pay_one(order, &debts[i], &left, &alloc[i]);
	} else {
		for (k = next_debt(debts, n, n); k < n;
		    k = next_debt(debts, n, k))
			pay_one(order, &debts[k], &left, &alloc[k]);
	}
	*credit = left;
	return 0;
}

static const char *const order_names[] = { "civil", "principal-first" };

#define N_ORDER (sizeof order_names / sizeof order_names[0])

int
pm_fee_order_parse(const char *s, pm_fee_order *order)
{
	int i = pm_text_enum(order_names, N_ORDER, s);

	if (i < 0)
		return -1;
	*order = (pm_fee_order)i;
	return 0;
}

const char *
pm_fee_order_name(pm_fee_order order)
{
	return pm_text_enum_name(order_names, N_ORDER, (int)order);
}
