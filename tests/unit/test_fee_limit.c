/* test_fee_limit.c — fee_limit.c: the limitation period of a debt. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "fee_limit.h"

static pm_date
D(int y, int m, int d)
{
	pm_date r = { y, m, d };

	return r;
}

#define assert_date(got, y, m, d) do { \
	pm_date g_ = (got); \
	if (g_.year != (y) || g_.month != (m) || g_.day != (d)) \
		fail_msg("date %04d-%02d-%02d, wanted %04d-%02d-%02d", \
		    g_.year, g_.month, g_.day, (y), (m), (d)); \
} while (0)

static pm_date
last_day(pm_date due, const pm_fee_restart *ev, size_t n)
{
	pm_date r = { 0, 0, 0 };

	if (pm_fee_limit_last_day(due, ev, n, NULL, NULL, &r) != 0)
		fail_msg("refused");
	return r;
}

/* The worked example. */
static void
test_worked_example(void **state)
{
	pm_fee_restart ev[] = { { { 2024, 6, 1 }, PM_FEE_RESTART_DEMAND } };
	pm_date last;

	(void)state;
	assert_date(last_day(D(2022, 1, 31), NULL, 0), 2025, 1, 31);
	last = last_day(D(2022, 1, 31), ev, 1);
	assert_date(last, 2027, 6, 1);
	assert_false(pm_fee_limit_barred(last, D(2027, 6, 1)));
	assert_true(pm_fee_limit_barred(last, D(2027, 6, 2)));
	assert_false(pm_fee_limit_barred(last, D(2022, 2, 1)));
}

static void
test_february(void **state)
{
	pm_fee_restart ev[] = { { { 2024, 2, 29 }, PM_FEE_RESTART_DEMAND } };

	(void)state;
	assert_date(last_day(D(2024, 2, 29), NULL, 0), 2027, 2, 28);
	assert_date(last_day(D(2025, 2, 28), NULL, 0), 2028, 2, 28);
	assert_date(last_day(D(2021, 2, 28), NULL, 0), 2024, 2, 28);
	assert_date(last_day(D(2025, 2, 28), NULL, 0), 2028, 2, 28);
	assert_date(last_day(D(2022, 3, 31), ev, 1), 2027, 2, 28);
	assert_true(pm_fee_limit_barred(D(2027, 2, 28), D(2027, 3, 1)));
	assert_false(pm_fee_limit_barred(D(2027, 2, 28), D(2027, 2, 28)));
}

static void
test_restarts(void **state)
{
	pm_date due = D(2022, 1, 31);
	pm_fee_restart ev[4];

	(void)state;
	/* a demand on the last day still counts; the day after, not */
	ev[0].date = D(2025, 1, 31);
	ev[0].kind = PM_FEE_RESTART_DEMAND;
	assert_date(last_day(due, ev, 1), 2028, 1, 31);
	ev[0].date = D(2025, 2, 1);
	assert_date(last_day(due, ev, 1), 2025, 1, 31);
	/* a partial payment restarts too, but not once time-barred */
	ev[0].kind = PM_FEE_RESTART_PAYMENT;
	assert_date(last_day(due, ev, 1), 2025, 1, 31);
	ev[0].date = D(2023, 7, 15);
	assert_date(last_day(due, ev, 1), 2026, 7, 15);
	/* a repayment agreement revives a time-barred debt */
	ev[0].date = D(2026, 3, 1);
	ev[0].kind = PM_FEE_RESTART_AGREEMENT;
	assert_date(last_day(due, ev, 1), 2029, 3, 1);
	/* an event before the due date changes nothing */
	ev[0].date = D(2021, 12, 1);
	ev[0].kind = PM_FEE_RESTART_DEMAND;
	assert_date(last_day(due, ev, 1), 2025, 1, 31);

	/* a chain, each within the period the one before started, in any
	 * order: 2024-06-01 -> 2027-06-01, 2027-05-30 -> 2030-05-30,
	 * 2030-05-30 -> 2033-05-30; one late demand in between is void */
	ev[0].date = D(2030, 5, 30);
	ev[0].kind = PM_FEE_RESTART_DEMAND;
	ev[1].date = D(2027, 5, 30);
	ev[1].kind = PM_FEE_RESTART_PAYMENT;
	ev[2].date = D(2024, 6, 1);
	ev[2].kind = PM_FEE_RESTART_DEMAND;
	ev[3].date = D(2034, 1, 1);
	ev[3].kind = PM_FEE_RESTART_DEMAND;
	assert_date(last_day(due, ev, 4), 2033, 5, 30);
	/* without the first link the chain never starts */
	ev[2].date = D(2025, 6, 1);
	assert_date(last_day(due, ev, 4), 2025, 1, 31);
	/* ...unless an agreement revives it: the demand of 2025-06-01
	 * stays void, the agreement of 2025-09-01 runs to 2028-09-01, the
	 * payment of 2027-05-30 falls within that, and so on */
	ev[3].date = D(2025, 9, 1);
	ev[3].kind = PM_FEE_RESTART_AGREEMENT;
	assert_date(last_day(due, ev, 4), 2033, 5, 30);
}

