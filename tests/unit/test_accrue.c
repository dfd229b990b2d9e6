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
	/* 1,000.00 from day 100, 400.00 from day 116 (600.00 paid on 115) */
	pm_accrue_step s[] = { { 100, 100000 }, { 116, 40000 } };
	int64_t v = SENTINEL;

	(void)state;
	/* 0.05 % a day on 1,000.00 is 0.50 a day: days 100..115 = 16 days */
	assert_int_equal(pm_accrue_daily(s, 1, 100, 115, 500, PM_ROUND_HALF_UP,
	    &v), 0);
	assert_int_equal(v, 800);
	assert_int_equal(pm_accrue_sum(s, 2, 100, 129, &v), 0);
	assert_int_equal(v, 16 * 100000 + 14 * 40000);
	/* 16 x 0.50 + 14 x 0.20 = 10.80 */
	assert_int_equal(pm_accrue_daily(s, 2, 100, 129, 500, PM_ROUND_HALF_UP,
	    &v), 0);
	assert_int_equal(v, 1080);
	/* nothing before the first step, and an empty range is 0 */
	assert_int_equal(pm_accrue_sum(s, 2, 90, 99, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pm_accrue_sum(s, 2, 120, 119, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(pm_accrue_sum(NULL, 0, 1, 10, &v), 0);
	assert_int_equal(v, 0);
	/* one day */
	assert_int_equal(pm_accrue_sum(s, 2, 116, 116, &v), 0);
	assert_int_equal(v, 40000);
	/* rounded once at the end: 3 days of 0.333 fen is 1 fen, not 0 */
	{
		pm_accrue_step t[] = { { 0, 333 } };

		assert_int_equal(pm_accrue_daily(t, 1, 0, 2, 1000,
		    PM_ROUND_HALF_UP, &v), 0);
		assert_int_equal(v, 1);         /* 0.999 -> 1 */
		assert_int_equal(pm_accrue_daily(t, 1, 0, 2, 1000,
		    PM_ROUND_DOWN, &v), 0);
		assert_int_equal(v, 0);
		/* 0.5 fen: half-up 1, half-even 0 */
		t[0].balance = 1000;
		assert_int_equal(pm_accrue_daily(t, 1, 0, 0, 500,
		    PM_ROUND_HALF_UP, &v), 0);
		assert_int_equal(v, 1);
		assert_int_equal(pm_accrue_daily(t, 1, 0, 0, 500,
		    PM_ROUND_HALF_EVEN, &v), 0);
		assert_int_equal(v, 0);
	}
	/* negative day numbers (before 1970) are ordinary */
	{
		pm_accrue_step t[] = { { -10, 100 }, { -5, 0 }, { 3, 7 } };

		assert_int_equal(pm_accrue_sum(t, 3, -20, 5, &v), 0);
		assert_int_equal(v, 5 * 100 + 3 * 7);
	}
}

/* Against a day-by-day sum over random balances and ranges. */
static void
test_random(void **state)
{
	pm_accrue_step s[8];
	int64_t v, naive, bal, d;
	int iter;
	size_t n, i, k;

	(void)state;
	for (iter = 0; iter < 20000; iter++) {
		int64_t first = (int64_t)(lcg() % 200) - 100;
		int64_t last = first + (int64_t)(lcg() % 150) - 10;

		n = lcg() % NELEM(s);
		d = (int64_t)(lcg() % 100) - 120;
		for (i = 0; i < n; i++) {
			d += 1 + (int64_t)(lcg() % 40);
			s[i].day = d;
			s[i].balance = (int64_t)(lcg() % 5 == 0 ? 0 :
			    lcg() % 10000000);
		}
		naive = 0;
		for (d = first; d <= last; d++) {
			bal = 0;
			for (k = 0; k < n && s[k].day <= d; k++)
				bal = s[k].balance;
			naive += bal;
		}
		assert_int_equal(pm_accrue_sum(s, n, first, last, &v), 0);
		if (v != naive)
			fail_msg("iteration %d: %lld, wanted %lld", iter,
			    (long long)v, (long long)naive);
		assert_int_equal(pm_accrue_daily(s, n, first, last, 777,
		    PM_ROUND_HALF_EVEN, &v), 0);
		assert_int_equal(pm_money_muldiv(naive, 777, PM_ACCRUE_PER,
		    PM_ROUND_HALF_EVEN, &bal), 0);
		assert_int_equal(v, bal);
	}
}

static void
test_refused(void **state)
{
	pm_accrue_step unsorted[] = { { 10, 1 }, { 10, 2 } };
	pm_accrue_step backwards[] = { { 10, 1 }, { 9, 2 } };
	pm_accrue_step negative[] = { { 10, -1 } };
	pm_accrue_step huge[] = { { 10, PM_MONEY_MAX + 1 } };
	pm_accrue_step big[] = { { 0, PM_MONEY_MAX } };
	pm_accrue_step ok[] = { { 0, 100 } };
	int64_t v = SENTINEL;

	(void)state;
	assert_int_equal(pm_accrue_sum(unsorted, 2, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(backwards, 2, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(negative, 1, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(huge, 1, 0, 20, &v), -1);
	assert_int_equal(pm_accrue_sum(NULL, 1, 0, 20, &v), -1);
	/* the sum overflows: refused, never wrapped */
	assert_int_equal(pm_accrue_sum(big, 1, 0, 1, &v), -1);
	assert_int_equal(pm_accrue_sum(ok, 1, INT64_MIN, INT64_MAX, &v), -1);
	assert_int_equal(pm_accrue_sum(big, 1, 0, 0, &v), 0);
	assert_int_equal(v, PM_MONEY_MAX);
	v = SENTINEL;
	assert_int_equal(pm_accrue_daily(ok, 1, 0, 1, -1, PM_ROUND_HALF_UP,
	    &v), -1);
	assert_int_equal(pm_accrue_daily(ok, 1, 0, 1, PM_ACCRUE_PER + 1,
	    PM_ROUND_HALF_UP, &v), -1);
	assert_int_equal(pm_accrue_daily(ok, 1, 0, 1, 500, (pm_round)9, &v), -1);
	assert_int_equal(pm_accrue_daily(negative, 1, 0, 1, 500,
	    PM_ROUND_HALF_UP, &v), -1);
	assert_int_equal(v, SENTINEL);
	/* the whole rate: the balance itself per day */
	assert_int_equal(pm_accrue_daily(ok, 1, 0, 2, PM_ACCRUE_PER,
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
