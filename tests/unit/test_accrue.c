/* test_accrue.c — accrue.c: simple daily accrual on a changing balance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "accrue.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SENTINEL INT64_C(-4242)

static uint64_t lcg_state = 7;

static uint64_t
lcg(void)
{
	lcg_state = lcg_state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return lcg_state >> 11 ^ lcg_state << 21;
}

static void
test_examples(void **state)
{
	/* 1,000.00 from the start, 600.00 repaid: 400.00 from day 116 */
	pm_accrue_change c[] = { { 116, -60000 } };
	int64_t v = SENTINEL;

	(void)state;
	/* 0.05 % a day on 1,000.00 is 0.50 a day: days 100..115 = 16 days */
	assert_int_equal(pm_accrue_daily(100000, NULL, 0, 100, 115, 500,
	    PM_ROUND_HALF_UP, &v), 0);
	assert_int_equal(v, 800);
	assert_int_equal(pm_accrue_sum(100000, c, 1, 100, 129, &v), 0);
	assert_int_equal(v, 16 * 100000 + 14 * 40000);
	/* 16 x 0.50 + 14 x 0.20 = 10.80 */
	assert_int_equal(pm_accrue_daily(100000, c, 1, 100, 129, 500,
	    PM_ROUND_HALF_UP, &v), 0);
	assert_int_equal(v, 1080);
	/* a change before the range counts on all of it, one after on none */
	assert_int_equal(pm_accrue_sum(100000, c, 1, 120, 129, &v), 0);
	assert_int_equal(v, 10 * 40000);
	assert_int_equal(pm_accrue_sum(100000, c, 1, 100, 110, &v), 0);
	assert_int_equal(v, 11 * 100000);
	/* an empty range is 0, one day is the balance */
	assert_int_equal(pm_accrue_sum(100000, c, 1, 120, 119, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pm_accrue_sum(100000, c, 1, 116, 116, &v), 0);
	assert_int_equal(v, 40000);
	/* order does not matter */
	{
		pm_accrue_change a[] = { { 5, -10 }, { 3, -20 }, { 8, 5 } };
		pm_accrue_change b[] = { { 8, 5 }, { 3, -20 }, { 5, -10 } };
		int64_t w;

		assert_int_equal(pm_accrue_sum(100, a, 3, 1, 10, &v), 0);
		assert_int_equal(pm_accrue_sum(100, b, 3, 1, 10, &w), 0);
		assert_int_equal(v, w);
		/* days 1-2: 100, 3-4: 80, 5-7: 70, 8-10: 75 */
		assert_int_equal(v, 200 + 160 + 210 + 225);
	}
	/* rounded once at the end: 3 days of 0.333 fen is 1 fen, not 0 */
	assert_int_equal(pm_accrue_daily(333, NULL, 0, 0, 2, 1000,
	    PM_ROUND_HALF_UP, &v), 0);
	assert_int_equal(v, 1);         /* 0.999 -> 1 */
	assert_int_equal(pm_accrue_daily(333, NULL, 0, 0, 2, 1000,
	    PM_ROUND_DOWN, &v), 0);
	assert_int_equal(v, 0);
	/* 0.5 fen: half-up 1, half-even 0 */
	assert_int_equal(pm_accrue_daily(1000, NULL, 0, 0, 0, 500,
	    PM_ROUND_HALF_UP, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(pm_accrue_daily(1000, NULL, 0, 0, 0, 500,
	    PM_ROUND_HALF_EVEN, &v), 0);
	assert_int_equal(v, 0);
	/* negative day numbers (before 1970) are ordinary */
	{
		pm_accrue_change t[] = { { -10, 100 }, { -5, -100 }, { 3, 7 } };

		assert_int_equal(pm_accrue_sum(0, t, 3, -20, 5, &v), 0);
		assert_int_equal(v, 5 * 100 + 3 * 7);
	}
}

/* Against a day-by-day sum over random balances and ranges. */
static void
test_random(void **state)
{
	pm_accrue_change c[8];
	int64_t v, naive, bal, b0, d, w;
	int iter;
	size_t n, i, k;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		int64_t first = (int64_t)(lcg() % 200) - 100;
		int64_t last = first + (int64_t)(lcg() % 150) - 10;

		n = lcg() % NELEM(c);
		b0 = (int64_t)(lcg() % 10000000);
		for (i = 0; i < n; i++) {
			c[i].day = (int64_t)(lcg() % 300) - 150;
			c[i].delta = (int64_t)(lcg() % 2000000) - 1000000;
		}
		naive = 0;
		for (d = first; d <= last; d++) {
			bal = b0;
			for (k = 0; k < n; k++)
				if (c[k].day <= d)
					bal += c[k].delta;
			naive += bal;
		}
		assert_int_equal(pm_accrue_sum(b0, c, n, first, last, &v), 0);
		if (v != naive)
			fail_msg("iteration %d: %lld, wanted %lld", iter,
			    (long long)v, (long long)naive);
		assert_int_equal(pm_accrue_daily(b0, c, n, first, last, 777,
		    PM_ROUND_HALF_EVEN, &v), 0);
		assert_int_equal(pm_money_muldiv(naive, 777, PM_ACCRUE_PER,
		    PM_ROUND_HALF_EVEN, &w), 0);
		assert_int_equal(v, w);
	}
}

static void
test_refused(void **state)
{
	pm_accrue_change huge[] = { { 10, PM_MONEY_MAX + 1 } };
	pm_accrue_change back[] = { { 1, -PM_MONEY_MAX } };
	int64_t v = SENTINEL;

	(void)state;
	assert_int_equal(pm_accrue_sum(0, huge, 1, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(PM_MONEY_MAX + 1, NULL, 0, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(-PM_MONEY_MAX - 1, NULL, 0, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(0, NULL, 1, 0, 20, &v), -1);
	/* the sum overflows: refused, never wrapped */
	assert_int_equal(pm_accrue_sum(PM_MONEY_MAX, NULL, 0, 0, 1, &v), -1);
	assert_int_equal(pm_accrue_sum(100, NULL, 0, INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(pm_accrue_sum(100, NULL, 0, 0, PM_ACCRUE_DAYS_MAX, &v), -1);
	assert_int_equal(v, SENTINEL);
	/* ...but terms that cancel are fine */
	assert_int_equal(pm_accrue_sum(PM_MONEY_MAX, back, 1, 0, 1, &v), 0);
	assert_int_equal(v, PM_MONEY_MAX);
	assert_int_equal(pm_accrue_sum(PM_MONEY_MAX, NULL, 0, 0, 0, &v), 0);
	assert_int_equal(v, PM_MONEY_MAX);
	assert_int_equal(pm_accrue_sum(1, NULL, 0, 0, PM_ACCRUE_DAYS_MAX - 1,
	    &v), 0);
	assert_int_equal(v, PM_ACCRUE_DAYS_MAX);
	v = SENTINEL;
	assert_int_equal(pm_accrue_daily(100, NULL, 0, 0, 1, -1,
	    PM_ROUND_HALF_UP, &v), -1);
	assert_int_equal(pm_accrue_daily(100, NULL, 0, 0, 1, PM_ACCRUE_PER + 1,
	    PM_ROUND_HALF_UP, &v), -1);
	assert_int_equal(pm_accrue_daily(100, NULL, 0, 0, 1, 500, (pm_round)9,
	    &v), -1);
	assert_int_equal(v, SENTINEL);
	/* the whole rate: the balance itself per day */
	assert_int_equal(pm_accrue_daily(100, NULL, 0, 0, 2, PM_ACCRUE_PER,
	    PM_ROUND_HALF_UP, &v), 0);
	assert_int_equal(v, 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_refused),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