/* Spring Festival 2025: 28 January to 4 February, and weekends. */
static int
rest_2025(pm_date d, void *arg)
{
	int64_t n = pm_date_days(d);
	int wday = (int)(((n % 7) + 11) % 7);   /* 1970-01-01 was a Thursday */

	(*(int *)arg)++;
	if (pm_date_cmp(d, D(2025, 1, 28)) >= 0 &&
	    pm_date_cmp(d, D(2025, 2, 4)) <= 0)
		return 1;
	return wday == 0 || wday == 6;
}

static int
always(pm_date d, void *arg)
{
	(void)d;
	(void)arg;
	return 1;
}

static void
test_rest_days(void **state)
{
	pm_fee_restart ev[] = { { { 2025, 2, 3 }, PM_FEE_RESTART_DEMAND } };
	pm_date last;
	int calls = 0;

	(void)state;
	/* 2025-01-31 falls in the Spring Festival: the period ends on
	 * Wednesday 5 February, the first working day after it */
	assert_int_equal(pm_fee_limit_last_day(D(2022, 1, 31), NULL, 0,
	    rest_2025, &calls, &last), 0);
	assert_date(last, 2025, 2, 5);
	assert_true(calls > 0);
	/* so a demand delivered on the 3rd is still in time */
	assert_int_equal(pm_fee_limit_last_day(D(2022, 1, 31), ev, 1,
	    rest_2025, &calls, &last), 0);
	assert_date(last, 2028, 2, 3);
	/* 2025-03-15 is a Saturday: Monday the 17th */
	assert_int_equal(pm_fee_limit_last_day(D(2022, 3, 15), NULL, 0,
	    rest_2025, &calls, &last), 0);
	assert_date(last, 2025, 3, 17);
	/* a predicate that never says no is refused, not looped on */
	assert_int_equal(pm_fee_limit_last_day(D(2022, 3, 15), NULL, 0,
	    always, NULL, &last), -1);
}

static void
test_refused(void **state)
{
	pm_fee_restart ev[] = { { { 2024, 2, 30 }, PM_FEE_RESTART_DEMAND } };
	pm_fee_restart kind[] = { { { 2024, 2, 1 }, (pm_fee_restart_kind)3 } };
	pm_date last = { 7, 7, 7 };

	(void)state;
	assert_int_equal(pm_fee_limit_last_day(D(2022, 2, 29), NULL, 0, NULL,
	    NULL, &last), -1);
	assert_int_equal(pm_fee_limit_last_day(D(2022, 1, 31), ev, 1, NULL,
	    NULL, &last), -1);
	assert_int_equal(pm_fee_limit_last_day(D(2022, 1, 31), kind, 1, NULL,
	    NULL, &last), -1);
	assert_int_equal(pm_fee_limit_last_day(D(2022, 1, 31), NULL, 1, NULL,
	    NULL, &last), -1);
	assert_int_equal(pm_fee_limit_last_day(D(9998, 1, 1), NULL, 0, NULL,
	    NULL, &last), -1);
	assert_date(last, 7, 7, 7);
	assert_int_equal(pm_fee_limit_last_day(D(9996, 12, 31), NULL, 0, NULL,
	    NULL, &last), 0);
	assert_date(last, 9999, 12, 31);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_february),
		cmocka_unit_test(test_restarts),
		cmocka_unit_test(test_rest_days),
		cmocka_unit_test(test_refused),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
