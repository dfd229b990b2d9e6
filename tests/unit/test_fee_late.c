/* test_fee_late.c — fee_late.c: late fees on an overdue bill. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "fee_late.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SENTINEL INT64_C(-4242)

static uint64_t lcg_state = 11;

static uint64_t
lcg(void)
{
	lcg_state = lcg_state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return lcg_state >> 11 ^ lcg_state << 21;
}

static pm_date
D(int y, int m, int d)
{
	pm_date r = { y, m, d };

	return r;
}

static int64_t
late(const pm_fee_late_rule *rule, pm_date due, int64_t principal,
    const pm_fee_late_paid *paid, size_t n, pm_date as_of)
{
	int64_t v = SENTINEL;

	if (pm_fee_late_fee(rule, PM_ROUND_HALF_UP, due, principal, paid, n,
	    as_of, &v) != 0)
		fail_msg("late fee refused");
	return v;
}

/* The worked example of fee_late.h (and of pm-fee(1) to come). */
static void
test_worked_example(void **state)
{
	pm_fee_late_rule rule = { 500, 15, PM_FEE_LATE_PER };
	pm_fee_late_paid paid[] = {
		{ { 2026, 12, 31 }, 100000 },
		{ { 2027, 1, 14 }, 85925 },
	};
	pm_date due = D(2026, 11, 30), first;

	(void)state;
	/* the first day that costs: the day after due + grace */
	assert_int_equal(pm_fee_late_start(&rule, due, &first), 0);
	assert_int_equal(first.year, 2026);
	assert_int_equal(first.month, 12);
	assert_int_equal(first.day, 16);
	/* 16 days on 1,859.25 + 14 days on 859.25 = 4,177,750 fen-days;
	 * x 0.0005 = 2,088.875 -> 20.89 */
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2027, 1, 14)), 2089);
	/* settled: the fee stands still after the last payment */
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2027, 3, 1)), 2089);
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2030, 1, 1)), 2089);
	/* within the grace period nothing; the first day costs one day */
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2026, 12, 15)), 0);
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2026, 11, 1)), 0);
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2026, 12, 16)), 93);
	/* as of 2026-12-20: 5 days on 1,859.25 = 464.8125 fen -> 4.65 */
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2026, 12, 20)), 465);
	/* the payment day counts at the old principal: as of 12-31, 16 days
	 * on the whole; as of 01-01, one day on what is left */
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2026, 12, 31)),
	    1487);                              /* 1,487.4 */
	assert_int_equal(late(&rule, due, 185925, paid, 2, D(2027, 1, 1)),
	    1530);                              /* 1,487.4 + 42.9625 */

	/* one payment in full: 1,000.00, 30 days x 0.50 = 15.00 */
	{
		pm_fee_late_paid all[] = { { { 2027, 1, 14 }, 100000 } };

		assert_int_equal(late(&rule, due, 100000, all, 1,
		    D(2027, 1, 14)), 1500);
		/* order of payments does not matter */
		assert_int_equal(late(&rule, due, 100000, all, 1,
		    D(2027, 1, 13)), 1450);
	}
	/* no grace: from the day after due */
	rule.grace_days = 0;
	assert_int_equal(late(&rule, due, 100000, NULL, 0, D(2026, 11, 30)), 0);
	assert_int_equal(late(&rule, due, 100000, NULL, 0, D(2026, 12, 1)), 50);
	/* a rate of 0: no late fee, whatever the delay */
	rule.rate_ppm = 0;
	assert_int_equal(late(&rule, due, 100000, NULL, 0, D(2036, 12, 1)), 0);
}

static void
test_cap(void **state)
{
	/* 100.00 at 0.3 % a day for 400 days would be 120.00 */
	pm_fee_late_rule rule = { 3000, 0, PM_FEE_LATE_PER };
	pm_date due = D(2025, 1, 31), asof;

	(void)state;
	assert_int_equal(pm_date_add_days(due, 400, &asof), 0);
	assert_int_equal(late(&rule, due, 10000, NULL, 0, asof), 10000);
	rule.cap_ppm = 300000;          /* 30 % of the principal */
	assert_int_equal(late(&rule, due, 10000, NULL, 0, asof), 3000);
	rule.cap_ppm = PM_FEE_LATE_NO_CAP;
	assert_int_equal(late(&rule, due, 10000, NULL, 0, asof), 12000);
	rule.cap_ppm = 0;
	assert_int_equal(late(&rule, due, 10000, NULL, 0, asof), 0);
	/* the cap is of the principal billed, not what is left: 90.00 paid
	 * the first day, 10.00 left for 399 days = 11.97 + 0.30 */
	{
		pm_fee_late_paid p[] = { { { 2025, 2, 1 }, 9000 } };

		rule.cap_ppm = PM_FEE_LATE_PER;
		assert_int_equal(late(&rule, due, 10000, p, 1, asof),
		    30 + 1197);
	}
	/* a cap rounded down: 33.333...% of 1.00 */
	rule.cap_ppm = 333333;
	assert_int_equal(late(&rule, due, 100, NULL, 0, asof), 33);
}

