/* test_fee_alloc.c — fee_alloc.c: a payment over the debts it settles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "fee_alloc.h"
#include "money.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SENTINEL INT64_C(-4242)

static uint64_t lcg_state = 13;

static uint64_t
lcg(void)
{
	lcg_state = lcg_state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return lcg_state >> 11 ^ lcg_state << 21;
}

#define assert_alloc(a, c, l, p) do { \
	assert_int_equal((a).costs, (c)); \
	assert_int_equal((a).late_fee, (l)); \
	assert_int_equal((a).principal, (p)); \
} while (0)

/* Three overdue months plus late fees (the "must be true"). */
static void
test_three_months(void **state)
{
	pm_fee_debt d[] = {
		{ { 2026, 9, 30 }, 0, 500, 18593 },
		{ { 2026, 10, 31 }, 0, 300, 18593 },
		{ { 2026, 11, 30 }, 0, 100, 18593 },
	};
	pm_fee_alloc a[3];
	int64_t credit = SENTINEL;

	(void)state;
	/* civil: each month's late fee before its principal */
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 3, 40000, a,
	    &credit), 0);
	assert_alloc(a[0], 0, 500, 18593);
	assert_alloc(a[1], 0, 300, 18593);
	assert_alloc(a[2], 0, 100, 1914);
	assert_int_equal(credit, 0);
	/* principal first */
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_PRINCIPAL_FIRST, d, 3,
	    40000, a, &credit), 0);
	assert_alloc(a[0], 0, 500, 18593);
	assert_alloc(a[1], 0, 300, 18593);
	assert_alloc(a[2], 0, 0, 2014);
	/* ... which differs inside a debt: 18,600 pays September's
	 * principal and 7 of its late fee, or its late fee and 18,100 */
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_PRINCIPAL_FIRST, d, 3,
	    18600, a, &credit), 0);
	assert_alloc(a[0], 0, 7, 18593);
	assert_alloc(a[1], 0, 0, 0);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 3, 18600, a,
	    &credit), 0);
	assert_alloc(a[0], 0, 500, 18100);
	assert_alloc(a[1], 0, 0, 0);
	/* an overpayment becomes credit: 56,679 owed */
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 3, 60000, a,
	    &credit), 0);
	assert_alloc(a[0], 0, 500, 18593);
	assert_alloc(a[1], 0, 300, 18593);
	assert_alloc(a[2], 0, 100, 18593);
	assert_int_equal(credit, 3321);
	/* nothing owed: all credit; nothing paid: nothing allocated */
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, NULL, 0, 500,
	    NULL, &credit), 0);
	assert_int_equal(credit, 500);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 3, 0, a,
	    &credit), 0);
	assert_alloc(a[0], 0, 0, 0);
	assert_alloc(a[2], 0, 0, 0);
	assert_int_equal(credit, 0);
}

/* Costs come first under art. 561 and last under principal-first; the
 * oldest debt first whatever order the array is in; ties in array
 * order. */
static void
test_order(void **state)
{
	pm_fee_debt d[] = {
		{ { 2026, 11, 30 }, 1000, 200, 5000 },
		{ { 2026, 10, 31 }, 2000, 300, 5000 },
		{ { 2026, 10, 31 }, 0, 0, 5000 },
	};
	pm_fee_alloc a[3];
	int64_t credit;

	(void)state;
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 3, 9000, a,
	    &credit), 0);
	assert_alloc(a[1], 2000, 300, 5000);    /* October, listed second */
	assert_alloc(a[2], 0, 0, 1700);         /* October too, listed third */
	assert_alloc(a[0], 0, 0, 0);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_PRINCIPAL_FIRST, d, 3,
	    9000, a, &credit), 0);
	assert_alloc(a[1], 2000, 300, 5000);
	assert_alloc(a[2], 0, 0, 1700);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_PRINCIPAL_FIRST, d, 3,
	    6000, a, &credit), 0);
	assert_alloc(a[1], 700, 300, 5000);
	assert_alloc(a[2], 0, 0, 0);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 3, 2100, a,
	    &credit), 0);
	assert_alloc(a[1], 2000, 100, 0);
	assert_int_equal(credit, 0);
}

/*
 * The property: over random debts in random order, for both orders,
 * the allocations and the credit add up to the payment, no component
 * gets more than is owed, the credit is the rest (and only when all is
 * paid), and nothing later in the order gets a fen while something
 * earlier is unpaid.  The sorted (linear) path and the unsorted one
 * agree.
 */
