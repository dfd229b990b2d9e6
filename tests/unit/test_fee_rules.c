/* test_fee_rules.c — fee_rules.c: bill lines by the configured rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "fee_rules.h"

#define SENTINEL INT64_C(-4242)

static pm_date
D(int y, int m, int d)
{
	pm_date r = { y, m, d };

	return r;
}

static pm_month
M(int y, int m)
{
	pm_month r = { y, m };

	return r;
}

static int64_t
month_part(const pm_fee_rules *r, pm_month m, int64_t num, int64_t den,
    pm_date from, pm_date to)
{
	int64_t v = SENTINEL;

	if (pm_fee_rules_month_part(r, m, num, den, from, to, &v) != 0)
		fail_msg("month part refused");
	return v;
}

static void
test_defaults(void **state)
{
	pm_fee_rules r;

	(void)state;
	memset(&r, 0x5a, sizeof r);
	pm_fee_rules_default(&r);
	assert_int_equal(r.round, PM_ROUND_HALF_UP);
	assert_int_equal(r.prorate, PM_PRORATE_ACTUAL);
	assert_int_equal(r.order, PM_FEE_ORDER_CIVIL);
	assert_int_equal(r.late.rate_ppm, 0);
	assert_int_equal(r.late.grace_days, 0);
	assert_int_equal(r.late.cap_ppm, PM_FEE_LATE_PER);
}

/* DOMAIN.md § Money and the issue: 100.50 m2 x 1.85 yuan. */
static void
test_bill_line(void **state)
{
	pm_fee_rules r;
	int64_t num = 0, area, rate;
	pm_month nov = M(2026, 11);
	pm_date open = D(1, 1, 1), end = D(9999, 12, 31);
	pm_err e;

	(void)state;
	pm_fee_rules_default(&r);
	assert_int_equal(pm_decimal_parse("100.50", PM_FEE_AREA_SCALE, 0, &area,
	    &e), 0);
	assert_int_equal(pm_decimal_parse("1.85", PM_FEE_RATE_SCALE, 0, &rate,
	    &e), 0);
	assert_int_equal(pm_fee_rules_area_num(area, rate, 0, &num), 0);
	assert_int_equal(num, INT64_C(185925000));
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN, open, end),
	    18593);
	r.round = PM_ROUND_HALF_EVEN;
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN, open, end),
	    18592);
	r.round = PM_ROUND_HALF_UP;
	/* the rate to 0.0001 yuan: 1.8501 adds 100.50 x 0.0001 = 0.01005 */
	assert_int_equal(pm_fee_rules_area_num(area, 18501, 0, &num), 0);
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN, open, end),
	    18594);                     /* 18,593.505 */
	/* a fixed surcharge of 5.00 a month on top */
	assert_int_equal(pm_fee_rules_area_num(area, rate, 500, &num), 0);
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN, open, end),
	    19093);

	/* a move-in on 2026-11-10: 21/30 of 185.925 = 130.1475 -> 130.15;
	 * the days before it 55.7775 -> 55.78; together 185.93 */
	assert_int_equal(pm_fee_rules_area_num(area, rate, 0, &num), 0);
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN,
	    D(2026, 11, 10), end), 13015);
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN, open,
	    D(2026, 11, 9)), 5578);
	/* whole month, none */
	r.prorate = PM_PRORATE_WHOLE;
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN,
	    D(2026, 11, 10), end), 18593);
	r.prorate = PM_PRORATE_NONE;
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN,
	    D(2026, 11, 10), end), 0);
	/* a range that misses the month, before or after */
	r.prorate = PM_PRORATE_ACTUAL;
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN,
	    D(2026, 12, 1), end), 0);
	assert_int_equal(month_part(&r, nov, num, PM_FEE_AREA_DEN, open,
	    D(2026, 10, 31)), 0);
	/* a range inside the month: a stay of one day */
	assert_int_equal(month_part(&r, nov, 30000, 1, D(2026, 11, 5),
	    D(2026, 11, 5)), 1000);
}