/* Against the rule spelled out day by day. */
static void
test_random(void **state)
{
	pm_fee_late_paid p[6];
	pm_fee_late_rule rule;
	pm_date due, asof, first;
	int64_t v, sum, bal, cap, want, left, day;
	int iter;
	size_t n, i;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		int64_t principal = (int64_t)(lcg() % 50000000);

		rule.rate_ppm = (int64_t)(lcg() % 3001);
		rule.grace_days = (int)(lcg() % 40);
		rule.cap_ppm = lcg() % 3 == 0 ? PM_FEE_LATE_NO_CAP :
		    (int64_t)(lcg() % 1500000);
		assert_int_equal(pm_date_add_days(D(2020, 1, 1),
		    (int64_t)(lcg() % 2000), &due), 0);
		assert_int_equal(pm_date_add_days(due, (int64_t)(lcg() % 700) -
		    30, &asof), 0);
		n = principal > 0 ? lcg() % NELEM(p) : 0;
		left = principal;
		for (i = 0; i < n && left > 0; i++) {
			p[i].principal = 1 + (int64_t)(lcg() % (uint64_t)left);
			left -= p[i].principal;
			assert_int_equal(pm_date_add_days(due, (int64_t)(lcg() %
			    800) - 60, &p[i].date), 0);
		}
		n = i;
		/* day by day: the principal less what was paid before it */
		assert_int_equal(pm_fee_late_start(&rule, due, &first), 0);
		sum = 0;
		for (day = pm_date_days(first); day <= pm_date_days(asof); day++) {
			bal = principal;
			for (i = 0; i < n; i++)
				if (pm_date_days(p[i].date) < day)
					bal -= p[i].principal;
			sum += bal;
		}
		assert_int_equal(pm_money_muldiv(sum, rule.rate_ppm, 1000000,
		    PM_ROUND_HALF_UP, &want), 0);
		if (rule.cap_ppm != PM_FEE_LATE_NO_CAP) {
			assert_int_equal(pm_money_muldiv(principal, rule.cap_ppm,
			    1000000, PM_ROUND_DOWN, &cap), 0);
			if (want > cap)
				want = cap;
		}
		v = late(&rule, due, principal, p, n, asof);
		if (v != want)
			fail_msg("iteration %d: %lld, wanted %lld", iter,
			    (long long)v, (long long)want);
		/* never more for an earlier day */
		if (pm_date_add_days(asof, -1, &first) == 0)
			assert_true(late(&rule, due, principal, p, n, first) <= v);
	}
}

static void
test_refused(void **state)
{
	pm_fee_late_rule rule = { 500, 15, PM_FEE_LATE_PER }, bad;
	pm_fee_late_paid over[] = {
		{ { 2026, 12, 1 }, 60000 }, { { 2027, 12, 1 }, 40001 },
	};
	pm_fee_late_paid zero[] = { { { 2026, 12, 1 }, 0 } };
	pm_fee_late_paid neg[] = { { { 2026, 12, 1 }, -5 } };
	pm_fee_late_paid baddate[] = { { { 2026, 2, 30 }, 5 } };
	pm_date due = D(2026, 11, 30), asof = D(2027, 1, 1), first;
	int64_t v = SENTINEL;

	(void)state;
	/* payments beyond the principal, even dated after as_of */
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100000,
	    over, 2, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100000,
	    zero, 1, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100000,
	    neg, 1, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100000,
	    baddate, 1, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100000,
	    NULL, 1, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, -1,
	    NULL, 0, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, D(2026, 11, 31),
	    100, NULL, 0, asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100,
	    NULL, 0, D(2027, 0, 1), &v), -1);
	assert_int_equal(pm_fee_late_fee(&rule, (pm_round)8, due, 100, NULL, 0,
	    asof, &v), -1);
	assert_int_equal(pm_fee_late_fee(NULL, PM_ROUND_HALF_UP, due, 100, NULL,
	    0, asof, &v), -1);
	bad = rule;
	bad.rate_ppm = -1;
	assert_int_equal(pm_fee_late_fee(&bad, PM_ROUND_HALF_UP, due, 100, NULL,
	    0, asof, &v), -1);
	bad.rate_ppm = PM_FEE_LATE_PER + 1;
	assert_int_equal(pm_fee_late_fee(&bad, PM_ROUND_HALF_UP, due, 100, NULL,
	    0, asof, &v), -1);
	bad = rule;
	bad.grace_days = -1;
	assert_int_equal(pm_fee_late_start(&bad, due, &first), -1);
	bad.grace_days = 3661;
	assert_int_equal(pm_fee_late_start(&bad, due, &first), -1);
	bad = rule;
	bad.cap_ppm = -2;
	assert_int_equal(pm_fee_late_fee(&bad, PM_ROUND_HALF_UP, due, 100, NULL,
	    0, asof, &v), -1);
	/* the last day of the calendar: nothing after it to charge */
	assert_int_equal(pm_fee_late_start(&rule, D(9999, 12, 31), &first), -1);
	assert_int_equal(v, SENTINEL);
	/* exactly the principal paid is fine */
	over[1].principal = 40000;
	assert_int_equal(pm_fee_late_fee(&rule, PM_ROUND_HALF_UP, due, 100000,
	    over, 2, asof, &v), 0);
	/* 2026-12-01 is inside the grace: nothing on 60,000 paid before the
	 * first day, 17 days (12-16..01-01) on 40,000 */
	assert_int_equal(v, 340);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_refused),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