static void
test_property(void **state)
{
	pm_fee_debt d[10], s[10];
	pm_fee_alloc a[10], b[10];
	size_t idx[10], n, i, j, t;
	int64_t amount, credit, credit2, owed, given;
	int iter, ord, seen_short;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		pm_fee_order order = iter & 1 ? PM_FEE_ORDER_PRINCIPAL_FIRST :
		    PM_FEE_ORDER_CIVIL;

		n = lcg() % NELEM(d);
		owed = 0;
		for (i = 0; i < n; i++) {
			d[i].due.year = 2020 + (int)(lcg() % 3);
			d[i].due.month = 1 + (int)(lcg() % 12);
			d[i].due.day = 1 + (int)(lcg() % 28);
			d[i].costs = lcg() % 4 == 0 ? (int64_t)(lcg() % 5000) : 0;
			d[i].late_fee = lcg() % 2 ? (int64_t)(lcg() % 3000) : 0;
			d[i].principal = (int64_t)(lcg() % 30000);
			owed += d[i].costs + d[i].late_fee + d[i].principal;
		}
		amount = (int64_t)(lcg() % (uint64_t)(owed + 10000));
		memset(a, 0x5a, sizeof a);
		assert_int_equal(pm_fee_alloc_pay(order, d, n, amount, a,
		    &credit), 0);
		given = 0;
		for (i = 0; i < n; i++) {
			assert_true(a[i].costs >= 0 && a[i].costs <= d[i].costs);
			assert_true(a[i].late_fee >= 0 &&
			    a[i].late_fee <= d[i].late_fee);
			assert_true(a[i].principal >= 0 &&
			    a[i].principal <= d[i].principal);
			given += a[i].costs + a[i].late_fee + a[i].principal;
		}
		assert_int_equal(given + credit, amount);
		assert_true(credit >= 0);
		assert_int_equal(credit, amount > owed ? amount - owed : 0);

		/* the order: a stable sort by due date, then the components */
		for (i = 0; i < n; i++)
			idx[i] = i;
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && pm_date_cmp(d[idx[j - 1]].due,
			    d[idx[j]].due) > 0; j--) {
				t = idx[j];
				idx[j] = idx[j - 1];
				idx[j - 1] = t;
			}
		seen_short = 0;
		for (i = 0; i < n; i++) {
			const pm_fee_debt *x = &d[idx[i]];
			const pm_fee_alloc *y = &a[idx[i]];
			int64_t got[3], want[3];

			if (order == PM_FEE_ORDER_CIVIL) {
				got[0] = y->costs; want[0] = x->costs;
				got[1] = y->late_fee; want[1] = x->late_fee;
			} else {
				got[0] = y->principal; want[0] = x->principal;
				got[1] = y->late_fee; want[1] = x->late_fee;
			}
			got[2] = order == PM_FEE_ORDER_CIVIL ? y->principal :
			    y->costs;
			want[2] = order == PM_FEE_ORDER_CIVIL ? x->principal :
			    x->costs;
			for (ord = 0; ord < 3; ord++) {
				if (seen_short && got[ord] != 0)
					fail_msg("iteration %d: paid past an "
					    "unpaid component", iter);
				if (got[ord] < want[ord])
					seen_short = 1;
			}
			s[i] = *x;
		}
		/* sorted input takes the linear path: same result */
		assert_int_equal(pm_fee_alloc_pay(order, s, n, amount, b,
		    &credit2), 0);
		assert_int_equal(credit2, credit);
		for (i = 0; i < n; i++) {
			assert_int_equal(b[i].costs, a[idx[i]].costs);
			assert_int_equal(b[i].late_fee, a[idx[i]].late_fee);
			assert_int_equal(b[i].principal, a[idx[i]].principal);
		}
	}
}

static void
test_refused(void **state)
{
	pm_fee_debt d[] = { { { 2026, 11, 30 }, 0, 0, 100 } };
	pm_fee_debt big[] = {
		{ { 2026, 11, 30 }, 0, 0, PM_MONEY_MAX },
		{ { 2026, 12, 31 }, 0, 1, 0 },
	};
	pm_fee_alloc a[2] = { { SENTINEL, SENTINEL, SENTINEL },
	    { SENTINEL, SENTINEL, SENTINEL } };
	int64_t credit = SENTINEL;
	pm_fee_order o = PM_FEE_ORDER_CIVIL;

	(void)state;
	assert_int_equal(pm_fee_alloc_pay((pm_fee_order)2, d, 1, 10, a,
	    &credit), -1);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, -1, a,
	    &credit), -1);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1,
	    PM_MONEY_MAX + 1, a, &credit), -1);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, NULL, 1, 10, a,
	    &credit), -1);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, 10, NULL,
	    &credit), -1);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, 10, a,
	    NULL), -1);
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, big, 2, 10, a,
	    &credit), -1);
	d[0].principal = -1;
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, 10, a,
	    &credit), -1);
	d[0].principal = 1;
	d[0].late_fee = -1;
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, 10, a,
	    &credit), -1);
	d[0].late_fee = 0;
	d[0].costs = -1;
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, 10, a,
	    &credit), -1);
	d[0].costs = 0;
	d[0].due.day = 31;
	assert_int_equal(pm_fee_alloc_pay(PM_FEE_ORDER_CIVIL, d, 1, 10, a,
	    &credit), -1);
	assert_int_equal(credit, SENTINEL);
	assert_int_equal(a[0].principal, SENTINEL);

	assert_string_equal(pm_fee_order_name(PM_FEE_ORDER_CIVIL), "civil");
	assert_string_equal(pm_fee_order_name(PM_FEE_ORDER_PRINCIPAL_FIRST),
	    "principal-first");
	assert_string_equal(pm_fee_order_name((pm_fee_order)5), "unknown");
	assert_int_equal(pm_fee_order_parse("principal-first", &o), 0);
	assert_int_equal(o, PM_FEE_ORDER_PRINCIPAL_FIRST);
	assert_int_equal(pm_fee_order_parse("civil", &o), 0);
	assert_int_equal(o, PM_FEE_ORDER_CIVIL);
	assert_int_equal(pm_fee_order_parse("Civil", &o), -1);
	assert_int_equal(pm_fee_order_parse(NULL, &o), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_months),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_property),
		cmocka_unit_test(test_refused),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