/*
 * Hand-overs and rate changes over every day of two years, one with a
 * leap February: the one who leaves (to the day before) and the one who
 * comes (from the day) owe the month between them, whatever the rule;
 * a rate change on a day splits each rate's month the same way.
 */
static void
test_handover(void **state)
{
	static const pm_prorate rules[] = {
		PM_PRORATE_ACTUAL, PM_PRORATE_DAYS30, PM_PRORATE_WHOLE,
		PM_PRORATE_NONE,
	};
	pm_fee_rules r;
	pm_date d, prev, open = D(1, 1, 1), end = D(9999, 12, 31);
	pm_month m;
	int64_t num, whole, a, b;
	size_t i;
	int k;

	(void)state;
	pm_fee_rules_default(&r);
	assert_int_equal(pm_fee_rules_area_num(8833, 23456, 0, &num), 0);
	for (i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		r.prorate = rules[i];
		for (k = 0; k < 731; k++) {
			assert_int_equal(pm_date_add_days(D(2023, 1, 1), k, &d), 0);
			assert_int_equal(pm_date_add_days(d, -1, &prev), 0);
			m.year = d.year;
			m.month = d.month;
			whole = month_part(&r, m, num, PM_FEE_AREA_DEN, open, end);
			a = month_part(&r, m, num, PM_FEE_AREA_DEN, open, prev);
			b = month_part(&r, m, num, PM_FEE_AREA_DEN, d, end);
			if (a + b != whole)
				fail_msg("%s, hand-over on %04d-%02d-%02d: %lld + "
				    "%lld != %lld", pm_prorate_name(rules[i]),
				    d.year, d.month, d.day, (long long)a,
				    (long long)b, (long long)whole);
		}
	}
}

static void
test_refused(void **state)
{
	pm_fee_rules r, bad;
	pm_month nov = M(2026, 11);
	pm_date a = D(2026, 11, 1), b = D(2026, 11, 30);
	int64_t v = SENTINEL;

	(void)state;
	pm_fee_rules_default(&r);
	assert_int_equal(pm_fee_rules_area_num(-1, 1, 0, &v), -1);
	assert_int_equal(pm_fee_rules_area_num(1, -1, 0, &v), -1);
	assert_int_equal(pm_fee_rules_area_num(1, 1, -1, &v), -1);
	assert_int_equal(pm_fee_rules_area_num(INT64_C(1) << 40,
	    INT64_C(1) << 30, 0, &v), -1);
	assert_int_equal(pm_fee_rules_area_num(0, 0, PM_MONEY_MAX, &v), -1);
	assert_int_equal(pm_fee_rules_month_part(NULL, nov, 1, 1, a, b, &v), -1);
	assert_int_equal(pm_fee_rules_month_part(&r, M(2026, 13), 1, 1, a, b,
	    &v), -1);
	assert_int_equal(pm_fee_rules_month_part(&r, nov, 1, 1, b, a, &v), -1);
	assert_int_equal(pm_fee_rules_month_part(&r, nov, 1, 1, D(2026, 2, 29),
	    b, &v), -1);
	assert_int_equal(pm_fee_rules_month_part(&r, nov, 1, 0, a, b, &v), -1);
	/* bad rules are refused even when the range misses the month */
	bad = r;
	bad.prorate = (pm_prorate)7;
	assert_int_equal(pm_fee_rules_month_part(&bad, nov, 1, 1, D(2027, 1, 1),
	    D(2027, 1, 2), &v), -1);
	bad = r;
	bad.round = (pm_round)7;
	assert_int_equal(pm_fee_rules_month_part(&bad, nov, 1, 1, a, b, &v), -1);
	assert_int_equal(v, SENTINEL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bill_line),
		cmocka_unit_test(test_handover),
		cmocka_unit_test(test_refused),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
